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
    // Takes a rectangle out of later queries.
    void remove(int id) { m_stamp[size_t(id)] = kRemoved; }
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
                if (m_stamp[size_t(id)] != m_query && m_stamp[size_t(id)] != kRemoved) {
                    m_stamp[size_t(id)] = m_query;
                    f(id);
                }
        });
    }

private:
    static constexpr qreal Cell = 240;
    static constexpr quint32 kRemoved = ~quint32(0);
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
    auto add = [&](qreal t, QPointF off) {
        out.push_back({t, off, std::abs(t - 0.5) * 40 + 8 + std::hypot(off.x(), off.y()) / 3});
    };
    const qreal beside = h / 2 + 5;
    for (qreal t : {0.5, 0.38, 0.62, 0.26, 0.74})
        for (qreal side : {-1.0, 1.0})
            add(t, n * side * beside);
    // Off the link, on a small grid around its point: clear of the half height and half width
    // of the cards a short link joins.
    const qreal vy = NodeItem::Height / 2 + h / 2 + 8;
    const qreal vx = NodeItem::Width / 2 + w / 2 + 8;
    const qreal dxs[] = {-vx, -vx / 2, 0, vx / 2, vx};
    const qreal dys[] = {-vy - 16, -vy, -h - 4, 0, h + 4, vy, vy + 16};
    for (qreal t : {0.5, 0.3, 0.7})
        for (qreal dx : dxs)
            for (qreal dy : dys)
                if (dx != 0 || dy != 0)
                    add(t, QPointF(dx, dy));
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

    // Greedy, then up to two rounds of repair: a label that still collides looks again, now
    // that every other label has its place.
    std::vector<int> rectOf(order.size(), -1);
    std::vector<qreal> overlapOf(order.size(), 0);
    auto place = [&](size_t k) {
        LinkItem *l = order[k].second;
        if (rectOf[k] >= 0)
            grid.remove(rectOf[k]);
        const std::vector<Candidate> tries = candidates(l);
        qreal best = -1, bestOverlap = 0;
        const Candidate *bestC = &tries.front();
        for (const Candidate &c : tries) {
            if (best >= 0 && c.penalty >= best)
                break; // sorted by penalty: nothing later can beat the best
            const QRectF r = l->labelRectAt(c.t, c.offset);
            qreal overlap = 0;
            grid.visit(r, [&](int id) {
                // Covering a card hides more than covering a label: weigh it more.
                overlap += overlapArea(r, grid.rect(id)) * (id < cardCount ? 3 : 2);
            });
            if (best < 0 || c.penalty + overlap < best) {
                best = c.penalty + overlap;
                bestOverlap = overlap;
                bestC = &c;
            }
        }
        l->setLabelPlace(bestC->t, bestC->offset);
        rectOf[k] = grid.add(l->labelRect().adjusted(-kGap, -kGap, kGap, kGap));
        overlapOf[k] = bestOverlap;
    };
    for (size_t k = 0; k < order.size(); ++k)
        place(k);
    for (int round = 0; round < 2; ++round) {
        bool again = false;
        for (size_t k = 0; k < order.size(); ++k)
            if (overlapOf[k] > 0) {
                place(k);
                again = true;
            }
        if (!again)
            break;
    }
}

} // namespace archsim::gui
