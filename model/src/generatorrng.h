#pragma once

// The generator's random source: xoshiro256** seeded through splitmix64, with helpers that
// draw the same values on every platform. Internal to archsim_model.

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::model::detail {

class GenRng {
public:
    explicit GenRng(uint64_t seed);

    uint64_t next();
    // Returns a value in [0, n); n > 0.
    uint64_t below(uint64_t n);
    // Returns an integer in [lo, hi].
    int64_t range(int64_t lo, int64_t hi);
    // Returns a double in [0, 1) with 53 random bits.
    double unit();
    // Returns true with probability p.
    bool chance(double p) { return unit() < p; }
    template <typename T>
    const T &pick(const std::vector<T> &items)
    {
        return items[below(items.size())];
    }
    // Returns one of the enumeration's values, uniformly.
    template <typename Enum>
    Enum pickEnum(int count)
    {
        return static_cast<Enum>(below(uint64_t(count)));
    }

    // Returns a positive double up to `max` from a pool of extreme-but-valid values (1e-9,
    // 123456.789, ...) and random ones.
    double positive(double max = 1e9);
    // Returns a share in [min, 1] (probabilities, rates), including `min` itself and 1.
    double share(double min = 1e-9);
    // Returns display text: ASCII, accents, CJK, RTL, emoji, quotes, escapes; never empty.
    std::string text();
    // Returns text or, half of the time, an empty string.
    std::string maybeText() { return chance(0.5) ? text() : std::string(); }

private:
    uint64_t m_s[4];
};

} // namespace archsim::model::detail
