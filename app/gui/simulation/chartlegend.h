#pragma once

// The legend under a live chart: one entry per shown line (a short stroke in the line's pen,
// then its name), flowing onto as many rows as the width needs. Qt Charts' own legend cuts
// names it has no room for ("degrad…"); this one never does (issue #17).

#include <QPen>
#include <QWidget>

namespace archsim::gui {

class ChartLegend : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        QString name;
        QPen pen;
        friend bool operator==(const Entry &a, const Entry &b)
        {
            return a.name == b.name && a.pen == b.pen;
        }
    };

    explicit ChartLegend(QWidget *parent = nullptr);
    // Shows these entries, in order.
    void setEntries(const QList<Entry> &entries);
    const QList<Entry> &entries() const { return m_entries; }
    // Returns where each entry (stroke and name) is drawn at the current width.
    QList<QRect> entryRects() const { return layoutFor(width()); }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *e) override;
    void changeEvent(QEvent *e) override;

private:
    // Returns the rectangle of each entry when the legend is `width` pixels wide.
    QList<QRect> layoutFor(int width) const;
    int entryWidth(const Entry &e) const;
    int strokeWidth() const;

    QList<Entry> m_entries;
};

} // namespace archsim::gui
