#include "canvasscene.h"

#include "document.h"
#include "labelplacer.h"
#include "linkitem.h"
#include "nodeitem.h"
#include "palette.h"
#include "zoneitem.h"

#include <QGraphicsLineItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMimeData>
#include <QTimer>

#include <cmath>

namespace archsim::gui {

using namespace archsim::model;

CanvasScene::CanvasScene(Document *doc, QObject *parent) : QGraphicsScene(parent), m_doc(doc)
{
    // Keep the BSP index: item lookups stay logarithmic with thousands of items.
    setItemIndexMethod(BspTreeIndex);
    connect(doc, &Document::modelReset, this, &CanvasScene::rebuild);
    connect(doc, &Document::componentAdded, this, [this](const QString &id) {
        addNode(id);
        scheduleZones();
    });
    connect(doc, &Document::componentRemoved, this, [this](const QString &id) {
        removeNode(id);
        scheduleZones();
    });
    connect(doc, &Document::componentRenamed, this,
            [this](const QString &oldId, const QString &newId) {
                if (NodeItem *n = m_nodes.take(oldId))
                    m_nodes.insert(newId, n);
                m_utilAll = true;
            });
    connect(doc, &Document::componentChanged, this, [this](const QString &id) {
        if (NodeItem *n = m_nodes.value(id)) {
            const QString zone = n->zoneKey();
            n->sync(*m_doc->component(id.toStdString()));
            if (zone != n->zoneKey())
                scheduleZones();
        }
    });
    connect(doc, &Document::componentMoved, this, [this](const QString &id) {
        if (NodeItem *n = m_nodes.value(id)) {
            const QPointF p = toPoint(m_doc->component(id.toStdString())->position);
            if (n->pos() != p)
                n->setPos(p);
            scheduleZones();
        }
    });
    connect(doc, &Document::linkAdded, this, [this](const QString &id) {
        addLink(id);
        scheduleZones();
    });
    connect(doc, &Document::linkRemoved, this, [this](const QString &id) {
        removeLink(id);
        scheduleZones();
    });
    connect(doc, &Document::linkChanged, this, [this](const QString &id) {
        if (LinkItem *l = m_links.value(id))
            l->sync(*m_doc->link(id.toStdString()));
    });
    rebuild();
}

void CanvasScene::rebuild()
{
    clear(); // deletes every item; links detach in their destructors
    m_nodes.clear();
    m_links.clear();
    m_zones.clear();
    m_labelDirty.clear();
    m_utilAll = true;
    m_connectLine = nullptr;
    m_connectFrom = nullptr;
    const Model &m = m_doc->model();
    m_nodes.reserve(qsizetype(m.components.size()));
    for (const auto &c : m.components) {
        auto *n = new NodeItem(c);
        addItem(n);
        m_nodes.insert(n->id(), n);
    }
    for (const auto &l : m.links)
        addLink(QString::fromStdString(l.id));
    updateZones();
    placeDirtyLabels();
    setSceneRect(contentRect().adjusted(-2000, -2000, 2000, 2000));
}

void CanvasScene::addNode(const QString &id)
{
    const Component *c = m_doc->component(id.toStdString());
    if (!c || m_nodes.contains(id))
        return;
    auto *n = new NodeItem(*c);
    addItem(n);
    m_nodes.insert(id, n);
    m_utilAll = true; // its bar is set by the next estimate
}

void CanvasScene::removeNode(const QString &id)
{
    NodeItem *n = m_nodes.take(id);
    if (!n)
        return;
    // Links are removed by the document first; be safe anyway (on a copy: detach() unregisters).
    const QList<NodeFollower *> followers = n->followers();
    for (NodeFollower *f : followers)
        static_cast<LinkItem *>(f)->detach();
    delete n;
}

void CanvasScene::addLink(const QString &id)
{
    const Link *l = m_doc->link(id.toStdString());
    if (!l || m_links.contains(id))
        return;
    NodeItem *a = m_nodes.value(QString::fromStdString(l->from));
    NodeItem *b = m_nodes.value(QString::fromStdString(l->to));
    if (!a || !b)
        return; // a dangling reference: validation reports it
    auto *item = new LinkItem(*l, a, b);
    addItem(item);
    item->setGeometryObserver(this);
    m_links.insert(id, item);
    relayoutLanes(a, b);
}

void CanvasScene::removeLink(const QString &id)
{
    LinkItem *l = m_links.take(id);
    if (!l)
        return;
    m_labelDirty.remove(l);
    NodeItem *a = l->from(), *b = l->to();
    delete l;
    if (a && b)
        relayoutLanes(a, b);
}

void CanvasScene::relayoutLanes(NodeItem *a, NodeItem *b)
{
    // Links between the same two nodes (either direction) get parallel lanes.
    QList<LinkItem *> shared;
    for (NodeFollower *f : a->followers()) {
        auto *l = static_cast<LinkItem *>(f);
        if ((l->from() == a && l->to() == b) || (l->from() == b && l->to() == a))
            shared.append(l);
    }
    const qreal gap = 22;
    for (int i = 0; i < shared.size(); ++i) {
        const qreal o = (i - (shared.size() - 1) / 2.0) * gap;
        LinkItem *l = shared[i];
        l->setLane(l->from()->id() < l->to()->id() ? o : -o);
    }
}

QStringList CanvasScene::selectedComponents() const
{
    QStringList out;
    for (QGraphicsItem *i : selectedItems())
        if (i->type() == NodeItem::Type)
            out << static_cast<NodeItem *>(i)->id();
    return out;
}

QStringList CanvasScene::selectedLinks() const
{
    QStringList out;
    for (QGraphicsItem *i : selectedItems())
        if (i->type() == LinkItem::Type)
            out << static_cast<LinkItem *>(i)->id();
    return out;
}

void CanvasScene::selectIds(const QStringList &components, const QStringList &links)
{
    {
        const QSignalBlocker block(this); // one notification, not one per item
        clearSelection();
        for (const QString &id : components)
            if (NodeItem *n = m_nodes.value(id))
                n->setSelected(true);
        for (const QString &id : links)
            if (LinkItem *l = m_links.value(id))
                l->setSelected(true);
    }
    emit selectionChanged();
}

QRectF CanvasScene::contentRect() const
{
    QRectF r;
    for (NodeItem *n : m_nodes)
        r |= n->sceneBoundingRect();
    for (ZoneItem *z : m_zones)
        r |= z->sceneBoundingRect();
    return r.isNull() ? QRectF(-400, -300, 800, 600) : r.adjusted(-40, -40, 40, 40);
}

void CanvasScene::setUtilization(std::shared_ptr<const AnalyticEstimate> estimate)
{
    auto valueOf = [](const StationEstimate &s) { return std::optional<double>(s.utilization); };
    if (m_utilAll || !m_shownUtil || !estimate) {
        // Every card: looking each one up costs a string conversion per card (~0.5 ms).
        for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
            std::optional<double> u;
            if (estimate) {
                auto s = estimate->components.find(it.key().toStdString());
                if (s != estimate->components.end())
                    u = valueOf(s->second);
            }
            it.value()->setUtilization(u);
        }
    } else if (estimate != m_shownUtil) {
        // Both maps are sorted by id: one merge walk finds the few cards whose figure changed
        // (an edit changes a handful of stations; looking up all 2,000 cost ~3 ms per edit).
        const auto &now = estimate->components, &was = m_shownUtil->components;
        auto set = [this](const std::string &id, std::optional<double> u) {
            if (NodeItem *n = m_nodes.value(QString::fromStdString(id)))
                n->setUtilization(u);
        };
        auto a = now.cbegin(), b = was.cbegin();
        while (a != now.cend() || b != was.cend()) {
            if (b == was.cend() || (a != now.cend() && a->first < b->first)) {
                set(a->first, valueOf(a->second));
                ++a;
            } else if (a == now.cend() || b->first < a->first) {
                set(b->first, std::nullopt);
                ++b;
            } else {
                if (a->second.utilization != b->second.utilization)
                    set(a->first, valueOf(a->second));
                ++a;
                ++b;
            }
        }
    }
    m_shownUtil = std::move(estimate);
    m_utilAll = false;
}

void CanvasScene::linkGeometryChanged(LinkItem *link)
{
    if (m_labelDirty.isEmpty())
        QTimer::singleShot(0, this, &CanvasScene::placeDirtyLabels);
    m_labelDirty.insert(link);
}

void CanvasScene::placeDirtyLabels()
{
    if (m_labelDirty.isEmpty())
        return;
    std::vector<QRectF> cards;
    cards.reserve(size_t(m_nodes.size()));
    for (NodeItem *n : std::as_const(m_nodes))
        cards.emplace_back(n->pos(), QSizeF(NodeItem::Width + 6, NodeItem::Height + 8));
    const QList<LinkItem *> dirty(m_labelDirty.cbegin(), m_labelDirty.cend());
    m_labelDirty.clear();
    placeLabels(dirty, cards, m_links.values());
    m_labelDirty.clear(); // placing moved labels only; nothing new to place
}

void CanvasScene::scheduleZones()
{
    if (m_zonesPending)
        return;
    m_zonesPending = true;
    QTimer::singleShot(0, this, [this] {
        m_zonesPending = false;
        updateZones();
    });
}

void CanvasScene::updateZones()
{
    QHash<QString, QRectF> rects;
    for (NodeItem *n : std::as_const(m_nodes))
        if (!n->zoneKey().isEmpty())
            rects[n->zoneKey()] |= QRectF(n->pos(), QSizeF(NodeItem::Width, NodeItem::Height));
    for (auto it = m_zones.begin(); it != m_zones.end();) {
        if (!rects.contains(it.key())) {
            delete it.value();
            it = m_zones.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = rects.cbegin(); it != rects.cend(); ++it) {
        ZoneItem *&z = m_zones[it.key()];
        if (!z) {
            z = new ZoneItem(it.key());
            addItem(z);
        }
        z->setRegion(it.value().adjusted(-24, -40, 30, 30));
    }
    emit layoutChanged();
}

NodeItem *CanvasScene::nodeAt(QPointF pos) const
{
    for (QGraphicsItem *i : items(pos))
        if (i->type() == NodeItem::Type)
            return static_cast<NodeItem *>(i);
    return nullptr;
}

void CanvasScene::mousePressEvent(QGraphicsSceneMouseEvent *e)
{
    if (e->button() == Qt::LeftButton) {
        NodeItem *n = nodeAt(e->scenePos());
        if (n && n->isEdgeHit(e->scenePos())) {
            m_connectFrom = n;
            m_connectLine = new QGraphicsLineItem(QLineF(n->sceneBoundingRect().center(),
                                                         e->scenePos()));
            QPen pen(QColor("#2f6fed"), 2, Qt::DashLine);
            m_connectLine->setPen(pen);
            m_connectLine->setZValue(100);
            addItem(m_connectLine);
            e->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(e);
    m_pressPositions.clear();
    if (e->button() == Qt::LeftButton)
        for (QGraphicsItem *i : selectedItems())
            if (i->type() == NodeItem::Type)
                m_pressPositions.emplace_back(static_cast<NodeItem *>(i)->id().toStdString(),
                                              i->pos());
}

void CanvasScene::mouseMoveEvent(QGraphicsSceneMouseEvent *e)
{
    if (m_connectLine) {
        QLineF l = m_connectLine->line();
        l.setP2(e->scenePos());
        m_connectLine->setLine(l);
        return;
    }
    QGraphicsScene::mouseMoveEvent(e);
}

void CanvasScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *e)
{
    if (m_connectLine) {
        delete m_connectLine;
        m_connectLine = nullptr;
        NodeItem *from = m_connectFrom;
        m_connectFrom = nullptr;
        NodeItem *to = nodeAt(e->scenePos());
        if (from && to && to != from)
            emit connectRequested(from->id(), to->id());
        return;
    }
    QGraphicsScene::mouseReleaseEvent(e);
    if (e->button() != Qt::LeftButton || m_pressPositions.empty())
        return;
    Positions oldPos, newPos;
    for (const auto &[id, p] : m_pressPositions) {
        NodeItem *n = m_nodes.value(QString::fromStdString(id));
        if (n && n->pos() != p) {
            oldPos.emplace_back(id, p);
            newPos.emplace_back(id, n->pos());
        }
    }
    m_pressPositions.clear();
    if (!oldPos.empty())
        emit itemsMoved(oldPos, newPos);
}

void CanvasScene::dragEnterEvent(QGraphicsSceneDragDropEvent *e)
{
    if (e->mimeData()->hasFormat(QLatin1String(kKindMime)))
        e->acceptProposedAction();
    else
        QGraphicsScene::dragEnterEvent(e);
}

void CanvasScene::dragMoveEvent(QGraphicsSceneDragDropEvent *e)
{
    if (e->mimeData()->hasFormat(QLatin1String(kKindMime)))
        e->acceptProposedAction();
    else
        QGraphicsScene::dragMoveEvent(e);
}

void CanvasScene::dropEvent(QGraphicsSceneDragDropEvent *e)
{
    ComponentKind kind;
    const QByteArray name = e->mimeData()->data(QLatin1String(kKindMime));
    if (!name.isEmpty() && fromString(name.toStdString(), kind)) {
        QPointF p = e->scenePos() - QPointF(NodeItem::Width / 2, NodeItem::Height / 2);
        if (NodeItem::snapping())
            p = QPointF(std::round(p.x() / NodeItem::Grid) * NodeItem::Grid,
                        std::round(p.y() / NodeItem::Grid) * NodeItem::Grid);
        emit addRequested(kind, p);
        e->acceptProposedAction();
        return;
    }
    QGraphicsScene::dropEvent(e);
}

} // namespace archsim::gui
