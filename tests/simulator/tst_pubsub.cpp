// Pub/sub cache invalidation (docs/realtime.md): the stale-read ratio of one key against its
// closed form (model::pubsubStaleRatio) in an exact small simulation of the cache store and
// the pub/sub channel, its limit when every invalidation is lost (TTL only), and the engine:
// pub/sub vs TTL only vs both, and invalidations missed while the cache is down.

#include "archsim/model/realtimeanalytic.h"
#include "archsim/simulator/pubsub.h"

#include "simtestutil.h"
#include "testrng.h"

#include <QTest>

#include <cmath>

using namespace archsim;
using namespace simtest;

class TestPubSub : public QObject {
    Q_OBJECT

private slots:
    void staleRatioMatchesTheClosedForm_data();
    void staleRatioMatchesTheClosedForm();
    void everyInvalidationLostIsTtlOnly();
    void engineCacheWithPubSub();
    void invalidationsMissedWhileTheCacheIsDown();
};

namespace {

struct Mix {
    double r = 50, w = 1, delay = 0.2, loss = 0, ttl = 0;
};

// One key; reads (Poisson r) fill a miss at once with the current version; writes (Poisson
// w) bump the version and publish an invalidation that pub/sub delivers `delay` later unless
// lost. Returns stale hits / reads over `horizon` seconds.
double simulateStaleRatio(const Mix &x, double horizon, uint64_t seed)
{
    simulator::CacheConfig cfg;
    cfg.capacity = 10;
    cfg.invalidation = model::Invalidation::DeleteOnWrite;
    cfg.ttl_s = x.ttl;
    cfg.pubsub = true;
    auto store = simulator::CacheStore::create(cfg);
    if (!store.ok())
        qFatal("%s", store.message().c_str());
    simulator::CacheStore &cache = store.value();
    simulator::PubSubInvalidations bus(x.delay, x.loss, seed * 7 + 1);
    archsim::testing::TestRng rng(seed);
    double nextRead = rng.exponential(x.r), nextWrite = rng.exponential(x.w);
    const uint64_t key = 1;
    for (;;) {
        const double t = std::min(nextRead, nextWrite);
        if (t > horizon)
            break;
        bus.deliver(cache, t);
        if (nextRead < nextWrite) {
            if (!cache.lookup(key, t).hit())
                cache.fill(key, cache.currentVersion(key), t);
            nextRead = t + rng.exponential(x.r);
        } else {
            cache.write(key, t);
            bus.publish(key, t);
            nextWrite = t + rng.exponential(x.w);
        }
    }
    return cache.counters().staleRatio();
}

model::Model cacheModel(double readRps, double writeRps, double ttl,
                        std::optional<model::PubSubInvalidation> pubsub, double horizonKeys = 1)
{
    model::Model m;
    m.name = "pubsub";
    model::Component cache = station("cache", constant(0.01), 64);
    cache.kind = model::ComponentKind::Cache;
    cache.capacity = 1000;
    cache.keys = int64_t(horizonKeys);
    cache.zipf = 0;
    cache.ttl_s = ttl;
    cache.invalidation = pubsub || ttl <= 0 ? model::Invalidation::DeleteOnWrite
                                            : model::Invalidation::TtlOnly;
    cache.pubsub = pubsub;
    m.components = {client("readers", readRps), cache, station("db", constant(0.01), 64),
                    client("writers", writeRps)};
    model::Link read = edge("readers", "cache");
    read.kind = model::LinkKind::Read;
    model::Link fill = edge("cache", "db");
    fill.kind = model::LinkKind::Fill;
    model::Link write = edge("writers", "db");
    write.kind = model::LinkKind::Write;
    write.invalidates = {"cache"};
    m.links = {read, fill, write};
    return m;
}

const simulator::CacheFigures &cacheOf(const simulator::SimulationResult &r)
{
    return *component(r, "cache").cache;
}

} // namespace

void TestPubSub::staleRatioMatchesTheClosedForm_data()
{
    QTest::addColumn<double>("r");
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("delay");
    QTest::addColumn<double>("loss");
    QTest::addColumn<double>("ttl");
    QTest::newRow("pub/sub only") << 50.0 << 1.0 << 0.2 << 0.0 << 0.0;
    QTest::newRow("pub/sub with 30% lost") << 50.0 << 1.0 << 0.2 << 0.3 << 0.0;
    QTest::newRow("both, 30% lost") << 50.0 << 1.0 << 0.2 << 0.3 << 5.0;
    QTest::newRow("both, delay above TTL") << 20.0 << 2.0 << 1.5 << 0.5 << 1.0;
    QTest::newRow("TTL only (all lost)") << 50.0 << 1.0 << 0.2 << 1.0 << 5.0;
}

// Oracle: model::pubsubStaleRatio (docs/realtime.md derives it). The simulation runs 20,000 s
// (about 1e6 reads, 20,000 writes); tolerance 0.015 absolute, over four standard errors of a
// ratio whose reads are correlated within a write cycle (~ 0.5 / sqrt(20,000) = 0.0035).
void TestPubSub::staleRatioMatchesTheClosedForm()
{
    QFETCH(double, r);
    QFETCH(double, w);
    QFETCH(double, delay);
    QFETCH(double, loss);
    QFETCH(double, ttl);
    const Mix x{r, w, delay, loss, ttl};
    const double formula = model::pubsubStaleRatio(r, w, delay, loss, ttl);
    const double simulated = simulateStaleRatio(x, 20000, 20261207);
    QVERIFY2(std::abs(simulated - formula) < 0.015,
             (std::to_string(simulated) + " vs " + std::to_string(formula)).c_str());
}

// As the loss tends to 1 the figure tends to TTL only's, (T - (1 - e^(-wT))/w) / (T + 1/r);
// the simulation with every invalidation lost gives it (tolerance as above).
void TestPubSub::everyInvalidationLostIsTtlOnly()
{
    const double r = 50, w = 1, T = 5;
    const double ttlOnly = (T - (1 - std::exp(-w * T)) / w) / (T + 1 / r);
    QVERIFY(std::abs(model::pubsubStaleRatio(r, w, 0.2, 0.9999999, T) - ttlOnly) < 1e-5);
    const double simulated = simulateStaleRatio({r, w, 0.2, 1.0, T}, 20000, 99);
    QVERIFY2(std::abs(simulated - ttlOnly) < 0.015,
             (std::to_string(simulated) + " vs " + std::to_string(ttlOnly)).c_str());
}

// The engine on one key (fills take 0.02 ms, so nearly at once): the stale ratio follows the
// closed form (tolerance 0.03: the fill and commit delays and 4 x 1,000 s), and pub/sub with
// a TTL beats TTL only; every invalidation is counted delivered or lost.
void TestPubSub::engineCacheWithPubSub()
{
    const double r = 50, w = 1, delay = 0.2, loss = 0.3, T = 5;
    const auto both = run(cacheModel(r, w, T, model::PubSubInvalidation{delay * 1000, loss}),
                          1000, 20, 4);
    const auto ttlOnly = run(cacheModel(r, w, T, std::nullopt), 1000, 20, 4);
    const auto &b = cacheOf(both);
    const auto &t = cacheOf(ttlOnly);
    const double formula = model::pubsubStaleRatio(r, w, delay, loss, T);
    QVERIFY2(std::abs(b.stale_ratio.value - formula) < 0.03,
             (std::to_string(b.stale_ratio.value) + " vs " + std::to_string(formula)).c_str());
    const double ttlFormula = model::pubsubStaleRatio(r, w, delay, 1, T);
    QVERIFY2(std::abs(t.stale_ratio.value - ttlFormula) < 0.03,
             (std::to_string(t.stale_ratio.value) + " vs " + std::to_string(ttlFormula))
                 .c_str());
    QVERIFY(b.stale_ratio.value < t.stale_ratio.value);
    QVERIFY(b.pubsub);
    QVERIFY(!t.pubsub);
    // About w x 980 s = 980 writes per replication, 30% of their invalidations lost.
    const double all = b.pubsub_delivered.value + b.pubsub_lost.value;
    QVERIFY2(std::abs(all - 980) < 0.1 * 980, std::to_string(all).c_str());
    QVERIFY2(std::abs(b.pubsub_lost.value / all - loss) < 0.05,
             std::to_string(b.pubsub_lost.value / all).c_str());
}

// At most once: while the cache is down (a crash of its only replica), nobody listens and the
// invalidations of that time are lost: about w x outage of them.
void TestPubSub::invalidationsMissedWhileTheCacheIsDown()
{
    const model::Model m = cacheModel(50, 10, 30, model::PubSubInvalidation{5, 0});
    const auto calm = runScenario(m, {}, 100, 0, 2);
    QCOMPARE(cacheOf(calm).pubsub_lost.value, 0.0);
    model::ScenarioEvent crash = makeEvent(model::EventAction::Crash, "cache", 30, 20);
    crash.mode = model::CrashMode::Hang;
    const auto down = runScenario(m, {crash}, 100, 0, 2);
    // 10 writes/s x 20 s = 200 missed (Poisson: sd 14; tolerance 25%).
    QVERIFY2(std::abs(cacheOf(down).pubsub_lost.value - 200) < 50,
             std::to_string(cacheOf(down).pubsub_lost.value).c_str());
}

QTEST_GUILESS_MAIN(TestPubSub)
#include "tst_pubsub.moc"
