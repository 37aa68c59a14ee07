// The monitoring export: SLO recording and multiwindow, multi-burn-rate alerting rules that
// promtool (Debian's prometheus, found by CMake; a declared test dependency, so the test fails
// when it is missing) accepts and unit-tests (a 15x burn pages, 1x does not), model-derived
// alerts, and Grafana dashboards with the structure Grafana's dashboard model expects.

#include "archsim/exporters/monitoring.h"
#include "archsim/model/io.h"

#include "deploymodels.h"
#include "testutil.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace archsim;
using namespace deploytest;

class TestMonitoring : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sloTargetsFollowTheClients();
    void rulesPassPromtoolCheck_data();
    void rulesPassPromtoolCheck();
    void burnAlerts_data();
    void burnAlerts();
    void modelAlertsNameWhatCanGoWrong();
    void dashboardsHaveGrafanasStructure();
    void dashboardQueriesParse();
    void noSloWarns();

private:
    QTemporaryDir m_dir;
};

namespace {

// The shop of deploymodels.h with objectives on its users: 99.9% available, 99% within 200 ms.
Model sloShop()
{
    Model m = shopModel();
    for (auto &c : m.components)
        if (c.id == "users")
            c.slo = Slo{0.999, 200, 0.99, 30};
    return m;
}

struct Run {
    int exitCode = -1;
    QString output;
};

Run promtool(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(ARCHSIM_PROMTOOL), args);
    if (!p.waitForFinished(120000))
        return {-1, QStringLiteral("promtool did not finish: ") + p.errorString()};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAll())};
}

bool writeFile(const QString &path, const std::string &text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(text.data(), qint64(text.size())) == qint64(text.size());
}

} // namespace

void TestMonitoring::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(ARCHSIM_PROMTOOL)).isExecutable(),
             "promtool not found: install Debian's prometheus (scripts/deps.sh test) and "
             "configure again");
    QVERIFY(m_dir.isValid());
}

void TestMonitoring::sloTargetsFollowTheClients()
{
    const auto targets = exporters::sloTargets(sloShop());
    QCOMPARE(targets.size(), size_t(2));
    QCOMPARE(targets[0].id, std::string("users-availability"));
    QCOMPARE(targets[1].id, std::string("users-latency"));
    // users -> edge-lb (a load balancer emits no OpenTelemetry metrics) -> api: measured at api.
    QCOMPARE(targets[0].services, std::vector<std::string>{"api"});
    QCOMPARE(targets[1].latencySeconds, 0.2);
    QCOMPARE(targets[1].objective, 0.99);
}

void TestMonitoring::rulesPassPromtoolCheck_data()
{
    QTest::addColumn<QString>("example");
    QTest::newRow("shop with SLOs") << QString();
    for (const QString &path : test::examplePaths())
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestMonitoring::rulesPassPromtoolCheck()
{
    QFETCH(QString, example);
    Model m = sloShop();
    if (!example.isEmpty()) {
        auto loaded = model::loadModel(example.toStdString());
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        m = loaded.value();
        for (auto &c : m.components) // every client gets objectives, to exercise the walk
            if (c.kind == ComponentKind::Client && !c.slo)
                c.slo = Slo{0.995, 300, 0.95, 28};
    }
    const auto bundle = exporters::exportMonitoring(m);
    const QString dir = m_dir.filePath(QStringLiteral("check-") + QFileInfo(example).baseName());
    QVERIFY(exporters::writeBundle(bundle, dir.toStdString()).ok());
    const Run run = promtool({QStringLiteral("check"), QStringLiteral("rules"),
                              dir + QStringLiteral("/prometheus/slo-rules.yaml"),
                              dir + QStringLiteral("/prometheus/model-alerts.yaml")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
    if (!example.isEmpty())
        QVERIFY2(!exporters::sloTargets(m).empty(), "every example has a measured client");
}

void TestMonitoring::burnAlerts_data()
{
    // Series per minute on the api: `good` requests answered 200 and `bad` answered 500 (or,
    // for latency, slower than the 200 ms bucket). The budgets: availability 0.1% and latency
    // 1% (objectives 99.9% and 99%). Burn = bad share / budget.
    QTest::addColumn<QString>("sli");
    QTest::addColumn<int>("good");
    QTest::addColumn<int>("bad");
    QTest::addColumn<QString>("evalTime");
    QTest::addColumn<bool>("pages");
    QTest::addColumn<bool>("tickets");
    // 15/1000 = 1.5% = 15x the 0.1% budget: above 14.4x over 1 h and 5 min.
    QTest::newRow("availability 15x pages at 10m") << "availability" << 985 << 15 << "10m"
                                                   << true << true;
    // 1/1000 = 1x: never pages (a page needs 6x at least).
    QTest::newRow("availability 1x no page at 1h") << "availability" << 999 << 1 << "1h"
                                                   << false << false;
    QTest::newRow("availability 1x no page at 6h") << "availability" << 999 << 1 << "6h"
                                                   << false << false;
    // 2/1000 = 2x: a ticket (1x over 3 d and 6 h), no page.
    QTest::newRow("availability 2x tickets, no page") << "availability" << 998 << 2 << "3h"
                                                      << false << true;
    // 8/1000 = 8x: above 6x over 6 h and 30 min but below 14.4x: pages through the second
    // pair only.
    QTest::newRow("availability 8x pages by 6h pair") << "availability" << 992 << 8 << "40m"
                                                      << true << true;
    // Latency: 15 of 100 slower than 200 ms = 15% = 15x the 1% budget.
    QTest::newRow("latency 15x pages at 10m") << "latency" << 85 << 15 << "10m" << true << true;
    QTest::newRow("latency 0.5x quiet at 2h") << "latency" << 995 << 5 << "2h" << false
                                              << false;
}

void TestMonitoring::burnAlerts()
{
    QFETCH(QString, sli);
    QFETCH(int, good);
    QFETCH(int, bad);
    QFETCH(QString, evalTime);
    QFETCH(bool, pages);
    QFETCH(bool, tickets);
    const QString dir = m_dir.filePath(QStringLiteral("burn-%1-%2-%3").arg(sli).arg(bad).arg(
        evalTime));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(writeFile(dir + "/slo-rules.yaml", exporters::prometheusSloRules(sloShop())));

    const QString metric = QStringLiteral("http_server_request_duration_seconds");
    QString series;
    if (sli == QLatin1String("availability")) {
        series = QStringLiteral("      - series: '%1_count{job=\"api\",http_response_status_code="
                                "\"200\"}'\n        values: '0+%2x600'\n"
                                "      - series: '%1_count{job=\"api\",http_response_status_code="
                                "\"500\"}'\n        values: '0+%3x600'\n")
                     .arg(metric)
                     .arg(good)
                     .arg(bad);
    } else {
        series = QStringLiteral("      - series: '%1_count{job=\"api\"}'\n        values: "
                                "'0+%2x600'\n      - series: '%1_bucket{job=\"api\",le=\"0.2\"}'"
                                "\n        values: '0+%3x600'\n")
                     .arg(metric)
                     .arg(good + bad)
                     .arg(good);
    }
    const QString slo = QStringLiteral("users-") + sli;
    const QString name = QStringLiteral("Users") + sli.at(0).toUpper() + sli.mid(1);
    auto expect = [&](const QString &severity, bool fires) {
        QString t = QStringLiteral("      - eval_time: %1\n        alertname: %2BudgetBurn%3\n")
                        .arg(evalTime, name,
                             severity == QLatin1String("page") ? QStringLiteral("Page")
                                                               : QStringLiteral("Ticket"));
        if (!fires)
            return t + QStringLiteral("        exp_alerts: []\n");
        const QString what = sli == QLatin1String("availability")
                                 ? QStringLiteral("99.9% availability")
                                 : QStringLiteral("99% of requests within 200 ms");
        const QString description =
            severity == QLatin1String("page")
                ? QStringLiteral("At this rate the budget is gone within days: act now.")
                : QStringLiteral("At this rate the budget runs out before the period ends: "
                                 "open a ticket.");
        return t + QStringLiteral("        exp_alerts:\n          - exp_labels:\n"
                                  "              severity: %1\n              slo_id: %2\n"
                                  "              slo_client: users\n"
                                  "              slo_period: 30d\n"
                                  "            exp_annotations:\n"
                                  "              summary: \"Client users burns its error budget "
                                  "(%3 over 30 days) too fast\"\n"
                                  "              description: \"%4\"\n")
                       .arg(severity, slo, what, description);
    };
    const QString test = QStringLiteral("rule_files:\n  - slo-rules.yaml\n"
                                        "evaluation_interval: 1m\ntests:\n"
                                        "  - interval: 1m\n    input_series:\n") +
                         series + QStringLiteral("    alert_rule_test:\n") +
                         expect(QStringLiteral("page"), pages) +
                         expect(QStringLiteral("ticket"), tickets);
    QVERIFY(writeFile(dir + "/test.yaml", test.toStdString()));
    const Run run = promtool({QStringLiteral("test"), QStringLiteral("rules"),
                              dir + QStringLiteral("/test.yaml")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output + "\n" + test));
}

void TestMonitoring::modelAlertsNameWhatCanGoWrong()
{
    Model m = sloShop();
    for (auto &l : m.links)
        if (l.to == "orders-db")
            l.circuit_breaker = CircuitBreaker{};
    for (auto &c : m.components)
        if (c.id == "orders-db")
            c.replicas = 2;
    auto q = component("jobs", ComponentKind::Queue);
    q.queue_limit = 1000;
    m.components.push_back(q);
    // A queue's own bound (queue.max_length) wins over its station limit.
    auto mail = component("mail", ComponentKind::Queue);
    mail.queue = QueueSettings{};
    mail.queue->max_length = 50000;
    mail.queue_limit = 10;
    m.components.push_back(mail);
    // A stream with a consumer group and a dead-letter queue.
    auto events = component("order-events", ComponentKind::Stream);
    events.stream = StreamSettings{};
    events.stream->retention_s = 3600;
    m.components.push_back(events);
    m.components.push_back(component("tracker", ComponentKind::Worker));
    m.components.push_back(component("events-dlq", ComponentKind::Queue));
    Link consume = link("tracker", "order-events", LinkKind::Consume);
    consume.consume = ConsumeSettings{};
    consume.consume->group = "fulfilment";
    consume.consume->dead_letter = "events-dlq";
    m.links.push_back(consume);
    const std::string text = exporters::prometheusModelAlerts(m);
    for (const char *needle :
         {"alert: CircuitBreakerOpen", "resilience4j_circuitbreaker_state{name=",
          "alert: ReplicaLagOrdersDb", "pg_replication_lag_seconds{job=\"orders-db\"}",
          "alert: QueueBacklogJobs", "rabbitmq_queue_messages_ready{queue=\"jobs\"}) > 800",
          "alert: AutoscalerAtMaxApi", "horizontalpodautoscaler=\"api\"",
          "rabbitmq_queue_messages_ready{queue=\"mail\"}) > 40000",
          // Oracle: half the retention of 3600 s. (A name over 40 characters is written as a
          // folded block on the next line, for yamllint: "alert: >-".)
          "StreamLagNearRetentionFulfilmentOrderEvents",
          "max(kafka_consumergroup_group_lag_seconds{group=\"fulfilment\","
          "topic=\"order-events\"}) > 1800",
          "alert: StreamLagGrowingFulfilmentOrderEvents",
          "alert: DeadLettersEventsDlq",
          "rabbitmq_queue_messages_ready{queue=\"events-dlq\"}) > 0"})
        QVERIFY2(text.find(needle) != std::string::npos, needle);
    QVERIFY(writeFile(m_dir.filePath("model-alerts.yaml"), text));
    const Run run = promtool({QStringLiteral("check"), QStringLiteral("rules"),
                              m_dir.filePath("model-alerts.yaml")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
}

void TestMonitoring::dashboardsHaveGrafanasStructure()
{
    const Model m = sloShop();
    const auto bundle = exporters::exportMonitoring(m);
    int dashboards = 0;
    for (const auto &c : m.components) {
        const bool served = c.kind == ComponentKind::Service || c.kind == ComponentKind::Gateway
                            || c.kind == ComponentKind::Worker;
        const auto *file = bundle.find("grafana/" + c.id + ".json");
        QCOMPARE(file != nullptr, served);
        if (!file)
            continue;
        ++dashboards;
        const auto d = nlohmann::json::parse(file->text);
        // Grafana's dashboard model: these keys with these types.
        QVERIFY(d.at("uid").is_string() && d["uid"].get<std::string>().size() <= 40);
        QVERIFY(d.at("title").is_string());
        QVERIFY(d.at("schemaVersion").is_number_integer());
        QVERIFY(d.at("time").at("from").is_string());
        QVERIFY(d.at("templating").at("list").is_array());
        QCOMPARE(d["templating"]["list"][0]["name"].get<std::string>(), std::string("datasource"));
        QVERIFY(d.at("panels").is_array() && !d["panels"].empty());
        std::set<int> ids;
        std::set<std::pair<int, int>> cells; // (x, y) grid cells taken, no two panels overlap
        bool sloPanels = false;
        for (const auto &p : d["panels"]) {
            QVERIFY(ids.insert(p.at("id").get<int>()).second);
            QVERIFY(p.at("type").is_string() && p.at("title").is_string());
            const auto &g = p.at("gridPos");
            const int x = g.at("x"), y = g.at("y"), w = g.at("w"), h = g.at("h");
            QVERIFY(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0);
            for (int i = x; i < x + w; ++i)
                for (int j = y; j < y + h; ++j)
                    QVERIFY2(cells.insert({i, j}).second, "panels overlap");
            if (p["type"] == "row")
                continue;
            QCOMPARE(p.at("datasource").at("uid").get<std::string>(),
                     std::string("${datasource}"));
            QVERIFY(p.at("targets").is_array() && !p["targets"].empty());
            std::set<std::string> refs;
            for (const auto &t : p["targets"]) {
                QVERIFY(refs.insert(t.at("refId").get<std::string>()).second);
                QVERIFY(!t.at("expr").get<std::string>().empty());
                if (t["expr"].get<std::string>().find("slo_id=\"users-") != std::string::npos)
                    sloPanels = true;
            }
        }
        QCOMPARE(sloPanels, c.id == "api"); // users' SLOs are measured at the api
    }
    QVERIFY(dashboards >= 2);
}

void TestMonitoring::dashboardQueriesParse()
{
    // Every panel query as a recording rule: promtool check rules parses each expression.
    const Model m = sloShop();
    const auto bundle = exporters::exportMonitoring(m);
    std::string rules = "groups:\n  - name: dashboard-queries\n    rules:\n";
    int n = 0;
    for (const auto &f : bundle.files) {
        if (f.path.rfind("grafana/", 0) != 0)
            continue;
        const auto dashboard = nlohmann::json::parse(f.text);
        for (const auto &p : dashboard["panels"])
            for (const auto &t : p.value("targets", nlohmann::json::array()))
                rules += "      - record: dashboard:query:" + std::to_string(n++) +
                         "\n        expr: " + nlohmann::json(t["expr"]).dump() + "\n";
    }
    QVERIFY(n > 10);
    QVERIFY(writeFile(m_dir.filePath("queries.yaml"), rules));
    const Run run = promtool({QStringLiteral("check"), QStringLiteral("rules"),
                              m_dir.filePath("queries.yaml")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.output));
}

void TestMonitoring::noSloWarns()
{
    const auto bundle = exporters::exportMonitoring(shopModel());
    QCOMPARE(bundle.warnings.size(), size_t(1));
    QVERIFY(bundle.warnings[0].message.find("no client declares an slo") != std::string::npos);
    QVERIFY(bundle.find("prometheus/slo-rules.yaml") != nullptr);
}

QTEST_GUILESS_MAIN(TestMonitoring)
#include "tst_monitoring.moc"
