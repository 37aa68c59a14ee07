#pragma once

// The clock of trainer mode: plays a scenario's timeline in real time scaled by a speed factor
// (1x to 100x), pauses, steps to the next event and restarts. The simulation runs ahead on a
// worker; the player never shows a second the simulation has not reached (it waits for it).
// Views follow timeChanged() and eventFired(); the player knows nothing about widgets.

#include "archsim/model/types.h"

#include <QObject>
#include <QString>

#include <functional>
#include <vector>

class QTimer;

namespace archsim::gui {

class ScenarioPlayer : public QObject {
    Q_OBJECT
public:
    // One scripted moment of the scenario, in time order.
    struct Event {
        double at_s = 0;
        model::EventAction action = model::EventAction::Crash;
        QString title; // "crash shop-db (replica 0, hang) for 90 s"
        QString note;  // what the trainer reads to the room
    };

    explicit ScenarioPlayer(QObject *parent = nullptr);

    // Loads a scenario (events sorted by time), resets to 0 s and pauses. Nothing is available
    // until setAvailable() says how far the simulation has got.
    void load(const model::Scenario &scenario);
    // Replaces the wall clock (milliseconds, monotonic) that paces playback; tests inject one.
    void setClock(std::function<qint64()> nowMs);
    // Says that the simulation has produced every second up to `t_s` (the run is ahead).
    void setAvailable(double t_s);

    void play();
    void pause();
    void togglePlay() { isPlaying() ? pause() : play(); }
    // Jumps to 0 s, hides the note, keeps the play state.
    void restart();
    // Jumps to the next event's time and fires it (after the simulation reaches it).
    void stepToNextEvent();
    // Sets the speed factor, clamped to [1, 100] (1 = real time).
    void setSpeed(double factor);
    // Jumps to `t_s` (clamped to what is available), firing the events passed on the way.
    void seek(double t_s);
    // When on, playback stops exactly at each event (the trainer talks, then presses play).
    void setPauseAtEvents(bool on) { m_pauseAtEvents = on; }
    bool pauseAtEvents() const { return m_pauseAtEvents; }

    // Advances by the clock's elapsed time since the previous tick (the timer calls it).
    void tick();

    double time() const { return m_t; }
    double duration() const { return m_duration; }
    double available() const { return m_available; }
    double speed() const { return m_speed; }
    bool isPlaying() const { return m_playing; }
    // True while playback waits for the simulation to reach the next second.
    bool isWaiting() const { return m_waiting; }
    const std::vector<Event> &events() const { return m_events; }
    // Index of the latest event that has fired, -1 before the first.
    int currentEvent() const { return m_current; }
    // Returns "mm:ss" of a time in seconds.
    static QString clockText(double t_s);
    // Returns a one-line description of an event ("crash shop-db (replica 0, hang) for 90 s").
    static QString describe(const model::ScenarioEvent &e);

signals:
    void timeChanged(double t_s);
    // The event `index` fired (its time was reached or stepped to).
    void eventFired(int index);
    // Playing, paused, waiting, speed or restart.
    void stateChanged();
    // The end of the scenario was reached.
    void finished();

private:
    void moveTo(double t);
    void fireUpTo(double t);

    QTimer *m_timer;
    std::function<qint64()> m_now;
    std::vector<Event> m_events;
    double m_duration = 0;
    double m_available = 0;
    double m_t = 0;
    double m_speed = 1;
    double m_pendingStep = -1; // a step waiting for the simulation to reach this time
    qint64 m_last = 0;
    int m_current = -1;
    int m_next = 0;            // first event not fired yet
    bool m_playing = false;
    bool m_waiting = false;
    bool m_pauseAtEvents = false;
};

} // namespace archsim::gui
