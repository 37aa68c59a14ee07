// ETL and batch jobs (docs/data-lifecycle.md, "Jobs"): a run starts on the job's schedule
// (every interval, on a cron line, or back to back) unless the previous run still goes, in
// which case that start is skipped (Kubernetes' concurrencyPolicy: Forbid). A run moves its
// rows in batches: each batch is a root visit at the job (the transform), then a read of its
// rows on the source and a write of them on the sink, each costing rows x the job's per-row
// time on that station. Batches are paced to row_rate and at most replicas x workers are in
// flight. When a run ends, the sink holds the source's data as of the run's start: the sink's
// staleness (now minus that start) is a sawtooth between the run time and interval + run time.

#include "engine/engine.h"

#include <algorithm>
#include <cmath>

namespace archsim::simulator::engine {

namespace {

// A continuous job whose run found no rows polls again after this long.
constexpr double kEmptyPollS = 1.0;

} // namespace

void fillDurations(std::vector<double> d, Estimate &mean, Estimate &p95, Estimate &max)
{
    if (d.empty())
        return;
    std::sort(d.begin(), d.end());
    double sum = 0;
    for (double x : d)
        sum += x;
    mean.value = sum / static_cast<double>(d.size());
    // nearest rank
    const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(d.size())));
    p95.value = d[std::max<size_t>(rank, 1) - 1];
    max.value = d.back();
}

void Engine::initJobs()
{
    m_jobs.assign(m_net.jobs.size(), JobState{});
    for (uint32_t j = 0; j < m_net.jobs.size(); ++j) {
        const JobDef &def = m_net.jobs[j];
        double first = def.continuous ? 0.0 : def.offset;
        if (def.hasCron)
            first = model::nextCronFire(def.cron, 0);
        if (first >= 0 && first < m_cfg.duration)
            m_events.push(first, EventType::JobStart, j, 0);
    }
}

void Engine::integrateStaleness(Staleness &st)
{
    const double from = std::max(st.lastT, m_cfg.warmup);
    if (m_now > from) {
        // The staleness grows at one second per second: the area of a trapezoid.
        st.area += (m_now - from) * ((from + m_now) / 2.0 - st.asOf);
        st.max = std::max(st.max, m_now - st.asOf);
    }
    st.lastT = std::max(st.lastT, m_now);
    st.secMax = std::max(st.secMax, m_now - st.asOf);
}

void Engine::onJobStart(uint32_t job)
{
    const JobDef &def = m_net.jobs[job];
    JobState &js = m_jobs[job];
    // The next scheduled start (a continuous job starts again when this run ends).
    double next = -1;
    if (def.hasCron)
        next = model::nextCronFire(def.cron, m_now + 1);
    else if (!def.continuous)
        next = m_now + def.interval;
    if (next >= 0 && next < m_cfg.duration)
        m_events.push(next, EventType::JobStart, job, 0);
    if (js.running) {
        if (m_measuring)
            ++js.skipped;
        return;
    }
    js.running = true;
    js.runStart = m_now;
    js.moved = 0;
    js.releaseAt = m_now;
    ++js.runGen;
    js.releasePending = false;
    if (def.incremental) {
        const uint64_t commits = m_data[static_cast<size_t>(def.sourceData)].commitsTotal;
        js.rowsLeft = static_cast<int64_t>(commits - js.sourceMark);
        js.sourceMark = commits;
    } else {
        js.rowsLeft = def.rows;
    }
    releaseBatches(job);
}

void Engine::onJobRelease(uint32_t job, uint32_t gen)
{
    JobState &js = m_jobs[job];
    if (gen != js.runGen || !js.releasePending)
        return;
    js.releasePending = false;
    releaseBatches(job);
}

void Engine::releaseBatches(uint32_t job)
{
    const JobDef &def = m_net.jobs[job];
    JobState &js = m_jobs[job];
    while (js.rowsLeft > 0 && js.inFlight < def.parallel && !m_stop) {
        if (js.releaseAt > m_now) {
            if (!js.releasePending) {
                js.releasePending = true;
                m_events.push(js.releaseAt, EventType::JobRelease, job, js.runGen);
            }
            return;
        }
        const int64_t rows = std::min(def.batchSize, js.rowsLeft);
        js.rowsLeft -= rows;
        if (def.rowRate > 0)
            js.releaseAt += static_cast<double>(rows) / def.rowRate;
        ++js.inFlight;
        const uint32_t v = arrive(def.node, kNone, kNone, kNone, 0);
        if (v == kNone)
            return; // overloaded: the run stops
        // Recorded after arrive(): a visit refused at once answers through a Respond event.
        m_jobs[job].batches.push_back({v, m_visits[v].gen, rows});
    }
    if (js.rowsLeft == 0 && js.inFlight == 0 && js.running)
        finishRun(job);
}

void Engine::onJobBatchDone(uint32_t job, uint32_t visit, uint32_t gen, bool failed)
{
    JobState &js = m_jobs[job];
    const auto it = std::find_if(js.batches.begin(), js.batches.end(),
                                 [&](const JobState::Batch &b) {
                                     return b.visit == visit && b.gen == gen;
                                 });
    if (it == js.batches.end())
        return;
    if (failed) {
        if (m_measuring)
            ++js.failedBatches;
    } else {
        js.moved += it->rows;
    }
    js.batches.erase(it);
    --js.inFlight;
    releaseBatches(job);
}

void Engine::finishRun(uint32_t job)
{
    const JobDef &def = m_net.jobs[job];
    JobState &js = m_jobs[job];
    js.running = false;
    integrateStaleness(js.stale); // up to the instant before the sink catches up
    js.stale.asOf = js.runStart;
    if (m_measuring) {
        ++js.runs;
        js.rows += static_cast<uint64_t>(js.moved);
        js.durations.push_back(m_now - js.runStart);
    }
    if (def.continuous) {
        const double next = m_now > js.runStart ? m_now : m_now + kEmptyPollS;
        if (next < m_cfg.duration)
            m_events.push(next, EventType::JobStart, job, 0);
    }
}

double Engine::jobVisitService(const Visit &x, double drawn) const
{
    const CallDef &c = m_net.calls[x.viaCall];
    const NodeDef &caller = m_net.nodes[c.from];
    int64_t rows = 0;
    if (caller.job >= 0)
        for (const JobState::Batch &b : m_jobs[static_cast<size_t>(caller.job)].batches)
            if (b.visit == x.root && b.gen == x.rootGen)
                rows = b.rows;
    const double mean = static_cast<double>(rows) * c.rowCost;
    // The callee's distribution keeps its shape, scaled to the batch's mean.
    return c.calleeMean > 0 ? drawn / c.calleeMean * mean : mean;
}

void Engine::tickJobs(TimelinePoint &p)
{
    p.job_staleness_s.reserve(m_jobs.size());
    for (JobState &js : m_jobs) {
        integrateStaleness(js.stale);
        p.job_staleness_s.push_back(js.stale.secMax);
        js.stale.secMax = m_now - js.stale.asOf;
    }
}

void Engine::collectJobs(ReplicationOutput &out)
{
    const double window = std::max(m_now - m_cfg.warmup, 1e-12);
    for (size_t j = 0; j < m_jobs.size(); ++j) {
        JobState &js = m_jobs[j];
        integrateStaleness(js.stale);
        JobFigures f;
        f.id = m_net.nodes[m_net.jobs[j].node].id;
        f.runs.value = static_cast<double>(js.runs);
        f.skipped.value = static_cast<double>(js.skipped);
        f.rows.value = static_cast<double>(js.rows);
        f.failed_batches.value = static_cast<double>(js.failedBatches);
        fillDurations(js.durations, f.run_s_mean, f.run_s_p95, f.run_s_max);
        f.staleness_s_mean.value = js.stale.area / window;
        f.staleness_s_max.value = js.stale.max;
        out.jobs.push_back(std::move(f));
        out.jobRuns.push_back(std::move(js.durations));
    }
}

} // namespace archsim::simulator::engine
