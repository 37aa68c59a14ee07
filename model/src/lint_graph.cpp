// Rules from the graph analysis and the analytic estimate at peak load.

#include "lint_internal.h"

#include <set>
#include <unordered_map>

namespace archsim::model::detail {

namespace {

constexpr double kRetryAmplificationLimit = 10;
constexpr double kHighUtilization = 0.8;

std::string pathText(const std::vector<std::string> &ids)
{
    std::string out;
    for (const auto &id : ids)
        out += (out.empty() ? "" : " -> ") + id;
    return out;
}

} // namespace

void lintGraph(const Model &model, const LintOptions &options, Findings &out,
               std::vector<std::string> &assumptions)
{
    std::unordered_map<std::string_view, size_t> pos;
    pos.reserve(model.components.size());
    for (size_t i = 0; i < model.components.size(); ++i)
        pos.emplace(model.components[i].id, i);
    auto pointerOf = [&](const std::string &id) {
        auto it = pos.find(id);
        return it == pos.end() ? std::string() : "/components/" + std::to_string(it->second);
    };

    EstimateOptions eo;
    eo.basis = RateBasis::Peak;
    eo.missRatio = options.missRatio;
    const AnalyticEstimate peak = estimate(model, eo);
    assumptions = peak.assumptions;
    const Analysis analysis = analyze(model, &peak);

    for (const auto &s : analysis.spofs) {
        const std::string clients = joinNames(s.clients) +
            (s.clientCount > int(s.clients.size())
                 ? " (" + std::to_string(s.clientCount) + " clients in all)" : "");
        const std::string cut = std::to_string(s.cutOffCount) + " component(s): " +
                                joinNames(s.cutOff);
        if (s.level == SinglePointOfFailure::Level::Component) {
            addFinding(out, RuleSinglePointOfFailure, pointerOf(s.target), s.target,
                       s.target + " runs as a single replica and " + clients +
                           " depend on it: its loss cuts them off from " + cut,
                       "run at least 2 replicas of " + s.target + " spread over zones, or "
                       "give its callers fallback: degrade where they can do without it");
        } else {
            size_t z = 0;
            while (z < model.zones.size() && model.zones[z] != s.target)
                ++z;
            addFinding(out, RuleZoneSinglePointOfFailure, "/zones/" + std::to_string(z),
                       s.target,
                       "zone " + s.target + " holds every replica of " + joinNames(s.lost) +
                           ": losing the zone cuts " + clients + " off from " + cut,
                       "spread the replicas of " + joinNames(s.lost) +
                           " over two or more zones (zones: [...])");
        }
    }
    for (const auto &cycle : analysis.syncCycles) {
        addFinding(out, RuleSyncCycle, pointerOf(cycle.front()), cycle.front(),
                   "synchronous calls form a cycle " + pathText(cycle) +
                       ": a request can call itself back, holding workers at every hop "
                       "until they run out (distributed deadlock)",
                   "break the cycle: make one hop asynchronous (publish to a queue) or move "
                   "the shared logic into one service");
    }

    // Retry amplification: one finding at the end of each chain that exceeds the limit.
    std::set<std::string> continued;
    for (const auto &[id, path] : analysis.retryAmplification)
        if (path.value > kRetryAmplificationLimit && path.components.size() >= 2)
            continued.insert(path.components[path.components.size() - 2]);
    for (const auto &[id, path] : analysis.retryAmplification) {
        if (path.value <= kRetryAmplificationLimit || continued.count(id))
            continue;
        addFinding(out, RuleRetryAmplification, pointerOf(id), id,
                   "one request can reach " + id + " up to " + num(path.value) +
                       " times through retries along " + pathText(path.components) +
                       " (product of 1 + retries at each hop): a slow " + id +
                       " gets a retry storm",
                   "retry at one layer only (usually the edge), set retries.max to 0 on the "
                   "inner hops, and add a retry budget");
    }

    for (const auto &[id, s] : peak.components) {
        if (s.utilization < kHighUtilization)
            continue;
        const bool saturated = s.utilization >= 1.0;
        addFinding(out, saturated ? RuleSaturated : RuleHighUtilization, pointerOf(id), id,
                   id + " runs at utilization " + num(s.utilization, 3) + " at peak load (" +
                       num(s.arrival_rps) + " visits/s on " + std::to_string(s.servers) +
                       " servers, " + num(s.holding_ms) + " ms held per visit)" +
                       (saturated ? ": its queue grows without bound"
                                  : ": waits climb steeply above 0.8"),
                   "add replicas or workers (to keep utilization under 0.7 at peak), cut "
                   "its service time, or put a cache in front of it");
    }
}

} // namespace archsim::model::detail
