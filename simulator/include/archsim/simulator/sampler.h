#pragma once

// Service-time samplers compiled from a model::Distribution. Our own algorithms on top of Rng
// (inversion, Marsaglia's polar method), so a seed gives the same samples everywhere; the only
// platform dependence left is libm's log/exp, which glibc and the other major libms round
// correctly for these arguments in practice.

#include "archsim/simulator/random.h"

#include "archsim/model/types.h"

#include <cmath>
#include <string>

namespace archsim::simulator {

// Returns an exponential sample of the given mean (inversion: -mean * ln U, U in (0,1]).
inline double sampleExponential(Rng &rng, double mean)
{
    return -mean * std::log(rng.uniformPositive());
}

// Returns a standard normal sample (Marsaglia's polar method, one value per call).
double sampleStandardNormal(Rng &rng);

// A distribution of durations in seconds, ready to sample.
class Sampler {
public:
    Sampler() = default;

    // Compiles a model distribution (times in ms) into a sampler of seconds. Returns an empty
    // string on success, else what is wrong with the parameters.
    std::string compile(const model::Distribution &dist);

    // Returns one duration in seconds (>= 0).
    double sample(Rng &rng) const
    {
        if (m_kind == model::DistKind::Exponential) // the common case, inlined
            return sampleExponential(rng, m_mean);
        return sampleOther(rng);
    }

    // Returns the mean in seconds.
    double mean() const { return m_mean; }

private:
    double sampleOther(Rng &rng) const;

    model::DistKind m_kind = model::DistKind::Constant;
    double m_mean = 0;   // seconds
    double m_a = 0;      // lognormal: mu; uniform: low; erlang: mean per phase
    double m_b = 0;      // lognormal: sigma; uniform: width
    int m_k = 1;         // erlang phases
};

} // namespace archsim::simulator
