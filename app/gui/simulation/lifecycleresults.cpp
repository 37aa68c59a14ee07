#include "lifecycleresults.h"

#include <algorithm>

namespace archsim::gui {

namespace {

const FigureTableModel::Column kColumns[] = {
    {"job or view", "An ETL job, or a materialized view on a database holding it", true},
    {"kind", "job, or view (concurrent: REFRESH ... CONCURRENTLY)", true},
    {"runs", "Runs (refreshes) that finished in the measured window"},
    {"skipped", "Starts due while the previous run still went (dropped)"},
    {"run s", "Run (refresh) time, mean: from its start (due time) to its end"},
    {"run s p95", "Run (refresh) time, 95th percentile"},
    {"run s max", "Run (refresh) time, largest"},
    {"staleness s", "Age of the newest data the sink (view) holds, time-averaged"},
    {"staleness s (analytic)", "period / 2 + run time (hover for the formula)"},
    {"staleness max s", "Largest age of the sink's (view's) data"},
    {"staleness max s (analytic)", "period + run time (hover for the formula)"},
    {"blocked reads", "Reads of the view that waited for a refresh without CONCURRENTLY"},
    {"blocked wait ms", "Their wait for the refresh's end, mean (hover: the largest)"},
};
static_assert(sizeof(kColumns) / sizeof(kColumns[0]) == LifecycleResultsModel::ColumnCount);

// An estimate more than 20% (and a second) away from the simulated figure stands out.
bool far(double simulated, double estimate)
{
    const double scale = std::max({std::abs(simulated), std::abs(estimate), 1e-9});
    return std::abs(simulated - estimate) / scale > 0.2 && std::abs(simulated - estimate) > 1;
}

} // namespace

LifecycleResultsModel::LifecycleResultsModel(QObject *parent)
    : FigureTableModel(kColumns, ColumnCount, parent)
{
}

void LifecycleResultsModel::setRun(std::shared_ptr<const simulator::SimulationResult> run,
                                   std::vector<model::JobEstimate> jobs,
                                   std::vector<model::ViewRefreshEstimate> views)
{
    beginResetModel();
    m_run = std::move(run);
    m_jobs = std::move(jobs);
    m_views = std::move(views);
    endResetModel();
}

int LifecycleResultsModel::rows() const
{
    return static_cast<int>(m_run->jobs.size() + m_run->views.size());
}

FigureCell LifecycleResultsModel::cell(int row, int column) const
{
    FigureCell c;
    const size_t r = static_cast<size_t>(row);
    const bool isJob = r < m_run->jobs.size();
    const simulator::JobFigures *job = isJob ? &m_run->jobs[r] : nullptr;
    const simulator::ViewFigures *view = isJob ? nullptr : &m_run->views[r - m_run->jobs.size()];
    const std::string id = isJob ? job->id : view->id;
    // The estimate's figures: run time, staleness and their formulas.
    bool estimated = false, concurrent = false;
    double estMean = 0, estMax = 0;
    QString formula;
    for (const auto &e : m_jobs)
        if (isJob && e.job == id) {
            estimated = true;
            estMean = e.staleness_mean_s;
            estMax = e.staleness_max_s;
            formula = QString::fromStdString(e.staleness_formula + "\nrun: " + e.run_formula);
        }
    for (const auto &e : m_views)
        if (!isJob && e.id == id) {
            estimated = true;
            concurrent = e.concurrent;
            estMean = e.staleness_mean_s;
            estMax = e.staleness_max_s;
            formula =
                QString::fromStdString(e.staleness_formula + "\nrefresh: " + e.refresh_formula);
        }
    const double simMean = isJob ? job->staleness_s_mean.value : view->staleness_s_mean.value;
    const double simMax = isJob ? job->staleness_s_max.value : view->staleness_s_max.value;
    switch (column) {
    case Name: c.text = QString::fromStdString(id); break;
    case Kind:
        c.text = isJob ? tr("job") : concurrent ? tr("view (concurrent)") : tr("view");
        break;
    case Runs:
        c.value = isJob ? job->runs.value : view->refreshes.value;
        c.decimals = 0;
        break;
    case Skipped:
        c.value = isJob ? job->skipped.value : view->skipped.value;
        c.decimals = 0;
        c.warn = c.value > 0;
        break;
    case RunMean: c.value = isJob ? job->run_s_mean.value : view->refresh_s_mean.value; break;
    case RunP95: c.value = isJob ? job->run_s_p95.value : view->refresh_s_p95.value; break;
    case RunMax: c.value = isJob ? job->run_s_max.value : view->refresh_s_max.value; break;
    case StalenessMean: c.value = simMean; break;
    case StalenessMeanEstimate:
        if (estimated) {
            c.value = estMean;
            c.tip = formula;
            c.warn = far(simMean, estMean);
        }
        break;
    case StalenessMax: c.value = simMax; break;
    case StalenessMaxEstimate:
        if (estimated) {
            c.value = estMax;
            c.tip = formula;
            c.warn = far(simMax, estMax);
        }
        break;
    case BlockedReads:
        if (view) {
            c.value = view->blocked_reads.value;
            c.decimals = 0;
            c.warn = c.value > 0;
            c.tip = tr("%1 reads of the view in the window").arg(view->reads.value, 0, 'f', 0);
        }
        break;
    case BlockedWait:
        if (view && view->blocked_reads.value > 0) {
            c.value = view->blocked_wait_ms_mean.value;
            c.decimals = 0;
            c.tip = tr("largest wait: %1 ms").arg(view->blocked_wait_ms_max.value, 0, 'f', 0);
        }
        break;
    default: break;
    }
    return c;
}

} // namespace archsim::gui
