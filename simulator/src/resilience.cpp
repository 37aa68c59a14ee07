#include "archsim/simulator/resilience.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace archsim::simulator {

namespace {
constexpr uint8_t kFailed = 1;
constexpr uint8_t kSlow = 2;
} // namespace

const char *toString(CircuitBreaker::State s)
{
    switch (s) {
    case CircuitBreaker::State::Closed:
        return "closed";
    case CircuitBreaker::State::Open:
        return "open";
    case CircuitBreaker::State::HalfOpen:
        return "half_open";
    }
    return "?";
}

CircuitBreaker::CircuitBreaker(const model::CircuitBreaker &config) : m_config(config)
{
    m_config.window = std::max(1, m_config.window);
    m_config.half_open_calls = std::max(1, m_config.half_open_calls);
    resetWindow(m_config.window);
}

void CircuitBreaker::resetWindow(int size)
{
    m_ring.assign(static_cast<size_t>(size), 0);
    m_head = 0;
    m_count = 0;
    m_failures = 0;
    m_slow = 0;
}

bool CircuitBreaker::evaluate(int minCalls) const
{
    if (m_count < minCalls || m_count == 0)
        return false;
    const double failureRate = double(m_failures) / m_count;
    if (failureRate >= m_config.failure_rate)
        return true;
    if (m_config.slow_call_ms > 0) {
        const double slowRate = double(m_slow) / m_count;
        if (slowRate >= m_config.slow_call_rate)
            return true;
    }
    return false;
}

double CircuitBreaker::failureRate() const
{
    const int minCalls = std::min(m_config.min_calls, m_config.window);
    if (m_count < minCalls || m_count == 0)
        return -1;
    return double(m_failures) / m_count;
}

void CircuitBreaker::transition(double nowMs, State to)
{
    if (to == m_state)
        return;
    if (m_state == State::Open)
        m_openTotalMs += nowMs - m_openedAtMs;
    m_transitions.push_back({nowMs, m_state, to});
    m_state = to;
    switch (to) {
    case State::Open:
        m_openedAtMs = nowMs;
        break;
    case State::HalfOpen:
        // The half-open window holds exactly the permitted calls.
        resetWindow(m_config.half_open_calls);
        m_halfOpenPermitted = 0;
        m_halfOpenDone = 0;
        break;
    case State::Closed:
        resetWindow(m_config.window);
        break;
    }
}

bool CircuitBreaker::tryAcquire(double nowMs)
{
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        if (nowMs - m_openedAtMs < m_config.open_ms)
            return false;
        transition(nowMs, State::HalfOpen);
        [[fallthrough]];
    case State::HalfOpen:
        if (m_halfOpenPermitted >= m_config.half_open_calls)
            return false;
        ++m_halfOpenPermitted;
        return true;
    }
    return false;
}

void CircuitBreaker::release()
{
    if (m_state == State::HalfOpen && m_halfOpenPermitted > m_halfOpenDone)
        --m_halfOpenPermitted;
}

void CircuitBreaker::onResult(double nowMs, bool failed, double durationMs)
{
    if (m_state == State::Open)
        return; // a call permitted before the breaker opened: resilience4j ignores it
    const bool slow = m_config.slow_call_ms > 0 && durationMs >= m_config.slow_call_ms;
    const auto size = static_cast<int>(m_ring.size());
    if (m_count == size) {
        const uint8_t old = m_ring[static_cast<size_t>(m_head)];
        m_failures -= (old & kFailed) ? 1 : 0;
        m_slow -= (old & kSlow) ? 1 : 0;
    } else {
        ++m_count;
    }
    m_ring[static_cast<size_t>(m_head)] =
        static_cast<uint8_t>((failed ? kFailed : 0) | (slow ? kSlow : 0));
    m_head = (m_head + 1) % size;
    m_failures += failed ? 1 : 0;
    m_slow += slow ? 1 : 0;

    if (m_state == State::Closed) {
        if (evaluate(std::min(m_config.min_calls, m_config.window)))
            transition(nowMs, State::Open);
        return;
    }
    // Half-open: decide once every permitted call has completed.
    ++m_halfOpenDone;
    if (m_halfOpenDone >= m_config.half_open_calls)
        transition(nowMs, evaluate(m_config.half_open_calls) ? State::Open : State::Closed);
}

double CircuitBreaker::openTimeMs(double nowMs) const
{
    return m_openTotalMs + (m_state == State::Open ? nowMs - m_openedAtMs : 0.0);
}

double backoffDelayMs(const model::Retries &r, int retry, double previousDelayMs, double u01)
{
    const double cap = r.max_backoff_ms > 0 ? r.max_backoff_ms
                                            : std::numeric_limits<double>::infinity();
    const int exponent = std::clamp(retry - 1, 0, 60);
    const double b = std::min(cap, r.backoff_ms * std::ldexp(1.0, exponent));
    switch (r.jitter) {
    case model::Jitter::None:
        return b;
    case model::Jitter::Full:
        return u01 * b;
    case model::Jitter::Equal:
        return b / 2 + u01 * (b / 2);
    case model::Jitter::Decorrelated: {
        const double prev = previousDelayMs > 0 ? previousDelayMs : r.backoff_ms;
        const double hi = std::max(r.backoff_ms, 3 * prev);
        return std::min(cap, r.backoff_ms + u01 * (hi - r.backoff_ms));
    }
    }
    return b;
}

RetryBudget::RetryBudget(double ratio, double maxTokens)
    : m_ratio(ratio), m_max(maxTokens), m_tokens(ratio > 0 ? std::min(maxTokens, 10.0) : 0)
{
}

void RetryBudget::onAttempt()
{
    if (m_ratio > 0)
        m_tokens = std::min(m_max, m_tokens + m_ratio);
}

bool RetryBudget::tryRetry()
{
    if (m_ratio <= 0)
        return true;
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

} // namespace archsim::simulator
