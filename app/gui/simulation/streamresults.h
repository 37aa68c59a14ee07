#pragma once

// The stream figures of a finished run (one row per consume link's group) beside the stream
// estimate (docs/streams.md), and the chart of each group's lag over simulated time.

#include "archsim/model/streamanalytic.h"
#include "archsim/simulator/simulation.h"

#include <QAbstractTableModel>
#include <QWidget>

#include <memory>
#include <vector>

class QChart;
class QChartView;

namespace archsim::gui {

// Rows: the groups of a run; sortable through a proxy on Qt::UserRole (the raw number).
class StreamResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit StreamResultsModel(QObject *parent = nullptr);

    // Shows a run's groups (nullptr: empty) with the estimates to compare against.
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::vector<model::StreamEstimate> estimates);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    std::shared_ptr<const simulator::SimulationResult> m_run;
    std::vector<model::StreamEstimate> m_estimates; // by group, matched by link id
};

// A chart of each group's lag (messages) per simulated second of the shown run.
class StreamLagChart : public QWidget {
    Q_OBJECT
public:
    explicit StreamLagChart(QWidget *parent = nullptr);

    // Draws the groups of `run` (nullptr: empty; a run without groups says so).
    void setRun(const simulator::SimulationResult *run);
    QChart *chart() const { return m_chart; }
    // The series shown, one per group (tests).
    int seriesCount() const;

private:
    QChart *m_chart;
    QChartView *m_view;
};

} // namespace archsim::gui
