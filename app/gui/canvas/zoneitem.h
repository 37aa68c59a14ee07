#pragma once

// A labelled region behind the components that share one set of zones ("zone-a + zone-b").

#include <QGraphicsItem>

namespace archsim::gui {

class ZoneItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };
    explicit ZoneItem(const QString &key);
    int type() const override { return Type; }
    // Sets the region (scene coordinates of its members' union).
    void setRegion(const QRectF &r);
    const QString &key() const { return m_key; }
    QRectF boundingRect() const override { return m_rect.adjusted(-1, -1, 1, 1); }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *opt, QWidget *w) override;

private:
    QString m_key;
    QString m_label;
    QRectF m_rect;
    QColor m_color;
};

} // namespace archsim::gui
