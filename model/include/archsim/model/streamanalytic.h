#pragma once

// The analytic estimate of streams and queues (docs/streams.md): per consume link, the publish
// rate it sees, the consumers that can work (a stream gives each partition to one consumer),
// utilization, partitions needed (Jun Rao's rule), broker bandwidth with replication, the
// steady lag by Little's law, and the backlog and catch-up time of the worst declared outage.

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <map>
#include <string>
#include <vector>

namespace archsim::model {

// An assumed producer throughput per partition (MB/s) for the partition rule; Kafka's
// documentation and Jun Rao's sizing post quote about 10 MB/s.
inline constexpr double kPartitionWriteMBps = 10.0;

// The estimate of one consume link's group. Times in seconds unless named _ms.
struct StreamEstimate {
    std::string link;          // the consume link's id
    std::string group;
    std::string consumer;
    std::string source;        // stream or queue id
    bool stream = true;        // false: a queue
    double publish_rps = 0;    // messages per second into the source (all publish links)
    int partitions = 1;        // queues: 1
    int consumers = 0;
    int active = 0;            // streams: min(consumers, partitions); queues: consumers
    double attempts = 1;       // processing attempts per message (failures retried)
    double calls_ms = 0;       // of one attempt: the consumer's calls (consumersWithCalls)
    double backoff_ms = 0;     // per message: the mean of its retries' waits (retryWaitMs)
    double service_ms = 0;     // per message: (own service + calls_ms) x attempts + backoff_ms
    // A queue with max_length whose overflow rejects or drops the oldest: the share of
    // publishes rejected (or of messages dropped), M/M/c/K; 0 otherwise
    double overflow_share = 0;
    double utilization = 0;    // of the busiest consumer
    bool saturated = false;    // utilization >= 1: the lag grows without bound
    int partitions_needed = 1; // ceil(max(t / p, t / c))
    double write_mbps = 0;     // into the brokers, replication included
    double read_mbps = 0;      // out of the brokers: every group plus the followers
    double lag_messages = 0;   // steady state, Little's law: lambda x sojourn
    double lag_s = 0;          // steady sojourn of a message (publish to processed)
    double outage_s = 0;       // the longest consumer outage a scenario declares (0: none)
    double backlog = 0;        // lambda x outage_s
    double catch_up_s = 0;     // backlog / (active x mu - lambda); infinite when saturated
    double retention_s = 0;    // 0 = forever
};

// M/M/c/K: Poisson arrivals at `lambda`, `servers` exponential servers at `mu` each, at most
// `capacity` held (those in service included). `full` is the probability that an arrival
// finds it full (by PASTA, the share turned away), `held` the mean number held.
struct FiniteQueueEstimate {
    double full = 0;
    double held = 0;
};
FiniteQueueEstimate estimateFiniteQueue(double lambda, double mu, int servers, int64_t capacity);

// The wait before in-place retry `n` (n >= 1) of a stream consumer's failed message:
// retry_backoff_ms x retry_backoff_multiplier^(n-1), at most retry_backoff_max_ms when set. The
// stream kernel waits this long; the estimate averages it (meanRetryWaitMs).
double retryWaitMs(const ConsumeSettings &settings, int n);

// The mean total of a message's retry waits when each attempt fails with probability p: wait n
// is taken when the first n attempts fail (p^n), for n < max_attempts with a dead letter, for
// every n without one (infinite when the waits grow at least as fast as p^n shrinks).
double meanRetryWaitMs(const ConsumeSettings &settings, double p);

// Per component (model order): 1 for a service or worker that consumes (a consume link) and has
// calls, reads or writes: processing one of its messages makes them, so they load their
// targets and add to the processing time (docs/streams.md, "Coupled with the engine"). The
// simulator and the estimate both read this.
std::vector<char> consumersWithCalls(const Model &model);

// Returns the messages per second published into each stream, queue or realtime gateway (by
// id): publishers' visit rates from `base` times the link probabilities, followed down chains
// of consumers that publish.
std::map<std::string, double> publishRates(const Model &model, const AnalyticEstimate &base);

// Returns the estimate of every consume link, in model order, from the station estimate
// `base` (which gives the publishers' visit rates).
std::vector<StreamEstimate> estimateStreams(const Model &model, const AnalyticEstimate &base);

// Returns the estimates as a JSON array (infinite figures as null), two-space indent.
std::string streamEstimatesToJson(const std::vector<StreamEstimate> &estimates);

} // namespace archsim::model
