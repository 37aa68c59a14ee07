#pragma once

// The analytic (queueing) estimate of a model: visit ratios from link probabilities, then per
// station arrival rate, utilization, mean wait (Erlang C for exponential service, Allen-Cunneen
// otherwise), mean response; end-to-end mean latency per client. Instant, so the GUI can show
// it on every edit; the simulator agrees with it where its assumptions hold.
// docs/analytic.md states every assumption and approximation.

#include "archsim/model/types.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archsim::model {

// The client rate an estimate uses: the nominal `rps`, or the peak over the client's profile.
enum class RateBasis { Nominal, Peak };

// Returns a cache's (or CDN's) miss ratio in [0, 1], or nullopt when it cannot tell.
using MissRatioFn = std::function<std::optional<double>(const Component &cache)>;

struct EstimateOptions {
    double rateFactor = 1.0;             // every client rate is multiplied by this
    RateBasis basis = RateBasis::Nominal;
    // The share of a cache's visits that pass on to its `fill` links. When empty or when it
    // returns nullopt, the hit ratio comes from cacheanalytic.h (Che's approximation for LRU,
    // TTL formulas) at the cache's read rate; when that cannot be estimated (no key count),
    // a miss ratio of 1 is assumed. Either way AnalyticEstimate::assumptions says which.
    MissRatioFn missRatio;
};

// The estimate for one station (every component but clients). Times in milliseconds; a
// saturated station has infinite wait and response (written as null in JSON).
struct StationEstimate {
    double arrival_rps = 0;   // mean visits per second, all clients together
    int servers = 0;          // replicas x workers
    double service_ms = 0;    // own mean service time per visit
    double holding_ms = 0;    // time a server is held per visit (blocking: downstream included)
    double utilization = 0;   // of the busiest server pool (database: primary or replicas)
    double wait_ms = 0;       // mean time queued before service
    double downstream_ms = 0; // mean time spent in downstream calls per visit
    double response_ms = 0;   // arrival to response: wait + service + downstream calls
    double pass_ratio = 1.0;  // cache/cdn: share of visits that go on to fill links
    double read_rps = 0;      // cache/cdn: the read rate its hit ratio is estimated at
    bool saturated = false;   // utilization >= 1 (or a blocking dependency is saturated)
    bool in_cycle = false;    // on a cycle of links; calls inside the cycle are left out
};

struct ClientEstimate {
    double rate_rps = 0;      // the request rate used (basis x rateFactor)
    double response_ms = 0;   // mean end-to-end latency of one request
    bool saturated = false;   // a station the request waits for is saturated
};

struct AnalyticEstimate {
    std::map<std::string, StationEstimate> components; // stations by id
    std::map<std::string, ClientEstimate> clients;      // clients by id
    std::map<std::string, double> clientResponseMs;     // clients[id].response_ms, for short
    // Cycles of links (each a list of component ids, first repeated at the end); the links
    // inside a cycle are left out of the estimate instead of being followed forever.
    std::vector<std::vector<std::string>> cycles;
    // Assumptions made for this model in plain words (e.g. a cache's assumed miss ratio).
    std::vector<std::string> assumptions;
};

// Returns the analytic estimate of a model. Links to unknown components are ignored.
AnalyticEstimate estimate(const Model &model, const EstimateOptions &options);
// Returns the estimate at nominal client rates times `rateFactor`.
AnalyticEstimate estimate(const Model &model, double rateFactor = 1.0);

// Returns the client's rate for a basis: `rps`, or the largest rate of rps and its profile.
double clientRate(const Component &client, RateBasis basis);

// Returns Erlang C: the probability that an arrival waits in M/M/c with offered load
// `a` = lambda/mu (erlangs); 1 when a >= c.
double erlangC(int servers, double offeredLoad);

// Returns the mean queueing wait of a G/G/c station by Allen-Cunneen (exact Erlang C for
// M/M/c, Pollaczek-Khinchine for M/G/1): wait = C(c,a)/(c mu - lambda) * (ca2 + cs2) / 2.
// Rates per second, times in ms; infinity when lambda * service >= c.
double allenCunneenWaitMs(double lambdaPerS, int servers, double serviceMs, double cs2,
                          double ca2 = 1.0);

// Returns the estimate as JSON: {"components": {id: {"arrival_rps", "utilization",
// "wait_ms", "response_ms", "saturated", ...}}, "clients": {id: {"response_ms", ...}},
// "cycles", "assumptions"}; infinite times are null. Keys sorted, two-space indent.
std::string estimateToJson(const AnalyticEstimate &estimate);

} // namespace archsim::model
