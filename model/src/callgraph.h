#pragma once

// A compact, integer-indexed view of a model's component graph shared by the analytic
// estimate, the graph analysis and lint. Private to archsim_model.

#include "archsim/model/types.h"

#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace archsim::model::detail {

struct CallGraph {
    struct Edge {
        int link = -1; // position in model.links
        int from = -1; // vertex (position in model.components)
        int to = -1;
    };

    const Model *model = nullptr;
    // Open-addressing index of component ids: slots hold vertex + 1 (0 = empty); flat, so a
    // lookup costs one or two cache misses instead of a node walk.
    std::vector<int> slots;
    size_t mask = 0;
    std::vector<Edge> edges;                         // resolved links, in model order
    std::vector<std::vector<int>> out;               // edge positions per vertex, listed order
    std::vector<std::vector<int>> in;

    int size() const { return static_cast<int>(out.size()); }
    const Component &component(int v) const { return model->components[size_t(v)]; }
    const Link &link(int e) const { return model->links[size_t(edges[size_t(e)].link)]; }
    // Returns the vertex of a component id, or -1.
    int vertex(std::string_view id) const;
};

// Builds the graph of a model; links whose endpoints are unknown are left out.
CallGraph buildCallGraph(const Model &model);

// The cycles of a graph restricted to the edges that `keep` accepts.
struct CycleInfo {
    std::vector<char> cycleEdge;           // per edge: both ends in one strong component
    std::vector<char> inCycle;             // per vertex: on a nontrivial strong component
    std::vector<std::vector<int>> cycles;  // one listed cycle per strong component (v0..v0)
    std::vector<int> topo;                 // vertices in topological order of the other edges
};

// Finds strong components (Boost.Graph) and lists one cycle through each nontrivial one.
CycleInfo findCycles(const CallGraph &graph, const std::function<bool(int edge)> &keep);

} // namespace archsim::model::detail

#include "archsim/model/analysis.h"

namespace archsim::model::detail {

// The estimate over a prebuilt graph and its cycles (all edges kept). With `perVertex`, the
// station figures are also stored by vertex; with `maps` false, only there (faster).
AnalyticEstimate estimateOn(const CallGraph &graph, const CycleInfo &cycles,
                            const EstimateOptions &options,
                            std::vector<StationEstimate> *perVertex = nullptr,
                            bool maps = true);

// What the single-point-of-failure search computes from the hard links and the clients alone:
// kept by the Linter while those hold, since replica counts and zones do not change it.
struct SpofStructure {
    std::vector<char> hard;                  // per edge: a hard dependency
    std::vector<int> clients;                // client vertices
    std::vector<char> reached;               // per vertex: some client needs it
    std::vector<std::vector<int>> children;  // dominator tree (root = vertex n)
    std::vector<int> subtree;                // dominator subtree sizes
    std::vector<std::vector<uint64_t>> reach; // per 64 clients: which reach each vertex
};

// Returns per edge whether a request cannot do without it (analysis.cpp's definition).
std::vector<char> hardDependencies(const CallGraph &graph);
// Builds the dominator tree and client reach of a graph.
SpofStructure spofStructure(const CallGraph &graph);
// Returns true when vertex v is a component-level single point of failure.
bool isComponentSpof(const CallGraph &graph, const SpofStructure &s, int v);
// Returns the single point of failure of vertex v (call when isComponentSpof holds).
SinglePointOfFailure componentSpof(const CallGraph &graph, const SpofStructure &s, int v);
// Appends the zones that are single points of failure.
void zoneSpofs(const CallGraph &graph, const SpofStructure &s,
               std::vector<SinglePointOfFailure> &out);
// Returns the cycles of synchronous calls, as component ids (v0 .. v0).
std::vector<std::vector<std::string>> syncCycles(const CallGraph &graph);
// Fills out.retryAmplification (paths over `threshold`) and out.worstRetryPath.
void findRetryAmplification(const CallGraph &graph, const CycleInfo &cycles, double threshold,
                            Analysis &out);

// The analysis over a prebuilt graph, its cycles (all edges kept) and an estimate.
Analysis analyzeOn(const CallGraph &graph, const CycleInfo &cycles,
                   const AnalyticEstimate &est, const AnalysisOptions &options);

} // namespace archsim::model::detail
