#pragma once

// The analytic estimate of realtime gateways (docs/realtime.md): deliveries per second from
// the publish rate and the expected subscribers of a message's channel, outbound bandwidth
// and connections per replica (also after losing one), memory for outbound queues and
// history, and per client-rate class whether its busiest connection outruns its download
// rate and how soon its queue limit is reached: Q / (r - d).

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <string>
#include <vector>

namespace archsim::model {

// Connections one gateway process is planned to hold (a planning figure: descriptors, memory
// and CPU of one WebSocket server process; the descriptor limit, ulimit -n, must be above it).
inline constexpr double kConnectionsPerReplica = 100000;

// The estimate for the connections of one client-rate class.
struct RealtimeClassEstimate {
    std::string name;
    double bytes_per_s = 0;     // its download (drain) rate
    double connections = 0;
    double inbound_bps = 0;     // bytes/s into its busiest connection (the hottest channels)
    bool slow = false;          // inbound_bps > bytes_per_s: its queue grows
    double time_to_limit_s = 0; // Q / (inbound - rate): the queue is full after this long;
                                // infinite when not slow or unbounded
};

// The estimate of one realtime gateway. Rates per second.
struct RealtimeEstimate {
    std::string id;
    int replicas = 1;
    double connections = 0;
    double publish_rps = 0;             // messages into its channels
    double subscribers_per_message = 0; // expected subscribers of a message's channel
    double deliveries_rps = 0;          // publish_rps x subscribers_per_message
    double mbps_per_replica = 0;        // outbound MB/s of one replica
    double connections_per_replica = 0;
    double connections_after_loss = 0;  // per replica when one is lost (its share reconnects)
    bool over_connection_limit = false; // connections_after_loss > kConnectionsPerReplica
    double queue_bytes_limit = 0;       // per connection; infinite when unbounded
    double queue_memory_bytes = 0;      // worst case: every connection's queue full (all)
    double history_memory_bytes = 0;    // channels x min(history_size, ttl x rate) x bytes
    std::vector<RealtimeClassEstimate> classes;
};

// Returns the estimate of every realtime gateway, in model order, from the station estimate.
std::vector<RealtimeEstimate> estimateRealtime(const Model &model, const AnalyticEstimate &base);

// Returns the probability of each of the `channels` channels (Zipf with `zipf`), hottest
// first; at most `limit` entries (the rest is the tail the sums leave out).
std::vector<double> channelShares(int64_t channels, double zipf, int64_t limit = 1'000'000);

// Returns the share of reads of one key that return stale data when writes (Poisson, rate w)
// invalidate it by pub/sub: each invalidation arrives delay_s after its write, or never with
// probability loss; reads (Poisson, rate r) fill a miss at once; entries live ttl_s after
// their fill (0 = no TTL). Exact for that model (docs/realtime.md derives it):
//   stale = ls h(ls) (I1 - I2), ls = w (1 - loss), h(s) = r / (r + s - r e^(-s T)),
//   I1 = (1 - e^(-ls T)) / ls, I2 = (1 - e^(-(w + ls) M)) / (w + ls)
//        + [T > D] e^(-ls D) (e^(-w D) - e^(-w T)) / w, M = min(T, D).
// loss = 1 gives TTL only, (T - (1 - e^(-w T)) / w) / (T + 1 / r); no TTL and loss = 1, 1.
double pubsubStaleRatio(double readRate, double writeRate, double delay_s, double loss,
                        double ttl_s);

// Returns the estimates as a JSON array (infinite figures as null), two-space indent.
std::string realtimeEstimatesToJson(const std::vector<RealtimeEstimate> &estimates);

// Returns the estimates as the text table of `archsim-cli analyze` (empty without gateways).
std::string realtimeEstimatesToText(const std::vector<RealtimeEstimate> &estimates);

} // namespace archsim::model
