#include "generatorrng.h"

#include <algorithm>

namespace archsim::model::detail {

namespace {

uint64_t splitmix64(uint64_t &x)
{
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

} // namespace

GenRng::GenRng(uint64_t seed)
{
    for (auto &s : m_s)
        s = splitmix64(seed);
}

uint64_t GenRng::next()
{
    // xoshiro256** 1.0 (Blackman and Vigna).
    uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

uint64_t GenRng::below(uint64_t n)
{
    // Rejection sampling: no modulo bias.
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = next();
    } while (x >= limit);
    return x % n;
}

int64_t GenRng::range(int64_t lo, int64_t hi)
{
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
}

double GenRng::unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double GenRng::positive(double max)
{
    static const std::vector<double> pool{1e-9, 0.001, 0.1, 1.0 / 3.0, 0.5, 1, 2.5, 42,
                                          600, 123456.789, 2.5e6, 1e9};
    if (chance(0.5)) {
        double v = pick(pool);
        return v <= max ? v : max;
    }
    return 1e-3 + unit() * std::min(1e4, max - 1e-3);
}

double GenRng::share(double min)
{
    static const std::vector<double> pool{0.01, 0.1, 1.0 / 3.0, 0.5, 0.999999999, 1.0};
    if (chance(0.1))
        return min;
    if (chance(0.5))
        return std::max(min, pick(pool));
    return min + unit() * (1 - min);
}

std::string GenRng::text()
{
    static const std::vector<std::string> pool{
        "Checkout service",
        "Bestellungen \xE2\x80\x93 Gr\xC3\xB6\xC3\x9F" "e",          // Bestellungen – Größe
        "\xE6\xB3\xA8\xE6\x96\x87\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x93\xE3\x82\xB9", // 注文サービス
        "\xF0\x9F\x9A\x80 launch day",                                 // 🚀
        "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9\xCE\xBA\xCE\xAC", // Ελληνικά
        "\xD7\xA2\xD7\x91\xD7\xA8\xD7\x99\xD7\xAA (RTL)",              // עברית
        "dev \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB team",       // 👩‍💻 (ZWJ)
        "quote \" and back\\slash",
        "line one\nline two\ttabbed",
        "\xCE\xA9 \xE2\x89\xA4 \xE2\x88\x9E",                          // Ω ≤ ∞
        "e\xCC\x81 combining acute",
        "'; DROP TABLE orders; --",
        "<b>html</b> & ampersand",
    };
    std::string s = pick(pool);
    if (chance(0.3))
        s += " #" + std::to_string(below(1000));
    return s;
}

} // namespace archsim::model::detail
