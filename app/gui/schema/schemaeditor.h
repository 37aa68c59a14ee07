#pragma once

// Folder schema/ (target archsim_gui_schema): the database schemas of the model. The editor
// (this file), the item models of a table's parts (schemamodels.h), the partition editor
// (partitioneditor.h), the ER view (erview.h) and the DDL preview and export (ddldialog.h).
// Links common/, document/ and the exporters.
//
// The schema editor: pick a schema and a table; edit the table's properties, columns (with the
// logical type picker), primary key, unique constraints, indexes, foreign keys and
// partitioning (list partitions with their values); pick a view to edit it (vieweditor.h);
// see the schema as an ER diagram beside it. Every edit is an undo command on the Document.

#include "archsim/model/types.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QStackedWidget;
class QSortFilterProxyModel;
class QTableView;
class QGroupBox;
class QScrollArea;

namespace archsim::gui {

class ColumnModel;
class Document;
class ErView;
class ForeignKeyModel;
class IndexModel;
class ListPartitionModel;
class PartitionEditor;
class TableListModel;
class UniqueModel;
class ViewEditor;

class SchemaEditor : public QWidget {
    Q_OBJECT
public:
    explicit SchemaEditor(Document *doc, QWidget *parent = nullptr);

    // Shows a schema and selects one of its tables ("" = the first).
    void showTable(const QString &schemaId, const QString &table);
    // Selects row `row` of the shown table's part named as in the model's JSON ("columns",
    // "indexes", "unique", "foreign_keys"), scrolls it into view and gives it the keyboard
    // focus; false when the table has no such row.
    bool focusPart(const QString &part, int row);
    QString currentSchema() const { return QString::fromStdString(m_schema); }
    QString currentTable() const { return QString::fromStdString(m_table); }
    // Adds a table with an id column and selects it; returns its name.
    QString addTable();
    void removeTable();
    // Shows view `view` of a schema in the middle (its form instead of a table's).
    void showView(const QString &schemaId, const QString &view);
    // Adds a view reading the shown table (SELECT * FROM it) and shows it; returns its name.
    QString addView();
    // Removes the shown view, unless another view reads it (then says so).
    void removeView();
    // The view whose form is shown ("" when a table's is).
    QString currentView() const;
    // Sets partitioning of the current table: method ("" = none), column, start, count.
    void setPartitioning(const QString &method, const QString &column);
    ColumnModel *columns() const { return m_columns; }
    IndexModel *indexes() const { return m_indexes; }
    UniqueModel *uniques() const { return m_uniques; }
    ListPartitionModel *listPartitions() const;
    ForeignKeyModel *foreignKeys() const { return m_fks; }
    TableListModel *tables() const { return m_tables; }
    ErView *erView() const { return m_er; }
    ViewEditor *viewEditor() const { return m_viewEditor; }
    // The last refused edit's reason ("" when the last edit was accepted).
    QString lastError() const;
    // Repaints after a theme change.
    void themeChanged();

private:
    void schemasChanged();
    void selectTable(const std::string &name);
    void refreshTable();
    void refreshViews();
    const model::View *viewOf(const std::string &name) const;
    void commitTable(const model::Table &t, const QString &field);
    void showError(const QString &e);
    void showNote(const QString &note);

    Document *m_doc;
    std::string m_schema;
    std::string m_table;
    QComboBox *m_schemaBox;
    QLineEdit *m_filter;
    QListView *m_tableList;
    QSortFilterProxyModel *m_tableProxy;
    TableListModel *m_tables;
    QLineEdit *m_name;
    QLineEdit *m_comment;
    QLineEdit *m_rowsPerMonth;
    QLineEdit *m_rowBytes;
    QCheckBox *m_appendOnly;
    ColumnModel *m_columns;
    IndexModel *m_indexes;
    ForeignKeyModel *m_fks;
    QTableView *m_columnView;
    QTableView *m_indexView;
    QTableView *m_fkView;
    UniqueModel *m_uniques;
    QTableView *m_uniqueView;
    PartitionEditor *m_partition;
    QLabel *m_error;
    QWidget *m_tablePane;
    QScrollArea *m_tableScroll;
    ErView *m_er;
    QListWidget *m_viewList;
    QStackedWidget *m_middle;
    ViewEditor *m_viewEditor;
    QScrollArea *m_viewScroll;
    std::string m_viewName;
    bool m_updating = false;
};

} // namespace archsim::gui
