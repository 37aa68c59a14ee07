// Jobs and views in the simulation dock (issue 21, docs/gui.md "Simulation"): the "Jobs and
// views" results table (runs, skipped, run time, staleness beside the estimate, blocked reads;
// checked by QAbstractItemModelTester), the staleness chart (one sawtooth per job and per
// refreshed view) and the stale-replica-read chart (one line per replicated database), both
// offered by the presentation's selectors.

#include "guifixture.h"
#include "lifecycleresults.h"
#include "mainwindow.h"
#include "simcharts.h"
#include "simdock.h"
#include "simulationcontroller.h"

#include "archsim/model/analytic.h"
#include "archsim/model/io.h"
#include "archsim/model/jobs.h"
#include "archsim/model/viewrefresh.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

#include <algorithm>

using namespace archsim;
using namespace archsim::gui;

namespace {

int rowOf(const QAbstractItemModel &m, const QString &id)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.index(r, 0).data().toString() == id)
            return r;
    return -1;
}

double peakOf(const std::optional<ChartLine> &line)
{
    double peak = 0;
    for (const QPointF &p : line->points)
        peak = std::max(peak, p.y());
    return peak;
}

} // namespace

class TstLifecycleGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    model::Model m_shop;

private slots:
    void initTestCase()
    {
        isolateGuiTest(m_tmp, "tst_lifecyclegui");
        auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        m_shop = loaded.value();
    }

    // A 70 s run of the example: the order summary is refreshed every 30 s on shop-db and on
    // the reporting replicas (concurrently, about 18.8 s each), so its staleness is a sawtooth
    // that reaches more than the 30 s period (period + refresh, 48.8 s, at its top), and the
    // table lists the job and both copies of the view.
    void stalenessChartAndTable()
    {
        auto w = shownMainWindow(1920, 1040);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        SimDock *dock = w->simDock();
        auto *simDock = w->findChild<QDockWidget *>(QStringLiteral("simulationDock"));
        QVERIFY(simDock);
        simDock->raise();
        SimCharts *charts = dock->charts();
        dock->setScenario(QString());
        dock->durationBox()->setValue(70);
        dock->speedBox()->setCurrentIndex(0);
        QSignalSpy finished(dock->controller(), &SimulationController::finished);
        QVERIFY(dock->run());
        QVERIFY(finished.wait(240000) && finished.first().at(0).toBool());
        charts->refresh();
        QVERIFY(charts->panelUsed(SimCharts::Staleness));
        QVERIFY(charts->panelUsed(SimCharts::StaleReads));
        const auto view =
            charts->line(SimCharts::Staleness, QStringLiteral("shop.order_summary@shop-db"));
        QVERIFY(view);
        QVERIFY(charts->line(SimCharts::Staleness, QStringLiteral("orders-etl")));
        // Both copies of the view refresh alike: the later line is thinner so that the one
        // under it shows (under Xvfb shop-db's line was hidden).
        const auto copy = charts->line(SimCharts::Staleness,
                                       QStringLiteral("shop.order_summary@shop-db-replica"));
        QVERIFY(copy);
        QVERIFY(view->pen.widthF() > copy->pen.widthF());
        // Nothing in the example reads its own write from a replica: the share stays 0, and
        // its line stays in the chart and its legend (an empty chart read as broken, Xvfb).
        const auto stale = charts->line(SimCharts::StaleReads, QStringLiteral("shop-db"));
        QVERIFY(stale);
        QCOMPARE(peakOf(stale), 0.0);
        QVERIFY(stale->visible);
        // Oracle: the sawtooth tops out at period + refresh = 30 + 18.83 s before the refresh
        // due at 30 s ends (one second of slack for the per-second sampling and queueing).
        const double peak = peakOf(view);
        QVERIFY2(peak > 45 && peak < 52, qPrintable(QString::number(peak)));
        QVERIFY(charts->view(SimCharts::Staleness)->isVisibleTo(charts));
        // The presentation's selectors offer both charts.
        for (const QString &title :
             {QStringLiteral("Staleness (jobs, views)"), QStringLiteral("Stale replica reads")}) {
            const int index = charts->panelSelector(0)->findText(title);
            QVERIFY2(index >= 0, qPrintable(title));
            charts->setPresentation(true);
            charts->panelSelector(1)->setCurrentIndex(index);
            QCOMPARE(int(charts->presentedPanel(1)), index);
            QVERIFY(charts->view(SimCharts::Panel(index))->isVisibleTo(charts));
            charts->setPresentation(false);
        }

        // The results' table: the job and the view on both databases holding schema shop.
        auto *model = dock->lifecycleResults();
        QCOMPARE(model->rowCount(), 3);
        const int r = rowOf(*model, QStringLiteral("shop.order_summary@shop-db"));
        QVERIFY(r >= 0);
        QCOMPARE(model->index(r, LifecycleResultsModel::Kind).data().toString(),
                 QStringLiteral("view (concurrent)"));
        QVERIFY(model->index(r, LifecycleResultsModel::Runs).data(Qt::UserRole).toDouble() >= 1);
        QVERIFY(rowOf(*model, QStringLiteral("orders-etl")) >= 0);
        bool tab = false;
        for (auto *tabs : dock->findChildren<QTabWidget *>())
            for (int i = 0; i < tabs->count(); ++i)
                tab = tab || (tabs->tabText(i) == QStringLiteral("Jobs and views") &&
                              tabs->widget(i)->objectName() ==
                                  QStringLiteral("simLifecycleTable"));
        QVERIFY(tab);
    }

    // The table from a made-up run: figures, the estimate with its formula on hover, a far
    // estimate and blocked reads standing out.
    void tableFigures()
    {
        auto run = std::make_shared<simulator::SimulationResult>();
        simulator::JobFigures job;
        job.id = "orders-etl";
        job.runs.value = 2;
        job.skipped.value = 1;
        job.run_s_mean.value = 250;
        job.staleness_s_mean.value = 5000; // far from the estimate (about 700 s)
        job.staleness_s_max.value = 1200;
        run->jobs.push_back(job);
        simulator::ViewFigures view;
        view.id = "shop.order_summary@shop-db";
        view.refreshes.value = 20;
        view.refresh_s_mean.value = 18.9;
        view.staleness_s_mean.value = 33.9;
        view.staleness_s_max.value = 48.9;
        view.reads.value = 100;
        view.blocked_reads.value = 7;
        view.blocked_wait_ms_mean.value = 3500;
        view.blocked_wait_ms_max.value = 6900;
        run->views.push_back(view);

        LifecycleResultsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const auto jobs = model::estimateJobs(m_shop, model::estimate(m_shop));
        const auto views = model::estimateViewRefreshes(m_shop);
        model.setRun(run, jobs, views);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(LifecycleResultsModel::ColumnCount));
        auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        const int v = rowOf(model, QStringLiteral("shop.order_summary@shop-db"));
        const int j = rowOf(model, QStringLiteral("orders-etl"));
        QCOMPARE(cell(v, LifecycleResultsModel::Runs).toString(), QStringLiteral("20"));
        QCOMPARE(cell(v, LifecycleResultsModel::StalenessMean).toString(),
                 QStringLiteral("33.9"));
        // The estimate: 30 / 2 + 18.83 = 33.83 s, its formula on hover, not far from 33.9.
        QCOMPARE(cell(v, LifecycleResultsModel::StalenessMeanEstimate).toString(),
                 QStringLiteral("33.8"));
        QVERIFY(cell(v, LifecycleResultsModel::StalenessMeanEstimate, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("interval / 2 + refresh")));
        QVERIFY(!cell(v, LifecycleResultsModel::StalenessMeanEstimate, Qt::ForegroundRole)
                     .isValid());
        QCOMPARE(cell(v, LifecycleResultsModel::BlockedReads).toString(), QStringLiteral("7"));
        QVERIFY(cell(v, LifecycleResultsModel::BlockedReads, Qt::ForegroundRole).isValid());
        QCOMPARE(cell(v, LifecycleResultsModel::BlockedWait).toString(),
                 QStringLiteral("3500"));
        QVERIFY(cell(v, LifecycleResultsModel::BlockedWait, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("6900 ms")));
        // The job: a skipped start and a staleness far from its estimate stand out; a job
        // has no blocked reads.
        QVERIFY(cell(j, LifecycleResultsModel::Skipped, Qt::ForegroundRole).isValid());
        QVERIFY(cell(j, LifecycleResultsModel::StalenessMeanEstimate, Qt::ForegroundRole)
                    .isValid());
        QCOMPARE(cell(j, LifecycleResultsModel::BlockedReads).toString(), QString());
        QCOMPARE(cell(j, LifecycleResultsModel::Kind).toString(), QStringLiteral("job"));
        model.setRun(nullptr, {}, {});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TstLifecycleGui)
#include "tst_lifecyclegui.moc"
