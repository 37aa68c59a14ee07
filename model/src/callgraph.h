#pragma once

// A compact, integer-indexed view of a model's component graph shared by the analytic
// estimate, the graph analysis and lint. Private to archsim_model.

#include "archsim/model/types.h"

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

// The analysis over a prebuilt graph, its cycles (all edges kept) and an estimate.
Analysis analyzeOn(const CallGraph &graph, const CycleInfo &cycles,
                   const AnalyticEstimate &est, const AnalysisOptions &options);

} // namespace archsim::model::detail
