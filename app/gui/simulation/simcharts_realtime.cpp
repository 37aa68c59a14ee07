// The charts of SimCharts that come with the finished run: the realtime gateways'
// (docs/realtime.md: deliveries per second, the connections disconnected and reconnected per
// second, the messages dropped, recovered and lost per second, and the longest
// publish-to-deliver of each second, from RunTimeline::realtime()) and the consumer groups'
// lag (docs/streams.md, from RunTimeline::groupLag()).

#include "simcharts.h"

#include <QChart>
#include <QLineSeries>

#include <cmath>
#include <iterator>

namespace archsim::gui {

using RtPoint = simulator::RealtimePoint;

const char *const SimCharts::kRealtimeTitles[4] = {
    QT_TRANSLATE_NOOP("SimCharts", "Realtime deliveries"),
    QT_TRANSLATE_NOOP("SimCharts", "Realtime connections"),
    QT_TRANSLATE_NOOP("SimCharts", "Realtime lost / recovered"),
    QT_TRANSLATE_NOOP("SimCharts", "Realtime slowest delivery")};
const char *const SimCharts::kConsumerLagTitle = QT_TRANSLATE_NOOP("SimCharts", "Consumer lag");

void SimCharts::addRealtimeLines(bool compare)
{
    const QColor blue(31, 119, 180), green(44, 160, 44), red(214, 39, 40), orange(255, 127, 14),
        purple(148, 103, 189), cyan(23, 190, 207), brown(140, 86, 75);
    struct Figure {
        Panel panel;
        const char *name;
        QColor color;
        qreal width;
        double RtPoint::*field;
        bool compared; // also drawn, dashed, for the comparison run
    };
    const Figure figures[] = {
        {RealtimeDeliveries, "deliveries", blue, 2.5, &RtPoint::deliveries, true},
        {RealtimeConnections, "disconnects", red, 2.0, &RtPoint::disconnects, true},
        {RealtimeConnections, "reconnects", purple, 1.5, &RtPoint::reconnects, false},
        {RealtimeMessages, "dropped", orange, 1.5, &RtPoint::dropped, false},
        {RealtimeMessages, "recovered", green, 2.0, &RtPoint::recovered, true},
        {RealtimeMessages, "lost", brown, 2.5, &RtPoint::lost, true},
        {RealtimeLatency, "slowest delivery", cyan, 2.0, &RtPoint::latency_max_ms, true},
    };
    const bool several = m_gatewayNames.size() > 1;
    for (int g = 0; g < m_gatewayNames.size(); ++g) {
        for (const Figure &f : figures) {
            if (compare && !f.compared)
                continue;
            // One gateway: the figure's name; several: prefixed with the gateway's id.
            const QString name = several ? m_gatewayNames[g] + ' ' + tr(f.name) : tr(f.name);
            addLine(f.panel, name, f.color, f.width, {}, compare);
            m_lines.back().gateway = g;
            const auto field = f.field;
            m_lines.back().realtimeValue = [field](const RtPoint &p) { return p.*field; };
        }
    }
}

QList<QPointF> SimCharts::realtimePoints(const Line &line, const RunTimeline &timeline)
{
    QList<QPointF> pts;
    const auto &all = timeline.realtime();
    if (line.gateway < 0 || line.gateway >= int(all.size()) || timeline.points().empty())
        return pts;
    // A player reveals the run second by second: draw the gateway's seconds it has shown.
    const double end = timeline.endTime();
    // A second without a delivery has no slowest delivery: no point (not a 0 ms one).
    const bool latency = line.panel == RealtimeLatency;
    for (const RtPoint &p : all[size_t(line.gateway)]) {
        if (p.t_s >= end - 1e-9)
            break;
        if (latency && !(p.deliveries > 0))
            continue;
        const double v = line.realtimeValue(p);
        pts << QPointF(p.t_s, std::isfinite(v) ? v : 0);
    }
    return pts;
}

void SimCharts::addGroupLagLines(bool compare)
{
    static const QColor colors[] = {QColor(31, 119, 180), QColor(255, 127, 14),
                                    QColor(44, 160, 44), QColor(214, 39, 40),
                                    QColor(148, 103, 189), QColor(140, 86, 75)};
    for (int g = 0; g < m_groupNames.size(); ++g) {
        addLine(ConsumerLag, m_groupNames[g], colors[g % std::size(colors)], 2.0, {}, compare);
        m_lines.back().group = g;
    }
}

QList<QPointF> SimCharts::groupLagPoints(const Line &line, const RunTimeline &timeline)
{
    QList<QPointF> pts;
    const auto &all = timeline.groupLag();
    if (line.group < 0 || line.group >= int(all.size()) || timeline.points().empty())
        return pts;
    // A lag point stands at the end of its second: draw those a player has revealed.
    const double end = timeline.endTime();
    for (const simulator::LagPoint &p : all[size_t(line.group)]) {
        if (p.t_s > end + 1e-9)
            break;
        pts << QPointF(p.t_s, std::isfinite(p.messages) ? p.messages : 0);
    }
    return pts;
}

void SimCharts::updateRealtimeTitles()
{
    // The fan-out and the stream kernel run after each replication: a live run has no
    // realtime seconds and no lag yet.
    const bool live = m_timeline && !m_timeline->isEmpty();
    const bool waiting = live && !m_gatewayNames.isEmpty() && m_timeline->realtime().empty();
    for (int i = 0; i < 4; ++i) {
        const QString title = tr(kRealtimeTitles[i]);
        const QString shown = waiting ? tr("%1 (when the run ends)").arg(title) : title;
        m_charts[RealtimeDeliveries + i]->setTitle(shown);
    }
    const bool lagWaiting = live && !m_groupNames.isEmpty() && m_timeline->groupLag().empty();
    const QString lag = tr(kConsumerLagTitle);
    m_charts[ConsumerLag]->setTitle(lagWaiting ? tr("%1 (when the run ends)").arg(lag) : lag);
}

} // namespace archsim::gui
