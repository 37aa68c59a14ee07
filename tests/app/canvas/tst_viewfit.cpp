// Issue #17 item 12: a view that shows the whole model keeps showing it when the window is
// resized (opened, then maximised), and stays where the user put it after a zoom.

#include "canvasscene.h"
#include "canvasview.h"
#include "guifixture.h"
#include "mainwindow.h"

#include <QtTest>

using namespace archsim::gui;

class TstViewFit : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_viewfit"); }

    void fitFollowsResizeUntilTheUserZooms()
    {
        auto w = shownMainWindow(900, 700);
        QVERIFY(w->openFile(QStringLiteral(ARCHSIM_SOURCE_DIR
                                           "/resources/examples/ecommerce.json")));
        CanvasView *v = w->view();
        v->fitAll();
        QApplication::processEvents();
        const QRectF content = w->scene()->contentRect();
        auto visible = [v] { return v->mapToScene(v->viewport()->rect()).boundingRect(); };
        QVERIFY(visible().contains(content));
        const qreal small = v->zoom();
        w->resize(1800, 1000);
        QTRY_VERIFY(v->zoom() > small * 1.1); // refitted: larger cards in a larger view
        QVERIFY(visible().contains(content));
        // Oracle: fitAll() on the resized view gives the same zoom (tolerance 1e-9).
        const qreal refit = v->zoom();
        v->fitAll();
        QVERIFY(std::abs(v->zoom() - refit) < 1e-9);

        v->zoomBy(1.5); // the user's zoom is kept through a resize
        const qreal chosen = v->zoom();
        w->resize(1000, 760);
        QApplication::processEvents();
        QTest::qWait(50);
        QCOMPARE(v->zoom(), chosen);
    }
};

QTEST_MAIN(TstViewFit)
#include "tst_viewfit.moc"
