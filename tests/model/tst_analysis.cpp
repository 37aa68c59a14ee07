// Tests of the graph analysis: dominator-based single points of failure at component and zone
// level, synchronous cycles, retry amplification, critical path and fan-out.

#include "archsim/model/analysis.h"

#include "lintfixture.h"

#include <QTest>

using namespace archsim::model;
using namespace lintfixture;

namespace {

const SinglePointOfFailure *spof(const Analysis &a, const std::string &target,
                                 SinglePointOfFailure::Level level)
{
    for (const auto &s : a.spofs)
        if (s.target == target && s.level == level)
            return &s;
    return nullptr;
}

// users -> lb -> {web-a, web-b (p 0.5 each)} -> db; lb is a single replica.
Model chain()
{
    Model m;
    m.zones = {"zone-a", "zone-b"};
    Component users;
    users.id = "users";
    users.kind = ComponentKind::Client;
    users.rps = 10;
    Component lb = comp("lb", ComponentKind::LoadBalancer, 1);
    lb.zones = {"zone-a"};
    m.components = {users, lb, comp("web-a", ComponentKind::Service, 1),
                    comp("web-b", ComponentKind::Service, 1),
                    comp("db", ComponentKind::Database, 2)};
    m.links = {mkLink("users", "lb", LinkKind::Call), mkLink("lb", "web-a", LinkKind::Call),
               mkLink("lb", "web-b", LinkKind::Call), mkLink("web-a", "db", LinkKind::Write),
               mkLink("web-b", "db", LinkKind::Write)};
    m.links[1].probability = 0.5;
    m.links[2].probability = 0.5;
    return m;
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private slots:
    void dominatorCutsOffEverythingBehind();
    void redundantPathsAreNotCutOff();
    void callerTheClientsDoNotReachHidesNothing();
    void zoneHoldingAllReplicasIsSpof();
    void degradeFallbackIsNotADependency();
    void fillFallbackStillNeedsTheFillPath();
    void syncCycleListedPublishBreaksIt();
    void retryAmplificationWorstProductAndPath();
    void criticalPathFollowsSlowestBranch();
    void fanOutVisitRatios();
    void replicaZonesRoundRobin();
};

void TestAnalysis::dominatorCutsOffEverythingBehind()
{
    const Analysis a = analyze(chain());
    const auto *lb = spof(a, "lb", SinglePointOfFailure::Level::Component);
    QVERIFY(lb);
    // lb dominates web-a, web-b and db: its loss cuts all four off.
    QCOMPARE(lb->cutOffCount, 4);
    QCOMPARE(lb->clients, std::vector<std::string>{"users"});
    QCOMPARE(lb->clientCount, 1);
    QVERIFY(!spof(a, "db", SinglePointOfFailure::Level::Component)); // two replicas
}

void TestAnalysis::redundantPathsAreNotCutOff()
{
    const Analysis a = analyze(chain());
    // web-a is a SPOF for itself only: db is still reached through web-b.
    const auto *web = spof(a, "web-a", SinglePointOfFailure::Level::Component);
    QVERIFY(web);
    QCOMPARE(web->cutOffCount, 1);
    QCOMPARE(web->cutOff, std::vector<std::string>{"web-a"});
}

// Regression: a caller that no client reaches (a consumer behind a consume link, which is no
// call) made Boost's Lengauer-Tarjan give its callees no dominator, so db's and web-a's single
// points of failure vanished. A worker calling db (two replicas) and a single-replica lb leave
// the findings of the chain as they were.
void TestAnalysis::callerTheClientsDoNotReachHidesNothing()
{
    Model m = chain();
    m.components.push_back(comp("worker", ComponentKind::Worker, 1));
    m.links.push_back(mkLink("worker", "web-a", LinkKind::Call));
    const Analysis a = analyze(m);
    const auto *lb = spof(a, "lb", SinglePointOfFailure::Level::Component);
    QVERIFY(lb);
    QCOMPARE(lb->cutOffCount, 4);
    const auto *web = spof(a, "web-a", SinglePointOfFailure::Level::Component);
    QVERIFY(web);
    QCOMPARE(web->cutOffCount, 1);
    QVERIFY(!spof(a, "worker", SinglePointOfFailure::Level::Component)); // no client needs it
}

void TestAnalysis::zoneHoldingAllReplicasIsSpof()
{
    Model m = chain();
    for (auto &c : m.components)
        if (c.id != "lb" && c.id != "users")
            c.zones = {"zone-a", "zone-b"};
    m.components[1].replicas = 3; // three replicas of lb, all in zone-a
    const Analysis a = analyze(m);
    QVERIFY(!spof(a, "lb", SinglePointOfFailure::Level::Component));
    const auto *zone = spof(a, "zone-a", SinglePointOfFailure::Level::Zone);
    QVERIFY(zone);
    // zone-a holds lb wholly and the single replicas of web-a/web-b (replica 0 in zone-a).
    QCOMPARE(zone->lost, (std::vector<std::string>{"lb", "web-a", "web-b"}));
    QCOMPARE(zone->cutOffCount, 4);
    QVERIFY(!spof(a, "zone-b", SinglePointOfFailure::Level::Zone));
}

void TestAnalysis::degradeFallbackIsNotADependency()
{
    Model m = chain();
    m.links[0].fallback = Fallback::Degrade; // users can do without lb
    const Analysis a = analyze(m);
    QVERIFY(!spof(a, "lb", SinglePointOfFailure::Level::Component));
    QVERIFY(!spof(a, "web-a", SinglePointOfFailure::Level::Component));
}

// users -> cache (read, fallback fill) -> db (fill), both single replicas: the reads still need
// the database behind the cache, so db stays a single point of failure (and the cache is
// counted too, conservatively).
void TestAnalysis::fillFallbackStillNeedsTheFillPath()
{
    Model m;
    Component users;
    users.id = "users";
    users.kind = ComponentKind::Client;
    users.rps = 10;
    m.components = {users, comp("cache", ComponentKind::Cache, 1),
                    comp("db", ComponentKind::Database, 1)};
    m.links = {mkLink("users", "cache", LinkKind::Read), mkLink("cache", "db", LinkKind::Fill)};
    m.links[0].fallback = Fallback::Fill;
    const Analysis a = analyze(m);
    QVERIFY(spof(a, "db", SinglePointOfFailure::Level::Component));
    QVERIFY(spof(a, "cache", SinglePointOfFailure::Level::Component));
}

void TestAnalysis::syncCycleListedPublishBreaksIt()
{
    Model m = chain();
    m.links.push_back(mkLink("db", "lb", LinkKind::Call));
    Analysis a = analyze(m);
    QCOMPARE(a.syncCycles.size(), size_t(1));
    QCOMPARE(a.syncCycles[0], (std::vector<std::string>{"lb", "web-a", "db", "lb"}));
    m.links.back().kind = LinkKind::Publish;
    a = analyze(m);
    QVERIFY(a.syncCycles.empty());
}

void TestAnalysis::retryAmplificationWorstProductAndPath()
{
    Model m = chain();
    m.links[0].retries = Retries{2, 10, 100, Jitter::Full, 0}; // 3 attempts
    m.links[1].retries = Retries{1, 10, 100, Jitter::Full, 0}; // 2
    m.links[2].retries = Retries{3, 10, 100, Jitter::Full, 0}; // 4
    m.links[3].retries = Retries{4, 10, 100, Jitter::Full, 0}; // 5
    m.links[4].retries = Retries{1, 10, 100, Jitter::Full, 0}; // 2
    const Analysis a = analyze(m);
    // Worst to db: max(3*2*5, 3*4*2) = 30 through web-a.
    QCOMPARE(a.worstRetryPath.value, 30.0);
    QCOMPARE(a.worstRetryPath.components,
             (std::vector<std::string>{"users", "lb", "web-a", "db"}));
    QCOMPARE(a.worstRetryPath.links, (std::vector<int>{0, 1, 3}));
    QCOMPARE(a.retryAmplification.at("web-b").value, 12.0);
}

void TestAnalysis::criticalPathFollowsSlowestBranch()
{
    Model m = chain();
    m.components[3].service_time = Distribution{DistKind::Constant, 50, 0, 2, 0.5};
    m.components[2].service_time = Distribution{DistKind::Constant, 5, 0, 2, 0.5};
    const AnalyticEstimate est = estimate(m);
    const Analysis a = analyze(m, &est);
    const CallPath &p = a.criticalPath.at("users");
    QCOMPARE(p.components, (std::vector<std::string>{"users", "lb", "web-b", "db"}));
    // Sum of local times (wait + service) along the path, from the same estimate.
    double sum = 0;
    for (const auto &id : {"lb", "web-b", "db"})
        sum += est.components.at(id).wait_ms + est.components.at(id).service_ms;
    QVERIFY(std::abs(p.value - sum) < 1e-9);
}

void TestAnalysis::fanOutVisitRatios()
{
    Model m = chain();
    m.links.push_back(mkLink("web-a", "db", LinkKind::Read));
    m.links.back().probability = 0.5;
    const auto visits = fanOut(m, "users");
    // lb 1; web-a 0.5; web-b 0.5; db = 0.5 (web-a write) + 0.25 (web-a read) + 0.5 (web-b).
    QCOMPARE(visits.at("lb"), 1.0);
    QCOMPARE(visits.at("web-a"), 0.5);
    QCOMPARE(visits.at("db"), 1.25);
    QVERIFY(fanOut(m, "nobody").empty());
    AnalysisOptions o;
    o.fanOut = true;
    const Analysis a = analyze(m, nullptr, o);
    QCOMPARE(a.fanOut.at("users"), visits);
}

void TestAnalysis::replicaZonesRoundRobin()
{
    Component c = comp("x", ComponentKind::Service, 3);
    QCOMPARE(zoneOfReplica(c, 0), std::string("zone-a"));
    QCOMPARE(zoneOfReplica(c, 1), std::string("zone-b"));
    QCOMPARE(zoneOfReplica(c, 2), std::string("zone-a"));
    c.zones.clear();
    QCOMPARE(zoneOfReplica(c, 1), std::string());
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
