#pragma once

// The timeline of the scenario editor: one row per event, a marker at its time and a bar for
// how long it lasts, over an axis of the scenario's duration. Click selects, a horizontal drag
// moves an event (snapped to whole seconds; Shift: tenths), double-click on empty space asks
// for a new event there, Delete asks to remove the selected one. The widget never edits the
// model: it reports what the user did and the editor pushes the undo commands.

#include "archsim/model/types.h"

#include <QWidget>

namespace archsim::gui {

class ScenarioTimeline : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioTimeline(QWidget *parent = nullptr);

    // Shows a scenario (a copy); keeps the selection when the index still exists.
    void setScenario(const model::Scenario &scenario);
    void clear();
    int selected() const { return m_selected; }
    void setSelected(int index);

    // Geometry, public for tests: the x of a time and the centre of an event's marker.
    double xOf(double t_s) const;
    double timeAt(double x) const;
    QPoint markerCenter(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void selectedChanged(int index);
    // A drag of event `index` ended at `at_s` (different from where it was).
    void eventMoved(int index, double at_s);
    // Double-click on empty space at time `at_s`.
    void addRequested(double at_s);
    void deleteRequested(int index);

protected:
    void paintEvent(QPaintEvent *e) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void mouseReleaseEvent(QMouseEvent *e) override;
    void mouseDoubleClickEvent(QMouseEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;

private:
    int eventAt(QPoint pos) const;
    int rowTop(int row) const;
    double snapped(double t, Qt::KeyboardModifiers mods) const;

    model::Scenario m_scenario;
    bool m_has = false;
    int m_selected = -1;
    int m_dragging = -1;
    double m_dragAt = 0;     // the dragged event's time while dragging
    double m_grabOffset = 0; // time between the grab point and the event's time
    bool m_moved = false;
};

// Returns the colour of an event action (crash red, slow amber, ...), shared with the player.
QColor actionColor(model::EventAction action);

} // namespace archsim::gui
