#pragma once

// Item models of the schema editor. Each shows one part of one table (found by schema id and
// table name) and commits edits as undo commands through the Document; invalid input is
// refused and the reason reported through rejected().

#include "archsim/model/types.h"

#include <QAbstractListModel>
#include <QAbstractTableModel>

#include <string>

namespace archsim::gui {

class Document;

// The tables of one schema (names; partitioned tables are marked).
class TableListModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit TableListModel(Document *doc, QObject *parent = nullptr);
    void setSchema(const std::string &schemaId);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    // Re-reads the schema (after any change).
    void refresh();

private:
    Document *m_doc;
    std::string m_schema;
    int m_rows = 0;
};

// Base of the per-table models: the table they edit and the commit helper.
class TablePartModel : public QAbstractTableModel {
    Q_OBJECT
public:
    TablePartModel(Document *doc, QObject *parent);
    // Points the model at a table ("" = none) and re-reads it.
    void setTable(const std::string &schemaId, const std::string &table);
    void refresh();
    const model::Table *table() const;
    int rowCount(const QModelIndex &parent = {}) const override;

signals:
    // An edit was refused; `reason` says why.
    void rejected(const QString &reason);

protected:
    // Commits an edited copy of the table; returns false (and emits rejected) on `error`.
    bool commit(const model::Table &after, const QString &field, const QString &error = {});
    virtual int rows(const model::Table &t) const = 0;

    Document *m_doc;
    std::string m_schema;
    std::string m_table;
};

// Columns: name, type, nullable, primary key, default, sensitive, encrypted, comment.
class ColumnModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Type, Nullable, PrimaryKey, Default, Sensitive, Encrypted, Comment, Count };
    using TablePartModel::TablePartModel;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    // Appends a column with a fresh name; returns its row.
    int addColumn();
    void removeColumn(int row);
    void moveColumn(int row, int delta);

protected:
    int rows(const model::Table &t) const override { return int(t.columns.size()); }
};

// Indexes: name, columns ("user_id, created_at DESC"), unique.
class IndexModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Columns, Unique, Count };
    using TablePartModel::TablePartModel;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    int addIndex();
    void removeIndex(int row);

protected:
    int rows(const model::Table &t) const override { return int(t.indexes.size()); }
};

// Foreign keys: columns, referenced table, referenced columns, on delete, on update.
class ForeignKeyModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Columns, References, RefColumns, OnDelete, OnUpdate, Count };
    using TablePartModel::TablePartModel;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    int addForeignKey();
    void removeForeignKey(int row);

protected:
    int rows(const model::Table &t) const override { return int(t.foreign_keys.size()); }
};

// Returns why a comma-separated column list is not made of the table's columns, or "".
QString checkColumns(const model::Table &t, const QString &list, bool allowDesc);

} // namespace archsim::gui
