// The review report's streams section (docs/streams.md): topics, consumer groups with their
// estimate, and the stream figures of each simulation run that has them.

#include "report_internal.h"

#include "archsim/model/streamanalytic.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>
#include <vector>

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
                    "<th class=\"num\">Message</th><th>Overflow</th><th>Groups</th>"
                    "</tr></thead><tbody>\n";
    for (const auto &c : m.components) {
        if (!model::isMessaging(c.kind))
            continue;
        const bool stream = c.kind == model::ComponentKind::Stream;
        const auto s = c.stream.value_or(model::StreamSettings{});
        const auto q = c.queue.value_or(model::QueueSettings{});
        const double retention = stream ? s.retention_s : q.retention_s;
        std::string groups; // the consumer groups that read it, each once
        std::vector<std::string> seen;
        for (const auto &l : m.links) {
            if (l.kind != model::LinkKind::Consume || l.to != c.id)
                continue;
            const std::string g = l.consume && !l.consume->group.empty() ? l.consume->group
                                                                        : l.from;
            if (std::find(seen.begin(), seen.end(), g) != seen.end())
                continue;
            seen.push_back(g);
            groups += (groups.empty() ? "" : ", ") + h(g);
        }
        std::string limit = retention > 0 ? fmt(retention / 3600, 1) + " h"
                                          : std::string("forever");
        if (stream && s.retention_bytes > 0)
            limit += " or " + fmt(static_cast<double>(s.retention_bytes) / (1 << 20), 0) +
                     " MiB/partition";
        o += "<tr><td><code>" + h(c.id) + "</code></td><td>" + model::toString(c.kind) +
             "</td><td class=\"num\">" + (stream ? std::to_string(s.partitions) : "") +
             "</td><td class=\"num\">" + (stream ? std::to_string(s.replication_factor) : "") +
             "</td><td class=\"num\">" + limit + "</td><td class=\"num\">" +
             std::to_string(stream ? s.message_bytes : q.message_bytes) + " B</td><td>" +
             (stream ? std::string()
                     : (q.max_length > 0 ? std::string(model::toString(q.overflow)) + " at " +
                                               std::to_string(q.max_length)
                                         : std::string("unbounded"))) +
             "</td><td>" + groups + "</td></tr>\n";
    }
    o += "</tbody></table>\n";
    const auto est = model::estimateStreams(m, model::estimate(m));
    if (!est.empty()) {
        o += "<h3>Consumer groups (estimate at nominal load)</h3><table><thead><tr>"
             "<th>Consume link</th><th>Group</th><th>Source</th><th class=\"num\">Consumers"
             "</th><th class=\"num\">Messages/s</th><th class=\"num\">ms/message</th>"
             "<th class=\"num\">Utilization</th>"
             "<th class=\"num\">Steady lag</th><th class=\"num\">Lag s</th>"
             "<th class=\"num\">Partitions needed</th><th class=\"num\">Broker MB/s in"
             "</th><th class=\"num\">Broker MB/s out</th><th class=\"num\">Backlog</th>"
             "<th class=\"num\">Catch-up</th></tr></thead><tbody>\n";
        for (const auto &e : est)
            o += "<tr><td><code>" + h(e.link) + "</code></td><td>" + h(e.group) + "</td><td>" +
                 h(e.source) + "</td><td class=\"num\">" + std::to_string(e.active) + "/" +
                 std::to_string(e.consumers) + "</td><td class=\"num\">" +
                 fmt(e.publish_rps, 2) + "</td><td class=\"num\">" +
                 finite(e.service_ms, 2) +
                 (e.backoff_ms > 0 ? " <span class=\"badge\">" + finite(e.backoff_ms, 2) +
                                         " ms retry waits</span>"
                                   : std::string()) +
                 "</td><td class=\"num\">" +
                 finite(e.utilization * 100, 0, "%") +
                 (e.saturated ? " <span class=\"badge sev-error\">cannot keep up</span>" : "") +
                 (e.overflow_share > 0
                      ? " <span class=\"badge sev-warning\">" +
                            finite(e.overflow_share * 100, 1, "%") + " turned away</span>"
                      : std::string()) +
                 "</td><td class=\"num\">" + finite(e.lag_messages, 1) +
                 "</td><td class=\"num\">" + finite(e.lag_s, 3) +
                 "</td><td class=\"num\">" + std::to_string(e.partitions_needed) +
                 "</td><td class=\"num\">" + fmt(e.write_mbps, 3) +
                 "</td><td class=\"num\">" + fmt(e.read_mbps, 3) +
                 "</td><td class=\"num\">" + (e.outage_s > 0 ? finite(e.backlog, 0)
                                                              : std::string()) +
                 "</td><td class=\"num\">" +
                 (e.outage_s > 0 ? finite(e.catch_up_s, 0, " s") : std::string()) +
                 "</td></tr>\n";
        o += "</tbody></table>\n";
    }
    for (size_t i = 0; i < options.runs.size(); ++i) {
        const auto &data = options.runs[i].data;
        const auto topics = data.find("topics");
        if (topics != data.end() && topics->is_object() && !topics->empty()) {
            o += "<h3>Simulated topics: " + h(options.runs[i].label) + "</h3><table><thead>"
                 "<tr><th>Stream / queue</th><th class=\"num\">Published</th>"
                 "<th class=\"num\">Published/s</th><th class=\"num\">Rejected</th>"
                 "<th class=\"num\">Dropped</th><th class=\"num\">Blocked</th>"
                 "<th class=\"num\">Block ms max</th><th class=\"num\">Dead letters in</th>"
                 "<th class=\"num\">Depth max</th><th class=\"num\">Write MB/s</th>"
                 "<th class=\"num\">Read MB/s</th></tr></thead><tbody>\n";
            for (const auto &[id, t] : topics->items()) {
                o += "<tr><td><code>" + h(id) + "</code></td>";
                for (const auto &[key, decimals] :
                     std::initializer_list<std::pair<const char *, int>>{
                         {"published", 0}, {"published_rps", 1}, {"rejected", 0},
                         {"dropped", 0}, {"blocked", 0}, {"block_ms_max", 1},
                         {"dead_letters_in", 0}, {"depth_max", 0}, {"write_mbps", 3},
                         {"read_mbps", 3}})
                    o += "<td class=\"num\">" + num(t, key, decimals) + "</td>";
                o += "</tr>\n";
            }
            o += "</tbody></table>\n";
        }
        const auto groups = data.find("groups");
        if (groups == data.end() || !groups->is_object() || groups->empty())
            continue;
        o += "<h3>Simulated: " + h(options.runs[i].label) + "</h3><table><thead><tr>"
             "<th>Consume link</th><th class=\"num\">Processed/s</th><th class=\"num\">Lag max"
             "</th><th class=\"num\">Lag end</th><th class=\"num\">Lag s max</th>"
             "<th class=\"num\">p50 ms</th><th class=\"num\">p95 ms</th>"
             "<th class=\"num\">p99 ms</th>"
             "<th class=\"num\">Redelivered</th><th class=\"num\">Duplicates</th>"
             "<th class=\"num\">Dead letters</th><th class=\"num\">Expired</th>"
             "<th class=\"num\">Lost</th><th class=\"num\">Order violations</th>"
             "</tr></thead><tbody>\n";
        for (const auto &[link, g] : groups->items())
            o += "<tr><td><code>" + h(link) + "</code></td><td class=\"num\">" +
                 num(g, "throughput_rps", 1) + "</td><td class=\"num\">" +
                 num(g, "lag_max", 0) + "</td><td class=\"num\">" + num(g, "lag_end", 0) +
                 "</td><td class=\"num\">" + num(g, "lag_s_max", 1) +
                 "</td><td class=\"num\">" + num(g, "latency_p50_ms", 1) +
                 "</td><td class=\"num\">" + num(g, "latency_p95_ms", 1) +
                 "</td><td class=\"num\">" + num(g, "latency_p99_ms", 1) +
                 "</td><td class=\"num\">" + num(g, "redeliveries", 0) +
                 "</td><td class=\"num\">" + num(g, "duplicates", 0) +
                 "</td><td class=\"num\">" + num(g, "dead_lettered", 0) +
                 "</td><td class=\"num\">" + num(g, "retention_lost", 0) +
                 "</td><td class=\"num\">" + num(g, "lost", 0) +
                 "</td><td class=\"num\">" + num(g, "ordering_violations", 0) + "</td></tr>\n";
        o += "</tbody></table>\n";
    }
    return o + "</section>\n";
}

} // namespace archsim::exporters::report
