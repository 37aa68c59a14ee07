#pragma once

// The figures of the event-driven half of a run (docs/streams.md): per stream or queue (a
// "topic") and per consume link (a consumer group), with lag timelines for the charts. Other
// consumers of messages (a WebSocket gateway, a lag-based autoscaler) read the same figures.

#include "archsim/simulator/stats.h"

#include <string>
#include <vector>

namespace archsim::simulator {

// A group's lag at the end of one simulated second (averaged over replications).
struct LagPoint {
    double t_s = 0;      // the end of the second
    double messages = 0; // published but not committed (streams) or not acknowledged (queues)
    double seconds = 0;  // age of the oldest message not committed yet; 0 without lag
};

// Figures of one partition of a stream as one group reads it, over the measured window.
struct PartitionFigures {
    int partition = 0;
    int consumer = -1;     // consumer instance holding it at the end (-1: none)
    Estimate processed;    // messages this group processed from it
    Estimate lag_max;      // most messages behind, sampled each second
    Estimate lag_end;      // messages behind at the end of the run
};

// Figures of one consume link's group (docs/streams.md).
struct GroupFigures {
    std::string link;      // the consume link's id
    std::string group;     // group name
    std::string consumer;  // consumer component id
    std::string source;    // stream or queue id
    int consumers = 0;     // consumer instances
    int active = 0;        // of which hold a partition (all of them on a queue)
    Estimate processed;    // messages processed successfully (duplicates included)
    Estimate throughput_rps;
    Estimate lag_mean;     // messages, time average of the per-second samples
    Estimate lag_max;      // messages
    Estimate lag_end;      // messages behind at the end
    Estimate lag_s_max;    // seconds: oldest uncommitted message's age, at its worst
    Estimate latency_p50_ms; // publish to processed, first processing of each message
    Estimate latency_p95_ms;
    Estimate latency_p99_ms;
    Estimate latency_mean_ms;
    Estimate failed_attempts; // processing attempts that failed
    Estimate redeliveries; // deliveries of a message after the first one to this group
    Estimate duplicates;   // messages processed successfully a second time
    Estimate dead_lettered;
    Estimate retention_lost; // messages deleted by retention before this group read them
    Estimate lost;         // committed before processing and then skipped after a crash
    Estimate ordering_violations; // per key: a message processed after a later one of its key
    Estimate utilization;  // busy consumer-seconds / (live consumers x seconds)
    std::vector<PartitionFigures> partitions; // streams only
    std::vector<LagPoint> lag; // one point per simulated second
};

// Figures of one stream or queue over the measured window.
struct TopicFigures {
    std::string id;
    std::string kind;        // "stream" or "queue"
    int partitions = 1;
    Estimate published;      // messages offered by publish links
    Estimate published_rps;
    Estimate rejected;       // refused by a full queue (overflow reject)
    Estimate dropped;        // dropped from a full queue (overflow drop_oldest)
    Estimate blocked;        // publishes that waited for room (overflow block)
    Estimate block_ms_max;   // longest such wait
    Estimate dead_letters_in; // messages dead-lettered into it by consumers
    Estimate depth_max;      // most messages held (queues; streams: largest partition backlog)
    Estimate write_mbps;     // bytes appended per second x replication factor, MB/s
    Estimate read_mbps;      // bytes read by all groups per second, MB/s
};

} // namespace archsim::simulator
