#pragma once

// Layered (Sugiyama) layout of the component graph in call direction, by Graphviz's dot
// engine (cgraph + gvc). Components that share a set of zones are kept together in a cluster,
// so the zone regions on the canvas do not overlap. Pure computation: safe off the GUI thread.

#include "archsim/model/types.h"

#include <QPointF>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace archsim::gui {

struct LayoutGraph {
    std::vector<std::string> ids;    // node names
    std::vector<std::string> groups; // per node: cluster key ("" = none)
    std::vector<std::pair<int, int>> edges; // indices into ids, caller -> callee
    double nodeWidth = 188;
    double nodeHeight = 68;
};

// Returns the top-left position of every node (same order as graph.ids), or nullopt with
// `error` set when Graphviz fails. Serialised internally: Graphviz is not re-entrant.
std::optional<std::vector<QPointF>> layoutGraph(const LayoutGraph &graph, QString *error);

// Gives every component without a stored position one (a model written by hand or by a
// generator would otherwise pile its cards up at the origin): by the layered layout of those
// components, placed below the ones that have positions. Returns how many were placed;
// 0 when all had positions or Graphviz failed. Safe off the GUI thread.
int placeUnpositioned(model::Model &model, double nodeWidth, double nodeHeight);

} // namespace archsim::gui
