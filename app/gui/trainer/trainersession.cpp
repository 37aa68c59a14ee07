#include "trainersession.h"

#include "scenarioplayer.h"
#include "simulationcontroller.h"

#include <QStringList>

#include <algorithm>

namespace archsim::gui {

namespace {

// State changes worth a line under the note; the scenario's own events have the note itself.
bool isEngineChange(const simulator::StateChange &c)
{
    // Half-open probes repeat every open_ms and would push the rest out.
    return c.note.empty() && c.kind != "load" && c.kind != "load_end" &&
           c.kind != "breaker_half_open";
}

QString describeChange(const simulator::StateChange &c)
{
    QString what = QString::fromStdString(c.kind);
    what.replace(QLatin1Char('_'), QLatin1Char(' '));
    QString text = QStringLiteral("%1  %2: %3").arg(ScenarioPlayer::clockText(c.t_s), what,
                                                    QString::fromStdString(c.target));
    if (c.replica >= 0)
        text += QStringLiteral(" replica %1").arg(c.replica);
    return text;
}

} // namespace

TrainerSession::TrainerSession(ScenarioPlayer *player, QObject *parent)
    : QObject(parent), m_player(player), m_controller(new SimulationController(this))
{
    connect(m_controller->timeline(), &RunTimeline::appended, this,
            &TrainerSession::sourceAdvanced);
    connect(m_controller->timeline(), &RunTimeline::cleared, this,
            &TrainerSession::sourceAdvanced);
    connect(m_controller, &SimulationController::finished, this, [this](bool ok, bool) {
        m_error = ok ? QString() : m_controller->errorText();
        if (ok)
            m_player->setAvailable(m_controller->timeline()->layout().duration_s);
        // The finished run replaces the live one (the mean over replications): show it.
        m_revealed.clear();
        m_revealed.reset(m_controller->timeline()->layout());
        reveal(m_player->time());
        emit simulationFinished(ok);
    });
    connect(m_player, &ScenarioPlayer::timeChanged, this, &TrainerSession::reveal);
    connect(m_player, &ScenarioPlayer::eventFired, this, [this] { reveal(m_player->time()); });
}

TrainerSession::~TrainerSession()
{
    // The player and the views may be gone already (the window is being destroyed): end the
    // run without telling anybody.
    disconnect(m_controller, nullptr, this, nullptr);
    disconnect(m_controller->timeline(), nullptr, this, nullptr);
    blockSignals(true);
    stop();
}

bool TrainerSession::start(const model::Model &model, const std::string &scenarioId,
                           QString *error)
{
    const auto it = std::find_if(model.scenarios.begin(), model.scenarios.end(),
                                 [&](const auto &s) { return s.id == scenarioId; });
    if (it == model.scenarios.end()) {
        if (error)
            *error = tr("There is no scenario '%1' in this model.")
                         .arg(QString::fromStdString(scenarioId));
        return false;
    }
    stop();
    m_error.clear();
    m_followUp.clear();
    m_player->load(*it);
    RunRequest request;
    request.scenario = scenarioId;
    request.speed = 0; // as fast as the machine goes: the player sets the pace
    m_revealed.reset(RunLayout::fromModel(model, scenarioId));
    if (!m_controller->start(model, request)) {
        if (error)
            *error = tr("A simulation is still running.");
        return false;
    }
    return true;
}

void TrainerSession::stop()
{
    if (m_controller->isRunning()) {
        m_controller->cancel();
        m_controller->waitForFinished();
    }
}

void TrainerSession::clear()
{
    stop();
    m_error.clear();
    m_revealed.clear();
    if (!m_followUp.isEmpty()) {
        m_followUp.clear();
        emit followUpChanged(m_followUp);
    }
}

void TrainerSession::sourceAdvanced()
{
    const RunTimeline *source = m_controller->timeline();
    if (!source->points().empty())
        m_player->setAvailable(source->endTime());
}

void TrainerSession::reveal(double t)
{
    const RunTimeline *source = m_controller->timeline();
    const int points = source->pointsUpTo(t);
    const int changes = source->changesUpTo(t);
    const int havePoints = int(m_revealed.points().size());
    const int haveChanges = int(m_revealed.changes().size());
    if (points < havePoints || changes < haveChanges) {
        m_revealed.reset(source->layout()); // back in time: start over from the run
        return reveal(t);
    }
    // The gateways' seconds come whole with the finished run; the charts draw those before
    // the revealed end.
    if (m_revealed.realtime().empty() && !source->realtime().empty())
        m_revealed.setRealtime(source->realtime());
    if (m_revealed.groupLag().empty() && !source->groupLag().empty())
        m_revealed.setGroupLag(source->groupLag());
    if (points > havePoints || changes > haveChanges) {
        const auto &sp = source->points();
        const auto &sc = source->changes();
        m_revealed.append({sp.begin() + havePoints, sp.begin() + points},
                          {sc.begin() + haveChanges, sc.begin() + changes});
    }
    // The follow-up: what the simulation did since the latest event (the last four changes).
    const int current = m_player->currentEvent();
    const double since = current >= 0 ? m_player->events()[size_t(current)].at_s : 1e300;
    // Changes of one kind in the same second share a line ("breaker closed: a, b").
    QStringList lines;
    QString lastKey;
    for (const auto &c : m_revealed.changes()) {
        if (c.t_s < since || !isEngineChange(c))
            continue;
        const QString key = QString::fromStdString(c.kind) + ScenarioPlayer::clockText(c.t_s);
        QString target = QString::fromStdString(c.target);
        if (c.replica >= 0)
            target += QStringLiteral(" replica %1").arg(c.replica);
        if (key == lastKey && !lines.isEmpty())
            lines.last() += QStringLiteral(", ") + target;
        else
            lines << describeChange(c);
        lastKey = key;
    }
    if (lines.size() > 4)
        lines = lines.mid(lines.size() - 4);
    const QString text = lines.join(QLatin1Char('\n'));
    if (text != m_followUp) {
        m_followUp = text;
        emit followUpChanged(text);
    }
}

QString TrainerSession::followUp() const { return m_followUp; }

} // namespace archsim::gui
