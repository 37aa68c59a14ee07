#pragma once

// The partitioning section of the schema editor: method (none, range, list, hash), column,
// interval, start and count for ranges, the modulus for hash, and for list partitioning a
// table of partitions with the values each one holds. Edits are undo commands on the Document.

#include <QGroupBox>

#include <string>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;
class QToolButton;

namespace archsim::gui {

class Document;
class ListPartitionModel;

class PartitionEditor : public QGroupBox {
    Q_OBJECT
public:
    explicit PartitionEditor(Document *doc, QWidget *parent = nullptr);

    // Points the editor at a table (empty name = none) and re-reads it.
    void setTable(const std::string &schemaId, const std::string &table);
    // Sets the method ("" = none) and column from code, as if picked, and commits.
    void setPartitioning(const QString &method, const QString &column);
    ListPartitionModel *lists() const { return m_lists; }

signals:
    // An edit was refused (`error`) or applied with a remark (`note`); "" clears.
    void message(const QString &text, bool error);

private:
    void refresh();
    void commit();

    Document *m_doc;
    std::string m_schema;
    std::string m_table;
    QComboBox *m_method;
    QComboBox *m_column;
    QComboBox *m_interval;
    QLineEdit *m_start;
    QLineEdit *m_count;
    QCheckBox *m_default;
    ListPartitionModel *m_lists;
    QTableView *m_listView;
    QWidget *m_listPane;
    bool m_updating = false;
};

} // namespace archsim::gui
