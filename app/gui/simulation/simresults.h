#pragma once

// The results of a finished run as tables (one row per station, one per link) with the
// analytic estimate beside each simulated figure, and their CSV export.

#include "archsim/model/analytic.h"
#include "archsim/simulator/simulation.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>
#include <vector>

namespace archsim::gui {

// One component's cost per month under a run (docs/operations.md), as the dock computes it.
struct CostRow {
    QString id;
    double requested = 0;   // replicas
    double used = 0;        // mean replicas in the run
    double replicaHour = 0; // money per replica-hour
    double month = 0;       // money per month
};

// Rows of a run's results; sortable through a proxy on Qt::UserRole (the raw number).
// Components and links come from the run; SLO rows (one per client with an slo) too; cost
// rows are given with setCost().
class ResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Rows { Components, Links, Slos, Costs };
    explicit ResultsModel(Rows rows, QObject *parent = nullptr);

    // Shows a run (nullptr: empty) with the estimate to compare against (nullopt: none).
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::optional<model::AnalyticEstimate> estimate);

    // Shows the cost rows (Rows::Costs) of the run shown.
    void setCost(std::vector<CostRow> rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    Rows m_rows;
    std::shared_ptr<const simulator::SimulationResult> m_run;
    std::optional<model::AnalyticEstimate> m_estimate;
    std::vector<CostRow> m_cost;
};

// Returns a run's results as CSV (RFC 4180): a "component" section with the analytic columns
// beside the simulated ones, then a "link" section. Empty cells where there is no figure.
QString resultsCsv(const simulator::SimulationResult &run,
                   const std::optional<model::AnalyticEstimate> &estimate);

} // namespace archsim::gui
