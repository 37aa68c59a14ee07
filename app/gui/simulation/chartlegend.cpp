#include "chartlegend.h"

#include <QEvent>
#include <QPainter>

#include <algorithm>

namespace archsim::gui {

namespace {
const int kGap = 16; // between two entries of a row
} // namespace

ChartLegend::ChartLegend(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    QSizePolicy p = sizePolicy();
    p.setHeightForWidth(true);
    setSizePolicy(p);
}

void ChartLegend::setEntries(const QList<Entry> &entries)
{
    if (entries == m_entries)
        return;
    m_entries = entries;
    updateGeometry();
    update();
}

int ChartLegend::strokeWidth() const
{
    return fontMetrics().height();
}

int ChartLegend::entryWidth(const Entry &e) const
{
    return strokeWidth() + fontMetrics().height() / 3 + fontMetrics().horizontalAdvance(e.name);
}

QList<QRect> ChartLegend::layoutFor(int width) const
{
    // Centred rows, as the chart's own legend under a plot: entries fill a row left to right
    // and the next row starts when one would not fit whole.
    QList<QRect> out;
    const int h = fontMetrics().height();
    QList<QList<int>> rows(1);
    int used = 0;
    for (int i = 0; i < m_entries.size(); ++i) {
        const int w = entryWidth(m_entries[i]);
        if (!rows.back().isEmpty() && used + kGap + w > width) {
            rows.append(QList<int>());
            used = 0;
        }
        used += (rows.back().isEmpty() ? 0 : kGap) + w;
        rows.back().append(i);
    }
    out.resize(m_entries.size());
    for (int r = 0; r < rows.size(); ++r) {
        int total = 0;
        for (int i : rows[r])
            total += entryWidth(m_entries[i]) + (total ? kGap : 0);
        int x = std::max(0, (width - total) / 2);
        for (int i : rows[r]) {
            const int w = entryWidth(m_entries[i]);
            out[i] = QRect(x, r * h, w, h);
            x += w + kGap;
        }
    }
    return out;
}

int ChartLegend::heightForWidth(int width) const
{
    if (m_entries.isEmpty())
        return 0;
    int bottom = 0;
    for (const QRect &r : layoutFor(width))
        bottom = std::max(bottom, r.bottom() + 1);
    return bottom;
}

QSize ChartLegend::sizeHint() const
{
    // It wraps: it asks for no more width than its longest entry, so that the chart above
    // it keeps the width its layout gives it (the presentation's canvas beside it too).
    return minimumSizeHint();
}

QSize ChartLegend::minimumSizeHint() const
{
    int w = 0;
    for (const Entry &e : m_entries)
        w = std::max(w, entryWidth(e));
    return QSize(w, m_entries.isEmpty() ? 0 : fontMetrics().height());
}

void ChartLegend::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QList<QRect> rects = layoutFor(width());
    const int stroke = strokeWidth();
    for (int i = 0; i < m_entries.size(); ++i) {
        const QRect r = rects[i];
        QPen pen = m_entries[i].pen;
        pen.setWidthF(std::max(2.0, pen.widthF()));
        p.setPen(pen);
        const int y = r.center().y();
        p.drawLine(QPointF(r.left() + 1, y), QPointF(r.left() + stroke - 1, y));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(r.left() + stroke + fontMetrics().height() / 3, r.top(),
                         r.width() - stroke, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, m_entries[i].name);
    }
}

void ChartLegend::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange)
        updateGeometry();
}

} // namespace archsim::gui
