// Rules from the graph analysis and the analytic estimate at peak load.

#include "lint_internal.h"

#include <algorithm>
#include <map>
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

std::string pointerOf(const CallGraph &g, const std::string &id)
{
    const int v = g.vertex(id);
    return v < 0 ? std::string() : "/components/" + std::to_string(v);
}

void addSpof(const CallGraph &g, const SinglePointOfFailure &s, Findings &out)
{
    const Model &model = *g.model;
    const std::string clients =
        std::string(s.clientCount == 1 ? "client " : "clients ") + joinNames(s.clients) +
        (s.clientCount > int(s.clients.size())
             ? " (" + std::to_string(s.clientCount) + " in all)" : "");
    const char *verb = s.clientCount == 1 ? " depends" : " depend";
    const std::string cut = std::to_string(s.cutOffCount) + " component(s): " +
                            joinNames(s.cutOff);
    if (s.level == SinglePointOfFailure::Level::Component) {
        const int v = g.vertex(s.target);
        const bool external = v >= 0 && g.component(v).kind == ComponentKind::External;
        addFinding(out, RuleSinglePointOfFailure, pointerOf(g, s.target), s.target,
                   s.target + " runs as a single replica and " + clients + verb +
                       " on it: its loss cuts them off from " + cut,
                   external
                       ? "add a second provider behind a fallback, or let the callers "
                         "degrade (fallback: degrade, e.g. queue the work for later)"
                       : "run at least 2 replicas of " + s.target + " spread over zones, "
                         "or give its callers fallback: degrade where they can do "
                         "without it");
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

} // namespace

void lintSpofComponent(const CallGraph &g, const SpofStructure &s, int v, Findings &out)
{
    addSpof(g, componentSpof(g, s, v), out);
}

void lintSpofZones(const CallGraph &g, const SpofStructure &s, Findings &out)
{
    std::vector<SinglePointOfFailure> zones;
    zoneSpofs(g, s, zones);
    for (const auto &z : zones)
        addSpof(g, z, out);
}

void lintTopology(const CallGraph &g, const CycleInfo &cycles, Findings &out)
{
    const Model &model = *g.model;
    Analysis analysis;
    findRetryAmplification(g, cycles, kRetryAmplificationLimit, analysis);
    for (const auto &cycle : syncCycles(g)) {
        addFinding(out, RuleSyncCycle, pointerOf(g, cycle.front()), cycle.front(),
                   "synchronous calls form a cycle " + pathText(cycle) +
                       ": a request can call itself back, holding workers at every hop "
                       "until they run out (distributed deadlock)",
                   "break the cycle: make one hop asynchronous (publish to a queue) or move "
                   "the shared logic into one service");
    }

    // Retry amplification: one finding per link where the product of attempts first passes
    // the limit, with the worst path through it.
    struct Crossing {
        const CallPath *path = nullptr;
        size_t at = 0;          // position of the crossing link in path->links
        double atValue = 0;     // product of attempts up to and including it
    };
    std::map<int, Crossing> crossings; // by link position: stable order, one per link
    for (const auto &[id, path] : analysis.retryAmplification) {
        if (path.value <= kRetryAmplificationLimit)
            continue;
        double product = 1;
        for (size_t i = 0; i < path.links.size(); ++i) {
            const Link &l = model.links[size_t(path.links[i])];
            product *= 1.0 + (l.retries ? std::max(0, l.retries->max) : 0);
            if (product <= kRetryAmplificationLimit)
                continue;
            Crossing &c = crossings[path.links[i]];
            if (!c.path || path.value > c.path->value)
                c = {&path, i, product};
            break;
        }
    }
    for (const auto &[linkPos, c] : crossings) {
        const Link &l = model.links[size_t(linkPos)];
        const std::string name = l.id.empty() ? l.from + "->" + l.to : l.id;
        std::vector<std::string> prefix(c.path->components.begin(),
                                        c.path->components.begin() + long(c.at) + 2);
        std::string message = "retries multiply to " + num(c.atValue) + " attempts per "
            "request along " + pathText(prefix) + " (product of 1 + retries at each hop)";
        if (c.path->value > c.atValue)
            message += ", and to " + num(c.path->value) + " at " + c.path->components.back();
        message += ": when " + l.to + " slows down, the retries of every layer stack up "
                   "into a storm";
        addFinding(out, RuleRetryAmplification, "/links/" + std::to_string(linkPos), name,
                   message,
                   "retry at one layer only (usually the edge or the caller closest to the "
                   "failure), set retries.max to 0 on the other hops, and add a retry budget");
    }

}

void lintCapacity(const CallGraph &g, const CycleInfo &cycles, const LintOptions &options,
                  Findings &out, std::vector<std::string> &assumptions)
{
    const Model &model = *g.model;
    EstimateOptions eo;
    eo.basis = RateBasis::Peak;
    eo.missRatio = options.missRatio;
    std::vector<StationEstimate> stations;
    const AnalyticEstimate peak = estimateOn(g, cycles, eo, &stations, false);
    assumptions = peak.assumptions;
    for (size_t v = 0; v < model.components.size(); ++v) {
        const StationEstimate &s = stations[v];
        if (model.components[v].kind == ComponentKind::Client || s.utilization < kHighUtilization)
            continue;
        const std::string &id = model.components[v].id;
        const bool saturated = s.utilization >= 1.0;
        addFinding(out, saturated ? RuleSaturated : RuleHighUtilization, pointerOf(g, id), id,
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
