// Jobs' analytic estimate (jobs.h; the derivations are in docs/data-lifecycle.md, "Jobs").

#include "archsim/model/jobs.h"

#include "archsim/model/cron.h"
#include "archsim/model/dataprotection.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace archsim::model {

namespace {

std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

const Component *find(const Model &m, const std::string &id)
{
    for (const Component &c : m.components)
        if (c.id == id)
            return &c;
    return nullptr;
}

// Servers of the pool one visit of a link lands in: an instance of a replicated database
// (reads on the replicas spread over them), or the component's whole pool.
double poolServers(const Component &c, bool write, ReadFrom readFrom, std::string &instance)
{
    if (c.kind != ComponentKind::Database || c.replicas < 2) {
        instance.clear();
        return static_cast<double>(c.replicas) * c.workers;
    }
    if (write || readFrom == ReadFrom::Primary) {
        instance = "primary";
        return c.workers;
    }
    if (readFrom == ReadFrom::Any) {
        instance = "any";
        return static_cast<double>(c.replicas) * c.workers;
    }
    instance = "replica";
    return static_cast<double>(c.replicas - 1) * c.workers;
}

} // namespace

std::vector<double> scheduleGaps(const JobSettings &job)
{
    std::vector<double> gaps;
    if (job.interval_s > 0) {
        gaps.push_back(job.interval_s);
    } else if (!job.cron.empty()) {
        CronSchedule cron;
        if (!parseCron(job.cron, cron).empty())
            return gaps;
        const std::vector<double> fires = cronFires(cron, 0, 28.0 * 86400 + 1);
        for (size_t i = 1; i < fires.size(); ++i)
            gaps.push_back(fires[i] - fires[i - 1]);
        if (fires.size() == 1) // once in 28 days: a monthly or yearly line
            gaps.push_back(nextCronFire(cron, fires[0] + 1) - fires[0]);
    }
    return gaps;
}

SawtoothEstimate sawtoothStaleness(std::vector<double> gaps, double run_s)
{
    SawtoothEstimate e;
    // A start that finds the previous run still going is skipped: the gap between runs that
    // happen grows to the first scheduled start after the run ends.
    for (double &g : gaps) {
        if (g > 0 && run_s > g) {
            e.overlaps = true;
            g *= std::ceil(run_s / g);
        }
    }
    double sum = 0;
    double sq = 0;
    for (double g : gaps) {
        sum += g;
        sq += g * g;
        e.max_gap_s = std::max(e.max_gap_s, g);
    }
    e.interval_s = gaps.empty() ? 0 : sum / static_cast<double>(gaps.size());
    e.max_s = e.max_gap_s + run_s;
    e.mean_s = (sum > 0 ? sq / (2 * sum) : 0) + run_s;
    return e;
}

std::vector<JobEstimate> estimateJobs(const Model &model, const AnalyticEstimate &base)
{
    std::vector<JobEstimate> out;
    for (const Component &c : model.components) {
        if (c.kind != ComponentKind::Job)
            continue;
        const JobSettings js = c.job.value_or(JobSettings{});
        JobEstimate e;
        e.job = c.id;
        const Link *read = nullptr;
        const Link *write = nullptr;
        for (const Link &l : model.links) {
            if (l.from != c.id)
                continue;
            if (l.kind == LinkKind::Read && !read)
                read = &l;
            if ((l.kind == LinkKind::Write || l.kind == LinkKind::Publish) && !write)
                write = &l;
        }
        const Component *src = read ? find(model, read->to) : nullptr;
        const Component *dst = write ? find(model, write->to) : nullptr;
        e.source = src ? src->id : "";
        e.sink = dst ? dst->id : "";
        e.schedule = js.continuous        ? "continuous"
                     : !js.cron.empty()   ? "cron " + js.cron
                                          : "every " + num(js.interval_s) + " s";
        std::vector<double> gaps = scheduleGaps(js);
        double meanGap = 0;
        for (double g : gaps)
            meanGap += g;
        meanGap = gaps.empty() ? 0 : meanGap / static_cast<double>(gaps.size());

        const double batch = std::max(1, js.batch_size);
        e.transform_ms = effectiveServiceTime(c).mean_ms;
        e.read_ms = batch * js.read_ms_per_row;
        e.write_ms = dst ? batch * js.write_ms_per_row : 0;
        e.batch_ms = e.transform_ms + e.read_ms + e.write_ms;
        e.parallel = std::max(1, c.replicas * c.workers);
        if (js.incremental && src) {
            const double w = writeRate(model, base, src->id);
            // Rows written since the last start: w x the gap (continuous: w x the run time,
            // which settles at one batch while w x time per row < 1).
            e.rows_per_run = js.continuous ? std::max(1.0, w * e.batch_ms / 1000.0)
                                           : w * meanGap;
        } else {
            e.rows_per_run = static_cast<double>(js.rows);
        }
        e.batches = std::ceil(e.rows_per_run / batch);
        const double work = e.batches * e.batch_ms / 1000.0 / e.parallel;
        // Paced: a batch goes every batch_size / row_rate seconds; the run ends when the last
        // one is done.
        const double gap = js.row_rate > 0 ? batch / js.row_rate : 0;
        const double paced = js.row_rate > 0 && e.batches > 0
                                 ? (e.batches - 1) * gap + e.batch_ms / 1000.0
                                 : 0;
        e.run_s = std::max(work, paced);
        e.run_formula = paced >= work && paced > 0
                            ? "(ceil(rows / batch_size) - 1) x batch_size / row_rate + batch = (" +
                                  num(e.batches) + " - 1) x " + num(gap) + " s + " +
                                  num(e.batch_ms) + " ms = " + num(paced) + " s"
                            : "ceil(rows / batch_size) x (transform + read + write) / parallel"
                              " = " + num(e.batches) + " x (" + num(e.transform_ms) + " + " +
                                  num(e.read_ms) + " + " + num(e.write_ms) + ") ms / " +
                                  std::to_string(e.parallel) + " = " + num(work) + " s";

        if (js.continuous)
            gaps.assign(1, e.run_s); // the next run starts when one ends
        const SawtoothEstimate saw = sawtoothStaleness(gaps, e.run_s);
        e.overlaps = saw.overlaps;
        e.interval_s = saw.interval_s;
        e.max_gap_s = saw.max_gap_s;
        e.staleness_max_s = saw.max_s;
        e.staleness_mean_s = saw.mean_s;
        if (js.continuous)
            e.staleness_formula = "continuous: max = 2 x run = " + num(e.staleness_max_s) +
                                  " s, mean = 1.5 x run = " + num(e.staleness_mean_s) + " s";
        else if (gaps.size() == 1)
            e.staleness_formula = "max = interval + run = " + num(e.max_gap_s) + " + " +
                                  num(e.run_s) + " = " + num(e.staleness_max_s) +
                                  " s, mean = interval / 2 + run = " +
                                  num(e.staleness_mean_s) + " s";
        else
            e.staleness_formula = "max = longest gap + run = " + num(e.staleness_max_s) +
                                  " s, mean = sum(gap^2) / (2 sum(gap)) + run = " +
                                  num(e.staleness_mean_s) + " s";
        e.duty = e.interval_s > 0 ? std::min(1.0, e.run_s / e.interval_s) : 0;

        // Load while running: batches per second x the time one holds a server of the pool.
        const double batchRate = e.run_s > 0 ? e.batches / e.run_s : 0;
        if (src) {
            std::string inst;
            const ReadFrom rf = read->read_from.value_or(src->read_from);
            const double servers = poolServers(*src, false, rf, inst);
            e.source_instance = inst;
            e.source_util_running = batchRate * e.read_ms / 1000.0 / servers;
            e.source_util_mean = e.source_util_running * e.duty;
        }
        if (dst) {
            std::string inst;
            const double servers = poolServers(*dst, true, ReadFrom::Primary, inst);
            e.sink_util_running = batchRate * e.write_ms / 1000.0 / servers;
            e.sink_util_mean = e.sink_util_running * e.duty;
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string jobEstimatesToJson(const std::vector<JobEstimate> &estimates)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const JobEstimate &e : estimates)
        a.push_back({{"job", e.job},
                     {"source", e.source},
                     {"source_instance", e.source_instance},
                     {"sink", e.sink},
                     {"schedule", e.schedule},
                     {"rows_per_run", e.rows_per_run},
                     {"batches", e.batches},
                     {"transform_ms", e.transform_ms},
                     {"read_ms", e.read_ms},
                     {"write_ms", e.write_ms},
                     {"batch_ms", e.batch_ms},
                     {"parallel", e.parallel},
                     {"run_s", e.run_s},
                     {"run_formula", e.run_formula},
                     {"interval_s", e.interval_s},
                     {"max_gap_s", e.max_gap_s},
                     {"overlaps", e.overlaps},
                     {"staleness_max_s", e.staleness_max_s},
                     {"staleness_mean_s", e.staleness_mean_s},
                     {"staleness_formula", e.staleness_formula},
                     {"duty", e.duty},
                     {"source_util_running", e.source_util_running},
                     {"source_util_mean", e.source_util_mean},
                     {"sink_util_running", e.sink_util_running},
                     {"sink_util_mean", e.sink_util_mean}});
    return a.dump(2);
}

std::string jobEstimatesToText(const std::vector<JobEstimate> &estimates)
{
    if (estimates.empty())
        return {};
    std::string out = "\nJobs (ETL and batch; docs/data-lifecycle.md)\n";
    for (const JobEstimate &e : estimates) {
        out += "job " + e.job + ": " + e.schedule + ", " + num(e.rows_per_run) +
               " rows per run from " + (e.source.empty() ? "(no source)" : e.source) +
               (e.source_instance.empty() ? "" : " (" + e.source_instance + ")") + " to " +
               (e.sink.empty() ? "(no sink)" : e.sink) + "\n";
        out += "  run " + num(e.run_s) + " s: " + e.run_formula + "\n";
        if (e.overlaps)
            out += "  a run outlasts its interval: starts are skipped (runs every " +
                   num(e.interval_s) + " s on average)\n";
        out += "  sink staleness: " + e.staleness_formula + "\n";
        out += "  load: source +" + num(e.source_util_running) + " utilization while running (+" +
               num(e.source_util_mean) + " on average), sink +" + num(e.sink_util_running) +
               " (+" + num(e.sink_util_mean) + ")\n";
    }
    return out;
}

} // namespace archsim::model
