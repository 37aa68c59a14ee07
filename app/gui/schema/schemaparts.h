#pragma once

// Item models of the schema editor for a table's unique constraints and its list partitions.
// Like the models in schemamodels.h, each commits edits as undo commands through the Document
// and refuses invalid input with the reason reported through rejected().

#include "schemamodels.h"

namespace archsim::gui {

// Unique constraints: name (empty = derived by the exporter, "<table>_<columns>_key") and
// columns ("email" or "tenant_id, email").
class UniqueModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Columns, Count };
    using TablePartModel::TablePartModel;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    // Appends a constraint on the first column outside the primary key (plus the partition
    // column of a partitioned table); returns its row, or -1 when the table has no columns.
    int addUnique();
    void removeUnique(int row);

protected:
    int rows(const model::Table &t) const override { return int(t.unique.size()); }
};

// The partitions of a list-partitioned table: name and the values routed to it
// ("de, fr, it"). Empty unless the table is partitioned by list.
class ListPartitionModel : public TablePartModel {
    Q_OBJECT
public:
    enum Col { Name, Values, Count };
    using TablePartModel::TablePartModel;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    // Appends a partition with a fresh name ("p1", "p2", ...) and no values yet (validation
    // reports it until values are entered); returns its row or -1 if the table is not
    // partitioned by list.
    int addPartition();
    void removePartition(int row);
    void movePartition(int row, int delta);

protected:
    int rows(const model::Table &t) const override;
};

// Returns why `name` cannot name a key constraint of `table` in `schema` (not a valid
// PostgreSQL/MySQL identifier, or already used by a table, index or constraint of the schema:
// PostgreSQL keeps them in one namespace), or "". `self` is the row being renamed (-1: none).
QString constraintNameError(const model::Schema &schema, const model::Table &table,
                            const QString &name, int self);

} // namespace archsim::gui
