// JSON and text renderings of a result's stream figures (docs/streams.md), and their reading.

#include "stream/streamreport.h"

#include "figurefold.h"
#include "stream/streamresults.h"

#include <cstdio>

namespace archsim::simulator {

namespace {

using Json = nlohmann::ordered_json;

std::string str(const Json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int integer(const Json &o, const char *key, int fallback)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

} // namespace

void streamsToJson(SimulationResult &r, Json &j, Json &ci)
{
    if (r.topics.empty() && r.groups.empty())
        return; // results without consume links keep their exact former shape
    Json topics = Json::object();
    for (TopicFigures &t : r.topics) {
        Json o = flatEstimates(t, "topics." + t.id + ".", ci);
        o["kind"] = t.kind;
        o["partitions"] = t.partitions;
        topics[t.id] = std::move(o);
    }
    j["topics"] = topics;
    Json groups = Json::object();
    for (GroupFigures &g : r.groups) {
        const std::string path = "groups." + g.link + ".";
        Json o = flatEstimates(g, path, ci);
        o["group"] = g.group;
        o["consumer"] = g.consumer;
        o["source"] = g.source;
        o["consumers"] = g.consumers;
        o["active"] = g.active;
        Json parts = Json::array();
        for (PartitionFigures &p : g.partitions) {
            const std::string at = path + "partitions." + std::to_string(p.partition) + ".";
            Json po = flatEstimates(p, at, ci);
            po["partition"] = p.partition;
            po["consumer"] = p.consumer;
            parts.push_back(std::move(po));
        }
        o["partitions"] = std::move(parts);
        Json lag = Json::array();
        for (const LagPoint &p : g.lag)
            lag.push_back(Json::array({p.t_s, p.messages, p.seconds}));
        o["lag"] = std::move(lag); // [t_s, messages, seconds] per simulated second
        groups[g.link] = std::move(o);
    }
    j["groups"] = groups;
}

void streamsFromJson(const Json &j, const Json &ci, SimulationResult &r)
{
    if (const auto t = j.find("topics"); t != j.end() && t->is_object()) {
        for (const auto &item : t->items()) {
            TopicFigures f;
            f.id = item.key();
            f.kind = str(item.value(), "kind");
            f.partitions = integer(item.value(), "partitions", 1);
            readFlatEstimates(f, item.value(), "topics." + f.id + ".", ci);
            r.topics.push_back(std::move(f));
        }
    }
    if (const auto g = j.find("groups"); g != j.end() && g->is_object()) {
        for (const auto &item : g->items()) {
            const Json &o = item.value();
            GroupFigures f;
            f.link = item.key();
            f.group = str(o, "group");
            f.consumer = str(o, "consumer");
            f.source = str(o, "source");
            f.consumers = integer(o, "consumers", 0);
            f.active = integer(o, "active", 0);
            const std::string path = "groups." + f.link + ".";
            readFlatEstimates(f, o, path, ci);
            if (const auto ps = o.find("partitions"); ps != o.end() && ps->is_array())
                for (const Json &po : *ps) {
                    PartitionFigures p;
                    p.partition = integer(po, "partition", 0);
                    p.consumer = integer(po, "consumer", -1);
                    const std::string at =
                        path + "partitions." + std::to_string(p.partition) + ".";
                    readFlatEstimates(p, po, at, ci);
                    f.partitions.push_back(std::move(p));
                }
            if (const auto lag = o.find("lag"); lag != o.end() && lag->is_array())
                for (const Json &p : *lag)
                    if (p.is_array() && p.size() == 3 && p[0].is_number() &&
                        p[1].is_number() && p[2].is_number())
                        f.lag.push_back(LagPoint{p[0].get<double>(), p[1].get<double>(),
                                                 p[2].get<double>()});
            r.groups.push_back(std::move(f));
        }
    }
}

std::string streamsToText(const SimulationResult &r)
{
    if (r.topics.empty() && r.groups.empty())
        return {};
    std::string out;
    char line[320];
    std::snprintf(line, sizeof line, "\n%-24s %6s %5s %10s %9s %9s %9s %9s %9s %9s\n",
                  "stream / queue", "kind", "parts", "published", "rps", "rejected", "dropped",
                  "blocked", "write MB/s", "read MB/s");
    out += line;
    for (const TopicFigures &t : r.topics) {
        std::snprintf(line, sizeof line,
                      "%-24s %6s %5d %10.0f %9.1f %9.0f %9.0f %9.0f %9.3f %9.3f\n",
                      t.id.c_str(), t.kind.c_str(), t.partitions, t.published.value,
                      t.published_rps.value, t.rejected.value, t.dropped.value, t.blocked.value,
                      t.write_mbps.value, t.read_mbps.value);
        out += line;
    }
    std::snprintf(line, sizeof line,
                  "\n%-28s %7s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s %8s %8s\n",
                  "consume link (group)", "cons.", "processed", "rps", "lag max", "lag end",
                  "lag s max", "p50 ms", "p99 ms", "redeliv.", "dupl.", "dead", "expired",
                  "order");
    out += line;
    for (const GroupFigures &g : r.groups) {
        const std::string name = g.link + " (" + g.group + ")";
        const std::string cons = std::to_string(g.active) + "/" + std::to_string(g.consumers);
        std::snprintf(line, sizeof line,
                      "%-28s %7s %9.0f %9.1f %9.0f %9.0f %9.1f %9.1f %8.1f %8.0f %8.0f %8.0f "
                      "%8.0f %8.0f%s\n",
                      name.c_str(), cons.c_str(), g.processed.value, g.throughput_rps.value,
                      g.lag_max.value, g.lag_end.value, g.lag_s_max.value,
                      g.latency_p50_ms.value, g.latency_p99_ms.value, g.redeliveries.value,
                      g.duplicates.value, g.dead_lettered.value, g.retention_lost.value,
                      g.ordering_violations.value,
                      g.utilization.value >= 0.95 ? "  << cannot keep up" : "");
        out += line;
    }
    return out;
}

} // namespace archsim::simulator
