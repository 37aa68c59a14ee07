// The cost model (docs/operations.md): OpenCost's rule max(requested, used) x 730 h x rate,
// the bundled price table and a replacement, per-component overrides, cost per million
// requests from the simulated throughput.

#include "archsim/exporters/cost.h"
#include "archsim/model/io.h"

#include "deploymodels.h"
#include "testutil.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace archsim;
using namespace deploytest;

class TestCost : public QObject {
    Q_OBJECT

private slots:
    void threeReplicasAtTenCents();
    void usedReplicasFromARun();
    void bundledTableParsesAndPricesTheKinds();
    void replacementTable();
    void badTableIsLocated_data();
    void badTableIsLocated();
    void examplesCostSomething();
};

namespace {

// One client at `rps` calling a service of `replicas` replicas priced at `hourly`.
model::Model priced(double rps, int replicas, double hourly)
{
    Model m;
    m.name = "priced";
    auto users = component("users", ComponentKind::Client);
    users.rps = rps;
    auto api = component("api", ComponentKind::Service);
    api.replicas = replicas;
    api.price = PriceOverride{};
    api.price->replica_hour = hourly;
    m.components = {users, api};
    m.links = {link("users", "api", LinkKind::Call)};
    return m;
}

} // namespace

void TestCost::threeReplicasAtTenCents()
{
    // The issue's oracle: 3 replicas x $0.10/h x 730 h = $219 a month; at 100 req/s a month is
    // 100 x 730 x 3600 = 262.8 million requests: 219 / 262.8 = $0.8333 per million.
    const auto r = exporters::computeCost(priced(100, 3, 0.10), exporters::defaultPriceTable());
    QCOMPARE(r.components.size(), size_t(1));
    QCOMPARE(r.components[0].id, std::string("api"));
    QVERIFY(std::abs(r.components[0].month - 219.0) < 1e-9);
    QVERIFY(std::abs(r.month - 219.0) < 1e-9);
    QCOMPARE(r.throughput_rps, 100.0);
    QVERIFY(std::abs(r.per_million - 219.0 / 262.8) < 1e-9);
    QCOMPARE(QString::number(r.per_million, 'f', 3), QStringLiteral("0.833"));
    QVERIFY(!r.simulated);
    const auto j = nlohmann::json::parse(exporters::costToJson(r));
    QCOMPARE(j["month"].get<double>(), r.month);
    QVERIFY(exporters::costToText(r).find("Per million requests: 0.833 USD") != std::string::npos);
}

void TestCost::usedReplicasFromARun()
{
    // OpenCost: the larger of requested and used. A run that averaged 4.5 replicas of the 3
    // requested bills 4.5 x 0.10 x 730 = $328.50; one that used fewer still bills the request.
    const auto m = priced(100, 3, 0.10);
    auto run = nlohmann::json::parse(R"({"summary": {"throughput_rps": 50},
                                         "components": {"api": {"replicas": 4.5}}})");
    auto usage = exporters::costUsageFromRun(run);
    QVERIFY2(usage.ok(), usage.message().c_str());
    auto r = exporters::computeCost(m, exporters::defaultPriceTable(), usage.value());
    QVERIFY(r.simulated);
    QVERIFY(std::abs(r.month - 328.5) < 1e-9);
    QVERIFY(std::abs(r.per_million - 328.5 / (50 * 730 * 3600 / 1e6)) < 1e-9);
    run["components"]["api"]["replicas"] = 1.2;
    r = exporters::computeCost(m, exporters::defaultPriceTable(),
                               exporters::costUsageFromRun(run).value());
    QVERIFY(std::abs(r.month - 219.0) < 1e-9);
    auto bad = exporters::costUsageFromRun(nlohmann::json::parse(R"({"summary": {}})"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.diagnostics()[0].place, std::string("/summary/throughput_rps"));
}

void TestCost::bundledTableParsesAndPricesTheKinds()
{
    auto text =
        model::readFile(test::sourceDir().toStdString() + "/resources/prices/default.json");
    QVERIFY(text.ok());
    auto parsed = exporters::parsePriceTable(text.value(), "default.json");
    QVERIFY2(parsed.ok(), parsed.message().c_str());
    const auto &t = exporters::defaultPriceTable();
    QCOMPARE(t.vcpu_hour, parsed->vcpu_hour); // the compiled-in copy is the file
    QVERIFY(t.vcpu_hour > 0 && t.gib_hour > 0 && t.managed_database_hour > 0);
    // A cluster service requesting 500 m and 512 MiB: 0.5 vCPU + 0.5 GiB per replica-hour.
    Model m = priced(10, 2, 0);
    m.components[1].price.reset();
    m.components[1].deploy.cpu_millis = 500;
    m.components[1].deploy.memory_mib = 512;
    auto db = component("db", ComponentKind::Database);
    db.deploy.hosting = "managed";
    db.replicas = 2;
    auto ext = component("psp", ComponentKind::External);
    ext.price = PriceOverride{};
    ext.price->monthly = 99;
    m.components.push_back(db);
    m.components.push_back(ext);
    const auto r = exporters::computeCost(m, t);
    QCOMPARE(r.components.size(), size_t(3));
    const double api = 2 * 730 * (0.5 * t.vcpu_hour + 0.5 * t.gib_hour);
    QVERIFY(std::abs(r.components[0].month - api) < 1e-9);
    QVERIFY(std::abs(r.components[1].month - 2 * 730 * t.managed_database_hour) < 1e-9);
    QCOMPARE(r.components[2].month, 99.0);
    QVERIFY(std::abs(r.month - (api + 2 * 730 * t.managed_database_hour + 99)) < 1e-9);
}

void TestCost::replacementTable()
{
    auto t = exporters::parsePriceTable(R"({"currency": "EUR", "vcpu_hour": 1, "gib_hour": 0,
                                           "hours_per_month": 100})", "mine.json");
    QVERIFY2(t.ok(), t.message().c_str());
    Model m = priced(10, 1, 0);
    m.components[1].price.reset();
    m.components[1].deploy.cpu_millis = 2000;
    const auto r = exporters::computeCost(m, t.value());
    QCOMPARE(r.currency, std::string("EUR"));
    QVERIFY(std::abs(r.month - 200.0) < 1e-9); // 2 vCPU x 1 EUR x 100 h
}

void TestCost::badTableIsLocated_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown key") << R"({"vcpu_hours": 1})" << "/vcpu_hours" << "unknown price";
    QTest::newRow("negative") << R"({"gib_hour": -1})" << "/gib_hour" << "from 0 to 1e9";
    QTest::newRow("string") << R"({"egress_gb": "cheap"})" << "/egress_gb" << "a number";
    QTest::newRow("zero hours") << R"({"hours_per_month": 0})" << "/hours_per_month"
                                << "more than 0";
    QTest::newRow("syntax") << "{\n  \"vcpu_hour\": ,\n}" << "2:16" << "not valid JSON";
}

void TestCost::badTableIsLocated()
{
    QFETCH(QString, text);
    QFETCH(QString, place);
    QFETCH(QString, fragment);
    auto t = exporters::parsePriceTable(text.toStdString(), "prices.json");
    QVERIFY(!t.ok());
    const auto &d = t.diagnostics().at(0);
    QCOMPARE(QString::fromStdString(d.file), QStringLiteral("prices.json"));
    QCOMPARE(QString::fromStdString(d.place), place);
    QVERIFY2(d.message.find(fragment.toStdString()) != std::string::npos, d.message.c_str());
}

void TestCost::examplesCostSomething()
{
    for (const QString &path : test::examplePaths()) {
        auto m = model::loadModel(path.toStdString());
        QVERIFY2(m.ok(), m.message().c_str());
        const auto r = exporters::computeCost(m.value(), exporters::defaultPriceTable());
        QVERIFY2(r.month > 0 && r.per_million > 0, qPrintable(path));
        double sum = 0;
        for (const auto &c : r.components)
            sum += c.month;
        QVERIFY(std::abs(sum - r.month) < 1e-6 * r.month);
    }
}

QTEST_GUILESS_MAIN(TestCost)
#include "tst_cost.moc"
