#pragma once

// The realtime figures (docs/realtime.md): their aggregation over replications, their JSON
// ("realtime") and their text table.

#include "archsim/simulator/simulation.h"

#include "realtime/realtimekernel.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace archsim::simulator {

// The estimates of each realtime figures struct with their JSON names, in file order.
template <typename F>
void forEachEstimate(RealtimeFigures &g, const std::string &prefix, F &&f)
{
    f(prefix + "published", g.published);
    f(prefix + "published_rps", g.published_rps);
    f(prefix + "fanout", g.fanout);
    f(prefix + "deliveries", g.deliveries);
    f(prefix + "deliveries_rps", g.deliveries_rps);
    f(prefix + "latency_p50_ms", g.latency_p50_ms);
    f(prefix + "latency_p95_ms", g.latency_p95_ms);
    f(prefix + "latency_p99_ms", g.latency_p99_ms);
    f(prefix + "latency_mean_ms", g.latency_mean_ms);
    f(prefix + "dropped", g.dropped);
    f(prefix + "slow_disconnects", g.slow_disconnects);
    f(prefix + "crash_disconnects", g.crash_disconnects);
    f(prefix + "reconnects", g.reconnects);
    f(prefix + "recovered", g.recovered);
    f(prefix + "lost", g.lost);
    f(prefix + "ordering_violations", g.ordering_violations);
    f(prefix + "block_ms_max", g.block_ms_max);
    f(prefix + "queue_bytes_max", g.queue_bytes_max);
    f(prefix + "pending_end", g.pending_end);
}

template <typename F>
void forEachEstimate(RealtimeReplicaFigures &r, const std::string &prefix, F &&f)
{
    f(prefix + "connections_max", r.connections_max);
    f(prefix + "deliveries_rps", r.deliveries_rps);
    f(prefix + "mbps", r.mbps);
}

template <typename F>
void forEachEstimate(RealtimeClassFigures &c, const std::string &prefix, F &&f)
{
    f(prefix + "deliveries", c.deliveries);
    f(prefix + "latency_p99_ms", c.latency_p99_ms);
    f(prefix + "dropped", c.dropped);
    f(prefix + "slow_disconnects", c.slow_disconnects);
    f(prefix + "lost", c.lost);
}

// Sets `result.realtime` to the means and 95% intervals over the replications' outputs (all
// from one net); timelines are averaged per second.
void aggregateRealtime(SimulationResult &result,
                       const std::vector<realtime::RealtimeOutput *> &reps);

// Adds "realtime" to `j` (nothing without gateways) and the intervals to `ci` under
// "realtime.<id>.<figure>".
void realtimeToJson(SimulationResult &r, nlohmann::ordered_json &j, nlohmann::ordered_json &ci);

// Reads what realtimeToJson() wrote; an absent key leaves the list empty.
void realtimeFromJson(const nlohmann::ordered_json &j, const nlohmann::ordered_json &ci,
                      SimulationResult &r);

// Returns the text report's realtime tables (empty without gateways).
std::string realtimeToText(const SimulationResult &r);

// Merges the realtime timelines into points of `step` seconds: counts are means per second,
// the latency the largest of the seconds.
void coarsenRealtime(SimulationResult &r, int step);

} // namespace archsim::simulator
