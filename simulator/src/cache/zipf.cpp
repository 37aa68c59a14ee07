// Set-up of the rejection-inversion Zipf sampler (see zipf.h for the reference).
#include "archsim/simulator/zipf.h"

namespace archsim::simulator {

ZipfSampler::ZipfSampler(int64_t n, double s)
    : m_n(n < 1 ? 1 : n)
    , m_s(s > 0.0 && std::isfinite(s) ? s : 0.0)
{
    m_hIntegralX1 = hIntegral(1.5) - 1.0;
    m_hIntegralN = hIntegral(static_cast<double>(m_n) + 0.5);
    m_squeeze = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
}

} // namespace archsim::simulator
