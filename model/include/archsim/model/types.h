#pragma once

// The ArchSim domain model: one document holding zones, components (nodes), links (edges),
// database schemas and scenarios. Plain value types; every reference is by stable id.
// docs/model-format.md documents every field with its unit and default.

#include "archsim/model/logicaltype.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archsim::model {

// The current version of the file formats. Older files are upgraded on load, newer refused.
inline constexpr int kFormatVersion = 2;

enum class ComponentKind {
    Client,
    LoadBalancer,
    Gateway,
    Service,
    Worker,
    Database,
    Cache,
    Cdn,
    Queue,
    External,
    Stream,   // a partitioned log (Kafka, Redpanda, Kinesis); docs/streams.md
    Job,      // an ETL or batch job run on a schedule; docs/data-lifecycle.md, "Jobs"
    Realtime, // a WebSocket/SSE gateway fanning messages out to connections; docs/realtime.md
};

enum class DistKind { Exponential, Constant, Lognormal, Uniform, Erlang };

// A service-time distribution in milliseconds.
struct Distribution {
    DistKind dist = DistKind::Exponential;
    double mean_ms = 1.0;
    double cv = 1.0;     // lognormal: coefficient of variation (stddev / mean)
    int k = 2;           // erlang: number of phases (cv = 1/sqrt(k))
    double spread = 0.5; // uniform: half-width relative to the mean, in [0, 1]

    // Returns the squared coefficient of variation implied by the distribution.
    double scv() const;
    friend bool operator==(const Distribution &, const Distribution &) = default;
};

enum class Threading { Blocking, Async };
enum class Balancing { Pooled, Random, RoundRobin };
enum class Fanout { Sequential, Parallel };
enum class Eviction { Lru, Lfu, Fifo, Random, Sieve };
enum class Invalidation { None, DeleteOnWrite, WriteThrough, TtlOnly };
enum class ReadFrom { Primary, Replica, Any };
enum class DbEngine { Postgres, Mysql, Sqlite };

// A client's rate from `at_s` on (piecewise constant).
struct ProfilePoint {
    double at_s = 0;
    double rps = 0;
    friend bool operator==(const ProfilePoint &, const ProfilePoint &) = default;
};

// A class of keys in a cache with its own share of reads, key count and TTL
// (catalog 5 min, profile 1 min, inventory 15 s).
struct KeyClass {
    std::string name;
    double share = 1.0; // share of the cache's reads that fall in this class
    int64_t keys = 0;   // distinct keys in the class; 0 = the cache's `keys`
    double ttl_s = 0;   // 0 = the cache's `ttl_s`
    friend bool operator==(const KeyClass &, const KeyClass &) = default;
};

enum class ScalingPolicyType { Pods, Percent };
// How an autoscaler picks among its policies: the largest change, the smallest, or none.
enum class SelectPolicy { Max, Min, Disabled };

// One HPA scaling policy: at most `value` pods, or `value` percent of the replicas at the start
// of the period, added (scale-up) or removed (scale-down) within any `period_s`.
struct ScalingPolicy {
    ScalingPolicyType type = ScalingPolicyType::Pods;
    int value = 4;
    double period_s = 15;
    friend bool operator==(const ScalingPolicy &, const ScalingPolicy &) = default;
};

// Horizontal autoscaling as the Kubernetes HPA does it (docs/operations.md).
struct Autoscale {
    int min_replicas = 1;
    int max_replicas = 1;
    double target_utilization = 0.7;
    double scale_up_delay_s = 30;    // scale-up stabilization window
    double scale_down_delay_s = 300; // scale-down stabilization window
    std::vector<ScalingPolicy> scale_up_policies = {};   // empty = 4 pods or 100% per 15 s
    std::vector<ScalingPolicy> scale_down_policies = {}; // empty = 100% per 15 s
    SelectPolicy scale_up_select = SelectPolicy::Max;
    SelectPolicy scale_down_select = SelectPolicy::Max;
    double startup_s = 0;      // a new replica serves this long after it is created (readiness)
    double sync_period_s = 15; // the controller's loop (kube-controller-manager's flag)
    double tolerance = 0.1;    // no change while |metric / target - 1| <= tolerance
    friend bool operator==(const Autoscale &, const Autoscale &) = default;
};

// Who shares a token bucket: each calling client, each request key, or everyone.
enum class RateLimitScope { Client, Key, Global };

// A token bucket: `rate_rps` tokens per second up to `burst`; a request without a token is
// refused with 429 (rate_limited).
struct RateLimit {
    double rate_rps = 100;
    double burst = 100;
    RateLimitScope per = RateLimitScope::Client;
    int64_t keys = 1000; // per key: distinct keys, drawn uniformly per request
    friend bool operator==(const RateLimit &, const RateLimit &) = default;
};

// A client's service level objectives over a rolling period (docs/operations.md).
struct Slo {
    double availability = 0.999;  // objective: share of requests that succeed, in (0, 1)
    double latency_ms = 0;        // latency threshold; 0 = no latency objective
    double latency_target = 0.99; // objective: share of requests answered within latency_ms
    int period_days = 30;         // the rolling period: 28 or 30 days
    friend bool operator==(const Slo &, const Slo &) = default;
};

// Prices of one component that replace or add to the price table's (docs/operations.md).
struct PriceOverride {
    std::optional<double> replica_hour; // per replica and hour; replaces the table's rate
    std::optional<double> storage_gb;   // GB stored; replaces the estimate from the tables
    double egress_gb_month = 0;         // GB per month leaving the cloud
    double monthly = 0;                 // a flat fee per month (a SaaS plan, a licence)
    friend bool operator==(const PriceOverride &, const PriceOverride &) = default;
};

// A reference to a secret in the deployment environment; values never live in the model.
struct SecretRef {
    std::string env;  // environment variable name in the container
    std::string name; // secret name
    std::string key;  // key inside the secret
    friend bool operator==(const SecretRef &, const SecretRef &) = default;
};

// How a component is deployed; used by the Kubernetes, compose and Redis exporters.
struct Deployment {
    std::string image;         // "registry/name:tag"; empty = derived from the id
    int port = 0;              // 0 = the kind's default port
    int cpu_millis = 0;        // request; 0 = the kind's default
    int memory_mib = 0;        // request; 0 = the kind's default
    std::string hosting;       // "cluster" (default), "managed" or "external"
    std::string health_path;   // HTTP path of the readiness probe; empty = TCP probe
    std::optional<Autoscale> autoscale;
    std::map<std::string, std::string> env; // plain settings (lint flags secrets here)
    std::vector<SecretRef> secrets;
    friend bool operator==(const Deployment &, const Deployment &) = default;
};

// How a consumer acknowledges its progress (docs/streams.md).
enum class CommitPolicy { AfterProcessing, Auto };
// What a full queue does with one more message.
enum class Overflow { Reject, Block, DropOldest };

// A stream's log (kind stream): partitions led by its replicas (the brokers).
struct StreamSettings {
    int partitions = 1;
    int replication_factor = 1;
    double retention_s = 604800;   // messages older than this are deleted; 0 = kept forever
    int64_t retention_bytes = 0;   // per partition; 0 = no size limit
    int64_t message_bytes = 1024;  // mean message size
    double leader_failover_s = 5;  // a crashed broker's partitions move after this long
    friend bool operator==(const StreamSettings &, const StreamSettings &) = default;
};

// A message queue's semantics (kind queue): competing consumers, no order across them.
struct QueueSettings {
    double visibility_timeout_s = 30; // an unacknowledged message is delivered again after it
    int64_t max_length = 0;           // messages held at most; 0 = unbounded
    Overflow overflow = Overflow::Reject;
    double retention_s = 345600;      // unread messages expire after this; 0 = never
    int64_t message_bytes = 1024;
    friend bool operator==(const QueueSettings &, const QueueSettings &) = default;
};

// A job's schedule and work (kind job; docs/data-lifecycle.md, "Jobs"). Its source is its one
// read link (a database or a stream), its sink its write or publish link; each batch is the
// job's own service (the transform), a read of the batch's rows on the source, then a write of
// them on the sink.
struct JobSettings {
    double interval_s = 0;   // a run starts every interval_s from offset_s; 0 = cron/continuous
    std::string cron;        // five-field cron line, t = 0 is Monday 00:00; empty = interval_s
    bool continuous = false; // the next run starts when one ends (a streaming ETL)
    double offset_s = 0;     // interval: the first run starts at this time
    int64_t rows = 100000;   // rows per run (not incremental)
    bool incremental = false; // rows per run = writes committed on the source since the last run
    double row_rate = 0;     // rows per second at most; 0 = as fast as the batches go
    int batch_size = 1000;   // rows per batch
    double read_ms_per_row = 0.01;  // source: a batch's read costs rows x this (service time)
    double write_ms_per_row = 0.02; // sink: a batch's write costs rows x this
    friend bool operator==(const JobSettings &, const JobSettings &) = default;
};

enum class Jitter { None, Equal, Full, Decorrelated };

// What a realtime gateway does with a connection whose outbound queue is over its limit:
// drop the connection (it reconnects and recovers from history), drop the oldest queued
// message, or hold the channel's next messages until every subscriber has room.
enum class SlowConsumer { Disconnect, DropOldest, Block };

// A share of a realtime gateway's connections that download at one rate.
struct ClientRate {
    std::string name;          // label in the figures; empty = "class <n>"
    double share = 1.0;        // of the connections (shares are normalised)
    double bytes_per_s = 1e6;  // drain rate of each such connection's outbound queue
    friend bool operator==(const ClientRate &, const ClientRate &) = default;
};

// A realtime gateway (kind realtime: Centrifugo, Socket.IO, a custom WebSocket or SSE server):
// connections subscribed to channels, bounded outbound queues, history for recovery.
struct RealtimeSettings {
    int64_t connections = 1000;       // subscribed connections over all replicas
    int64_t channels = 100;
    double channel_zipf = 1.0;        // popularity of channels (subscriptions and messages)
    int subscriptions = 1;            // channels each connection subscribes to
    int64_t queue_messages = 0;       // outbound queue limit per connection; 0 = none
    int64_t queue_bytes = 0;          // outbound queue limit per connection; 0 = none
    SlowConsumer slow_consumer = SlowConsumer::Disconnect;
    int64_t history_size = 0;         // messages kept per channel for recovery; 0 = none
    double history_ttl_s = 0;         // history entries expire after this; 0 = never
    double reconnect_delay_s = 1;     // first reconnect delay, doubled per failed attempt
    double reconnect_max_delay_s = 30;
    Jitter reconnect_jitter = Jitter::Full;
    int64_t message_bytes = 512;      // mean message size on the wire
    bool ordered = true;              // clients need per-channel order (lint)
    std::vector<ClientRate> client_rates; // empty = 95% at 1 MB/s, 5% at 16 kB/s
    friend bool operator==(const RealtimeSettings &, const RealtimeSettings &) = default;
};

// Delete-on-write through pub/sub (Redis keyspace notifications): a write's invalidation
// reaches the cache `delay_ms` after the commit, at most once (docs/realtime.md).
struct PubSubInvalidation {
    double delay_ms = 5;  // publish to delivery
    double loss = 0;      // share of invalidations never delivered (subscriber not listening)
    friend bool operator==(const PubSubInvalidation &, const PubSubInvalidation &) = default;
};

// How a database's commits wait for its replicas (PostgreSQL's synchronous_commit): async
// does not wait; sync_one waits until one replica has the write (one round trip); remote_apply
// waits until one replica has applied it (round trip plus that replica's apply lag).
enum class ReplicationMode { Async, SyncOne, RemoteApply };

// How a database's replicas follow its primary (docs/data-lifecycle.md, "Replication").
struct Replication {
    ReplicationMode mode = ReplicationMode::Async;
    // Time from a commit on the primary to its apply on a replica, in ms, drawn per write and
    // replica.
    Distribution lag = {DistKind::Exponential, 100, 1, 2, 0.5};
    double apply_rate_wps = 0;   // > 0: each replica applies at most this many writes/s (FIFO)
    double round_trip_ms = 1;    // primary to replica and back; sync modes add it to commits
    friend bool operator==(const Replication &, const Replication &) = default;
};

// Where a database's backup copies live, relative to its primary.
enum class BackupLocation { SameZone, OtherZone, OtherRegion };

// A database's backups (docs/data-lifecycle.md, "Backups").
struct BackupPolicy {
    double full_interval_s = 86400; // a full backup this often, from t = 0; 0 = none
    bool archiving = false;         // continuous WAL/binlog archiving (point-in-time recovery)
    double archive_delay_s = 60;    // archiving: a commit reaches the archive after this long
    double retention_days = 7;      // backups (and archives) are kept this long
    BackupLocation location = BackupLocation::OtherRegion;
    double restore_bytes_per_s = 100e6; // restore throughput (bytes/s)
    friend bool operator==(const BackupPolicy &, const BackupPolicy &) = default;
};

// A disaster-recovery strategy as the AWS DR whitepaper names them, cheapest first.
enum class DrStrategy { BackupRestore, PilotLight, WarmStandby, ActiveActive };

// The system's disaster-recovery plan and the time its steps take (docs/data-lifecycle.md).
struct DisasterRecovery {
    DrStrategy strategy = DrStrategy::BackupRestore;
    double detect_s = 60;     // a loss is noticed and recovery decided after this long
    double provision_s = 900; // backup_restore and pilot_light: infrastructure brought up
    double switch_s = 60;     // traffic moved to the recovered site (DNS, routing)
    friend bool operator==(const DisasterRecovery &, const DisasterRecovery &) = default;
};

// A region and the zones it holds; zones named by no region form one default region.
struct Region {
    std::string id;
    std::vector<std::string> zones;
    friend bool operator==(const Region &, const Region &) = default;
};

struct Position {
    double x = 0;
    double y = 0;
    friend bool operator==(const Position &, const Position &) = default;
};

// A node of the architecture graph. One flat record for every kind; fields that a kind does
// not use keep their defaults (and are not written).
struct Component {
    std::string id;
    ComponentKind kind = ComponentKind::Service;
    std::string name;        // display label; empty = the id
    std::string description;

    // client
    double rps = 0;
    std::vector<ProfilePoint> profile;
    std::optional<Slo> slo;   // objectives of the client's requests; empty = none

    // station
    int replicas = 1;
    int workers = 1;
    std::optional<Distribution> service_time; // empty = the kind's default
    std::optional<int> queue_limit;           // empty = unbounded
    Threading threading = Threading::Blocking;
    Balancing balancing = Balancing::Pooled;
    Fanout fanout = Fanout::Sequential;
    std::vector<std::string> zones;           // replicas are spread over these, in order
    double mtbf_s = 0;                        // 0 = no random failures
    double mttr_s = 0;
    bool load_shedding = false;               // drop queued work whose caller gave up
    std::optional<RateLimit> rate_limit;      // gateway: limits every caller's requests

    // cache and cdn
    int64_t capacity = 0;      // entries
    int64_t value_bytes = 0;   // bytes per entry; 0 = unknown
    double ttl_s = 0;          // 0 = no expiry
    Eviction eviction = Eviction::Lru;
    int64_t keys = 0;          // key space size
    double zipf = 1.0;         // Zipf exponent of key popularity
    Invalidation invalidation = Invalidation::None;
    bool ttl_refresh_on_hit = false;
    bool coalescing = false;   // one fill per key in flight
    bool public_only = false;  // cdn: only public data may pass
    std::vector<KeyClass> key_classes;

    // database
    DbEngine engine = DbEngine::Postgres;
    std::string schema;        // id of a schema
    ReadFrom read_from = ReadFrom::Primary;
    double failover_s = 30;
    bool encryption_at_rest = false;
    std::optional<Replication> replication; // empty = async with the default lag
    std::optional<BackupPolicy> backup;     // empty = no backups
    int64_t data_bytes = 0;                 // 0 = the schema's rows x row_bytes
    std::optional<double> rpo_target_s;     // most data (seconds of writes) it may lose
    std::optional<double> rto_target_s;     // longest time it may be down after a loss

    // stream and queue (docs/streams.md)
    std::optional<StreamSettings> stream;
    std::optional<QueueSettings> queue;

    // job (docs/data-lifecycle.md, "Jobs"); empty = the defaults (which need a schedule)
    std::optional<JobSettings> job;
    // realtime gateway (docs/realtime.md); cache: delete-on-write delivered by pub/sub
    std::optional<RealtimeSettings> realtime;
    std::optional<PubSubInvalidation> pubsub;

    Deployment deploy;
    std::optional<PriceOverride> price; // empty = the price table's rates
    std::optional<Position> position;

    friend bool operator==(const Component &, const Component &) = default;
};

// consume: `from` (a service or worker) reads messages from `to` (a stream or queue).
enum class LinkKind { Call, Read, Write, Fill, Publish, Consume };
// fill: a read into a cache or CDN that the cache itself fails to answer goes to its fill path.
enum class Fallback { Error, Degrade, Fill };
enum class LinkPurpose { Oltp, Analytics };

struct Retries {
    int max = 0;
    double backoff_ms = 0;
    double max_backoff_ms = 0; // 0 = uncapped
    Jitter jitter = Jitter::None;
    double budget = 0;         // share of calls that may be retries; 0 = no budget
    bool retry_after = false;  // a 429 is retried when its Retry-After says, not at once
    friend bool operator==(const Retries &, const Retries &) = default;
};

// resilience4j's count-based circuit breaker settings.
struct CircuitBreaker {
    double failure_rate = 0.5;   // threshold in (0, 1]
    int window = 20;             // sliding window size in calls
    int min_calls = 10;          // minimum calls before the rate is evaluated
    double open_ms = 5000;       // wait in open state
    int half_open_calls = 3;     // permitted calls in half-open state
    double slow_call_ms = 0;     // 0 = slow calls are not counted
    double slow_call_rate = 1.0; // threshold for the slow-call rate
    friend bool operator==(const CircuitBreaker &, const CircuitBreaker &) = default;
};

// How a publish link keys its messages: a key drawn from a key space always lands on the same
// partition. A publish link without one is unkeyed (round robin over the partitions).
struct MessageKey {
    int64_t keys = 1000; // distinct keys
    double zipf = 0;     // Zipf exponent of key popularity; 0 = uniform
    bool by_key = true;  // false: the key rides in the payload, partitions round robin
    friend bool operator==(const MessageKey &, const MessageKey &) = default;
};

// A consume link's consumer group: who reads, how it commits and what happens on failure.
struct ConsumeSettings {
    std::string group;               // group name; empty = the consumer's id
    int consumers = 0;               // 0 = the consumer's replicas x workers
    int batch_size = 1;              // messages per poll
    double batch_wait_ms = 0;        // a poll waits this long for a full batch
    CommitPolicy commit = CommitPolicy::AfterProcessing;
    double commit_interval_ms = 5000; // auto: offsets committed this often
    double failure_probability = 0;  // each processing attempt fails with it
    int max_attempts = 3;            // attempts before the dead letter (with one)
    // Streams: a failed attempt is retried in place after a wait (Spring Kafka's
    // ExponentialBackOff): retry_backoff_ms x multiplier^(n-1) before retry n, at most
    // retry_backoff_max_ms (0 = uncapped). The partition waits behind the message meanwhile.
    double retry_backoff_ms = 0;       // 0 = retried at once
    double retry_backoff_multiplier = 1; // 1 = a fixed wait
    double retry_backoff_max_ms = 0;
    std::string dead_letter;         // stream or queue for failed messages; empty = none
    bool ordered = false;            // processing needs per-key order
    double rebalance_pause_s = 3;    // the group stops this long when a consumer leaves/joins
    friend bool operator==(const ConsumeSettings &, const ConsumeSettings &) = default;
};

// An edge: `from` calls, reads, writes, fills from or publishes to `to`.
struct Link {
    std::string id;  // stable id; derived from the endpoints when the file has none
    std::string from;
    std::string to;
    LinkKind kind = LinkKind::Call;
    double probability = 1.0;
    std::optional<double> timeout_ms;     // empty = waits forever
    std::vector<std::string> tables;      // tables the link touches (grants, lint)
    std::vector<std::string> invalidates; // caches whose keys a write invalidates
    std::optional<Retries> retries;
    std::optional<CircuitBreaker> circuit_breaker;
    Fallback fallback = Fallback::Error;
    bool tls = false;
    bool user_specific = false;           // carries user-specific or authenticated data
    LinkPurpose purpose = LinkPurpose::Oltp;
    bool deadline_propagation = false;
    std::string key_class;                // cache reads: the key class read
    std::optional<MessageKey> key;        // publish: message keys; empty = unkeyed
    std::optional<ConsumeSettings> consume; // consume: the group; empty = the defaults
    std::optional<RateLimit> rate_limit;  // limits the calls made over this link
    bool read_your_writes = false;        // reads must see the request's own earlier writes
    std::optional<ReadFrom> read_from;    // a database read: who serves it; empty = the database's

    friend bool operator==(const Link &, const Link &) = default;
};

struct DefaultValue {
    enum class Kind { Null, Bool, Number, String, Now };
    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0;
    std::string text; // String: the literal
    friend bool operator==(const DefaultValue &, const DefaultValue &) = default;
};

struct Column {
    std::string name;
    LogicalType type;
    bool nullable = true;
    std::optional<DefaultValue> default_value;
    bool identity = false;   // generated by the database (integer types)
    bool sensitive = false;  // personal or secret data
    bool encrypted = false;  // encrypted at column level by the application
    std::string comment;
    std::string renamed_from;
    friend bool operator==(const Column &, const Column &) = default;
};

struct IndexColumn {
    std::string column;
    bool descending = false;
    friend bool operator==(const IndexColumn &, const IndexColumn &) = default;
};

struct Index {
    std::string name;
    std::vector<IndexColumn> columns; // written "created_at DESC"
    bool unique = false;
    friend bool operator==(const Index &, const Index &) = default;
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    friend bool operator==(const UniqueConstraint &, const UniqueConstraint &) = default;
};

enum class RefAction { NoAction, Restrict, Cascade, SetNull, SetDefault };

struct ForeignKey {
    std::string name; // empty = derived by the exporter
    std::vector<std::string> columns;
    std::string references; // table name in the same schema
    std::vector<std::string> ref_columns;
    RefAction on_delete = RefAction::NoAction;
    RefAction on_update = RefAction::NoAction;
    friend bool operator==(const ForeignKey &, const ForeignKey &) = default;
};

enum class PartitionMethod { Range, List, Hash };
enum class PartitionInterval { Day, Month, Year };

struct ListPartition {
    std::string name;
    std::vector<std::string> values;
    friend bool operator==(const ListPartition &, const ListPartition &) = default;
};

struct Partitioning {
    PartitionMethod method = PartitionMethod::Range;
    std::string column;
    PartitionInterval interval = PartitionInterval::Month; // range
    std::string start;          // range: "2026-01" (month), "2026-01-01" (day), "2026" (year)
    int count = 0;              // range: partitions from start; hash: modulus
    bool default_partition = false;
    int retention = 0;          // range: partitions kept by maintenance; 0 = keep all
    std::vector<ListPartition> lists; // list
    friend bool operator==(const Partitioning &, const Partitioning &) = default;
};

struct Table {
    std::string name;
    std::string comment;
    std::vector<Column> columns;
    std::vector<std::string> primary_key;
    std::vector<UniqueConstraint> unique;
    std::vector<Index> indexes;
    std::vector<ForeignKey> foreign_keys;
    std::optional<Partitioning> partitioning;
    double rows_per_month = 0;
    int64_t rows = 0;          // rows at the start
    int row_bytes = 0;
    bool append_only = false;
    std::string renamed_from;

    friend bool operator==(const Table &, const Table &) = default;
};

enum class ViewKind { View, Materialized };

// When a materialized view is refreshed: every `every_s` seconds, or on a cron schedule.
struct ViewRefresh {
    double every_s = 0;      // period in seconds; 0 = `cron` gives the schedule
    std::string cron;        // five-field cron line ("*/5 * * * *"); empty = every `every_s`
    bool concurrent = false; // REFRESH ... CONCURRENTLY: readers go on; needs a unique index
    friend bool operator==(const ViewRefresh &, const ViewRefresh &) = default;
};

// A view or materialized view of a schema: a stored query (docs/model-format.md, "Views").
struct View {
    std::string name;
    ViewKind kind = ViewKind::View;
    std::string comment;
    std::string query;            // the SELECT as written; used by each dialect without its own
    std::string query_postgres;   // PostgreSQL's text; empty = `query`
    std::string query_mysql;      // MySQL and MariaDB's text; empty = `query`
    std::string query_sqlite;     // SQLite's text; empty = `query`
    std::vector<std::string> reads;     // tables and views of the same schema that it reads
    std::optional<ViewRefresh> refresh; // materialized: its schedule; empty = refreshed by hand
    std::vector<Index> indexes;         // materialized: indexes on its rows
    friend bool operator==(const View &, const View &) = default;
};

struct Schema {
    std::string id;
    std::string name; // SQL schema name; empty = the id
    std::vector<Table> tables;
    std::vector<View> views; // created after the tables, in dependency order
    friend bool operator==(const Schema &, const Schema &) = default;
};

// poison: the next message published to a stream or queue, and every later one of its key,
// fails whatever the consumer does (docs/streams.md).
// region_outage: every zone of a region is out; data_loss: a database's data is lost (a
// dropped table) and restored from its backups (docs/data-lifecycle.md).
enum class EventAction {
    Crash,
    Slow,
    Partition,
    ZoneOutage,
    Flush,
    Load,
    Poison,
    RegionOutage,
    DataLoss
};
enum class CrashMode { Refuse, Hang };

struct ScenarioEvent {
    double at_s = 0;
    EventAction action = EventAction::Crash;
    std::string target;  // component id; link id for partition; zone for zone_outage
    CrashMode mode = CrashMode::Refuse;
    double for_s = 0;    // 0 = until the end
    double factor = 1.0; // slow: service time x factor; load: rate x factor
    int replica = -1;    // crash: one replica (0-based); -1 = all
    std::string note;    // shown to the room when the event fires
    friend bool operator==(const ScenarioEvent &, const ScenarioEvent &) = default;
};

// A JSON object kept as its compact text, so that the model types need no JSON library.
struct JsonText {
    std::string text = "{}"; // compact JSON, e.g. {"coalescing":false}
    friend bool operator==(const JsonText &, const JsonText &) = default;
};

// A "what if" change made to a copy of the model while one scenario runs (a variant such as
// "without request coalescing"): `set` is merged into the target's JSON (RFC 7386 merge patch:
// a field set to null goes back to its default) and read again like the file.
struct ScenarioOverride {
    std::string target; // component id or link id
    JsonText set;       // a JSON object: field name -> new value
    friend bool operator==(const ScenarioOverride &, const ScenarioOverride &) = default;
};

struct Scenario {
    std::string id;
    std::string name;
    std::string description;
    double duration_s = 600;
    double warmup_s = 0;
    uint64_t seed = 1;
    std::vector<ScenarioEvent> events;
    std::vector<ScenarioOverride> overrides; // applied in order to a copy of the model
    friend bool operator==(const Scenario &, const Scenario &) = default;
};

// A lint finding switched off on purpose, with the reason recorded.
struct Suppression {
    std::string rule;
    std::string target; // component id, link id, "schema.table" or "schema.table.column"
    std::string reason;
    friend bool operator==(const Suppression &, const Suppression &) = default;
};

struct Model {
    int version = kFormatVersion;
    std::string name;
    std::string description;
    std::vector<std::string> zones;
    std::vector<Region> regions;                 // empty = one region holds every zone
    std::optional<DisasterRecovery> disaster_recovery; // empty = no plan (backup_restore)
    std::vector<Component> components;
    std::vector<Link> links;
    std::vector<Schema> schemas;
    std::vector<Scenario> scenarios;
    std::vector<Suppression> suppress;

    friend bool operator==(const Model &, const Model &) = default;
};

// String names of the enumerations as they appear in files ("load_balancer", "round_robin").
const char *toString(ComponentKind v);
const char *toString(DistKind v);
const char *toString(Threading v);
const char *toString(Balancing v);
const char *toString(Fanout v);
const char *toString(Eviction v);
const char *toString(Invalidation v);
const char *toString(ReadFrom v);
const char *toString(DbEngine v);
const char *toString(LinkKind v);
const char *toString(Jitter v);
const char *toString(Fallback v);
const char *toString(LinkPurpose v);
const char *toString(RefAction v);
const char *toString(PartitionMethod v);
const char *toString(PartitionInterval v);
const char *toString(EventAction v);
const char *toString(CrashMode v);
const char *toString(CommitPolicy v);
const char *toString(Overflow v);
const char *toString(ScalingPolicyType v);
const char *toString(SelectPolicy v);
const char *toString(RateLimitScope v);
const char *toString(ViewKind v);
const char *toString(ReplicationMode v);
const char *toString(BackupLocation v);
const char *toString(DrStrategy v);
const char *toString(SlowConsumer v);

// Parses a file spelling of an enumeration; returns false if `text` is not one of its names.
bool fromString(std::string_view text, ComponentKind &out);
bool fromString(std::string_view text, DistKind &out);
bool fromString(std::string_view text, Threading &out);
bool fromString(std::string_view text, Balancing &out);
bool fromString(std::string_view text, Fanout &out);
bool fromString(std::string_view text, Eviction &out);
bool fromString(std::string_view text, Invalidation &out);
bool fromString(std::string_view text, ReadFrom &out);
bool fromString(std::string_view text, DbEngine &out);
bool fromString(std::string_view text, LinkKind &out);
bool fromString(std::string_view text, Jitter &out);
bool fromString(std::string_view text, Fallback &out);
bool fromString(std::string_view text, LinkPurpose &out);
bool fromString(std::string_view text, RefAction &out);
bool fromString(std::string_view text, PartitionMethod &out);
bool fromString(std::string_view text, PartitionInterval &out);
bool fromString(std::string_view text, EventAction &out);
bool fromString(std::string_view text, CrashMode &out);
bool fromString(std::string_view text, CommitPolicy &out);
bool fromString(std::string_view text, Overflow &out);
bool fromString(std::string_view text, ScalingPolicyType &out);
bool fromString(std::string_view text, SelectPolicy &out);
bool fromString(std::string_view text, RateLimitScope &out);
bool fromString(std::string_view text, ViewKind &out);
bool fromString(std::string_view text, ReplicationMode &out);
bool fromString(std::string_view text, BackupLocation &out);
bool fromString(std::string_view text, DrStrategy &out);
bool fromString(std::string_view text, SlowConsumer &out);

// Returns every file spelling of an enumeration, in declaration order ("client", ...).
template <typename Enum>
std::vector<std::string> enumNames();

// Returns the service time a component of `kind` uses when the model gives none.
Distribution defaultServiceTime(ComponentKind kind);

// Returns the display label of a component: its name, or its id when it has none.
inline const std::string &label(const Component &c) { return c.name.empty() ? c.id : c.name; }

// Returns true for kinds that hold servers and a queue (everything but clients).
bool isStation(ComponentKind kind);

// Returns true for the kinds that hold messages for consume links (stream, queue).
inline bool isMessaging(ComponentKind kind)
{
    return kind == ComponentKind::Stream || kind == ComponentKind::Queue;
}

// Returns the component's service time, or the kind's default when the model gives none.
inline Distribution effectiveServiceTime(const Component &c)
{
    return c.service_time ? *c.service_time : defaultServiceTime(c.kind);
}

} // namespace archsim::model
