#pragma once

// The run-time resilience state of one link (issue 6): its circuit breaker, its retry budget,
// the random stream of its backoff jitter, and whether a partition cuts it.

#include "archsim/simulator/random.h"
#include "archsim/simulator/ratelimit.h"
#include "archsim/simulator/resilience.h"

#include <optional>

namespace archsim::simulator::engine {

struct LinkRuntime {
    std::optional<CircuitBreaker> breaker;
    std::optional<RateLimiter> limiter; // the link's token bucket(s)
    Rng keyRng;                 // per-key limits: the key of each call
    RetryBudget budget{0.0};
    Rng rng;                    // backoff jitter
    int partitionRefuse = 0;    // active partitions that drop calls at once
    int partitionHang = 0;      // active partitions that swallow calls
    double openAtWarmupMs = 0;  // breaker open time when the measured window began

    bool partitioned() const { return partitionRefuse > 0 || partitionHang > 0; }
};

} // namespace archsim::simulator::engine
