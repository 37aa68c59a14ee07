#include "scenariotimeline.h"

#include "scenarioplayer.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace archsim::gui {

namespace {

constexpr int kLabelWidth = 150; // the row labels on the left
constexpr int kAxisHeight = 28;
constexpr int kRowHeight = 34;
constexpr int kMargin = 16;

// Returns a tick step that reads well as a clock (5 s, 10 s, 30 s, 1 min, 2 min, ...) giving
// about `target` ticks over `span`.
double niceStep(double span, int target)
{
    const double raw = span / std::max(1, target);
    for (double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0,
                        1800.0, 3600.0, 7200.0, 14400.0, 43200.0, 86400.0})
        if (raw <= step)
            return step;
    return 86400.0 * std::ceil(raw / 86400.0);
}

} // namespace

QColor actionColor(model::EventAction action)
{
    switch (action) {
    case model::EventAction::Crash:
        return QColor(0xd6, 0x45, 0x45);
    case model::EventAction::Slow:
        return QColor(0xe0, 0x9a, 0x2b);
    case model::EventAction::Partition:
        return QColor(0x9b, 0x59, 0xb6);
    case model::EventAction::ZoneOutage:
        return QColor(0x55, 0x5f, 0x6d);
    case model::EventAction::Flush:
        return QColor(0x2e, 0x9c, 0xa6);
    case model::EventAction::Load:
        return QColor(0x3a, 0x7b, 0xd5);
    case model::EventAction::Poison:
        return QColor(0x6b, 0x8e, 0x23);
    case model::EventAction::RegionOutage:
        return QColor(0x33, 0x3a, 0x44);
    case model::EventAction::DataLoss:
        return QColor(0xa0, 0x30, 0x70);
    }
    return Qt::gray;
}

ScenarioTimeline::ScenarioTimeline(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAccessibleName(tr("Scenario timeline"));
}

void ScenarioTimeline::setScenario(const model::Scenario &scenario)
{
    m_scenario = scenario;
    m_has = true;
    if (m_selected >= int(m_scenario.events.size()))
        m_selected = -1;
    m_dragging = -1;
    updateGeometry();
    update();
}

void ScenarioTimeline::clear()
{
    m_has = false;
    m_scenario = {};
    m_selected = -1;
    updateGeometry();
    update();
}

void ScenarioTimeline::setSelected(int index)
{
    if (index < -1 || index >= int(m_scenario.events.size()))
        index = -1;
    if (index == m_selected)
        return;
    m_selected = index;
    update();
    emit selectedChanged(index);
}

double ScenarioTimeline::xOf(double t_s) const
{
    const double w = std::max(1, width() - kLabelWidth - 2 * kMargin);
    const double d = m_scenario.duration_s > 0 ? m_scenario.duration_s : 1;
    return kLabelWidth + kMargin + t_s / d * w;
}

double ScenarioTimeline::timeAt(double x) const
{
    const double w = std::max(1, width() - kLabelWidth - 2 * kMargin);
    return (x - kLabelWidth - kMargin) / w * m_scenario.duration_s;
}

int ScenarioTimeline::rowTop(int row) const { return kAxisHeight + 6 + row * kRowHeight; }

QPoint ScenarioTimeline::markerCenter(int index) const
{
    const auto &e = m_scenario.events[size_t(index)];
    const double at = index == m_dragging ? m_dragAt : e.at_s;
    return QPoint(int(std::lround(xOf(at))), rowTop(index) + kRowHeight / 2);
}

QSize ScenarioTimeline::sizeHint() const
{
    const int rows = std::max<int>(3, int(m_scenario.events.size()));
    return QSize(720, rowTop(rows) + 12);
}

QSize ScenarioTimeline::minimumSizeHint() const { return QSize(400, rowTop(2) + 12); }

double ScenarioTimeline::snapped(double t, Qt::KeyboardModifiers mods) const
{
    const double step = (mods & Qt::ShiftModifier) ? 0.1 : 1.0;
    return std::clamp(std::round(t / step) * step, 0.0, m_scenario.duration_s);
}

int ScenarioTimeline::eventAt(QPoint pos) const
{
    for (int i = 0; i < int(m_scenario.events.size()); ++i) {
        if (pos.y() < rowTop(i) || pos.y() >= rowTop(i) + kRowHeight)
            continue;
        const auto &e = m_scenario.events[size_t(i)];
        const double x0 = xOf(e.at_s) - 9;
        const double end = e.for_s > 0 ? std::min(e.at_s + e.for_s, m_scenario.duration_s)
                                       : e.at_s;
        const double x1 = std::max(xOf(end), xOf(e.at_s)) + 9;
        if (pos.x() >= x0 && pos.x() <= x1)
            return i;
    }
    return -1;
}

void ScenarioTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    p.fillRect(rect(), pal.base());
    if (!m_has) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Select or add a scenario"));
        return;
    }
    const double d = m_scenario.duration_s;
    // Axis with ticks and a grid.
    const double step = niceStep(d, std::max(2, (width() - kLabelWidth) / 90));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    const int bottom = std::max(height(), rowTop(int(m_scenario.events.size())));
    for (double t = 0; t <= d + 1e-9; t += step) {
        const double x = xOf(t);
        p.setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
        p.drawLine(QPointF(x, kAxisHeight), QPointF(x, bottom));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRectF(x - 40, 4, 80, kAxisHeight - 8), Qt::AlignCenter,
                   ScenarioPlayer::clockText(t));
    }
    // Warm-up: shaded, not measured.
    if (m_scenario.warmup_s > 0) {
        QColor shade = pal.color(QPalette::Mid);
        shade.setAlpha(50);
        p.fillRect(QRectF(QPointF(xOf(0), kAxisHeight), QPointF(xOf(m_scenario.warmup_s),
                                                                 bottom)),
                   shade);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(xOf(0) + 4, kAxisHeight + 2, xOf(m_scenario.warmup_s) - xOf(0), 16),
                   Qt::AlignLeft | Qt::AlignTop, tr("warm-up"));
    }
    p.setFont(font());
    if (m_scenario.events.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRectF(kLabelWidth, kAxisHeight, width() - kLabelWidth, 3 * kRowHeight),
                   Qt::AlignCenter, tr("No events: double-click to add one"));
    }
    for (int i = 0; i < int(m_scenario.events.size()); ++i) {
        const auto &e = m_scenario.events[size_t(i)];
        const int top = rowTop(i);
        const QColor c = actionColor(e.action);
        if (i == m_selected)
            p.fillRect(QRect(0, top, width(), kRowHeight), pal.color(QPalette::AlternateBase));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(8, top, kLabelWidth - 12, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                   fontMetrics().elidedText(QString::fromLatin1(toString(e.action)) +
                                                QStringLiteral(" ") +
                                                QString::fromStdString(e.target),
                                            Qt::ElideRight, kLabelWidth - 12));
        const double at = i == m_dragging ? m_dragAt : e.at_s;
        const double end = e.for_s > 0 ? std::min(at + e.for_s, d) : d;
        const QRectF bar(QPointF(xOf(at), top + 9), QPointF(xOf(end), top + kRowHeight - 9));
        QColor fill = c;
        fill.setAlpha(e.for_s > 0 ? 110 : 45); // open-ended: faint to the end
        // A flush and a data loss are instants (the restore's length is the model's).
        if (e.action != model::EventAction::Flush && e.action != model::EventAction::DataLoss)
            p.fillRect(bar, fill);
        const QPointF m(xOf(at), top + kRowHeight / 2.0);
        QPainterPath diamond;
        diamond.moveTo(m + QPointF(0, -9));
        diamond.lineTo(m + QPointF(9, 0));
        diamond.lineTo(m + QPointF(0, 9));
        diamond.lineTo(m + QPointF(-9, 0));
        diamond.closeSubpath();
        p.setPen(QPen(i == m_selected ? pal.color(QPalette::Highlight) : c.darker(130),
                      i == m_selected ? 3 : 1.5));
        p.setBrush(c);
        p.drawPath(diamond);
        p.setPen(pal.color(QPalette::Text));
        const QString label = ScenarioPlayer::clockText(at) + QStringLiteral("  ") +
                              (e.note.empty() ? ScenarioPlayer::describe(e)
                                              : QString::fromStdString(e.note));
        const double lx = m.x() + 14;
        p.drawText(QRectF(lx, top, std::max(40.0, width() - lx - 4), kRowHeight),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   fontMetrics().elidedText(label, Qt::ElideRight,
                                            int(std::max(40.0, width() - lx - 4))));
    }
}

void ScenarioTimeline::mousePressEvent(QMouseEvent *e)
{
    setFocus();
    const int hit = eventAt(e->pos());
    setSelected(hit);
    if (hit >= 0 && e->button() == Qt::LeftButton) {
        m_dragging = hit;
        m_dragAt = m_scenario.events[size_t(hit)].at_s;
        m_grabOffset = timeAt(e->position().x()) - m_dragAt;
        m_moved = false;
    }
}

void ScenarioTimeline::mouseMoveEvent(QMouseEvent *e)
{
    if (m_dragging < 0) {
        setCursor(eventAt(e->pos()) >= 0 ? Qt::SizeHorCursor : Qt::ArrowCursor);
        return;
    }
    const double t = snapped(timeAt(e->position().x()) - m_grabOffset, e->modifiers());
    if (t != m_dragAt) {
        m_dragAt = t;
        m_moved = true;
        update();
    }
}

void ScenarioTimeline::mouseReleaseEvent(QMouseEvent *)
{
    if (m_dragging < 0)
        return;
    const int index = m_dragging;
    const double at = m_dragAt;
    m_dragging = -1;
    update();
    if (m_moved && at != m_scenario.events[size_t(index)].at_s)
        emit eventMoved(index, at);
}

void ScenarioTimeline::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (!m_has || eventAt(e->pos()) >= 0 || e->position().x() < kLabelWidth)
        return;
    emit addRequested(snapped(timeAt(e->position().x()), e->modifiers()));
}

void ScenarioTimeline::keyPressEvent(QKeyEvent *e)
{
    if ((e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace) && m_selected >= 0) {
        emit deleteRequested(m_selected);
        return;
    }
    if (m_selected >= 0 && (e->key() == Qt::Key_Left || e->key() == Qt::Key_Right)) {
        // Nudge by a second (Shift: ten) from the keyboard: moving without a mouse.
        const double step = (e->modifiers() & Qt::ShiftModifier) ? 10 : 1;
        const double at = m_scenario.events[size_t(m_selected)].at_s;
        const double to = std::clamp(at + (e->key() == Qt::Key_Left ? -step : step), 0.0,
                                     m_scenario.duration_s);
        if (to != at)
            emit eventMoved(m_selected, to);
        return;
    }
    if (e->key() == Qt::Key_Up || e->key() == Qt::Key_Down) {
        const int n = int(m_scenario.events.size());
        if (n > 0)
            setSelected(std::clamp(m_selected + (e->key() == Qt::Key_Up ? -1 : 1), 0, n - 1));
        return;
    }
    QWidget::keyPressEvent(e);
}

} // namespace archsim::gui
