#include "simcanvas.h"

#include "canvasscene.h"
#include "document.h"
#include "linkitem.h"
#include "nodeitem.h"
#include "style.h"

#include <QEvent>
#include <QGraphicsView>
#include <QLinearGradient>
#include <QPainter>
#include <QWidget>

#include <algorithm>
#include <cmath>
#include <map>

namespace archsim::gui {

// The key to the colours and marks of a run on the canvas, in the view's top-left corner.
class RunLegend : public QWidget {
public:
    explicit RunLegend(QWidget *parent) : QWidget(parent)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        resize(600, 30);
        hide();
    }
    void setTime(double t)
    {
        m_time = t;
        update();
    }

protected:
    // One strip: the simulated time, the utilization scale, the marks, the line width.
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const auto &cc = style::canvas();
        QColor bg = cc.nodeFill;
        bg.setAlpha(235);
        p.setPen(QPen(cc.nodeBorder, 1));
        p.setBrush(bg);
        p.drawRoundedRect(rect().adjusted(0, 0, -1, -1), 8, 8);
        QFont f = font();
        f.setPointSizeF(9);
        f.setBold(true);
        p.setFont(f);
        p.setPen(cc.text);
        const int m = static_cast<int>(m_time) / 60, s = static_cast<int>(m_time) % 60;
        const QString time = tr("t = %1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
        double x = 10;
        const double h = height();
        p.drawText(QRectF(x, 0, 80, h), Qt::AlignLeft | Qt::AlignVCenter, time);
        x += QFontMetricsF(f).horizontalAdvance(time) + 12;
        f.setBold(false);
        f.setPointSizeF(8);
        p.setFont(f);
        const QFontMetricsF fm(f);
        auto text = [&](const QString &t) {
            p.setPen(cc.subtext);
            p.drawText(QRectF(x, 0, fm.horizontalAdvance(t) + 2, h),
                       Qt::AlignLeft | Qt::AlignVCenter, t);
            x += fm.horizontalAdvance(t) + 6;
        };
        text(tr("utilization 0 %"));
        const QRectF bar(x, h / 2 - 5, 90, 10);
        QLinearGradient g(bar.topLeft(), bar.topRight());
        for (double u : {0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0})
            g.setColorAt(u, NodeItem::heatColor(u));
        p.setPen(Qt::NoPen);
        p.setBrush(g);
        p.drawRoundedRect(bar, 3, 3);
        x = bar.right() + 6;
        text(tr("100 %"));
        x += 6;
        auto pill = [&](const QString &t, const QColor &c) {
            QFont b = f;
            b.setBold(true);
            p.setFont(b);
            const double w = QFontMetricsF(b).horizontalAdvance(t) + 12;
            const QRectF r(x, h / 2 - 8, w, 16);
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawRoundedRect(r, 8, 8);
            p.setPen(Qt::white);
            p.drawText(r, Qt::AlignCenter, t);
            p.setFont(f);
            x += w + 5;
        };
        pill(tr("DOWN"), QColor("#b91c1c"));
        pill(tr("HUNG"), QColor("#b45309"));
        pill(tr("BREAKER OPEN"), QColor("#dc2626"));
        x += 4;
        text(tr("line width: calls/s"));
        if (std::abs(width() - (x + 4)) > 1)
            resize(static_cast<int>(x + 4), height());
    }

private:
    double m_time = 0;
};

namespace {

// Scenario event behind a state change, to tell a hang from a refusal.
model::CrashMode modeOf(const RunLayout &layout, const simulator::StateChange &c,
                        model::EventAction action)
{
    for (const auto &e : layout.events) {
        if (e.action != action || e.target != c.target)
            continue;
        const bool begins = std::abs(e.at_s - c.t_s) < 1e-6;
        const bool ends = e.for_s > 0 && std::abs(e.at_s + e.for_s - c.t_s) < 1e-6;
        if (begins || ends)
            return e.mode;
    }
    return model::CrashMode::Refuse; // random failures refuse
}

QString percent(double v)
{
    return QStringLiteral("%1 %").arg(v * 100, 0, 'f', v < 0.1 ? 1 : 0);
}

} // namespace

SimCanvasOverlay::SimCanvasOverlay(Document *doc, CanvasScene *scene, QGraphicsView *view,
                                   QObject *parent)
    : QObject(parent), m_doc(doc), m_scene(scene), m_view(view)
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, &SimCanvasOverlay::refresh);
    if (view) {
        // A child of the view, not of its viewport: scrolling moves the viewport's children.
        m_legend = new RunLegend(view);
    }
    // Items rebuilt after an edit come back plain: put the run's look on them again.
    connect(doc, &Document::contentChanged, this, &SimCanvasOverlay::scheduleRefresh);
    connect(doc, &Document::modelReset, this, &SimCanvasOverlay::scheduleRefresh);
}

QWidget *SimCanvasOverlay::legend() const
{
    return m_legend;
}

void SimCanvasOverlay::setTimeline(RunTimeline *timeline)
{
    if (m_timeline)
        disconnect(m_timeline, nullptr, this, nullptr);
    m_timeline = timeline;
    if (timeline) {
        connect(timeline, &RunTimeline::cleared, this, &SimCanvasOverlay::refresh);
        connect(timeline, &RunTimeline::appended, this, &SimCanvasOverlay::scheduleRefresh);
        connect(timeline, &RunTimeline::finished, this, &SimCanvasOverlay::refresh);
    }
    refresh();
}

void SimCanvasOverlay::setTime(std::optional<double> t)
{
    m_time = t;
    refresh();
}

void SimCanvasOverlay::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void SimCanvasOverlay::clearLook()
{
    if (!m_shown)
        return;
    const auto &m = m_doc->model();
    for (const auto &c : m.components)
        if (NodeItem *n = m_scene->node(QString::fromStdString(c.id)))
            n->setRunState(std::nullopt);
    for (const auto &l : m.links)
        if (LinkItem *k = m_scene->linkItem(QString::fromStdString(l.id)))
            k->setRunState(std::nullopt);
    if (m_legend)
        m_legend->hide();
    m_shown = false;
}

void SimCanvasOverlay::refresh()
{
    m_refresh.stop();
    if (!m_timeline || m_timeline->points().empty()) {
        clearLook();
        return;
    }
    const RunTimeline &tl = *m_timeline;
    const RunLayout &layout = tl.layout();
    const double t = m_time ? *m_time : tl.endTime();
    const int shown = tl.pointsUpTo(t);
    if (shown == 0) {
        clearLook();
        return;
    }
    const simulator::TimelinePoint &p = tl.points()[static_cast<size_t>(shown - 1)];
    const model::Model &model = m_doc->model();

    // Replay the state changes up to t: failed replicas, open breakers, cut links.
    struct Health {
        std::map<int, int> down, hung; // replica -> active causes
    };
    std::map<std::string, Health> health;
    std::map<std::string, bool> breakerOpen, cut;
    auto replicasOf = [&](const std::string &id) {
        const model::Component *c = m_doc->component(id);
        return c ? std::max(1, c->replicas) : 1;
    };
    auto mark = [&](const std::string &id, int replica, bool hang, int delta) {
        Health &h = health[id];
        auto apply = [&](int r) {
            int &n = (hang ? h.hung : h.down)[r];
            n = std::max(0, n + delta);
        };
        if (replica >= 0) {
            apply(replica);
        } else {
            for (int r = 0; r < replicasOf(id); ++r)
                apply(r);
        }
    };
    const int changes = tl.changesUpTo(t);
    for (int i = 0; i < changes; ++i) {
        const auto &c = tl.changes()[static_cast<size_t>(i)];
        if (c.kind == "crash" || c.kind == "recover") {
            const bool hang =
                modeOf(layout, c, model::EventAction::Crash) == model::CrashMode::Hang;
            mark(c.target, c.replica, hang, c.kind == "crash" ? 1 : -1);
        } else if (c.kind == "zone_outage" || c.kind == "zone_restored") {
            const bool hang =
                modeOf(layout, c, model::EventAction::ZoneOutage) == model::CrashMode::Hang;
            for (const auto &comp : model.components) {
                if (comp.zones.empty())
                    continue;
                for (int r = 0; r < std::max(1, comp.replicas); ++r)
                    if (comp.zones[static_cast<size_t>(r) % comp.zones.size()] == c.target)
                        mark(comp.id, r, hang, c.kind == "zone_outage" ? 1 : -1);
            }
        } else if (c.kind == "recovered_elsewhere" || c.kind == "restored_elsewhere") {
            // A region outage's recovery in the other region: the component's replicas that
            // the region took serve again there (docs/data-lifecycle.md).
            const bool hang =
                modeOf(layout, c, model::EventAction::RegionOutage) == model::CrashMode::Hang;
            mark(c.target, -1, hang, -1);
        } else if (c.kind.rfind("breaker_", 0) == 0) {
            breakerOpen[c.target] = c.kind != "breaker_closed";
        } else if (c.kind == "partition" || c.kind == "partition_end") {
            cut[c.target] = c.kind == "partition";
        }
    }

    double maxRps = 0;
    for (double r : p.link_rps)
        maxRps = std::max(maxRps, r);
    for (const auto &c : model.components) {
        NodeItem *n = m_scene->node(QString::fromStdString(c.id));
        if (!n)
            continue;
        const int k = tl.stationIndex(QString::fromStdString(c.id));
        if (k < 0 || k >= static_cast<int>(p.utilization.size())) {
            n->setRunState(std::nullopt); // a client, or added after the run
            continue;
        }
        NodeRunState s;
        s.utilization = p.utilization[static_cast<size_t>(k)];
        s.replicas = std::max(1, c.replicas);
        const Health &h = health[c.id];
        for (const auto &[r, n2] : h.down)
            s.down += n2 > 0 ? 1 : 0;
        for (const auto &[r, n2] : h.hung)
            s.hung += n2 > 0 && !(h.down.count(r) && h.down.at(r) > 0) ? 1 : 0;
        QString tip = QStringLiteral("<b>%1</b> at %2 s<br>").arg(
            QString::fromStdString(c.name.empty() ? c.id : c.name).toHtmlEscaped())
                          .arg(p.t_s + 1, 0, 'f', 0);
        tip += tr("utilization %1<br>arrivals %2/s")
                   .arg(percent(s.utilization))
                   .arg(p.arrival_rps.size() > static_cast<size_t>(k)
                            ? p.arrival_rps[static_cast<size_t>(k)] : 0.0, 0, 'f', 0);
        const int ci = tl.cacheIndex(QString::fromStdString(c.id));
        if (ci >= 0 && ci < static_cast<int>(p.cache_hit_ratio.size()))
            tip += tr("<br>cache hit ratio %1").arg(percent(p.cache_hit_ratio[size_t(ci)]));
        if (s.down > 0)
            tip += tr("<br><b>%1 of %2 replicas down</b>").arg(s.down).arg(s.replicas);
        if (s.hung > 0)
            tip += tr("<br><b>%1 of %2 replicas hung</b>").arg(s.hung).arg(s.replicas);
        s.tooltip = tip;
        n->setRunState(s);
    }
    for (int i = 0; i < static_cast<int>(model.links.size()); ++i) {
        const auto &l = model.links[static_cast<size_t>(i)];
        LinkItem *item = m_scene->linkItem(QString::fromStdString(l.id));
        if (!item)
            continue;
        const int k = tl.linkIndex(QString::fromStdString(l.id));
        if (k < 0 || k >= static_cast<int>(p.link_rps.size())) {
            item->setRunState(std::nullopt);
            continue;
        }
        LinkRunState s;
        s.rps = p.link_rps[static_cast<size_t>(k)];
        s.width = maxRps > 0 ? 1.6 + 8.0 * std::sqrt(s.rps / maxRps) : 1.6;
        s.breakerOpen = breakerOpen[l.id];
        s.cut = cut[l.id];
        item->setRunState(s);
    }
    if (m_legend) {
        if (m_view) // bottom left of the visible canvas
            m_legend->move(m_view->viewport()->geometry().bottomLeft() +
                           QPoint(8, -m_legend->height() - 8));
        m_legend->setTime(std::min(t, tl.endTime()));
        m_legend->show();
        m_legend->raise();
    }
    m_shown = true;
}

} // namespace archsim::gui
