// Kubernetes manifests: strict schema validation of every manifest, table-driven best
// practices (the kube-score / kube-linter / Polaris list of issue 9), the one-allow-per-link
// network rule, partition maintenance, and hostile names.

#include "archsim/exporters/deployspec.h"
#include "archsim/exporters/k8s.h"
#include "archsim/model/io.h"

#include "deploymodels.h"
#include "deploytestutil.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTest>

#include <functional>
#include <map>
#include <set>

using namespace archsim;
using namespace deploytest;

namespace {

const QRegularExpression kDns1123Label(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));

std::string annotation(const YAML::Node &d, const std::string &key);

// Returns "from -> to (kind)" of the link a policy allows, or "" for other policies.
std::string policyLink(const YAML::Node &p)
{
    const auto from = annotation(p, "archsim.io/link-from");
    if (from.empty())
        return {};
    return from + " -> " + annotation(p, "archsim.io/link-to") + " ("
        + annotation(p, "archsim.io/link-kind") + ")";
}

// Returns the annotation `key` of a document, or "" (yaml-cpp throws on missing paths).
std::string annotation(const YAML::Node &d, const std::string &key)
{
    const YAML::Node meta = d["metadata"];
    if (!meta || !meta["annotations"])
        return {};
    return str(meta["annotations"][key]);
}

bool isWorkload(const YAML::Node &d)
{
    const auto kind = str(d["kind"]);
    return kind == "Deployment" || kind == "StatefulSet";
}

std::vector<YAML::Node> ofKind(const std::vector<YAML::Node> &docs, const std::string &kind)
{
    std::vector<YAML::Node> out;
    for (const auto &d : docs)
        if (str(d["kind"]) == kind)
            out.push_back(d);
    return out;
}

exporters::Bundle exportOrFail(const model::Model &m)
{
    auto r = exporters::exportKubernetes(m, {});
    if (!r.ok())
        qWarning("%s", r.message().c_str());
    return r.ok() ? r.value() : exporters::Bundle{};
}

using Docs = std::vector<YAML::Node>;

// A check returns an empty string when the workload passes, else what is wrong.
using Check = std::function<std::string(const YAML::Node &workload,
                                        const std::vector<YAML::Node> &all)>;

std::string name(const YAML::Node &d) { return str(d["metadata"]["name"]); }

const YAML::Node *findFor(const std::vector<YAML::Node> &all, const std::string &kind,
                          const std::string &n)
{
    for (const auto &d : all)
        if (str(d["kind"]) == kind && name(d) == n)
            return &d;
    return nullptr;
}

std::map<std::string, Check> checks()
{
    std::map<std::string, Check> c;
    c["runAsNonRoot"] = [](const YAML::Node &w, const Docs &) {
        auto s = w["spec"]["template"]["spec"]["securityContext"];
        return s["runAsNonRoot"].as<bool>(false) && s["runAsUser"].as<int>(0) > 0
            ? "" : "pod securityContext.runAsNonRoot missing or uid 0";
    };
    c["seccomp RuntimeDefault"] = [](const YAML::Node &w, const Docs &) {
        auto s = w["spec"]["template"]["spec"]["securityContext"]["seccompProfile"];
        return str(s["type"]) == "RuntimeDefault" ? "" : "no RuntimeDefault seccomp profile";
    };
    auto containerCheck = [](std::function<bool(const YAML::Node &)> ok, std::string what) {
        return [ok, what](const YAML::Node &w, const Docs &) -> std::string {
            for (const auto &ctr : w["spec"]["template"]["spec"]["containers"])
                if (!ok(ctr))
                    return what + " in container " + str(ctr["name"]);
            return "";
        };
    };
    c["allowPrivilegeEscalation false"] = containerCheck(
        [](const YAML::Node &k) {
            return k["securityContext"]["allowPrivilegeEscalation"].IsDefined()
                && !k["securityContext"]["allowPrivilegeEscalation"].as<bool>();
        },
        "privilege escalation allowed");
    c["readOnlyRootFilesystem"] = containerCheck(
        [](const YAML::Node &k) {
            return k["securityContext"]["readOnlyRootFilesystem"].as<bool>(false);
        },
        "writable root filesystem");
    c["capabilities drop ALL"] = containerCheck(
        [](const YAML::Node &k) {
            auto d = k["securityContext"]["capabilities"]["drop"];
            return d.IsSequence() && d.size() == 1 && str(d[0]) == "ALL";
        },
        "capabilities not dropped");
    c["requests and limits"] = containerCheck(
        [](const YAML::Node &k) {
            auto r = k["resources"];
            return r["requests"]["cpu"] && r["requests"]["memory"] && r["limits"]["cpu"]
                && r["limits"]["memory"];
        },
        "missing requests or limits");
    c["explicit image tag"] = containerCheck(
        [](const YAML::Node &k) { return exporters::hasExplicitTag(str(k["image"])); },
        "image without an explicit tag");
    c["probes on named ports"] = containerCheck(
        [](const YAML::Node &k) {
            std::set<std::string> ports;
            for (const auto &p : k["ports"])
                ports.insert(str(p["name"]));
            for (const char *probe : {"readinessProbe", "livenessProbe"}) {
                auto p = k[probe];
                if (!p)
                    return false;
                auto port = p["httpGet"] ? p["httpGet"]["port"] : p["tcpSocket"]["port"];
                if (!port || !ports.count(str(port)))
                    return false;
            }
            return true;
        },
        "probe missing or not on a named container port");
    c["imagePullPolicy Always"] = containerCheck(
        [](const YAML::Node &k) { return str(k["imagePullPolicy"]) == "Always"; },
        "image pull policy is not Always");
    c["preferred pod anti-affinity on hostname"] = [](const YAML::Node &w, const Docs &) {
        const YAML::Node spec = w["spec"]["template"]["spec"];
        if (!spec["affinity"] || !spec["affinity"]["podAntiAffinity"])
            return "no pod anti-affinity";
        const YAML::Node terms = spec["affinity"]["podAntiAffinity"]
                                     ["preferredDuringSchedulingIgnoredDuringExecution"];
        if (!terms.IsSequence() || terms.size() != 1)
            return "not exactly one preferred anti-affinity term";
        const YAML::Node t = terms[0]["podAffinityTerm"];
        return str(t["topologyKey"]) == "kubernetes.io/hostname"
                && str(t["labelSelector"]["matchLabels"]["app.kubernetes.io/name"])
                    == name(w)
            ? "" : "anti-affinity not on hostname for the workload's own pods";
    };
    c["automountServiceAccountToken false"] = [](const YAML::Node &w, const Docs &) {
        auto v = w["spec"]["template"]["spec"]["automountServiceAccountToken"];
        return v && !v.as<bool>() ? "" : "service account token mounted";
    };
    c["six labels, selector on name and instance"] = [](const YAML::Node &w, const Docs &) {
        const char *keys[] = {"name", "instance", "version", "component", "part-of",
                              "managed-by"};
        for (const auto &labels : {w["metadata"]["labels"],
                                   w["spec"]["template"]["metadata"]["labels"]})
            for (const char *k : keys)
                if (!labels[std::string("app.kubernetes.io/") + k])
                    return std::string("label app.kubernetes.io/") + k + " missing";
        auto sel = w["spec"]["selector"]["matchLabels"];
        if (sel.size() != 2 || !sel["app.kubernetes.io/name"]
            || !sel["app.kubernetes.io/instance"])
            return std::string("selector is not exactly name + instance");
        return std::string();
    };
    c["PDB minAvailable below HPA minimum"] = [](const YAML::Node &w, const Docs &all) {
        const auto *pdb = findFor(all, "PodDisruptionBudget", name(w));
        const auto *hpa = findFor(all, "HorizontalPodAutoscaler", name(w));
        const int minimum = hpa ? (*hpa)["spec"]["minReplicas"].as<int>()
                                : w["spec"]["replicas"].as<int>(1);
        if (!pdb)
            return minimum < 2 ? "" : "no PodDisruptionBudget for several replicas";
        if ((*pdb)["spec"]["maxUnavailable"]) { // Kafka brokers (tst_kafka checks the value)
            const int maxUnavailable = (*pdb)["spec"]["maxUnavailable"].as<int>();
            return maxUnavailable >= 0 && maxUnavailable < minimum ? "" : "maxUnavailable";
        }
        const int minAvailable = (*pdb)["spec"]["minAvailable"].as<int>();
        return minAvailable < minimum && minAvailable >= 1 ? "" : "minAvailable not below min";
    };
    c["zone spread ScheduleAnyway + hostname spread"] = [](const YAML::Node &w, const Docs &) {
        bool zone = false, host = false;
        for (const auto &t : w["spec"]["template"]["spec"]["topologySpreadConstraints"]) {
            if (str(t["whenUnsatisfiable"]) != "ScheduleAnyway")
                return "a spread constraint that blocks scheduling";
            zone = zone || str(t["topologyKey"]) == "topology.kubernetes.io/zone";
            host = host || str(t["topologyKey"]) == "kubernetes.io/hostname";
        }
        return zone && host ? "" : "missing zone or hostname spread";
    };
    c["secrets via secretKeyRef, never inlined"] = containerCheck(
        [](const YAML::Node &k) {
            for (const auto &e : k["env"]) {
                const auto n = str(e["name"]);
                const bool secret = n.find("PASSWORD") != std::string::npos
                    || n.find("TOKEN") != std::string::npos;
                if (secret && (e["value"] || !e["valueFrom"]["secretKeyRef"]))
                    return false;
            }
            return true;
        },
        "secret inlined");
    c["HPA on autoscaled workloads"] = [](const YAML::Node &w, const Docs &all) {
        if (name(w) != "api")
            return "";
        const auto *hpa = findFor(all, "HorizontalPodAutoscaler", "api");
        if (!hpa)
            return "api has autoscale settings but no HPA";
        // Model: min 3, max 10, target 0.7 -> 70 percent.
        auto s = (*hpa)["spec"];
        return s["minReplicas"].as<int>() == 3 && s["maxReplicas"].as<int>() == 10
                && s["metrics"][0]["resource"]["target"]["averageUtilization"].as<int>() == 70
                && !w["spec"]["replicas"]
            ? "" : "HPA does not follow the model's autoscale settings";
    };
    return c;
}

} // namespace

class TestK8s : public QObject {
    Q_OBJECT

private slots:
    void strictSchemaValidation_data();
    void strictSchemaValidation();
    void bestPractices_data();
    void bestPractices();
    void workloadKinds();
    void oneAllowPerLink();
    void noLinkNoTraffic();
    void partitionMaintenance();
    void viewRefreshJobs_data();
    void viewRefreshJobs();
    void etlJobs_data();
    void etlJobs();
    void hostileNames();
    void healthPathShellInjection();
    void dnsLabels_data();
    void dnsLabels();
};

void TestK8s::strictSchemaValidation_data()
{
    QTest::addColumn<QString>("example"); // a file of resources/examples, or a built model
    QTest::newRow("shop (built)") << "shop";
    QTest::newRow("hostile names (built)") << "hostile";
    const QDir examples(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples"));
    for (const auto &f : examples.entryInfoList({"*.json"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
}

void TestK8s::strictSchemaValidation()
{
    QFETCH(QString, example);
    // Configured by CMake (tests/CMakeLists.txt): the validator and schemas carried in tests/.
    const QString python = QStringLiteral(ARCHSIM_PYTHON3);
    const QString tool = QStringLiteral(ARCHSIM_K8S_VALIDATE);
    const QString schemas = QStringLiteral(ARCHSIM_K8S_SCHEMAS);
    QVERIFY2(QFileInfo(python).isExecutable(),
             "CMake found no Python 3 that imports jsonschema and yaml: install "
             "python3-jsonschema and python3-yaml (scripts/deps.sh test) and configure again");
    QVERIFY2(QFileInfo(tool).isFile(), qPrintable("no validator at " + tool));
    QVERIFY2(QFileInfo(schemas + "/deployment-apps-v1.json").exists(),
             qPrintable("no Kubernetes schemas in " + schemas));
    model::Model m;
    if (example == "shop" || example == "hostile") {
        m = example == "shop" ? shopModel() : hostileModel();
    } else {
        auto loaded = model::loadModel(example.toStdString());
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        m = loaded.value();
    }
    auto bundle = exportOrFail(m);
    QVERIFY(!bundle.files.empty());
    QTemporaryDir dir;
    const QStringList files = writeTo(bundle, dir.path());
    QCOMPARE(files.size(), static_cast<qsizetype>(bundle.files.size()));
    const auto r = run(python, QStringList{tool, schemas} + files);
    QStringList problems; // the validator prints one line per document; keep the bad ones
    for (const auto &line : r.output.split('\n'))
        if (!line.isEmpty() && !line.endsWith(": OK"))
            problems << line;
    QVERIFY2(r.started && r.exitCode == 0, qPrintable(problems.join('\n')));
    // yamllint with its default rules: no errors (warnings such as truthy are allowed).
    const auto lint = run("yamllint", QStringList{"-f", "parsable"} + files);
    QVERIFY2(lint.started, qPrintable(lint.output));
    QVERIFY2(!lint.output.contains("[error]"), qPrintable(lint.output));
}

void TestK8s::bestPractices_data()
{
    QTest::addColumn<QString>("check");
    for (const auto &[n, fn] : checks())
        QTest::newRow(n.c_str()) << QString::fromStdString(n);
}

void TestK8s::bestPractices()
{
    QFETCH(QString, check);
    const auto fn = checks().at(check.toStdString());
    const auto docs = documents(exportOrFail(shopModel()));
    int workloads = 0;
    for (const auto &d : docs) {
        if (!isWorkload(d))
            continue;
        ++workloads;
        const std::string problem = fn(d, docs);
        QVERIFY2(problem.empty(), qPrintable(QString::fromStdString(name(d) + ": " + problem)));
    }
    // Model: edge-lb, api, mailer (Deployments), orders-cache, orders-db, events (StatefulSets).
    QCOMPARE(workloads, 6);
    // The Kafka brokers of the e-commerce example's stream meet the same bar.
    auto ecommerce =
        model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(ecommerce.ok(), ecommerce.message().c_str());
    const auto kafkaDocs = documents(exportOrFail(ecommerce.value()));
    const auto *kafka = findFor(kafkaDocs, "StatefulSet", "order-events");
    QVERIFY(kafka);
    const std::string problem = fn(*kafka, kafkaDocs);
    QVERIFY2(problem.empty(), qPrintable(QString::fromStdString("order-events: " + problem)));
}

void TestK8s::workloadKinds()
{
    const auto docs = documents(exportOrFail(shopModel()));
    std::map<std::string, std::string> kinds;
    for (const auto &d : docs)
        if (isWorkload(d))
            kinds[name(d)] = str(d["kind"]);
    const std::map<std::string, std::string> expected{
        {"edge-lb", "Deployment"},      {"api", "Deployment"},
        {"mailer", "Deployment"},       {"orders-cache", "StatefulSet"},
        {"orders-db", "StatefulSet"},   {"events", "StatefulSet"}};
    QCOMPARE(kinds, expected);
    // The client's entry point is reachable from outside; the rest stays inside.
    QCOMPARE(str((*findFor(docs, "Service", "edge-lb"))["spec"]["type"]), "LoadBalancer");
    QCOMPARE(str((*findFor(docs, "Service", "api"))["spec"]["type"]), "ClusterIP");
    QCOMPARE(str((*findFor(docs, "Service", "orders-db"))["spec"]["clusterIP"]), "None");
}

void TestK8s::oneAllowPerLink()
{
    const auto m = shopModel();
    const auto docs = documents(exportOrFail(m));
    const auto policies = ofKind(docs, "NetworkPolicy");
    std::map<std::string, int> ingress, egress; // by link annotation
    for (const auto &p : policies) {
        const auto n = name(p);
        if (n == "default-deny") {
            QVERIFY(p["spec"]["podSelector"].size() == 0);
            QCOMPARE(p["spec"]["policyTypes"].size(), size_t(2));
            QVERIFY(!p["spec"]["ingress"] && !p["spec"]["egress"]);
            continue;
        }
        if (n == "allow-dns" || !annotation(p, "archsim.io/purpose").empty())
            continue;
        const auto link = policyLink(p);
        QVERIFY2(!link.empty(), n.c_str());
        const auto type = str(p["spec"]["policyTypes"][0]);
        auto rules = p["spec"][type == "Ingress" ? "ingress" : "egress"];
        QCOMPARE(rules.size(), size_t(1)); // exactly one allow rule
        QCOMPARE(rules[0]["ports"].size(), size_t(1));
        (type == "Ingress" ? ingress : egress)[link]++;
    }
    // Expected per link: ingress where the listener runs in the cluster, egress where the
    // caller does. events -> mailer is turned around (the worker connects to the broker), the
    // cache fill is done by the cache's reader (api), payments is external.
    const std::map<std::string, std::pair<int, int>> expected{
        {"users -> edge-lb (call)", {1, 0}},      {"edge-lb -> api (call)", {1, 1}},
        {"api -> orders-cache (read)", {1, 1}},   {"orders-cache -> orders-db (fill)", {1, 1}},
        {"api -> orders-db (write)", {1, 1}},     {"api -> events (publish)", {1, 1}},
        {"events -> mailer (call)", {1, 1}},      {"api -> payments (call)", {0, 1}}};
    for (const auto &[l, counts] : expected) {
        QVERIFY2(ingress[l] == counts.first, (l + " ingress").c_str());
        QVERIFY2(egress[l] == counts.second, (l + " egress").c_str());
    }
    int total = 0;
    for (const auto &counts : {ingress, egress})
        for (const auto &[l, n] : counts)
            total += n;
    QCOMPARE(total, 7 + 7); // nothing beyond the links
    // The fill is allowed from api's pods, not from the cache's.
    const auto *fill = findFor(docs, "NetworkPolicy", "link-orders-cache-orders-db-fill-ingress");
    QVERIFY(fill);
    QCOMPARE(str((*fill)["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"]
                 ["app.kubernetes.io/name"]), "api");
    QCOMPARE(str((*fill)["spec"]["ingress"][0]["ports"][0]["port"]), "postgres");
}

void TestK8s::noLinkNoTraffic()
{
    // Removing a link removes exactly its allow rules and nothing else.
    auto m = shopModel();
    const auto before = ofKind(documents(exportOrFail(m)), "NetworkPolicy").size();
    m.links.erase(m.links.begin() + 5); // api -> events
    const auto docs = documents(exportOrFail(m));
    const auto after = ofKind(docs, "NetworkPolicy");
    QCOMPARE(after.size(), before - 2);
    for (const auto &p : after) {
        const auto link = policyLink(p);
        QVERIFY2(link.find("api -> events") == std::string::npos, link.c_str());
    }
    // With no links at all only the default deny and DNS remain.
    m.links.clear();
    const auto none = ofKind(documents(exportOrFail(m)), "NetworkPolicy");
    std::vector<std::string> names;
    for (const auto &p : none)
        if (annotation(p, "archsim.io/purpose").empty())
            names.push_back(name(p));
    QCOMPARE(names, (std::vector<std::string>{"default-deny", "allow-dns"}));
}

void TestK8s::partitionMaintenance()
{
    const auto bundle = exportOrFail(shopModel());
    const auto *file = bundle.find("partition-maintenance.yaml");
    QVERIFY(file);
    const auto docs = documents(bundle);
    const auto *job = findFor(docs, "CronJob", "orders-db-maintenance");
    QVERIFY(job);
    auto pod = (*job)["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    QCOMPARE(str(pod["volumes"][0]["configMap"]["name"]), "orders-db-maintenance");
    QVERIFY(pod["securityContext"]["runAsNonRoot"].as<bool>());
    const auto *cm = findFor(docs, "ConfigMap", "orders-db-maintenance");
    QVERIFY(cm);
    const auto sql = str((*cm)["data"]["archsim-partition-maintenance.sql"]);
    // The DDL exporter's script for this database's schema (tst_db_postgres runs it).
    QVERIFY(sql.find("\"shop\".\"orders\"") != std::string::npos);
    QVERIFY(sql.find("interval '1 month'") != std::string::npos);
    QVERIFY(sql.find("keep int := 24") != std::string::npos);
    QCOMPARE(str(pod["containers"][0]["command"][0]), std::string("psql"));
    // A MySQL database gets the MySQL script, fed to the mysql client.
    auto my = shopModel();
    my.components[5].engine = model::DbEngine::Mysql;
    const auto myDocs = documents(exportOrFail(my));
    const auto *myJob = findFor(myDocs, "CronJob", "orders-db-maintenance");
    QVERIFY(myJob);
    const auto cmd = str((*myJob)["spec"]["jobTemplate"]["spec"]["template"]["spec"]
                             ["containers"][0]["command"][2]);
    QVERIFY2(cmd.find("mysql -h") == 0, cmd.c_str());
    const auto *myCm = findFor(myDocs, "ConfigMap", "orders-db-maintenance");
    QVERIFY(str((*myCm)["data"]["archsim-partition-maintenance.sql"]).find("DELIMITER")
            != std::string::npos);
    // Only the job may reach the database for it, on the database port.
    QVERIFY(findFor(docs, "NetworkPolicy", "orders-db-maintenance-egress"));
    QVERIFY(findFor(docs, "NetworkPolicy", "orders-db-maintenance-ingress"));
    // Without partitioned tables there is no job.
    auto m = shopModel();
    m.schemas[0].tables[0].partitioning.reset();
    QVERIFY(!exportOrFail(m).find("partition-maintenance.yaml"));
}

// Issue 21: each materialized view's refresh is a CronJob on the database's primary. Oracle: a
// CronJob ticks at most once a minute, so a period that divides a minute is a tick a minute
// running 60/N refreshes N seconds apart; whole minutes, hours and days that divide the next
// unit are cron steps; any other period has no job (and a warning).
void TestK8s::viewRefreshJobs_data()
{
    QTest::addColumn<double>("every");
    QTest::addColumn<QString>("cron");
    QTest::addColumn<QString>("schedule"); // "" = no job
    QTest::addColumn<int>("repeat");
    QTest::newRow("30 s") << 30.0 << "" << "* * * * *" << 2;
    QTest::newRow("5 s") << 5.0 << "" << "* * * * *" << 12;
    QTest::newRow("60 s") << 60.0 << "" << "* * * * *" << 1;
    QTest::newRow("5 min") << 300.0 << "" << "*/5 * * * *" << 1;
    QTest::newRow("2 h") << 7200.0 << "" << "0 */2 * * *" << 1;
    QTest::newRow("1 day") << 86400.0 << "" << "0 0 * * *" << 1;
    QTest::newRow("45 s") << 45.0 << "" << "" << 0;
    QTest::newRow("7 min") << 420.0 << "" << "" << 0;
    QTest::newRow("cron") << 0.0 << "15 3 * * 1" << "15 3 * * 1" << 1;
}

void TestK8s::viewRefreshJobs()
{
    QFETCH(double, every);
    QFETCH(QString, cron);
    QFETCH(QString, schedule);
    QFETCH(int, repeat);
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    model::Model m = loaded.value();
    model::View &v = m.schemas.at(0).views.at(0);
    QCOMPARE(v.name, std::string("order_summary"));
    v.refresh->every_s = every;
    v.refresh->cron = cron.toStdString();
    const auto bundle = exportOrFail(m);
    const auto docs = documents(bundle);
    const YAML::Node *job = nullptr;
    for (const auto &d : docs)
        if (str(d["kind"]) == "CronJob" && name(d).find("shop-db-refresh-order-summary") == 0)
            job = &d;
    if (schedule.isEmpty()) {
        QVERIFY(!job);
        QVERIFY(!bundle.find("view-refresh.yaml"));
        bool warned = false;
        for (const auto &w : bundle.warnings)
            warned = warned || w.message.find("order_summary") != std::string::npos;
        QVERIFY(warned);
        return;
    }
    QVERIFY(job);
    QCOMPARE(QString::fromStdString(str((*job)["spec"]["schedule"])), schedule);
    const auto pod = (*job)["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    const auto command = pod["containers"][0]["command"];
    if (repeat == 1) {
        QCOMPARE(str(command[0]), std::string("psql"));
    } else {
        const std::string loop = str(command[2]);
        QVERIFY2(loop.find("-lt " + std::to_string(repeat) + " ]") != std::string::npos,
                 loop.c_str());
        QVERIFY2(loop.find("sleep " + std::to_string(int(every))) != std::string::npos,
                 loop.c_str());
        // The refreshes of a tick end before the next tick starts.
        QVERIFY((*job)["spec"]["jobTemplate"]["spec"]["activeDeadlineSeconds"].as<int>() < 60);
    }
    QCOMPARE(str((*job)["spec"]["concurrencyPolicy"]), std::string("Forbid"));
    // The SQL is the DDL's refresh of the view, run on the primary only.
    const std::string jobName = name(*job);
    const auto *cm = findFor(docs, "ConfigMap", jobName);
    QVERIFY(cm);
    QCOMPARE(str((*cm)["data"]["refresh.sql"]),
             std::string("REFRESH MATERIALIZED VIEW CONCURRENTLY \"shop\".\"order_summary\";\n"));
    QCOMPARE(str(pod["containers"][0]["env"][0]["value"]), std::string("shop-db-0.shop-db"));
    QVERIFY(findFor(docs, "NetworkPolicy", jobName + "-egress"));
    QVERIFY(findFor(docs, "NetworkPolicy", jobName + "-ingress"));
    for (const auto &d : docs) // the read replica shares the schema but gets no job
        QVERIFY(name(d).find("shop-db-replica-refresh") == std::string::npos);
    // MySQL: its event (DDL) runs every N seconds; a cron schedule needs the job.
    for (auto &c : m.components)
        if (c.schema == m.schemas[0].id)
            c.engine = model::DbEngine::Mysql;
    const auto myDocs = documents(exportOrFail(m));
    const YAML::Node *myJob = findFor(myDocs, "CronJob", jobName);
    QCOMPARE(myJob != nullptr, !cron.isEmpty());
    if (myJob) {
        const std::string cmd =
            str((*myJob)["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
                        ["command"][2]);
        QVERIFY2(cmd.find("mysql -h") == 0, cmd.c_str());
        const auto *myCm = findFor(myDocs, "ConfigMap", jobName);
        QVERIFY(str((*myCm)["data"]["refresh.sql"]).find("INSERT INTO") != std::string::npos);
    }
}

void TestK8s::etlJobs_data()
{
    QTest::addColumn<double>("every");
    QTest::addColumn<QString>("cron");
    QTest::addColumn<bool>("continuous");
    QTest::addColumn<QString>("expected"); // CronJob schedule, "Deployment", or "" (none)
    QTest::newRow("every 15 minutes") << 900.0 << "" << false << "*/15 * * * *";
    QTest::newRow("nightly cron") << 0.0 << "0 2 * * *" << false << "0 2 * * *";
    QTest::newRow("every 7 minutes") << 420.0 << "" << false << "";
    QTest::newRow("continuous") << 0.0 << "" << true << "Deployment";
}

// The e-commerce example's reporting ETL (issue 21): a scheduled job is a CronJob that skips a
// start while a run goes (Forbid, as the simulation), restarts its pod on failure and keeps
// the restricted security context; an interval no cron line gives is a warning; a continuous
// job is a Deployment; neither has a Service.
void TestK8s::etlJobs()
{
    QFETCH(double, every);
    QFETCH(QString, cron);
    QFETCH(bool, continuous);
    QFETCH(QString, expected);
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    model::Model m = loaded.value();
    model::Component *job = nullptr;
    for (auto &c : m.components)
        if (c.id == "orders-etl")
            job = &c;
    QVERIFY(job && job->job);
    job->job->interval_s = every;
    job->job->cron = cron.toStdString();
    job->job->continuous = continuous;
    const auto bundle = exportOrFail(m);
    const auto docs = documents(bundle);
    QVERIFY(!findFor(docs, "Service", "orders-etl"));
    const YAML::Node *cronJob = findFor(docs, "CronJob", "orders-etl");
    const YAML::Node *deployment = findFor(docs, "Deployment", "orders-etl");
    if (expected.isEmpty()) {
        QVERIFY(!cronJob && !deployment);
        bool warned = false;
        for (const auto &w : bundle.warnings)
            warned = warned || w.message.find("orders-etl") != std::string::npos;
        QVERIFY(warned);
        return;
    }
    if (expected == "Deployment") {
        QVERIFY(deployment && !cronJob);
        return;
    }
    QVERIFY(cronJob && !deployment);
    QCOMPARE(QString::fromStdString(str((*cronJob)["spec"]["schedule"])), expected);
    QCOMPARE(str((*cronJob)["spec"]["concurrencyPolicy"]), std::string("Forbid"));
    const auto pod = (*cronJob)["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    QCOMPARE(str(pod["restartPolicy"]), std::string("OnFailure"));
    QCOMPARE(pod["securityContext"]["runAsNonRoot"].as<bool>(), true);
    QCOMPARE(pod["containers"][0]["securityContext"]["allowPrivilegeEscalation"].as<bool>(),
             false);
    QVERIFY(!pod["containers"][0]["readinessProbe"]);
    // Its links are its network rules: the job reaches shop-db, and only shop-db lets it in.
    bool toDb = false;
    for (const auto &d : docs)
        toDb = toDb || policyLink(d) == "orders-etl -> shop-db (read)";
    QVERIFY(toDb);
}

void TestK8s::hostileNames()
{
    auto m = hostileModel(); // with a 78-character id
    auto r = exporters::exportKubernetes(m, {});
    QVERIFY2(r.ok(), r.message().c_str());
    const auto docs = documents(r.value()); // throws (fails the test) on broken YAML
    for (const auto &d : docs) {
        const auto n = QString::fromStdString(name(d));
        QVERIFY2(kDns1123Label.match(n).hasMatch() && n.size() <= 63, qPrintable(n));
        for (const auto &l : d["metadata"]["labels"]) {
            const auto v = QString::fromStdString(l.second.as<std::string>());
            QVERIFY2(v.size() <= 63, qPrintable(v));
        }
    }
    // The display name survives as an annotation, exactly (within its length cut).
    const auto *api = findFor(docs, "Deployment", "api");
    QVERIFY(api);
    const auto shown = annotation(*api, "archsim.io/display-name");
    QVERIFY2(shown.rfind("Ñame \"api\" 'q' : {x}", 0) == 0, shown.c_str());
    // Plain values that look like booleans or numbers stay strings.
    bool sawYes = false;
    for (const auto &e : (*api)["spec"]["template"]["spec"]["containers"][0]["env"]) {
        if (str(e["name"]) == "WEIRD") {
            QCOMPARE(e["value"].Tag(), std::string("!"));
            sawYes = true;
        }
    }
    QVERIFY(sawYes);
    const auto ns = QString::fromStdString(exporters::k8sNamespace(m, {}));
    QVERIFY2(kDns1123Label.match(ns).hasMatch(), qPrintable(ns));
}

// Issue 15, defect 2 (a health path ran in the compose healthcheck's shell): the Kubernetes
// export keeps the path in httpGet.path, which the kubelet sends as the request path, unchanged;
// no probe of any workload is an exec probe and no command carries the path.
void TestK8s::healthPathShellInjection()
{
    const std::string path = "/health; touch x; echo $(id)";
    auto m = shopModel();
    for (auto &c : m.components)
        if (c.id == "api")
            c.deploy.health_path = path; // not validated: the exporter must be safe anyway
    const auto docs = documents(exportOrFail(m));
    const auto *api = findFor(docs, "Deployment", "api");
    QVERIFY(api);
    const auto ready = (*api)["spec"]["template"]["spec"]["containers"][0]["readinessProbe"];
    QVERIFY(ready && ready["httpGet"]);
    QCOMPARE(str(ready["httpGet"]["path"]), path);
    for (const auto &d : docs) {
        if (!isWorkload(d))
            continue;
        for (const auto &ctr : d["spec"]["template"]["spec"]["containers"]) {
            for (const char *p : {"readinessProbe", "livenessProbe", "startupProbe"})
                QVERIFY2(!ctr[p] || !ctr[p]["exec"], (name(d) + ": exec " + p).c_str());
            for (const auto &arg : ctr["command"])
                QVERIFY2(str(arg).find("touch") == std::string::npos, str(arg).c_str());
        }
    }
}

void TestK8s::dnsLabels_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("valid id kept") << "orders-db";
    QTest::newRow("double hyphen kept") << "a--b";
    QTest::newRow("spaces and quotes") << "Orders \"DB\" 'x'";
    QTest::newRow("unicode") << "日本-サービス";
    QTest::newRow("only symbols") << "!!!";
    QTest::newRow("too long") << QString(80, 'x');
    QTest::newRow("leading hyphen") << "-abc-";
}

void TestK8s::dnsLabels()
{
    QFETCH(QString, input);
    const std::string in = input.toStdString();
    const auto out = QString::fromStdString(exporters::dnsLabel(in));
    QVERIFY2(kDns1123Label.match(out).hasMatch(), qPrintable(out));
    QVERIFY(out.size() <= 63);
    if (kDns1123Label.match(input).hasMatch() && input.size() <= 63)
        QCOMPARE(out, input); // valid names are never changed
    // Distinct inputs stay distinct: "a b" is not "a-b".
    QVERIFY(exporters::dnsLabel("a b") != exporters::dnsLabel("a-b"));
}

QTEST_GUILESS_MAIN(TestK8s)
#include "tst_k8s.moc"
