// archsim-cli import: writing a new model or updating one, --strict, and nothing written on
// failure (syntax error with its line, connection failure naming the host, missing --dev-url).

#include "clirunner.h"
#include "dbserver.h"

#include "archsim/model/io.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>


using archsim::test::runCli;

namespace {

const QString kFeatures =
    QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/importers/data/features_pg.sql");
const QString kExample = QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/three-tier.json");

QByteArray digest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TstImport : public QObject {
    Q_OBJECT

private slots:
    void newModelFromAPgScript()
    {
        QTemporaryDir dir;
        const QString out = dir.path() + "/m.json";
        auto r = runCli({"import", "sql", kFeatures, "--dialect", "postgres", "-o", out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("not imported: index customers_lower_email"), qPrintable(r.err));
        QVERIFY(r.err.contains("features_pg.sql:"));
        auto m = archsim::model::loadModel(out.toStdString());
        QVERIFY2(m.ok(), m.message().c_str());
        QCOMPARE(m->schemas.size(), size_t(2));
        QCOMPARE(m->components.size(), size_t(2));
        QVERIFY(m->components[0].position);
        // The written model works with the other commands.
        QCOMPARE(runCli({"export", "ddl", "--dialect", "postgres", out}).exitCode, 0);
    }

    void intoAddsToAnExistingModel()
    {
        QTemporaryDir dir;
        const QString model = dir.path() + "/m.json";
        QVERIFY(QFile::copy(kExample, model));
        auto before = archsim::model::loadModel(model.toStdString());
        QVERIFY(before.ok());
        auto r = runCli({"import", "sql", kFeatures, "--dialect", "postgres", "--into", model,
                         "--name", "legacy"});
        QCOMPARE(r.exitCode, 0);
        auto after = archsim::model::loadModel(model.toStdString());
        QVERIFY2(after.ok(), after.message().c_str());
        QCOMPARE(after->components.size(), before->components.size() + 2);
        QCOMPARE(after->schemas.size(), before->schemas.size() + 2);
        for (size_t k = 0; k < before->components.size(); ++k)
            QCOMPARE(after->components[k], before->components[k]);
        // Importing again replaces the same components and schemas.
        QCOMPARE(runCli({"import", "sql", kFeatures, "--dialect", "postgres", "--into", model,
                         "--name", "legacy"})
                     .exitCode,
                 0);
        auto again = archsim::model::loadModel(model.toStdString());
        QCOMPARE(again->components.size(), after->components.size());
        QCOMPARE(again.value(), after.value());
    }

    void strictRefusesAndWritesNothing()
    {
        QTemporaryDir dir;
        const QString out = dir.path() + "/m.json";
        auto r = runCli({"import", "sql", kFeatures, "--dialect", "postgres", "-o", out,
                         "--strict"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--strict"), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    void syntaxErrorNamesFileLineAndWritesNothing()
    {
        QTemporaryDir dir;
        const QString sql = dir.path() + "/bad.sql";
        writeText(sql, "CREATE TABLE a (id int);\nCREATE TABLE b (\n  x int int\n);\n");
        const QString model = dir.path() + "/m.json";
        QVERIFY(QFile::copy(kExample, model));
        QFile::setPermissions(model, QFile::ReadOwner | QFile::WriteOwner);
        const QByteArray before = digest(model);
        auto r = runCli({"import", "sql", sql, "--dialect", "postgres", "--into", model});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(sql + ":3:9: error: syntax error at or near \"int\""),
                 qPrintable(r.err));
        QCOMPARE(digest(model), before);
    }

    void connectionFailureNamesHostAndWritesNothing()
    {
        QTemporaryDir dir;
        const QString out = dir.path() + "/m.json";
        const int port = ddltest::freePort();
        auto r = runCli({"import", "db",
                         QString("postgresql://app:hunter2@127.0.0.1:%1/shop").arg(port), "-o",
                         out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QString("127.0.0.1:%1").arg(port)), qPrintable(r.err));
        QVERIFY(!r.err.contains("hunter2"));
        QVERIFY(!QFile::exists(out));
    }

    void mysqlWithoutDevUrlNamesTheFlag()
    {
        QTemporaryDir dir;
        const QString sql = dir.path() + "/my.sql";
        writeText(sql, "CREATE TABLE t (a int);\n");
        auto r = runCli({"import", "sql", sql, "--dialect", "mysql"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--dev-url"), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void sqliteFileImport()
    {
        QTemporaryDir dir;
        const QString db = dir.path() + "/app.db";
        QCOMPARE(runCli({"import", "db", db}).exitCode, 2); // does not exist
        QVERIFY(!QFile::exists(db));                       // and was not created
    }

    void unknownDialectIsUsage()
    {
        auto r = runCli({"import", "sql", kFeatures, "--dialect", "oracle"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("oracle"));
    }
};

QTEST_GUILESS_MAIN(TstImport)
#include "tst_import.moc"
