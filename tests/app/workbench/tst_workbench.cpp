// Drives the real workbench widgets: palette, canvas gestures, inspector, undo/redo, files,
// clipboard, layout, export and the analysis shown in the inspector.

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "inspector.h"
#include "linkitem.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "palette.h"
#include "problems.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

QPoint viewPoint(CanvasView *v, QPointF scenePos) { return v->mapFromScene(scenePos); }

// Sends a left-button drag through the view's viewport, as a user's mouse would.
void drag(CanvasView *v, QPointF from, QPointF to)
{
    QWidget *vp = v->viewport();
    const QPoint a = viewPoint(v, from), b = viewPoint(v, to);
    QTest::mousePress(vp, Qt::LeftButton, {}, a);
    for (int i = 1; i <= 5; ++i) {
        const QPoint p = a + (b - a) * i / 5;
        QMouseEvent move(QEvent::MouseMove, p, vp->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(vp, &move);
    }
    QTest::mouseRelease(vp, Qt::LeftButton, {}, b);
}

void activatePaletteRow(Palette *p, ComponentKind kind)
{
    const int row = p->rowOf(kind);
    QVERIFY(row >= 0);
    const QRect r = p->visualItemRect(p->item(row));
    QTest::mouseClick(p->viewport(), Qt::LeftButton, {}, r.center());
    QTest::mouseDClick(p->viewport(), Qt::LeftButton, {}, r.center());
}

QLineEdit *field(Inspector *i, const QString &name)
{
    // Component and link pages share field names ("id"): take the one on the visible page.
    for (QLineEdit *e : i->findChildren<QLineEdit *>(name))
        if (e->isVisibleTo(i))
            return e;
    return nullptr;
}

QLabel *errorLabel(Inspector *i, const QString &name)
{
    for (QLabel *l : i->findChildren<QLabel *>(name + QStringLiteral("-error")))
        if (l->parentWidget()->isVisibleTo(i))
            return l;
    return nullptr;
}

void typeInto(QLineEdit *e, const QString &text)
{
    e->setFocus();
    e->selectAll();
    QTest::keyClick(e, Qt::Key_Backspace);
    QTest::keyClicks(e, text);
}

QString example() { return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json"); }

} // namespace

class TstWorkbench : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_workbench"); }

    void init()
    {
        m_w = shownMainWindow(1400, 900);
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
    }

    void cleanup() { m_w.reset(); }

    void paletteConnectEditUndoRedoSaveReopen()
    {
        Document *doc = m_w->document();
        std::vector<Model> states{doc->model()};

        // Add two components from the palette (double-click).
        activatePaletteRow(m_w->palette(), ComponentKind::Client);
        QCOMPARE(doc->model().components.size(), size_t(1));
        states.push_back(doc->model());
        activatePaletteRow(m_w->palette(), ComponentKind::Service);
        QCOMPARE(doc->model().components.size(), size_t(2));
        states.push_back(doc->model());
        const QString client = QString::fromStdString(doc->model().components[0].id);
        const QString service = QString::fromStdString(doc->model().components[1].id);
        QCOMPARE(client, QStringLiteral("client"));
        QCOMPARE(service, QStringLiteral("service"));

        // Put them apart (a drag of the service), then connect by dragging from the edge.
        NodeItem *a = m_w->scene()->node(client);
        NodeItem *b = m_w->scene()->node(service);
        m_w->view()->setZoom(1.0);
        m_w->view()->centerOn(a);
        drag(m_w->view(), b->sceneBoundingRect().center(),
             a->pos() + QPointF(NodeItem::Width * 2, 8));
        QCOMPARE(doc->undoStack()->count(), 3); // two adds and one move
        QVERIFY2(b->pos().x() >= a->pos().x() + NodeItem::Width + 60,
                 qPrintable(QStringLiteral("a at %1,%2; b at %3,%4").arg(a->pos().x())
                                .arg(a->pos().y()).arg(b->pos().x()).arg(b->pos().y())));
        states.push_back(doc->model());
        m_w->view()->centerOn(QRectF(a->pos(), b->pos() + QPointF(200, 70)).center());
        const QPointF edge = a->pos() + QPointF(NodeItem::Width - 3, NodeItem::Height / 2);
        QVERIFY(a->isEdgeHit(edge));
        drag(m_w->view(), edge, b->pos() + QPointF(NodeItem::Width / 2, NodeItem::Height / 2));
        QCOMPARE(doc->model().links.size(), size_t(1));
        QCOMPARE(doc->model().links[0].from, client.toStdString());
        QCOMPARE(doc->model().links[0].to, service.toStdString());
        QVERIFY(m_w->scene()->linkItem(QString::fromStdString(doc->model().links[0].id)));
        states.push_back(doc->model());

        // Edit a property in the inspector; an invalid value is refused with its reason.
        m_w->scene()->selectIds({service});
        QCOMPARE(m_w->inspector()->currentComponent(), service);
        QLineEdit *replicas = field(m_w->inspector(), QStringLiteral("replicas"));
        QVERIFY(replicas);
        typeInto(replicas, QStringLiteral("0"));
        QLabel *err = errorLabel(m_w->inspector(), QStringLiteral("replicas"));
        QVERIFY(err && err->isVisible());
        QVERIFY(err->text().contains(QStringLiteral("between 1")));
        QCOMPARE(doc->component(service.toStdString())->replicas, 2); // refused, unchanged
        typeInto(replicas, QStringLiteral("12"));
        QVERIFY(!err->isVisible());
        QCOMPARE(doc->component(service.toStdString())->replicas, 12);
        // Typing "12" is one undo step, not one per key.
        QCOMPARE(doc->undoStack()->count(), 5);
        states.push_back(doc->model());

        // Undo every step and compare with the model before it, then redo everything.
        for (int i = int(states.size()) - 1; i > 0; --i) {
            QCOMPARE(doc->model(), states[size_t(i)]);
            doc->undoStack()->undo();
            QCOMPARE(doc->model(), states[size_t(i) - 1]);
        }
        QCOMPARE(m_w->scene()->nodeCount(), 0);
        for (size_t i = 1; i < states.size(); ++i) {
            doc->undoStack()->redo();
            QCOMPARE(doc->model(), states[i]);
        }
        QCOMPARE(m_w->scene()->nodeCount(), 2);

        // Save in both formats, reopen, compare.
        for (const char *ext : {"json", "archsim"}) {
            const QString path = m_tmp.filePath(QStringLiteral("drawn.%1").arg(ext));
            QVERIFY(m_w->saveTo(path));
            QVERIFY(!doc->isModified());
            const Model saved = doc->model();
            QVERIFY(m_w->openFile(path));
            QCOMPARE(doc->model(), saved);
            QCOMPARE(doc->filePath(), QFileInfo(path).absoluteFilePath());
            QCOMPARE(m_w->recentFiles().first(), QFileInfo(path).absoluteFilePath());
        }
    }

    void dropFromPalette()
    {
        Document *doc = m_w->document();
        QMimeData mime;
        mime.setData(QLatin1String(kKindMime), QByteArrayLiteral("cache"));
        QWidget *vp = m_w->view()->viewport();
        const QPoint at = vp->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(vp, &enter);
        QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(vp, &move);
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(vp, &drop);
        QCOMPARE(doc->model().components.size(), size_t(1));
        const Component &c = doc->model().components[0];
        QCOMPARE(c.kind, ComponentKind::Cache);
        // Dropped under the cursor: the node's centre is within a grid step of the drop point.
        const QPointF centre = toPoint(c.position) + QPointF(NodeItem::Width / 2,
                                                              NodeItem::Height / 2);
        QVERIFY(QLineF(centre, m_w->view()->mapToScene(at)).length() < NodeItem::Grid * 1.5);
        QCOMPARE(m_w->scene()->selectedComponents(), QStringList{QStringLiteral("cache")});
    }

    void badFileKeepsCurrentModel()
    {
        QVERIFY(m_w->openFile(example()));
        const Model before = m_w->document()->model();
        const QString bad = m_tmp.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"format\": \"archsim\",\n  \"components\": [ 1, \n");
        f.close();
        QString error;
        QVERIFY(!m_w->openFile(bad, &error));
        QVERIFY2(error.contains(QStringLiteral("bad.json:")), qPrintable(error));
        QCOMPARE(m_w->document()->model(), before);
        QCOMPARE(m_w->document()->filePath(), QFileInfo(example()).absoluteFilePath());
        auto *box = m_w->findChild<QMessageBox *>(QStringLiteral("openError"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("bad.json")));
        box->close();
    }

    void deleteRestoresLinksOnUndo()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        const Model before = doc->model();
        const auto links = doc->linksOf("order-svc");
        QVERIFY(links.size() >= 3);
        m_w->scene()->selectIds({QStringLiteral("order-svc")});
        m_w->action(QStringLiteral("delete"))->trigger();
        QVERIFY(!doc->component("order-svc"));
        QVERIFY(doc->linksOf("order-svc").empty());
        QCOMPARE(doc->model().links.size(), before.links.size() - links.size());
        doc->undoStack()->undo();
        QCOMPARE(doc->model(), before);
        QVERIFY(m_w->scene()->linkItem(QString::fromStdString(links.front())));
    }

    void copyPasteDuplicate()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        const size_t n = doc->model().components.size();
        const size_t l = doc->model().links.size();
        m_w->scene()->selectIds({QStringLiteral("catalog-svc"), QStringLiteral("redis")});
        m_w->action(QStringLiteral("copy"))->trigger();
        m_w->action(QStringLiteral("paste"))->trigger();
        QCOMPARE(doc->model().components.size(), n + 2);
        QVERIFY(doc->component("catalog-svc-2"));
        QVERIFY(doc->component("redis-2"));
        // The link between the two copied components is copied and rewired to the copies.
        size_t between = 0;
        for (const auto &x : doc->model().links)
            between += x.from == "catalog-svc" && x.to == "redis";
        bool copied = false;
        for (const auto &x : doc->model().links)
            copied |= x.from == "catalog-svc-2" && x.to == "redis-2";
        QCOMPARE(doc->model().links.size(), l + between);
        QVERIFY(copied);
        QCOMPARE(m_w->scene()->selectedComponents().size(), 2);
        const QPointF orig = toPoint(doc->component("redis")->position);
        QCOMPARE(toPoint(doc->component("redis-2")->position), orig + QPointF(32, 32));
        m_w->action(QStringLiteral("duplicate"))->trigger();
        QCOMPARE(doc->model().components.size(), n + 4);
        QVERIFY(validate(doc->model()).empty() || !hasErrors(validate(doc->model())));
        doc->undoStack()->undo();
        doc->undoStack()->undo();
        QCOMPARE(doc->model().components.size(), n);
    }

    void alignAndNudgeAreUndoable()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        const Model before = doc->model();
        m_w->scene()->selectIds({QStringLiteral("catalog-svc"), QStringLiteral("user-svc"),
                                 QStringLiteral("redis")});
        m_w->action(QStringLiteral("alignTop"))->trigger();
        const double y = doc->component("catalog-svc")->position->y;
        QCOMPARE(doc->component("user-svc")->position->y, y);
        QCOMPARE(doc->component("redis")->position->y, y);
        QCOMPARE(doc->undoStack()->count(), 1);
        doc->undoStack()->undo();
        QCOMPARE(doc->model(), before);
    }

    void autoLayoutHasNoOverlapsAndUndoes()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        const Model before = doc->model();
        m_w->autoLayout(false, true);
        QCOMPARE(doc->undoStack()->count(), 1);
        const auto &cs = doc->model().components;
        for (size_t i = 0; i < cs.size(); ++i)
            for (size_t j = i + 1; j < cs.size(); ++j) {
                const QRectF a(toPoint(cs[i].position), QSizeF(NodeItem::Width, NodeItem::Height));
                const QRectF b(toPoint(cs[j].position), QSizeF(NodeItem::Width, NodeItem::Height));
                QVERIFY2(!a.intersects(b), (cs[i].id + " overlaps " + cs[j].id).c_str());
            }
        // Call direction: every client sits left of what it calls.
        for (const auto &l : doc->model().links)
            if (doc->component(l.from)->kind == ComponentKind::Client)
                QVERIFY(doc->component(l.from)->position->x < doc->component(l.to)->position->x);
        doc->undoStack()->undo();
        QCOMPARE(doc->model(), before);
    }

    void inspectorShowsEstimate()
    {
        QVERIFY(m_w->openFile(example()));
        m_w->scene()->selectIds({QStringLiteral("order-svc")});
        auto *label = m_w->inspector()->findChild<QLabel *>(QStringLiteral("estimate"));
        QVERIFY(label);
        QTRY_VERIFY(m_w->analyzer()->estimate());
        QTRY_VERIFY(label->text().contains(QStringLiteral("Utilization")));
        // Fewer workers means a higher utilization: the estimate follows the edit.
        const QString before = label->text();
        QLineEdit *workers = field(m_w->inspector(), QStringLiteral("workers"));
        QVERIFY(workers);
        typeInto(workers, QStringLiteral("1"));
        QTRY_VERIFY(label->text() != before);
        QVERIFY(m_w->analyzer()->estimate());
        const auto &st = m_w->analyzer()->estimate()->estimate.components.at("order-svc");
        QCOMPARE(st.servers, m_w->document()->component("order-svc")->replicas);
    }

    void unsavedChangesPrompt()
    {
        QVERIFY(m_w->openFile(example()));
        activatePaletteRow(m_w->palette(), ComponentKind::Queue);
        QVERIFY(m_w->document()->isModified());
        QVERIFY(m_w->isWindowModified());
        int asked = 0;
        m_w->setSavePrompt([&] {
            ++asked;
            return QMessageBox::Cancel;
        });
        QVERIFY(!m_w->close());
        QCOMPARE(asked, 1);
        QVERIFY(m_w->isVisible());
        m_w->setSavePrompt([&] {
            ++asked;
            return QMessageBox::Discard;
        });
        QVERIFY(m_w->close());
        QCOMPARE(asked, 2);
    }

    void exportCanvas_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("svg") << QStringLiteral("canvas.svg") << QByteArray("<?xml");
        QTest::newRow("png") << QStringLiteral("canvas.png") << QByteArray("\x89PNG");
    }

    void exportCanvas()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        QVERIFY(m_w->openFile(example()));
        const QString path = m_tmp.filePath(name);
        QVERIFY(m_w->exportCanvas(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QVERIFY(data.startsWith(magic));
        QVERIFY(data.size() > 20000);
        if (name.endsWith(QLatin1String(".svg")))
            QVERIFY(data.contains("order-svc") || data.contains("Order"));
    }

    void searchCentresComponent()
    {
        QVERIFY(m_w->openFile(example()));
        auto *search = m_w->findChild<QLineEdit *>(QStringLiteral("search"));
        QVERIFY(search);
        search->setText(QStringLiteral("fulfil"));
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(m_w->scene()->selectedComponents(),
                 QStringList{QStringLiteral("fulfilment-worker")});
        const QPointF centre = m_w->view()->mapToScene(m_w->view()->viewport()->rect().center());
        QVERIFY(m_w->scene()->node(QStringLiteral("fulfilment-worker"))
                    ->sceneBoundingRect()
                    .adjusted(-20, -20, 20, 20)
                    .contains(centre));
    }

    void renameKeepsReferences()
    {
        QVERIFY(m_w->openFile(example()));
        Document *doc = m_w->document();
        const Model before = doc->model();
        m_w->scene()->selectIds({QStringLiteral("redis")});
        // Links named after redis keep their ids here (tst_inspector renames them too).
        m_w->inspector()->setRenamePrompt(
            [](const QString &, const QString &, const QStringList &) { return false; });
        QLineEdit *id = field(m_w->inspector(), QStringLiteral("id"));
        QVERIFY(id);
        QLabel *err = errorLabel(m_w->inspector(), QStringLiteral("id"));
        typeInto(id, QStringLiteral("Bad Id"));
        QTest::keyClick(id, Qt::Key_Return);
        QCOMPARE(doc->model(), before); // refused
        QVERIFY(err && err->isVisible());
        QVERIFY(err->text().contains(QStringLiteral("lowercase")));
        typeInto(id, QStringLiteral("user-svc"));
        QTest::keyClick(id, Qt::Key_Return);
        QCOMPARE(doc->model(), before); // duplicate id refused
        QVERIFY(err->text().contains(QStringLiteral("already")));
        typeInto(id, QStringLiteral("cache"));
        QCOMPARE(doc->model(), before); // not yet: ids are committed on Enter
        QTest::keyClick(id, Qt::Key_Return);
        QCOMPARE(doc->undoStack()->count(), 1);
        QVERIFY(doc->component("cache"));
        QVERIFY(!doc->component("redis"));
        for (const auto &l : doc->model().links) {
            QVERIFY(l.from != "redis" && l.to != "redis");
            for (const auto &c : l.invalidates)
                QVERIFY(c != "redis");
        }
        QVERIFY(m_w->scene()->node(QStringLiteral("cache")));
        while (doc->undoStack()->canUndo())
            doc->undoStack()->undo();
        QCOMPARE(doc->model(), before);
        QVERIFY(m_w->scene()->node(QStringLiteral("redis")));
    }
};

QTEST_MAIN(TstWorkbench)
#include "tst_workbench.moc"
