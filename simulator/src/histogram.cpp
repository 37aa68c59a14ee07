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
    if (m_count == 0)
        return 0.0;
    q = std::clamp(q, 0.0, 1.0);
    // Nearest rank: the smallest value with at least ceil(q n) values at or below it.
    uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(m_count)));
    rank = std::clamp<uint64_t>(rank, 1, m_count);
    if (rank <= m_zeros)
        return 0.0;
    if (rank == m_count)
        return m_max; // the largest value is known exactly
    if (rank == 1)
        return m_min;
    uint64_t seen = m_zeros;
    for (int b = lo(), hi = this->hi(); b <= hi; ++b) {
        seen += m_counts[b];
        if (seen >= rank)
            return std::clamp(bucketValue(b), m_min, m_max);
    }
    return m_max;
}

} // namespace archsim::simulator
