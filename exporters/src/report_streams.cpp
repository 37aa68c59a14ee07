// The review report's streams section (docs/streams.md): topics, consumer groups with their
// estimate, and the stream figures of each simulation run that has them.

#include "report_internal.h"

#include "archsim/model/streamanalytic.h"

#include <cmath>

namespace archsim::exporters::report {

namespace {

std::string num(const nlohmann::json &o, const char *key, int decimals)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? fmt(it->get<double>(), decimals) : "";
}

std::string finite(double v, int decimals, const char *unit = "")
{
    return std::isfinite(v) ? fmt(v, decimals) + unit : "∞";
}

} // namespace

std::string streamsSection(const model::Model &m, const ReportOptions &options)
{
    bool any = false;
    for (const auto &c : m.components)
        any = any || c.kind == model::ComponentKind::Stream ||
              (c.kind == model::ComponentKind::Queue && (c.queue.has_value()));
    for (const auto &l : m.links)
        any = any || l.kind == model::LinkKind::Consume;
    if (!any)
        return {};
    std::string o = "<section id=\"streams\"><h2>Streams and queues</h2><table><thead><tr>"
                    "<th>Stream / queue</th><th>Kind</th><th class=\"num\">Partitions</th>"
                    "<th class=\"num\">Replication</th><th class=\"num\">Retention</th>"
                    "<th>Overflow</th></tr></thead><tbody>\n";
    for (const auto &c : m.components) {
        if (!model::isMessaging(c.kind))
            continue;
        const bool stream = c.kind == model::ComponentKind::Stream;
        const auto s = c.stream.value_or(model::StreamSettings{});
        const auto q = c.queue.value_or(model::QueueSettings{});
        const double retention = stream ? s.retention_s : q.retention_s;
        o += "<tr><td><code>" + h(c.id) + "</code></td><td>" + model::toString(c.kind) +
             "</td><td class=\"num\">" + (stream ? std::to_string(s.partitions) : "") +
             "</td><td class=\"num\">" + (stream ? std::to_string(s.replication_factor) : "") +
             "</td><td class=\"num\">" + (retention > 0 ? fmt(retention / 3600, 1) + " h"
                                                       : std::string("forever")) +
             "</td><td>" +
             (stream ? std::string()
                     : (q.max_length > 0 ? std::string(model::toString(q.overflow)) + " at " +
                                               std::to_string(q.max_length)
                                         : std::string("unbounded"))) +
             "</td></tr>\n";
    }
    o += "</tbody></table>\n";
    const auto est = model::estimateStreams(m, model::estimate(m));
    if (!est.empty()) {
        o += "<h3>Consumer groups (estimate at nominal load)</h3><table><thead><tr>"
             "<th>Consume link</th><th>Group</th><th>Source</th><th class=\"num\">Consumers"
             "</th><th class=\"num\">Messages/s</th><th class=\"num\">Utilization</th>"
             "<th class=\"num\">Steady lag</th><th class=\"num\">Partitions needed</th>"
             "<th class=\"num\">Catch-up</th></tr></thead><tbody>\n";
        for (const auto &e : est)
            o += "<tr><td><code>" + h(e.link) + "</code></td><td>" + h(e.group) + "</td><td>" +
                 h(e.source) + "</td><td class=\"num\">" + std::to_string(e.active) + "/" +
                 std::to_string(e.consumers) + "</td><td class=\"num\">" +
                 fmt(e.publish_rps, 2) + "</td><td class=\"num\">" +
                 finite(e.utilization * 100, 0, "%") +
                 (e.saturated ? " <span class=\"badge sev-error\">cannot keep up</span>" : "") +
                 "</td><td class=\"num\">" + finite(e.lag_messages, 1) +
                 "</td><td class=\"num\">" + std::to_string(e.partitions_needed) +
                 "</td><td class=\"num\">" +
                 (e.outage_s > 0 ? finite(e.catch_up_s, 0, " s") : std::string()) +
                 "</td></tr>\n";
        o += "</tbody></table>\n";
    }
    for (size_t i = 0; i < options.runs.size(); ++i) {
        const auto &data = options.runs[i].data;
        const auto groups = data.find("groups");
        if (groups == data.end() || !groups->is_object() || groups->empty())
            continue;
        o += "<h3>Simulated: " + h(options.runs[i].label) + "</h3><table><thead><tr>"
             "<th>Consume link</th><th class=\"num\">Processed/s</th><th class=\"num\">Lag max"
             "</th><th class=\"num\">Lag s max</th><th class=\"num\">p99 ms</th>"
             "<th class=\"num\">Redelivered</th><th class=\"num\">Duplicates</th>"
             "<th class=\"num\">Dead letters</th><th class=\"num\">Expired</th>"
             "<th class=\"num\">Order violations</th></tr></thead><tbody>\n";
        for (const auto &[link, g] : groups->items())
            o += "<tr><td><code>" + h(link) + "</code></td><td class=\"num\">" +
                 num(g, "throughput_rps", 1) + "</td><td class=\"num\">" +
                 num(g, "lag_max", 0) + "</td><td class=\"num\">" + num(g, "lag_s_max", 1) +
                 "</td><td class=\"num\">" + num(g, "latency_p99_ms", 1) +
                 "</td><td class=\"num\">" + num(g, "redeliveries", 0) +
                 "</td><td class=\"num\">" + num(g, "duplicates", 0) +
                 "</td><td class=\"num\">" + num(g, "dead_lettered", 0) +
                 "</td><td class=\"num\">" + num(g, "retention_lost", 0) +
                 "</td><td class=\"num\">" + num(g, "ordering_violations", 0) + "</td></tr>\n";
        o += "</tbody></table>\n";
    }
    return o + "</section>\n";
}

} // namespace archsim::exporters::report
