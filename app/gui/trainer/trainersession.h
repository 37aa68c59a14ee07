#pragma once

// One scenario played in trainer mode. The simulation runs ahead at full speed on a worker
// (SimulationController); the player reveals its timeline at the trainer's pace into a second
// RunTimeline (`revealed()`) that the presentation's charts and canvas follow, so they show
// exactly the seconds up to the player's clock. Seeking back or restarting rebuilds the
// revealed timeline from the run; nothing is simulated twice.

#include "runtimeline.h"

#include "archsim/model/types.h"

#include <QObject>
#include <QString>

namespace archsim::gui {

class ScenarioPlayer;
class SimulationController;

class TrainerSession : public QObject {
    Q_OBJECT
public:
    TrainerSession(ScenarioPlayer *player, QObject *parent = nullptr);
    ~TrainerSession() override;

    // Starts simulating `scenarioId` of `model` and loads it into the player (paused at 0 s).
    // Returns false with `error` set when there is no such scenario.
    bool start(const model::Model &model, const std::string &scenarioId,
               QString *error = nullptr);
    // Stops the simulation (if it still runs) and forgets the run.
    void stop();
    // Stops and empties the revealed timeline and the follow-up (another model was opened).
    void clear();

    SimulationController *controller() const { return m_controller; }
    // The run's timeline up to the player's clock.
    RunTimeline *revealed() { return &m_revealed; }
    // The last four state changes (failover, breaker, crash...) revealed since the latest
    // event fired, as lines for the note's follow-up ("02:30  failover: shop-db replica 1").
    QString followUp() const;
    // The simulation failed: its message; "" otherwise.
    QString errorText() const { return m_error; }

signals:
    // The text of followUp() changed.
    void followUpChanged(const QString &text);
    // The simulation ended; `ok` false with errorText() when it could not run.
    void simulationFinished(bool ok);

private:
    void reveal(double t);
    void sourceAdvanced();

    ScenarioPlayer *m_player;
    SimulationController *m_controller;
    RunTimeline m_revealed;
    QString m_error;
    QString m_followUp;
};

} // namespace archsim::gui
