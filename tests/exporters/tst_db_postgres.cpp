// The DDL exporter against a real PostgreSQL 15 server (started by the test on loopback, see
// dbserver.h): scripts run without error, the catalog matches the model, rows land in the
// right partitions, hostile names create exactly their objects, roles get least privilege.

#include "catalog.h"
#include "dbserver.h"
#include "ddlfixtures.h"
#include "pgcatalog.h"
#include "testutil.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/migration.h"
#include "archsim/model/generator.h"
#include "archsim/model/io.h"

#include <QtTest>

using namespace archsim::exporters;
using namespace ddltest;

class TestDbPostgres : public QObject {
    Q_OBJECT

private:
    PostgresServer m_pg;
    int m_dbCounter = 0;

    // Creates a fresh database and returns its name.
    QString freshDatabase()
    {
        const QString name = QString("t%1").arg(++m_dbCounter);
        auto r = m_pg.script("CREATE DATABASE " + name + ";");
        if (!r.ok())
            qWarning() << r.err;
        return name;
    }

    static QString ddl(const Model &m, const DdlOptions &o = {})
    {
        auto r = exportDdl(m, Dialect::Postgres, o);
        if (!r.ok())
            qWarning("%s", r.message().c_str());
        return r.ok() ? QString::fromStdString(r.value()) : QString();
    }

    QStringList column(const QString &sql, const QString &db)
    {
        QString err;
        auto rows = m_pg.query(sql, db, &err);
        if (!rows) {
            qWarning() << err;
            return {"ERROR " + err};
        }
        QStringList out;
        for (const auto &r : *rows)
            out << r.join('|');
        return out;
    }

private slots:
    void initTestCase()
    {
        const QString error = m_pg.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
    }

    void cleanupTestCase() { m_pg.stop(); }

    void shopCatalogMatchesModel()
    {
        const Model m = shopModel();
        const QString sql = ddl(m);
        QVERIFY(!sql.isEmpty());
        const QString db = freshDatabase();
        auto r = m_pg.script(sql, db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "shop"),
                        expectedCatalog(Db::Postgres, m.schemas[0]));
        // Comments with quotes survive exactly.
        QCOMPARE(column("SELECT obj_description('shop.users'::regclass, 'pg_class')", db),
                 QStringList{"People who buy; it's \"sensitive\""});
    }

    void rowsLandInTheirPartitions()
    {
        const Model m = shopModel();
        const QString db = freshDatabase();
        QVERIFY(m_pg.script(ddl(m), db).ok());
        auto r = m_pg.script(
            "INSERT INTO shop.users (email) VALUES ('a@example.com');"
            "INSERT INTO shop.orders (order_id, user_id, created_at) VALUES "
            "('01A', 1, '2026-01-31 23:59:59.999+00'), ('01B', 1, '2026-02-01 00:00:00+00'),"
            "('01C', 1, '2026-03-15 12:00:00+00'), ('01D', 1, '2027-05-01 00:00:00+00'),"
            "('01E', 1, '2025-12-31 23:00:00+00');",
            db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(column("SELECT order_id, tableoid::regclass, status FROM shop.orders "
                        "ORDER BY order_id",
                        db),
                 (QStringList{"01A                       |shop.orders_p2026_01|pending",
                              "01B                       |shop.orders_p2026_02|pending",
                              "01C                       |shop.orders_p2026_03|pending",
                              "01D                       |shop.orders_default|pending",
                              "01E                       |shop.orders_default|pending"}));
        // The foreign key from the partitioned table is enforced.
        QVERIFY(!m_pg.script("INSERT INTO shop.orders (order_id, user_id) VALUES ('X', 99);", db)
                     .ok());
    }

    void rolesHaveLeastPrivilege()
    {
        const Model m = shopModel();
        const QString db = freshDatabase();
        QVERIFY(m_pg.script(ddl(m), db).ok());
        QCOMPARE(column("SELECT grantee, table_name, string_agg(privilege_type, ',' ORDER BY "
                        "privilege_type) FROM information_schema.role_table_grants WHERE "
                        "table_schema = 'shop' AND grantee <> 'postgres' GROUP BY 1, 2 "
                        "ORDER BY 1, 2",
                        db),
                 (QStringList{"api|orders|DELETE,INSERT,SELECT,UPDATE", "api|products|SELECT",
                              "api|users|SELECT", "billing-worker|orders|DELETE,INSERT,UPDATE",
                              "billing-worker|users|DELETE,INSERT,UPDATE"}));
        // Roles log in but have no password and no superpowers.
        QCOMPARE(column("SELECT rolname, rolcanlogin, rolsuper, rolpassword IS NULL FROM "
                        "pg_authid WHERE rolname IN ('api', 'billing-worker') ORDER BY 1",
                        db),
                 (QStringList{"api|t|f|t", "billing-worker|t|f|t"}));
        // The grants work for real: api reads, billing-worker cannot.
        QVERIFY(m_pg.query("SELECT count(*) FROM shop.users", db, nullptr, "api"));
        QString err;
        QVERIFY(!m_pg.query("SELECT count(*) FROM shop.users", db, &err, "billing-worker"));
        QVERIFY2(err.contains("permission denied"), qPrintable(err));
        // A writer inserts into an identity table without any sequence privilege, and its
        // UPDATE without WHERE works while one with WHERE needs SELECT (the comment says so).
        QVERIFY(m_pg.query("INSERT INTO shop.users (email) VALUES ('w@example.com') RETURNING 1",
                           db, &err, "billing-worker"));
        QVERIFY(m_pg.query("UPDATE shop.users SET active = false WHERE user_id = 1", db, &err,
                           "billing-worker") == std::nullopt);
        QVERIFY2(err.contains("permission denied"), qPrintable(err));
        QVERIFY(m_pg.query("UPDATE shop.orders SET status = 'x'", db, &err, "billing-worker"));
        // A second export into another database reuses the existing roles.
        QVERIFY(m_pg.script(ddl(m), freshDatabase()).ok());
    }

    void hostileNamesCreateExactlyThoseObjects()
    {
        const Model m = hostileModel();
        const QString db = freshDatabase();
        auto r = m_pg.script(ddl(m), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        const QString schema = QString::fromStdString(m.schemas[0].name);
        CATALOG_COMPARE(postgresCatalog(m_pg, db, schema),
                        expectedCatalog(Db::Postgres, m.schemas[0]));
        // Nothing else: the only relations outside the system schemas are these tables and
        // their primary key indexes, and the only schemas are public and ours.
        QCOMPARE(column("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                        "c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', "
                        "'information_schema', 'pg_toast')",
                        db),
                 QStringList{QString::number(2 * m.schemas[0].tables.size())});
        QStringList schemas = column("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE "
                                     "'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1",
                                     db);
        QCOMPARE(schemas, (QStringList{"public", schema}));
        // Literal defaults and comments round-trip byte for byte.
        for (const auto &n : hostileNames()) {
            const QString name = QString::fromStdString(n);
            QString ident = "\"" + QString(schema).replace('"', "\"\"") + "\".\"" +
                            QString(name).replace('"', "\"\"") + "\"";
            QVERIFY(m_pg.script("INSERT INTO " + ident + " (id) VALUES (1);", db).ok());
            QString lit = "'" + QString(ident).replace('\'', "''") + "'";
            auto rows = m_pg.query("SELECT t.\"" + QString(name).replace('"', "\"\"") +
                                       "\", obj_description(" + lit +
                                       "::regclass, 'pg_class') FROM " + ident + " t",
                                   db);
            QVERIFY(rows && rows->size() == 1);
            QCOMPARE(rows->at(0).value(0), name);
            QCOMPARE(rows->at(0).value(1), "comment of " + name);
        }
    }

    void migrationKeepsRowsAndMatchesNew()
    {
        const Model from = migrationOld();
        const Model to = migrationNew();
        auto mig = diffModels(from, to, Dialect::Postgres);
        QVERIFY2(mig.ok(), mig.message().c_str());
        const QString fresh = freshDatabase();
        QVERIFY(m_pg.script(ddl(to), fresh).ok());
        const QString db = freshDatabase();
        QVERIFY(m_pg.script(ddl(from), db).ok());
        auto r = m_pg.script(migrationSeed("shop.", true), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        r = m_pg.script(QString::fromStdString(mig->sql), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "shop"), postgresCatalog(m_pg, fresh, "shop"));
        QCOMPARE(column("SELECT user_id, email, full_name, phone IS NULL FROM shop.users "
                        "ORDER BY 1", db),
                 (QStringList{"1|a@example.com|Ann|t", "2|b@example.com|Bob|t"}));
        QCOMPARE(column("SELECT order_id, status, tableoid::regclass FROM shop.orders ORDER BY 1",
                        db),
                 (QStringList{"01A                       |paid|shop.orders_p2026_01",
                              "01B                       |pending|shop.orders_p2026_03"}));
        QCOMPARE(column("SELECT sku, price, stock FROM shop.catalog_items", db),
                 QStringList{"SKU-1|19.99|3"});
        // The grants equal those of a database built from the new model.
        const QString grants = "SELECT grantee, table_name, string_agg(privilege_type, ',' "
                               "ORDER BY privilege_type) FROM information_schema."
                               "role_table_grants WHERE table_schema = 'shop' AND grantee <> "
                               "'postgres' GROUP BY 1, 2 ORDER BY 1, 2";
        QCOMPARE(column(grants, db), column(grants, fresh));
        QVERIFY(column(grants, db).contains("api|coupons|SELECT"));
    }

    void everyPartitioningShape()
    {
        const Model m = partitionModel(true);
        const QString db = freshDatabase();
        auto r = m_pg.script(ddl(m), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "parts"),
                        expectedCatalog(Db::Postgres, m.schemas[0]));
        r = m_pg.script("INSERT INTO parts.events_daily VALUES (1, '2026-02-28'), "
                        "(2, '2026-03-01');"
                        "INSERT INTO parts.regional VALUES (1, 'fr'), (2, 'us'), (3, 'jp');"
                        "INSERT INTO parts.tiers VALUES (1, 3);",
                        db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(column("SELECT id, tableoid::regclass FROM parts.events_daily ORDER BY 1", db),
                 (QStringList{"1|parts.events_daily_p2026_02_28",
                              "2|parts.events_daily_p2026_03_01"}));
        QCOMPARE(column("SELECT id, tableoid::regclass FROM parts.regional ORDER BY 1", db),
                 (QStringList{"1|parts.regional_eu", "2|parts.regional_us",
                              "3|parts.regional_default"}));
        QCOMPARE(column("SELECT tableoid::regclass FROM parts.tiers", db),
                 QStringList{"parts.tiers_rest"});
        // Outside the generated days and with no default partition: refused, not misplaced.
        QVERIFY(!m_pg.script("INSERT INTO parts.events_daily VALUES (3, '2026-03-03');", db).ok());
    }

    void maintenanceRollsPartitions()
    {
        DdlOptions noRoles;
        noRoles.roles = false;
        const QString db = freshDatabase();
        QVERIFY(m_pg.script(ddl(shopModel(), noRoles), db).ok());
        QVERIFY(m_pg.script("INSERT INTO shop.users (email) VALUES ('a@example.com');"
                            "INSERT INTO shop.orders (order_id, user_id, created_at) VALUES "
                            "('OLD', 1, '2026-01-05 00:00:00+00');",
                            db)
                    .ok());
        MaintenanceOptions o;
        o.asOf = "2027-06-15";
        o.ahead = 2;
        auto script = exportPartitionMaintenance(shopModel(), Dialect::Postgres, o);
        QVERIFY2(script.ok(), script.message().c_str());
        for (int run = 0; run < 2; ++run) { // idempotent
            auto r = m_pg.script(QString::fromStdString(script.value()), db);
            QVERIFY2(r.ok(), qPrintable(r.err));
        }
        // Oracle: retention 12 as of June 2027 keeps July 2026 .. June 2027, plus two ahead.
        QStringList expected{"orders_default"};
        for (QDate m(2026, 7, 1); m <= QDate(2027, 8, 1); m = m.addMonths(1))
            expected << m.toString("'orders_p'yyyy_MM");
        QCOMPARE(column("SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = "
                        "h.inhrelid WHERE h.inhparent = 'shop.orders'::regclass ORDER BY 1",
                        db),
                 expected);
        QCOMPARE(column("SELECT count(*) FROM shop.orders", db), QStringList{"0"});
        QVERIFY(m_pg.script("INSERT INTO shop.orders (order_id, user_id, created_at) VALUES "
                            "('NEW', 1, '2027-08-31 23:00:00+00');",
                            db)
                    .ok());
        QCOMPARE(column("SELECT tableoid::regclass FROM shop.orders", db),
                 QStringList{"shop.orders_p2027_08"});
        // Without --as-of the server's date is used; the script still runs cleanly.
        auto now = exportPartitionMaintenance(shopModel(), Dialect::Postgres, {});
        QVERIFY(now.ok());
        auto r = m_pg.script(QString::fromStdString(now.value()), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
    }

    void hostileMigration()
    {
        const Model from = hostileModel();
        const Model to = hostileMigrated();
        auto mig = diffModels(from, to, Dialect::Postgres);
        QVERIFY2(mig.ok(), mig.message().c_str());
        const QString schema = QString::fromStdString(to.schemas[0].name);
        const QString fresh = freshDatabase();
        QVERIFY(m_pg.script(ddl(to), fresh).ok());
        const QString db = freshDatabase();
        QVERIFY(m_pg.script(ddl(from), db).ok());
        auto r = m_pg.script(QString::fromStdString(mig->sql), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, schema), postgresCatalog(m_pg, fresh, schema));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, schema),
                        expectedCatalog(Db::Postgres, to.schemas[0]));
    }

    void keyMigration()
    {
        const Model from = keyMigrationOld();
        const Model to = keyMigrationNew();
        auto mig = diffModels(from, to, Dialect::Postgres);
        QVERIFY2(mig.ok(), mig.message().c_str());
        const QString fresh = freshDatabase();
        QVERIFY(m_pg.script(ddl(to), fresh).ok());
        const QString db = freshDatabase();
        QVERIFY(m_pg.script(ddl(from), db).ok());
        QVERIFY(m_pg.script(keySeed("shop.", true), db).ok());
        auto r = m_pg.script(QString::fromStdString(mig->sql), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "shop"), postgresCatalog(m_pg, fresh, "shop"));
        QCOMPARE(column("SELECT display_name FROM shop.users", db), QStringList{"Ann"});
        QCOMPARE(column("SELECT order_id, total_amount FROM shop.orders", db),
                 QStringList{"01A                       |12"});
        QCOMPARE(column("SELECT sku, owner_id IS NULL FROM shop.products", db),
                 QStringList{"SKU-1|t"});
        // Data-dependent for real: a name longer than 40 would have stopped the migration.
        QVERIFY(!m_pg.script("UPDATE shop.users SET display_name = repeat('x', 41);", db).ok());
    }

    // Random valid models (model/generator.h): what exports runs and matches the model.
    void generatedModels_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 3; ++seed) // each costs ~2 s of catalog queries
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }

    void generatedModels()
    {
        QFETCH(int, seed);
        const Model m = archsim::model::generateModel(static_cast<uint64_t>(seed));
        auto r = exportDdl(m, Dialect::Postgres);
        QVERIFY2(r.ok(), r.message().c_str());
        const QString db = freshDatabase();
        auto run = m_pg.script(QString::fromStdString(r.value()), db);
        QVERIFY2(run.ok(), qPrintable(run.err));
        for (const auto &s : m.schemas)
            CATALOG_COMPARE(postgresCatalog(m_pg, db,
                                            QString::fromStdString(s.name.empty() ? s.id : s.name)),
                            expectedCatalog(Db::Postgres, s));
    }

    void exampleModels_data();
    void exampleModels();
};

void TestDbPostgres::exampleModels_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &p : archsim::test::examplePaths())
        QTest::newRow(qPrintable(QFileInfo(p).fileName())) << p;
}

void TestDbPostgres::exampleModels()
{
    QFETCH(QString, path);
    auto m = archsim::model::loadModel(path.toStdString());
    QVERIFY2(m.ok(), m.message().c_str());
    const QString db = freshDatabase();
    auto r = m_pg.script(ddl(m.value()), db);
    QVERIFY2(r.ok(), qPrintable(r.err));
    for (const auto &s : m->schemas) {
        const QString schema = QString::fromStdString(s.name.empty() ? s.id : s.name);
        CATALOG_COMPARE(postgresCatalog(m_pg, db, schema),
                        expectedCatalog(Db::Postgres, s));
    }
}

QTEST_GUILESS_MAIN(TestDbPostgres)
#include "tst_db_postgres.moc"
