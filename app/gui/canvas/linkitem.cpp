#include "linkitem.h"

#include "style.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>
#include <QWidget>
#include <QtMath>

namespace archsim::gui {

using namespace archsim::model;

namespace {

// Returns where the segment from the centre of `r` towards `to` leaves `r`.
QPointF clipToRect(const QRectF &r, QPointF from, QPointF to)
{
    const QPointF d = to - from;
    qreal t = 1;
    if (d.x() != 0)
        t = std::min(t, std::abs((d.x() > 0 ? r.right() - from.x() : r.left() - from.x()) / d.x()));
    if (d.y() != 0)
        t = std::min(t, std::abs((d.y() > 0 ? r.bottom() - from.y() : r.top() - from.y()) / d.y()));
    return from + d * t;
}

// Returns the part of a segment inside `r` (Liang-Barsky), or a null line. Stroking only the
// visible part matters: an antialiased stroke of a link crossing the whole scene costs the
// raster engine its full length, and at 100 % zoom dozens of such links cross the view.
QLineF clipped(const QLineF &l, const QRectF &r)
{
    qreal t0 = 0, t1 = 1;
    const qreal dx = l.dx(), dy = l.dy();
    const qreal p[4] = {-dx, dx, -dy, dy};
    const qreal q[4] = {l.x1() - r.left(), r.right() - l.x1(), l.y1() - r.top(),
                        r.bottom() - l.y1()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return {};
            continue;
        }
        const qreal t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return {};
    }
    return QLineF(l.pointAt(t0), l.pointAt(t1));
}

QString fmtMs(double ms)
{
    return ms >= 1000 ? QStringLiteral("%1 s").arg(ms / 1000, 0, 'g', 3)
                      : QStringLiteral("%1 ms").arg(ms, 0, 'g', 4);
}

QFont labelFont()
{
    QFont f;
    f.setPointSizeF(7.5);
    return f;
}

} // namespace

LinkItem::LinkItem(const Link &l, NodeItem *from, NodeItem *to)
    : m_id(QString::fromStdString(l.id)), m_from(from), m_to(to)
{
    // exposedRect lets paint() clip long lines to what is shown (see clipped()).
    setFlags(ItemIsSelectable | ItemUsesExtendedStyleOption);
    setZValue(0);
    m_from->addFollower(this);
    m_to->addFollower(this);
    sync(l);
}

LinkItem::~LinkItem() { detach(); }

void LinkItem::detach()
{
    if (m_from)
        m_from->removeFollower(this);
    if (m_to)
        m_to->removeFollower(this);
    m_from = m_to = nullptr;
}

void LinkItem::nodeGone(NodeItem *n)
{
    if (m_from == n)
        m_from = nullptr;
    if (m_to == n)
        m_to = nullptr;
}

void LinkItem::sync(const Link &l)
{
    m_id = QString::fromStdString(l.id);
    m_kind = l.kind;
    m_label = QString::fromLatin1(toString(l.kind));
    if (l.probability < 1.0)
        m_label += QStringLiteral(" %1%").arg(l.probability * 100, 0, 'g', 3);
    if (l.kind == LinkKind::Consume) // the group reads at a glance (docs/streams.md)
        m_label += QStringLiteral(" · ") +
                   QString::fromStdString(l.consume && !l.consume->group.empty()
                                              ? l.consume->group
                                              : l.from);
    if (l.kind == LinkKind::Publish && l.key)
        m_label += l.key->by_key ? QStringLiteral(" · keyed") : QStringLiteral(" · key in payload");
    m_badges.clear();
    if (l.timeout_ms)
        m_badges << QStringLiteral("◷ %1").arg(fmtMs(*l.timeout_ms));
    if (l.retries && l.retries->max > 0)
        m_badges << QStringLiteral("↻ %1").arg(l.retries->max);
    if (l.circuit_breaker)
        m_badges << QStringLiteral("CB");
    if (l.fallback == Fallback::Degrade)
        m_badges << QStringLiteral("degrade");
    else if (l.fallback == Fallback::Fill)
        m_badges << QStringLiteral("fill");
    auto shaped = [](const QString &text) {
        QStaticText t(text);
        t.setTextFormat(Qt::PlainText);
        t.prepare(QTransform(), labelFont());
        return t;
    };
    m_labelText = shaped(m_label);
    m_badgeTexts.clear();
    for (const QString &b : std::as_const(m_badges))
        m_badgeTexts << shaped(b);
    QString tip = QStringLiteral("<b>%1</b><br>%2 → %3<br>%4")
                      .arg(m_id, QString::fromStdString(l.from), QString::fromStdString(l.to),
                           m_label);
    if (l.timeout_ms)
        tip += QObject::tr("<br>Timeout %1").arg(fmtMs(*l.timeout_ms));
    if (l.retries)
        tip += QObject::tr("<br>Retries %1, backoff %2, jitter %3")
                   .arg(l.retries->max)
                   .arg(fmtMs(l.retries->backoff_ms))
                   .arg(toString(l.retries->jitter));
    if (l.circuit_breaker)
        tip += QObject::tr("<br>Circuit breaker: opens at %1% failures, %2 open")
                   .arg(l.circuit_breaker->failure_rate * 100)
                   .arg(fmtMs(l.circuit_breaker->open_ms));
    m_tooltip = tip;
    if (!m_run)
        setToolTip(tip);
    updateGeometry();
}

void LinkItem::setLane(qreal offset)
{
    m_lane = offset;
    updateGeometry();
}

void LinkItem::updateGeometry()
{
    if (!m_from || !m_to)
        return;
    prepareGeometryChange();
    const QRectF a = m_from->sceneBoundingRect().adjusted(4, 4, -8, -10);
    const QRectF b = m_to->sceneBoundingRect().adjusted(4, 4, -8, -10);
    QPointF ca = a.center(), cb = b.center();
    QPointF d = cb - ca;
    const qreal len = std::hypot(d.x(), d.y());
    if (len > 0.1 && m_lane != 0) {
        const QPointF n(-d.y() / len, d.x() / len);
        ca += n * m_lane;
        cb += n * m_lane;
    }
    m_p1 = clipToRect(a.adjusted(-2, -2, 2, 2), ca, cb);
    m_p2 = clipToRect(b.adjusted(-3, -3, 3, 3), cb, ca);

    const QFontMetricsF fm(labelFont());
    m_labelWidth = fm.horizontalAdvance(m_label);
    qreal w = m_labelWidth + 12;
    m_badgeWidths.clear();
    for (const QString &s : std::as_const(m_badges)) {
        m_badgeWidths << fm.horizontalAdvance(s);
        w += m_badgeWidths.last() + 14;
    }
    m_labelSize = QSizeF(w, 18);
    updateShape();
    // The label keeps its place along the link; the scene checks it against its neighbours.
    if (m_observer)
        m_observer->linkGeometryChanged(this);
}

QRectF LinkItem::labelRectAt(qreal t, QPointF offset) const
{
    const QPointF c = m_p1 + (m_p2 - m_p1) * t + offset;
    return QRectF(c.x() - m_labelSize.width() / 2, c.y() - m_labelSize.height() / 2,
                  m_labelSize.width(), m_labelSize.height());
}

void LinkItem::setLabelPlace(qreal t, QPointF offset)
{
    if (t == m_labelT && offset == m_labelOffset)
        return;
    m_labelT = t;
    m_labelOffset = offset;
    prepareGeometryChange();
    updateShape();
}

void LinkItem::updateShape()
{
    m_labelRect = labelRectAt(m_labelT, m_labelOffset);
    QPainterPath line(m_p1);
    line.lineTo(m_p2);
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    m_shape = stroker.createStroke(line);
    m_shape.addRect(m_labelRect);
    if (!m_labelOffset.isNull()) // the leader
        m_shape.addRect(QRectF(m_p1 + (m_p2 - m_p1) * m_labelT, m_labelRect.center()).normalized());
    // Room for a run's thick line and its breaker pill above the middle of the line.
    const QPointF mid = (m_p1 + m_p2) / 2;
    m_bounds = (m_shape.boundingRect() | QRectF(mid - QPointF(70, 36), QSizeF(140, 50)))
                   .adjusted(-8, -8, 8, 8);
    update();
}

void LinkItem::setRunState(const std::optional<LinkRunState> &state)
{
    m_run = state;
    setToolTip(m_run ? QObject::tr("%1: %2 calls/s%3")
                           .arg(m_id)
                           .arg(m_run->rps, 0, 'f', 0)
                           .arg(m_run->breakerOpen ? QObject::tr(", breaker open")
                                : m_run->cut ? QObject::tr(", cut by a partition")
                                             : QString())
                     : m_tooltip);
    update();
}

void LinkItem::paint(QPainter *p, const QStyleOptionGraphicsItem *opt, QWidget *widget)
{
    const auto &cc = style::canvas();
    const qreal lod = opt->levelOfDetailFromTransform(p->worldTransform());
    const bool alarm = m_run && (m_run->breakerOpen || m_run->cut);
    QColor c = isSelected() ? cc.selection : alarm ? QColor("#dc2626") : style::linkColor(m_kind);
    const bool dashed = m_kind == LinkKind::Fill || m_kind == LinkKind::Publish ||
                        m_kind == LinkKind::Consume ||
                        (m_run && m_run->cut);
    QPen pen(c, m_run ? m_run->width : isSelected() ? 2.4 : 1.6);
    if (dashed)
        pen.setStyle(Qt::DashLine);
    const QLineF visible = clipped(QLineF(m_p1, m_p2), opt->exposedRect.adjusted(-4, -4, 4, 4));
    if (lod < 0.3) {
        pen.setCosmetic(true);
        pen.setWidthF(1);
        p->setPen(pen);
        if (!visible.isNull())
            p->drawLine(visible);
        return;
    }
    p->setRenderHint(QPainter::Antialiasing);
    // Up to 100 % a plain link on a standard-density screen is a 1-pixel antialiased line:
    // the raster engine's cosmetic stroker draws it about three times faster than a 1.6-pixel
    // stroke, and hundreds of long links cross a view of a big model. Selected links, a run's
    // links, high-density screens (one device pixel would be too faint) and exports (no
    // widget: QGraphicsScene::render) keep the full stroke.
    const bool hairline = lod <= 1.0 && !m_run && !isSelected() && widget
                          && widget->devicePixelRatioF() <= 1.0;
    if (hairline) {
        pen.setCosmetic(true);
        pen.setWidthF(1);
    }
    if (dashed && !visible.isNull()) // dashes stay put when the line is clipped
        pen.setDashOffset(QLineF(m_p1, visible.p1()).length() * (hairline ? lod : 1)
                          / pen.widthF());
    p->setPen(pen);
    if (!visible.isNull())
        p->drawLine(visible);
    // A red pill in the middle of the line: readable from the back of the room.
    auto drawAlarm = [&] {
        if (!alarm)
            return;
        QFont bf = labelFont();
        bf.setBold(true);
        p->setFont(bf);
        const QString text = m_run->breakerOpen ? QObject::tr("BREAKER OPEN") : QObject::tr("CUT");
        const qreal w = QFontMetricsF(bf).horizontalAdvance(text) + 14;
        // Above the link's label pill, which sits on the middle of the line.
        const QRectF pill(QPointF((m_p1 + m_p2) / 2) - QPointF(w / 2, 32), QSizeF(w, 20));
        p->setPen(Qt::NoPen);
        p->setBrush(QColor("#dc2626"));
        p->drawRoundedRect(pill, 10, 10);
        p->setPen(Qt::white);
        p->drawText(pill, Qt::AlignCenter, text);
    };

    // Arrow head at the target.
    const QPointF d = m_p2 - m_p1;
    const qreal len = std::hypot(d.x(), d.y());
    if (len > 1) {
        const QPointF u = d / len;
        const QPointF n(-u.y(), u.x());
        const qreal s = 10;
        QPolygonF head;
        head << m_p2 << m_p2 - u * s + n * s * 0.45 << m_p2 - u * s - n * s * 0.45;
        p->setPen(Qt::NoPen);
        p->setBrush(c);
        p->drawPolygon(head);
    }
    if (lod < 0.6) {
        drawAlarm();
        return;
    }

    // A label moved off a short link (no room between the cards) is tied to it by a leader.
    if (QLineF(QPointF(), m_labelOffset).length() > m_labelSize.height()) {
        const QPointF at = m_p1 + (m_p2 - m_p1) * m_labelT;
        QPen leader(c, 1, Qt::DotLine);
        p->setPen(leader);
        p->drawLine(at, QPointF(std::clamp(at.x(), m_labelRect.left() + 9, m_labelRect.right() - 9),
                                at.y() < m_labelRect.top() ? m_labelRect.top()
                                : at.y() > m_labelRect.bottom() ? m_labelRect.bottom()
                                                                : m_labelRect.center().y()));
        p->setBrush(c);
        p->setPen(Qt::NoPen);
        p->drawEllipse(at, 2, 2);
    }

    // Label pill with kind and probability, then one pill per resilience setting.
    const QFont f = labelFont();
    p->setFont(f);
    static const qreal textHeight = QFontMetricsF(f).height();
    // The pre-shaped text centred in its pill (as drawText with Qt::AlignCenter places it).
    auto centred = [&](const QRectF &r, const QStaticText &t, qreal width) {
        p->drawStaticText(QPointF(r.center().x() - width / 2, r.center().y() - textHeight / 2), t);
    };
    qreal x = m_labelRect.left();
    const QRectF main(x, m_labelRect.top(), m_labelWidth + 12, 18);
    p->setPen(QPen(c, 1));
    p->setBrush(cc.nodeFill);
    p->drawRoundedRect(main, 9, 9);
    p->setPen(c);
    centred(main, m_labelText, m_labelWidth);
    x = main.right() + 2;
    for (qsizetype i = 0; i < m_badgeTexts.size(); ++i) {
        const QRectF r(x, m_labelRect.top() + 1, m_badgeWidths.value(i) + 12, 16);
        p->setPen(Qt::NoPen);
        p->setBrush(cc.badgeFill);
        p->drawRoundedRect(r, 8, 8);
        p->setPen(cc.badgeText);
        centred(r, m_badgeTexts[i], m_badgeWidths.value(i));
        x = r.right() + 2;
    }
    drawAlarm();
}

} // namespace archsim::gui
