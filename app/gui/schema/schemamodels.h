#pragma once

// Item models of the schema editor. Each shows one part of one table found by schema id and
// table name (columns, indexes, foreign keys, unique constraints, list partitions) and commits
// edits as undo commands through the Document; invalid input is refused and the reason
// reported through rejected(). UniqueModel and ListPartitionModel are implemented in
// schemamodels_parts.cpp.

#include "archsim/model/types.h"

#include <QAbstractListModel>
#include <QAbstractTableModel>

#include <span>
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
    // Points the model at a table ("" = none) and re-reads it; the same table again is
    // re-read in place (refresh()).
    void setTable(const std::string &schemaId, const std::string &table);
    // Re-reads the table in place: rows inserted or removed at the end, the others changed,
    // so an editor open on a row survives an edit committed elsewhere (no model reset).
    void refresh();
    const model::Table *table() const;
    int rowCount(const QModelIndex &parent = {}) const override;
    // The columns are those of headers(); check-box columns are isCheckColumn(), the others
    // are edited as text.
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    // An edit was refused; `reason` says why.
    void rejected(const QString &reason);

protected:
    // Commits an edited copy of the table; returns false (and emits rejected) on `error`.
    bool commit(const model::Table &after, const QString &field, const QString &error = {});
    // Returns the number of rows the model shows for `t`.
    virtual int rows(const model::Table &t) const = 0;
    // Returns the column titles in column order (untranslated; headerData() translates them).
    virtual std::span<const char *const> headers() const = 0;
    // Returns true for a column edited as a check box.
    virtual bool isCheckColumn(int column) const;

    Document *m_doc;
    std::string m_schema;
    std::string m_table;

private:
    int m_rows = 0; // the rows the views know of (rows(*table()) after the last refresh)
};

// Columns: name, type, nullable, primary key, default, sensitive, encrypted, comment.
class ColumnModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Type, Nullable, PrimaryKey, Default, Sensitive, Encrypted, Comment, Count };
    using TablePartModel::TablePartModel;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    // Appends a column with a fresh name; returns its row.
    int addColumn();
    void removeColumn(int row);
    void moveColumn(int row, int delta);

protected:
    std::span<const char *const> headers() const override;
    bool isCheckColumn(int column) const override;
    int rows(const model::Table &t) const override { return int(t.columns.size()); }
};

// Indexes: name, columns ("user_id, created_at DESC"), unique. An index keeps the name the
// editor gave it ("<table>_<columns>_idx") in step with its columns until the user renames it.
class IndexModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Columns, Unique, Count };
    using TablePartModel::TablePartModel;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    // Appends an index on the first column, named after it; returns its row (-1: no columns).
    int addIndex();
    void removeIndex(int row);

protected:
    std::span<const char *const> headers() const override;
    bool isCheckColumn(int column) const override;
    int rows(const model::Table &t) const override { return int(t.indexes.size()); }
};

// Foreign keys: columns, referenced table, referenced columns, on delete, on update. An edit
// that makes a key equal to another (same columns and references) is refused.
class ForeignKeyModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Columns, References, RefColumns, OnDelete, OnUpdate, Count };
    using TablePartModel::TablePartModel;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    // Appends a key from a column that has none yet (a guessed "<table>_id" first); returns
    // its row, or -1 (with rejected()) when every column already has one.
    int addForeignKey();
    void removeForeignKey(int row);

protected:
    std::span<const char *const> headers() const override;
    int rows(const model::Table &t) const override { return int(t.foreign_keys.size()); }
};

// Returns why a comma-separated column list is not made of the table's columns, or "".
QString checkColumns(const model::Table &t, const QString &list, bool allowDesc);

// Unique constraints: name (empty = derived by the exporter, "<table>_<columns>_key") and
// columns ("email" or "tenant_id, email").
class UniqueModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Columns, Count };
    using TablePartModel::TablePartModel;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    // Appends a constraint on the first column outside the primary key (plus the partition
    // column of a partitioned table); returns its row, or -1 when the table has no columns.
    int addUnique();
    void removeUnique(int row);

protected:
    std::span<const char *const> headers() const override;
    int rows(const model::Table &t) const override { return int(t.unique.size()); }
};

// The partitions of a list-partitioned table: name and the values routed to it
// ("de, fr, it"). Empty unless the table is partitioned by list.
class ListPartitionModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Values, Count };
    using TablePartModel::TablePartModel;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    // Appends a partition with a fresh name ("p1", "p2", ...) and no values yet (validation
    // reports it until values are entered); returns its row or -1 if the table is not
    // partitioned by list.
    int addPartition();
    void removePartition(int row);
    void movePartition(int row, int delta);

protected:
    std::span<const char *const> headers() const override;
    int rows(const model::Table &t) const override;
};

// Returns why `name` cannot name a key constraint of `table` in `schema` (not a valid
// PostgreSQL/MySQL identifier, or already used by a table, index or constraint of the schema:
// PostgreSQL keeps them in one namespace), or "". `self` is the row being renamed (-1: none).
QString constraintNameError(const model::Schema &schema, const model::Table &table,
                            const QString &name, int self);

} // namespace archsim::gui
