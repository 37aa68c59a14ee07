// The canvas beyond its gestures: link labels keep clear of cards and of each other, components
// without stored positions are laid out when a model is opened, and an edit repaints only the
// part of the view it changed.

#include "analysis.h"
#include "canvasscene.h"
#include "canvasview.h"
#include "document.h"
#include "labelplacer.h"
#include "linkitem.h"
#include "guifixture.h"
#include "mainwindow.h"
#include "nodeitem.h"

#include "archsim/model/io.h"

#include <QPaintEvent>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

QString example(const QString &name)
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/%1.json").arg(name);
}

std::vector<QRectF> cardRects(CanvasScene *s)
{
    std::vector<QRectF> out;
    for (NodeItem *n : s->nodeItems())
        out.emplace_back(n->pos(), QSizeF(NodeItem::Width, NodeItem::Height));
    return out;
}

// Returns "link: what it covers" for every label that overlaps a card or another label.
QStringList labelCollisions(CanvasScene *s)
{
    const std::vector<QRectF> cards = cardRects(s);
    const QList<LinkItem *> links = s->linkItems();
    QStringList out;
    for (LinkItem *l : links) {
        std::vector<QRectF> others;
        for (LinkItem *o : links)
            if (o != l)
                others.push_back(o->labelRect());
        if (labelOverlap(l->labelRect(), cards, {}) > 0)
            out << l->id() + QStringLiteral(": a card");
        if (labelOverlap(l->labelRect(), {}, others) > 0)
            out << l->id() + QStringLiteral(": a label");
    }
    return out;
}

// Collects the regions a widget repaints.
class PaintSpy : public QObject {
public:
    explicit PaintSpy(QWidget *w) { w->installEventFilter(this); }
    QRegion region;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            region += static_cast<QPaintEvent *>(e)->region();
        return false;
    }
};

} // namespace

class TstCanvas : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_canvas"); }

    void init()
    {
        m_w = shownMainWindow(1500, 950);
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
    }

    void cleanup() { m_w.reset(); }

    void labelsAvoidCardsAndEachOther_data()
    {
        QTest::addColumn<QString>("name");
        // Hand-made positions, tight in places (e-commerce: links between neighbouring cards).
        for (const char *n : {"ecommerce", "ecommerce-flawed", "three-tier", "payments"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }

    void labelsAvoidCardsAndEachOther()
    {
        QFETCH(QString, name);
        QVERIFY(m_w->openFile(example(name)));
        QApplication::processEvents();
        const QStringList hits = labelCollisions(m_w->scene());
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QStringLiteral("; "))));
        // Labels stay near their links: within a card's size of the segment's middle.
        for (LinkItem *l : m_w->scene()->linkItems()) {
            const QPointF mid = (l->labelRectAt(0, {}).center() + l->labelRectAt(1, {}).center()) / 2;
            const QPointF d = l->labelRect().center() - mid;
            QVERIFY2(std::hypot(d.x(), d.y()) < NodeItem::Width + l->labelRect().width(),
                     qPrintable(l->id()));
        }
    }

    void labelMovesOffACardDroppedOnIt()
    {
        QVERIFY(m_w->openFile(example(QStringLiteral("ecommerce"))));
        QApplication::processEvents();
        CanvasScene *s = m_w->scene();
        LinkItem *l = s->linkItem(QStringLiteral("back-office-reporting-svc"));
        QVERIFY2(l, "the example's back-office link");
        const QRectF label = l->labelRect();
        // Move an unrelated card so that it covers the label, as a drag would (one undo step).
        const std::string mover = "payment-gateway";
        const QPointF was = toPoint(m_w->document()->component(mover)->position);
        const QPointF to = label.center() - QPointF(NodeItem::Width / 2, NodeItem::Height / 2);
        m_w->document()->moved({{mover, was}}, {{mover, to}});
        QApplication::processEvents();
        const QRectF card(s->node(QString::fromStdString(mover))->pos(),
                          QSizeF(NodeItem::Width, NodeItem::Height));
        QVERIFY(card.intersects(label));
        QVERIFY2(!card.intersects(l->labelRect()), "the label stayed under the moved card");
        QVERIFY(labelCollisions(s).isEmpty());
        m_w->document()->undoStack()->undo();
        QApplication::processEvents();
        QVERIFY(labelCollisions(s).isEmpty());
    }

    void componentsWithoutPositionsAreLaidOut_data()
    {
        QTest::addColumn<int>("keep"); // components that keep their stored position
        QTest::newRow("none placed") << 0;
        QTest::newRow("three unplaced") << -3;
    }

    void componentsWithoutPositionsAreLaidOut()
    {
        QFETCH(int, keep);
        auto parsed = loadModel(example(QStringLiteral("ecommerce")).toStdString());
        QVERIFY(parsed.ok());
        Model m = parsed.value();
        const size_t n = m.components.size();
        const size_t unplaced = keep == 0 ? n : size_t(-keep);
        double placedBottom = -1e300;
        for (size_t i = 0; i < n; ++i) {
            if (i >= n - unplaced)
                m.components[i].position.reset();
            else
                placedBottom = std::max(placedBottom, m.components[i].position->y);
        }
        const QString path = m_tmp.filePath(QStringLiteral("unplaced-%1.json").arg(unplaced));
        QVERIFY(saveModel(m, path.toStdString()).ok());
        QVERIFY(m_w->openFile(path));
        const Model &opened = m_w->document()->model();
        std::vector<QRectF> cards;
        for (size_t i = 0; i < n; ++i) {
            const Component &c = opened.components[i];
            QVERIFY2(c.position, c.id.c_str());
            if (i < n - unplaced) // stored positions are kept as they were
                QCOMPARE(c.position->x, m.components[i].position->x);
            else if (keep != 0) // the placed ones go below the others
                QVERIFY(c.position->y > placedBottom + NodeItem::Height);
            cards.emplace_back(toPoint(c.position), QSizeF(NodeItem::Width, NodeItem::Height));
        }
        for (size_t i = 0; i < cards.size(); ++i)
            for (size_t j = i + 1; j < cards.size(); ++j)
                QVERIFY2(!cards[i].intersects(cards[j]),
                         qPrintable(QStringLiteral("%1 overlaps %2")
                                        .arg(QString::fromStdString(opened.components[i].id),
                                             QString::fromStdString(opened.components[j].id))));
        QVERIFY(m_w->statusBar()->currentMessage().contains(QString::number(unplaced)));
    }

    void anEditRepaintsOnlyWhatChanged()
    {
        QVERIFY(m_w->openFile(example(QStringLiteral("ecommerce"))));
        CanvasView *v = m_w->view();
        v->fitAll();
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->analyzer()->isBusy(), 10000);
        QTest::qWait(400); // the minimap's refresh and any queued repaint
        PaintSpy spy(v->viewport());
        // A new description changes the card's tooltip only; a new worker count changes its
        // subtitle and, through the estimate, its utilization bar.
        Component c = *m_w->document()->component("order-svc");
        c.workers += 8;
        m_w->document()->editComponent(c.id, c, QStringLiteral("workers"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_w->analyzer()->isBusy(), 10000);
        QTest::qWait(400);
        const QRect card = v->mapFromScene(
                               m_w->scene()->node(QStringLiteral("order-svc"))->sceneBoundingRect())
                               .boundingRect()
                               .adjusted(-4, -4, 4, 4);
        QVERIFY2(!spy.region.isEmpty(), "the edited card was not repainted");
        QVERIFY(spy.region.intersects(card));
        const QRect all = spy.region.boundingRect();
        // Oracle: the card itself and the links and labels around it, nowhere near the viewport.
        const double share = double(all.width()) * all.height()
                             / (double(v->viewport()->width()) * v->viewport()->height());
        QVERIFY2(share < 0.25, qPrintable(QStringLiteral("repainted %1 of the view (%2)")
                                              .arg(share)
                                              .arg(QStringLiteral("%1x%2").arg(all.width())
                                                       .arg(all.height()))));
    }

    // Issue 18: stream and queue cards show their key figure. Every component of the example
    // has zones, and the zone chips took the bottom line, so no card showed its partitions.
    void streamAndQueueCardsShowTheirKeyFigure()
    {
        QVERIFY(m_w->openFile(example(QStringLiteral("ecommerce"))));
        QApplication::processEvents();
        CanvasScene *s = m_w->scene();
        const Component *stream = m_w->document()->component("order-events");
        QVERIFY(stream && stream->stream && !stream->zones.empty());
        QCOMPARE(s->node(QStringLiteral("order-events"))->bottomLine(),
                 QStringLiteral("%1 partitions · RF %2")
                     .arg(stream->stream->partitions)
                     .arg(stream->stream->replication_factor));
        const Component *queue = m_w->document()->component("email-queue");
        QVERIFY(queue && queue->queue && !queue->zones.empty());
        const QString queueLine = s->node(QStringLiteral("email-queue"))->bottomLine();
        QVERIFY2(queueLine.startsWith(QStringLiteral("max ")) ||
                     queueLine.startsWith(QStringLiteral("unbounded")),
                 qPrintable(queueLine));
        // Other kinds keep their zone chips.
        QCOMPARE(s->node(QStringLiteral("order-svc"))->bottomLine(),
                 QStringLiteral("zone-a zone-b"));
        // An edit of the partitions reaches the card.
        Component c = *stream;
        c.stream->partitions = 48;
        m_w->document()->editComponent(c.id, c, QStringLiteral("stream.partitions"));
        QVERIFY(s->node(QStringLiteral("order-events"))->bottomLine().startsWith(
            QStringLiteral("48 partitions")));
    }
};

QTEST_MAIN(TstCanvas)
#include "tst_canvas.moc"
