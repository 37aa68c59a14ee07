// Evaluating the points of a sweep (docs/sweeps.md, "The search").

#include "archsim/sweep/sweep.h"

#include "archsim/model/analytic.h"
#include "archsim/model/io.h"
#include "archsim/model/validate.h"
#include "archsim/simulator/simulation.h"
#include "archsim/simulator/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <thread>

namespace archsim::sweep {

namespace {

using simulator::Estimate;
using simulator::SimulationResult;

// The summary figures every evaluated scenario reports.
const Metric kFigures[] = {Metric::MeanMs,       Metric::P50Ms,     Metric::P90Ms,
                           Metric::P95Ms,        Metric::P99Ms,     Metric::P999Ms,
                           Metric::Availability, Metric::ErrorRate, Metric::ThroughputRps};

// Visits in the system at which a point's run stops as overloaded; a healthy point of the
// examples has a few thousand at most, and a runaway one should not take long to be judged.
constexpr uint64_t kMaxInFlight = 200000;

double latencyFigure(const simulator::LatencyFigures &l, Metric m)
{
    switch (m) {
    case Metric::MeanMs: return l.mean.value;
    case Metric::P50Ms: return l.p50.value;
    case Metric::P90Ms: return l.p90.value;
    case Metric::P95Ms: return l.p95.value;
    case Metric::P99Ms: return l.p99.value;
    case Metric::P999Ms: return l.p999.value;
    default: return std::numeric_limits<double>::quiet_NaN();
    }
}

// Returns one replication's value of `metric` (a client's when `client` is set).
double figureOf(const SimulationResult &r, Metric metric, const std::string &client)
{
    const simulator::SummaryFigures *f = &r.summary;
    if (!client.empty()) {
        f = nullptr;
        for (const auto &c : r.clients)
            if (c.id == client)
                f = &c.figures;
    }
    if (metric == Metric::LatencyAttainment) {
        for (const auto &s : r.slos)
            if (s.client == client)
                return s.latency_attainment.value;
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (!f)
        return std::numeric_limits<double>::quiet_NaN();
    switch (metric) {
    case Metric::Availability: return f->availability.value;
    case Metric::ErrorRate: return f->error_rate.value;
    case Metric::ThroughputRps: return f->throughput_rps.value;
    default: return latencyFigure(f->latency_ms, metric);
    }
}

OrderedJson estimateJson(const Estimate &e)
{
    OrderedJson j;
    j["mean"] = e.value;
    j["low"] = e.low;
    j["high"] = e.high;
    return j;
}

// The lowest rate factor of the spec's scenarios' load events (at most 1): pruning judges
// a point at the least load any of its scenarios runs, so it never prunes a point one of them
// could carry.
double pruneRateFactor(const model::Model &model, const SweepSpec &spec)
{
    double factor = 1;
    for (const auto &id : spec.scenarios)
        for (const auto &s : model.scenarios)
            if (s.id == id)
                for (const auto &e : s.events)
                    if (e.action == model::EventAction::Load)
                        factor = std::min(factor, e.factor);
    return factor;
}

struct Load {
    std::string station;
    double rho = 0;
};

// Returns the busiest station of the analytic estimate at `rateFactor` of the nominal load.
// A blocking caller of a saturated station has an infinite utilisation too; the station with
// the highest finite utilisation at or above 1 is the cause and is named first.
Load busiestStation(const model::Model &m, double rateFactor)
{
    Load finite, infinite;
    const auto est = model::estimate(m, rateFactor);
    for (const auto &[id, s] : est.components) {
        Load &slot = std::isfinite(s.utilization) ? finite : infinite;
        if (slot.station.empty() || s.utilization > slot.rho) {
            slot.station = id;
            slot.rho = s.utilization;
        }
    }
    return finite.rho >= 1 || infinite.station.empty() ? finite : infinite;
}

struct Context {
    const model::Model &base;
    const SweepSpec &spec;
    const SweepOptions &options;
    PointBuilder builder;
    bool prune = true;
    bool earlyStop = true;
    double rateFactor = 1;
};

// What a set of replications says about one objective.
struct Judgement {
    Estimate estimate;
    bool met = false;       // the mean meets the bound
    bool surelyMet = false; // the whole 95% interval does
    bool surelyMissed = false;
};

Judgement judge(const Objective &o, const std::vector<double> &samples)
{
    Judgement j;
    j.estimate = simulator::estimateFrom(samples);
    const Estimate &e = j.estimate;
    if (higherIsBetter(o.metric)) {
        j.met = e.value >= o.bound;
        j.surelyMet = e.hasInterval && e.low >= o.bound;
        j.surelyMissed = e.hasInterval && e.high < o.bound;
    } else {
        j.met = e.value <= o.bound;
        j.surelyMet = e.hasInterval && e.high <= o.bound;
        j.surelyMissed = e.hasInterval && e.low > o.bound;
    }
    return j;
}

std::string describe(const Objective &o)
{
    std::string s = std::string(toString(o.metric));
    if (!o.client.empty())
        s += " of " + o.client;
    return s + " in " + o.scenario;
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// Simulates one point; nullopt when cancelled.
std::optional<OrderedJson> simulatePoint(const Context &ctx, const model::Model &m,
                                         OrderedJson point)
{
    const SweepSpec &spec = ctx.spec;
    const size_t nScenarios = spec.scenarios.size();
    // samples[s][f]: per scenario, the replications' values of kFigures; objective samples
    // apart, per objective.
    std::vector<std::vector<std::vector<double>>> samples(
        nScenarios, std::vector<std::vector<double>>(std::size(kFigures)));
    std::vector<std::vector<double>> objectiveSamples(spec.objectives.size());
    std::vector<int> reps(nScenarios, 0);
    std::vector<char> active(nScenarios, 1);
    std::string failure;
    int total = 0;
    for (int k = 0; k < spec.run.replications && failure.empty(); ++k) {
        for (size_t s = 0; s < nScenarios && failure.empty(); ++s) {
            if (!active[s])
                continue;
            simulator::SimulationOptions so;
            so.scenario = spec.scenarios[s] == kSteady ? std::string() : spec.scenarios[s];
            so.duration_s = spec.run.duration_s;
            so.warmup_s = spec.run.warmup_s;
            so.seed = spec.run.seed + static_cast<uint64_t>(k);
            so.replications = 1;
            so.threads = 1;
            so.cancel = ctx.options.cancel;
            so.maxInFlight = kMaxInFlight;
            auto run = simulator::runSimulation(m, so);
            if (ctx.options.cancel && ctx.options.cancel->load())
                return std::nullopt;
            ++total;
            if (!run.ok()) {
                const auto &d = run.diagnostics().front();
                failure = spec.scenarios[s] + ": the simulation stopped: " +
                          (d.place.empty() ? "" : d.place + ": ") + d.message;
                break;
            }
            ++reps[s];
            for (size_t f = 0; f < std::size(kFigures); ++f)
                samples[s][f].push_back(figureOf(run.value(), kFigures[f], {}));
            for (size_t o = 0; o < spec.objectives.size(); ++o)
                if (spec.objectives[o].scenario == spec.scenarios[s])
                    objectiveSamples[o].push_back(figureOf(
                        run.value(), spec.objectives[o].metric, spec.objectives[o].client));
        }
        if (!failure.empty() || !ctx.earlyStop || k + 1 < spec.run.min_replications)
            continue;
        // Early stopping: a point is decided once one objective's interval lies wholly
        // outside its bound; a scenario once all of its objectives' intervals lie inside.
        bool missed = false;
        std::vector<char> undecided(nScenarios, 0);
        for (size_t o = 0; o < spec.objectives.size(); ++o) {
            const Judgement j = judge(spec.objectives[o], objectiveSamples[o]);
            missed = missed || j.surelyMissed;
            if (!j.surelyMet) {
                const auto it = std::find(spec.scenarios.begin(), spec.scenarios.end(),
                                          spec.objectives[o].scenario);
                undecided[static_cast<size_t>(it - spec.scenarios.begin())] = 1;
            }
        }
        if (missed)
            break;
        for (size_t s = 0; s < nScenarios; ++s)
            active[s] = active[s] && undecided[s];
        if (std::none_of(active.begin(), active.end(), [](char a) { return a != 0; }))
            break;
    }
    point["replications"] = total;
    if (!failure.empty()) {
        point["verdict"] = "infeasible";
        point["reason"] = failure;
        return point;
    }
    OrderedJson scenarios = OrderedJson::array();
    for (size_t s = 0; s < nScenarios; ++s) {
        OrderedJson sj;
        sj["scenario"] = spec.scenarios[s];
        sj["replications"] = reps[s];
        OrderedJson &figures = sj["figures"];
        for (size_t f = 0; f < std::size(kFigures); ++f)
            figures[toString(kFigures[f])] = estimateJson(simulator::estimateFrom(samples[s][f]));
        scenarios.push_back(sj);
    }
    OrderedJson objectives = OrderedJson::array();
    std::string reason;
    for (size_t o = 0; o < spec.objectives.size(); ++o) {
        const Objective &obj = spec.objectives[o];
        const Judgement j = judge(obj, objectiveSamples[o]);
        OrderedJson oj = estimateJson(j.estimate);
        oj["met"] = j.met;
        objectives.push_back(oj);
        if (!j.met && reason.empty())
            reason = describe(obj) + " = " + number(j.estimate.value) +
                     (higherIsBetter(obj.metric) ? " < " : " > ") + number(obj.bound);
    }
    point["verdict"] = reason.empty() ? "feasible" : "infeasible";
    point["reason"] = reason;
    point["scenarios"] = scenarios;
    point["objectives"] = objectives;
    return point;
}

// Evaluates one point; nullopt when cancelled.
std::optional<OrderedJson> evaluatePoint(const Context &ctx, size_t index)
{
    OrderedJson point;
    point["index"] = index;
    const auto values = pointValues(ctx.spec, index);
    point["values"] = OrderedJson::array();
    for (const auto &v : values)
        point["values"].push_back(OrderedJson::parse(v.dump()));
    auto built = ctx.builder.build(ctx.spec, values);
    model::Diagnostics problems = built.ok() ? model::validate(built.value())
                                             : built.diagnostics();
    if (model::hasErrors(problems)) {
        const auto &d = *std::find_if(problems.begin(), problems.end(), [](const auto &x) {
            return x.severity == model::Diagnostic::Severity::Error;
        });
        point["verdict"] = "invalid";
        point["reason"] = (d.place.empty() ? "" : d.place + ": ") + d.message;
        point["cost_month"] = nullptr;
        point["load"] = nullptr;
        point["replications"] = 0;
        return point;
    }
    const model::Model &m = built.value();
    point["verdict"] = "";
    point["reason"] = "";
    point["cost_month"] = exporters::computeCost(m, ctx.options.prices).month;
    const Load load = busiestStation(m, ctx.rateFactor);
    point["load"] = {{"station", load.station}, {"rho", load.rho}};
    if (ctx.prune && load.rho >= 1) {
        point["verdict"] = "pruned";
        point["reason"] = "overloaded (" + load.station + " rho=" + number(load.rho) + ")";
        point["replications"] = 0;
        return point;
    }
    return simulatePoint(ctx, m, std::move(point));
}

OrderedJson headerOf(const model::Model &model, const SweepSpec &spec, const Context &ctx)
{
    OrderedJson h;
    h["format"] = "archsim-sweep/1";
    h["spec"] = spec.name;
    h["spec_hash"] = hashText(spec.canonical);
    h["model"] = model.name;
    h["model_hash"] = hashText(model::toJson(model));
    OrderedJson &params = h["parameters"] = OrderedJson::array();
    for (const auto &p : spec.parameters) {
        OrderedJson pj;
        pj["name"] = p.name;
        pj["pointer"] = p.pointer;
        pj["values"] = OrderedJson::parse(nlohmann::json(p.values).dump());
        params.push_back(pj);
    }
    h["scenarios"] = spec.scenarios;
    h["objectives_from"] = spec.objectivesFromSlos ? "model slos" : "spec";
    OrderedJson &objs = h["objectives"] = OrderedJson::array();
    for (const auto &o : spec.objectives) {
        OrderedJson oj;
        oj["scenario"] = o.scenario;
        oj["metric"] = toString(o.metric);
        oj["client"] = o.client;
        oj[higherIsBetter(o.metric) ? "min" : "max"] = o.bound;
        oj["source"] = o.source;
        objs.push_back(oj);
    }
    OrderedJson &run = h["run"];
    run["duration_s"] = spec.run.duration_s ? OrderedJson(*spec.run.duration_s) : OrderedJson();
    run["warmup_s"] = spec.run.warmup_s ? OrderedJson(*spec.run.warmup_s) : OrderedJson();
    run["replications"] = spec.run.replications;
    run["min_replications"] = spec.run.min_replications;
    run["seed"] = spec.run.seed;
    OrderedJson &search = h["search"];
    search["prune"] = ctx.prune;
    search["prune_rate_factor"] = ctx.rateFactor;
    search["early_stop"] = ctx.earlyStop;
    OrderedJson &goal = h["goal"];
    goal["kind"] = spec.goal.kind == GoalKind::MinCost ? "min_cost" : "pareto";
    goal["scenario"] = spec.goal.scenario;
    goal["metric"] = toString(spec.goal.metric);
    h["prices"] = ctx.options.prices.name;
    h["currency"] = ctx.options.prices.currency;
    h["points_total"] = pointCount(spec);
    return h;
}

} // namespace

std::vector<size_t> shardPoints(const std::vector<double> &load, int index, int count)
{
    std::vector<size_t> order(load.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&load](size_t a, size_t b) { return load[a] > load[b]; });
    std::vector<size_t> mine;
    for (size_t i = static_cast<size_t>(index); i < order.size();
         i += static_cast<size_t>(count))
        mine.push_back(order[i]);
    std::sort(mine.begin(), mine.end());
    return mine;
}

model::Result<SweepResult> runSweep(const model::Model &model, const SweepSpec &spec,
                                    const SweepOptions &options)
{
    if (options.shardCount < 1 || options.shardIndex < 0
        || options.shardIndex >= options.shardCount)
        return model::Diagnostics{model::makeError(
            "--shard", "shard " + std::to_string(options.shardIndex) + " of " +
                           std::to_string(options.shardCount) + " does not exist (the index "
                                                                 "runs from 0 to count - 1)")};
    if (options.threads < 1)
        return model::Diagnostics{model::makeError("--threads", "threads must be at least 1")};
    Context ctx{model, spec, options, PointBuilder(model), options.prune.value_or(spec.prune),
                options.earlyStop.value_or(spec.earlyStop), pruneRateFactor(model, spec)};
    SweepResult result;
    result.header = headerOf(model, spec, ctx);
    result.shardIndex = options.shardIndex;
    result.shardCount = options.shardCount;

    const size_t n = pointCount(spec);
    std::vector<size_t> mine;
    if (options.shardCount == 1) {
        mine.resize(n);
        std::iota(mine.begin(), mine.end(), size_t(0));
    } else {
        std::vector<double> load(n, 0);
        for (size_t i = 0; i < n; ++i) {
            auto built = ctx.builder.build(spec, pointValues(spec, i));
            if (built.ok())
                load[i] = busiestStation(built.value(), ctx.rateFactor).rho;
        }
        mine = shardPoints(load, options.shardIndex, options.shardCount);
    }

    std::vector<std::optional<OrderedJson>> done(mine.size());
    std::atomic<size_t> next{0};
    std::mutex progressMutex;
    size_t finished = 0;
    auto worker = [&]() {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= mine.size() || (options.cancel && options.cancel->load()))
                return;
            done[i] = evaluatePoint(ctx, mine[i]);
            if (!done[i])
                return;
            std::lock_guard lock(progressMutex);
            ++finished;
            if (options.progress)
                options.progress(finished, mine.size());
        }
    };
    const int threads = static_cast<int>(
        std::min<size_t>(static_cast<size_t>(options.threads), std::max<size_t>(mine.size(), 1)));
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back(worker);
        for (auto &t : pool)
            t.join();
    }
    for (auto &p : done)
        if (p)
            result.points.push_back(std::move(*p));
        else
            result.partial = true;
    return result;
}

} // namespace archsim::sweep
