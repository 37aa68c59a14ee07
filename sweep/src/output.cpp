// A sweep's result as JSON, CSV and text; reading parts back and merging them
// (docs/sweeps.md, "Output" and "Sharding").

#include "archsim/sweep/sweep.h"

#include "jsonplace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace archsim::sweep {

namespace {

bool isFeasible(const OrderedJson &p)
{
    return p.value("verdict", std::string()) == "feasible";
}

double costOf(const OrderedJson &p)
{
    const auto it = p.find("cost_month");
    return it != p.end() && it->is_number() ? it->get<double>() : NAN;
}

// Returns the point's mean of `metric` in `scenario`, or NaN.
double figureOf(const OrderedJson &p, const std::string &scenario, const std::string &metric)
{
    const auto sc = p.find("scenarios");
    if (sc == p.end())
        return NAN;
    for (const auto &s : *sc)
        if (s.value("scenario", std::string()) == scenario) {
            const auto &f = s["figures"];
            if (f.contains(metric) && f[metric]["mean"].is_number())
                return f[metric]["mean"].get<double>();
        }
    return NAN;
}

std::optional<size_t> cheapestOf(const std::vector<OrderedJson> &points)
{
    std::optional<size_t> best;
    double bestCost = 0;
    for (size_t i = 0; i < points.size(); ++i) {
        const double c = costOf(points[i]);
        if (!isFeasible(points[i]) || std::isnan(c))
            continue;
        if (!best || c < bestCost) {
            best = i;
            bestCost = c;
        }
    }
    return best;
}

// Returns the point indexes (not positions) on the front of cost vs the goal's figure.
std::vector<size_t> frontOf(const SweepResult &r)
{
    const auto &goal = r.header["goal"];
    const std::string scenario = goal["scenario"].get<std::string>();
    const std::string metric = goal["metric"].get<std::string>();
    const bool higher = metric == "availability" || metric == "throughput_rps";
    std::vector<ParetoCandidate> candidates;
    for (const auto &p : r.points) {
        const double c = costOf(p), f = figureOf(p, scenario, metric);
        if (isFeasible(p) && !std::isnan(c) && !std::isnan(f))
            candidates.push_back({p["index"].get<size_t>(), c, higher ? -f : f});
    }
    return paretoFront(std::move(candidates));
}

OrderedJson assemble(const SweepResult &r)
{
    OrderedJson doc = r.header;
    if (r.shardCount > 1)
        doc["shard"] = {{"index", r.shardIndex}, {"count", r.shardCount}};
    doc["partial"] = r.partial;
    doc["points"] = r.points;
    std::map<std::string, size_t> counts;
    size_t replications = 0;
    for (const auto &p : r.points) {
        ++counts[p.value("verdict", std::string())];
        replications += p.value("replications", size_t(0));
    }
    OrderedJson &s = doc["summary"];
    s["points"] = r.points.size();
    for (const char *v : {"feasible", "infeasible", "pruned", "invalid"})
        s[v] = counts[v];
    s["replications"] = replications;
    s["full_grid_replications"] = r.points.size() * r.header["scenarios"].size()
        * r.header["run"]["replications"].get<size_t>();
    const auto cheapest = cheapestOf(r.points);
    if (cheapest) {
        const auto &p = r.points[*cheapest];
        doc["cheapest"] = {{"index", p["index"]}, {"values", p["values"]},
                           {"cost_month", p["cost_month"]}};
    } else {
        doc["cheapest"] = nullptr;
    }
    doc["pareto"] = frontOf(r);
    return doc;
}

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string valueText(const OrderedJson &v)
{
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string numberText(double v, const char *format = "%.6g")
{
    if (std::isnan(v))
        return {};
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

const char *const kCsvFigures[] = {"p50_ms", "p99_ms", "availability", "error_rate"};

model::Result<SweepResult> fail(const std::string &file, std::string place, std::string message)
{
    model::Diagnostic d = model::makeError(std::move(place), std::move(message));
    d.file = file;
    return model::Diagnostics{d};
}

// The header as the parts share it: everything but the shard, the points and what follows.
OrderedJson sharedHeader(const OrderedJson &doc)
{
    OrderedJson h;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (it.key() == "shard" || it.key() == "partial")
            continue;
        if (it.key() == "points")
            break;
        h[it.key()] = it.value();
    }
    return h;
}

} // namespace

std::vector<size_t> paretoFront(std::vector<ParetoCandidate> c)
{
    std::sort(c.begin(), c.end(), [](const ParetoCandidate &a, const ParetoCandidate &b) {
        if (a.cost != b.cost)
            return a.cost < b.cost;
        if (a.figure != b.figure)
            return a.figure < b.figure;
        return a.index < b.index;
    });
    // Walking by cost, a candidate is on the front when its figure beats every cheaper one's;
    // one equal to the last kept candidate on both is not dominated either.
    std::vector<size_t> out;
    const ParetoCandidate *last = nullptr;
    for (const auto &x : c) {
        const bool better = !last || x.figure < last->figure;
        const bool equal = last && x.figure == last->figure && x.cost == last->cost;
        if (better || equal) {
            out.push_back(x.index);
            if (better)
                last = &x;
        }
    }
    return out;
}

std::string toJson(const SweepResult &result)
{
    return assemble(result).dump(2) + "\n";
}

std::string toCsv(const SweepResult &result)
{
    const OrderedJson doc = assemble(result);
    std::set<size_t> front;
    for (const auto &i : doc["pareto"])
        front.insert(i.get<size_t>());
    const OrderedJson cheapest = doc["cheapest"];
    std::string out = "index";
    for (const auto &p : doc["parameters"])
        out += "," + csvField(p["name"].get<std::string>());
    out += ",verdict,reason,cost_month";
    for (const auto &s : doc["scenarios"])
        for (const char *f : kCsvFigures)
            out += "," + csvField(s.get<std::string>() + ":" + f);
    out += ",pareto,cheapest\n";
    for (const auto &p : doc["points"]) {
        const size_t index = p["index"].get<size_t>();
        out += std::to_string(index);
        for (const auto &v : p["values"])
            out += "," + csvField(valueText(v));
        out += "," + p["verdict"].get<std::string>() + "," +
               csvField(p["reason"].get<std::string>()) + "," +
               numberText(costOf(p), "%.2f");
        for (const auto &s : doc["scenarios"])
            for (const char *f : kCsvFigures)
                out += "," + numberText(figureOf(p, s.get<std::string>(), f));
        out += front.count(index) ? ",1" : ",0";
        out += !cheapest.is_null() && cheapest["index"].get<size_t>() == index ? ",1\n" : ",0\n";
    }
    return out;
}

std::string toText(const SweepResult &result)
{
    const OrderedJson doc = assemble(result);
    const std::string currency = doc["currency"].get<std::string>();
    std::string out = "Sweep '" + doc["spec"].get<std::string>() + "' of model '" +
                      doc["model"].get<std::string>() + "': " +
                      std::to_string(doc["points"].size()) + " of " +
                      std::to_string(doc["points_total"].get<size_t>()) + " points" +
                      (result.partial ? " (interrupted: partial)" : "") + "\n";
    out += "Objectives (" + doc["objectives_from"].get<std::string>() + "):\n";
    if (doc["objectives"].empty())
        out += "  none: every point that runs is feasible\n";
    for (const auto &o : doc["objectives"]) {
        const bool min = o.contains("min");
        out += "  " + o["metric"].get<std::string>();
        if (!o["client"].get<std::string>().empty())
            out += " of " + o["client"].get<std::string>();
        out += " in " + o["scenario"].get<std::string>() + (min ? " >= " : " <= ") +
               numberText(o[min ? "min" : "max"].get<double>()) + "  (" +
               o["source"].get<std::string>() + ")\n";
    }
    const std::string goalScenario = doc["goal"]["scenario"].get<std::string>();
    const std::string goalMetric = doc["goal"]["metric"].get<std::string>();
    out += "\n";
    char line[512];
    std::string head = "index  ";
    for (const auto &p : doc["parameters"])
        head += p["name"].get<std::string>() + "  ";
    out += head + "verdict  cost/month  " + goalScenario + ":" + goalMetric + "  reason\n";
    for (const auto &p : doc["points"]) {
        std::string values;
        for (const auto &v : p["values"])
            values += valueText(v) + "  ";
        std::snprintf(line, sizeof line, "%5zu  %s%s  %s  %s  %s\n", p["index"].get<size_t>(),
                      values.c_str(), p["verdict"].get<std::string>().c_str(),
                      numberText(costOf(p), "%.2f").c_str(),
                      numberText(figureOf(p, goalScenario, goalMetric)).c_str(),
                      p["reason"].get<std::string>().c_str());
        out += line;
    }
    out += "\n";
    if (doc["cheapest"].is_null()) {
        out += "No feasible point.\n";
    } else {
        const auto &c = doc["cheapest"];
        std::string values;
        const auto &params = doc["parameters"];
        for (size_t i = 0; i < params.size(); ++i)
            values += (i ? ", " : "") + params[i]["name"].get<std::string>() + " = " +
                      valueText(c["values"][i]);
        out += "Cheapest feasible point: #" + std::to_string(c["index"].get<size_t>()) + " (" +
               values + ") at " + numberText(c["cost_month"].get<double>(), "%.2f") + " " +
               currency + " a month\n";
    }
    std::string front;
    for (const auto &i : doc["pareto"])
        front += (front.empty() ? "#" : ", #") + std::to_string(i.get<size_t>());
    out += "Pareto front (cost vs " + goalScenario + ":" + goalMetric + ", feasible points): " +
           (front.empty() ? std::string("empty") : front) + "\n";
    const auto &s = doc["summary"];
    out += std::to_string(s["feasible"].get<size_t>()) + " feasible, " +
           std::to_string(s["infeasible"].get<size_t>()) + " infeasible, " +
           std::to_string(s["pruned"].get<size_t>()) + " pruned, " +
           std::to_string(s["invalid"].get<size_t>()) + " invalid; " +
           std::to_string(s["replications"].get<size_t>()) + " simulation runs (the full grid: " +
           std::to_string(s["full_grid_replications"].get<size_t>()) + ")\n";
    return out;
}

model::Result<SweepResult> fromJson(const std::string &text, const std::string &file)
{
    OrderedJson doc;
    try {
        doc = OrderedJson::parse(text);
    } catch (const OrderedJson::parse_error &e) {
        return fail(file, detail::lineColumn(text, e.byte),
                    "not valid JSON: " + std::string(e.what()));
    }
    if (!doc.is_object() || doc.value("format", std::string()) != "archsim-sweep/1")
        return fail(file, "/format", "not a sweep result (expected \"format\": "
                                     "\"archsim-sweep/1\")");
    for (const char *k : {"spec_hash", "model_hash", "points_total", "scenarios", "run", "goal",
                          "points"})
        if (!doc.contains(k))
            return fail(file, std::string("/") + k, "missing");
    SweepResult r;
    r.header = sharedHeader(doc);
    r.partial = doc.value("partial", false);
    if (doc.contains("shard")) {
        const auto &s = doc["shard"];
        if (!s.is_object() || !s.contains("index") || !s.contains("count")
            || !s["index"].is_number_integer() || !s["count"].is_number_integer())
            return fail(file, "/shard", "expected {\"index\": I, \"count\": N}");
        r.shardIndex = s["index"].get<int>();
        r.shardCount = s["count"].get<int>();
    }
    const auto &points = doc["points"];
    if (!points.is_array())
        return fail(file, "/points", "expected an array");
    for (size_t i = 0; i < points.size(); ++i) {
        if (!points[i].is_object() || !points[i].contains("index")
            || !points[i]["index"].is_number_unsigned())
            return fail(file, "/points/" + std::to_string(i), "a point needs its \"index\"");
        r.points.push_back(points[i]);
    }
    return r;
}

model::Result<SweepResult> mergeParts(const std::vector<SweepResult> &parts,
                                      const std::vector<std::string> &files)
{
    if (parts.empty())
        return fail({}, {}, "nothing to merge: name the parts");
    const SweepResult &first = parts.front();
    const int count = first.shardCount;
    std::map<int, size_t> byShard;
    for (size_t i = 0; i < parts.size(); ++i) {
        const SweepResult &p = parts[i];
        const std::string &file = files[i];
        for (const char *k : {"spec_hash", "model_hash"})
            if (p.header[k] != first.header[k])
                return fail(file, std::string("/") + k,
                            std::string("this part is of another ") +
                                (k == std::string("spec_hash") ? "spec" : "model") + " (" +
                                p.header[k].dump() + ", " + files[0] + " has " +
                                first.header[k].dump() + ")");
        if (p.header != first.header)
            return fail(file, "/", "this part ran with other settings than " + files[0] +
                                       " (search, run, prices or goal differ)");
        if (p.shardCount != count)
            return fail(file, "/shard/count", "this part is one of " +
                                                  std::to_string(p.shardCount) + " shards, " +
                                                  files[0] + " one of " + std::to_string(count));
        if (p.partial)
            return fail(file, "/partial", "this part was interrupted (partial); run its shard "
                                          "again");
        if (auto [it, fresh] = byShard.emplace(p.shardIndex, i); !fresh)
            return fail(file, "/shard/index", "shard " + std::to_string(p.shardIndex) +
                                                  " is also " + files[it->second]);
    }
    std::string missing;
    for (int s = 0; s < count; ++s)
        if (!byShard.count(s))
            missing += (missing.empty() ? "" : ", ") + std::to_string(s);
    if (!missing.empty())
        return fail({}, {}, "missing part(s) of shard " + missing + " of " +
                                std::to_string(count));
    SweepResult out;
    out.header = first.header;
    const size_t total = first.header["points_total"].get<size_t>();
    std::vector<const OrderedJson *> slot(total, nullptr);
    for (size_t i = 0; i < parts.size(); ++i)
        for (const auto &p : parts[i].points) {
            const size_t index = p["index"].get<size_t>();
            if (index >= total)
                return fail(files[i], "/points", "point " + std::to_string(index) +
                                                     " is beyond the grid's " +
                                                     std::to_string(total));
            if (slot[index])
                return fail(files[i], "/points", "point " + std::to_string(index) +
                                                     " is in two parts");
            slot[index] = &p;
        }
    for (size_t i = 0; i < total; ++i) {
        if (!slot[i])
            return fail({}, "/points", "no part has point " + std::to_string(i));
        out.points.push_back(*slot[i]);
    }
    return out;
}

} // namespace archsim::sweep
