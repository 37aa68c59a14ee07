// Tests of the rejection-inversion Zipf sampler against the exact Zipf pmf.
#include "archsim/simulator/zipf.h"
#include "testrng.h"

#include <QtTest>

#include <cmath>
#include <vector>

using archsim::simulator::ZipfSampler;
using archsim::testing::TestRng;

namespace {
// The exact pmf k^-s / H(N, s).
std::vector<double> zipfPmf(int64_t n, double s)
{
    std::vector<double> p(size_t(n) + 1, 0.0);
    double h = 0;
    for (int64_t k = n; k >= 1; --k)
        h += std::pow(double(k), -s);
    for (int64_t k = 1; k <= n; ++k)
        p[size_t(k)] = std::pow(double(k), -s) / h;
    return p;
}

// Upper 0.999 quantile of chi-square with `df` degrees of freedom (Wilson-Hilferty).
double chiSquare999(double df)
{
    const double z = 3.090232; // standard normal 0.999 quantile
    const double a = 2.0 / (9.0 * df);
    return df * std::pow(1.0 - a + z * std::sqrt(a), 3.0);
}
} // namespace

class TestZipf : public QObject
{
    Q_OBJECT

private slots:
    void frequencies_data();
    void frequencies();
    void meanRank_data();
    void meanRank();
    void bounds();
    void callableSource();
};

void TestZipf::frequencies_data()
{
    QTest::addColumn<qlonglong>("n");
    QTest::addColumn<double>("s");
    QTest::newRow("uniform s=0, N=10") << 10LL << 0.0;
    QTest::newRow("s=0.5, N=50") << 50LL << 0.5;
    QTest::newRow("s=0.8, N=100") << 100LL << 0.8;
    QTest::newRow("s=1 exactly, N=100") << 100LL << 1.0;
    QTest::newRow("s=1.2, N=200") << 200LL << 1.2;
    QTest::newRow("s=2.5, N=30") << 30LL << 2.5;
    QTest::newRow("single rank, N=1") << 1LL << 1.0;
    QTest::newRow("two ranks, s=1") << 2LL << 1.0;
}

// Oracle: the exact pmf. Pearson chi-square over the ranks (tail cells with an expected count
// below 5 pooled), 400,000 draws, rejected above the 0.999 quantile: a correct sampler fails
// one row in a thousand runs; a bias of one percent in any big cell fails it for sure.
void TestZipf::frequencies()
{
    QFETCH(qlonglong, n);
    QFETCH(double, s);
    const int draws = 400000;
    const uint64_t seed = 0x5eed0000 + uint64_t(n) * 31 + uint64_t(s * 1000);
    qInfo("seed %llu", static_cast<unsigned long long>(seed));
    TestRng rng(seed);
    ZipfSampler zipf(n, s);
    std::vector<long> count(size_t(n) + 1, 0);
    for (int i = 0; i < draws; ++i) {
        const int64_t k = zipf(rng);
        QVERIFY2(k >= 1 && k <= n, "rank out of range");
        ++count[size_t(k)];
    }
    if (n == 1) {
        QCOMPARE(count[1], long(draws));
        return;
    }
    const auto p = zipfPmf(n, s);
    double chi = 0;
    int cells = 0;
    double pooledE = 0, pooledO = 0;
    for (int64_t k = 1; k <= n; ++k) {
        const double e = p[size_t(k)] * draws;
        if (e < 5) {
            pooledE += e;
            pooledO += double(count[size_t(k)]);
            continue;
        }
        chi += (count[size_t(k)] - e) * (count[size_t(k)] - e) / e;
        ++cells;
    }
    if (pooledE > 0) {
        chi += (pooledO - pooledE) * (pooledO - pooledE) / pooledE;
        ++cells;
    }
    const double limit = chiSquare999(cells - 1);
    qInfo("chi2 = %.1f over %d cells, limit %.1f", chi, cells, limit);
    QVERIFY2(chi < limit, qPrintable(QString("chi2 %1 >= %2").arg(chi).arg(limit)));
}

void TestZipf::meanRank_data()
{
    QTest::addColumn<qlonglong>("n");
    QTest::addColumn<double>("s");
    QTest::newRow("s=0.8, N=10^4") << 10000LL << 0.8;
    QTest::newRow("s=1, N=10^5") << 100000LL << 1.0;
    QTest::newRow("s=1.2, N=10^6") << 1000000LL << 1.2;
    QTest::newRow("s=0.99, N=10^8") << 100000000LL << 0.99;
}

// Oracle: E[k] = H(N, s-1) / H(N, s) summed exactly (N = 10^8 by the Euler-Maclaurin sum
// below); 10^6 draws, tolerance 5 standard errors of the sample mean (sd from the pmf).
void TestZipf::meanRank()
{
    QFETCH(qlonglong, n);
    QFETCH(double, s);
    // Sums of k^-a for k = 1..n: exact up to 10^6, then Euler-Maclaurin for the rest.
    auto powerSum = [n](double a) {
        const int64_t head = std::min<int64_t>(n, 1000000);
        long double sum = 0;
        for (int64_t k = head; k >= 1; --k)
            sum += std::pow((long double)k, (long double)-a);
        if (n > head) {
            auto F = [a](long double x) {
                return std::fabs(a - 1) < 1e-12 ? std::log(x)
                                                : std::pow(x, 1 - a) / (1 - a);
            };
            auto f = [a](long double x) { return std::pow(x, -a); };
            auto fp = [a](long double x) { return -a * std::pow(x, -a - 1); };
            const long double lo = head, hi = n;
            sum += F(hi) - F(lo) + (f(hi) - f(lo)) / 2 + (fp(hi) - fp(lo)) / 12;
        }
        return double(sum);
    };
    const double h0 = powerSum(s), h1 = powerSum(s - 1), h2 = powerSum(s - 2);
    const double mean = h1 / h0;
    const double sd = std::sqrt(h2 / h0 - mean * mean);
    const int draws = 1000000;
    TestRng rng(42 + uint64_t(n));
    ZipfSampler zipf(n, s);
    long double sum = 0;
    for (int i = 0; i < draws; ++i)
        sum += double(zipf(rng));
    const double measured = double(sum / draws);
    const double tol = 5 * sd / std::sqrt(double(draws));
    qInfo("mean rank %.3f expected %.3f (tolerance %.3f)", measured, mean, tol);
    QVERIFY(std::fabs(measured - mean) < tol);
}

// Degenerate settings are clamped, not undefined: N < 1 gives rank 1, s < 0 acts as 0.
void TestZipf::bounds()
{
    TestRng rng(7);
    ZipfSampler one(0, 1.0);
    QCOMPARE(one.n(), int64_t(1));
    for (int i = 0; i < 100; ++i)
        QCOMPARE(one(rng), int64_t(1));
    ZipfSampler neg(5, -3.0);
    QCOMPARE(neg.exponent(), 0.0);
    ZipfSampler steep(1000, 40.0); // P(1) = 1 - 2^-40 ...
    int ones = 0;
    for (int i = 0; i < 1000; ++i)
        ones += steep(rng) == 1;
    QCOMPARE(ones, 1000);
}

// The sampler also accepts a plain callable, and consumes about one uniform per draw.
void TestZipf::callableSource()
{
    TestRng rng(99);
    long calls = 0;
    auto uniform = [&]() {
        ++calls;
        return rng.uniform01();
    };
    ZipfSampler zipf(1000000, 1.0);
    const int draws = 100000;
    for (int i = 0; i < draws; ++i) {
        const int64_t k = zipf(uniform);
        QVERIFY(k >= 1 && k <= 1000000);
    }
    qInfo("uniforms per draw: %.4f", double(calls) / draws);
    QVERIFY(calls >= draws);
    QVERIFY(calls < draws * 1.3);

    // A generator spelling its method uniform() (the simulator's Rng) drives it the same way.
    struct Named {
        TestRng rng{99};
        double uniform() { return rng.uniform01(); }
    } named;
    TestRng same(99);
    ZipfSampler again(1000000, 1.0);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(again(named), again(same));
}

QTEST_APPLESS_MAIN(TestZipf)
#include "tst_zipf.moc"
