// The simulation dock in the real main window on the e-commerce example: a short scenario run
// feeds the charts (with markers at the event times) and colours the canvas; Cancel stops a
// one-hour run within a second; runs are stored in the .archsim file and reopen with it; the
// results table, CSV and JSON exports, the comparison of two runs, decimation of the charts.

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "linkitem.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "simcanvas.h"
#include "simcharts.h"
#include "simdock.h"
#include "simresults.h"
#include "simruns.h"
#include "style.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QValueAxis>
#include <QTemporaryDir>
#include <QtTest>

using namespace archsim;
using namespace archsim::gui;

namespace {

const QString kShop = QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");

// Runs the dock with a scenario and duration at full speed and waits for the end.
bool runDock(SimDock *dock, const QString &scenario, double duration)
{
    dock->setScenario(scenario);
    dock->durationBox()->setValue(duration);
    dock->speedBox()->setCurrentIndex(0); // max speed
    QSignalSpy finished(dock->controller(), &SimulationController::finished);
    if (!dock->run())
        return false;
    return finished.wait(60000) && finished.first().at(0).toBool();
}

// Renders a rectangle of the scene, whatever the view shows.
QImage render(QGraphicsScene *scene, const QRectF &rect)
{
    QImage img(rect.size().toSize(), QImage::Format_ARGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    scene->render(&p, QRectF(QPointF(0, 0), rect.size()), rect);
    return img;
}

// Share of the pixels that differ between two pictures of the same size.
double differing(const QImage &a, const QImage &b)
{
    int diff = 0, all = 0;
    for (int y = 0; y < a.height(); y += 2)
        for (int x = 0; x < a.width(); x += 2) {
            ++all;
            diff += a.pixel(x, y) != b.pixel(x, y);
        }
    return all ? double(diff) / all : 0;
}

double maxY(const std::optional<ChartLine> &line)
{
    double m = 0;
    for (const QPointF &p : line->points)
        m = std::max(m, p.y());
    return m;
}

} // namespace

class TestSimDock : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void scenarioRunFeedsChartsAndCanvas();
    void timeAxisSpansTheRun();
    void cancelStopsAnHourLongRun();
    void storedRunReopensWithTheFile();
    void exportsCsvAndJson();
    void resultsTableSortsAndShowsTheEstimate();
    void comparisonLaysTheOtherRunOver();
    void decimationKeepsEverySpike_data();
    void decimationKeepsEverySpike();
    void largeFontsForPresentations();
    void oneHourRunIsDecimated();

private:
    QTemporaryDir m_tmp;
};

void TestSimDock::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("ARCHSIM_RECOVERY_DIR", m_tmp.filePath(QStringLiteral("recovery")).toUtf8());
}

// The "breaker" scenario: user-svc refuses every call from 100 s to 160 s; the gateway's
// breaker on api-gateway-user-svc opens. Run for 130 s: the picture at the end is mid-outage.
void TestSimDock::scenarioRunFeedsChartsAndCanvas()
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.resize(1400, 1000);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openFile(kShop));
    w.view()->fitAll();
    SimDock *dock = w.simDock();
    NodeItem *userSvc = w.scene()->node("user-svc");
    QVERIFY(userSvc && !userSvc->runState());
    // The analytic estimate draws its bar under the cards: let it arrive first.
    QTRY_VERIFY(w.analyzer()->estimate() && !w.analyzer()->isBusy());
    QTest::qWait(20);
    const QRectF card = userSvc->sceneBoundingRect();
    const QImage before = render(w.scene(), card);

    QVERIFY(runDock(dock, "breaker", 130));
    QCOMPARE(dock->progressBar()->value(), 1000);
    QVERIFY2(dock->statusLabel()->text().contains("throughput"),
             qPrintable(dock->statusLabel()->text()));

    // Charts received the points (130 seconds; decimation leaves them all at this width).
    SimCharts *charts = dock->charts();
    charts->refresh();
    const auto goodput = charts->line(SimCharts::Throughput, "goodput");
    QVERIFY(goodput);
    QCOMPARE(goodput->points.size(), qsizetype(130));
    QVERIFY(maxY(goodput) > 300); // ~500 shoppers/s
    QVERIFY(charts->line(SimCharts::Latency, "p95")->points.size() == 130);
    // Errors appear with the outage, by reason: short-circuited once the breaker is open.
    QVERIFY(maxY(charts->line(SimCharts::Errors, "all reasons")) > 1);
    QVERIFY(charts->line(SimCharts::Errors, "short-circuited")->visible);
    QVERIFY(maxY(charts->line(SimCharts::CacheHits, "redis")) > 10);

    // Markers at the event times: the crash at exactly 100 s, the breaker right after.
    const auto &markers = charts->markers();
    auto crash = std::find_if(markers.begin(), markers.end(),
                              [](const auto &m) { return m.label == "crash user-svc"; });
    QVERIFY(crash != markers.end());
    QCOMPARE(crash->t, 100.0);
    QVERIFY(crash->event);
    auto open = std::find_if(markers.begin(), markers.end(), [](const auto &m) {
        return m.label == "breaker open api-gateway-user-svc";
    });
    QVERIFY(open != markers.end());
    QVERIFY(open->t > 100 && open->t < 105);
    dock->tabs()->setCurrentIndex(0); // Live charts
    charts->view(SimCharts::Errors)->grab(); // paints the markers
    QVERIFY(charts->view(SimCharts::Errors)->drawnMarkers() >= 2);

    // The canvas shows the run: user-svc is down, the breaker open, busy links thick.
    dock->overlay()->refresh();
    QVERIFY(userSvc->runState());
    QCOMPARE(userSvc->runState()->down, userSvc->runState()->replicas);
    QVERIFY(userSvc->runState()->tooltip.contains("replicas down"));
    QCOMPARE(userSvc->toolTip(), userSvc->runState()->tooltip);
    LinkItem *toUser = w.scene()->linkItem("api-gateway-user-svc");
    QVERIFY(toUser->runState() && toUser->runState()->breakerOpen);
    LinkItem *shoppers = w.scene()->linkItem("shoppers-edge-lb");
    LinkItem *reporting = w.scene()->linkItem("back-office-reporting-svc");
    QVERIFY(shoppers->runState()->width > reporting->runState()->width + 3);
    QVERIFY(dock->overlay()->legend()->isVisible());
    const QImage during = render(w.scene(), card);
    QVERIFY2(differing(before, during) > 0.2,
             qPrintable(QString::number(differing(before, during))));

    // Clearing the run restores the normal look, tooltips included.
    const QString linkTipDuringRun = toUser->toolTip();
    dock->clearRun();
    QVERIFY(!userSvc->runState());
    QVERIFY(!toUser->runState());
    QVERIFY(toUser->toolTip() != linkTipDuringRun);
    QVERIFY2(toUser->toolTip().contains("api-gateway-user-svc") &&
                 toUser->toolTip().contains("Circuit breaker"),
             qPrintable(toUser->toolTip()));
    QVERIFY(!dock->overlay()->legend()->isVisible());
    QCOMPARE(charts->line(SimCharts::Throughput, "goodput")->points.size(), qsizetype(0));
    QCOMPARE(differing(before, render(w.scene(), card)), 0.0);
}

// The dock's duration box at 120 s on the steady state, whose default length is 600 s: the
// charts' time axis ran to 600 s (the scenario's length, not the run's), squeezing the run into
// a fifth of the width, and the status said "of 600 s". Oracle: the duration box.
void TestSimDock::timeAxisSpansTheRun()
{
    auto w = std::make_unique<MainWindow>();
    w->setSavePrompt([] { return QMessageBox::Discard; });
    w->resize(1400, 1000);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(w->openFile(kShop));
    SimDock *dock = w->simDock();
    dock->setScenario(QString());
    QCOMPARE(dock->durationBox()->value(), 600.0); // the steady state's default
    dock->durationBox()->setValue(120);
    dock->speedBox()->setCurrentIndex(0);
    QSignalSpy finished(dock->controller(), &SimulationController::finished);
    SimCharts *charts = dock->charts();
    auto axisEnd = [&](SimCharts::Panel p) {
        charts->refresh();
        const auto axes = charts->chart(p)->axes(Qt::Horizontal);
        return axes.isEmpty() ? -1.0 : qobject_cast<QValueAxis *>(axes.first())->max();
    };
    QVERIFY(dock->run());
    // From the start of the run, before its first point.
    QCOMPARE(dock->controller()->layout().duration_s, 120.0);
    QCOMPARE(axisEnd(SimCharts::Throughput), 120.0);
    QVERIFY(finished.wait(60000) && finished.first().at(0).toBool());
    QCOMPARE(dock->shownResult()->duration_s, 120.0);
    for (auto p : {SimCharts::Throughput, SimCharts::Errors, SimCharts::Latency})
        QCOMPARE(axisEnd(p), 120.0);
    // The last point ends at the axis' end: the run fills the width.
    const auto goodput = charts->line(SimCharts::Throughput, "goodput");
    QVERIFY(goodput && !goodput->points.isEmpty());
    QVERIFY(goodput->points.back().x() >= 119);
}

// How fast the cancel takes effect is measured in bench_gui (BM_CancelHourLongRun); here:
// the run stops early, is reported as cancelled and is not stored.
void TestSimDock::cancelStopsAnHourLongRun()
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    w.show();
    QVERIFY(w.openFile(kShop));
    SimDock *dock = w.simDock();
    dock->setScenario("db-failover");
    dock->durationBox()->setValue(3600);
    dock->speedBox()->setCurrentIndex(0);
    QSignalSpy finished(dock->controller(), &SimulationController::finished);
    QVERIFY(dock->run());
    auto *cancel = dock->findChild<QPushButton *>("simCancel");
    auto *run = dock->findChild<QPushButton *>("simRun");
    QVERIFY(cancel->isEnabled() && !run->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(dock->controller()->timeline()->points().size() >= 10, 30000);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(finished.wait(60000)); // a hang guard, not a time limit
    QCOMPARE(finished.first().at(1).toBool(), true);
    QVERIFY(dock->controller()->timeline()->points().size() < 3600); // stopped early
    QVERIFY(run->isEnabled() && !cancel->isEnabled());
    QVERIFY(dock->statusLabel()->text().contains("cancelled"));
    QVERIFY(dock->runs()->runs().empty()); // a cancelled run is not stored
}

// A run of a model saved as .archsim is stored in the file and comes back when the file is
// opened again; a run made while the model was a .json file follows it into the .archsim.
void TestSimDock::storedRunReopensWithTheFile()
{
    const QString path = m_tmp.filePath("shop.archsim");
    {
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        QVERIFY(w.openFile(kShop));
        SimDock *dock = w.simDock();
        QVERIFY(runDock(dock, "", 20));
        QCOMPARE(dock->runs()->runs().size(), size_t(1));
        QCOMPARE(dock->runs()->runs()[0].record.id, int64_t(0)); // in memory: a .json model
        QVERIFY(w.saveTo(path));
        QCOMPARE(dock->runs()->runs().size(), size_t(1));
        QVERIFY(dock->runs()->runs()[0].record.id > 0); // now in the file
        QVERIFY(runDock(dock, "cache-flush", 40));
        QCOMPARE(dock->runs()->runs().size(), size_t(2));
        QVERIFY(dock->runs()->runs()[1].record.id > dock->runs()->runs()[0].record.id);
    }
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    QVERIFY(w.openFile(path));
    SimDock *dock = w.simDock();
    QCOMPARE(dock->runs()->runs().size(), size_t(2));
    QCOMPARE(dock->runs()->runs()[1].record.scenario_id, std::string("cache-flush"));
    QVERIFY(dock->showStoredRun(1));
    const RunTimeline *t = dock->controller()->timeline();
    QCOMPARE(int(t->points().size()), 40);
    QCOMPARE(t->layout().scenario, QString("cache-flush"));
    QCOMPARE(dock->componentResults()->rowCount(), 23);
    QCOMPARE(w.scene()->node("redis")->runState().has_value(), true);
    // Deleting a run removes it from the file.
    QVERIFY(dock->runs()->remove(0));
    auto listed = model::listRuns(path.toStdString());
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), size_t(1));
}

void TestSimDock::exportsCsvAndJson()
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    QVERIFY(w.openFile(kShop));
    SimDock *dock = w.simDock();
    QString error;
    QVERIFY(!dock->exportCsv(m_tmp.filePath("none.csv"), &error));
    QVERIFY(error.contains("No finished run"));
    QVERIFY(runDock(dock, "", 30));
    const QString csvPath = m_tmp.filePath("r.csv"), jsonPath = m_tmp.filePath("r.json");
    QVERIFY2(dock->exportCsv(csvPath, &error), qPrintable(error));
    QVERIFY2(dock->exportJson(jsonPath, &error), qPrintable(error));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split("\r\n", Qt::SkipEmptyParts);
    QVERIFY(lines.first().startsWith("section,component,utilization,utilization_analytic,"
                                     "arrivals_per_s,arrivals_per_s_analytic,"));
    // 23 stations, a second header, 28 links (the example's event-driven half with the
    // notification worker's read, its reporting ETL and its order-status gateway included).
    QCOMPARE(lines.size(), 1 + 23 + 1 + 28);
    QVERIFY(lines[24].startsWith("section,link,calls_per_s,"));
    const QStringList db = lines.filter(QRegularExpression("^component,shop-db,")).first()
                               .split(',');
    QCOMPARE(db.size(), lines.first().split(',').size());
    const auto &shopDb = *std::find_if(dock->shownResult()->components.begin(),
                                       dock->shownResult()->components.end(),
                                       [](const auto &c) { return c.id == "shop-db"; });
    // The CSV carries full precision: the same number as the result.
    QCOMPARE(db[2].toDouble(), shopDb.utilization.value);
    QVERIFY(!db[3].isEmpty()); // the analytic utilization
    // Oracle for the analytic column: within 50 % of the simulated utilization (the estimate
    // assumes Poisson arrivals and nominal load; docs/analytic.md).
    QVERIFY(std::abs(db[3].toDouble() - db[2].toDouble()) <= 0.5 * db[2].toDouble() + 0.01);
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject j = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(j["timeline"].toArray().size(), 30);
    QVERIFY(j["components"].toObject().contains("shop-db"));
    QCOMPARE(j["components"].toObject()["shop-db"].toObject()["utilization"].toDouble(),
             shopDb.utilization.value);
    QVERIFY(j["timeline"].toArray()[5].toObject().contains("p95_ms"));
    QVERIFY(j["timeline"].toArray()[5].toObject()["errors"].toObject().contains("timeout"));
}

void TestSimDock::resultsTableSortsAndShowsTheEstimate()
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    QVERIFY(w.openFile(kShop));
    SimDock *dock = w.simDock();
    QAbstractItemModelTester components(dock->componentResults(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester links(dock->linkResults(),
                                   QAbstractItemModelTester::FailureReportingMode::QtTest);
    dock->replicationsBox()->setValue(2);
    QVERIFY(runDock(dock, "", 30));
    QCOMPARE(dock->linkResults()->rowCount(), 28);
    auto *table = dock->findChild<QTableView *>("simComponentTable");
    QVERIFY(table);
    // Issue #17 item 15: sorted by utilization, busiest first, without asking.
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), 1);
    QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    auto *linkTable = dock->findChild<QTableView *>("simLinkTable");
    QVERIFY(linkTable);
    QCOMPARE(linkTable->horizontalHeader()->sortIndicatorSection(), 2); // failures/s
    QCOMPARE(linkTable->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    auto *proxy = table->model();
    double last = 1e300;
    for (int r = 0; r < proxy->rowCount(); ++r) {
        const double u = proxy->index(r, 1).data(Qt::UserRole).toDouble();
        QVERIFY(u <= last);
        last = u;
    }
    // Two replications: the cell shows "value ± half-width" and the interval as a tooltip.
    const QModelIndex top = proxy->index(0, 1);
    QVERIFY2(top.data().toString().contains("±"), qPrintable(top.data().toString()));
    QVERIFY(top.data(Qt::ToolTipRole).toString().contains("95 % interval"));
    QVERIFY(!proxy->index(0, 2).data().toString().isEmpty()); // analytic beside it
    QCOMPARE(proxy->headerData(2, Qt::Horizontal).toString(), QString("utilization (analytic)"));
}

// Two runs, before and after an edit (the shoppers' rate and profile doubled): the earlier run is laid
// over the charts, dashed, with its own values.
void TestSimDock::comparisonLaysTheOtherRunOver()
{
    MainWindow w;
    w.setSavePrompt([] { return QMessageBox::Discard; });
    QVERIFY(w.openFile(kShop));
    SimDock *dock = w.simDock();
    QVERIFY(runDock(dock, "", 30));
    model::Component shoppers = *w.document()->component("shoppers");
    shoppers.rps *= 2;
    for (auto &point : shoppers.profile) // the profile starts at 0 s: it sets the rate
        point.rps *= 2;
    w.document()->editComponent("shoppers", shoppers, "rps");
    QVERIFY(runDock(dock, "", 30));
    QCOMPARE(dock->runs()->runs().size(), size_t(2));
    QVERIFY(dock->compareWithStoredRun(0));
    SimCharts *charts = dock->charts();
    charts->refresh();
    const auto now = charts->line(SimCharts::Throughput, "offered");
    const auto before = charts->line(SimCharts::Throughput, "earlier run: offered");
    QVERIFY(now && before);
    QCOMPARE(before->pen.style(), Qt::DashLine);
    QCOMPARE(before->points.size(), qsizetype(30));
    // Oracle: Poisson offered load, 1,000 vs 500 requests/s (plus 2 back-office): the mean
    // over 30 s is within 5 %.
    auto mean = [](const std::optional<ChartLine> &line) {
        double sum = 0;
        for (const QPointF &p : line->points)
            sum += p.y();
        return sum / double(line->points.size());
    };
    QVERIFY2(std::abs(mean(now) - 1002) < 50, qPrintable(QString::number(mean(now))));
    QVERIFY2(std::abs(mean(before) - 502) < 25, qPrintable(QString::number(mean(before))));
    QVERIFY(dock->compareWithStoredRun(-1));
    QVERIFY(!charts->line(SimCharts::Throughput, "earlier run: offered"));
}

void TestSimDock::decimationKeepsEverySpike_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("columns");
    QTest::newRow("one hour into 600 px") << 3600 << 600;
    QTest::newRow("ten hours into 300 px") << 36000 << 300;
    QTest::newRow("fewer points than pixels") << 100 << 600;
}

void TestSimDock::decimationKeepsEverySpike()
{
    QFETCH(int, points);
    QFETCH(int, columns);
    QList<QPointF> in;
    for (int i = 0; i < points; ++i)
        in << QPointF(i, 10 + (i % 7));
    in[points / 3].setY(1000); // a one-second spike
    in[points / 2].setY(-50);  // and a dip
    const QList<QPointF> out = decimate(in, columns);
    QVERIFY(out.size() <= std::max<qsizetype>(in.size(), 2 * columns));
    if (points > 2 * columns)
        QVERIFY(out.size() <= 2 * columns);
    double hi = -1e9, lo = 1e9, lastX = -1;
    for (const QPointF &p : out) {
        hi = std::max(hi, p.y());
        lo = std::min(lo, p.y());
        QVERIFY(p.x() > lastX); // time order kept
        lastX = p.x();
    }
    QCOMPARE(hi, 1000.0);
    QCOMPARE(lo, -50.0);
    QCOMPARE(out.front().x(), 0.0);
}

void TestSimDock::largeFontsForPresentations()
{
    SimCharts charts;
    const double normal = charts.chart(SimCharts::Latency)->titleFont().pointSizeF();
    charts.setFontScale(2.0);
    QCOMPARE(charts.chart(SimCharts::Latency)->titleFont().pointSizeF(), 2 * normal);
    QCOMPARE(charts.fontScale(), 2.0);
    // The charts follow the workbench theme, keeping their lines and fonts.
    style::applyTheme(style::ThemeMode::Dark);
    QTRY_COMPARE(charts.chart(SimCharts::Latency)->theme(), QChart::ChartThemeDark);
    QVERIFY(charts.line(SimCharts::Latency, "p99"));
    QCOMPARE(charts.line(SimCharts::Latency, "p99")->pen.color(), QColor(214, 39, 40));
    QCOMPARE(charts.chart(SimCharts::Latency)->titleFont().pointSizeF(), 2 * normal);
    style::applyTheme(style::ThemeMode::Light);
    QTRY_COMPARE(charts.chart(SimCharts::Latency)->theme(), QChart::ChartThemeLight);
}

// A one-hour timeline (3,600 points, 2 caches) redraws in well under the 100 ms refresh
// period: each line is decimated to two points per pixel column.
// An hour of points is drawn with at most two points per pixel column, keeping the spikes.
// Its refresh time is measured in bench_gui (BM_ChartsRefreshOneHour).
void TestSimDock::oneHourRunIsDecimated()
{
    RunTimeline t;
    RunLayout l;
    l.duration_s = 3600;
    l.caches = {"cdn", "redis"};
    t.reset(l);
    std::vector<simulator::TimelinePoint> pts(3600);
    for (int i = 0; i < 3600; ++i) {
        auto &p = pts[size_t(i)];
        p.t_s = i;
        p.offered_rps = 500 + (i * 7919) % 97;
        p.throughput_rps = p.offered_rps - 3;
        p.error_rate = (i % 600) < 30 ? 0.4 : 0.001;
        p.errors.timeout = p.error_rate;
        p.p50_ms = 20;
        p.p95_ms = 60 + i % 13;
        p.p99_ms = 90 + (i * 31) % 200;
        p.work_rps = 2000;
        p.cache_hit_ratio = {0.7, 0.5};
    }
    simulator::StateChange crash;
    crash.t_s = 1200;
    crash.kind = "crash";
    crash.target = "db";
    SimCharts charts;
    charts.resize(1400, 600);
    charts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&charts));
    charts.setTimeline(&t);
    t.append(pts, {crash});
    charts.refresh();
    const QPixmap picture = charts.grab();
    QVERIFY(!picture.isNull());
    const auto p99 = charts.line(SimCharts::Latency, "p99");
    const int columns = int(charts.chart(SimCharts::Latency)->plotArea().width());
    QVERIFY(p99->points.size() <= 2 * columns);
    QCOMPARE(maxY(p99), 289.0); // the top of the data survives decimation
    QCOMPARE(int(t.points().size()), 3600); // the timeline keeps every point
    QCOMPARE(charts.markers().size(), size_t(1));
}

QTEST_MAIN(TestSimDock)
#include "tst_simdock.moc"
