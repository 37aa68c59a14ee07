// Data protection in the simulation dock (issue 21, docs/gui.md "Simulation"): the replica-lag
// chart (one line per replicated database, from the timeline; offered by the presentation's
// selectors), and the "Data protection" results table (targets, estimate, measured RPO/RTO,
// lost writes, stale reads, with a verdict), checked by QAbstractItemModelTester.

#include "dataprotectionresults.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "simcharts.h"
#include "simdock.h"
#include "simulationcontroller.h"

#include "archsim/model/dataprotection.h"
#include "archsim/model/io.h"

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

} // namespace

class TstDataProtectionGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    model::Model m_shop;

private slots:
    void initTestCase()
    {
        isolateGuiTest(m_tmp, "tst_dataprotectiongui");
        auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        m_shop = loaded.value();
    }

    // A run's timeline carries each database's replica lag: the chart draws one line per
    // database with replicas, and the presentation can pick it.
    void replicaLagChart()
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
        dock->durationBox()->setValue(30);
        dock->speedBox()->setCurrentIndex(0);
        QSignalSpy finished(dock->controller(), &SimulationController::finished);
        QVERIFY(dock->run());
        QVERIFY(finished.wait(120000) && finished.first().at(0).toBool());
        charts->refresh();
        QVERIFY(charts->panelUsed(SimCharts::ReplicaLag));
        // shop-db (2 instances, lognormal lag of mean 50 ms) and its reporting replicas.
        const auto lag = charts->line(SimCharts::ReplicaLag, QStringLiteral("shop-db"));
        QVERIFY(lag);
        QVERIFY(lag->points.size() > 10);
        double peak = 0;
        for (const QPointF &p : lag->points)
            peak = std::max(peak, p.y());
        // Oracle: the largest of a second's lags is above the 50 ms mean (hundreds of writes
        // a second), and far below a minute.
        QVERIFY2(peak > 50 && peak < 60000, qPrintable(QString::number(peak)));
        QVERIFY(charts->line(SimCharts::ReplicaLag, QStringLiteral("shop-db-replica")));
        QVERIFY(charts->view(SimCharts::ReplicaLag)->isVisibleTo(charts));
        // Fourteen charts in the dock (seven; the staleness of jobs and views and the stale
        // replica reads; the example's realtime gateway's four; the consumer lag): each stays
        // readable and the page scrolls (they were squeezed to about 40 px, their axis labels
        // elided).
        int shown = 0;
        for (int p = 0; p < SimCharts::PanelCount; ++p) {
            if (!charts->panelUsed(SimCharts::Panel(p)))
                continue;
            ++shown;
            QTRY_VERIFY2(charts->view(SimCharts::Panel(p))->height() >= 130,
                         qPrintable(QStringLiteral("chart %1: %2 px")
                                        .arg(p)
                                        .arg(charts->view(SimCharts::Panel(p))->height())));
        }
        QCOMPARE(shown, 14);
        // The presentation's selectors offer it.
        const int index = charts->panelSelector(0)->findText(QStringLiteral("Replica lag"));
        QVERIFY(index >= 0);
        charts->setPresentation(true);
        charts->panelSelector(1)->setCurrentIndex(index);
        QCOMPARE(charts->presentedPanel(1), SimCharts::ReplicaLag);
        QVERIFY(charts->view(SimCharts::ReplicaLag)->isVisibleTo(charts));
        charts->setPresentation(false);

        // The results get the data-protection table, one row per database.
        auto *model = dock->dataProtectionResults();
        QCOMPARE(model->rowCount(), 2);
        const int r = rowOf(*model, QStringLiteral("shop-db"));
        QVERIFY(r >= 0);
        QVERIFY(model->index(r, DataProtectionModel::LagMean).data(Qt::UserRole).toDouble() > 0);
        bool tab = false; // a tab of the results, beside SLOs and Cost
        for (auto *tabs : dock->findChildren<QTabWidget *>())
            for (int i = 0; i < tabs->count(); ++i)
                tab = tab || (tabs->tabText(i) == QStringLiteral("Data protection") &&
                              tabs->widget(i)->objectName() ==
                                  QStringLiteral("simDataProtectionTable"));
        QVERIFY(tab);
    }

    // The table from a run with a measured loss: the measured figures, the lost writes and the
    // verdict against the targets (the measured figures where there are some).
    void tableFromMeasuredLoss()
    {
        auto run = std::make_shared<simulator::SimulationResult>();
        simulator::DatabaseDataFigures db;
        db.id = "shop-db";
        db.writes.value = 1000;
        db.replica_reads.value = 200;
        db.stale_reads.value = 30;
        db.stale_share.value = 0.15;
        db.lag_ms_mean.value = 52;
        db.lag_ms_p99.value = 240;
        db.lost_writes.value = 42;
        run->databases.push_back(db);
        simulator::DatabaseDataFigures replica;
        replica.id = "shop-db-replica";
        run->databases.push_back(replica);
        simulator::DataLoss loss;
        loss.t_s = 60;
        loss.database = "shop-db";
        loss.cause = "data_loss";
        loss.lost_writes = 42;
        loss.lost_span_s = 55;
        loss.rto_s = 20000;
        loss.rpo_estimate_s = 60;
        loss.rto_estimate_s = 400;
        run->losses.push_back(loss);

        DataProtectionModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const auto estimates =
            model::estimateDataProtection(m_shop, model::estimate(m_shop));
        model.setRun(run, estimates, true);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(DataProtectionModel::ColumnCount));
        const int r = rowOf(model, QStringLiteral("shop-db"));
        auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        // The example's targets: RPO 5 min, RTO 4 h.
        QCOMPARE(cell(r, DataProtectionModel::RpoTarget).toString(), QStringLiteral("300.0"));
        QCOMPARE(cell(r, DataProtectionModel::RtoTarget).toString(), QStringLiteral("14400.0"));
        QCOMPARE(cell(r, DataProtectionModel::RpoMeasured).toString(), QStringLiteral("55.0"));
        QCOMPARE(cell(r, DataProtectionModel::RtoMeasured).toString(), QStringLiteral("20000.0"));
        QVERIFY(cell(r, DataProtectionModel::RtoMeasured, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("data_loss at 60.0 s: 42 writes lost")));
        QCOMPARE(cell(r, DataProtectionModel::LostWrites).toString(), QStringLiteral("42"));
        QCOMPARE(cell(r, DataProtectionModel::StaleShare).toString(), QStringLiteral("15.0 %"));
        // The estimate is the worst loss; its tooltip says which and how.
        const auto *e = &estimates[0];
        for (const auto &x : estimates)
            if (x.database == "shop-db")
                e = &x;
        const double worstRto =
            std::max({e->replica.rto_s, e->zone.rto_s, e->region.rto_s, e->data.rto_s});
        QCOMPARE(cell(r, DataProtectionModel::RtoEstimate, Qt::UserRole).toDouble(), worstRto);
        QVERIFY(!cell(r, DataProtectionModel::RtoEstimate, Qt::ToolTipRole).toString().isEmpty());
        // Measured 20000 s against the 14400 s target.
        const QString verdict = cell(r, DataProtectionModel::Verdict).toString();
        QVERIFY2(verdict.startsWith(QStringLiteral("misses (measured)")) &&
                     verdict.contains(QStringLiteral("RTO 20000 s > 14400 s")),
                 qPrintable(verdict));
        // Back within the target: meets.
        run->losses[0].rto_s = 3600;
        model.setRun(run, estimates, true);
        QCOMPARE(cell(r, DataProtectionModel::Verdict).toString(),
                 QStringLiteral("meets (measured)"));
        // Never back in the run: misses, shown as never.
        run->losses[0].rto_s = -1;
        model.setRun(run, estimates, true);
        QCOMPARE(cell(r, DataProtectionModel::RtoMeasured).toString(), QStringLiteral("never"));
        QVERIFY(cell(r, DataProtectionModel::Verdict).toString().contains("RTO never"));
        // A loss of a database nobody writes to: no write to measure its RTO at.
        simulator::DataLoss replicaLoss = loss;
        replicaLoss.database = "shop-db-replica";
        replicaLoss.rto_s = -1;
        run->losses.push_back(replicaLoss);
        model.setRun(run, estimates, true);
        QCOMPARE(cell(rowOf(model, QStringLiteral("shop-db-replica")),
                      DataProtectionModel::RtoMeasured).toString(),
                 QStringLiteral("no writes"));
        // No loss in the run: the verdict comes from the estimate.
        run->losses.clear();
        model.setRun(run, estimates, true);
        QVERIFY(cell(r, DataProtectionModel::Verdict).toString().contains("(estimate)"));
        QCOMPARE(cell(r, DataProtectionModel::RpoMeasured).toString(), QString());
        // The replicas' row has no target.
        QCOMPARE(cell(rowOf(model, QStringLiteral("shop-db-replica")),
                      DataProtectionModel::Verdict).toString(),
                 QStringLiteral("no target"));
        model.setRun(nullptr, {}, false);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TstDataProtectionGui)
#include "tst_dataprotectiongui.moc"
