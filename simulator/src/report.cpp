// JSON and text renderings of a SimulationResult.

#include "archsim/simulator/simulation.h"

#include "figures.h"
#include "realtime/realtimereport.h"
#include "stream/streamreport.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace archsim::simulator {

namespace {

using Json = nlohmann::ordered_json;

// Writes the values of a figures struct as nested objects ("latency_ms": {...}) and adds each
// interval to `ci` under its dotted path.
template <typename Figures>
Json figuresJson(Figures &f, const std::string &path, Json &ci)
{
    Json out = Json::object();
    forEachEstimate(f, std::string(), [&](const std::string &name, Estimate &e) {
        const auto dot = name.find('.');
        const auto last = name.rfind('.');
        const std::string classes = "cache.classes.";
        if (dot == std::string::npos)
            out[name] = e.value;
        else if (name.compare(0, classes.size(), classes) == 0)
            // cache.classes.<name>.<figure>: the class name may hold dots
            out["cache"]["classes"][name.substr(classes.size(), last - classes.size())]
               [name.substr(last + 1)] = e.value;
        else
            out[name.substr(0, dot)][name.substr(dot + 1)] = e.value;
        if (e.hasInterval)
            ci[path + name] = Json::array({e.low, e.high});
    });
    return out;
}

std::string fmt(const char *format, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

} // namespace

std::string toJson(const SimulationResult &constResult, bool withWallTime)
{
    SimulationResult r = constResult; // forEachEstimate visits mutable figures
    Json ci = Json::object();
    Json j;
    j["model"] = r.model;
    j["scenario"] = r.scenario;
    j["seed"] = r.seed;
    j["replications"] = r.replications;
    j["duration_s"] = r.duration_s;
    j["warmup_s"] = r.warmup_s;
    j["events"] = r.events;
    if (withWallTime)
        j["wall_s"] = r.wall_s;
    j["cancelled"] = r.cancelled;
    j["peak_in_flight"] = r.peakInFlight;
    j["summary"] = figuresJson(r.summary, "summary.", ci);
    Json clients = Json::object();
    for (auto &c : r.clients)
        clients[c.id] = figuresJson(c, "clients." + c.id + ".", ci);
    j["clients"] = clients;
    Json comps = Json::object();
    for (auto &c : r.components)
        comps[c.id] = figuresJson(c, "components." + c.id + ".", ci);
    j["components"] = comps;
    Json links = Json::object();
    for (auto &l : r.links)
        links[l.id] = figuresJson(l, "links." + l.id + ".", ci);
    j["links"] = links;
    Json timeline = Json::array();
    for (const auto &p : r.timeline) {
        Json u = Json::object();
        for (size_t k = 0; k < p.utilization.size() && k < r.components.size(); ++k)
            u[r.components[k].id] = p.utilization[k];
        Json a = Json::object();
        for (size_t k = 0; k < p.arrival_rps.size() && k < r.components.size(); ++k)
            a[r.components[k].id] = p.arrival_rps[k];
        Json point = {{"t_s", p.t_s},
                      {"offered_rps", p.offered_rps},
                      {"throughput_rps", p.throughput_rps},
                      {"error_rate", p.error_rate},
                      {"errors", {{"rejected", p.errors.rejected},
                                  {"timeout", p.errors.timeout},
                                  {"refused", p.errors.refused},
                                  {"short_circuited", p.errors.short_circuited},
                                  {"unavailable", p.errors.unavailable},
                                  {"rate_limited", p.errors.rate_limited}}},
                      {"p50_ms", p.p50_ms},
                      {"p95_ms", p.p95_ms},
                      {"p99_ms", p.p99_ms},
                      {"availability", p.availability},
                      {"degraded_rps", p.degraded_rps},
                      {"work_rps", p.work_rps},
                      {"wasted_rps", p.wasted_rps},
                      {"utilization", u},
                      {"arrival_rps", a}};
        if (!p.cache_hit_ratio.empty()) {
            Json h = Json::object();
            size_t k = 0;
            for (const auto &c : r.components)
                if (c.cache && k < p.cache_hit_ratio.size())
                    h[c.id] = p.cache_hit_ratio[k++];
            point["cache_hit_ratio"] = h;
        }
        Json lr = Json::object();
        for (size_t k = 0; k < p.link_rps.size() && k < r.links.size(); ++k)
            lr[r.links[k].id] = p.link_rps[k];
        point["link_rps"] = lr;
        if (!r.autoscaled.empty()) {
            Json rep = Json::object();
            for (size_t k = 0; k < p.replicas.size() && k < r.autoscaled.size(); ++k)
                rep[r.autoscaled[k]] = p.replicas[k];
            point["replicas"] = rep;
        }
        if (!r.slos.empty()) {
            Json burn = Json::object();
            for (size_t k = 0; k < p.burn_rate.size() && k < r.slos.size(); ++k)
                burn[r.slos[k].client] = p.burn_rate[k];
            point["burn_rate"] = burn;
        }
        if (!p.replica_lag_ms.empty()) {
            Json lag = Json::object();
            for (size_t k = 0; k < p.replica_lag_ms.size() && k < r.databases.size(); ++k)
                lag[r.databases[k].id] = p.replica_lag_ms[k];
            point["replica_lag_ms"] = lag;
        }
        if (!p.job_staleness_s.empty()) {
            Json st = Json::object();
            for (size_t k = 0; k < p.job_staleness_s.size() && k < r.jobs.size(); ++k)
                st[r.jobs[k].id] = p.job_staleness_s[k];
            point["job_staleness_s"] = st;
        }
        if (!p.view_staleness_s.empty()) {
            Json st = Json::object();
            for (size_t k = 0; k < p.view_staleness_s.size() && k < r.views.size(); ++k)
                st[r.views[k].id] = p.view_staleness_s[k];
            point["view_staleness_s"] = st;
        }
        if (!p.stale_read_share.empty()) {
            Json sh = Json::object();
            for (size_t k = 0; k < p.stale_read_share.size() && k < r.databases.size(); ++k)
                sh[r.databases[k].id] = p.stale_read_share[k];
            point["stale_read_share"] = sh;
        }
        timeline.push_back(std::move(point));
    }
    if (!r.slos.empty()) {
        Json slos = Json::object();
        for (auto &s : r.slos) {
            Json o = figuresJson(s, "slos." + s.client + ".", ci);
            o["availability_objective"] = s.availability_objective;
            o["latency_ms"] = s.latency_ms;
            o["latency_objective"] = s.latency_objective;
            o["met"] = s.met;
            slos[s.client] = std::move(o);
        }
        j["slos"] = slos;
    }
    if (!r.autoscaled.empty())
        j["autoscaled"] = r.autoscaled;
    if (!r.databases.empty()) {
        Json dbs = Json::object();
        for (auto &d : r.databases)
            dbs[d.id] = figuresJson(d, "databases." + d.id + ".", ci);
        j["databases"] = dbs;
    }
    if (!r.jobs.empty()) {
        Json jobs = Json::object();
        for (auto &jf : r.jobs)
            jobs[jf.id] = figuresJson(jf, "jobs." + jf.id + ".", ci);
        j["jobs"] = jobs;
    }
    if (!r.views.empty()) {
        Json views = Json::object();
        for (auto &vf : r.views)
            views[vf.id] = figuresJson(vf, "views." + vf.id + ".", ci);
        j["views"] = views;
    }
    if (!r.losses.empty()) {
        Json losses = Json::array();
        for (const DataLoss &l : r.losses)
            losses.push_back({{"t_s", l.t_s}, {"database", l.database}, {"cause", l.cause},
                              {"lost_writes", l.lost_writes}, {"lost_span_s", l.lost_span_s},
                              {"rto_s", l.rto_s}, {"rpo_estimate_s", l.rpo_estimate_s},
                              {"rto_estimate_s", l.rto_estimate_s}});
        j["losses"] = losses;
    }
    if (r.timeline_step_s != 1)
        j["timeline_step_s"] = r.timeline_step_s; // written only for a coarsened timeline
    j["timeline"] = timeline;
    Json changes = Json::array();
    for (const auto &c : r.changes) {
        Json e = {{"t_s", c.t_s}, {"kind", c.kind}, {"target", c.target}};
        if (c.replica >= 0)
            e["replica"] = c.replica;
        if (!c.note.empty())
            e["note"] = c.note;
        changes.push_back(std::move(e));
    }
    j["changes"] = changes;
    streamsToJson(r, j, ci);
    realtimeToJson(r, j, ci);
    j["ci95"] = ci;
    return j.dump(2) + "\n";
}

std::string toText(const SimulationResult &r)
{
    std::string out;
    auto interval = [](const Estimate &e, const char *format) {
        if (!e.hasInterval)
            return std::string();
        return " [" + fmt(format, e.low) + ", " + fmt(format, e.high) + "]";
    };
    out += "model " + (r.model.empty() ? std::string("(unnamed)") : r.model) + ", scenario " +
           (r.scenario.empty() ? std::string("(nominal load)") : r.scenario) + "\n";
    out += "seed " + std::to_string(r.seed) + ", " + std::to_string(r.replications) +
           " replication(s) of " + fmt("%g", r.duration_s) + " s (warm-up " +
           fmt("%g", r.warmup_s) + " s), " + std::to_string(r.events) + " events in " +
           fmt("%.2f", r.wall_s) + " s" + (r.cancelled ? " (CANCELLED)" : "") + "\n\n";
    const SummaryFigures &s = r.summary;
    out += "requests      " + fmt("%.0f", s.requests.value) + "  (succeeded " +
           fmt("%.0f", s.succeeded.value) + ", degraded " + fmt("%.0f", s.degraded.value) +
           ", failed " + fmt("%.0f", s.failed.value) + ")\n";
    out += "throughput    " + fmt("%.1f", s.throughput_rps.value) + " rps" +
           interval(s.throughput_rps, "%.1f") + "  (offered " + fmt("%.1f", s.offered_rps.value) +
           " rps)\n";
    out += "error rate    " + fmt("%.4f", s.error_rate.value) + interval(s.error_rate, "%.4f") +
           "  (rejected " + fmt("%.0f", s.errors.rejected.value) + ", timeout " +
           fmt("%.0f", s.errors.timeout.value) + ", refused " +
           fmt("%.0f", s.errors.refused.value) + ", short-circuited " +
           fmt("%.0f", s.errors.short_circuited.value) + ", unavailable " +
           fmt("%.0f", s.errors.unavailable.value) + ", rate-limited " +
           fmt("%.0f", s.errors.rate_limited.value) + ")\n";
    out += "availability  " + fmt("%.4f", s.availability.value) +
           interval(s.availability, "%.4f") + "  (station work " + fmt("%.1f", s.work_rps.value) +
           " visits/s, wasted " + fmt("%.1f", s.wasted_rps.value) + ")\n";
    const LatencyFigures &l = s.latency_ms;
    out += "latency ms    mean " + fmt("%.3f", l.mean.value) + interval(l.mean, "%.3f") +
           "  p50 " + fmt("%.3f", l.p50.value) + "  p90 " + fmt("%.3f", l.p90.value) +
           "  p99 " + fmt("%.3f", l.p99.value) + interval(l.p99, "%.3f") + "  p99.9 " +
           fmt("%.3f", l.p999.value) + "  max " + fmt("%.3f", l.max.value) + "\n\n";
    char line[256];
    if (r.clients.size() > 1) {
        std::snprintf(line, sizeof line, "%-24s %10s %9s %9s %9s %9s\n", "client", "requests",
                      "rps", "errors", "mean ms", "p99 ms");
        out += line;
        for (const auto &c : r.clients) {
            const SummaryFigures &f = c.figures;
            std::snprintf(line, sizeof line, "%-24s %10.0f %9.1f %9.4f %9.3f %9.3f\n",
                          c.id.c_str(), f.requests.value, f.throughput_rps.value,
                          f.error_rate.value, f.latency_ms.mean.value, f.latency_ms.p99.value);
            out += line;
        }
        out += "\n";
    }
    std::snprintf(line, sizeof line, "%-24s %10s %9s %7s %9s %9s %9s %9s\n", "component",
                  "arrivals", "rps", "util", "queue", "rejected", "mean ms", "p99 ms");
    out += line;
    for (const auto &c : r.components) {
        std::snprintf(line, sizeof line, "%-24s %10.0f %9.1f %7.3f %9.2f %9.0f %9.3f %9.3f%s\n",
                      c.id.c_str(), c.arrivals.value, c.throughput_rps.value,
                      c.utilization.value, c.queue_mean.value, c.rejected.value,
                      c.latency_ms.mean.value, c.latency_ms.p99.value,
                      c.utilization.value >= 0.95 ? "  << saturated" : "");
        out += line;
    }
    bool resilience = false;
    for (const auto &l : r.links)
        resilience = resilience || l.retries.value > 0 || l.timeouts.value > 0 ||
                     l.short_circuited.value > 0 || l.breaker_open_s.value > 0;
    if (resilience) {
        std::snprintf(line, sizeof line, "\n%-32s %10s %9s %8s %9s %9s %9s\n", "link", "calls",
                      "failures", "retries", "timeouts", "short-c.", "open s");
        out += line;
        for (const auto &l : r.links) {
            std::snprintf(line, sizeof line, "%-32s %10.0f %9.0f %8.0f %9.0f %9.0f %9.1f\n",
                          l.id.c_str(), l.calls.value, l.failures.value, l.retries.value,
                          l.timeouts.value, l.short_circuited.value, l.breaker_open_s.value);
            out += line;
        }
    }
    if (!r.changes.empty()) {
        out += "\nstate changes (replication 0)\n";
        const size_t shown = std::min<size_t>(r.changes.size(), 40);
        for (size_t i = 0; i < shown; ++i) {
            const auto &c = r.changes[i];
            out += fmt("%10.3f s  ", c.t_s) + c.kind + " " + c.target +
                   (c.replica >= 0 ? " replica " + std::to_string(c.replica) : "") +
                   (c.kind.rfind("scale_", 0) == 0 ? ": " + c.note : "") + "\n";
        }
        if (shown < r.changes.size())
            out += "... and " + std::to_string(r.changes.size() - shown) + " more\n";
    }
    bool header = false;
    for (const auto &c : r.components) {
        if (!c.cache)
            continue;
        if (!header) {
            std::snprintf(line, sizeof line, "\n%-24s %9s %9s %11s %11s %10s %10s %10s %10s\n",
                          "cache", "hit", "stale", "stale p50", "stale p99", "evictions",
                          "expired", "fills", "fell thr.");
            out += line;
            header = true;
        }
        const CacheFigures &k = *c.cache;
        std::snprintf(line, sizeof line,
                      "%-24s %9.4f %9.4f %9.1fms %9.1fms %10.0f %10.0f %10.0f %10.0f\n",
                      c.id.c_str(), k.hit_ratio.value, k.stale_ratio.value,
                      k.stale_age_ms_p50.value, k.stale_age_ms_p99.value, k.evictions.value,
                      k.expirations.value, k.fills.value, k.fallthroughs.value);
        out += line;
    }
    header = false;
    for (const auto &c : r.components) {
        if (!c.cache)
            continue;
        for (const KeyClassFigures &k : c.cache->classes) {
            if (!header) {
                std::snprintf(line, sizeof line, "\n%-40s %10s %9s %9s\n", "cache / key class",
                              "lookups", "stale", "hit");
                out += line;
                header = true;
            }
            const std::string name = c.id + " / " + k.name;
            std::snprintf(line, sizeof line, "%-40s %10.0f %9.4f %9.4f%s\n", name.c_str(),
                          k.lookups.value, k.stale_ratio.value, k.hit_ratio.value,
                          interval(k.hit_ratio, "%.4f").c_str());
            out += line;
        }
    }
    out += streamsToText(r);
    out += realtimeToText(r);
    if (!r.slos.empty()) {
        std::snprintf(line, sizeof line, "\n%-24s %12s %9s %12s %9s %9s %9s %4s\n", "slo",
                      "available", "objective", "in latency", "objective", "burn", "lat.burn",
                      "met");
        out += line;
        for (const SloFigures &s : r.slos) {
            const bool lat = s.latency_ms > 0;
            std::snprintf(line, sizeof line, "%-24s %12.5f %9.5f %12s %9s %9.2f %9s %4s\n",
                          s.client.c_str(), s.availability.value, s.availability_objective,
                          lat ? fmt("%.4f", s.latency_attainment.value).c_str() : "-",
                          lat ? fmt("%.4f", s.latency_objective).c_str() : "-",
                          s.availability_burn.value,
                          lat ? fmt("%.2f", s.latency_burn.value).c_str() : "-",
                          s.met ? "yes" : "no");
            out += line;
        }
    }
    for (const DatabaseDataFigures &d : r.databases) {
        if (d.writes.value == 0 && d.replica_reads.value == 0)
            continue;
        out += "database " + d.id + ": " + fmt("%.0f", d.writes.value) + " writes, replica lag " +
               fmt("%.1f", d.lag_ms_mean.value) + " ms mean (p99 " +
               fmt("%.1f", d.lag_ms_p99.value) + " ms), " + fmt("%.0f", d.replica_reads.value) +
               " replica reads, " + fmt("%.0f", d.stale_reads.value) + " stale (" +
               fmt("%.4f", d.stale_share.value) + "), " + fmt("%.0f", d.lost_writes.value) +
               " writes lost\n";
    }
    for (const JobFigures &jf : r.jobs)
        out += "job " + jf.id + ": " + fmt("%.0f", jf.runs.value) + " runs (" +
               fmt("%.0f", jf.skipped.value) + " skipped), run " +
               fmt("%.2f", jf.run_s_mean.value) + " s mean (p95 " +
               fmt("%.2f", jf.run_s_p95.value) + " s, max " + fmt("%.2f", jf.run_s_max.value) +
               " s), " + fmt("%.0f", jf.rows.value) + " rows moved, " +
               fmt("%.0f", jf.failed_batches.value) + " failed batches; sink staleness " +
               fmt("%.1f", jf.staleness_s_mean.value) + " s mean, " +
               fmt("%.1f", jf.staleness_s_max.value) + " s max\n";
    for (const ViewFigures &v : r.views) {
        out += "view " + v.id + ": " + fmt("%.0f", v.refreshes.value) + " refreshes (" +
               fmt("%.0f", v.skipped.value) + " skipped, " + fmt("%.0f", v.failed.value) +
               " failed), refresh " + fmt("%.2f", v.refresh_s_mean.value) + " s mean (p95 " +
               fmt("%.2f", v.refresh_s_p95.value) + " s, max " +
               fmt("%.2f", v.refresh_s_max.value) + " s); staleness " +
               fmt("%.1f", v.staleness_s_mean.value) + " s mean, " +
               fmt("%.1f", v.staleness_s_max.value) + " s max";
        if (v.reads.value > 0)
            out += "; " + fmt("%.0f", v.reads.value) + " reads saw rows " +
                   fmt("%.1f", v.read_age_s_mean.value) + " s old on average (max " +
                   fmt("%.1f", v.read_age_s_max.value) + " s), " +
                   fmt("%.0f", v.blocked_reads.value) + " blocked by a refresh" +
                   (v.blocked_reads.value > 0
                        ? " (wait " + fmt("%.0f", v.blocked_wait_ms_mean.value) + " ms mean, " +
                              fmt("%.0f", v.blocked_wait_ms_max.value) + " ms max)"
                        : std::string());
        out += "\n";
    }
    for (const DataLoss &l : r.losses)
        out += fmt("%.1f", l.t_s) + " s " + l.cause + " on " + l.database + ": " +
               std::to_string(l.lost_writes) + " acknowledged writes lost (RPO " +
               fmt("%.3f", l.lost_span_s) + " s, estimate " + fmt("%.3f", l.rpo_estimate_s) +
               " s), RTO " + (l.rto_s < 0 ? std::string("not recovered") :
                              fmt("%.3f", l.rto_s) + " s") +
               " (estimate " + fmt("%.3f", l.rto_estimate_s) + " s)\n";
    for (const auto &c : r.components)
        if (std::find(r.autoscaled.begin(), r.autoscaled.end(), c.id) != r.autoscaled.end())
            out += "autoscaled " + c.id + ": " + fmt("%.2f", c.replicas.value) +
                   " replicas on average, utilization " + fmt("%.3f", c.utilization.value) +
                   "\n";
    return out;
}

} // namespace archsim::simulator
