#pragma once

// A link on the canvas: an arrow between two nodes with a label (kind, probability) and
// resilience badges (timeout, retries, circuit breaker). Its shape() hugs the line so that
// picking stays fast in big scenes (a scene-wide bounding box would make it crawl).

#include "nodeitem.h"

#include "archsim/model/types.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QStaticText>

#include <optional>

namespace archsim::gui {

class LinkItem;

// Told when a link's geometry changed, so that its label can be checked against its
// neighbours (CanvasScene implements it and re-places labels together, once per event loop
// turn).
class LinkGeometryObserver {
public:
    virtual void linkGeometryChanged(LinkItem *link) = 0;

protected:
    ~LinkGeometryObserver() = default;
};

// What a simulation run shows on a link (SimCanvasOverlay sets it; nullopt = normal look).
struct LinkRunState {
    double rps = 0;           // call attempts per second in the last simulated second
    double width = 1.6;       // pen width, grows with the traffic
    bool breakerOpen = false; // the link's circuit breaker is open (or probing half-open)
    bool cut = false;         // a partition cuts the link
};

class LinkItem : public QGraphicsItem, public NodeFollower {
public:
    enum { Type = UserType + 2 };

    LinkItem(const model::Link &l, NodeItem *from, NodeItem *to);
    ~LinkItem() override;
    int type() const override { return Type; }

    // Updates label and badges from the link (endpoints are fixed; rewiring replaces the item).
    void sync(const model::Link &l);
    // Recomputes the path after an endpoint moved.
    void updateGeometry();
    // Sets the perpendicular offset used to separate links between the same two nodes.
    void setLane(qreal offset);
    const QString &id() const { return m_id; }
    NodeItem *from() const { return m_from; }
    NodeItem *to() const { return m_to; }
    // Shows a simulation run's traffic and breaker on the link, or the normal look.
    void setRunState(const std::optional<LinkRunState> &state);
    const std::optional<LinkRunState> &runState() const { return m_run; }
    // Detaches from the endpoints (before the endpoints are deleted).
    void detach();
    // Forgets an endpoint that is being deleted (the scene deletes items in any order).
    void nodeGone(NodeItem *n) override;
    // Follows a moved endpoint (recomputes the path).
    void nodeMoved() override { updateGeometry(); }
    // Sets who is told of geometry changes (the scene that shows the link; nullptr: nobody).
    void setGeometryObserver(LinkGeometryObserver *o) { m_observer = o; }

    // The label's place: centred at `t` along the visible segment (0.5 = middle) moved by
    // `offset` (scene units). Kept while the endpoints move; labelplacer.h picks it. A label
    // moved off its line is tied to it by a thin leader.
    void setLabelPlace(qreal t, QPointF offset);
    // Returns where the label would be at this place.
    QRectF labelRectAt(qreal t, QPointF offset) const;
    QRectF labelRect() const { return m_labelRect; }

    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override { return m_shape; }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *opt, QWidget *w) override;

private:
    void updateShape();

    QString m_id;
    NodeItem *m_from;
    NodeItem *m_to;
    model::LinkKind m_kind = model::LinkKind::Call;
    QString m_label;
    QStringList m_badges;
    // The label and badges shaped once (sync) and their widths (updateGeometry): shaping
    // them on every paint was a tenth of a repaint's cost.
    QStaticText m_labelText;
    QList<QStaticText> m_badgeTexts;
    qreal m_labelWidth = 0;
    QList<qreal> m_badgeWidths;
    qreal m_lane = 0;
    QPointF m_p1, m_p2;
    QRectF m_labelRect;
    QSizeF m_labelSize;
    qreal m_labelT = 0.5;
    QPointF m_labelOffset;
    QRectF m_bounds;
    QPainterPath m_shape;
    std::optional<LinkRunState> m_run;
    QString m_tooltip; // the link's own tooltip, shown again when a run is cleared
    LinkGeometryObserver *m_observer = nullptr;
};

} // namespace archsim::gui
