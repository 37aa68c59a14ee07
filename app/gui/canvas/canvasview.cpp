#include "canvasview.h"

#include "canvasscene.h"
#include "linkitem.h"
#include "nodeitem.h"
#include "style.h"

#include <QGestureEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTimer>
#include <QWheelEvent>

#include <cmath>

namespace archsim::gui {

CanvasView::CanvasView(CanvasScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent), m_minimap(nullptr)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    // Redraw only what changed; full updates with thousands of items waste frames.
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontSavePainterState);
    setCacheMode(CacheBackground);
    setFrameShape(QFrame::NoFrame);
    setAcceptDrops(true);
    viewport()->grabGesture(Qt::PinchGesture);
    m_minimap = new Minimap(this);
    // Not QGraphicsScene::changed: a connection to it turns off the scene's direct updates of
    // the views, and every card repaint anywhere would then go through it.
    connect(scene, &CanvasScene::layoutChanged, m_minimap, &Minimap::refit);
    // The selection is drawn over the kept picture: no re-render for a click.
    connect(scene, &QGraphicsScene::selectionChanged, m_minimap, &Minimap::viewChanged);
}

void CanvasView::setZoom(qreal z)
{
    z = std::clamp(z, 0.05, 4.0);
    if (transform() == QTransform::fromScale(z, z))
        return; // nothing to redraw
    const ViewportAnchor old = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    setTransform(QTransform::fromScale(z, z));
    setTransformationAnchor(old);
    resetCachedContent();
    emit zoomChanged(z);
    updateMinimap();
    m_fitted = false;
}

void CanvasView::zoomBy(qreal factor)
{
    m_fitted = false;
    const qreal z = std::clamp(zoom() * factor, 0.05, 4.0);
    const qreal f = z / zoom();
    scale(f, f);
    resetCachedContent();
    emit zoomChanged(z);
    updateMinimap();
}

void CanvasView::fitAll(bool selectionOnly)
{
    auto *s = static_cast<CanvasScene *>(scene());
    QRectF r;
    if (selectionOnly)
        for (QGraphicsItem *i : s->selectedItems())
            r |= i->sceneBoundingRect();
    if (r.isNull())
        r = s->contentRect();
    fitInView(r.adjusted(-20, -20, 20, 20), Qt::KeepAspectRatio);
    if (zoom() > 1.25)
        setZoom(1.25); // a two-node model should not fill the screen with giant cards
    centerOn(r.center());
    resetCachedContent();
    emit zoomChanged(zoom());
    m_minimap->refit();
    updateMinimap();
    m_fitted = !selectionOnly;
}

void CanvasView::focusComponent(const QString &id)
{
    auto *s = static_cast<CanvasScene *>(scene());
    NodeItem *n = s->node(id);
    if (!n)
        return;
    s->selectIds({id});
    if (zoom() < 0.6)
        setZoom(0.9);
    centerOn(n);
    m_fitted = false;
}

void CanvasView::setMinimapVisible(bool on)
{
    m_minimapEnabled = on;
    updateMinimap();
}

bool CanvasView::minimapVisible() const { return m_minimap->isVisible(); }

void CanvasView::updateMinimap()
{
    if (!scene())
        return; // the scene is being destroyed
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    const QRectF content = static_cast<CanvasScene *>(scene())->contentRect();
    const bool show = m_minimapEnabled && !visible.contains(content.adjusted(30, 30, -30, -30));
    if (show != m_minimap->isVisible()) {
        m_minimap->setVisible(show);
        if (show)
            m_minimap->refit();
    }
    if (show)
        m_minimap->viewChanged();
}

void CanvasView::wheelEvent(QWheelEvent *e)
{
    m_fitted = false;
    if (e->modifiers() & Qt::ShiftModifier) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - e->angleDelta().y());
        return;
    }
    if (e->angleDelta().y() == 0) {
        QGraphicsView::wheelEvent(e);
        return;
    }
    zoomBy(std::pow(1.0015, e->angleDelta().y()));
    e->accept();
}

bool CanvasView::viewportEvent(QEvent *e)
{
    if (e->type() == QEvent::Gesture) {
        auto *ge = static_cast<QGestureEvent *>(e);
        if (auto *pinch = static_cast<QPinchGesture *>(ge->gesture(Qt::PinchGesture))) {
            zoomBy(pinch->scaleFactor());
            return true;
        }
    }
    if (e->type() == QEvent::NativeGesture) {
        auto *g = static_cast<QNativeGestureEvent *>(e);
        if (g->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1 + g->value());
            return true;
        }
    }
    return QGraphicsView::viewportEvent(e);
}

void CanvasView::mousePressEvent(QMouseEvent *e)
{
    if (e->button() == Qt::MiddleButton || (m_space && e->button() == Qt::LeftButton)) {
        m_panning = true;
        m_fitted = false;
        m_panStart = e->pos();
        viewport()->setCursor(Qt::ClosedHandCursor);
        e->accept();
        return;
    }
    QGraphicsView::mousePressEvent(e);
}

void CanvasView::mouseMoveEvent(QMouseEvent *e)
{
    if (m_panning) {
        const QPoint d = e->pos() - m_panStart;
        m_panStart = e->pos();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        return;
    }
    QGraphicsView::mouseMoveEvent(e);
}

void CanvasView::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(m_space ? Qt::OpenHandCursor : Qt::ArrowCursor);
        return;
    }
    QGraphicsView::mouseReleaseEvent(e);
}

void CanvasView::keyPressEvent(QKeyEvent *e)
{
    if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
        m_space = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        return;
    }
    QGraphicsView::keyPressEvent(e);
}

void CanvasView::keyReleaseEvent(QKeyEvent *e)
{
    if (e->key() == Qt::Key_Space && !e->isAutoRepeat()) {
        m_space = false;
        viewport()->setCursor(Qt::ArrowCursor);
        return;
    }
    QGraphicsView::keyReleaseEvent(e);
}

void CanvasView::resizeEvent(QResizeEvent *e)
{
    QGraphicsView::resizeEvent(e);
    placeMinimap();
    // A view showing the whole model keeps showing it when the window grows or shrinks
    // (opened, then maximised: issue #17); after the user zoomed or panned it stays put.
    if (m_fitted && scene())
        fitAll();
}

void CanvasView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    updateMinimap();
}

void CanvasView::placeMinimap()
{
    const QSize s(220, 150);
    m_minimap->setGeometry(viewport()->width() - s.width() - 12,
                           viewport()->height() - s.height() - 12, s.width(), s.height());
    m_minimap->refit();
    updateMinimap();
}

namespace {
// The grid's repeating unit in device pixels: `period` square, a major dot at the corner and
// three minor dots along each axis, placed as the general loop places them (rounded from the
// exact device position, which `fx`/`fy` give as the fraction past the tile's pixel).
QImage gridTile(int period, qreal step, qreal fx, qreal fy, QColor bg, QColor major, QColor minor)
{
    QImage tile(period, period, QImage::Format_RGB32);
    tile.fill(bg);
    QPainter p(&tile);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            const int x = qRound(fx + i * step) - 1, y = qRound(fy + j * step) - 1;
            // The 2-pixel square may cross the tile's edge: draw its wrapped copies too.
            for (int wx : {-period, 0, period})
                for (int wy : {-period, 0, period})
                    p.fillRect(QRect(x + wx, y + wy, 2, 2), i == 0 && j == 0 ? major : minor);
        }
    return tile;
}
} // namespace

void CanvasView::drawBackground(QPainter *p, const QRectF &rect)
{
    const auto &cc = style::canvas();
    const qreal z = zoom();
    if (z < 0.35) {
        p->fillRect(rect, cc.background);
        return; // the grid would be noise at this distance
    }
    const qreal g = NodeItem::Grid * (z < 0.7 ? 4 : 1);
    // A 2-pixel square reads darker than the 1.6-pixel antialiased dot it replaces: soften it.
    const QColor bg = cc.background, m = cc.gridMinor;
    const QColor minorColor((bg.red() + 2 * m.red()) / 3, (bg.green() + 2 * m.green()) / 3,
                            (bg.blue() + 2 * m.blue()) / 3);
    const QTransform t = p->worldTransform();
    const qreal period = 4 * g * t.m11();
    if (t.type() <= QTransform::TxScale && t.m11() == t.m22()
        && std::abs(period - std::round(period)) < 1e-9 && period >= 8) {
        // The grid repeats every `period` device pixels exactly (100 %, 125 %, 75 % ...): one
        // fill with a tile of it costs a fraction of placing ~4,000 dots one by one.
        const int n = int(std::lround(period));
        const QPointF o = t.map(QPointF(0, 0)); // a major dot's exact device position
        const qreal ox = o.x() - n * std::floor(o.x() / n), oy = o.y() - n * std::floor(o.y() / n);
        const qreal ix = std::floor(ox), iy = std::floor(oy);
        QBrush tile(gridTile(n, g * t.m11(), ox - ix, oy - iy, bg, cc.gridMajor, minorColor));
        tile.setTransform(QTransform::fromTranslate(ix, iy));
        p->save();
        p->resetTransform();
        p->fillRect(t.mapRect(rect).toAlignedRect(), tile);
        p->restore();
        return;
    }
    p->fillRect(rect, cc.background);
    const qreal left = std::floor(rect.left() / g) * g;
    const qreal top = std::floor(rect.top() / g) * g;
    // Dots as small device-pixel squares, not round-capped points: the raster engine strokes
    // every round point as a path, which made the grid cost as much as all the cards.
    QVector<QRect> minor, major;
    for (qreal x = left; x < rect.right(); x += g)
        for (qreal y = top; y < rect.bottom(); y += g) {
            const bool isMajor = std::fmod(std::abs(x), g * 4) < 0.5
                                 && std::fmod(std::abs(y), g * 4) < 0.5;
            const QPointF d = t.map(QPointF(x, y));
            (isMajor ? major : minor).append(QRect(qRound(d.x()) - 1, qRound(d.y()) - 1, 2, 2));
        }
    p->save();
    p->resetTransform();
    p->setRenderHint(QPainter::Antialiasing, false);
    p->setPen(Qt::NoPen);
    p->setBrush(cc.gridMajor);
    p->drawRects(major.data(), int(major.size()));
    p->setBrush(minorColor);
    p->drawRects(minor.data(), int(minor.size()));
    p->restore();
}

Minimap::Minimap(CanvasView *main) : QWidget(main), m_main(main), m_timer(new QTimer(this))
{
    setToolTip(tr("Overview: click or drag to move the view"));
    setCursor(Qt::PointingHandCursor);
    m_timer->setSingleShot(true);
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &Minimap::render);
}

void Minimap::refit()
{
    if (isVisible() && !m_timer->isActive())
        m_timer->start();
}

void Minimap::resizeEvent(QResizeEvent *)
{
    render();
}

void Minimap::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::StyleChange) {
        m_timer->stop();
        render();
    }
}

void Minimap::render()
{
    auto *s = static_cast<CanvasScene *>(m_main->scene());
    if (!s || width() < 10 || height() < 10)
        return;
    m_source = s->contentRect();
    const qreal dpr = devicePixelRatioF();
    m_picture = QPixmap((QSizeF(size()) * dpr).toSize());
    m_picture.setDevicePixelRatio(dpr);
    m_picture.fill(style::canvas().background);
    QSizeF fitted = m_source.size().scaled(QSizeF(size()) - QSizeF(8, 8), Qt::KeepAspectRatio);
    m_target = QRectF(QPointF((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                      fitted);
    // A picture of its own instead of QGraphicsScene::render(): cards as blocks of their kind's
    // colour, links as hairlines, zones as outlines. Painting every item of a 2,000-card scene
    // through render() cost several milliseconds per refresh.
    QPainter p(&m_picture);
    p.translate(m_target.topLeft());
    p.scale(m_target.width() / m_source.width(), m_target.height() / m_source.height());
    p.translate(-m_source.topLeft());
    QColor linkColor = style::canvas().subtext;
    linkColor.setAlpha(120);
    p.setPen(QPen(style::canvas().nodeBorder, 0));
    p.setBrush(Qt::NoBrush);
    const QList<NodeItem *> nodes = s->nodeItems();
    QHash<QString, QRectF> zones; // as the scene's zone regions: the union of their cards
    for (const NodeItem *n : nodes)
        if (!n->zoneKey().isEmpty())
            zones[n->zoneKey()] |= QRectF(n->pos(), QSizeF(NodeItem::Width, NodeItem::Height));
    for (const QRectF &z : std::as_const(zones))
        p.drawRect(z.adjusted(-24, -40, 30, 30));
    p.setPen(QPen(linkColor, 0));
    const QPointF half(NodeItem::Width / 2, NodeItem::Height / 2);
    for (const LinkItem *l : s->linkItems())
        if (l->from() && l->to())
            p.drawLine(l->from()->pos() + half, l->to()->pos() + half);
    for (const NodeItem *n : nodes)
        p.fillRect(QRectF(n->pos(), QSizeF(NodeItem::Width, NodeItem::Height)),
                   style::kindColor(n->kind()));
    update();
}

QPointF Minimap::toScene(QPointF pos) const
{
    if (m_target.isEmpty())
        return m_source.center();
    const qreal fx = (pos.x() - m_target.left()) / m_target.width();
    const qreal fy = (pos.y() - m_target.top()) / m_target.height();
    return QPointF(m_source.left() + fx * m_source.width(), m_source.top() + fy * m_source.height());
}

void Minimap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath clip;
    clip.addRoundedRect(frame, 6, 6);
    p.setClipPath(clip);
    p.drawPixmap(0, 0, m_picture);
    if (!m_target.isEmpty()) {
        // Selected cards over the picture (so a new selection needs no re-render).
        const qreal kx = m_target.width() / m_source.width();
        const qreal ky = m_target.height() / m_source.height();
        for (QGraphicsItem *i : m_main->scene()->selectedItems())
            if (i->type() == NodeItem::Type)
                p.fillRect(QRectF(m_target.left() + (i->x() - m_source.left()) * kx,
                                  m_target.top() + (i->y() - m_source.top()) * ky,
                                  NodeItem::Width * kx, NodeItem::Height * ky),
                           style::canvas().selection);
        const QRectF visible = m_main->mapToScene(m_main->viewport()->rect()).boundingRect();
        const qreal sx = m_target.width() / m_source.width();
        const qreal sy = m_target.height() / m_source.height();
        QRectF r(m_target.left() + (visible.left() - m_source.left()) * sx,
                 m_target.top() + (visible.top() - m_source.top()) * sy, visible.width() * sx,
                 visible.height() * sy);
        QColor c = style::canvas().selection;
        p.setPen(QPen(c, 1.5));
        c.setAlpha(36);
        p.setBrush(c);
        p.drawRect(r.intersected(QRectF(rect())));
    }
    p.setClipping(false);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(frame, 6, 6);
}

void Minimap::mousePressEvent(QMouseEvent *e) { m_main->centerOn(toScene(e->position())); }

void Minimap::mouseMoveEvent(QMouseEvent *e)
{
    if (e->buttons() & Qt::LeftButton)
        m_main->centerOn(toScene(e->position()));
}

void Minimap::wheelEvent(QWheelEvent *e) { e->accept(); }

} // namespace archsim::gui
