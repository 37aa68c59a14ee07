// Layered layout (longest path on the graph without its back edges, then barycentre ordering)
// and SVG rendering of the architecture diagram.

#include "archsim/exporters/diagram.h"

#include "archsim/model/index.h"
#include "svg.h"

#include <algorithm>
#include <functional>
#include <set>

namespace archsim::exporters {

namespace {

constexpr double kBoxW = 196, kBoxH = 58, kColGap = 92, kRowGap = 26, kMargin = 24;

// Returns, per component index, its layer (column).
std::vector<int> layers(const model::Model &m, const model::ModelIndex &index,
                        std::set<std::pair<int, int>> &backEdges)
{
    const int n = static_cast<int>(m.components.size());
    std::vector<int> state(static_cast<size_t>(n), 0);
    std::vector<std::vector<int>> out(static_cast<size_t>(n));
    for (const auto &l : m.links) {
        const int a = index.componentIndex(l.from), b = index.componentIndex(l.to);
        if (a >= 0 && b >= 0 && a != b)
            out[static_cast<size_t>(a)].push_back(b);
    }
    std::function<void(int)> dfs = [&](int v) {
        state[static_cast<size_t>(v)] = 1;
        for (int w : out[static_cast<size_t>(v)]) {
            if (state[static_cast<size_t>(w)] == 1)
                backEdges.insert({v, w});
            else if (state[static_cast<size_t>(w)] == 0)
                dfs(w);
        }
        state[static_cast<size_t>(v)] = 2;
    };
    // Start from clients so that they sit in the first column.
    for (int v = 0; v < n; ++v)
        if (m.components[static_cast<size_t>(v)].kind == model::ComponentKind::Client
            && state[static_cast<size_t>(v)] == 0)
            dfs(v);
    for (int v = 0; v < n; ++v)
        if (state[static_cast<size_t>(v)] == 0)
            dfs(v);
    std::vector<int> layer(static_cast<size_t>(n), 0);
    for (bool changed = true; changed;) { // longest path; terminates as the graph is a DAG now
        changed = false;
        for (int v = 0; v < n; ++v)
            for (int w : out[static_cast<size_t>(v)])
                if (!backEdges.count({v, w})
                    && layer[static_cast<size_t>(w)] < layer[static_cast<size_t>(v)] + 1) {
                    layer[static_cast<size_t>(w)] = layer[static_cast<size_t>(v)] + 1;
                    changed = true;
                }
    }
    return layer;
}

std::string kindClass(model::ComponentKind k)
{
    std::string s = model::toString(k);
    std::replace(s.begin(), s.end(), '_', '-');
    return "kind-" + s;
}

std::string shortText(const std::string &s, size_t maxChars)
{
    // Count UTF-8 code points, cut at a boundary.
    size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) {
            if (chars == maxChars)
                return s.substr(0, i) + "…";
            ++chars;
        }
    }
    return s;
}

} // namespace

std::map<std::string, DiagramBox> diagramLayout(const model::Model &m)
{
    std::map<std::string, DiagramBox> boxes;
    const bool positioned = !m.components.empty()
        && std::all_of(m.components.begin(), m.components.end(),
                       [](const auto &c) { return c.position.has_value(); });
    if (positioned) {
        double minX = 1e300, minY = 1e300;
        for (const auto &c : m.components) {
            minX = std::min(minX, c.position->x);
            minY = std::min(minY, c.position->y);
        }
        for (const auto &c : m.components)
            boxes[c.id] = {c.position->x - minX + kMargin, c.position->y - minY + kMargin, kBoxW,
                           kBoxH};
        return boxes;
    }
    model::ModelIndex index(m);
    std::set<std::pair<int, int>> back;
    const auto layer = layers(m, index, back);
    const int depth = layer.empty() ? 0 : *std::max_element(layer.begin(), layer.end()) + 1;
    std::vector<std::vector<int>> cols(static_cast<size_t>(depth));
    for (size_t v = 0; v < layer.size(); ++v)
        cols[static_cast<size_t>(layer[v])].push_back(static_cast<int>(v));
    std::vector<double> pos(layer.size(), 0);
    auto renumber = [&] {
        for (auto &col : cols)
            for (size_t i = 0; i < col.size(); ++i)
                pos[static_cast<size_t>(col[i])] = static_cast<double>(i);
    };
    renumber();
    // Barycentre sweeps: order each column by the mean row of its neighbours.
    for (int sweep = 0; sweep < 6; ++sweep) {
        const bool down = sweep % 2 == 0;
        for (int ci = down ? 1 : depth - 2; down ? ci < depth : ci >= 0; ci += down ? 1 : -1) {
            auto &col = cols[static_cast<size_t>(ci)];
            std::map<int, double> bary;
            for (int v : col) {
                double sum = 0;
                int count = 0;
                const auto &id = m.components[static_cast<size_t>(v)].id;
                for (int li : down ? index.inLinks(id) : index.outLinks(id)) {
                    const auto &l = m.links[static_cast<size_t>(li)];
                    const int w = index.componentIndex(down ? l.from : l.to);
                    if (w >= 0 && layer[static_cast<size_t>(w)] == ci + (down ? -1 : 1)) {
                        sum += pos[static_cast<size_t>(w)];
                        ++count;
                    }
                }
                bary[v] = count ? sum / count : pos[static_cast<size_t>(v)];
            }
            std::stable_sort(col.begin(), col.end(),
                             [&](int a, int b) { return bary[a] < bary[b]; });
            renumber();
        }
    }
    size_t tallest = 1;
    for (const auto &col : cols)
        tallest = std::max(tallest, col.size());
    const double height = static_cast<double>(tallest) * (kBoxH + kRowGap);
    for (int ci = 0; ci < depth; ++ci) {
        const auto &col = cols[static_cast<size_t>(ci)];
        const double offset = (height - static_cast<double>(col.size()) * (kBoxH + kRowGap)) / 2;
        for (size_t i = 0; i < col.size(); ++i)
            boxes[m.components[static_cast<size_t>(col[i])].id] = {
                kMargin + ci * (kBoxW + kColGap),
                kMargin + offset + static_cast<double>(i) * (kBoxH + kRowGap), kBoxW, kBoxH};
    }
    return boxes;
}

std::string architectureSvg(const model::Model &m)
{
    const auto boxes = diagramLayout(m);
    double w = 200, h = 100;
    for (const auto &[id, b] : boxes) {
        w = std::max(w, b.x + b.w + kMargin);
        h = std::max(h, b.y + b.h + kMargin);
    }
    h += 30; // legend
    svg::Writer out(w, h, "Architecture diagram of " + m.name);
    out.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
            "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
            "<path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n");
    out.beginGroup("links");
    for (const auto &l : m.links) {
        auto a = boxes.find(l.from), b = boxes.find(l.to);
        if (a == boxes.end() || b == boxes.end())
            continue;
        const auto &s = a->second, &t = b->second;
        // Leave from the side facing the target: horizontal curves between columns,
        // vertical ones between boxes that share a column.
        double x1, y1, x2, y2;
        bool horizontal = true;
        if (t.x >= s.x + s.w) {
            x1 = s.x + s.w, y1 = s.y + s.h / 2, x2 = t.x - 2, y2 = t.y + t.h / 2;
        } else if (t.x + t.w <= s.x) {
            x1 = s.x, y1 = s.y + s.h / 2, x2 = t.x + t.w + 2, y2 = t.y + t.h / 2;
        } else if (t.y > s.y) {
            horizontal = false;
            x1 = s.x + s.w / 2, y1 = s.y + s.h, x2 = t.x + t.w / 2, y2 = t.y - 2;
        } else {
            horizontal = false;
            x1 = s.x + s.w / 2, y1 = s.y, x2 = t.x + t.w / 2, y2 = t.y + t.h + 2;
        }
        const double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
        const std::string d = "M" + svg::num(x1) + "," + svg::num(y1) + " C"
            + (horizontal ? svg::num(mx) + "," + svg::num(y1) + " " + svg::num(mx) + ","
                                + svg::num(y2)
                          : svg::num(x1) + "," + svg::num(my) + " " + svg::num(x2) + ","
                                + svg::num(my))
            + " " + svg::num(x2) + "," + svg::num(y2);
        out.beginGroup("link");
        out.title(l.from + " → " + l.to + " (" + model::toString(l.kind) + ", p="
                  + svg::num(l.probability) + ")");
        out.path(d, std::string("edge link-") + model::toString(l.kind), true);
        out.endGroup();
    }
    out.endGroup();
    out.beginGroup("nodes");
    for (const auto &c : m.components) {
        const auto &b = boxes.at(c.id);
        out.beginGroup("node " + kindClass(c.kind));
        out.title(label(c) + " (" + c.id + ", " + model::toString(c.kind) + ")");
        out.rect(b.x, b.y, b.w, b.h, "box", 8);
        out.rect(b.x, b.y, 6, b.h, "stripe", 0);
        std::string kind = model::toString(c.kind);
        std::replace(kind.begin(), kind.end(), '_', ' ');
        out.text(b.x + 16, b.y + 20, kind, "kind");
        out.text(b.x + 16, b.y + 40, shortText(label(c), 22), "name");
        if (model::isStation(c.kind) && c.replicas > 1)
            out.text(b.x + b.w - 10, b.y + 20, "×" + std::to_string(c.replicas), "replicas",
                     "end");
        out.endGroup();
    }
    out.endGroup();
    // Legend of link kinds.
    double lx = kMargin;
    const double ly = h - 18;
    for (const char *k : {"call", "read", "write", "fill", "publish"}) {
        out.line(lx, ly, lx + 26, ly, std::string("edge link-") + k);
        out.text(lx + 32, ly + 4, k, "legend");
        lx += 92;
    }
    return out.finish();
}

std::string diagramStyle()
{
    return R"(svg text{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif}
.node .box{fill:#fff;stroke:#c5cad3;stroke-width:1.2}
.node .kind{font-size:10px;fill:#6b7280;text-transform:uppercase;letter-spacing:.06em}
.node .name{font-size:13px;font-weight:600;fill:#111827}
.node .replicas{font-size:11px;fill:#374151;font-weight:600}
.kind-client .stripe{fill:#64748b}.kind-load-balancer .stripe{fill:#0ea5e9}
.kind-gateway .stripe{fill:#6366f1}.kind-service .stripe{fill:#2563eb}
.kind-worker .stripe{fill:#7c3aed}.kind-database .stripe{fill:#d97706}
.kind-cache .stripe{fill:#dc2626}.kind-cdn .stripe{fill:#0d9488}
.kind-queue .stripe{fill:#9333ea}.kind-external .stripe{fill:#9ca3af}
.edge{fill:none;stroke-width:1.6;stroke:#6b7280}
.link-read{stroke:#2563eb}.link-write{stroke:#d97706}
.link-fill{stroke:#0d9488;stroke-dasharray:5 4}.link-publish{stroke:#9333ea}
.arrowhead{fill:#6b7280}.legend{font-size:11px;fill:#374151}
)";
}

} // namespace archsim::exporters
