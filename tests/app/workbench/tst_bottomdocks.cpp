// Issue #17 item 12: the bottom dock area, shared by the problems and simulation docks as two
// tabs. An empty problems dock takes little room; raising the simulation dock gives it the
// height its four live charts need; the dock's labels read as labels, and no button of the
// simulation dock is cut at the bottom of its area.

#include "analysis.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "problems.h"
#include "simcharts.h"
#include "simdock.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace archsim::gui;

namespace {

// WCAG 2.x relative luminance and contrast ratio.
double luminance(const QColor &c)
{
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
           + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class TstBottomDocks : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    static QDockWidget *dock(MainWindow *w, const char *name)
    {
        return w->findChild<QDockWidget *>(QLatin1String(name));
    }

    static void settle(MainWindow *w)
    {
        w->analyzer()->runNow();
        QVERIFY(QTest::qWaitFor([&] { return !w->analyzer()->isBusy(); }, 10000));
        QApplication::processEvents();
    }

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_bottomdocks"); }

    // The simulation dock, although hidden behind the problems tab, used to hold the bottom
    // area at its own minimum height (about 235 px): a tabbed dock area is as tall as the
    // tallest minimum of its tabs.
    void emptyProblemsDockStaysSmall()
    {
        auto w = shownMainWindow(1920, 1040);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->action(QStringLiteral("new"))->trigger();
        settle(w.get());
        QVERIFY(w->problems()->isEmpty());
        QDockWidget *problems = dock(w.get(), "problemsDock");
        QVERIFY(problems && problems->isVisible());
        // Oracle: the dock's title and the summary line, about 60 px with the default font;
        // 110 px leaves room for a larger font but not for an empty list.
        QTRY_VERIFY2(problems->height() <= 110,
                     qPrintable(QStringLiteral("%1 px").arg(problems->height())));

        // Back to the problems tab after the simulation tab: small again.
        QDockWidget *sim = dock(w.get(), "simulationDock");
        sim->raise();
        QTRY_VERIFY(sim->height() > 300);
        problems->raise();
        QTRY_VERIFY2(problems->height() <= 110,
                     qPrintable(QStringLiteral("%1 px").arg(problems->height())));
    }

    // Raised at its default size, the simulation dock shows its four charts whole (no scroll
    // bar), each tall enough to read.
    void simulationDockShowsAllFourCharts()
    {
        auto w = shownMainWindow(1920, 1040);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        settle(w.get());
        QDockWidget *sim = dock(w.get(), "simulationDock");
        sim->raise();
        SimCharts *charts = w->simDock()->charts();
        auto *page = qobject_cast<QScrollArea *>(charts->parentWidget()->parentWidget());
        QVERIFY(page);
        QTRY_VERIFY(page->isVisible());
        // The dock is sized once the raised tab is laid out.
        QTRY_VERIFY(charts->view(SimCharts::Throughput)->height() >= 160);
        QTRY_COMPARE(page->verticalScrollBar()->maximum(), 0);
        // Before a run the four base charts are in the grid; the replicas and burn-rate charts
        // join it only when a run has autoscaled components or SLOs (tst_operationsgui).
        int shown = 0;
        for (int p = 0; p < SimCharts::PanelCount; ++p) {
            QWidget *v = charts->view(SimCharts::Panel(p));
            QCOMPARE(v->isVisible(), charts->panelUsed(SimCharts::Panel(p)));
            if (!v->isVisible())
                continue;
            ++shown;
            // Oracle: 160 px hold a title, a plot and an axis with the default font.
            QVERIFY2(v->height() >= 160, qPrintable(QStringLiteral("chart %1: %2 px")
                                                        .arg(p)
                                                        .arg(v->height())));
            // Whole inside the page's viewport: nothing to scroll to.
            const QRect inPage(v->mapTo(page->viewport(), QPoint(0, 0)), v->size());
            QVERIFY(page->viewport()->rect().contains(inPage));
        }
        QCOMPARE(shown, 4);
    }

    // Issue #17 item 15: the settings' labels looked disabled (the palette's "mid" grey), and
    // the Runs tab's buttons were cut at the bottom of the dock.
    void labelsReadAndRunsButtonsWhole()
    {
        auto w = shownMainWindow(1920, 1040);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        SimDock *simDock = w->simDock();
        dock(w.get(), "simulationDock")->raise();
        QTRY_VERIFY(simDock->isVisible());
        int labels = 0;
        for (QLabel *l : simDock->findChildren<QLabel *>()) {
            if (l->text().isEmpty() || !l->isVisible())
                continue;
            ++labels;
            const QColor fg = l->palette().color(QPalette::Active, l->foregroundRole());
            const QColor bg = l->palette().color(QPalette::Active, QPalette::Window);
            // Oracle: WCAG AA asks 4.5:1 for body text; the "mid" grey gave about 2.3:1.
            QVERIFY2(contrast(fg, bg) >= 4.5,
                     qPrintable(QStringLiteral("\"%1\": %2 on %3, %4:1")
                                    .arg(l->text(), fg.name(), bg.name())
                                    .arg(contrast(fg, bg), 0, 'f', 2)));
        }
        QVERIFY(labels >= 5); // Scenario, Duration, Seed, Replications, Speed

        // The Runs tab at the smallest height the bottom area allows.
        simDock->tabs()->setCurrentIndex(2);
        QDockWidget *sim = dock(w.get(), "simulationDock");
        w->resizeDocks({sim}, {1}, Qt::Vertical);
        QApplication::processEvents();
        const auto buttons = simDock->tabs()->currentWidget()->findChildren<QPushButton *>();
        QVERIFY(buttons.size() >= 4);
        for (QPushButton *b : buttons) {
            // Whole, or reachable by scrolling: never drawn cut by the dock's edge.
            QVERIFY2(b->height() >= b->minimumSizeHint().height(),
                     qPrintable(QStringLiteral("%1: %2 px < %3 px")
                                    .arg(b->text())
                                    .arg(b->height())
                                    .arg(b->minimumSizeHint().height())));
        }
    }
};

QTEST_MAIN(TstBottomDocks)
#include "tst_bottomdocks.moc"
