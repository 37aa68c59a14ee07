#pragma once

// Estimates over independent replications: the mean and its 95% Student-t interval.

#include <vector>

namespace archsim::simulator {

// One output figure: the mean over replications and its 95% confidence interval. With a single
// replication (or after aggregation of one value) low == high == value and hasInterval is false.
struct Estimate {
    double value = 0;
    double low = 0;
    double high = 0;
    bool hasInterval = false;
};

// Returns the 0.975 quantile of Student's t distribution with `df` degrees of freedom
// (exact table for df <= 30, interpolation in 1/df beyond; error below 1e-3).
double tQuantile975(int df);

// Returns the mean of `samples` with the interval mean -+ t(0.975, n-1) * s / sqrt(n), where s
// is the sample standard deviation. Summation follows the order given, so the result does not
// depend on which thread produced which sample.
Estimate estimateFrom(const std::vector<double> &samples);

} // namespace archsim::simulator
