// coarsenTimeline(): a long run's per-second timeline in steps of several seconds
// (archsim-cli simulate --timeline-step, docs/simulation.md).

#include "archsim/simulator/simulation.h"

#include "realtime/realtimereport.h"

#include <algorithm>
#include <cassert>

namespace archsim::simulator {

namespace {

// Adds `v` to `sum` element-wise, growing it as needed.
void addAll(std::vector<double> &sum, const std::vector<double> &v)
{
    if (sum.size() < v.size())
        sum.resize(v.size(), 0.0);
    for (size_t k = 0; k < v.size(); ++k)
        sum[k] += v[k];
}

void scaleAll(std::vector<double> &v, double f)
{
    for (double &x : v)
        x *= f;
}

// One step of `n` seconds, first..first + n.
TimelinePoint mergePoints(const TimelinePoint *first, size_t n)
{
    TimelinePoint out;
    out.t_s = first->t_s;
    out.availability = 0;
    double weight = 0;     // offered load of the step
    double errorSum = 0;   // offered-weighted error rate and shares
    double plainError = 0; // unweighted, for a step with no offered load
    ErrorShares shares{}, plainShares{};
    auto addShares = [](ErrorShares &to, const ErrorShares &e, double w) {
        to.rejected += w * e.rejected;
        to.timeout += w * e.timeout;
        to.refused += w * e.refused;
        to.short_circuited += w * e.short_circuited;
        to.unavailable += w * e.unavailable;
        to.rate_limited += w * e.rate_limited;
    };
    for (size_t i = 0; i < n; ++i) {
        const TimelinePoint &p = first[i];
        out.offered_rps += p.offered_rps;
        out.throughput_rps += p.throughput_rps;
        out.degraded_rps += p.degraded_rps;
        out.work_rps += p.work_rps;
        out.wasted_rps += p.wasted_rps;
        out.availability += p.availability;
        out.p50_ms = std::max(out.p50_ms, p.p50_ms);
        out.p95_ms = std::max(out.p95_ms, p.p95_ms);
        out.p99_ms = std::max(out.p99_ms, p.p99_ms);
        weight += p.offered_rps;
        errorSum += p.offered_rps * p.error_rate;
        plainError += p.error_rate;
        addShares(shares, p.errors, p.offered_rps);
        addShares(plainShares, p.errors, 1.0);
        addAll(out.utilization, p.utilization);
        addAll(out.arrival_rps, p.arrival_rps);
        addAll(out.cache_hit_ratio, p.cache_hit_ratio);
        addAll(out.link_rps, p.link_rps);
        addAll(out.replicas, p.replicas);
        addAll(out.burn_rate, p.burn_rate);
        out.replica_lag_ms.resize(std::max(out.replica_lag_ms.size(), p.replica_lag_ms.size()));
        for (size_t k = 0; k < p.replica_lag_ms.size(); ++k)
            out.replica_lag_ms[k] = std::max(out.replica_lag_ms[k], p.replica_lag_ms[k]);
        out.job_staleness_s.resize(
            std::max(out.job_staleness_s.size(), p.job_staleness_s.size()));
        for (size_t k = 0; k < p.job_staleness_s.size(); ++k)
            out.job_staleness_s[k] = std::max(out.job_staleness_s[k], p.job_staleness_s[k]);
        out.view_staleness_s.resize(
            std::max(out.view_staleness_s.size(), p.view_staleness_s.size()));
        for (size_t k = 0; k < p.view_staleness_s.size(); ++k)
            out.view_staleness_s[k] = std::max(out.view_staleness_s[k], p.view_staleness_s[k]);
        addAll(out.stale_read_share, p.stale_read_share);
    }
    const double mean = 1.0 / double(n);
    out.offered_rps *= mean;
    out.throughput_rps *= mean;
    out.degraded_rps *= mean;
    out.work_rps *= mean;
    out.wasted_rps *= mean;
    out.availability *= mean;
    for (auto *v : {&out.utilization, &out.arrival_rps, &out.cache_hit_ratio, &out.link_rps,
                    &out.replicas, &out.burn_rate, &out.stale_read_share})
        scaleAll(*v, mean);
    if (weight > 0) {
        out.error_rate = errorSum / weight;
        addShares(out.errors, shares, 1.0 / weight);
    } else {
        out.error_rate = plainError * mean;
        addShares(out.errors, plainShares, mean);
    }
    return out;
}

} // namespace

void coarsenTimeline(SimulationResult &result, int step_s)
{
    assert(step_s >= 1);
    if (step_s <= 1)
        return;
    const auto step = static_cast<size_t>(step_s);
    std::vector<TimelinePoint> merged;
    merged.reserve(result.timeline.size() / step + 1);
    for (size_t i = 0; i < result.timeline.size(); i += step)
        merged.push_back(
            mergePoints(&result.timeline[i], std::min(step, result.timeline.size() - i)));
    result.timeline = std::move(merged);
    for (GroupFigures &g : result.groups) {
        std::vector<LagPoint> lag;
        lag.reserve(g.lag.size() / step + 1);
        for (size_t i = 0; i < g.lag.size(); i += step) {
            const size_t end = std::min(i + step, g.lag.size());
            LagPoint p;
            p.t_s = g.lag[end - 1].t_s;
            for (size_t k = i; k < end; ++k) {
                p.messages = std::max(p.messages, g.lag[k].messages);
                p.seconds = std::max(p.seconds, g.lag[k].seconds);
            }
            lag.push_back(p);
        }
        g.lag = std::move(lag);
    }
    coarsenRealtime(result, step_s);
    result.timeline_step_s = double(step_s) * result.timeline_step_s;
}

} // namespace archsim::simulator
