#pragma once

// What a design costs to run (docs/operations.md): a price table (the bundled
// resources/prices/default.json or a file of the user's), per-component overrides, and
// OpenCost's rule: monthly cost = max(requested, used) x hours per month x rate. Requested
// resources are what the Kubernetes export requests; used replicas come from a simulation.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace archsim::exporters {

// Prices in one currency. Every rate is per unit and hour unless its name says otherwise.
struct PriceTable {
    std::string name;
    std::string currency = "USD";
    double hours_per_month = 730;
    double vcpu_hour = 0;                  // a requested vCPU in the cluster
    double gib_hour = 0;                   // a requested GiB of memory in the cluster
    double managed_database_hour = 0;      // one managed database instance (per replica)
    double managed_cache_hour = 0;         // one managed cache node
    double managed_queue_hour = 0;         // one managed broker
    double managed_load_balancer_hour = 0; // one managed load balancer
    double storage_gb_month = 0;           // a GB of database storage per month
    double egress_gb = 0;                  // a GB leaving the cloud
};

// Returns the bundled table (resources/prices/default.json, compiled in).
const PriceTable &defaultPriceTable();

// Parses a price table; errors name `file` and the JSON pointer (or line:col) of the problem.
model::Result<PriceTable> parsePriceTable(const std::string &text, const std::string &file);

// Reads a price table file.
model::Result<PriceTable> loadPriceTable(const std::string &path);

// What a simulation measured, for the "used" side of the rule. Fill it from a run's JSON with
// costUsageFromRun(), or from a SimulationResult: throughput_rps = summary.throughput_rps.mean,
// replicas[id] = the component's replicas.mean.
struct CostUsage {
    bool simulated = false;    // false: the model's nominal load and declared replicas
    double throughput_rps = 0; // requests answered per second
    std::map<std::string, double> replicas; // mean serving replicas per component
};

// Returns the usage of a run written by `archsim-cli simulate --format json`.
model::Result<CostUsage> costUsageFromRun(const nlohmann::json &run);

// The cost of one component per month.
struct ComponentCost {
    std::string id;
    std::string basis;            // how the rate was found ("cluster 0.5 vCPU + 0.5 GiB", ...)
    double requested_replicas = 0; // declared (min_replicas under autoscaling)
    double used_replicas = 0;     // simulated mean (the requested count without a run)
    double replica_hour = 0;      // rate of one replica
    double compute_month = 0;     // max(requested, used) x hours x replica_hour
    double storage_month = 0;
    double egress_month = 0;
    double fixed_month = 0;       // the component's price.monthly
    double month = 0;             // sum of the four
};

struct CostReport {
    std::string currency;
    std::string table;            // the price table's name
    double hours_per_month = 730;
    bool simulated = false;
    double throughput_rps = 0;    // simulated, or the clients' nominal rps
    std::vector<ComponentCost> components; // those that cost something, in model order
    double month = 0;
    double per_million = 0;       // month / requests per month x 1e6; 0 without throughput
};

// Returns the cost of `model` under `prices`, with `usage` from a simulation if there is one.
CostReport computeCost(const model::Model &model, const PriceTable &prices,
                       const CostUsage &usage = {});

// Returns the report as JSON text (2-space indent, trailing newline).
std::string costToJson(const CostReport &report);

// Returns the report as an aligned text table.
std::string costToText(const CostReport &report);

} // namespace archsim::exporters
