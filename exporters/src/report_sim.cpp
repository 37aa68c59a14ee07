// The simulation section of the report, from `simulate --format json` documents.

#include "charts.h"
#include "report_internal.h"
#include "svg.h"

#include "archsim/model/runstore.h"

#include <cmath>
#include <limits>

namespace archsim::exporters {

namespace {

using nlohmann::json;

double number(const json &j, const char *key)
{
    if (!j.is_object())
        return std::numeric_limits<double>::quiet_NaN();
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>()
                                            : std::numeric_limits<double>::quiet_NaN();
}

} // namespace

model::Result<std::vector<SimulationRun>> storedReportRuns(const std::string &path, int count,
                                                           model::Diagnostics *warnings)
{
    std::vector<SimulationRun> out;
    if (count <= 0)
        return out;
    auto runs = model::listRuns(path);
    if (!runs.ok())
        return runs.diagnostics();
    const auto &all = runs.value();
    const size_t first = all.size() > size_t(count) ? all.size() - size_t(count) : 0;
    for (size_t i = first; i < all.size(); ++i) {
        const auto &rec = all[i];
        const std::string name = "stored run " + std::to_string(rec.id);
        auto run = parseSimulationRun(rec.results_json, path);
        if (!run.ok()) { // a run from another tool version: say so, keep the others
            if (warnings) {
                model::Diagnostic d;
                d.severity = model::Diagnostic::Severity::Warning;
                d.file = path;
                d.message = name + " skipped: " + run.message();
                warnings->push_back(std::move(d));
            }
            continue;
        }
        run->label = (rec.label.empty() ? name : rec.label)
            + (rec.created_at.empty() ? "" : " (" + rec.created_at + ")");
        out.push_back(std::move(run).value());
    }
    return out;
}

model::Result<SimulationRun> parseSimulationRun(const std::string &text, const std::string &file)
{
    json j = json::parse(text, nullptr, false);
    auto error = [&](std::string place, std::string message) {
        model::Diagnostic d = model::makeError(std::move(place), std::move(message));
        d.file = file;
        return model::Result<SimulationRun>(model::Diagnostics{d});
    };
    if (j.is_discarded())
        return error({}, "not a JSON document (expected the output of "
                         "'archsim-cli simulate --format json')");
    if (!j.is_object())
        return error("", "expected a JSON object");
    auto needObject = [&](const json &parent, const char *key) {
        auto it = parent.find(key);
        return it != parent.end() && it->is_object();
    };
    if (!needObject(j, "summary"))
        return error("/summary", "missing object 'summary' (is this simulate JSON?)");
    if (!needObject(j["summary"], "latency_ms"))
        return error("/summary/latency_ms", "missing object 'latency_ms'");
    for (const char *k : {"p50", "p99"})
        if (!j["summary"]["latency_ms"].contains(k) || !j["summary"]["latency_ms"][k].is_number())
            return error(std::string("/summary/latency_ms/") + k, "expected a number");
    if (j.contains("components") && !j["components"].is_object())
        return error("/components", "expected an object of components by id");
    if (j.contains("timeline") && !j["timeline"].is_array())
        return error("/timeline", "expected an array");
    SimulationRun run;
    run.label = file;
    run.data = std::move(j);
    return run;
}

namespace report {

namespace {

std::string runSection(const SimulationRun &run, size_t index)
{
    const json &d = run.data;
    const json &s = d["summary"];
    const json &lat = s["latency_ms"];
    std::string o = "<h3>Run " + std::to_string(index + 1) + ": " + h(run.label) + "</h3>";
    std::string scenario = "nominal load";
    if (d.contains("scenario") && d["scenario"].is_string()
        && !d["scenario"].get<std::string>().empty())
        scenario = "scenario " + d["scenario"].get<std::string>();
    o += "<p class=\"muted\">" + h(scenario)
        + " · seed " + (d.contains("seed") ? h(d["seed"].dump()) : std::string("?"))
        + " · " + fmt(number(d, "duration_s"), 0) + " s simulated, warm-up "
        + fmt(number(d, "warmup_s"), 0) + " s · " + fmt(number(d, "replications"), 0)
        + " replication(s)</p>";
    o += "<div class=\"cards\">";
    auto card = [&](const std::string &v, const std::string &k, bool bad = false) {
        o += std::string("<div class=\"card") + (bad ? " bad" : "") + "\"><div class=\"v\">"
            + h(v) + "</div><div class=\"k\">" + h(k) + "</div></div>";
    };
    card(fmt(number(s, "throughput_rps"), 1), "throughput (rps)");
    const double er = number(s, "error_rate");
    card(fmt(er * 100, 2) + "%", "error rate", er > 0.01);
    card(fmt(number(lat, "p50"), 1) + " ms", "p50 latency");
    card(fmt(number(lat, "p99"), 1) + " ms", "p99 latency");
    card(fmt(number(s, "requests"), 0), "requests");
    o += "</div><div class=\"charts\">";
    std::vector<charts::Bar> pct;
    for (const char *k : {"mean", "p50", "p90", "p95", "p99", "p999", "max"})
        if (std::isfinite(number(lat, k)))
            pct.push_back({k, number(lat, k), ""});
    o += charts::barChart("End-to-end latency", pct, " ms");
    if (d.contains("components") && d["components"].is_object()) {
        std::vector<charts::Bar> util;
        for (const auto &[id, c] : d["components"].items()) {
            const double u = number(c, "utilization");
            if (std::isfinite(u))
                util.push_back({id, u * 100, u >= 1 ? "bad" : u >= 0.8 ? "warn" : ""});
        }
        if (!util.empty())
            o += charts::barChart("Utilization per component", util, "%", 100);
    }
    if (d.contains("timeline") && d["timeline"].is_array() && !d["timeline"].empty()) {
        std::vector<double> t;
        charts::Series thr{"throughput rps", {}, "s1"}, p99{"p99 ms", {}, "s2"},
            p50{"p50 ms", {}, "s3"};
        for (const auto &pt : d["timeline"]) {
            t.push_back(number(pt, "t_s"));
            thr.ys.push_back(number(pt, "throughput_rps"));
            p99.ys.push_back(number(pt, "p99_ms"));
            p50.ys.push_back(number(pt, "p50_ms"));
        }
        o += charts::lineChart("Throughput over time", t, {thr}, "simulated time (s)", "rps");
        o += charts::lineChart("Latency over time", t, {p50, p99}, "simulated time (s)", "ms");
    }
    o += "</div>";
    if (d.contains("ci95") && d["ci95"].is_object() && !d["ci95"].empty()) {
        // The summary figures with their intervals (per-component intervals stay in the JSON).
        std::string rows;
        for (const auto &[k, v] : d["ci95"].items()) {
            if (k.rfind("summary.", 0) != 0 || !v.is_array() || v.size() != 2
                || !v[0].is_number() || !v[1].is_number())
                continue;
            const json *value = &d;
            size_t from = 0;
            for (size_t dot; value && from <= k.size(); from = dot + 1) {
                dot = k.find('.', from);
                if (dot == std::string::npos)
                    dot = k.size();
                const std::string part = k.substr(from, dot - from);
                value = value->is_object() && value->contains(part) ? &(*value)[part] : nullptr;
            }
            rows += "<tr><td><code>" + h(k.substr(8)) + "</code></td><td class=\"num\">"
                + (value && value->is_number() ? svg::num(value->get<double>()) : std::string())
                + "</td><td class=\"num\">" + svg::num(v[0].get<double>()) + " – "
                + svg::num(v[1].get<double>()) + "</td></tr>";
        }
        if (!rows.empty())
            o += "<table><thead><tr><th>Summary figure</th><th class=\"num\">Mean</th>"
                 "<th class=\"num\">95% interval</th></tr></thead><tbody>" + rows
                + "</tbody></table>";
    }
    return o;
}

} // namespace

std::string simulationSection(const ReportOptions &options)
{
    if (options.runs.empty())
        return {};
    std::string o = "<section id=\"simulation\"><h2>Simulation</h2>";
    for (size_t i = 0; i < options.runs.size(); ++i)
        o += runSection(options.runs[i], i);
    return o + "</section>\n";
}

} // namespace report

} // namespace archsim::exporters
