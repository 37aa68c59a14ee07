#pragma once

// Visits every Estimate of a figures struct with its dotted name ("latency_ms.p99"), in one
// fixed order: aggregation over replications and the JSON writer both rely on it.

#include "archsim/simulator/simulation.h"

#include <string>

namespace archsim::simulator {

template <typename F>
void forEachEstimate(LatencyFigures &l, const std::string &prefix, F &&f)
{
    f(prefix + "mean", l.mean);
    f(prefix + "p50", l.p50);
    f(prefix + "p90", l.p90);
    f(prefix + "p95", l.p95);
    f(prefix + "p99", l.p99);
    f(prefix + "p999", l.p999);
    f(prefix + "max", l.max);
}

template <typename F>
void forEachEstimate(SummaryFigures &s, const std::string &prefix, F &&f)
{
    f(prefix + "requests", s.requests);
    f(prefix + "succeeded", s.succeeded);
    f(prefix + "degraded", s.degraded);
    f(prefix + "failed", s.failed);
    f(prefix + "offered_rps", s.offered_rps);
    f(prefix + "throughput_rps", s.throughput_rps);
    f(prefix + "error_rate", s.error_rate);
    f(prefix + "availability", s.availability);
    f(prefix + "work_rps", s.work_rps);
    f(prefix + "wasted_rps", s.wasted_rps);
    f(prefix + "errors.rejected", s.errors.rejected);
    f(prefix + "errors.timeout", s.errors.timeout);
    f(prefix + "errors.refused", s.errors.refused);
    f(prefix + "errors.short_circuited", s.errors.short_circuited);
    f(prefix + "errors.unavailable", s.errors.unavailable);
    f(prefix + "errors.rate_limited", s.errors.rate_limited);
    forEachEstimate(s.latency_ms, prefix + "latency_ms.", f);
}

template <typename F>
void forEachEstimate(ClientFigures &c, const std::string &prefix, F &&f)
{
    forEachEstimate(c.figures, prefix, f);
}

template <typename F>
void forEachEstimate(ComponentFigures &c, const std::string &prefix, F &&f)
{
    f(prefix + "arrivals", c.arrivals);
    f(prefix + "throughput_rps", c.throughput_rps);
    f(prefix + "utilization", c.utilization);
    f(prefix + "queue_mean", c.queue_mean);
    f(prefix + "rejected", c.rejected);
    f(prefix + "wait_ms", c.wait_ms);
    f(prefix + "wait_probability", c.wait_probability);
    f(prefix + "goodput_rps", c.goodput_rps);
    f(prefix + "wasted", c.wasted);
    f(prefix + "shed", c.shed);
    f(prefix + "refused", c.refused);
    f(prefix + "replicas", c.replicas);
    f(prefix + "rate_limited", c.rate_limited);
    forEachEstimate(c.latency_ms, prefix + "latency_ms.", f);
    if (c.cache) {
        CacheFigures &k = *c.cache;
        f(prefix + "cache.hit_ratio", k.hit_ratio);
        f(prefix + "cache.stale_ratio", k.stale_ratio);
        f(prefix + "cache.stale_age_ms_p50", k.stale_age_ms_p50);
        f(prefix + "cache.stale_age_ms_p99", k.stale_age_ms_p99);
        f(prefix + "cache.lookups", k.lookups);
        f(prefix + "cache.evictions", k.evictions);
        f(prefix + "cache.expirations", k.expirations);
        f(prefix + "cache.fills", k.fills);
        f(prefix + "cache.invalidations", k.invalidations);
        f(prefix + "cache.fallthroughs", k.fallthroughs);
        if (k.pubsub) {
            f(prefix + "cache.pubsub_delivered", k.pubsub_delivered);
            f(prefix + "cache.pubsub_lost", k.pubsub_lost);
        }
        // "cache.classes.<name>.<figure>": a class name may hold dots; the figure never does.
        for (KeyClassFigures &kc : k.classes) {
            const std::string p = prefix + "cache.classes." + kc.name + ".";
            f(p + "lookups", kc.lookups);
            f(p + "hit_ratio", kc.hit_ratio);
            f(p + "stale_ratio", kc.stale_ratio);
        }
    }
}

template <typename F>
void forEachEstimate(LinkFigures &l, const std::string &prefix, F &&f)
{
    f(prefix + "calls", l.calls);
    f(prefix + "failures", l.failures);
    f(prefix + "retries", l.retries);
    f(prefix + "timeouts", l.timeouts);
    f(prefix + "short_circuited", l.short_circuited);
    f(prefix + "breaker_open_s", l.breaker_open_s);
    f(prefix + "rate_limited", l.rate_limited);
}

template <typename F>
void forEachEstimate(SloFigures &s, const std::string &prefix, F &&f)
{
    f(prefix + "availability", s.availability);
    f(prefix + "latency_attainment", s.latency_attainment);
    f(prefix + "availability_burn", s.availability_burn);
    f(prefix + "latency_burn", s.latency_burn);
}

template <typename F>
void forEachEstimate(DatabaseDataFigures &d, const std::string &prefix, F &&f)
{
    f(prefix + "writes", d.writes);
    f(prefix + "replica_reads", d.replica_reads);
    f(prefix + "stale_reads", d.stale_reads);
    f(prefix + "stale_share", d.stale_share);
    f(prefix + "lag_ms_mean", d.lag_ms_mean);
    f(prefix + "lag_ms_p99", d.lag_ms_p99);
    f(prefix + "lost_writes", d.lost_writes);
}

template <typename F>
void forEachEstimate(JobFigures &j, const std::string &prefix, F &&f)
{
    f(prefix + "runs", j.runs);
    f(prefix + "skipped", j.skipped);
    f(prefix + "run_s_mean", j.run_s_mean);
    f(prefix + "run_s_p95", j.run_s_p95);
    f(prefix + "run_s_max", j.run_s_max);
    f(prefix + "rows", j.rows);
    f(prefix + "failed_batches", j.failed_batches);
    f(prefix + "staleness_s_mean", j.staleness_s_mean);
    f(prefix + "staleness_s_max", j.staleness_s_max);
}

template <typename F>
void forEachEstimate(ViewFigures &v, const std::string &prefix, F &&f)
{
    f(prefix + "refreshes", v.refreshes);
    f(prefix + "skipped", v.skipped);
    f(prefix + "failed", v.failed);
    f(prefix + "refresh_s_mean", v.refresh_s_mean);
    f(prefix + "refresh_s_p95", v.refresh_s_p95);
    f(prefix + "refresh_s_max", v.refresh_s_max);
    f(prefix + "staleness_s_mean", v.staleness_s_mean);
    f(prefix + "staleness_s_max", v.staleness_s_max);
    f(prefix + "reads", v.reads);
    f(prefix + "read_age_s_mean", v.read_age_s_mean);
    f(prefix + "read_age_s_max", v.read_age_s_max);
    f(prefix + "blocked_reads", v.blocked_reads);
    f(prefix + "blocked_wait_ms_mean", v.blocked_wait_ms_mean);
    f(prefix + "blocked_wait_ms_max", v.blocked_wait_ms_max);
}

} // namespace archsim::simulator
