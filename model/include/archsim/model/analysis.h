#pragma once

// Graph analysis of a model (Boost.Graph): single points of failure (component and zone level),
// cycles of synchronous calls, retry amplification, critical path and fan-out per request.
// docs/lint.md explains each result and the rule that reports it.

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <map>
#include <string>
#include <vector>

namespace archsim::model {

// A component, or a whole zone, whose loss cuts clients off from components they depend on.
struct SinglePointOfFailure {
    enum class Level { Component, Zone };
    Level level = Level::Component;
    std::string target;               // component id, or zone name
    std::vector<std::string> lost;    // components lost with it (zone: those wholly in it)
    std::vector<std::string> cutOff;  // first (up to 8) components no client reaches any more
    int cutOffCount = 0;              // all components no client reaches any more (lost too)
    std::vector<std::string> clients; // first (up to 8) clients that depend on what is lost
    int clientCount = 0;
};

// A path of links from a client, with the figure it was chosen for.
struct CallPath {
    std::vector<std::string> components; // client first
    std::vector<int> links;              // positions in model.links, one fewer than components
    double value = 0;                    // attempts product, or latency in ms
};

struct Analysis {
    // Components and zones whose loss cuts a client off; component SPOFs first, by position.
    std::vector<SinglePointOfFailure> spofs;
    // Cycles of synchronous links (publish links and a queue's deliveries are asynchronous);
    // each lists component ids with the first repeated at the end.
    std::vector<std::vector<std::string>> syncCycles;
    // For each component reached with retries: the worst product of attempts (1 + retries)
    // over the call paths from any client, and that path; only products above
    // AnalysisOptions::retryThreshold are kept.
    std::map<std::string, CallPath> retryAmplification;
    // The worst retry amplification in the model, whatever the threshold (value 1 and an
    // empty path when no call path has retries).
    CallPath worstRetryPath;
    // Per client: the call path with the largest sum of local (wait + service) times.
    std::map<std::string, CallPath> criticalPath;
    // Per client: expected visits per request at each component (only when asked for).
    std::map<std::string, std::map<std::string, double>> fanOut;
};

struct AnalysisOptions {
    bool fanOut = false;         // fill Analysis::fanOut (one pass over the graph per client)
    double retryThreshold = 10;  // keep retry amplifications above this product of attempts
    bool criticalPath = true;    // fill Analysis::criticalPath
};

// Returns the graph analysis of a model; `est` (the nominal estimate) gives the latencies of
// the critical path and the caches' pass ratios; computed when null.
Analysis analyze(const Model &model, const AnalyticEstimate *est = nullptr,
                 const AnalysisOptions &options = {});

// Returns the analysis as JSON: {"single_points_of_failure", "sync_cycles",
// "retry_amplification": {"worst", "path"}, "critical_paths", "fan_out"}.
std::string analysisToJson(const Model &model, const Analysis &analysis);

// Returns the expected number of visits one request of `clientId` causes at each component
// (visit ratios; caches pass on `passRatio` of their visits to fill links, from `est`).
// Empty when the client is unknown.
std::map<std::string, double> fanOut(const Model &model, const std::string &clientId,
                                     const AnalyticEstimate *est = nullptr);

// Returns the zone that replica `replica` of a component runs in ("" when it has no zones):
// replicas are spread over the component's zones in order.
std::string zoneOfReplica(const Component &component, int replica);

} // namespace archsim::model
