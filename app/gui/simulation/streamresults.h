#pragma once

// The stream figures of a finished run (one row per consume link's group) beside the stream
// estimate (docs/streams.md), and the chart of each group's lag over simulated time.

#include "figuretable.h"

#include "archsim/model/streamanalytic.h"

#include <QWidget>

class QChart;
class QChartView;

namespace archsim::gui {

// Rows: the groups of a run; sortable through a proxy on Qt::UserRole (the raw number).
class StreamResultsModel : public FigureTableModel {
    Q_OBJECT
public:
    explicit StreamResultsModel(QObject *parent = nullptr);

    // Shows a run's groups (nullptr: empty) with the estimates to compare against.
    void setRun(std::shared_ptr<const simulator::SimulationResult> run,
                std::vector<model::StreamEstimate> estimates);

protected:
    int rows() const override;
    FigureCell cell(int row, int column) const override;

private:
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
