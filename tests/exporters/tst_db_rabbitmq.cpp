// The exported RabbitMQ configuration runs on real brokers (Debian's rabbitmq-server, found by
// CMake; the manifests name the 3.13 image, whose queue arguments, definitions format and
// shovel parameters are the same). Two brokers are started on loopback in a temporary folder,
// as the Kubernetes export describes them: the init container's own awk command renders each
// definitions template with hostile passwords, the ConfigMap's conf.d fragment and plugins
// are loaded (plus the management plugin, for this test's HTTP calls, and loopback ports).
// Then: the user logs in with its password, the queue holds the model's arguments, a full
// queue rejects publishes (x-overflow reject-publish), and a message returned max_attempts
// times reaches the dead-letter queue's own broker through the shovel.
#include "archsim/exporters/k8s.h"
#include "deploytestutil.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <map>
#include <memory>

using namespace archsim;
using namespace deploytest;

namespace {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// The passwords the secrets hold in this test: everything a JSON string or a URI must escape.
const std::map<std::string, QString> kSecrets{
    {"email-queue-credentials", QStringLiteral("q\"u\\e ue@:/%é")},
    {"email-dlq-credentials", QStringLiteral("d@l:q/\"\\ %2F")}};

struct Broker {
    QString name;     // node name (without @localhost)
    QString dir;      // its folder
    quint16 amqp = 0; // ports on 127.0.0.1
    quint16 dist = 0;
    quint16 http = 0;
    quint16 metrics = 0;
    QString password;
    std::unique_ptr<QProcess> process;
};

struct Http {
    int status = 0;
    QByteArray body;
};

} // namespace

class TestDbRabbitmq : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void userAndQueueArguments();
    void fullQueueRejectsPublishes();
    void deadLettersReachTheirBroker();

private:
    bool prepare(Broker &b, const std::vector<YAML::Node> &docs, const QString &component);
    bool start(Broker &b);
    QProcessEnvironment env(const Broker &b) const;
    QString ctl(const Broker &b, const QStringList &args);
    Http http(const Broker &b, const QByteArray &method, const QString &path,
              const QByteArray &body = {});
    qint64 depth(const Broker &b, const QString &queue);
    bool publish(const Broker &b, const QString &queue, const QString &payload);

    QTemporaryDir m_root;
    quint16 m_epmd = 0;
    Broker m_queue, m_dlq;
    QNetworkAccessManager m_net;
};

void TestDbRabbitmq::initTestCase()
{
    QVERIFY2(QFileInfo(ARCHSIM_RABBITMQ_SERVER).isExecutable(),
             "rabbitmq-server not found: install the test dependencies (scripts/deps.sh test)");
    QVERIFY(m_root.isValid());
    m_epmd = freePort();
    // The example, with a queue short enough to fill and a consumer that gives up after two
    // attempts (x-delivery-limit 1).
    auto m = loadExample("ecommerce.json");
    component(m, "email-queue").queue->max_length = 3;
    for (auto &l : m.links)
        if (l.kind == model::LinkKind::Consume && l.to == "email-queue")
            l.consume->max_attempts = 2;
    auto bundle = exporters::exportKubernetes(m, {});
    QVERIFY(bundle.ok());
    const auto docs = documents(bundle.value());
    m_queue.name = QStringLiteral("emailqueue");
    m_dlq.name = QStringLiteral("emaildlq");
    for (Broker *b : {&m_queue, &m_dlq}) {
        b->dir = m_root.filePath(b->name);
        b->amqp = freePort();
        b->dist = freePort();
        b->http = freePort();
        b->metrics = freePort();
    }
    QVERIFY(prepare(m_dlq, docs, QStringLiteral("email-dlq")));
    QVERIFY(prepare(m_queue, docs, QStringLiteral("email-queue")));
    QVERIFY(start(m_dlq));
    QVERIFY(start(m_queue));
    for (Broker *b : {&m_queue, &m_dlq}) {
        const QString out = ctl(*b, {QStringLiteral("wait"), QStringLiteral("--timeout"),
                                     QStringLiteral("120"), b->dir + "/pid"});
        QVERIFY2(b->process->state() == QProcess::Running && out.contains("are running"),
                 qPrintable(b->name + ": " + out + b->process->readAll()));
        // Up, and its HTTP listener (this test's probe) answers.
        QVERIFY2(http(*b, "GET", QStringLiteral("overview")).status == 200,
                 qPrintable(b->name + ": " + b->process->readAll()));
    }
}

void TestDbRabbitmq::cleanupTestCase()
{
    if (qEnvironmentVariableIsSet("ARCHSIM_KEEP_RABBITMQ")) { // debugging: keep the folder
        m_root.setAutoRemove(false);
        qWarning("kept %s", qPrintable(m_root.path()));
    }
    for (Broker *b : {&m_queue, &m_dlq}) {
        if (!b->process || b->process->state() == QProcess::NotRunning)
            continue;
        ctl(*b, {QStringLiteral("stop")});
        if (!b->process->waitForFinished(30000)) {
            b->process->kill();
            b->process->waitForFinished(5000);
        }
    }
    // The brokers started their own epmd on this test's port: stop it too.
    if (m_epmd != 0)
        run(QStringLiteral(ARCHSIM_EPMD), {QStringLiteral("-port"), QString::number(m_epmd),
                                           QStringLiteral("-kill")});
}

// Writes the broker's files from the exported manifests and renders its definitions with the
// init container's command, its paths moved into the test folder.
bool TestDbRabbitmq::prepare(Broker &b, const std::vector<YAML::Node> &docs,
                             const QString &component)
{
    const YAML::Node *cm = nullptr, *sts = nullptr;
    for (const auto &d : docs) {
        if (str(d["kind"]) == "ConfigMap" && str(d["metadata"]["name"]) == component.toStdString() + "-config")
            cm = &d;
        if (str(d["kind"]) == "StatefulSet" && str(d["metadata"]["name"]) == component.toStdString())
            sts = &d;
    }
    if (!cm || !sts)
        return false;
    QDir().mkpath(b.dir + "/tmpl");
    QDir().mkpath(b.dir + "/defs");
    auto write = [](const QString &path, QString text) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        f.write(text.toUtf8());
        return true;
    };
    QString tmpl = QString::fromStdString(str((*cm)["data"]["definitions.json.in"]));
    // The shovel's Kubernetes Service name and port stand for the other broker here.
    tmpl.replace(QStringLiteral("@email-dlq:5672"),
                 QStringLiteral("@127.0.0.1:") + QString::number(m_dlq.amqp));
    write(b.dir + "/tmpl/definitions.json.in", tmpl);
    write(b.dir + "/tmpl/render.awk", QString::fromStdString(str((*cm)["data"]["render.awk"])));
    const QString defs = b.dir + "/defs/definitions.json";
    QString conf = QString::fromStdString(str((*cm)["data"]["20-archsim.conf"]));
    conf.replace(QStringLiteral("/etc/rabbitmq/definitions/definitions.json"), defs);
    conf += QStringLiteral("listeners.tcp.default = 127.0.0.1:%1\n"
                           "management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %2\n"
                           "prometheus.tcp.ip = 127.0.0.1\nprometheus.tcp.port = %3\n")
                .arg(b.amqp)
                .arg(b.http)
                .arg(b.metrics);
    write(b.dir + "/rabbitmq.conf", conf);
    QString plugins = QString::fromStdString(str((*cm)["data"]["enabled_plugins"]));
    plugins.replace(QStringLiteral("]."), QStringLiteral(",rabbitmq_management]."));
    write(b.dir + "/enabled_plugins", plugins);

    // The init container: its command and environment, secrets from this test's values.
    const auto init = (*sts)["spec"]["template"]["spec"]["initContainers"][0];
    QStringList command;
    for (const auto &a : init["command"]) {
        QString arg = QString::fromStdString(a.as<std::string>());
        arg.replace(QStringLiteral("/etc/archsim-rabbitmq"), b.dir + "/tmpl");
        arg.replace(QStringLiteral("/etc/rabbitmq/definitions"), b.dir + "/defs");
        command << arg;
    }
    QProcessEnvironment env;
    for (const auto &e : init["env"]) {
        const QString name = QString::fromStdString(str(e["name"]));
        if (e["value"]) {
            env.insert(name, QString::fromStdString(str(e["value"])));
        } else {
            const auto it = kSecrets.find(str(e["valueFrom"]["secretKeyRef"]["name"]));
            if (it == kSecrets.end())
                return false;
            env.insert(name, it->second);
        }
    }
    b.password = kSecrets.at(component.toStdString() + "-credentials");
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(command.takeFirst(), command);
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning("render: %s", p.readAll().constData());
        return false;
    }
    return QFileInfo::exists(defs);
}

QProcessEnvironment TestDbRabbitmq::env(const Broker &b) const
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("HOME"), b.dir); // the Erlang cookie
    e.insert(QStringLiteral("RABBITMQ_MNESIA_BASE"), b.dir + "/mnesia");
    e.insert(QStringLiteral("RABBITMQ_LOG_BASE"), b.dir + "/log");
    e.insert(QStringLiteral("RABBITMQ_CONFIG_FILE"), b.dir + "/rabbitmq.conf");
    e.insert(QStringLiteral("RABBITMQ_ENABLED_PLUGINS_FILE"), b.dir + "/enabled_plugins");
    e.insert(QStringLiteral("RABBITMQ_PID_FILE"), b.dir + "/pid");
    e.insert(QStringLiteral("RABBITMQ_NODENAME"), b.name + "@localhost");
    e.insert(QStringLiteral("RABBITMQ_DIST_PORT"), QString::number(b.dist));
    e.insert(QStringLiteral("ERL_EPMD_PORT"), QString::number(m_epmd));
    e.insert(QStringLiteral("RABBITMQ_ALLOW_INPUT"), QStringLiteral("false"));
    return e;
}

bool TestDbRabbitmq::start(Broker &b)
{
    b.process = std::make_unique<QProcess>();
    b.process->setProcessEnvironment(env(b));
    b.process->setProcessChannelMode(QProcess::MergedChannels);
    b.process->start(QStringLiteral(ARCHSIM_RABBITMQ_SERVER), {});
    return b.process->waitForStarted(10000);
}

QString TestDbRabbitmq::ctl(const Broker &b, const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(env(b));
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(ARCHSIM_RABBITMQCTL),
            QStringList{QStringLiteral("-n"), b.name + "@localhost"} + args);
    p.waitForFinished(150000);
    return QString::fromUtf8(p.readAll());
}

Http TestDbRabbitmq::http(const Broker &b, const QByteArray &method, const QString &path,
                          const QByteArray &body)
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/api/").arg(b.http) + path));
    const QByteArray auth = (QStringLiteral("archsim:") + b.password).toUtf8().toBase64();
    req.setRawHeader("Authorization", "Basic " + auth);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = m_net.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Http h;
    h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    h.body = reply->readAll();
    if (h.status == 0)
        h.body = reply->errorString().toUtf8();
    reply->deleteLater();
    return h;
}

// The queue's length as rabbitmqctl reports it (-1: not listed).
qint64 TestDbRabbitmq::depth(const Broker &b, const QString &queue)
{
    const QString out = ctl(b, {QStringLiteral("list_queues"), QStringLiteral("-q"),
                                QStringLiteral("--no-table-headers"), QStringLiteral("name"),
                                QStringLiteral("messages")});
    for (const auto &line : out.split('\n')) {
        const auto parts = line.split('\t');
        if (parts.size() == 2 && parts[0] == queue)
            return parts[1].trimmed().toLongLong();
    }
    return -1;
}

bool TestDbRabbitmq::publish(const Broker &b, const QString &queue, const QString &payload)
{
    const QJsonObject msg{{"properties", QJsonObject()},
                          {"routing_key", queue},
                          {"payload", payload},
                          {"payload_encoding", "string"}};
    const Http h = http(b, "POST", QStringLiteral("exchanges/%2F/amq.default/publish"),
                        QJsonDocument(msg).toJson());
    return h.status == 200 && QJsonDocument::fromJson(h.body).object()["routed"].toBool();
}

// The rendered user logs in with the hostile password; the queue carries the model's values.
void TestDbRabbitmq::userAndQueueArguments()
{
    const Http h = http(m_queue, "GET", QStringLiteral("queues/%2F/email-queue"));
    QVERIFY2(h.status == 200, h.body.constData());
    const auto q = QJsonDocument::fromJson(h.body).object();
    QCOMPARE(q["type"].toString(), QStringLiteral("quorum"));
    const auto a = q["arguments"].toObject();
    QCOMPARE(a["x-max-length"].toInteger(), 3);
    QCOMPARE(a["x-overflow"].toString(), QStringLiteral("reject-publish"));
    QCOMPARE(a["x-delivery-limit"].toInteger(), 1);
    QCOMPARE(a["x-message-ttl"].toInteger(), 345600000);
    QCOMPARE(a["x-dead-letter-routing-key"].toString(), QStringLiteral("email-dlq"));
    // A wrong password is refused: the login above was the password's, not an open door.
    const QString saved = m_queue.password;
    m_queue.password = QStringLiteral("wrong");
    QCOMPARE(http(m_queue, "GET", QStringLiteral("queues/%2F/email-queue")).status, 401);
    m_queue.password = saved;
    // The dead-letter broker: its queue as declared, its own user and password.
    const Http d = http(m_dlq, "GET", QStringLiteral("queues/%2F/email-dlq"));
    QVERIFY2(d.status == 200, d.body.constData());
    const auto da = QJsonDocument::fromJson(d.body).object()["arguments"].toObject();
    QCOMPARE(da["x-max-length"].toInteger(), 1000000);
    // The visibility timeout (60 s in the example) is the broker's consumer timeout.
    QVERIFY(ctl(m_queue, {QStringLiteral("eval"),
                          QStringLiteral("application:get_env(rabbit, consumer_timeout).")})
                .contains(QStringLiteral("{ok,60000}")));
}

// x-max-length 3 with reject-publish: publishes beyond it are refused. A quorum queue checks
// the limit before it enqueues, so it may take one message over (RabbitMQ's documented
// approximation); never more.
void TestDbRabbitmq::fullQueueRejectsPublishes()
{
    int accepted = 0;
    for (int i = 0; i < 8; ++i)
        accepted += publish(m_queue, QStringLiteral("email-queue"), QStringLiteral("fill%1").arg(i))
                        ? 1
                        : 0;
    QVERIFY2(accepted >= 3 && accepted <= 4, qPrintable(QString::number(accepted)));
    // A quorum queue's count reaches rabbitmqctl through its metrics, a moment later.
    QElapsedTimer t;
    t.start();
    qint64 n = depth(m_queue, QStringLiteral("email-queue"));
    while (n < accepted && t.elapsed() < 30000) {
        QTest::qWait(500);
        n = depth(m_queue, QStringLiteral("email-queue"));
    }
    QCOMPARE(n, qint64(accepted));
}

// A message returned twice (max_attempts 2) is dead-lettered into the local email-dlq, which
// the shovel empties into the email-dlq broker: the message arrives there.
void TestDbRabbitmq::deadLettersReachTheirBroker()
{
    const QByteArray get = R"({"count":1,"ackmode":"reject_requeue_true","encoding":"auto"})";
    // The head message, fetched and returned until it dies; nothing else is returned twice.
    QString first;
    int returns = 0;
    for (int i = 0; i < 4 && returns < 2; ++i) {
        const Http h = http(m_queue, "POST", QStringLiteral("queues/%2F/email-queue/get"), get);
        QCOMPARE(h.status, 200);
        const auto msgs = QJsonDocument::fromJson(h.body).array();
        QVERIFY(!msgs.isEmpty());
        if (first.isEmpty())
            first = msgs[0].toObject()["payload"].toString();
        if (msgs[0].toObject()["payload"].toString() == first)
            ++returns;
    }
    QCOMPARE(returns, 2); // delivered and returned twice: then it is gone from email-queue
    QElapsedTimer t;
    t.start();
    while (depth(m_dlq, QStringLiteral("email-dlq")) < 1 && t.elapsed() < 60000)
        QTest::qWait(500);
    QCOMPARE(depth(m_dlq, QStringLiteral("email-dlq")), 1);
    QCOMPARE(depth(m_queue, QStringLiteral("email-dlq")), 0); // moved, not copied
    const QByteArray ack = R"({"count":1,"ackmode":"ack_requeue_false","encoding":"auto"})";
    const Http h = http(m_dlq, "POST", QStringLiteral("queues/%2F/email-dlq/get"), ack);
    QCOMPARE(h.status, 200);
    QCOMPARE(QJsonDocument::fromJson(h.body).array()[0].toObject()["payload"].toString(), first);
}

QTEST_GUILESS_MAIN(TestDbRabbitmq)
#include "tst_db_rabbitmq.moc"
