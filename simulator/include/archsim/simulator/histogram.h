#pragma once

// A log-bucket latency histogram with bounded relative error, in the spirit of HdrHistogram.
//
// A positive value v = 2^e * (1 + f), 0 <= f < 1, falls in the bucket of its binary exponent e
// and the top kSubBits bits of f: 64 equal sub-buckets per power of two, found from the bits of
// the IEEE-754 double without a logarithm. A bucket [L, L(1 + 1/64 * ...)) is reported by its
// midpoint, so a quantile read from the histogram is within 1/128 = 0.78% of a value in that
// bucket: the relative error is at most 0.79% for values in [2^-20 s, 2^17 s) (about 1 us to
// 36 h). Smaller positive values go to the first bucket (absolute error below 1 us), larger ones
// to the last; zero is counted apart and reported exactly. Count, sum (so the mean), minimum and
// maximum are exact.

#include <bit>
#include <cstdint>
#include <vector>

namespace archsim::simulator {

class LogHistogram {
public:
    static constexpr int kSubBits = 6;
    static constexpr int kMinExp = -20; // 2^-20 s ~ 0.95 us
    static constexpr int kMaxExp = 17;  // 2^17 s ~ 36 h
    static constexpr int kBuckets = (kMaxExp - kMinExp) << kSubBits;
    // The documented bound on the relative error of a quantile, as a fraction.
    static constexpr double kRelativeError = 1.0 / 128.0;

    LogHistogram();

    // Records one value (seconds, >= 0).
    void record(double v)
    {
        ++m_count;
        m_sum += v;
        if (v < m_min)
            m_min = v;
        if (v > m_max)
            m_max = v;
        if (v <= 0) {
            ++m_zeros;
            return;
        }
        ++m_counts[bucketOf(v)];
    }

    // Forgets every value; costs time proportional to the range of buckets used.
    void clear();
    // Adds every value of `other`.
    void merge(const LogHistogram &other);

    uint64_t count() const { return m_count; }
    double sum() const { return m_sum; }
    // Returns the exact mean, or 0 when empty.
    double mean() const { return m_count ? m_sum / static_cast<double>(m_count) : 0.0; }
    // Returns the exact extremes, or 0 when empty.
    double min() const { return m_count ? m_min : 0.0; }
    double max() const { return m_count ? m_max : 0.0; }
    // Returns the q-quantile (0 < q <= 1) by the nearest-rank rule, within the documented
    // relative error, clamped to [min, max]; 0 when empty.
    double quantile(double q) const;
    // Writes quantile(qs[i]) to out[i] for `n` levels in ascending order, in one pass over the
    // buckets (the timeline reads three quantiles every simulated second).
    void quantiles(const double *qs, double *out, int n) const;

    // Returns the bucket of a positive value.
    static int bucketOf(double v)
    {
        // The biased exponent and the top kSubBits of the fraction, side by side in the bits of
        // a positive double, are already (exponent, sub-bucket) in the bucket's layout.
        const uint64_t bits = std::bit_cast<uint64_t>(v);
        const int64_t b = static_cast<int64_t>(bits >> (52 - kSubBits)) -
                          (static_cast<int64_t>(1023 + kMinExp) << kSubBits);
        return b < 0 ? 0 : b >= kBuckets ? kBuckets - 1 : static_cast<int>(b);
    }
    // Returns the representative (midpoint) value of a bucket.
    static double bucketValue(int bucket);

private:
    std::vector<uint64_t> m_counts;
    uint64_t m_count = 0;
    uint64_t m_zeros = 0;
    double m_sum = 0;
    double m_min = 0;
    double m_max = 0;
    // The range of buckets in use, [lo, hi]: derived from the exact minimum and maximum
    // (bucketOf is monotonic) rather than tracked per value.
    int lo() const { return m_min > 0 ? bucketOf(m_min) : 0; }
    int hi() const { return m_max > 0 ? bucketOf(m_max) : -1; }
};

} // namespace archsim::simulator
