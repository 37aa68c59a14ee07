// archsim-cli export k8s|compose|redis|report: files written, exit codes, clear errors.

#include "clirunner.h"

#include "archsim/model/runstore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using archsim::test::runCli;

namespace {

const QString kExample = QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");

} // namespace

class TestExportDeploy : public QObject {
    Q_OBJECT

private slots:
    void writesFolders_data();
    void writesFolders();
    void report();
    void reportWithStoredRuns();
    void badUsage_data();
    void badUsage();
};

void TestExportDeploy::writesFolders_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("k8s") << "k8s"
                         << QStringList{"namespace.yaml", "network-policies.yaml",
                                        "order-svc.yaml", "shop-db.yaml",
                                        "partition-maintenance.yaml"};
    QTest::newRow("compose") << "compose"
                             << QStringList{"docker-compose.yml", ".env", "redis/redis.conf"};
    QTest::newRow("redis") << "redis" << QStringList{"redis.conf"};
}

void TestExportDeploy::writesFolders()
{
    QFETCH(QString, target);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    const auto r = runCli({"export", target, kExample, "-o", dir.path() + "/out"});
    QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.err));
    for (const auto &f : expected) {
        QVERIFY2(QFile::exists(dir.path() + "/out/" + f), qPrintable(f));
        QVERIFY2(r.out.contains(f), qPrintable(r.out)); // the written files are listed
    }
}

void TestExportDeploy::report()
{
    QTemporaryDir dir;
    const QString html = dir.path() + "/report.html";
    const auto r = runCli({"export", "report", kExample, "-o", html, "--results",
                           QStringLiteral(ARCHSIM_SOURCE_DIR
                                          "/tests/exporters/fixtures/simulate-ecommerce.json")});
    QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(r.err));
    QFile f(html);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.startsWith("<!DOCTYPE html>"));
    QVERIFY(text.contains("<section id=\"simulation\">"));
    QVERIFY(text.contains("Run 1: simulate-ecommerce.json"));
}

void TestExportDeploy::reportWithStoredRuns()
{
    QTemporaryDir dir;
    const QString project = dir.path() + "/shop.archsim";
    const auto converted = runCli({"convert", kExample, project});
    QVERIFY2(converted.exitCode == 0, qPrintable(converted.err));
    QFile fixture(QStringLiteral(ARCHSIM_SOURCE_DIR
                                 "/tests/exporters/fixtures/simulate-ecommerce.json"));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    const std::string results = fixture.readAll().toStdString();
    for (const char *label : {"before the cache", "after the cache"}) {
        archsim::model::RunRecord run;
        run.label = label;
        run.seed = 1;
        run.results_json = results;
        const auto stored = archsim::model::storeRun(project.toStdString(), run);
        QVERIFY2(stored.ok(), stored.message().c_str());
    }
    const QString html = dir.path() + "/report.html";
    auto r = runCli({"export", "report", project, "-o", html});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile f(html);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains("Run 1: before the cache"));
    QVERIFY(text.contains("Run 2: after the cache"));
    // --stored-runs 1 keeps the most recent only; 0 none.
    r = runCli({"export", "report", project, "-o", html, "--stored-runs", "1"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    text = QString::fromUtf8(f.readAll());
    QVERIFY(!text.contains("before the cache"));
    QVERIFY(text.contains("Run 1: after the cache"));
    r = runCli({"export", "report", project, "-o", html, "--stored-runs", "0"});
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!QString::fromUtf8(f.readAll()).contains("<section id=\"simulation\">"));
}

void TestExportDeploy::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no target") << QStringList{"export"} << "Targets:";
    QTest::newRow("unknown target") << QStringList{"export", "helm", kExample}
                                    << "unknown export target 'helm'";
    QTest::newRow("k8s without -o") << QStringList{"export", "k8s", kExample}
                                    << "needs an output folder";
    QTest::newRow("missing model")
        << QStringList{"export", "k8s", "/nonexistent/model.json", "-o", "/tmp/unused"}
        << "model.json";
    QTest::newRow("results not simulate JSON")
        << QStringList{"export", "report", kExample, "--results", kExample} << "/summary";
}

void TestExportDeploy::badUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const auto r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestExportDeploy)
#include "tst_export_deploy.moc"
