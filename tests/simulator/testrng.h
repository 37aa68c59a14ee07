#pragma once

// A test-only generator (xoshiro256** seeded by SplitMix64, Blackman & Vigna) so the cache
// and Zipf tests do not depend on the simulator's RNG. Deterministic for a given seed.

#include <cmath>
#include <cstdint>

namespace archsim::testing {

class TestRng
{
public:
    explicit TestRng(uint64_t seed)
    {
        for (auto &s : m_s) {
            seed += 0x9e3779b97f4a7c15ULL;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            s = z ^ (z >> 31);
        }
    }

    uint64_t next()
    {
        const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // A double in [0, 1) with 53 random bits.
    double uniform01() { return double(next() >> 11) * 0x1.0p-53; }

    // An exponential variate with the given rate.
    double exponential(double rate) { return -std::log1p(-uniform01()) / rate; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

} // namespace archsim::testing
