// What the canvas and the inspector show stays current after every kind of edit, although the
// workbench copies and repaints only what changed: the estimate worker's incremental copy of
// the model, the utilization bars updated from the difference of two estimates, and the cards
// kept as pictures between repaints.

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "problems.h"

#include "inspector.h"
#include "style.h"

#include <QAction>
#include <QLineEdit>
#include <QPainter>
#include <QScreen>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

// Returns how many pixels differ by more than a few levels in a channel. Oracle: a full
// repaint. Tolerance: an antialiased line redrawn clipped to a repaint region may differ by a
// level or two from the same line drawn whole; stale content differs by far more.
int differingPixels(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return a.width() * a.height();
    int n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            n += std::abs(qRed(p) - qRed(q)) > 16 || std::abs(qGreen(p) - qGreen(q)) > 16
                 || std::abs(qBlue(p) - qBlue(q)) > 16;
        }
    return n;
}

QString example()
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
}

// Waits until the analyzer holds results for the current model.
bool settle(MainWindow &w)
{
    if (!QTest::qWaitFor([&] { return !w.analyzer()->isBusy(); }, 10000))
        return false;
    // The problems dock follows the findings (an empty list shrinks it): the main window's
    // layout request it posts is carried out now, before the canvas is compared.
    if (w.problems()->problemModel()->problems() != w.analyzer()->problems())
        return false; // the dock shows a stale list
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QCoreApplication::processEvents();
    return true;
}

// What the canvas shows now: the window's backing store, which holds the result of the
// incremental repaints (QWidget::grab() would paint everything afresh).
QImage shown(CanvasView *v)
{
    QApplication::processEvents();
    QWidget *vp = v->viewport();
    const QPoint at = vp->mapTo(vp->window(), QPoint(0, 0));
    return vp->screen()
        ->grabWindow(vp->window()->winId(), at.x(), at.y(), vp->width(), vp->height())
        .toImage()
        .convertToFormat(QImage::Format_RGB32);
}

// The same region painted from scratch: every cache dropped, the whole viewport repainted.
QImage repainted(CanvasView *v)
{
    v->resetCachedContent();
    v->viewport()->update();
    return shown(v);
}

} // namespace

class TstCanvasUpdates : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_canvasupdates"); }

    // Every kind of edit, then its undo: the estimate shown must be the estimate of the
    // document's model as it is now, and every card's bar must show its station's figure.
    void estimateFollowsEdits_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::newRow("workers") << "workers";
        QTest::newRow("replicas") << "replicas";
        QTest::newRow("client rate") << "rps";
        QTest::newRow("delete component") << "delete";
        QTest::newRow("rename component") << "rename";
        QTest::newRow("link probability") << "probability";
        QTest::newRow("add component and link") << "add";
        // Issue #17 bug 3: a service behind the gateway made slow saturates the gateway and
        // the load balancer (infinite utilization); undoing both left a full red bar.
        QTest::newRow("saturate then undo") << "saturate";
    }

    void estimateFollowsEdits()
    {
        QFETCH(QString, edit);
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        QVERIFY(settle(*w));
        Document *doc = w->document();
        const Model original = doc->model();
        auto check = [&](const char *when) {
            QVERIFY2(settle(*w), when);
            QApplication::processEvents();
            // Oracle: the model's own estimate of the document's model as it is now (the
            // GUI's comes from an incremental copy, the cache memo and a fixed point).
            const EstimateResult fresh{estimate(doc->model(), 1.0), {}};
            const EstimateResult *shown = w->analyzer()->estimate();
            QVERIFY2(shown, when);
            QCOMPARE(shown->estimate.components.size(), fresh.estimate.components.size());
            for (const auto &[id, st] : fresh.estimate.components) {
                auto it = shown->estimate.components.find(id);
                QVERIFY2(it != shown->estimate.components.end(), (id + " " + when).c_str());
                // The same fixed point: equal but for rounding (relative 1e-12).
                // A saturated station is infinite in both (inf - inf is not a number).
                QVERIFY2((std::isinf(st.utilization) && it->second.utilization == st.utilization)
                             || std::abs(it->second.utilization - st.utilization)
                                    <= 1e-12 * std::max(1.0, std::abs(st.utilization)),
                         (id + " " + when).c_str());
                NodeItem *n = w->scene()->node(QString::fromStdString(id));
                QVERIFY2(n, (id + " " + when).c_str());
                QVERIFY2(n->utilization(), (id + " has no bar " + when).c_str());
                // The bar is redrawn only when its whole per cent changes.
                QCOMPARE(std::lround(*n->utilization() * 100), std::lround(st.utilization * 100));
            }
        };
        check("after opening");
        if (edit == QLatin1String("workers") || edit == QLatin1String("replicas")
            || edit == QLatin1String("rps") || edit == QLatin1String("rename")) {
            const std::string id = edit == QLatin1String("rps") ? "shoppers" : "order-svc";
            QVERIFY(doc->component(id));
            Component c = *doc->component(id);
            if (edit == QLatin1String("workers"))
                c.workers = 1;
            else if (edit == QLatin1String("replicas"))
                c.replicas += 3;
            else if (edit == QLatin1String("rps"))
                c.rps *= 3;
            else
                c.id = "orders-renamed";
            doc->editComponent(id, c, edit);
        } else if (edit == QLatin1String("delete")) {
            doc->remove({QStringLiteral("order-svc")}, {});
        } else if (edit == QLatin1String("probability")) {
            QVERIFY(!doc->model().links.empty());
            Link l = doc->model().links.front();
            l.probability = l.probability * 0.5;
            doc->editLink(l.id, l, QStringLiteral("probability"));
        } else if (edit == QLatin1String("saturate")) {
            const std::string id = doc->addComponent(ComponentKind::Service, QPointF(900, 900));
            QVERIFY(!doc->connectComponents("api-gateway", id).empty());
            Component c = *doc->component(id);
            c.service_time = Distribution{DistKind::Exponential, 1e6};
            doc->editComponent(id, c, QStringLiteral("service_time"));
            QVERIFY(settle(*w));
            NodeItem *lb = w->scene()->node(QStringLiteral("edge-lb"));
            QVERIFY(lb && lb->utilization());
            QVERIFY2(std::isinf(*lb->utilization()), "precondition: the load balancer is red");
        } else {
            const std::string id = doc->addComponent(ComponentKind::Service, QPointF(900, 900));
            QVERIFY(!doc->connectComponents("order-svc", id).empty());
        }
        QVERIFY(doc->model() != original);
        check("after the edit");
        while (doc->undoStack()->canUndo())
            doc->undoStack()->undo();
        QCOMPARE(doc->model(), original);
        check("after undo");
        doc->undoStack()->redo();
        check("after redo");
    }

    // After each change the canvas's incremental repaints (pre-shaped text, the grid tile,
    // cached background, only the touched cards and links repainted) must show exactly what
    // a full repaint shows, and the change must be visible.
    void noStaleContent_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("replicas typed in the inspector") << "replicas";
        QTest::newRow("selection") << "select";
        QTest::newRow("utilization bar after a workers edit") << "workers";
        QTest::newRow("dark palette") << "dark";
        QTest::newRow("zoom 100 %") << "zoom100";
        QTest::newRow("zoom 90 %") << "zoom90";
        QTest::newRow("rename") << "rename";
    }

    void noStaleContent()
    {
        QFETCH(QString, change);
        style::applyTheme(style::ThemeMode::Light);
        auto w = shownMainWindow(1400, 900);
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->openFile(example()));
        QVERIFY(settle(*w));
        CanvasView *v = w->view();
        v->setZoom(1.25);
        v->centerOn(w->scene()->node(QStringLiteral("order-svc")));
        w->scene()->selectIds({QStringLiteral("order-svc")});
        QVERIFY(settle(*w));
        const QImage before = repainted(v);
        QCOMPARE(differingPixels(shown(v), before), 0); // nothing changes without a change
        if (change == QLatin1String("replicas") || change == QLatin1String("workers")) {
            QLineEdit *edit = nullptr;
            for (QLineEdit *e : w->inspector()->findChildren<QLineEdit *>(change))
                if (e->isVisibleTo(w->inspector()))
                    edit = e;
            QVERIFY(edit);
            edit->setText(change == QLatin1String("workers") ? QStringLiteral("1")
                                                            : QStringLiteral("7"));
            emit edit->textEdited(edit->text());
        } else if (change == QLatin1String("select")) {
            w->scene()->selectIds({QStringLiteral("payment-gw")});
        } else if (change == QLatin1String("dark")) {
            auto *dark = w->findChild<QAction *>(QStringLiteral("theme2")); // View > Theme > Dark
            QVERIFY(dark);
            dark->trigger();
        } else if (change == QLatin1String("zoom100")) {
            v->setZoom(1.0);
        } else if (change == QLatin1String("zoom90")) {
            v->setZoom(0.9);
        } else {
            Component c = *w->document()->component("order-svc");
            c.name = "Orders, renamed";
            w->document()->editComponent("order-svc", c, QStringLiteral("name"));
        }
        QVERIFY(settle(*w));
        const QImage after = shown(v);
        QVERIFY2(differingPixels(after, before) > 0, "the change is not visible on the canvas");
        const QImage full = repainted(v);
        const int stale = differingPixels(after, full);
        if (stale > 0) {
            after.save(QDir::temp().filePath(QStringLiteral("tst_canvasupdates-stale.png")));
            full.save(QDir::temp().filePath(QStringLiteral("tst_canvasupdates-full.png")));
        }
        QCOMPARE(stale, 0); // pixels the incremental repaints left stale (images in the temp dir)
        style::applyTheme(style::ThemeMode::Light);
    }

    // A plain link is a 1-pixel line in a view at 100 % on a standard-density screen (the
    // fast path) but keeps its 1.6-unit stroke in an export (QGraphicsScene::render).
    void hairlineOnlyOnScreen()
    {
        style::applyTheme(style::ThemeMode::Light);
        Model m;
        for (double x : {0.0, 800.0}) {
            Component c;
            c.id = x == 0 ? "a" : "b";
            c.kind = ComponentKind::Service;
            c.position = Position{x, -24}; // the link runs along y = 8, between grid rows
            m.components.push_back(c);
        }
        Link l;
        l.id = "a-b";
        l.from = "a";
        l.to = "b";
        l.kind = LinkKind::Call;
        m.links.push_back(l);
        Document doc;
        doc.reset(m);
        CanvasScene scene(&doc);
        // The ink across the line at scene x = 328 (a quarter along, clear of the label and of
        // the grid's dots), in pixels of full line colour: about the stroke's width.
        auto ink = [](const QImage &img, QPoint at) {
            const QColor line = style::linkColor(LinkKind::Call);
            const QColor bg = img.pixelColor(at + QPoint(0, -7));
            double sum = 0;
            for (int dy = -6; dy <= 6; ++dy)
                sum += (bg.lightnessF() - img.pixelColor(at + QPoint(0, dy)).lightnessF())
                       / (bg.lightnessF() - line.lightnessF());
            return sum;
        };
        // Export: render 1:1 into an image.
        const QRectF source(0, -40, 1100, 100);
        QImage exported(source.size().toSize(), QImage::Format_RGB32);
        exported.fill(Qt::white);
        {
            QPainter p(&exported);
            p.setRenderHint(QPainter::Antialiasing);
            scene.render(&p, QRectF(QPointF(0, 0), source.size()), source);
        }
        const double exportInk = ink(exported, QPoint(328, 8 + 40));
        // Screen: the view at 100 %.
        CanvasView view(&scene);
        view.setMinimapVisible(false);
        view.resize(900, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setZoom(1.0);
        view.centerOn(QPointF(400, 8));
        const QImage screen = repainted(&view);
        // A high-density screen keeps the full stroke (in its device pixels).
        const qreal dpr = view.devicePixelRatioF();
        const QPointF at = QPointF(view.mapFromScene(QPointF(328, 8))) * dpr;
        const double screenInk = ink(screen, at.toPoint());
        const double expected = dpr > 1.0 ? 1.6 * dpr : 1.0;
        // Oracle: stroke widths 1.6 and 1 (antialiasing spreads the ink but keeps its sum);
        // tolerance 0.25 px.
        QVERIFY2(std::abs(exportInk - 1.6) < 0.25, qPrintable(QString::number(exportInk)));
        QVERIFY2(std::abs(screenInk - expected) < 0.25, qPrintable(QString::number(screenInk)));
    }

    // The grid's dots sit on the scene's 16-unit grid (a major dot every 64) at zooms drawn
    // with the repeating tile (100 %, 125 %, 75 %) and with the dot-by-dot loop (90 %).
    void gridDotsOnTheSceneGrid_data()
    {
        QTest::addColumn<qreal>("zoom");
        QTest::newRow("100 %") << 1.0;
        QTest::newRow("125 %") << 1.25;
        QTest::newRow("75 %") << 0.75;
        QTest::newRow("90 %") << 0.9;
    }

    void gridDotsOnTheSceneGrid()
    {
        QFETCH(qreal, zoom);
        style::applyTheme(style::ThemeMode::Light);
        Document doc; // empty: nothing but the grid
        CanvasScene scene(&doc);
        scene.setSceneRect(-5000, -5000, 10000, 10000);
        CanvasView view(&scene);
        view.resize(640, 480);
        view.setMinimapVisible(false);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setZoom(zoom);
        view.centerOn(QPointF(37.3, 11.7)); // a scroll position off the grid
        const QImage img = repainted(&view);
        const auto &cc = style::canvas();
        const QTransform t = view.viewportTransform();
        const qreal g = NodeItem::Grid * (zoom < 0.7 ? 4 : 1);
        const QRectF area = view.mapToScene(view.viewport()->rect().adjusted(4, 4, -4, -4))
                                .boundingRect();
        int dots = 0, majors = 0, wrong = 0;
        for (qreal x = std::ceil(area.left() / g) * g; x < area.right(); x += g)
            for (qreal y = std::ceil(area.top() / g) * g; y < area.bottom(); y += g) {
                const QPointF d = t.map(QPointF(x, y));
                const QPoint r(qRound(d.x()), qRound(d.y()));
                const bool major = std::fmod(std::abs(x), 4 * g) < 0.5
                                   && std::fmod(std::abs(y), 4 * g) < 0.5;
                // The dot: the 2x2 square ending at the rounded device position, in the
                // major colour or the (softened) minor one.
                for (QPoint p : {r - QPoint(1, 1), r - QPoint(1, 0), r - QPoint(0, 1), r}) {
                    const QColor c = img.pixelColor(p);
                    wrong += major ? c != cc.gridMajor : c == cc.background || c == cc.gridMajor;
                }
                // Half way to the next dot: background.
                const QPointF h = t.map(QPointF(x + g / 2, y + g / 2));
                const QPoint hp(qRound(h.x()), qRound(h.y()));
                if (img.rect().contains(hp))
                    wrong += img.pixelColor(hp) != cc.background;
                ++dots;
                majors += major;
            }
        if (wrong > 0)
            img.save(QDir::temp().filePath(QStringLiteral("tst_canvasupdates-grid.png")));
        QVERIFY(dots > 100);
        QVERIFY(majors > 5);
        QCOMPARE(wrong, 0);
    }
};

QTEST_MAIN(TstCanvasUpdates)
#include "tst_canvasupdates.moc"
