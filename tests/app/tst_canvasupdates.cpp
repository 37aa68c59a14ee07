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

#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

QString example() { return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json"); }

// Waits until the analyzer holds results for the current model.
bool settle(MainWindow &w)
{
    return QTest::qWaitFor([&] { return !w.analyzer()->isBusy(); }, 10000);
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
            // Oracle: the same estimate computed afresh on a full copy of the model.
            const EstimateResult fresh = estimateModel(doc->model());
            const EstimateResult *shown = w->analyzer()->estimate();
            QVERIFY2(shown, when);
            QCOMPARE(shown->estimate.components.size(), fresh.estimate.components.size());
            for (const auto &[id, st] : fresh.estimate.components) {
                auto it = shown->estimate.components.find(id);
                QVERIFY2(it != shown->estimate.components.end(), (id + " " + when).c_str());
                // Same inputs, same code: equal to the last bit.
                QCOMPARE(it->second.utilization, st.utilization);
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
};

QTEST_MAIN(TstCanvasUpdates)
#include "tst_canvasupdates.moc"
