// The backup CronJob's dump really restores (issue 21, docs/deploy.md "Backups"): the script of
// the PostgreSQL backup job, as exported for the e-commerce example, runs against a real
// PostgreSQL 15 holding the example's schema; its dump is restored with the command the export's
// notes give into a fresh database, and the rows compare. Its retention deletes old dumps only.

#include "dbserver.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/k8s.h"
#include "archsim/model/io.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include <utime.h>

using namespace archsim;
using namespace ddltest;

class TestDbBackup : public QObject {
    Q_OBJECT

    PostgresServer m_pg;

    // Returns the backup job's dump script for the example, backups kept `days` days.
    static QString dumpScript(const model::Model &m)
    {
        auto r = exporters::exportKubernetes(m, {});
        if (!r.ok())
            return {};
        const auto *file = r.value().find("backups.yaml");
        if (!file)
            return {};
        for (const auto &d : YAML::LoadAll(file->text))
            if (d && d["kind"] && d["kind"].as<std::string>() == "CronJob")
                return QString::fromStdString(d["spec"]["jobTemplate"]["spec"]["template"]
                                               ["spec"]["containers"][0]["command"][2]
                                                   .as<std::string>());
        return {};
    }

    QString count(const QString &sql, const QString &db)
    {
        QString err;
        auto rows = m_pg.query(sql, db, &err);
        return rows && !rows->isEmpty() ? rows->first().first() : "ERROR " + err;
    }

private slots:
    void initTestCase()
    {
        const QString error = m_pg.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
    }

    void pgDumpRestores()
    {
        auto loaded =
            model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        model::Model m = loaded.value();
        for (auto &c : m.components)
            if (c.id == "shop-db") {
                c.backup->location = model::BackupLocation::SameZone; // to a claim
                c.backup->retention_days = 3;
            }
        QString script = dumpScript(m);
        QVERIFY2(script.contains("pg_dump"), qPrintable(script));

        // The source: the example's schema (DDL export) and rows in its tables.
        QVERIFY(m_pg.script("CREATE DATABASE src;").ok());
        auto ddl = exporters::exportDdl(m, exporters::Dialect::Postgres);
        QVERIFY2(ddl.ok(), ddl.message().c_str());
        auto r = m_pg.script(QString::fromStdString(ddl.value()), "src");
        QVERIFY2(r.ok(), qPrintable(r.err));
        r = m_pg.script("CREATE TABLE shop.backup_probe (id int PRIMARY KEY, note text);"
                        "INSERT INTO shop.backup_probe SELECT g, 'row ' || g "
                        "FROM generate_series(1, 1234) g;",
                        "src");
        QVERIFY2(r.ok(), qPrintable(r.err));
        const QString tablesSql =
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'shop'";
        const QString tables = count(tablesSql, "src");

        // The job's volume is /backups; here a temporary folder with an old and a recent dump.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        script.replace("/backups", dir.path());
        const QString old = dir.path() + "/shop-db-20200101T000000Z.dump";
        const QString recent = dir.path() + "/shop-db-20200102T000000Z.dump";
        for (const QString &f : {old, recent}) {
            QFile file(f);
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const utimbuf fourDaysAgo{now - 4 * 86400, now - 4 * 86400};
        const utimbuf twoDaysAgo{now - 2 * 86400, now - 2 * 86400};
        QCOMPARE(::utime(old.toLocal8Bit().constData(), &fourDaysAgo), 0);
        QCOMPARE(::utime(recent.toLocal8Bit().constData(), &twoDaysAgo), 0);

        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("PATH", PostgresServer::binDir() + ":" + env.value("PATH"));
        env.insert("PGHOST", "127.0.0.1"); // the job's env names the primary pod instead
        env.insert("PGPORT", QString::number(m_pg.port()));
        env.insert("PGUSER", "postgres");
        env.insert("PGDATABASE", "src");
        env.remove("PGPASSWORD");
        const Run dump = run("sh", {"-c", script}, {}, 120000, env);
        QVERIFY2(dump.ok(), qPrintable(dump.err + dump.out + "\n" + script));

        // One new dump, complete (no .partial left), the 4-day-old one gone (retention 3 days).
        QStringList dumps = QDir(dir.path()).entryList({"shop-db-*"}, QDir::Files, QDir::Name);
        QVERIFY2(!dumps.contains(QFileInfo(old).fileName()), qPrintable(dumps.join(' ')));
        QVERIFY2(dumps.contains(QFileInfo(recent).fileName()), qPrintable(dumps.join(' ')));
        dumps.removeAll(QFileInfo(recent).fileName());
        QCOMPARE(dumps.size(), 1);
        QVERIFY2(dumps[0].endsWith(".dump"), qPrintable(dumps[0]));
        const QString file = dir.path() + "/" + dumps[0];

        // Restore as the notes say: pg_restore --dbname=NEW FILE.dump.
        QVERIFY(m_pg.script("CREATE DATABASE restored;").ok());
        env.insert("PGDATABASE", "restored");
        const Run restore = run(PostgresServer::binDir() + "/pg_restore",
                                {"--dbname=restored", file}, {}, 120000, env);
        QVERIFY2(restore.ok(), qPrintable(restore.err + restore.out));
        QCOMPARE(count("SELECT count(*) FROM shop.backup_probe", "restored"), QString("1234"));
        QCOMPARE(count("SELECT sum(id) FROM shop.backup_probe", "restored"),
                 count("SELECT sum(id) FROM shop.backup_probe", "src"));
        QCOMPARE(count(tablesSql, "restored"), tables);
        QCOMPARE(count("SELECT count(*) FROM pg_matviews WHERE schemaname = 'shop'", "restored"),
                 count("SELECT count(*) FROM pg_matviews WHERE schemaname = 'shop'", "src"));
    }
};

QTEST_GUILESS_MAIN(TestDbBackup)
#include "tst_db_backup.moc"
