#pragma once

// Resilience primitives of a link: the resilience4j count-based circuit breaker, retry backoff
// with jitter, and a token retry budget. Pure state machines: time and random numbers are
// passed in, so the engine drives them deterministically and tests can table-drive them.

#include "archsim/model/types.h"

#include <cstdint>
#include <vector>

namespace archsim::simulator {

// A count-based circuit breaker with resilience4j's semantics and names:
// CLOSED records outcomes in a sliding window of `window` calls and opens when, with at least
// min(min_calls, window) calls recorded, the failure rate or the slow-call rate reaches its
// threshold; OPEN refuses every call until `open_ms` has passed, then the next call attempt
// moves it to HALF_OPEN; HALF_OPEN permits `half_open_calls` calls and, once they have all
// completed, opens again if their failure or slow rate reaches the threshold, else closes
// (with a fresh window).
class CircuitBreaker {
public:
    enum class State { Closed, Open, HalfOpen };

    struct Transition {
        double atMs;
        State from;
        State to;
    };

    explicit CircuitBreaker(const model::CircuitBreaker &config);

    // Returns true if a call may start at `nowMs` (and counts it as permitted in half-open);
    // false means the call is short-circuited.
    bool tryAcquire(double nowMs);
    // Records the outcome of a permitted call that ends at `nowMs`.
    void onResult(double nowMs, bool failed, double durationMs);
    // Returns a permitted call's slot without recording an outcome (the caller gave up on it).
    void release();

    State state() const { return m_state; }
    // Returns the failure rate over the current window, or -1 below the minimum number of calls.
    double failureRate() const;
    // Returns every state change so far, in order.
    const std::vector<Transition> &transitions() const { return m_transitions; }
    // Returns the total time spent open (including the open period still running) up to `nowMs`.
    double openTimeMs(double nowMs) const;

private:
    void transition(double nowMs, State to);
    void resetWindow(int size);
    bool evaluate(int minCalls) const; // true = thresholds reached

    model::CircuitBreaker m_config;
    State m_state = State::Closed;
    std::vector<uint8_t> m_ring; // bit 0: failed, bit 1: slow
    int m_head = 0;
    int m_count = 0;
    int m_failures = 0;
    int m_slow = 0;
    double m_openedAtMs = 0;
    double m_openTotalMs = 0;
    int m_halfOpenPermitted = 0;
    int m_halfOpenDone = 0;
    std::vector<Transition> m_transitions;
};

const char *toString(CircuitBreaker::State s);

// Returns the delay before retry number `retry` (1 = the first retry) in milliseconds, for
// exponential backoff from backoff_ms doubling per retry and capped by max_backoff_ms (0 = no
// cap), with the link's jitter (AWS "Exponential Backoff and Jitter"):
//   none: b;  full: U(0, b);  equal: b/2 + U(0, b/2);
//   decorrelated: min(cap, U(backoff_ms, 3 * previousDelayMs)) (previous = backoff_ms at first).
// `u01` is a uniform random number in [0, 1) supplied by the caller's generator.
double backoffDelayMs(const model::Retries &retries, int retry, double previousDelayMs,
                      double u01);

// A token retry budget (as Finagle's): every first attempt deposits `ratio` tokens (capped at
// `maxTokens`), every retry withdraws one; a retry without a whole token is refused. So at most
// about `ratio` of the calls are retries, however bad the outage.
class RetryBudget {
public:
    // ratio 0 disables the budget: every retry is allowed.
    explicit RetryBudget(double ratio, double maxTokens = 100.0);
    // Records a first attempt.
    void onAttempt();
    // Returns true (and spends a token) if a retry may go ahead.
    bool tryRetry();
    double tokens() const { return m_tokens; }

private:
    double m_ratio;
    double m_max;
    double m_tokens;
};

} // namespace archsim::simulator
