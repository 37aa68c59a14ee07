// Graph analysis over the component graph with Boost.Graph: dominators for single points of
// failure, strong components for synchronous cycles, DAG dynamic programming for retry
// amplification and the critical path.

#include "archsim/model/analysis.h"

#include "callgraph.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dominator_tree.hpp>

#include <algorithm>
#include <cstdint>
#include <deque>

namespace archsim::model {

namespace {

constexpr size_t kListCap = 8; // names kept per list (counts are exact)

using detail::CallGraph;
using detail::CycleInfo;

// A link a request cannot do without: taken with some probability, failing the caller when it
// fails (no degrade fallback), and not a queue's asynchronous delivery to its consumers. A
// cache read with fallback fill still needs the cache's fill path (the graph reaches it through
// the cache), so it counts as hard: conservative for the cache itself.
bool isHardDependency(const CallGraph &g, int e)
{
    const Link &l = g.link(e);
    return l.probability > 0 && l.fallback != Fallback::Degrade &&
           g.component(g.edges[size_t(e)].from).kind != ComponentKind::Queue;
}

bool isSynchronous(const CallGraph &g, int e)
{
    return g.link(e).kind != LinkKind::Publish &&
           g.component(g.edges[size_t(e)].from).kind != ComponentKind::Queue;
}

// Returns true when every replica of a component runs in `zone`.
bool whollyIn(const Component &c, const std::string &zone)
{
    if (c.zones.empty())
        return false;
    // Replica r runs in zones[r % zones.size()]: the zones used are the first min(r, z).
    const size_t used = std::min(size_t(std::max(1, c.replicas)), c.zones.size());
    for (size_t i = 0; i < used; ++i)
        if (c.zones[i] != zone)
            return false;
    return true;
}

// For each vertex, the clients (as bits, 64 per word) that reach it over hard links.
std::vector<std::vector<uint64_t>> clientReach(const CallGraph &g, const std::vector<int> &clients,
                                               const std::vector<char> &hard)
{
    const size_t words = (clients.size() + 63) / 64;
    std::vector<std::vector<uint64_t>> reach(words, std::vector<uint64_t>(size_t(g.size()), 0));
    for (size_t w = 0; w < words; ++w) {
        auto &mask = reach[w];
        std::deque<int> work;
        for (size_t i = w * 64; i < std::min(clients.size(), (w + 1) * 64); ++i) {
            mask[size_t(clients[i])] |= uint64_t(1) << (i % 64);
            work.push_back(clients[i]);
        }
        while (!work.empty()) {
            const int u = work.front();
            work.pop_front();
            for (int e : g.out[size_t(u)]) {
                if (!hard[size_t(e)])
                    continue;
                const int t = g.edges[size_t(e)].to;
                const uint64_t grown = mask[size_t(t)] | mask[size_t(u)];
                if (grown != mask[size_t(t)]) {
                    mask[size_t(t)] = grown;
                    work.push_back(t);
                }
            }
        }
    }
    return reach;
}

void fillClients(SinglePointOfFailure &spof, const CallGraph &g, const std::vector<int> &clients,
                 const std::vector<std::vector<uint64_t>> &reach, const std::vector<int> &lost)
{
    for (size_t i = 0; i < clients.size(); ++i) {
        bool depends = false;
        for (int v : lost)
            depends = depends || (reach[i / 64][size_t(v)] >> (i % 64) & 1);
        if (!depends)
            continue;
        ++spof.clientCount;
        if (spof.clients.size() < kListCap)
            spof.clients.push_back(g.component(clients[i]).id);
    }
}

} // namespace

std::vector<char> detail::hardDependencies(const CallGraph &g)
{
    std::vector<char> hard(g.edges.size());
    for (size_t e = 0; e < g.edges.size(); ++e)
        hard[e] = isHardDependency(g, int(e));
    return hard;
}

detail::SpofStructure detail::spofStructure(const CallGraph &g)
{
    SpofStructure s;
    const int n = g.size();
    s.hard = hardDependencies(g);
    for (int v = 0; v < n; ++v)
        if (g.component(v).kind == ComponentKind::Client)
            s.clients.push_back(v);
    s.reached.assign(size_t(n), 0);
    s.children.assign(size_t(n) + 1, {});
    s.subtree.assign(size_t(n) + 1, 1);
    if (s.clients.empty())
        return s;

    // Dominators from a virtual root that calls every client (Lengauer-Tarjan).
    // Lengauer-Tarjan needs degree(), which the CSR graph lacks for bidirectional use.
    using BGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                         boost::no_property, boost::no_property,
                                         boost::no_property, boost::vecS>;
    using Vertex = boost::graph_traits<BGraph>::vertex_descriptor;
    std::vector<std::pair<Vertex, Vertex>> list;
    list.reserve(g.edges.size() + s.clients.size());
    const Vertex root = Vertex(n);
    for (int c : s.clients)
        list.emplace_back(root, Vertex(c));
    // Only edges out of what the clients reach: Boost's Lengauer-Tarjan gives a vertex with a
    // predecessor the search never visited no dominator at all (a consumer with calls sits
    // behind a consume link, which is no edge, and hid its callees' single points of failure).
    std::vector<char> seen(size_t(n), 0);
    std::vector<int> todo(s.clients.begin(), s.clients.end());
    for (int c : s.clients)
        seen[size_t(c)] = 1;
    while (!todo.empty()) {
        const int u = todo.back();
        todo.pop_back();
        for (int e : g.out[size_t(u)])
            if (s.hard[size_t(e)] && !seen[size_t(g.edges[size_t(e)].to)]) {
                seen[size_t(g.edges[size_t(e)].to)] = 1;
                todo.push_back(g.edges[size_t(e)].to);
            }
    }
    for (size_t e = 0; e < g.edges.size(); ++e)
        if (s.hard[e] && seen[size_t(g.edges[e].from)])
            list.emplace_back(Vertex(g.edges[e].from), Vertex(g.edges[e].to));
    BGraph bg(list.begin(), list.end(), size_t(n) + 1);
    std::vector<Vertex> idom(size_t(n) + 1, boost::graph_traits<BGraph>::null_vertex());
    auto idomMap = boost::make_iterator_property_map(idom.begin(), get(boost::vertex_index, bg));
    boost::lengauer_tarjan_dominator_tree(bg, root, idomMap);

    const auto null = boost::graph_traits<BGraph>::null_vertex();
    for (int v = 0; v < n; ++v) {
        if (idom[size_t(v)] == null)
            continue;
        s.reached[size_t(v)] = 1;
        s.children[size_t(idom[size_t(v)])].push_back(v);
    }
    // Subtree sizes of the dominator tree (by an explicit post-order walk).
    std::vector<std::pair<int, size_t>> stack{{n, 0}};
    while (!stack.empty()) {
        auto &[v, next] = stack.back();
        if (next < s.children[size_t(v)].size()) {
            const int c = s.children[size_t(v)][next++];
            stack.push_back({c, 0});
        } else {
            const int done = v;
            stack.pop_back();
            if (!stack.empty())
                s.subtree[size_t(stack.back().first)] += s.subtree[size_t(done)];
        }
    }
    s.reach = clientReach(g, s.clients, s.hard);
    return s;
}

bool detail::isComponentSpof(const CallGraph &g, const SpofStructure &s, int v)
{
    const Component &c = g.component(v);
    return !s.clients.empty() && s.reached[size_t(v)] && c.kind != ComponentKind::Client &&
           c.replicas <= 1;
}

SinglePointOfFailure detail::componentSpof(const CallGraph &g, const SpofStructure &s, int v)
{
    SinglePointOfFailure spof;
    spof.level = SinglePointOfFailure::Level::Component;
    spof.target = g.component(v).id;
    spof.lost = {spof.target};
    spof.cutOffCount = s.subtree[size_t(v)];
    std::vector<int> stack{v};
    while (!stack.empty() && spof.cutOff.size() < kListCap) {
        const int u = stack.back();
        stack.pop_back();
        spof.cutOff.push_back(g.component(u).id);
        for (auto it = s.children[size_t(u)].rbegin(); it != s.children[size_t(u)].rend(); ++it)
            stack.push_back(*it);
    }
    fillClients(spof, g, s.clients, s.reach, {v});
    return spof;
}

void detail::zoneSpofs(const CallGraph &g, const SpofStructure &s,
                       std::vector<SinglePointOfFailure> &out)
{
    // A zone is a SPOF when some needed component has every replica in it.
    const int n = g.size();
    if (s.clients.empty())
        return;
    for (const std::string &zone : g.model->zones) {
        std::vector<int> lost;
        std::vector<char> down(size_t(n), 0);
        for (int v = 0; v < n; ++v) {
            const Component &c = g.component(v);
            if (s.reached[size_t(v)] && c.kind != ComponentKind::Client && whollyIn(c, zone)) {
                lost.push_back(v);
                down[size_t(v)] = 1;
            }
        }
        if (lost.empty())
            continue;
        SinglePointOfFailure spof;
        spof.level = SinglePointOfFailure::Level::Zone;
        spof.target = zone;
        for (int v : lost)
            spof.lost.push_back(g.component(v).id);
        // What the clients still reach with the zone down.
        std::vector<char> seen(size_t(n), 0);
        std::deque<int> work(s.clients.begin(), s.clients.end());
        for (int c : s.clients)
            seen[size_t(c)] = 1;
        while (!work.empty()) {
            const int u = work.front();
            work.pop_front();
            for (int e : g.out[size_t(u)]) {
                const int t = g.edges[size_t(e)].to;
                if (!s.hard[size_t(e)] || seen[size_t(t)] || down[size_t(t)])
                    continue;
                seen[size_t(t)] = 1;
                work.push_back(t);
            }
        }
        for (int v = 0; v < n; ++v) {
            if (!s.reached[size_t(v)] || seen[size_t(v)])
                continue;
            ++spof.cutOffCount;
            if (spof.cutOff.size() < kListCap)
                spof.cutOff.push_back(g.component(v).id);
        }
        fillClients(spof, g, s.clients, s.reach, lost);
        out.push_back(std::move(spof));
    }
}

namespace {

void findSpofs(const CallGraph &g, Analysis &out)
{
    const detail::SpofStructure s = detail::spofStructure(g);
    for (int v = 0; v < g.size(); ++v)
        if (detail::isComponentSpof(g, s, v))
            out.spofs.push_back(detail::componentSpof(g, s, v));
    detail::zoneSpofs(g, s, out.spofs);
}

CallPath pathTo(const CallGraph &g, const std::vector<int> &predEdge, int v, double value)
{
    CallPath p;
    p.value = value;
    std::vector<int> links;
    int u = v;
    while (predEdge[size_t(u)] >= 0) {
        links.push_back(predEdge[size_t(u)]);
        u = g.edges[size_t(predEdge[size_t(u)])].from;
    }
    p.components.push_back(g.component(u).id);
    for (auto it = links.rbegin(); it != links.rend(); ++it) {
        p.links.push_back(g.edges[size_t(*it)].link);
        p.components.push_back(g.component(g.edges[size_t(*it)].to).id);
    }
    return p;
}

} // namespace

std::vector<std::vector<std::string>> detail::syncCycles(const CallGraph &g)
{
    std::vector<std::vector<std::string>> out;
    const CycleInfo sync = detail::findCycles(g, [&](int e) { return isSynchronous(g, e); });
    for (const auto &cycle : sync.cycles) {
        std::vector<std::string> ids;
        for (int v : cycle)
            ids.push_back(g.component(v).id);
        out.push_back(std::move(ids));
    }
    return out;
}

void detail::findRetryAmplification(const CallGraph &g, const CycleInfo &cyc, double threshold,
                                    Analysis &out)
{
    const int n = g.size();
    std::vector<double> amp(size_t(n), 0.0);
    std::vector<int> pred(size_t(n), -1);
    for (int v = 0; v < n; ++v)
        if (g.component(v).kind == ComponentKind::Client)
            amp[size_t(v)] = 1.0;
    for (int u : cyc.topo) {
        if (amp[size_t(u)] <= 0)
            continue;
        for (int e : g.out[size_t(u)]) {
            const Link &l = g.link(e);
            if (cyc.cycleEdge[size_t(e)] || l.probability <= 0)
                continue;
            const double attempts = 1.0 + (l.retries ? std::max(0, l.retries->max) : 0);
            const int t = g.edges[size_t(e)].to;
            if (amp[size_t(u)] * attempts > amp[size_t(t)]) {
                amp[size_t(t)] = amp[size_t(u)] * attempts;
                pred[size_t(t)] = e;
            }
        }
    }
    out.worstRetryPath.value = 1.0;
    int worst = -1;
    for (int v = 0; v < n; ++v) {
        if (amp[size_t(v)] <= 1.0)
            continue;
        if (amp[size_t(v)] > threshold)
            out.retryAmplification[g.component(v).id] = pathTo(g, pred, v, amp[size_t(v)]);
        if (worst < 0 || amp[size_t(v)] > amp[size_t(worst)])
            worst = v;
    }
    if (worst >= 0)
        out.worstRetryPath = pathTo(g, pred, worst, amp[size_t(worst)]);
}

namespace {

void findCriticalPaths(const CallGraph &g, const CycleInfo &cyc, const AnalyticEstimate &est,
                       Analysis &out)
{
    const int n = g.size();
    std::vector<double> local(size_t(n), 0.0), best(size_t(n), 0.0);
    std::vector<int> next(size_t(n), -1);
    for (int v = 0; v < n; ++v) {
        auto it = est.components.find(g.component(v).id);
        if (it != est.components.end())
            local[size_t(v)] = it->second.wait_ms + it->second.service_ms;
    }
    for (auto it = cyc.topo.rbegin(); it != cyc.topo.rend(); ++it) {
        const int u = *it;
        double tail = 0;
        for (int e : g.out[size_t(u)]) {
            if (cyc.cycleEdge[size_t(e)] || g.link(e).probability <= 0)
                continue;
            const int t = g.edges[size_t(e)].to;
            // A publish waits only for the enqueue, not for the consumers.
            const double w = g.link(e).kind == LinkKind::Publish ? local[size_t(t)]
                                                                 : best[size_t(t)];
            if (next[size_t(u)] < 0 || w > tail) {
                tail = w;
                next[size_t(u)] = e;
            }
        }
        best[size_t(u)] = local[size_t(u)] + tail;
    }
    for (int v = 0; v < n; ++v) {
        if (g.component(v).kind != ComponentKind::Client)
            continue;
        CallPath p;
        p.value = best[size_t(v)];
        p.components.push_back(g.component(v).id);
        for (int u = v; next[size_t(u)] >= 0;) {
            const int e = next[size_t(u)];
            p.links.push_back(g.edges[size_t(e)].link);
            u = g.edges[size_t(e)].to;
            p.components.push_back(g.component(u).id);
            if (g.link(e).kind == LinkKind::Publish)
                break;
        }
        out.criticalPath[g.component(v).id] = std::move(p);
    }
}

} // namespace

std::string zoneOfReplica(const Component &component, int replica)
{
    if (component.zones.empty())
        return {};
    return component.zones[size_t(replica) % component.zones.size()];
}

Analysis analyze(const Model &model, const AnalyticEstimate *est, const AnalysisOptions &options)
{
    const CallGraph g = detail::buildCallGraph(model);
    const CycleInfo all = detail::findCycles(g, [](int) { return true; });
    if (est)
        return detail::analyzeOn(g, all, *est, options);
    return detail::analyzeOn(g, all, detail::estimateOn(g, all, {}), options);
}

Analysis detail::analyzeOn(const CallGraph &g, const CycleInfo &all, const AnalyticEstimate &est,
                           const AnalysisOptions &options)
{
    Analysis out;
    findSpofs(g, out);
    out.syncCycles = detail::syncCycles(g);
    detail::findRetryAmplification(g, all, options.retryThreshold, out);
    if (options.criticalPath)
        findCriticalPaths(g, all, est, out);
    if (options.fanOut)
        for (const auto &c : g.model->components)
            if (c.kind == ComponentKind::Client)
                out.fanOut[c.id] = fanOut(*g.model, c.id, &est);
    return out;
}

std::map<std::string, double> fanOut(const Model &model, const std::string &clientId,
                                     const AnalyticEstimate *est)
{
    std::map<std::string, double> out;
    const CallGraph g = detail::buildCallGraph(model);
    const int start = g.vertex(clientId);
    if (start < 0)
        return out;
    const CycleInfo cyc = detail::findCycles(g, [](int) { return true; });
    std::vector<double> visits(size_t(g.size()), 0.0);
    visits[size_t(start)] = 1.0;
    for (int u : cyc.topo) {
        if (visits[size_t(u)] <= 0)
            continue;
        double pass = 1.0;
        if (est) {
            auto it = est->components.find(g.component(u).id);
            if (it != est->components.end())
                pass = it->second.pass_ratio;
        }
        for (int e : g.out[size_t(u)]) {
            if (cyc.cycleEdge[size_t(e)])
                continue;
            const Link &l = g.link(e);
            const double share = std::clamp(l.probability, 0.0, 1.0) *
                                 (l.kind == LinkKind::Fill ? pass : 1.0);
            visits[size_t(g.edges[size_t(e)].to)] += visits[size_t(u)] * share;
        }
    }
    for (int v = 0; v < g.size(); ++v)
        if (v != start && visits[size_t(v)] > 0)
            out[g.component(v).id] = visits[size_t(v)];
    return out;
}

} // namespace archsim::model
