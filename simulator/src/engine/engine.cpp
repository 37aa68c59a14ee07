#include "engine/engine.h"

#include "stream/streamstate.h"

#include <algorithm>
#include <cmath>

namespace archsim::simulator::engine {

namespace {

// Random streams of a node; with the replication and the id's hash they key a seed, so adding a
// component does not change the numbers another one draws (common random numbers).
enum Stream : uint64_t { ArrivalStream = 1, ServiceStream = 2, RouteStream = 3, BalanceStream = 4 };

// Calls nested deeper than this fail (a cycle of calls with probability 1 would never end).
constexpr uint16_t kMaxDepth = 64;

void fillLatency(LatencyFigures &f, const LogHistogram &h)
{
    constexpr double ms = 1000.0;
    f.mean.value = h.mean() * ms;
    f.p50.value = h.quantile(0.50) * ms;
    f.p90.value = h.quantile(0.90) * ms;
    f.p95.value = h.quantile(0.95) * ms;
    f.p99.value = h.quantile(0.99) * ms;
    f.p999.value = h.quantile(0.999) * ms;
    f.max.value = h.max() * ms;
}

void fillSummary(SummaryFigures &sum, uint64_t offered, uint64_t succeeded, uint64_t degraded,
                 uint64_t failed, const LogHistogram &latency, double window)
{
    const uint64_t finished = succeeded + degraded + failed;
    sum.requests.value = static_cast<double>(finished);
    sum.succeeded.value = static_cast<double>(succeeded);
    sum.degraded.value = static_cast<double>(degraded);
    sum.failed.value = static_cast<double>(failed);
    sum.offered_rps.value = static_cast<double>(offered) / window;
    sum.throughput_rps.value = static_cast<double>(succeeded + degraded) / window;
    sum.error_rate.value =
        finished ? static_cast<double>(failed) / static_cast<double>(finished) : 0.0;
    fillLatency(sum.latency_ms, latency);
}

// Errors by reason, and the station-wide work and wasted work (the same for every client).
void fillFailureFigures(SummaryFigures &sum, const uint64_t (&errors)[kReasonCount],
                        uint64_t work, uint64_t wasted, double window)
{
    sum.errors.rejected.value = static_cast<double>(errors[int(Reason::Rejected)]);
    sum.errors.timeout.value = static_cast<double>(errors[int(Reason::Timeout)]);
    sum.errors.refused.value = static_cast<double>(errors[int(Reason::Refused)]);
    sum.errors.short_circuited.value = static_cast<double>(errors[int(Reason::ShortCircuited)]);
    sum.errors.unavailable.value = static_cast<double>(errors[int(Reason::Unavailable)]);
    sum.errors.rate_limited.value = static_cast<double>(errors[int(Reason::RateLimited)]);
    sum.work_rps.value = static_cast<double>(work) / window;
    sum.wasted_rps.value = static_cast<double>(wasted) / window;
}

} // namespace

Engine::Engine(const Network &net, const RunConfig &config, TickFn onTick)
    : m_net(net), m_cfg(config), m_onTick(std::move(onTick)),
      m_caches(net, config.seed, config.replication, config.maxCacheEntries)
{
    m_nodes.resize(net.nodes.size());
    for (size_t i = 0; i < net.nodes.size(); ++i) {
        const NodeDef &d = net.nodes[i];
        NodeState &s = m_nodes[i];
        // A database's instances keep their own queues: writes go to the primary only.
        const bool pooled = (d.balancing == model::Balancing::Pooled || d.replicas == 1) &&
                            !d.isDatabase;
        s.groups.resize(d.isClient ? 0 : pooled ? 1 : d.replicas);
        s.servers = pooled ? d.replicas * d.workers : d.workers;
        for (Group &g : s.groups)
            g.servers = s.servers;
        s.arrivalRng.reseed(deriveSeed(config.seed, config.replication, d.idHash, ArrivalStream));
        s.serviceRng.reseed(deriveSeed(config.seed, config.replication, d.idHash, ServiceStream));
        s.routeRng.reseed(deriveSeed(config.seed, config.replication, d.idHash, RouteStream));
        s.balanceRng.reseed(deriveSeed(config.seed, config.replication, d.idHash, BalanceStream));
        if (d.isClient)
            s.nextLogU = std::log(s.arrivalRng.uniformPositive());
        else
            s.nextService = d.service.sample(s.serviceRng);
    }
    m_cacheWork = !net.caches.empty() || !net.invalidations.empty();
    m_links.resize(net.linkIds.size());
    initLinks();
    m_visits.reserve(1024);
    m_events.reserve(1024);
}

ReplicationOutput Engine::run()
{
    if (m_cfg.warmup > 0)
        m_events.push(m_cfg.warmup, EventType::WarmupEnd, 0, 0);
    else
        m_measuring = true;
    m_secMeasured = m_measuring;
    int clients = 0;
    for (const NodeDef &d : m_net.nodes)
        clients += d.isClient;
    m_singleClient = clients == 1;
    m_events.push(std::min(1.0, m_cfg.duration), EventType::Tick, 0, 0);
    initFailures();
    initJobs();
    initRefreshes();
    initStreams();
    for (uint32_t n = 0; n < m_net.nodes.size(); ++n) {
        const NodeDef &d = m_net.nodes[n];
        if (!d.isClient)
            continue;
        NodeState &s = m_nodes[n];
        s.rate = d.rps;
        while (s.nextProfile < d.profile.size() && d.profile[s.nextProfile].at_s <= 0)
            s.rate = d.profile[s.nextProfile++].rps;
        s.meanGap = s.rate > 0 ? 1.0 / (s.rate * s.loadFactor) : 0.0;
        if (s.nextProfile < d.profile.size())
            m_events.push(d.profile[s.nextProfile].at_s, EventType::RateChange, n, 0);
        scheduleArrival(n);
    }

    m_plain = isPlain();
    if (m_plain)
        loop<true>();
    else
        loop<false>();
    stream::StreamOutput streams;
    if (m_kernel && !m_cancelled && m_error.empty()) {
        m_stop = true; // what the kernel starts from here on is past the run's end
        streams = m_kernel->finish();
    }
    ReplicationOutput out = collect();
    out.streams = std::move(streams);
    return out;
}

bool Engine::isPlain() const
{
    if (m_cfg.generalKernel || m_failuresActive || m_canAbandon || m_cacheWork ||
        !m_net.jobs.empty() || !m_net.refreshes.empty() || m_kernel)
        return false;
    for (const NodeDef &d : m_net.nodes)
        if (d.data >= 0 || d.loadShedding || d.hasRateLimit)
            return false;
    for (const CallDef &c : m_net.calls)
        if (c.resilient || c.fill)
            return false;
    return true;
}

template <bool kPlain>
void Engine::loop()
{
    const std::atomic<bool> *cancel = m_cfg.cancel;
    while (!m_stop && !m_events.empty()) {
        if constexpr (!kPlain) {
            // The stream kernel's events interleave with the engine's in time order (the
            // engine's first at equal times).
            if (m_kernel && m_kernel->pending() && m_kernel->nextTime() < m_events.nextTime()) {
                m_now = m_kernel->nextTime();
                m_kernel->step();
                continue;
            }
        }
        const Event e = m_events.pop();
        m_now = e.t;
        ++m_eventCount;
        // The two events of every visit first: a jump table's indirect branch mispredicts
        // more often on their random interleaving than two compares do.
        if (e.type() == EventType::ServiceDone) {
            if (m_visits[e.obj].gen == e.gen)
                onServiceDoneT<kPlain>(e.obj);
        } else if (e.type() == EventType::Arrival) {
            onArrivalT<kPlain>(e.obj, e.gen);
        } else {
            dispatchOther(e);
        }
        if ((m_eventCount & 0xfff) == 0 && cancel && cancel->load(std::memory_order_relaxed)) {
            m_cancelled = true;
            break;
        }
    }
}

// The entry points for the other event handlers and the resilience, failure and cache code
// (engine/*.cpp): always the general instantiation.
void Engine::onArrival(uint32_t node, uint32_t gen) { onArrivalT<false>(node, gen); }
void Engine::onServiceDone(uint32_t v) { onServiceDoneT<false>(v); }
void Engine::startService(uint32_t v, bool queued) { startServiceT<false>(v, queued); }
void Engine::beginCalls(uint32_t v) { beginCallsT<false>(v); }
void Engine::finishVisit(uint32_t v) { finishVisitT<false>(v); }
void Engine::releaseServer(uint32_t v) { releaseServerT<false>(v); }
void Engine::onChildDone(uint32_t parent, bool failed, uint32_t viaCall, Reason reason)
{
    onChildDoneT<false>(parent, failed, viaCall, reason);
}
uint32_t Engine::arrive(uint32_t node, uint32_t root, uint32_t parent, uint32_t viaCall,
                        uint16_t depth)
{
    return arriveT<false>(node, root, parent, viaCall, depth);
}

void Engine::dispatchOther(const Event &e)
{
    switch (e.type()) {
    case EventType::Arrival:
        onArrival(e.obj, e.gen);
        break;
    case EventType::RateChange:
        onRateChange(e.obj);
        break;
    case EventType::ServiceDone:
        if (m_visits[e.obj].gen == e.gen)
            onServiceDone(e.obj);
        break;
    case EventType::Respond:
        if (m_visits[e.obj].gen == e.gen)
            finishVisit(e.obj);
        break;
    case EventType::Tick:
        onTick();
        break;
    case EventType::WarmupEnd:
        onWarmupEnd();
        break;
    case EventType::Timeout:
        if (m_visits[e.obj].gen == e.gen)
            onTimeout(e.obj);
        break;
    case EventType::RetryFire:
        onRetryFire(e.obj, e.gen);
        break;
    case EventType::Failure:
        onFailureAction(e.obj);
        break;
    case EventType::RandomFail:
        onRandomFailure(e.obj, false);
        break;
    case EventType::RandomRepair:
        onRandomFailure(e.obj, true);
        break;
    case EventType::Failover:
        onFailover(e.obj, e.gen);
        break;
    case EventType::AutoscaleSync:
        onAutoscaleSync(e.obj);
        break;
    case EventType::ScaleReady:
        onScaleReady(e.obj, e.gen);
        break;
    case EventType::JobStart:
        onJobStart(e.obj);
        break;
    case EventType::JobRelease:
        onJobRelease(e.obj, e.gen);
        break;
    case EventType::RefreshStart:
        onRefreshStart(e.obj);
        break;
    }
}

// ---- clients ---------------------------------------------------------------------------------

template <bool kPlain>
void Engine::onArrivalT(uint32_t node, uint32_t gen)
{
    if (gen != m_nodes[node].arrivalGen)
        return; // the rate changed since this arrival was drawn
    ++m_secOffered;
    if (m_measuring)
        ++m_nodes[node].offered;
    countRequest(node);
    scheduleArrival(node);
    const NodeDef &d = m_net.nodes[node];
    if (d.directCall != kNone) {
        // Fast path: the callee's visit is the request's root (see NodeDef::directCall).
        // arrive() checks the in-flight limit.
        LinkState &ls = m_links[m_net.calls[d.directCall].link];
        ++ls.secCalls;
        if (m_measuring)
            ++ls.calls;
        arriveT<kPlain>(m_net.calls[d.directCall].target, kNone, kNone, d.directCall, 1);
        return;
    }
    if (m_inFlight >= m_cfg.maxInFlight) {
        reportOverload();
        return;
    }
    const uint32_t v = allocVisit();
    Visit &x = m_visits[v];
    x.arrival = m_now;
    x.root = v;
    x.parent = kNone;
    x.node = node;
    x.viaCall = kNone;
    x.depth = 0;
    x.group = 0;
    x.holdsServer = false;
    x.failed = false;
    x.degraded = false;
    x.bypass = false;
    x.orphaned = false;
    x.permitted = false;
    x.attempt = 0;
    x.reason = Reason::None;
    x.rootGen = x.gen;
    x.deadline = kNoDeadline;
    beginCallsT<kPlain>(v);
}

void Engine::onRateChange(uint32_t node)
{
    // Poisson arrivals are memoryless: dropping the pending arrival and drawing afresh at the
    // new rate gives exactly the piecewise-constant process.
    const NodeDef &d = m_net.nodes[node];
    NodeState &s = m_nodes[node];
    while (s.nextProfile < d.profile.size() && d.profile[s.nextProfile].at_s <= m_now)
        s.rate = d.profile[s.nextProfile++].rps;
    s.meanGap = s.rate > 0 ? 1.0 / (s.rate * s.loadFactor) : 0.0;
    ++s.arrivalGen;
    scheduleArrival(node);
    if (s.nextProfile < d.profile.size())
        m_events.push(d.profile[s.nextProfile].at_s, EventType::RateChange, node, 0);
}

// ---- visits ----------------------------------------------------------------------------------

void Engine::reportOverload()
{
    size_t worst = 0;
    for (size_t n = 1; n < m_nodes.size(); ++n)
        if (m_nodes[n].waitingTotal > m_nodes[worst].waitingTotal)
            worst = n;
    m_error = "the system is overloaded: more than " + std::to_string(m_cfg.maxInFlight) +
              " requests in flight at t=" + std::to_string(m_now) + " s, " +
              std::to_string(static_cast<int64_t>(m_nodes[worst].waitingTotal)) +
              " of them waiting at '" +
              m_net.nodes[worst].id +
              "' (utilization >= 1 and no queue_limit); add capacity or set a queue_limit";
    m_stop = true;
}

template <bool kPlain>
uint32_t Engine::arriveT(uint32_t node, uint32_t root, uint32_t parent, uint32_t viaCall,
                        uint16_t depth)
{
    if (m_inFlight >= m_cfg.maxInFlight) {
        reportOverload();
        return kNone;
    }
    const uint32_t v = allocVisit();
    Visit &x = m_visits[v];
    x.arrival = m_now;
    x.root = root == kNone ? v : root;
    x.parent = parent;
    x.node = node;
    x.viaCall = viaCall;
    x.nextCall = 0;
    x.pending = 0;
    x.depth = depth;
    x.state = VisitState::Queued;
    x.holdsServer = false;
    x.failed = false;
    x.degraded = false;
    if constexpr (!kPlain) {
        // Only caches and resilience set these; a plain run leaves them at their defaults.
        x.bypass = false;
        x.orphaned = false;
        x.permitted = false;
        x.attempt = 0;
    }
    x.reason = Reason::None;
    // A call inherits its caller's view of the root's generation: read from the root's slot
    // now, it would be wrong once the request is over and the slot reused (possibly by this
    // very visit, which would then take itself for the root).
    x.rootGen = root == kNone ? x.gen
                : parent != kNone ? m_visits[parent].rootGen
                                  : m_visits[root].gen;
    if constexpr (!kPlain)
        x.deadline = kNoDeadline;

    const NodeDef &d = m_net.nodes[node];
    NodeState &s = m_nodes[node];
    if (m_measuring)
        ++s.arrivals;
    ++s.secArrivals;
    if (depth > kMaxDepth) {
        x.failed = true;
        x.reason = Reason::Rejected;
        m_events.push(m_now, EventType::Respond, v, x.gen);
        return v;
    }
    if constexpr (!kPlain) {
        if (d.hasRateLimit && !takeGatewayToken(node, v)) {
            x.failed = true;
            x.reason = Reason::RateLimited;
            if (m_measuring)
                ++s.rateLimited;
            m_events.push(m_now, EventType::Respond, v, x.gen);
            return v;
        }
    }
    uint16_t g = 0;
    if (!kPlain && (m_failuresActive || d.isDatabase)) {
        // Replicas may be down, hung or promoted: engine/failures.cpp picks the queue.
        const int route = routeArrival(node, viaCall);
        if (route == kRouteParked) {
            x.state = VisitState::Queued;
            s.parked.push(v);
            return v;
        }
        if (route < 0) {
            x.failed = true;
            x.reason = route == kRouteUnavailable ? Reason::Unavailable : Reason::Refused;
            if (m_measuring)
                ++s.refused;
            m_events.push(m_now, EventType::Respond, v, x.gen);
            return v;
        }
        g = static_cast<uint16_t>(route);
    } else if (s.groups.size() > 1) {
        if (d.balancing == model::Balancing::Random)
            g = static_cast<uint16_t>(s.balanceRng.below(static_cast<uint32_t>(d.replicas)));
        else
            g = static_cast<uint16_t>(s.roundRobin++ % static_cast<uint32_t>(d.replicas));
    }
    x.group = g;
    if constexpr (!kPlain) {
        if (d.isDatabase && viaCall != kNone && !m_net.calls[viaCall].write)
            onDataRead(v, g);
    }
    Group &grp = s.groups[g];
    if (grp.busy < grp.servers) {
        startServiceT<kPlain>(v, false);
    } else if (d.queueLimit >= 0 && static_cast<int64_t>(grp.waiting.size()) >= d.queueLimit) {
        x.failed = true;
        x.reason = Reason::Rejected;
        if (m_measuring)
            ++s.rejected;
        m_events.push(m_now, EventType::Respond, v, x.gen);
    } else {
        integrate(s);
        grp.waiting.push(v);
        ++s.waitingTotal;
    }
    return v;
}

template <bool kPlain>
void Engine::startServiceT(uint32_t v, bool queued)
{
    Visit &x = m_visits[v];
    NodeState &s = m_nodes[x.node];
    if (!queued)
        integrate(s); // a queued visit starts from releaseServer(), which just integrated
    if (m_measuring) {
        ++s.started;
        if (queued) {
            ++s.queuedStarts;
            s.waitSum += m_now - x.arrival;
        }
    }
    ++s.groups[x.group].busy;
    ++s.busyTotal;
    x.holdsServer = true;
    x.state = VisitState::InService;
    const NodeDef &def = m_net.nodes[x.node];
    double d;
    if (!kPlain && def.data >= 0 && x.viaCall == kNone)
        d = refreshService(x.node, v); // a materialized view's refresh (engine/refresh.cpp)
    else
        d = takeService(s, def) * s.slow;
    if constexpr (!kPlain) {
        if (x.viaCall != kNone) {
            const CallDef &c = m_net.calls[x.viaCall];
            if (c.rowCost > 0)
                d = jobVisitService(x, d); // a job's batch read or write
            if (c.viewReadCount > 0)
                d += viewRead(c); // waits, holding its server, for a refresh's lock
            // A sync mode's commit waits for a replica, holding its server
            // (synchronous_commit).
            if (def.data >= 0 && c.write)
                d += commitWait(x.node);
        }
    }
    m_events.push(m_now + d, EventType::ServiceDone, v, x.gen);
}

template <bool kPlain>
void Engine::onServiceDoneT(uint32_t v)
{
    const NodeDef &d = m_net.nodes[m_visits[v].node];
    if constexpr (!kPlain) {
        const Visit &x = m_visits[v];
        if (d.data >= 0 && x.viaCall != kNone && m_net.calls[x.viaCall].write && !x.failed)
            onCommit(v);
        if (x.viaCall != kNone && m_net.calls[x.viaCall].backpressure && m_kernel) {
            offerWaited(v); // a bounded queue answers its publisher
            return;
        }
    }
    if (d.callCount == 0 && (kPlain || d.cache < 0)) {
        finishVisitT<kPlain>(v); // a leaf: it answers now (and releases its server first)
        return;
    }
    CacheRuntime::Read read = CacheRuntime::Read::Hit;
    if (!kPlain && d.cache >= 0) {
        // A cache answers after its own service: a hit ends the visit, a miss makes the fills,
        // a coalesced miss waits for the fill already in flight.
        const uint32_t via = m_visits[v].viaCall;
        read = m_caches.read(static_cast<uint32_t>(d.cache), v,
                             via != kNone ? m_net.calls[via].keyClass : -1, m_now);
    }
    if (d.threading == model::Threading::Async)
        releaseServerT<kPlain>(v);
    if (read == CacheRuntime::Read::Coalesced) {
        m_visits[v].state = VisitState::Calling;
        return;
    }
    beginCallsT<kPlain>(v);
}

template <bool kPlain>
void Engine::releaseServerT(uint32_t v)
{
    Visit &x = m_visits[v];
    x.holdsServer = false;
    NodeState &s = m_nodes[x.node];
    integrate(s);
    Group &grp = s.groups[x.group];
    --grp.busy;
    --s.busyTotal;
    if (!grp.waiting.empty() && grp.busy < grp.servers) {
        uint32_t next;
        if (!kPlain && m_net.nodes[x.node].loadShedding) {
            next = popRunnable(x.node, x.group);
        } else {
            next = grp.waiting.pop();
            --s.waitingTotal;
        }
        if (next != kNone)
            startServiceT<kPlain>(next, true);
    }
}

template <bool kPlain>
void Engine::beginCallsT(uint32_t v)
{
    m_visits[v].state = VisitState::Calling;
    const uint32_t node = m_visits[v].node;
    const NodeDef &d = m_net.nodes[node];
    if (d.callCount == 0) {
        finishVisitT<kPlain>(v); // a leaf: nothing to call
        return;
    }
    if (d.fanout != model::Fanout::Parallel) {
        m_visits[v].nextCall = 0;
        continueSequentialT<kPlain>(v);
        return;
    }
    // Every child answers through an event, never from inside spawn(), so counting as we go
    // and storing the total afterwards is safe.
    uint32_t pending = 0;
    Rng &rng = m_nodes[node].routeRng;
    for (uint32_t c = d.firstCall; c < d.firstCall + d.callCount; ++c) {
        const double p = m_net.calls[c].probability;
        if ((!kPlain && skipCall(v, c)) || (p < 1.0 && !(p > 0.0 && rng.uniform() < p)))
            continue;
        if (!m_net.calls[c].detached)
            ++pending;
        spawnT<kPlain>(v, c);
        if (m_stop)
            return;
    }
    m_visits[v].pending = pending;
    if (pending == 0)
        finishVisitT<kPlain>(v);
}

template <bool kPlain>
void Engine::continueSequentialT(uint32_t v)
{
    const uint32_t node = m_visits[v].node;
    const NodeDef &d = m_net.nodes[node];
    Rng &rng = m_nodes[node].routeRng;
    while (m_visits[v].nextCall < d.callCount) {
        const uint32_t c = d.firstCall + m_visits[v].nextCall++;
        const double p = m_net.calls[c].probability;
        if ((!kPlain && skipCall(v, c)) || (p < 1.0 && !(p > 0.0 && rng.uniform() < p)))
            continue;
        spawnT<kPlain>(v, c);
        if (m_stop || !m_net.calls[c].detached)
            return; // wait for the answer
    }
    finishVisitT<kPlain>(v);
}

template <bool kPlain>
void Engine::spawnT(uint32_t v, uint32_t call)
{
    const CallDef &c = m_net.calls[call];
    if (!kPlain && (c.resilient || m_failuresActive || m_visits[v].deadline != kNoDeadline)) {
        startAttempt(v, call, 0, 0.0f); // timeouts, retries, breakers, partitions
        return;
    }
    ++m_links[c.link].secCalls;
    if (m_measuring)
        ++m_links[c.link].calls;
    const Visit &x = m_visits[v];
    const auto depth = static_cast<uint16_t>(x.depth + 1);
    if (c.detached) {
        if constexpr (!kPlain)
            offerDetached(c);
        arriveT<kPlain>(c.target, kNone, kNone, call, depth);
    } else {
        arriveT<kPlain>(c.target, x.root, v, call, depth);
    }
}

template <bool kPlain>
void Engine::onChildDoneT(uint32_t parent, bool failed, uint32_t viaCall, Reason reason)
{
    Visit &x = m_visits[parent];
    if (failed) {
        if (m_net.calls[viaCall].fallback == model::Fallback::Degrade) {
            if (m_visits[x.root].gen == x.rootGen) // the request may be over (orphans)
                m_visits[x.root].degraded = true;
        } else if (!x.failed) {
            x.failed = true;
            x.reason = reason;
        }
    }
    if (m_net.nodes[x.node].fanout == model::Fanout::Parallel) {
        if (--x.pending == 0)
            finishVisitT<kPlain>(parent);
        return;
    }
    if (x.failed)
        finishVisitT<kPlain>(parent); // an error ends the visit: later calls are not made
    else
        continueSequentialT<kPlain>(parent);
}

template <bool kPlain>
void Engine::finishVisitT(uint32_t v)
{
    if (m_visits[v].holdsServer)
        releaseServerT<kPlain>(v);
    // Read in place rather than copied: copying the whole record right after the byte-sized
    // stores of releaseServer() and beginCalls() stalls on store forwarding. Nothing below
    // allocates a visit before the slot is freed, except onAttemptDone (given a copy).
    const Visit &x = m_visits[v];
    const NodeDef &d = m_net.nodes[x.node];
    if (!d.isClient && !x.failed && !x.bypass) {
        const bool wasted = !kPlain && m_canAbandon && abandoned(v);
        ++m_secWork;
        m_secWasted += wasted ? 1 : 0;
        if (m_measuring) {
            NodeState &s = m_nodes[x.node];
            ++s.completed;
            s.wasted += wasted ? 1 : 0;
            // A view's refresh counts in the utilization and its own figures, not in the
            // database's response times (one 20 s refresh was the p99 of a quiet replica).
            if (kPlain || x.viaCall != kNone || d.data < 0)
                s.latency.record(m_now - x.arrival);
        }
    }
    // Attempts a caller waits for are counted in onAttemptDone; orphans at their timeout.
    if (m_measuring && x.failed && x.viaCall != kNone && x.parent == kNone && !x.orphaned)
        ++m_links[m_net.calls[x.viaCall].link].failures;
    if constexpr (!kPlain)
        cacheVisitDone(v, x);
    if (isRoot(x, v)) {
        if (d.isClient) {
            finishRequest(x.arrival, x.failed, x.degraded, x.reason, x.node);
        } else if (x.viaCall != kNone && m_net.calls[x.viaCall].fromClient
                   && !m_net.calls[x.viaCall].detached) {
            // The root of a request whose client makes one direct call: the client's view of
            // the call is the request, so the link's fallback decides its outcome.
            const CallDef &c = m_net.calls[x.viaCall];
            const bool degrade = x.failed && c.fallback == model::Fallback::Degrade;
            finishRequest(x.arrival, x.failed && !degrade, x.degraded || degrade, x.reason,
                          c.from);
        }
        if (!kPlain && m_kernel && x.viaCall == kNone && workVisitDone(v, x))
            return; // a consumer's message is processed (or failed)
        if (!kPlain && d.job >= 0) {
            // A job's batch is done: the job may release the next one (new visits).
            const uint32_t gen = x.gen;
            const bool failed = x.failed;
            freeVisit(v);
            onJobBatchDone(static_cast<uint32_t>(d.job), v, gen, failed);
            return;
        }
        if (!kPlain && d.data >= 0 && x.viaCall == kNone) {
            // A materialized view's refresh is done: the view holds its rows.
            const uint32_t gen = x.gen;
            const uint32_t node = x.node;
            const bool failed = x.failed;
            freeVisit(v);
            onRefreshDone(node, v, gen, failed);
            return;
        }
        freeVisit(v);
        return;
    }
    if (x.parent == kNone) {
        freeVisit(v);
        return;
    }
    const Visit done = x; // a retry may reuse the slot and grow m_visits
    freeVisit(v);
    onAttemptDone(done);
}

void Engine::cacheWork(uint32_t v, const Visit &x)
{
    const NodeDef &d = m_net.nodes[x.node];
    if (d.cache >= 0) {
        m_waiters.clear();
        m_caches.filled(static_cast<uint32_t>(d.cache), v, m_now, !x.failed, m_waiters);
        m_caches.release(v);
        // Coalesced reads answer with the fill they waited for (at the same instant).
        for (uint32_t w : m_waiters) {
            m_visits[w].failed = x.failed;
            m_visits[w].reason = x.reason;
            m_events.push(m_now, EventType::Respond, w, m_visits[w].gen);
        }
    }
    if (!x.failed && x.viaCall != kNone) {
        // A write committed: the caches it invalidates learn of it now.
        const CallDef &c = m_net.calls[x.viaCall];
        for (uint32_t i = 0; i < c.invalidationCount; ++i) {
            const uint32_t cache = m_net.invalidations[c.firstInvalidation + i];
            // A cache with no replica up has no pub/sub subscriber listening (at most once).
            const uint32_t node = m_net.caches[cache].node;
            m_caches.write(cache, m_now, node >= m_health.size() || m_health[node].up > 0);
        }
    }
    if (m_caches.overflowed() >= 0) [[unlikely]]
        reportCacheOverflow();
}

void Engine::reportCacheOverflow()
{
    if (!m_error.empty())
        return;
    m_error = m_caches.overflowMessage(m_now);
    m_stop = true;
}

void Engine::finishRequest(double arrival, bool failed, bool degraded, Reason reason,
                           uint32_t client)
{
    const double latency = m_now - arrival;
    if (failed) {
        ++m_secFailed;
        ++m_secErrors[static_cast<int>(reason)];
    } else {
        ++m_secOk;
        m_secDegraded += degraded ? 1 : 0;
        m_secLatency.record(latency);
        const auto sec = static_cast<size_t>(arrival);
        if (sec < m_availOk.size())
            ++m_availOk[sec];
        if (arrival >= m_cfg.warmup)
            ++m_nodes[client].reqOkMeasured;
        if (!m_sloOf.empty() && m_sloOf[client] >= 0) {
            const auto i = static_cast<size_t>(m_sloOf[client]);
            if (sec < m_sloOk[i].size())
                ++m_sloOk[i][sec];
            if (arrival >= m_cfg.warmup && latency <= m_net.nodes[client].sloLatencyS)
                ++m_nodes[client].reqFastMeasured;
        }
    }
    if (!m_measuring)
        return;
    NodeState &c = m_nodes[client];
    if (failed) {
        ++c.failed;
        ++c.errors[static_cast<int>(reason)];
        return;
    }
    if (degraded)
        ++c.degraded;
    else
        ++c.succeeded;
    if (!m_secMeasured)
        m_latency.record(latency); // else merged from m_secLatency at the end of the second
    if (!m_singleClient)
        c.latency.record(latency);
}

// ---- statistics ------------------------------------------------------------------------------

void Engine::onWarmupEnd()
{
    for (NodeState &s : m_nodes) {
        integrate(s);
        integrateServing(s);
        s.busyAtWarmup = s.busyArea;
        s.queueAtWarmup = s.queueArea;
        s.servingAtWarmup = s.servingArea;
    }
    for (Scaler &sc : m_scalers) {
        integrateReplicas(sc);
        sc.replicaAtWarmup = sc.replicaArea;
    }
    for (LinkRuntime &l : m_linkRt)
        if (l.breaker)
            l.openAtWarmupMs = l.breaker->openTimeMs(m_now * 1000.0);
    m_caches.startMeasuring();
    m_measuring = true;
}

void Engine::onTick()
{
    const double width = m_now - m_tickStart;
    TimelinePoint p;
    p.t_s = m_tickStart;
    if (width > 0) {
        p.offered_rps = static_cast<double>(m_secOffered) / width;
        p.throughput_rps = static_cast<double>(m_secOk) / width;
    }
    const uint64_t finished = m_secOk + m_secFailed;
    p.error_rate = finished ? static_cast<double>(m_secFailed) / static_cast<double>(finished) : 0;
    if (finished > 0) {
        auto share = [&](Reason r) {
            return static_cast<double>(m_secErrors[static_cast<int>(r)]) /
                   static_cast<double>(finished);
        };
        p.errors.rejected = share(Reason::Rejected);
        p.errors.timeout = share(Reason::Timeout);
        p.errors.refused = share(Reason::Refused);
        p.errors.short_circuited = share(Reason::ShortCircuited);
        p.errors.unavailable = share(Reason::Unavailable);
        p.errors.rate_limited = share(Reason::RateLimited);
    }
    static constexpr double kLevels[3] = {0.50, 0.95, 0.99};
    double ms[3];
    m_secLatency.quantiles(kLevels, ms, 3);
    p.p50_ms = ms[0] * 1000.0;
    p.p95_ms = ms[1] * 1000.0;
    p.p99_ms = ms[2] * 1000.0;
    if (width > 0) {
        p.degraded_rps = static_cast<double>(m_secDegraded) / width;
        p.work_rps = static_cast<double>(m_secWork) / width;
        p.wasted_rps = static_cast<double>(m_secWasted) / width;
    }
    for (size_t n = 0; n < m_nodes.size(); ++n) {
        if (m_net.nodes[n].isClient)
            continue;
        NodeState &s = m_nodes[n];
        integrate(s);
        p.utilization.push_back(
            utilizationSince(static_cast<uint32_t>(n), s.busyAtTick, s.servingAtTick, width));
        p.arrival_rps.push_back(width > 0 ? static_cast<double>(s.secArrivals) / width : 0);
        s.secArrivals = 0;
        s.busyAtTick = s.busyArea;
        s.servingAtTick = s.servingArea;
    }
    for (const Scaler &sc : m_scalers)
        p.replicas.push_back(sc.replicas);
    tickBurnRates(p);
    tickData(p);
    tickJobs(p);
    tickRefreshes(p);
    m_caches.tick(p.cache_hit_ratio);
    p.link_rps.reserve(m_links.size());
    for (LinkState &l : m_links) {
        p.link_rps.push_back(width > 0 ? static_cast<double>(l.secCalls) / width : 0);
        l.secCalls = 0;
    }
    if (m_secMeasured)
        m_latency.merge(m_secLatency);
    m_secOffered = m_secOk = m_secFailed = 0;
    m_secDegraded = m_secWork = m_secWasted = 0;
    std::fill(std::begin(m_secErrors), std::end(m_secErrors), 0);
    m_secLatency.clear();
    m_tickStart = m_now;
    m_secMeasured = m_tickStart >= m_cfg.warmup;
    m_timeline.push_back(std::move(p));
    if (m_onTick) {
        collectTickChanges();
        m_onTick(m_timeline.back(), m_tickChanges);
    }
    if (m_cfg.cancel && m_cfg.cancel->load(std::memory_order_relaxed)) {
        m_cancelled = true;
        m_stop = true;
        return;
    }
    if (m_now >= m_cfg.duration)
        m_stop = true;
    else
        m_events.push(std::min(m_now + 1.0, m_cfg.duration), EventType::Tick, 0, 0);
}

ReplicationOutput Engine::collect()
{
    ReplicationOutput out;
    if (m_secMeasured && m_cancelled)
        m_latency.merge(m_secLatency); // the unfinished second of a cancelled run
    const double window = std::max(m_now - m_cfg.warmup, 1e-12);
    uint64_t offered = 0, succeeded = 0, degraded = 0, failed = 0, work = 0, wasted = 0;
    uint64_t errors[kReasonCount] = {};
    for (const NodeState &s : m_nodes) {
        offered += s.offered;
        succeeded += s.succeeded;
        degraded += s.degraded;
        failed += s.failed;
        for (int r = 0; r < kReasonCount; ++r)
            errors[r] += s.errors[r];
        work += s.completed;
        wasted += s.wasted;
    }
    fillSummary(out.summary, offered, succeeded, degraded, failed, m_latency, window);
    fillFailureFigures(out.summary, errors, work, wasted, window);
    for (size_t n = 0; n < m_nodes.size(); ++n) {
        if (!m_net.nodes[n].isClient)
            continue;
        const NodeState &c = m_nodes[n];
        ClientFigures f;
        f.id = m_net.nodes[n].id;
        fillSummary(f.figures, c.offered, c.succeeded, c.degraded, c.failed,
                    m_singleClient ? m_latency : c.latency, window);
        fillFailureFigures(f.figures, c.errors, work, wasted, window);
        out.clients.push_back(std::move(f));
    }

    for (size_t n = 0; n < m_nodes.size(); ++n) {
        const NodeDef &d = m_net.nodes[n];
        if (d.isClient)
            continue;
        NodeState &s = m_nodes[n];
        integrate(s);
        ComponentFigures c;
        c.id = d.id;
        c.arrivals.value = static_cast<double>(s.arrivals);
        c.throughput_rps.value = static_cast<double>(s.completed) / window;
        c.utilization.value = utilizationSince(static_cast<uint32_t>(n), s.busyAtWarmup,
                                               s.servingAtWarmup, window);
        if (const int32_t sc = m_scalerOf[n]; sc >= 0) {
            Scaler &scaler = m_scalers[static_cast<size_t>(sc)];
            integrateReplicas(scaler);
            c.replicas.value = (scaler.replicaArea - scaler.replicaAtWarmup) / window;
        } else {
            c.replicas.value = d.replicas;
        }
        c.queue_mean.value = (s.queueArea - s.queueAtWarmup) / window;
        c.rejected.value = static_cast<double>(s.rejected);
        c.goodput_rps.value = static_cast<double>(s.completed - s.wasted) / window;
        c.wasted.value = static_cast<double>(s.wasted);
        c.shed.value = static_cast<double>(s.shed);
        c.refused.value = static_cast<double>(s.refused);
        c.rate_limited.value = static_cast<double>(s.rateLimited);
        if (s.started > 0) {
            const double started = static_cast<double>(s.started);
            c.wait_probability.value = static_cast<double>(s.queuedStarts) / started;
            c.wait_ms.value = s.waitSum / started * 1000.0;
        }
        fillLatency(c.latency_ms, s.latency);
        if (d.cache >= 0)
            m_caches.figures(static_cast<uint32_t>(d.cache), c.cache.emplace());
        out.components.push_back(std::move(c));
    }
    for (size_t l = 0; l < m_links.size(); ++l) {
        LinkFigures f;
        f.id = m_net.linkIds[l];
        f.calls.value = static_cast<double>(m_links[l].calls);
        f.failures.value = static_cast<double>(m_links[l].failures);
        f.retries.value = static_cast<double>(m_links[l].retries);
        f.timeouts.value = static_cast<double>(m_links[l].timeouts);
        f.short_circuited.value = static_cast<double>(m_links[l].shortCircuited);
        f.rate_limited.value = static_cast<double>(m_links[l].rateLimited);
        if (m_linkRt[l].breaker)
            f.breaker_open_s.value =
                (m_linkRt[l].breaker->openTimeMs(m_now * 1000.0) - m_linkRt[l].openAtWarmupMs) /
                1000.0;
        out.links.push_back(std::move(f));
    }
    out.timeline = std::move(m_timeline);
    fillAvailability(out);
    fillSlos(out);
    collectData(out);
    collectJobs(out);
    collectRefreshes(out);
    collectChanges(out);
    out.events = m_eventCount;
    out.peakInFlight = m_peakInFlight;
    out.plain = m_plain;
    out.cancelled = m_cancelled;
    out.error = m_error;
    return out;
}

} // namespace archsim::simulator::engine
