// The review report prices the design (docs/operations.md): its cost section shows what
// archsim-cli cost computes, with the last attached run's replicas and throughput.

#include "archsim/exporters/cost.h"
#include "archsim/exporters/report.h"

#include "deploymodels.h"

#include <QTest>

using namespace archsim;
using namespace deploytest;

class TestReportCost : public QObject {
    Q_OBJECT

private slots:
    void costSectionMatchesTheCostModel();
};

void TestReportCost::costSectionMatchesTheCostModel()
{
    Model m = shopModel();
    for (auto &c : m.components)
        if (c.id == "api") {
            c.price = PriceOverride{};
            c.price->replica_hour = 0.10; // 3 replicas x 0.10 x 730 h = 219.00
        }
    const std::string nominal = exporters::exportReport(m);
    QVERIFY(nominal.find("<section id=\"cost\"><h2>Cost</h2>") != std::string::npos);
    QVERIFY(nominal.find("<a href=\"#cost\">Cost</a>") != std::string::npos);
    QVERIFY(nominal.find("<td class=\"num\">219.00</td>") != std::string::npos);
    const auto total = exporters::computeCost(m, exporters::defaultPriceTable());
    char expected[64];
    std::snprintf(expected, sizeof expected, "<b>%.2f USD per month</b>", total.month);
    QVERIFY2(nominal.find(expected) != std::string::npos, expected);
    QVERIFY(nominal.find("the clients' nominal rate") != std::string::npos);

    // With a run: its mean replicas (4.5 of api) and its throughput.
    exporters::ReportOptions options;
    auto run = exporters::parseSimulationRun(
        R"({"summary": {"throughput_rps": 100, "latency_ms": {"p50": 1, "p99": 2}},
            "components": {"api": {"replicas": 4.5}}, "timeline": []})", "run.json");
    QVERIFY2(run.ok(), run.message().c_str());
    options.runs.push_back(run.value());
    const std::string simulated = exporters::exportReport(m, options);
    QVERIFY(simulated.find("the last simulation run") != std::string::npos);
    QVERIFY(simulated.find("<td class=\"num\">328.50</td>") != std::string::npos); // 4.5 x 73
}

QTEST_GUILESS_MAIN(TestReportCost)
#include "tst_report_cost.moc"
