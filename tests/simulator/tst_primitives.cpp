// The building blocks of the simulator: random streams, samplers, the log-bucket histogram and
// the t-interval. Oracles are the published reference values and closed-form moments.

#include "archsim/simulator/histogram.h"
#include "archsim/simulator/random.h"
#include "archsim/simulator/sampler.h"
#include "archsim/simulator/stats.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace archsim;
using namespace archsim::simulator;

class TestPrimitives : public QObject {
    Q_OBJECT

private slots:
    void splitmixReferenceValues();
    void xoshiroIsDeterministicAndUniform();
    void derivedStreamsDiffer();
    void samplerMoments_data();
    void samplerMoments();
    void samplerRejectsBadParameters_data();
    void samplerRejectsBadParameters();
    void histogramRelativeError_data();
    void histogramRelativeError();
    void histogramExactFigures();
    void histogramMergeAndClear();
    void studentT();
    void intervalCoversKnownMean();
};

// Oracle: Vigna's splitmix64.c seeded with 0 yields 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4,
// 0x06c45d188009454f.
void TestPrimitives::splitmixReferenceValues()
{
    uint64_t s = 0;
    QCOMPARE(splitmix64(s), 0xe220a8397b1dcdafULL);
    QCOMPARE(splitmix64(s), 0x6e789e6aa1b965f4ULL);
    QCOMPARE(splitmix64(s), 0x06c45d188009454fULL);
}

// Same seed, same sequence; and the mean and variance of uniform() are 1/2 and 1/12 within
// 4 standard errors for 10^6 draws.
void TestPrimitives::xoshiroIsDeterministicAndUniform()
{
    Rng a(123), b(123), c(124);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const uint64_t x = a.next();
        QCOMPARE(x, b.next());
        differs |= x != c.next();
    }
    QVERIFY(differs);
    Rng r(7);
    const int n = 1000000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
        const double u = r.uniform();
        QVERIFY(u >= 0 && u < 1);
        sum += u;
        sq += u * u;
    }
    const double mean = sum / n;
    QVERIFY(std::abs(mean - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
    QVERIFY(std::abs(sq / n - mean * mean - 1.0 / 12) < 1e-3);
    uint32_t counts[5] = {};
    for (int i = 0; i < 100000; ++i)
        ++counts[r.below(5)];
    for (uint32_t k : counts) // binomial(1e5, 0.2): sd 126
        QVERIFY(std::abs(double(k) - 20000) < 600);
}

void TestPrimitives::derivedStreamsDiffer()
{
    const uint64_t a = deriveSeed(1, 0, stableHash("api"), 1);
    QCOMPARE(a, deriveSeed(1, 0, stableHash("api"), 1));
    QVERIFY(a != deriveSeed(1, 1, stableHash("api"), 1));
    QVERIFY(a != deriveSeed(1, 0, stableHash("apj"), 1));
    QVERIFY(a != deriveSeed(1, 0, stableHash("api"), 2));
    QVERIFY(a != deriveSeed(2, 0, stableHash("api"), 1));
    // FNV-1a 64 reference: "a" -> 0xaf63dc4c8601ec8c.
    QCOMPARE(stableHash("a"), 0xaf63dc4c8601ec8cULL);
}

void TestPrimitives::samplerMoments_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("cv");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("spread");
    QTest::newRow("exponential") << int(model::DistKind::Exponential) << 4.0 << 1.0 << 1 << 0.0;
    QTest::newRow("constant") << int(model::DistKind::Constant) << 2.5 << 0.0 << 1 << 0.0;
    QTest::newRow("lognormal cv 0.5") << int(model::DistKind::Lognormal) << 3.0 << 0.5 << 1
                                      << 0.0;
    QTest::newRow("lognormal cv 1.5") << int(model::DistKind::Lognormal) << 3.0 << 1.5 << 1
                                      << 0.0;
    QTest::newRow("uniform") << int(model::DistKind::Uniform) << 10.0 << 0.0 << 1 << 0.5;
    QTest::newRow("erlang 4") << int(model::DistKind::Erlang) << 8.0 << 0.0 << 4 << 0.0;
    QTest::newRow("erlang 40") << int(model::DistKind::Erlang) << 8.0 << 0.0 << 40 << 0.0;
}

// Oracle: the distribution's mean and squared coefficient of variation (Distribution::scv()).
// Mean within 5 standard errors; the scv within 5% (lognormal cv 1.5 has a heavy fourth
// moment, so its sample variance converges slowly: 3e6 draws there).
void TestPrimitives::samplerMoments()
{
    QFETCH(int, kind);
    QFETCH(double, mean);
    QFETCH(double, cv);
    QFETCH(int, k);
    QFETCH(double, spread);
    model::Distribution d;
    d.dist = model::DistKind(kind);
    d.mean_ms = mean;
    d.cv = cv;
    d.k = k;
    d.spread = spread;
    Sampler s;
    QCOMPARE(QString::fromStdString(s.compile(d)), QString());
    Rng rng(99);
    const int n = cv > 1 ? 3000000 : 1000000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
        const double x = s.sample(rng) * 1000.0;
        QVERIFY(x >= 0);
        sum += x;
        sq += x * x;
    }
    const double m = sum / n;
    const double var = sq / n - m * m;
    const double scv = d.scv();
    const double se = std::sqrt(scv) * mean / std::sqrt(double(n));
    QVERIFY2(std::abs(m - mean) <= 5 * se + 1e-12 * mean,
             qPrintable(QString("mean %1 vs %2").arg(m).arg(mean)));
    QVERIFY2(std::abs(var / (m * m) - scv) <= 0.05 * scv + 1e-9,
             qPrintable(QString("scv %1 vs %2").arg(var / (m * m)).arg(scv)));
}

void TestPrimitives::samplerRejectsBadParameters_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("cv");
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("spread");
    QTest::newRow("negative mean") << int(model::DistKind::Exponential) << -1.0 << 1.0 << 1 << 0.;
    QTest::newRow("nan mean") << int(model::DistKind::Constant) << std::nan("") << 1.0 << 1 << 0.;
    QTest::newRow("lognormal cv 0") << int(model::DistKind::Lognormal) << 1.0 << 0.0 << 1 << 0.;
    QTest::newRow("erlang k 0") << int(model::DistKind::Erlang) << 1.0 << 1.0 << 0 << 0.;
    QTest::newRow("uniform spread 2") << int(model::DistKind::Uniform) << 1.0 << 1.0 << 1 << 2.;
}

void TestPrimitives::samplerRejectsBadParameters()
{
    QFETCH(int, kind);
    QFETCH(double, mean);
    QFETCH(double, cv);
    QFETCH(int, k);
    QFETCH(double, spread);
    model::Distribution d;
    d.dist = model::DistKind(kind);
    d.mean_ms = mean;
    d.cv = cv;
    d.k = k;
    d.spread = spread;
    Sampler s;
    QVERIFY(!s.compile(d).empty());
}

void TestPrimitives::histogramRelativeError_data()
{
    QTest::addColumn<double>("sigma");
    QTest::addColumn<double>("scale");
    QTest::newRow("1 ms lognormal sigma 1") << 1.0 << 1e-3;
    QTest::newRow("wide: 1 us .. 100 s") << 2.0 << 1e-2;
    QTest::newRow("narrow around 1 s") << 0.01 << 1.0;
}

// Oracle: the exact order statistic of the recorded values (nearest rank). The histogram's
// quantile must be within its documented relative error 1/128 of it.
void TestPrimitives::histogramRelativeError()
{
    QFETCH(double, sigma);
    QFETCH(double, scale);
    Rng rng(5);
    LogHistogram h;
    std::vector<double> values;
    for (int i = 0; i < 200000; ++i) {
        const double v = scale * std::exp(sigma * sampleStandardNormal(rng));
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    // The same levels read one at a time and all in one pass over the buckets.
    const double levels[] = {0.001, 0.01, 0.1, 0.5, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0};
    constexpr int n = std::size(levels);
    double onePass[n];
    h.quantiles(levels, onePass, n);
    for (int i = 0; i < n; ++i) {
        const double q = levels[i];
        const size_t rank = static_cast<size_t>(std::ceil(q * values.size()));
        const double exact = values[std::max<size_t>(rank, 1) - 1];
        for (double got : {h.quantile(q), onePass[i]})
            QVERIFY2(std::abs(got - exact) <= LogHistogram::kRelativeError * exact * (1 + 1e-12),
                     qPrintable(QString("q %1: %2 vs exact %3").arg(q).arg(got).arg(exact)));
    }
}

void TestPrimitives::histogramExactFigures()
{
    LogHistogram h;
    QCOMPARE(h.quantile(0.5), 0.0);
    QCOMPARE(h.mean(), 0.0);
    for (double v : {0.0, 0.0, 0.003, 0.005, 0.010})
        h.record(v);
    QCOMPARE(h.count(), uint64_t(5));
    QCOMPARE(h.mean(), 0.018 / 5);
    QCOMPARE(h.min(), 0.0);
    QCOMPARE(h.max(), 0.010);
    QCOMPARE(h.quantile(0.4), 0.0);  // zeros are exact
    QCOMPARE(h.quantile(1.0), 0.010); // clamped to the exact maximum
    // In one pass: zeros, the bucket of the middle value, the exact maximum.
    const double levels[] = {0.2, 0.4, 0.6, 1.0};
    double got[4];
    h.quantiles(levels, got, 4);
    QCOMPARE(got[0], 0.0);
    QCOMPARE(got[1], 0.0);
    QVERIFY(std::abs(got[2] - 0.003) <= 0.003 * LogHistogram::kRelativeError);
    QCOMPARE(got[3], 0.010);
    // Out of range values are clamped to the end buckets, not lost.
    h.record(1e-9);
    h.record(1e9);
    QCOMPARE(h.count(), uint64_t(7));
    QCOMPARE(h.max(), 1e9);
}

void TestPrimitives::histogramMergeAndClear()
{
    LogHistogram a, b, all;
    Rng rng(3);
    for (int i = 0; i < 1000; ++i) {
        const double v = sampleExponential(rng, 0.01);
        (i % 2 ? a : b).record(v);
        all.record(v);
    }
    a.merge(b);
    QCOMPARE(a.count(), all.count());
    for (double q : {0.5, 0.9, 0.99})
        QCOMPARE(a.quantile(q), all.quantile(q));
    a.clear();
    QCOMPARE(a.count(), uint64_t(0));
    QCOMPARE(a.quantile(0.5), 0.0);
    a.record(0.002);
    QVERIFY(std::abs(a.quantile(0.5) - 0.002) <= 0.002 / 128);
}

// Oracle: Student t 0.975 quantiles (tables): df 1 12.706, 9 2.262, 29 2.045, 60 2.000,
// infinity 1.960; interpolation error beyond the table below 2e-3.
void TestPrimitives::studentT()
{
    QCOMPARE(tQuantile975(1), 12.706);
    QCOMPARE(tQuantile975(9), 2.262);
    QCOMPARE(tQuantile975(29), 2.045);
    QCOMPARE(tQuantile975(60), 2.000);
    QVERIFY(std::abs(tQuantile975(40) - 2.021) < 2e-3);
    QVERIFY(std::abs(tQuantile975(100000) - 1.960) < 1e-3);
}

// Oracle: with known samples 1..5 the mean is 3, s = sqrt(2.5), half-width 2.776 s / sqrt(5).
void TestPrimitives::intervalCoversKnownMean()
{
    const Estimate e = estimateFrom({1, 2, 3, 4, 5});
    QCOMPARE(e.value, 3.0);
    QVERIFY(e.hasInterval);
    const double half = 2.776 * std::sqrt(2.5) / std::sqrt(5.0);
    QVERIFY(std::abs(e.high - 3.0 - half) < 1e-12);
    QVERIFY(std::abs(3.0 - e.low - half) < 1e-12);
    const Estimate one = estimateFrom({7});
    QCOMPARE(one.value, 7.0);
    QVERIFY(!one.hasInterval);
}

QTEST_GUILESS_MAIN(TestPrimitives)
#include "tst_primitives.moc"
