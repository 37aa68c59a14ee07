// The SQLite DDL run in-process with the sqlite3 library: scripts execute, the catalog
// (sqlite_master and pragmas) matches the model, hostile names create exactly their objects,
// keys and defaults behave.

#include "catalog.h"
#include "ddlfixtures.h"
#include "sqlitedb.h"
#include "testutil.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/migration.h"
#include "archsim/model/generator.h"
#include "archsim/model/io.h"

#include <QtTest>

using namespace archsim::exporters;
using namespace ddltest;

class TestSqliteDdl : public QObject {
    Q_OBJECT

    static QString ddl(const Model &m, const DdlOptions &o = {})
    {
        auto r = exportDdl(m, Dialect::Sqlite, o);
        if (!r.ok())
            qWarning("%s", r.message().c_str());
        return r.ok() ? QString::fromStdString(r.value()) : QString();
    }

private slots:
    void shopCatalogMatchesModel()
    {
        const Model m = shopModel();
        SqliteDb db;
        const QString sql = ddl(m);
        QVERIFY(!sql.isEmpty());
        QCOMPARE(db.exec(sql), QString());
        CATALOG_COMPARE(db.catalog(), expectedCatalog(Db::Sqlite, m.schemas[0]));
    }

    void partitionedTablesAreSingleTables()
    {
        const Model m = partitionModel(true);
        SqliteDb db;
        QCOMPARE(db.exec(ddl(m)), QString());
        CATALOG_COMPARE(db.catalog(), expectedCatalog(Db::Sqlite, m.schemas[0]));
        auto r = exportDdl(m, Dialect::Sqlite);
        QCOMPARE(int(r.diagnostics().size()), 5); // one "no partitions" warning per table
        QVERIFY(r.value().find("-- archsim: SQLite has no partitions") != std::string::npos);
    }

    void keysAndDefaultsBehave()
    {
        SqliteDb db;
        QCOMPARE(db.exec(ddl(shopModel())), QString());
        QCOMPARE(db.exec("INSERT INTO users (email) VALUES ('a@example.com');"
                         "INSERT INTO orders (order_id, user_id) VALUES ('01A', 1);"),
                 QString());
        // users.user_id is an INTEGER PRIMARY KEY (identity); defaults apply.
        QCOMPARE(db.rows("SELECT user_id, active FROM users"), (QList<QStringList>{{"1", "1"}}));
        QCOMPARE(db.rows("SELECT status, length(created_at) FROM orders"),
                 (QList<QStringList>{{"pending", "19"}}));
        // The foreign key is enforced (the script switches foreign_keys on).
        QVERIFY(!db.exec("INSERT INTO orders (order_id, user_id) VALUES ('01B', 42);").isEmpty());
        QVERIFY(!db.exec("INSERT INTO users (email) VALUES ('a@example.com');").isEmpty());
    }

    void hostileNamesCreateExactlyThoseObjects()
    {
        const Model m = hostileModel();
        SqliteDb db;
        QCOMPARE(db.exec(ddl(m)), QString());
        CATALOG_COMPARE(db.catalog(), expectedCatalog(Db::Sqlite, m.schemas[0]));
        // Nothing else: one table per name plus its primary key index, no triggers or views.
        QCOMPARE(db.rows("SELECT count(*) FROM sqlite_master WHERE type <> 'index'"),
                 (QList<QStringList>{{QString::number(m.schemas[0].tables.size())}}));
        for (const auto &n : hostileNames()) {
            const QString name = QString::fromStdString(n);
            const QString ident = "\"" + QString(name).replace('"', "\"\"") + "\"";
            QCOMPARE(db.exec("INSERT INTO " + ident + " (id) VALUES (1);"), QString());
            QCOMPARE(db.rows("SELECT " + ident + " FROM " + ident),
                     (QList<QStringList>{{name}}));
        }
    }

    void migrationKeepsRowsAndMatchesNew()
    {
        const Model from = migrationOld();
        const Model to = migrationNew();
        auto mig = diffModels(from, to, Dialect::Sqlite);
        QVERIFY2(mig.ok(), mig.message().c_str());
        SqliteDb migrated;
        QCOMPARE(migrated.exec(ddl(from)), QString());
        QCOMPARE(migrated.exec(migrationSeed("", false)), QString());
        QCOMPARE(migrated.exec(QString::fromStdString(mig->sql)), QString());
        SqliteDb fresh;
        QCOMPARE(fresh.exec(ddl(to)), QString());
        CATALOG_COMPARE(migrated.catalog(), fresh.catalog());
        QCOMPARE(migrated.rows("SELECT user_id, email, full_name, phone FROM users ORDER BY 1"),
                 (QList<QStringList>{{"1", "a@example.com", "Ann", "NULL"},
                                     {"2", "b@example.com", "Bob", "NULL"}}));
        QCOMPARE(migrated.rows("SELECT order_id, status FROM orders ORDER BY 1"),
                 (QList<QStringList>{{"01A", "paid"}, {"01B", "pending"}}));
        QCOMPARE(migrated.rows("SELECT sku, price, stock FROM catalog_items"),
                 (QList<QStringList>{{"SKU-1", "19.99", "3"}}));
        QCOMPARE(migrated.rows("PRAGMA foreign_key_check"), QList<QStringList>{});
        // Running the new model's defaults after the rebuild.
        QCOMPARE(migrated.exec("INSERT INTO orders (order_id, user_id) VALUES ('01C', 1);"),
                 QString());
        QCOMPARE(migrated.rows("SELECT status FROM orders WHERE order_id = '01C'"),
                 (QList<QStringList>{{"new"}}));
    }

    void maintenanceIsCommentsOnly()
    {
        auto script = exportPartitionMaintenance(shopModel(), Dialect::Sqlite, {});
        QVERIFY2(script.ok(), script.message().c_str());
        const QString sql = QString::fromStdString(script.value());
        SqliteDb db;
        QCOMPARE(db.exec(ddl(shopModel())), QString());
        QCOMPARE(db.exec(sql), QString());
        // The retention of orders (12 months) is offered as a commented-out delete.
        QVERIFY2(sql.contains("-- DELETE FROM \"orders\" WHERE \"created_at\" < "
                              "date('now', 'start of month', '-11 months');"),
                 qPrintable(sql));
    }

    void hostileMigration()
    {
        const Model to = hostileMigrated();
        auto mig = diffModels(hostileModel(), to, Dialect::Sqlite);
        QVERIFY2(mig.ok(), mig.message().c_str());
        SqliteDb db;
        QCOMPARE(db.exec(ddl(hostileModel())), QString());
        QCOMPARE(db.exec(QString::fromStdString(mig->sql)), QString());
        CATALOG_COMPARE(db.catalog(), expectedCatalog(Db::Sqlite, to.schemas[0]));
        QCOMPARE(db.rows("SELECT count(*) FROM sqlite_master WHERE type = 'table'"),
                 (QList<QStringList>{{QString::number(to.schemas[0].tables.size())}}));
    }

    void keyMigration()
    {
        const Model from = keyMigrationOld();
        const Model to = keyMigrationNew();
        auto mig = diffModels(from, to, Dialect::Sqlite);
        QVERIFY2(mig.ok(), mig.message().c_str());
        SqliteDb db;
        QCOMPARE(db.exec(ddl(from)), QString());
        QCOMPARE(db.exec(keySeed("", false)), QString());
        QCOMPARE(db.exec(QString::fromStdString(mig->sql)), QString());
        SqliteDb fresh;
        QCOMPARE(fresh.exec(ddl(to)), QString());
        CATALOG_COMPARE(db.catalog(), fresh.catalog());
        QCOMPARE(db.rows("SELECT display_name FROM users"), (QList<QStringList>{{"Ann"}}));
        QCOMPARE(db.rows("SELECT order_id, total_amount FROM orders"),
                 (QList<QStringList>{{"01A", "12"}}));
        QCOMPARE(db.rows("SELECT sku, owner_id FROM products"),
                 (QList<QStringList>{{"SKU-1", "NULL"}}));
    }

    // Random valid models (model/generator.h): every dialect either exports or refuses with
    // errors, never crashes; what SQLite gets runs and matches the model.
    void generatedModels_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 40; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }

    void generatedModels()
    {
        QFETCH(int, seed);
        const Model m = archsim::model::generateModel(static_cast<uint64_t>(seed));
        for (auto d : {Dialect::Postgres, Dialect::Mysql}) {
            auto r = exportDdl(m, d);
            QVERIFY2(r.ok() || archsim::model::hasErrors(r.diagnostics()), r.message().c_str());
        }
        for (const auto &s : m.schemas) {
            DdlOptions o;
            o.schema = s.id;
            auto r = exportDdl(m, Dialect::Sqlite, o);
            QVERIFY2(r.ok(), r.message().c_str());
            SqliteDb db;
            QCOMPARE(db.exec(QString::fromStdString(r.value())), QString());
            CATALOG_COMPARE(db.catalog(summaryTables(s)), expectedCatalog(Db::Sqlite, s));
        }
    }

    // Views come after their tables and the views they read; a materialized view is a summary
    // table that the refresh statements (what the job runs) really refresh.
    void viewsRunAndRefresh()
    {
        const Model m = viewModel();
        SqliteDb db;
        QCOMPARE(db.exec(ddl(m)), QString());
        CATALOG_COMPARE(db.catalog(summaryTables(m.schemas[0])),
                        expectedCatalog(Db::Sqlite, m.schemas[0]));
        QCOMPARE(db.exec(migrationSeed("", false).section('\n', 0, 1)), QString());
        QCOMPARE(db.rows("SELECT count(*) FROM user_order_counts"), (QList<QStringList>{{"0"}}));
        auto refresh = exportViewRefresh(m, Dialect::Sqlite, "shop", "user_order_counts");
        QVERIFY2(refresh.ok(), refresh.message().c_str());
        QCOMPARE(db.exec(QString::fromStdString(refresh.value())), QString());
        QCOMPARE(db.rows("SELECT user_id, order_count FROM user_order_counts ORDER BY 1"),
                 (QList<QStringList>{{"1", "1"}, {"2", "1"}}));
        QCOMPARE(db.exec("INSERT INTO orders (order_id, user_id) VALUES ('01C', 2);"), QString());
        QCOMPARE(db.rows("SELECT order_count FROM user_order_counts WHERE user_id = 2"),
                 (QList<QStringList>{{"1"}})); // stale until the next refresh
        QCOMPARE(db.exec(QString::fromStdString(refresh.value())), QString());
        QCOMPARE(db.rows("SELECT order_count FROM user_order_counts WHERE user_id = 2"),
                 (QList<QStringList>{{"2"}}));
        QCOMPARE(db.rows("SELECT email FROM user_orders WHERE order_id = '01C'"),
                 (QList<QStringList>{{"b@example.com"}}));
    }

    // Views that go, change or read a changed table are dropped first and made again after.
    void viewMigration()
    {
        const Model from = viewMigrationOld();
        const Model to = viewMigrationNew();
        auto mig = diffModels(from, to, Dialect::Sqlite);
        QVERIFY2(mig.ok(), mig.message().c_str());
        SqliteDb db;
        QCOMPARE(db.exec(ddl(from)), QString());
        QCOMPARE(db.exec(migrationSeed("", false).section('\n', 0, 2)), QString());
        QCOMPARE(db.exec(QString::fromStdString(mig->sql)), QString());
        SqliteDb fresh;
        QCOMPARE(fresh.exec(ddl(to)), QString());
        CATALOG_COMPARE(db.catalog(summaryTables(to.schemas[0])),
                        fresh.catalog(summaryTables(to.schemas[0])));
        CATALOG_COMPARE(db.catalog(summaryTables(to.schemas[0])),
                        expectedCatalog(Db::Sqlite, to.schemas[0]));
        QCOMPARE(db.rows("SELECT user_id, order_id FROM user_orders ORDER BY 2"),
                 (QList<QStringList>{{"1", "01A"}, {"2", "01B"}}));
        auto refresh = exportViewRefresh(to, Dialect::Sqlite, "shop", "product_titles");
        QVERIFY2(refresh.ok(), refresh.message().c_str());
        QCOMPARE(db.exec(QString::fromStdString(refresh.value())), QString());
        QCOMPARE(db.rows("SELECT sku, title, price FROM product_titles"),
                 (QList<QStringList>{{"SKU-1", "Lamp", "19.99"}}));
    }

    void exampleModels_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &p : archsim::test::examplePaths())
            QTest::newRow(qPrintable(QFileInfo(p).fileName())) << p;
    }

    void exampleModels()
    {
        QFETCH(QString, path);
        auto m = archsim::model::loadModel(path.toStdString());
        QVERIFY2(m.ok(), m.message().c_str());
        for (const auto &s : m->schemas) {
            DdlOptions o;
            o.schema = s.id;
            SqliteDb db;
            const QString sql = ddl(m.value(), o);
            QVERIFY(!sql.isEmpty());
            QCOMPARE(db.exec(sql), QString());
            CATALOG_COMPARE(db.catalog(summaryTables(s)), expectedCatalog(Db::Sqlite, s));
        }
    }
};

QTEST_GUILESS_MAIN(TestSqliteDdl)
#include "tst_sqlite_ddl.moc"
