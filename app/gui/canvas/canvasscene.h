#pragma once

// Folder canvas/ (target archsim_gui_canvas): the architecture drawn as a graph. The scene
// (this file), its cards (nodeitem.h), links (linkitem.h) and zone regions (zoneitem.h), the
// placement of link labels (labelplacer.h) and the view with zoom, pan and minimap
// (canvasview.h). It reads the Document and reports gestures as signals; it links common/ and
// document/ only.
//
// The canvas scene: one NodeItem per component, one LinkItem per link, one region per group of
// components sharing the same zones. It follows the Document's change signals and never writes
// the model: finished drags, drops from the palette and new connections are reported as
// signals the controller turns into undo commands.

#include "linkitem.h"

#include "archsim/model/analytic.h"
#include "archsim/model/types.h"

#include <QGraphicsScene>
#include <QHash>
#include <QSet>
#include <QPointF>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class QGraphicsLineItem;

namespace archsim::gui {

class Document;
class NodeItem;
class LinkItem;
class ZoneItem;

using Positions = std::vector<std::pair<std::string, QPointF>>;

class CanvasScene : public QGraphicsScene, private LinkGeometryObserver {
    Q_OBJECT
public:
    explicit CanvasScene(Document *doc, QObject *parent = nullptr);

    NodeItem *node(const QString &id) const { return m_nodes.value(id); }
    LinkItem *linkItem(const QString &id) const { return m_links.value(id); }
    int nodeCount() const { return int(m_nodes.size()); }
    // Every card and link, in no particular order (cheaper than items(), which sorts).
    QList<NodeItem *> nodeItems() const { return m_nodes.values(); }
    QList<LinkItem *> linkItems() const { return m_links.values(); }
    // Returns the ids of the selected components and links.
    QStringList selectedComponents() const;
    QStringList selectedLinks() const;
    // Selects exactly these items (emits selectionChanged once).
    void selectIds(const QStringList &components, const QStringList &links = {});
    // Returns the bounding rectangle of every item, with a margin.
    QRectF contentRect() const;
    // Shows the analytic utilization bars of an estimate on the cards (nullptr hides them).
    // Only the cards whose figure differs from the estimate shown before are touched.
    void setUtilization(std::shared_ptr<const model::AnalyticEstimate> estimate);

signals:
    // A drag of nodes finished: old and new positions of each moved component.
    void itemsMoved(const Positions &oldPos, const Positions &newPos);
    // The user dragged from `from`'s edge and released on `to`.
    void connectRequested(const QString &from, const QString &to);
    // A palette kind was dropped at `pos`.
    void addRequested(model::ComponentKind kind, QPointF pos);
    // Cards or links were added, removed or moved (coalesced; for overviews such as the
    // minimap). Unlike QGraphicsScene::changed, connecting to it keeps the views' fast path.
    void layoutChanged();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *e) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *e) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *e) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent *e) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *e) override;
    void dropEvent(QGraphicsSceneDragDropEvent *e) override;

private:
    // Marks a link whose label must be checked against its neighbours (LinkItem reports its
    // geometry changes); labels are re-placed together on the next event loop turn.
    void linkGeometryChanged(LinkItem *link) override;
    void rebuild();
    void addNode(const QString &id);
    void removeNode(const QString &id);
    void addLink(const QString &id);
    void removeLink(const QString &id);
    void relayoutLanes(NodeItem *a, NodeItem *b);
    void scheduleZones();
    void placeDirtyLabels();
    void updateZones();
    NodeItem *nodeAt(QPointF pos) const;

    Document *m_doc;
    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, LinkItem *> m_links;
    QHash<QString, ZoneItem *> m_zones;
    bool m_zonesPending = false;
    QSet<LinkItem *> m_labelDirty;
    Positions m_pressPositions;
    std::shared_ptr<const model::AnalyticEstimate> m_shownUtil; // what the bars show
    bool m_utilAll = true; // cards were added or renamed: the next estimate sets every card
    NodeItem *m_connectFrom = nullptr;
    QGraphicsLineItem *m_connectLine = nullptr;
};

} // namespace archsim::gui
