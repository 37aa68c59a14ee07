#pragma once

// The canvas view: zoom (wheel, pinch, keyboard), pan (middle button, Space+drag, scroll
// bars), fit to view, rubber-band selection, a dotted grid and a minimap in the corner.

#include <QGraphicsView>
#include <QPixmap>
#include <QTimer>

namespace archsim::gui {

class CanvasScene;
class Minimap;

class CanvasView : public QGraphicsView {
    Q_OBJECT
public:
    explicit CanvasView(CanvasScene *scene, QWidget *parent = nullptr);

    // Returns the current zoom factor (1 = 100%).
    qreal zoom() const { return transform().m11(); }
    // Sets the zoom factor, clamped to [0.05, 4], keeping the view centre.
    void setZoom(qreal z);
    void zoomBy(qreal factor);
    // Fits every item (or the selection when `selectionOnly`) into the view; after fitting
    // every item, resizing the view fits again until the user zooms or pans.
    void fitAll(bool selectionOnly = false);
    // Centres the view on a component and selects it.
    void focusComponent(const QString &id);
    void setMinimapVisible(bool on);
    bool minimapVisible() const;
    Minimap *minimap() const { return m_minimap; }

signals:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *e) override;
    bool viewportEvent(QEvent *e) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void mouseReleaseEvent(QMouseEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    void keyReleaseEvent(QKeyEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    void drawBackground(QPainter *p, const QRectF &rect) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void placeMinimap();
    // Shows the minimap only when it is enabled and the model does not fit in the view.
    void updateMinimap();

    Minimap *m_minimap;
    bool m_minimapEnabled = true;
    bool m_panning = false;
    bool m_fitted = false; // the view shows the whole model as fitAll() left it
    bool m_space = false;
    QPoint m_panStart;
};

// An overview of the whole scene; the visible area is drawn as a frame, click or drag moves it.
// The scene is rendered into a picture at most a few times a second (not on every change), so
// a model of thousands of components costs the minimap nothing while the user edits.
class Minimap : public QWidget {
    Q_OBJECT
public:
    explicit Minimap(CanvasView *main);
    // Re-renders the overview soon (coalesces bursts of scene changes).
    void refit();
    // Repaints the frame of the visible area and the selection (cheap: the picture is kept).
    void viewChanged() { update(); }

protected:
    void paintEvent(QPaintEvent *e) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void wheelEvent(QWheelEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    // A theme change repaints the overview at once, not after the edit debounce.
    void changeEvent(QEvent *e) override;

private:
    void render();
    QPointF toScene(QPointF widgetPos) const;

    CanvasView *m_main;
    QPixmap m_picture;
    QRectF m_source;  // scene rectangle shown
    QRectF m_target;  // where it is drawn in the widget
    QTimer *m_timer;
};

} // namespace archsim::gui
