// A queue component's RabbitMQ broker is configured as the model declares it (issue 18: "max
// length, overflow" were missing from the exports): a quorum queue with x-max-length,
// x-overflow, x-message-ttl, x-delivery-limit and its dead letters, a shovel when the
// dead-letter queue runs as its own broker, and the visibility timeout as consumer_timeout.
// The definitions hold passwords, so they are rendered from a template by awk at start: the
// renderer is run here on hostile passwords (tests/exporters/tst_db_rabbitmq.cpp loads the
// result into real brokers).
#include "archsim/exporters/compose.h"
#include "archsim/exporters/k8s.h"
#include "archsim/exporters/rabbitmq.h"
#include "archsim/model/io.h"
#include "deploytestutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace archsim;
using namespace deploytest;

namespace {

model::Model ecommerce() { return loadExample("ecommerce.json"); }

exporters::RabbitConfig config(const model::Model &m, const std::string &id)
{
    for (const auto &c : m.components)
        if (c.id == id)
            return exporters::rabbitmqConfig(m, c, [](const std::string &h) { return h; });
    qFatal("no component %s", id.c_str());
}

// The template parses as JSON as it is: placeholders only ever stand inside strings.
QJsonObject definitions(const exporters::RabbitConfig &rc)
{
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(rc.definitions), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("definitions: %s", qPrintable(err.errorString()));
    return doc.object();
}

QJsonObject queue(const QJsonObject &defs, const QString &name)
{
    for (const auto &q : defs["queues"].toArray())
        if (q.toObject()["name"].toString() == name)
            return q.toObject();
    return {};
}

bool mentions(const std::vector<std::string> &notes, const std::string &text)
{
    for (const auto &n : notes)
        if (n.find(text) != std::string::npos)
            return true;
    return false;
}

struct Rendered {
    int exitCode = -1;
    QByteArray file;
    QString errors;
};

// Runs the exported awk program as the init container does (LC_ALL=C, awk from PATH: mawk on
// Debian, as in the image) with the given environment only.
Rendered render(const exporters::RabbitConfig &rc, const QMap<QString, QString> &vars)
{
    Rendered r;
    QTemporaryDir dir;
    const QString awk = QStandardPaths::findExecutable(QStringLiteral("awk"));
    if (!dir.isValid() || awk.isEmpty()) {
        r.errors = QStringLiteral("no awk or no temporary folder");
        return r;
    }
    auto write = [&](const QString &name, const std::string &text) {
        QFile f(dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(text.data(), qint64(text.size()));
    };
    write(QStringLiteral("render.awk"), rc.renderAwk);
    write(QStringLiteral("definitions.json.in"), rc.definitions);
    QProcess p;
    QProcessEnvironment env;
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    for (auto it = vars.begin(); it != vars.end(); ++it)
        env.insert(it.key(), it.value());
    p.setProcessEnvironment(env);
    const QString out = dir.filePath(QStringLiteral("definitions.json"));
    p.start(awk, {QStringLiteral("-v"), QStringLiteral("out=") + out, QStringLiteral("-f"),
                  dir.filePath(QStringLiteral("render.awk")),
                  dir.filePath(QStringLiteral("definitions.json.in"))});
    p.waitForFinished(30000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.errors = QString::fromUtf8(p.readAllStandardError());
    QFile f(out);
    if (f.open(QIODevice::ReadOnly))
        r.file = f.readAll();
    return r;
}

} // namespace

class TestRabbitmq : public QObject
{
    Q_OBJECT

private slots:
    void queueArgumentsFollowTheModel();
    void overflowAndRetentionMapping();
    void deadLetterStreamIsLeftToTheConsumer();
    void renderEscapesHostilePasswords();
    void renderRefusesAMissingPassword();
    void kubernetesRendersBeforeTheBroker();
    void composeMountsTheConfiguration();
};

// The example's email-queue: max_length 50000 (reject), visibility 60 s, retention the default
// 4 days; its consumer email-sender gives up after 5 attempts into email-dlq, its own broker.
void TestRabbitmq::queueArgumentsFollowTheModel()
{
    const auto m = ecommerce();
    const auto rc = config(m, "email-queue");
    const auto defs = definitions(rc);
    const auto q = queue(defs, QStringLiteral("email-queue"));
    QVERIFY(!q.isEmpty());
    QVERIFY(q["durable"].toBool());
    const auto a = q["arguments"].toObject();
    QCOMPARE(a["x-queue-type"].toString(), QStringLiteral("quorum"));
    QCOMPARE(a["x-max-length"].toInteger(), 50000);
    QCOMPARE(a["x-overflow"].toString(), QStringLiteral("reject-publish"));
    QCOMPARE(a["x-message-ttl"].toInteger(), 345600LL * 1000);
    // RabbitMQ dead-letters a message once it was returned more than the limit: 5 attempts.
    QCOMPARE(a["x-delivery-limit"].toInteger(), 4);
    QCOMPARE(a["x-dead-letter-exchange"].toString(), QString());
    QCOMPARE(a["x-dead-letter-routing-key"].toString(), QStringLiteral("email-dlq"));
    // The dead letters land in a local queue that a shovel empties into email-dlq's broker.
    QCOMPARE(queue(defs, QStringLiteral("email-dlq"))["arguments"].toObject()["x-queue-type"]
                 .toString(),
             QStringLiteral("quorum"));
    const auto params = defs["parameters"].toArray();
    QCOMPARE(params.size(), 1);
    const auto shovel = params[0].toObject();
    QCOMPARE(shovel["component"].toString(), QStringLiteral("shovel"));
    const auto v = shovel["value"].toObject();
    QCOMPARE(v["src-queue"].toString(), QStringLiteral("email-dlq"));
    QCOMPARE(v["dest-uri"].toString(),
             QStringLiteral("amqp://archsim:@URI:ARCHSIM_DLQ_EMAIL_DLQ_PASS@@email-dlq:5672"));
    QCOMPARE(v["dest-exchange-key"].toString(), QStringLiteral("email-dlq"));
    QCOMPARE(v["ack-mode"].toString(), QStringLiteral("on-confirm"));
    QCOMPARE(rc.env.size(), size_t(1));
    QCOMPARE(rc.env[0].name, std::string("ARCHSIM_DLQ_EMAIL_DLQ_PASS"));
    QCOMPARE(rc.env[0].broker, std::string("email-dlq"));
    QVERIFY(rc.enabledPlugins.find("rabbitmq_shovel") != std::string::npos);
    QVERIFY(rc.enabledPlugins.find("rabbitmq_prometheus") != std::string::npos);
    QVERIFY(rc.conf.find("consumer_timeout = 60000\n") != std::string::npos);
    QVERIFY(rc.conf.find("definitions.local.path = /etc/rabbitmq/definitions/definitions.json")
            != std::string::npos);
    QCOMPARE(exporters::rabbitDeadLetterQueue(m, component(const_cast<model::Model &>(m),
                                                           "email-queue")),
             std::string("email-dlq"));
    // The dead-letter queue itself: no consumer, so no route and no shovel plugin.
    const auto dlq = config(m, "email-dlq");
    const auto dq = queue(definitions(dlq), QStringLiteral("email-dlq"))["arguments"].toObject();
    QCOMPARE(dq["x-max-length"].toInteger(), 1000000);
    QCOMPARE(dq["x-message-ttl"].toInteger(), 1209600LL * 1000);
    QVERIFY(!dq.contains("x-delivery-limit"));
    QCOMPARE(dlq.enabledPlugins, std::string("[rabbitmq_prometheus].\n"));
}

void TestRabbitmq::overflowAndRetentionMapping()
{
    auto m = ecommerce();
    auto &q = component(m, "email-queue");
    q.queue->overflow = model::Overflow::DropOldest;
    auto a = queue(definitions(config(m, "email-queue")), "email-queue")["arguments"].toObject();
    QCOMPARE(a["x-overflow"].toString(), QStringLiteral("drop-head"));
    // No per-queue blocking in RabbitMQ: reject, and the note says publishers must retry.
    q.queue->overflow = model::Overflow::Block;
    auto rc = config(m, "email-queue");
    a = queue(definitions(rc), "email-queue")["arguments"].toObject();
    QCOMPARE(a["x-overflow"].toString(), QStringLiteral("reject-publish"));
    QVERIFY(mentions(rc.notes, "cannot block a publisher"));
    // Unbounded and kept forever: neither argument.
    q.queue->max_length = 0;
    q.queue->retention_s = 0;
    a = queue(definitions(config(m, "email-queue")), "email-queue")["arguments"].toObject();
    QVERIFY(!a.contains("x-max-length") && !a.contains("x-overflow"));
    QVERIFY(!a.contains("x-message-ttl"));
    // Beyond RabbitMQ's largest TTL (2^32 - 1 ms): clamped, and said.
    q.queue->retention_s = 90 * 86400.0;
    rc = config(m, "email-queue");
    a = queue(definitions(rc), "email-queue")["arguments"].toObject();
    QCOMPARE(a["x-message-ttl"].toInteger(), 4294967295LL);
    QVERIFY(mentions(rc.notes, "largest message TTL"));
    // A visibility timeout under RabbitMQ's once-a-minute check is said to act late.
    q.queue->visibility_timeout_s = 30;
    rc = config(m, "email-queue");
    QVERIFY(rc.conf.find("consumer_timeout = 30000\n") != std::string::npos);
    QVERIFY(mentions(rc.notes, "once a minute"));
}

// Dead letters into a Kafka stream: RabbitMQ cannot route there, so no delivery limit is set
// (it would drop the message) and the note says the consumer publishes them.
void TestRabbitmq::deadLetterStreamIsLeftToTheConsumer()
{
    auto m = ecommerce();
    for (auto &l : m.links)
        if (l.kind == model::LinkKind::Consume && l.to == "email-queue")
            l.consume->dead_letter = "order-events";
    const auto rc = config(m, "email-queue");
    const auto defs = definitions(rc);
    const auto a = queue(defs, "email-queue")["arguments"].toObject();
    QVERIFY(!a.contains("x-delivery-limit"));
    QVERIFY(!a.contains("x-dead-letter-exchange"));
    QVERIFY(defs["parameters"].toArray().isEmpty());
    QVERIFY(mentions(rc.notes, "the consumer must publish"));
    QVERIFY(exporters::rabbitDeadLetterQueue(m, component(m, "email-queue")).empty());
}

void TestRabbitmq::renderEscapesHostilePasswords()
{
    const auto rc = config(ecommerce(), "email-queue");
    // Quotes, backslashes, URI delimiters, a space, UTF-8 and a control character.
    const QString own = QStringLiteral("p\"a\\ss @:/?#[]%é\t");
    const QString other = QStringLiteral("o@t:h/e\"r\\ %20");
    const auto r = render(rc, {{"RABBITMQ_DEFAULT_USER", "archsim"},
                               {"RABBITMQ_DEFAULT_PASS", own},
                               {"ARCHSIM_DLQ_EMAIL_DLQ_PASS", other}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.errors));
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(r.file, &err);
    QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
    const auto defs = doc.object();
    const auto user = defs["users"].toArray()[0].toObject();
    QCOMPARE(user["name"].toString(), QStringLiteral("archsim"));
    QCOMPARE(user["password"].toString(), own);
    QCOMPARE(defs["permissions"].toArray()[0].toObject()["user"].toString(),
             QStringLiteral("archsim"));
    const QString uri =
        defs["parameters"].toArray()[0].toObject()["value"].toObject()["dest-uri"].toString();
    const QUrl url(uri, QUrl::StrictMode);
    QVERIFY2(url.isValid(), qPrintable(uri));
    QCOMPARE(url.host(), QStringLiteral("email-dlq"));
    QCOMPARE(url.port(), 5672);
    QCOMPARE(url.userName(), QStringLiteral("archsim"));
    QCOMPARE(url.password(QUrl::FullyDecoded), other);
    QVERIFY(!r.file.contains("@ENV:") && !r.file.contains("@URI:"));
}

void TestRabbitmq::renderRefusesAMissingPassword()
{
    const auto rc = config(ecommerce(), "email-queue");
    const auto r = render(rc, {{"RABBITMQ_DEFAULT_USER", "archsim"},
                               {"RABBITMQ_DEFAULT_PASS", "x"}});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errors.contains("ARCHSIM_DLQ_EMAIL_DLQ_PASS is not set"), qPrintable(r.errors));
}

void TestRabbitmq::kubernetesRendersBeforeTheBroker()
{
    const auto m = ecommerce();
    auto bundle = exporters::exportKubernetes(m, {});
    QVERIFY(bundle.ok());
    const auto docs = documents(bundle.value());
    const YAML::Node *sts = nullptr, *cm = nullptr;
    for (const auto &d : docs) {
        if (str(d["kind"]) == "StatefulSet" && str(d["metadata"]["name"]) == "email-queue")
            sts = &d;
        if (str(d["kind"]) == "ConfigMap" && str(d["metadata"]["name"]) == "email-queue-config")
            cm = &d;
    }
    QVERIFY(sts && cm);
    const auto rc = config(m, "email-queue");
    QCOMPARE(str((*cm)["data"]["definitions.json.in"]), rc.definitions);
    QCOMPARE(str((*cm)["data"]["render.awk"]), rc.renderAwk);
    QCOMPARE(str((*cm)["data"]["20-archsim.conf"]), rc.conf);
    QCOMPARE(str((*cm)["data"]["enabled_plugins"]), rc.enabledPlugins);
    const auto pod = (*sts)["spec"]["template"]["spec"];
    const auto init = pod["initContainers"][0];
    QCOMPARE(str(init["name"]), std::string("render-definitions"));
    QCOMPARE(str(init["command"][0]), std::string("awk"));
    QCOMPARE(str(init["command"][2]),
             std::string("out=/etc/rabbitmq/definitions/definitions.json"));
    std::map<std::string, std::string> secrets;
    for (const auto &e : init["env"])
        if (e["valueFrom"])
            secrets[str(e["name"])] = str(e["valueFrom"]["secretKeyRef"]["name"]);
    QCOMPARE(secrets["RABBITMQ_DEFAULT_PASS"], std::string("email-queue-credentials"));
    QCOMPARE(secrets["ARCHSIM_DLQ_EMAIL_DLQ_PASS"], std::string("email-dlq-credentials"));
    // The broker reads the rendered file from a memory-backed volume, read-only.
    bool definitionsMounted = false, confMounted = false;
    for (const auto &mnt : pod["containers"][0]["volumeMounts"]) {
        if (str(mnt["mountPath"]) == "/etc/rabbitmq/definitions")
            definitionsMounted = mnt["readOnly"].as<bool>();
        if (str(mnt["mountPath"]) == "/etc/rabbitmq/conf.d/20-archsim.conf")
            confMounted = str(mnt["subPath"]) == "20-archsim.conf";
    }
    QVERIFY(definitionsMounted && confMounted);
    bool memory = false;
    for (const auto &v : pod["volumes"])
        if (str(v["name"]) == "rabbitmq-definitions")
            memory = str(v["emptyDir"]["medium"]) == "Memory";
    QVERIFY(memory);
}

void TestRabbitmq::composeMountsTheConfiguration()
{
    const auto m = ecommerce();
    const auto bundle = exporters::exportCompose(m);
    const auto rc = config(m, "email-queue");
    for (const auto &[file, text] : std::vector<std::pair<std::string, std::string>>{
             {"definitions.json.in", rc.definitions}, {"render.awk", rc.renderAwk},
             {"20-archsim.conf", rc.conf}, {"enabled_plugins", rc.enabledPlugins},
             {"start.sh", rc.startScript}}) {
        const auto *f = bundle.find("rabbitmq/email-queue/" + file);
        QVERIFY2(f, file.c_str());
        QCOMPARE(f->text, text);
    }
    const auto compose = YAML::Load(bundle.find("docker-compose.yml")->text);
    const auto svc = compose["services"]["email-queue"];
    QCOMPARE(str(svc["entrypoint"][1]), std::string("/etc/archsim-rabbitmq/start.sh"));
    QCOMPARE(str(svc["tmpfs"][0]), std::string("/etc/rabbitmq/definitions"));
    QCOMPARE(str(svc["environment"]["ARCHSIM_DLQ_EMAIL_DLQ_PASS"]),
             std::string("${EMAIL_DLQ_CREDENTIALS_PASSWORD}"));
    QCOMPARE(str(svc["environment"]["RABBITMQ_DEFAULT_USER"]), std::string("archsim"));
    // The broker's shovel connects to the dead-letter queue: it starts after it.
    QCOMPARE(str(svc["depends_on"]["email-dlq"]["condition"]), std::string("service_healthy"));
    QVERIFY(bundle.find(".env")->text.find("EMAIL_DLQ_CREDENTIALS_PASSWORD=")
            != std::string::npos);
}

QTEST_GUILESS_MAIN(TestRabbitmq)
#include "tst_rabbitmq.moc"
