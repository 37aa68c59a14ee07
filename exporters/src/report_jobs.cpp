// The review report's "Jobs and views" section (docs/data-lifecycle.md, "Jobs" and
// "Refreshes"): each ETL job and each refreshed materialized view with its schedule, what it
// reads and writes, the analytic run time and staleness, and what the last simulation run that
// ran them measured, the staleness beside its estimate.

#include "report_internal.h"

#include "archsim/model/analytic.h"
#include "archsim/model/jobs.h"
#include "archsim/model/viewrefresh.h"

#include <string>

namespace archsim::exporters::report {

namespace {

const SimulationRun *lastRunWith(const ReportOptions &options)
{
    for (auto it = options.runs.rbegin(); it != options.runs.rend(); ++it)
        for (const char *key : {"jobs", "views"}) {
            const auto found = it->data.find(key);
            if (found != it->data.end() && found->is_object() && !found->empty())
                return &*it;
        }
    return nullptr;
}

// Returns the figures object of `id` under `key` of the run (null when it has none).
const nlohmann::json *figuresOf(const SimulationRun *run, const char *key, const std::string &id)
{
    if (!run)
        return nullptr;
    const auto group = run->data.find(key);
    if (group == run->data.end() || !group->is_object())
        return nullptr;
    const auto f = group->find(id);
    return f != group->end() && f->is_object() ? &*f : nullptr;
}

double value(const nlohmann::json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : 0.0;
}

// The estimate cells: run time, staleness mean / max, each with its formula on hover.
std::string estimateCells(double run, const std::string &runFormula, double mean, double max,
                          const std::string &staleFormula, bool overlaps)
{
    return "<td class=\"num nw\" title=\"" + h(runFormula) + "\">" + span(run) +
           (overlaps ? " <span class=\"badge sev-warning\">overlaps</span>" : "") +
           "</td><td class=\"num nw\" title=\"" + h(staleFormula) + "\">" + span(mean) +
           " / " + span(max) + "</td>";
}

// The measured cells: runs (skipped), run time mean / max, staleness mean / max with the
// measured mean's difference to the estimate.
std::string measuredCells(const nlohmann::json *f, const char *runs, const char *prefix,
                          double estimateMean, const std::string &extra)
{
    if (!f)
        return "<td colspan=\"3\" class=\"muted\">not in the run</td>";
    const std::string p = prefix;
    const double mean = value(*f, "staleness_s_mean");
    std::string vs;
    if (estimateMean > 0 && mean > 0)
        vs = " <span class=\"muted\">(" + std::string(mean >= estimateMean ? "+" : "") +
             fmt(100 * (mean - estimateMean) / estimateMean, 0) + "% vs estimate)</span>";
    return "<td class=\"num nw\">" + fmt(value(*f, runs), 0) + " (" +
           fmt(value(*f, "skipped"), 0) + " skipped)" + extra + "</td><td class=\"num nw\">" +
           span(value(*f, (p + "_s_mean").c_str())) + " / " +
           span(value(*f, (p + "_s_max").c_str())) + "</td><td class=\"num nw\">" +
           span(mean) + " / " + span(value(*f, "staleness_s_max")) + vs + "</td>";
}

} // namespace

std::string jobsSection(const model::Model &m, const ReportOptions &options)
{
    const auto jobs = model::estimateJobs(m, model::estimate(m));
    const auto views = model::estimateViewRefreshes(m);
    if (jobs.empty() && views.empty())
        return {};
    const SimulationRun *run = lastRunWith(options);
    std::string o = "<section id=\"jobs\"><h2>Jobs and views</h2>\n<p>ETL jobs copy data to "
                    "their sink on a schedule; a materialized view is refreshed on one. Either "
                    "holds the data of the last run's start: its staleness goes from the run "
                    "time to the period plus the run time (mean: half the period plus the run "
                    "time). Hover an estimate for its formula.</p>\n";
    o += "<table><thead><tr><th>Job or view</th><th>Schedule</th><th>Reads → writes</th>"
         "<th class=\"num nw\">Run (estimate)</th>"
         "<th class=\"num nw\">Staleness mean / max (estimate)</th>"
         "<th class=\"num nw\">Runs</th><th class=\"num nw\">Run time mean / max</th>"
         "<th class=\"num nw\">Staleness mean / max</th></tr></thead><tbody>\n";
    for (const model::JobEstimate &e : jobs) {
        o += "<tr><td><code>" + h(e.job) + "</code> job</td><td>" + h(e.schedule) +
             "</td><td>" + (e.source.empty() ? std::string("–") : "<code>" + h(e.source) +
                                                                    "</code>") +
             (e.source_instance.empty() ? "" : " (" + h(e.source_instance) + ")") + " → " +
             (e.sink.empty() ? std::string("nowhere") : "<code>" + h(e.sink) + "</code>") +
             ", " + fmt(e.rows_per_run, 0) + " rows</td>" +
             estimateCells(e.run_s, e.run_formula, e.staleness_mean_s, e.staleness_max_s,
                           e.staleness_formula, e.overlaps) +
             measuredCells(figuresOf(run, "jobs", e.job), "runs", "run", e.staleness_mean_s,
                           "") +
             "</tr>\n";
    }
    for (const model::ViewRefreshEstimate &e : views) {
        std::string reads;
        for (const std::string &r : e.reads)
            reads += (reads.empty() ? "" : ", ") + h(r);
        const nlohmann::json *f = figuresOf(run, "views", e.id);
        std::string blocked;
        if (f && value(*f, "blocked_reads") > 0)
            blocked = "<br>" + fmt(value(*f, "blocked_reads"), 0) + " reads blocked (" +
                      span(value(*f, "blocked_wait_ms_mean") / 1000) + " mean)";
        o += "<tr><td><code>" + h(e.view) + "</code> view on <code>" + h(e.database) +
             "</code></td><td>" + h(e.schedule) + (e.concurrent ? ", concurrent" : "") +
             "</td><td>" + reads + " (" + fmt(e.rows_read, 0) + " rows) → " +
             fmt(e.view_rows, 0) + " rows" +
             (e.concurrent ? std::string() : ", <b>blocks its readers</b>") + "</td>" +
             estimateCells(e.refresh_s, e.refresh_formula, e.staleness_mean_s,
                           e.staleness_max_s, e.staleness_formula, e.overlaps) +
             measuredCells(f, "refreshes", "refresh", e.staleness_mean_s, blocked) + "</tr>\n";
    }
    o += "</tbody></table>\n";
    if (run)
        o += "<p class=\"muted\">Measured: " + h(run->label) + " (its measured window; "
             "staleness time-averaged).</p>\n";
    else if (!options.runs.empty())
        o += "<p class=\"muted\">No run given to the report ran a job or a refresh.</p>\n";
    o += "</section>\n";
    return o;
}

} // namespace archsim::exporters::report
