#pragma once

// The jobs and views of a finished run (docs/data-lifecycle.md, "Jobs" and "Refreshes"): one
// row per ETL job and per refreshed materialized view (on each database holding it) with its
// runs, skipped starts, run time and staleness beside the analytic estimate, and for a view
// the reads a refresh without CONCURRENTLY blocked.

#include "figuretable.h"

#include "archsim/model/jobs.h"
#include "archsim/model/viewrefresh.h"

namespace archsim::gui {

// Rows: the run's jobs, then its views; sortable through a proxy on Qt::UserRole.
class LifecycleResultsModel : public FigureTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Kind,
        Runs,
        Skipped,
        RunMean,
        RunP95,
        RunMax,
        StalenessMean,
        StalenessMeanEstimate,
        StalenessMax,
        StalenessMaxEstimate,
        BlockedReads,
        BlockedWait,
        ColumnCount
    };
    explicit LifecycleResultsModel(QObject *parent = nullptr);

    // Shows a run's jobs and views (nullptr: empty) beside their estimates.
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::vector<model::JobEstimate> jobs,
                std::vector<model::ViewRefreshEstimate> views);

protected:
    int rows() const override;
    FigureCell cell(int row, int column) const override;

private:
    std::vector<model::JobEstimate> m_jobs;           // matched by job id
    std::vector<model::ViewRefreshEstimate> m_views;  // matched by view id
};

} // namespace archsim::gui
