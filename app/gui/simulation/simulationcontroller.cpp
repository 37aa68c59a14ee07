#include "simulationcontroller.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace archsim::gui {

struct SimulationController::Shared {
    std::atomic<bool> cancel{false};
    std::atomic<double> speed{0};
    std::atomic<bool> reanchor{true};
    // Written by the worker under `mutex`, drained by the GUI thread.
    std::mutex mutex;
    std::vector<simulator::TimelinePoint> points;
    std::vector<simulator::StateChange> changes;
    double fraction = 0;
    bool drainPosted = false;
    std::optional<model::Result<simulator::SimulationResult>> result;
    // Pace of replication 0 (worker only): simulated time `anchorSim` was reached at
    // `anchorWall` seconds of `clock`.
    QElapsedTimer clock;
    double anchorSim = 0;
    double anchorWall = 0;
};

namespace {

// Holds the worker back until replication 0's simulated time `simNow` is due at the current
// speed; returns at once on cancel or when the speed becomes 0 (as fast as possible).
template <typename SharedT>
void pace(SharedT &s, double simNow, double simPrev)
{
    if (s.reanchor.exchange(false)) {
        s.anchorSim = simPrev;
        s.anchorWall = static_cast<double>(s.clock.nsecsElapsed()) / 1e9;
    }
    for (;;) {
        const double speed = s.speed.load();
        if (speed <= 0 || s.cancel.load())
            return;
        if (s.reanchor.exchange(false)) {
            s.anchorSim = simPrev;
            s.anchorWall = static_cast<double>(s.clock.nsecsElapsed()) / 1e9;
        }
        const double due = s.anchorWall + (simNow - s.anchorSim) / speed;
        const double now = static_cast<double>(s.clock.nsecsElapsed()) / 1e9;
        if (now >= due)
            return;
        // Short naps so that Cancel and a speed change take effect quickly.
        QThread::usleep(static_cast<unsigned long>(std::min(due - now, 0.02) * 1e6));
    }
}

} // namespace

SimulationController::SimulationController(QObject *parent)
    : QObject(parent), m_model(std::make_shared<model::Model>())
{
    connect(&m_watcher, &QFutureWatcher<void>::finished, this,
            &SimulationController::onWorkerDone);
}

SimulationController::~SimulationController()
{
    if (m_shared)
        m_shared->cancel.store(true);
    m_watcher.waitForFinished();
}

bool SimulationController::start(const model::Model &model, const RunRequest &request)
{
    if (m_running)
        return false;
    m_request = request;
    m_model = std::make_shared<model::Model>(model);
    m_error.clear();
    m_fraction = 0;
    m_shared = std::make_shared<Shared>();
    m_shared->speed.store(request.speed);
    m_shared->clock.start();
    m_timeline.reset(
        RunLayout::fromModel(model, request.scenario, request.duration_s, request.warmup_s));
    m_running = true;

    simulator::SimulationOptions options;
    options.scenario = request.scenario;
    options.duration_s = request.duration_s;
    options.warmup_s = request.warmup_s;
    options.seed = request.seed;
    options.replications = request.replications;
    options.threads = std::max(1, request.threads);
    options.cancel = &m_shared->cancel;
    auto shared = m_shared;
    auto simulated = m_model;
    QPointer<SimulationController> self(this);
    m_watcher.setFuture(QtConcurrent::run([shared, simulated, options, self]() {
        double lastSim = 0;
        auto onProgress = [&](const simulator::Progress &p) {
            const double simNow = p.point->t_s + 1.0;
            bool post = false;
            {
                std::lock_guard lock(shared->mutex);
                shared->fraction = p.fraction;
                if (p.replication == 0) {
                    shared->points.push_back(*p.point);
                    if (p.changes)
                        shared->changes.insert(shared->changes.end(), p.changes->begin(),
                                               p.changes->end());
                }
                post = !shared->drainPosted;
                shared->drainPosted = true;
            }
            // The controller waits for this thread before it dies, and Qt drops the events
            // posted to a deleted object. A member call carries no captured state: a lambda's
            // copy of `self` was freed here while the GUI thread had just read it, a handover
            // that only Qt's own (uninstrumented) reference count ordered.
            if (post && self)
                QMetaObject::invokeMethod(self.data(), &SimulationController::drain,
                                          Qt::QueuedConnection);
            if (p.replication == 0) {
                pace(*shared, simNow, lastSim);
                lastSim = simNow;
            }
        };
        auto result = simulator::runSimulation(*simulated, options, onProgress);
        std::lock_guard lock(shared->mutex);
        shared->result.emplace(std::move(result));
    }));
    emit started();
    return true;
}

void SimulationController::cancel()
{
    if (m_shared)
        m_shared->cancel.store(true);
}

void SimulationController::setSpeed(double speed)
{
    m_request.speed = speed;
    if (m_shared) {
        m_shared->speed.store(speed);
        m_shared->reanchor.store(true);
    }
}

void SimulationController::waitForFinished()
{
    m_watcher.waitForFinished();
    if (m_running)
        onWorkerDone();
}

void SimulationController::drain()
{
    if (!m_shared)
        return;
    std::vector<simulator::TimelinePoint> points;
    std::vector<simulator::StateChange> changes;
    double fraction = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        points.swap(m_shared->points);
        changes.swap(m_shared->changes);
        fraction = m_shared->fraction;
        m_shared->drainPosted = false;
    }
    if (!m_running)
        return; // a late batch of a run that already ended
    m_timeline.append(points, changes);
    if (fraction != m_fraction) {
        m_fraction = fraction;
        emit progress(fraction);
    }
}

void SimulationController::onWorkerDone()
{
    if (!m_running)
        return;
    drain();
    m_running = false;
    std::optional<model::Result<simulator::SimulationResult>> result;
    {
        std::lock_guard lock(m_shared->mutex);
        result.swap(m_shared->result);
    }
    if (!result || !result->ok()) {
        QStringList lines;
        if (result)
            for (const auto &d : result->diagnostics())
                lines << (d.place.empty() ? QString() : QString::fromStdString(d.place) + ": ")
                             + QString::fromStdString(d.message);
        m_error = lines.isEmpty() ? tr("The simulation failed.") : lines.join('\n');
        m_timeline.markFinished();
        emit finished(false, false);
        return;
    }
    auto res = std::make_shared<simulator::SimulationResult>(std::move(*result).value());
    m_result = res;
    const bool cancelled = res->cancelled;
    // A finished run shows the mean over its replications; a cancelled one keeps the live
    // replication 0 (the mean may hold no replication at all).
    if (!cancelled) {
        const RunLayout layout = m_timeline.layout();
        m_timeline.setResult(layout, *res);
    }
    else
        m_timeline.markFinished();
    m_fraction = cancelled ? m_fraction : 1.0;
    emit progress(m_fraction);
    emit finished(true, cancelled);
}

} // namespace archsim::gui
