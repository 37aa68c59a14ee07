#pragma once

// Our own pseudo-random generators, so that a seed gives the same numbers on every platform and
// standard library (std:: distributions differ between implementations).

#include <cstdint>
#include <string_view>

namespace archsim::simulator {

// Returns the next output of the splitmix64 sequence and advances `state` (Steele et al. 2014).
inline uint64_t splitmix64(uint64_t &state)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Returns the 64-bit FNV-1a hash of a string (stable across platforms, unlike std::hash).
inline uint64_t stableHash(std::string_view text)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Returns a seed for one random stream, mixed from the base seed and any number of keys
// (replication index, component id hash, purpose). Different keys give independent streams.
inline uint64_t deriveSeed(uint64_t base, uint64_t a, uint64_t b = 0, uint64_t c = 0)
{
    uint64_t s = base;
    uint64_t out = splitmix64(s);
    for (uint64_t key : {a, b, c}) {
        s = out ^ key;
        out = splitmix64(s);
    }
    return out;
}

// xoshiro256** 1.0 (Blackman and Vigna): fast, 256-bit state, passes BigCrush. One instance per
// stream; seeded through splitmix64 as its authors recommend.
class Rng {
public:
    // Creates a generator whose whole state is derived from `seed`.
    explicit Rng(uint64_t seed = 1) { reseed(seed); }

    // Replaces the state with one derived from `seed`.
    void reseed(uint64_t seed)
    {
        uint64_t s = seed;
        for (auto &w : m_s)
            w = splitmix64(s);
    }

    // Returns 64 uniformly distributed bits.
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

    // Returns a double uniformly distributed in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Returns a double uniformly distributed in (0, 1]; safe to take the logarithm of.
    double uniformPositive() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }

    // Returns an integer uniformly distributed in [0, n) for n >= 1 (Lemire's multiply-shift;
    // the bias is below n / 2^64).
    uint32_t below(uint32_t n)
    {
        return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32);
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_s[4];
};

} // namespace archsim::simulator
