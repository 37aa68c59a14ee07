// docker-compose export: docker-compose 1.29 accepts every generated file (`config -q`),
// yamllint finds no error, dependencies wait for health, networks mirror the links, Redis
// gets its redis.conf and databases their DDL.

#include "archsim/exporters/compose.h"
#include "archsim/model/io.h"

#include "deploymodels.h"
#include "deploytestutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace archsim;
using namespace deploytest;

namespace {

model::Model modelFor(const QString &example)
{
    if (example == "shop")
        return shopModel();
    if (example == "hostile")
        return hostileModel();
    auto loaded = model::loadModel(example.toStdString());
    return loaded.ok() ? loaded.value() : model::Model{};
}

YAML::Node composeDoc(const exporters::Bundle &b)
{
    const auto *f = b.find("docker-compose.yml");
    return f ? YAML::Load(f->text) : YAML::Node();
}

std::set<std::string> networksOf(const YAML::Node &doc, const std::string &service)
{
    std::set<std::string> out;
    for (const auto &n : doc["services"][service]["networks"])
        out.insert(n.as<std::string>());
    return out;
}

bool shareNetwork(const YAML::Node &doc, const std::string &a, const std::string &b)
{
    const auto na = networksOf(doc, a), nb = networksOf(doc, b);
    return std::any_of(na.begin(), na.end(), [&](const auto &n) { return nb.count(n) > 0; });
}

} // namespace

class TestCompose : public QObject {
    Q_OBJECT

private slots:
    void dockerComposeAccepts_data();
    void dockerComposeAccepts();
    void dependsOnHealthy();
    void networksMirrorLinks();
    void redisAndDdl();
    void secretsFromEnvFile();
    void healthPathShellInjection_data();
    void healthPathShellInjection();
};

void TestCompose::dockerComposeAccepts_data()
{
    QTest::addColumn<QString>("example");
    QTest::newRow("shop (built)") << "shop";
    QTest::newRow("hostile names (built)") << "hostile";
    const QDir examples(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples"));
    for (const auto &f : examples.entryInfoList({"*.json"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
}

void TestCompose::dockerComposeAccepts()
{
    QFETCH(QString, example);
    const auto m = modelFor(example);
    QVERIFY(!m.components.empty());
    const auto bundle = exporters::exportCompose(m);
    for (const auto &w : bundle.warnings) // every example runs something locally
        QVERIFY2(w.message.find("compose file is empty") == std::string::npos,
                 w.message.c_str());
    QVERIFY(!composeDoc(bundle)["services"].IsNull());
    // Published host ports are distinct (docker-compose up would fail otherwise).
    std::set<std::string> hostPorts;
    for (const auto &svc : composeDoc(bundle)["services"])
        for (const auto &p : svc.second["ports"]) {
            const auto spec = p.as<std::string>();
            const auto host = spec.substr(0, spec.rfind(':'));
            QVERIFY2(hostPorts.insert(host).second, spec.c_str());
        }
    QTemporaryDir dir;
    const auto files = writeTo(bundle, dir.path());
    QVERIFY(!files.isEmpty());
    const QString tool = QStandardPaths::findExecutable("docker-compose");
    QVERIFY2(!tool.isEmpty(), "docker-compose 1.29 is not installed "
                              "(apt-get install --no-install-recommends docker-compose)");
    const auto r = run(tool, {"-f", dir.path() + "/docker-compose.yml", "config", "-q"},
                       dir.path());
    QVERIFY2(r.started && r.exitCode == 0, qPrintable(r.output));
    QVERIFY2(!r.output.contains("WARNING"), qPrintable(r.output)); // e.g. unset variables
    const auto lint = run("yamllint", {"-f", "parsable", dir.path() + "/docker-compose.yml"});
    QVERIFY2(lint.started && !lint.output.contains("[error]"), qPrintable(lint.output));
}

void TestCompose::dependsOnHealthy()
{
    const auto doc = composeDoc(exporters::exportCompose(shopModel()));
    // api calls the cache, writes the database (and, through the cache fill, reads it),
    // publishes to the queue; the worker consumes from the queue.
    const std::map<std::string, std::set<std::string>> expected{
        {"edge-lb", {"api"}},
        {"api", {"orders-cache", "orders-db", "events"}},
        {"mailer", {"events"}}};
    for (const auto &[svc, deps] : expected) {
        std::set<std::string> got;
        for (const auto &d : doc["services"][svc]["depends_on"]) {
            QCOMPARE(d.second["condition"].as<std::string>(), std::string("service_healthy"));
            got.insert(d.first.as<std::string>());
        }
        QVERIFY2(got == deps, svc.c_str());
    }
    for (const auto &s : doc["services"])
        QVERIFY2(s.second["healthcheck"]["test"], s.first.as<std::string>().c_str());
}

void TestCompose::networksMirrorLinks()
{
    const auto doc = composeDoc(exporters::exportCompose(shopModel()));
    // Linked pairs meet on a network; unlinked ones do not.
    QVERIFY(shareNetwork(doc, "edge-lb", "api"));
    QVERIFY(shareNetwork(doc, "api", "orders-db"));
    QVERIFY(shareNetwork(doc, "mailer", "events"));
    QVERIFY(!shareNetwork(doc, "edge-lb", "orders-db"));
    QVERIFY(!shareNetwork(doc, "mailer", "orders-db"));
    QVERIFY(!shareNetwork(doc, "edge-lb", "orders-cache"));
    // Internal networks have no route out; only the entry point is published, on loopback.
    QVERIFY(doc["networks"]["to-orders-db"]["internal"].as<bool>());
    QVERIFY(networksOf(doc, "edge-lb").count("edge"));
    QCOMPARE(doc["services"]["edge-lb"]["ports"][0].as<std::string>(),
             std::string("127.0.0.1:8080:8080"));
    QVERIFY(!doc["services"]["api"]["ports"]);
    QVERIFY(networksOf(doc, "api").count("egress")); // payments is external
}

void TestCompose::redisAndDdl()
{
    exporters::ComposeOptions options;
    options.ddl = [](const model::Model &, const model::Component &c) {
        return "CREATE SCHEMA shop; -- for " + c.id + "\n";
    };
    const auto bundle = exporters::exportCompose(shopModel(), options);
    const auto doc = composeDoc(bundle);
    QVERIFY(bundle.find("redis/orders-cache.conf"));
    QVERIFY(bundle.find("initdb/orders-db.sql"));
    QCOMPARE(bundle.find("initdb/orders-db.sql")->text,
             std::string("CREATE SCHEMA shop; -- for orders-db\n"));
    auto volumes = doc["services"]["orders-db"]["volumes"];
    bool mounted = false;
    for (const auto &v : volumes)
        mounted = mounted
            || v.as<std::string>()
                == "./initdb/orders-db.sql:/docker-entrypoint-initdb.d/10-schema.sql:ro";
    QVERIFY(mounted);
    const auto cmd = doc["services"]["orders-cache"]["command"];
    QCOMPARE(cmd[1].as<std::string>(), std::string("/usr/local/etc/redis/redis.conf"));
    // By default the DDL exporter's script for the database's schema initialises it.
    const auto plain = exporters::exportCompose(shopModel());
    QVERIFY(plain.find("initdb/orders-db.sql"));
    QVERIFY(plain.find("initdb/orders-db.sql")->text.find("CREATE TABLE \"shop\".\"orders\"")
            != std::string::npos);
    // An empty DDL leaves the database empty, and the user is told.
    exporters::ComposeOptions none;
    none.ddl = [](const model::Model &, const model::Component &) { return std::string(); };
    const auto empty = exporters::exportCompose(shopModel(), none);
    QVERIFY(!empty.find("initdb/orders-db.sql"));
    QVERIFY(std::any_of(empty.warnings.begin(), empty.warnings.end(), [](const auto &w) {
        return w.message.find("starts empty") != std::string::npos;
    }));
}

void TestCompose::secretsFromEnvFile()
{
    const auto bundle = exporters::exportCompose(shopModel());
    const auto doc = composeDoc(bundle);
    const auto env = doc["services"]["api"]["environment"];
    QCOMPARE(env["DB_PASSWORD"].as<std::string>(),
             std::string("${ORDERS_DB_CREDENTIALS_PASSWORD}"));
    QCOMPARE(env["FEATURE_FLAGS"].as<std::string>(), std::string("8080"));
    const auto *dotenv = bundle.find(".env");
    QVERIFY(dotenv);
    QVERIFY(dotenv->text.find("ORDERS_DB_CREDENTIALS_PASSWORD=") != std::string::npos);
}

void TestCompose::healthPathShellInjection_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("the probe's command") << "/health; touch injected; echo ";
    QTest::newRow("command substitution") << "/health$(touch injected)";
    QTest::newRow("backticks") << "/health`touch injected`";
    QTest::newRow("newline") << "/health\ntouch injected";
    QTest::newRow("pipe") << "/health | touch injected";
}

// Issue 15, defect 2: a health path ran as shell commands inside the CMD-SHELL healthcheck.
// validate() now refuses such a path, and the exporter stays safe for a model that was never
// validated: the healthcheck docker-compose resolves, run the way Docker runs it (CMD-SHELL
// through /bin/sh -c, CMD as an argument vector), must leave no file behind, and the path must
// reach wget unchanged as one argument.
void TestCompose::healthPathShellInjection()
{
    QFETCH(QString, path);
    auto m = shopModel();
    auto api = std::find_if(m.components.begin(), m.components.end(),
                            [](const auto &c) { return c.id == "api"; });
    QVERIFY(api != m.components.end());
    api->deploy.health_path = path.toStdString();
    QTemporaryDir dir;
    QVERIFY(!writeTo(exporters::exportCompose(m), dir.path()).isEmpty());
    const QString tool = QStandardPaths::findExecutable("docker-compose");
    QVERIFY2(!tool.isEmpty(), "docker-compose 1.29 is not installed");
    QVERIFY2(run(tool, {"-f", dir.path() + "/docker-compose.yml", "config", "-q"}, dir.path())
                     .exitCode == 0,
             "docker-compose refused the file");
    QProcess config; // stdout only: the resolved file, without warnings
    config.setWorkingDirectory(dir.path());
    config.start(tool, {"-f", dir.path() + "/docker-compose.yml", "config"});
    QVERIFY(config.waitForFinished(120000) && config.exitCode() == 0);
    const YAML::Node test =
        YAML::Load(config.readAllStandardOutput().toStdString())["services"]["api"]
                                                                ["healthcheck"]["test"];
    QVERIFY(test && test.IsSequence() && test.size() >= 2);
    std::vector<std::string> argv;
    for (const auto &a : test) {
        // docker-compose config writes a literal '$' as "$$" again; Docker gets one '$'.
        QString arg = QString::fromStdString(a.as<std::string>());
        argv.push_back(arg.replace("$$", "$").toStdString());
    }
    // Run it as Docker would, in a scratch folder (wget fails to connect: nothing listens).
    QTemporaryDir work;
    QProcess probe;
    probe.setWorkingDirectory(work.path());
    if (argv.front() == "CMD-SHELL") {
        probe.start("/bin/sh", {"-c", QString::fromStdString(argv[1])});
    } else {
        QStringList args;
        for (size_t i = 2; i < argv.size(); ++i)
            args << QString::fromStdString(argv[i]);
        probe.start(QString::fromStdString(argv[1]), args);
    }
    probe.waitForFinished(30000);
    QVERIFY2(!QFile::exists(work.path() + "/injected"), "the health path ran as a command");
    QCOMPARE(argv.front(), std::string("CMD"));
    const std::string url = argv.back();
    QVERIFY2(url.rfind("http://127.0.0.1:", 0) == 0, url.c_str());
    QCOMPARE(url.substr(url.find('/', 7)), path.toStdString());
}

QTEST_GUILESS_MAIN(TestCompose)
#include "tst_compose.moc"
