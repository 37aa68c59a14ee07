#pragma once

// The model compiled into flat arrays for the engine: every component (clients included) at its
// model position, every station's downstream calls in one contiguous array.

#include "archsim/simulator/cache.h"
#include "archsim/simulator/sampler.h"

#include "archsim/model/cron.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace archsim::simulator::engine {

inline constexpr uint32_t kNone = 0xffffffffu;

// One downstream call a station makes after its own service.
struct CallDef {
    uint32_t link = 0;       // position in model.links
    uint32_t from = 0;       // the caller's component position
    uint32_t target = 0;     // component position
    double probability = 1.0;
    model::Fallback fallback = model::Fallback::Error;
    bool detached = false;   // publish: fire and forget, the caller does not wait
    // A publish into a bounded queue that consumers read, whose overflow rejects or blocks:
    // the caller waits for the queue's answer (docs/streams.md, "Coupled with the engine").
    bool backpressure = false;
    bool fromClient = false; // made by a client: the visit it creates may be the request's root
    // resilience (issue 6); docs/failures.md
    bool write = false;       // a write (or call): a database routes it to the primary
    bool propagateDeadline = false;
    bool resilient = false;   // has a timeout, retries or a breaker
    double timeout = 0;       // seconds; 0 = waits forever
    model::Retries retries;   // max 0 = no retries
    bool hasBreaker = false;
    model::CircuitBreaker breaker;
    bool hasRateLimit = false; // the link's token bucket (docs/operations.md)
    model::RateLimit rateLimit;
    bool fill = false;       // a cache's fill link: made only when the read missed
    int keyClass = -1;       // a read into a cache: the key class read; -1 = chosen by share
    uint32_t firstInvalidation = 0; // a write: its caches in Network::invalidations
    uint32_t invalidationCount = 0;
    int8_t readFrom = -1;     // a read's model::ReadFrom override (the link's); -1 = the node's
    // A job's source read or sink write (docs/data-lifecycle.md, "Jobs"): the visit's service
    // time is the callee's draw scaled to a mean of the batch's rows x rowCost seconds.
    double rowCost = 0;       // seconds per row; 0 = not a job's call
    double calleeMean = 0;    // the callee's mean service time, seconds
    // A read of materialized views (docs/data-lifecycle.md, "Refreshes"): their refreshes in
    // Network::viewReads.
    uint32_t firstViewRead = 0;
    uint32_t viewReadCount = 0;
};

// A job's schedule and batches (docs/data-lifecycle.md, "Jobs").
struct JobDef {
    uint32_t node = 0;
    double interval = 0;       // seconds between scheduled starts; 0 = cron or continuous
    double offset = 0;         // interval: the first start
    bool continuous = false;
    bool hasCron = false;
    model::CronSchedule cron;
    int64_t rows = 0;          // rows per run (not incremental)
    bool incremental = false;  // rows = the source's commits since the last run's start
    int32_t sourceData = -1;   // the source's index in Network::databases (incremental)
    double rowRate = 0;        // rows per second at most; 0 = no pacing
    int64_t batchSize = 1;
    int parallel = 1;          // batches in flight at most: the job's replicas x workers
};

// A materialized view's refresh on one database that holds its schema (docs/data-lifecycle.md,
// "Refreshes"): a root visit at the database's primary that holds one server for `serviceS`.
struct RefreshDef {
    std::string id;            // "schema.view@database"
    std::string view;          // the view's name in its schema (links' `tables` name it)
    uint32_t node = 0;         // the database
    double interval = 0;       // seconds between refreshes; 0 = cron
    bool hasCron = false;
    model::CronSchedule cron;
    double serviceS = 0;       // the refresh's time in service (model::estimateViewRefreshes)
    bool concurrent = false;   // readers go on; without it they wait for the refresh's end
};

// A cache or CDN station's key-level store settings and key popularity.
struct CacheDef {
    uint32_t node = 0;
    CacheConfig config;
    double zipf = 1.0;
    bool coalescing = false;      // one fill per key in flight
    std::vector<double> shares;   // per key class (one class when the model has none)
    std::vector<int64_t> keys;    // per key class
    std::vector<std::string> classNames; // the model's key classes (empty when it has none)
    double pubsubDelayS = -1;     // deletes by pub/sub after this delay; -1 = not by pub/sub
    double pubsubLoss = 0;
};

// A database's replication and recovery settings (docs/data-lifecycle.md).
struct DataDef {
    uint32_t node = 0;
    model::ReplicationMode mode = model::ReplicationMode::Async;
    Sampler lag;               // commit to apply on a replica, seconds
    double applyGap = 0;       // seconds a replica needs per write (1 / apply_rate); 0 = none
    double roundTrip = 0;      // seconds; sync modes add it to every commit
    double fullInterval = 0;   // full backups every this many seconds from t = 0; 0 = none
    bool archiving = false;
    double archiveDelay = 0;
    double restoreS = -1;      // a data_loss keeps the database down this long; -1 = for good
    // the analytic estimate (model/dataprotection.h): a primary's crash, a data loss
    double crashRpoEst = 0;
    double crashRtoEst = 0;
    double lossRpoEst = 0;
    double lossRtoEst = 0;
    // the primary's region is lost: restored from a backup in another region (detect +
    // provision + S/R + switch), or not (failover to a replica there, or nothing survives)
    bool regionRestore = false;
    double regionRpoEst = 0;
    double regionRtoEst = 0;
};

struct NodeDef {
    std::string id;
    uint64_t idHash = 0;     // stable hash of the id, keys the random streams
    bool isClient = false;
    // station
    int replicas = 1;
    int workers = 1;
    Sampler service;
    model::Balancing balancing = model::Balancing::Pooled;
    model::Threading threading = model::Threading::Blocking;
    model::Fanout fanout = model::Fanout::Sequential;
    int64_t queueLimit = -1; // waiting requests per queue; -1 = unbounded
    // availability (issue 6)
    bool isDatabase = false;  // a database with replicas > 1: primary + replicas, own queues
    model::ReadFrom readFrom = model::ReadFrom::Primary;
    double failoverS = 30;
    double mtbfS = 0;         // 0 = no random failures
    double mttrS = 0;
    bool loadShedding = false;
    // autoscaling (docs/operations.md): `replicas` slots, of which `initialReplicas` serve at
    // the start; the engine's HPA controller adds and removes the others
    bool autoscaled = false;
    model::Autoscale autoscale;
    int initialReplicas = 1;
    bool hasRateLimit = false; // a gateway's token bucket on every arrival
    model::RateLimit rateLimit;
    // clients: service level objectives (0 = none)
    double sloAvailability = 0;
    double sloLatencyS = 0;
    double sloLatencyTarget = 0;
    std::vector<std::string> zones; // replica i lives in zones[i % zones.size()]
    // client
    double rps = 0;
    std::vector<model::ProfilePoint> profile; // sorted by at_s
    int32_t cache = -1;      // index in Network::caches for cache and CDN stations
    int32_t data = -1;       // index in Network::databases for databases
    int32_t job = -1;        // index in Network::jobs for jobs
    // calls
    uint32_t firstCall = 0;
    uint32_t callCount = 0;
    // clients: the one call every request makes (a single waited-for link with probability 1),
    // or kNone. Then the request needs no visit at the client: the callee's visit is its root.
    uint32_t directCall = kNone;
};

struct Network {
    std::string name;
    std::vector<NodeDef> nodes;
    std::vector<CallDef> calls;
    std::vector<std::string> linkIds; // model order; "from->to" when a link has no id
    std::vector<CacheDef> caches;
    std::vector<DataDef> databases;      // every database, in model order
    std::vector<JobDef> jobs;            // every job, in model order
    std::vector<uint32_t> invalidations; // cache indices, ranges per CallDef
    std::vector<RefreshDef> refreshes;   // model::estimateViewRefreshes order
    std::vector<uint32_t> viewReads;     // refresh indices, ranges per CallDef
};

// Compiles a model; every problem that prevents simulation is reported with a JSON pointer.
model::Result<Network> compileNetwork(const model::Model &model);

} // namespace archsim::simulator::engine
