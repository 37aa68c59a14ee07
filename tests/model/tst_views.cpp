// Views and materialized views in the model (docs/model-format.md, "Views"): both file formats
// keep every field, an older .archsim file without the view tables is upgraded, and validation
// names the place of each mistake (unknown reads, cycles, a concurrent refresh without a
// unique index, refresh settings on a plain view, writes to a view).

#include "testutil.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace archsim::model;

namespace {

Column column(const char *name, const char *type)
{
    Column c;
    c.name = name;
    c.type = LogicalType::parse(type).value();
    c.nullable = false;
    return c;
}

// users and orders; user_orders (a view over both) and order_counts (a materialized view over
// user_orders, refreshed concurrently every 30 s); the api reads order_counts.
Model viewModel()
{
    Model m;
    m.name = "Views";
    Schema s;
    s.id = "shop";
    Table users;
    users.name = "users";
    users.columns = {column("user_id", "bigint"), column("email", "text")};
    users.primary_key = {"user_id"};
    users.indexes = {{"users_email", {{"email", false}}, false}};
    Table orders;
    orders.name = "orders";
    orders.columns = {column("order_id", "bigint"), column("user_id", "bigint")};
    orders.primary_key = {"order_id"};
    s.tables = {users, orders};
    View uo;
    uo.name = "user_orders";
    uo.comment = "Orders with their buyer";
    uo.query = "SELECT u.user_id, u.email, o.order_id\nFROM users u JOIN orders o USING (user_id)";
    uo.query_mysql = "SELECT u.user_id, u.email, o.order_id FROM users u JOIN orders o "
                     "ON o.user_id = u.user_id";
    uo.reads = {"users", "orders"};
    View oc;
    oc.name = "order_counts";
    oc.kind = ViewKind::Materialized;
    oc.query = "SELECT user_id, count(*) AS orders FROM user_orders GROUP BY user_id";
    oc.query_sqlite = oc.query + " ORDER BY user_id";
    oc.query_postgres = oc.query + " HAVING count(*) > 0";
    oc.reads = {"user_orders"};
    oc.refresh = ViewRefresh{30, {}, true};
    oc.indexes = {{"order_counts_user", {{"user_id", false}}, true},
                  {"order_counts_orders", {{"orders", true}}, false}};
    s.views = {uo, oc};
    m.schemas = {s};
    Component api;
    api.id = "api";
    Component db;
    db.id = "db";
    db.kind = ComponentKind::Database;
    db.schema = "shop";
    m.components = {api, db};
    Link read;
    read.id = "api-db";
    read.from = "api";
    read.to = "db";
    read.kind = LinkKind::Read;
    read.tables = {"order_counts", "users"};
    Link write = read;
    write.id = "api-db-write";
    write.kind = LinkKind::Write;
    write.tables = {"orders"};
    m.links = {read, write};
    return m;
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void validModelHasNoProblems()
    {
        const Diagnostics d = validate(viewModel());
        QVERIFY2(d.empty(), d.empty() ? "" : d.front().message.c_str());
    }

    void jsonKeepsEveryField()
    {
        const Model m = viewModel();
        const std::string text = toJson(m);
        QVERIFY(text.find("\"views\"") != std::string::npos);
        auto back = parseJson(text);
        QVERIFY2(back.ok(), back.message().c_str());
        QVERIFY(back.value() == m);
        QCOMPARE(toJson(back.value()), text);
    }

    void archsimKeepsEveryField()
    {
        const Model m = viewModel();
        const std::string path = m_tmp.filePath("views.archsim").toStdString();
        auto w = writeArchsim(m, path);
        QVERIFY2(w.ok(), w.message().c_str());
        auto back = readArchsim(path);
        QVERIFY2(back.ok(), back.message().c_str());
        QCOMPARE(toJson(back.value()), toJson(m));
        QVERIFY(back.value() == m);
    }

    // A version-1 project (no view tables) is read, then upgraded in place by a save.
    void versionOneProjectIsUpgraded()
    {
        Model m = viewModel();
        m.schemas[0].views.clear();
        m.links[0].tables = {"users"};
        const std::string path = m_tmp.filePath("v1.archsim").toStdString();
        QVERIFY(writeArchsim(m, path).ok());
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "DROP TABLE view_index_columns; DROP TABLE view_indexes; "
                                  "DROP TABLE view_reads; DROP TABLE views; "
                                  "PRAGMA user_version = 1",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto old = readArchsim(path);
        QVERIFY2(old.ok(), old.message().c_str());
        QVERIFY(old.value() == m);
        const Model withViews = viewModel();
        auto w = writeArchsim(withViews, path);
        QVERIFY2(w.ok(), w.message().c_str());
        auto back = readArchsim(path);
        QVERIFY2(back.ok(), back.message().c_str());
        QVERIFY(back.value() == withViews);
    }

    // A view row whose schema is gone is a corrupt file, reported as such, not a crash.
    void orphanViewRowIsCorrupt()
    {
        const std::string path = m_tmp.filePath("orphan.archsim").toStdString();
        QVERIFY(writeArchsim(viewModel(), path).ok());
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "INSERT INTO view_reads(view_id, ordinal, name) "
                                  "VALUES (99, 0, 'users')",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        auto r = readArchsim(path);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("'view_reads' belongs to 'view #99'") != std::string::npos,
                 r.message().c_str());
    }

    void mistakes_data()
    {
        QTest::addColumn<QString>("mistake");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("words");
        QTest::newRow("unknown read") << "unknown read" << "/schemas/0/views/0/reads/1"
                                      << "unknown table or view 'ghost'";
        QTest::newRow("reads itself") << "reads itself" << "/schemas/0/views/0/reads/2"
                                      << "cannot read itself";
        QTest::newRow("cycle") << "cycle" << "/schemas/0/views/1/reads/0"
                               << "cycle (user_orders -> order_counts -> user_orders)";
        QTest::newRow("concurrent without unique index")
            << "no unique index" << "/schemas/0/views/1/refresh/concurrent"
            << "CONCURRENTLY needs a unique index";
        QTest::newRow("refresh on a plain view") << "plain refresh" << "/schemas/0/views/0/refresh"
                                                 << "only a materialized view has a refresh";
        QTest::newRow("indexes on a plain view") << "plain index" << "/schemas/0/views/0/indexes"
                                                 << "only a materialized view has indexes";
        QTest::newRow("both period and cron") << "both" << "/schemas/0/views/1/refresh"
                                              << "either every_s or cron";
        QTest::newRow("neither period nor cron") << "neither" << "/schemas/0/views/1/refresh"
                                                 << "needs every_s";
        QTest::newRow("bad cron") << "bad cron" << "/schemas/0/views/1/refresh/cron"
                                  << "not a five-field cron line";
        QTest::newRow("period below a second") << "short period"
                                               << "/schemas/0/views/1/refresh/every_s"
                                               << "every_s is 0.5";
        QTest::newRow("named like a table") << "table name" << "/schemas/0/views/0/name"
                                            << "has the name of a table";
        QTest::newRow("duplicate view") << "duplicate" << "/schemas/0/views/1/name"
                                        << "duplicate view 'user_orders'";
        QTest::newRow("empty query") << "empty query" << "/schemas/0/views/0/query"
                                     << "needs its query";
        QTest::newRow("index name of a table index")
            << "index clash" << "/schemas/0/views/1/indexes/0/name"
            << "already used by 'users'";
        QTest::newRow("write link names a view") << "write view" << "/links/1/tables/0"
                                                 << "only read links name views";
    }

    void mistakes()
    {
        QFETCH(QString, mistake);
        QFETCH(QString, place);
        QFETCH(QString, words);
        Model m = viewModel();
        View &uo = m.schemas[0].views[0];
        View &oc = m.schemas[0].views[1];
        if (mistake == "unknown read")
            uo.reads = {"users", "ghost"};
        else if (mistake == "reads itself")
            uo.reads.push_back("user_orders");
        else if (mistake == "cycle")
            uo.reads.push_back("order_counts");
        else if (mistake == "no unique index")
            oc.indexes[0].unique = false;
        else if (mistake == "plain refresh")
            uo.refresh = ViewRefresh{60, {}, false};
        else if (mistake == "plain index")
            uo.indexes = oc.indexes;
        else if (mistake == "both")
            oc.refresh->cron = "*/5 * * * *";
        else if (mistake == "neither")
            oc.refresh->every_s = 0;
        else if (mistake == "bad cron")
            oc.refresh = ViewRefresh{0, "every five minutes", false};
        else if (mistake == "short period")
            oc.refresh->every_s = 0.5;
        else if (mistake == "table name")
            uo.name = "users";
        else if (mistake == "duplicate")
            oc.name = "user_orders";
        else if (mistake == "empty query")
            uo.query = " \n";
        else if (mistake == "index clash")
            oc.indexes[0].name = "users_email";
        else if (mistake == "write view")
            m.links[1].tables = {"user_orders"};
        else
            QFAIL("unknown case");
        const Diagnostics d = validate(m);
        QString all;
        for (const auto &x : d)
            all += QString::fromStdString(x.place + ": " + x.message) + "\n";
        bool found = false;
        for (const auto &x : d)
            found = found || (QString::fromStdString(x.place) == place &&
                              QString::fromStdString(x.message).contains(words));
        QVERIFY2(found, qPrintable(all));
    }

    // The JSON reader names the place of a view field of the wrong type.
    void wrongTypeHasItsPointer()
    {
        std::string text = toJson(viewModel());
        const std::string from = "\"kind\": \"materialized\"";
        const auto at = text.find(from);
        QVERIFY(at != std::string::npos);
        text.replace(at, from.size(), "\"kind\": \"snapshot\"");
        auto r = parseJson(text);
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find("/schemas/0/views/1/kind") != std::string::npos,
                 r.message().c_str());
    }
};

QTEST_GUILESS_MAIN(TestViews)
#include "tst_views.moc"
