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

#include "autoscale.h"
#include "engine/caches.h"
#include "engine/eventqueue.h"
#include "engine/failures.h"
#include "engine/linkstate.h"
#include "engine/network.h"
#include "engine/ringqueue.h"
#include "stream/streamkernel.h"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

// The two handlers that run for every visit (an arrival, a service completion) have every call
// they make inlined into them (GCC and Clang): about 6% fewer instructions per customer on an
// M/M/1 (docs/PERFORMANCE.md). Other compilers ignore it and only lose that speed.
#if defined(__GNUC__)
#define ARCHSIM_HOT_HANDLER [[gnu::flatten]]
#define ARCHSIM_NOINLINE [[gnu::noinline]]
#else
#define ARCHSIM_HOT_HANDLER
#define ARCHSIM_NOINLINE
#endif

namespace archsim::simulator::stream {
class Kernel;
}

namespace archsim::simulator::engine {

struct RunConfig {
    double duration = 600;
    double warmup = 0;
    uint64_t seed = 1;       // the base seed of the run
    uint32_t replication = 0;
    uint64_t maxInFlight = 2'000'000;
    uint64_t maxCacheEntries = 20'000'000; // keys held or written per cache
    const std::atomic<bool> *cancel = nullptr;
    const FailurePlan *failures = nullptr; // scenario events; null = none
    bool generalKernel = false; // never the plain instantiation (tests)
    // The model's streams and queues (non-empty): the stream kernel runs inside the engine's
    // event loop (docs/streams.md, "Coupled with the engine"); null = none.
    const stream::StreamNet *streams = nullptr;
};

// The figures of one replication (each Estimate holds one value) and its timeline.
struct ReplicationOutput {
    SummaryFigures summary;
    std::vector<ClientFigures> clients;
    std::vector<ComponentFigures> components; // stations (model order)
    std::vector<LinkFigures> links;
    std::vector<TimelinePoint> timeline;
    std::vector<StateChange> changes; // in time order
    std::vector<SloFigures> slos;     // clients with an slo, in model order
    std::vector<DatabaseDataFigures> databases; // in model order
    std::vector<DataLoss> losses;     // in time order
    std::vector<RandomFailure> randomFailures; // in time order
    std::vector<JobFigures> jobs;     // in model order
    std::vector<ViewFigures> views;   // per Network::refreshes
    std::vector<std::vector<double>> jobRuns; // per job: durations of the runs in the window
    stream::StreamOutput streams; // the stream kernel's figures (RunConfig::streams)
    uint64_t events = 0;
    uint64_t peakInFlight = 0;
    bool plain = false; // ran the plain instantiation of the hot handlers
    bool cancelled = false;
    std::string error; // why the run stopped early (overload); empty when it completed
};

// Sets the mean, nearest-rank p95 and largest of durations `d` (left alone when empty).
void fillDurations(std::vector<double> d, Estimate &mean, Estimate &p95, Estimate &max);

// Called at the end of every simulated second with that second's point and state changes.
using TickFn = std::function<void(const TimelinePoint &, const std::vector<StateChange> &)>;

class Engine : private stream::Host {
public:
    Engine(const Network &net, const RunConfig &config, TickFn onTick = {});
    ~Engine();

    // Runs the replication to the end (or cancellation) and returns its figures.
    ReplicationOutput run();

private:
    // Hung: a call lost in a hanging partition; only its caller's timeout ends it.
    enum class VisitState : uint8_t { Queued, InService, Calling, Done, Hung };

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
        bool bypass = false;      // a read that fell through a cache to its fill path
        // resilience (engine/linkstate.cpp)
        bool orphaned = false;    // the caller stopped waiting (timeout): its work is wasted
        bool permitted = false;   // the attempt holds a circuit breaker permission
        uint8_t attempt = 0;      // 0 = first try, k = k-th retry
        Reason reason = Reason::None;
        uint32_t rootGen = 0;     // the root's generation when this visit was created
        float prevDelayMs = 0;    // the backoff before this attempt (decorrelated jitter)
        double deadline = kNoDeadline; // propagated deadline; queued work past it may be shed
    };
    static constexpr double kNoDeadline = 1e300;
    // Returns true when visit `v` (contents `x`) is its request's root. A visit's root index
    // may name a freed slot, even `v` itself once reused: the generation tells them apart.
    static bool isRoot(const Visit &x, uint32_t v) { return x.root == v && x.rootGen == x.gen; }

    struct Group {
        RingQueue waiting;
        int busy = 0;
        int servers = 0;          // servers of the replicas that are up
    };

    struct NodeState {
        std::vector<Group> groups;
        uint32_t roundRobin = 0;
        Rng serviceRng;
        Rng routeRng;
        Rng balanceRng;
        Rng arrivalRng;           // clients
        // The next draws of the arrival and service streams, made one use ahead: the event that
        // needs one does not wait for the logarithm (tens of cycles), which overlaps with the
        // rest of the event instead. Each stream's draws are used in the same order as before.
        double nextLogU = 0;      // clients: ln U for the next inter-arrival time
        double nextService = 0;   // stations: the next service time, seconds
        double rate = 0;          // clients: current rate
        double meanGap = 0;       // clients: 1 / rate
        size_t nextProfile = 0;   // clients: next profile point
        uint32_t arrivalGen = 0;  // clients: invalidates a pending arrival on a rate change
        int servers = 0;          // per group, all replicas up
        double slow = 1.0;        // service time factor (slow events)
        double loadFactor = 1.0;  // clients: rate factor (load events)
        RingQueue parked;         // pooled: arrivals held by a hung replica
        uint64_t wasted = 0;      // completions nobody waited for (measured window)
        uint64_t shed = 0;
        uint64_t refused = 0;
        uint64_t secArrivals = 0; // arrivals in the current simulated second
        // time integrals (never reset; warm-up and ticks take snapshots)
        double lastT = 0;
        double busyArea = 0;
        double queueArea = 0;
        // busy servers and waiting visits, as doubles: integrate() multiplies them per event
        double busyTotal = 0;
        double waitingTotal = 0;
        double busyAtWarmup = 0;
        double queueAtWarmup = 0;
        double busyAtTick = 0;
        // servers of the replicas that serve, integrated over time (autoscaled stations'
        // utilization); changed only by applyHealth, so it is integrated there
        double servingNow = 0;
        double servingArea = 0;
        double servingLastT = 0;
        double servingAtWarmup = 0;
        double servingAtTick = 0;
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
        uint64_t errors[kReasonCount] = {}; // failed, by reason
        uint64_t reqMeasured = 0;   // availability: requests created after the warm-up
        uint64_t reqOkMeasured = 0; // of which succeeded
        uint64_t reqFastMeasured = 0; // of which within the client's slo latency
        uint64_t rateLimited = 0;   // gateways: arrivals refused by the token bucket
        LogHistogram latency;
    };

    struct LinkState {
        uint64_t calls = 0;
        uint64_t failures = 0;
        uint64_t retries = 0;
        uint64_t timeouts = 0;
        uint64_t shortCircuited = 0;
        uint64_t rateLimited = 0;
        uint64_t secCalls = 0;     // attempts in the current simulated second (always counted)
        size_t transitionsTicked = 0; // breaker transitions already reported by a tick
    };

    // One database's replication and loss bookkeeping (engine/data.cpp).
    struct DataState {
        Rng rng;                           // replica lags and remote_apply waits
        std::vector<double> lastApply;     // per replica: its latest apply (FIFO apply rate)
        // Writes some replica has not applied yet (or may not have), oldest first: their
        // commit times and, `replicas` per write, their apply times. Sequence numbers count
        // every write; pendingBase is the sequence of the front.
        std::deque<double> pendingCommit;
        std::deque<double> pendingApply;
        uint64_t pendingBase = 0;
        std::unordered_map<uint64_t, uint64_t> lastWrite; // (root, gen) -> its latest write
        std::vector<double> commits;       // every commit time (kept for data_loss events)
        bool logCommits = false;
        bool inDataLoss = false;           // a data_loss holds it down: no crash record
        int32_t crashLoss = -1;            // the loss record of the primary that went down
        std::vector<uint32_t> openLosses;  // loss records waiting for the next commit (RTO)
        uint64_t writes = 0;               // measured window
        uint64_t replicaReads = 0;
        uint64_t staleReads = 0;
        uint32_t secReplicaReads = 0;      // this second (warm-up included)
        uint32_t secStaleReads = 0;
        uint64_t lostWrites = 0;
        uint64_t commitsTotal = 0;         // every commit of the run (incremental jobs)
        LogHistogram lag;                  // seconds, measured window
        double secMaxLag = 0;              // this second's largest lag (seconds)
    };

    // The age of the data a sink or view holds: now minus `asOf`, integrated over the measured
    // window (engine/jobs.cpp).
    struct Staleness {
        double asOf = 0;          // the newest source data held
        double area = 0;          // integral of the staleness over the window
        double max = 0;
        double lastT = 0;         // integrated up to here
        double secMax = 0;        // this second's largest staleness
    };

    // One job's runs, batches in flight and sink staleness (engine/jobs.cpp).
    struct JobState {
        bool running = false;
        double runStart = 0;
        int64_t rowsLeft = 0;     // rows of the run not released yet
        int64_t moved = 0;        // rows of the run that reached the sink
        int inFlight = 0;         // batches released and not done
        uint32_t runGen = 0;      // invalidates a pending JobRelease
        bool releasePending = false;
        double releaseAt = 0;     // pacing: the next batch goes no earlier
        uint64_t sourceMark = 0;  // incremental: the source's commits at the last start
        Staleness stale;          // the sink's: as of the start of the last finished run
        // batches in flight: (root visit, its generation, rows)
        struct Batch {
            uint32_t visit;
            uint32_t gen;
            int64_t rows;
        };
        std::vector<Batch> batches;
        // measured window
        uint64_t runs = 0;
        uint64_t skipped = 0;
        uint64_t rows = 0;
        uint64_t failedBatches = 0;
        std::vector<double> durations;
    };

    // One materialized view refresh's runs, lock and staleness (engine/refresh.cpp).
    struct RefreshState {
        bool running = false;
        double due = 0;           // when the running refresh was due (its data's time)
        uint32_t visit = kNone;   // the running refresh's visit and generation
        uint32_t gen = 0;
        double lockEnd = -1;      // without CONCURRENTLY: readers wait until here
        Staleness stale;          // the view's: as of the start of the last finished refresh
        // measured window
        uint64_t refreshes = 0;
        uint64_t skipped = 0;
        uint64_t failed = 0;
        std::vector<double> durations;
        uint64_t reads = 0;
        double ageSum = 0;
        double ageMax = 0;
        uint64_t blocked = 0;
        double waitSum = 0;
        double waitMax = 0;
    };

    // A retry waiting for its backoff to pass.
    struct PendingRetry {
        uint32_t parent = 0;
        uint32_t parentGen = 0;
        uint32_t call = 0;
        uint32_t gen = 0;
        uint8_t attempt = 0;
        float delayMs = 0;
    };

    // One autoscaled station's controller and replica slots (engine/scaling.cpp).
    struct Scaler {
        uint32_t node = 0;
        HpaController hpa;
        std::vector<uint8_t> slot;     // per replica slot: kSlotOff, kSlotStarting, kSlotActive
        std::vector<uint32_t> slotGen; // invalidates a pending ScaleReady
        int replicas = 0;              // the controller's count (starting replicas included)
        double busyAtSync = 0;
        double servingAtSync = 0;
        double replicaArea = 0;        // replicas x seconds, for the mean over the window
        double replicaLastT = 0;
        double replicaAtWarmup = 0;
        explicit Scaler(const model::Autoscale &a) : hpa(a) {}
    };
    static constexpr uint8_t kSlotOff = 0;
    static constexpr uint8_t kSlotStarting = 1;
    static constexpr uint8_t kSlotActive = 2;

    // True when the run uses none of: failures, timeouts, retries, breakers, caches,
    // databases, load shedding. The event loop then runs the kPlain instantiation of the hot
    // handlers, compiled without the checks for those features (docs/PERFORMANCE.md).
    bool isPlain() const;
    template <bool kPlain> void loop();
    // Runs an event other than the hot ServiceDone and Arrival.
    void dispatchOther(const Event &e);
    // clients
    void scheduleArrival(uint32_t node)
    {
        NodeState &s = m_nodes[node];
        if (s.rate > 0 && s.loadFactor > 0) {
            // -meanGap * ln U, as sampleExponential computes it, with ln U drawn one arrival
            // ahead (see nextLogU).
            m_events.push(m_now + -s.meanGap * s.nextLogU, EventType::Arrival, node,
                          s.arrivalGen);
            s.nextLogU = std::log(s.arrivalRng.uniformPositive());
        }
    }
    // Returns the station's next service time (before the slow factor) and draws the one after.
    double takeService(NodeState &s, const NodeDef &d)
    {
        const double t = s.nextService;
        s.nextService = d.service.sample(s.serviceRng);
        return t;
    }
    void onArrival(uint32_t node, uint32_t gen);
    template <bool kPlain> ARCHSIM_HOT_HANDLER void onArrivalT(uint32_t node, uint32_t gen);
    void onRateChange(uint32_t node);
    // visits
    uint32_t allocVisit()
    {
        uint32_t v;
        if (!m_freeVisits.empty()) {
            v = m_freeVisits.back();
            m_freeVisits.pop_back();
        } else {
            v = static_cast<uint32_t>(m_visits.size());
            m_visits.emplace_back();
        }
        if (++m_inFlight > m_peakInFlight)
            m_peakInFlight = m_inFlight;
        return v;
    }
    void freeVisit(uint32_t v)
    {
        Visit &x = m_visits[v];
        ++x.gen; // events still pointing at this slot are now stale
        x.state = VisitState::Done;
        m_freeVisits.push_back(v);
        --m_inFlight;
    }
    ARCHSIM_NOINLINE void reportOverload();
    ARCHSIM_NOINLINE void reportCacheOverflow();
    // The visit state machine. Each xT<kPlain> is the body; x() is the general instantiation
    // for callers outside the hot handlers.
    uint32_t arrive(uint32_t node, uint32_t root, uint32_t parent, uint32_t viaCall,
                    uint16_t depth);
    template <bool kPlain>
    uint32_t arriveT(uint32_t node, uint32_t root, uint32_t parent, uint32_t viaCall,
                     uint16_t depth);
    void startService(uint32_t v, bool queued);
    template <bool kPlain> void startServiceT(uint32_t v, bool queued);
    void onServiceDone(uint32_t v);
    template <bool kPlain> ARCHSIM_HOT_HANDLER void onServiceDoneT(uint32_t v);
    template <bool kPlain> void releaseServerT(uint32_t v);
    void beginCalls(uint32_t v);
    template <bool kPlain> void beginCallsT(uint32_t v);
    template <bool kPlain> void continueSequentialT(uint32_t v);
    template <bool kPlain> void spawnT(uint32_t v, uint32_t call);
    void onChildDone(uint32_t parent, bool failed, uint32_t viaCall, Reason reason);
    template <bool kPlain>
    void onChildDoneT(uint32_t parent, bool failed, uint32_t viaCall, Reason reason);
    void finishVisit(uint32_t v);
    void releaseServer(uint32_t v);
    template <bool kPlain> void finishVisitT(uint32_t v);
    void finishRequest(double arrival, bool failed, bool degraded, Reason reason,
                       uint32_t client);
    // resilience per link (engine/linkstate.cpp)
    void initLinks();
    void startAttempt(uint32_t v, uint32_t call, uint8_t attempt, float prevDelayMs);
    // A fresh visit at `call`'s callee for `parent` that does not go through arrive() (a
    // refused, hung or fallen-through call); kNone when the run stops (overload).
    uint32_t newChildVisit(uint32_t parent, uint32_t call, uint16_t depth);
    uint32_t failFast(uint32_t parent, uint32_t call, Reason reason, uint16_t depth);
    void onAttemptDone(const Visit &x);
    void onTimeout(uint32_t v);
    bool maybeRetry(uint32_t parent, uint32_t call, uint8_t attempt, float prevDelayMs,
                    Reason reason);
    void onRetryFire(uint32_t rec, uint32_t gen);
    bool abandoned(uint32_t v) const;
    // rate limits (engine/linkstate.cpp): the client whose request visit `v` serves (kNone
    // when unknown), and the bucket key of a call under `limiter`
    uint32_t clientOf(uint32_t v) const;
    uint64_t rateKey(const RateLimiter &limiter, Rng &keyRng, uint32_t v) const;
    // failures and availability (engine/failures.cpp)
    void initFailures();
    int routeArrival(uint32_t node, uint32_t viaCall);
    void onFailureAction(uint32_t index);
    void onRandomFailure(uint32_t replica, bool repair);
    void onFailover(uint32_t node, uint32_t gen);
    void changeReplica(uint32_t node, int replica, model::CrashMode mode, int delta);
    void applyHealth(uint32_t node);
    void promote(uint32_t node);
    void startQueued(uint32_t node, uint16_t group);
    uint32_t popRunnable(uint32_t node, uint16_t group);
    void flushQueue(uint32_t node, uint16_t group, Reason reason);
    void failVisitNow(uint32_t v, Reason reason);
    void setClientLoad(uint32_t node);
    void record(const char *kind, const std::string &target, int replica, uint32_t event);
    // replication, backups and data losses (engine/data.cpp)
    void initData();
    // The time a write waits at commit for a replica (sync modes), seconds.
    double commitWait(uint32_t node);
    // A write finished its service at database `node`: it is committed.
    void onCommit(uint32_t v);
    // A read reached replica `group` of database `node`; counts it, and whether it is stale.
    void onDataRead(uint32_t v, uint16_t group);
    void onPrimaryLost(uint32_t node);
    void onPromoted(uint32_t node, int replica);
    void onDataLoss(uint32_t node, bool begin);
    // A region outage's recovery in the other region (FailureAction::regionLoss): the stack,
    // or one database restored from its backups there, as of the outage's start.
    void onRegionRecovery(const FailureAction &a);
    void restoreElsewhere(uint32_t node, double lostAt);
    void tickData(TimelinePoint &p);
    void collectData(ReplicationOutput &out);
    // jobs (engine/jobs.cpp)
    void initJobs();
    void onJobStart(uint32_t job);
    void onJobRelease(uint32_t job, uint32_t gen);
    // Releases the job's next batches as far as pacing and parallelism allow.
    void releaseBatches(uint32_t job);
    // Batch root visit `visit` (generation `gen`) of `job` finished.
    void onJobBatchDone(uint32_t job, uint32_t visit, uint32_t gen, bool failed);
    void finishRun(uint32_t job);
    // Integrates a staleness up to now (measured window only).
    void integrateStaleness(Staleness &st);
    // Returns the service time of visit `x` made by a job's call: its batch's rows x cost.
    double jobVisitService(const Visit &x, double drawn) const;
    void tickJobs(TimelinePoint &p);
    void collectJobs(ReplicationOutput &out);
    // materialized view refreshes (engine/refresh.cpp)
    void initRefreshes();
    void onRefreshStart(uint32_t refresh);
    // Returns the service time of refresh visit `v` at database `node` and takes its lock.
    double refreshService(uint32_t node, uint32_t v);
    // Refresh visit `v` (generation `gen`) at database `node` finished.
    void onRefreshDone(uint32_t node, uint32_t v, uint32_t gen, bool failed);
    // Returns how long a read over `call` waits for refreshes without CONCURRENTLY, seconds,
    // and records the age of the rows it reads.
    double viewRead(const CallDef &call);
    void tickRefreshes(TimelinePoint &p);
    void collectRefreshes(ReplicationOutput &out);
    // the stream kernel inside the loop (engine/streams.cpp)
    void initStreams();
    // A detached publish over `call` is offered to the kernel (when it reads the target).
    void offerDetached(const CallDef &call);
    // Visit `v` at a bounded queue (CallDef::backpressure) finished its service: the queue
    // accepts, rejects or blocks the message, and the caller hears which.
    void offerWaited(uint32_t v);
    // A consumer's processing visit `v` ended: tells the kernel. False when `v` is not one.
    bool workVisitDone(uint32_t v, const Visit &x);
    void startWork(uint32_t consumer, uint32_t gen, uint32_t node) override;
    void publishStored(uint64_t ticket) override;
    // autoscaling (engine/scaling.cpp)
    void initScalers();
    // Initializes the gateways' token buckets and the clients' SLO counters.
    void initOperations();
    // Takes a token of gateway `node`'s bucket for the arriving visit `v`.
    bool takeGatewayToken(uint32_t node, uint32_t v);
    // Fills the SLO figures and the burn rate of each timeline second.
    void fillSlos(ReplicationOutput &out);
    // Appends the provisional burn rate of the second that ends now (requests of that second
    // still in flight are not counted yet; fillSlos() gives the final figures).
    void tickBurnRates(TimelinePoint &p);
    void secondBurnRates(size_t sec, TimelinePoint &p) const;
    void onAutoscaleSync(uint32_t scaler);
    void onScaleReady(uint32_t replica, uint32_t gen);
    void scaleTo(Scaler &sc, int replicas);
    void drainReplica(uint32_t node, int replica);
    void integrateServing(NodeState &s)
    {
        s.servingArea += s.servingNow * (m_now - s.servingLastT);
        s.servingLastT = m_now;
    }
    void integrateReplicas(Scaler &sc)
    {
        sc.replicaArea += sc.replicas * (m_now - sc.replicaLastT);
        sc.replicaLastT = m_now;
    }
    // Returns the utilization of node `n` over [since, now]: busy server time over the serving
    // servers' time for an autoscaled station, over all its servers' time otherwise.
    double utilizationSince(uint32_t n, double busySince, double servingSince, double width);
    // requests and availability
    // Counts a new request of `client` for the availability figures.
    void countRequest(uint32_t client)
    {
        const auto sec = static_cast<size_t>(m_now);
        if (sec < m_availArrived.size())
            ++m_availArrived[sec];
        if (!m_sloOf.empty() && m_sloOf[client] >= 0 && sec < m_availArrived.size())
            ++m_sloArrived[static_cast<size_t>(m_sloOf[client])][sec];
        if (m_now >= m_cfg.warmup)
            ++m_nodes[client].reqMeasured;
    }
    void fillAvailability(ReplicationOutput &out);
    void collectChanges(ReplicationOutput &out);
    // caches (engine/caches.h)
    bool skipCall(uint32_t v, uint32_t call) const
    {
        // A read that fell through a cache makes the fill calls only.
        return m_net.calls[call].fill ? !m_caches.missed(v) : m_visits[v].bypass;
    }
    // A finished visit's cache work: a cache station's fill (answering coalesced reads), a
    // committed write's invalidations. Most visits have none: the test is inline.
    void cacheVisitDone(uint32_t v, const Visit &x)
    {
        if (m_cacheWork && (m_net.nodes[x.node].cache >= 0 ||
            (!x.failed && x.viaCall != kNone && m_net.calls[x.viaCall].invalidationCount > 0)))
            cacheWork(v, x);
    }
    void cacheWork(uint32_t v, const Visit &x);
    bool fallThrough(uint32_t parent, uint32_t call, bool cacheAnswered);
    // statistics
    void integrate(NodeState &s)
    {
        const double dt = m_now - s.lastT;
        s.busyArea += s.busyTotal * dt;
        s.queueArea += s.waitingTotal * dt;
        s.lastT = m_now;
    }
    void onWarmupEnd();
    void onTick();
    void collectTickChanges();
    ReplicationOutput collect();

    const Network &m_net;
    RunConfig m_cfg;
    TickFn m_onTick;
    EventQueue m_events;
    std::vector<Visit> m_visits;
    std::vector<uint32_t> m_freeVisits;
    std::vector<NodeState> m_nodes;
    std::vector<LinkState> m_links;
    std::vector<LinkRuntime> m_linkRt;
    std::vector<PendingRetry> m_retryRecs;
    std::vector<uint32_t> m_freeRetries;
    bool m_canAbandon = false;   // some call has a timeout: visits may be orphaned
    bool m_cacheWork = false;    // the model has caches or writes that invalidate them
    bool m_plain = false;        // the run uses the plain instantiation (isPlain())
    // failures
    const FailurePlan *m_plan = nullptr;
    bool m_failuresActive = false;
    std::vector<NodeHealth> m_health;
    std::vector<uint32_t> m_replicaBase; // first global replica index of each node
    std::vector<uint32_t> m_replicaNode; // global replica index -> node
    std::vector<Rng> m_failRng;          // per node: random failure times
    std::vector<StateChange> m_changes;
    std::vector<RandomFailure> m_randomFailures;
    // per FailurePlan::regionLosses, per node: recovery moved it out of the lost region (the
    // region's return leaves it alone)
    std::vector<std::vector<uint8_t>> m_regionMoved;
    std::vector<Scaler> m_scalers;       // autoscaled stations, in model order
    std::vector<std::optional<RateLimiter>> m_nodeLimiters; // gateways' buckets, by node
    std::vector<Rng> m_nodeKeyRng;       // gateways with a per-key limit: the key of a request
    // service level objectives: node -> index (-1 = none); requests created and succeeded per
    // second of each client with an slo
    std::vector<int32_t> m_sloOf;
    std::vector<std::vector<uint32_t>> m_sloArrived;
    std::vector<std::vector<uint32_t>> m_sloOk;
    std::vector<int32_t> m_scalerOf;     // node -> index in m_scalers, or -1
    // availability by arrival second
    std::vector<uint32_t> m_availArrived;
    std::vector<uint32_t> m_availOk;
    CacheRuntime m_caches;
    std::vector<DataState> m_data;       // per Network::databases
    std::vector<DataLoss> m_losses;
    std::vector<JobState> m_jobs;        // per Network::jobs
    std::vector<RefreshState> m_refreshes; // per Network::refreshes
    uint32_t m_arrivingRefresh = kNone;    // the refresh whose visit arrive() is making
    std::vector<uint32_t> m_waiters; // scratch: coalesced reads answered by one fill
    // the stream kernel (RunConfig::streams): its publish source per model link (-1 = none:
    // not read by consumers, or a consumer's publish the kernel makes itself), and per visit
    // slot the consumer whose message a processing visit works on
    std::unique_ptr<stream::Kernel> m_kernel;
    std::vector<int32_t> m_sourceOf;
    struct WorkRef {
        uint32_t visitGen = kNone; // the visit's generation; kNone = not a processing visit
        uint32_t consumer = 0;
        uint32_t gen = 0;          // the consumer's generation
    };
    std::vector<WorkRef> m_work;
    double m_now = 0;
    bool m_measuring = false;
    bool m_stop = false;
    uint64_t m_inFlight = 0;
    uint64_t m_peakInFlight = 0;
    uint64_t m_eventCount = 0;
    std::string m_error;
    bool m_cancelled = false;
    // summary over the measured window (the request counts are the clients' sums)
    LogHistogram m_latency;
    // the current simulated second
    double m_tickStart = 0;
    uint64_t m_secOffered = 0;
    uint64_t m_secOk = 0;
    uint64_t m_secFailed = 0;
    uint64_t m_secDegraded = 0;
    uint64_t m_secWork = 0;
    uint64_t m_secWasted = 0;
    uint64_t m_secErrors[kReasonCount] = {};
    LogHistogram m_secLatency;
    size_t m_changesTicked = 0;              // m_changes already reported by a tick
    std::vector<StateChange> m_tickChanges;  // scratch: this second's state changes
    // The current second lies wholly in the measured window: its latencies reach m_latency by
    // one merge at the end of the second instead of a second record per request.
    bool m_secMeasured = false;
    // With one client its figures are the summary's: no second record per request.
    bool m_singleClient = false;
    std::vector<TimelinePoint> m_timeline;
};

} // namespace archsim::simulator::engine
