#pragma once

// The figures of a run's realtime gateways (docs/realtime.md): WebSocket/SSE fan-out to
// connections with bounded outbound queues, slow-consumer policies, reconnects and recovery
// from channel history, per replica and per client-rate class, with a per-second timeline.

#include "archsim/simulator/stats.h"

#include <string>
#include <vector>

namespace archsim::simulator {

// One simulated second [t_s, t_s + 1) of a realtime gateway (averaged over replications).
struct RealtimePoint {
    double t_s = 0;
    double deliveries = 0;   // messages that reached a connection in this second
    double dropped = 0;      // messages dropped from outbound queues (drop_oldest)
    double disconnects = 0;  // connections dropped (slow, or their replica crashed)
    double reconnects = 0;   // connections that came back
    double recovered = 0;    // messages replayed from history on reconnect
    double lost = 0;         // messages a connection never got (gap beyond the history)
    double latency_max_ms = 0; // publish-to-deliver, the longest of this second's deliveries
};

// Figures of one gateway replica over the measured window.
struct RealtimeReplicaFigures {
    int replica = 0;
    Estimate connections_max; // connections held at once, at its most
    Estimate deliveries_rps;
    Estimate mbps;            // outbound MB/s
};

// Figures of the connections of one client-rate class.
struct RealtimeClassFigures {
    std::string name;
    double bytes_per_s = 0;
    int64_t connections = 0;
    Estimate deliveries;
    Estimate latency_p99_ms;
    Estimate dropped;
    Estimate slow_disconnects;
    Estimate lost;
};

// Figures of one realtime gateway over the measured window (messages published after the
// warm-up; deliveries of them, whenever they happen before the end).
struct RealtimeFigures {
    std::string id;
    int64_t connections = 0;
    int replicas = 1;
    Estimate published;        // messages published to its channels
    Estimate published_rps;
    Estimate fanout;           // deliveries due: published x subscribers of their channels
    Estimate deliveries;       // deliveries made
    Estimate deliveries_rps;
    Estimate latency_p50_ms;   // publish to the last byte at the client, over deliveries
    Estimate latency_p95_ms;
    Estimate latency_p99_ms;
    Estimate latency_mean_ms;
    Estimate dropped;          // drop_oldest: messages removed from outbound queues
    Estimate slow_disconnects; // disconnect: connections dropped for a full queue
    Estimate crash_disconnects; // connections dropped because their replica crashed
    Estimate reconnects;
    Estimate recovered;        // messages replayed from history after a reconnect
    Estimate lost;             // messages a connection missed (gap beyond history, or none)
    Estimate ordering_violations; // a delivery whose channel sequence is not the last + 1
    Estimate block_ms_max;     // block: longest time a channel's message waited for room
    Estimate queue_bytes_max;  // largest outbound queue of a connection, bytes
    Estimate pending_end;      // deliveries still queued at the end of the run
    std::vector<RealtimeReplicaFigures> replica_figures;
    std::vector<RealtimeClassFigures> classes;
    std::vector<RealtimePoint> timeline; // one point per simulated second
};

} // namespace archsim::simulator
