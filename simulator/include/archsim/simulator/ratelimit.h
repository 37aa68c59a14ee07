#pragma once

// Rate limiting (docs/operations.md): a token bucket, and a limiter holding one bucket per
// client, per key or for everyone. Pure state machines: time is passed in, so the engine drives
// them deterministically and tests can table-drive them.

#include "archsim/model/types.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

namespace archsim::simulator {

// `rate` tokens per second accumulate up to `burst`; a request takes one. It starts full.
class TokenBucket {
public:
    TokenBucket(double rate, double burst) : m_rate(rate), m_burst(burst), m_tokens(burst) {}

    // Takes a token at `now` (seconds, never decreasing); false when none is left.
    bool tryTake(double now)
    {
        refill(now);
        if (m_tokens < 1.0)
            return false;
        m_tokens -= 1.0;
        return true;
    }

    // Returns the seconds from `now` until a token is there (0 when one is): Retry-After.
    double waitFor(double now)
    {
        refill(now);
        return m_tokens >= 1.0 ? 0.0 : (1.0 - m_tokens) / m_rate;
    }

private:
    void refill(double now)
    {
        if (now > m_last) {
            m_tokens = std::min(m_burst, m_tokens + (now - m_last) * m_rate);
            m_last = now;
        }
    }

    double m_rate;
    double m_burst;
    double m_tokens;
    double m_last = 0;
};

// The buckets of one rate limit, created as keys are first seen.
class RateLimiter {
public:
    explicit RateLimiter(const model::RateLimit &limit) : m_limit(limit) {}

    // Takes a token from the bucket of `key` (a client's position, a request key; ignored for
    // a global limit) at `now`; false means the request is refused with 429.
    bool tryTake(double now, uint64_t key) { return bucket(key).tryTake(now); }

    // Returns the Retry-After of `key`'s bucket at `now`, in seconds.
    double retryAfter(double now, uint64_t key) { return bucket(key).waitFor(now); }

    const model::RateLimit &limit() const { return m_limit; }

private:
    TokenBucket &bucket(uint64_t key)
    {
        if (m_limit.per == model::RateLimitScope::Global)
            key = 0;
        auto it = m_buckets.find(key);
        if (it == m_buckets.end())
            it = m_buckets.emplace(key, TokenBucket(m_limit.rate_rps, m_limit.burst)).first;
        return it->second;
    }

    model::RateLimit m_limit;
    std::unordered_map<uint64_t, TokenBucket> m_buckets;
};

} // namespace archsim::simulator
