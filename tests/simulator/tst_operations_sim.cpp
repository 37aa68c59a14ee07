// Running it in the simulator (docs/operations.md): the HPA scaling a station with its replicas
// on the timeline and a marker per decision, start-up delays, token-bucket rate limits with 429s
// counted on their own, and SLO attainment and error-budget burn against queueing oracles.

#include "archsim/simulator/ratelimit.h"
#include "archsim/simulator/simulation.h"

#include "simtestutil.h"

#include <QTest>

using namespace archsim;
using namespace simtest;

class TestOperationsSim : public QObject {
    Q_OBJECT

private slots:
    void tokenBucketBurstPassesWhole();
    void rateLimitAdmitsTheBucketRate();
    void rateLimitPerClient();
    void burstPassesTheGateway();
    void autoscalerFollowsTheLoad();
    void startUpDelayLongerThanTheSpike();
    void sloAttainmentMatchesMM1();
    void burnRateDuringAnOutage();
    void runsAreDeterministicAcrossThreads();
};

namespace {

model::Model gatewayModel(double rps, const model::RateLimit &limit)
{
    model::Model m;
    m.name = "limited";
    auto gw = station("gw", constant(1), 64);
    gw.kind = model::ComponentKind::Gateway;
    gw.rate_limit = limit;
    m.components = {client("users", rps), gw};
    m.links = {edge("users", "gw")};
    return m;
}

// A service of one worker per replica, 100 ms per request, scaled between 2 and 10 replicas at
// a 50% target with no start-up delay unless given.
model::Model scaledModel(double rps, double startupS)
{
    auto api = station("api", expo(100), 1, 2);
    model::Autoscale a;
    a.min_replicas = 2;
    a.max_replicas = 10;
    a.target_utilization = 0.5;
    a.scale_up_delay_s = 0;
    a.startup_s = startupS;
    api.deploy.autoscale = a;
    api.queue_limit = 50;
    return singleStation(rps, api);
}

} // namespace

void TestOperationsSim::tokenBucketBurstPassesWhole()
{
    // A full bucket of 20 lets a burst of 20 through at one instant, refuses the 21st, and
    // has a token again after 1 / rate = 0.1 s.
    simulator::TokenBucket b(10, 20);
    for (int i = 0; i < 20; ++i)
        QVERIFY(b.tryTake(5.0));
    QVERIFY(!b.tryTake(5.0));
    QCOMPARE(b.waitFor(5.0), 0.1);
    QVERIFY(!b.tryTake(5.09));
    QVERIFY(b.tryTake(5.1 + 1e-9)); // (5.1 - 5.0) x 10 is 0.99999... in binary
    QVERIFY(!b.tryTake(5.1 + 1e-9));
}

void TestOperationsSim::rateLimitAdmitsTheBucketRate()
{
    // Oracle: under overload (200 rps offered against 50 rps) a bucket of rate r and burst b
    // admits at most b + r T requests in T seconds, and at least r T minus what refills while
    // it is full at the start (b / 200 s x r = 2.5 tokens) and the fraction of a token left:
    // over 100 s, between 4996 and 5010.
    model::RateLimit limit;
    limit.rate_rps = 50;
    limit.burst = 10;
    limit.per = model::RateLimitScope::Global;
    const auto r = run(gatewayModel(200, limit), 100, 0, 1);
    const auto &gw = component(r, "gw");
    const double admitted = gw.arrivals.value - gw.rate_limited.value;
    std::printf("admitted %.0f of %.0f, rate-limited %.0f\n", admitted, gw.arrivals.value,
                gw.rate_limited.value);
    QVERIFY(admitted >= 4996 && admitted <= 5010);
    // 429s are counted on their own: every refused request is a rate_limited error.
    QCOMPARE(r.summary.errors.rate_limited.value, gw.rate_limited.value);
    QCOMPARE(r.summary.failed.value, gw.rate_limited.value);
    QCOMPARE(r.summary.errors.rejected.value, 0.0);
}

void TestOperationsSim::rateLimitPerClient()
{
    // Two clients of 100 rps each behind one link limit per client of 30 rps (burst 5): each
    // is admitted 30 rps (the bound above: between 30 T - 1 and 30 T + 5 over T = 60 s).
    model::Model m;
    m.name = "per-client";
    m.components = {client("a", 100), client("b", 100), station("api", constant(1), 64)};
    auto la = edge("a", "api");
    auto lb = edge("b", "api");
    model::RateLimit limit;
    limit.rate_rps = 30;
    limit.burst = 5;
    limit.per = model::RateLimitScope::Client;
    la.rate_limit = limit;
    lb.rate_limit = limit;
    m.links = {la, lb};
    const auto r = run(m, 60, 0, 1);
    for (const auto &l : r.links) {
        const double admitted = l.calls.value - l.rate_limited.value;
        std::printf("%s: admitted %.0f\n", l.id.c_str(), admitted);
        QVERIFY2(admitted >= 30 * 60 - 3 && admitted <= 30 * 60 + 5, l.id.c_str());
    }
}

void TestOperationsSim::burstPassesTheGateway()
{
    // About 20 requests arrive within 0.2 ms at t = 10 s (100,000 rps for 0.2 ms) into a full
    // bucket of 50: all pass. The same burst into a bucket of 5 is cut to about 5.
    model::RateLimit limit;
    limit.rate_rps = 1;
    limit.burst = 50;
    auto m = gatewayModel(0, limit);
    m.components[0].rps = 0;
    m.components[0].profile = {{0, 0}, {10, 100000}, {10.0002, 0}};
    auto r = run(m, 20, 0, 1, 7);
    const auto &gw = component(r, "gw");
    std::printf("burst of %.0f into a bucket of 50: %.0f refused\n", gw.arrivals.value,
                gw.rate_limited.value);
    QVERIFY(gw.arrivals.value >= 8 && gw.arrivals.value < 50);
    QCOMPARE(gw.rate_limited.value, 0.0);
    m.components[1].rate_limit->burst = 5;
    r = run(m, 20, 0, 1, 7);
    const auto &small = component(r, "gw");
    QCOMPARE(small.arrivals.value - small.rate_limited.value, 5.0);
}

void TestOperationsSim::autoscalerFollowsTheLoad()
{
    // 40 rps x 100 ms = 4 busy servers. From 2 replicas (saturated, utilization 1 against a
    // 50% target) the HPA asks ceil(2 x 1 / 0.5) = 4, then ceil(4 x 1 / 0.5) = 8 (4 pods or
    // 100% per 15 s allow both steps), where utilization is 4 / 8 = 50%: within the tolerance,
    // it stays (a sync that sees a period busier than 55% may add one or two: 8 to 10; the
    // 300 s scale-down window keeps the highest).
    const auto r = run(scaledModel(40, 0), 300, 0, 1);
    QCOMPARE(r.autoscaled, std::vector<std::string>{"api"});
    QVERIFY(!r.timeline.empty());
    QCOMPARE(r.timeline.front().replicas.size(), size_t(1));
    QCOMPARE(r.timeline.front().replicas[0], 2.0);
    const double last = r.timeline.back().replicas[0];
    QVERIFY2(last >= 8 && last <= 10, qPrintable(QString::number(last)));
    int ups = 0;
    for (const auto &c : r.changes)
        if (c.kind == "scale_up" && c.target == "api")
            ++ups;
    QVERIFY(ups >= 2);
    QCOMPARE(r.changes.front().kind, std::string("scale_up"));
    QVERIFY2(r.changes.front().note.rfind("2 -> 4 replicas", 0) == 0,
             r.changes.front().note.c_str());
    QCOMPARE(r.changes.front().t_s, 15.0); // the first sync
    const auto &api = component(r, "api");
    // Time-average over the run: 2 for 15 s, 4 for 15 s, then 8 to 10.
    QVERIFY(api.replicas.value > 6.5 && api.replicas.value < 9.5);
    QVERIFY(api.utilization.value > 0.4 && api.utilization.value < 0.7);
}

void TestOperationsSim::startUpDelayLongerThanTheSpike()
{
    // The demo pair: a 60 s spike to 40 rps over a base of 8 rps. With replicas ready at once
    // the HPA absorbs it within a sync or two; with a 120 s start-up (longer than the spike)
    // the new replicas arrive after it and the 2 replicas reject what their queues cannot hold.
    auto spike = [](double startupS) {
        auto m = scaledModel(8, startupS);
        m.components[0].rps = 0;
        m.components[0].profile = {{0, 8}, {60, 40}, {120, 8}};
        return run(m, 300, 0, 1);
    };
    const auto fast = spike(0);
    const auto slow = spike(120);
    auto errors = [](const simulator::SimulationResult &r) {
        return timelineMean(r, 60, 120, [](const auto &p) { return p.error_rate; });
    };
    std::printf("spike error rate: ready at once %.3f, 120 s start-up %.3f\n", errors(fast),
                errors(slow));
    QVERIFY(errors(slow) > 0.3);           // 40 rps against 20 rps of capacity: half rejected
    // Ready at once: rejections until the syncs at 75 s (4 replicas) and 90 s (8), about a
    // sixth of the spike's requests; a third of what the slow variant loses.
    QVERIFY(errors(fast) < errors(slow) / 2);
    // The slow variant's replicas come after the spike: scale-up decided, replicas starting.
    double maxReplicasDuringSpike = 0;
    for (const auto &p : slow.timeline)
        if (p.t_s >= 60 && p.t_s < 120)
            maxReplicasDuringSpike = std::max(maxReplicasDuringSpike, p.replicas[0]);
    QVERIFY(maxReplicasDuringSpike > 2); // decided (and billed) while they start
}

void TestOperationsSim::sloAttainmentMatchesMM1()
{
    // M/M/1, lambda 10, mean service 50 ms: the response time is exponential with rate
    // mu - lambda = 10/s, so P(T <= 200 ms) = 1 - e^-2 = 0.8647. Objective 90%: the latency
    // burn is (1 - 0.8647) / 0.1 = 1.353; nothing fails: availability 1, burn 0.
    auto m = singleStation(10, station("api", expo(50)));
    m.components[0].slo = model::Slo{0.99, 200, 0.9, 30};
    const auto r = run(m, 2000, 100, 8);
    QCOMPARE(r.slos.size(), size_t(1));
    const auto &s = r.slos[0];
    QCOMPARE(s.client, std::string("src"));
    QVERIFY(agrees("SLO P(T <= 200 ms), M/M/1 rho 0.5", s.latency_attainment, 1 - std::exp(-2.0),
                   0.01));
    QVERIFY(agrees("latency burn, M/M/1 rho 0.5", s.latency_burn, std::exp(-2.0) / 0.1, 0.05));
    QCOMPARE(s.availability.value, 1.0);
    QCOMPARE(s.availability_burn.value, 0.0);
    QVERIFY(!s.met); // 86% < 90%
}

void TestOperationsSim::burnRateDuringAnOutage()
{
    // The only replica refuses calls from 50 s to 60 s: every request of those seconds fails,
    // a burn of (1 - 0) / (1 - 0.99) = 100 (a page: above 14.4); before, none fails (0).
    auto m = singleStation(20, station("api", expo(5)));
    m.components[0].slo = model::Slo{0.99, 0, 0.99, 30};
    const auto r = runScenario(m, {makeEvent(model::EventAction::Crash, "api", 50, 10)}, 100, 0);
    QCOMPARE(r.slos.size(), size_t(1));
    auto burn = [&](double from, double to) {
        return timelineMean(r, from, to, [](const auto &p) { return p.burn_rate.at(0); });
    };
    QCOMPARE(burn(51, 59), 100.0);
    QCOMPARE(burn(10, 49), 0.0);
    // 10 s of 100 lost: availability 0.9, burn (1 - 0.9) / 0.01 = 10; the share of the 2000
    // requests that fall in those 10 s is binomial (sd 0.0067, a burn of 0.67): within 3 sd.
    QVERIFY(std::abs(r.slos[0].availability_burn.value - 10.0) < 2.0);
}

void TestOperationsSim::runsAreDeterministicAcrossThreads()
{
    auto m = scaledModel(30, 20);
    m.components[0].slo = model::Slo{0.999, 300, 0.95, 30};
    model::RateLimit limit;
    limit.rate_rps = 25;
    limit.burst = 10;
    limit.per = model::RateLimitScope::Key;
    limit.keys = 7;
    m.links[0].rate_limit = limit;
    const auto one = run(m, 120, 10, 3, 5, 1);
    const auto two = run(m, 120, 10, 3, 5, 2);
    QCOMPARE(simulator::toJson(one, false), simulator::toJson(two, false));
    // And the JSON reads back to the same figures.
    auto back = simulator::fromJson(simulator::toJson(one, false));
    QVERIFY2(back.ok(), back.message().c_str());
    QCOMPARE(simulator::toJson(back.value(), false), simulator::toJson(one, false));
}

QTEST_GUILESS_MAIN(TestOperationsSim)
#include "tst_operations_sim.moc"
