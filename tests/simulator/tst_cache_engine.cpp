// Cache stations inside the engine: hit ratio against Che, the misses the database sees, the
// warm-up curve per second, stale reads under ttl_only versus delete_on_write, bad input.

#include "simtestutil.h"

#include "archsim/model/cacheanalytic.h"

#include <QTest>

#include <cmath>

using namespace archsim;
using namespace simtest;
using model::Eviction;
using model::Invalidation;

namespace {

struct CacheSetup {
    Eviction eviction = Eviction::Lru;
    int64_t capacity = 1000;
    int64_t keys = 10000;
    double zipf = 0.9;
    double ttl = 0;
    Invalidation invalidation = Invalidation::None;
    double readRps = 2000;
    double writeRps = 0;
    bool coalescing = false;
    double dbMs = 2.0;
};

model::Model cacheModel(const CacheSetup &s)
{
    model::Model m;
    m.name = "cache";
    model::Component cache = station("cache", constant(0.1), 64);
    cache.kind = model::ComponentKind::Cache;
    cache.capacity = s.capacity;
    cache.keys = s.keys;
    cache.zipf = s.zipf;
    cache.eviction = s.eviction;
    cache.ttl_s = s.ttl;
    cache.invalidation = s.invalidation;
    cache.coalescing = s.coalescing;
    m.components = {client("readers", s.readRps), cache, station("db", expo(s.dbMs), 64)};
    model::Link read = edge("readers", "cache");
    read.kind = model::LinkKind::Read;
    model::Link fill = edge("cache", "db");
    fill.kind = model::LinkKind::Fill;
    m.links = {read, fill};
    if (s.writeRps > 0) {
        m.components.push_back(client("writers", s.writeRps));
        model::Link write = edge("writers", "db");
        write.kind = model::LinkKind::Write;
        write.invalidates = {"cache"};
        m.links.push_back(write);
    }
    return m;
}

const simulator::CacheFigures &cacheOf(const simulator::SimulationResult &r)
{
    const auto &c = component(r, "cache");
    if (!c.cache)
        qFatal("the cache station has no cache figures");
    return *c.cache;
}

} // namespace

class TestCacheEngine : public QObject {
    Q_OBJECT

private slots:
    void hitRatioAgainstChe_data();
    void hitRatioAgainstChe();
    void missesReachTheDatabase();
    void warmupCurve();
    void staleReads();
    void coalescingCutsFills();
    void badKeyClass();
    void unboundedMemoryStopsCleanly();
    void jsonOutput();
};

void TestCacheEngine::hitRatioAgainstChe_data()
{
    QTest::addColumn<int>("policy");
    QTest::newRow("lru vs Che") << int(Eviction::Lru);
    QTest::newRow("fifo vs lambda T/(1+lambda T)") << int(Eviction::Fifo);
}

// Oracle: model/cacheanalytic (Che for LRU, the FIFO approximation) for 10^4 keys, Zipf 0.9,
// 1,000 entries; 4 replications of 30 measured seconds at 2,000 reads/s (simtestutil's
// tolerance: 2 interval half-widths, half-width at most 2% of the oracle).
void TestCacheEngine::hitRatioAgainstChe()
{
    QFETCH(int, policy);
    CacheSetup s;
    s.eviction = Eviction(policy);
    model::CacheAnalyticInput in;
    in.read_rps = s.readRps;
    in.capacity = s.capacity;
    in.eviction = s.eviction;
    in.zipf = s.zipf;
    in.classes.push_back({1.0, s.keys, 0});
    const double oracle = model::estimateCache(in)->hit_ratio;
    const auto r = run(cacheModel(s), 40, 10, 4, 7);
    QVERIFY(agrees("engine cache hit ratio", cacheOf(r).hit_ratio, oracle, 0.02));
}

// Every miss makes one fill call: the database's arrivals are the cache's misses.
void TestCacheEngine::missesReachTheDatabase()
{
    const auto r = run(cacheModel(CacheSetup{}), 20, 5, 2, 8);
    const auto &k = cacheOf(r);
    const double misses = k.lookups.value * (1 - k.hit_ratio.value);
    const double db = component(r, "db").arrivals.value;
    qInfo("lookups %.0f, misses %.0f, db arrivals %.0f", k.lookups.value, misses, db);
    QVERIFY(k.lookups.value > 25000); // per replication: 2,000 reads/s x 15 s
    QVERIFY(std::abs(db - misses) <= 0.002 * misses + 10); // fills in flight at the edges
    QVERIFY(std::abs(k.fills.value - misses) <= 0.002 * misses + 10);
    QVERIFY(k.evictions.value > 0);
}

// The cache starts empty: the hit ratio per second climbs (warm-up curve) and settles near
// the steady state.
void TestCacheEngine::warmupCurve()
{
    const auto r = run(cacheModel(CacheSetup{}), 30, 0, 2, 9);
    QCOMPARE(int(r.timeline.size()), 30);
    QCOMPARE(int(r.timeline.front().cache_hit_ratio.size()), 1);
    const double first = r.timeline.front().cache_hit_ratio[0];
    const double last = r.timeline.back().cache_hit_ratio[0];
    qInfo("hit ratio in second 0: %.4f, second 29: %.4f", first, last);
    QVERIFY(first < last - 0.05);
    QVERIFY(std::abs(last - cacheOf(r).hit_ratio.value) < 0.03);
}

// Writes at 100/s over the same keys: ttl_only serves stale data no older than the TTL (plus
// the fill's database time, well under 100 ms here); delete_on_write far less often.
void TestCacheEngine::staleReads()
{
    CacheSetup s;
    s.capacity = 10000;
    s.ttl = 5;
    s.writeRps = 100;
    s.invalidation = Invalidation::TtlOnly;
    const auto ttlOnly = run(cacheModel(s), 40, 10, 2, 10);
    s.invalidation = Invalidation::DeleteOnWrite;
    const auto deleting = run(cacheModel(s), 40, 10, 2, 10);
    const auto &a = cacheOf(ttlOnly);
    const auto &b = cacheOf(deleting);
    qInfo("ttl_only: stale %.4f, age p50 %.0f ms p99 %.0f ms; delete_on_write: stale %.5f",
          a.stale_ratio.value, a.stale_age_ms_p50.value, a.stale_age_ms_p99.value,
          b.stale_ratio.value);
    QVERIFY(a.stale_ratio.value > 0.01);
    QVERIFY(a.stale_age_ms_p99.value <= 5000 * (1 + 1.0 / 128) + 100);
    QVERIFY(a.stale_age_ms_p99.value > 2500);
    QVERIFY(b.stale_ratio.value * 20 < a.stale_ratio.value);
    QVERIFY(b.invalidations.value > 1000);
    QVERIFY(a.expirations.value > 0);
}

// A hot key set with a short TTL and a slow database: without coalescing every read that
// misses while a fill is in flight makes its own database read (the stampede); with it, one
// fill per key answers them all. 50 keys, TTL 1 s, 5,000 reads/s (100 per key), database reads
// of 50 ms on average: about 5 extra misses per expiry. Their fills also restart the TTL, so
// expiries get rarer without coalescing; measured, coalescing cuts the database's reads to
// about 37% (checked: below 45%).
void TestCacheEngine::coalescingCutsFills()
{
    CacheSetup s;
    s.keys = 50;
    s.capacity = 50;
    s.ttl = 1;
    s.readRps = 5000;
    s.dbMs = 50;
    const auto plain = run(cacheModel(s), 20, 5, 2, 12);
    s.coalescing = true;
    const auto coalesced = run(cacheModel(s), 20, 5, 2, 12);
    const double dbPlain = component(plain, "db").arrivals.value;
    const double dbCoalesced = component(coalesced, "db").arrivals.value;
    const auto &k = cacheOf(coalesced);
    qInfo("database reads: %.0f without coalescing, %.0f with; fills %.0f, hit ratio %.4f",
          dbPlain, dbCoalesced, k.fills.value, k.hit_ratio.value);
    QVERIFY(dbCoalesced < 0.45 * dbPlain);
    QVERIFY(std::abs(k.fills.value - dbCoalesced) <= 0.01 * dbCoalesced + 5);
    // At most one fill per key per TTL (plus the edges): 50 keys x 15 s.
    QVERIFY(k.fills.value <= 50 * 15 * 1.05);
    // Every read is answered: the waiting reads finish with their fill.
    QVERIFY(coalesced.summary.failed.value == 0);
    QVERIFY(std::abs(coalesced.summary.throughput_rps.value - 5000) < 100);
}

void TestCacheEngine::badKeyClass()
{
    auto m = cacheModel(CacheSetup{});
    m.links[0].key_class = "catalog";
    simulator::SimulationOptions o;
    o.duration_s = 1;
    const auto r = simulator::runSimulation(m, o);
    QVERIFY(!r.ok());
    QVERIFY2(r.message().find("/links/0/key_class") != std::string::npos, r.message().c_str());
    m = cacheModel(CacheSetup{});
    m.components[1].keys = 0;
    const auto r2 = simulator::runSimulation(m, o);
    QVERIFY(!r2.ok());
    QVERIFY2(r2.message().find("/components/1/keys") != std::string::npos, r2.message().c_str());
}

// Issue 15, defect 3: a cache whose capacity and key space are both huge fills an entry per
// new key; past SimulationOptions::maxCacheEntries the run stops with an error that names the
// cache's place instead of growing until the allocator fails.
void TestCacheEngine::unboundedMemoryStopsCleanly()
{
    CacheSetup s;
    s.capacity = 1'000'000'000'000;
    s.keys = 1'000'000'000'000;
    s.zipf = 0.5;
    simulator::SimulationOptions o;
    o.duration_s = 5;
    o.seed = 3;
    // Within the limit: the run finishes (about 10,000 reads, nearly all distinct keys).
    const auto ok = simulator::runSimulation(cacheModel(s), o);
    QVERIFY2(ok.ok(), ok.message().c_str());
    QVERIFY(cacheOf(ok.value()).fills.value > 5000);
    o.maxCacheEntries = 2000;
    const auto held = simulator::runSimulation(cacheModel(s), o);
    QVERIFY(!held.ok());
    QVERIFY2(held.message().find("cache 'cache' (/components/1) holds more than 2000 keys")
                 != std::string::npos, held.message().c_str());
    QVERIFY(held.message().find("/components/1/capacity") != std::string::npos);
    // Writes keep a version per key written, also bounded.
    s.capacity = 10;
    s.writeRps = 2000;
    const auto written = simulator::runSimulation(cacheModel(s), o);
    QVERIFY(!written.ok());
    QVERIFY2(written.message().find("has seen writes to more than 2000 keys")
                 != std::string::npos, written.message().c_str());
    QVERIFY(written.message().find("/components/1/keys") != std::string::npos);
}

void TestCacheEngine::jsonOutput()
{
    const auto r = run(cacheModel(CacheSetup{}), 3, 1, 2, 11);
    const std::string json = simulator::toJson(r, false);
    QVERIFY(json.find("\"cache\": {") != std::string::npos);
    QVERIFY(json.find("\"hit_ratio\"") != std::string::npos);
    QVERIFY(json.find("\"cache_hit_ratio\": {") != std::string::npos);
    QVERIFY(json.find("components.cache.cache.hit_ratio") != std::string::npos);
    const std::string text = simulator::toText(r);
    QVERIFY(text.find("stale p99") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestCacheEngine)
#include "tst_cache_engine.moc"
