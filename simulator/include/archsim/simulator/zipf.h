#pragma once

// An exact Zipf(s, N) sampler: P(k) = k^-s / H(N, s) for k = 1..N, any s >= 0, N up to 2^62.
// Rejection-inversion (W. Hormann, G. Derflinger, "Rejection-inversion to generate variates
// from monotone discrete distributions", ACM TOMACS 6(3), 1996), the algorithm of Apache
// Commons RNG's RejectionInversionZipfSampler: O(1) expected time, no tables, about 1.1
// uniforms per sample. The uniforms come from the caller's generator, so the simulation's
// seeded streams drive it.

#include <cmath>
#include <concepts>
#include <cstdint>

namespace archsim::simulator {

// A source of uniform doubles in [0, 1) through `uniform01()` or `uniform()` (the latter is
// the simulator's Rng).
template <typename G>
concept Uniform01Source = requires(G &g) {
    { g.uniform01() } -> std::convertible_to<double>;
} || requires(G &g) {
    { g.uniform() } -> std::convertible_to<double>;
};

class ZipfSampler
{
public:
    // Prepares a sampler over ranks 1..n with exponent s; n < 1 is treated as 1, s < 0 as 0.
    ZipfSampler(int64_t n, double s);

    // Returns a rank in [1, n]; rank 1 is the most popular.
    template <Uniform01Source G>
    int64_t operator()(G &gen) const;

    // Same, with the uniforms taken from any callable returning doubles in [0, 1).
    template <typename F>
        requires(!Uniform01Source<F> && std::invocable<F &>)
    int64_t operator()(F &uniform) const;

    // Returns the number of ranks.
    int64_t n() const { return m_n; }
    // Returns the exponent.
    double exponent() const { return m_s; }

private:
    template <typename F>
    int64_t draw(F &&uniform) const;

    double h(double x) const { return std::exp(-m_s * std::log(x)); }
    double hIntegral(double x) const
    {
        const double lx = std::log(x);
        return helper2((1.0 - m_s) * lx) * lx;
    }
    double hIntegralInverse(double x) const
    {
        double t = x * (1.0 - m_s);
        if (t < -1.0)
            t = -1.0; // numerical guard: the argument of log1p stays >= 0
        return std::exp(helper1(t) * x);
    }
    // log1p(x) / x, continuous at 0.
    static double helper1(double x)
    {
        if (std::fabs(x) > 1e-8)
            return std::log1p(x) / x;
        return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }
    // expm1(x) / x, continuous at 0.
    static double helper2(double x)
    {
        if (std::fabs(x) > 1e-8)
            return std::expm1(x) / x;
        return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
    }

    int64_t m_n;
    double m_s;
    double m_hIntegralX1;
    double m_hIntegralN;
    double m_squeeze;
};

template <typename F>
int64_t ZipfSampler::draw(F &&uniform) const
{
    for (;;) {
        const double u = m_hIntegralN + uniform() * (m_hIntegralX1 - m_hIntegralN);
        const double x = hIntegralInverse(u);
        double kd = std::floor(x + 0.5);
        if (kd < 1.0)
            kd = 1.0;
        else if (kd > static_cast<double>(m_n))
            kd = static_cast<double>(m_n);
        // The squeeze accepts most draws without evaluating hIntegral again.
        if (kd - x <= m_squeeze || u >= hIntegral(kd + 0.5) - h(kd))
            return static_cast<int64_t>(kd);
    }
}

template <Uniform01Source G>
int64_t ZipfSampler::operator()(G &gen) const
{
    if constexpr (requires { gen.uniform01(); })
        return draw([&gen]() { return static_cast<double>(gen.uniform01()); });
    else
        return draw([&gen]() { return static_cast<double>(gen.uniform()); });
}

template <typename F>
    requires(!Uniform01Source<F> && std::invocable<F &>)
int64_t ZipfSampler::operator()(F &uniform) const
{
    return draw([&uniform]() { return static_cast<double>(uniform()); });
}

} // namespace archsim::simulator
