// A stream run in the cluster becomes Kafka in KRaft mode (docs/deploy.md, issue 18): the
// e-commerce example's `order-events` passes the strict schemas, its topic Job creates the
// declared topic, only its publisher and consumers (and its own brokers and Job) may reach it,
// the brokers form one quorum, the budget never drops below min.insync.replicas, the volume
// follows retention x rate x message size, compose runs one broker behind a topic service,
// and `hosting: managed` keeps the stream outside.

#include "archsim/exporters/compose.h"
#include "archsim/exporters/k8s.h"
#include "archsim/model/analytic.h"
#include "archsim/model/io.h"
#include "archsim/model/streamanalytic.h"

#include "deploytestutil.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <cmath>
#include <set>

using namespace archsim;
using namespace deploytest;

namespace {

model::Model ecommerce() { return loadExample("ecommerce.json"); }

exporters::Bundle k8sBundle(const model::Model &m)
{
    auto r = exporters::exportKubernetes(m, {});
    if (!r.ok())
        qFatal("%s", r.message().c_str());
    return r.value();
}

const YAML::Node *find(const std::vector<YAML::Node> &docs, const std::string &kind,
                       const std::string &name)
{
    for (const auto &d : docs)
        if (str(d["kind"]) == kind && str(d["metadata"]["name"]) == name)
            return &d;
    return nullptr;
}

std::vector<std::string> command(const YAML::Node &job)
{
    std::vector<std::string> out;
    for (const auto &a : job["spec"]["template"]["spec"]["containers"][0]["command"])
        out.push_back(a.as<std::string>());
    return out;
}

// Returns the value after `flag` (the first occurrence, or the one that starts with
// `prefix` for repeated flags such as --config).
std::string argAfter(const std::vector<std::string> &cmd, const std::string &flag,
                     const std::string &prefix = {})
{
    for (size_t i = 0; i + 1 < cmd.size(); ++i)
        if (cmd[i] == flag && cmd[i + 1].rfind(prefix, 0) == 0)
            return cmd[i + 1];
    return {};
}

std::string envValue(const YAML::Node &workload, const std::string &name)
{
    for (const auto &e : workload["spec"]["template"]["spec"]["containers"][0]["env"])
        if (str(e["name"]) == name)
            return e["value"] ? str(e["value"]) : str(e["valueFrom"]["fieldRef"]["fieldPath"]);
    return {};
}

// The component names a pod selector of a policy matches (matchLabels or an In expression).
std::set<std::string> selected(const YAML::Node &selector)
{
    std::set<std::string> out;
    if (!selector || !selector.IsMap())
        return out; // yaml-cpp throws on a lookup in a missing node
    if (selector["matchLabels"] && selector["matchLabels"]["app.kubernetes.io/name"])
        out.insert(str(selector["matchLabels"]["app.kubernetes.io/name"]));
    for (const auto &e : selector["matchExpressions"])
        if (str(e["key"]) == "app.kubernetes.io/name")
            for (const auto &v : e["values"])
                out.insert(v.as<std::string>());
    return out;
}

// Who the policies admit to `target`'s pods (ingress) and who they let reach them (egress).
struct Admitted {
    std::set<std::string> ingress;
    std::set<std::string> egress;
    std::set<std::string> ports;
};

Admitted admittedTo(const std::vector<YAML::Node> &docs, const std::string &target)
{
    Admitted a;
    for (const auto &p : docs) {
        if (str(p["kind"]) != "NetworkPolicy")
            continue;
        const auto pods = selected(p["spec"]["podSelector"]);
        for (const auto &rule : p["spec"]["ingress"]) {
            if (!pods.count(target))
                continue;
            for (const auto &from : rule["from"]) {
                if (from["ipBlock"])
                    a.ingress.insert(str(from["ipBlock"]["cidr"]));
                for (const auto &n : selected(from["podSelector"]))
                    a.ingress.insert(n);
            }
            for (const auto &port : rule["ports"])
                a.ports.insert(str(port["port"]));
        }
        for (const auto &rule : p["spec"]["egress"])
            for (const auto &to : rule["to"])
                if (selected(to["podSelector"]).count(target))
                    for (const auto &n : pods)
                        a.egress.insert(n);
    }
    return a;
}

} // namespace

class TestKafkaExport : public QObject {
    Q_OBJECT

private slots:
    void strictSchemas();
    void topicJobCreatesDeclaredTopic_data();
    void topicJobCreatesDeclaredTopic();
    void networkPolicyAdmitsPublisherAndConsumersOnly();
    void deadLetterTargetReachable();
    void brokersFormOneQuorum();
    void disruptionBudgetKeepsMinInsync_data();
    void disruptionBudgetKeepsMinInsync();
    void volumeFromRetentionRateAndSize();
    void composeSingleBrokerAndTopicService();
    void managedStreamStaysExternal();
};

void TestKafkaExport::strictSchemas()
{
    // Configured by CMake (tests/CMakeLists.txt), as in tst_k8s.
    const QString python = QStringLiteral(ARCHSIM_PYTHON3);
    QVERIFY2(QFileInfo(python).isExecutable(),
             "CMake found no Python 3 that imports jsonschema and yaml: install "
             "python3-jsonschema and python3-yaml (scripts/deps.sh test) and configure again");
    const auto bundle = k8sBundle(ecommerce());
    QVERIFY(bundle.find("order-events.yaml"));
    QTemporaryDir dir;
    const QStringList files = writeTo(bundle, dir.path());
    const QStringList kafka{dir.path() + "/order-events.yaml",
                            dir.path() + "/network-policies.yaml"};
    const auto r = run(python, QStringList{QStringLiteral(ARCHSIM_K8S_VALIDATE),
                                           QStringLiteral(ARCHSIM_K8S_SCHEMAS)} + kafka);
    QVERIFY2(r.started && r.exitCode == 0, qPrintable(r.output));
    // Every Kafka object was validated against its schema.
    for (const char *object : {"StatefulSet/order-events", "Service/order-events-brokers",
                               "Service/order-events", "PodDisruptionBudget/order-events",
                               "Job/order-events-topics",
                               "NetworkPolicy/order-events-brokers-ingress",
                               "NetworkPolicy/order-events-topics-egress"})
        QVERIFY2(r.output.contains(QString(object) + ": OK"),
                 qPrintable(QString(object) + " not validated:\n" + r.output));
    const auto lint = run("yamllint", QStringList{"-f", "parsable"} + kafka);
    QVERIFY2(lint.started && !lint.output.contains("[error]"), qPrintable(lint.output));
}

void TestKafkaExport::topicJobCreatesDeclaredTopic_data()
{
    QTest::addColumn<int>("partitions");
    QTest::addColumn<int>("rf");
    QTest::addColumn<double>("retentionS");
    QTest::addColumn<qint64>("retentionBytes");
    QTest::addColumn<QString>("retentionMs");
    QTest::addColumn<int>("minInsync");
    // The example as committed: 12 partitions, RF 3, 7 days.
    QTest::newRow("example") << 12 << 3 << 604800.0 << qint64(0) << "604800000" << 2;
    QTest::newRow("one copy") << 4 << 1 << 3600.0 << qint64(0) << "3600000" << 1;
    QTest::newRow("two copies, size cap") << 6 << 2 << 86400.0 << qint64(1073741824)
                                          << "86400000" << 2;
    QTest::newRow("kept forever") << 1 << 3 << 0.0 << qint64(0) << "-1" << 2;
}

void TestKafkaExport::topicJobCreatesDeclaredTopic()
{
    QFETCH(int, partitions);
    QFETCH(int, rf);
    QFETCH(double, retentionS);
    QFETCH(qint64, retentionBytes);
    QFETCH(QString, retentionMs);
    QFETCH(int, minInsync);
    auto m = ecommerce();
    auto &s = *component(m, "order-events").stream;
    s.partitions = partitions;
    s.replication_factor = rf;
    s.retention_s = retentionS;
    s.retention_bytes = retentionBytes;
    const auto docs = documents(k8sBundle(m));
    const auto *job = find(docs, "Job", "order-events-topics");
    QVERIFY(job);
    const auto cmd = command(*job);
    // Exec form: kafka-topics.sh itself, never a shell.
    QCOMPARE(cmd.at(0), std::string("/opt/kafka/bin/kafka-topics.sh"));
    QVERIFY(std::find(cmd.begin(), cmd.end(), "--if-not-exists") != cmd.end());
    QVERIFY(std::find(cmd.begin(), cmd.end(), "--create") != cmd.end());
    QCOMPARE(argAfter(cmd, "--topic"), std::string("order-events"));
    QCOMPARE(argAfter(cmd, "--partitions"), std::to_string(partitions));
    QCOMPARE(argAfter(cmd, "--replication-factor"), std::to_string(rf));
    QCOMPARE(argAfter(cmd, "--config", "retention.ms="),
             "retention.ms=" + retentionMs.toStdString());
    QCOMPARE(argAfter(cmd, "--config", "retention.bytes="),
             retentionBytes > 0 ? "retention.bytes=" + std::to_string(retentionBytes)
                                : std::string());
    // min.insync.replicas = min(2, RF).
    QCOMPARE(argAfter(cmd, "--config", "min.insync.replicas="),
             "min.insync.replicas=" + std::to_string(minInsync));
    QCOMPARE(argAfter(cmd, "--bootstrap-server"),
             std::string("order-events.e-commerce-platform.svc:9092"));
}

void TestKafkaExport::networkPolicyAdmitsPublisherAndConsumersOnly()
{
    const auto docs = documents(k8sBundle(ecommerce()));
    const auto a = admittedTo(docs, "order-events");
    // The example: order-svc publishes, fulfilment-tracker, notification-worker and the
    // realtime gateway order-updates (issue 20: fed by the stream) consume; the brokers
    // replicate among themselves and the topic Job creates the topic.
    const std::set<std::string> expected{"order-svc", "fulfilment-tracker",
                                         "notification-worker", "order-updates",
                                         "order-events", "order-events-topics"};
    QCOMPARE(a.ingress, expected);
    QCOMPARE(a.egress, expected);
    QCOMPARE(a.ports, (std::set<std::string>{"kafka", "controller"}));
    // Only the brokers may use the controller port.
    for (const auto &p : docs) {
        if (str(p["kind"]) != "NetworkPolicy")
            continue;
        for (const auto &rule : p["spec"]["ingress"])
            for (const auto &port : rule["ports"])
                if (str(port["port"]) == "controller") {
                    QCOMPARE(selected(p["spec"]["podSelector"]),
                             std::set<std::string>{"order-events"});
                    QCOMPARE(selected(rule["from"][0]["podSelector"]),
                             std::set<std::string>{"order-events"});
                }
    }
}

// Before issue 18's export work a consumer could not reach its dead-letter target: no policy
// allowed it, so the default deny dropped every dead letter.
void TestKafkaExport::deadLetterTargetReachable()
{
    const auto docs = documents(k8sBundle(ecommerce()));
    const auto dlq = admittedTo(docs, "order-events-dlq");
    QCOMPARE(dlq.ingress, (std::set<std::string>{"fulfilment-tracker", "notification-worker",
                                                  "order-updates"}));
    QCOMPARE(dlq.egress, dlq.ingress);
    // A queue's dead letters into a queue are moved by its broker's shovel, not the consumer.
    const auto emails = admittedTo(docs, "email-dlq");
    QCOMPARE(emails.ingress, std::set<std::string>{"email-queue"});
    // compose: the consumer waits for its dead-letter queue and shares a network with it.
    const auto compose = YAML::Load(exporters::exportCompose(ecommerce())
                                        .find("docker-compose.yml")->text);
    QCOMPARE(str(compose["services"]["fulfilment-tracker"]["depends_on"]["order-events-dlq"]
                        ["condition"]),
             std::string("service_healthy"));
}

void TestKafkaExport::brokersFormOneQuorum()
{
    const auto docs = documents(k8sBundle(ecommerce()));
    const auto *sts = find(docs, "StatefulSet", "order-events");
    QVERIFY(sts);
    QCOMPARE((*sts)["spec"]["replicas"].as<int>(), 3);
    QCOMPARE(str((*sts)["spec"]["serviceName"]), std::string("order-events-brokers"));
    QCOMPARE(str((*sts)["spec"]["template"]["spec"]["containers"][0]["image"]),
             std::string("docker.io/apache/kafka:3.8.0"));
    const auto *headless = find(docs, "Service", "order-events-brokers");
    QVERIFY(headless);
    QCOMPARE(str((*headless)["spec"]["clusterIP"]), std::string("None"));
    QVERIFY((*headless)["spec"]["publishNotReadyAddresses"].as<bool>());
    const auto *client = find(docs, "Service", "order-events");
    QVERIFY(client);
    QCOMPARE(str((*client)["spec"]["type"]), std::string("ClusterIP"));
    QCOMPARE(envValue(*sts, "KAFKA_PROCESS_ROLES"), std::string("broker,controller"));
    QCOMPARE(envValue(*sts, "KAFKA_NODE_ID"),
             std::string("metadata.labels['apps.kubernetes.io/pod-index']"));
    QCOMPARE(envValue(*sts, "KAFKA_CONTROLLER_QUORUM_VOTERS"),
             std::string("0@order-events-0.order-events-brokers.e-commerce-platform.svc:9093,"
                         "1@order-events-1.order-events-brokers.e-commerce-platform.svc:9093,"
                         "2@order-events-2.order-events-brokers.e-commerce-platform.svc:9093"));
    QCOMPARE(envValue(*sts, "KAFKA_ADVERTISED_LISTENERS"),
             std::string("PLAINTEXT://$(POD_NAME).order-events-brokers"
                         ".e-commerce-platform.svc:9092"));
    // A KRaft cluster id is 16 bytes in unpadded base64url, the same on every export.
    const auto id = envValue(*sts, "CLUSTER_ID");
    QVERIFY2(QRegularExpression("^[A-Za-z0-9_-]{22}$").match(QString::fromStdString(id))
                 .hasMatch(), id.c_str());
    const auto again = documents(k8sBundle(ecommerce()));
    QCOMPARE(envValue(*find(again, "StatefulSet", "order-events"), "CLUSTER_ID"), id);
}

void TestKafkaExport::disruptionBudgetKeepsMinInsync_data()
{
    QTest::addColumn<int>("brokers");
    QTest::addColumn<int>("rf");
    QTest::addColumn<int>("maxUnavailable"); // -1: no budget
    // One broker down leaves RF - 1 copies, which must stay >= min(2, RF).
    QTest::newRow("RF 3 of 3") << 3 << 3 << 1;
    QTest::newRow("RF 3 of 5") << 5 << 3 << 1;
    QTest::newRow("RF 2: one down is below min.insync 2") << 3 << 2 << 0;
    QTest::newRow("RF 1: one down loses partitions") << 2 << 1 << 0;
    QTest::newRow("one broker: no budget") << 1 << 1 << -1;
}

void TestKafkaExport::disruptionBudgetKeepsMinInsync()
{
    QFETCH(int, brokers);
    QFETCH(int, rf);
    QFETCH(int, maxUnavailable);
    auto m = ecommerce();
    auto &c = component(m, "order-events");
    c.replicas = brokers;
    c.stream->replication_factor = rf;
    const auto bundle = k8sBundle(m);
    const auto docs = documents(bundle);
    const auto *pdb = find(docs, "PodDisruptionBudget", "order-events");
    if (maxUnavailable < 0) {
        QVERIFY(!pdb);
        return;
    }
    QVERIFY(pdb);
    QCOMPARE((*pdb)["spec"]["maxUnavailable"].as<int>(), maxUnavailable);
    QVERIFY(!(*pdb)["spec"]["minAvailable"]);
    bool warned = false;
    for (const auto &w : bundle.warnings)
        warned = warned || w.place == "/components/order-events/stream/replication_factor";
    QCOMPARE(warned, maxUnavailable == 0);
}

void TestKafkaExport::volumeFromRetentionRateAndSize()
{
    auto storage = [](const model::Model &m) {
        const auto docs = documents(k8sBundle(m));
        const auto *sts = find(docs, "StatefulSet", "order-events");
        return sts ? str((*sts)["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]
                              ["requests"]["storage"])
                   : std::string();
    };
    auto m = ecommerce();
    // Seven days at the example's rate hold under 10 Gi: the stated minimum.
    QCOMPARE(storage(m), std::string("10Gi"));
    auto &s = *component(m, "order-events").stream;
    s.retention_s = 90 * 86400.0;
    // Oracle: publish rate (the analytic estimate: order-svc's visits x the link's
    // probability, 5 messages/s in this example) x 600 B x 90 days x RF 3 / 3 brokers, plus
    // a quarter, rounded up to GiB.
    double rps = 0;
    for (const auto &e : model::estimateStreams(m, model::estimate(m)))
        if (e.source == "order-events")
            rps = e.publish_rps;
    QVERIFY2(std::abs(rps - 5.0) < 0.01, qPrintable(QString::number(rps)));
    const double bytes = rps * 600 * 90 * 86400.0 * 3 / 3 * 1.25;
    const int gi = static_cast<int>(std::ceil(bytes / (1024.0 * 1024 * 1024)));
    QCOMPARE(gi, 28); // 5 x 600 x 7,776,000 x 1.25 = 29.16e9 B = 27.2 GiB
    QCOMPARE(storage(m), std::to_string(gi) + "Gi");
    // A size limit caps it: 12 partitions x 2 GiB x RF 3 / 3 brokers x 1.25 = 30 GiB.
    s.retention_s = 0;
    s.retention_bytes = int64_t(2) << 30;
    QCOMPARE(storage(m), std::string("30Gi"));
}

void TestKafkaExport::composeSingleBrokerAndTopicService()
{
    const auto bundle = exporters::exportCompose(ecommerce());
    const auto doc = YAML::Load(bundle.find("docker-compose.yml")->text);
    const auto services = doc["services"];
    const auto kafka = services["order-events"];
    QVERIFY(kafka);
    QCOMPARE(str(kafka["image"]), std::string("docker.io/apache/kafka:3.8.0"));
    QCOMPARE(str(kafka["environment"]["KAFKA_PROCESS_ROLES"]),
             std::string("broker,controller"));
    QCOMPARE(str(kafka["environment"]["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]),
             std::string("1"));
    // The healthcheck runs a Kafka client, exec form.
    QCOMPARE(str(kafka["healthcheck"]["test"][0]), std::string("CMD"));
    QCOMPARE(str(kafka["healthcheck"]["test"][1]),
             std::string("/opt/kafka/bin/kafka-broker-api-versions.sh"));
    const auto topics = services["order-events-topics"];
    QVERIFY(topics);
    QCOMPARE(str(topics["depends_on"]["order-events"]["condition"]),
             std::string("service_healthy"));
    std::vector<std::string> cmd;
    for (const auto &a : topics["command"])
        cmd.push_back(a.as<std::string>());
    QCOMPARE(cmd.at(0), std::string("/opt/kafka/bin/kafka-topics.sh"));
    QCOMPARE(argAfter(cmd, "--partitions"), std::string("12"));
    QCOMPARE(argAfter(cmd, "--replication-factor"), std::string("1")); // one local broker
    QCOMPARE(argAfter(cmd, "--config", "retention.ms="), std::string("retention.ms=604800000"));
    QCOMPARE(str(topics["restart"]), std::string("no"));
    // The publisher and the three consumers (the realtime gateway order-updates too) wait
    // until the topic exists, and reach the broker.
    for (const char *client :
         {"order-svc", "fulfilment-tracker", "notification-worker", "order-updates"}) {
        const auto dep = services[client]["depends_on"];
        QCOMPARE(str(dep["order-events-topics"]["condition"]),
                 std::string("service_completed_successfully"));
        QVERIFY2(!dep["order-events"], client);
        bool joined = false;
        for (const auto &n : services[client]["networks"])
            joined = joined || n.as<std::string>() == "to-order-events";
        QVERIFY2(joined, client);
    }
    // Nobody else is on the broker's network.
    std::set<std::string> members;
    for (const auto &svc : services)
        for (const auto &n : svc.second["networks"])
            if (n.as<std::string>() == "to-order-events")
                members.insert(svc.first.as<std::string>());
    QCOMPARE(members, (std::set<std::string>{"order-events", "order-events-topics", "order-svc",
                                              "fulfilment-tracker", "notification-worker",
                                              "order-updates"}));
    // docker-compose itself accepts the file.
    QTemporaryDir dir;
    QVERIFY(!writeTo(bundle, dir.path()).isEmpty());
    const QString tool = QStandardPaths::findExecutable("docker-compose");
    QVERIFY2(!tool.isEmpty(), "docker-compose 1.29 is not installed");
    const auto r = run(tool, {"-f", dir.path() + "/docker-compose.yml", "config", "-q"},
                       dir.path());
    QVERIFY2(r.started && r.exitCode == 0, qPrintable(r.output));
}

void TestKafkaExport::managedStreamStaysExternal()
{
    auto m = ecommerce();
    component(m, "order-events").deploy.hosting = "managed";
    const auto bundle = k8sBundle(m);
    QVERIFY(!bundle.find("order-events.yaml"));
    const auto docs = documents(bundle);
    QVERIFY(!find(docs, "StatefulSet", "order-events"));
    QVERIFY(!find(docs, "Job", "order-events-topics"));
    // Its publisher may leave the cluster on the managed service's port; nothing listens.
    const auto *egress = find(docs, "NetworkPolicy", "link-order-svc-order-events-egress");
    QVERIFY(egress);
    QCOMPARE(str((*egress)["spec"]["egress"][0]["to"][0]["ipBlock"]["cidr"]),
             std::string("0.0.0.0/0"));
    QCOMPARE((*egress)["spec"]["egress"][0]["ports"][0]["port"].as<int>(), 443);
    QVERIFY(!find(docs, "NetworkPolicy", "link-order-svc-order-events-ingress"));
    const auto compose = YAML::Load(exporters::exportCompose(m)
                                        .find("docker-compose.yml")->text);
    QVERIFY(!compose["services"]["order-events"]);
    QVERIFY(!compose["services"]["order-events-topics"]);
    QVERIFY(!compose["services"]["order-svc"]["depends_on"]["order-events-topics"]);
}

QTEST_GUILESS_MAIN(TestKafkaExport)
#include "tst_kafka.moc"
