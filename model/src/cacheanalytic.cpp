// Analytic cache hit ratios: Zipf profiles, per-key hit probabilities and the solution of the
// capacity equation for the characteristic time (see cacheanalytic.h and docs/caches.md).
#include "archsim/model/cacheanalytic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace archsim::model {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int64_t kHeadRanks = 1024;  // ranks kept one by one
constexpr double kBucketRatio = 1.08; // geometric width of the tail buckets

double finiteOrInf(double ttl) { return ttl > 0 && std::isfinite(ttl) ? ttl : kInf; }

// The mean of m in the idle-survival tail: E[time to the first gap >= a] - a for a Poisson
// stream of rate lambda, i.e. (e^{lambda a} - 1 - lambda a) / lambda.
double idleTailMean(double lambda, double a)
{
    const double x = lambda * a;
    if (x > 700)
        return kInf;
    return (std::expm1(x) - x) / lambda;
}

// Integral over [0, hard] of P(no gap >= idle up to t) for a Poisson stream of rate lambda:
// 1 up to `idle`, then an exponential tail whose mean matches the exact total (e^{x}-1)/lambda.
// Exact at both ends (hard <= idle, hard = infinity); see docs/caches.md for its accuracy.
double idleHardIntegral(double lambda, double idle, double hard)
{
    if (hard <= idle || idle == kInf)
        return hard;
    const double m = idleTailMean(lambda, idle);
    if (hard == kInf)
        return idle + m;
    if (m == kInf || m > 1e15 * (hard - idle))
        return hard;
    if (m <= 0)
        return idle;
    return idle - m * std::expm1(-(hard - idle) / m);
}

// Integral over [0, inf) of e^{-t/c} P(no gap >= idle up to t): an idle limit combined with
// an exponential lifetime of mean c (RANDOM eviction).
double idleExpIntegral(double lambda, double idle, double c)
{
    if (c == kInf)
        return idleHardIntegral(lambda, idle, kInf);
    if (idle == kInf)
        return c;
    const double m = idleTailMean(lambda, idle);
    const double head = -c * std::expm1(-idle / c);
    const double tail = m == kInf ? c : c * m / (c + m);
    return head + std::exp(-idle / c) * tail;
}

double renewalHit(double lambda, double meanTimeInCache)
{
    if (meanTimeInCache == kInf)
        return 1.0;
    const double x = lambda * meanTimeInCache;
    return x / (1.0 + x);
}

struct Point {
    double weight; // keys
    double prob;   // request probability of one key (class share included)
    double lambda; // requests per second of one key
    double ttl;    // infinity = none
    size_t klass;
};

double occupancy(const std::vector<Point> &pts, Eviction ev, double tc, bool refresh)
{
    double sum = 0;
    for (const Point &p : pts)
        sum += p.weight * keyHitProbability(ev, p.lambda, tc, p.ttl, refresh);
    return sum;
}

// Brent's root finder (zeroin) for f on [a, b] with f(a) < 0 < f(b).
template <typename F>
double brent(F f, double a, double b, double fa, double fb, double tol)
{
    double c = a, fc = fa, d = b - a, e = d;
    for (int iter = 0; iter < 200; ++iter) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (std::fabs(fc) < std::fabs(fb)) {
            a = b; b = c; c = a;
            fa = fb; fb = fc; fc = fa;
        }
        const double tol1 = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b) + tol / 2;
        const double xm = (c - b) / 2;
        if (std::fabs(xm) <= tol1 || fb == 0)
            return b;
        if (std::fabs(e) >= tol1 && std::fabs(fa) > std::fabs(fb)) {
            double p, q, r;
            const double s = fb / fa;
            if (a == c) {
                p = 2 * xm * s;
                q = 1 - s;
            } else {
                q = fa / fc;
                r = fb / fc;
                p = s * (2 * xm * q * (q - r) - (b - a) * (r - 1));
                q = (q - 1) * (r - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            p = std::fabs(p);
            if (2 * p < std::min(3 * xm * q - std::fabs(tol1 * q), std::fabs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += std::fabs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1);
        fb = f(b);
    }
    return b;
}

} // namespace

ZipfProfile::ZipfProfile(int64_t keys, double s)
    : m_keys(std::max<int64_t>(1, keys))
{
    if (!(s > 0) || !std::isfinite(s))
        s = 0;
    const int64_t head = std::min(m_keys, kHeadRanks);
    m_weights.reserve(size_t(head) + 512);
    m_probs.reserve(size_t(head) + 512);
    for (int64_t k = 1; k <= head; ++k) {
        m_weights.push_back(1.0);
        m_probs.push_back(std::pow(double(k), -s));
    }
    // The tail: sum_{k=a}^{b} f(k) ~ integral of f over [a - 1/2, b + 1/2] (midpoint
    // Euler-Maclaurin, relative error ~ s(s+1)/(24 a^2) < 2e-7 for a > 1024), integrated by
    // 3-point Gauss-Legendre in log x on buckets b ~ 1.08 a.
    static const double node[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
    static const double gw[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
    for (int64_t a = head + 1; a <= m_keys;) {
        const int64_t b = std::min(m_keys, std::max(a, int64_t(double(a) * kBucketRatio)));
        const double lo = std::log(double(a) - 0.5), hi = std::log(double(b) + 0.5);
        const double mid = (lo + hi) / 2, half = (hi - lo) / 2;
        for (int q = 0; q < 3; ++q) {
            const double x = std::exp(mid + half * node[q]);
            m_weights.push_back(gw[q] * half * x);
            m_probs.push_back(std::pow(x, -s));
        }
        a = b + 1;
    }
    double h = 0;
    for (size_t i = m_probs.size(); i-- > 0;)
        h += m_weights[i] * m_probs[i];
    m_harmonic = h;
    for (double &p : m_probs)
        p /= h;
}

double cheLruHit(double lambda, double tc)
{
    if (tc == kInf)
        return lambda > 0 ? 1.0 : 0.0;
    return -std::expm1(-lambda * tc);
}

double fifoHit(double lambda, double tc) { return lambda > 0 ? renewalHit(lambda, tc) : 0.0; }

double keyHitProbability(Eviction eviction, double lambda, double tc, double ttl,
                         bool refreshOnHit)
{
    if (!(lambda > 0))
        return 0.0;
    ttl = finiteOrInf(ttl);
    switch (eviction) {
    case Eviction::Lru:
    case Eviction::Lfu:   // LFU is estimated from the static top-C set, see estimateCache
    case Eviction::Sieve: // no closed form: the LRU value is reported, see docs/caches.md
        if (ttl == kInf)
            return cheLruHit(lambda, tc);
        if (refreshOnHit)
            return cheLruHit(lambda, std::min(tc, ttl));
        return renewalHit(lambda, idleHardIntegral(lambda, tc, ttl));
    case Eviction::Fifo:
        if (ttl == kInf || !refreshOnHit)
            return renewalHit(lambda, std::min(tc, ttl));
        return renewalHit(lambda, idleHardIntegral(lambda, ttl, tc));
    case Eviction::Random:
        if (ttl == kInf)
            return renewalHit(lambda, tc);
        if (!refreshOnHit) {
            if (tc == kInf)
                return renewalHit(lambda, ttl);
            return renewalHit(lambda, -tc * std::expm1(-ttl / tc));
        }
        return renewalHit(lambda, idleExpIntegral(lambda, ttl, tc));
    }
    return 0.0;
}

CacheAnalyticInput cacheAnalyticInput(const Component &cache, double readRps)
{
    CacheAnalyticInput in;
    in.read_rps = readRps;
    in.capacity = cache.capacity;
    in.eviction = cache.eviction;
    in.ttl_refresh_on_hit = cache.ttl_refresh_on_hit;
    in.zipf = cache.zipf;
    for (const KeyClass &kc : cache.key_classes)
        in.classes.push_back({kc.share, kc.keys > 0 ? kc.keys : cache.keys,
                              kc.ttl_s > 0 ? kc.ttl_s : cache.ttl_s});
    if (in.classes.empty())
        in.classes.push_back({1.0, cache.keys, cache.ttl_s});
    return in;
}

Result<CacheAnalyticResult> estimateCache(const CacheAnalyticInput &in)
{
    Diagnostics d;
    if (in.classes.empty())
        d.push_back(makeError("keys", "a cache needs at least one class of keys"));
    if (in.capacity < 0)
        d.push_back(makeError("capacity", "expected a capacity >= 0 entries"));
    if (!(in.read_rps >= 0) || !std::isfinite(in.read_rps))
        d.push_back(makeError("read_rps", "expected a finite read rate >= 0"));
    if (!(in.zipf >= 0) || !std::isfinite(in.zipf))
        d.push_back(makeError("zipf", "expected a finite Zipf exponent >= 0"));
    double shareSum = 0;
    bool anyTtl = false;
    for (size_t c = 0; c < in.classes.size(); ++c) {
        const CacheClassInput &k = in.classes[c];
        const std::string place = "key_classes/" + std::to_string(c);
        if (!(k.share >= 0) || !std::isfinite(k.share))
            d.push_back(makeError(place + "/share", "expected a share >= 0"));
        else
            shareSum += k.share;
        if (k.keys < 1)
            d.push_back(makeError(place + "/keys", "expected at least one key"));
        if (!(k.ttl_s >= 0) || !std::isfinite(k.ttl_s))
            d.push_back(makeError(place + "/ttl_s", "expected a finite TTL >= 0 seconds"));
        anyTtl = anyTtl || k.ttl_s > 0;
    }
    if (d.empty() && !(shareSum > 0))
        d.push_back(makeError("key_classes", "the shares of the key classes sum to zero"));
    if (!d.empty())
        return d;

    // Without TTLs the answer does not depend on the rate: T_C is then in units of 1/rate.
    const double rate = anyTtl ? in.read_rps : (in.read_rps > 0 ? in.read_rps : 1.0);
    std::vector<Point> pts;
    double totalKeys = 0;
    for (size_t c = 0; c < in.classes.size(); ++c) {
        const CacheClassInput &k = in.classes[c];
        const double share = k.share / shareSum;
        const ZipfProfile prof(k.keys, in.zipf);
        for (size_t i = 0; i < prof.weights().size(); ++i) {
            const double p = share * prof.probabilities()[i];
            pts.push_back({prof.weights()[i], p, rate * p, finiteOrInf(k.ttl_s), c});
        }
        totalKeys += double(k.keys);
    }

    CacheAnalyticResult r;
    const bool bounded = in.capacity > 0 && double(in.capacity) < totalKeys;
    const double cap = double(in.capacity);
    // The static bound: the C most popular keys always cached.
    std::vector<size_t> order(pts.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return pts[a].prob > pts[b].prob; });
    std::vector<double> topShare(pts.size(), 1.0); // share of each point inside the top C
    if (bounded) {
        double left = cap;
        for (size_t i : order) {
            topShare[i] = std::clamp(left / pts[i].weight, 0.0, 1.0);
            left -= pts[i].weight * topShare[i];
        }
    }
    for (size_t i = 0; i < pts.size(); ++i)
        r.static_bound += pts[i].weight * pts[i].prob * topShare[i];

    std::vector<double> h(pts.size());
    if (in.eviction == Eviction::Lfu) {
        // LFU under IRM converges to the static top-C set; TTLs then act on that set alone.
        r.characteristic_time_s = kInf;
        for (size_t i = 0; i < pts.size(); ++i)
            h[i] = topShare[i] * keyHitProbability(Eviction::Lru, pts[i].lambda, kInf,
                                                   pts[i].ttl, in.ttl_refresh_on_hit);
        r.method = "static top-C set (the IRM limit of LFU)";
    } else {
        double tc = kInf;
        const bool refresh = in.ttl_refresh_on_hit;
        if (bounded && occupancy(pts, in.eviction, kInf, refresh) > cap) {
            // Occupancy rises with T_C from 0 and is at most rate * T_C: bracket, then Brent
            // in log T_C on occupancy(T_C) = capacity.
            auto g = [&](double u) {
                return occupancy(pts, in.eviction, std::exp(u), refresh) - cap;
            };
            double lo = std::log(0.5 * cap / rate), hi = lo + std::log(4.0);
            double glo = g(lo), ghi = g(hi);
            for (int i = 0; ghi < 0 && i < 2000; ++i) {
                lo = hi;
                glo = ghi;
                hi += std::log(4.0);
                ghi = g(hi);
            }
            tc = std::exp(brent(g, lo, hi, glo, ghi, 1e-11));
        }
        r.characteristic_time_s = tc;
        for (size_t i = 0; i < pts.size(); ++i)
            h[i] = keyHitProbability(in.eviction, pts[i].lambda, tc, pts[i].ttl, refresh);
        switch (in.eviction) {
        case Eviction::Lru:
            r.method = "Che approximation (LRU)";
            break;
        case Eviction::Sieve:
            r.method = "Che approximation for LRU, a floor for SIEVE (no closed form; SIEVE "
                       "measures between it and the static bound on Zipf)";
            break;
        default:
            r.method = "Fricker-Robert-Roberts / Gelenbe approximation (FIFO, RANDOM)";
            break;
        }
        if (anyTtl)
            r.method += " with TTL";
    }
    const bool capacityBinds = bounded
        && (in.eviction == Eviction::Lfu || r.characteristic_time_s != kInf);
    if (!capacityBinds) {
        if (!anyTtl)
            r.method = "capacity holds every key: all reads hit once warm";
        else
            r.method = in.ttl_refresh_on_hit ? "exact TTL formula 1 - exp(-lambda T)"
                                             : "exact TTL formula lambda T / (1 + lambda T)";
    }
    r.exact = !capacityBinds;

    r.class_hit_ratio.assign(in.classes.size(), 0.0);
    for (size_t i = 0; i < pts.size(); ++i) {
        const double req = pts[i].weight * pts[i].prob;
        r.hit_ratio += req * h[i];
        r.class_hit_ratio[pts[i].klass] += req * h[i];
    }
    for (size_t c = 0; c < in.classes.size(); ++c) {
        const double share = in.classes[c].share / shareSum;
        r.class_hit_ratio[c] = share > 0 ? r.class_hit_ratio[c] / share : 0.0;
    }
    return r;
}

} // namespace archsim::model
