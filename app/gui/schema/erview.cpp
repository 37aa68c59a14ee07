#include "erview.h"

#include "autolayout.h"
#include "document.h"
#include "style.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>
#include <map>
#include <set>

namespace archsim::gui {

using namespace archsim::model;

namespace {

constexpr qreal kBoxWidth = 230;
constexpr qreal kHeader = 28;
constexpr qreal kRow = 19;
constexpr int kMaxRows = 14;

qreal boxHeight(const Table &t)
{
    const int rows = std::min<int>(int(t.columns.size()), kMaxRows)
                     + (int(t.columns.size()) > kMaxRows ? 1 : 0);
    return kHeader + rows * kRow + 8;
}

class TableBox : public QGraphicsItem {
public:
    enum { Type = UserType + 10 };
    TableBox(const Table &t, bool focus) : m_table(t), m_focus(focus)
    {
        m_h = boxHeight(t);
        setFlags(ItemIsSelectable);
        QString tip = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(t.name));
        if (!t.comment.empty())
            tip += QStringLiteral("<br>%1").arg(QString::fromStdString(t.comment).toHtmlEscaped());
        if (t.partitioning)
            tip += QObject::tr("<br>Partitioned by %1 on %2")
                       .arg(toString(t.partitioning->method),
                            QString::fromStdString(t.partitioning->column));
        if (t.rows_per_month > 0)
            tip += QObject::tr("<br>%1 rows/month").arg(t.rows_per_month, 0, 'f', 0);
        setToolTip(tip);
    }
    int type() const override { return Type; }
    QString name() const { return QString::fromStdString(m_table.name); }
    QRectF boundingRect() const override { return QRectF(-2, -2, kBoxWidth + 4, m_h + 4); }
    qreal height() const { return m_h; }
    // Returns the y (item coordinates) of a column's row, or the header's centre.
    qreal rowY(const std::string &column) const
    {
        for (int i = 0; i < int(m_table.columns.size()) && i < kMaxRows; ++i)
            if (m_table.columns[size_t(i)].name == column)
                return kHeader + i * kRow + kRow / 2 + 4;
        return kHeader / 2;
    }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const auto &cc = style::canvas();
        const QColor accent = style::kindColor(ComponentKind::Database);
        p->setRenderHint(QPainter::Antialiasing);
        const QRectF r(0, 0, kBoxWidth, m_h);
        p->setPen(QPen(isSelected() || m_focus ? cc.selection : cc.nodeBorder,
                       isSelected() || m_focus ? 2 : 1));
        p->setBrush(cc.nodeFill);
        p->drawRoundedRect(r, 8, 8);
        QPainterPath head;
        head.addRoundedRect(QRectF(0, 0, kBoxWidth, kHeader), 8, 8);
        head.addRect(QRectF(0, kHeader / 2, kBoxWidth, kHeader / 2));
        p->fillPath(head, style::isDark() ? accent.darker(160) : accent.lighter(175));
        QFont f = p->font();
        f.setPointSizeF(9);
        f.setBold(true);
        p->setFont(f);
        p->setPen(cc.text);
        QString title = name();
        if (m_table.partitioning)
            title += QStringLiteral("  ▦");
        p->drawText(QRectF(10, 0, kBoxWidth - 20, kHeader), Qt::AlignVCenter | Qt::AlignLeft,
                    title);
        f.setBold(false);
        f.setPointSizeF(8);
        const QFontMetricsF fm(f);
        std::set<std::string> fkCols;
        for (const auto &fk : m_table.foreign_keys)
            fkCols.insert(fk.columns.begin(), fk.columns.end());
        for (int i = 0; i < int(m_table.columns.size()) && i < kMaxRows; ++i) {
            const Column &c = m_table.columns[size_t(i)];
            const qreal y = kHeader + 4 + i * kRow;
            const bool pk = std::find(m_table.primary_key.begin(), m_table.primary_key.end(),
                                      c.name) != m_table.primary_key.end();
            QString mark = pk ? QStringLiteral("PK") : fkCols.count(c.name) ? QStringLiteral("FK")
                                                                           : QString();
            if (!mark.isEmpty()) {
                QFont mf = f;
                mf.setPointSizeF(6.5);
                mf.setBold(true);
                p->setFont(mf);
                p->setPen(pk ? accent.darker(120) : style::linkColor(LinkKind::Call));
                p->drawText(QRectF(6, y, 22, kRow), Qt::AlignVCenter | Qt::AlignLeft, mark);
            }
            f.setBold(pk);
            f.setItalic(c.nullable && !pk);
            p->setFont(f);
            p->setPen(cc.text);
            p->drawText(QRectF(28, y, 120, kRow), Qt::AlignVCenter | Qt::AlignLeft,
                        fm.elidedText(QString::fromStdString(c.name), Qt::ElideRight, 118));
            f.setBold(false);
            f.setItalic(false);
            p->setFont(f);
            p->setPen(cc.subtext);
            p->drawText(QRectF(148, y, kBoxWidth - 156, kRow), Qt::AlignVCenter | Qt::AlignRight,
                        fm.elidedText(QString::fromStdString(c.type.toString()), Qt::ElideRight,
                                      kBoxWidth - 156));
        }
        if (int(m_table.columns.size()) > kMaxRows) {
            p->setPen(cc.subtext);
            p->drawText(QRectF(28, kHeader + 4 + kMaxRows * kRow, 180, kRow),
                        Qt::AlignVCenter | Qt::AlignLeft,
                        QObject::tr("… %1 more").arg(m_table.columns.size() - kMaxRows));
        }
    }

private:
    Table m_table;
    bool m_focus;
    qreal m_h;
};

// A foreign key: orthogonal-ish line from the referencing column to the referenced key, with
// a crow's foot (many) at the referencing end and a double bar (exactly one) at the other.
class FkLine : public QGraphicsItem {
public:
    FkLine(TableBox *from, qreal fromY, TableBox *to, qreal toY, bool optional)
        : m_from(from), m_to(to), m_fy(fromY), m_ty(toY), m_optional(optional)
    {
        setZValue(-1);
        compute();
    }
    void compute()
    {
        const QRectF a = m_from->sceneBoundingRect(), b = m_to->sceneBoundingRect();
        const bool right = b.center().x() >= a.center().x();
        m_p1 = QPointF(right ? a.right() - 2 : a.left() + 2, a.top() + 2 + m_fy);
        m_p2 = QPointF(right ? b.left() + 2 : b.right() - 2, b.top() + 2 + m_ty);
        if (m_from == m_to)
            m_p2 = QPointF(a.right() - 2, a.top() + 2 + m_ty);
        m_dir1 = right ? 1 : -1;
        m_dir2 = (m_from == m_to) ? 1 : (right ? -1 : 1);
        m_path = QPainterPath(m_p1);
        const QPointF c1 = m_p1 + QPointF(m_dir1 * 40, 0);
        const QPointF c2 = m_p2 + QPointF(m_dir2 * 40, 0);
        m_path.cubicTo(c1, c2, m_p2);
        prepareGeometryChange();
    }
    QRectF boundingRect() const override { return m_path.boundingRect().adjusted(-14, -14, 14, 14); }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const QColor c = style::linkColor(LinkKind::Call);
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(c, 1.4));
        p->setBrush(Qt::NoBrush);
        p->drawPath(m_path);
        // Many: three prongs opening towards the referencing table.
        const qreal d1 = m_dir1;
        const QPointF tip = m_p1 + QPointF(d1 * 14, 0);
        p->drawLine(tip, m_p1 + QPointF(0, -6));
        p->drawLine(tip, m_p1);
        p->drawLine(tip, m_p1 + QPointF(0, 6));
        // Zero-or-many gets a circle, one-or-many a bar.
        if (m_optional) {
            p->setBrush(style::canvas().nodeFill);
            p->drawEllipse(m_p1 + QPointF(d1 * 20, 0), 3.5, 3.5);
        } else {
            p->drawLine(m_p1 + QPointF(d1 * 18, -6), m_p1 + QPointF(d1 * 18, 6));
        }
        // Exactly one: two bars at the referenced end.
        const qreal d2 = m_dir2;
        p->drawLine(m_p2 + QPointF(d2 * 8, -6), m_p2 + QPointF(d2 * 8, 6));
        p->drawLine(m_p2 + QPointF(d2 * 13, -6), m_p2 + QPointF(d2 * 13, 6));
    }

private:
    TableBox *m_from, *m_to;
    qreal m_fy, m_ty;
    bool m_optional;
    QPointF m_p1, m_p2;
    qreal m_dir1 = 1, m_dir2 = -1;
    QPainterPath m_path;
};

// A view or materialized view: a dashed box (a view stores a query, not rows) with its kind,
// refresh and the relations it reads; a materialized view's indexes are listed too.
class ViewBox : public QGraphicsItem {
public:
    enum { Type = UserType + 11 };
    explicit ViewBox(const View &v) : m_view(v)
    {
        m_lines << (v.kind == ViewKind::Materialized ? QObject::tr("materialized view")
                                                     : QObject::tr("view"));
        if (v.kind == ViewKind::Materialized)
            m_lines << (!v.refresh          ? QObject::tr("refreshed by hand")
                        : v.refresh->cron.empty()
                            ? QObject::tr("refresh every %1 s%2")
                                  .arg(v.refresh->every_s)
                                  .arg(v.refresh->concurrent ? QObject::tr(", concurrently")
                                                             : QString())
                            : QObject::tr("refresh cron %1")
                                  .arg(QString::fromStdString(v.refresh->cron)));
        QStringList reads;
        for (const auto &r : v.reads)
            reads << QString::fromStdString(r);
        m_lines << QObject::tr("reads %1").arg(reads.isEmpty() ? QObject::tr("nothing")
                                                               : reads.join(", "));
        for (const auto &ix : v.indexes) {
            QStringList cols;
            for (const auto &c : ix.columns)
                cols << QString::fromStdString(c.column);
            m_lines << QObject::tr("%1index %2 (%3)")
                           .arg(ix.unique ? QObject::tr("unique ") : QString(),
                                QString::fromStdString(ix.name), cols.join(", "));
        }
        m_h = kHeader + m_lines.size() * kRow + 8;
        setFlags(ItemIsSelectable);
        QString tip = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(v.name));
        if (!v.comment.empty())
            tip += QStringLiteral("<br>%1").arg(QString::fromStdString(v.comment).toHtmlEscaped());
        tip += QStringLiteral("<pre>%1</pre>")
                   .arg(QString::fromStdString(v.query).left(600).toHtmlEscaped());
        setToolTip(tip);
    }
    int type() const override { return Type; }
    QString name() const { return QString::fromStdString(m_view.name); }
    QRectF boundingRect() const override { return QRectF(-2, -2, kBoxWidth + 4, m_h + 4); }
    qreal height() const { return m_h; }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const auto &cc = style::canvas();
        p->setRenderHint(QPainter::Antialiasing);
        const QRectF r(0, 0, kBoxWidth, m_h);
        QPen pen(isSelected() ? cc.selection : cc.nodeBorder, isSelected() ? 2 : 1.3);
        pen.setStyle(Qt::DashLine);
        p->setPen(pen);
        p->setBrush(cc.nodeFill);
        p->drawRoundedRect(r, 8, 8);
        QFont f = p->font();
        f.setPointSizeF(9);
        f.setBold(true);
        f.setItalic(true);
        p->setFont(f);
        p->setPen(cc.text);
        const QFontMetricsF hm(f);
        p->drawText(QRectF(10, 0, kBoxWidth - 20, kHeader), Qt::AlignVCenter | Qt::AlignLeft,
                    hm.elidedText(name(), Qt::ElideRight, kBoxWidth - 20));
        p->setPen(QPen(cc.nodeBorder, 1, Qt::DotLine));
        p->drawLine(QPointF(6, kHeader), QPointF(kBoxWidth - 6, kHeader));
        f.setBold(false);
        f.setItalic(false);
        f.setPointSizeF(8);
        p->setFont(f);
        const QFontMetricsF fm(f);
        for (int i = 0; i < m_lines.size(); ++i) {
            p->setPen(i == 0 ? cc.text : cc.subtext);
            p->drawText(QRectF(10, kHeader + 4 + i * kRow, kBoxWidth - 20, kRow),
                        Qt::AlignVCenter | Qt::AlignLeft,
                        fm.elidedText(m_lines[i], Qt::ElideRight, kBoxWidth - 20));
        }
    }

private:
    View m_view;
    QStringList m_lines;
    qreal m_h;
};

// A view's read of a table or view: a dashed line with an open arrow at the view.
class ReadLine : public QGraphicsItem {
public:
    ReadLine(QGraphicsItem *source, QGraphicsItem *view) : m_source(source), m_view(view)
    {
        setZValue(-1);
        const QRectF a = m_source->sceneBoundingRect(), b = m_view->sceneBoundingRect();
        const bool right = b.center().x() >= a.center().x();
        m_p1 = QPointF(right ? a.right() - 2 : a.left() + 2, a.center().y());
        m_p2 = QPointF(right ? b.left() + 2 : b.right() - 2, b.center().y());
        m_dir = right ? 1 : -1;
        m_path = QPainterPath(m_p1);
        m_path.cubicTo(m_p1 + QPointF(m_dir * 40, 0), m_p2 - QPointF(m_dir * 40, 0), m_p2);
    }
    QRectF boundingRect() const override { return m_path.boundingRect().adjusted(-10, -10, 10, 10); }
    void paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const QColor c = style::linkColor(LinkKind::Read);
        p->setRenderHint(QPainter::Antialiasing);
        p->setPen(QPen(c, 1.3, Qt::DashLine));
        p->setBrush(Qt::NoBrush);
        p->drawPath(m_path);
        p->setPen(QPen(c, 1.3));
        const QPointF back = m_p2 - QPointF(m_dir * 9, 0);
        p->drawLine(m_p2, back + QPointF(0, -5));
        p->drawLine(m_p2, back + QPointF(0, 5));
    }

private:
    QGraphicsItem *m_source, *m_view;
    QPointF m_p1, m_p2;
    qreal m_dir = 1;
    QPainterPath m_path;
};

} // namespace

ErView::ErView(Document *doc, QWidget *parent) : QGraphicsView(parent), m_doc(doc)
{
    setObjectName(QStringLiteral("erView"));
    setScene(new QGraphicsScene(this));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setFrameShape(QFrame::NoFrame);
}

void ErView::showSchema(const std::string &schemaId, const std::string &focusTable)
{
    m_schema = schemaId;
    m_focus = focusTable;
    rebuild();
}

QStringList ErView::shownTables() const { return m_shown; }

QStringList ErView::shownViews() const { return m_shownViews; }

void ErView::rebuild()
{
    scene()->clear();
    m_shown.clear();
    m_shownViews.clear();
    const Schema *s = m_doc->schema(m_schema);
    if (!s)
        return;
    // Which tables: all of a small schema, else the focus table and its FK neighbours.
    std::vector<const Table *> tables;
    const bool full = int(s->tables.size()) <= kFullSchemaLimit || m_focus.empty();
    if (full && int(s->tables.size()) <= kFullSchemaLimit) {
        for (const auto &t : s->tables)
            tables.push_back(&t);
    } else {
        std::set<std::string> keep;
        const std::string focus = m_focus.empty() && !s->tables.empty() ? s->tables[0].name
                                                                        : m_focus;
        keep.insert(focus);
        for (const auto &t : s->tables) {
            if (t.name == focus)
                for (const auto &fk : t.foreign_keys)
                    keep.insert(fk.references);
            for (const auto &fk : t.foreign_keys)
                if (fk.references == focus)
                    keep.insert(t.name);
            if (keep.size() > 40)
                break;
        }
        for (const auto &t : s->tables)
            if (keep.count(t.name))
                tables.push_back(&t);
    }
    // The views that read a shown table or view (in dependency order, so a view on a view
    // follows the one it reads).
    std::set<std::string> shownNames;
    for (const Table *t : tables)
        shownNames.insert(t->name);
    std::vector<const View *> views;
    for (const auto &v : s->views) {
        const bool reads = std::any_of(v.reads.begin(), v.reads.end(), [&](const auto &r) {
            return shownNames.count(r) > 0;
        });
        if (full || reads || v.reads.empty()) {
            views.push_back(&v);
            shownNames.insert(v.name);
        }
    }
    std::map<std::string, TableBox *> boxes;
    std::map<std::string, ViewBox *> viewBoxes;
    std::vector<QGraphicsItem *> items; // layout order: g.ids
    LayoutGraph g;
    g.nodeWidth = kBoxWidth;
    qreal maxH = 0;
    for (const Table *t : tables) {
        auto *b = new TableBox(*t, t->name == m_focus);
        scene()->addItem(b);
        boxes[t->name] = b;
        items.push_back(b);
        m_shown << b->name();
        g.ids.push_back(t->name);
        g.groups.emplace_back();
        maxH = std::max(maxH, b->height());
    }
    for (const View *v : views) {
        auto *b = new ViewBox(*v);
        scene()->addItem(b);
        viewBoxes[v->name] = b;
        items.push_back(b);
        m_shownViews << b->name();
        g.ids.push_back(v->name);
        g.groups.emplace_back();
        maxH = std::max(maxH, b->height());
    }
    std::map<std::string, int> idx;
    for (size_t i = 0; i < g.ids.size(); ++i)
        idx[g.ids[i]] = int(i);
    for (const Table *t : tables)
        for (const auto &fk : t->foreign_keys)
            if (idx.count(fk.references))
                g.edges.emplace_back(idx[fk.references], idx[t->name]);
    for (const View *v : views)
        for (const auto &r : v->reads)
            if (idx.count(r))
                g.edges.emplace_back(idx[r], idx[v->name]);
    g.nodeHeight = maxH;
    QString err;
    auto pos = layoutGraph(g, &err);
    for (size_t i = 0; i < g.ids.size(); ++i) {
        QGraphicsItem *b = items[i];
        const qreal h = b->boundingRect().height() - 4;
        if (pos)
            b->setPos((*pos)[i] + QPointF(0, (maxH - h) / 2));
        else
            b->setPos(QPointF(qreal(i % 6) * (kBoxWidth + 60), qreal(i / 6) * (maxH + 60)));
    }
    for (const View *v : views)
        for (const auto &r : v->reads) {
            QGraphicsItem *from = boxes.count(r) ? static_cast<QGraphicsItem *>(boxes[r])
                                  : viewBoxes.count(r) ? viewBoxes[r]
                                                       : nullptr;
            if (from)
                scene()->addItem(new ReadLine(from, viewBoxes[v->name]));
        }
    for (const Table *t : tables)
        for (const auto &fk : t->foreign_keys) {
            auto to = boxes.find(fk.references);
            if (to == boxes.end() || fk.columns.empty())
                continue;
            TableBox *from = boxes[t->name];
            bool optional = false;
            for (const auto &c : t->columns)
                if (c.name == fk.columns.front())
                    optional = c.nullable;
            const std::string refCol = fk.ref_columns.empty() ? std::string() : fk.ref_columns[0];
            scene()->addItem(new FkLine(from, from->rowY(fk.columns.front()), to->second,
                                        to->second->rowY(refCol), optional));
        }
    scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-40, -40, 40, 40));
    m_pinned = false;
    fit();
}

void ErView::fit()
{
    // The whole diagram at most at 100 %; below 50 % the focus table at 80 % instead.
    const QRectF r = sceneRect();
    fitInView(r, Qt::KeepAspectRatio);
    if (transform().m11() > 1.0)
        setTransform(QTransform());
    if (transform().m11() >= 0.5 || m_focus.empty())
        return;
    for (QGraphicsItem *i : scene()->items())
        if (i->type() == TableBox::Type &&
            static_cast<TableBox *>(i)->name() == QString::fromStdString(m_focus)) {
            setTransform(QTransform::fromScale(0.8, 0.8));
            centerOn(i);
            return;
        }
}

void ErView::resizeEvent(QResizeEvent *e)
{
    QGraphicsView::resizeEvent(e);
    // A diagram laid out while the tab was hidden (or before a resize) is fitted again to
    // the size it is shown at, unless the user zoomed or a view was focused since.
    if (!m_pinned)
        fit();
}

void ErView::focusView(const std::string &name)
{
    scene()->clearSelection();
    const QString wanted = QString::fromStdString(name);
    for (QGraphicsItem *i : scene()->items())
        if (i->type() == ViewBox::Type && static_cast<ViewBox *>(i)->name() == wanted) {
            i->setSelected(true);
            m_pinned = true;
            if (transform().m11() < 0.5)
                setTransform(QTransform::fromScale(0.8, 0.8));
            centerOn(i);
            return;
        }
}

void ErView::wheelEvent(QWheelEvent *e)
{
    m_pinned = true;
    const qreal f = std::pow(1.0015, e->angleDelta().y());
    const qreal z = transform().m11() * f;
    if (z > 0.05 && z < 4)
        scale(f, f);
    e->accept();
}

void ErView::mouseDoubleClickEvent(QMouseEvent *e)
{
    for (QGraphicsItem *i : items(e->pos()))
        if (i->type() == TableBox::Type) {
            emit tableActivated(static_cast<TableBox *>(i)->name());
            return;
        }
    QGraphicsView::mouseDoubleClickEvent(e);
}

void ErView::drawBackground(QPainter *p, const QRectF &rect)
{
    p->fillRect(rect, style::canvas().background);
}

} // namespace archsim::gui
