// The DDL exporter without servers: quoting, dialect rules and their messages, dependency
// order, golden files of every example (compared exactly), and the export ddl / diff CLI.
//
// Golden files: tests/exporters/golden/<example>.<dialect>.sql. To regenerate them on purpose
// after an intended change, run the test with ARCHSIM_UPDATE_GOLDEN=1 and review the diff.

#include "ddlfixtures.h"
#include "../cli/clirunner.h"
#include "testutil.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/migration.h"
#include "archsim/model/io.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace archsim::exporters;
using namespace ddltest;

class TestDdl : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

    QString writeModel(const Model &m, const QString &name)
    {
        const QString path = m_tmp.filePath(name + ".json");
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QByteArray::fromStdString(archsim::model::toJson(m)));
        return path;
    }

private slots:
    void quoting_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("ident");
        QTest::addColumn<QString>("literal");
        QTest::newRow("pg quote") << int(Dialect::Postgres) << "x\"; DROP" << "\"x\"\"; DROP\""
                                  << "'x\"; DROP'";
        QTest::newRow("pg backslash") << int(Dialect::Postgres) << "a\\'b" << "\"a\\'b\""
                                      << "E'a\\\\''b'";
        QTest::newRow("mysql backtick") << int(Dialect::Mysql) << "a`b" << "`a``b`" << "'a`b'";
        QTest::newRow("mysql backslash") << int(Dialect::Mysql) << "a\\'b" << "`a\\'b`"
                                         << "'a\\\\''b'";
        QTest::newRow("sqlite") << int(Dialect::Sqlite) << "it's \"x\"" << "\"it's \"\"x\"\"\""
                                << "'it''s \"x\"'";
    }

    void quoting()
    {
        QFETCH(int, dialect);
        QFETCH(QString, name);
        QFETCH(QString, ident);
        QFETCH(QString, literal);
        const auto d = static_cast<Dialect>(dialect);
        QCOMPARE(QString::fromStdString(quoteIdent(d, name.toStdString())), ident);
        QCOMPARE(QString::fromStdString(quoteLiteral(d, name.toStdString())), literal);
    }

    void identifierLimits()
    {
        QVERIFY(!identifierProblem(Dialect::Postgres, std::string(63, 'a')));
        QVERIFY(identifierProblem(Dialect::Postgres, std::string(64, 'a')));
        // 32 two-byte characters are 64 bytes: too long for PostgreSQL, fine for MySQL.
        std::string e;
        for (int i = 0; i < 32; ++i)
            e += "\xC3\xA9";
        QVERIFY(identifierProblem(Dialect::Postgres, e));
        QVERIFY(!identifierProblem(Dialect::Mysql, e));
        QVERIFY(identifierProblem(Dialect::Mysql, std::string(65, 'a')));
        QVERIFY(identifierProblem(Dialect::Mysql, "trailing "));
        QVERIFY(identifierProblem(Dialect::Sqlite, "sqlite_x"));
        QVERIFY(identifierProblem(Dialect::Sqlite, std::string("a\0b", 3)));
        QVERIFY(identifierProblem(Dialect::Postgres, "\xC3"));
        // Derived names are shortened with a hash, deterministically and within the limit.
        const std::string fitted = fitName(Dialect::Postgres, std::string(80, 'x') + "_fkey");
        QCOMPARE(int(fitted.size()), 63);
        QCOMPARE(fitted, fitName(Dialect::Postgres, std::string(80, 'x') + "_fkey"));
    }

    void referenceCyclesDeferForeignKeys()
    {
        Model m;
        Schema s;
        s.id = "c";
        Table a;
        a.name = "a";
        a.columns = {col("id", "int", false), col("b_id", "int")};
        a.primary_key = {"id"};
        a.foreign_keys = {{"a_b", {"b_id"}, "b", {"id"}, RefAction::NoAction,
                           RefAction::NoAction}};
        Table b = a;
        b.name = "b";
        b.columns[1].name = "a_id";
        b.foreign_keys = {{"b_a", {"a_id"}, "a", {"id"}, RefAction::NoAction,
                           RefAction::NoAction}};
        s.tables = {a, b};
        m.schemas = {s};
        auto r = exportDdl(m, Dialect::Postgres);
        QVERIFY2(r.ok(), r.message().c_str());
        const QString sql = QString::fromStdString(r.value());
        // b's key to a is inline (a exists); a's key to b is added once b exists.
        QVERIFY(sql.indexOf("CREATE TABLE \"c\".\"a\"") < sql.indexOf("CREATE TABLE \"c\".\"b\""));
        QVERIFY(sql.contains("ALTER TABLE \"c\".\"a\" ADD CONSTRAINT \"a_b\" FOREIGN KEY"));
        QVERIFY(sql.indexOf("ALTER TABLE \"c\".\"a\" ADD") >
                sql.indexOf("CREATE TABLE \"c\".\"b\""));
    }

    // Views come after every table, each after the views it reads (user_order_counts reads
    // user_orders but comes first in the model), and before the grants that name them.
    void viewsFollowWhatTheyRead_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("counts");
        QTest::addColumn<QString>("orders");
        QTest::addColumn<QString>("lastTable");
        QTest::newRow("postgres") << int(Dialect::Postgres)
                                  << "CREATE MATERIALIZED VIEW \"shop\".\"user_order_counts\""
                                  << "CREATE VIEW \"shop\".\"user_orders\""
                                  << "CREATE TABLE \"shop\".\"products\"";
        QTest::newRow("mysql") << int(Dialect::Mysql)
                               << "CREATE TABLE `shop`.`user_order_counts` COMMENT"
                               << "CREATE VIEW `shop`.`user_orders`"
                               << "CREATE TABLE `shop`.`products`";
        QTest::newRow("sqlite") << int(Dialect::Sqlite)
                                << "CREATE TABLE \"user_order_counts\" AS"
                                << "CREATE VIEW \"user_orders\"" << "CREATE TABLE \"products\"";
    }

    void viewsFollowWhatTheyRead()
    {
        QFETCH(int, dialect);
        QFETCH(QString, counts);
        QFETCH(QString, orders);
        QFETCH(QString, lastTable);
        auto r = exportDdl(viewModel(), Dialect(dialect));
        QVERIFY2(r.ok(), r.message().c_str());
        const QString sql = QString::fromStdString(r.value());
        QVERIFY2(sql.contains(counts) && sql.contains(orders), qPrintable(sql));
        QVERIFY(sql.indexOf(lastTable) < sql.indexOf(orders));
        QVERIFY(sql.indexOf(orders) < sql.indexOf(counts));
        if (Dialect(dialect) != Dialect::Sqlite)
            QVERIFY(sql.indexOf(counts) < sql.indexOf("GRANT SELECT"));
        // The query text is kept as written, without its trailing semicolon.
        QVERIFY(sql.contains("SELECT user_id, count(*) AS order_count\nFROM user_orders\n"
                             "GROUP BY user_id"));
        QVERIFY(!sql.contains("GROUP BY user_id;;"));
    }

    // Each dialect states how the refresh runs, and warns where it adapts.
    void refreshIsStatedPerDialect()
    {
        const Model m = viewModel();
        auto pg = exportDdl(m, Dialect::Postgres);
        QVERIFY2(pg.ok(), pg.message().c_str());
        const QString p = QString::fromStdString(pg.value());
        QVERIFY(p.contains("CREATE UNIQUE INDEX \"user_order_counts_user\" ON "
                           "\"shop\".\"user_order_counts\" (\"user_id\");"));
        QVERIFY(p.contains("PERFORM cron.schedule('archsim-refresh-shop.user_order_counts', "
                           "'1 seconds',\n            'REFRESH MATERIALIZED VIEW CONCURRENTLY "
                           "\"shop\".\"user_order_counts\"');"));
        QVERIFY(p.contains("'archsim-refresh-shop.product_titles', '*/5 * * * *'"));
        QVERIFY(p.contains("a scheduler outside the database (cron, a Kubernetes CronJob)"));
        QVERIFY(p.contains("COMMENT ON VIEW \"shop\".\"user_orders\" IS "
                           "'Orders with their buyer''s e-mail';"));
        QVERIFY(pg.diagnostics().empty());

        auto my = exportDdl(m, Dialect::Mysql);
        QVERIFY2(my.ok(), my.message().c_str());
        const QString y = QString::fromStdString(my.value());
        QVERIFY2(y.contains("DELIMITER ;;\nCREATE EVENT `shop`.`user_order_counts_refresh` ON "
                            "SCHEDULE EVERY 1 SECOND\n"),
                 qPrintable(y));
        QVERIFY(y.contains("The event scheduler must be on"));
        QVERIFY(y.contains("MySQL events have no cron schedules"));
        QStringList viewWarnings; // besides the shop's own (a foreign key MySQL omits)
        for (const auto &d : my.diagnostics())
            if (d.place.rfind("/schemas/0/views/", 0) == 0)
                viewWarnings << QString::fromStdString(d.place + ": " + d.message);
        QCOMPARE(viewWarnings,
                 (QStringList{"/schemas/0/views/0: MySQL/MariaDB has no materialized views: "
                              "`user_order_counts` is a summary table refreshed by an event",
                              "/schemas/0/views/2: MySQL/MariaDB has no materialized views: "
                              "`product_titles` is a summary table refreshed by a job outside "
                              "the database"}));

        auto lite = exportDdl(m, Dialect::Sqlite);
        QVERIFY2(lite.ok(), lite.message().c_str());
        const QString l = QString::fromStdString(lite.value());
        QVERIFY(l.contains("-- Refresh every 1 s: SQLite has no scheduler, so a job"));
        QVERIFY(l.contains("--   DELETE FROM \"user_order_counts\";\n"));
    }

    void refreshStatements_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("view");
        QTest::addColumn<QString>("sql");
        QTest::newRow("postgres concurrent")
            << int(Dialect::Postgres) << "user_order_counts"
            << "REFRESH MATERIALIZED VIEW CONCURRENTLY \"shop\".\"user_order_counts\";\n";
        QTest::newRow("postgres plain")
            << int(Dialect::Postgres) << "product_titles"
            << "REFRESH MATERIALIZED VIEW \"shop\".\"product_titles\";\n";
        QTest::newRow("mysql") << int(Dialect::Mysql) << "product_titles"
                               << "USE `shop`;\nSTART TRANSACTION;\n"
                                  "DELETE FROM `shop`.`product_titles`;\n"
                                  "INSERT INTO `shop`.`product_titles`\n"
                                  "SELECT sku, title FROM products;\nCOMMIT;\n";
        QTest::newRow("sqlite") << int(Dialect::Sqlite) << "product_titles"
                                << "BEGIN;\nDELETE FROM \"product_titles\";\n"
                                   "INSERT INTO \"product_titles\"\n"
                                   "SELECT sku, title FROM products;\nCOMMIT;\n";
    }

    void refreshStatements()
    {
        QFETCH(int, dialect);
        QFETCH(QString, view);
        QFETCH(QString, sql);
        auto r = exportViewRefresh(viewModel(), Dialect(dialect), "shop", view.toStdString());
        QVERIFY2(r.ok(), r.message().c_str());
        QCOMPARE(QString::fromStdString(r.value()), sql);
        QVERIFY(!exportViewRefresh(viewModel(), Dialect(dialect), "shop", "user_orders").ok());
    }

    // The report names every view change; the script drops dependents before what they read
    // changes and makes them again after, each after the views it reads.
    void viewMigrationOrder()
    {
        auto mig = diffModels(viewMigrationOld(), viewMigrationNew(), Dialect::Postgres);
        QVERIFY2(mig.ok(), mig.message().c_str());
        QStringList kinds;
        for (const auto &c : mig->changes)
            if (QString::fromStdString(c.kind).contains("view"))
                kinds << QString::fromStdString(c.kind + " " + c.object + ": " + c.message);
        kinds.sort();
        QCOMPARE(kinds,
                 (QStringList{"add_view shop.active_users: new view",
                              "change_view shop.product_titles: view definition changed: "
                              "dropped and created again",
                              "drop_view shop.old_skus: view dropped; queries that read it break",
                              "recreate_view shop.user_order_counts: view dropped and created "
                              "again around the change of user_orders",
                              "recreate_view shop.user_orders: view dropped and created again "
                              "around the change of orders"}));
        const QString sql = QString::fromStdString(mig->sql);
        const auto at = [&](const char *s) {
            const auto i = sql.indexOf(QString::fromUtf8(s));
            if (i < 0)
                qWarning("missing: %s", s);
            return i;
        };
        const auto dropCounts = at("DROP MATERIALIZED VIEW \"shop\".\"user_order_counts\"");
        const auto dropOrders = at("DROP VIEW \"shop\".\"user_orders\"");
        const auto addColumn = at("ADD COLUMN \"channel\"");
        const auto createOrders = at("CREATE VIEW \"shop\".\"user_orders\"");
        const auto createCounts = at("CREATE MATERIALIZED VIEW \"shop\".\"user_order_counts\"");
        const auto grant = at("GRANT SELECT ON TABLE \"shop\".\"user_order_counts\" TO \"api\"");
        QVERIFY(dropCounts >= 0 && dropCounts < dropOrders);
        QVERIFY(dropOrders < addColumn);
        QVERIFY(addColumn < createOrders);
        QVERIFY(createOrders < createCounts);
        QVERIFY(createCounts < grant);
        QVERIFY(at("DROP VIEW \"shop\".\"old_skus\"") >= 0);
        QVERIFY(!sql.contains("DROP VIEW \"shop\".\"active_users\""));
    }

    void rulesNameTableAndColumn_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<int>("breakage");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("pg partition column not in key")
            << int(Dialect::Postgres) << 0 << "/schemas/0/tables/0/primary_key"
            << QStringList{"\"orders\"", "\"created_at\"", "primary key"};
        QTest::newRow("mysql partition column not in key")
            << int(Dialect::Mysql) << 0 << "/schemas/0/tables/0/primary_key"
            << QStringList{"`orders`", "`created_at`"};
        QTest::newRow("mysql char(300)") << int(Dialect::Mysql) << 1
                                         << "/schemas/0/tables/0/columns/4/type"
                                         << QStringList{"`orders`", "`currency`", "255"};
        QTest::newRow("pg name too long") << int(Dialect::Postgres) << 2
                                          << "/schemas/0/tables/1/columns/1/name"
                                          << QStringList{"64 bytes", "63"};
        QTest::newRow("mysql text in index") << int(Dialect::Mysql) << 3
                                             << "/schemas/0/tables/0/indexes/0"
                                             << QStringList{"`note`", "1170"};
    }

    void rulesNameTableAndColumn()
    {
        QFETCH(int, dialect);
        QFETCH(int, breakage);
        QFETCH(QString, place);
        QFETCH(QStringList, words);
        Model m = shopModel();
        Table &orders = m.schemas[0].tables[0];
        if (breakage == 0)
            orders.primary_key = {"order_id"};
        else if (breakage == 1)
            orders.columns[4].type = LogicalType::parse("char(300)").value();
        else if (breakage == 2)
            m.schemas[0].tables[1].columns[1].name = std::string(64, 'e');
        else
            orders.indexes[0].columns = {{"note", false}};
        auto r = exportDdl(m, static_cast<Dialect>(dialect));
        QVERIFY(!r.ok());
        const auto &diags = r.diagnostics();
        auto it = std::find_if(diags.begin(), diags.end(), [&](const auto &d) {
            return d.severity == Diagnostic::Severity::Error &&
                   QString::fromStdString(d.place) == place;
        });
        QVERIFY2(it != diags.end(), r.message().c_str());
        for (const QString &w : words)
            QVERIFY2(QString::fromStdString(it->message).contains(w), it->message.c_str());
    }

    void goldenFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("dialect");
        for (const QString &p : archsim::test::examplePaths())
            for (const QString d : {"postgres", "mysql", "sqlite"})
                QTest::newRow(qPrintable(QFileInfo(p).baseName() + "." + d)) << p << d;
    }

    void goldenFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, dialect);
        const auto run = archsim::test::runCli({"export", "ddl", "--dialect", dialect, path});
        QCOMPARE(run.exitCode, 0);
        const QString golden = QStringLiteral(SRCDIR "golden/") + QFileInfo(path).baseName() +
                               "." + dialect + ".sql";
        if (qEnvironmentVariableIsSet("ARCHSIM_UPDATE_GOLDEN")) {
            QFile f(golden);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(run.out.toUtf8());
            qWarning("regenerated %s", qPrintable(golden));
            return;
        }
        QFile f(golden);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(golden + " is missing; see the header "
                                                         "of tst_ddl.cpp"));
        QCOMPARE(run.out, QString::fromUtf8(f.readAll()));
    }

    void cliExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("stderrHas");
        QTest::newRow("no dialect") << QStringList{"export", "ddl", "@shop"} << 2 << "--dialect";
        QTest::newRow("bad dialect")
            << QStringList{"export", "ddl", "--dialect", "oracle", "@shop"}
                                     << 2 << "oracle";
        QTest::newRow("unknown target") << QStringList{"export", "nope", "@shop"} << 2 << "nope";
        QTest::newRow("mysql char(300)")
            << QStringList{"export", "ddl", "--dialect", "mysql", "@wide"} << 2
            << "`orders`.`currency`";
        QTest::newRow("pg name too long")
            << QStringList{"export", "ddl", "--dialect", "postgres", "@long"} << 2
            << "column \"users\".\"eeee";
        QTest::newRow("partition column not in key")
            << QStringList{"export", "ddl", "--dialect", "postgres", "@nokey"} << 2
            << "created_at";
        QTest::newRow("sqlite ok") << QStringList{"export", "ddl", "--dialect", "sqlite", "@shop"}
                                   << 0 << "SQLite has no partitions";
        QTest::newRow("diff breaking")
            << QStringList{"diff", "@old", "@new", "--dialect", "postgres", "--fail-on",
                           "breaking"}
            << 1 << "";
        QTest::newRow("diff same") << QStringList{"diff", "@old", "@old", "--dialect", "mysql",
                                                  "--fail-on", "breaking"}
                                   << 0 << "";
    }

    void cliExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, stderrHas);
        Model wide = shopModel();
        wide.schemas[0].tables[0].columns[4].type = LogicalType::parse("char(300)").value();
        Model longName = shopModel();
        longName.schemas[0].tables[1].columns[2].name = std::string(64, 'e');
        Model noKey = shopModel();
        noKey.schemas[0].tables[0].primary_key = {"order_id"};
        const std::map<QString, QString> files{
            {"@nokey", writeModel(noKey, "nokey")},
            {"@shop", writeModel(shopModel(), "shop")}, {"@wide", writeModel(wide, "wide")},
            {"@long", writeModel(longName, "long")}, {"@old", writeModel(migrationOld(), "old")},
            {"@new", writeModel(migrationNew(), "new")}};
        for (auto &a : args)
            if (files.count(a))
                a = files.at(a);
        const auto run = archsim::test::runCli(args);
        QVERIFY(!run.crashed);
        QVERIFY2(run.err.contains(stderrHas), qPrintable(run.err));
        QCOMPARE(run.exitCode, code);
    }

    void diffJsonReport()
    {
        const auto run = archsim::test::runCli(
            {"diff", writeModel(migrationOld(), "o"), writeModel(migrationNew(), "n"),
             "--dialect", "sqlite", "--format", "json"});
        QCOMPARE(run.exitCode, 0);
        const auto doc = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(doc["dialect"].toString(), QString("sqlite"));
        QCOMPARE(doc["breaking"].toBool(), true);
        const auto summary = doc["summary"].toObject();
        // Counted by hand from migrationNew(): two drops (legacy_carts, orders.note), two
        // renames, one unique added (the new partitions are no-ops on SQLite).
        QCOMPARE(summary["destructive"].toInt(), 2);
        QCOMPARE(summary["backward-incompatible"].toInt(), 2);
        QCOMPARE(summary["data-dependent"].toInt(), 1);
        QVERIFY(doc["sql"].toString().contains("archsim_new_users"));
    }
};

QTEST_GUILESS_MAIN(TestDdl)
#include "tst_ddl.moc"
