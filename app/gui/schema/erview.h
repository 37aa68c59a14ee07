#pragma once

// An entity-relationship view of one schema: tables as boxes listing their columns (key
// columns marked), foreign keys as lines with crow's-foot ends (many at the referencing
// table, one at the referenced); views as dashed boxes (kind, refresh, what they read, a
// materialized view's indexes) with dashed lines from the relations they read. Small schemas show every table laid out by Graphviz; big
// ones show the focused table and its neighbours, so the view stays instant at 5,000 tables.

#include "archsim/model/types.h"

#include <QGraphicsView>

namespace archsim::gui {

class Document;

class ErView : public QGraphicsView {
    Q_OBJECT
public:
    explicit ErView(Document *doc, QWidget *parent = nullptr);
    // Shows `schemaId`, centred on `focusTable` ("" = whole schema when small enough).
    void showSchema(const std::string &schemaId, const std::string &focusTable);
    // Redraws from the model (after an edit).
    void rebuild();
    // Selects view `name`'s box and scrolls it into sight (nothing when it is not drawn).
    void focusView(const std::string &name);
    // Tables drawn in the current view (for tests).
    QStringList shownTables() const;
    // Views drawn in the current view (for tests).
    QStringList shownViews() const;
    // Schemas with more tables than this show only the focus table's neighbourhood.
    static constexpr int kFullSchemaLimit = 120;

signals:
    // The user double-clicked a table box.
    void tableActivated(const QString &table);

protected:
    void wheelEvent(QWheelEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    void mouseDoubleClickEvent(QMouseEvent *e) override;
    void drawBackground(QPainter *p, const QRectF &rect) override;

private:
    void fit();

    Document *m_doc;
    std::string m_schema;
    std::string m_focus;
    QStringList m_shown;
    QStringList m_shownViews;
    bool m_pinned = false; // zoomed by the user or focused on a view: a resize keeps it
};

} // namespace archsim::gui
