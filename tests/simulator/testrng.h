#pragma once

// The generator of the cache and Zipf tests' workloads: the simulator's own xoshiro256**
// seeded by SplitMix64 (random.h), so a seed gives the same key stream as before, with the
// draws the tests name (uniform01, exponential). Deterministic for a given seed.

#include "archsim/simulator/random.h"

#include <cmath>
#include <cstdint>

namespace archsim::testing {

class TestRng
{
public:
    explicit TestRng(uint64_t seed) : m_rng(seed) {}

    // Returns 64 uniformly distributed bits.
    uint64_t next() { return m_rng.next(); }

    // A double in [0, 1) with 53 random bits.
    double uniform01() { return m_rng.uniform(); }

    // An exponential variate with the given rate.
    double exponential(double rate) { return -std::log1p(-uniform01()) / rate; }

private:
    simulator::Rng m_rng;
};

} // namespace archsim::testing
