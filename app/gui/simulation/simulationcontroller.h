#pragma once

// Runs the simulator off the GUI thread. The worker's progress reaches the GUI thread in
// batches (one queued call per batch, however fast the simulator goes) and lands in a
// RunTimeline that charts, the canvas and a player read. Replication 0 is shown live; when the
// run ends the timeline is replaced by the mean over the replications that finished.
// Cancel stops a run within one simulated second of work (well under a second of wall time).

#include "runtimeline.h"

#include "archsim/model/types.h"
#include "archsim/simulator/simulation.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace archsim::gui {

// What to run: the simulator's options plus the pace at which replication 0 is shown.
struct RunRequest {
    std::string scenario;              // scenario id; empty = steady state (nominal load)
    std::optional<double> duration_s;  // unset = the scenario's
    std::optional<double> warmup_s;    // unset = the scenario's
    std::optional<uint64_t> seed;      // unset = the scenario's
    int replications = 1;
    int threads = 1;
    // Simulated seconds per wall-clock second for replication 0 (1 = real time, 10 = ten times
    // faster); 0 = as fast as the machine goes.
    double speed = 0;
};

class SimulationController : public QObject {
    Q_OBJECT
public:
    explicit SimulationController(QObject *parent = nullptr);
    // Cancels a running simulation and waits for its worker.
    ~SimulationController() override;

    // Starts a run of a copy of `model`; returns false (and does nothing) while one runs.
    bool start(const model::Model &model, const RunRequest &request);
    // Asks the running simulation to stop; finished() follows with cancelled set.
    void cancel();
    bool isRunning() const { return m_running; }
    // Changes the pace of the running (and the next) run; see RunRequest::speed.
    void setSpeed(double speed);
    // Blocks until the running simulation has ended and its signals were delivered (tests).
    void waitForFinished();

    // The live timeline of the current (or last) run.
    RunTimeline *timeline() { return &m_timeline; }
    // The last finished run (also a cancelled one), or nullptr.
    const simulator::SimulationResult *result() const { return m_result.get(); }
    std::shared_ptr<const simulator::SimulationResult> sharedResult() const { return m_result; }
    // The request and the layout of the current (or last) run.
    const RunRequest &request() const { return m_request; }
    const RunLayout &layout() const { return m_timeline.layout(); }
    // The copy of the model that was (or is being) simulated.
    const model::Model &simulatedModel() const { return *m_model; }
    // The error of the last run that failed ("" otherwise), with its diagnostics' places.
    QString errorText() const { return m_error; }
    // Fraction of the whole run (all replications) done, in [0, 1].
    double fraction() const { return m_fraction; }

signals:
    void started();
    // Progress of the whole run in [0, 1]; at most one per batch of points.
    void progress(double fraction);
    // The run ended: `ok` false when the simulator refused it (see errorText()).
    void finished(bool ok, bool cancelled);

private:
    struct Shared; // state the worker writes and the GUI thread drains
    void drain();
    void onWorkerDone();

    RunTimeline m_timeline;
    RunRequest m_request;
    std::shared_ptr<const model::Model> m_model;
    std::shared_ptr<Shared> m_shared;
    QFutureWatcher<void> m_watcher;
    std::shared_ptr<const simulator::SimulationResult> m_result;
    QString m_error;
    double m_fraction = 0;
    bool m_running = false;
};

} // namespace archsim::gui
