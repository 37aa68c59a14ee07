// The trainer page draws what it plays: the canvas shows the scenario's variant (its overrides
// applied), not the workbench's model, and opening another model clears the page of the run
// it played (title, note, charts, tinted cards).

#include "../guifixture.h"

#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "linkitem.h"
#include "nodeitem.h"
#include "noteoverlay.h"
#include "runtimeline.h"
#include "scenarioplayer.h"
#include "chartlegend.h"
#include "simcharts.h"
#include "simulationcontroller.h"
#include "trainersession.h"
#include "trainerview.h"

#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QGraphicsTextItem>
#include <QSplitter>
#include <QLegend>
#include <QTabWidget>
#include <QtTest>

#include <cmath>

using namespace archsim::gui;

namespace {

CanvasScene *sceneOf(CanvasView *view) { return qobject_cast<CanvasScene *>(view->scene()); }

// The texts of a chart view's scene that Qt Charts shortened to "..." (axis labels and titles,
// the chart's title).
QStringList elidedTexts(QGraphicsView *view)
{
    QStringList out;
    for (QGraphicsItem *item : view->scene()->items()) {
        auto *text = qgraphicsitem_cast<QGraphicsTextItem *>(item);
        if (text && text->isVisible() && text->toPlainText().contains(QStringLiteral("...")))
            out << text->toPlainText();
    }
    return out;
}

bool anyCardTinted(CanvasScene *scene)
{
    for (NodeItem *n : scene->nodeItems())
        if (n->runState())
            return true;
    return false;
}

} // namespace

class TestTrainerPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_trainerpage"); }
    void canvasShowsTheScenarioVariant();
    void openingAnotherModelClearsThePage();
    void trainerTabHidesTheBottomDocks();
    void presentationGivesTheChartsRoom();
    void gridAxisLabelsAreReadable();

private:
    QTemporaryDir m_tmp;
};

// Issue #17, bug 1: "Retry storm: immediate retries" overrides catalog-svc to 1 replica x 3
// workers and the gateway's call to it to three immediate retries without breaker; the
// trainer's canvas showed the base model (3x16, the breaker, the degrade fallback).
void TestTrainerPage::canvasShowsTheScenarioVariant()
{
    auto w = shownMainWindow(1400, 900);
    QVERIFY(w->openDemo(QStringLiteral("retry-storm-immediate")));
    CanvasScene *trainer = sceneOf(w->trainerCanvas());
    QVERIFY(trainer);
    // Before the first second is revealed the cards and links show their own texts: the
    // card's tooltip holds its subtitle ("Service · 3×16"), the link's its retries and breaker.
    QCOMPARE(w->trainer()->player()->time(), 0.0);
    NodeItem *catalog = trainer->node(QStringLiteral("catalog-svc"));
    QVERIFY(catalog);
    QVERIFY2(catalog->toolTip().contains(QStringLiteral("1×3")), qPrintable(catalog->toolTip()));
    QVERIFY2(!catalog->toolTip().contains(QStringLiteral("3×16")), qPrintable(catalog->toolTip()));
    LinkItem *call = trainer->linkItem(QStringLiteral("api-gateway-catalog-svc"));
    QVERIFY(call);
    QVERIFY2(call->toolTip().contains(QStringLiteral("Retries 3, backoff 0")),
             qPrintable(call->toolTip()));
    QVERIFY2(!call->toolTip().contains(QStringLiteral("Circuit breaker")),
             qPrintable(call->toolTip()));
    // The workbench keeps drawing the model being edited.
    NodeItem *base = w->scene()->node(QStringLiteral("catalog-svc"));
    QVERIFY(base);
    QVERIFY2(base->toolTip().contains(QStringLiteral("3×16")), qPrintable(base->toolTip()));
    QVERIFY(w->scene()->linkItem(QStringLiteral("api-gateway-catalog-svc"))->toolTip()
                .contains(QStringLiteral("Circuit breaker")));
    w->trainerSession()->controller()->waitForFinished();
}

// Issue #17, bug 2: after another model was opened the trainer page kept the previous run's
// title, note and charts, and tinted the new model's cards with the old run's colours.
void TestTrainerPage::openingAnotherModelClearsThePage()
{
    auto w = shownMainWindow(1400, 900);
    QVERIFY(w->openDemo(QStringLiteral("db-failover")));
    w->trainerSession()->controller()->waitForFinished();
    ScenarioPlayer *p = w->trainer()->player();
    p->stepToNextEvent(); // the primary hangs at 120 s
    QVERIFY(!w->trainer()->overlay()->note().isEmpty());
    QVERIFY(!w->trainerSession()->revealed()->points().empty());
    QTRY_VERIFY(anyCardTinted(sceneOf(w->trainerCanvas())));
    const QString oldTitle = w->trainer()->title();
    QVERIFY2(oldTitle.contains(QStringLiteral("db-failover")) ||
                 oldTitle.contains(QStringLiteral("Primary")),
             qPrintable(oldTitle));

    QString error;
    QVERIFY2(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/payments.json"),
                         &error),
             qPrintable(error));
    QVERIFY2(w->trainer()->title() != oldTitle, qPrintable(w->trainer()->title()));
    QCOMPARE(QString::fromStdString(w->trainer()->scenario().id), QString());
    QCOMPARE(w->trainer()->overlay()->note(), QString());
    QCOMPARE(p->duration(), 0.0);
    QVERIFY(w->trainerSession()->revealed()->points().empty());
    QVERIFY(w->trainerSession()->revealed()->changes().empty());
    QTest::qWait(300); // the overlays refresh on a timer
    QVERIFY(!anyCardTinted(sceneOf(w->trainerCanvas())));
    QVERIFY(!anyCardTinted(w->scene()));
    // Nothing of the old model is drawn on the trainer page.
    QVERIFY(!sceneOf(w->trainerCanvas())->node(QStringLiteral("shop-db")));
}

// Issue #17, item 12: the trainer page shared the window's height with the problems and
// simulation docks; they step aside while it is shown and come back with the other tabs.
void TestTrainerPage::trainerTabHidesTheBottomDocks()
{
    auto w = shownMainWindow(1400, 900);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    auto *problems = w->findChild<QDockWidget *>(QStringLiteral("problemsDock"));
    auto *simulation = w->findChild<QDockWidget *>(QStringLiteral("simulationDock"));
    QVERIFY(problems && simulation);
    QVERIFY(problems->toggleViewAction()->isChecked());
    QVERIFY(simulation->toggleViewAction()->isChecked());
    QVERIFY(w->openDemo(QStringLiteral("db-failover")));
    QCOMPARE(w->centralTabs()->currentWidget(), static_cast<QWidget *>(w->trainer()));
    QVERIFY(!problems->isVisible());
    QVERIFY(!simulation->isVisible());
    w->centralTabs()->setCurrentWidget(w->view());
    QVERIFY(problems->toggleViewAction()->isChecked());
    QVERIFY(simulation->toggleViewAction()->isChecked());
    QVERIFY(problems->isVisible() || simulation->isVisible()); // tabified: one shows
    w->trainerSession()->controller()->waitForFinished();
}

// Issue #17, item 7: at 1920 x 1080 the presentation's four charts were about 100 px wide,
// their axis labels and legends elided. It shows two large charts (a selector picks each),
// legends under the plots, time axes aligned, and card names at least as large as the note
// band's smallest type.
void TestTrainerPage::presentationGivesTheChartsRoom()
{
    auto w = shownMainWindow(1920, 1080);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(w->openDemo(QStringLiteral("db-failover")));
    w->trainerSession()->controller()->waitForFinished();
    w->setPresentation(true);
    w->showNormal(); // the offscreen screen is small: keep the layout, choose the size
    w->resize(1920, 1080);
    w->trainer()->player()->seek(165);
    auto *charts = w->findChild<SimCharts *>(QStringLiteral("trainerCharts"));
    QVERIFY(charts);
    QVERIFY(charts->isPresentation());
    QWidget *top = charts->view(charts->presentedPanel(0));
    QWidget *bottom = charts->view(charts->presentedPanel(1));
    QTRY_VERIFY(top->isVisible() && bottom->isVisible());
    int shown = 0;
    for (int p = 0; p < SimCharts::PanelCount; ++p)
        shown += charts->view(SimCharts::Panel(p))->isVisible() ? 1 : 0;
    QCOMPARE(shown, 2);
    QTRY_VERIFY2(top->width() >= 700 && top->height() >= 250,
                 qPrintable(QStringLiteral("%1x%2").arg(top->width()).arg(top->height())));
    QVERIFY(bottom->width() >= 700 && bottom->height() >= 250);
    QChart *a = charts->chart(charts->presentedPanel(0));
    QChart *b = charts->chart(charts->presentedPanel(1));
    // The legend stands under the plot (it takes height, not the time axis' width).
    QWidget *legend = charts->legend(charts->presentedPanel(0));
    QVERIFY(legend->isVisible());
    QVERIFY(legend->geometry().top() > top->geometry().bottom());
    // Aligned time axes: both plots span the same pixels (1 px tolerance, rounding).
    QTRY_VERIFY2(std::abs(a->plotArea().left() - b->plotArea().left()) <= 1 &&
                     std::abs(a->plotArea().right() - b->plotArea().right()) <= 1,
                 qPrintable(QStringLiteral("%1..%2 vs %3..%4")
                                .arg(a->plotArea().left()).arg(a->plotArea().right())
                                .arg(b->plotArea().left()).arg(b->plotArea().right())));
    // The selector swaps in another chart; the same chart never fills both slots.
    charts->panelSelector(1)->setCurrentIndex(charts->presentedPanel(0));
    QVERIFY(charts->presentedPanel(0) != charts->presentedPanel(1));
    QVERIFY(charts->view(charts->presentedPanel(1))->isVisible());
    // Card names: at least the note band's smallest type, in points on this screen.
    QWidget *port = w->trainerCanvas()->viewport();
    const double want = w->trainer()->overlay()->smallestTextPx() * 72.0 / port->logicalDpiY();
    QTRY_VERIFY(port->property("cardTextMinPt").toDouble() >= want - 1e-9);
    QVERIFY(want >= 10);
    w->setPresentation(false);
    QVERIFY(!charts->isPresentation());
    for (int p = 0; p < SimCharts::PanelCount; ++p)
        QVERIFY(charts->view(SimCharts::Panel(p))->isVisible());
    QTRY_COMPARE(port->property("cardTextMinPt").toDouble(), 0.0);
}

// The trainer page's grid at 1920 x 1080 (seen under Xvfb): fourteen charts a quarter of the
// page wide and about 90 px tall, with the note band up, every vertical axis read "..." (Qt
// Charts elides a label when the chart's height over the tick count, or the axis' fifth of the
// width, is too small for it). The charts take 5/9 of the page, scroll below 130 px, and take
// only the ticks their height has room for. Oracle: no text of any shown chart is elided.
void TestTrainerPage::gridAxisLabelsAreReadable()
{
    auto w = shownMainWindow(1920, 1080);
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QVERIFY(w->openDemo(QStringLiteral("region-outage-backup-restore")));
    w->trainerSession()->controller()->waitForFinished();
    w->trainer()->player()->seek(600);
    auto *charts = w->findChild<SimCharts *>(QStringLiteral("trainerCharts"));
    QVERIFY(charts && !charts->isPresentation());
    charts->refresh();
    for (int i = 0; i < 5; ++i)
        QCoreApplication::processEvents();
    // The canvas and the charts share the page 4 : 5 (1 px of rounding).
    const QList<int> split = w->trainer()->content()->sizes();
    QCOMPARE(split.size(), 2);
    QVERIFY2(std::abs(split[0] * 5 - split[1] * 4) <= 9,
             qPrintable(QStringLiteral("%1 : %2").arg(split[0]).arg(split[1])));
    int shown = 0;
    for (int p = 0; p < SimCharts::PanelCount; ++p) {
        const auto panel = SimCharts::Panel(p);
        if (!charts->panelUsed(panel))
            continue;
        ++shown;
        QVERIFY(charts->view(panel)->height() >= 130);
        const QStringList elided = elidedTexts(charts->view(panel));
        QVERIFY2(elided.isEmpty(), qPrintable(charts->chart(panel)->title() + ": " +
                                              elided.join(QStringLiteral(" | "))));
    }
    QCOMPARE(shown, int(SimCharts::PanelCount)); // the example uses every chart
}

QTEST_MAIN(TestTrainerPage)
#include "tst_trainerpage.moc"
