#pragma once

// A capacity sweep's spec (docs/sweeps.md): the model parameters to vary (RFC 6901 JSON
// pointers into the model's JSON, each with a list or a range of values), the scenarios to
// run, the objectives every point must meet, the replications and the goal.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace archsim::sweep {

// The scenario name of the nominal load (no events, the spec's duration).
inline constexpr const char *kSteady = "steady";

struct Parameter {
    std::string name;                   // label in reports; the pointer when the spec has none
    std::string pointer;                // RFC 6901 pointer into the model's canonical JSON
    std::vector<nlohmann::json> values; // in the order the grid takes them
};

// A figure of a scenario's run that an objective bounds or the Pareto front uses.
enum class Metric { MeanMs, P50Ms, P90Ms, P95Ms, P99Ms, P999Ms, Availability, ErrorRate,
                    LatencyAttainment, ThroughputRps };

// Returns the metric's name in specs and reports ("p99_ms", "availability", ...).
const char *toString(Metric metric);

// Returns true when a larger value of the metric is better (availability, throughput).
bool higherIsBetter(Metric metric);

struct Objective {
    std::string scenario;   // a scenario of the spec
    Metric metric = Metric::P99Ms;
    std::string client;     // empty = all clients together (the run's summary)
    double bound = 0;       // the metric must be <= bound (or >= when higherIsBetter)
    std::string source;     // "spec /objectives/0" or "slo of client shoppers"
};

struct RunSettings {
    std::optional<double> duration_s; // unset: each scenario's own (600 s for steady)
    std::optional<double> warmup_s;
    int replications = 5;             // at most this many per point and scenario
    int min_replications = 3;         // before early stopping may decide
    uint64_t seed = 1;                // replication i of every point runs with seed + i
};

enum class GoalKind { MinCost, Pareto };

struct Goal {
    GoalKind kind = GoalKind::MinCost;
    std::string scenario;           // the Pareto front's scenario (default: the first one)
    Metric metric = Metric::P99Ms;  // the Pareto front's figure against cost
};

struct SweepSpec {
    std::string name;
    std::vector<Parameter> parameters;
    std::vector<std::string> scenarios; // "steady" or scenario ids of the model
    std::vector<Objective> objectives;  // spec's own, or the model's SLOs when it has none
    bool objectivesFromSlos = false;    // true when the spec names none
    RunSettings run;
    Goal goal;
    bool prune = true;                  // skip points the analytic estimate finds overloaded
    bool earlyStop = true;              // stop a point's replications once decided
    std::string canonical;              // the spec's JSON as parsed, compact (for the hash)
};

// Parses and checks a spec against `model`: every error names `file` and the JSON pointer of
// the bad field, a parameter pointer that does not resolve in the model, a value the model
// cannot take (wrong type, unknown field), an unknown scenario or client.
model::Result<SweepSpec> parseSpec(const std::string &text, const std::string &file,
                                   const model::Model &model);

// Returns the number of grid points (the product of the parameters' value counts).
size_t pointCount(const SweepSpec &spec);

// Returns point `index`'s values, one per parameter; the first parameter varies slowest.
std::vector<nlohmann::json> pointValues(const SweepSpec &spec, size_t index);

// Makes the model of each point from the base model's canonical JSON, parsed once.
class PointBuilder {
public:
    explicit PointBuilder(const model::Model &base);

    // Returns the base model with `values` set at the spec's pointers, read back through the
    // model reader (not validated); a structural problem is reported at its pointer.
    model::Result<model::Model> build(const SweepSpec &spec,
                                      const std::vector<nlohmann::json> &values) const;

private:
    nlohmann::json m_base;
};

// Returns the FNV-1a 64-bit hash of `text` as 16 hex digits (spec and model identities).
std::string hashText(const std::string &text);

} // namespace archsim::sweep
