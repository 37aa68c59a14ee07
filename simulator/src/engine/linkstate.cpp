// The engine's per-link resilience (issue 6): call attempts with timeouts, retries with
// backoff, jitter and budget, circuit breakers, deadlines, and the accounting of wasted work.
// An attempt is a child visit; a failed attempt either schedules a retry (the caller keeps
// waiting) or answers the caller. A timed-out attempt is orphaned: its station keeps working on
// it, and what it completes is counted as wasted.

#include "engine/engine.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace archsim::simulator::engine {

namespace {
constexpr uint64_t kJitterStream = 6;
constexpr uint64_t kRateKeyStream = 11;
} // namespace

void Engine::initLinks()
{
    m_linkRt.resize(m_links.size());
    for (const CallDef &c : m_net.calls) {
        LinkRuntime &l = m_linkRt[c.link];
        if (c.hasBreaker && !l.breaker)
            l.breaker.emplace(c.breaker);
        if (c.retries.budget > 0)
            l.budget = RetryBudget(c.retries.budget);
        if (c.hasRateLimit && !l.limiter) {
            l.limiter.emplace(c.rateLimit);
            l.keyRng.reseed(deriveSeed(m_cfg.seed, m_cfg.replication,
                                       stableHash(m_net.linkIds[c.link]), kRateKeyStream));
        }
        if (c.timeout > 0)
            m_canAbandon = true;
        l.rng.reseed(deriveSeed(m_cfg.seed, m_cfg.replication, stableHash(m_net.linkIds[c.link]),
                                kJitterStream));
    }
}

uint32_t Engine::newChildVisit(uint32_t parent, uint32_t call, uint16_t depth)
{
    if (m_inFlight >= m_cfg.maxInFlight) {
        reportOverload();
        return kNone;
    }
    const uint32_t v = allocVisit();
    const Visit &p = m_visits[parent];
    Visit &x = m_visits[v];
    const uint32_t gen = x.gen; // events still naming the old occupant stay stale
    x = Visit{};
    x.gen = gen;
    x.arrival = m_now;
    x.root = p.root;
    x.rootGen = p.rootGen;
    x.parent = parent;
    x.node = m_net.calls[call].target;
    x.viaCall = call;
    x.depth = depth;
    return v;
}

uint32_t Engine::failFast(uint32_t parent, uint32_t call, Reason reason, uint16_t depth)
{
    const uint32_t v = newChildVisit(parent, call, depth);
    if (v == kNone)
        return kNone;
    Visit &x = m_visits[v];
    if (reason == Reason::None) {
        // A hanging partition swallowed the call: only the caller's timeout ends it.
        x.state = VisitState::Hung;
        return v;
    }
    x.failed = true;
    x.reason = reason;
    m_events.push(m_now, EventType::Respond, v, x.gen); // never answer re-entrantly
    return v;
}

void Engine::startAttempt(uint32_t v, uint32_t call, uint8_t attempt, float prevDelayMs)
{
    const CallDef &c = m_net.calls[call];
    LinkState &ls = m_links[c.link];
    LinkRuntime &rt = m_linkRt[c.link];
    ++ls.secCalls;
    if (m_measuring) {
        ++ls.calls;
        ls.retries += attempt > 0 ? 1 : 0;
    }
    // Copies: arrive() may grow m_visits.
    const uint32_t root = m_visits[v].root;
    const double callerDeadline = m_visits[v].deadline;
    const auto depth = static_cast<uint16_t>(m_visits[v].depth + 1);

    if (c.detached) {
        // Fire and forget: a partition loses the message, nobody waits or retries.
        if (rt.partitioned()) {
            if (m_measuring)
                ++ls.failures;
            return;
        }
        offerDetached(c);
        arrive(c.target, kNone, kNone, call, depth);
        return;
    }
    // The caller waits at most the link's timeout, and never past its own deadline.
    double timeout = c.timeout > 0 ? c.timeout : kNoDeadline;
    if (callerDeadline != kNoDeadline)
        timeout = std::min(timeout, callerDeadline - m_now);
    uint32_t child;
    bool permitted = false;
    if (timeout <= 0) {
        child = failFast(v, call, Reason::Timeout, depth);
        if (m_measuring)
            ++ls.timeouts;
    } else if (rt.limiter && !rt.limiter->tryTake(m_now, rateKey(*rt.limiter, rt.keyRng, v))) {
        if (m_measuring)
            ++ls.rateLimited;
        child = failFast(v, call, Reason::RateLimited, depth);
    } else if (rt.breaker && !rt.breaker->tryAcquire(m_now * 1000.0)) {
        if (m_measuring)
            ++ls.shortCircuited;
        child = failFast(v, call, Reason::ShortCircuited, depth);
    } else {
        permitted = rt.breaker.has_value();
        if (attempt == 0)
            rt.budget.onAttempt();
        if (rt.partitionHang > 0)
            child = failFast(v, call, Reason::None, depth);
        else if (rt.partitionRefuse > 0)
            child = failFast(v, call, Reason::Refused, depth);
        else
            child = arrive(c.target, root, v, call, depth);
    }
    if (child == kNone)
        return; // the run stops (overload)
    Visit &y = m_visits[child];
    y.attempt = attempt;
    y.prevDelayMs = prevDelayMs;
    y.permitted = permitted;
    if (c.propagateDeadline && timeout != kNoDeadline)
        y.deadline = m_now + timeout;
    if (timeout > 0 && timeout != kNoDeadline)
        m_events.push(m_now + timeout, EventType::Timeout, child, y.gen);
}

void Engine::onAttemptDone(const Visit &x)
{
    const CallDef &c = m_net.calls[x.viaCall];
    LinkRuntime &rt = m_linkRt[c.link];
    if (x.permitted && rt.breaker)
        rt.breaker->onResult(m_now * 1000.0, x.failed, (m_now - x.arrival) * 1000.0);
    if (x.failed) {
        if (m_measuring)
            ++m_links[c.link].failures;
        if (maybeRetry(x.parent, x.viaCall, x.attempt, x.prevDelayMs, x.reason))
            return;
        // A visit that never got to its lookup: the cache itself did not answer.
        if (fallThrough(x.parent, x.viaCall, x.state == VisitState::Calling))
            return;
    }
    onChildDone(x.parent, x.failed, x.viaCall, x.reason);
}

void Engine::onTimeout(uint32_t v)
{
    Visit &y = m_visits[v];
    if (y.parent == kNone || y.state == VisitState::Done)
        return;
    const uint32_t parent = y.parent;
    const uint32_t call = y.viaCall;
    const uint8_t attempt = y.attempt;
    const float prevDelay = y.prevDelayMs;
    const double started = y.arrival;
    const bool permitted = y.permitted;
    const bool answered = y.state == VisitState::Calling; // the cache looked the key up
    // The caller stops waiting; the callee keeps working on an orphan.
    y.parent = kNone;
    y.orphaned = true;
    if (y.state == VisitState::Hung)
        freeVisit(v); // lost in a partition: nothing is working on it
    const CallDef &c = m_net.calls[call];
    LinkRuntime &rt = m_linkRt[c.link];
    if (permitted && rt.breaker)
        rt.breaker->onResult(m_now * 1000.0, true, (m_now - started) * 1000.0);
    if (m_measuring) {
        ++m_links[c.link].timeouts;
        ++m_links[c.link].failures;
    }
    if (maybeRetry(parent, call, attempt, prevDelay, Reason::Timeout))
        return;
    if (fallThrough(parent, call, answered))
        return;
    onChildDone(parent, true, call, Reason::Timeout);
}

bool Engine::fallThrough(uint32_t parent, uint32_t call, bool cacheAnswered)
{
    // fallback: fill. The cache did not answer (down, hung past the timeout, queue full,
    // breaker open, partition): the caller reads from the cache's fill path itself, as
    // cache-aside code does when Redis is down. The read becomes a visit at the cache that
    // holds no server, skips the lookup, makes the fill calls and stores nothing.
    const CallDef &c = m_net.calls[call];
    if (c.fallback != model::Fallback::Fill || cacheAnswered || m_net.nodes[c.target].cache < 0)
        return false;
    const double deadline = m_visits[parent].deadline; // copies: the slot array may grow
    const auto depth = static_cast<uint16_t>(m_visits[parent].depth + 1);
    const uint32_t v = newChildVisit(parent, call, depth);
    if (v == kNone)
        return true; // the run stops (overload)
    Visit &x = m_visits[v];
    x.state = VisitState::Calling;
    x.bypass = true;
    x.attempt = 0xff; // the last try of the call: never retried
    x.deadline = deadline; // the caller's own deadline still bounds it
    m_caches.fallThrough(static_cast<uint32_t>(m_net.nodes[c.target].cache), v);
    beginCalls(v);
    return true;
}

bool Engine::maybeRetry(uint32_t parent, uint32_t call, uint8_t attempt, float prevDelayMs,
                        Reason reason)
{
    const CallDef &c = m_net.calls[call];
    if (attempt >= c.retries.max || reason == Reason::ShortCircuited)
        return false;
    if (m_now >= m_visits[parent].deadline)
        return false; // no time left for another try
    LinkRuntime &rt = m_linkRt[c.link];
    if (!rt.budget.tryRetry())
        return false;
    const auto next = static_cast<uint8_t>(attempt + 1);
    double delayMs = backoffDelayMs(c.retries, next, prevDelayMs, rt.rng.uniform());
    if (reason == Reason::RateLimited && c.retries.retry_after && rt.limiter) {
        // A rate-limit aware client waits for the Retry-After the 429 carried (the time until
        // the caller's bucket has a token), if that is longer than its backoff. The key of a
        // per-key limit is the one drawn for the failed attempt: it is not kept, so the wait
        // of a fresh draw stands in for it.
        const double wait = rt.limiter->retryAfter(m_now, clientOf(parent)) * 1000.0;
        delayMs = std::max(delayMs, wait);
    }
    uint32_t rec;
    if (!m_freeRetries.empty()) {
        rec = m_freeRetries.back();
        m_freeRetries.pop_back();
    } else {
        rec = static_cast<uint32_t>(m_retryRecs.size());
        m_retryRecs.emplace_back();
    }
    PendingRetry &r = m_retryRecs[rec];
    r.parent = parent;
    r.parentGen = m_visits[parent].gen;
    r.call = call;
    r.attempt = next;
    r.delayMs = static_cast<float>(delayMs);
    m_events.push(m_now + delayMs / 1000.0, EventType::RetryFire, rec, r.gen);
    return true;
}

void Engine::onRetryFire(uint32_t rec, uint32_t gen)
{
    PendingRetry r = m_retryRecs[rec];
    if (r.gen != gen)
        return;
    ++m_retryRecs[rec].gen;
    m_freeRetries.push_back(rec);
    if (m_visits[r.parent].gen != r.parentGen)
        return; // cannot happen while the caller waits; kept as a guard
    startAttempt(r.parent, r.call, r.attempt, r.delayMs);
}

uint32_t Engine::clientOf(uint32_t v) const
{
    const Visit &x = m_visits[v];
    if (x.root == kNone)
        return kNone;
    const Visit &r = m_visits[x.root];
    if (r.gen != x.rootGen)
        return kNone; // the request is over and its slot reused: no client to name
    if (m_net.nodes[r.node].isClient)
        return r.node;
    return r.viaCall != kNone ? m_net.calls[r.viaCall].from : kNone;
}

uint64_t Engine::rateKey(const RateLimiter &limiter, Rng &keyRng, uint32_t v) const
{
    switch (limiter.limit().per) {
    case model::RateLimitScope::Client:
        return clientOf(v);
    case model::RateLimitScope::Key:
        return keyRng.below(static_cast<uint32_t>(std::clamp<int64_t>(limiter.limit().keys, 1,
                                                                        INT32_MAX)));
    case model::RateLimitScope::Global:
        break;
    }
    return 0;
}

bool Engine::abandoned(uint32_t v) const
{
    // Up the chain of callers: work is wasted if anyone on the way stopped waiting.
    for (uint32_t u = v;;) {
        const Visit &x = m_visits[u];
        if (x.orphaned)
            return true;
        if (x.parent == kNone)
            return false;
        u = x.parent;
    }
}

} // namespace archsim::simulator::engine
