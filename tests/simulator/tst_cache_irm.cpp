// The cache store driven by an independent-reference Zipf stream, against the analytic
// oracles: Che (LRU), Fricker-Robert-Roberts / Gelenbe (FIFO, RANDOM), the static top-C bound.
//
// Statistical tolerance: a measured hit ratio over M reads has a standard error of about
// sqrt(h(1-h)/M) times a small autocorrelation factor; with M = 1.5 million that is below
// 4e-4 (x2 for correlation: 8e-4), so the 0.005 leaves room for Che's own error
// (below 2e-3 here) and still fails on any real bias (a wrong victim costs > 0.01).
#include "archsim/model/cacheanalytic.h"
#include "cacheharness.h"

#include <QtTest>

#include <cmath>

using namespace archsim::simulator;
using namespace archsim::testing;
using archsim::model::Eviction;

namespace {
archsim::model::CacheAnalyticResult estimate(Eviction ev, int64_t keys, double s, int64_t cap)
{
    archsim::model::CacheAnalyticInput in;
    in.read_rps = 1; // T_C then counts reads
    in.capacity = cap;
    in.eviction = ev;
    in.zipf = s;
    in.classes.push_back({1.0, keys, 0});
    return estimateCache(in).value();
}

IrmRun irm(Eviction ev, int64_t keys, double s, int64_t cap, int64_t warmup, int64_t reads,
           uint64_t seed)
{
    IrmRun run;
    run.config.capacity = cap;
    run.config.eviction = ev;
    run.config.seed = seed ^ 0xabcdef;
    run.classes = {{1.0, keys}};
    run.zipf = s;
    run.warmup = warmup;
    run.reads = reads;
    run.seed = seed;
    return run;
}
} // namespace

class TestCacheIrm : public QObject
{
    Q_OBJECT

private slots:
    void againstApproximation_data();
    void againstApproximation();
    void policyOrdering_data();
    void policyOrdering();
};

void TestCacheIrm::againstApproximation_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<qlonglong>("keys");
    QTest::addColumn<double>("s");
    QTest::addColumn<double>("fraction");
    for (const Eviction ev : {Eviction::Lru, Eviction::Fifo, Eviction::Random})
        for (const qlonglong n : {10000LL, 100000LL})
            for (const double s : {0.8, 1.0, 1.2})
                for (const double f : {0.01, 0.1})
                    QTest::addRow("%s N=%lld s=%.1f C=%g%%", archsim::model::toString(ev), n, s,
                                  f * 100)
                        << int(ev) << n << s << f;
}

// Oracle: Che's approximation (LRU) and lambda T / (1 + lambda T) (FIFO, RANDOM) from
// model/cacheanalytic; tolerance 0.005 absolute (see the file comment). Warm-up: at least
// 10 characteristic times, so the initial content is long gone.
void TestCacheIrm::againstApproximation()
{
    QFETCH(int, policy);
    QFETCH(qlonglong, keys);
    QFETCH(double, s);
    QFETCH(double, fraction);
    const auto ev = Eviction(policy);
    const auto cap = int64_t(fraction * double(keys));
    const auto expected = estimate(ev, keys, s, cap);
    const auto warmup = int64_t(std::max(2e5, 10 * expected.characteristic_time_s));
    const uint64_t seed = 1000 + uint64_t(policy) * 100 + uint64_t(keys) + uint64_t(s * 10) + cap;
    const IrmResult r = runIrm(irm(ev, keys, s, cap, warmup, 1500000, seed));
    qInfo("seed %llu: measured %.5f, %s %.5f, diff %+.5f", (unsigned long long)seed,
          r.hit_ratio, expected.method.c_str(), expected.hit_ratio,
          r.hit_ratio - expected.hit_ratio);
    QVERIFY(std::fabs(r.hit_ratio - expected.hit_ratio) < 0.005);
}

void TestCacheIrm::policyOrdering_data()
{
    QTest::addColumn<double>("s");
    QTest::addColumn<double>("fraction");
    QTest::newRow("s=0.8 C=1%") << 0.8 << 0.01;
    QTest::newRow("s=0.8 C=10%") << 0.8 << 0.1;
    QTest::newRow("s=1.0 C=1%") << 1.0 << 0.01;
    QTest::newRow("s=1.2 C=10%") << 1.2 << 0.1;
}

// On a stationary Zipf stream LFU is at least as good as LRU, and no policy beats the
// static top-C bound (the IRM optimum without prefetching). Same stream for every policy;
// margin 3e-3 for the bound (4 standard errors), none for LFU >= LRU (the gap is > 0.01).
void TestCacheIrm::policyOrdering()
{
    QFETCH(double, s);
    QFETCH(double, fraction);
    const int64_t keys = 10000;
    const auto cap = int64_t(fraction * keys);
    const double bound = estimate(Eviction::Lru, keys, s, cap).static_bound;
    double measured[5] = {};
    for (const Eviction ev : {Eviction::Lru, Eviction::Lfu, Eviction::Fifo, Eviction::Random,
                              Eviction::Sieve}) {
        const IrmResult r = runIrm(irm(ev, keys, s, cap, 300000, 1000000, 4242));
        measured[int(ev)] = r.hit_ratio;
        qInfo("%-6s %.5f (bound %.5f)", archsim::model::toString(ev), r.hit_ratio, bound);
        QVERIFY(r.hit_ratio < bound + 3e-3);
    }
    QVERIFY(measured[int(Eviction::Lfu)] >= measured[int(Eviction::Lru)]);
    QVERIFY(measured[int(Eviction::Lru)] > measured[int(Eviction::Fifo)]);
}

QTEST_APPLESS_MAIN(TestCacheIrm)
#include "tst_cache_irm.moc"
