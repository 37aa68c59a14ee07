// Marker labels over the simulation charts: readable in the dock and in the presentation
// layout. Labels stay inside the plot area (flipped or shifted, never clipped), never
// overlap, close markers of one kind share one label with the list in its tooltip, and
// breaker labels name the called component when that is unambiguous.

#include "runtimeline.h"
#include "simcharts.h"

#include <QChart>
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

} // namespace

class TestSimCharts : public QObject {
    Q_OBJECT
private slots:
    void labelsStayInsideAndApart_data();
    void labelsStayInsideAndApart();
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

QTEST_MAIN(TestSimCharts)
#include "tst_simcharts.moc"
