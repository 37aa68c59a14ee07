// `analyze` agrees with `simulate` where the analytic assumptions hold: Poisson arrivals,
// pooled servers, async callers (so each station is a G/G/c fed by a Poisson stream: Jackson /
// Burke), Erlang C and Pollaczek-Khinchine exact. Tolerance: the simulation's interval, per
// simtestutil.h.

#include "simtestutil.h"

#include "archsim/model/analytic.h"

#include <QTest>

using namespace archsim;
using namespace simtest;

class TestAgreement : public QObject {
    Q_OBJECT

private slots:
    void agreesWhereAssumptionsHold_data();
    void agreesWhereAssumptionsHold();
    void bothSeeTheSaturatedStation();
};

namespace {

model::Model network(int which)
{
    model::Model m;
    switch (which) {
    case 0: // M/M/4 at offered load 3
        m = singleStation(3000, station("s", expo(1.0), 2, 2));
        break;
    case 1: // M/D/1 at 0.8
        m = singleStation(800, station("s", constant(1.0)));
        break;
    case 2: { // Jackson feed-forward network with branching, async callers, two clients
        auto a = station("a", expo(1.0), 2);
        a.threading = model::Threading::Async;
        auto b = station("b", dist(model::DistKind::Exponential, 2.0), 1);
        b.threading = model::Threading::Async;
        m.components = {client("web", 600), client("mobile", 300), a, b,
                        station("c", expo(3.0), 2), station("d", expo(0.5))};
        m.links = {edge("web", "a"), edge("mobile", "a"), edge("mobile", "d"),
                   edge("a", "b", 0.4), edge("a", "c", 0.5), edge("b", "d", 0.7)};
        break;
    }
    }
    return m;
}

} // namespace

void TestAgreement::agreesWhereAssumptionsHold_data()
{
    QTest::addColumn<int>("which");
    QTest::newRow("M/M/4 (2 replicas x 2 workers, pooled)") << 0;
    QTest::newRow("M/D/1") << 1;
    QTest::newRow("Jackson network, two clients") << 2;
}

void TestAgreement::agreesWhereAssumptionsHold()
{
    QFETCH(int, which);
    const model::Model m = network(which);
    const model::AnalyticEstimate est = model::estimate(m);
    const auto r = run(m, 150, 15, 8, 9000 + which);
    const QByteArray tag = QTest::currentDataTag();
    for (const auto &c : r.components) {
        const auto it = est.components.find(c.id);
        QVERIFY2(it != est.components.end(), c.id.c_str());
        const model::StationEstimate &a = it->second;
        QVERIFY(!a.saturated);
        const QByteArray name = tag + " " + QByteArray::fromStdString(c.id);
        QVERIFY(agrees(name + " utilization (analyze)", c.utilization, a.utilization, 0.02));
        QVERIFY(agrees(name + " wait ms (analyze)", c.wait_ms, a.wait_ms, 0.08));
        QVERIFY(agrees(name + " response ms (analyze)", c.latency_ms.mean, a.response_ms, 0.04));
    }
    QCOMPARE(r.clients.size(), est.clients.size());
    for (const auto &c : r.clients) {
        const QByteArray name = tag + " client " + QByteArray::fromStdString(c.id);
        QVERIFY(agrees(name + " end-to-end mean ms (analyze)", c.figures.latency_ms.mean,
                       est.clients.at(c.id).response_ms, 0.03));
    }
    if (which == 2) {
        // The summary mixes both clients' requests: the request-weighted mean is its oracle.
        const double web = est.clients.at("web").response_ms;
        const double mobile = est.clients.at("mobile").response_ms;
        QVERIFY(agrees(tag + " end-to-end mean ms, all clients (analyze)",
                       r.summary.latency_ms.mean, (600 * web + 300 * mobile) / 900, 0.03));
    }
}

// At utilization 1.25 the analytic estimate says saturated and the simulator, with a
// queue_limit, rejects about the excess share 1 - 1/1.25 (more, as M/M/1/K loses a little
// capacity to idle periods) while its server stays busy.
void TestAgreement::bothSeeTheSaturatedStation()
{
    auto st = station("s", expo(1.0));
    st.queue_limit = 50;
    const auto m = singleStation(1250, st);
    const auto est = model::estimate(m);
    QVERIFY(est.components.at("s").saturated);
    QVERIFY(est.components.at("s").utilization >= 1.0);
    const auto r = run(m, 40, 5, 4, 9100);
    QVERIFY(component(r, "s").utilization.value > 0.97);
    QVERIFY(r.summary.error_rate.value > 0.19 && r.summary.error_rate.value < 0.25);
}

QTEST_GUILESS_MAIN(TestAgreement)
#include "tst_agreement.moc"
