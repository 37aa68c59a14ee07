#include "zoneitem.h"

#include "style.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace archsim::gui {

ZoneItem::ZoneItem(const QString &key) : m_key(key)
{
    setZValue(-10);
    setFlag(ItemIsSelectable, false);
    const QStringList zones = key.split(QLatin1Char('+'));
    m_label = zones.join(QStringLiteral(" + "));
    // A stable hue per zone set, so the same region keeps its colour across sessions.
    uint h = 7;
    for (QChar c : key)
        h = h * 31 + c.unicode(); // not qHash: it is seeded per process
    const int hue = int(h % 360);
    m_color = QColor::fromHsl(hue, 120, 150);
    setToolTip(m_label);
}

void ZoneItem::setRegion(const QRectF &r)
{
    prepareGeometryChange();
    m_rect = r;
}

void ZoneItem::paint(QPainter *p, const QStyleOptionGraphicsItem *opt, QWidget *)
{
    const qreal lod = opt->levelOfDetailFromTransform(p->worldTransform());
    QColor fill = m_color;
    fill.setAlpha(style::isDark() ? 22 : 24);
    QColor border = m_color;
    border.setAlpha(style::isDark() ? 110 : 150);
    p->setRenderHint(QPainter::Antialiasing);
    QPen pen(border, 1.2, Qt::DashLine);
    pen.setCosmetic(lod < 0.5);
    p->setPen(pen);
    p->setBrush(fill);
    p->drawRoundedRect(m_rect, 14, 14);
    if (lod < 0.25)
        return;
    QFont f = p->font();
    f.setPointSizeF(lod < 0.6 ? 14 : 9);
    f.setBold(true);
    p->setFont(f);
    p->setPen(style::isDark() ? m_color.lighter(130) : m_color.darker(170));
    p->drawText(m_rect.adjusted(14, 6, -14, 0), Qt::AlignLeft | Qt::AlignTop, m_label);
}

} // namespace archsim::gui
