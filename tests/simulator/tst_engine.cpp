// The engine's behaviour beyond queueing formulas: determinism across threads, the timeline and
// progress callback, cancellation, client profiles, fan-out, fallbacks, publish, bad input.

#include "simtestutil.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>

using namespace archsim;
using namespace simtest;

class TestEngine : public QObject {
    Q_OBJECT

private slots:
    void identicalForAnyThreadCount();
    void plainKernelMatchesGeneral_data();
    void plainKernelMatchesGeneral();
    void seedChangesTheRun();
    void unrelatedComponentKeepsStreams();
    void timelineAndProgress();
    void cancelStopsPromptly();
    void profileIsPiecewiseConstant();
    void fanoutSequentialVersusParallel_data();
    void fanoutSequentialVersusParallel();
    void fallbackDegradeVersusError();
    void clientLinkFallback();
    void publishDoesNotWait();
    void warmupIsDeleted();
    void clientsAddUpToTheSummary();
    void scenarioSuppliesDefaults();
    void overloadWithoutQueueLimitStops();
    void badModelsAreReported_data();
    void badModelsAreReported();
};

namespace {

model::Model threeTier()
{
    model::Model m;
    m.name = "three-tier";
    auto api = station("api", expo(2.0), 4, 3);
    api.balancing = model::Balancing::Random;
    auto db = station("db", dist(model::DistKind::Lognormal, 1.5, 1.2), 8);
    m.components = {client("users", 900), api, station("cache", expo(0.3), 2), db};
    m.links = {edge("users", "api"), edge("api", "cache", 0.8), edge("api", "db", 0.3)};
    return m;
}

} // namespace

void TestEngine::identicalForAnyThreadCount()
{
    const auto m = threeTier();
    std::string first;
    for (int threads : {1, 2, 3, 7}) {
        const auto r = run(m, 20, 2, 5, 77, threads);
        const std::string json = simulator::toJson(r, false);
        if (first.empty())
            first = json;
        QVERIFY2(json == first, qPrintable(QString("threads %1 differ").arg(threads)));
    }
    QVERIFY(first.find("\"wall_s\"") == std::string::npos);
    QVERIFY(first.find("\"ci95\"") != std::string::npos);
}

void TestEngine::plainKernelMatchesGeneral_data()
{
    QTest::addColumn<int>("shape");
    QTest::newRow("M/M/1 at rho 0.9") << 0;
    QTest::newRow("three tiers, random balancing, lognormal") << 1;
    QTest::newRow("parallel fan-out, async, publish, queue limit, degrade") << 2;
    QTest::newRow("profile, round robin, two clients, warm-up") << 3;
}

// Oracle: the general event handlers (every feature checked at run time). A model without
// failures, timeouts, caches or databases runs a leaner instantiation of the same handlers;
// its output must be the same bytes, timeline included.
void TestEngine::plainKernelMatchesGeneral()
{
    QFETCH(int, shape);
    model::Model m;
    m.name = "shape";
    if (shape == 0) {
        m.components = {client("src", 900), station("s", expo(1.0))};
        m.links = {edge("src", "s")};
    } else if (shape == 1) {
        m = threeTier();
    } else if (shape == 2) {
        auto api = station("api", expo(1.0), 2, 2);
        api.fanout = model::Fanout::Parallel;
        auto worker = station("worker", expo(3.0), 2);
        worker.threading = model::Threading::Async;
        auto slow = station("slow", constant(2.0), 1);
        slow.queue_limit = 3;
        auto queue = station("queue", expo(0.2), 1);
        m.components = {client("users", 600), api, worker, slow, queue, station("sink", expo(0.5))};
        auto toSlow = edge("api", "slow", 0.7);
        toSlow.fallback = model::Fallback::Degrade;
        auto publish = edge("worker", "queue");
        publish.kind = model::LinkKind::Publish;
        m.links = {edge("users", "api"), edge("api", "worker"), toSlow, publish,
                   edge("queue", "sink")};
    } else {
        auto web = station("web", expo(2.0), 2, 3);
        web.balancing = model::Balancing::RoundRobin;
        auto users = client("users", 300);
        users.profile = {{5.0, 900.0}, {12.0, 200.0}};
        m.components = {users, client("batch", 50), web, station("db", expo(1.0), 4)};
        m.links = {edge("users", "web"), edge("batch", "db"), edge("web", "db", 0.5)};
    }
    simulator::SimulationOptions o;
    o.duration_s = 20;
    o.warmup_s = 2.5;
    o.seed = 11;
    o.replications = 2;
    o.threads = 1;
    auto plain = simulator::runSimulation(m, o);
    o.generalKernel = true;
    auto general = simulator::runSimulation(m, o);
    QVERIFY2(plain.ok(), plain.ok() ? "" : plain.message().c_str());
    QVERIFY2(general.ok(), general.ok() ? "" : general.message().c_str());
    QVERIFY(plain->summary.requests.value > 1000);
    QVERIFY(plain->plainKernel);
    QVERIFY(!general->plainKernel);
    QCOMPARE(simulator::toJson(plain.value(), false), simulator::toJson(general.value(), false));
}

void TestEngine::seedChangesTheRun()
{
    const auto m = threeTier();
    const auto a = run(m, 10, 0, 2, 1), b = run(m, 10, 0, 2, 2);
    QVERIFY(simulator::toJson(a, false) != simulator::toJson(b, false));
}

// Streams are keyed by component id, so adding a component that nothing calls does not change
// the numbers the others draw (common random numbers across model edits).
void TestEngine::unrelatedComponentKeepsStreams()
{
    auto m = threeTier();
    const auto a = run(m, 10, 0, 1, 5);
    m.components.insert(m.components.begin() + 1, station("unused", expo(1.0)));
    const auto b = run(m, 10, 0, 1, 5);
    QCOMPARE(a.summary.latency_ms.mean.value, b.summary.latency_ms.mean.value);
    QCOMPARE(component(a, "db").arrivals.value, component(b, "db").arrivals.value);
}

void TestEngine::timelineAndProgress()
{
    const auto m = threeTier();
    simulator::SimulationOptions o;
    o.duration_s = 12.5;
    o.replications = 3;
    o.threads = 2;
    int calls = 0;
    double lastFraction = 0;
    bool monotone = true;
    std::atomic<int> concurrent{0};
    bool overlapped = false;
    auto r = simulator::runSimulation(m, o, [&](const simulator::Progress &p) {
        overlapped |= concurrent.fetch_add(1) != 0;
        ++calls;
        monotone &= p.fraction >= lastFraction && p.fraction <= 1.0 + 1e-12;
        lastFraction = p.fraction;
        QVERIFY(p.point != nullptr);
        concurrent.fetch_sub(1);
    });
    QVERIFY(r.ok());
    QCOMPARE(calls, 3 * 13); // 12 whole seconds and one half second per replication
    QVERIFY(monotone);
    QVERIFY(!overlapped);
    QVERIFY(std::abs(lastFraction - 1.0) < 1e-9);
    const auto &tl = r->timeline;
    QCOMPARE(tl.size(), size_t(13));
    QCOMPARE(tl.front().t_s, 0.0);
    QCOMPARE(tl.back().t_s, 12.0);
    QCOMPARE(tl.front().utilization.size(), r->components.size());
    double offered = 0;
    for (const auto &p : tl)
        offered += p.offered_rps;
    // Poisson(900) per second: the mean of 13 averaged seconds is within 5%.
    QVERIFY(std::abs(offered / tl.size() - 900) < 45);
}

void TestEngine::cancelStopsPromptly()
{
    const auto m = threeTier();
    simulator::SimulationOptions o;
    o.duration_s = 100000; // would take minutes
    o.replications = 4;
    o.threads = 2;
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    const auto start = std::chrono::steady_clock::now();
    auto r = simulator::runSimulation(m, o, [&](const simulator::Progress &p) {
        if (p.point->t_s >= 5)
            cancel.store(true);
    });
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                            .count();
    QVERIFY(r.ok());
    QVERIFY(r->cancelled);
    QCOMPARE(r->replications, 0);
    QVERIFY2(wall < 2.0, qPrintable(QString::number(wall)));
}

// A client at 100/s that switches to 400/s at t = 10 s and to 0 at t = 20 s.
void TestEngine::profileIsPiecewiseConstant()
{
    model::Model m;
    auto c = client("c", 100);
    c.profile = {{20, 0}, {10, 400}}; // unsorted on purpose
    m.components = {c, station("s", expo(0.1), 4)};
    m.links = {edge("c", "s")};
    const auto r = run(m, 30, 0, 4, 9);
    double a = 0, b = 0, z = 0;
    for (const auto &p : r.timeline)
        (p.t_s < 10 ? a : p.t_s < 20 ? b : z) += p.offered_rps / 10;
    // Oracle: the profile's rates; 40 Poisson seconds per phase: sd 1.6 and 3.2 per second.
    QVERIFY2(std::abs(a - 100) < 8, qPrintable(QString::number(a)));
    QVERIFY2(std::abs(b - 400) < 16, qPrintable(QString::number(b)));
    QCOMPARE(z, 0.0);
    QVERIFY(std::abs(r.summary.offered_rps.value - 5000.0 / 30) < 10);
}

void TestEngine::fanoutSequentialVersusParallel_data()
{
    QTest::addColumn<bool>("parallel");
    QTest::addColumn<double>("expectedMs");
    // Oracle with constant service and no queueing (ample workers): sequential = 1 + 10 + 20,
    // parallel = 1 + max(10, 20).
    QTest::newRow("sequential") << false << 31.0;
    QTest::newRow("parallel") << true << 21.0;
}

void TestEngine::fanoutSequentialVersusParallel()
{
    QFETCH(bool, parallel);
    QFETCH(double, expectedMs);
    model::Model m;
    auto a = station("a", constant(1), 1000);
    a.fanout = parallel ? model::Fanout::Parallel : model::Fanout::Sequential;
    m.components = {client("c", 50), a, station("b", constant(10), 1000),
                    station("d", constant(20), 1000)};
    m.links = {edge("c", "a"), edge("a", "b"), edge("a", "d")};
    const auto r = run(m, 20, 0, 1, 3);
    QVERIFY(r.summary.requests.value > 500);
    const double tol = 1e-9;
    QVERIFY(std::abs(r.summary.latency_ms.mean.value - expectedMs) < tol);
    QVERIFY(std::abs(r.summary.latency_ms.max.value - expectedMs) < tol);
    QVERIFY(std::abs(component(r, "a").latency_ms.mean.value - expectedMs) < tol);
}

// A dependency that rejects most calls (one worker, no queue): an error fallback fails the
// request and skips the caller's later calls; a degrade fallback lets it go on, degraded.
void TestEngine::fallbackDegradeVersusError()
{
    for (auto fb : {model::Fallback::Error, model::Fallback::Degrade}) {
        model::Model m;
        auto dep = station("dep", constant(50), 1);
        dep.queue_limit = 0;
        m.components = {client("c", 100), station("a", expo(1), 64), dep,
                        station("after", expo(1), 64)};
        auto l = edge("a", "dep");
        l.fallback = fb;
        m.links = {edge("c", "a"), l, edge("a", "after")};
        const auto r = run(m, 20, 2, 2, 11);
        const auto &s = r.summary;
        QCOMPARE(s.requests.value, s.succeeded.value + s.degraded.value + s.failed.value);
        const double rejected = component(r, "dep").rejected.value;
        QVERIFY(rejected > 0.5 * s.requests.value); // dep serves < 20 of 100 per second
        const auto &linkFig = r.links[1];
        QCOMPARE(linkFig.failures.value, rejected);
        if (fb == model::Fallback::Error) {
            QCOMPARE(s.failed.value, rejected);
            QCOMPARE(s.degraded.value, 0.0);
            // Failed requests never reach the later call.
            QCOMPARE(component(r, "after").arrivals.value, s.succeeded.value);
        } else {
            QCOMPARE(s.failed.value, 0.0);
            QCOMPARE(s.degraded.value, rejected);
            QVERIFY(std::abs(component(r, "after").arrivals.value - s.requests.value) <= 2);
        }
    }
}

// A client whose only link is rejected: the request fails (fallback error) or is degraded
// (fallback degrade). The engine takes a short cut for a client with one direct call; a second
// link that is never taken (probability 0) forces the general path, which must agree exactly.
void TestEngine::clientLinkFallback()
{
    for (auto fb : {model::Fallback::Error, model::Fallback::Degrade}) {
        double outcome[2][3];
        for (int general = 0; general < 2; ++general) {
            auto dep = station("dep", constant(50), 1);
            dep.queue_limit = 0;
            model::Model m;
            m.components = {client("c", 100), dep};
            auto l = edge("c", "dep");
            l.fallback = fb;
            m.links = {l};
            if (general)
                m.links.push_back(edge("c", "dep", 0.0));
            const auto r = run(m, 20, 2, 1, 12);
            const auto &s = r.summary;
            const double rejected = component(r, "dep").rejected.value;
            QVERIFY(rejected > 0.5 * s.requests.value);
            QCOMPARE(fb == model::Fallback::Error ? s.failed.value : s.degraded.value, rejected);
            outcome[general][0] = s.succeeded.value;
            outcome[general][1] = s.degraded.value;
            outcome[general][2] = s.failed.value;
        }
        for (int k = 0; k < 3; ++k)
            QCOMPARE(outcome[0][k], outcome[1][k]);
    }
}

// publish: the caller hands the message over and does not wait for the consumer.
void TestEngine::publishDoesNotWait()
{
    model::Model m;
    m.components = {client("c", 100), station("a", constant(1), 100),
                    station("q", constant(500), 1000)};
    auto pub = edge("a", "q");
    pub.kind = model::LinkKind::Publish;
    m.links = {edge("c", "a"), pub};
    const auto r = run(m, 20, 2, 1, 4);
    QVERIFY(std::abs(r.summary.latency_ms.max.value - 1.0) < 1e-9);
    QVERIFY(std::abs(component(r, "q").latency_ms.mean.value - 500.0) < 1e-9);
    QVERIFY(component(r, "q").arrivals.value > 1000);
}

// Requests are only counted in [warmup, duration): with a constant rate, offered_rps stays the
// client's rate whatever the warm-up.
void TestEngine::warmupIsDeleted()
{
    auto m = singleStation(1000, station("s", constant(0.5)));
    const auto r = run(m, 20, 15, 4, 8);
    // Oracle: Poisson(1000 x 5 s): sd of the rate 14/s per replication, 7 over four.
    QVERIFY(std::abs(r.summary.offered_rps.value - 1000) < 30);
    QVERIFY(r.summary.requests.value < 6000); // 5 s measured, not 20
    QCOMPARE(r.timeline.size(), size_t(20));  // the timeline shows the warm-up too
}

// Per-client figures partition the summary's requests; with one client they are the summary.
void TestEngine::clientsAddUpToTheSummary()
{
    auto m = threeTier();
    auto slow = client("batch", 20);
    m.components.push_back(slow);
    m.components.push_back(station("report", constant(40), 4));
    m.links.push_back(edge("batch", "report"));
    m.links.push_back(edge("report", "db"));
    const auto r = run(m, 20, 2, 2, 21);
    QCOMPARE(r.clients.size(), size_t(2));
    const auto &users = r.clients[0].figures, &batch = r.clients[1].figures;
    QCOMPARE(r.clients[1].id, std::string("batch"));
    QCOMPARE(users.requests.value + batch.requests.value, r.summary.requests.value);
    QCOMPARE(users.failed.value + batch.failed.value, r.summary.failed.value);
    QVERIFY(std::abs(users.offered_rps.value + batch.offered_rps.value
                     - r.summary.offered_rps.value) < 1e-9);
    // Oracle: the batch path is a constant 40 ms plus a db visit, so its mean is above 40 ms;
    // the users' requests are far faster, and the summary mean lies between the two.
    QVERIFY(batch.latency_ms.mean.value > 40);
    QVERIFY(users.latency_ms.mean.value < 20);
    QVERIFY(r.summary.latency_ms.mean.value > users.latency_ms.mean.value);
    QVERIFY(r.summary.latency_ms.mean.value < batch.latency_ms.mean.value);
    const auto single = run(threeTier(), 10, 1, 2, 22);
    QCOMPARE(single.clients.size(), size_t(1));
    QCOMPARE(single.clients[0].figures.latency_ms.p99.value,
             single.summary.latency_ms.p99.value);
    QCOMPARE(single.clients[0].figures.requests.value, single.summary.requests.value);
}

void TestEngine::scenarioSuppliesDefaults()
{
    auto m = threeTier();
    model::Scenario sc;
    sc.id = "short";
    sc.duration_s = 7;
    sc.warmup_s = 1;
    sc.seed = 1234;
    m.scenarios = {sc};
    simulator::SimulationOptions o;
    o.scenario = "short";
    auto r = simulator::runSimulation(m, o);
    QVERIFY(r.ok());
    QCOMPARE(r->duration_s, 7.0);
    QCOMPARE(r->warmup_s, 1.0);
    QCOMPARE(r->seed, uint64_t(1234));
    QCOMPARE(r->scenario, std::string("short"));
    QVERIFY(r.diagnostics().empty());
    model::ScenarioEvent flush;
    flush.action = model::EventAction::Flush;
    flush.target = m.components.back().id;
    m.scenarios[0].events.push_back(flush);
    r = simulator::runSimulation(m, o);
    QVERIFY(!r.ok()); // only a cache can be flushed: refused with the event's place
    QVERIFY(r.message().find("/scenarios/0/events/0/target") != std::string::npos);
    o.scenario = "nope";
    r = simulator::runSimulation(m, o);
    QVERIFY(!r.ok());
    QVERIFY(r.message().find("unknown scenario 'nope'") != std::string::npos);
}

void TestEngine::overloadWithoutQueueLimitStops()
{
    auto m = singleStation(2000, station("hot", expo(1.0)));
    simulator::SimulationOptions o;
    o.duration_s = 1000;
    o.maxInFlight = 20000;
    auto r = simulator::runSimulation(m, o);
    QVERIFY(!r.ok());
    QVERIFY2(r.message().find("overloaded") != std::string::npos, r.message().c_str());
    QVERIFY2(r.message().find("'hot'") != std::string::npos, r.message().c_str());
}

void TestEngine::badModelsAreReported_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("place");
    QTest::newRow("no client") << 0 << "/components";
    QTest::newRow("unknown link target") << 1 << "/links/0/to";
    QTest::newRow("link into a client") << 2 << "/links/1/to";
    QTest::newRow("bad service time") << 3 << "/components/1/service_time";
    QTest::newRow("zero workers") << 4 << "/components/1/workers";
    QTest::newRow("probability above 1") << 5 << "/links/0/probability";
    QTest::newRow("negative rps") << 6 << "/components/0/rps";
    QTest::newRow("warm-up past the end") << 7 << "warmup_s";
    QTest::newRow("too many servers") << 8 << "/components/1/replicas";
}

void TestEngine::badModelsAreReported()
{
    QFETCH(int, which);
    QFETCH(QString, place);
    auto m = singleStation(10, station("s", expo(1)));
    simulator::SimulationOptions o;
    o.duration_s = 5;
    switch (which) {
    case 0: m.components.erase(m.components.begin()); m.links.clear(); break;
    case 1: m.links[0].to = "ghost"; break;
    case 2: m.links.push_back(edge("s", "src")); break;
    case 3: m.components[1].service_time->mean_ms = -2; break;
    case 4: m.components[1].workers = 0; break;
    case 5: m.links[0].probability = 1.5; break;
    case 6: m.components[0].rps = -1; break;
    case 7: o.warmup_s = 5; break;
    case 8: m.components[1].replicas = 100000; m.components[1].workers = 1000; break;
    }
    const auto r = simulator::runSimulation(m, o);
    QVERIFY(!r.ok());
    bool found = false;
    for (const auto &d : r.diagnostics())
        found |= d.place == place.toStdString();
    QVERIFY2(found, r.message().c_str());
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
