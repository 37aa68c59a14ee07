#pragma once

// Shows a simulation run on the canvas: cards coloured by the utilization of the last
// simulated second (with a legend in the view's corner), failed or hung replicas marked, links
// thickened by their call rate and marked while their breaker is open or a partition cuts them;
// hovering a card shows its current figures. It follows a RunTimeline (live, or up to a time a
// player chooses) and restores the normal look when the timeline is cleared.

#include "runtimeline.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <optional>

class QGraphicsView;
class QWidget;

namespace archsim::gui {

class CanvasScene;
class Document;
class RunLegend;

class SimCanvasOverlay : public QObject {
    Q_OBJECT
public:
    SimCanvasOverlay(Document *doc, CanvasScene *scene, QGraphicsView *view,
                     QObject *parent = nullptr);

    // Follows a timeline (nullptr: normal look).
    void setTimeline(RunTimeline *timeline);
    // Shows the state at simulated time t; nullopt follows the end of the timeline (live).
    void setTime(std::optional<double> t);
    // Applies the state now (instead of at the next refresh tick).
    void refresh();
    // The legend shown in the view's corner while a run is shown.
    QWidget *legend() const;

private:
    void clearLook();
    void scheduleRefresh();

    Document *m_doc;
    CanvasScene *m_scene;
    QPointer<QGraphicsView> m_view;
    QPointer<RunTimeline> m_timeline;
    RunLegend *m_legend = nullptr;
    std::optional<double> m_time;
    QTimer m_refresh;
    bool m_shown = false;
};

} // namespace archsim::gui
