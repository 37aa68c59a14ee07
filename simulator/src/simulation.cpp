#include "archsim/simulator/simulation.h"

#include "engine/engine.h"
#include "engine/failures.h"
#include "figures.h"
#include "realtime/realtimereport.h"
#include "stream/streamresults.h"
#include "archsim/model/overrides.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <thread>

namespace archsim::simulator {

namespace {

using model::makeError;

// Sets every Estimate of `target` to the mean and interval of the matching Estimates of the
// replications' figures (the visiting order matches field by field).
template <typename Figures>
void aggregate(Figures &target, std::vector<Figures *> reps)
{
    std::vector<Estimate *> dst;
    forEachEstimate(target, std::string(), [&](const std::string &, Estimate &e) {
        dst.push_back(&e);
    });
    std::vector<std::vector<double>> samples(dst.size());
    for (Figures *r : reps) {
        size_t i = 0;
        forEachEstimate(*r, std::string(), [&](const std::string &, Estimate &e) {
            samples[i++].push_back(e.value);
        });
    }
    for (size_t i = 0; i < dst.size(); ++i)
        *dst[i] = estimateFrom(samples[i]);
}

// The average timeline over the replications, summed as they finish so that a long run of
// many replications does not keep every replication's timeline until the end. Sums are taken
// in replication order (a replication that finishes early waits for those before it), so the
// result is the same for any number of threads.
class TimelineFold {
public:
    explicit TimelineFold(int replications)
        : m_finished(replications, nullptr), m_include(replications, false)
    {
    }

    // Replication `r` finished with `out` (`include`: it counts in the average). Folds every
    // finished replication that no unfinished one precedes and frees its timeline.
    void finished(int r, engine::ReplicationOutput *out, bool include)
    {
        m_finished[r] = out;
        m_include[r] = include;
        while (m_next < m_finished.size() && m_finished[m_next])
            foldNext();
    }

    // Folds what is left (replications that never ran are skipped) and returns the average.
    std::vector<TimelinePoint> average()
    {
        for (; m_next < m_finished.size();) {
            if (m_finished[m_next])
                foldNext();
            else
                ++m_next;
        }
        std::vector<TimelinePoint> out = std::move(m_sum);
        for (size_t i = 0; i < out.size(); ++i) {
            TimelinePoint &sum = out[i];
            const double k = m_count[i];
            sum.offered_rps /= k;
            sum.throughput_rps /= k;
            sum.error_rate /= k;
            sum.errors.rejected /= k;
            sum.errors.timeout /= k;
            sum.errors.refused /= k;
            sum.errors.short_circuited /= k;
            sum.errors.unavailable /= k;
            sum.errors.rate_limited /= k;
            sum.p50_ms /= k;
            sum.p95_ms /= k;
            sum.p99_ms /= k;
            sum.availability /= k;
            sum.degraded_rps /= k;
            sum.work_rps /= k;
            sum.wasted_rps /= k;
            for (double &u : sum.utilization)
                u /= k;
            for (double &a : sum.arrival_rps)
                a /= k;
            for (double &h : sum.cache_hit_ratio)
                h /= k;
            for (double &x : sum.link_rps)
                x /= k;
            for (double &x : sum.replicas)
                x /= k;
            for (double &x : sum.burn_rate)
                x /= k;
            for (double &x : sum.job_staleness_s)
                x /= k;
            for (double &x : sum.view_staleness_s)
                x /= k;
            for (double &x : sum.stale_read_share)
                x /= k;
            for (double &x : sum.replica_lag_ms)
                x /= k;
        }
        return out;
    }

private:
    void foldNext()
    {
        engine::ReplicationOutput *out = m_finished[m_next];
        if (m_include[m_next])
            add(out->timeline);
        std::vector<TimelinePoint>().swap(out->timeline); // release its memory now
        ++m_next;
    }

    void add(const std::vector<TimelinePoint> &timeline)
    {
        if (m_sum.size() < timeline.size()) {
            TimelinePoint zero;
            zero.availability = 0;
            m_sum.resize(timeline.size(), zero);
            m_count.resize(timeline.size(), 0);
        }
        for (size_t i = 0; i < timeline.size(); ++i) {
            const TimelinePoint &p = timeline[i];
            TimelinePoint &sum = m_sum[i];
            sum.t_s = p.t_s;
            sum.offered_rps += p.offered_rps;
            sum.throughput_rps += p.throughput_rps;
            sum.error_rate += p.error_rate;
            sum.errors.rejected += p.errors.rejected;
            sum.errors.timeout += p.errors.timeout;
            sum.errors.refused += p.errors.refused;
            sum.errors.short_circuited += p.errors.short_circuited;
            sum.errors.unavailable += p.errors.unavailable;
            sum.errors.rate_limited += p.errors.rate_limited;
            sum.p50_ms += p.p50_ms;
            sum.p95_ms += p.p95_ms;
            sum.p99_ms += p.p99_ms;
            sum.availability += p.availability;
            sum.degraded_rps += p.degraded_rps;
            sum.work_rps += p.work_rps;
            sum.wasted_rps += p.wasted_rps;
            sum.utilization.resize(p.utilization.size(), 0.0);
            for (size_t k = 0; k < p.utilization.size(); ++k)
                sum.utilization[k] += p.utilization[k];
            sum.arrival_rps.resize(p.arrival_rps.size(), 0.0);
            for (size_t k = 0; k < p.arrival_rps.size(); ++k)
                sum.arrival_rps[k] += p.arrival_rps[k];
            sum.cache_hit_ratio.resize(p.cache_hit_ratio.size(), 0.0);
            for (size_t k = 0; k < p.cache_hit_ratio.size(); ++k)
                sum.cache_hit_ratio[k] += p.cache_hit_ratio[k];
            sum.link_rps.resize(p.link_rps.size(), 0.0);
            for (size_t k = 0; k < p.link_rps.size(); ++k)
                sum.link_rps[k] += p.link_rps[k];
            sum.replicas.resize(p.replicas.size(), 0.0);
            for (size_t k = 0; k < p.replicas.size(); ++k)
                sum.replicas[k] += p.replicas[k];
            sum.burn_rate.resize(p.burn_rate.size(), 0.0);
            for (size_t k = 0; k < p.burn_rate.size(); ++k)
                sum.burn_rate[k] += p.burn_rate[k];
            sum.replica_lag_ms.resize(p.replica_lag_ms.size(), 0.0);
            for (size_t k = 0; k < p.replica_lag_ms.size(); ++k)
                sum.replica_lag_ms[k] += p.replica_lag_ms[k];
            sum.job_staleness_s.resize(p.job_staleness_s.size(), 0.0);
            for (size_t k = 0; k < p.job_staleness_s.size(); ++k)
                sum.job_staleness_s[k] += p.job_staleness_s[k];
            sum.view_staleness_s.resize(p.view_staleness_s.size(), 0.0);
            for (size_t k = 0; k < p.view_staleness_s.size(); ++k)
                sum.view_staleness_s[k] += p.view_staleness_s[k];
            sum.stale_read_share.resize(p.stale_read_share.size(), 0.0);
            for (size_t k = 0; k < p.stale_read_share.size(); ++k)
                sum.stale_read_share[k] += p.stale_read_share[k];
            ++m_count[i];
        }
    }

    std::vector<engine::ReplicationOutput *> m_finished; // by replication; null until done
    std::vector<bool> m_include;
    size_t m_next = 0;                  // the first replication not folded yet
    std::vector<TimelinePoint> m_sum;   // per second: sums over the folded replications
    std::vector<int> m_count;           // per second: replications that reached it
};

} // namespace

model::Result<SimulationResult> runSimulation(const model::Model &model,
                                              const SimulationOptions &options,
                                              const ProgressFn &progress)
{
    // A scenario with overrides runs on its variant of the model (docs/model-format.md).
    for (const auto &s : model.scenarios)
        if (s.id == options.scenario && !s.overrides.empty()) {
            auto variant = model::applyOverrides(model, s.id);
            if (!variant.ok())
                return variant.diagnostics();
            return runSimulation(variant.value(), options, progress);
        }
    const auto started = std::chrono::steady_clock::now();
    auto compiled = engine::compileNetwork(model);
    if (!compiled.ok())
        return compiled.diagnostics();
    engine::Network &net = compiled.value();

    model::Diagnostics diags;
    model::Scenario scenario; // nominal load: Scenario's defaults, no events
    int scenarioIndex = -1;
    if (!options.scenario.empty()) {
        const auto it = std::find_if(model.scenarios.begin(), model.scenarios.end(),
                                     [&](const auto &s) { return s.id == options.scenario; });
        if (it == model.scenarios.end())
            return model::Diagnostics{makeError("/scenarios", "unknown scenario '" +
                                                                  options.scenario + "'")};
        scenario = *it;
        scenarioIndex = static_cast<int>(it - model.scenarios.begin());
    }
    auto streams = stream::compileStreams(model);
    if (!streams.ok())
        return streams.diagnostics();
    auto rtNet = realtime::compileRealtime(model);
    if (!rtNet.ok())
        return rtNet.diagnostics();
    auto plan = engine::compileFailures(model, scenario, scenarioIndex, net);
    if (!plan.ok())
        return plan.diagnostics();
    diags = plan.diagnostics(); // warnings
    for (const auto &a : plan.value().actions) {
        // A partitioned client link needs the client's own visit to wait on.
        if (a.action != model::EventAction::Partition)
            continue;
        for (auto &n : net.nodes)
            if (n.directCall != engine::kNone && net.calls[n.directCall].link == a.target)
                n.directCall = engine::kNone;
    }
    const double duration = options.duration_s.value_or(scenario.duration_s);
    const double warmup = options.warmup_s.value_or(scenario.warmup_s);
    const uint64_t seed = options.seed.value_or(scenario.seed);
    if (!(std::isfinite(duration) && duration > 0 && duration <= 1e7))
        diags.push_back(makeError("duration_s", "the duration must be in (0, 1e7] seconds"));
    if (!(std::isfinite(warmup) && warmup >= 0 && warmup < duration))
        diags.push_back(makeError("warmup_s", "the warm-up must be >= 0 and below the duration"));
    if (options.replications < 1 || options.replications > 100000)
        diags.push_back(makeError("replications", "replications must be in [1, 100000]"));
    if (options.threads < 1 || options.threads > 1024)
        diags.push_back(makeError("threads", "threads must be in [1, 1024]"));
    if (model::hasErrors(diags))
        return diags;

    const int reps = options.replications;
    std::vector<engine::ReplicationOutput> outputs(reps);
    std::vector<stream::StreamOutput> streamOutputs(reps);
    std::vector<realtime::RealtimeOutput> realtimeOutputs(reps);
    std::vector<double> simulated(reps, 0.0);
    std::vector<char> ran(reps, 0);
    std::mutex progressMutex;
    std::mutex foldMutex;
    TimelineFold fold(reps);
    double simulatedTotal = 0;
    std::atomic<int> next{0};

    auto worker = [&]() {
        for (;;) {
            const int r = next.fetch_add(1);
            if (r >= reps || (options.cancel && options.cancel->load()))
                return;
            engine::RunConfig cfg;
            cfg.duration = duration;
            cfg.warmup = warmup;
            cfg.seed = seed;
            cfg.replication = static_cast<uint32_t>(r);
            cfg.maxInFlight = options.maxInFlight;
            cfg.maxCacheEntries = options.maxCacheEntries;
            cfg.cancel = options.cancel;
            cfg.failures = &plan.value();
            cfg.generalKernel = options.generalKernel;
            if (!streams.value().empty())
                cfg.streams = &streams.value(); // the stream kernel runs inside the engine
            engine::TickFn onTick;
            if (progress) {
                onTick = [&, r](const TimelinePoint &p, const std::vector<StateChange> &ch) {
                    std::lock_guard lock(progressMutex);
                    const double now = std::min(p.t_s + 1.0, duration);
                    simulatedTotal += now - simulated[r];
                    simulated[r] = now;
                    Progress info;
                    info.replication = r;
                    info.fraction = simulatedTotal / (duration * reps);
                    info.point = &p;
                    info.changes = &ch;
                    progress(info);
                };
            }
            engine::Engine engine(net, cfg, std::move(onTick));
            outputs[r] = engine.run();
            if (!streams.value().empty() && !outputs[r].cancelled && outputs[r].error.empty()) {
                streamOutputs[r] = std::move(outputs[r].streams);
                outputs[r].events += streamOutputs[r].events;
            }
            if (!rtNet.value().empty() && !outputs[r].cancelled && outputs[r].error.empty()) {
                // The messages published into the realtime gateways, and those their consume
                // links' groups processed in the stream kernel, fanned out (docs/realtime.md).
                realtime::RealtimeRun rr;
                rr.duration = duration;
                rr.warmup = warmup;
                rr.seed = seed;
                rr.replication = static_cast<uint32_t>(r);
                rr.failures = &plan.value();
                rr.randomFailures = &outputs[r].randomFailures;
                rr.published = &outputs[r].timeline;
                if (!streams.value().empty()) {
                    rr.streamNet = &streams.value();
                    rr.streamOutput = &streamOutputs[r];
                }
                realtimeOutputs[r] = realtime::runRealtime(rtNet.value(), rr);
                outputs[r].events += realtimeOutputs[r].events;
                if (!realtimeOutputs[r].error.empty())
                    outputs[r].error = realtimeOutputs[r].error;
            }
            std::vector<std::vector<stream::Handoff>>().swap(streamOutputs[r].handoffs);
            ran[r] = 1;
            std::lock_guard lock(foldMutex);
            fold.finished(r, &outputs[r], !outputs[r].cancelled);
        }
    };
    const int threads = std::min(options.threads, reps);
    if (threads <= 1) {
        worker();
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back(worker);
        for (auto &t : pool)
            t.join();
    }

    SimulationResult result;
    result.model = model.name;
    result.scenario = scenario.id;
    result.seed = seed;
    result.duration_s = duration;
    result.warmup_s = warmup;
    std::vector<engine::ReplicationOutput *> done;
    std::vector<stream::StreamOutput *> streamDone;
    std::vector<realtime::RealtimeOutput *> realtimeDone;
    for (int r = 0; r < reps; ++r) {
        if (!ran[r])
            continue;
        if (!outputs[r].error.empty())
            return model::Diagnostics{makeError("replication " + std::to_string(r),
                                                outputs[r].error)};
        result.events += outputs[r].events;
        result.peakInFlight = std::max(result.peakInFlight, outputs[r].peakInFlight);
        result.plainKernel = outputs[r].plain;
        if (outputs[r].cancelled) {
            result.cancelled = true;
        } else {
            done.push_back(&outputs[r]);
            streamDone.push_back(&streamOutputs[r]);
            realtimeDone.push_back(&realtimeOutputs[r]);
        }
    }
    if (options.cancel && options.cancel->load())
        result.cancelled = true;
    result.replications = static_cast<int>(done.size());

    std::vector<SummaryFigures *> summaries;
    for (auto *o : done)
        summaries.push_back(&o->summary);
    aggregate(result.summary, summaries);
    for (size_t c = 0; c < (done.empty() ? 0 : done.front()->clients.size()); ++c) {
        ClientFigures f;
        f.id = done.front()->clients[c].id;
        std::vector<ClientFigures *> src;
        for (auto *o : done)
            src.push_back(&o->clients[c]);
        aggregate(f, src);
        result.clients.push_back(std::move(f));
    }
    for (size_t c = 0; c < (done.empty() ? 0 : done.front()->components.size()); ++c) {
        ComponentFigures f;
        f.id = done.front()->components[c].id;
        if (const auto &cache = done.front()->components[c].cache) {
            f.cache.emplace();
            f.cache->pubsub = cache->pubsub;
            for (const KeyClassFigures &k : cache->classes)
                f.cache->classes.push_back(KeyClassFigures{k.name, {}, {}, {}});
        }
        std::vector<ComponentFigures *> src;
        for (auto *o : done)
            src.push_back(&o->components[c]);
        aggregate(f, src);
        result.components.push_back(std::move(f));
    }
    for (size_t l = 0; l < (done.empty() ? 0 : done.front()->links.size()); ++l) {
        LinkFigures f;
        f.id = done.front()->links[l].id;
        std::vector<LinkFigures *> src;
        for (auto *o : done)
            src.push_back(&o->links[l]);
        aggregate(f, src);
        result.links.push_back(std::move(f));
    }
    aggregateStreams(result, streamDone);
    aggregateRealtime(result, realtimeDone);
    for (size_t i = 0; i < (done.empty() ? 0 : done.front()->slos.size()); ++i) {
        SloFigures f = done.front()->slos[i];
        std::vector<SloFigures *> src;
        for (auto *o : done)
            src.push_back(&o->slos[i]);
        aggregate(f, src);
        f.met = f.availability.value >= f.availability_objective &&
                (f.latency_ms <= 0 || f.latency_attainment.value >= f.latency_objective);
        result.slos.push_back(std::move(f));
    }
    for (size_t i = 0; i < (done.empty() ? 0 : done.front()->databases.size()); ++i) {
        DatabaseDataFigures f;
        f.id = done.front()->databases[i].id;
        std::vector<DatabaseDataFigures *> src;
        for (auto *o : done)
            src.push_back(&o->databases[i]);
        aggregate(f, src);
        result.databases.push_back(std::move(f));
    }
    for (size_t i = 0; i < (done.empty() ? 0 : done.front()->jobs.size()); ++i) {
        JobFigures f;
        f.id = done.front()->jobs[i].id;
        std::vector<JobFigures *> src;
        for (auto *o : done)
            src.push_back(&o->jobs[i]);
        aggregate(f, src);
        result.jobs.push_back(std::move(f));
    }
    for (size_t i = 0; i < (done.empty() ? 0 : done.front()->views.size()); ++i) {
        ViewFigures f;
        f.id = done.front()->views[i].id;
        std::vector<ViewFigures *> src;
        for (auto *o : done)
            src.push_back(&o->views[i]);
        aggregate(f, src);
        result.views.push_back(std::move(f));
    }
    if (!done.empty())
        result.losses = done.front()->losses; // replication 0 when it finished
    for (const auto &n : net.nodes)
        if (n.autoscaled)
            result.autoscaled.push_back(n.id);
    result.timeline = fold.average();
    if (!done.empty())
        result.changes = done.front()->changes; // replication 0 when it finished
    result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                        .count();
    return model::Result<SimulationResult>(std::move(result), std::move(diags));
}

} // namespace archsim::simulator
