#pragma once

// One description of every model struct's fields, in file order, used by both the JSON reader
// and the JSON writer so that the two can never disagree. `describe(obj, v)` calls
// `v(key, member, flags)` for each field; the visitor decides whether it reads or writes.

#include "archsim/model/types.h"

namespace archsim::model::detail {

enum FieldFlags : unsigned {
    Optional = 0,
    Required = 1, // must be present when reading
    Always = 2,   // written even when equal to the default
};

template <typename C, typename V>
void describe(C &d, V &v) requires std::is_same_v<std::remove_const_t<C>, Distribution>
{
    v("dist", d.dist, Required | Always);
    v("mean_ms", d.mean_ms, Required | Always);
    // Written whenever they differ from their defaults, whatever the distribution, so that a
    // file round-trips exactly (the simulator reads only the one its distribution uses).
    v("cv", d.cv, Optional);
    v("k", d.k, Optional);
    v("spread", d.spread, Optional);
}

template <typename C, typename V>
void describe(C &p, V &v) requires std::is_same_v<std::remove_const_t<C>, ProfilePoint>
{
    v("at_s", p.at_s, Required | Always);
    v("rps", p.rps, Required | Always);
}

template <typename C, typename V>
void describe(C &k, V &v) requires std::is_same_v<std::remove_const_t<C>, KeyClass>
{
    v("name", k.name, Required | Always);
    v("share", k.share, Always);
    v("keys", k.keys, Optional);
    v("ttl_s", k.ttl_s, Optional);
}

template <typename C, typename V>
void describe(C &a, V &v) requires std::is_same_v<std::remove_const_t<C>, Autoscale>
{
    v("min_replicas", a.min_replicas, Always);
    v("max_replicas", a.max_replicas, Always);
    v("target_utilization", a.target_utilization, Always);
    v("scale_up_delay_s", a.scale_up_delay_s, Optional);
    v("scale_down_delay_s", a.scale_down_delay_s, Optional);
    v("scale_up_policies", a.scale_up_policies, Optional);
    v("scale_down_policies", a.scale_down_policies, Optional);
    v("scale_up_select", a.scale_up_select, Optional);
    v("scale_down_select", a.scale_down_select, Optional);
    v("startup_s", a.startup_s, Optional);
    v("sync_period_s", a.sync_period_s, Optional);
    v("tolerance", a.tolerance, Optional);
}

template <typename C, typename V>
void describe(C &p, V &v) requires std::is_same_v<std::remove_const_t<C>, ScalingPolicy>
{
    v("type", p.type, Required | Always);
    v("value", p.value, Required | Always);
    v("period_s", p.period_s, Required | Always);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, RateLimit>
{
    v("rate_rps", r.rate_rps, Always);
    v("burst", r.burst, Always);
    v("per", r.per, Always);
    v("keys", r.keys, Optional);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, Slo>
{
    v("availability", s.availability, Always);
    v("latency_ms", s.latency_ms, Optional);
    v("latency_target", s.latency_target, Optional);
    v("period_days", s.period_days, Always);
}

template <typename C, typename V>
void describe(C &p, V &v) requires std::is_same_v<std::remove_const_t<C>, PriceOverride>
{
    v("replica_hour", p.replica_hour, Optional);
    v("storage_gb", p.storage_gb, Optional);
    v("egress_gb_month", p.egress_gb_month, Optional);
    v("monthly", p.monthly, Optional);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, SecretRef>
{
    v("env", s.env, Required | Always);
    v("name", s.name, Required | Always);
    v("key", s.key, Required | Always);
}

template <typename C, typename V>
void describe(C &d, V &v) requires std::is_same_v<std::remove_const_t<C>, Deployment>
{
    v("image", d.image, Optional);
    v("port", d.port, Optional);
    v("cpu_millis", d.cpu_millis, Optional);
    v("memory_mib", d.memory_mib, Optional);
    v("hosting", d.hosting, Optional);
    v("health_path", d.health_path, Optional);
    v("autoscale", d.autoscale, Optional);
    v("env", d.env, Optional);
    v("secrets", d.secrets, Optional);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, StreamSettings>
{
    v("partitions", s.partitions, Always);
    v("replication_factor", s.replication_factor, Always);
    v("retention_s", s.retention_s, Always);
    v("retention_bytes", s.retention_bytes, Optional);
    v("message_bytes", s.message_bytes, Optional);
    v("leader_failover_s", s.leader_failover_s, Optional);
}

template <typename C, typename V>
void describe(C &q, V &v) requires std::is_same_v<std::remove_const_t<C>, QueueSettings>
{
    v("visibility_timeout_s", q.visibility_timeout_s, Optional);
    v("max_length", q.max_length, Optional);
    v("overflow", q.overflow, Optional);
    v("retention_s", q.retention_s, Optional);
    v("message_bytes", q.message_bytes, Optional);
}

template <typename C, typename V>
void describe(C &k, V &v) requires std::is_same_v<std::remove_const_t<C>, MessageKey>
{
    v("keys", k.keys, Always);
    v("zipf", k.zipf, Optional);
    v("by_key", k.by_key, Optional);
}

template <typename C, typename V>
void describe(C &c, V &v) requires std::is_same_v<std::remove_const_t<C>, ConsumeSettings>
{
    v("group", c.group, Optional);
    v("consumers", c.consumers, Optional);
    v("batch_size", c.batch_size, Optional);
    v("batch_wait_ms", c.batch_wait_ms, Optional);
    v("commit", c.commit, Optional);
    v("commit_interval_ms", c.commit_interval_ms, Optional);
    v("failure_probability", c.failure_probability, Optional);
    v("max_attempts", c.max_attempts, Optional);
    v("retry_backoff_ms", c.retry_backoff_ms, Optional);
    v("retry_backoff_multiplier", c.retry_backoff_multiplier, Optional);
    v("retry_backoff_max_ms", c.retry_backoff_max_ms, Optional);
    v("dead_letter", c.dead_letter, Optional);
    v("ordered", c.ordered, Optional);
    v("rebalance_pause_s", c.rebalance_pause_s, Optional);
}

template <typename C, typename V>
void describe(C &j, V &v) requires std::is_same_v<std::remove_const_t<C>, JobSettings>
{
    v("interval_s", j.interval_s, Optional);
    v("cron", j.cron, Optional);
    v("continuous", j.continuous, Optional);
    v("offset_s", j.offset_s, Optional);
    v("rows", j.rows, Optional);
    v("incremental", j.incremental, Optional);
    v("row_rate", j.row_rate, Optional);
    v("batch_size", j.batch_size, Optional);
    v("read_ms_per_row", j.read_ms_per_row, Optional);
    v("write_ms_per_row", j.write_ms_per_row, Optional);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, Replication>
{
    v("mode", r.mode, Always);
    v("lag", r.lag, Optional);
    v("apply_rate_wps", r.apply_rate_wps, Optional);
    v("round_trip_ms", r.round_trip_ms, Optional);
}

template <typename C, typename V>
void describe(C &b, V &v) requires std::is_same_v<std::remove_const_t<C>, BackupPolicy>
{
    v("full_interval_s", b.full_interval_s, Always);
    v("archiving", b.archiving, Optional);
    v("archive_delay_s", b.archive_delay_s, Optional);
    v("retention_days", b.retention_days, Optional);
    v("location", b.location, Always);
    v("restore_bytes_per_s", b.restore_bytes_per_s, Optional);
}

template <typename C, typename V>
void describe(C &d, V &v) requires std::is_same_v<std::remove_const_t<C>, DisasterRecovery>
{
    v("strategy", d.strategy, Required | Always);
    v("detect_s", d.detect_s, Optional);
    v("provision_s", d.provision_s, Optional);
    v("switch_s", d.switch_s, Optional);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, Region>
{
    v("id", r.id, Required | Always);
    v("zones", r.zones, Always);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, ClientRate>
{
    v("name", r.name, Optional);
    v("share", r.share, Always);
    v("bytes_per_s", r.bytes_per_s, Required | Always);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, RealtimeSettings>
{
    v("connections", r.connections, Always);
    v("channels", r.channels, Always);
    v("channel_zipf", r.channel_zipf, Optional);
    v("subscriptions", r.subscriptions, Optional);
    v("queue_messages", r.queue_messages, Optional);
    v("queue_bytes", r.queue_bytes, Optional);
    v("slow_consumer", r.slow_consumer, Optional);
    v("history_size", r.history_size, Optional);
    v("history_ttl_s", r.history_ttl_s, Optional);
    v("reconnect_delay_s", r.reconnect_delay_s, Optional);
    v("reconnect_max_delay_s", r.reconnect_max_delay_s, Optional);
    v("reconnect_jitter", r.reconnect_jitter, Optional);
    v("message_bytes", r.message_bytes, Optional);
    v("ordered", r.ordered, Optional);
    v("client_rates", r.client_rates, Optional);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, PubSubInvalidation>
{
    v("delay_ms", s.delay_ms, Always);
    v("loss", s.loss, Optional);
}

template <typename C, typename V>
void describe(C &p, V &v) requires std::is_same_v<std::remove_const_t<C>, Position>
{
    v("x", p.x, Required | Always);
    v("y", p.y, Required | Always);
}

template <typename C, typename V>
void describe(C &c, V &v) requires std::is_same_v<std::remove_const_t<C>, Component>
{
    v("id", c.id, Required | Always);
    v("kind", c.kind, Required | Always);
    v("name", c.name, Optional);
    v("description", c.description, Optional);
    v("rps", c.rps, Optional);
    v("profile", c.profile, Optional);
    v("slo", c.slo, Optional);
    v("replicas", c.replicas, Optional);
    v("workers", c.workers, Optional);
    v("service_time", c.service_time, Optional);
    v("queue_limit", c.queue_limit, Optional);
    v("threading", c.threading, Optional);
    v("balancing", c.balancing, Optional);
    v("fanout", c.fanout, Optional);
    v("zones", c.zones, Optional);
    v("mtbf_s", c.mtbf_s, Optional);
    v("mttr_s", c.mttr_s, Optional);
    v("load_shedding", c.load_shedding, Optional);
    v("rate_limit", c.rate_limit, Optional);
    v("capacity", c.capacity, Optional);
    v("value_bytes", c.value_bytes, Optional);
    v("ttl_s", c.ttl_s, Optional);
    v("eviction", c.eviction, Optional);
    v("keys", c.keys, Optional);
    v("zipf", c.zipf, Optional);
    v("invalidation", c.invalidation, Optional);
    v("ttl_refresh_on_hit", c.ttl_refresh_on_hit, Optional);
    v("coalescing", c.coalescing, Optional);
    v("public_only", c.public_only, Optional);
    v("key_classes", c.key_classes, Optional);
    v("engine", c.engine, Optional);
    v("schema", c.schema, Optional);
    v("read_from", c.read_from, Optional);
    v("failover_s", c.failover_s, Optional);
    v("encryption_at_rest", c.encryption_at_rest, Optional);
    v("replication", c.replication, Optional);
    v("backup", c.backup, Optional);
    v("data_bytes", c.data_bytes, Optional);
    v("rpo_target_s", c.rpo_target_s, Optional);
    v("rto_target_s", c.rto_target_s, Optional);
    v("stream", c.stream, Optional);
    v("queue", c.queue, Optional);
    v("job", c.job, Optional);
    v("realtime", c.realtime, Optional);
    v("pubsub", c.pubsub, Optional);
    v("deploy", c.deploy, Optional);
    v("price", c.price, Optional);
    v("position", c.position, Optional);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, Retries>
{
    v("max", r.max, Always);
    v("backoff_ms", r.backoff_ms, Optional);
    v("max_backoff_ms", r.max_backoff_ms, Optional);
    v("jitter", r.jitter, Optional);
    v("budget", r.budget, Optional);
    v("retry_after", r.retry_after, Optional);
}

template <typename C, typename V>
void describe(C &b, V &v) requires std::is_same_v<std::remove_const_t<C>, CircuitBreaker>
{
    v("failure_rate", b.failure_rate, Always);
    v("window", b.window, Always);
    v("min_calls", b.min_calls, Always);
    v("open_ms", b.open_ms, Always);
    v("half_open_calls", b.half_open_calls, Always);
    v("slow_call_ms", b.slow_call_ms, Optional);
    v("slow_call_rate", b.slow_call_rate, Optional);
}

template <typename C, typename V>
void describe(C &l, V &v) requires std::is_same_v<std::remove_const_t<C>, Link>
{
    v("id", l.id, Always); // derived from the endpoints when absent (see the reader)
    v("from", l.from, Required | Always);
    v("to", l.to, Required | Always);
    v("kind", l.kind, Always);
    v("probability", l.probability, Optional);
    v("timeout_ms", l.timeout_ms, Optional);
    v("tables", l.tables, Optional);
    v("invalidates", l.invalidates, Optional);
    v("retries", l.retries, Optional);
    v("circuit_breaker", l.circuit_breaker, Optional);
    v("fallback", l.fallback, Optional);
    v("tls", l.tls, Optional);
    v("user_specific", l.user_specific, Optional);
    v("purpose", l.purpose, Optional);
    v("deadline_propagation", l.deadline_propagation, Optional);
    v("key_class", l.key_class, Optional);
    v("key", l.key, Optional);
    v("consume", l.consume, Optional);
    v("rate_limit", l.rate_limit, Optional);
    v("read_your_writes", l.read_your_writes, Optional);
    v("read_from", l.read_from, Optional);
}

template <typename C, typename V>
void describe(C &c, V &v) requires std::is_same_v<std::remove_const_t<C>, Column>
{
    v("name", c.name, Required | Always);
    v("type", c.type, Required | Always);
    v("nullable", c.nullable, Optional);
    v("default", c.default_value, Optional);
    v("identity", c.identity, Optional);
    v("sensitive", c.sensitive, Optional);
    v("encrypted", c.encrypted, Optional);
    v("comment", c.comment, Optional);
    v("renamed_from", c.renamed_from, Optional);
}

template <typename C, typename V>
void describe(C &i, V &v) requires std::is_same_v<std::remove_const_t<C>, Index>
{
    v("name", i.name, Required | Always);
    v("columns", i.columns, Required | Always);
    v("unique", i.unique, Optional);
}

template <typename C, typename V>
void describe(C &u, V &v) requires std::is_same_v<std::remove_const_t<C>, UniqueConstraint>
{
    v("name", u.name, Required | Always);
    v("columns", u.columns, Required | Always);
}

template <typename C, typename V>
void describe(C &f, V &v) requires std::is_same_v<std::remove_const_t<C>, ForeignKey>
{
    v("name", f.name, Optional);
    v("columns", f.columns, Required | Always);
    v("references", f.references, Required | Always);
    v("ref_columns", f.ref_columns, Required | Always);
    v("on_delete", f.on_delete, Optional);
    v("on_update", f.on_update, Optional);
}

template <typename C, typename V>
void describe(C &l, V &v) requires std::is_same_v<std::remove_const_t<C>, ListPartition>
{
    v("name", l.name, Required | Always);
    v("values", l.values, Required | Always);
}

template <typename C, typename V>
void describe(C &p, V &v) requires std::is_same_v<std::remove_const_t<C>, Partitioning>
{
    v("method", p.method, Required | Always);
    v("column", p.column, Required | Always);
    v("interval", p.interval, Optional);
    v("start", p.start, Optional);
    v("count", p.count, Optional);
    v("default_partition", p.default_partition, Optional);
    v("retention", p.retention, Optional);
    v("lists", p.lists, Optional);
}

template <typename C, typename V>
void describe(C &t, V &v) requires std::is_same_v<std::remove_const_t<C>, Table>
{
    v("name", t.name, Required | Always);
    v("comment", t.comment, Optional);
    v("columns", t.columns, Required | Always);
    v("primary_key", t.primary_key, Optional);
    v("unique", t.unique, Optional);
    v("indexes", t.indexes, Optional);
    v("foreign_keys", t.foreign_keys, Optional);
    v("partitioning", t.partitioning, Optional);
    v("rows_per_month", t.rows_per_month, Optional);
    v("rows", t.rows, Optional);
    v("row_bytes", t.row_bytes, Optional);
    v("append_only", t.append_only, Optional);
    v("renamed_from", t.renamed_from, Optional);
}

template <typename C, typename V>
void describe(C &r, V &v) requires std::is_same_v<std::remove_const_t<C>, ViewRefresh>
{
    v("every_s", r.every_s, Optional);
    v("cron", r.cron, Optional);
    v("concurrent", r.concurrent, Optional);
}

template <typename C, typename V>
void describe(C &w, V &v) requires std::is_same_v<std::remove_const_t<C>, View>
{
    v("name", w.name, Required | Always);
    v("kind", w.kind, Always);
    v("comment", w.comment, Optional);
    v("query", w.query, Required | Always);
    v("query_postgres", w.query_postgres, Optional);
    v("query_mysql", w.query_mysql, Optional);
    v("query_sqlite", w.query_sqlite, Optional);
    v("reads", w.reads, Optional);
    v("refresh", w.refresh, Optional);
    v("indexes", w.indexes, Optional);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, Schema>
{
    v("id", s.id, Required | Always);
    v("name", s.name, Optional);
    v("tables", s.tables, Always);
    v("views", s.views, Optional);
}

template <typename C, typename V>
void describe(C &e, V &v) requires std::is_same_v<std::remove_const_t<C>, ScenarioEvent>
{
    v("at_s", e.at_s, Required | Always);
    v("action", e.action, Required | Always);
    v("target", e.target, Optional);
    v("mode", e.mode, Optional);
    v("for_s", e.for_s, Optional);
    v("factor", e.factor, Optional);
    v("replica", e.replica, Optional);
    v("note", e.note, Optional);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, Scenario>
{
    v("id", s.id, Required | Always);
    v("name", s.name, Optional);
    v("description", s.description, Optional);
    v("duration_s", s.duration_s, Always);
    v("warmup_s", s.warmup_s, Optional);
    v("seed", s.seed, Always);
    v("events", s.events, Optional);
    v("overrides", s.overrides, Optional);
}

template <typename C, typename V>
void describe(C &o, V &v) requires std::is_same_v<std::remove_const_t<C>, ScenarioOverride>
{
    v("target", o.target, Required | Always);
    v("set", o.set, Required | Always);
}

template <typename C, typename V>
void describe(C &s, V &v) requires std::is_same_v<std::remove_const_t<C>, Suppression>
{
    v("rule", s.rule, Required | Always);
    v("target", s.target, Always);
    v("reason", s.reason, Required | Always);
}

// The top level; "format" and "version" are handled by the reader and writer themselves.
template <typename C, typename V>
void describe(C &m, V &v) requires std::is_same_v<std::remove_const_t<C>, Model>
{
    v("name", m.name, Always);
    v("description", m.description, Optional);
    v("zones", m.zones, Optional);
    v("regions", m.regions, Optional);
    v("disaster_recovery", m.disaster_recovery, Optional);
    v("components", m.components, Always);
    v("links", m.links, Always);
    v("schemas", m.schemas, Optional);
    v("scenarios", m.scenarios, Optional);
    v("suppress", m.suppress, Optional);
}

} // namespace archsim::model::detail
