// The DDL exporter against a real MariaDB 10.11 server (started by the test on loopback, see
// dbserver.h): scripts run, the catalog matches the model (with the documented MySQL
// adaptations), rows land in the right partitions, hostile names create exactly their
// objects, services get locked accounts with least privilege.

#include "catalog.h"
#include "dbserver.h"
#include "ddlfixtures.h"
#include "mycatalog.h"
#include "testutil.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/migration.h"
#include "archsim/model/generator.h"
#include "archsim/model/io.h"

#include <QtTest>

using namespace archsim::exporters;
using namespace ddltest;

class TestDbMariadb : public QObject {
    Q_OBJECT

private:
    MariadbServer m_my;

    static QString ddl(const Model &m, const DdlOptions &o = {})
    {
        auto r = exportDdl(m, Dialect::Mysql, o);
        if (!r.ok())
            qWarning("%s", r.message().c_str());
        return r.ok() ? QString::fromStdString(r.value()) : QString();
    }

    QStringList column(const QString &sql, const QString &db = {})
    {
        QString err;
        auto rows = m_my.query(sql, db, &err);
        if (!rows)
            return {"ERROR " + err};
        QStringList out;
        for (const auto &r : *rows)
            out << r.join('|');
        return out;
    }

    // Drops every non-system database so each test starts empty.
    void reset()
    {
        for (const QString &db : column("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                                        "WHERE SCHEMA_NAME NOT IN ('mysql', "
                                        "'information_schema', 'performance_schema', 'sys')"))
            QVERIFY(m_my.script("DROP DATABASE " + myIdent(db) + ";").ok());
        // Table grants outlive DROP DATABASE in MySQL: drop the services' users too.
        for (const QString &user : column("SELECT concat(quote(User), '@', quote(Host)) FROM "
                                          "mysql.user WHERE User NOT IN ('root', "
                                          "'mariadb.sys', 'mysql', '')"))
            QVERIFY(m_my.script("DROP USER " + user + ";").ok());
    }

private slots:
    void initTestCase()
    {
        const QString error = m_my.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
    }

    void cleanupTestCase() { m_my.stop(); }

    void init() { reset(); }

    void shopCatalogMatchesModel()
    {
        const Model m = shopModel();
        auto r = m_my.script(ddl(m));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, "shop"), expectedCatalog(Db::Mariadb, m.schemas[0]));
        QCOMPARE(column("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE "
                        "TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'users'"),
                 QStringList{"People who buy; it's \"sensitive\""});
    }

    void rowsLandInTheirPartitions()
    {
        QVERIFY(m_my.script(ddl(shopModel())).ok());
        auto r = m_my.script(
            "INSERT INTO shop.users (email) VALUES ('a@example.com');"
            "INSERT INTO shop.orders (order_id, user_id, created_at) VALUES "
            "('01A', 1, '2026-01-31 23:59:59.999'), ('01B', 1, '2026-02-01 00:00:00'),"
            "('01C', 1, '2026-03-15 12:00:00'), ('01D', 1, '2027-05-01 00:00:00'),"
            "('01E', 1, '2025-12-31 23:00:00');");
        QVERIFY2(r.ok(), qPrintable(r.err));
        QStringList got;
        for (const QString &p : QStringList{"p2026_01", "p2026_02", "p2026_03", "pmax"})
            got << p + ":" + column("SELECT group_concat(order_id ORDER BY order_id) FROM "
                                    "shop.orders PARTITION (" + p + ")").join(",");
        QCOMPARE(got, (QStringList{"p2026_01:01A,01E", "p2026_02:01B", "p2026_03:01C",
                                   "pmax:01D"}));
        QCOMPARE(column("SELECT status FROM shop.orders WHERE order_id = '01A'"),
                 QStringList{"pending"});
    }

    void servicesHaveLockedLeastPrivilegeAccounts()
    {
        QVERIFY(m_my.script(ddl(shopModel())).ok());
        QCOMPARE(column("SELECT GRANTEE, TABLE_NAME, group_concat(PRIVILEGE_TYPE ORDER BY "
                        "PRIVILEGE_TYPE) FROM information_schema.TABLE_PRIVILEGES WHERE "
                        "TABLE_SCHEMA = 'shop' GROUP BY 1, 2 ORDER BY 1, 2"),
                 (QStringList{"'api'@'%'|orders|DELETE,INSERT,SELECT,UPDATE",
                              "'api'@'%'|products|SELECT", "'api'@'%'|users|SELECT",
                              "'billing-worker'@'%'|orders|DELETE,INSERT,UPDATE",
                              "'billing-worker'@'%'|users|DELETE,INSERT,UPDATE"}));
        QCOMPARE(column("SELECT count(*) FROM information_schema.SCHEMA_PRIVILEGES WHERE "
                        "GRANTEE IN ('''api''@''%''', '''billing-worker''@''%''')"),
                 QStringList{"0"});
        QCOMPARE(column("SELECT User, JSON_VALUE(Priv, '$.account_locked'), "
                        "JSON_VALUE(Priv, '$.authentication_string') FROM mysql.global_priv "
                        "WHERE User IN ('api', 'billing-worker') ORDER BY 1"),
                 (QStringList{"api|1|", "billing-worker|1|"}));
        // No global privileges beyond USAGE (the right to connect).
        QCOMPARE(column("SELECT DISTINCT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES "
                        "WHERE GRANTEE IN ('''api''@''%''', '''billing-worker''@''%''')"),
                 QStringList{"USAGE"});
        // Running the script again (another deploy) keeps working: users exist already.
        QVERIFY(m_my.script("DROP DATABASE shop;").ok());
        QVERIFY(m_my.script(ddl(shopModel())).ok());
    }

    void hostileNamesCreateExactlyThoseObjects()
    {
        const Model m = hostileModel();
        auto r = m_my.script(ddl(m));
        QVERIFY2(r.ok(), qPrintable(r.err));
        const QString schema = QString::fromStdString(m.schemas[0].name);
        CATALOG_COMPARE(mariadbCatalog(m_my, schema), expectedCatalog(Db::Mariadb, m.schemas[0]));
        QCOMPARE(column("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME "
                        "NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')"),
                 QStringList{schema});
        QCOMPARE(column("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT "
                        "IN ('mysql', 'information_schema', 'performance_schema', 'sys')"),
                 QStringList{QString::number(m.schemas[0].tables.size())});
        for (const auto &n : hostileNames()) {
            const QString name = QString::fromStdString(n);
            const QString table = myIdent(schema) + "." + myIdent(name);
            QVERIFY(m_my.script("INSERT INTO " + table + " (id) VALUES (1);").ok());
            auto rows = m_my.query("SELECT " + myIdent(name) + " FROM " + table);
            QVERIFY(rows && rows->size() == 1);
            QCOMPARE(rows->at(0).value(0), name);
            QCOMPARE(column("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE "
                            "TABLE_SCHEMA = " + myLiteral(schema) + " AND TABLE_NAME = " +
                            myLiteral(name)),
                     QStringList{"comment of " + name});
        }
    }

    void migrationKeepsRowsAndMatchesNew()
    {
        const Model from = migrationOld();
        const Model to = migrationNew();
        auto mig = diffModels(from, to, Dialect::Mysql);
        QVERIFY2(mig.ok(), mig.message().c_str());
        const QString grants = "SELECT GRANTEE, TABLE_NAME, group_concat(PRIVILEGE_TYPE ORDER "
                               "BY PRIVILEGE_TYPE) FROM information_schema.TABLE_PRIVILEGES "
                               "WHERE TABLE_SCHEMA = 'shop' GROUP BY 1, 2 ORDER BY 1, 2";
        const QString dropUsers = "DROP USER IF EXISTS 'api'@'%', 'billing-worker'@'%';";
        QVERIFY(m_my.script(dropUsers).ok());
        QVERIFY(m_my.script(ddl(to)).ok());
        const QString fresh = mariadbCatalog(m_my, "shop");
        const QStringList freshGrants = column(grants);
        QVERIFY(m_my.script("DROP DATABASE shop;" + dropUsers).ok());
        QVERIFY(m_my.script(ddl(from)).ok());
        auto r = m_my.script(migrationSeed("shop.", false));
        QVERIFY2(r.ok(), qPrintable(r.err));
        r = m_my.script(QString::fromStdString(mig->sql));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, "shop"), fresh);
        QCOMPARE(column("SELECT user_id, email, full_name, phone IS NULL FROM shop.users "
                        "ORDER BY 1"),
                 (QStringList{"1|a@example.com|Ann|1", "2|b@example.com|Bob|1"}));
        QCOMPARE(column("SELECT order_id, status FROM shop.orders PARTITION (p2026_03)"),
                 QStringList{"01B|pending"});
        QCOMPARE(column("SELECT sku, price, stock FROM shop.catalog_items"),
                 QStringList{"SKU-1|19.99|3"});
        // The grants equal those of a database built from the new model (MySQL keeps grants
        // under a renamed or dropped table's old name: the migration revokes them).
        QCOMPARE(column(grants), freshGrants);
        QVERIFY(freshGrants.contains("'api'@'%'|catalog_items|SELECT"));
    }

    void everyPartitioningShape()
    {
        const Model m = partitionModel(false);
        auto r = m_my.script(ddl(m));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, "parts"), expectedCatalog(Db::Mariadb, m.schemas[0]));
        r = m_my.script("INSERT INTO parts.events_daily VALUES (1, '2026-02-28'), "
                        "(2, '2026-03-01'), (3, '2026-03-09');"
                        "INSERT INTO parts.regional VALUES (1, 'fr'), (2, 'us');"
                        "INSERT INTO parts.tiers VALUES (1, 3);");
        QVERIFY2(r.ok(), qPrintable(r.err));
        QCOMPARE(column("SELECT id FROM parts.events_daily PARTITION (p2026_02_28)"),
                 QStringList{"1"});
        QCOMPARE(column("SELECT id FROM parts.events_daily PARTITION (pmax)"), QStringList{"3"});
        QCOMPARE(column("SELECT id FROM parts.regional PARTITION (eu)"), QStringList{"1"});
        QCOMPARE(column("SELECT id FROM parts.tiers PARTITION (rest)"), QStringList{"1"});
        // A value no list holds is refused (MySQL has no DEFAULT list partition).
        QVERIFY(!m_my.script("INSERT INTO parts.regional VALUES (3, 'jp');").ok());
    }

    void maintenanceRollsPartitions()
    {
        QVERIFY(m_my.script(ddl(shopModel())).ok());
        QVERIFY(m_my.script("INSERT INTO shop.orders (order_id, user_id, created_at) VALUES "
                            "('OLD', 1, '2026-01-05 00:00:00'), ('LATE', 1, '2027-07-02');")
                    .ok());
        MaintenanceOptions o;
        o.asOf = "2027-06-15";
        o.ahead = 2;
        auto script = exportPartitionMaintenance(shopModel(), Dialect::Mysql, o);
        QVERIFY2(script.ok(), script.message().c_str());
        for (int run = 0; run < 2; ++run) { // idempotent
            auto r = m_my.script(QString::fromStdString(script.value()));
            QVERIFY2(r.ok(), qPrintable(r.err));
        }
        // Oracle: retention 12 as of June 2027 keeps July 2026 .. June 2027, plus two ahead;
        // the gap after the last generated partition is filled, pmax stays last.
        QStringList expected;
        for (QDate m(2026, 7, 1); m <= QDate(2027, 8, 1); m = m.addMonths(1))
            expected << m.toString("'p'yyyy_MM");
        expected << "pmax";
        QCOMPARE(column("SELECT PARTITION_NAME FROM information_schema.PARTITIONS WHERE "
                        "TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'orders' "
                        "ORDER BY PARTITION_ORDINAL_POSITION"),
                 expected);
        // The old row went with its partition; the row from pmax moved to its month.
        QCOMPARE(column("SELECT order_id FROM shop.orders PARTITION (p2027_07)"),
                 QStringList{"LATE"});
        QCOMPARE(column("SELECT count(*) FROM shop.orders"), QStringList{"1"});
        QCOMPARE(column("SELECT count(*) FROM information_schema.ROUTINES WHERE "
                        "ROUTINE_SCHEMA = 'shop'"),
                 QStringList{"0"});
        auto now = exportPartitionMaintenance(shopModel(), Dialect::Mysql, {});
        QVERIFY(now.ok());
        auto r = m_my.script(QString::fromStdString(now.value()));
        QVERIFY2(r.ok(), qPrintable(r.err));
    }

    void hostileMigration()
    {
        const Model from = hostileModel();
        const Model to = hostileMigrated();
        auto mig = diffModels(from, to, Dialect::Mysql);
        QVERIFY2(mig.ok(), mig.message().c_str());
        const QString schema = QString::fromStdString(to.schemas[0].name);
        QVERIFY(m_my.script(ddl(from)).ok());
        auto r = m_my.script(QString::fromStdString(mig->sql));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, schema), expectedCatalog(Db::Mariadb, to.schemas[0]));
        QCOMPARE(column("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT "
                        "IN ('mysql', 'information_schema', 'performance_schema', 'sys')"),
                 QStringList{QString::number(to.schemas[0].tables.size())});
    }

    void keyMigration()
    {
        const Model from = keyMigrationOld();
        const Model to = keyMigrationNew();
        auto mig = diffModels(from, to, Dialect::Mysql);
        QVERIFY2(mig.ok(), mig.message().c_str());
        DdlOptions noRoles;
        noRoles.roles = false;
        QVERIFY(m_my.script(ddl(to, noRoles)).ok());
        const QString fresh = mariadbCatalog(m_my, "shop");
        QVERIFY(m_my.script("DROP DATABASE shop;").ok());
        QVERIFY(m_my.script(ddl(from, noRoles)).ok());
        QVERIFY(m_my.script(keySeed("shop.", false)).ok());
        auto r = m_my.script(QString::fromStdString(mig->sql));
        QVERIFY2(r.ok(), qPrintable(r.err));
        CATALOG_COMPARE(mariadbCatalog(m_my, "shop"), fresh);
        QCOMPARE(column("SELECT display_name FROM shop.users"), QStringList{"Ann"});
        QCOMPARE(column("SELECT order_id, total_amount FROM shop.orders"),
                 QStringList{"01A|12"});
        QCOMPARE(column("SELECT sku, owner_id IS NULL FROM shop.products"),
                 QStringList{"SKU-1|1"});
    }

    // Random valid models (model/generator.h): what exports runs and matches the model.
    void generatedModels_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 6; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }

    void generatedModels()
    {
        QFETCH(int, seed);
        const Model m = archsim::model::generateModel(static_cast<uint64_t>(seed));
        auto r = exportDdl(m, Dialect::Mysql);
        if (!r.ok()) {
            // Only MySQL's own limits may refuse a model the validator accepts.
            QVERIFY2(r.message().find("MySQL") != std::string::npos, r.message().c_str());
            return;
        }
        auto run = m_my.script(QString::fromStdString(r.value()));
        QVERIFY2(run.ok(), qPrintable(run.err));
        for (const auto &s : m.schemas)
            CATALOG_COMPARE(mariadbCatalog(m_my, QString::fromStdString(s.name.empty() ? s.id
                                                                                    : s.name)),
                            expectedCatalog(Db::Mariadb, s));
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
        auto r = m_my.script(ddl(m.value()));
        QVERIFY2(r.ok(), qPrintable(r.err));
        for (const auto &s : m->schemas) {
            const QString schema = QString::fromStdString(s.name.empty() ? s.id : s.name);
            CATALOG_COMPARE(mariadbCatalog(m_my, schema), expectedCatalog(Db::Mariadb, s));
        }
    }
};

QTEST_GUILESS_MAIN(TestDbMariadb)
#include "tst_db_mariadb.moc"
