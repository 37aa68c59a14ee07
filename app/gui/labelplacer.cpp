#include "labelplacer.h"

#include "linkitem.h"
#include "nodeitem.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace archsim::gui {

namespace {

constexpr qreal kGap = 3; // free space kept around cards and labels

qreal overlapArea(const QRectF &a, const QRectF &b)
{
    const QRectF i = a & b;
    return i.isEmpty() ? 0 : i.width() * i.height();
}

// A uniform grid over rectangles: finds the few that may touch a query rectangle.
class Grid {
public:
    int add(const QRectF &r)
    {
        const int id = int(m_rects.size());
        m_rects.push_back(r);
        m_stamp.push_back(0);
        forCells(r, [&](quint64 key) { m_cells[key].push_back(id); });
        return id;
    }
    const QRectF &rect(int id) const { return m_rects[size_t(id)]; }
    // Calls f(id) once for every rectangle whose cells meet `r`.
    template <typename F>
    void visit(const QRectF &r, F f)
    {
        ++m_query;
        forCells(r, [&](quint64 key) {
            auto it = m_cells.constFind(key);
            if (it == m_cells.cend())
                return;
            for (int id : *it)
                if (m_stamp[size_t(id)] != m_query) {
                    m_stamp[size_t(id)] = m_query;
                    f(id);
                }
        });
    }

private:
    static constexpr qreal Cell = 240;
    template <typename F>
    static void forCells(const QRectF &r, F f)
    {
        const qint64 x0 = qint64(std::floor(r.left() / Cell));
        const qint64 x1 = qint64(std::floor(r.right() / Cell));
        const qint64 y0 = qint64(std::floor(r.top() / Cell));
        const qint64 y1 = qint64(std::floor(r.bottom() / Cell));
        for (qint64 x = x0; x <= x1; ++x)
            for (qint64 y = y0; y <= y1; ++y)
                f((quint64(quint32(qint32(x))) << 32) | quint32(qint32(y)));
    }
    std::vector<QRectF> m_rects;
    std::vector<quint32> m_stamp;
    quint32 m_query = 0;
    QHash<quint64, std::vector<int>> m_cells;
};

struct Candidate {
    qreal t;
    QPointF offset;
    qreal penalty; // distance from the preferred place, the middle of the link
};

// Places to try for a link's label, nearest the middle first: along the link, then just beside
// it, then off it (above, below or to the side of the cards a short link joins, with a leader).
std::vector<Candidate> candidates(const LinkItem *l)
{
    const QRectF r0 = l->labelRectAt(0, {});
    const QPointF d = l->labelRectAt(1, {}).center() - r0.center();
    const qreal len = std::hypot(d.x(), d.y());
    const QPointF n = len > 0.1 ? QPointF(-d.y() / len, d.x() / len) : QPointF(0, 1);
    const qreal w = r0.width(), h = r0.height();
    std::vector<Candidate> out;
    for (qreal t : {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82})
        out.push_back({t, {}, std::abs(t - 0.5) * 40});
    const qreal beside = h / 2 + 5;
    for (qreal t : {0.5, 0.38, 0.62, 0.26, 0.74})
        for (qreal side : {-1.0, 1.0})
            out.push_back({t, n * side * beside, 14 + std::abs(t - 0.5) * 40});
    // Off the link: clear of a card's half height / half width around the link's point.
    const qreal vy[] = {NodeItem::Height / 2 + h / 2 + 8, NodeItem::Height / 2 + h / 2 + 22};
    const qreal vx = NodeItem::Width / 2 + w / 2 + 8;
    for (qreal t : {0.5, 0.35, 0.65})
        for (qreal side : {-1.0, 1.0}) {
            for (qreal y : vy)
                out.push_back({t, QPointF(0, side * y), 30 + y / 4 + std::abs(t - 0.5) * 40});
            out.push_back({t, QPointF(side * vx, 0), 30 + vx / 4 + std::abs(t - 0.5) * 40});
        }
    std::stable_sort(out.begin(), out.end(),
                     [](const Candidate &a, const Candidate &b) { return a.penalty < b.penalty; });
    return out;
}

} // namespace

qreal labelOverlap(const QRectF &r, const std::vector<QRectF> &cards,
                   const std::vector<QRectF> &labels)
{
    qreal a = 0;
    for (const QRectF &c : cards)
        a += overlapArea(r, c);
    for (const QRectF &l : labels)
        a += overlapArea(r, l);
    return a;
}

void placeLabels(const QList<LinkItem *> &dirty, const std::vector<QRectF> &cards,
                 const QList<LinkItem *> &links)
{
    if (dirty.isEmpty())
        return;
    QSet<LinkItem *> todo(dirty.cbegin(), dirty.cend());
    if (todo.size() < links.size()) {
        // Labels lying on a card whose links changed move too: the card may have moved onto them.
        Grid ends;
        for (LinkItem *l : dirty)
            for (NodeItem *n : {l->from(), l->to()})
                if (n)
                    ends.add(n->sceneBoundingRect());
        for (LinkItem *l : links) {
            if (todo.contains(l))
                continue;
            bool hit = false;
            ends.visit(l->labelRect(), [&](int id) { hit = hit || ends.rect(id).intersects(l->labelRect()); });
            if (hit)
                todo.insert(l);
        }
    }

    Grid grid;
    int cardCount = 0;
    for (const QRectF &c : cards) {
        grid.add(c.adjusted(-kGap, -kGap, kGap, kGap));
        ++cardCount;
    }
    for (LinkItem *l : links)
        if (!todo.contains(l))
            grid.add(l->labelRect().adjusted(-kGap, -kGap, kGap, kGap));

    // The most constrained first: a short link has few free places; ties by id, so the
    // result does not depend on hash order.
    std::vector<std::pair<qreal, LinkItem *>> order;
    order.reserve(size_t(todo.size()));
    for (LinkItem *l : std::as_const(todo)) {
        const QLineF seg(l->labelRectAt(0, {}).center(), l->labelRectAt(1, {}).center());
        order.emplace_back(seg.length(), l);
    }
    std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second->id() < b.second->id();
    });

    for (const auto &[len, l] : order) {
        Q_UNUSED(len);
        const std::vector<Candidate> tries = candidates(l);
        qreal best = -1;
        const Candidate *bestC = &tries.front();
        for (const Candidate &c : tries) {
            if (best >= 0 && c.penalty >= best)
                break; // sorted by penalty: nothing later can beat the best
            const QRectF r = l->labelRectAt(c.t, c.offset);
            qreal cost = c.penalty;
            grid.visit(r, [&](int id) {
                // Covering a card hides more than covering a label: weigh it more.
                cost += overlapArea(r, grid.rect(id)) * (id < cardCount ? 3 : 2);
            });
            if (best < 0 || cost < best) {
                best = cost;
                bestC = &c;
            }
        }
        l->setLabelPlace(bestC->t, bestC->offset);
        grid.add(l->labelRect().adjusted(-kGap, -kGap, kGap, kGap));
    }
}

} // namespace archsim::gui
