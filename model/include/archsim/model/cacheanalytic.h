#pragma once

// Analytic cache hit ratios under the independent reference model (IRM) with Zipf key
// popularity: Che's approximation for LRU, the Fricker-Robert-Roberts / Gelenbe formula for
// FIFO and RANDOM, the exact per-key TTL formulas, and the capacity-plus-TTL combination
// described in docs/caches.md. Fast enough to run while the architect types (about a
// millisecond for 10^6 keys): the Zipf tail is summed by Gauss-Legendre quadrature over
// geometric rank buckets (ZipfProfile).

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::model {

// The popularities of ranks 1..N under Zipf(s), compressed into weighted points: the first
// ranks one by one, the tail as quadrature nodes. Sum over points of weight * f(prob) equals
// the sum over ranks of f(p_k) to about 1e-7 relative for any smooth f.
class ZipfProfile
{
public:
    // Builds the profile of `keys` ranks (at least 1) with exponent `s` (negative = 0).
    ZipfProfile(int64_t keys, double s);

    // Returns the number of keys each point stands for.
    const std::vector<double> &weights() const { return m_weights; }
    // Returns the request probability of one key of each point.
    const std::vector<double> &probabilities() const { return m_probs; }
    // Returns the normalising constant H(N, s) = sum of k^-s.
    double harmonic() const { return m_harmonic; }
    // Returns N.
    int64_t keys() const { return m_keys; }

private:
    int64_t m_keys;
    double m_harmonic = 0;
    std::vector<double> m_weights;
    std::vector<double> m_probs;
};

// One class of keys: its share of the reads, its key count and its TTL.
struct CacheClassInput {
    double share = 1.0;
    int64_t keys = 0;
    double ttl_s = 0; // 0 = no expiry
};

// What the estimate needs to know about a cache.
struct CacheAnalyticInput {
    double read_rps = 0;      // reads reaching the cache; only matters with a TTL
    int64_t capacity = 0;     // entries; 0 = unbounded
    Eviction eviction = Eviction::Lru;
    bool ttl_refresh_on_hit = false;
    double zipf = 1.0;
    std::vector<CacheClassInput> classes; // at least one
};

// The estimate, with the method used so the GUI can say how far to trust it.
struct CacheAnalyticResult {
    double hit_ratio = 0;
    std::vector<double> class_hit_ratio;  // per class, in input order
    double characteristic_time_s = 0;     // T_C; infinity when capacity does not bind
    double static_bound = 0;              // hit ratio of the C most popular keys (IRM optimum)
    bool exact = false;                   // true for the TTL formulas without capacity
    std::string method;                   // "Che approximation (LRU)", ...
};

// Returns the cache settings of a component for the estimate, given its read rate.
CacheAnalyticInput cacheAnalyticInput(const Component &cache, double readRps);

// Returns the estimated hit ratio of a cache, or diagnostics naming the bad input.
Result<CacheAnalyticResult> estimateCache(const CacheAnalyticInput &input);

// Per-key building blocks (rates per second, times in seconds; infinity allowed).

// Returns the Che hit probability of a key with rate `lambda` in an LRU cache with
// characteristic time `tc`: 1 - exp(-lambda * tc).
double cheLruHit(double lambda, double tc);
// Returns the FIFO/RANDOM hit probability lambda * tc / (1 + lambda * tc).
double fifoHit(double lambda, double tc);
// Returns the hit probability of one key under `eviction` with characteristic time `tc`
// (infinity: no eviction) and TTL `ttl` (infinity: none), refreshed on hit or not.
double keyHitProbability(Eviction eviction, double lambda, double tc, double ttl,
                         bool refreshOnHit);

} // namespace archsim::model
