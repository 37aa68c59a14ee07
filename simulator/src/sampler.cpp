#include "archsim/simulator/sampler.h"

#include <cmath>

namespace archsim::simulator {

double sampleStandardNormal(Rng &rng)
{
    for (;;) {
        const double u = 2.0 * rng.uniform() - 1.0;
        const double v = 2.0 * rng.uniform() - 1.0;
        const double s = u * u + v * v;
        if (s > 0.0 && s < 1.0)
            return u * std::sqrt(-2.0 * std::log(s) / s);
    }
}

std::string Sampler::compile(const model::Distribution &dist)
{
    using model::DistKind;
    if (!(dist.mean_ms >= 0) || !std::isfinite(dist.mean_ms))
        return "mean_ms must be a finite number >= 0";
    m_kind = dist.dist;
    m_mean = dist.mean_ms / 1000.0;
    switch (dist.dist) {
    case DistKind::Exponential:
    case DistKind::Constant:
        break;
    case DistKind::Lognormal: {
        if (!(dist.cv > 0) || !std::isfinite(dist.cv))
            return "lognormal cv must be a finite number > 0";
        // For X = exp(mu + sigma Z): E[X] = exp(mu + sigma^2/2), cv^2 = exp(sigma^2) - 1.
        const double sigma2 = std::log1p(dist.cv * dist.cv);
        m_b = std::sqrt(sigma2);
        m_a = m_mean > 0 ? std::log(m_mean) - sigma2 / 2 : 0;
        break;
    }
    case DistKind::Uniform:
        if (!(dist.spread >= 0 && dist.spread <= 1))
            return "uniform spread must be in [0, 1]";
        m_a = m_mean * (1.0 - dist.spread);
        m_b = 2.0 * m_mean * dist.spread;
        break;
    case DistKind::Erlang:
        if (dist.k < 1 || dist.k > 1000)
            return "erlang k must be in [1, 1000]";
        m_k = dist.k;
        m_a = m_mean / dist.k;
        break;
    }
    return {};
}

double Sampler::sampleOther(Rng &rng) const
{
    using model::DistKind;
    switch (m_kind) {
    case DistKind::Exponential:
        return sampleExponential(rng, m_mean);
    case DistKind::Constant:
        return m_mean;
    case DistKind::Lognormal:
        return m_mean > 0 ? std::exp(m_a + m_b * sampleStandardNormal(rng)) : 0.0;
    case DistKind::Uniform:
        return m_a + m_b * rng.uniform();
    case DistKind::Erlang: {
        // Sum of k exponentials as -m ln(prod U_i); the product is taken in chunks of 16 so
        // that it cannot underflow.
        double logSum = 0;
        for (int done = 0; done < m_k;) {
            double prod = 1.0;
            for (int j = 0; j < 16 && done < m_k; ++j, ++done)
                prod *= rng.uniformPositive();
            logSum += std::log(prod);
        }
        return -m_a * logSum;
    }
    }
    return m_mean;
}

} // namespace archsim::simulator
