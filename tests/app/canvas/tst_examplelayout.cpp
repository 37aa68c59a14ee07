// Issue #17 item 14: the e-commerce example's hand-made layout (written by
// scripts/examples/ecommerce.py) reads well on the canvas: no link runs along or through a
// card it does not join, no arrowhead hides under another card, and the components without
// zones stand outside the zone regions.

#include "canvasscene.h"
#include "document.h"
#include "nodeitem.h"
#include "zoneitem.h"

#include "archsim/model/io.h"

#include <QApplication>
#include <QLineF>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

// Returns the distance from segment `s` to rectangle `r` (0 when they meet).
double distance(const QLineF &s, const QRectF &r)
{
    // Oracle: the segment sampled every half pixel; the distance of a point to a rectangle
    // is exact. Tolerance: half a pixel.
    const int steps = std::max(2, int(s.length() * 2));
    double best = std::numeric_limits<double>::max();
    for (int i = 0; i <= steps; ++i) {
        const QPointF p = s.pointAt(double(i) / steps);
        const double dx = std::max({r.left() - p.x(), 0.0, p.x() - r.right()});
        const double dy = std::max({r.top() - p.y(), 0.0, p.y() - r.bottom()});
        best = std::min(best, std::hypot(dx, dy));
    }
    return best;
}

} // namespace

class TstExampleLayout : public QObject {
    Q_OBJECT

private slots:
    void ecommerceLayoutReadsWell()
    {
        auto loaded = loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        QVERIFY(loaded.ok());
        Document doc;
        doc.reset(loaded.value());
        CanvasScene scene(&doc);
        QTest::qWait(0); // zones are laid out once per event loop turn
        QApplication::processEvents();
        QHash<QString, QRectF> cards;
        for (NodeItem *n : scene.nodeItems())
            cards.insert(n->id(), n->sceneBoundingRect());
        QCOMPARE(cards.size(), qsizetype(doc.model().components.size()));

        // A link is drawn centre to centre (links between the same two cards are offset by a
        // few pixels). Its line keeps 16 px (a grid step) from every card it does not join,
        // so that it is never read as running along the card's edge or as ending there.
        const double clearance = 16;
        for (const Link &l : doc.model().links) {
            const QString from = QString::fromStdString(l.from), to = QString::fromStdString(l.to);
            const QLineF line(cards[from].center(), cards[to].center());
            for (auto it = cards.cbegin(); it != cards.cend(); ++it) {
                if (it.key() == from || it.key() == to)
                    continue;
                const double d = distance(line, it.value());
                QVERIFY2(d >= clearance,
                         qPrintable(QStringLiteral("link %1 passes %2 px from %3")
                                        .arg(QString::fromStdString(l.id))
                                        .arg(d, 0, 'f', 1)
                                        .arg(it.key())));
            }
        }

        // The zone regions hold their members only.
        QList<ZoneItem *> zones;
        for (QGraphicsItem *i : scene.items())
            if (i->type() == ZoneItem::Type)
                zones << static_cast<ZoneItem *>(i);
        QVERIFY(!zones.isEmpty());
        for (const Component &c : doc.model().components) {
            if (!c.zones.empty())
                continue;
            for (ZoneItem *z : zones)
                QVERIFY2(!z->sceneBoundingRect().intersects(
                             cards[QString::fromStdString(c.id)]),
                         qPrintable(QStringLiteral("%1 (no zone) lies in the region of %2")
                                        .arg(QString::fromStdString(c.id), z->key())));
        }
    }
};

QTEST_MAIN(TstExampleLayout)
#include "tst_examplelayout.moc"
