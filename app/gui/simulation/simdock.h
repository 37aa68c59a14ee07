#pragma once

// Folder simulation/ (target archsim_gui_simulation): simulating the model from the GUI. The
// controller that runs the simulator on a worker (simulationcontroller.h), the timeline a run
// fills (runtimeline.h), the dock (this file) with its live charts (simcharts.h), results
// tables (simresults.h) and stored runs (simruns.h), and the run drawn on the canvas
// (simcanvas.h). Links common/, document/, canvas/ and the simulator.
//
// The simulation dock: choose a scenario (or steady state), duration, seed, replications and
// pace; Run and Cancel with a progress bar while the charts and the canvas follow the run
// live; afterwards a sortable results table with the analytic estimate beside each figure,
// CSV and JSON export, and the project's stored runs, any of which can be laid over the
// current one on the charts.

#include "simulationcontroller.h"

#include "archsim/model/analytic.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QGraphicsView;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;
class QListWidget;
class QScrollArea;

namespace archsim::gui {

class CanvasScene;
class DataProtectionModel;
class RealtimeResultsModel;
class Document;
class LifecycleResultsModel;
class ResultsModel;
class RunLibrary;
class SimCanvasOverlay;
class SimCharts;
class StreamLagChart;
class StreamResultsModel;
class TopicResultsModel;

class SimDock : public QWidget {
    Q_OBJECT
public:
    SimDock(Document *doc, CanvasScene *scene, QGraphicsView *view, QWidget *parent = nullptr);
    ~SimDock() override;

    // Starts a run with the dock's settings; returns false when one is running or the
    // settings are refused (the status line says why).
    bool run();
    // Cancels the running simulation.
    void cancel();
    // Forgets the shown run: empty charts, the canvas back to its normal look.
    void clearRun();
    // Shows stored run `index` of runs() (charts, canvas at its end, results).
    bool showStoredRun(int index);
    // Lays stored run `index` over the charts (dashed); -1 removes the comparison.
    bool compareWithStoredRun(int index);
    // Writes the shown run's results; false with `error` set on failure.
    bool exportCsv(const QString &path, QString *error = nullptr);
    bool exportJson(const QString &path, QString *error = nullptr);
    // Selects the scenario ("" = steady state) and loads its duration and seed.
    void setScenario(const QString &id);
    // Returns the height the dock's content needs to show the live charts whole, each at
    // least `chartHeight` pixels tall.
    int heightForCharts(int chartHeight) const;

    SimulationController *controller() const { return m_controller; }
    SimCharts *charts() const { return m_charts; }
    SimCanvasOverlay *overlay() const { return m_overlay; }
    RunLibrary *runs() const { return m_runs; }
    ResultsModel *componentResults() const { return m_componentModel; }
    ResultsModel *linkResults() const { return m_linkModel; }
    // The shown run's consumer groups beside the stream estimate, and their lag chart.
    StreamResultsModel *streamResults() const { return m_streamModel; }
    // The shown run's streams and queues: rejected, dropped and blocked publishes.
    TopicResultsModel *topicResults() const { return m_topicModel; }
    StreamLagChart *lagChart() const { return m_lagChart; }
    // The SLO rows (clients with an slo) and the cost rows of the run shown.
    ResultsModel *sloResults() const { return m_sloModel; }
    ResultsModel *costResults() const { return m_costModel; }
    // Per database of the run shown: targets, estimate, measured RPO/RTO, stale reads, lag.
    DataProtectionModel *dataProtectionResults() const { return m_dataModel; }
    // Per realtime gateway of the run shown: its figures, replicas and client-rate classes.
    RealtimeResultsModel *realtimeResults() const { return m_realtimeModel; }
    // Per job and refreshed materialized view of the run shown: runs, run time, staleness.
    LifecycleResultsModel *lifecycleResults() const { return m_lifecycleModel; }
    // The run whose results are shown (the last finished or a stored one), or nullptr.
    std::shared_ptr<const simulator::SimulationResult> shownResult() const { return m_shown; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *scenarioBox() const { return m_scenario; }
    QDoubleSpinBox *durationBox() const { return m_duration; }
    QSpinBox *seedBox() const { return m_seed; }
    QSpinBox *replicationsBox() const { return m_replications; }
    QComboBox *speedBox() const { return m_speed; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }

private:
    void buildUi();
    QWidget *buildResultsTab();
    QWidget *buildRunsTab();
    void refillScenarios();
    void onFinished(bool ok, bool cancelled);
    void showResults(std::shared_ptr<const simulator::SimulationResult> result,
                     const model::Model &model);
    void updateRunsList();
    void setRunning(bool running);
    void exportDialog(bool json);
    // Returns stored run `index`, or nullptr with the reason (if any) on the status line.
    std::shared_ptr<const simulator::SimulationResult> storedRun(int index);

    Document *m_doc;
    SimulationController *m_controller;
    SimCharts *m_charts = nullptr;
    QScrollArea *m_chartsPage = nullptr;
    SimCanvasOverlay *m_overlay = nullptr;
    RunLibrary *m_runs = nullptr;
    RunTimeline *m_compareTimeline = nullptr;
    ResultsModel *m_componentModel = nullptr;
    ResultsModel *m_linkModel = nullptr;
    StreamResultsModel *m_streamModel = nullptr;
    TopicResultsModel *m_topicModel = nullptr;
    StreamLagChart *m_lagChart = nullptr;
    ResultsModel *m_sloModel = nullptr;
    ResultsModel *m_costModel = nullptr;
    DataProtectionModel *m_dataModel = nullptr;
    RealtimeResultsModel *m_realtimeModel = nullptr;
    LifecycleResultsModel *m_lifecycleModel = nullptr;
    std::shared_ptr<const simulator::SimulationResult> m_shown;
    std::optional<model::AnalyticEstimate> m_estimate; // of the model the shown run simulated
    QTabWidget *m_tabs = nullptr;
    QHBoxLayout *m_bar = nullptr; // the run's settings and buttons
    QComboBox *m_scenario = nullptr;
    QDoubleSpinBox *m_duration = nullptr;
    QSpinBox *m_seed = nullptr;
    QSpinBox *m_replications = nullptr;
    QComboBox *m_speed = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_clearButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    bool m_refused = false; // the status says the last run refused the model
    QListWidget *m_runList = nullptr;
    QLabel *m_runsHint = nullptr;
};

} // namespace archsim::gui
