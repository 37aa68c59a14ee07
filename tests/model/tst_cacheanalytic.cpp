// Tests of the analytic cache estimate against independent brute-force sums over every rank.
#include "archsim/model/cacheanalytic.h"
#include "archsim/model/io.h"
#include "testutil.h"

#include <QtTest>

#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

using namespace archsim::model;

namespace {
// Zipf probabilities of ranks 1..n, summed rank by rank (the oracle the profile compresses).
std::vector<double> zipfProbs(int64_t n, double s)
{
    std::vector<double> p(static_cast<size_t>(n));
    long double h = 0;
    for (int64_t k = n; k >= 1; --k)
        h += std::pow((long double)k, (long double)-s);
    for (int64_t k = 1; k <= n; ++k)
        p[size_t(k - 1)] = double(std::pow((long double)k, (long double)-s) / h);
    return p;
}

// Solves sum_k hit(rate p_k, T) = C by plain bisection on log T over every rank and returns
// the request-weighted hit ratio: an independent check of the profile and the Brent solver.
double bruteForce(const std::vector<double> &p, double rate, double capacity,
                  const std::function<double(double, double)> &hit)
{
    auto occ = [&](double t) {
        double s = 0;
        for (double pk : p)
            s += hit(rate * pk, t);
        return s;
    };
    double lo = 1e-9, hi = 1e12;
    for (int i = 0; i < 200; ++i) {
        const double mid = std::sqrt(lo * hi);
        (occ(mid) < capacity ? lo : hi) = mid;
    }
    double r = 0;
    for (double pk : p)
        r += pk * hit(rate * pk, lo);
    return r;
}

CacheAnalyticInput input(int64_t keys, double s, int64_t capacity, Eviction ev,
                         double ttl = 0, bool refresh = false, double rps = 1000)
{
    CacheAnalyticInput in;
    in.read_rps = rps;
    in.capacity = capacity;
    in.eviction = ev;
    in.zipf = s;
    in.ttl_refresh_on_hit = refresh;
    in.classes.push_back({1.0, keys, ttl});
    return in;
}
} // namespace

class TestCacheAnalytic : public QObject
{
    Q_OBJECT

private slots:
    void profileSums_data();
    void profileSums();
    void cheAgainstBruteForce_data();
    void cheAgainstBruteForce();
    void ttlFormulasExact_data();
    void ttlFormulasExact();
    void ttlWithCapacityLimits();
    void boundsAndOrdering();
    void keyClasses();
    void badInput();
    void speed();
    void exampleCaches();
};

void TestCacheAnalytic::profileSums_data()
{
    QTest::addColumn<qlonglong>("n");
    QTest::addColumn<double>("s");
    QTest::newRow("10^4, s=0.8") << 10000LL << 0.8;
    QTest::newRow("10^5, s=1") << 100000LL << 1.0;
    QTest::newRow("10^6, s=1.2") << 1000000LL << 1.2;
    QTest::newRow("10^6, s=0 uniform") << 1000000LL << 0.0;
    QTest::newRow("500 keys: all exact") << 500LL << 0.9;
}

// Oracle: H(N, s) summed rank by rank in long double; the profile's weights must count N
// keys and its probabilities must sum to one. Tolerance 1e-6 relative (the quadrature's
// Euler-Maclaurin error is below 2e-7).
void TestCacheAnalytic::profileSums()
{
    QFETCH(qlonglong, n);
    QFETCH(double, s);
    long double h = 0;
    for (int64_t k = n; k >= 1; --k)
        h += std::pow((long double)k, (long double)-s);
    const ZipfProfile prof(n, s);
    QVERIFY(std::fabs(prof.harmonic() / double(h) - 1) < 1e-6);
    double keys = 0, mass = 0, first = prof.probabilities()[0];
    for (size_t i = 0; i < prof.weights().size(); ++i) {
        keys += prof.weights()[i];
        mass += prof.weights()[i] * prof.probabilities()[i];
    }
    QVERIFY(std::fabs(keys / double(n) - 1) < 1e-6);
    QVERIFY(std::fabs(mass - 1) < 1e-9);
    QVERIFY(std::fabs(first - 1.0 / double(h)) < 1e-9);
    QVERIFY(prof.weights().size() < 2000); // compressed: independent of N beyond the head
}

void TestCacheAnalytic::cheAgainstBruteForce_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<double>("s");
    QTest::addColumn<double>("fraction");
    for (const double s : {0.8, 1.0, 1.2})
        for (const double f : {0.01, 0.1}) {
            QTest::addRow("LRU s=%.1f C=%g%%", s, f * 100) << int(Eviction::Lru) << s << f;
            QTest::addRow("FIFO s=%.1f C=%g%%", s, f * 100) << int(Eviction::Fifo) << s << f;
        }
    QTest::newRow("RANDOM s=0.9 C=5%") << int(Eviction::Random) << 0.9 << 0.05;
}

// Oracle: Che's equation sum_k (1 - e^{-p_k T}) = C (LRU), or sum_k p_k T / (1 + p_k T) = C
// (FIFO, RANDOM), solved by bisection over all 100,000 ranks. Tolerance 1e-6 absolute.
void TestCacheAnalytic::cheAgainstBruteForce()
{
    QFETCH(int, policy);
    QFETCH(double, s);
    QFETCH(double, fraction);
    const int64_t n = 100000;
    const auto ev = Eviction(policy);
    const auto p = zipfProbs(n, s);
    auto hit = [ev](double l, double t) { return ev == Eviction::Lru ? cheLruHit(l, t)
                                                                      : fifoHit(l, t); };
    const double expected = bruteForce(p, 1000, fraction * n, hit);
    const auto r = estimateCache(input(n, s, int64_t(fraction * n), ev));
    QVERIFY2(r.ok(), r.message().c_str());
    qInfo("%s: %.6f, brute force %.6f, T_C %.4g", r->method.c_str(), r->hit_ratio, expected,
          r->characteristic_time_s);
    QVERIFY(std::fabs(r->hit_ratio - expected) < 1e-6);
    QVERIFY(r->hit_ratio < r->static_bound);
    QVERIFY(!r->exact);
}

void TestCacheAnalytic::ttlFormulasExact_data()
{
    QTest::addColumn<double>("s");
    QTest::addColumn<double>("ttl");
    QTest::addColumn<bool>("refresh");
    QTest::newRow("s=0.8 T=10 s set on fill") << 0.8 << 10.0 << false;
    QTest::newRow("s=1 T=60 s set on fill") << 1.0 << 60.0 << false;
    QTest::newRow("s=1 T=60 s refreshed") << 1.0 << 60.0 << true;
    QTest::newRow("s=1.2 T=1 s refreshed") << 1.2 << 1.0 << true;
}

// Oracle: sum_k p_k * lambda_k T / (1 + lambda_k T) (TTL set on fill) or
// sum_k p_k (1 - e^{-lambda_k T}) (refreshed), lambda_k = 1000 p_k per second, every rank
// of 10^5 keys; no capacity limit. Tolerance 1e-6.
void TestCacheAnalytic::ttlFormulasExact()
{
    QFETCH(double, s);
    QFETCH(double, ttl);
    QFETCH(bool, refresh);
    const int64_t n = 100000;
    const auto p = zipfProbs(n, s);
    double expected = 0;
    for (double pk : p) {
        const double x = 1000 * pk * ttl;
        expected += pk * (refresh ? 1 - std::exp(-x) : x / (1 + x));
    }
    for (const Eviction ev : {Eviction::Lru, Eviction::Fifo, Eviction::Random}) {
        const auto r = estimateCache(input(n, s, 0, ev, ttl, refresh));
        QVERIFY(r.ok());
        QVERIFY(r->exact);
        QVERIFY2(std::fabs(r->hit_ratio - expected) < 1e-6,
                 qPrintable(QString("%1 vs %2").arg(r->hit_ratio).arg(expected)));
    }
}

// A TTL and a capacity together: never above the TTL alone nor the static bound, never above
// the capacity alone for LRU and FIFO (RANDOM with a refreshed TTL may gain a little: the TTL
// removes idle keys that RANDOM would keep), equal to the TTL formula when the TTL is far
// shorter than T_C and to the capacity-only value when it is far longer.
void TestCacheAnalytic::ttlWithCapacityLimits()
{
    const int64_t n = 100000, c = 1000;
    for (const bool refresh : {false, true})
        for (const Eviction ev : {Eviction::Lru, Eviction::Fifo, Eviction::Random}) {
            const double capOnly = estimateCache(input(n, 1.0, c, ev))->hit_ratio;
            for (const double ttl : {0.01, 1.0, 10.0, 100.0, 1e6}) {
                const double ttlOnly =
                    estimateCache(input(n, 1.0, 0, ev, ttl, refresh))->hit_ratio;
                const auto both = estimateCache(input(n, 1.0, c, ev, ttl, refresh));
                QVERIFY(both.ok());
                if (ev != Eviction::Random || !refresh)
                    QVERIFY(both->hit_ratio <= capOnly + 1e-9);
                QVERIFY(both->hit_ratio <= ttlOnly + 1e-9);
                QVERIFY(both->hit_ratio < both->static_bound);
                if (ttl == 0.01) // ~10 reads per TTL: capacity hardly matters
                    QVERIFY(std::fabs(both->hit_ratio - ttlOnly) < 1e-3);
                if (ttl == 1e6)
                    QVERIFY(std::fabs(both->hit_ratio - capOnly) < 1e-4);
            }
        }
}

// Hit ratios grow with capacity; LRU stays below the static top-C bound and LFU equals it.
void TestCacheAnalytic::boundsAndOrdering()
{
    double last = 0;
    for (const int64_t c : {10, 100, 1000, 10000, 50000}) {
        const auto lru = estimateCache(input(100000, 0.9, c, Eviction::Lru));
        const auto fifo = estimateCache(input(100000, 0.9, c, Eviction::Fifo));
        const auto lfu = estimateCache(input(100000, 0.9, c, Eviction::Lfu));
        QVERIFY(lru->hit_ratio > last);
        last = lru->hit_ratio;
        QVERIFY(fifo->hit_ratio < lru->hit_ratio); // IRM: LRU beats FIFO
        QVERIFY(lru->hit_ratio < lru->static_bound);
        QVERIFY(std::fabs(lfu->hit_ratio - lfu->static_bound) < 1e-12);
    }
    // Capacity above the key count: everything hits once warm.
    const auto all = estimateCache(input(1000, 0.9, 5000, Eviction::Lru));
    QCOMPARE(all->hit_ratio, 1.0);
    QVERIFY(all->exact);
}

// Two identical classes of keys sharing a cache of 2C behave like one class in a cache of C;
// a class with a shorter TTL gets a lower hit ratio.
void TestCacheAnalytic::keyClasses()
{
    const auto one = estimateCache(input(50000, 1.0, 500, Eviction::Lru, 30, false, 500));
    CacheAnalyticInput two = input(50000, 1.0, 1000, Eviction::Lru, 30, false, 1000);
    two.classes = {{0.5, 50000, 30}, {0.5, 50000, 30}};
    const auto r = estimateCache(two);
    QVERIFY(r.ok());
    QVERIFY(std::fabs(r->hit_ratio - one->hit_ratio) < 1e-9);
    QVERIFY(std::fabs(r->class_hit_ratio[0] - r->class_hit_ratio[1]) < 1e-9);

    CacheAnalyticInput mixed = two;
    mixed.classes = {{0.6, 100000, 300}, {0.3, 10000, 60}, {0.1, 5000, 15}};
    const auto m = estimateCache(mixed);
    QVERIFY(m.ok());
    QCOMPARE(int(m->class_hit_ratio.size()), 3);
    double weighted = 0.6 * m->class_hit_ratio[0] + 0.3 * m->class_hit_ratio[1]
        + 0.1 * m->class_hit_ratio[2];
    QVERIFY(std::fabs(weighted - m->hit_ratio) < 1e-12);
}

void TestCacheAnalytic::badInput()
{
    CacheAnalyticInput in = input(1000, 1.0, 10, Eviction::Lru);
    in.classes.clear();
    QVERIFY(!estimateCache(in).ok());
    in = input(0, 1.0, 10, Eviction::Lru);
    auto r = estimateCache(in);
    QVERIFY(!r.ok());
    QVERIFY(r.message().find("key_classes/0/keys") != std::string::npos);
    in = input(1000, -1.0, 10, Eviction::Lru);
    QVERIFY(!estimateCache(in).ok());
    in = input(1000, 1.0, 10, Eviction::Lru, -5);
    QVERIFY(!estimateCache(in).ok());
    in = input(1000, 1.0, 10, Eviction::Lru);
    in.classes[0].share = 0;
    QVERIFY(!estimateCache(in).ok());
    // A cache that nobody reads with a TTL has nothing to hit.
    in = input(1000, 1.0, 10, Eviction::Lru, 60, false, 0);
    QCOMPARE(estimateCache(in)->hit_ratio, 0.0);
}

// The GUI calls this while the user types: 10^7 keys must answer in well under 50 ms even on
// a loaded machine (typically about 1 ms; see docs/PERFORMANCE.md).
void TestCacheAnalytic::speed()
{
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = estimateCache(input(10000000, 0.9, 100000, Eviction::Lru, 60, false, 5000));
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - t0).count();
    QVERIFY(r.ok());
    qInfo("10^7 keys, LRU + TTL: %.3f ms, hit ratio %.4f", ms, r->hit_ratio);
    QVERIFY(ms < 50);
}

// Every cache and CDN of the bundled examples gets an estimate within [0, static bound]; the
// e-commerce Redis holds the catalog (5 min TTL) better than the inventory (15 s).
void TestCacheAnalytic::exampleCaches()
{
    int caches = 0;
    for (const QString &path : archsim::test::examplePaths()) {
        const auto model = loadModel(path.toStdString());
        QVERIFY2(model.ok(), model.message().c_str());
        for (const Component &c : model->components) {
            if (c.kind != ComponentKind::Cache && c.kind != ComponentKind::Cdn)
                continue;
            ++caches;
            const auto r = estimateCache(cacheAnalyticInput(c, 800));
            QVERIFY2(r.ok(), r.message().c_str());
            qInfo("%s/%s: %.4f (%s), bound %.4f", qPrintable(QFileInfo(path).fileName()),
                  c.id.c_str(), r->hit_ratio, r->method.c_str(), r->static_bound);
            QVERIFY(r->hit_ratio >= 0 && r->hit_ratio <= r->static_bound + 1e-12);
            QCOMPARE(r->class_hit_ratio.size(), std::max<size_t>(1, c.key_classes.size()));
            if (c.id == "redis") {
                QCOMPARE(int(c.key_classes.size()), 3);
                QVERIFY(r->class_hit_ratio[0] > r->class_hit_ratio[2]);
            }
        }
    }
    QVERIFY(caches >= 2);
}

QTEST_APPLESS_MAIN(TestCacheAnalytic)
#include "tst_cacheanalytic.moc"
