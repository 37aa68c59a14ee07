#pragma once

// A component on the canvas: a card with the kind's icon, the name, replicas x workers and
// zones (a stream's or queue's key figure instead), painted with level of detail. It keeps a
// copy of what it shows (set by sync()), so painting never reads the model.

#include "archsim/model/types.h"

#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QStaticText>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace archsim::gui {

class NodeItem;

// What follows a card: the links that end at it are told when it moves or is deleted, so that
// a card needs to know nothing else of them (LinkItem implements it).
class NodeFollower {
public:
    // The card moved: recompute what depends on its place.
    virtual void nodeMoved() = 0;
    // The card is being deleted: forget it.
    virtual void nodeGone(NodeItem *node) = 0;

protected:
    ~NodeFollower() = default;
};

// What a simulation run shows on a card (SimCanvasOverlay sets it; nullopt = normal look).
struct NodeRunState {
    double utilization = 0; // of the busiest pool in the last simulated second
    int down = 0;           // replicas that refuse
    int hung = 0;           // replicas that hang
    int replicas = 1;
    QString tooltip;        // rich text: the node's current figures
};

class NodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    static constexpr qreal Width = 212;
    static constexpr qreal Height = 68;
    static constexpr qreal Grid = 16;

    explicit NodeItem(const model::Component &c);
    ~NodeItem() override;
    int type() const override { return Type; }

    // Updates what the card shows from the component (not its position).
    void sync(const model::Component &c);
    const QString &id() const { return m_id; }
    model::ComponentKind kind() const { return m_kind; }
    const QString &zoneKey() const { return m_zoneKey; }
    const QString &label() const { return m_name; }
    // The card's bottom line: the kind's key figure (a stream's partitions, a queue's bound)
    // or the zone chips, as painted.
    QString bottomLine() const;

    // Shows a utilization bar (0..1+) under the card, or hides it with nullopt.
    void setUtilization(std::optional<double> u);
    // The utilization the bar shows (nullopt: no bar).
    std::optional<double> utilization() const { return m_util; }
    // Shows a simulation run's state on the card, or the normal look with nullopt.
    void setRunState(const std::optional<NodeRunState> &state);
    const std::optional<NodeRunState> &runState() const { return m_run; }
    // Returns the heat colour of a utilization (green to 50 %, amber at 65 %, red from 80 %).
    static QColor heatColor(double utilization);
    // Returns true if a scene point lies on the card's edge band (where connections start).
    bool isEdgeHit(QPointF scenePos) const;

    // Registers what follows the card (its links, which register themselves).
    void addFollower(NodeFollower *f) { m_followers.append(f); }
    void removeFollower(NodeFollower *f) { m_followers.removeAll(f); }
    // The links that end at the card (each a LinkItem).
    const QList<NodeFollower *> &followers() const { return m_followers; }

    // Snapping of moves to the grid; shared by every node.
    static void setSnapping(bool on) { s_snap = on; }
    static bool snapping() { return s_snap; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *p, const QStyleOptionGraphicsItem *opt, QWidget *w) override;
    void paintRun(QPainter *p);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *e) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *e) override;

private:
    // The card's texts elided and shaped once for a font (paint() used to elide and shape
    // them on every repaint); dropped by sync() and rebuilt when the painter's font changes.
    struct Text {
        QFont base; // the small text's font; the name's is derived from it
        QStaticText name, subtitle, detail;
        std::vector<QStaticText> zones;
        std::vector<qreal> zoneWidths;
        qreal nameHeight = 0, smallHeight = 0;
    };
    const Text &text(const QFont &base);

    QString m_id;
    QString m_name;
    QString m_subtitle;
    QString m_detail;
    QString m_zoneKey;
    QStringList m_zones;
    QString m_tooltip;
    model::ComponentKind m_kind = model::ComponentKind::Service;
    int m_replicas = 1;
    bool m_detailFirst = false; // the bottom line shows m_detail, not the zones
    std::optional<double> m_util;
    std::optional<NodeRunState> m_run;
    bool m_edgeHover = false;
    QList<NodeFollower *> m_followers;
    std::unique_ptr<Text> m_text;
    static inline bool s_snap = true;
};

} // namespace archsim::gui
