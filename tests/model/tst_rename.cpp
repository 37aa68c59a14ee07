// Renaming a table with its references (rename.h): the SQL identifier rewrite of view queries
// (only whole identifiers outside literals and comments, quotes kept) and renameTable on the
// e-commerce example (every reference follows, the model stays valid, refusals change nothing).

#include "testutil.h"

#include "archsim/model/io.h"
#include "archsim/model/rename.h"
#include "archsim/model/validate.h"

#include <QtTest>

using namespace archsim::model;

class TestRename : public QObject {
    Q_OBJECT

    static Model example()
    {
        auto r = loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        if (!r.ok())
            qFatal("%s", r.message().c_str());
        return r.value();
    }

    static const View *view(const Model &m, const char *name)
    {
        for (const View &v : m.schemas[0].views)
            if (v.name == name)
                return &v;
        return nullptr;
    }

private slots:
    void identifiers_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "SELECT * FROM orders o" << "SELECT * FROM sales o";
        QTest::newRow("folded case") << "select * from ORDERS" << "select * from sales";
        QTest::newRow("qualified") << "FROM shop.orders JOIN orders.x"
                                   << "FROM shop.sales JOIN sales.x";
        QTest::newRow("longer names stay") << "SELECT order_id, orders_archive, my_orders FROM t"
                                           << "SELECT order_id, orders_archive, my_orders FROM t";
        QTest::newRow("string literal") << "WHERE note = 'orders' AND x = 'it''s orders'"
                                        << "WHERE note = 'orders' AND x = 'it''s orders'";
        QTest::newRow("comments") << "-- orders\nFROM orders /* orders */ # orders\n"
                                  << "-- orders\nFROM sales /* orders */ # orders\n";
        QTest::newRow("double quotes exact") << "FROM \"orders\" JOIN \"Orders\""
                                             << "FROM \"sales\" JOIN \"Orders\"";
        QTest::newRow("backticks") << "FROM `orders` o" << "FROM `sales` o";
        QTest::newRow("brackets") << "FROM [orders] o" << "FROM [sales] o";
        QTest::newRow("dollar quoted") << "SELECT $x$ orders $x$, $1 FROM orders"
                                       << "SELECT $x$ orders $x$, $1 FROM sales";
        QTest::newRow("numbers") << "SELECT 1e5orders" << "SELECT 1e5orders";
        QTest::newRow("unterminated literal") << "SELECT 'orders" << "SELECT 'orders";
    }

    void identifiers()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(renameIdentifier(sql.toStdString(), "orders", "sales")),
                 expected);
    }

    // A quote inside the new name is doubled where the old one was quoted.
    void quotedNewNameEscapes()
    {
        QCOMPARE(renameIdentifier("FROM \"orders\"", "orders", "a\"b"),
                 std::string("FROM \"a\"\"b\""));
    }

    // The example's orders table becomes sales: the foreign key of order_items, the
    // materialized view's reads and query, and the three links that list it follow; the model
    // validates without an error.
    void exampleTableRenameCarriesReferences()
    {
        Model m = example();
        RenameEffects fx;
        QVERIFY(renameTable(m, "shop", "orders", "sales", &fx));
        QCOMPARE(fx.foreignKeys, 1);
        QCOMPARE(fx.views, 1);
        QCOMPARE(fx.links, 3);
        QCOMPARE(fx.suppressions, 0);
        const View *v = view(m, "order_summary");
        QVERIFY(v);
        QVERIFY(std::find(v->reads.begin(), v->reads.end(), "sales") != v->reads.end());
        QVERIFY(std::find(v->reads.begin(), v->reads.end(), "orders") == v->reads.end());
        QVERIFY2(QString::fromStdString(v->query).contains("FROM sales o"), v->query.c_str());
        QVERIFY2(QString::fromStdString(v->query).contains("o.order_id"), v->query.c_str());
        for (const Link &l : m.links)
            QVERIFY(std::find(l.tables.begin(), l.tables.end(), "orders") == l.tables.end());
        const Diagnostics d = validate(m);
        for (const Diagnostic &x : d)
            QVERIFY2(x.severity != Diagnostic::Severity::Error, (x.place + ": " + x.message).c_str());
    }

    void suppressionsFollow()
    {
        Model m = example();
        m.suppress.push_back({"schema/x", "shop.orders.status", "why"});
        m.suppress.push_back({"schema/x", "shop.orders", "why"});
        m.suppress.push_back({"schema/x", "shop.orders_old", "why"});
        RenameEffects fx;
        QVERIFY(renameTable(m, "shop", "orders", "sales", &fx));
        QCOMPARE(fx.suppressions, 2);
        QCOMPARE(m.suppress[m.suppress.size() - 3].target, std::string("shop.sales.status"));
        QCOMPARE(m.suppress[m.suppress.size() - 2].target, std::string("shop.sales"));
        QCOMPARE(m.suppress.back().target, std::string("shop.orders_old"));
    }

    void refusalsChangeNothing()
    {
        const Model before = example();
        Model m = before;
        QVERIFY(!renameTable(m, "shop", "nope", "sales"));
        QVERIFY(!renameTable(m, "nope", "orders", "sales"));
        QVERIFY(!renameTable(m, "shop", "orders", "users"));         // a table's name
        QVERIFY(!renameTable(m, "shop", "orders", "order_summary")); // a view's name
        QVERIFY(!renameTable(m, "shop", "orders", ""));
        QVERIFY(m == before);
    }
};

QTEST_GUILESS_MAIN(TestRename)
#include "tst_rename.moc"
