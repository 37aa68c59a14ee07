// Running it in the GUI (docs/operations.md): the inspector edits a client's SLO as one
// undoable command; a run of the e-commerce example fills the SLO and cost tabs of the results
// and draws the replicas of its autoscaled services and its clients' burn rates.

#include "document.h"
#include "guifixture.h"
#include "inspector.h"
#include "canvasscene.h"
#include "mainwindow.h"
#include "simcharts.h"
#include "simdock.h"
#include "simresults.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QUndoStack>
#include <QtTest>

using namespace archsim;
using namespace archsim::gui;

class TstOperationsGui : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_operationsgui"); }

    void sloFieldsEditTheClient()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        Document *doc = w->document();
        QVERIFY(doc->component("shoppers")->slo.has_value());
        w->scene()->selectIds({QStringLiteral("shoppers")});
        QLineEdit *avail = nullptr;
        for (auto *e :
             w->inspector()->findChildren<QLineEdit *>(QStringLiteral("slo.availability")))
            if (e->isVisibleTo(w->inspector()))
                avail = e;
        QVERIFY(avail);
        QCOMPARE(avail->text(), QStringLiteral("99.9"));
        const int index = doc->undoStack()->index();
        avail->selectAll();
        QTest::keyClicks(avail, QStringLiteral("99.5"));
        QCOMPARE(doc->component("shoppers")->slo->availability, 0.995);
        doc->undoStack()->setIndex(index);
        QCOMPARE(doc->component("shoppers")->slo->availability, 0.999);
        // A service has no SLO section, but a price.
        w->scene()->selectIds({QStringLiteral("catalog-svc")});
        bool sloShown = false;
        for (auto *b : w->inspector()->findChildren<QCheckBox *>(QStringLiteral("slo")))
            sloShown = sloShown || b->isVisibleTo(w->inspector());
        QVERIFY(!sloShown);
        bool priceShown = false;
        for (auto *e : w->inspector()->findChildren<QLineEdit *>(
                 QStringLiteral("price.replica_hour")))
            priceShown = priceShown || e->isVisibleTo(w->inspector());
        QVERIFY(priceShown);
    }

    // The price section says what the component costs, and follows an edit of its rate.
    void priceSectionShowsTheMonthlyCost()
    {
        auto w = shownMainWindow(1400, 900);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        w->scene()->selectIds({QStringLiteral("catalog-svc")});
        auto visible = [&](auto *type, const char *name) {
            using W = std::remove_pointer_t<decltype(type)>;
            for (auto *e : w->inspector()->findChildren<W *>(QLatin1String(name)))
                if (e->isVisibleTo(w->inspector()))
                    return e;
            return static_cast<W *>(nullptr);
        };
        QLabel *cost = visible(static_cast<QLabel *>(nullptr), "price.cost");
        QVERIFY(cost);
        QVERIFY2(cost->text().contains(QStringLiteral("USD per month")), qPrintable(cost->text()));
        QLineEdit *rate = visible(static_cast<QLineEdit *>(nullptr), "price.replica_hour");
        QVERIFY(rate);
        rate->selectAll();
        QTest::keyClicks(rate, QStringLiteral("0.1"));
        QCOMPARE(*w->document()->component("catalog-svc")->price->replica_hour, 0.1);
        // Oracle (issue 22): 3 replicas (min_replicas) x 0.10 $/h x 730 h = 219.00 $ a month.
        QTRY_VERIFY2(cost->text().startsWith(QStringLiteral("219.00 USD per month")),
                     qPrintable(cost->text()));
    }

    void runFillsSloCostAndCharts()
    {
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        QVERIFY(w.openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                          "/resources/examples/ecommerce.json")));
        SimDock *dock = w.simDock();
        QAbstractItemModelTester slos(dock->sloResults(),
                                      QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester cost(dock->costResults(),
                                      QAbstractItemModelTester::FailureReportingMode::QtTest);
        dock->setScenario(QString());
        dock->durationBox()->setValue(40);
        dock->speedBox()->setCurrentIndex(0);
        QSignalSpy finished(dock->controller(), &SimulationController::finished);
        QVERIFY(dock->run());
        QVERIFY(finished.wait(120000) && finished.first().at(0).toBool());
        QCOMPARE(dock->sloResults()->rowCount(), 2); // shoppers, back-office
        QCOMPARE(dock->sloResults()->index(0, 0).data().toString(), QStringLiteral("shoppers"));
        const double availability = dock->sloResults()->index(0, 1).data(Qt::UserRole).toDouble();
        QVERIFY(availability > 0.9 && availability <= 1.0);
        const int costRows = dock->costResults()->rowCount();
        QVERIFY(costRows > 5);
        const QString total = dock->costResults()->index(costRows - 1, 0).data().toString();
        QVERIFY2(total.startsWith(QStringLiteral("total (")), qPrintable(total));
        QVERIFY(dock->costResults()->index(costRows - 1, 4).data(Qt::UserRole).toDouble() > 0);

        SimCharts *charts = dock->findChild<SimCharts *>();
        QVERIFY(charts);
        charts->refresh();
        QVERIFY(charts->line(SimCharts::Replicas, QStringLiteral("catalog-svc")));
        QVERIFY(charts->line(SimCharts::BurnRate, QStringLiteral("shoppers")));
        QVERIFY(charts->line(SimCharts::BurnRate, QStringLiteral("page (14.4x)")));
        const auto replicas = charts->line(SimCharts::Replicas, QStringLiteral("catalog-svc"));
        QVERIFY(!replicas->points.isEmpty());
        QVERIFY(replicas->points.at(0).y() >= 3); // min_replicas of catalog-svc
    }
};

QTEST_MAIN(TstOperationsGui)
#include "tst_operationsgui.moc"
