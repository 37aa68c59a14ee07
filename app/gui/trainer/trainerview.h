#pragma once

// Folder trainer/ (target archsim_gui_trainer): scenarios, written and played to a room. The
// presentation page (this file) with its note band (noteoverlay.h), the clock that plays a
// scenario (scenarioplayer.h), the session that runs it ahead on simulation/'s controller
// (trainersession.h), and the scenario editor (scenarioeditor.h) with its timeline
// (scenariotimeline.h). Links common/, document/ and simulation/.
//
// Trainer mode's presentation page: the scenario's title and a large clock on top, the canvas
// and the live charts in the middle, the current event's note under them in large type, and
// the transport (restart, play/pause, next event, speed, a bar with the events to seek) at the
// bottom. It owns the ScenarioPlayer; the main window feeds it the simulation's progress and
// lets the charts and the canvas follow the player's clock.

#include "archsim/model/types.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QSplitter;
class QToolButton;

namespace archsim::gui {

class NoteOverlay;
class ScenarioPlayer;

// The scenario at a glance: played part, simulated part, warm-up and event ticks; click seeks.
class PlayerBar : public QWidget {
    Q_OBJECT
public:
    explicit PlayerBar(ScenarioPlayer *player, QWidget *parent = nullptr);
    void setScenario(const model::Scenario &scenario);
    QSize sizeHint() const override { return {600, 34}; }

signals:
    void seekRequested(double t_s);

protected:
    void paintEvent(QPaintEvent *e) override;
    void mousePressEvent(QMouseEvent *e) override;

private:
    double xOf(double t) const;
    ScenarioPlayer *m_player;
    model::Scenario m_scenario;
};

class TrainerView : public QWidget {
    Q_OBJECT
public:
    explicit TrainerView(QWidget *parent = nullptr);

    ScenarioPlayer *player() const { return m_player; }
    NoteOverlay *overlay() const { return m_overlay; }
    PlayerBar *bar() const { return m_bar; }
    QSplitter *content() const { return m_content; }
    // Loads a scenario into the player (paused at 0 s) and titles the page.
    void load(const model::Scenario &scenario, const QString &modelName);
    const model::Scenario &scenario() const { return m_scenario; }
    // Empties the page: no scenario, no note, no status, a title that says how to start one.
    void clear();
    // The title's text (rich text: the scenario and the model's name).
    QString title() const;
    // Adds the canvas (left) and the charts (right) to the middle of the page, which they share
    // 4 : 5 until the divider between them is dragged.
    void setContent(QWidget *canvas, QWidget *charts);
    // Shows a status line (simulating, failed, waiting); empty hides it.
    void setStatus(const QString &text);
    // Shows what the simulation did since the last event (state changes: failover, breaker).
    void setFollowUp(const QString &text);
    // The speed presets of the combo box (1x to 100x).
    static const std::vector<int> &speeds();
    // The large clock's text ("02:15 / 05:00").
    QString clockText() const;

signals:
    // Esc: leave the presentation.
    void leaveRequested();
    // F11: toggle full screen.
    void fullScreenToggled();
    // The page changed size (the note band's type follows its height).
    void pageResized();

protected:
    void keyPressEvent(QKeyEvent *e) override;
    void changeEvent(QEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    void updateFonts();
    // Shares the page's middle 4 : 5 between the canvas and the charts, unless the user
    // dragged the divider.
    void splitContent();
    void updateClock();
    void updateButtons();
    void eventFired(int index);

    ScenarioPlayer *m_player;
    model::Scenario m_scenario;
    QLabel *m_title;
    QLabel *m_clock;
    QLabel *m_status;
    QSplitter *m_content;
    NoteOverlay *m_overlay;
    PlayerBar *m_bar;
    QToolButton *m_restart;
    QToolButton *m_playPause;
    QToolButton *m_next;
    QComboBox *m_speed;
    QCheckBox *m_stopAtEvents;
    bool m_splitDragged = false; // the user moved the divider: the page keeps their split
};

} // namespace archsim::gui
