// A realtime gateway's deployment (issue 20, docs/deploy.md): Kubernetes Deployment, a
// LoadBalancer Service sticky by client IP for its long-lived connections, a disruption
// budget, an HPA on connections per pod (a Pods metric) when autoscaled, the subscribers'
// ingress and its links' policies; docker-compose publishes it as an entry point. The
// manifests pass the strict v1.30 schemas and yamllint, the compose file `config -q`.

#include "archsim/exporters/compose.h"
#include "archsim/exporters/k8s.h"

#include "deploytestutil.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTest>

using namespace archsim;
using namespace deploytest;

namespace {

const YAML::Node *find(const std::vector<YAML::Node> &docs, const std::string &kind,
                       const std::string &name)
{
    for (const auto &d : docs)
        if (str(d["kind"]) == kind && str(d["metadata"]["name"]) == name)
            return &d;
    return nullptr;
}

exporters::Bundle k8sOf(const model::Model &m)
{
    auto r = exporters::exportKubernetes(m, {});
    if (!r.ok())
        qWarning("%s", r.message().c_str());
    return r.ok() ? r.value() : exporters::Bundle{};
}

// The e-commerce example with its gateway autoscaled from 2 to 8 pods at 60%.
model::Model autoscaled()
{
    auto m = loadExample("ecommerce.json");
    auto &gw = component(m, "order-updates");
    model::Autoscale a;
    a.min_replicas = 2;
    a.max_replicas = 8;
    a.target_utilization = 0.6;
    gw.deploy.autoscale = a;
    return m;
}

// Returns the NetworkPolicies annotated with `key` = `value`.
std::vector<YAML::Node> policiesWith(const std::vector<YAML::Node> &docs, const std::string &key,
                                     const std::string &value)
{
    std::vector<YAML::Node> out;
    for (const auto &d : docs)
        if (str(d["kind"]) == "NetworkPolicy" && d["metadata"]["annotations"] &&
            str(d["metadata"]["annotations"][key]) == value)
            out.push_back(d);
    return out;
}

} // namespace

class TestRealtimeDeploy : public QObject {
    Q_OBJECT

private slots:
    void gatewayIsADeploymentBehindAStickyService();
    void autoscaledGatewayScalesOnConnectionsPerPod();
    void strictSchemas_data();
    void strictSchemas();
    void subscribersMayConnectAndLinksArePolicies();
    void composePublishesTheGateway();
};

// The example's gateway (3 replicas, not autoscaled): Deployment of 3, a LoadBalancer Service
// (its browsers connect from outside; no link models them) sticky by client IP for 3 hours
// (Kubernetes' default affinity timeout), a PDB of 3 - 1 and no HPA.
void TestRealtimeDeploy::gatewayIsADeploymentBehindAStickyService()
{
    const auto docs = documents(k8sOf(loadExample("ecommerce.json")));
    const auto *deployment = find(docs, "Deployment", "order-updates");
    QVERIFY(deployment);
    QCOMPARE((*deployment)["spec"]["replicas"].as<int>(), 3);
    const auto *service = find(docs, "Service", "order-updates");
    QVERIFY(service);
    const YAML::Node s = (*service)["spec"];
    QCOMPARE(str(s["type"]), std::string("LoadBalancer"));
    QCOMPARE(str(s["sessionAffinity"]), std::string("ClientIP"));
    QCOMPARE(s["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"].as<int>(), 10800);
    QVERIFY(!str((*service)["metadata"]["annotations"]["archsim.io/connections"]).empty());
    const auto *pdb = find(docs, "PodDisruptionBudget", "order-updates");
    QVERIFY(pdb);
    QCOMPARE((*pdb)["spec"]["minAvailable"].as<int>(), 2);
    QVERIFY(!find(docs, "HorizontalPodAutoscaler", "order-updates"));
}

// Autoscaled from 2 to 8 at 60%: the HPA follows connections per pod, a Pods metric
// `websocket_connections` with an average target of 60,000 (oracle: the estimate's planning
// limit of 100,000 connections per process x 0.6), and CPU at 60%; the Deployment leaves the
// count to it and the PDB keeps min - 1 = 1. A plain autoscaled service keeps CPU alone.
void TestRealtimeDeploy::autoscaledGatewayScalesOnConnectionsPerPod()
{
    const auto docs = documents(k8sOf(autoscaled()));
    const auto *hpa = find(docs, "HorizontalPodAutoscaler", "order-updates");
    QVERIFY(hpa);
    const YAML::Node s = (*hpa)["spec"];
    QCOMPARE(s["minReplicas"].as<int>(), 2);
    QCOMPARE(s["maxReplicas"].as<int>(), 8);
    QCOMPARE(s["metrics"].size(), size_t(2));
    const YAML::Node pods = s["metrics"][0];
    QCOMPARE(str(pods["type"]), std::string("Pods"));
    QCOMPARE(str(pods["pods"]["metric"]["name"]), std::string("websocket_connections"));
    QCOMPARE(str(pods["pods"]["target"]["type"]), std::string("AverageValue"));
    QCOMPARE(str(pods["pods"]["target"]["averageValue"]), std::string("60000"));
    const YAML::Node cpu = s["metrics"][1];
    QCOMPARE(str(cpu["resource"]["name"]), std::string("cpu"));
    QCOMPARE(cpu["resource"]["target"]["averageUtilization"].as<int>(), 60);
    QVERIFY(!str((*hpa)["metadata"]["annotations"]["archsim.io/needs"]).empty());
    const auto *deployment = find(docs, "Deployment", "order-updates");
    QVERIFY(deployment && !(*deployment)["spec"]["replicas"]);
    QCOMPARE((*find(docs, "PodDisruptionBudget", "order-updates"))["spec"]["minAvailable"]
                 .as<int>(), 1);
    const auto *other = find(docs, "HorizontalPodAutoscaler", "api-gateway");
    QVERIFY(other);
    for (const auto &metric : (*other)["spec"]["metrics"])
        QCOMPARE(str(metric["type"]), std::string("Resource"));
}

void TestRealtimeDeploy::strictSchemas_data()
{
    QTest::addColumn<bool>("autoscale");
    QTest::newRow("example") << false;
    QTest::newRow("autoscaled gateway") << true;
}

// Every manifest, the HPA with its Pods metric and the Service with its affinity included,
// passes the strict v1.30 schemas; yamllint finds no error.
void TestRealtimeDeploy::strictSchemas()
{
    QFETCH(bool, autoscale);
    const QString python = QStringLiteral(ARCHSIM_PYTHON3);
    const QString tool = QStringLiteral(ARCHSIM_K8S_VALIDATE);
    const QString schemas = QStringLiteral(ARCHSIM_K8S_SCHEMAS);
    QVERIFY2(QFileInfo(python).isExecutable(),
             "CMake found no Python 3 that imports jsonschema and yaml: install "
             "python3-jsonschema and python3-yaml (scripts/deps.sh test) and configure again");
    QVERIFY2(QFileInfo(schemas + "/horizontalpodautoscaler-autoscaling-v2.json").exists(),
             qPrintable("no Kubernetes schemas in " + schemas));
    const auto bundle = k8sOf(autoscale ? autoscaled() : loadExample("ecommerce.json"));
    QTemporaryDir dir;
    const QStringList files = writeTo(bundle, dir.path());
    QVERIFY(!files.isEmpty());
    const auto r = run(python, QStringList{tool, schemas} + files);
    QStringList problems;
    for (const auto &line : r.output.split('\n'))
        if (!line.isEmpty() && !line.endsWith(": OK"))
            problems << line;
    QVERIFY2(r.started && r.exitCode == 0, qPrintable(problems.join('\n')));
    QVERIFY2(r.output.contains("order-updates.yaml"), qPrintable(r.output));
    const auto lint = run("yamllint", QStringList{"-f", "parsable"} + files);
    QVERIFY2(lint.started, qPrintable(lint.output));
    QVERIFY2(!lint.output.contains("[error]"), qPrintable(lint.output));
}

// Default deny keeps everything out unless a policy lets it in: the gateway's subscribers
// (browsers, not modeled as links) get one ingress from anywhere on its port; its consume
// link is a pair (it connects to the Kafka brokers), its dead-letter target another.
void TestRealtimeDeploy::subscribersMayConnectAndLinksArePolicies()
{
    auto m = loadExample("ecommerce.json");
    const auto docs = documents(k8sOf(m));
    const auto subscribers = policiesWith(docs, "archsim.io/purpose", "subscribers");
    QCOMPARE(subscribers.size(), size_t(1));
    const YAML::Node s = subscribers[0]["spec"];
    QCOMPARE(str(s["podSelector"]["matchLabels"]["app.kubernetes.io/name"]),
             std::string("order-updates"));
    QCOMPARE(str(s["policyTypes"][0]), std::string("Ingress"));
    QCOMPARE(str(s["ingress"][0]["from"][0]["ipBlock"]["cidr"]), std::string("0.0.0.0/0"));
    QCOMPARE(str(s["ingress"][0]["ports"][0]["port"]), std::string("http"));
    std::map<std::string, int> kinds; // the gateway's link policies by link kind
    for (const auto &p : policiesWith(docs, "archsim.io/link-from", "order-updates"))
        ++kinds[str(p["metadata"]["annotations"]["archsim.io/link-kind"])];
    QCOMPARE(kinds["consume"], 2);     // egress from the gateway, ingress on the brokers
    QCOMPARE(kinds["dead-letter"], 2); // the same to order-events-dlq
    QCOMPARE(kinds.size(), size_t(2));
    // Hosted elsewhere, the gateway gets no policy of its own.
    component(m, "order-updates").deploy.hosting = "managed";
    QVERIFY(policiesWith(documents(k8sOf(m)), "archsim.io/purpose", "subscribers").empty());
}

// docker-compose: the gateway is an entry point (its browsers connect from outside): published
// on 127.0.0.1 at its own host port and on the edge network; docker-compose accepts the file.
void TestRealtimeDeploy::composePublishesTheGateway()
{
    const auto bundle = exporters::exportCompose(loadExample("ecommerce.json"), {});
    const auto *file = bundle.find("docker-compose.yml");
    QVERIFY(file);
    const YAML::Node doc = YAML::Load(file->text);
    const YAML::Node gw = doc["services"]["order-updates"];
    QVERIFY(gw);
    QVERIFY2(gw["ports"], "the gateway publishes no port");
    QCOMPARE(gw["ports"].size(), size_t(1));
    const QString port = QString::fromStdString(str(gw["ports"][0]));
    QVERIFY2(port.startsWith("127.0.0.1:") && port.endsWith(":8080"), qPrintable(port));
    bool edge = false;
    for (const auto &n : gw["networks"])
        edge = edge || str(n) == "edge";
    QVERIFY(edge);
    QTemporaryDir dir;
    QVERIFY(!writeTo(bundle, dir.path()).isEmpty());
    const QString tool = QStandardPaths::findExecutable("docker-compose");
    QVERIFY2(!tool.isEmpty(), "docker-compose 1.29 is not installed "
                              "(apt-get install --no-install-recommends docker-compose)");
    const auto r = run(tool, {"-f", dir.path() + "/docker-compose.yml", "config", "-q"},
                       dir.path());
    QVERIFY2(r.started && r.exitCode == 0, qPrintable(r.output));
    QVERIFY2(!r.output.contains("WARNING"), qPrintable(r.output));
}

QTEST_GUILESS_MAIN(TestRealtimeDeploy)
#include "tst_realtime_deploy.moc"
