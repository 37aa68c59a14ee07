#include "scenarioplayer.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

namespace archsim::gui {

namespace {

constexpr int kTickMs = 33; // ~30 frames a second: smooth, cheap

QString seconds(double s)
{
    return QString::number(s, 'g', 4) + QStringLiteral(" s");
}

} // namespace

ScenarioPlayer::ScenarioPlayer(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    m_now = [clock] { return clock->elapsed(); };
    m_timer->setInterval(kTickMs);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &ScenarioPlayer::tick);
}

void ScenarioPlayer::load(const model::Scenario &scenario)
{
    pause();
    m_events.clear();
    std::vector<model::ScenarioEvent> sorted = scenario.events;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.at_s < b.at_s; });
    for (const auto &e : sorted)
        m_events.push_back({e.at_s, e.action, describe(e), QString::fromStdString(e.note)});
    m_duration = scenario.duration_s;
    m_available = 0;
    m_t = 0;
    m_current = -1;
    m_next = 0;
    m_pendingStep = -1;
    m_waiting = false;
    emit timeChanged(0);
    emit stateChanged();
}

void ScenarioPlayer::setClock(std::function<qint64()> nowMs)
{
    m_now = std::move(nowMs);
    m_last = m_now();
}

void ScenarioPlayer::setAvailable(double t_s)
{
    m_available = std::min(std::max(t_s, m_available), m_duration);
    if (m_pendingStep >= 0 && m_available >= m_pendingStep) {
        const double target = m_pendingStep;
        m_pendingStep = -1;
        m_waiting = false;
        moveTo(target);
        emit stateChanged();
    }
}

void ScenarioPlayer::play()
{
    if (m_playing)
        return;
    if (m_t >= m_duration && m_duration > 0)
        restart();
    m_playing = true;
    m_last = m_now();
    m_timer->start();
    emit stateChanged();
}

void ScenarioPlayer::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_waiting = false;
    m_timer->stop();
    emit stateChanged();
}

void ScenarioPlayer::restart()
{
    m_t = 0;
    m_current = -1;
    m_next = 0;
    m_pendingStep = -1;
    m_waiting = false;
    m_last = m_now();
    emit timeChanged(0);
    emit stateChanged();
    fireUpTo(0);
}

void ScenarioPlayer::stepToNextEvent()
{
    const double target =
        m_next < int(m_events.size()) ? m_events[size_t(m_next)].at_s : m_duration;
    if (target <= m_available) {
        moveTo(target);
        return;
    }
    m_pendingStep = target; // the simulation has not got there yet
    m_waiting = true;
    emit stateChanged();
}

void ScenarioPlayer::setSpeed(double factor)
{
    m_speed = std::clamp(factor, 1.0, 100.0);
    emit stateChanged();
}

void ScenarioPlayer::seek(double t_s)
{
    if (t_s < m_t) {
        // Going back: events after the new time fire again when reached.
        m_current = -1;
        m_next = 0;
        while (m_next < int(m_events.size()) && m_events[size_t(m_next)].at_s <= t_s) {
            m_current = m_next;
            ++m_next;
        }
        m_t = std::max(0.0, std::min(t_s, m_available));
        emit timeChanged(m_t);
        if (m_current >= 0)
            emit eventFired(m_current);
        return;
    }
    moveTo(t_s);
}

void ScenarioPlayer::tick()
{
    const qint64 now = m_now();
    const qint64 elapsed = now - m_last;
    m_last = now;
    if (!m_playing)
        return;
    moveTo(m_t + double(elapsed) / 1000.0 * m_speed);
}

void ScenarioPlayer::moveTo(double t)
{
    t = std::clamp(t, 0.0, m_duration);
    bool stopAtEvent = false;
    if (m_playing && m_pauseAtEvents && m_next < int(m_events.size())
        && m_events[size_t(m_next)].at_s <= t && m_events[size_t(m_next)].at_s > m_t) {
        t = m_events[size_t(m_next)].at_s;
        stopAtEvent = true;
    }
    const bool waiting = m_playing && t > m_available && m_available < m_duration;
    t = std::min(t, m_available);
    if (waiting != m_waiting) {
        m_waiting = waiting;
        emit stateChanged();
    }
    if (t != m_t) {
        m_t = t;
        emit timeChanged(m_t);
    }
    fireUpTo(m_t);
    if (stopAtEvent && m_t >= m_events[size_t(m_current)].at_s)
        pause();
    if (m_t >= m_duration && m_duration > 0) {
        pause();
        emit finished();
    }
}

void ScenarioPlayer::fireUpTo(double t)
{
    while (m_next < int(m_events.size()) && m_events[size_t(m_next)].at_s <= t + 1e-9) {
        m_current = m_next++;
        emit eventFired(m_current);
    }
}

QString ScenarioPlayer::clockText(double t_s)
{
    const int s = int(std::floor(std::max(0.0, t_s)));
    return QStringLiteral("%1:%2").arg(s / 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString ScenarioPlayer::describe(const model::ScenarioEvent &e)
{
    using model::EventAction;
    const QString target = QString::fromStdString(e.target);
    QString text;
    switch (e.action) {
    case EventAction::Crash:
        text = QStringLiteral("Crash %1").arg(target);
        if (e.replica >= 0)
            text += QStringLiteral(" replica %1").arg(e.replica);
        text += e.mode == model::CrashMode::Hang ? QStringLiteral(" (hangs)")
                                                 : QStringLiteral(" (refuses)");
        break;
    case EventAction::Slow:
        text = QStringLiteral("%1 slows down x%2").arg(target).arg(e.factor);
        break;
    case EventAction::Partition:
        text = QStringLiteral("Link %1 cut").arg(target);
        break;
    case EventAction::ZoneOutage:
        text = QStringLiteral("Zone %1 goes dark").arg(target);
        break;
    case EventAction::Flush:
        text = QStringLiteral("Cache %1 flushed").arg(target);
        break;
    case EventAction::Load:
        text = QStringLiteral("Load x%1 on %2")
                   .arg(e.factor)
                   .arg(target.isEmpty() ? QStringLiteral("every client") : target);
        break;
    case EventAction::Poison:
        text = QStringLiteral("A poison message in %1").arg(target);
        break;
    case EventAction::RegionOutage:
        text = QStringLiteral("Region %1 goes dark").arg(target);
        break;
    case EventAction::DataLoss:
        text = QStringLiteral("%1 loses its data (restore from backup)").arg(target);
        break;
    }
    if (e.for_s > 0 && e.action != EventAction::Flush && e.action != EventAction::DataLoss)
        text += QStringLiteral(" for ") + seconds(e.for_s);
    return text;
}

} // namespace archsim::gui
