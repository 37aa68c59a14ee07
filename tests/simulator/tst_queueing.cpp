// The simulator against queueing theory: M/M/1, M/M/c (Erlang C), M/D/1 and M/G/1
// (Pollaczek-Khinchine), a feed-forward Jackson network, M/M/1/K, and pooled versus per-replica
// balancing. Tolerances: see simtestutil.h.

#include "simtestutil.h"

#include <QTest>

#include <cmath>

using namespace archsim;
using namespace simtest;

class TestQueueing : public QObject {
    Q_OBJECT

private slots:
    void mm1_data();
    void mm1();
    void mmcErlangC();
    void pollaczekKhinchine_data();
    void pollaczekKhinchine();
    void jacksonNetwork();
    void blockingCallerLittlesLaw();
    void mm1kRejectsTheExcess();
    void pooledBeatsPerReplicaQueues();
};

void TestQueueing::mm1_data()
{
    QTest::addColumn<double>("rho");
    QTest::addColumn<double>("duration");
    QTest::newRow("utilization 0.8") << 0.8 << 300.0;
    QTest::newRow("utilization 0.9") << 0.9 << 600.0;
}

// Oracle: M/M/1 sojourn time is exponential with rate mu - lambda, so its mean is
// 1/(mu - lambda) and its q-quantile -ln(1 - q)/(mu - lambda). mu = 1000/s (1 ms service).
void TestQueueing::mm1()
{
    QFETCH(double, rho);
    QFETCH(double, duration);
    const double mu = 1000.0, lambda = rho * mu;
    auto m = singleStation(lambda, station("s", expo(1.0)));
    const auto r = run(m, duration, 20, 8, 1001);
    const double rateMs = (mu - lambda) / 1000.0; // per ms
    const auto &lat = r.summary.latency_ms;
    const QByteArray tag = QByteArray("M/M/1 rho=") + QByteArray::number(rho);
    const double h = simulator::LogHistogram::kRelativeError;
    QVERIFY(agrees(tag + " sojourn mean ms", lat.mean, 1.0 / rateMs, 0.03));
    QVERIFY(agrees(tag + " sojourn p50 ms", lat.p50, std::log(2.0) / rateMs, 0.03, h));
    QVERIFY(agrees(tag + " sojourn p90 ms", lat.p90, -std::log(0.1) / rateMs, 0.03, h));
    // The p99 of a run converges slowest; 6% half-width still separates a 1% error.
    QVERIFY(agrees(tag + " sojourn p99 ms", lat.p99, -std::log(0.01) / rateMs, 0.06, h));
    QVERIFY(agrees(tag + " utilization", component(r, "s").utilization, rho, 0.01));
    // Little's law on the queue: Lq = lambda Wq, Wq = rho/(mu - lambda).
    QVERIFY(agrees(tag + " queue mean", component(r, "s").queue_mean,
                   rho * rho / (1 - rho), 0.05));
}

// Oracle: Erlang C with c = 4 servers, offered load a = lambda/mu = 3:
// P(wait) = (a^c/c! * c/(c-a)) / (sum_{k<c} a^k/k! + a^c/c! * c/(c-a)) = 13.5/26.5,
// mean wait Wq = P(wait) / (c mu - lambda).
void TestQueueing::mmcErlangC()
{
    const int c = 4;
    const double mu = 1000.0, a = 3.0, lambda = a * mu;
    double sum = 0, term = 1;
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double tail = term * c / (c - a); // term == a^c/c! here
    const double pWait = tail / (sum + tail);
    QVERIFY(std::abs(pWait - 13.5 / 26.5) < 1e-12);
    const double wqMs = pWait / (c * mu - lambda) * 1000.0;
    auto m = singleStation(lambda, station("s", expo(1.0), c));
    const auto r = run(m, 150, 10, 8, 2002);
    const auto &s = component(r, "s");
    QVERIFY(agrees("M/M/4 a=3 P(wait)", s.wait_probability, pWait, 0.02));
    QVERIFY(agrees("M/M/4 a=3 mean wait ms", s.wait_ms, wqMs, 0.04));
    QVERIFY(agrees("M/M/4 a=3 sojourn mean ms", r.summary.latency_ms.mean, wqMs + 1.0, 0.02));
    QVERIFY(agrees("M/M/4 a=3 utilization", s.utilization, a / c, 0.01));
}

void TestQueueing::pollaczekKhinchine_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("cv");
    QTest::addColumn<double>("rho");
    QTest::addColumn<double>("duration");
    QTest::newRow("M/D/1 rho=0.8") << int(model::DistKind::Constant) << 0.0 << 0.8 << 200.0;
    QTest::newRow("M/G/1 lognormal cv=1.5 rho=0.7")
        << int(model::DistKind::Lognormal) << 1.5 << 0.7 << 500.0;
    QTest::newRow("M/E4/1 rho=0.8") << int(model::DistKind::Erlang) << 0.5 << 0.8 << 200.0;
}

// Oracle: Pollaczek-Khinchine mean wait Wq = rho * E[S] * (1 + cs^2) / (2 (1 - rho)).
void TestQueueing::pollaczekKhinchine()
{
    QFETCH(int, kind);
    QFETCH(double, cv);
    QFETCH(double, rho);
    QFETCH(double, duration);
    auto d = dist(model::DistKind(kind), 1.0, cv);
    d.k = 4;
    const double scv = d.scv();
    const double wqMs = rho * 1.0 * (1 + scv) / (2 * (1 - rho));
    auto m = singleStation(rho * 1000.0, station("s", d));
    const auto r = run(m, duration, 20, 8, 3003);
    const QByteArray tag = QTest::currentDataTag();
    QVERIFY(agrees(tag + " mean wait ms", component(r, "s").wait_ms, wqMs, 0.05));
    QVERIFY(agrees(tag + " sojourn mean ms", r.summary.latency_ms.mean, wqMs + 1.0, 0.04));
}

// Oracle: Jackson / Burke. Client (500/s) -> A (async, exp 1 ms); A calls B with p = 0.6
// (exp 2 ms) and then C with p = 0.4 (exp 3 ms). A releases its server after its own service,
// so each station is an M/M/1 with lambda_B = 0.6 lambda, lambda_C = 0.4 lambda and response
// 1/(mu - lambda_i); the end-to-end mean is T_A + 0.6 T_B + 0.4 T_C = 2 + 3 + 3 = 8 ms.
void TestQueueing::jacksonNetwork()
{
    model::Model m;
    auto a = station("a", expo(1.0));
    a.threading = model::Threading::Async;
    m.components = {client("src", 500), a, station("b", expo(2.0)), station("c", expo(3.0))};
    m.links = {edge("src", "a"), edge("a", "b", 0.6), edge("a", "c", 0.4)};
    const auto r = run(m, 200, 20, 8, 4004);
    QVERIFY(agrees("Jackson util A", component(r, "a").utilization, 0.5, 0.02));
    QVERIFY(agrees("Jackson util B", component(r, "b").utilization, 0.6, 0.02));
    QVERIFY(agrees("Jackson util C", component(r, "c").utilization, 0.6, 0.02));
    QVERIFY(agrees("Jackson T_B ms", component(r, "b").latency_ms.mean, 5.0, 0.03));
    QVERIFY(agrees("Jackson T_C ms", component(r, "c").latency_ms.mean, 7.5, 0.03));
    QVERIFY(agrees("Jackson end-to-end mean ms", r.summary.latency_ms.mean, 8.0, 0.03));
}

// Oracle: Little's law for the servers of a blocking caller. A holds its server through its
// calls, so its mean number of busy servers is lambda * (E[S_A] + 0.6 T_B + 0.4 T_C), with T_B
// and T_C the measured responses of B and C; A's utilization is that over its 8 workers.
void TestQueueing::blockingCallerLittlesLaw()
{
    model::Model m;
    m.components = {client("src", 500), station("a", expo(1.0), 8), station("b", expo(2.0)),
                    station("c", expo(3.0))};
    m.links = {edge("src", "a"), edge("a", "b", 0.6), edge("a", "c", 0.4)};
    const auto r = run(m, 100, 10, 6, 5005);
    const double holdMs = 1.0 + 0.6 * component(r, "b").latency_ms.mean.value +
                          0.4 * component(r, "c").latency_ms.mean.value;
    const double oracle = 500.0 * holdMs / 1000.0 / 8.0;
    QVERIFY(agrees("blocking A utilization (Little)", component(r, "a").utilization, oracle,
                   0.02));
    // The async caller of the Jackson test is busy only for its own service: 0.5/8.
    QVERIFY(component(r, "a").utilization.value > 0.3);
}

// Oracle: M/M/1/K at rho = 2 with queue_limit 10 (N = 11 in the system): the blocking
// probability is (1 - rho) rho^N / (1 - rho^(N+1)) = 2048/4095 and the utilization
// 1 - P0 = 1 - (1 - rho)/(1 - rho^(N+1)) = 4094/4095. Memory stays bounded: at most two
// visits (client root + station) per admitted request, whatever the duration.
void TestQueueing::mm1kRejectsTheExcess()
{
    auto st = station("s", expo(1.0));
    st.queue_limit = 10;
    auto m = singleStation(2000, st);
    const auto shortRun = run(m, 40, 5, 6, 6006);
    QVERIFY(agrees("M/M/1/K rho=2 K=11 blocking probability", shortRun.summary.error_rate,
                   2048.0 / 4095.0, 0.01));
    QVERIFY(agrees("M/M/1/K rho=2 utilization", component(shortRun, "s").utilization,
                   4094.0 / 4095.0, 0.001));
    QVERIFY(component(shortRun, "s").rejected.value > 0);
    const auto longRun = run(m, 160, 5, 2, 6006);
    const uint64_t bound = 2 * (10 + 1) + 2;
    QVERIFY2(shortRun.peakInFlight <= bound, QByteArray::number(qulonglong(shortRun.peakInFlight)));
    QVERIFY2(longRun.peakInFlight <= bound, QByteArray::number(qulonglong(longRun.peakInFlight)));
}

// Oracle: four single-worker replicas at offered load 3 (rho = 0.75).
//  - pooled (one FIFO queue): M/M/4, response = Erlang C wait + 1 ms = 1.5094 ms;
//  - random: each replica an M/M/1 at rho = 0.75, response 1/(mu - lambda/4) = 4 ms;
//  - round_robin: each replica sees Erlang-4 gaps, E4/M/1: response 1/(mu(1 - sigma)) with
//    sigma the root in (0, 1) of sigma = (lambda / (lambda + mu(1 - sigma)))^4.
// Theory orders them pooled < round_robin < random; the simulator must agree in value.
void TestQueueing::pooledBeatsPerReplicaQueues()
{
    const double mu = 1000.0, lambda = 3000.0;
    double sigma = 0.5;
    for (int i = 0; i < 200; ++i)
        sigma = std::pow(lambda / (lambda + mu * (1 - sigma)), 4);
    const double rrMs = 1000.0 / (mu * (1 - sigma));
    double result[3];
    const model::Balancing kinds[3] = {model::Balancing::Pooled, model::Balancing::RoundRobin,
                                       model::Balancing::Random};
    const double oracle[3] = {(13.5 / 26.5) + 1.0, rrMs, 4.0};
    const char *names[3] = {"balancing pooled (M/M/4) response ms",
                            "balancing round_robin (E4/M/1) response ms",
                            "balancing random (M/M/1) response ms"};
    for (int k = 0; k < 3; ++k) {
        auto st = station("s", expo(1.0), 1, 4);
        st.balancing = kinds[k];
        const auto r = run(singleStation(lambda, st), 100, 10, 6, 7007);
        QVERIFY(agrees(names[k], r.summary.latency_ms.mean, oracle[k], 0.03));
        result[k] = r.summary.latency_ms.mean.value;
    }
    QVERIFY(result[0] < result[1]);
    QVERIFY(result[1] < result[2]);
}

QTEST_GUILESS_MAIN(TestQueueing)
#include "tst_queueing.moc"
