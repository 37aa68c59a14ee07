#pragma once

// Folder sweep/ (target archsim_gui_sweep): Simulate > Sweep..., the capacity sweep of the
// open model (docs/sweeps.md): the parameters, scenarios and objectives of a spec (typed in
// or loaded from a file), run on a worker thread with progress and cancel, the scatter of
// monthly cost against the goal's figure with the Pareto front and the cheapest feasible
// point, each point's figures, and "Apply" of a point to the model as one undo step.

#include "archsim/sweep/spec.h"
#include "archsim/sweep/sweep.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QFutureWatcher>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace archsim::gui {

class Document;

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    explicit SweepDialog(Document *doc, QWidget *parent = nullptr);
    // Cancels a running sweep and waits for its worker.
    ~SweepDialog() override;

    // Appends a parameter row for `pointer` (a JSON pointer into the model) with `values`
    // ("2, 3, 4" or "2..7" or "2..8 step 2"; empty: the field's current value).
    void addParameter(const QString &pointer, const QString &values = {});
    // Fills the form from a spec file; false with the error shown when it is refused.
    bool loadSpec(const QString &path);
    // Returns the spec the form describes, as JSON text.
    QString specText() const;
    // Starts the sweep on a worker thread; false with the errors shown when the spec is bad.
    bool run();
    // Asks the running sweep to stop; the points done are kept.
    void cancel();
    // True from run() until the result is shown (runFinished).
    bool isRunning() const { return m_running; }
    // Returns the last result (its points in index order); empty before the first run.
    const std::optional<sweep::SweepResult> &result() const { return m_result; }
    // Returns the indexes of the cheapest feasible point (-1: none) and of the Pareto front.
    int cheapestIndex() const { return m_cheapest; }
    const std::vector<size_t> &paretoIndexes() const { return m_pareto; }
    // Shows point `index` (of the grid) in the table and its figures; false if not in result.
    bool selectPoint(size_t index);
    // Sets the model to the selected point's values as one undo step; false with the reason
    // shown when there is none or it cannot be applied.
    bool applySelected();
    // Returns the message line (errors, what was applied).
    QString message() const;

signals:
    // Emitted when a run ends (finished, cancelled or failed).
    void runFinished();

private:
    QWidget *createForm();
    QWidget *createResults();
    void addObjective(const QString &scenario, const QString &client, sweep::Metric metric,
                      double bound);
    void prefillObjectives();
    void setMessage(const QString &text, bool error);
    void onProgress(size_t done, size_t total);
    void onFinished();
    void showResult();
    void fillChart();
    void onChartClicked(const QPointF &at, int series);
    void showPoint(int row);
    void updateButtons();

    struct Shared {
        std::atomic<bool> cancel{false};
        std::optional<model::Result<sweep::SweepResult>> out;
    };

    Document *m_doc;
    QTableWidget *m_params = nullptr;
    QListWidget *m_scenarios = nullptr;
    QTableWidget *m_objectives = nullptr;
    QComboBox *m_goalMetric = nullptr;
    QDoubleSpinBox *m_duration = nullptr;
    QSpinBox *m_replications = nullptr;
    QChartView *m_chart = nullptr;
    QTableWidget *m_points = nullptr;
    QTableWidget *m_figures = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_load = nullptr;

    sweep::RunSettings m_runExtra;     // seed, warm-up, min replications of a loaded spec
    bool m_prune = true;
    bool m_earlyStop = true;
    std::optional<sweep::SweepSpec> m_spec;   // the spec of the last run
    std::optional<sweep::SweepResult> m_result;
    int m_cheapest = -1;
    std::vector<size_t> m_pareto;
    std::vector<std::vector<size_t>> m_seriesPoints; // chart series -> point positions
    std::shared_ptr<Shared> m_shared;
    QFutureWatcher<void> m_watcher;
    bool m_running = false;
    QElapsedTimer m_clock;
};

} // namespace archsim::gui
