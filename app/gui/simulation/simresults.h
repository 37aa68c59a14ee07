#pragma once

// The results of a finished run as tables (one row per station, one per link) with the
// analytic estimate beside each simulated figure, and their CSV export.

#include "archsim/model/analytic.h"
#include "archsim/simulator/simulation.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

namespace archsim::gui {

// Rows of a run's results; sortable through a proxy on Qt::UserRole (the raw number).
class ResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Rows { Components, Links };
    explicit ResultsModel(Rows rows, QObject *parent = nullptr);

    // Shows a run (nullptr: empty) with the estimate to compare against (nullopt: none).
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::optional<model::AnalyticEstimate> estimate);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    Rows m_rows;
    std::shared_ptr<const simulator::SimulationResult> m_run;
    std::optional<model::AnalyticEstimate> m_estimate;
};

// Returns a run's results as CSV (RFC 4180): a "component" section with the analytic columns
// beside the simulated ones, then a "link" section. Empty cells where there is no figure.
QString resultsCsv(const simulator::SimulationResult &run,
                   const std::optional<model::AnalyticEstimate> &estimate);

} // namespace archsim::gui
