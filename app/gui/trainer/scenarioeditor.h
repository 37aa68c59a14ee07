#pragma once

// The scenario editor (tab "Scenarios"): the model's scenarios in a list, the selected one's
// name, duration, warm-up, seed and description, its events on a timeline (add, drag to move,
// delete) and the selected event's action, target, timing, factor and note. Every change is an
// undo command (scenariocommands.h); the editor never writes the model directly.

#include "archsim/model/types.h"

#include <QWidget>

#include <string>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace archsim::gui {

class Document;
class ScenarioTimeline;

class ScenarioEditor : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioEditor(Document *doc, QWidget *parent = nullptr);

    // Shows scenario `id` ("" = none); returns false when there is no such scenario.
    bool selectScenario(const std::string &id);
    std::string currentScenario() const { return m_current; }
    ScenarioTimeline *timeline() const { return m_timeline; }

    // The editing operations behind the buttons and the timeline, each one undo step.
    // Adds an event of `action` at `at_s` to the current scenario; returns its index or -1.
    int addEvent(model::EventAction action, double at_s);
    void moveEvent(int index, double at_s);
    void deleteEvent(int index);
    // Replaces event `index` of the current scenario; `field` merges typing into one step.
    void editEvent(int index, const model::ScenarioEvent &after, const QString &field);

signals:
    // "Play" was pressed for the current scenario.
    void playRequested(const QString &scenarioId);

private:
    const model::Scenario *scenario() const;
    void rebuildList();
    void refresh();
    void showEventForm(int index);
    void fillTargets(model::EventAction action);
    void applyScenarioField(const QString &field);
    void applyEventField(const QString &field);
    model::ScenarioEvent eventFromForm() const;

    Document *m_doc;
    std::string m_current;
    bool m_updating = false;
    QListWidget *m_list;
    QPushButton *m_addScenario;
    QPushButton *m_removeScenario;
    QPushButton *m_play;
    QLineEdit *m_id;
    QLabel *m_idError;
    QLineEdit *m_name;
    QDoubleSpinBox *m_duration;
    QDoubleSpinBox *m_warmup;
    QLineEdit *m_seed;
    QLineEdit *m_description;
    QLabel *m_overrides;
    QToolButton *m_addEvent;
    ScenarioTimeline *m_timeline;
    QWidget *m_eventForm;
    QComboBox *m_action;
    QComboBox *m_target;
    QComboBox *m_mode;
    QSpinBox *m_replica;
    QDoubleSpinBox *m_at;
    QDoubleSpinBox *m_for;
    QDoubleSpinBox *m_factor;
    QPlainTextEdit *m_note;
    QPushButton *m_deleteEvent;
};

} // namespace archsim::gui
