#pragma once

// Evaluating a capacity sweep (docs/sweeps.md): every point of the spec's grid is the model
// with the point's values, pruned when the analytic estimate finds it overloaded, otherwise
// simulated under each scenario with common random numbers (replication i of every point uses
// the same seed) until its objectives are decided; then the cheapest feasible point and the
// Pareto front. Results are the same bytes for any thread count; shards merge into the result
// of one process.

#include "archsim/sweep/spec.h"

#include "archsim/exporters/cost.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace archsim::sweep {

using OrderedJson = nlohmann::ordered_json;

// How to run a sweep; nothing here changes the result but the shard and the search switches.
struct SweepOptions {
    int threads = 1;         // points evaluated at once, each on one thread
    int shardIndex = 0;      // this process's share: shardIndex of shardCount (0-based)
    int shardCount = 1;
    std::optional<bool> prune;     // overrides the spec's search.prune
    std::optional<bool> earlyStop; // overrides the spec's search.early_stop
    exporters::PriceTable prices = exporters::defaultPriceTable();
    // Set to true (from any thread) to stop; the points finished so far are kept (partial).
    const std::atomic<bool> *cancel = nullptr;
    // Called after each point, never two at a time: points done and points of this shard.
    std::function<void(size_t done, size_t total)> progress;
};

// A sweep's outcome: the header (spec, model, objectives, search) and the points evaluated, in
// index order. A shard's part has `shardCount` > 1 and only its points.
struct SweepResult {
    OrderedJson header;
    std::vector<OrderedJson> points;
    bool partial = false;     // interrupted: only the points that finished
    int shardIndex = 0;
    int shardCount = 1;
};

// Runs the sweep. Fails only on bad options (a shard out of range); a point that cannot be
// built or simulated gets the verdict "invalid" or "infeasible" with the reason.
model::Result<SweepResult> runSweep(const model::Model &model, const SweepSpec &spec,
                                    const SweepOptions &options);

// Returns the point indexes of shard `index` of `count`: the points sorted by `load` (the
// analytic utilisation of their busiest station, highest first, ties by index) dealt round
// robin, then in index order. Every point is in exactly one shard.
std::vector<size_t> shardPoints(const std::vector<double> &load, int index, int count);

// One candidate of the Pareto front: a point index with its cost and figure (lower is better).
struct ParetoCandidate {
    size_t index = 0;
    double cost = 0;
    double figure = 0;
};

// Returns the indexes of the candidates no other candidate dominates (no worse on both, better
// on one), sorted by cost then figure then index. Equal candidates are all kept.
std::vector<size_t> paretoFront(std::vector<ParetoCandidate> candidates);

// Returns the result as JSON (2-space indent, trailing newline), with the summary, the
// cheapest feasible point and the Pareto front computed from the points.
std::string toJson(const SweepResult &result);

// Returns one CSV row per point: index, the parameter values, verdict, reason, cost and the
// main figures per scenario, whether it is on the Pareto front and the cheapest.
std::string toCsv(const SweepResult &result);

// Returns a human-readable table of the points, the cheapest feasible point and the front.
std::string toText(const SweepResult &result);

// Reads a result (a part) back from toJson()'s text; errors name `file` and the place.
model::Result<SweepResult> fromJson(const std::string &text, const std::string &file);

// Merges the parts of one sweep (one per shard, any order) into the result one process would
// have written. Refuses a part of another spec or model (hash), another search or shard count,
// a missing or duplicate shard, an interrupted (partial) part, with the file named.
model::Result<SweepResult> mergeParts(const std::vector<SweepResult> &parts,
                                      const std::vector<std::string> &files);

} // namespace archsim::sweep
