#include "simcharts.h"

#include "chartlegend.h"
#include "style.h"

#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QHelpEvent>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QSet>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace archsim::gui {

namespace {

using Point = simulator::TimelinePoint;

const QColor kEventColor(214, 39, 40);
const QColor kRecoverColor(44, 160, 44);
const QColor kFailoverColor(31, 119, 180);
const QColor kOpenColor(255, 127, 14);
const QColor kClosedColor(23, 190, 207);
const QColor kLoadStepColor(148, 103, 189);

// Returns a round number >= v (1, 2, 2.5, 5 x 10^k) for an axis maximum.
double niceCeil(double v)
{
    if (!(v > 0) || !std::isfinite(v))
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
        if (m * p >= v * (1 - 1e-9))
            return m * p;
    return 10 * p;
}

// True when the scenario event behind a crash or zone outage change hangs instead of refusing.
bool hangs(const RunLayout &layout, const simulator::StateChange &c)
{
    for (const auto &e : layout.events) {
        if (e.target != c.target || e.mode != model::CrashMode::Hang)
            continue;
        if (std::abs(e.at_s - c.t_s) < 1e-6 ||
            (e.for_s > 0 && std::abs(e.at_s + e.for_s - c.t_s) < 1e-6))
            return true;
    }
    return false;
}

QString labelFor(const simulator::StateChange &c, const RunLayout &layout, QColor *color,
                 bool *event)
{
    const QString target = QString::fromStdString(c.target);
    const QString kind = QString::fromStdString(c.kind);
    *event = !c.note.empty();
    QString text;
    if (kind == "crash") {
        *color = kEventColor;
        *event = true;
        text = (hangs(layout, c) ? "hang " : "crash ") + target +
               (c.replica >= 0 ? QString(" #%1").arg(c.replica) : "");
    } else if (kind == "recover") {
        *color = kRecoverColor;
        text = "recovered " + target + (c.replica >= 0 ? QString(" #%1").arg(c.replica) : "");
    } else if (kind == "failover") {
        *color = kFailoverColor;
        text = "failover " + target;
    } else if (kind == "breaker_open") {
        *color = kOpenColor;
        text = "breaker open " + target;
    } else if (kind == "breaker_closed") {
        *color = kClosedColor;
        text = "breaker closed " + target;
    } else if (kind == "scale_up" || kind == "scale_down") {
        // A scaling decision: "scale up catalog-svc 3 -> 5" (the note's count, not a room note).
        *color = kind == "scale_up" ? kFailoverColor : kRecoverColor;
        *event = false;
        const QString note = QString::fromStdString(c.note);
        text = QString(kind).replace('_', ' ') + ' ' + target + ' ' +
               note.left(note.indexOf(QLatin1String(" replicas")));
    } else if (kind == "recovered_elsewhere" || kind == "restored_elsewhere") {
        // A region outage's recovery; chartMarkers() names the region it recovers into.
        *color = kRecoverColor;
        text = (kind == "restored_elsewhere" ? "restored in DR region " : "up in DR region ") +
               target;
    } else if (kind.endsWith("_end") || kind == "zone_restored") {
        *color = kRecoverColor;
        text = kind.left(kind.lastIndexOf('_')).replace('_', ' ') + " ends " + target;
        if (kind == "zone_restored")
            text = "zone back " + target;
    } else {
        *color = kEventColor;
        *event = true;
        text = QString(kind).replace('_', ' ') + ' ' + target;
    }
    return text.trimmed();
}

} // namespace

namespace {

// The region of the layout named `id` ("" is the default region), or nullptr.
const model::Region *findRegion(const RunLayout &layout, const std::string &id)
{
    for (const auto &r : layout.regions)
        if (r.id == id)
            return &r;
    return nullptr;
}

// The region outage that change `c` belongs to: one of its region's zones going out at its
// start (zone_outage) or coming back at its end (zone_restored); nullptr when none.
const model::ScenarioEvent *regionOutageOf(const simulator::StateChange &c,
                                           const RunLayout &layout)
{
    const bool out = c.kind == "zone_outage";
    if (!out && c.kind != "zone_restored")
        return nullptr;
    for (const auto &e : layout.events) {
        if (e.action != model::EventAction::RegionOutage || (!out && !(e.for_s > 0)))
            continue;
        if (std::abs((out ? e.at_s : e.at_s + e.for_s) - c.t_s) > 1e-6)
            continue;
        const model::Region *r = findRegion(layout, e.target);
        if (r && std::find(r->zones.begin(), r->zones.end(), c.target) != r->zones.end())
            return &e;
    }
    return nullptr;
}

// Where a region outage going on at `t` recovers to: "in eu-west-1" when one other region
// has zones, else "outside eu-central-1"; "in the DR region" when no region is out.
QString recoveryPlace(const RunLayout &layout, double t)
{
    const model::ScenarioEvent *lost = nullptr;
    for (const auto &e : layout.events)
        if (e.action == model::EventAction::RegionOutage && e.at_s <= t + 1e-6 &&
            (!(e.for_s > 0) || t <= e.at_s + e.for_s + 1e-6))
            lost = &e;
    if (!lost)
        return QStringLiteral("in the DR region");
    std::vector<const model::Region *> others;
    for (const auto &r : layout.regions)
        if (r.id != lost->target && !r.zones.empty())
            others.push_back(&r);
    if (others.size() == 1 && !others.front()->id.empty())
        return "in " + QString::fromStdString(others.front()->id);
    return "outside " + QString::fromStdString(lost->target);
}

// The called end of a link id made of two component ids ("api-gateway-user-svc" -> "user-svc"),
// or "" when the id is not of that form.
QString calledEnd(const QString &link, const QStringList &components)
{
    for (qsizetype i = link.indexOf('-'); i > 0; i = link.indexOf('-', i + 1)) {
        const QString tail = link.mid(i + 1);
        if (components.contains(tail))
            return tail;
    }
    return {};
}

} // namespace

std::vector<ChartMarker> chartMarkers(const std::vector<simulator::StateChange> &changes,
                                      const RunLayout &layout)
{
    // Breaker targets are link ids; the chart names the called component where no other link
    // of the run's breakers ends there.
    QHash<QString, QSet<QString>> byEnd;
    for (const auto &c : changes)
        if (c.kind.rfind("breaker_", 0) == 0) {
            const QString target = QString::fromStdString(c.target);
            byEnd[calledEnd(target, layout.stations)].insert(target);
        }
    std::vector<ChartMarker> out;
    out.reserve(changes.size());
    // A region outage is one marker, not one per zone ("2 events" said the label placer), and
    // its recovery elsewhere one per moment ("recovered in eu-west-1: 7 components"), not one
    // per component: those changes are folded into the first of their group.
    std::vector<char> folded(changes.size(), 0);
    for (size_t i = 0; i < changes.size(); ++i) {
        const simulator::StateChange &c = changes[i];
        if (c.kind == "breaker_half_open" || folded[i])
            continue;
        const model::ScenarioEvent *region = regionOutageOf(c, layout);
        const bool elsewhere = c.kind == "recovered_elsewhere" || c.kind == "restored_elsewhere";
        if (region || elsewhere) {
            // The group: changes of this kind at this moment (of this region's zones).
            QStringList targets;
            for (size_t j = i; j < changes.size(); ++j) {
                const simulator::StateChange &o = changes[j];
                if (o.kind != c.kind || std::abs(o.t_s - c.t_s) > 1e-6 ||
                    (region && regionOutageOf(o, layout) != region))
                    continue;
                folded[j] = 1;
                targets << QString::fromStdString(o.target);
            }
            ChartMarker m;
            m.t = c.t_s;
            labelFor(c, layout, &m.color, &m.event); // the colour, and whether it is an event
            const QString list = targets.join(QStringLiteral(", "));
            if (region) {
                const QString id = QString::fromStdString(region->target);
                const bool back = c.kind == "zone_restored";
                m.kind = back ? QStringLiteral("region_restored")
                              : QStringLiteral("region_outage");
                m.shortLabel = back ? "region back " + id
                               : region->mode == model::CrashMode::Hang ? "region hangs " + id
                                                                        : "region outage " + id;
                m.label = m.shortLabel + " (" + list + ")";
            } else {
                m.kind = QString::fromStdString(c.kind);
                const bool databases = c.kind == "restored_elsewhere";
                const QString place = recoveryPlace(layout, c.t_s);
                const QString verb = databases ? QStringLiteral("restored ")
                                               : QStringLiteral("recovered ");
                m.shortLabel = targets.size() == 1
                                   ? targets.front() + ' ' + verb + place
                                   : verb + place +
                                         QStringLiteral(": %1 %2")
                                             .arg(targets.size())
                                             .arg(databases ? QStringLiteral("databases")
                                                            : QStringLiteral("components"));
                m.label = targets.size() == 1 ? m.shortLabel : verb + place + ": " + list;
            }
            m.priority = m.event ? 2 : 1;
            out.push_back(std::move(m));
            continue;
        }
        ChartMarker m;
        m.t = c.t_s;
        m.kind = QString::fromStdString(c.kind);
        m.label = labelFor(c, layout, &m.color, &m.event);
        if (c.kind == "zone_outage" && hangs(layout, c))
            m.label.replace("zone outage", "zone hangs");
        m.shortLabel = m.label;
        const QString target = QString::fromStdString(c.target);
        const QString end = calledEnd(target, layout.stations);
        if (c.kind.rfind("breaker_", 0) == 0 && !end.isEmpty() && byEnd[end].size() == 1 &&
            m.label.endsWith(target))
            m.shortLabel = m.label.chopped(target.size()) + QString::fromUtf8("\u2192 ") + end;
        m.priority = m.event ? 2 : c.kind.rfind("breaker_", 0) == 0 ? 0 : 1;
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<ChartMarker> loadStepMarkers(const RunLayout &layout, double upTo)
{
    std::vector<ChartMarker> out;
    for (const LoadStep &s : layout.loadSteps) {
        if (s.t_s > upTo)
            break;
        ChartMarker m;
        m.t = s.t_s;
        m.kind = QStringLiteral("load_step");
        m.shortLabel = QStringLiteral("%1 %2 \u2192 %3 req/s")
                           .arg(s.client)
                           .arg(s.from_rps, 0, 'g', 6)
                           .arg(s.to_rps, 0, 'g', 6);
        m.label = QStringLiteral("load profile: ") + m.shortLabel;
        m.color = kLoadStepColor;
        m.event = true;
        m.priority = 2;
        out.push_back(std::move(m));
    }
    return out;
}

QList<QPointF> decimate(const QList<QPointF> &points, int columns)
{
    columns = std::max(columns, 1);
    if (points.size() <= 2 * columns)
        return points;
    const double x0 = points.front().x(), x1 = points.back().x();
    const double width = (x1 - x0) / columns;
    QList<QPointF> out;
    out.reserve(2 * columns + 2);
    qsizetype i = 0;
    for (int col = 0; col < columns && i < points.size(); ++col) {
        const double end = col + 1 == columns ? x1 + 1 : x0 + (col + 1) * width;
        qsizetype lo = i, hi = i;
        for (; i < points.size() && points[i].x() < end; ++i) {
            if (points[i].y() < points[lo].y())
                lo = i;
            if (points[i].y() > points[hi].y())
                hi = i;
        }
        if (i == lo && i == hi)
            continue; // an empty column
        out << points[std::min(lo, hi)];
        if (lo != hi)
            out << points[std::max(lo, hi)];
    }
    return out;
}

// ---- MarkerChartView ---------------------------------------------------------------------------

MarkerChartView::MarkerChartView(QChart *chart, QWidget *parent) : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    // The labels are drawn in the foreground, which no chart item covers: when the chart
    // relayouts (the axis grows, the plot area narrows) and the labels move, a partial update
    // would repaint only the items that changed and leave the old labels' pixels on screen.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
}

namespace {

// The label of `n` close markers of one kind ("3 breakers open").
QString clusterText(const QString &kind, int n)
{
    if (kind == "breaker_open")
        return MarkerChartView::tr("%1 breakers open").arg(n);
    if (kind == "breaker_closed")
        return MarkerChartView::tr("%1 breakers closed").arg(n);
    if (kind == "failover")
        return MarkerChartView::tr("%1 failovers").arg(n);
    if (kind == "recover")
        return MarkerChartView::tr("%1 recovered").arg(n);
    if (kind == "crash")
        return MarkerChartView::tr("%1 crashes").arg(n);
    if (kind == "zone_outage")
        return MarkerChartView::tr("%1 zone outages").arg(n);
    if (kind == "region_outage")
        return MarkerChartView::tr("%1 region outages").arg(n);
    if (kind == "restored_elsewhere" || kind == "recovered_elsewhere")
        return MarkerChartView::tr("%1 recoveries elsewhere").arg(n);
    return MarkerChartView::tr("%1 events").arg(n);
}

struct Cluster {
    std::vector<std::pair<double, const ChartMarker *>> members; // x and marker, by x
    int priority = 0;
};

} // namespace

void MarkerChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    m_drawn = 0;
    m_labels.clear();
    m_clusters.clear();
    if (!m_markers || m_markers->empty() || chart()->series().isEmpty())
        return;
    QChart *c = chart();
    const QRectF plot = c->mapRectToScene(c->plotArea());
    m_plot = plot;
    QAbstractSeries *ref = c->series().front();
    painter->save();
    painter->setClipRect(plot.adjusted(0, -1, 0, 1));
    painter->setFont(m_labelFont);
    const QFontMetricsF fm(m_labelFont);
    const double rowH = fm.height() + 2;
    const int maxRows = std::max(1, static_cast<int>(plot.height() / rowH / 2.5));
    // Events first, so a breaker flapping never hides the label of what caused it.
    std::vector<const ChartMarker *> order;
    for (const auto &m : *m_markers)
        order.push_back(&m);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto *a, const auto *b) { return a->priority > b->priority; });
    // Lines first (one per pixel column at most), then the labels over them, so that no line
    // crosses a label.
    std::vector<std::pair<double, const ChartMarker *>> placed;
    double lastLineX = -1e9;
    for (const ChartMarker *m : order) {
        const double x = c->mapToScene(c->mapToPosition(QPointF(m->t, 0), ref)).x();
        if (x < plot.left() - 0.5 || x > plot.right() + 0.5)
            continue;
        ++m_drawn;
        placed.emplace_back(x, m);
        if (std::abs(x - lastLineX) >= 1.0 || m->event) {
            // State changes are quieter than the events that caused them.
            QColor lc = m->color;
            lc.setAlphaF(m->event ? 1.0f : 0.5f);
            painter->setPen(QPen(lc, m->event ? 2.0 : 1.0,
                                 m->event ? Qt::SolidLine : Qt::DashLine));
            painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            lastLineX = x;
        }
    }
    // Close markers of one kind share a label: a marker joins the cluster of its kind when it
    // lies within a few characters of the cluster's last line.
    std::stable_sort(placed.begin(), placed.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    const double joinPx = fm.height() * 4;
    std::vector<Cluster> clusters;
    QHash<QString, size_t> open; // kind -> index of its latest cluster
    for (const auto &p : placed) {
        // Events tell the story: they share a label only when their lines nearly touch.
        const double join = p.second->event ? joinPx / 4 : joinPx;
        auto it = open.find(p.second->kind);
        if (it != open.end() && p.first - clusters[*it].members.back().first <= join) {
            Cluster &cl = clusters[*it];
            cl.members.push_back(p);
            cl.priority = std::max(cl.priority, p.second->priority);
            continue;
        }
        open[p.second->kind] = clusters.size();
        clusters.push_back(Cluster{{p}, p.second->priority});
    }
    for (const Cluster &cl : clusters) {
        MarkerLabel l;
        l.x0 = cl.members.front().first;
        l.x1 = cl.members.back().first;
        l.count = static_cast<int>(cl.members.size());
        QStringList distinct, lines;
        for (const auto &[x, m] : cl.members) {
            if (!distinct.contains(m->shortLabel))
                distinct << m->shortLabel;
            lines << QStringLiteral("%1 s  %2").arg(m->t, 0, 'f', 1).arg(m->label);
        }
        l.text = distinct.size() == 1
                     ? distinct.front() + (l.count > 1 ? QStringLiteral(" \u00d7%1").arg(l.count)
                                                       : QString())
                     : clusterText(cl.members.front().second->kind, int(distinct.size()));
        l.tooltip = lines.join('\n');
        m_clusters.push_back(std::move(l));
    }
    // Labels by priority (events first), then by size, then by time: each takes the first row where it
    // fits right of its line (shifted inside near the right edge), else left of it.
    std::vector<size_t> byPriority(clusters.size());
    for (size_t i = 0; i < byPriority.size(); ++i)
        byPriority[i] = i;
    std::stable_sort(byPriority.begin(), byPriority.end(), [&](size_t a, size_t b) {
        if (clusters[a].priority != clusters[b].priority)
            return clusters[a].priority > clusters[b].priority;
        return clusters[a].members.size() > clusters[b].members.size(); // bursts first
    });
    QColor bg = palette().color(QPalette::Base);
    bg.setAlpha(225);
    const double inL = plot.left() + 1, inR = plot.right() - 1;
    for (size_t i : byPriority) {
        MarkerLabel &l = m_clusters[i];
        const ChartMarker *first = clusters[i].members.front().second;
        QString text = l.text;
        double w = fm.horizontalAdvance(text) + 8;
        if (w > inR - inL) {
            text = fm.elidedText(text, Qt::ElideRight, inR - inL - 8);
            w = fm.horizontalAdvance(text) + 8;
        }
        const double candidates[] = {l.x1 + 3, l.x0 - 3 - w};
        bool done = false;
        // The side first (a label left of its line reads as "before"), then the row.
        for (double left : candidates) {
            for (int r = 0; r < maxRows && !done; ++r) {
                left = std::clamp(left, inL, inR - w);
                const QRectF box(left, plot.top() + 2 + r * rowH, w, rowH - 2);
                const bool hit = std::any_of(m_labels.begin(), m_labels.end(), [&](const auto &o) {
                    return o.rect.adjusted(-2, 0, 2, 0).intersects(box);
                });
                if (hit)
                    continue;
                painter->setPen(QPen(first->color, 1));
                painter->setBrush(bg);
                painter->drawRoundedRect(box, 3, 3);
                painter->setPen(first->color.darker(first->event ? 115 : 100));
                painter->drawText(box, Qt::AlignCenter, text);
                MarkerLabel drawn = l;
                drawn.rect = box;
                drawn.text = text;
                m_labels.push_back(std::move(drawn));
                done = true;
            }
            if (done)
                break;
        }
    }
    painter->restore();
}

QString MarkerChartView::toolTipAt(const QPointF &pos) const
{
    for (const MarkerLabel &l : m_labels)
        if (l.rect.contains(pos))
            return l.tooltip;
    if (!m_plot.contains(pos))
        return {};
    for (const MarkerLabel &l : m_clusters)
        if (pos.x() >= l.x0 - 3 && pos.x() <= l.x1 + 3)
            return l.tooltip;
    return {};
}

bool MarkerChartView::viewportEvent(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const QString tip = toolTipAt(mapToScene(help->pos()));
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QChartView::viewportEvent(e);
}

// ---- SimCharts ---------------------------------------------------------------------------------

SimCharts::SimCharts(QWidget *parent) : QWidget(parent)
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, &SimCharts::refresh);
    build();
}

void SimCharts::build()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(2);
    m_selectors = new QWidget;
    m_selectors->setObjectName(QStringLiteral("chartSelectors"));
    auto *row = new QHBoxLayout(m_selectors);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Charts:")));
    m_selectors->hide();
    outer->addWidget(m_selectors);
    m_grid = new QGridLayout;
    m_grid->setSpacing(2);
    outer->addLayout(m_grid, 1);
    m_align.setSingleShot(true);
    m_align.setInterval(30);
    connect(&m_align, &QTimer::timeout, this, &SimCharts::alignPlots);
    const char *titles[PanelCount] = {"Throughput", "Error rate by reason", "Latency",
                                      "Cache hit ratio", "Replicas (autoscaled)",
                                      "Error-budget burn rate", "Replica lag",
                                      kRealtimeTitles[0], kRealtimeTitles[1],
                                      kRealtimeTitles[2], kRealtimeTitles[3],
                                      kConsumerLagTitle, "Staleness (jobs, views)",
                                      "Stale replica reads"};
    for (int slot = 0; slot < 2; ++slot) {
        auto *box = new QComboBox;
        box->setObjectName(QStringLiteral("chartSelector%1").arg(slot));
        box->setFocusPolicy(Qt::NoFocus); // the trainer page keeps its keys
        box->setToolTip(slot == 0 ? tr("The upper chart") : tr("The lower chart"));
        for (int p = 0; p < PanelCount; ++p)
            box->addItem(tr(titles[p]), p);
        box->setCurrentIndex(m_presented[slot]);
        connect(box, &QComboBox::currentIndexChanged, this, [this, slot](int index) {
            if (index >= 0)
                setPresentedPanels(slot == 0 ? Panel(index) : m_presented[0],
                                   slot == 1 ? Panel(index) : m_presented[1]);
        });
        m_select[slot] = box;
        row->addWidget(box);
    }
    row->addStretch(1);
    const char *yTitles[PanelCount] = {"req/s", "%", "ms", "%", "replicas", "x budget", "ms",
                                       "deliveries/s", "connections/s", "messages/s", "ms",
                                       "messages", "s", "%"};
    for (int p = 0; p < PanelCount; ++p) {
        auto *chart = new QChart;
        chart->setTitle(tr(titles[p]));
        chart->setTheme(style::isDark() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setMargins(QMargins(2, 0, 2, 0));
        chart->layout()->setContentsMargins(0, 0, 0, 0);
        chart->setBackgroundRoundness(4);
        // Qt's legend cuts the names it has no room for: ours, under the plot, wraps.
        chart->legend()->setVisible(false);
        chart->setAnimationOptions(QChart::NoAnimation);
        auto *x = new QValueAxis;
        x->setLabelFormat("%.0f s");
        x->setRange(0, 60);
        auto *y = new QValueAxis;
        y->setTitleText(tr(yTitles[p]));
        y->setLabelFormat("%.0f");
        y->setRange(0, p == CacheHits ? 100 : 1);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        if (p == Throughput) {
            m_yRight = new QValueAxis;
            m_yRight->setTitleText(tr("visits/s"));
            m_yRight->setLabelFormat("%.0f");
            chart->addAxis(m_yRight, Qt::AlignRight);
        }
        m_charts[p] = chart;
        // A chart relayouts on its own (new data widen its axis labels, a right axis
        // appears): the presentation's two plots must be re-aligned whenever one moves, not
        // only after our own resizes (a slow machine saw them stay 10 px apart).
        connect(chart, &QChart::plotAreaChanged, this, [this, p](const QRectF &plot) {
            fitTicks(Panel(p));
            // A narrower plot than the lines were decimated for would draw more than two
            // points per pixel column: decimate again.
            if (static_cast<int>(plot.width()) != m_drawnWidth[p])
                scheduleRefresh();
            if (m_presenting && m_alignPasses < kMaxAlignPasses)
                m_align.start();
        });
        m_x[p] = x;
        m_y[p] = y;
        auto *cell = new QWidget(this);
        auto *column = new QVBoxLayout(cell);
        column->setContentsMargins(0, 0, 0, 2);
        column->setSpacing(0);
        auto *view = new MarkerChartView(chart, cell);
        view->setMarkers(&m_markers);
        view->setMinimumSize(200, 60); // the dock shares its area with Problems
        column->addWidget(view, 1);
        auto *legend = new ChartLegend(cell);
        legend->setObjectName(QStringLiteral("chartLegend%1").arg(p));
        column->addWidget(legend);
        m_views[p] = view;
        m_legends[p] = legend;
        m_cells[p] = cell;
    }
    arrange();
    rebuildLines();
    applyFonts();
}

bool SimCharts::panelUsed(Panel p) const
{
    if (p == Replicas)
        return !m_scaledNames.isEmpty();
    if (p == BurnRate)
        return !m_sloNames.isEmpty();
    if (p == ReplicaLag || p == StaleReads)
        return !m_replicated.isEmpty();
    if (p >= RealtimeDeliveries && p <= RealtimeLatency)
        return !m_gatewayNames.isEmpty();
    if (p == ConsumerLag)
        return !m_groupNames.isEmpty();
    if (p == Staleness)
        return !m_jobNames.isEmpty() || !m_viewNames.isEmpty();
    return true;
}

void SimCharts::setPresentation(bool on)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    arrange();
}

void SimCharts::setPresentedPanels(Panel top, Panel bottom)
{
    // One chart cannot fill both slots: the other slot takes the chart the changed one gave
    // up.
    if (top == bottom) {
        if (top != m_presented[0])
            bottom = m_presented[0];
        else
            top = m_presented[1];
    }
    if (top == bottom)
        bottom = Panel((top + 1) % PanelCount);
    m_presented[0] = top;
    m_presented[1] = bottom;
    for (int slot = 0; slot < 2; ++slot) {
        const QSignalBlocker block(m_select[slot]);
        m_select[slot]->setCurrentIndex(m_presented[slot]);
    }
    if (m_presenting)
        arrange();
}

void SimCharts::arrange()
{
    for (auto *c : m_cells)
        m_grid->removeWidget(c);
    for (int i = 0; i < 2; ++i)
        m_grid->setColumnStretch(i, m_presenting && i == 1 ? 0 : 1);
    int cell = 0; // grid cells taken, row by row, two per row
    for (int p = 0; p < PanelCount; ++p) {
        if (!m_presenting && panelUsed(Panel(p))) {
            m_grid->addWidget(m_cells[p], cell / 2, cell % 2);
            m_cells[p]->show();
            ++cell;
        } else if (m_presenting ? p != m_presented[0] && p != m_presented[1] : true) {
            m_cells[p]->hide();
        }
    }
    const int rows = m_presenting ? 2 : (cell + 1) / 2;
    for (int i = 0; i < (PanelCount + 1) / 2; ++i)
        m_grid->setRowStretch(i, i < rows ? 1 : 0);
    if (m_presenting)
        for (int slot = 0; slot < 2; ++slot) {
            m_grid->addWidget(m_cells[m_presented[slot]], slot, 0);
            m_cells[m_presented[slot]]->show();
        }
    m_selectors->setVisible(m_presenting);
    m_alignPasses = 0;
    m_align.start();
}

void SimCharts::resizeEvent(QResizeEvent *e)
{
    QWidget::resizeEvent(e);
    m_alignPasses = 0;
    m_align.start();
}

void SimCharts::alignPlots()
{
    // The presentation's two charts share their time axis' pixels; the grid keeps the
    // charts' own margins (its narrow plots need every pixel for their labels).
    std::vector<std::vector<Panel>> columns;
    if (m_presenting)
        columns = {{m_presented[0], m_presented[1]}};
    else
        for (QChart *c : m_charts)
            c->setMargins(QMargins(2, 0, 2, 0));
    bool changed = false;
    for (const auto &column : columns) {
        double insetL[2], insetR[2];
        for (size_t i = 0; i < 2; ++i) {
            QChart *c = m_charts[column[i]];
            const QRectF plot = c->plotArea();
            const QMargins m = c->margins();
            insetL[i] = plot.left() - m.left();
            insetR[i] = c->size().width() - plot.right() - m.right();
        }
        const double maxL = std::max(insetL[0], insetL[1]);
        const double maxR = std::max(insetR[0], insetR[1]);
        for (size_t i = 0; i < 2; ++i) {
            QChart *c = m_charts[column[i]];
            const QMargins want(2 + int(std::lround(maxL - insetL[i])), 0,
                                2 + int(std::lround(maxR - insetR[i])), 0);
            if (want != c->margins()) {
                c->setMargins(want);
                changed = true;
            }
        }
    }
    // The charts relayout; check again once they have. Bounded: should two layouts keep
    // answering each other's margins, the plots stay as they are rather than spin.
    if (changed && ++m_alignPasses < kMaxAlignPasses)
        m_align.start();
    else if (!changed)
        m_alignPasses = 0;
}

void SimCharts::addLine(Panel p, const QString &name, const QColor &color, qreal width,
                        std::function<double(const Point &)> value, bool compare, bool right)
{
    auto *s = new QLineSeries;
    s->setName(compare ? m_compareLabel + ": " + name : name);
    QPen pen(color, width);
    if (compare)
        pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    // OpenGL lines are opt-in (ARCHSIM_CHART_OPENGL=1): decimation keeps raster drawing cheap,
    // and Qt Charts draws its GL lines in a widget above the scene, over the marker labels
    // (seen under Xvfb), and every GL line solid. Never on offscreen, where it crashes.
    static const bool useGl = qEnvironmentVariableIntValue("ARCHSIM_CHART_OPENGL") == 1 &&
                              QGuiApplication::platformName() != QLatin1String("offscreen");
    if (useGl && !compare)
        s->setUseOpenGL(true);
    m_charts[p]->addSeries(s);
    s->attachAxis(m_x[p]);
    s->attachAxis(right ? m_yRight : m_y[p]);
    Line line;
    line.panel = p;
    line.name = compare ? m_compareLabel + ": " + name : name;
    line.series = s;
    line.value = std::move(value);
    line.compare = compare;
    line.right = right;
    m_lines.push_back(std::move(line));
}

void SimCharts::rebuildLines()
{
    for (auto &l : m_lines) {
        m_charts[l.panel]->removeSeries(l.series);
        delete l.series;
    }
    m_lines.clear();
    const QColor blue(31, 119, 180), green(44, 160, 44), grey(127, 127, 127), red(214, 39, 40),
        orange(255, 127, 14), purple(148, 103, 189), brown(140, 86, 75), pink(227, 119, 194),
        olive(188, 189, 34), cyan(23, 190, 207);
    auto addRuns = [&](bool compare) {
        addLine(Throughput, "offered", grey, 1.5, [](const Point &p) { return p.offered_rps; },
                compare);
        // Goodput: requests answered OK (degraded answers included) per second.
        addLine(Throughput, "goodput", green, 2.5,
                [](const Point &p) { return p.throughput_rps; }, compare);
        if (!compare)
            addLine(Throughput, "degraded", olive, 1.5,
                    [](const Point &p) { return p.degraded_rps; });
        // Right axis, station visits: all the work done, and the part nobody waited for.
        QColor work = blue;
        work.setAlphaF(0.45f);
        addLine(Throughput, "station work", work, 1.0, [](const Point &p) { return p.work_rps; },
                compare, true);
        addLine(Throughput, "wasted work", brown, 1.5,
                [](const Point &p) { return p.wasted_rps; }, compare, true);
        addLine(Errors, "all reasons", red, 2.5, [](const Point &p) { return 100 * p.error_rate; },
                compare);
        if (!compare) {
            addLine(Errors, "rejected", purple, 1.5,
                    [](const Point &p) { return 100 * p.errors.rejected; });
            addLine(Errors, "timeout", orange, 1.5,
                    [](const Point &p) { return 100 * p.errors.timeout; });
            addLine(Errors, "refused", brown, 1.5,
                    [](const Point &p) { return 100 * p.errors.refused; });
            addLine(Errors, "short-circuited", cyan, 1.5,
                    [](const Point &p) { return 100 * p.errors.short_circuited; });
            addLine(Errors, "unavailable", pink, 1.5,
                    [](const Point &p) { return 100 * p.errors.unavailable; });
            addLine(Latency, "p50", green, 1.5, [](const Point &p) { return p.p50_ms; });
            addLine(Latency, "p95", orange, 1.5, [](const Point &p) { return p.p95_ms; });
        }
        addLine(Latency, "p99", red, 2.5, [](const Point &p) { return p.p99_ms; }, compare);
        const QList<QColor> cacheColors{blue, purple, orange, cyan, olive, pink};
        for (int k = 0; k < m_cacheNames.size(); ++k) {
            addLine(CacheHits, m_cacheNames[k], cacheColors[k % cacheColors.size()], 2.0,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.cache_hit_ratio.size())
                                   ? 100 * p.cache_hit_ratio[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        }
        for (int k = 0; k < m_scaledNames.size(); ++k)
            addLine(Replicas, m_scaledNames[k], cacheColors[k % cacheColors.size()], 2.0,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.replicas.size())
                                   ? p.replicas[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        for (int k = 0; k < m_sloNames.size(); ++k)
            addLine(BurnRate, m_sloNames[k], cacheColors[k % cacheColors.size()], 2.0,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.burn_rate.size())
                                   ? p.burn_rate[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        for (int k = 0; k < m_lagNames.size(); ++k) {
            if (!m_replicated.contains(m_lagNames[k]))
                continue; // one instance: nothing to lag
            addLine(ReplicaLag, m_lagNames[k], cacheColors[k % cacheColors.size()], 2.0,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.replica_lag_ms.size())
                                   ? p.replica_lag_ms[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        }
        // Stale replica reads: the share of the second's replica reads that missed the
        // request's own write (read-your-writes violations).
        for (int k = 0; k < m_lagNames.size(); ++k) {
            if (!m_replicated.contains(m_lagNames[k]))
                continue;
            addLine(StaleReads, m_lagNames[k], cacheColors[k % cacheColors.size()], 2.0,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.stale_read_share.size())
                                   ? 100 * p.stale_read_share[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        }
        // Staleness: a sawtooth per job's sink and per refreshed view (on each database).
        for (int k = 0; k < m_jobNames.size(); ++k)
            addLine(Staleness, m_jobNames[k], cacheColors[k % cacheColors.size()], 2.0,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.job_staleness_s.size())
                                   ? p.job_staleness_s[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        // A view held by two databases refreshes alike on both: each later line is thinner,
        // so the one under it still shows (seen under Xvfb: shop-db's line was hidden).
        for (int k = 0; k < m_viewNames.size(); ++k) {
            const int c = static_cast<int>(m_jobNames.size()) + k;
            const qreal width = std::max(1.5, 3.5 - k);
            addLine(Staleness, m_viewNames[k], cacheColors[c % cacheColors.size()], width,
                    [k](const Point &p) {
                        return k < static_cast<int>(p.view_staleness_s.size())
                                   ? p.view_staleness_s[static_cast<size_t>(k)]
                                   : 0.0;
                    },
                    compare);
        }
        addRealtimeLines(compare);
        addGroupLagLines(compare);
        if (!compare && !m_sloNames.isEmpty()) {
            // The SRE workbook's thresholds: 14.4x pages (2% of a 30-day budget in an hour),
            // 1x spends the budget exactly over the period.
            addLine(BurnRate, "page (14.4x)", red, 1.0, [](const Point &) { return 14.4; });
            addLine(BurnRate, "budget (1x)", grey, 1.0, [](const Point &) { return 1.0; });
        }
    };
    addRuns(false);
    if (m_compare)
        addRuns(true);
    applyFonts();
}

void SimCharts::setTimeline(RunTimeline *timeline)
{
    if (m_timeline)
        disconnect(m_timeline, nullptr, this, nullptr);
    m_timeline = timeline;
    if (timeline) {
        connect(timeline, &RunTimeline::cleared, this, [this] {
            m_cacheNames.clear(); // rebuilt for the new layout at the next refresh
            m_scaledNames.clear();
            m_sloNames.clear();
            m_lagNames.clear();
            m_replicated.clear();
            m_gatewayNames.clear();
            m_groupNames.clear();
            m_jobNames.clear();
            m_viewNames.clear();
            // The old run's optional charts leave the grid now: a layout without them equals
            // the cleared names, so the next refresh would not regrid. (The lines stay: the
            // series are kept across a clear; they are rebuilt when a layout names others.)
            arrange();
            refresh();
        });
        connect(timeline, &RunTimeline::appended, this, &SimCharts::scheduleRefresh);
        connect(timeline, &RunTimeline::finished, this, &SimCharts::refresh);
    }
    refresh();
}

void SimCharts::setComparison(RunTimeline *other, const QString &label)
{
    if (m_compare)
        disconnect(m_compare, nullptr, this, nullptr);
    m_compare = other;
    m_compareLabel = label.isEmpty() ? tr("before") : label;
    if (other) {
        connect(other, &RunTimeline::appended, this, &SimCharts::scheduleRefresh);
        connect(other, &RunTimeline::cleared, this, &SimCharts::scheduleRefresh);
    }
    rebuildLines();
    refresh();
}

void SimCharts::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void SimCharts::refresh()
{
    m_refresh.stop();
    const QStringList caches = m_timeline ? m_timeline->layout().caches : QStringList();
    const QStringList scaled = m_timeline ? m_timeline->layout().autoscaled : QStringList();
    const QStringList slos = m_timeline ? m_timeline->layout().sloClients : QStringList();
    const QStringList lags = m_timeline ? m_timeline->layout().databases : QStringList();
    const QStringList replicated = m_timeline ? m_timeline->layout().replicated : QStringList();
    const QStringList gateways = m_timeline ? m_timeline->layout().gateways : QStringList();
    const QStringList groups = m_timeline ? m_timeline->layout().groupLabels : QStringList();
    const QStringList jobs = m_timeline ? m_timeline->layout().jobs : QStringList();
    const QStringList views = m_timeline ? m_timeline->layout().views : QStringList();
    if (caches != m_cacheNames || scaled != m_scaledNames || slos != m_sloNames ||
        lags != m_lagNames || replicated != m_replicated || gateways != m_gatewayNames ||
        groups != m_groupNames || jobs != m_jobNames || views != m_viewNames) {
        const bool regrid = scaled.isEmpty() != m_scaledNames.isEmpty() ||
                            slos.isEmpty() != m_sloNames.isEmpty() ||
                            replicated.isEmpty() != m_replicated.isEmpty() ||
                            gateways.isEmpty() != m_gatewayNames.isEmpty() ||
                            groups.isEmpty() != m_groupNames.isEmpty() ||
                            (jobs.isEmpty() && views.isEmpty()) !=
                                (m_jobNames.isEmpty() && m_viewNames.isEmpty());
        m_jobNames = jobs;
        m_viewNames = views;
        m_cacheNames = caches;
        m_scaledNames = scaled;
        m_sloNames = slos;
        m_lagNames = lags;
        m_replicated = replicated;
        m_gatewayNames = gateways;
        m_groupNames = groups;
        rebuildLines();
        if (regrid)
            arrange();
    }
    double xMax = 60;
    for (RunTimeline *t : {m_timeline.data(), m_compare.data()})
        if (t)
            xMax = std::max({xMax, t->layout().duration_s, t->endTime()});
    if (m_axisFollowsData && m_timeline && !m_timeline->isEmpty())
        xMax = std::min(xMax, std::max(60.0, std::ceil(m_timeline->endTime() * 1.1 / 10) * 10));
    double yMax[PanelCount];
    std::fill(std::begin(yMax), std::end(yMax), 1.0);
    yMax[CacheHits] = 100;
    double yRight = 1;
    // The points of each line, drawn once the axes are set: new ranges and ticks change the
    // labels' width and so the plot's, which the decimation must follow.
    std::vector<QList<QPointF>> linePoints(m_lines.size());
    for (size_t i = 0; i < m_lines.size(); ++i) {
        Line &l = m_lines[i];
        RunTimeline *t = l.compare ? m_compare.data() : m_timeline.data();
        QList<QPointF> &pts = linePoints[i];
        double peak = 0;
        if (t && (l.gateway >= 0 || l.group >= 0)) {
            pts = l.gateway >= 0 ? realtimePoints(l, *t) : groupLagPoints(l, *t);
            for (const QPointF &pt : pts)
                peak = std::max(peak, pt.y());
        } else if (t) {
            pts.reserve(static_cast<qsizetype>(t->points().size()));
            for (const Point &p : t->points()) {
                const double v = l.value(p);
                pts << QPointF(p.t_s, std::isfinite(v) ? v : 0);
                peak = std::max(peak, pts.back().y());
            }
        }
        // Lines that stay at zero (an error reason that never happened) leave the legend; a
        // database's stale-read share stays: none is the answer the chart is asked for.
        const bool optional = l.name.endsWith("degraded") || l.name.endsWith("wasted work");
        // A realtime line at zero stays: "no disconnect, nothing lost" is the demo's point.
        const bool show = peak > 0 || (l.panel == Throughput && !optional) ||
                          l.name == "all reasons" || l.gateway >= 0 || l.group >= 0 ||
                          l.panel == StaleReads;
        l.series->setVisible(show || pts.isEmpty());
        double &top = l.right ? yRight : yMax[l.panel];
        top = std::max(top, peak);
    }
    // Station visits reach thousands per second: the right axis counts them in thousands so
    // that its labels stay short ("2.25", not a truncated "22...") next to the legend.
    const double rightTop = niceCeil(yRight * 1.08);
    const double rightScale = rightTop >= 1000 ? 1000 : 1;
    m_yRight->setRange(0, rightTop / rightScale);
    m_yRight->setTitleText(rightScale != 1 ? tr("k visits/s") : tr("visits/s"));
    for (int p = 0; p < PanelCount; ++p) {
        m_x[p]->setRange(0, xMax);
        const double top = p == CacheHits ? 100 : niceCeil(yMax[p] * 1.08);
        m_y[p]->setRange(0, p == Errors || p == StaleReads ? std::min(100.0, top) : top);
        fitTicks(Panel(p));
    }
    for (size_t i = 0; i < m_lines.size(); ++i) {
        Line &l = m_lines[i];
        if (l.right && rightScale != 1)
            for (QPointF &pt : linePoints[i])
                pt.setY(pt.y() / rightScale);
        const int columns = static_cast<int>(m_charts[l.panel]->plotArea().width());
        l.series->replace(decimate(linePoints[i], columns > 10 ? columns : 400));
        m_drawnWidth[l.panel] = columns;
    }
    m_markers = m_timeline ? chartMarkers(m_timeline->changes(), m_timeline->layout())
                           : std::vector<ChartMarker>();
    // The clients' load-profile steps are marked like events, up to the last point shown.
    if (m_timeline && !m_timeline->points().empty()) {
        auto steps = loadStepMarkers(m_timeline->layout(), m_timeline->points().back().t_s);
        m_markers.insert(m_markers.end(), std::make_move_iterator(steps.begin()),
                         std::make_move_iterator(steps.end()));
    }
    updateRealtimeTitles();
    updateLegends();
    for (auto *v : m_views)
        v->viewport()->update();
}

void SimCharts::fitTicks(Panel p)
{
    // Qt Charts elides a vertical axis' label to "..." when the chart's height over the tick
    // count, less 8 px of padding, is below the label's height (verticalaxis.cpp): the
    // trainer's grid, its charts about 90 px tall, read "..." on every axis (seen under Xvfb).
    const double need = QFontMetricsF(m_y[p]->labelsFont()).height() + 1 + 8;
    const double height = m_charts[p]->size().height() - 4; // the axis' height, about
    const int ticks = height >= 5 * need ? 5 : height >= 3 * need ? 3 : 2;
    for (QValueAxis *a : {m_y[p], p == Throughput ? m_yRight : m_y[p]}) {
        if (a->tickCount() != ticks)
            a->setTickCount(ticks);
        // Whole ticks print as integers; the others with the few digits they have (the
        // range is a round number: 0.75, 1.25, 187.5): "%.0f" made 0..1 read "1 1 0 0 0".
        const double step = (a->max() - a->min()) / (ticks - 1);
        const QString format = std::abs(step - std::round(step)) < 1e-9 * std::max(1.0, step)
                                   ? QStringLiteral("%.0f")
                                   : QStringLiteral("%.4g");
        if (a->labelFormat() != format)
            a->setLabelFormat(format);
    }
}

void SimCharts::updateLegends()
{
    QList<ChartLegend::Entry> entries[PanelCount];
    for (const Line &l : m_lines)
        if (l.series->isVisible())
            entries[l.panel].append({l.series->name(), l.series->pen()});
    for (int p = 0; p < PanelCount; ++p)
        m_legends[p]->setEntries(entries[p]);
}

int SimCharts::heightForChartHeight(int chartHeight) const
{
    // Two rows in both layouts; the presentation's selectors stand above them.
    const int selectors = m_presenting ? m_selectors->sizeHint().height()
                                             + layout()->spacing()
                                       : 0;
    // Each row: the chart, then its legend (as many rows of names as the cell's width needs).
    const int cellWidth = m_presenting ? width() : (width() - m_grid->horizontalSpacing()) / 2;
    int height = selectors + m_grid->verticalSpacing();
    for (int row = 0; row < 2; ++row) {
        int legend = 0;
        for (int p = 0; p < PanelCount; ++p)
            if (m_presenting ? p == m_presented[row] : p / 2 == row)
                legend = std::max(legend, m_legends[p]->heightForWidth(std::max(cellWidth, 200)));
        height += chartHeight + legend + m_cells[0]->layout()->contentsMargins().bottom();
    }
    return height;
}

void SimCharts::setMinimumChartHeight(int px)
{
    for (auto *v : m_views)
        v->setMinimumHeight(px);
}

void SimCharts::setAxisFollowsData(bool on)
{
    m_axisFollowsData = on;
    scheduleRefresh();
}

void SimCharts::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() != QEvent::PaletteChange && e->type() != QEvent::ApplicationPaletteChange &&
        e->type() != QEvent::StyleChange)
        return;
    // Follow the workbench's light or dark theme. A theme restyles every series and axis:
    // the lines are made again with our colours and fonts.
    const auto theme = style::isDark() ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (m_charts[0]->theme() == theme)
        return;
    for (QChart *c : m_charts)
        c->setTheme(theme);
    rebuildLines();
    refresh();
}

void SimCharts::setFontScale(double scale)
{
    m_fontScale = std::clamp(scale, 0.5, 4.0);
    applyFonts();
}

void SimCharts::applyFonts()
{
    QFont base = QApplication::font();
    const double pt = base.pointSizeF() > 0 ? base.pointSizeF() : 9.0;
    QFont label = base, title = base, marker = base;
    label.setPointSizeF(pt * 0.9 * m_fontScale);
    title.setPointSizeF(pt * 1.1 * m_fontScale);
    title.setBold(true);
    marker.setPointSizeF(pt * 0.85 * m_fontScale);
    for (int p = 0; p < PanelCount; ++p) {
        m_charts[p]->setTitleFont(title);
        m_charts[p]->legend()->setFont(label);
        for (QValueAxis *a : {m_x[p], m_y[p], p == Throughput ? m_yRight : m_y[p]}) {
            a->setLabelsFont(label);
            a->setTitleFont(label);
        }
        m_views[p]->setLabelFont(marker);
        m_legends[p]->setFont(label);
        m_views[p]->viewport()->update();
    }
}

QChart *SimCharts::chart(Panel p) const
{
    return m_charts[p];
}

std::optional<ChartLine> SimCharts::line(Panel p, const QString &name) const
{
    for (const Line &l : m_lines)
        if (l.panel == p && l.name == name)
            return ChartLine{l.name, l.series->pen(), l.series->isVisible(), l.series->points()};
    return std::nullopt;
}

} // namespace archsim::gui
