#include "nodeitem.h"

#include "style.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSceneHoverEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace archsim::gui {

using namespace archsim::model;

namespace {
constexpr qreal kRadius = 10;
constexpr qreal kEdge = 7; // width of the band on the card's border that starts a connection

QString number(double v)
{
    if (v >= 1e6)
        return QString::number(v / 1e6, 'g', 3) + QStringLiteral("M");
    if (v >= 1e4)
        return QString::number(v / 1e3, 'g', 3) + QStringLiteral("k");
    return QString::number(v, 'g', 4);
}

QString detailOf(const Component &c)
{
    switch (c.kind) {
    case ComponentKind::Client:
        return QObject::tr("%1 req/s").arg(number(c.rps));
    case ComponentKind::Cache:
    case ComponentKind::Cdn:
        return c.ttl_s > 0 ? QObject::tr("TTL %1 s · %2").arg(number(c.ttl_s),
                                                              toString(c.eviction))
                           : QString::fromLatin1(toString(c.eviction));
    case ComponentKind::Database:
        return c.schema.empty() ? QString::fromLatin1(toString(c.engine))
                                : QStringLiteral("%1 · %2").arg(toString(c.engine),
                                                               QString::fromStdString(c.schema));
    case ComponentKind::Realtime: {
        const model::RealtimeSettings r = c.realtime.value_or(model::RealtimeSettings{});
        return QObject::tr("%1 conns · %2").arg(number(double(r.connections)),
                                                toString(r.slow_consumer));
    }
    case ComponentKind::Stream: {
        const model::StreamSettings s = c.stream.value_or(model::StreamSettings{});
        return QObject::tr("%1 partitions · RF %2").arg(s.partitions).arg(s.replication_factor);
    }
    case ComponentKind::Job: {
        const model::JobSettings j = c.job.value_or(model::JobSettings{});
        const QString when = j.continuous      ? QObject::tr("continuous")
                             : !j.cron.empty() ? QString::fromStdString(j.cron)
                                               : QObject::tr("every %1 s")
                                                     .arg(number(j.interval_s));
        return j.incremental ? QObject::tr("%1 · incremental").arg(when)
                             : QObject::tr("%1 · %2 rows").arg(when, number(double(j.rows)));
    }
    case ComponentKind::Queue:
        if (c.queue)
            return c.queue->max_length > 0
                       ? QObject::tr("max %1 · %2").arg(number(double(c.queue->max_length)),
                                                       toString(c.queue->overflow))
                       : QObject::tr("unbounded · visibility %1 s")
                             .arg(number(c.queue->visibility_timeout_s));
        [[fallthrough]];
    default: {
        const Distribution d = effectiveServiceTime(c);
        return QObject::tr("%1 ms %2").arg(number(d.mean_ms), toString(d.dist));
    }
    }
}
} // namespace

NodeItem::NodeItem(const Component &c) : m_id(QString::fromStdString(c.id))
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges | ItemIsFocusable);
    setAcceptHoverEvents(true);
    setZValue(1);
    sync(c);
    setPos(c.position ? QPointF(c.position->x, c.position->y) : QPointF());
}

NodeItem::~NodeItem()
{
    for (NodeFollower *f : std::as_const(m_followers))
        f->nodeGone(this);
}

void NodeItem::sync(const Component &c)
{
    m_id = QString::fromStdString(c.id);
    m_kind = c.kind;
    m_name = QString::fromStdString(model::label(c));
    m_replicas = c.replicas;
    if (c.kind == ComponentKind::Client)
        m_subtitle = style::kindLabel(c.kind);
    else
        m_subtitle = QObject::tr("%1 · %2×%3")
                         .arg(style::kindLabel(c.kind))
                         .arg(c.replicas)
                         .arg(c.workers);
    m_detail = detailOf(c);
    m_zones.clear();
    for (const auto &z : c.zones)
        m_zones << QString::fromStdString(z);
    m_zoneKey = m_zones.join(QLatin1Char('+'));
    // A stream's partitions and a queue's bound say more than its zones, which the zone
    // region behind the card and the tooltip show anyway.
    m_detailFirst = m_zones.isEmpty() || c.kind == ComponentKind::Stream ||
                    c.kind == ComponentKind::Queue || c.kind == ComponentKind::Job;
    m_tooltip = QStringLiteral("<b>%1</b> (%2)<br>%3<br>%4")
                    .arg(m_name.toHtmlEscaped(), m_id, m_subtitle.toHtmlEscaped(),
                         m_detail.toHtmlEscaped());
    if (!m_zones.isEmpty())
        m_tooltip += QObject::tr("<br>Zones: %1").arg(m_zones.join(QStringLiteral(", ")));
    if (!c.description.empty())
        m_tooltip += QStringLiteral("<br><i>%1</i>")
                         .arg(QString::fromStdString(c.description).toHtmlEscaped());
    setToolTip(m_run ? m_run->tooltip : m_tooltip);
    m_text.reset();
    update();
}

namespace {
constexpr qreal kTextX = 60;
constexpr qreal kTextW = NodeItem::Width - kTextX - 10;

QFont nameFont(QFont f)
{
    f.setPointSizeF(9.5);
    f.setBold(true);
    return f;
}

QFont smallFont(QFont f)
{
    f.setBold(false);
    f.setPointSizeF(8);
    return f;
}

QStaticText shaped(const QString &s, const QFont &f)
{
    QStaticText t(s);
    t.setTextFormat(Qt::PlainText);
    t.prepare(QTransform(), f);
    return t;
}
} // namespace

const NodeItem::Text &NodeItem::text(const QFont &base)
{
    if (m_text && m_text->base == base)
        return *m_text;
    auto t = std::make_unique<Text>();
    t->base = base;
    const QFont fn = nameFont(base), &fs = base;
    const QFontMetricsF mn(fn), ms(fs);
    t->nameHeight = mn.height();
    t->smallHeight = ms.height();
    t->name = shaped(mn.elidedText(m_name, Qt::ElideRight, kTextW), fn);
    t->subtitle = shaped(ms.elidedText(m_subtitle, Qt::ElideRight, kTextW), fs);
    t->detail = shaped(ms.elidedText(m_detail, Qt::ElideRight, kTextW), fs);
    for (const QString &z : std::as_const(m_zones)) {
        t->zones.push_back(shaped(z, fs));
        t->zoneWidths.push_back(ms.horizontalAdvance(z));
    }
    m_text = std::move(t);
    return *m_text;
}

QString NodeItem::bottomLine() const
{
    return m_detailFirst ? m_detail : m_zones.join(QLatin1Char(' '));
}

QColor NodeItem::heatColor(double u)
{
    // Green up to 50 %, amber at 65 %, red from 80 %: close to the analytic bar's steps.
    auto mix = [](QColor a, QColor b, double t) {
        t = std::clamp(t, 0.0, 1.0);
        return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                                float(a.greenF() + (b.greenF() - a.greenF()) * t),
                                float(a.blueF() + (b.blueF() - a.blueF()) * t));
    };
    const QColor green("#16a34a"), amber("#d97706"), red("#dc2626");
    if (u < 0.5)
        return green;
    if (u < 0.65)
        return mix(green, amber, (u - 0.5) / 0.15);
    return mix(amber, red, (u - 0.65) / 0.15);
}

void NodeItem::setRunState(const std::optional<NodeRunState> &state)
{
    m_run = state;
    setToolTip(m_run ? m_run->tooltip : m_tooltip);
    update();
}

void NodeItem::setUtilization(std::optional<double> u)
{
    // Repaint only when the bar visibly changes (whole per cent), not for every new estimate.
    // A saturated station's utilization is infinite: lround(inf) is undefined (it gave 0 here,
    // so a bar that went from infinite to 0.4 % was never repainted). Clamp before rounding.
    auto percent = [](std::optional<double> v) {
        if (!v)
            return -1;
        if (std::isnan(*v))
            return -2;
        return int(std::lround(std::clamp(*v, 0.0, 1000.0) * 100));
    };
    if (percent(u) == percent(m_util))
        return;
    m_util = u;
    update();
}

QRectF NodeItem::boundingRect() const
{
    // Room for the stacked-replica outline and the selection ring.
    return QRectF(-4, -12, Width + 12, Height + 22);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath p;
    p.addRoundedRect(QRectF(0, 0, Width, Height), kRadius, kRadius);
    return p;
}

bool NodeItem::isEdgeHit(QPointF scenePos) const
{
    const QPointF p = mapFromScene(scenePos);
    const QRectF outer(-2, -2, Width + 4, Height + 4);
    const QRectF inner(kEdge, kEdge, Width - 2 * kEdge, Height - 2 * kEdge);
    return outer.contains(p) && !inner.contains(p);
}

void NodeItem::paint(QPainter *p, const QStyleOptionGraphicsItem *opt, QWidget *widget)
{
    const auto &cc = style::canvas();
    const QColor accent = style::kindColor(m_kind);
    const qreal lod = opt->levelOfDetailFromTransform(p->worldTransform());
    const QRectF card(0, 0, Width, Height);
    const bool selected = isSelected();

    if (lod < 0.3) {
        // Far away: a block of the kind's colour is all the eye can use.
        p->fillRect(card, selected ? cc.selection
                          : m_run ? heatColor(m_run->utilization) : accent);
        return;
    }
    p->setRenderHint(QPainter::Antialiasing);
    if (m_replicas > 1) {
        p->setPen(QPen(cc.nodeBorder, 1));
        p->setBrush(cc.nodeFill);
        p->drawRoundedRect(card.translated(6, 6), kRadius, kRadius);
        p->drawRoundedRect(card.translated(3, 3), kRadius, kRadius);
    }
    p->setPen(selected ? QPen(cc.selection, 2.2)
                       : QPen(m_edgeHover ? accent : cc.nodeBorder, m_edgeHover ? 2 : 1));
    p->setBrush(cc.nodeFill);
    p->drawRoundedRect(card, kRadius, kRadius);

    // Accent strip on the left edge.
    QPainterPath strip;
    strip.addRoundedRect(QRectF(0, 0, 12, Height), kRadius, kRadius);
    QPainterPath clip;
    clip.addRect(QRectF(0, 0, 4, Height));
    p->fillPath(strip.intersected(clip), accent);

    const QRectF tile(14, (Height - 36) / 2, 36, 36);
    p->setPen(Qt::NoPen);
    p->setBrush(accent);
    p->drawRoundedRect(tile, 8, 8);
    // The smallest name a view may show on screen, in points: 7 by default, more where the
    // view asks for it (the trainer's presentation sets "cardTextMinPt" on its viewport).
    const qreal minPt = std::max<qreal>(7, widget ? widget->property("cardTextMinPt").toReal()
                                                  : 0.0);
    if (lod < 0.55 || nameFont(p->font()).pointSizeF() * lod < minPt) {
        // Zoomed out (or read from the back of a room): the name alone, large enough on
        // screen, on up to two lines beside the tile.
        if (lod >= 0.55)
            style::drawKindGlyph(p, m_kind, tile.adjusted(7, 7, -7, -7));
        const QRectF box(tile.right() + 6, 3, Width - tile.right() - 10, Height - 6);
        QFont f = nameFont(p->font());
        f.setPointSizeF(std::max(f.pointSizeF(), minPt / lod));
        const int flags = Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap;
        // Too long at that size: smaller steps until the wrapped name fits, then elided.
        auto fits = [&](const QFont &font) {
            const QRectF need = QFontMetricsF(font).boundingRect(box, flags, m_name);
            return need.width() <= box.width() && need.height() <= box.height();
        };
        for (int i = 0; i < 6 && !fits(f); ++i)
            f.setPointSizeF(f.pointSizeF() * 0.88);
        const QFontMetricsF fm(f);
        QString name = m_name;
        if (!fits(f))
            name = fm.elidedText(name, Qt::ElideRight, box.width());
        p->setFont(f);
        p->setPen(cc.text);
        p->drawText(box, flags, name);
        if (m_run)
            paintRun(p);
        return;
    }
    style::drawKindGlyph(p, m_kind, tile.adjusted(7, 7, -7, -7));

    const qreal tx = kTextX;
    // Normalised: the painter's state is not saved between items (DontSavePainterState), so
    // its size and weight are whatever the item before set.
    const Text &t = text(smallFont(p->font()));
    // Each text vertically centred in its line box, as drawText(Qt::AlignVCenter) places it.
    auto at = [](qreal x, qreal top, qreal boxHeight, qreal textHeight) {
        return QPointF(x, top + (boxHeight - textHeight) / 2);
    };
    p->setFont(nameFont(t.base));
    p->setPen(cc.text);
    p->drawStaticText(at(tx, 8, 18, t.nameHeight), t.name);
    p->setFont(t.base);
    p->setPen(cc.subtext);
    p->drawStaticText(at(tx, 26, 15, t.smallHeight), t.subtitle);

    // Bottom line: zone chips, or the kind's key figure (see bottomLine()).
    qreal x = tx;
    const qreal y = 44;
    if (!m_detailFirst) {
        for (size_t i = 0; i < t.zones.size(); ++i) {
            const qreal w = t.zoneWidths[i] + 10;
            if (x + w > Width - 8) {
                p->drawText(QRectF(x, y, 20, 15), Qt::AlignLeft | Qt::AlignVCenter,
                            QStringLiteral("…"));
                break;
            }
            p->setPen(Qt::NoPen);
            p->setBrush(cc.badgeFill);
            p->drawRoundedRect(QRectF(x, y + 1, w, 14), 7, 7);
            p->setPen(cc.badgeText);
            p->drawStaticText(at(x + 5, y + 1, 14, t.smallHeight), t.zones[i]);
            x += w + 4;
        }
    } else {
        p->drawStaticText(at(tx, y, 15, t.smallHeight), t.detail);
    }

    if (m_run) {
        paintRun(p);
        return;
    }
    if (m_util) {
        const double u = std::max(0.0, *m_util);
        const QColor c = u < 0.6 ? QColor("#16a34a") : u < 0.8 ? QColor("#d97706")
                                                               : QColor("#dc2626");
        const QRectF track(10, Height + 3, Width - 20, 4);
        p->setPen(Qt::NoPen);
        p->setBrush(cc.badgeFill);
        p->drawRoundedRect(track, 2, 2);
        p->setBrush(c);
        p->drawRoundedRect(QRectF(track.x(), track.y(), track.width() * std::min(1.0, u), 4),
                           2, 2);
    }
}

void NodeItem::paintRun(QPainter *p)
{
    const auto &cc = style::canvas();
    const NodeRunState &r = *m_run;
    const QRectF card(0, 0, Width, Height);
    const bool allDown = r.down + r.hung >= std::max(1, r.replicas);
    const QColor heat = allDown ? QColor("#7f1d1d") : heatColor(r.utilization);
    // A tint of the heat colour over the card and a thick border in it.
    QColor tint = heat;
    tint.setAlphaF(allDown ? 0.30f : 0.22f);
    p->setPen(QPen(heat, 3.5));
    p->setBrush(tint);
    p->drawRoundedRect(card.adjusted(-1, -1, 1, 1), kRadius, kRadius);
    if (allDown) {
        // Hatched: nothing answers here.
        p->setPen(Qt::NoPen);
        p->setBrush(QBrush(QColor(220, 38, 38, 90), Qt::BDiagPattern));
        p->drawRoundedRect(card, kRadius, kRadius);
    }
    // Utilization bar and figure under the card.
    const double u = std::max(0.0, r.utilization);
    const QRectF track(10, Height + 3, Width - 20, 5);
    p->setPen(Qt::NoPen);
    p->setBrush(cc.badgeFill);
    p->drawRoundedRect(track, 2, 2);
    p->setBrush(heatColor(u));
    p->drawRoundedRect(QRectF(track.x(), track.y(), track.width() * std::min(1.0, u), 5), 2, 2);
    // Badge at the top right: the utilization, or what failed.
    QFont f = p->font();
    f.setPointSizeF(8.5);
    f.setBold(true);
    p->setFont(f);
    const QFontMetricsF fm(f);
    QString text = QStringLiteral("%1 %").arg(std::lround(u * 100));
    QColor fill = heatColor(u);
    if (r.hung > 0 || r.down > 0) {
        const int n = r.hung + r.down;
        const QString what = r.hung > 0 && r.down == 0 ? QObject::tr("HUNG") : QObject::tr("DOWN");
        text = n >= r.replicas || r.replicas <= 1 ? what : QStringLiteral("%1 %2/%3").arg(what)
                                                               .arg(n).arg(r.replicas);
        fill = r.hung > 0 && r.down == 0 ? QColor("#b45309") : QColor("#b91c1c");
    }
    const qreal w = fm.horizontalAdvance(text) + 12;
    const QRectF badge(Width - w - 4, -9, w, 18);
    p->setPen(Qt::NoPen);
    p->setBrush(fill);
    p->drawRoundedRect(badge, 9, 9);
    p->setPen(Qt::white);
    p->drawText(badge, Qt::AlignCenter, text);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    // Snap only while the user drags (some item grabs the mouse); positions set from the
    // model are shown exactly as stored.
    if (change == ItemPositionChange && s_snap && scene() && scene()->mouseGrabberItem()) {
        const QPointF p = value.toPointF();
        return QPointF(std::round(p.x() / Grid) * Grid, std::round(p.y() / Grid) * Grid);
    }
    if (change == ItemPositionHasChanged) {
        for (NodeFollower *f : std::as_const(m_followers))
            f->nodeMoved();
    }
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::hoverMoveEvent(QGraphicsSceneHoverEvent *e)
{
    const bool edge = isEdgeHit(e->scenePos());
    if (edge != m_edgeHover) {
        m_edgeHover = edge;
        setCursor(edge ? Qt::CrossCursor : Qt::ArrowCursor);
        update();
    }
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *)
{
    m_edgeHover = false;
    unsetCursor();
    update();
}

} // namespace archsim::gui
