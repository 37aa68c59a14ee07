// Marker labels over the simulation charts: readable in the dock and in the presentation
// layout. Labels stay inside the plot area (flipped or shifted, never clipped), never
// overlap, close markers of one kind share one label with the list in its tooltip, and
// breaker labels name the called component when that is unambiguous. Legends show every
// line's whole name (issue #17: "degrad…").

#include "chartlegend.h"
#include "runtimeline.h"
#include "simcharts.h"

#include "archsim/model/io.h"
#include "archsim/simulator/simulation.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <QPaintEvent>
#include <QtTest>

using namespace archsim;
using namespace archsim::gui;

namespace {

simulator::StateChange change(double t, const char *kind, const char *target, int replica = -1)
{
    simulator::StateChange c;
    c.t_s = t;
    c.kind = kind;
    c.target = target;
    c.replica = replica;
    return c;
}

// Records every paint of a chart view's viewport: the region repainted and the marker labels
// that were on screen before it (those of the previous paint).
class PaintLog : public QObject {
public:
    explicit PaintLog(MarkerChartView *view) : m_view(view)
    {
        view->viewport()->installEventFilter(this);
    }
    struct Paint {
        QRegion region;
        std::vector<MarkerLabel> before;
    };
    std::vector<Paint> paints;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            paints.push_back({static_cast<QPaintEvent *>(e)->region(), m_view->labels()});
        return false;
    }

private:
    MarkerChartView *m_view;
};

bool sameLabel(const MarkerLabel &a, const MarkerLabel &b)
{
    return a.rect == b.rect && a.text == b.text;
}

} // namespace

class TestSimCharts : public QObject {
    Q_OBJECT
private slots:
    void labelsStayInsideAndApart_data();
    void labelsStayInsideAndApart();
    void movedLabelsLeaveNoCopy_data();
    void movedLabelsLeaveNoCopy();
    void loadProfileStepsAreMarked();
    void emptyRightAxisHasDistinctLabels();
    void legendsShowWholeNames_data();
    void legendsShowWholeNames();
    void lineCopiesOutliveARebuild();
    void regionOutageReadsAsOneMarker();
};

void TestSimCharts::labelsStayInsideAndApart_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<double>("fontScale");
    QTest::addColumn<bool>("roomy"); // room for the breakers' label after the events'
    // The trainer's charts at 1920 x 1080 in presentation, the dock, a cramped window.
    QTest::newRow("presentation") << QSize(870, 610) << 1.35 << true;
    QTest::newRow("dock") << QSize(900, 420) << 1.0 << true;
    QTest::newRow("narrow-large-type") << QSize(560, 420) << 1.8 << false;
}

// The story of docs/screenshots/presentation.png: the primary database hangs at 120 s, four
// breakers open within a second at 148 s, the standby takes over at 150 s and the breakers
// close again. One lone breaker flap at 40 s, and a long event label at the right edge (it
// must flip left and stay inside, where the old labels ran off the plot's left edge).
void TestSimCharts::labelsStayInsideAndApart()
{
    QFETCH(QSize, size);
    QFETCH(double, fontScale);
    QFETCH(bool, roomy);
    RunLayout layout;
    layout.duration_s = 190;
    layout.stations = {"api-gateway", "catalog-svc", "user-svc", "order-svc", "shop-db",
                       "a-rather-long-component-name"};
    layout.caches = {"redis"};
    RunTimeline t;
    t.reset(layout);
    std::vector<simulator::TimelinePoint> pts(190);
    for (int i = 0; i < 190; ++i) {
        auto &p = pts[size_t(i)];
        p.t_s = i;
        p.offered_rps = 500;
        p.throughput_rps = i > 120 && i < 150 ? 100 : 495;
        p.error_rate = i > 120 && i < 150 ? 0.6 : 0.001;
        p.errors.timeout = p.error_rate;
        p.p50_ms = 20;
        p.p95_ms = 60;
        p.p99_ms = 120;
        p.cache_hit_ratio = {0.6};
        p.work_rps = 2300; // the right axis counts thousands
    }
    const std::vector<simulator::StateChange> changes = {
        change(40, "breaker_open", "api-gateway-user-svc"),
        change(45, "breaker_closed", "api-gateway-user-svc"),
        change(120, "crash", "shop-db", 0),
        change(148.1, "breaker_open", "api-gateway-catalog-svc"),
        change(148.3, "breaker_open", "api-gateway-user-svc"),
        change(148.6, "breaker_open", "api-gateway-order-svc"),
        change(148.9, "breaker_open", "order-svc-shop-db"),
        change(150, "failover", "shop-db"),
        change(150.2, "breaker_closed", "api-gateway-catalog-svc"),
        change(150.4, "breaker_closed", "api-gateway-user-svc"),
        change(153, "breaker_closed", "order-svc-shop-db"),
        change(186, "crash", "a-rather-long-component-name", 2),
    };
    SimCharts charts;
    charts.setFontScale(fontScale);
    charts.resize(size);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setTimeline(&t);
    t.append(pts, changes);
    charts.refresh();
    QCOMPARE(charts.markers().size(), changes.size());

    for (int p = 0; p < SimCharts::PanelCount; ++p) {
        if (!charts.panelUsed(SimCharts::Panel(p)))
            continue; // replicas and burn rate: this run has no autoscaling and no SLO
        MarkerChartView *view = charts.view(SimCharts::Panel(p));
        view->grab(); // paints, placing the labels
        const QRectF plot = view->plotRect();
        const auto &labels = view->labels();
        QVERIFY2(!labels.empty(), qPrintable(QString::number(p)));
        QVERIFY2(labels.size() < changes.size(), "close markers of one kind share a label");
        for (size_t i = 0; i < labels.size(); ++i) {
            const QRectF r = labels[i].rect;
            QVERIFY2(plot.contains(r), qPrintable(QStringLiteral("'%1' leaves the plot area")
                                                      .arg(labels[i].text)));
            for (size_t j = i + 1; j < labels.size(); ++j)
                QVERIFY2(!r.intersects(labels[j].rect),
                         qPrintable(labels[i].text + " overlaps " + labels[j].text));
            QCOMPARE(view->toolTipAt(r.center()), labels[i].tooltip);
        }
        // The events are always labelled (elided where the plot is very narrow).
        auto find = [&](const QString &text) {
            return std::find_if(labels.begin(), labels.end(),
                                [&](const auto &l) { return l.text.startsWith(text); });
        };
        auto labelled = [&](const QString &full) {
            return std::any_of(labels.begin(), labels.end(),
                               [&](const auto &l) { return l.tooltip.endsWith(full); });
        };
        QVERIFY(labelled("crash shop-db #0"));
        QVERIFY(labelled("crash a-rather-long-component-name #2"));
        // The four breakers of 148 s: one label, the list in its tooltip.
        auto open = find("4 breakers open");
        QCOMPARE(open != labels.end(), roomy);
        if (open != labels.end()) {
            QCOMPARE(open->count, 4);
            QVERIFY(open->tooltip.contains("breaker open api-gateway-catalog-svc"));
            QVERIFY(open->tooltip.contains("breaker open order-svc-shop-db"));
        }
        // Hovering a line whose label had no room still tells what happened there.
        const double x148 = charts.chart(SimCharts::Panel(p))
                                ->mapToPosition(QPointF(148.5, 0),
                                                charts.chart(SimCharts::Panel(p))->series()[0])
                                .x();
        QVERIFY(view->toolTipAt(QPointF(x148, plot.bottom() - 2))
                    .contains("breaker open api-gateway-order-svc"));
    }
    // Breaker labels name the called component where no other breaker's link ends there;
    // the full link id stays in the label used by the tooltips.
    const auto &m = charts.markers();
    QCOMPARE(m[0].shortLabel, QStringLiteral("breaker open \u2192 user-svc"));
    QCOMPARE(m[0].label, QStringLiteral("breaker open api-gateway-user-svc"));
    QCOMPARE(m[6].shortLabel, QStringLiteral("breaker open \u2192 shop-db"));
}

void TestSimCharts::movedLabelsLeaveNoCopy_data()
{
    QTest::addColumn<bool>("followData");
    QTest::newRow("trainer (axis follows the data)") << true;
    QTest::newRow("dock (axis spans the run)") << false;
}

// Issue #17, bug 4: at the end of a run (at 20x in the trainer, at full speed in the dock)
// "hang shop-db #0" and "recovered shop-db #0" were drawn twice, overprinted. A label moves
// when the axis or the markers change; the view repainted only the chart items that changed,
// so a label's old place kept its pixels. Every label that goes or moves must be repainted
// over, and every new one drawn whole: the oracle is the exposed region of each paint event.
void TestSimCharts::movedLabelsLeaveNoCopy()
{
    QFETCH(bool, followData);
    RunLayout layout;
    layout.duration_s = 300;
    layout.stations = {"api-gateway", "shop-db"};
    model::ScenarioEvent hang;
    hang.at_s = 120;
    hang.for_s = 90;
    hang.action = model::EventAction::Crash;
    hang.mode = model::CrashMode::Hang;
    hang.target = "shop-db";
    layout.events = {hang};
    std::vector<simulator::TimelinePoint> pts(300);
    for (int i = 0; i < 300; ++i) {
        auto &p = pts[size_t(i)];
        p.t_s = i + 1;
        p.offered_rps = 500;
        p.throughput_rps = i > 120 && i < 210 ? 150 : 495;
        p.error_rate = i > 120 && i < 210 ? 0.5 : 0.001;
        p.errors.timeout = p.error_rate;
        p.p50_ms = 20;
        p.p95_ms = 60;
        p.p99_ms = i > 120 && i < 210 ? 900 : 120;
        p.work_rps = 2000;
    }
    const std::vector<simulator::StateChange> changes = {change(120, "crash", "shop-db", 0),
                                                         change(210, "recover", "shop-db", 0)};
    RunTimeline t;
    t.reset(layout);
    SimCharts charts;
    charts.setAxisFollowsData(followData);
    charts.resize(900, 420);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setTimeline(&t);
    std::vector<std::unique_ptr<PaintLog>> logs;
    for (int p = 0; p < SimCharts::PanelCount; ++p)
        logs.push_back(std::make_unique<PaintLog>(charts.view(SimCharts::Panel(p))));
    auto settle = [&] {
        charts.refresh();
        for (int i = 0; i < 3; ++i)
            QCoreApplication::processEvents();
    };
    // Live: ten seconds at a time, as the player reveals them.
    for (int end = 10; end <= 300; end += 10) {
        std::vector<simulator::StateChange> now;
        for (const auto &c : changes)
            if (c.t_s > end - 10 && c.t_s <= end)
                now.push_back(c);
        t.append({pts.begin() + end - 10, pts.begin() + end}, now);
        settle();
    }
    // The end of the run: the timeline is replaced by the finished run.
    t.reset(layout);
    t.append(pts, changes);
    settle();

    int labelsSeen = 0;
    for (int p = 0; p < SimCharts::PanelCount; ++p) {
        if (!charts.panelUsed(SimCharts::Panel(p)))
            continue; // not in the grid: never painted
        MarkerChartView *view = charts.view(SimCharts::Panel(p));
        auto &paints = logs[size_t(p)]->paints;
        QVERIFY(!paints.empty());
        for (size_t i = 0; i < paints.size(); ++i) {
            const QRegion &region = paints[i].region;
            const auto &before = paints[i].before;
            const auto &after = i + 1 < paints.size() ? paints[i + 1].before : view->labels();
            labelsSeen += int(after.size());
            for (const MarkerLabel &b : before) {
                const bool kept = std::any_of(after.begin(), after.end(),
                                              [&](const auto &a) { return sameLabel(a, b); });
                QVERIFY2(kept || region.intersected(b.rect.toAlignedRect()) ==
                                     QRegion(b.rect.toAlignedRect()),
                         qPrintable(QStringLiteral("panel %1, paint %2: '%3' left on screen")
                                        .arg(p).arg(i).arg(b.text)));
            }
            for (const MarkerLabel &a : after) {
                const bool kept = std::any_of(before.begin(), before.end(),
                                              [&](const auto &b) { return sameLabel(a, b); });
                QVERIFY2(kept || region.intersected(a.rect.toAlignedRect()) ==
                                     QRegion(a.rect.toAlignedRect()),
                         qPrintable(QStringLiteral("panel %1, paint %2: '%3' drawn in part")
                                        .arg(p).arg(i).arg(a.text)));
            }
        }
        if (charts.chart(SimCharts::Panel(p))->series().isEmpty())
            continue; // no cache: the cache panel draws no markers
        const auto &labels = view->labels();
        QVERIFY(std::any_of(labels.begin(), labels.end(),
                            [](const auto &l) { return l.text == "hang shop-db #0"; }));
        QVERIFY(std::any_of(labels.begin(), labels.end(),
                            [](const auto &l) { return l.text == "recovered shop-db #0"; }));
    }
    QVERIFY(labelsSeen > 0);
}

// Issue #17, item 8: the e-commerce shoppers step from 500 to 900 req/s at 300 s (and back
// at 420 s) by their load profile; the charts showed the jump with nothing to explain it.
// Oracle: the example's profile (resources/examples/ecommerce.json, client "shoppers").
void TestSimCharts::loadProfileStepsAreMarked()
{
    auto shop = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(shop.ok(), shop.message().c_str());
    const RunLayout layout = RunLayout::fromModel(shop.value(), ""); // steady state, 600 s
    auto step = [&](double t) {
        return std::find_if(layout.loadSteps.begin(), layout.loadSteps.end(),
                            [&](const LoadStep &s) { return s.t_s == t; });
    };
    QVERIFY(step(300) != layout.loadSteps.end());
    QCOMPARE(step(300)->client, QStringLiteral("shoppers"));
    QCOMPARE(step(300)->from_rps, 500.0);
    QCOMPARE(step(300)->to_rps, 900.0);
    QVERIFY(step(420) != layout.loadSteps.end());
    QCOMPARE(step(420)->to_rps, 500.0);
    QVERIFY(step(0) == layout.loadSteps.end()); // the starting rate is no step

    RunTimeline t;
    t.reset(layout);
    std::vector<simulator::TimelinePoint> pts(360);
    for (int i = 0; i < 360; ++i) {
        pts[size_t(i)].t_s = i + 1;
        pts[size_t(i)].offered_rps = i < 300 ? 500 : 900;
        pts[size_t(i)].throughput_rps = pts[size_t(i)].offered_rps;
    }
    SimCharts charts;
    charts.resize(900, 420);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setTimeline(&t);
    t.append(pts, {});
    charts.refresh();
    // Up to 360 s: the step at 300 s is marked, the one at 420 s not yet.
    const QString up = QStringLiteral("shoppers 500 \u2192 900 req/s");
    const auto &m = charts.markers();
    QCOMPARE(std::count_if(m.begin(), m.end(), [&](const auto &x) { return x.shortLabel == up; }),
             1);
    QVERIFY(std::none_of(m.begin(), m.end(), [](const auto &x) { return x.t == 420; }));
    MarkerChartView *view = charts.view(SimCharts::Throughput);
    view->grab();
    const auto &labels = view->labels();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [&](const auto &l) { return l.text == up; }));
}

// Issue #17, item 15: before any run the throughput chart's right axis (0..1) read
// "1 1 1 0 0": its ticks need decimals. Oracle: the axis' own label format applied to its
// five ticks must give five different texts.
void TestSimCharts::emptyRightAxisHasDistinctLabels()
{
    RunTimeline t;
    SimCharts charts;
    charts.setTimeline(&t);
    charts.refresh();
    const auto axes = charts.chart(SimCharts::Throughput)->axes(Qt::Vertical);
    QValueAxis *right = nullptr;
    for (QAbstractAxis *a : axes)
        if (a->alignment() == Qt::AlignRight)
            right = qobject_cast<QValueAxis *>(a);
    QVERIFY(right);
    QSet<QString> texts;
    const int ticks = right->tickCount();
    for (int i = 0; i < ticks; ++i) {
        const double v = right->min() + (right->max() - right->min()) * i / (ticks - 1);
        texts.insert(QString::asprintf(right->labelFormat().toLatin1().constData(), v));
    }
    QCOMPARE(texts.size(), ticks);
}

void TestSimCharts::legendsShowWholeNames_data()
{
    QTest::addColumn<bool>("presenting");
    QTest::addColumn<double>("scale");
    QTest::addColumn<QSize>("size");
    QTest::newRow("dock grid, 1440 px window") << false << 1.0 << QSize(1100, 420);
    QTest::newRow("dock grid, narrow") << false << 1.0 << QSize(700, 420);
    QTest::newRow("presentation, 1920 x 1080") << true << 1.8 << QSize(860, 700);
    QTest::newRow("presentation, 1280 x 720 projector") << true << 1.8 << QSize(560, 480);
}

// Qt Charts' legend shortened the names it had no room for ("degrad…", "station w…"); the
// legend under each plot wraps onto more rows instead.
void TestSimCharts::legendsShowWholeNames()
{
    QFETCH(bool, presenting);
    QFETCH(double, scale);
    QFETCH(QSize, size);
    RunTimeline t; // no run yet: every line is listed, the longest legends there are
    SimCharts charts;
    charts.setPresentation(presenting);
    charts.setFontScale(scale);
    charts.setTimeline(&t);
    charts.resize(size);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.refresh();
    QApplication::processEvents();
    int shown = 0;
    for (int p = 0; p < SimCharts::PanelCount; ++p) {
        const auto panel = SimCharts::Panel(p);
        if (!charts.view(panel)->isVisible())
            continue;
        ++shown;
        QVERIFY(!charts.chart(panel)->legend()->isVisible()); // Qt's own would cut names
        ChartLegend *legend = charts.legend(panel);
        QVERIFY(legend->isVisible());
        QStringList names;
        for (QAbstractSeries *a : charts.chart(panel)->series())
            if (a->isVisible())
                names << a->name();
        // No run, no caches: the cache hit ratio has no line yet.
        QCOMPARE(names.isEmpty(), panel == SimCharts::CacheHits);
        QStringList listed;
        for (const auto &e : legend->entries())
            listed << e.name;
        QCOMPARE(listed, names);
        // Every entry fits whole in the legend, whose height holds all its rows; the plot
        // keeps most of the cell.
        const QList<QRect> rects = legend->entryRects();
        const QFontMetrics fm(legend->font());
        for (int i = 0; i < rects.size(); ++i) {
            QVERIFY2(legend->rect().contains(rects[i]),
                     qPrintable(QStringLiteral("%1 at %2,%3 %4x%5 in %6x%7")
                                    .arg(names[i]).arg(rects[i].x()).arg(rects[i].y())
                                    .arg(rects[i].width()).arg(rects[i].height())
                                    .arg(legend->width()).arg(legend->height())));
            QVERIFY(rects[i].width() >= fm.horizontalAdvance(names[i]));
        }
        QVERIFY(charts.view(panel)->height() > legend->height());
    }
    QCOMPARE(shown, presenting ? 2 : 4);
}

// SimCharts::series() returned the QLineSeries itself, which the charts delete and make again
// when a run names other caches (and on a comparison, a theme change): a caller that kept the
// pointer across a new run read freed memory. line() returns a copy that stays valid, and asking
// again gives the new run's line. Oracle: the points appended (one a second, 2 caches, then 1).
void TestSimCharts::lineCopiesOutliveARebuild()
{
    RunLayout two;
    two.duration_s = 20;
    two.caches = {"cdn", "redis"};
    RunTimeline t;
    t.reset(two);
    SimCharts charts;
    charts.resize(900, 420);
    charts.setTimeline(&t);
    std::vector<simulator::TimelinePoint> pts(20);
    for (int i = 0; i < 20; ++i) {
        pts[size_t(i)].t_s = i;
        pts[size_t(i)].offered_rps = 100 + i;
        pts[size_t(i)].cache_hit_ratio = {0.5, 0.25};
    }
    t.append(pts, {});
    charts.refresh();
    const auto redis = charts.line(SimCharts::CacheHits, QStringLiteral("redis"));
    const auto offered = charts.line(SimCharts::Throughput, QStringLiteral("offered"));
    QVERIFY(redis && offered);
    QCOMPARE(redis->name, QStringLiteral("redis"));
    QVERIFY(redis->visible);
    QCOMPARE(redis->points.size(), qsizetype(20));
    QCOMPARE(redis->points.back(), QPointF(19, 25));

    // A run with one cache: every line is made again.
    RunLayout one = two;
    one.caches = {"cdn"};
    t.reset(one);
    std::vector<simulator::TimelinePoint> next(5);
    for (int i = 0; i < 5; ++i) {
        next[size_t(i)].t_s = i;
        next[size_t(i)].offered_rps = 7;
        next[size_t(i)].cache_hit_ratio = {0.9};
    }
    t.append(next, {});
    charts.refresh();
    // The copies still read what was drawn when they were taken.
    QCOMPARE(redis->points.size(), qsizetype(20));
    QCOMPARE(redis->points.back(), QPointF(19, 25));
    QCOMPARE(offered->points.back(), QPointF(19, 119));
    // Asking again gives the new run.
    QVERIFY(!charts.line(SimCharts::CacheHits, QStringLiteral("redis")));
    const auto cdn = charts.line(SimCharts::CacheHits, QStringLiteral("cdn"));
    QVERIFY(cdn);
    QCOMPARE(cdn->points.size(), qsizetype(5));
    QCOMPARE(cdn->points.back(), QPointF(4, 90));
    QCOMPARE(charts.line(SimCharts::Throughput, QStringLiteral("offered"))->points.back(),
             QPointF(4, 7));
}

// The example's region outage (eu-central-1: zone-a and zone-b) made one zone_outage per zone,
// which the label placer clustered into "2 events"; the recovery in the other region made one
// recovered_elsewhere per component, a pile of "up in DR region <id>" labels. Now: one marker
// names the region, one its return, one the recovery ("recovered in eu-west-1: N components").
// A real run of the example's backup-and-restore scenario, with a disaster-recovery plan short
// enough (30 + 60 + 30 s) for the stack to come up in eu-west-1 before the region returns.
void TestSimCharts::regionOutageReadsAsOneMarker()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    model::Model shop = loaded.value();
    QVERIFY(shop.disaster_recovery);
    shop.disaster_recovery->detect_s = 30;
    shop.disaster_recovery->provision_s = 60;
    shop.disaster_recovery->switch_s = 30;
    const std::string scenario = "region-outage-backup-restore"; // 60 s, for 420 s
    simulator::SimulationOptions o;
    o.scenario = scenario;
    o.duration_s = 500;
    auto run = simulator::runSimulation(shop, o);
    QVERIFY2(run.ok(), run.message().c_str());
    const simulator::SimulationResult &r = run.value();
    int zonesOut = 0, zonesBack = 0, recovered = 0;
    for (const auto &c : r.changes) {
        zonesOut += c.kind == "zone_outage";
        zonesBack += c.kind == "zone_restored";
        recovered += c.kind == "recovered_elsewhere";
    }
    QCOMPARE(zonesOut, 2);
    QCOMPARE(zonesBack, 2);
    QVERIFY(recovered >= 2);

    const RunLayout layout = RunLayout::fromModel(shop, scenario, 500.0);
    const auto markers = chartMarkers(r.changes, layout);
    auto count = [&](const QString &kind) {
        return std::count_if(markers.begin(), markers.end(),
                             [&](const ChartMarker &m) { return m.kind == kind; });
    };
    QCOMPARE(count("zone_outage"), 0);
    QCOMPARE(count("zone_restored"), 0);
    QCOMPARE(count("region_outage"), 1);
    QCOMPARE(count("region_restored"), 1);
    QCOMPARE(count("recovered_elsewhere"), 1);
    for (const ChartMarker &m : markers) {
        if (m.kind == "region_outage") {
            QCOMPARE(m.t, 60.0);
            QVERIFY(m.event);
            QCOMPARE(m.shortLabel, QStringLiteral("region outage eu-central-1"));
            QCOMPARE(m.label, QStringLiteral("region outage eu-central-1 (zone-a, zone-b)"));
        } else if (m.kind == "region_restored") {
            QCOMPARE(m.t, 480.0);
            QCOMPARE(m.shortLabel, QStringLiteral("region back eu-central-1"));
        } else if (m.kind == "recovered_elsewhere") {
            QCOMPARE(m.t, 180.0); // 60 + detect + provision + switch
            QCOMPARE(m.shortLabel, QStringLiteral("recovered in eu-west-1: %1 components")
                                       .arg(recovered));
            QVERIFY2(m.label.contains("order-svc"), qPrintable(m.label));
        }
    }

    // Drawn (the presentation's large throughput chart, room for every label): the labels say
    // so, none reads "N events".
    RunTimeline t;
    SimCharts charts;
    charts.setPresentation(true);
    charts.setPresentedPanels(SimCharts::Throughput, SimCharts::Errors);
    charts.resize(1400, 900);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setTimeline(&t);
    t.setResult(layout, r);
    charts.refresh();
    MarkerChartView *view = charts.view(SimCharts::Throughput);
    view->grab();
    QStringList texts;
    for (const MarkerLabel &l : view->labels())
        texts << l.text;
    QVERIFY2(texts.contains("region outage eu-central-1"), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains("region back eu-central-1"), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains(QStringLiteral("recovered in eu-west-1: %1 components")
                                .arg(recovered)),
             qPrintable(texts.join(" | ")));
    for (const QString &text : texts)
        QVERIFY2(!text.contains("events"), qPrintable(text));
}

QTEST_MAIN(TestSimCharts)
#include "tst_simcharts.moc"
