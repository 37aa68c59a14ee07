#include "autolayout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <QMutex>
#include <QObject>

#include <QRectF>

#include <cmath>
#include <map>
#include <unordered_map>

namespace archsim::gui {

namespace {

QMutex g_graphvizLock;

// One Graphviz context for the process, used under g_graphvizLock. Freeing a context after each
// layout freed the font names its text layout had seen, while Graphviz 2.42's pango plugin
// keeps a pointer to the last one and compares the next label's font with it: ASan found that
// read of freed memory (app_tst_canvas, a layout after a layout).
GVC_t *graphvizContext()
{
    static GVC_t *gvc = gvContext();
    return gvc;
}

void set(void *obj, const char *name, const std::string &value)
{
    agsafeset(obj, const_cast<char *>(name), const_cast<char *>(value.c_str()),
              const_cast<char *>(""));
}

} // namespace

std::optional<std::vector<QPointF>> layoutGraph(const LayoutGraph &graph, QString *error)
{
    if (graph.ids.empty())
        return std::vector<QPointF>{};
    QMutexLocker lock(&g_graphvizLock);
    agseterr(AGERR); // warnings on stderr are noise for a GUI
    GVC_t *gvc = graphvizContext();
    if (!gvc) {
        if (error)
            *error = QObject::tr("Graphviz could not start");
        return std::nullopt;
    }
    Agraph_t *g = agopen(const_cast<char *>("archsim"), Agdirected, nullptr);
    const bool big = graph.ids.size() > 400;
    set(g, "rankdir", "LR");
    set(g, "nodesep", "0.45");
    // Between ranks sits the link label with its badges: leave it room on small graphs.
    set(g, "ranksep", big ? "0.9" : "2.6");
    set(g, "splines", "false"); // we draw straight links; spline routing is the slow part
    set(g, "newrank", "true");
    if (big) {
        // Bound crossing minimisation on big graphs: near-optimal order in a fraction of the time.
        set(g, "mclimit", "0.05");
        set(g, "nslimit", "0.2");
        set(g, "nslimit1", "0.2");
        set(g, "searchsize", "5");
        set(g, "remincross", "false");
    }
    const std::string w = std::to_string(graph.nodeWidth / 72.0);
    const std::string h = std::to_string(graph.nodeHeight / 72.0);
    std::map<std::string, Agraph_t *> clusters;
    std::vector<Agnode_t *> nodes;
    nodes.reserve(graph.ids.size());
    for (size_t i = 0; i < graph.ids.size(); ++i) {
        const std::string name = "n" + std::to_string(i);
        Agnode_t *n = agnode(g, const_cast<char *>(name.c_str()), 1);
        set(n, "shape", "box");
        set(n, "fixedsize", "true");
        set(n, "width", w);
        set(n, "height", h);
        set(n, "label", "");
        nodes.push_back(n);
        const std::string &key = i < graph.groups.size() ? graph.groups[i] : std::string();
        // Clusters cost dot most of its time on big graphs; there, ranks alone must do.
        if (!key.empty() && !big) {
            Agraph_t *&sg = clusters[key];
            if (!sg) {
                const std::string cname = "cluster_" + std::to_string(clusters.size());
                sg = agsubg(g, const_cast<char *>(cname.c_str()), 1);
                set(sg, "label", " "); // reserves room for the zone's title
                set(sg, "margin", "28");
            }
            agsubnode(sg, n, 1);
        }
    }
    for (const auto &[a, b] : graph.edges)
        if (a != b && a >= 0 && b >= 0 && size_t(a) < nodes.size() && size_t(b) < nodes.size())
            agedge(g, nodes[size_t(a)], nodes[size_t(b)], nullptr, 1);

    std::optional<std::vector<QPointF>> out;
    if (gvLayout(gvc, g, "dot") == 0) {
        double maxY = 0;
        for (Agnode_t *n : nodes)
            maxY = std::max(maxY, ND_coord(n).y);
        std::vector<QPointF> pos;
        pos.reserve(nodes.size());
        for (Agnode_t *n : nodes)
            pos.emplace_back(ND_coord(n).x - graph.nodeWidth / 2,
                             maxY - ND_coord(n).y - graph.nodeHeight / 2);
        out = std::move(pos);
        gvFreeLayout(gvc, g);
    } else if (error) {
        *error = QObject::tr("Graphviz could not lay out the graph");
    }
    agclose(g);
    return out;
}

int placeUnpositioned(model::Model &model, double nodeWidth, double nodeHeight)
{
    LayoutGraph g;
    g.nodeWidth = nodeWidth;
    g.nodeHeight = nodeHeight;
    std::unordered_map<std::string, int> index;
    QRectF placed;
    for (const auto &c : model.components) {
        if (c.position) {
            placed |= QRectF(c.position->x, c.position->y, nodeWidth, nodeHeight);
            continue;
        }
        index.emplace(c.id, int(g.ids.size()));
        g.ids.push_back(c.id);
        std::string key;
        for (const auto &z : c.zones)
            key += (key.empty() ? "" : "+") + z;
        g.groups.push_back(key);
    }
    if (g.ids.empty())
        return 0;
    for (const auto &l : model.links) {
        auto a = index.find(l.from), b = index.find(l.to);
        if (a != index.end() && b != index.end())
            g.edges.emplace_back(a->second, b->second);
    }
    const auto pos = layoutGraph(g, nullptr);
    if (!pos)
        return 0;
    // Below what was already placed, left-aligned with it.
    const QPointF shift = placed.isNull() ? QPointF() : QPointF(placed.left(), placed.bottom() + 160);
    for (auto &c : model.components)
        if (!c.position) {
            const QPointF p = (*pos)[size_t(index.at(c.id))] + shift;
            c.position = model::Position{std::round(p.x()), std::round(p.y())};
        }
    return int(g.ids.size());
}

} // namespace archsim::gui
