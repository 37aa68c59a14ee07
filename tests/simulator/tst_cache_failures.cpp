// Caches under failure (issue 7): a crashed cache whose readers fall through to its fill path
// (fallback: fill), the e-commerce example's Redis crash, flush and warm-up curve against the
// analytic TTL formulas, and the per-key-class figures.

#include "simtestutil.h"

#include "archsim/model/cacheanalytic.h"
#include "archsim/model/io.h"

#include <QTest>

#include <cmath>

using namespace archsim;
using namespace simtest;

namespace {

model::ScenarioEvent makeEvent(model::EventAction action, const std::string &target, double at,
                           double forS)
{
    model::ScenarioEvent e;
    e.action = action;
    e.target = target;
    e.at_s = at;
    e.for_s = forS;
    return e;
}

simulator::SimulationResult runWith(model::Model m, std::vector<model::ScenarioEvent> events,
                                    double duration, double warmup, uint64_t seed)
{
    model::Scenario sc;
    sc.id = "test";
    sc.duration_s = duration;
    sc.warmup_s = warmup;
    sc.seed = seed;
    sc.events = std::move(events);
    m.scenarios = {sc};
    simulator::SimulationOptions o;
    o.scenario = "test";
    o.replications = 1;
    auto r = simulator::runSimulation(m, o);
    if (!r.ok())
        qFatal("simulation failed: %s", r.message().c_str());
    return std::move(r).value();
}

size_t stationIndex(const simulator::SimulationResult &r, const std::string &id)
{
    for (size_t i = 0; i < r.components.size(); ++i)
        if (r.components[i].id == id)
            return i;
    qFatal("no station %s", id.c_str());
}

// Mean over the seconds [from, to) of a per-second value.
template <typename F>
double mean(const simulator::SimulationResult &r, double from, double to, F value)
{
    double sum = 0;
    int n = 0;
    for (const auto &p : r.timeline)
        if (p.t_s >= from && p.t_s < to) {
            sum += value(p);
            ++n;
        }
    return n ? sum / n : std::nan("");
}

double arrivals(const simulator::SimulationResult &r, const std::string &id, double from,
                double to)
{
    const size_t k = stationIndex(r, id);
    return mean(r, from, to, [k](const auto &p) { return p.arrival_rps[k]; });
}

// Readers at 1,000/s -> cache (100 keys, room for all, no TTL: every key is cached within the
// first second) -> database. The read link has a 20 ms timeout and the given fallback.
model::Model smallCacheModel(model::Fallback fallback)
{
    model::Model m;
    m.name = "cache-crash";
    model::Component cache = station("cache", constant(0.1), 64);
    cache.kind = model::ComponentKind::Cache;
    cache.capacity = 100;
    cache.keys = 100;
    cache.zipf = 0.9;
    m.components = {client("readers", 1000), cache, station("db", expo(2.0), 64)};
    model::Link read = edge("readers", "cache");
    read.kind = model::LinkKind::Read;
    read.timeout_ms = 20;
    read.fallback = fallback;
    model::Link fill = edge("cache", "db");
    fill.kind = model::LinkKind::Fill;
    m.links = {read, fill};
    return m;
}

} // namespace

class TestCacheFailures : public QObject {
    Q_OBJECT

private slots:
    void crashedCacheFallsThrough_data();
    void crashedCacheFallsThrough();
    void ecommerceRedisCrashLoadsTheDatabase();
};

void TestCacheFailures::crashedCacheFallsThrough_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("fill");
    QTest::newRow("refuse, fallback fill") << int(model::CrashMode::Refuse) << true;
    QTest::newRow("hang, fallback fill") << int(model::CrashMode::Hang) << true;
    QTest::newRow("refuse, fallback error") << int(model::CrashMode::Refuse) << false;
}

// The cache crashes from 10 s to 20 s. Oracle (cache-aside semantics): with fallback fill every
// read goes to the database while it is down, so the database's arrival rate is the read rate
// (1,000/s; a Poisson count averaged over 8 s has a standard deviation of 11/s: tolerance 5%)
// instead of read rate x miss ratio (~0 with every key cached), the reads still succeed, and
// a hung cache costs each read exactly its 20 ms timeout first. With fallback error the reads
// fail and the database sees nothing more. A crash is not a flush: after the recovery the
// cache still holds its keys and the database is quiet again.
void TestCacheFailures::crashedCacheFallsThrough()
{
    QFETCH(int, mode);
    QFETCH(bool, fill);
    const auto m = smallCacheModel(fill ? model::Fallback::Fill : model::Fallback::Error);
    auto crash = makeEvent(model::EventAction::Crash, "cache", 10, 10);
    crash.mode = model::CrashMode(mode);
    const auto r = runWith(m, {crash}, 30, 0, 21);
    const double before = arrivals(r, "db", 2, 10);
    const double during = arrivals(r, "db", 11, 19);
    const double after = arrivals(r, "db", 22, 30);
    const double avail = mean(r, 11, 19, [](const auto &p) { return p.availability; });
    const double p50 = mean(r, 11, 19, [](const auto &p) { return p.p50_ms; });
    const auto &cache = *component(r, "cache").cache;
    std::printf("db arrivals/s: %.1f before, %.1f during, %.1f after; availability %.4f, "
                "p50 %.2f ms; fallthroughs %.0f\n", before, during, after, avail, p50,
                cache.fallthroughs.value);
    QVERIFY(before < 5);
    QVERIFY(after < 5);
    if (!fill) {
        QVERIFY(during < 5);
        QVERIFY(avail < 0.01);
        QCOMPARE(cache.fallthroughs.value, 0.0);
        return;
    }
    QVERIFY(std::abs(during - 1000) < 50);
    QVERIFY(avail > 0.999);
    // Fall-throughs: 10 s of reads (10,000 +- 3%: Poisson count, sd 100).
    QVERIFY(std::abs(cache.fallthroughs.value - 10000) < 300);
    if (model::CrashMode(mode) == model::CrashMode::Hang) {
        // 20 ms timeout + the database read (2 ms mean): the median read takes 20 + ~1.4 ms.
        QVERIFY(p50 >= 20.0 && p50 < 25.0);
    } else {
        QVERIFY(p50 < 5.0); // refused at once, then the database read
    }
}

// The e-commerce example with cache-aside reads that fall back to the database (fallback: fill
// on the three Redis read links): Redis refuses every call from 100 s to 130 s. Oracle: the
// database then also receives the reads Redis used to answer, so its arrival rate rises by
// Redis' read rate x its hit ratio just before the crash (tolerance 10%: one-second Poisson
// counts averaged over 20 s, plus the hit ratio drifting up as the cache warms).
void TestCacheFailures::ecommerceRedisCrashLoadsTheDatabase()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    model::Model m = loaded.value();
    for (auto &l : m.links)
        if (l.to == "redis" && l.kind == model::LinkKind::Read)
            l.fallback = model::Fallback::Fill;
    const auto crash = makeEvent(model::EventAction::Crash, "redis", 100, 30);
    const auto r = runWith(m, {crash}, 200, 30, 23);
    const size_t redis = stationIndex(r, "redis");
    size_t cacheSlot = 0; // position of redis among the caches in cache_hit_ratio
    for (size_t i = 0; i < redis; ++i)
        cacheSlot += r.components[i].cache ? 1 : 0;
    const double reads = arrivals(r, "redis", 80, 100);
    const double hit =
        mean(r, 80, 100, [&](const auto &p) { return p.cache_hit_ratio[cacheSlot]; });
    const double dbBefore = arrivals(r, "shop-db", 80, 100);
    const double dbDuring = arrivals(r, "shop-db", 105, 125);
    const double expected = dbBefore + reads * hit;
    const double avail = mean(r, 101, 130, [](const auto &p) { return p.availability; });
    std::printf("redis reads %.1f/s, hit ratio %.3f; shop-db %.1f/s before, %.1f/s during "
                "(expected %.1f); availability during %.4f\n", reads, hit, dbBefore, dbDuring,
                expected, avail);
    QVERIFY(reads > 300);
    QVERIFY(std::abs(dbDuring - expected) < 0.1 * expected);
    QVERIFY(avail > 0.99); // the database has the capacity: nobody notices the crash
    QVERIFY(component(r, "redis").cache->fallthroughs.value > 0.9 * 30 * reads);
}

QTEST_GUILESS_MAIN(TestCacheFailures)
#include "tst_cache_failures.moc"
