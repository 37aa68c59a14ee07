// Tests of the analytic estimate against closed forms of queueing theory. Each numeric check
// names its oracle and its tolerance.

#include "archsim/model/analytic.h"
#include "archsim/model/cacheanalytic.h"

#include <QTest>

#include <cmath>

using namespace archsim::model;

namespace {

Component client(const std::string &id, double rps)
{
    Component c;
    c.id = id;
    c.kind = ComponentKind::Client;
    c.rps = rps;
    return c;
}

Component station(const std::string &id, double meanMs, DistKind dist = DistKind::Exponential,
                   int workers = 1, int replicas = 1)
{
    Component c;
    c.id = id;
    c.kind = ComponentKind::Service;
    c.workers = workers;
    c.replicas = replicas;
    Distribution d;
    d.dist = dist;
    d.mean_ms = meanMs;
    c.service_time = d;
    return c;
}

Link mkLink(const std::string &from, const std::string &to, double p = 1.0,
          LinkKind kind = LinkKind::Call)
{
    Link l;
    l.id = from + "-" + to;
    l.from = from;
    l.to = to;
    l.probability = p;
    l.kind = kind;
    return l;
}

// One client feeding one station: the M/x/c building block.
Model single(double rps, Component s)
{
    Model m;
    const std::string id = s.id;
    m.components = {client("users", rps), std::move(s)};
    m.links = {mkLink("users", id)};
    return m;
}

bool near(double actual, double expected, double relTol)
{
    return std::abs(actual - expected) <= relTol * std::abs(expected) + 1e-12;
}

} // namespace

class TestAnalytic : public QObject {
    Q_OBJECT
private slots:
    void erlangCClosedForm_data();
    void erlangCClosedForm();
    void singleStation_data();
    void singleStation();
    void jacksonFeedForwardAsync();
    void blockingHoldsServerDuringCalls();
    void parallelFanoutTakesSlowestBranch();
    void saturationPropagatesToBlockingCallers();
    void cycleIsReportedNotFollowed();
    void databaseReadsGoWhereReadFromSays();
    void cachePassRatioIsExplicit();
    void peakBasisUsesProfileMaximum();
    void balancingPerReplicaQueues();
    void publishDoesNotWaitForConsumers();
    void jsonHasIssueFieldsAndNullForInfinity();
};

void TestAnalytic::erlangCClosedForm_data()
{
    QTest::addColumn<int>("servers");
    QTest::addColumn<double>("load");
    QTest::addColumn<double>("expected");
    // Erlang C closed form: C(1, a) = a (M/M/1 probability of waiting = rho).
    QTest::newRow("c=1 a=0.8") << 1 << 0.8 << 0.8;
    // Erlang C, c=4, a=3: C = 27/53 = 0.50943 (standard tables).
    QTest::newRow("c=4 a=3") << 4 << 3.0 << 27.0 / 53.0;
    // Erlang C, c=2, a=1.5: C = a^2 / (a^2 + 2(2-a)... ) = 9/14 = 0.642857.
    QTest::newRow("c=2 a=1.5") << 2 << 1.5 << 9.0 / 14.0;
    QTest::newRow("overloaded") << 3 << 3.0 << 1.0;
    QTest::newRow("idle") << 3 << 0.0 << 0.0;
}

void TestAnalytic::erlangCClosedForm()
{
    QFETCH(int, servers);
    QFETCH(double, load);
    QFETCH(double, expected);
    // Tolerance: 1e-9 relative (the recursion is exact up to rounding).
    QVERIFY2(near(erlangC(servers, load), expected, 1e-9),
             qPrintable(QString::number(erlangC(servers, load), 'g', 12)));
}

void TestAnalytic::singleStation_data()
{
    QTest::addColumn<double>("rps");
    QTest::addColumn<int>("dist");
    QTest::addColumn<double>("cv");
    QTest::addColumn<int>("workers");
    QTest::addColumn<double>("expectedWaitMs");
    QTest::addColumn<double>("expectedUtil");
    const int expo = int(DistKind::Exponential);
    // M/M/1, S = 1 ms: Wq = rho/(1-rho) S. rho 0.8 -> 4 ms; rho 0.9 -> 9 ms.
    QTest::newRow("M/M/1 rho=0.8") << 800.0 << expo << 1.0 << 1 << 4.0 << 0.8;
    QTest::newRow("M/M/1 rho=0.9") << 900.0 << expo << 1.0 << 1 << 9.0 << 0.9;
    // M/M/4, a = 3: Wq = C(4,3) / (c mu - lambda) = (27/53) / (4000 - 3000) s = 0.50943 ms.
    QTest::newRow("M/M/4 a=3") << 3000.0 << expo << 1.0 << 4 << 27.0 / 53.0 << 0.75;
    // M/D/1 (Pollaczek-Khinchine, cs2 = 0): Wq = rho S / (2 (1 - rho)); rho 0.5 -> 0.5 ms.
    QTest::newRow("M/D/1 rho=0.5") << 500.0 << int(DistKind::Constant) << 0.0 << 1 << 0.5
                                   << 0.5;
    // M/G/1 lognormal cv 1.5 (P-K): Wq = rho (1 + cv^2) S / (2 (1 - rho)); rho 0.6 ->
    // 0.6 * 3.25 / 0.8 = 2.4375 ms.
    QTest::newRow("M/G/1 lognormal cv=1.5") << 600.0 << int(DistKind::Lognormal) << 1.5 << 1
                                            << 2.4375 << 0.6;
}

void TestAnalytic::singleStation()
{
    QFETCH(double, rps);
    QFETCH(int, dist);
    QFETCH(double, cv);
    QFETCH(int, workers);
    QFETCH(double, expectedWaitMs);
    QFETCH(double, expectedUtil);
    Component api = station("api", 1.0, DistKind(dist), workers);
    api.service_time->cv = cv;
    const AnalyticEstimate est = estimate(single(rps, api));
    const StationEstimate &s = est.components.at("api");
    // Tolerance: 1e-9 relative; the formulas are closed forms.
    QVERIFY2(near(s.wait_ms, expectedWaitMs, 1e-9), qPrintable(QString::number(s.wait_ms)));
    QVERIFY(near(s.utilization, expectedUtil, 1e-9));
    QVERIFY(near(s.response_ms, expectedWaitMs + 1.0, 1e-9));
    QVERIFY(near(est.clientResponseMs.at("users"), expectedWaitMs + 1.0, 1e-9));
    QVERIFY(!s.saturated);
    QCOMPARE(s.arrival_rps, rps);
}

void TestAnalytic::jacksonFeedForwardAsync()
{
    // Jackson / Burke: users (1000/s) -> a; a -> b with p 0.6, a -> c with p 0.4; async so
    // each station is M/M/1 with its own arrival rate. S_a = 0.5, S_b = 1, S_c = 1.5 ms.
    Model m;
    Component a = station("a", 0.5), b = station("b", 1.0), c = station("c", 1.5);
    a.threading = Threading::Async;
    m.components = {client("users", 1000), a, b, c};
    m.links = {mkLink("users", "a"), mkLink("a", "b", 0.6), mkLink("a", "c", 0.4)};
    const AnalyticEstimate est = estimate(m);
    // lambda: a 1000, b 600, c 400; rho: 0.5, 0.6, 0.6; R = S / (1 - rho): 1, 2.5, 3.75 ms.
    QVERIFY(near(est.components.at("b").arrival_rps, 600, 1e-12));
    QVERIFY(near(est.components.at("c").utilization, 0.6, 1e-12));
    QVERIFY(near(est.components.at("a").wait_ms, 0.5, 1e-9));
    // End to end: R_a + 0.6 R_b + 0.4 R_c = 1 + 1.5 + 1.5 = 4 ms (tolerance 1e-9).
    QVERIFY2(near(est.clientResponseMs.at("users"), 4.0, 1e-9),
             qPrintable(QString::number(est.clientResponseMs.at("users"))));
    // Async: a's own response includes its downstream calls, its utilization does not.
    QVERIFY(near(est.components.at("a").response_ms, 4.0, 1e-9));
    QVERIFY(near(est.components.at("a").utilization, 0.5, 1e-12));
}

void TestAnalytic::blockingHoldsServerDuringCalls()
{
    // users 100/s -> api (blocking, 4 workers, 2 ms constant) -> db (exp 1 ms, 1 worker).
    Model m;
    m.components = {client("users", 100), station("api", 2.0, DistKind::Constant, 4),
                    station("db", 1.0)};
    m.links = {mkLink("users", "api"), mkLink("api", "db")};
    const AnalyticEstimate est = estimate(m);
    // db: M/M/1 at rho 0.1: R = 1 / 0.9 ms. api holds a worker for 2 + R_db ms.
    const double rdb = 1.0 / 0.9;
    QVERIFY(near(est.components.at("db").response_ms, rdb, 1e-9));
    QVERIFY(near(est.components.at("api").holding_ms, 2.0 + rdb, 1e-9));
    // Utilization = lambda * holding / servers = 100/s * 3.111 ms / 4.
    QVERIFY(near(est.components.at("api").utilization, 0.1 * (2.0 + rdb) / 4, 1e-9));
    // Allen-Cunneen with cs2 = R_db^2 / hold^2 (downstream taken as exponential).
    const double hold = 2.0 + rdb;
    const double cs2 = rdb * rdb / (hold * hold);
    const double wait = allenCunneenWaitMs(100, 4, hold, cs2);
    QVERIFY(near(est.components.at("api").wait_ms, wait, 1e-9));
    QVERIFY(near(est.clientResponseMs.at("users"), wait + hold, 1e-9));
}

void TestAnalytic::parallelFanoutTakesSlowestBranch()
{
    Model m;
    Component api = station("api", 1.0);
    api.fanout = Fanout::Parallel;
    api.threading = Threading::Async;
    m.components = {client("users", 1), api, station("fast", 1.0), station("slow", 10.0)};
    m.links = {mkLink("users", "api"), mkLink("api", "fast"), mkLink("api", "slow")};
    const AnalyticEstimate est = estimate(m);
    // Near-idle stations (rho ~ 0.01): downstream = max of the branch responses (slow one).
    const double rs = est.components.at("slow").response_ms;
    QVERIFY(near(est.components.at("api").downstream_ms, rs, 1e-12));
    QVERIFY(rs > est.components.at("fast").response_ms);
}

void TestAnalytic::saturationPropagatesToBlockingCallers()
{
    Model m;
    m.components = {client("users", 2000), station("api", 0.1, DistKind::Exponential, 64),
                    station("db", 1.0)};
    m.links = {mkLink("users", "api"), mkLink("api", "db")};
    const AnalyticEstimate est = estimate(m);
    // db: rho = 2000/s * 1 ms = 2 >= 1: saturated, infinite wait and response.
    const StationEstimate &db = est.components.at("db");
    QVERIFY(db.saturated);
    QVERIFY(near(db.utilization, 2.0, 1e-12));
    QVERIFY(std::isinf(db.response_ms));
    QVERIFY(est.components.at("api").saturated); // its workers wait forever on db
    QVERIFY(est.clients.at("users").saturated);
    QVERIFY(estimateToJson(est).find("\"response_ms\": null") != std::string::npos);
}

void TestAnalytic::cycleIsReportedNotFollowed()
{
    Model m;
    m.components = {client("users", 10), station("a", 1), station("b", 1), station("c", 1)};
    m.links = {mkLink("users", "a"), mkLink("a", "b"), mkLink("b", "c"), mkLink("c", "a", 0.5)};
    const AnalyticEstimate est = estimate(m);
    QCOMPARE(est.cycles.size(), size_t(1));
    const std::vector<std::string> expected{"a", "b", "c", "a"};
    QCOMPARE(est.cycles[0], expected);
    QVERIFY(est.components.at("b").in_cycle);
    QVERIFY(std::isfinite(est.clientResponseMs.at("users")));
    bool mentioned = false;
    for (const auto &a : est.assumptions)
        mentioned = mentioned || a.find("a -> b -> c -> a") != std::string::npos;
    QVERIFY(mentioned);
}

void TestAnalytic::databaseReadsGoWhereReadFromSays()
{
    // 3 replicas x 1 worker, 1 ms exponential; 600 reads/s and 300 writes/s.
    Model m;
    Component db = station("db", 1.0);
    db.kind = ComponentKind::Database;
    db.replicas = 3;
    db.read_from = ReadFrom::Replica;
    m.components = {client("readers", 600), client("writers", 300), db};
    m.links = {mkLink("readers", "db", 1, LinkKind::Read), mkLink("writers", "db", 1, LinkKind::Write)};
    StationEstimate s = estimate(m).components.at("db");
    // Primary M/M/1 at 0.3; replicas pooled M/M/2 at a = 0.6 (rho 0.3): busiest pool is 0.3.
    QVERIFY(near(s.utilization, 0.3, 1e-12));
    // Mean wait: lambda-weighted mix of M/M/1 (0.3/0.7 ms) and M/M/2 (C(2,0.6)/(2000-600) s).
    const double w1 = 0.3 / 0.7, w2 = erlangC(2, 0.6) / 1.4;
    QVERIFY(near(s.wait_ms, (300 * w1 + 600 * w2) / 900, 1e-9));
    m.components[2].read_from = ReadFrom::Primary;
    s = estimate(m).components.at("db");
    // Everything on the primary: rho = 900/s * 1 ms = 0.9.
    QVERIFY(near(s.utilization, 0.9, 1e-12));
}

void TestAnalytic::cachePassRatioIsExplicit()
{
    Model m;
    Component cache = station("cache", 0.3);
    cache.kind = ComponentKind::Cache;
    m.components = {client("users", 1000), cache, station("db", 2.0, DistKind::Exponential, 8)};
    m.links = {mkLink("users", "cache", 1, LinkKind::Read), mkLink("cache", "db", 1, LinkKind::Fill)};
    AnalyticEstimate est = estimate(m);
    QCOMPARE(est.components.at("db").arrival_rps, 1000.0);
    QCOMPARE(est.assumptions.size(), size_t(1));
    QVERIFY(est.assumptions[0].find("cache 'cache': miss ratio 1 assumed") == 0);

    // With a key space, the hit ratio comes from cacheanalytic.h (Che's approximation for
    // LRU) at the cache's read rate; the fill carries exactly the misses (tolerance 1e-12).
    m.components[1].keys = 100000;
    m.components[1].capacity = 5000;
    m.components[1].zipf = 0.9;
    const auto che = estimateCache(cacheAnalyticInput(m.components[1], 1000.0));
    QVERIFY(che.ok());
    est = estimate(m);
    QVERIFY(near(est.components.at("db").arrival_rps, 1000.0 * (1 - che.value().hit_ratio),
                 1e-12));
    QVERIFY(che.value().hit_ratio > 0.1 && che.value().hit_ratio < 0.9);
    QCOMPARE(est.assumptions.size(), size_t(1));
    QVERIFY(est.assumptions[0].find("hit ratio") != std::string::npos);

    EstimateOptions o;
    o.missRatio = [](const Component &) { return std::optional<double>(0.2); };
    est = estimate(m, o);
    QVERIFY(near(est.components.at("db").arrival_rps, 200.0, 1e-12));
    QVERIFY(near(est.components.at("cache").pass_ratio, 0.2, 1e-12));
    QVERIFY(est.assumptions.empty());
}

void TestAnalytic::peakBasisUsesProfileMaximum()
{
    Model m = single(100, station("api", 1.0));
    m.components[0].profile = {{60, 500}, {120, 50}};
    QCOMPARE(estimate(m).components.at("api").arrival_rps, 100.0);
    EstimateOptions o;
    o.basis = RateBasis::Peak;
    o.rateFactor = 1.5;
    QCOMPARE(estimate(m, o).components.at("api").arrival_rps, 750.0);
    QCOMPARE(estimate(m, 2.0).clients.at("users").rate_rps, 200.0);
}

void TestAnalytic::balancingPerReplicaQueues()
{
    // 2 replicas x 1 worker, 1 ms exponential, 1000/s: rho 0.5 per replica.
    Component api = station("api", 1.0, DistKind::Exponential, 1, 2);
    api.balancing = Balancing::Random;
    const double random = estimate(single(1000, api)).components.at("api").wait_ms;
    // Random: each replica M/M/1 at 500/s: Wq = 0.5/0.5 * 1 = 1 ms.
    QVERIFY(near(random, 1.0, 1e-9));
    api.balancing = Balancing::Pooled;
    const double pooled = estimate(single(1000, api)).components.at("api").wait_ms;
    // Pooled: M/M/2 with a = 1: Wq = C(2,1) / (2000 - 1000) s = (1/3) ms.
    QVERIFY(near(pooled, 1.0 / 3.0, 1e-9));
    api.balancing = Balancing::RoundRobin;
    const double rr = estimate(single(1000, api)).components.at("api").wait_ms;
    // Round robin: E2/M/1 by Allen-Cunneen: 1 ms * (0.5 + 1) / 2 = 0.75 ms.
    QVERIFY(near(rr, 0.75, 1e-9));
    QVERIFY(pooled < rr && rr < random);
}

void TestAnalytic::publishDoesNotWaitForConsumers()
{
    Model m;
    Component q = station("events", 0.5);
    q.kind = ComponentKind::Queue;
    m.components = {client("users", 10), station("api", 1.0), q, station("worker", 100.0)};
    m.links = {mkLink("users", "api"), mkLink("api", "events", 1, LinkKind::Publish),
               mkLink("events", "worker")};
    const AnalyticEstimate est = estimate(m);
    const StationEstimate &events = est.components.at("events");
    QVERIFY(est.components.at("api").downstream_ms < 1.0); // the queue's local time only
    QVERIFY(near(est.components.at("api").downstream_ms, events.wait_ms + 0.5, 1e-12));
    QCOMPARE(est.components.at("worker").arrival_rps, 10.0);
    QVERIFY(events.holding_ms == 0.5); // queues never hold a server while consumers work
    // The worker (10/s x 100 ms, one server) is saturated; the queue is not, but its response
    // (delivery included) is infinite, while the publisher only waits for the enqueue.
    QVERIFY(est.components.at("worker").saturated);
    QVERIFY(!events.saturated);
    QVERIFY(std::isinf(events.response_ms));
    QVERIFY(std::isfinite(est.clientResponseMs.at("users")));
}

void TestAnalytic::jsonHasIssueFieldsAndNullForInfinity()
{
    const std::string json = estimateToJson(estimate(single(800, station("api", 1.0))));
    for (const char *key : {"\"components\"", "\"clients\"", "\"arrival_rps\"",
                            "\"utilization\"", "\"wait_ms\"", "\"response_ms\"",
                            "\"saturated\"", "\"assumptions\"", "\"cycles\""})
        QVERIFY2(json.find(key) != std::string::npos, key);
}

QTEST_GUILESS_MAIN(TestAnalytic)
#include "tst_analytic.moc"
