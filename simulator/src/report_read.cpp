// Reads back the JSON that toJson() writes (stored runs, `archsim-cli simulate` output).

#include "archsim/simulator/simulation.h"

#include "figures.h"
#include "realtime/realtimereport.h"
#include "stream/streamreport.h"

#include <nlohmann/json.hpp>

namespace archsim::simulator {

namespace {

using Json = nlohmann::ordered_json; // keeps the model order of ids
using model::makeError;

// Reads the estimates of a figures struct from `obj` (nested as toJson writes them) and their
// intervals from `ci` under `path`. A missing figure stays 0 (older files lack newer figures).
template <typename Figures>
void readFigures(Figures &f, const Json &obj, const std::string &path, const Json &ci)
{
    forEachEstimate(f, std::string(), [&](const std::string &name, Estimate &e) {
        const auto dot = name.find('.');
        const auto last = name.rfind('.');
        const std::string classes = "cache.classes.";
        const Json *v = nullptr;
        auto child = [](const Json *o, const std::string &key) -> const Json * {
            if (!o || !o->is_object())
                return nullptr;
            const auto it = o->find(key);
            return it == o->end() ? nullptr : &*it;
        };
        if (dot == std::string::npos) {
            v = child(&obj, name);
        } else if (name.compare(0, classes.size(), classes) == 0) {
            // cache.classes.<name>.<figure>: the class name may hold dots (as toJson writes)
            v = child(child(child(child(&obj, "cache"), "classes"),
                            name.substr(classes.size(), last - classes.size())),
                      name.substr(last + 1));
        } else {
            v = child(child(&obj, name.substr(0, dot)), name.substr(dot + 1));
        }
        if (v && v->is_number())
            e.value = v->get<double>();
        const auto it = ci.find(path + name);
        if (it != ci.end() && it->is_array() && it->size() == 2 && (*it)[0].is_number() &&
            (*it)[1].is_number()) {
            e.low = (*it)[0].get<double>();
            e.high = (*it)[1].get<double>();
            e.hasInterval = true;
        }
    });
}

double num(const Json &o, const char *key, double fallback = 0)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : fallback;
}

// Reads {"id": value} in the order of `ids` (missing ids read 0).
std::vector<double> byIds(const Json &o, const char *key, const std::vector<std::string> &ids)
{
    std::vector<double> out;
    const auto it = o.find(key);
    if (it == o.end() || !it->is_object())
        return out;
    out.reserve(ids.size());
    for (const auto &id : ids)
        out.push_back(num(*it, id.c_str()));
    return out;
}

} // namespace

model::Result<SimulationResult> fromJson(const std::string &text)
{
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error &e) {
        return model::Diagnostics{makeError("byte " + std::to_string(e.byte), e.what())};
    }
    if (!j.is_object())
        return model::Diagnostics{makeError("", "a simulation result must be a JSON object")};
    for (const char *key : {"summary", "components", "links", "timeline"}) {
        if (!j.contains(key))
            return model::Diagnostics{makeError(std::string("/") + key, "missing")};
    }
    if (!j["components"].is_object() || !j["links"].is_object() || !j["timeline"].is_array())
        return model::Diagnostics{
            makeError("/components", "components and links must be objects, timeline an array")};
    try {
        SimulationResult r;
        const Json ci = j.value("ci95", Json::object());
        r.model = j.value("model", "");
        r.scenario = j.value("scenario", "");
        r.seed = j.value("seed", uint64_t(0));
        r.replications = j.value("replications", 0);
        r.duration_s = num(j, "duration_s");
        r.warmup_s = num(j, "warmup_s");
        r.timeline_step_s = num(j, "timeline_step_s", 1);
        r.events = j.value("events", uint64_t(0));
        r.wall_s = num(j, "wall_s");
        r.cancelled = j.value("cancelled", false);
        r.peakInFlight = j.value("peak_in_flight", uint64_t(0));
        readFigures(r.summary, j["summary"], "summary.", ci);
        if (j.contains("clients") && j["clients"].is_object()) {
            for (const auto &[id, v] : j["clients"].items()) {
                ClientFigures c;
                c.id = id;
                readFigures(c, v, "clients." + id + ".", ci);
                r.clients.push_back(std::move(c));
            }
        }
        std::vector<std::string> stations, caches, links;
        for (const auto &[id, v] : j["components"].items()) {
            ComponentFigures c;
            c.id = id;
            if (v.contains("cache")) {
                c.cache.emplace();
                caches.push_back(id);
                const Json &k = v["cache"];
                c.cache->pubsub = k.is_object() && k.contains("pubsub_delivered");
                if (k.is_object() && k.contains("classes") && k["classes"].is_object())
                    for (const auto &[name, figures] : k["classes"].items())
                        c.cache->classes.push_back(KeyClassFigures{name, {}, {}, {}});
            }
            readFigures(c, v, "components." + id + ".", ci);
            stations.push_back(id);
            r.components.push_back(std::move(c));
        }
        for (const auto &[id, v] : j["links"].items()) {
            LinkFigures l;
            l.id = id;
            readFigures(l, v, "links." + id + ".", ci);
            links.push_back(id);
            r.links.push_back(std::move(l));
        }
        if (j.contains("autoscaled") && j["autoscaled"].is_array())
            for (const auto &id : j["autoscaled"])
                r.autoscaled.push_back(id.get<std::string>());
        std::vector<std::string> sloClients;
        if (j.contains("slos") && j["slos"].is_object()) {
            for (const auto &[id, v] : j["slos"].items()) {
                SloFigures s;
                s.client = id;
                readFigures(s, v, "slos." + id + ".", ci);
                s.availability_objective = num(v, "availability_objective");
                s.latency_ms = num(v, "latency_ms");
                s.latency_objective = num(v, "latency_objective");
                s.met = v.value("met", false);
                sloClients.push_back(id);
                r.slos.push_back(std::move(s));
            }
        }
        std::vector<std::string> databases;
        if (j.contains("databases") && j["databases"].is_object()) {
            for (const auto &[id, v] : j["databases"].items()) {
                DatabaseDataFigures d;
                d.id = id;
                readFigures(d, v, "databases." + id + ".", ci);
                databases.push_back(id);
                r.databases.push_back(std::move(d));
            }
        }
        std::vector<std::string> jobs;
        if (j.contains("jobs") && j["jobs"].is_object()) {
            for (const auto &[id, v] : j["jobs"].items()) {
                JobFigures f;
                f.id = id;
                readFigures(f, v, "jobs." + id + ".", ci);
                jobs.push_back(id);
                r.jobs.push_back(std::move(f));
            }
        }
        std::vector<std::string> views;
        if (j.contains("views") && j["views"].is_object()) {
            for (const auto &[id, v] : j["views"].items()) {
                ViewFigures f;
                f.id = id;
                readFigures(f, v, "views." + id + ".", ci);
                views.push_back(id);
                r.views.push_back(std::move(f));
            }
        }
        if (j.contains("losses") && j["losses"].is_array()) {
            for (const auto &l : j["losses"]) {
                DataLoss d;
                d.t_s = num(l, "t_s");
                d.database = l.value("database", "");
                d.cause = l.value("cause", "");
                d.lost_writes = static_cast<uint64_t>(num(l, "lost_writes"));
                d.lost_span_s = num(l, "lost_span_s");
                d.rto_s = num(l, "rto_s", -1);
                d.rpo_estimate_s = num(l, "rpo_estimate_s");
                d.rto_estimate_s = num(l, "rto_estimate_s");
                r.losses.push_back(std::move(d));
            }
        }
        for (const auto &p : j["timeline"]) {
            TimelinePoint t;
            t.t_s = num(p, "t_s");
            t.offered_rps = num(p, "offered_rps");
            t.throughput_rps = num(p, "throughput_rps");
            t.error_rate = num(p, "error_rate");
            if (p.contains("errors")) {
                const Json &e = p["errors"];
                t.errors = {num(e, "rejected"), num(e, "timeout"), num(e, "refused"),
                            num(e, "short_circuited"), num(e, "unavailable"),
                            num(e, "rate_limited")};
            }
            t.p50_ms = num(p, "p50_ms");
            t.p95_ms = num(p, "p95_ms");
            t.p99_ms = num(p, "p99_ms");
            t.availability = num(p, "availability", 1);
            t.degraded_rps = num(p, "degraded_rps");
            t.work_rps = num(p, "work_rps");
            t.wasted_rps = num(p, "wasted_rps");
            t.utilization = byIds(p, "utilization", stations);
            t.arrival_rps = byIds(p, "arrival_rps", stations);
            t.cache_hit_ratio = byIds(p, "cache_hit_ratio", caches);
            t.link_rps = byIds(p, "link_rps", links);
            t.replicas = byIds(p, "replicas", r.autoscaled);
            t.burn_rate = byIds(p, "burn_rate", sloClients);
            if (p.contains("replica_lag_ms"))
                t.replica_lag_ms = byIds(p, "replica_lag_ms", databases);
            if (p.contains("job_staleness_s"))
                t.job_staleness_s = byIds(p, "job_staleness_s", jobs);
            if (p.contains("view_staleness_s"))
                t.view_staleness_s = byIds(p, "view_staleness_s", views);
            if (p.contains("stale_read_share"))
                t.stale_read_share = byIds(p, "stale_read_share", databases);
            r.timeline.push_back(std::move(t));
        }
        if (j.contains("changes") && j["changes"].is_array()) {
            for (const auto &c : j["changes"]) {
                StateChange s;
                s.t_s = num(c, "t_s");
                s.kind = c.value("kind", "");
                s.target = c.value("target", "");
                s.replica = c.value("replica", -1);
                s.note = c.value("note", "");
                r.changes.push_back(std::move(s));
            }
        }
        streamsFromJson(j, ci, r);
        realtimeFromJson(j, ci, r);
        return r;
    } catch (const Json::exception &e) {
        return model::Diagnostics{makeError("", std::string("unexpected JSON: ") + e.what())};
    }
}

} // namespace archsim::simulator
