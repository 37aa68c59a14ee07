#pragma once

// One replication of the load simulation: the visit state machine over the event queue.
//
// A request is a tree of visits. The root visit sits at the client; each call over a link
// creates a child visit at the callee. A station visit moves through
//   Queued -> InService -> Calling -> (respond to parent)
// or is rejected at arrival (queue at its limit), which answers the caller with an error on a
// Respond event at the same instant (never re-entrantly). The states, the event types and the
// per-link counters are where timeouts, retries, breakers and crashes (issue 6) and cache hits
// and misses (issue 7) attach.

#include "archsim/simulator/histogram.h"
#include "archsim/simulator/random.h"
#include "archsim/simulator/simulation.h"

#include "engine/caches.h"
#include "engine/eventqueue.h"
#include "engine/network.h"
#include "engine/ringqueue.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace archsim::simulator::engine {

struct RunConfig {
    double duration = 600;
    double warmup = 0;
    uint64_t seed = 1;       // the base seed of the run
    uint32_t replication = 0;
    uint64_t maxInFlight = 2'000'000;
    const std::atomic<bool> *cancel = nullptr;
};

// The figures of one replication (each Estimate holds one value) and its timeline.
struct ReplicationOutput {
    SummaryFigures summary;
    std::vector<ClientFigures> clients;
    std::vector<ComponentFigures> components; // stations (model order)
    std::vector<LinkFigures> links;
    std::vector<TimelinePoint> timeline;
    uint64_t events = 0;
    uint64_t peakInFlight = 0;
    bool cancelled = false;
    std::string error; // why the run stopped early (overload); empty when it completed
};

// Called at the end of every simulated second with that second's point.
using TickFn = std::function<void(const TimelinePoint &)>;

class Engine {
public:
    Engine(const Network &net, const RunConfig &config, TickFn onTick = {});

    // Runs the replication to the end (or cancellation) and returns its figures.
    ReplicationOutput run();

private:
    enum class VisitState : uint8_t { Queued, InService, Calling, Done };

    struct Visit {
        double arrival = 0;
        uint32_t root = kNone;    // the visit at the client (itself for a root)
        uint32_t parent = kNone;  // the caller's visit; kNone for roots and detached visits
        uint32_t node = 0;
        uint32_t viaCall = kNone; // the call (index in Network::calls) that created it
        uint32_t gen = 0;
        uint32_t nextCall = 0;    // sequential fan-out: next call to consider
        uint32_t pending = 0;     // parallel fan-out: children still out
        uint16_t group = 0;       // queue group (pooled: 0; per replica: the replica)
        uint16_t depth = 0;
        VisitState state = VisitState::Queued;
        bool holdsServer = false;
        bool failed = false;
        bool degraded = false;    // roots: a call failed into a degrade fallback
    };

    struct Group {
        RingQueue waiting;
        int busy = 0;
    };

    struct NodeState {
        std::vector<Group> groups;
        uint32_t roundRobin = 0;
        Rng serviceRng;
        Rng routeRng;
        Rng balanceRng;
        Rng arrivalRng;           // clients
        double rate = 0;          // clients: current rate
        double meanGap = 0;       // clients: 1 / rate
        size_t nextProfile = 0;   // clients: next profile point
        uint32_t arrivalGen = 0;  // clients: invalidates a pending arrival on a rate change
        int servers = 0;          // per group
        // time integrals (never reset; warm-up and ticks take snapshots)
        double lastT = 0;
        double busyArea = 0;
        double queueArea = 0;
        int busyTotal = 0;
        int64_t waitingTotal = 0;
        double busyAtWarmup = 0;
        double queueAtWarmup = 0;
        double busyAtTick = 0;
        // counters over the measured window
        uint64_t arrivals = 0;
        uint64_t completed = 0;
        uint64_t rejected = 0;
        uint64_t started = 0;     // services started
        uint64_t queuedStarts = 0; // of which had to wait
        double waitSum = 0;       // seconds waited before service
        // clients: requests created and finished in the window, by outcome; latency above
        uint64_t offered = 0;
        uint64_t succeeded = 0;
        uint64_t degraded = 0;
        uint64_t failed = 0;
        LogHistogram latency;
    };

    struct LinkState {
        uint64_t calls = 0;
        uint64_t failures = 0;
    };

    // clients
    void scheduleArrival(uint32_t node);
    void onArrival(uint32_t node, uint32_t gen);
    void onRateChange(uint32_t node);
    // visits
    uint32_t allocVisit();
    void freeVisit(uint32_t v);
    void reportOverload();
    void arrive(uint32_t node, uint32_t root, uint32_t parent, uint32_t viaCall, uint16_t depth);
    void startService(uint32_t v, bool queued);
    void onServiceDone(uint32_t v);
    void releaseServer(uint32_t v);
    void beginCalls(uint32_t v);
    void continueSequential(uint32_t v);
    void spawn(uint32_t v, uint32_t call);
    void onChildDone(uint32_t parent, bool failed, uint32_t viaCall);
    void finishVisit(uint32_t v);
    void finishRequest(const Visit &root, uint32_t client);
    // caches (engine/caches.h)
    bool skipCall(uint32_t v, uint32_t call) const
    {
        return m_net.calls[call].fill && !m_caches.missed(v);
    }
    void cacheVisitDone(uint32_t v, const Visit &x);
    // statistics
    void integrate(NodeState &s)
    {
        const double dt = m_now - s.lastT;
        s.busyArea += s.busyTotal * dt;
        s.queueArea += static_cast<double>(s.waitingTotal) * dt;
        s.lastT = m_now;
    }
    void onWarmupEnd();
    void onTick();
    ReplicationOutput collect();

    const Network &m_net;
    RunConfig m_cfg;
    TickFn m_onTick;
    EventQueue m_events;
    std::vector<Visit> m_visits;
    std::vector<uint32_t> m_freeVisits;
    std::vector<NodeState> m_nodes;
    std::vector<LinkState> m_links;
    CacheRuntime m_caches;
    std::vector<uint32_t> m_waiters; // scratch: coalesced reads answered by one fill
    double m_now = 0;
    bool m_measuring = false;
    bool m_stop = false;
    uint64_t m_inFlight = 0;
    uint64_t m_peakInFlight = 0;
    uint64_t m_eventCount = 0;
    std::string m_error;
    bool m_cancelled = false;
    // summary over the measured window
    uint64_t m_offered = 0;
    uint64_t m_succeeded = 0;
    uint64_t m_degraded = 0;
    uint64_t m_failed = 0;
    LogHistogram m_latency;
    // the current simulated second
    double m_tickStart = 0;
    uint64_t m_secOffered = 0;
    uint64_t m_secOk = 0;
    uint64_t m_secFailed = 0;
    LogHistogram m_secLatency;
    // The current second lies wholly in the measured window: its latencies reach m_latency by
    // one merge at the end of the second instead of a second record per request.
    bool m_secMeasured = false;
    // With one client its figures are the summary's: no second record per request.
    bool m_singleClient = false;
    std::vector<TimelinePoint> m_timeline;
};

} // namespace archsim::simulator::engine
