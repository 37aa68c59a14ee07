#include "archsim/simulator/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace archsim::simulator {

LogHistogram::LogHistogram() : m_counts(kBuckets, 0) { clear(); }

void LogHistogram::clear()
{
    if (m_count > 0 && lo() <= hi())
        std::fill(m_counts.begin() + lo(), m_counts.begin() + hi() + 1, 0);
    m_count = 0;
    m_zeros = 0;
    m_sum = 0;
    m_min = std::numeric_limits<double>::infinity();
    m_max = -std::numeric_limits<double>::infinity();
}

void LogHistogram::merge(const LogHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (int b = other.lo(), hi = other.hi(); b <= hi; ++b)
        m_counts[b] += other.m_counts[b];
    m_count += other.m_count;
    m_zeros += other.m_zeros;
    m_sum += other.m_sum;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
}

double LogHistogram::bucketValue(int bucket)
{
    const int exp = (bucket >> kSubBits) + kMinExp;
    const int sub = bucket & ((1 << kSubBits) - 1);
    return std::ldexp(1.0 + (sub + 0.5) / (1 << kSubBits), exp);
}

double LogHistogram::quantile(double q) const
{
    double out = 0;
    quantiles(&q, &out, 1);
    return out;
}

void LogHistogram::quantiles(const double *qs, double *out, int n) const
{
    int b = lo();
    const int hi = this->hi();
    uint64_t seen = m_zeros; // values at or below bucket b - 1
    for (int i = 0; i < n; ++i) {
        if (m_count == 0) {
            out[i] = 0.0;
            continue;
        }
        const double q = std::clamp(qs[i], 0.0, 1.0);
        // Nearest rank: the smallest value with at least ceil(q n) values at or below it.
        uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(m_count)));
        rank = std::clamp<uint64_t>(rank, 1, m_count);
        if (rank <= m_zeros) {
            out[i] = 0.0;
        } else if (rank == m_count) {
            out[i] = m_max; // the largest value is known exactly
        } else if (rank == 1) {
            out[i] = m_min;
        } else {
            // Ranks ascend with q: the scan goes on from where the previous level stopped.
            while (b <= hi && seen + m_counts[b] < rank)
                seen += m_counts[b++];
            out[i] = b <= hi ? std::clamp(bucketValue(b), m_min, m_max) : m_max;
        }
    }
}

} // namespace archsim::simulator
