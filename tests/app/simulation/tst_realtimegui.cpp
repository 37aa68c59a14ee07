// Realtime gateways in the simulation dock and the trainer (issue 20, docs/realtime.md and
// docs/gui.md): the four realtime charts (deliveries/s; disconnects and reconnects per second;
// messages dropped, recovered and lost per second; the slowest delivery of each second with
// one) and the Realtime results
// table (gateway, replicas, client-rate classes) against the result JSON of the same run, the
// presentation's selectors, and the trainer revealing the realtime seconds with its clock.

#include "analysis.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "realtimeresults.h"
#include "scenarioplayer.h"
#include "simcharts.h"
#include "simdock.h"
#include "simulationcontroller.h"
#include "trainersession.h"
#include "trainerview.h"

#include "archsim/model/io.h"
#include "archsim/model/realtimeanalytic.h"

#include <nlohmann/json.hpp>

#include <QAbstractItemModelTester>
#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

#include <cmath>

using namespace archsim;
using namespace archsim::gui;
using Json = nlohmann::json;

namespace {

// Which column of a realtime timeline point (docs/realtime.md, "Figures") each line draws.
struct SeriesColumn {
    SimCharts::Panel panel;
    const char *name;
    int column; // [t_s, deliveries, dropped, disconnects, reconnects, recovered, lost, latency]
};
const SeriesColumn kSeries[] = {
    {SimCharts::RealtimeDeliveries, "deliveries", 1},
    {SimCharts::RealtimeMessages, "dropped", 2},
    {SimCharts::RealtimeConnections, "disconnects", 3},
    {SimCharts::RealtimeConnections, "reconnects", 4},
    {SimCharts::RealtimeMessages, "recovered", 5},
    {SimCharts::RealtimeMessages, "lost", 6},
    {SimCharts::RealtimeLatency, "slowest delivery", 7},
};

double num(const Json &j) { return j.is_number() ? j.get<double>() : std::nan(""); }

// Compares a cell's raw figure with the JSON's: exact up to the 1e-9 of a double's round trip
// through the JSON text.
bool same(double cell, double json)
{
    return std::abs(cell - json) <= 1e-9 * std::max(1.0, std::abs(json));
}

} // namespace

class TstRealtimeGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_realtimegui"); }

    // A run of the crash demo without history (a replica's 6,667 connections drop at 60 s and
    // lose what they miss): every realtime series and every cell of the Realtime table is the
    // figure of the run's JSON, second by second.
    void chartsAndTableMatchTheResultJson()
    {
        auto w = shownMainWindow(1920, 1040);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        SimDock *dock = w->simDock();
        auto *simDock = w->findChild<QDockWidget *>(QStringLiteral("simulationDock"));
        QVERIFY(simDock);
        simDock->raise();
        dock->setScenario(QStringLiteral("realtime-crash-no-history"));
        dock->speedBox()->setCurrentIndex(0);
        SimCharts *charts = dock->charts();
        QSignalSpy finished(dock->controller(), &SimulationController::finished);
        QVERIFY(dock->run());
        QVERIFY(finished.wait(120000) && finished.first().at(0).toBool());
        charts->refresh();
        auto run = dock->shownResult();
        QVERIFY(run);
        const Json json = Json::parse(simulator::toJson(*run, false));
        const Json &g = json.at("realtime").at("order-updates");
        const Json &timeline = g.at("timeline");
        QCOMPARE(int(timeline.size()), int(run->duration_s));

        for (SimCharts::Panel p : {SimCharts::RealtimeDeliveries, SimCharts::RealtimeConnections,
                                   SimCharts::RealtimeMessages, SimCharts::RealtimeLatency}) {
            QVERIFY(charts->panelUsed(p));
            QVERIFY(charts->view(p)->isVisibleTo(charts));
            // The title says nothing about waiting once the run has ended.
            QVERIFY(!charts->chart(p)->title().contains(QStringLiteral("when the run ends")));
        }
        for (const SeriesColumn &s : kSeries) {
            const auto line = charts->line(s.panel, QString::fromLatin1(s.name));
            QVERIFY2(line, s.name);
            // 240 seconds on a plot wider than 120 px: drawn undecimated, one point a second
            // (the latency: a point a second with a delivery).
            const bool latency = s.panel == SimCharts::RealtimeLatency;
            std::vector<const Json *> seconds;
            for (const Json &p : timeline)
                if (!latency || num(p[1]) > 0)
                    seconds.push_back(&p);
            QVERIFY(seconds.size() > 200);
            // Drawn and in the legend even when it stays at 0 (dropped, recovered here): "none"
            // is what the demo pair contrasts.
            QVERIFY2(line->visible, s.name);
            const QList<QPointF> points = line->points;
            QCOMPARE(int(points.size()), int(seconds.size()));
            for (int i = 0; i < int(points.size()); ++i) {
                const Json &p = *seconds[size_t(i)];
                QCOMPARE(points[i].x(), num(p[0]));
                QVERIFY2(same(points[i].y(), num(p[size_t(s.column)])),
                         qPrintable(QStringLiteral("%1 at %2 s: %3, JSON %4")
                                        .arg(s.name)
                                        .arg(points[i].x())
                                        .arg(points[i].y())
                                        .arg(num(p[size_t(s.column)]))));
            }
        }
        // The story of this run (oracle: docs/realtime.md, the crash demo): a third of the
        // 20,000 connections drop at 60 s and reconnect, and without history they lose what
        // they missed.
        // (The copies are held: a range-for over a temporary's member would outlive it.)
        double reconnects = 0, lost = 0;
        const auto reconnectLine = charts->line(SimCharts::RealtimeConnections, "reconnects");
        const auto lostLine = charts->line(SimCharts::RealtimeMessages, "lost");
        QVERIFY(reconnectLine && lostLine);
        for (const QPointF &p : reconnectLine->points)
            reconnects += p.y();
        for (const QPointF &p : lostLine->points)
            lost += p.y();
        QCOMPARE(reconnects, 6667.0);
        QVERIFY(lost > 0);

        // The table: one gateway row, its 3 replicas, its 2 client-rate classes.
        RealtimeResultsModel *model = dock->realtimeResults();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 1 + 3 + 2);
        QCOMPARE(model->rowKind(0), RealtimeResultsModel::RowKind::Gateway);
        auto cell = [model](int row, int column) {
            return model->index(row, column).data(Qt::UserRole).toDouble();
        };
        using M = RealtimeResultsModel;
        const std::pair<int, const char *> gatewayCells[] = {
            {M::Connections, "connections"},
            {M::PublishedRps, "published_rps"},
            {M::DeliveriesRps, "deliveries_rps"},
            {M::LatencyP50, "latency_p50_ms"},
            {M::LatencyP95, "latency_p95_ms"},
            {M::LatencyP99, "latency_p99_ms"},
            {M::Dropped, "dropped"},
            {M::SlowDisconnects, "slow_disconnects"},
            {M::CrashDisconnects, "crash_disconnects"},
            {M::Reconnects, "reconnects"},
            {M::Recovered, "recovered"},
            {M::Lost, "lost"},
            {M::OrderingViolations, "ordering_violations"},
            {M::BlockMsMax, "block_ms_max"},
            {M::QueueBytesMax, "queue_bytes_max"},
        };
        for (const auto &[column, key] : gatewayCells)
            QVERIFY2(same(cell(0, column), num(g.at(key))),
                     qPrintable(QStringLiteral("%1: %2, JSON %3")
                                    .arg(key)
                                    .arg(cell(0, column))
                                    .arg(num(g.at(key)))));
        QCOMPARE(cell(0, M::CrashDisconnects), 6667.0);
        QVERIFY(cell(0, M::Lost) > 0);
        // Beside it the estimate (model::estimateRealtime at nominal load, the same call).
        const model::Model &simulated = dock->controller()->simulatedModel();
        const auto rt = model::estimateRealtime(simulated, estimateModel(simulated).estimate);
        QCOMPARE(int(rt.size()), 1);
        QVERIFY(same(cell(0, M::DeliveriesRpsEstimate), rt[0].deliveries_rps));
        // Replica rows.
        for (int r = 0; r < 3; ++r) {
            const Json &rep = g.at("per_replica")[size_t(r)];
            QCOMPARE(model->rowKind(1 + r), RealtimeResultsModel::RowKind::Replica);
            QVERIFY(same(cell(1 + r, M::Connections), num(rep.at("connections_max"))));
            QVERIFY(same(cell(1 + r, M::DeliveriesRps), num(rep.at("deliveries_rps"))));
            QVERIFY(same(cell(1 + r, M::Mbps), num(rep.at("mbps"))));
            QVERIFY(std::isnan(cell(1 + r, M::LatencyP99))); // no such figure per replica
        }
        // Client-rate class rows: deliveries per second of the measured window.
        const double window = run->duration_s - run->warmup_s;
        for (int k = 0; k < 2; ++k) {
            const Json &c = g.at("classes")[size_t(k)];
            const int row = 4 + k;
            QCOMPARE(model->rowKind(row), RealtimeResultsModel::RowKind::Class);
            QVERIFY(model->index(row, M::Name).data().toString().contains(
                QString::fromStdString(c.at("name").get<std::string>())));
            QVERIFY(same(cell(row, M::Connections), num(c.at("connections"))));
            QVERIFY(same(cell(row, M::DeliveriesRps), num(c.at("deliveries")) / window));
            QVERIFY(same(cell(row, M::LatencyP99), num(c.at("latency_p99_ms"))));
            QVERIFY(same(cell(row, M::Dropped), num(c.at("dropped"))));
            QVERIFY(same(cell(row, M::SlowDisconnects), num(c.at("slow_disconnects"))));
            QVERIFY(same(cell(row, M::Lost), num(c.at("lost"))));
        }
        bool tab = false;
        for (auto *tabs : dock->findChildren<QTabWidget *>())
            for (int i = 0; i < tabs->count(); ++i)
                tab = tab || (tabs->tabText(i) == QStringLiteral("Realtime") &&
                              tabs->widget(i)->objectName() ==
                                  QStringLiteral("simRealtimeTable"));
        QVERIFY(tab);

        // The presentation's selectors offer the four charts.
        for (const char *title : {"Realtime deliveries", "Realtime connections",
                                  "Realtime lost / recovered",
                                  "Realtime slowest delivery"}) {
            const int index = charts->panelSelector(1)->findText(QString::fromLatin1(title));
            QVERIFY2(index >= 0, title);
        }
        charts->setPresentation(true);
        charts->panelSelector(1)->setCurrentIndex(charts->panelSelector(1)->findText(
            QStringLiteral("Realtime lost / recovered")));
        QCOMPARE(charts->presentedPanel(1), SimCharts::RealtimeMessages);
        QVERIFY(charts->view(SimCharts::RealtimeMessages)->isVisibleTo(charts));
        charts->setPresentation(false);
    }

    // While a run goes on the realtime charts are empty and say their figures come at its
    // end (the fan-out runs after each replication); a model without a gateway has none.
    void liveRunSaysWhenRealtimeComes()
    {
        RunTimeline timeline;
        SimCharts charts;
        charts.resize(1200, 900);
        charts.show();
        charts.setTimeline(&timeline);
        RunLayout layout;
        layout.gateways << QStringLiteral("order-updates");
        layout.duration_s = 60;
        timeline.reset(layout);
        simulator::TimelinePoint p;
        timeline.append({p}, {});
        charts.refresh();
        QVERIFY(charts.panelUsed(SimCharts::RealtimeDeliveries));
        QVERIFY2(charts.chart(SimCharts::RealtimeDeliveries)->title().contains(
                     QStringLiteral("when the run ends")),
                 qPrintable(charts.chart(SimCharts::RealtimeDeliveries)->title()));
        QVERIFY(charts.line(SimCharts::RealtimeDeliveries, "deliveries")->points.isEmpty());
        simulator::RealtimePoint r;
        r.deliveries = 42;
        timeline.setRealtime({{r}});
        charts.refresh();
        QCOMPARE(charts.chart(SimCharts::RealtimeDeliveries)->title(),
                 QStringLiteral("Realtime deliveries"));
        const auto deliveries = charts.line(SimCharts::RealtimeDeliveries, "deliveries");
        QCOMPARE(deliveries->points.size(), qsizetype(1));
        QCOMPARE(deliveries->points.at(0).y(), 42.0);
    }

    // A run of a model without a gateway after one with: the realtime charts leave the
    // grid. The cleared timeline emptied the names the lines were built for, so the
    // new (empty) layout looked unchanged and the old charts stayed, blank (so did the
    // replica-lag, replicas and burn-rate charts of a previous model).
    void chartsOfAGatewayLeaveWithIt()
    {
        RunTimeline timeline;
        SimCharts charts;
        charts.resize(1200, 900);
        charts.show();
        charts.setTimeline(&timeline);
        RunLayout layout;
        layout.gateways << QStringLiteral("order-updates");
        layout.replicated << QStringLiteral("shop-db");
        layout.databases << QStringLiteral("shop-db");
        timeline.reset(layout);
        charts.refresh();
        QVERIFY(charts.view(SimCharts::RealtimeDeliveries)->isVisibleTo(&charts));
        QVERIFY(charts.view(SimCharts::ReplicaLag)->isVisibleTo(&charts));
        timeline.reset(RunLayout());
        charts.refresh();
        QVERIFY(!charts.panelUsed(SimCharts::RealtimeDeliveries));
        QVERIFY(!charts.view(SimCharts::RealtimeDeliveries)->isVisibleTo(&charts));
        QVERIFY(!charts.view(SimCharts::ReplicaLag)->isVisibleTo(&charts));
        // Nothing of the old run is drawn.
        const auto old = charts.line(SimCharts::RealtimeDeliveries, "deliveries");
        QVERIFY(!old || old->points.isEmpty());
    }

    // The trainer's charts show the gateway's seconds up to the player's clock: after the
    // crash at 60 s the reconnect spike is there, the seconds after the clock are not.
    void trainerRevealsRealtimeWithItsClock()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(w.openDemo(QStringLiteral("realtime-crash-history")));
        w.trainerSession()->controller()->waitForFinished();
        ScenarioPlayer *player = w.trainer()->player();
        SimCharts *charts = w.trainer()->findChild<SimCharts *>();
        QVERIFY(charts);
        player->seek(90);
        charts->refresh();
        const auto reconnects = charts->line(SimCharts::RealtimeConnections, "reconnects");
        const auto recovered = charts->line(SimCharts::RealtimeMessages, "recovered");
        QVERIFY(reconnects && recovered);
        QCOMPARE(reconnects->points.size(), qsizetype(90));
        double storm = 0, got = 0;
        for (const QPointF &p : reconnects->points) {
            QVERIFY(p.x() < 90);
            storm += p.y();
        }
        for (const QPointF &p : recovered->points)
            got += p.y();
        QCOMPARE(storm, 6667.0); // replica 0 of 3 held a third of the 20,000 connections
        QVERIFY(got > 0);        // with history, what they missed is replayed
        player->seek(30);
        charts->refresh();
        QCOMPARE(charts->line(SimCharts::RealtimeConnections, "reconnects")->points.size(),
                 qsizetype(30));
    }
};

QTEST_MAIN(TstRealtimeGui)
#include "tst_realtimegui.moc"
