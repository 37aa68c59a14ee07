// UniqueModel and ListPartitionModel of schemamodels.h.

#include "schemamodels.h"

#include "document.h"
#include "fieldtext.h"

#include "archsim/exporters/sqldialect.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QGuiApplication>

#include <algorithm>
#include <iterator>
#include <set>

namespace archsim::gui {

using namespace archsim::model;

namespace {

QString derivedUniqueName(const Table &t, const UniqueConstraint &u)
{
    std::string n = t.name;
    for (const auto &c : u.columns)
        n += "_" + c;
    return QString::fromStdString(n + "_key");
}

bool contains(const std::vector<std::string> &v, const std::string &s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Returns why `list` is not a list of distinct columns of `t`, or "".
QString distinctColumnsError(const Table &t, const QString &list)
{
    if (const QString e = checkColumns(t, list, false); !e.isEmpty())
        return e;
    std::set<std::string> seen;
    for (const auto &c : splitList(list))
        if (!seen.insert(c).second)
            return QObject::tr("Column \"%1\" is listed twice").arg(QString::fromStdString(c));
    return {};
}

QString identifierError(const QString &name, const QString &what)
{
    using archsim::exporters::Dialect;
    for (Dialect d : {Dialect::Postgres, Dialect::Mysql})
        if (auto p = archsim::exporters::identifierProblem(d, name.toStdString()))
            return QObject::tr("%1 \"%2\": %3").arg(what, name, QString::fromStdString(*p));
    return {};
}

} // namespace

QString constraintNameError(const Schema &schema, const Table &table, const QString &name,
                            int self)
{
    if (const QString e = identifierError(name, QObject::tr("Constraint name")); !e.isEmpty())
        return e;
    const std::string n = name.toStdString();
    for (const Table &t : schema.tables) {
        if (t.name == n)
            return QObject::tr("\"%1\" is the name of a table of schema %2 (tables, indexes and "
                               "constraints share one namespace in PostgreSQL)")
                .arg(name, QString::fromStdString(schema.id));
        for (const Index &ix : t.indexes)
            if (ix.name == n)
                return QObject::tr("\"%1\" is already the name of an index of table %2")
                    .arg(name, QString::fromStdString(t.name));
        for (size_t i = 0; i < t.unique.size(); ++i) {
            if (t.name == table.name && int(i) == self)
                continue;
            const QString other = t.unique[i].name.empty() ? derivedUniqueName(t, t.unique[i])
                                                           : QString::fromStdString(t.unique[i].name);
            if (other == name)
                return QObject::tr("\"%1\" is already the name of a unique constraint of "
                                   "table %2")
                    .arg(name, QString::fromStdString(t.name));
        }
    }
    return {};
}

// --- UniqueModel ---

std::span<const char *const> UniqueModel::headers() const
{
    static constexpr const char *names[] = {"Constraint", "Columns"};
    static_assert(std::size(names) == Count);
    return names;
}

QVariant UniqueModel::data(const QModelIndex &index, int role) const
{
    const Table *t = table();
    if (!t || !index.isValid() || index.row() >= int(t->unique.size()) || index.column() >= Count)
        return {};
    const UniqueConstraint &u = t->unique[size_t(index.row())];
    const bool derived = u.name.empty();
    if (index.column() == Name) {
        if (role == Qt::EditRole)
            return QString::fromStdString(u.name);
        if (role == Qt::DisplayRole)
            return derived ? derivedUniqueName(*t, u) : QString::fromStdString(u.name);
        if (role == Qt::ForegroundRole && derived)
            return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        if (role == Qt::FontRole && derived) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        if (role == Qt::ToolTipRole)
            return derived ? tr("Derived by the exporter from the table and columns; type a "
                                "name to set one")
                           : tr("Clear the name to let the exporter derive it");
    }
    if (index.column() == Columns) {
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return joinList(u.columns);
        if (role == Qt::ToolTipRole)
            return tr("Comma-separated columns whose combined values must be unique");
    }
    return {};
}

bool UniqueModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Table *cur = table();
    if (!cur || role != Qt::EditRole || !index.isValid()
        || index.row() >= int(cur->unique.size()))
        return false;
    Table t = *cur;
    UniqueConstraint &u = t.unique[size_t(index.row())];
    const QString field = QStringLiteral("unique %1").arg(index.row());
    const QString s = value.toString().trimmed();
    if (index.column() == Name) {
        if (!s.isEmpty()) {
            const Schema *schema = m_doc->schema(m_schema);
            if (const QString e = schema ? constraintNameError(*schema, t, s, index.row())
                                         : QString();
                !e.isEmpty())
                return commit(t, field, e);
        }
        u.name = s.toStdString();
        return commit(t, field + QStringLiteral(".name"));
    }
    if (index.column() == Columns) {
        if (const QString e = distinctColumnsError(t, s); !e.isEmpty())
            return commit(t, field, e);
        const auto cols = splitList(s);
        if (t.partitioning && !contains(cols, t.partitioning->column))
            return commit(t, field,
                          tr("Table %1 is partitioned by %2: PostgreSQL and MySQL require "
                             "every unique constraint to include the partition column")
                              .arg(QString::fromStdString(t.name),
                                   QString::fromStdString(t.partitioning->column)));
        for (size_t i = 0; i < t.unique.size(); ++i)
            if (int(i) != index.row() && t.unique[i].columns == cols)
                return commit(t, field, tr("Another unique constraint already has these "
                                           "columns"));
        u.columns = cols;
        return commit(t, field + QStringLiteral(".columns"));
    }
    return false;
}

int UniqueModel::addUnique()
{
    const Table *cur = table();
    if (!cur || cur->columns.empty())
        return -1;
    Table t = *cur;
    UniqueConstraint u;
    std::string first = t.columns.front().name;
    for (const auto &c : t.columns)
        if (!contains(t.primary_key, c.name)) {
            first = c.name;
            break;
        }
    u.columns.push_back(first);
    if (t.partitioning && !contains(u.columns, t.partitioning->column))
        u.columns.push_back(t.partitioning->column);
    t.unique.push_back(u);
    commit(t, QStringLiteral("+unique"));
    return int(t.unique.size()) - 1;
}

void UniqueModel::removeUnique(int row)
{
    const Table *cur = table();
    if (!cur || row < 0 || row >= int(cur->unique.size()))
        return;
    Table t = *cur;
    t.unique.erase(t.unique.begin() + row);
    commit(t, QStringLiteral("+remove unique"));
}

// --- ListPartitionModel ---

int ListPartitionModel::rows(const Table &t) const
{
    return t.partitioning && t.partitioning->method == PartitionMethod::List
               ? int(t.partitioning->lists.size())
               : 0;
}

std::span<const char *const> ListPartitionModel::headers() const
{
    static constexpr const char *names[] = {"Partition", "Values"};
    static_assert(std::size(names) == Count);
    return names;
}

QVariant ListPartitionModel::data(const QModelIndex &index, int role) const
{
    const Table *t = table();
    if (!t || !index.isValid() || index.row() >= rows(*t) || index.column() >= Count)
        return {};
    const ListPartition &l = t->partitioning->lists[size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return index.column() == Name ? QString::fromStdString(l.name) : joinList(l.values);
    if (role == Qt::ForegroundRole && index.column() == Values && l.values.empty())
        return QBrush(QColor("#d92d20"));
    if (role == Qt::ToolTipRole)
        return index.column() == Name
                   ? tr("PostgreSQL creates the partition as table <i>%1_name</i>")
                         .arg(QString::fromStdString(t->name).toHtmlEscaped())
                   : tr("Comma-separated values of %1 routed to this partition; each value "
                        "belongs to one partition")
                         .arg(QString::fromStdString(t->partitioning->column).toHtmlEscaped());
    return {};
}

bool ListPartitionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Table *cur = table();
    if (!cur || role != Qt::EditRole || !index.isValid() || index.row() >= rows(*cur))
        return false;
    Table t = *cur;
    auto &lists = t.partitioning->lists;
    ListPartition &l = lists[size_t(index.row())];
    const QString field = QStringLiteral("list %1").arg(index.row());
    const QString s = value.toString().trimmed();
    if (index.column() == Name) {
        if (s.isEmpty())
            return commit(t, field, tr("A partition needs a name"));
        // PostgreSQL names the partition table "<table>_<name>": that must fit too.
        const QString full = QString::fromStdString(t.name) + QLatin1Char('_') + s;
        if (const QString e = identifierError(full, tr("Partition table")); !e.isEmpty())
            return commit(t, field, e);
        for (size_t i = 0; i < lists.size(); ++i)
            if (int(i) != index.row() && lists[i].name == s.toStdString())
                return commit(t, field, tr("Table %1 already has a partition \"%2\"")
                                            .arg(QString::fromStdString(t.name), s));
        l.name = s.toStdString();
        return commit(t, field + QStringLiteral(".name"));
    }
    if (index.column() == Values) {
        const std::vector<std::string> values = splitList(s);
        if (values.empty())
            return commit(t, field, tr("List at least one value"));
        const Column *col = nullptr;
        for (const auto &c : t.columns)
            if (c.name == t.partitioning->column)
                col = &c;
        std::set<std::string> seen;
        for (const auto &v : values) {
            const QString qv = QString::fromStdString(v);
            if (!seen.insert(v).second)
                return commit(t, field, tr("Value %1 is listed twice").arg(qv));
            if (col && col->type.isInteger()) {
                bool ok = false;
                qv.toLongLong(&ok);
                if (!ok)
                    return commit(t, field, tr("%1 is an integer column; %2 is not an integer")
                                                .arg(QString::fromStdString(col->name), qv));
            }
            for (size_t i = 0; i < lists.size(); ++i)
                if (int(i) != index.row() && contains(lists[i].values, v))
                    return commit(t, field, tr("Value %1 already goes to partition %2")
                                                .arg(qv, QString::fromStdString(lists[i].name)));
        }
        l.values = values;
        return commit(t, field + QStringLiteral(".values"));
    }
    return false;
}

int ListPartitionModel::addPartition()
{
    const Table *cur = table();
    if (!cur || !cur->partitioning || cur->partitioning->method != PartitionMethod::List)
        return -1;
    Table t = *cur;
    auto &lists = t.partitioning->lists;
    ListPartition l;
    for (int n = int(lists.size()) + 1;; ++n) {
        l.name = "p" + std::to_string(n);
        if (std::none_of(lists.begin(), lists.end(),
                         [&](const ListPartition &x) { return x.name == l.name; }))
            break;
    }
    lists.push_back(l);
    commit(t, QStringLiteral("+list partition"));
    return int(lists.size()) - 1;
}

void ListPartitionModel::removePartition(int row)
{
    const Table *cur = table();
    if (!cur || row < 0 || row >= rows(*cur))
        return;
    Table t = *cur;
    t.partitioning->lists.erase(t.partitioning->lists.begin() + row);
    commit(t, QStringLiteral("+remove list partition"));
}

void ListPartitionModel::movePartition(int row, int delta)
{
    const Table *cur = table();
    if (!cur || row < 0 || row >= rows(*cur) || row + delta < 0 || row + delta >= rows(*cur))
        return;
    Table t = *cur;
    std::swap(t.partitioning->lists[size_t(row)], t.partitioning->lists[size_t(row + delta)]);
    commit(t, QStringLiteral("+move list partition"));
}

} // namespace archsim::gui
