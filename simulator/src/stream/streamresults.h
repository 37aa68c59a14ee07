#pragma once

// The stream figures' field order (for aggregation and the JSON writer and reader) and their
// aggregation over replications.

#include "archsim/simulator/simulation.h"
#include "archsim/simulator/streams.h"

#include "stream/streamkernel.h"

#include <string>
#include <vector>

namespace archsim::simulator {

template <typename F>
void forEachEstimate(PartitionFigures &p, const std::string &prefix, F &&f)
{
    f(prefix + "processed", p.processed);
    f(prefix + "lag_max", p.lag_max);
    f(prefix + "lag_end", p.lag_end);
}

template <typename F>
void forEachEstimate(GroupFigures &g, const std::string &prefix, F &&f)
{
    f(prefix + "processed", g.processed);
    f(prefix + "throughput_rps", g.throughput_rps);
    f(prefix + "lag_mean", g.lag_mean);
    f(prefix + "lag_max", g.lag_max);
    f(prefix + "lag_end", g.lag_end);
    f(prefix + "lag_s_max", g.lag_s_max);
    f(prefix + "latency_p50_ms", g.latency_p50_ms);
    f(prefix + "latency_p95_ms", g.latency_p95_ms);
    f(prefix + "latency_p99_ms", g.latency_p99_ms);
    f(prefix + "latency_mean_ms", g.latency_mean_ms);
    f(prefix + "failed_attempts", g.failed_attempts);
    f(prefix + "redeliveries", g.redeliveries);
    f(prefix + "duplicates", g.duplicates);
    f(prefix + "dead_lettered", g.dead_lettered);
    f(prefix + "retention_lost", g.retention_lost);
    f(prefix + "lost", g.lost);
    f(prefix + "ordering_violations", g.ordering_violations);
    f(prefix + "utilization", g.utilization);
}

template <typename F>
void forEachEstimate(TopicFigures &t, const std::string &prefix, F &&f)
{
    f(prefix + "published", t.published);
    f(prefix + "published_rps", t.published_rps);
    f(prefix + "rejected", t.rejected);
    f(prefix + "dropped", t.dropped);
    f(prefix + "blocked", t.blocked);
    f(prefix + "block_ms_max", t.block_ms_max);
    f(prefix + "dead_letters_in", t.dead_letters_in);
    f(prefix + "depth_max", t.depth_max);
    f(prefix + "write_mbps", t.write_mbps);
    f(prefix + "read_mbps", t.read_mbps);
}

// Sets `result`'s topics and groups to the means and 95% intervals over the replications'
// outputs (all from one net, so their lists line up); lag timelines are averaged per second.
void aggregateStreams(SimulationResult &result, const std::vector<stream::StreamOutput *> &reps);

} // namespace archsim::simulator
