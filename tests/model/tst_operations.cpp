// The operations settings of the model (docs/operations.md): SLOs are read and written by both
// file formats, old files load unchanged, and bad values are refused at their JSON pointer.

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

using namespace archsim;
using namespace archsim::model;

class TestOperations : public QObject {
    Q_OBJECT

private slots:
    void sloRoundTripsInBothFormats();
    void oldFilesLoadUnchanged();
    void badSloIsLocated_data();
    void badSloIsLocated();
    void operationsFieldsRoundTrip();
    void badOperationsFieldIsLocated_data();
    void badOperationsFieldIsLocated();
};

namespace {

const char *kClientJson = R"({
  "format": "archsim",
  "version": 1,
  "name": "t",
  "components": [
    {"id": "web", "kind": "client", "rps": 10%1},
    {"id": "api", "kind": "service"}
  ],
  "links": [{"from": "web", "to": "api"}]
})";

std::string withSlo(const std::string &slo)
{
    std::string text = kClientJson;
    text.replace(text.find("%1"), 2, slo.empty() ? "" : ", \"slo\": " + slo);
    return text;
}

} // namespace

void TestOperations::sloRoundTripsInBothFormats()
{
    auto parsed = parseJson(withSlo(R"({"availability": 0.9995, "latency_ms": 250,
                                         "latency_target": 0.95, "period_days": 28})"));
    QVERIFY2(parsed.ok(), parsed.message().c_str());
    const Model m = parsed.value();
    QVERIFY(m.components[0].slo.has_value());
    QCOMPARE(m.components[0].slo->availability, 0.9995);
    QCOMPARE(m.components[0].slo->latency_ms, 250.0);
    QCOMPARE(m.components[0].slo->latency_target, 0.95);
    QCOMPARE(m.components[0].slo->period_days, 28);
    QVERIFY(validate(m).empty());

    const std::string json = toJson(m);
    QVERIFY(json.find("\"slo\"") != std::string::npos);
    auto again = parseJson(json);
    QVERIFY(again.ok());
    QVERIFY(again.value() == m);

    QTemporaryDir dir;
    const std::string path = dir.filePath("slo.archsim").toStdString();
    QVERIFY(saveModel(m, path).ok());
    auto read = readArchsim(path);
    QVERIFY2(read.ok(), read.message().c_str());
    QVERIFY(read.value() == m);
    QCOMPARE(toJson(read.value()), json);
}

void TestOperations::oldFilesLoadUnchanged()
{
    // Every bundled example predates nothing it needs: it loads and writes back byte for byte.
    for (const QString &path : test::examplePaths()) {
        auto m = loadModel(path.toStdString());
        QVERIFY2(m.ok(), m.message().c_str());
        QCOMPARE(toJson(m.value()), test::readAll(path));
    }
    auto plain = parseJson(withSlo(""));
    QVERIFY(plain.ok());
    QVERIFY(!plain.value().components[0].slo.has_value());
    QVERIFY(toJson(plain.value()).find("slo") == std::string::npos);
}

void TestOperations::badSloIsLocated_data()
{
    QTest::addColumn<QString>("slo");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("availability 1") << R"({"availability": 1, "period_days": 30})"
                                    << "/components/0/slo/availability" << "less than 1";
    QTest::newRow("availability 0") << R"({"availability": 0, "period_days": 30})"
                                    << "/components/0/slo/availability" << "more than 0";
    QTest::newRow("period 31") << R"({"availability": 0.99, "period_days": 31})"
                               << "/components/0/slo/period_days" << "expected 28 or 30";
    QTest::newRow("latency negative")
        << R"({"availability": 0.99, "latency_ms": -5, "period_days": 30})"
        << "/components/0/slo/latency_ms" << "at least 0";
    QTest::newRow("latency target 1.5")
        << R"({"availability": 0.99, "latency_ms": 5, "latency_target": 1.5,
               "period_days": 30})"
        << "/components/0/slo/latency_target" << "less than 1";
}

void TestOperations::badSloIsLocated()
{
    QFETCH(QString, slo);
    QFETCH(QString, place);
    QFETCH(QString, fragment);
    auto parsed = parseJson(withSlo(slo.toStdString()));
    QVERIFY2(parsed.ok(), parsed.message().c_str());
    const Diagnostics d = validate(parsed.value());
    QCOMPARE(d.size(), size_t(1));
    QCOMPARE(QString::fromStdString(d[0].place), place);
    QVERIFY2(d[0].message.find(fragment.toStdString()) != std::string::npos,
             d[0].message.c_str());
}

namespace {

// A gateway, a service with an autoscaler and a price, links with a rate limit and retries.
const char *kOpsJson = R"({
  "format": "archsim",
  "version": 1,
  "name": "ops",
  "components": [
    {"id": "web", "kind": "client", "rps": 10},
    {"id": "gw", "kind": "gateway",
     "rate_limit": {"rate_rps": 50, "burst": 10, "per": "key", "keys": 77}},
    {"id": "api", "kind": "service", "price": {"replica_hour": 0.1, "monthly": 5},
     "deploy": {"autoscale": {"min_replicas": 2, "max_replicas": 9, "target_utilization": 0.5,
       "scale_up_policies": [{"type": "pods", "value": 2, "period_s": 30}],
       "scale_down_policies": [{"type": "percent", "value": 10, "period_s": 60}],
       "scale_down_select": "min", "startup_s": 45, "sync_period_s": 30, "tolerance": 0.05}}}
  ],
  "links": [
    {"from": "web", "to": "gw"},
    {"from": "gw", "to": "api", "rate_limit": {"rate_rps": 20, "burst": 5, "per": "global"},
     "retries": {"max": 2, "backoff_ms": 10, "jitter": "full", "retry_after": true}}
  ]
})";

} // namespace

void TestOperations::operationsFieldsRoundTrip()
{
    auto parsed = parseJson(kOpsJson);
    QVERIFY2(parsed.ok(), parsed.message().c_str());
    const Model m = parsed.value();
    QVERIFY2(validate(m).empty(), validate(m).empty() ? "" : validate(m)[0].format().c_str());
    const Component &api = m.components[2];
    QCOMPARE(api.deploy.autoscale->scale_up_policies.size(), size_t(1));
    QCOMPARE(api.deploy.autoscale->scale_down_select, SelectPolicy::Min);
    QCOMPARE(api.deploy.autoscale->startup_s, 45.0);
    QCOMPARE(*api.price->replica_hour, 0.1);
    QCOMPARE(m.components[1].rate_limit->per, RateLimitScope::Key);
    QCOMPARE(m.links[1].rate_limit->burst, 5.0);
    QVERIFY(m.links[1].retries->retry_after);
    const std::string json = toJson(m);
    QTemporaryDir dir;
    const std::string path = dir.filePath("ops.archsim").toStdString();
    QVERIFY(saveModel(m, path).ok());
    auto read = readArchsim(path);
    QVERIFY2(read.ok(), read.message().c_str());
    QCOMPARE(toJson(read.value()), json);
    QVERIFY(read.value() == m);
}

void TestOperations::badOperationsFieldIsLocated_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("slo on a service")
        << R"("price": {"replica_hour": 0.1, "monthly": 5},)"
        << R"("slo": {"availability": 0.99, "period_days": 30},)"
        << "/components/2/slo" << "only clients have an slo";
    QTest::newRow("rate limit on a service")
        << R"("price": {"replica_hour": 0.1, "monthly": 5},)"
        << R"("rate_limit": {"rate_rps": 1, "burst": 1, "per": "global"},)"
        << "/components/2/rate_limit" << "only gateways have a rate_limit";
    QTest::newRow("policy period 0")
        << R"("value": 2, "period_s": 30)" << R"("value": 2, "period_s": 0)"
        << "/components/2/deploy/autoscale/scale_up_policies/0/period_s" << "at most 1800";
    QTest::newRow("burst 0") << R"("burst": 5,)" << R"("burst": 0,)"
                             << "/links/1/rate_limit/burst" << "at least 1 token";
    QTest::newRow("negative price") << R"("monthly": 5)" << R"("monthly": -5)"
                                    << "/components/2/price/monthly" << "at least 0";
    QTest::newRow("tolerance 1") << R"("tolerance": 0.05)" << R"("tolerance": 1)"
                                 << "/components/2/deploy/autoscale/tolerance" << "less than 1";
    QTest::newRow("no keys") << R"("keys": 77)" << R"("keys": 0)"
                             << "/components/1/rate_limit/keys" << "1 to 10000000 keys";
}

void TestOperations::badOperationsFieldIsLocated()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, place);
    QFETCH(QString, fragment);
    std::string text = kOpsJson;
    const auto at = text.find(from.toStdString());
    QVERIFY(at != std::string::npos);
    text.replace(at, size_t(from.size()), to.toStdString());
    auto parsed = parseJson(text);
    QVERIFY2(parsed.ok(), parsed.message().c_str());
    const Diagnostics d = validate(parsed.value());
    QVERIFY(!d.empty());
    bool found = false;
    for (const auto &x : d)
        if (QString::fromStdString(x.place) == place) {
            found = true;
            QVERIFY2(x.message.find(fragment.toStdString()) != std::string::npos,
                     x.message.c_str());
        }
    QVERIFY2(found, d[0].format().c_str());
}

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
