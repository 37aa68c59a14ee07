#include "callgraph.h"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <deque>

namespace archsim::model::detail {

int CallGraph::vertex(std::string_view id) const
{
    if (slots.empty())
        return -1;
    for (size_t i = std::hash<std::string_view>{}(id) & mask;; i = (i + 1) & mask) {
        const int v = slots[i];
        if (v == 0)
            return -1;
        if (model->components[size_t(v - 1)].id == id)
            return v - 1;
    }
}

CallGraph buildCallGraph(const Model &model)
{
    CallGraph g;
    g.model = &model;
    const size_t n = model.components.size();
    size_t capacity = 16;
    while (capacity < 2 * n)
        capacity *= 2;
    g.slots.assign(capacity, 0);
    g.mask = capacity - 1;
    for (size_t i = 0; i < n; ++i) {
        const std::string &id = model.components[i].id;
        size_t slot = std::hash<std::string_view>{}(id) & g.mask;
        // The first of duplicate ids wins, as in a map (duplicates are a validation error).
        bool duplicate = false;
        while (g.slots[slot] != 0) {
            duplicate = duplicate || model.components[size_t(g.slots[slot] - 1)].id == id;
            slot = (slot + 1) & g.mask;
        }
        if (!duplicate)
            g.slots[slot] = static_cast<int>(i) + 1;
    }
    g.out.resize(n);
    g.in.resize(n);
    g.edges.reserve(model.links.size());
    for (size_t i = 0; i < model.links.size(); ++i) {
        const Link &l = model.links[i];
        const int from = g.vertex(l.from);
        const int to = g.vertex(l.to);
        // A consume link is no call: the consumer pulls messages (docs/streams.md).
        if (from < 0 || to < 0 || l.kind == LinkKind::Consume)
            continue;
        const int e = static_cast<int>(g.edges.size());
        g.edges.push_back({static_cast<int>(i), from, to});
        g.out[size_t(from)].push_back(e);
        g.in[size_t(to)].push_back(e);
    }
    return g;
}

namespace {

// Returns the shortest cycle through `start` using only edges inside its strong component.
std::vector<int> cycleThrough(const CallGraph &g, const std::vector<int> &comp,
                              const std::function<bool(int)> &keep, int start)
{
    std::vector<int> parent(size_t(g.size()), -2);
    std::deque<int> queue;
    for (int e : g.out[size_t(start)]) {
        const int t = g.edges[size_t(e)].to;
        if (!keep(e) || comp[size_t(t)] != comp[size_t(start)])
            continue;
        if (t == start)
            return {start, start};
        if (parent[size_t(t)] == -2) {
            parent[size_t(t)] = start;
            queue.push_back(t);
        }
    }
    while (!queue.empty()) {
        const int u = queue.front();
        queue.pop_front();
        for (int e : g.out[size_t(u)]) {
            const int t = g.edges[size_t(e)].to;
            if (!keep(e) || comp[size_t(t)] != comp[size_t(start)])
                continue;
            if (t == start) {
                std::vector<int> path{start};
                for (int v = u; v != start; v = parent[size_t(v)])
                    path.push_back(v);
                std::reverse(path.begin() + 1, path.end());
                path.push_back(start);
                return path;
            }
            if (parent[size_t(t)] == -2) {
                parent[size_t(t)] = u;
                queue.push_back(t);
            }
        }
    }
    return {start, start};
}

} // namespace

CycleInfo findCycles(const CallGraph &g, const std::function<bool(int edge)> &keep)
{
    // A compressed sparse row graph: built in one pass, no allocation per vertex.
    using BGraph = boost::compressed_sparse_row_graph<boost::directedS>;
    const int n = g.size();
    std::vector<char> kept(g.edges.size(), 0);
    std::vector<std::pair<size_t, size_t>> list;
    list.reserve(g.edges.size());
    for (size_t e = 0; e < g.edges.size(); ++e) {
        if (keep(int(e))) {
            kept[e] = 1;
            list.emplace_back(size_t(g.edges[e].from), size_t(g.edges[e].to));
        }
    }
    BGraph bg(boost::edges_are_unsorted_multi_pass, list.begin(), list.end(), size_t(n));
    std::vector<int> comp(size_t(n), 0);
    const int count =
        n == 0 ? 0
               : boost::strong_components(
                     bg, boost::make_iterator_property_map(comp.begin(),
                                                           get(boost::vertex_index, bg)));
    auto keepEdge = [&](int e) { return kept[size_t(e)] != 0; };

    CycleInfo info;
    info.cycleEdge.assign(g.edges.size(), 0);
    info.inCycle.assign(size_t(n), 0);
    std::vector<int> compSize(size_t(count), 0);
    for (int v = 0; v < n; ++v)
        ++compSize[size_t(comp[size_t(v)])];
    std::vector<char> selfLoop(size_t(count), 0);
    for (size_t e = 0; e < g.edges.size(); ++e) {
        const auto &ed = g.edges[e];
        if (!keepEdge(int(e)) || comp[size_t(ed.from)] != comp[size_t(ed.to)])
            continue;
        info.cycleEdge[e] = 1;
        if (ed.from == ed.to)
            selfLoop[size_t(comp[size_t(ed.from)])] = 1;
    }
    std::vector<char> listed(size_t(count), 0);
    for (int v = 0; v < n; ++v) {
        const int c = comp[size_t(v)];
        if (compSize[size_t(c)] < 2 && !selfLoop[size_t(c)])
            continue;
        info.inCycle[size_t(v)] = 1;
        if (!listed[size_t(c)]) {
            listed[size_t(c)] = 1; // the lowest vertex of each component starts its cycle
            info.cycles.push_back(cycleThrough(g, comp, keepEdge, v));
        }
    }

    // Kahn's algorithm over the kept edges outside cycles; deterministic order.
    std::vector<int> indeg(size_t(n), 0);
    for (size_t e = 0; e < g.edges.size(); ++e)
        if (keepEdge(int(e)) && !info.cycleEdge[e])
            ++indeg[size_t(g.edges[e].to)];
    std::vector<int> ready;
    for (int v = n - 1; v >= 0; --v)
        if (indeg[size_t(v)] == 0)
            ready.push_back(v);
    info.topo.reserve(size_t(n));
    while (!ready.empty()) {
        const int u = ready.back();
        ready.pop_back();
        info.topo.push_back(u);
        for (int e : g.out[size_t(u)]) {
            if (!keepEdge(e) || info.cycleEdge[size_t(e)])
                continue;
            if (--indeg[size_t(g.edges[size_t(e)].to)] == 0)
                ready.push_back(g.edges[size_t(e)].to);
        }
    }
    return info;
}

} // namespace archsim::model::detail
