// The backup CronJob's dump really restores (issue 21, docs/deploy.md "Backups"): the script of
// the backup job, as exported for the e-commerce example, runs against a real PostgreSQL 15 (and,
// with the database made a MariaDB, a real MariaDB) holding the example's schema; its dump is
// restored with the command the export's notes give into a fresh database (a fresh server for
// MariaDB, whose dump holds every database), and the rows compare. Its retention deletes old
// dumps only.

#include "dbserver.h"

#include "archsim/exporters/ddl.h"
#include "archsim/exporters/k8s.h"
#include "archsim/model/io.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtTest>

#include <yaml-cpp/yaml.h>

#include <utime.h>

using namespace archsim;
using namespace ddltest;

class TestDbBackup : public QObject {
    Q_OBJECT

    PostgresServer m_pg;

    // Returns the backup job's dump script for the example; backups.yaml whole (its notes are
    // its header) in `text` when given.
    static QString dumpScript(const model::Model &m, QString *text = nullptr)
    {
        auto r = exporters::exportKubernetes(m, {});
        if (!r.ok())
            return {};
        const auto *file = r.value().find("backups.yaml");
        if (!file)
            return {};
        if (text)
            *text = QString::fromStdString(file->text);
        for (const auto &d : YAML::LoadAll(file->text))
            if (d && d["kind"] && d["kind"].as<std::string>() == "CronJob")
                return QString::fromStdString(d["spec"]["jobTemplate"]["spec"]["template"]
                                               ["spec"]["containers"][0]["command"][2]
                                                   .as<std::string>());
        return {};
    }

    // Sets old (4 days) and recent (2 days) dumps named `prefix`-DATE`ext` in `dir`; returns
    // their paths.
    static QStringList agedDumps(const QString &dir, const QString &prefix, const QString &ext)
    {
        const QStringList files{dir + "/" + prefix + "-20200101T000000Z" + ext,
                                dir + "/" + prefix + "-20200102T000000Z" + ext};
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        for (int i = 0; i < 2; ++i) {
            QFile file(files[i]);
            if (!file.open(QIODevice::WriteOnly))
                return {};
            file.close();
            const qint64 t = now - (i == 0 ? 4 : 2) * 86400;
            const utimbuf times{t, t};
            if (::utime(files[i].toLocal8Bit().constData(), &times) != 0)
                return {};
        }
        return files;
    }

    // Returns the one new dump in `dir` after checking that retention kept `aged[1]` and
    // deleted `aged[0]`; empty (with a failed check) otherwise.
    static QString newDump(const QString &dir, const QStringList &aged, const QString &pattern)
    {
        QStringList dumps = QDir(dir).entryList({pattern}, QDir::Files, QDir::Name);
        const QString oldName = QFileInfo(aged[0]).fileName();
        const QString recentName = QFileInfo(aged[1]).fileName();
        if (dumps.contains(oldName) || !dumps.contains(recentName)) {
            qWarning("retention: %s", qPrintable(dumps.join(' ')));
            return {};
        }
        dumps.removeAll(recentName);
        if (dumps.size() != 1) {
            qWarning("expected one new dump: %s", qPrintable(dumps.join(' ')));
            return {};
        }
        return dir + "/" + dumps[0];
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
        const QStringList aged = agedDumps(dir.path(), "shop-db", ".dump");
        QCOMPARE(aged.size(), 2);

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
        const QString file = newDump(dir.path(), aged, "shop-db-*");
        QVERIFY(!file.isEmpty());
        QVERIFY2(file.endsWith(".dump"), qPrintable(file));

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

    // The same for a MariaDB: the script runs mariadb-dump against a real MariaDB holding the
    // example's schema and rows; the dump (every database, as the job takes it) is restored as
    // the notes say, `mariadb < FILE.sql`, into a second, fresh server; the rows compare.
    void mariadbDumpRestores()
    {
        auto loaded =
            model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        model::Model m = loaded.value();
        for (auto &c : m.components)
            if (c.id == "shop-db") {
                c.engine = model::DbEngine::Mysql;
                c.deploy.image = "docker.io/library/mariadb:11.4.2";
                c.backup->location = model::BackupLocation::SameZone;
                c.backup->retention_days = 3;
            }
        QString notes;
        QString script = dumpScript(m, &notes);
        QVERIFY2(script.contains("mariadb-dump"), qPrintable(script));
        QVERIFY2(notes.contains("Restore: mariadb < FILE.sql"), qPrintable(notes));

        MariadbServer source;
        QString error = source.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
        auto ddl = exporters::exportDdl(m, exporters::Dialect::Mysql);
        QVERIFY2(ddl.ok(), ddl.message().c_str());
        auto r = source.script(QString::fromStdString(ddl.value()));
        QVERIFY2(r.ok(), qPrintable(r.err));
        r = source.script("CREATE TABLE shop.backup_probe (id int PRIMARY KEY, note text);"
                          "INSERT INTO shop.backup_probe SELECT seq, concat('row ', seq) "
                          "FROM seq_1_to_1234;",
                          "shop");
        QVERIFY2(r.ok(), qPrintable(r.err));
        auto value = [](MariadbServer &s, const QString &sql) {
            QString err;
            auto rows = s.query(sql, {}, &err);
            return rows && !rows->isEmpty() ? rows->first().first() : "ERROR " + err;
        };
        const QString tablesSql =
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'shop'";
        const QString viewsSql =
            "SELECT count(*) FROM information_schema.views WHERE table_schema = 'shop'";
        const QString tables = value(source, tablesSql);
        QVERIFY2(tables.toInt() > 5, qPrintable(tables));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        script.replace("/backups", dir.path());
        const QStringList aged = agedDumps(dir.path(), "shop-db", ".sql");
        QCOMPARE(aged.size(), 2);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("DB_HOST", "127.0.0.1"); // the job's env names the primary pod instead
        env.insert("DB_PORT", QString::number(source.port()));
        env.remove("MYSQL_PWD"); // the test server's root has no password
        const Run dump = run("sh", {"-c", script}, {}, 120000, env);
        QVERIFY2(dump.ok(), qPrintable(dump.err + dump.out + "\n" + script));
        const QString file = newDump(dir.path(), aged, "shop-db-*");
        QVERIFY(!file.isEmpty());
        QVERIFY2(file.endsWith(".sql"), qPrintable(file));

        MariadbServer target;
        error = target.start();
        if (!error.isEmpty())
            QFAIL(qPrintable(error));
        QFile sql(file);
        QVERIFY(sql.open(QIODevice::ReadOnly));
        const Run restore = run(QStandardPaths::findExecutable("mariadb"), target.clientArgs({}),
                                sql.readAll(), 120000);
        QVERIFY2(restore.ok(), qPrintable(restore.err + restore.out));
        QCOMPARE(value(target, "SELECT count(*) FROM shop.backup_probe"), QString("1234"));
        QCOMPARE(value(target, "SELECT sum(id) FROM shop.backup_probe"),
                 value(source, "SELECT sum(id) FROM shop.backup_probe"));
        QCOMPARE(value(target, tablesSql), tables);
        QCOMPARE(value(target, viewsSql), value(source, viewsSql));
    }
};

QTEST_GUILESS_MAIN(TestDbBackup)
#include "tst_db_backup.moc"
