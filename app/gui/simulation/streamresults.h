#pragma once

// The stream figures of a finished run (one row per consume link's group) beside the stream
// estimate (docs/streams.md), what each stream or queue did with its publishes (a bounded
// queue's rejections, drops and blocked publishers), and the chart of each group's lag over
// simulated time.

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

// Rows: the streams and queues of a run that consume links read, with what became of their
// publishes: rejected (overflow reject: the publisher's call failed), dropped (drop_oldest),
// blocked (the publisher's call waited for room) and the longest wait, the most held.
class TopicResultsModel : public FigureTableModel {
    Q_OBJECT
public:
    // The columns.
    enum Column { Id, Kind, PublishedRate, Rejected, Dropped, Blocked, BlockMsMax, DepthMax,
                  DeadLettersIn, ColumnCount };

    explicit TopicResultsModel(QObject *parent = nullptr);

    // Shows a run's streams and queues (nullptr: empty).
    void setRun(std::shared_ptr<const simulator::SimulationResult> run);

protected:
    int rows() const override;
    FigureCell cell(int row, int column) const override;
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
