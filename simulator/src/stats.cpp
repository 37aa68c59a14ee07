#include "archsim/simulator/stats.h"

#include <cmath>

namespace archsim::simulator {

double tQuantile975(int df)
{
    // Student t, two-sided 95% (one-sided 0.975), df = 1..30 (Abramowitz and Stegun table 26.10).
    static constexpr double kTable[30] = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1)
        return 0.0;
    if (df <= 30)
        return kTable[df - 1];
    // Beyond 30 the quantile is nearly linear in 1/df: 30 -> 2.042, 60 -> 2.000, 120 -> 1.980,
    // infinity -> 1.960.
    struct Point {
        double inv;
        double t;
    };
    static constexpr Point kTail[4] = {{1.0 / 30, 2.042}, {1.0 / 60, 2.000}, {1.0 / 120, 1.980},
                                       {0.0, 1.960}};
    const double x = 1.0 / df;
    for (int i = 0; i < 3; ++i) {
        if (x >= kTail[i + 1].inv) {
            const double w = (x - kTail[i + 1].inv) / (kTail[i].inv - kTail[i + 1].inv);
            return kTail[i + 1].t + w * (kTail[i].t - kTail[i + 1].t);
        }
    }
    return 1.960;
}

Estimate estimateFrom(const std::vector<double> &samples)
{
    Estimate e;
    const size_t n = samples.size();
    if (n == 0)
        return e;
    double sum = 0;
    for (double v : samples)
        sum += v;
    e.value = sum / static_cast<double>(n);
    e.low = e.high = e.value;
    if (n < 2)
        return e;
    double ss = 0;
    for (double v : samples)
        ss += (v - e.value) * (v - e.value);
    const double sd = std::sqrt(ss / static_cast<double>(n - 1));
    const double half = tQuantile975(static_cast<int>(n - 1)) * sd / std::sqrt(double(n));
    e.low = e.value - half;
    e.high = e.value + half;
    e.hasInterval = true;
    return e;
}

} // namespace archsim::simulator
