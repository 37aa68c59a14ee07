// Aggregation, JSON and text of the realtime figures (docs/realtime.md).
#include "realtime/realtimereport.h"

#include "figurefold.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace archsim::simulator {

namespace {

using Json = nlohmann::ordered_json;

double number(const Json &o, const char *key, double fallback)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : fallback;
}

constexpr size_t kPointFields = 8;

std::array<double, kPointFields> fieldsOf(const RealtimePoint &p)
{
    return {p.t_s, p.deliveries, p.dropped, p.disconnects, p.reconnects, p.recovered, p.lost,
            p.latency_max_ms};
}

RealtimePoint pointOf(const std::array<double, kPointFields> &v)
{
    return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
}

} // namespace

void aggregateRealtime(SimulationResult &result,
                       const std::vector<realtime::RealtimeOutput *> &reps)
{
    result.realtime.clear();
    if (reps.empty())
        return;
    for (size_t g = 0; g < reps.front()->gateways.size(); ++g) {
        const RealtimeFigures &g0 = reps.front()->gateways[g];
        RealtimeFigures f;
        f.id = g0.id;
        f.connections = g0.connections;
        f.replicas = g0.replicas;
        std::vector<RealtimeFigures *> src;
        for (auto *r : reps)
            src.push_back(&r->gateways[g]);
        foldEstimates(f, src);
        for (size_t k = 0; k < g0.replica_figures.size(); ++k) {
            RealtimeReplicaFigures rf;
            rf.replica = g0.replica_figures[k].replica;
            std::vector<RealtimeReplicaFigures *> rs;
            for (auto *r : reps)
                rs.push_back(&r->gateways[g].replica_figures[k]);
            foldEstimates(rf, rs);
            f.replica_figures.push_back(rf);
        }
        for (size_t k = 0; k < g0.classes.size(); ++k) {
            RealtimeClassFigures cf;
            cf.name = g0.classes[k].name;
            cf.bytes_per_s = g0.classes[k].bytes_per_s;
            cf.connections = g0.classes[k].connections;
            std::vector<RealtimeClassFigures *> cs;
            for (auto *r : reps)
                cs.push_back(&r->gateways[g].classes[k]);
            foldEstimates(cf, cs);
            f.classes.push_back(std::move(cf));
        }
        // The timeline: the mean over the replications, the latency the largest.
        f.timeline = g0.timeline;
        for (size_t i = 0; i < f.timeline.size(); ++i) {
            std::array<double, kPointFields> sum{};
            double maxLatency = 0;
            for (auto *r : reps) {
                const auto v = fieldsOf(r->gateways[g].timeline[i]);
                for (size_t k = 1; k + 1 < kPointFields; ++k)
                    sum[k] += v[k];
                maxLatency = std::max(maxLatency, v[kPointFields - 1]);
            }
            for (size_t k = 1; k + 1 < kPointFields; ++k)
                sum[k] /= double(reps.size());
            sum[0] = f.timeline[i].t_s;
            sum[kPointFields - 1] = maxLatency;
            f.timeline[i] = pointOf(sum);
        }
        result.realtime.push_back(std::move(f));
    }
}

void realtimeToJson(SimulationResult &r, Json &j, Json &ci)
{
    if (r.realtime.empty())
        return; // results without realtime gateways keep their former shape
    Json all = Json::object();
    for (RealtimeFigures &g : r.realtime) {
        const std::string path = "realtime." + g.id + ".";
        Json o = flatEstimates(g, path, ci);
        o["connections"] = g.connections;
        o["replicas"] = g.replicas;
        Json replicas = Json::array();
        for (RealtimeReplicaFigures &rf : g.replica_figures) {
            Json ro = flatEstimates(rf, path + "replica." + std::to_string(rf.replica) + ".", ci);
            ro["replica"] = rf.replica;
            replicas.push_back(std::move(ro));
        }
        o["per_replica"] = std::move(replicas);
        Json classes = Json::array();
        for (RealtimeClassFigures &cf : g.classes) {
            Json co = flatEstimates(cf, path + "class." + cf.name + ".", ci);
            co["name"] = cf.name;
            co["bytes_per_s"] = cf.bytes_per_s;
            co["connections"] = cf.connections;
            classes.push_back(std::move(co));
        }
        o["classes"] = std::move(classes);
        // [t_s, deliveries, dropped, disconnects, reconnects, recovered, lost,
        //  latency_max_ms] per simulated second (or per timeline step)
        Json timeline = Json::array();
        for (const RealtimePoint &p : g.timeline) {
            const auto v = fieldsOf(p);
            timeline.push_back(Json(std::vector<double>(v.begin(), v.end())));
        }
        o["timeline"] = std::move(timeline);
        all[g.id] = std::move(o);
    }
    j["realtime"] = std::move(all);
}

void realtimeFromJson(const Json &j, const Json &ci, SimulationResult &r)
{
    const auto all = j.find("realtime");
    if (all == j.end() || !all->is_object())
        return;
    for (const auto &item : all->items()) {
        const Json &o = item.value();
        RealtimeFigures f;
        f.id = item.key();
        const std::string path = "realtime." + f.id + ".";
        f.connections = int64_t(number(o, "connections", 0));
        f.replicas = int(number(o, "replicas", 1));
        readFlatEstimates(f, o, path, ci);
        if (const auto rs = o.find("per_replica"); rs != o.end() && rs->is_array())
            for (const Json &ro : *rs) {
                RealtimeReplicaFigures rf;
                rf.replica = int(number(ro, "replica", 0));
                const std::string at = path + "replica." + std::to_string(rf.replica) + ".";
                readFlatEstimates(rf, ro, at, ci);
                f.replica_figures.push_back(rf);
            }
        if (const auto cs = o.find("classes"); cs != o.end() && cs->is_array())
            for (const Json &co : *cs) {
                RealtimeClassFigures cf;
                if (const auto n = co.find("name"); n != co.end() && n->is_string())
                    cf.name = n->get<std::string>();
                cf.bytes_per_s = number(co, "bytes_per_s", 0);
                cf.connections = int64_t(number(co, "connections", 0));
                readFlatEstimates(cf, co, path + "class." + cf.name + ".", ci);
                f.classes.push_back(std::move(cf));
            }
        if (const auto tl = o.find("timeline"); tl != o.end() && tl->is_array())
            for (const Json &p : *tl) {
                if (!p.is_array() || p.size() != kPointFields)
                    continue;
                std::array<double, kPointFields> v{};
                bool ok = true;
                for (size_t k = 0; k < kPointFields; ++k) {
                    ok = ok && p[k].is_number();
                    v[k] = ok ? p[k].get<double>() : 0.0;
                }
                if (ok)
                    f.timeline.push_back(pointOf(v));
            }
        r.realtime.push_back(std::move(f));
    }
}

std::string realtimeToText(const SimulationResult &r)
{
    if (r.realtime.empty())
        return {};
    std::string out;
    char line[400];
    std::snprintf(line, sizeof line,
                  "\n%-20s %8s %9s %10s %10s %8s %8s %8s %7s %7s %7s %7s %7s %6s\n",
                  "realtime gateway", "conns", "msgs/s", "deliv/s", "fanout", "p50 ms",
                  "p99 ms", "dropped", "slow dc", "crash", "reconn", "recov", "lost", "order");
    out += line;
    for (const RealtimeFigures &g : r.realtime) {
        std::snprintf(line, sizeof line,
                      "%-20s %8lld %9.1f %10.1f %10.0f %8.1f %8.1f %8.0f %7.0f %7.0f %7.0f "
                      "%7.0f %7.0f %6.0f\n",
                      g.id.c_str(), static_cast<long long>(g.connections),
                      g.published_rps.value, g.deliveries_rps.value, g.fanout.value,
                      g.latency_p50_ms.value, g.latency_p99_ms.value, g.dropped.value,
                      g.slow_disconnects.value, g.crash_disconnects.value, g.reconnects.value,
                      g.recovered.value, g.lost.value, g.ordering_violations.value);
        out += line;
    }
    std::snprintf(line, sizeof line, "\n%-32s %10s %10s %10s %8s %9s %8s\n",
                  "realtime replica / client class", "conns", "deliv/s", "MB/s", "p99 ms",
                  "slow dc", "lost");
    out += line;
    for (const RealtimeFigures &g : r.realtime) {
        for (const RealtimeReplicaFigures &rf : g.replica_figures) {
            const std::string name = g.id + " #" + std::to_string(rf.replica);
            std::snprintf(line, sizeof line, "%-32s %10.0f %10.1f %10.3f\n", name.c_str(),
                          rf.connections_max.value, rf.deliveries_rps.value, rf.mbps.value);
            out += line;
        }
        for (const RealtimeClassFigures &cf : g.classes) {
            const std::string name = g.id + " " + cf.name;
            std::snprintf(line, sizeof line, "%-32s %10lld %10s %10s %8.1f %9.0f %8.0f\n",
                          name.c_str(), static_cast<long long>(cf.connections), "", "",
                          cf.latency_p99_ms.value, cf.slow_disconnects.value, cf.lost.value);
            out += line;
        }
    }
    return out;
}

void coarsenRealtime(SimulationResult &r, int step)
{
    if (step <= 1)
        return;
    for (RealtimeFigures &g : r.realtime) {
        std::vector<RealtimePoint> merged;
        for (size_t i = 0; i < g.timeline.size(); i += size_t(step)) {
            const size_t end = std::min(g.timeline.size(), i + size_t(step));
            std::array<double, kPointFields> sum{};
            for (size_t k = i; k < end; ++k) {
                const auto v = fieldsOf(g.timeline[k]);
                for (size_t f = 1; f + 1 < kPointFields; ++f)
                    sum[f] += v[f];
                sum[kPointFields - 1] = std::max(sum[kPointFields - 1], v[kPointFields - 1]);
            }
            for (size_t f = 1; f + 1 < kPointFields; ++f)
                sum[f] /= double(end - i);
            sum[0] = g.timeline[i].t_s;
            merged.push_back(pointOf(sum));
        }
        g.timeline = std::move(merged);
    }
}

} // namespace archsim::simulator
