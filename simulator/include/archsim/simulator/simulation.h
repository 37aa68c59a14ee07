#pragma once

// The public entry point of the load simulator: run a model under a scenario for R independent
// replications on T threads and get per-figure means with 95% intervals. docs/simulation.md
// describes the semantics and every figure.

#include "archsim/simulator/stats.h"
#include "archsim/simulator/realtime.h"
#include "archsim/simulator/streams.h"

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace archsim::simulator {

// What to run. Unset optionals take the scenario's values (or Scenario's defaults).
struct SimulationOptions {
    std::string scenario;               // scenario id; empty = nominal load, no events
    std::optional<double> duration_s;   // simulated seconds, warm-up included
    std::optional<double> warmup_s;     // deleted from the statistics
    std::optional<uint64_t> seed;       // base seed; replication seeds derive from it
    int replications = 1;
    int threads = 1;                    // worker threads; results do not depend on it
    // Set to true (from any thread) to stop; runSimulation returns promptly with cancelled set.
    const std::atomic<bool> *cancel = nullptr;
    // A run stops with an error when this many visits are in the system at once (an overloaded
    // station with no queue_limit would otherwise grow without bound).
    uint64_t maxInFlight = 2'000'000;
    // A run stops with an error when one cache holds, or has seen written, more keys than this:
    // a store's memory follows the keys a run touches, about 100 bytes each (docs/caches.md).
    uint64_t maxCacheEntries = 20'000'000;
    // Tests: run the engine's general event handlers even when the model uses no failures,
    // timeouts, caches or databases (then a leaner instantiation runs; both must agree exactly).
    bool generalKernel = false;
};

// Latency figures of a set of completions, in milliseconds.
struct LatencyFigures {
    Estimate mean, p50, p90, p95, p99, p999, max;
};

// Failed requests by the reason that ended them (docs/failures.md).
struct ErrorFigures {
    Estimate rejected;        // a queue was at its queue_limit (or calls nested too deep)
    Estimate timeout;         // a caller stopped waiting at timeout_ms (or the deadline)
    Estimate refused;         // a crashed replica or a partitioned link refused the call
    Estimate short_circuited; // an open circuit breaker refused the call
    Estimate unavailable;     // a database write (or primary read) while the primary is down
    Estimate rate_limited;    // a token bucket had no token for the call (HTTP 429)
};

// End-to-end figures over the measured window [warmup_s, duration_s).
struct SummaryFigures {
    Estimate requests;       // requests that finished in the window
    Estimate succeeded;      // finished without error and not degraded
    Estimate degraded;       // finished through a degrade fallback
    Estimate failed;         // finished with an error (rejected somewhere on the path)
    Estimate offered_rps;    // client requests created per second
    Estimate throughput_rps; // (succeeded + degraded) per second
    Estimate error_rate;     // failed / requests
    // Share of the requests created in the window that succeeded (degraded included) within
    // the clients' timeouts; a request still unanswered at the end counts as failed.
    Estimate availability;
    Estimate work_rps;       // station visits completed per second, abandoned ones included
    Estimate wasted_rps;     // of which nobody waited for any more (the caller had given up)
    ErrorFigures errors;
    LatencyFigures latency_ms; // of succeeded and degraded requests
};

// The summary figures of one client's requests.
struct ClientFigures {
    std::string id;
    SummaryFigures figures;
};

// Figures of one key class of a cache over the measured window.
struct KeyClassFigures {
    std::string name;
    Estimate lookups;
    Estimate hit_ratio;   // hits (stale ones included) / lookups of this class
    Estimate stale_ratio; // stale hits / lookups of this class
};

// Figures of a cache or CDN station over the measured window (docs/caches.md).
struct CacheFigures {
    Estimate hit_ratio;         // hits (stale ones included) / lookups
    Estimate stale_ratio;       // stale hits / lookups
    Estimate stale_age_ms_p50;  // age of the data a stale hit returned
    Estimate stale_age_ms_p99;
    Estimate lookups;
    Estimate evictions;
    Estimate expirations;
    Estimate fills;
    Estimate invalidations;     // keys deleted or rewritten by writes
    Estimate fallthroughs;      // reads the cache did not answer, sent to its fill path
    bool pubsub = false;        // the cache's deletes come by pub/sub (the two figures below)
    Estimate pubsub_delivered;  // pub/sub invalidations that reached the cache
    Estimate pubsub_lost;       // pub/sub invalidations lost (at most once) or missed while down
    std::vector<KeyClassFigures> classes; // per key class of the model (none without classes)
};

// Figures of one station over the measured window.
struct ComponentFigures {
    std::string id;
    Estimate arrivals;       // visits that arrived (rejected ones included)
    Estimate throughput_rps; // visits that completed successfully, per second
    Estimate utilization;    // busy server-seconds / (servers x seconds)
    Estimate queue_mean;     // time-average number waiting (not in service)
    Estimate rejected;       // visits refused because the queue was at queue_limit
    Estimate wait_ms;        // mean time in the queue before service (zero waits included)
    Estimate wait_probability; // share of services that had to wait for a server
    Estimate goodput_rps;    // completed visits whose caller still waited, per second
    Estimate wasted;         // completed visits whose caller had given up (wasted work)
    Estimate shed;           // queued visits dropped by load_shedding (caller gone, deadline)
    Estimate refused;        // arrivals refused because no replica was up (or unavailable)
    Estimate replicas;       // mean replicas serving (autoscaled: as the autoscaler set them)
    Estimate rate_limited;   // gateway: arrivals refused by its token bucket (429)
    LatencyFigures latency_ms; // arrival to response, downstream calls included
    std::optional<CacheFigures> cache; // cache and CDN stations
};

// Figures of one link over the measured window.
struct LinkFigures {
    std::string id;
    Estimate calls;    // call attempts made over the link, retries included
    Estimate failures; // attempts that failed (error, timeout or short-circuit)
    Estimate retries;  // attempts that were retries
    Estimate timeouts; // attempts the caller stopped waiting for
    Estimate short_circuited; // attempts refused by the open breaker (never reach the callee)
    Estimate breaker_open_s;  // seconds the link's breaker spent open
    Estimate rate_limited;    // attempts refused by the link's token bucket (429)
};

// A client's service level objectives against what the run measured (docs/operations.md).
struct SloFigures {
    std::string client;
    double availability_objective = 0; // the model's objective
    Estimate availability;             // measured share of requests that succeeded
    double latency_ms = 0;             // threshold; 0 = no latency objective
    double latency_objective = 0;
    Estimate latency_attainment;       // measured share of requests answered within latency_ms
    // Error-budget burn rate over the window: (1 - measured) / (1 - objective); 1 spends the
    // budget exactly over the period.
    Estimate availability_burn;
    Estimate latency_burn;
    bool met = false;                  // every objective reached (means, not intervals)
};

// One loss of a database's primary or data during replication 0, measured against the
// analytic estimate (docs/data-lifecycle.md, "Measured RPO and RTO").
struct DataLoss {
    double t_s = 0;
    std::string database;
    std::string cause;          // "primary_crash" (crash, zone or region outage), "data_loss",
                                // "region_restore" (restored in another region)
    uint64_t lost_writes = 0;   // acknowledged writes the recovered database does not have
    double lost_span_s = 0;     // measured RPO: the loss instant minus the first lost commit
    double rto_s = -1;          // measured RTO: until the next committed write; -1 = none
    double rpo_estimate_s = 0;  // the analytic estimate for this cause (model/analytic)
    double rto_estimate_s = 0;
};

// Replication and data-protection figures of one database over the measured window.
struct DatabaseDataFigures {
    std::string id;
    Estimate writes;            // writes committed on the primary
    Estimate replica_reads;     // reads served by a replica (not the primary)
    Estimate stale_reads;       // of which missed a write the same request had committed
    Estimate stale_share;       // stale_reads / replica_reads
    Estimate lag_ms_mean;       // replica apply lag (commit to apply), over writes and replicas
    Estimate lag_ms_p99;
    Estimate lost_writes;       // acknowledged writes lost in all losses of the window
};

// Figures of one job over the measured window (docs/data-lifecycle.md, "Jobs").
struct JobFigures {
    std::string id;
    Estimate runs;           // runs that finished in the window
    Estimate skipped;        // scheduled starts dropped because a run was still going
    Estimate run_s_mean;     // run duration: first batch released to last batch done
    Estimate run_s_p95;
    Estimate run_s_max;
    Estimate rows;           // rows moved to the sink by the runs that finished
    Estimate failed_batches; // batches whose read or write failed (their rows not moved)
    // The sink's staleness: now minus the start of the last run that finished (the newest
    // source data it holds), time-averaged over the window, and its largest value.
    Estimate staleness_s_mean;
    Estimate staleness_s_max;
};

// Figures of one materialized view's refreshes on one database over the measured window
// (docs/data-lifecycle.md, "Refreshes").
struct ViewFigures {
    std::string id;            // "schema.view@database"
    Estimate refreshes;        // refreshes that finished in the window
    Estimate skipped;          // refreshes due while the previous one still ran
    Estimate failed;           // refreshes the database refused or lost
    Estimate refresh_s_mean;   // from the time it was due to its end (queueing included)
    Estimate refresh_s_p95;
    Estimate refresh_s_max;
    // The view's staleness: now minus the start of the last refresh that finished,
    // time-averaged over the window, and its largest value.
    Estimate staleness_s_mean;
    Estimate staleness_s_max;
    Estimate reads;            // visits over links that read the view
    Estimate read_age_s_mean;  // age of the rows those reads saw (0 without reads)
    Estimate read_age_s_max;
    Estimate blocked_reads;    // reads that waited for a refresh without CONCURRENTLY
    Estimate blocked_wait_ms_mean; // their wait (0 without blocked reads)
    Estimate blocked_wait_ms_max;
};

// A state change during replication 0, for chart markers (docs/failures.md lists the kinds).
struct StateChange {
    double t_s = 0;
    std::string kind;   // breaker_open, breaker_half_open, breaker_closed, failover, crash, ...
    std::string target; // link id (breakers, partitions), component id, zone or client
    int replica = -1;   // crash/recover of one replica; -1 = the whole target
    std::string note;   // the scenario event's note, if any
};

// Shares of the requests finished in one second that failed, by reason (docs/failures.md);
// they add up to the second's error_rate.
struct ErrorShares {
    double rejected = 0;
    double timeout = 0;
    double refused = 0;
    double short_circuited = 0;
    double unavailable = 0;
    double rate_limited = 0;
};

// One simulated second [t_s, t_s + 1), warm-up included; averaged over replications.
struct TimelinePoint {
    double t_s = 0;
    double offered_rps = 0;
    double throughput_rps = 0; // requests finished successfully in this second
    double error_rate = 0;     // failed / finished in this second
    ErrorShares errors;        // error_rate split by the reason that ended each request
    double p50_ms = 0;
    double p95_ms = 0;
    double p99_ms = 0;
    // Share of the requests created in this second that succeeded within the clients'
    // timeouts (filled when the replication ends; 1 when none was created).
    double availability = 1;
    double degraded_rps = 0;   // of throughput_rps, answered through a degrade fallback
    double work_rps = 0;       // station visits completed in this second
    double wasted_rps = 0;     // of which nobody waited for any more
    std::vector<double> utilization; // per station, in model order (clients left out)
    std::vector<double> arrival_rps; // per station: visits arriving in this second
    std::vector<double> cache_hit_ratio; // per cache or CDN, in model order; 0 without reads
    std::vector<double> link_rps; // per link, in model order: call attempts (retries included)
    std::vector<double> replicas; // per autoscaled component (SimulationResult::autoscaled)
    std::vector<double> burn_rate; // per SLO (SimulationResult::slos): error ratio / budget
    // per database (SimulationResult::databases): the largest replica lag, in ms, of the
    // writes committed in this second (0 without writes)
    std::vector<double> replica_lag_ms;
    // per job (SimulationResult::jobs): the sink's largest staleness in this second, seconds
    std::vector<double> job_staleness_s;
    // per materialized view refresh (SimulationResult::views): its largest staleness, seconds
    std::vector<double> view_staleness_s;
    // per database (SimulationResult::databases): stale reads / replica reads in this second
    // (0 without replica reads)
    std::vector<double> stale_read_share;
};

struct SimulationResult {
    std::string model;
    std::string scenario;
    uint64_t seed = 0;
    int replications = 0;       // replications that finished (fewer when cancelled)
    double duration_s = 0;
    double warmup_s = 0;
    uint64_t events = 0;        // events processed, all replications
    double wall_s = 0;
    bool cancelled = false;
    uint64_t peakInFlight = 0;  // most visits in the system at once, over replications
    bool plainKernel = false;   // the engine's lean handlers ran (see generalKernel); not in JSON
    SummaryFigures summary;
    std::vector<ClientFigures> clients;       // in model order
    std::vector<ComponentFigures> components; // stations, in model order
    std::vector<LinkFigures> links;           // in model order
    std::vector<TimelinePoint> timeline;
    double timeline_step_s = 1;               // seconds per timeline point (coarsenTimeline)
    std::vector<StateChange> changes;         // of replication 0, in time order
    std::vector<TopicFigures> topics;         // streams and queues read by consume links
    std::vector<GroupFigures> groups;         // consume links, in model order
    std::vector<RealtimeFigures> realtime;    // realtime gateways, in model order
    std::vector<std::string> autoscaled;      // ids of autoscaled components, in model order
    std::vector<SloFigures> slos;             // clients with an slo, in model order
    std::vector<DatabaseDataFigures> databases; // databases, in model order
    std::vector<DataLoss> losses;             // of replication 0, in time order
    std::vector<JobFigures> jobs;             // jobs, in model order
    // materialized views with a refresh, per database holding the schema
    // (model::estimateViewRefreshes order)
    std::vector<ViewFigures> views;
};

// Progress of a run, reported after every simulated second of every replication.
struct Progress {
    int replication = 0;        // which replication advanced
    double fraction = 0;        // of the whole run, in [0, 1]
    const TimelinePoint *point = nullptr; // the second that replication just finished
    // That replication's state changes during that second, in time order (breaker transitions
    // included); the same list SimulationResult::changes holds for replication 0.
    const std::vector<StateChange> *changes = nullptr;
};

// Called from the worker threads, never two at a time; must return quickly.
using ProgressFn = std::function<void(const Progress &)>;

// Runs the simulation. Fails with diagnostics (JSON pointers) when the model or the options
// cannot be simulated; a cancelled run succeeds with `cancelled` set and the replications that
// finished. Same model, scenario and seed give identical results for any thread count.
model::Result<SimulationResult> runSimulation(const model::Model &model,
                                              const SimulationOptions &options,
                                              const ProgressFn &progress = {});

// Returns the result as JSON text (2-space indent, fixed key order, trailing newline). With
// `withWallTime` false the wall-clock figure is left out, so outputs compare byte for byte.
std::string toJson(const SimulationResult &result, bool withWallTime = true);

// Merges the timeline into points of `step_s` whole seconds (the last one may be shorter), and
// the stream groups' lag timelines the same way, for long runs (docs/simulation.md): rates,
// utilizations, replicas, hit ratios, availability and burn rates are the means of the
// seconds; error rate and error shares are weighted by the offered load; p50/p95/p99 and lag
// are the largest of the seconds (an upper bound, as a dashboard's max over time). Each point
// keeps the t_s of its first second (lag points: the end of their last). A step of 1 changes
// nothing; `step_s` must be at least 1.
void coarsenTimeline(SimulationResult &result, int step_s);

// Reads a result back from toJson()'s text (stored runs; files of `archsim-cli simulate`).
// Figures a file lacks stay 0; JSON errors and a wrong shape are reported with their place.
// The per-station and per-link columns of timeline points follow the JSON's key order.
model::Result<SimulationResult> fromJson(const std::string &text);

// Returns a human-readable report of the result.
std::string toText(const SimulationResult &result);

} // namespace archsim::simulator
