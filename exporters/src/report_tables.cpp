// Report sections built from the model alone: components, links, schema.

#include "report_internal.h"

#include "archsim/exporters/deployspec.h"
#include "svg.h"

namespace archsim::exporters::report {

namespace {

std::string join(const std::vector<std::string> &items, const std::string &sep = ", ")
{
    std::string out;
    for (const auto &s : items)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string dist(const model::Distribution &d)
{
    std::string s = std::string(model::toString(d.dist)) + " " + fmt(d.mean_ms, 1) + " ms";
    if (d.dist == model::DistKind::Lognormal)
        s += ", cv " + fmt(d.cv, 2);
    return s;
}

} // namespace

std::string componentsSection(const model::Model &m)
{
    std::string o = "<section id=\"components\"><h2>Components</h2><table><thead><tr>"
                    "<th>Id</th><th>Name</th><th>Kind</th><th class=\"num\">Replicas × "
                    "workers</th><th>Service time</th><th>Zones</th><th>Deployment</th>"
                    "</tr></thead><tbody>\n";
    for (const auto &c : m.components) {
        o += "<tr><td><code>" + h(c.id) + "</code></td><td>" + h(label(c));
        if (!c.description.empty())
            o += "<br><span class=\"muted\">" + h(c.description) + "</span>";
        o += "</td><td>" + h(model::toString(c.kind)) + "</td><td class=\"num\">";
        if (model::isStation(c.kind))
            o += std::to_string(c.replicas) + " × " + std::to_string(c.workers);
        else if (c.kind == model::ComponentKind::Client)
            o += fmt(c.rps, 0) + " rps";
        o += "</td><td>" + (model::isStation(c.kind) ? h(dist(effectiveServiceTime(c))) : "")
            + "</td><td>" + h(join(c.zones)) + "</td><td>";
        const auto spec = deploySpec(c, "registry.example.com", "0.1.0");
        if (spec.workload != Workload::None)
            o += "<code>" + h(spec.image) + "</code> :" + std::to_string(spec.port);
        else if (!c.deploy.hosting.empty())
            o += h(c.deploy.hosting);
        o += "</td></tr>\n";
    }
    return o + "</tbody></table></section>\n";
}

std::string linksSection(const model::Model &m)
{
    std::string o = "<section id=\"links\"><h2>Links</h2><table><thead><tr><th>From</th>"
                    "<th>To</th><th>Kind</th><th class=\"num\">Probability</th>"
                    "<th class=\"num\">Timeout</th><th>Retries</th><th>Circuit breaker</th>"
                    "<th>TLS</th></tr></thead><tbody>\n";
    for (const auto &l : m.links) {
        o += "<tr><td><code>" + h(l.from) + "</code></td><td><code>" + h(l.to)
            + "</code></td><td>" + h(model::toString(l.kind)) + "</td><td class=\"num\">"
            + fmt(l.probability, 2) + "</td><td class=\"num\">"
            + (l.timeout_ms ? fmt(*l.timeout_ms, 0) + " ms" : std::string("none"))
            + "</td><td>";
        if (l.retries && l.retries->max > 0)
            o += std::to_string(l.retries->max) + " × backoff " + fmt(l.retries->backoff_ms, 0)
                + " ms, jitter " + h(model::toString(l.retries->jitter));
        o += "</td><td>";
        if (l.circuit_breaker)
            o += "opens at " + fmt(l.circuit_breaker->failure_rate * 100, 0) + "% of "
                + std::to_string(l.circuit_breaker->window) + " calls";
        o += std::string("</td><td>") + (l.tls ? "yes" : "no") + "</td></tr>\n";
    }
    return o + "</tbody></table></section>\n";
}

std::string schemaSection(const model::Model &m)
{
    std::string o;
    for (const auto &s : m.schemas) {
        for (const auto &t : s.tables) {
            o += "<h3><code>" + h((s.name.empty() ? s.id : s.name) + "." + t.name) + "</code>";
            if (!t.comment.empty())
                o += " <span class=\"muted\">" + h(t.comment) + "</span>";
            o += "</h3><table><thead><tr><th>Column</th><th>Type</th><th>Null</th>"
                 "<th>Key</th><th>Default</th><th>Notes</th></tr></thead><tbody>\n";
            for (const auto &c : t.columns) {
                std::vector<std::string> keys;
                for (const auto &pk : t.primary_key)
                    if (pk == c.name)
                        keys.push_back("PK");
                for (const auto &fk : t.foreign_keys)
                    for (const auto &col : fk.columns)
                        if (col == c.name)
                            keys.push_back("FK → " + fk.references);
                std::string def;
                if (c.default_value) {
                    switch (c.default_value->kind) {
                    case model::DefaultValue::Kind::Now: def = "now"; break;
                    case model::DefaultValue::Kind::Null: def = "null"; break;
                    case model::DefaultValue::Kind::Bool:
                        def = c.default_value->boolean ? "true" : "false";
                        break;
                    case model::DefaultValue::Kind::Number:
                        def = svg::num(c.default_value->number);
                        break;
                    case model::DefaultValue::Kind::String: def = c.default_value->text; break;
                    }
                }
                std::vector<std::string> notes;
                if (c.identity)
                    notes.push_back("identity");
                if (c.sensitive)
                    notes.push_back(c.encrypted ? "sensitive, encrypted" : "sensitive");
                if (!c.comment.empty())
                    notes.push_back(c.comment);
                o += "<tr><td><code>" + h(c.name) + "</code></td><td>" + h(c.type.toString())
                    + "</td><td>" + (c.nullable ? "yes" : "no") + "</td><td>" + h(join(keys))
                    + "</td><td>" + h(def) + "</td><td>" + h(join(notes, "; "))
                    + "</td></tr>\n";
            }
            o += "</tbody></table>\n";
            std::vector<std::string> extra;
            for (const auto &ix : t.indexes) {
                std::vector<std::string> cols;
                for (const auto &c : ix.columns)
                    cols.push_back(c.column + (c.descending ? " DESC" : ""));
                extra.push_back(std::string(ix.unique ? "Unique index " : "Index ") + ix.name
                                + " (" + join(cols) + ")");
            }
            for (const auto &fk : t.foreign_keys)
                extra.push_back("Foreign key (" + join(fk.columns) + ") → " + fk.references + " ("
                                + join(fk.ref_columns) + ")");
            if (t.partitioning) {
                const auto &p = *t.partitioning;
                std::string part = std::string("Partitioned by ") + model::toString(p.method)
                    + " on " + p.column;
                if (p.method == model::PartitionMethod::Range)
                    part += ", " + std::string(model::toString(p.interval)) + "ly from "
                        + p.start + ", " + std::to_string(p.count) + " partitions"
                        + (p.retention > 0 ? ", keep " + std::to_string(p.retention) : "");
                else if (p.method == model::PartitionMethod::Hash)
                    part += ", modulus " + std::to_string(p.count);
                extra.push_back(part);
            }
            if (t.rows_per_month > 0)
                extra.push_back("Growth " + fmt(t.rows_per_month, 0) + " rows/month");
            if (!extra.empty()) {
                o += "<ul>";
                for (const auto &e : extra)
                    o += "<li>" + h(e) + "</li>";
                o += "</ul>\n";
            }
        }
    }
    if (o.empty())
        return {};
    return "<section id=\"schema\"><h2>Schema</h2>\n" + o + "</section>\n";
}

} // namespace archsim::exporters::report
