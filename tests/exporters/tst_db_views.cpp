// Views and materialized views on real PostgreSQL 15 and MariaDB servers (docs/ddl.md,
// "Views"): the scripts run, the catalog holds exactly the model's views (summary tables on
// MariaDB), a refresh really refreshes (PostgreSQL's REFRESH, MariaDB's event firing on its
// own), services read views by their grants, and migrations drop dependent views first and
// make them again after.

#include "catalog.h"
#include "dbserver.h"
#include "ddlfixtures.h"
#include "mycatalog.h"
#include "pgcatalog.h"
#include "testutil.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/migration.h"
#include "archsim/model/io.h"
#include "archsim/model/rename.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace archsim::exporters;
using namespace ddltest;

class TestDbViews : public QObject {
    Q_OBJECT

    PostgresServer m_pg;
    MariadbServer m_my;
    int m_dbCounter = 0;

    static QString ddl(const Model &m, Dialect d)
    {
        auto r = exportDdl(m, d);
        if (!r.ok())
            qWarning("%s", r.message().c_str());
        return r.ok() ? QString::fromStdString(r.value()) : QString();
    }

    static QString refresh(const Model &m, Dialect d, const char *view)
    {
        auto r = exportViewRefresh(m, d, "shop", view);
        if (!r.ok())
            qWarning("%s", r.message().c_str());
        return r.ok() ? QString::fromStdString(r.value()) : QString();
    }

    QString freshPg()
    {
        const QString name = QString("v%1").arg(++m_dbCounter);
        auto r = m_pg.script("CREATE DATABASE " + name + ";");
        if (!r.ok())
            qWarning() << r.err;
        return name;
    }

    QStringList pg(const QString &sql, const QString &db)
    {
        QString err;
        auto rows = m_pg.query(sql, db, &err);
        if (!rows)
            return {"ERROR " + err};
        QStringList out;
        for (const auto &r : *rows)
            out << r.join('|');
        return out;
    }

    QStringList my(const QString &sql)
    {
        QString err;
        auto rows = m_my.query(sql, {}, &err);
        if (!rows)
            return {"ERROR " + err};
        QStringList out;
        for (const auto &r : *rows)
            out << r.join('|');
        return out;
    }

    void resetMariadb()
    {
        QVERIFY(m_my.script("DROP DATABASE IF EXISTS shop; DROP USER IF EXISTS 'api'@'%', "
                            "'billing-worker'@'%';")
                    .ok());
    }

private slots:
    void initTestCase()
    {
        QString error = m_pg.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
        error = m_my.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_pg.stop();
        m_my.stop();
    }

    void postgresViewsRunAndRefresh()
    {
        const Model m = viewModel();
        const QString db = freshPg();
        auto r = m_pg.script(ddl(m, Dialect::Postgres), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "shop"),
                        expectedCatalog(Db::Postgres, m.schemas[0]));
        QCOMPARE(pg("SELECT obj_description('shop.user_order_counts'::regclass, 'pg_class')", db),
                 QStringList{"Orders per buyer, for the dashboard"});
        r = m_pg.script(migrationSeed("shop.", true).section('\n', 0, 1), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(pg("SELECT count(*) FROM shop.user_order_counts", db), QStringList{"0"});
        const QString counts = refresh(m, Dialect::Postgres, "user_order_counts");
        QVERIFY(counts.contains("REFRESH MATERIALIZED VIEW CONCURRENTLY"));
        r = m_pg.script(counts, db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(pg("SELECT user_id, order_count FROM shop.user_order_counts ORDER BY 1", db),
                 (QStringList{"1|1", "2|1"}));
        QVERIFY(m_pg.script("INSERT INTO shop.orders (order_id, user_id) VALUES ('01C', 2);", db)
                    .ok());
        QCOMPARE(pg("SELECT order_count FROM shop.user_order_counts WHERE user_id = 2", db),
                 QStringList{"1"}); // stale until the next refresh
        QVERIFY(m_pg.script(counts, db).ok());
        QCOMPARE(pg("SELECT order_count FROM shop.user_order_counts WHERE user_id = 2", db),
                 QStringList{"2"});
        // The api reads the two views its link names, and nothing else of them.
        QCOMPARE(pg("SELECT has_table_privilege('api', 'shop.user_orders', 'SELECT'), "
                    "has_table_privilege('api', 'shop.user_order_counts', 'SELECT'), "
                    "has_table_privilege('api', 'shop.product_titles', 'SELECT'), "
                    "has_table_privilege('billing-worker', 'shop.user_orders', 'SELECT')",
                    db),
                 QStringList{"t|t|f|f"});
        r = m_pg.script("SET ROLE api; SELECT * FROM shop.user_order_counts;", db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        // Without pg_cron the guarded schedule is skipped; the script says what to run.
        QVERIFY(ddl(m, Dialect::Postgres).contains("cron.schedule("));
    }

    // The GUI's table rename (model/rename.h) on the e-commerce example: orders becomes sales
    // with its foreign key, the materialized view's query and the links' grants; the exported
    // DDL runs on a real PostgreSQL, and the view reads the renamed table.
    void renamedTableDdlRuns()
    {
        auto loaded = archsim::model::loadModel(ARCHSIM_SOURCE_DIR
                                                "/resources/examples/ecommerce.json");
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        Model m = loaded.value();
        QVERIFY(archsim::model::renameTable(m, "shop", "orders", "sales"));
        const QString db = freshPg();
        auto r = m_pg.script(ddl(m, Dialect::Postgres), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(pg("SELECT to_regclass('shop.sales') IS NOT NULL, "
                    "to_regclass('shop.orders') IS NULL",
                    db),
                 QStringList{"t|t"});
        QCOMPARE(pg("SELECT count(*) > 0 FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid "
                    "WHERE w.ev_class = 'shop.order_summary'::regclass "
                    "AND d.refobjid = 'shop.sales'::regclass",
                    db),
                 QStringList{"t"});
        QCOMPARE(pg("SELECT confrelid::regclass::text FROM pg_constraint "
                    "WHERE conrelid = 'shop.order_items'::regclass AND contype = 'f' "
                    "AND confrelid = 'shop.sales'::regclass",
                    db),
                 QStringList{"shop.sales"});
    }

    void postgresMigrationRecreatesDependents()
    {
        const Model from = viewMigrationOld();
        const Model to = viewMigrationNew();
        auto mig = diffModels(from, to, Dialect::Postgres);
        QVERIFY2(mig.ok(), mig.message().c_str());
        const QString freshDb = freshPg();
        QVERIFY(m_pg.script(ddl(to, Dialect::Postgres), freshDb).ok());
        const QString db = freshPg();
        QVERIFY(m_pg.script(ddl(from, Dialect::Postgres), db).ok());
        QVERIFY(m_pg.script(migrationSeed("shop.", true).section('\n', 0, 2), db).ok());
        QVERIFY(m_pg.script(refresh(from, Dialect::Postgres, "user_order_counts"), db).ok());
        auto r = m_pg.script(QString::fromStdString(mig->sql), db);
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "shop"),
                        postgresCatalog(m_pg, freshDb, "shop"));
        CATALOG_COMPARE(postgresCatalog(m_pg, db, "shop"),
                        expectedCatalog(Db::Postgres, to.schemas[0]));
        // Made again WITH DATA: the rows are there without waiting for a refresh.
        QCOMPARE(pg("SELECT user_id, order_count FROM shop.user_order_counts ORDER BY 1", db),
                 (QStringList{"1|1", "2|1"}));
        QCOMPARE(pg("SELECT sku, title, price FROM shop.product_titles", db),
                 QStringList{"SKU-1|Lamp|19.99"});
        // PostgreSQL forgets a dropped view's grants: the migration gives them back.
        const QString grants = "SELECT has_table_privilege('api', 'shop.user_orders', 'SELECT'),"
                               " has_table_privilege('api', 'shop.user_order_counts', 'SELECT'),"
                               " has_table_privilege('api', 'shop.active_users', 'SELECT')";
        QCOMPARE(pg(grants, db), QStringList{"t|t|t"});
        QCOMPARE(pg(grants, freshDb), QStringList{"t|t|t"});
    }

    void mariadbViewsRunAndEventRefreshes()
    {
        resetMariadb();
        const Model m = viewModel();
        auto r = m_my.script(ddl(m, Dialect::Mysql));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, "shop"), expectedCatalog(Db::Mariadb, m.schemas[0]));
        QCOMPARE(my("SELECT EVENT_NAME, INTERVAL_VALUE, INTERVAL_FIELD FROM "
                    "information_schema.EVENTS WHERE EVENT_SCHEMA = 'shop'"),
                 QStringList{"user_order_counts_refresh|1|SECOND"});
        QVERIFY(m_my.script(migrationSeed("shop.", false).section('\n', 0, 1)).ok());
        QCOMPARE(my("SELECT count(*) FROM shop.user_order_counts"), QStringList{"0"});
        // The refresh statements a job would run refresh the summary table.
        r = m_my.script(refresh(m, Dialect::Mysql, "user_order_counts"));
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(my("SELECT user_id, order_count FROM shop.user_order_counts ORDER BY 1"),
                 (QStringList{"1|1", "2|1"}));
        // With the event scheduler on (as the script says it must be), the event refreshes the
        // table by itself within a few of its one-second periods.
        QVERIFY(m_my.script("INSERT INTO shop.orders (order_id, user_id) VALUES ('01C', 2);"
                            "SET GLOBAL event_scheduler = ON;")
                    .ok());
        QElapsedTimer t;
        t.start();
        QStringList got;
        while (t.elapsed() < 20000) {
            got = my("SELECT order_count FROM shop.user_order_counts WHERE user_id = 2");
            if (got == QStringList{"2"})
                break;
            QThread::msleep(200);
        }
        QVERIFY(m_my.script("SET GLOBAL event_scheduler = OFF;").ok());
        QCOMPARE(got, QStringList{"2"});
        QCOMPARE(my("SELECT GRANTEE, TABLE_NAME, PRIVILEGE_TYPE FROM "
                    "information_schema.TABLE_PRIVILEGES WHERE TABLE_SCHEMA = 'shop' AND "
                    "TABLE_NAME IN ('user_orders', 'user_order_counts', 'product_titles') "
                    "ORDER BY 1, BINARY TABLE_NAME"),
                 (QStringList{"'api'@'%'|user_order_counts|SELECT",
                              "'api'@'%'|user_orders|SELECT"}));
    }

    void mariadbMigrationRecreatesDependents()
    {
        resetMariadb();
        const Model from = viewMigrationOld();
        const Model to = viewMigrationNew();
        auto mig = diffModels(from, to, Dialect::Mysql);
        QVERIFY2(mig.ok(), mig.message().c_str());
        QVERIFY(m_my.script(ddl(to, Dialect::Mysql)).ok());
        const QString fresh = mariadbCatalog(m_my, "shop");
        resetMariadb();
        QVERIFY(m_my.script(ddl(from, Dialect::Mysql)).ok());
        QVERIFY(m_my.script(migrationSeed("shop.", false).section('\n', 0, 2)).ok());
        auto r = m_my.script(QString::fromStdString(mig->sql));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, "shop"), fresh);
        CATALOG_COMPARE(mariadbCatalog(m_my, "shop"), expectedCatalog(Db::Mariadb, to.schemas[0]));
        QCOMPARE(my("SELECT user_id, order_count FROM shop.user_order_counts ORDER BY 1"),
                 (QStringList{"1|1", "2|1"}));
        QCOMPARE(my("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE "
                    "EVENT_SCHEMA = 'shop'"),
                 QStringList{"user_order_counts_refresh"});
    }
};

QTEST_GUILESS_MAIN(TestDbViews)
#include "tst_db_views.moc"
