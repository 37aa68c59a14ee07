// Reading and checking a sweep spec (docs/sweeps.md, "The spec").

#include "archsim/sweep/spec.h"

#include "archsim/model/io.h"

#include "jsonplace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace archsim::sweep {

using Json = nlohmann::json;

namespace {

constexpr size_t kMaxPoints = 100000;

struct MetricName {
    Metric metric;
    const char *name;
};

const MetricName kMetrics[] = {
    {Metric::MeanMs, "mean_ms"},
    {Metric::P50Ms, "p50_ms"},
    {Metric::P90Ms, "p90_ms"},
    {Metric::P95Ms, "p95_ms"},
    {Metric::P99Ms, "p99_ms"},
    {Metric::P999Ms, "p999_ms"},
    {Metric::Availability, "availability"},
    {Metric::ErrorRate, "error_rate"},
    {Metric::LatencyAttainment, "latency_attainment"},
    {Metric::ThroughputRps, "throughput_rps"},
};

// Thrown inside the reader only; parseSpec turns it into a diagnostic.
struct SpecError {
    std::string place;
    std::string message;
};

[[noreturn]] void fail(std::string place, std::string message)
{
    throw SpecError{std::move(place), std::move(message)};
}

std::string typeName(const Json &j)
{
    if (j.is_number_integer() || j.is_number_unsigned())
        return "an integer";
    if (j.is_number())
        return "a number";
    return std::string("a ") + j.type_name();
}

// Escapes a key for use in a JSON pointer (RFC 6901: ~ as ~0, / as ~1).
std::string escapeKey(const std::string &key)
{
    std::string out;
    for (char c : key)
        out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
}

void checkKeys(const Json &j, const std::string &place, std::initializer_list<const char *> keys)
{
    if (!j.is_object())
        fail(place, "expected an object, found " + typeName(j));
    for (auto it = j.begin(); it != j.end(); ++it) {
        const bool known = std::any_of(keys.begin(), keys.end(),
                                       [&it](const char *k) { return it.key() == k; });
        if (known)
            continue;
        std::string list;
        for (const char *k : keys)
            list += (list.empty() ? "" : ", ") + std::string(k);
        fail(place + "/" + escapeKey(it.key()),
             "unknown field '" + it.key() + "'; expected one of " + list);
    }
}

std::string stringAt(const Json &j, const std::string &place)
{
    if (!j.is_string())
        fail(place, "expected a string, found " + typeName(j));
    return j.get<std::string>();
}

double numberAt(const Json &j, const std::string &place)
{
    if (!j.is_number() || !std::isfinite(j.get<double>()))
        fail(place, "expected a number, found " + typeName(j));
    return j.get<double>();
}

int64_t integerAt(const Json &j, const std::string &place, int64_t low, int64_t high)
{
    if (!j.is_number_integer() && !j.is_number_unsigned())
        fail(place, "expected a whole number, found " + typeName(j));
    const auto v = j.get<int64_t>();
    if (v < low || v > high)
        fail(place, "expected a whole number from " + std::to_string(low) + " to " +
                        std::to_string(high) + ", found " + std::to_string(v));
    return v;
}

Metric metricAt(const Json &j, const std::string &place)
{
    const std::string name = stringAt(j, place);
    for (const auto &m : kMetrics)
        if (name == m.name)
            return m.metric;
    std::string list;
    for (const auto &m : kMetrics)
        list += (list.empty() ? "" : ", ") + std::string(m.name);
    fail(place, "unknown metric '" + name + "'; expected one of " + list);
}

// Sets `value` at `pointer` in `doc`. The parent must exist; a missing last member of an object
// is added (the canonical JSON leaves fields at their default out). Returns "" or the problem.
std::string setAt(Json &doc, const std::string &pointer, const Json &value)
{
    Json::json_pointer ptr;
    try {
        ptr = Json::json_pointer(pointer);
    } catch (const Json::exception &e) {
        return "not a JSON pointer (RFC 6901): it must be empty or start with '/'";
    }
    if (ptr.empty())
        return "the pointer names the whole model; name a field inside it";
    const Json::json_pointer parentPtr = ptr.parent_pointer();
    const std::string last = ptr.back();
    Json *parent = nullptr;
    try {
        parent = &doc.at(parentPtr);
    } catch (const Json::exception &) {
        return "'" + parentPtr.to_string() + "' does not exist in the model";
    }
    if (parent->is_object()) {
        (*parent)[last] = value;
        return {};
    }
    if (parent->is_array()) {
        const bool digits = !last.empty()
            && std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || last.size() > 9 || std::stoul(last) >= parent->size())
            return "'" + parentPtr.to_string() + "' has " + std::to_string(parent->size()) +
                   " elements; '" + last + "' is not one of their indexes";
        (*parent)[std::stoul(last)] = value;
        return {};
    }
    return "'" + parentPtr.to_string() + "' is " + typeName(*parent) + ", not an object or array";
}

std::vector<Json> rangeValues(const Json &r, const std::string &place)
{
    checkKeys(r, place, {"from", "to", "step"});
    for (const char *k : {"from", "to"})
        if (!r.contains(k))
            fail(place, std::string("a range needs '") + k + "'");
    const double from = numberAt(r["from"], place + "/from");
    const double to = numberAt(r["to"], place + "/to");
    const Json stepJson = r.contains("step") ? r["step"] : Json(1);
    const double step = numberAt(stepJson, place + "/step");
    if (!(step > 0))
        fail(place + "/step", "the step must be more than 0");
    if (to < from)
        fail(place + "/to", "'to' must not be below 'from'");
    const bool integral = r["from"].is_number_integer() && r["to"].is_number_integer()
        && stepJson.is_number_integer();
    std::vector<Json> out;
    for (int64_t i = 0;; ++i) {
        const double v = from + static_cast<double>(i) * step;
        if (v > to + step * 1e-9)
            break;
        if (out.size() >= kMaxPoints)
            fail(place, "the range has more than " + std::to_string(kMaxPoints) + " values");
        if (integral)
            out.emplace_back(r["from"].get<int64_t>() + i * stepJson.get<int64_t>());
        else
            out.emplace_back(v);
    }
    return out;
}

const model::Component *findClient(const model::Model &m, const std::string &id)
{
    for (const auto &c : m.components)
        if (c.id == id && c.kind == model::ComponentKind::Client)
            return &c;
    return nullptr;
}

// Reads one objective entry; one per scenario when it names none.
void readObjective(const Json &o, const std::string &place, const model::Model &model,
                   SweepSpec &spec)
{
    checkKeys(o, place, {"scenario", "metric", "client", "max", "min"});
    if (!o.contains("metric"))
        fail(place, "an objective needs a 'metric'");
    Objective obj;
    obj.metric = metricAt(o["metric"], place + "/metric");
    obj.source = "spec " + place;
    if (o.contains("client")) {
        obj.client = stringAt(o["client"], place + "/client");
        if (!findClient(model, obj.client))
            fail(place + "/client", "'" + obj.client + "' is not a client of the model");
    }
    if (obj.metric == Metric::LatencyAttainment) {
        const model::Component *c = obj.client.empty() ? nullptr : findClient(model, obj.client);
        if (!c || !c->slo || !(c->slo->latency_ms > 0))
            fail(place + "/client", "latency_attainment needs a client whose slo has a "
                                    "latency_ms (the threshold it counts against)");
    }
    const bool higher = higherIsBetter(obj.metric);
    const char *want = higher ? "min" : "max";
    const char *other = higher ? "max" : "min";
    if (o.contains(other))
        fail(place + "/" + other, std::string("'") + toString(obj.metric) +
                                      "' is bounded from " + (higher ? "below" : "above") +
                                      ": use '" + want + "'");
    if (!o.contains(want))
        fail(place, std::string("the objective needs '") + want + "'");
    obj.bound = numberAt(o[want], place + "/" + want);
    std::vector<std::string> scenarios = spec.scenarios;
    if (o.contains("scenario")) {
        const std::string s = stringAt(o["scenario"], place + "/scenario");
        if (std::find(spec.scenarios.begin(), spec.scenarios.end(), s) == spec.scenarios.end())
            fail(place + "/scenario", "'" + s + "' is not one of the spec's scenarios");
        scenarios = {s};
    }
    for (const auto &s : scenarios) {
        obj.scenario = s;
        spec.objectives.push_back(obj);
    }
}

// The model's SLOs as objectives, in every scenario of the spec.
void objectivesFromSlos(const model::Model &model, SweepSpec &spec)
{
    spec.objectivesFromSlos = true;
    for (const auto &s : spec.scenarios)
        for (const auto &c : model.components) {
            if (c.kind != model::ComponentKind::Client || !c.slo)
                continue;
            Objective a;
            a.scenario = s;
            a.metric = Metric::Availability;
            a.client = c.id;
            a.bound = c.slo->availability;
            a.source = "slo of client " + c.id;
            spec.objectives.push_back(a);
            if (c.slo->latency_ms > 0) {
                Objective l = a;
                l.metric = Metric::LatencyAttainment;
                l.bound = c.slo->latency_target;
                spec.objectives.push_back(l);
            }
        }
}

void readRun(const Json &r, SweepSpec &spec)
{
    checkKeys(r, "/run", {"duration_s", "warmup_s", "replications", "min_replications", "seed"});
    RunSettings &run = spec.run;
    if (r.contains("duration_s")) {
        run.duration_s = numberAt(r["duration_s"], "/run/duration_s");
        if (!(*run.duration_s > 0 && *run.duration_s <= 1e7))
            fail("/run/duration_s", "the duration must be in (0, 1e7] seconds");
    }
    if (r.contains("warmup_s")) {
        run.warmup_s = numberAt(r["warmup_s"], "/run/warmup_s");
        if (!(*run.warmup_s >= 0) || (run.duration_s && *run.warmup_s >= *run.duration_s))
            fail("/run/warmup_s", "the warm-up must be >= 0 and below the duration");
    }
    if (r.contains("replications"))
        run.replications =
            static_cast<int>(integerAt(r["replications"], "/run/replications", 1, 1000));
    run.min_replications = std::min(run.min_replications, run.replications);
    if (r.contains("min_replications"))
        run.min_replications = static_cast<int>(
            integerAt(r["min_replications"], "/run/min_replications",
                      std::min(2, run.replications), run.replications));
    if (r.contains("seed"))
        run.seed = static_cast<uint64_t>(
            integerAt(r["seed"], "/run/seed", 0, int64_t(1) << 53));
}

void readGoal(const Json &g, SweepSpec &spec)
{
    Json goal = g.is_string() ? Json{{"kind", g}} : g;
    checkKeys(goal, "/goal", {"kind", "scenario", "metric"});
    const std::string kind = goal.contains("kind") ? stringAt(goal["kind"], "/goal/kind")
                                                   : std::string("min_cost");
    if (kind == "min_cost")
        spec.goal.kind = GoalKind::MinCost;
    else if (kind == "pareto")
        spec.goal.kind = GoalKind::Pareto;
    else
        fail(g.is_string() ? "/goal" : "/goal/kind",
             "unknown goal '" + kind + "'; expected min_cost or pareto");
    if (goal.contains("scenario")) {
        spec.goal.scenario = stringAt(goal["scenario"], "/goal/scenario");
        if (std::find(spec.scenarios.begin(), spec.scenarios.end(), spec.goal.scenario)
            == spec.scenarios.end())
            fail("/goal/scenario", "'" + spec.goal.scenario +
                                       "' is not one of the spec's scenarios");
    }
    if (goal.contains("metric"))
        spec.goal.metric = metricAt(goal["metric"], "/goal/metric");
    if (spec.goal.metric == Metric::LatencyAttainment)
        fail("/goal/metric", "the Pareto front needs a summary figure; latency_attainment is "
                             "per client");
}

SweepSpec readSpec(const Json &j, const model::Model &model, const Json &modelJson)
{
    checkKeys(j, "", {"name", "parameters", "scenarios", "run", "objectives", "goal", "search"});
    SweepSpec spec;
    if (j.contains("name"))
        spec.name = stringAt(j["name"], "/name");
    if (!j.contains("parameters"))
        fail("", "a sweep spec needs 'parameters'");
    const Json &params = j["parameters"];
    if (!params.is_array() || params.empty())
        fail("/parameters", "expected a non-empty array of parameters");
    size_t points = 1;
    for (size_t i = 0; i < params.size(); ++i) {
        const std::string place = "/parameters/" + std::to_string(i);
        const Json &p = params[i];
        checkKeys(p, place, {"name", "pointer", "values", "range"});
        Parameter par;
        if (!p.contains("pointer"))
            fail(place, "a parameter needs a 'pointer' into the model");
        par.pointer = stringAt(p["pointer"], place + "/pointer");
        par.name = p.contains("name") ? stringAt(p["name"], place + "/name") : par.pointer;
        if (p.contains("values") == p.contains("range"))
            fail(place, "a parameter needs either 'values' or 'range'");
        std::string valuesPlace = place + (p.contains("values") ? "/values" : "/range");
        if (p.contains("values")) {
            if (!p["values"].is_array() || p["values"].empty())
                fail(valuesPlace, "expected a non-empty array of values");
            par.values.assign(p["values"].begin(), p["values"].end());
        } else {
            par.values = rangeValues(p["range"], valuesPlace);
        }
        for (size_t k = 0; k < par.values.size(); ++k) {
            Json doc = modelJson;
            const std::string where = p.contains("values")
                ? valuesPlace + "/" + std::to_string(k) : valuesPlace;
            if (std::string problem = setAt(doc, par.pointer, par.values[k]); !problem.empty())
                fail(place + "/pointer", "'" + par.pointer + "' does not resolve in the "
                                         "model: " + problem);
            auto read = model::parseJson(doc.dump());
            if (!read.ok()) {
                const auto &d = read.diagnostics().front();
                fail(where, "the model cannot take " + par.values[k].dump() + " at '" +
                                par.pointer + "': " + d.place + ": " + d.message);
            }
        }
        for (size_t q = 0; q < spec.parameters.size(); ++q)
            if (spec.parameters[q].pointer == par.pointer)
                fail(place + "/pointer", "parameter " + std::to_string(q) +
                                             " already varies '" + par.pointer + "'");
        points *= par.values.size();
        if (points > kMaxPoints)
            fail(valuesPlace, "the grid has more than " + std::to_string(kMaxPoints) +
                                  " points");
        spec.parameters.push_back(std::move(par));
    }
    if (j.contains("scenarios")) {
        const Json &s = j["scenarios"];
        if (!s.is_array() || s.empty())
            fail("/scenarios", "expected a non-empty array of scenario ids (or \"steady\")");
        for (size_t i = 0; i < s.size(); ++i) {
            const std::string place = "/scenarios/" + std::to_string(i);
            const std::string id = stringAt(s[i], place);
            const bool known = id == kSteady
                || std::any_of(model.scenarios.begin(), model.scenarios.end(),
                               [&id](const model::Scenario &x) { return x.id == id; });
            if (!known)
                fail(place, "'" + id + "' is neither \"steady\" nor a scenario of the model");
            if (std::find(spec.scenarios.begin(), spec.scenarios.end(), id)
                != spec.scenarios.end())
                fail(place, "scenario '" + id + "' is listed twice");
            spec.scenarios.push_back(id);
        }
    } else {
        spec.scenarios = {kSteady};
    }
    if (j.contains("run"))
        readRun(j["run"], spec);
    for (const auto &id : spec.scenarios) {
        // The warm-up must end before each scenario's run does (steady: Scenario's defaults).
        model::Scenario s;
        for (const auto &x : model.scenarios)
            if (x.id == id)
                s = x;
        const double duration = spec.run.duration_s.value_or(s.duration_s);
        const double warmup = spec.run.warmup_s.value_or(s.warmup_s);
        if (warmup >= duration)
            fail(spec.run.warmup_s ? "/run/warmup_s" : "/run/duration_s",
                 "scenario '" + id + "' would run " + std::to_string(duration) +
                     " s with a warm-up of " + std::to_string(warmup) +
                     " s; the warm-up must end before the run does");
    }
    if (j.contains("objectives")) {
        const Json &o = j["objectives"];
        if (!o.is_array())
            fail("/objectives", "expected an array of objectives");
        for (size_t i = 0; i < o.size(); ++i)
            readObjective(o[i], "/objectives/" + std::to_string(i), model, spec);
    }
    if (!j.contains("objectives"))
        objectivesFromSlos(model, spec);
    spec.goal.scenario = spec.scenarios.front();
    if (j.contains("goal"))
        readGoal(j["goal"], spec);
    if (j.contains("search")) {
        const Json &s = j["search"];
        checkKeys(s, "/search", {"prune", "early_stop"});
        for (const char *k : {"prune", "early_stop"}) {
            if (!s.contains(k))
                continue;
            if (!s[k].is_boolean())
                fail(std::string("/search/") + k, "expected true or false, found " +
                                                      typeName(s[k]));
            (std::string(k) == "prune" ? spec.prune : spec.earlyStop) = s[k].get<bool>();
        }
    }
    spec.canonical = j.dump();
    return spec;
}

} // namespace

const char *toString(Metric metric)
{
    for (const auto &m : kMetrics)
        if (m.metric == metric)
            return m.name;
    return "?";
}

bool higherIsBetter(Metric metric)
{
    return metric == Metric::Availability || metric == Metric::LatencyAttainment
        || metric == Metric::ThroughputRps;
}

model::Result<SweepSpec> parseSpec(const std::string &text, const std::string &file,
                                   const model::Model &model)
{
    auto error = [&file](std::string place, std::string message) {
        model::Diagnostic d = model::makeError(std::move(place), std::move(message));
        d.file = file;
        return model::Result<SweepSpec>(model::Diagnostics{d});
    };
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error &e) {
        return error(detail::lineColumn(text, e.byte),
                     "not valid JSON: " + std::string(e.what()));
    }
    try {
        return readSpec(j, model, Json::parse(model::toJson(model)));
    } catch (const SpecError &e) {
        return error(e.place.empty() ? std::string("/") : e.place, e.message);
    }
}

size_t pointCount(const SweepSpec &spec)
{
    size_t n = 1;
    for (const auto &p : spec.parameters)
        n *= p.values.size();
    return n;
}

std::vector<nlohmann::json> pointValues(const SweepSpec &spec, size_t index)
{
    std::vector<Json> out(spec.parameters.size());
    for (size_t i = spec.parameters.size(); i-- > 0;) {
        const size_t n = spec.parameters[i].values.size();
        out[i] = spec.parameters[i].values[index % n];
        index /= n;
    }
    return out;
}

PointBuilder::PointBuilder(const model::Model &base) : m_base(Json::parse(model::toJson(base)))
{
}

model::Result<model::Model> PointBuilder::build(const SweepSpec &spec,
                                                const std::vector<Json> &values) const
{
    Json doc = m_base;
    for (size_t i = 0; i < spec.parameters.size() && i < values.size(); ++i)
        if (std::string problem = setAt(doc, spec.parameters[i].pointer, values[i]);
            !problem.empty())
            return model::Diagnostics{model::makeError(spec.parameters[i].pointer, problem)};
    return model::parseJson(doc.dump());
}

std::string hashText(const std::string &text)
{
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

} // namespace archsim::sweep
