#include "schemamodels.h"

#include "document.h"
#include "fieldtext.h"

#include <QBrush>
#include <QFont>

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

namespace archsim::gui {

using namespace archsim::model;

namespace {

QString joinCols(const std::vector<std::string> &v) { return joinList(v); }

QString indexCols(const Index &ix)
{
    QStringList l;
    for (const auto &c : ix.columns)
        l << QString::fromStdString(c.column) + (c.descending ? QStringLiteral(" DESC") : QString());
    return l.join(QStringLiteral(", "));
}

bool isPk(const Table &t, const std::string &col)
{
    return std::find(t.primary_key.begin(), t.primary_key.end(), col) != t.primary_key.end();
}

QString defaultText(const Column &c)
{
    if (!c.default_value)
        return {};
    const DefaultValue &d = *c.default_value;
    switch (d.kind) {
    case DefaultValue::Kind::Null: return QStringLiteral("null");
    case DefaultValue::Kind::Bool: return d.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case DefaultValue::Kind::Number: return QString::number(d.number, 'g', 15);
    case DefaultValue::Kind::String: return QStringLiteral("'%1'").arg(QString::fromStdString(d.text));
    case DefaultValue::Kind::Now: return QStringLiteral("now");
    }
    return {};
}

std::optional<DefaultValue> parseDefault(const QString &s)
{
    const QString t = s.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    DefaultValue d;
    bool ok = false;
    const double n = t.toDouble(&ok);
    if (t == QLatin1String("now")) {
        d.kind = DefaultValue::Kind::Now;
    } else if (t == QLatin1String("null")) {
        d.kind = DefaultValue::Kind::Null;
    } else if (t == QLatin1String("true") || t == QLatin1String("false")) {
        d.kind = DefaultValue::Kind::Bool;
        d.boolean = t == QLatin1String("true");
    } else if (ok) {
        d.kind = DefaultValue::Kind::Number;
        d.number = n;
    } else {
        d.kind = DefaultValue::Kind::String;
        QString x = t;
        if (x.size() >= 2 && x.startsWith(QLatin1Char('\'')) && x.endsWith(QLatin1Char('\'')))
            x = x.mid(1, x.size() - 2);
        d.text = x.toStdString();
    }
    return d;
}

QString nameError(const QString &name, const QString &what)
{
    if (name.trimmed().isEmpty())
        return QObject::tr("A %1 needs a name").arg(what);
    if (name.size() > 63)
        return QObject::tr("At most 63 characters (PostgreSQL's limit)");
    return {};
}

// The name an index is given until the user names it: "<table>_<columns>_idx", with "_2",
// "_3"... when another index of the table (other than row `self`) has it. At most 63
// characters (PostgreSQL's limit).
std::string autoIndexName(const Table &t, const std::vector<IndexColumn> &columns, int self)
{
    std::string base = t.name;
    for (const auto &c : columns)
        base += "_" + c.column;
    base += "_idx";
    auto taken = [&](const std::string &name) {
        for (size_t i = 0; i < t.indexes.size(); ++i)
            if (int(i) != self && t.indexes[i].name == name)
                return true;
        return false;
    };
    std::string name = base.substr(0, 63);
    for (int n = 2; taken(name); ++n) {
        const std::string suffix = "_" + std::to_string(n);
        name = base.substr(0, 63 - suffix.size()) + suffix;
    }
    return name;
}

// True when index `ix` still has the name autoIndexName() gave it for its columns.
bool hasAutoName(const Table &t, const Index &ix)
{
    std::string base = t.name;
    for (const auto &c : ix.columns)
        base += "_" + c.column;
    base += "_idx";
    if (ix.name == base.substr(0, 63))
        return true;
    // "<base>_<n>", the base cut so that the whole fits in 63 characters.
    const size_t us = ix.name.rfind('_');
    if (us == std::string::npos || us + 1 >= ix.name.size()
        || !std::all_of(ix.name.begin() + long(us) + 1, ix.name.end(),
                        [](char ch) { return ch >= '0' && ch <= '9'; }))
        return false;
    const std::string stem = ix.name.substr(0, us);
    return stem == base.substr(0, std::min(base.size(), 63 - (ix.name.size() - us)));
}

// Returns the row of another foreign key of `t` with the same columns, referenced table and
// referenced columns as row `self`, or -1.
int duplicateForeignKey(const Table &t, const ForeignKey &fk, int self)
{
    for (size_t i = 0; i < t.foreign_keys.size(); ++i) {
        const ForeignKey &o = t.foreign_keys[i];
        if (int(i) != self && o.columns == fk.columns && o.references == fk.references
            && o.ref_columns == fk.ref_columns)
            return int(i);
    }
    return -1;
}

} // namespace

QString checkColumns(const Table &t, const QString &list, bool allowDesc)
{
    const QStringList parts = list.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return QObject::tr("List at least one column");
    for (QString p : parts) {
        p = p.trimmed();
        if (allowDesc && (p.endsWith(QLatin1String(" DESC"), Qt::CaseInsensitive)
                          || p.endsWith(QLatin1String(" ASC"), Qt::CaseInsensitive)))
            p = p.left(p.lastIndexOf(QLatin1Char(' '))).trimmed();
        const bool known = std::any_of(t.columns.begin(), t.columns.end(), [&](const Column &c) {
            return c.name == p.toStdString();
        });
        if (!known)
            return QObject::tr("Table %1 has no column \"%2\"")
                .arg(QString::fromStdString(t.name), p);
    }
    return {};
}

// --- TableListModel ---

TableListModel::TableListModel(Document *doc, QObject *parent)
    : QAbstractListModel(parent), m_doc(doc)
{
}

void TableListModel::setSchema(const std::string &schemaId)
{
    m_schema = schemaId;
    refresh();
}

void TableListModel::refresh()
{
    beginResetModel();
    const Schema *s = m_doc->schema(m_schema);
    m_rows = s ? int(s->tables.size()) : 0;
    endResetModel();
}

int TableListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

QVariant TableListModel::data(const QModelIndex &index, int role) const
{
    const Schema *s = m_doc->schema(m_schema);
    if (!s || !index.isValid() || index.row() >= int(s->tables.size()) || index.column() != 0)
        return {};
    const Table &t = s->tables[size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return QString::fromStdString(t.name);
    if (role == Qt::ToolTipRole) {
        QString tip = QObject::tr("%1 columns").arg(t.columns.size());
        if (t.partitioning)
            tip += QObject::tr(", partitioned by %1 (%2)")
                       .arg(toString(t.partitioning->method),
                            QString::fromStdString(t.partitioning->column));
        return tip;
    }
    if (role == Qt::ForegroundRole && t.primary_key.empty())
        return QBrush(QColor("#d97706")); // no primary key: draw the eye to it
    if (role == Qt::UserRole)
        return t.partitioning.has_value();
    return {};
}

// --- TablePartModel ---

TablePartModel::TablePartModel(Document *doc, QObject *parent)
    : QAbstractTableModel(parent), m_doc(doc)
{
    connect(doc, &Document::schemaChanged, this, [this](const QString &id) {
        if (id.toStdString() == m_schema)
            refresh();
    });
    connect(doc, &Document::modelReset, this, [this] { setTable({}, {}); });
}

void TablePartModel::setTable(const std::string &schemaId, const std::string &table)
{
    if (schemaId == m_schema && table == m_table) {
        refresh();
        return;
    }
    beginResetModel();
    m_schema = schemaId;
    m_table = table;
    const Table *t = this->table();
    m_rows = t ? rows(*t) : 0;
    endResetModel();
}

void TablePartModel::refresh()
{
    // A reset would destroy the editor whose commit caused this refresh, and its delegate's
    // closeEditor() would then warn about an editor the view no longer knows (issue #17).
    const Table *t = table();
    const int now = t ? rows(*t) : 0;
    if (now < m_rows) {
        beginRemoveRows({}, now, m_rows - 1);
        m_rows = now;
        endRemoveRows();
    } else if (now > m_rows) {
        beginInsertRows({}, m_rows, now - 1);
        m_rows = now;
        endInsertRows();
    }
    if (m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1));
}

const Table *TablePartModel::table() const { return m_doc->table(m_schema, m_table); }

int TablePartModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TablePartModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(headers().size());
}

QVariant TablePartModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    const auto names = headers();
    return section >= 0 && section < int(names.size()) ? tr(names[size_t(section)]) : QVariant();
}

Qt::ItemFlags TablePartModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable
           | (isCheckColumn(index.column()) ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable);
}

bool TablePartModel::isCheckColumn(int) const { return false; }

bool TablePartModel::commit(const Table &after, const QString &field, const QString &error)
{
    if (!error.isEmpty()) {
        emit rejected(error);
        return false;
    }
    emit rejected(QString());
    // Follow a rename before the document says the schema changed (refresh() reads it).
    const std::string before = std::exchange(m_table, after.name);
    m_doc->editTable(m_schema, before, after, field);
    return true;
}

// --- ColumnModel ---

std::span<const char *const> ColumnModel::headers() const
{
    static constexpr const char *names[] = {"Column",  "Type",      "Null",      "PK",
                                            "Default", "Sensitive", "Encrypted", "Comment"};
    static_assert(std::size(names) == Count);
    return names;
}

bool ColumnModel::isCheckColumn(int column) const
{
    return column == Nullable || column == PrimaryKey || column == Sensitive
           || column == Encrypted;
}

QVariant ColumnModel::data(const QModelIndex &index, int role) const
{
    const Table *t = table();
    if (!t || !index.isValid() || index.row() >= int(t->columns.size()) || index.column() >= Count)
        return {};
    const Column &col = t->columns[size_t(index.row())];
    const int c = index.column();
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (c) {
        case Name: return QString::fromStdString(col.name);
        case Type: return QString::fromStdString(col.type.toString());
        case Default: return defaultText(col);
        case Comment: return QString::fromStdString(col.comment);
        default: return {};
        }
    }
    if (role == Qt::CheckStateRole) {
        bool on = false;
        switch (c) {
        case Nullable: on = col.nullable; break;
        case PrimaryKey: on = isPk(*t, col.name); break;
        case Sensitive: on = col.sensitive; break;
        case Encrypted: on = col.encrypted; break;
        default: return {};
        }
        return on ? Qt::Checked : Qt::Unchecked;
    }
    if (role == Qt::FontRole && c == Name && isPk(*t, col.name)) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole) {
        switch (c) {
        case Type: return tr("Logical type: bool, smallint, int, bigint, decimal(p,s), real, "
                             "double, char(n), varchar(n), text, bytes, uuid, ulid, date, "
                             "timestamp, timestamptz, json");
        case Default: return tr("now, null, true/false, a number or 'text'");
        case PrimaryKey: return tr("Part of the primary key (in column order)");
        default: return {};
        }
    }
    return {};
}

bool ColumnModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Table *cur = table();
    if (!cur || !index.isValid() || index.row() >= int(cur->columns.size()))
        return false;
    Table t = *cur;
    Column &col = t.columns[size_t(index.row())];
    const int c = index.column();
    const QString s = value.toString().trimmed();
    QString field = QStringLiteral("column %1").arg(index.row());
    if (role == Qt::CheckStateRole) {
        const bool on = Qt::CheckState(value.toInt()) == Qt::Checked;
        switch (c) {
        case Nullable:
            if (on && isPk(t, col.name))
                return commit(t, field, tr("A primary key column cannot be nullable"));
            col.nullable = on;
            break;
        case PrimaryKey:
            if (on) {
                t.primary_key.push_back(col.name);
                col.nullable = false;
            } else {
                if (t.partitioning && t.partitioning->column == col.name)
                    return commit(t, field,
                                  tr("The primary key must include the partition column %1")
                                      .arg(QString::fromStdString(col.name)));
                t.primary_key.erase(std::remove(t.primary_key.begin(), t.primary_key.end(),
                                                col.name),
                                    t.primary_key.end());
            }
            break;
        case Sensitive: col.sensitive = on; break;
        case Encrypted: col.encrypted = on; break;
        default: return false;
        }
        return commit(t, field + QStringLiteral(".flag"));
    }
    if (role != Qt::EditRole)
        return false;
    switch (c) {
    case Name: {
        QString err = nameError(s, tr("column"));
        for (size_t i = 0; err.isEmpty() && i < t.columns.size(); ++i)
            if (int(i) != index.row() && t.columns[i].name == s.toStdString())
                err = tr("Table %1 already has a column \"%2\"")
                          .arg(QString::fromStdString(t.name), s);
        if (!err.isEmpty())
            return commit(t, field, err);
        // Keys, indexes and partitioning follow the rename.
        const std::string old = col.name, now = s.toStdString();
        auto ren = [&](std::string &x) {
            if (x == old)
                x = now;
        };
        col.name = now;
        for (auto &k : t.primary_key)
            ren(k);
        for (auto &ix : t.indexes)
            for (auto &ic : ix.columns)
                ren(ic.column);
        for (auto &u : t.unique)
            for (auto &x : u.columns)
                ren(x);
        for (auto &fk : t.foreign_keys)
            for (auto &x : fk.columns)
                ren(x);
        if (t.partitioning)
            ren(t.partitioning->column);
        return commit(t, field + QStringLiteral(".name"));
    }
    case Type: {
        auto parsed = LogicalType::parse(s.toStdString());
        if (!parsed.ok())
            return commit(t, field, QString::fromStdString(parsed.message()));
        col.type = parsed.value();
        return commit(t, field + QStringLiteral(".type"));
    }
    case Default:
        col.default_value = parseDefault(s);
        return commit(t, field + QStringLiteral(".default"));
    case Comment:
        col.comment = value.toString().toStdString();
        return commit(t, field + QStringLiteral(".comment"));
    }
    return false;
}

int ColumnModel::addColumn()
{
    const Table *cur = table();
    if (!cur)
        return -1;
    Table t = *cur;
    std::string name = "column";
    for (int n = 2; std::any_of(t.columns.begin(), t.columns.end(),
                                [&](const Column &c) { return c.name == name; });
         ++n)
        name = "column_" + std::to_string(n);
    Column c;
    c.name = name;
    c.type = LogicalType::parse("text").value();
    t.columns.push_back(c);
    commit(t, QStringLiteral("+column"));
    return int(t.columns.size()) - 1;
}

void ColumnModel::removeColumn(int row)
{
    const Table *cur = table();
    if (!cur || row < 0 || row >= int(cur->columns.size()))
        return;
    Table t = *cur;
    const std::string name = t.columns[size_t(row)].name;
    if (t.partitioning && t.partitioning->column == name) {
        commit(t, {}, tr("Column %1 partitions the table; change the partitioning first")
                          .arg(QString::fromStdString(name)));
        return;
    }
    t.columns.erase(t.columns.begin() + row);
    t.primary_key.erase(std::remove(t.primary_key.begin(), t.primary_key.end(), name),
                        t.primary_key.end());
    // Indexes and keys built on the column go with it.
    auto uses = [&](const auto &cols) {
        return std::any_of(cols.begin(), cols.end(), [&](const auto &c) {
            if constexpr (std::is_same_v<std::decay_t<decltype(c)>, IndexColumn>)
                return c.column == name;
            else
                return c == name;
        });
    };
    t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                   [&](const Index &i) { return uses(i.columns); }),
                    t.indexes.end());
    t.foreign_keys.erase(std::remove_if(t.foreign_keys.begin(), t.foreign_keys.end(),
                                        [&](const ForeignKey &f) { return uses(f.columns); }),
                         t.foreign_keys.end());
    t.unique.erase(std::remove_if(t.unique.begin(), t.unique.end(),
                                  [&](const UniqueConstraint &u) { return uses(u.columns); }),
                   t.unique.end());
    commit(t, QStringLiteral("+remove column"));
}

void ColumnModel::moveColumn(int row, int delta)
{
    const Table *cur = table();
    const int to = row + delta;
    if (!cur || row < 0 || to < 0 || row >= int(cur->columns.size())
        || to >= int(cur->columns.size()))
        return;
    Table t = *cur;
    std::swap(t.columns[size_t(row)], t.columns[size_t(to)]);
    commit(t, QStringLiteral("+move column"));
}

// --- IndexModel ---

std::span<const char *const> IndexModel::headers() const
{
    static constexpr const char *names[] = {"Index", "Columns (in order)", "Unique"};
    static_assert(std::size(names) == Count);
    return names;
}

bool IndexModel::isCheckColumn(int column) const { return column == Unique; }

QVariant IndexModel::data(const QModelIndex &index, int role) const
{
    const Table *t = table();
    if (!t || !index.isValid() || index.row() >= int(t->indexes.size()) || index.column() >= Count)
        return {};
    const Index &ix = t->indexes[size_t(index.row())];
    if ((role == Qt::DisplayRole || role == Qt::EditRole) && index.column() != Unique)
        return index.column() == Name ? QString::fromStdString(ix.name) : indexCols(ix);
    if (role == Qt::CheckStateRole && index.column() == Unique)
        return ix.unique ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole && index.column() == Columns)
        return tr("Comma-separated, in index order; add DESC for descending");
    return {};
}

bool IndexModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Table *cur = table();
    if (!cur || !index.isValid() || index.row() >= int(cur->indexes.size()))
        return false;
    Table t = *cur;
    Index &ix = t.indexes[size_t(index.row())];
    const QString field = QStringLiteral("index %1").arg(index.row());
    const QString s = value.toString().trimmed();
    if (role == Qt::CheckStateRole && index.column() == Unique) {
        ix.unique = Qt::CheckState(value.toInt()) == Qt::Checked;
        return commit(t, field + QStringLiteral(".unique"));
    }
    if (role != Qt::EditRole)
        return false;
    if (index.column() == Name) {
        if (const QString e = nameError(s, tr("index")); !e.isEmpty())
            return commit(t, field, e);
        ix.name = s.toStdString();
        return commit(t, field + QStringLiteral(".name"));
    }
    if (index.column() == Columns) {
        if (const QString e = checkColumns(t, s, true); !e.isEmpty())
            return commit(t, field, e);
        // A name the editor gave follows the columns; one the user chose stays (issue #17).
        const bool autoNamed = hasAutoName(t, ix);
        ix.columns.clear();
        for (QString p : s.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            p = p.trimmed();
            IndexColumn ic;
            if (p.endsWith(QLatin1String(" DESC"), Qt::CaseInsensitive)) {
                ic.descending = true;
                p.chop(5);
            } else if (p.endsWith(QLatin1String(" ASC"), Qt::CaseInsensitive)) {
                p.chop(4);
            }
            ic.column = p.trimmed().toStdString();
            ix.columns.push_back(ic);
        }
        if (autoNamed)
            ix.name = autoIndexName(t, ix.columns, index.row());
        return commit(t, field + QStringLiteral(".columns"));
    }
    return false;
}

int IndexModel::addIndex()
{
    const Table *cur = table();
    if (!cur || cur->columns.empty())
        return -1;
    Table t = *cur;
    Index ix;
    ix.columns.push_back({t.columns.front().name, false});
    ix.name = autoIndexName(t, ix.columns, -1);
    t.indexes.push_back(ix);
    commit(t, QStringLiteral("+index"));
    return int(t.indexes.size()) - 1;
}

void IndexModel::removeIndex(int row)
{
    const Table *cur = table();
    if (!cur || row < 0 || row >= int(cur->indexes.size()))
        return;
    Table t = *cur;
    t.indexes.erase(t.indexes.begin() + row);
    commit(t, QStringLiteral("+remove index"));
}

// --- ForeignKeyModel ---

std::span<const char *const> ForeignKeyModel::headers() const
{
    static constexpr const char *names[] = {"Columns", "References", "Referenced columns",
                                            "On delete", "On update"};
    static_assert(std::size(names) == Count);
    return names;
}

QVariant ForeignKeyModel::data(const QModelIndex &index, int role) const
{
    const Table *t = table();
    if (!t || !index.isValid() || index.row() >= int(t->foreign_keys.size())
        || index.column() >= Count)
        return {};
    const ForeignKey &fk = t->foreign_keys[size_t(index.row())];
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case Columns: return joinCols(fk.columns);
    case References: return QString::fromStdString(fk.references);
    case RefColumns: return joinCols(fk.ref_columns);
    case OnDelete: return QString::fromLatin1(toString(fk.on_delete));
    case OnUpdate: return QString::fromLatin1(toString(fk.on_update));
    }
    return {};
}

bool ForeignKeyModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Table *cur = table();
    if (role != Qt::EditRole || !cur || !index.isValid()
        || index.row() >= int(cur->foreign_keys.size()))
        return false;
    Table t = *cur;
    ForeignKey &fk = t.foreign_keys[size_t(index.row())];
    const QString s = value.toString().trimmed();
    const QString field = QStringLiteral("fk %1.%2").arg(index.row()).arg(index.column());
    // Commits unless the edit makes the key a copy of another one (issue #17).
    auto commitUnique = [&] {
        const int twin = duplicateForeignKey(t, fk, index.row());
        if (twin < 0)
            return commit(t, field);
        return commit(t, field, tr("Table %1 already has this foreign key (row %2)")
                                    .arg(QString::fromStdString(t.name))
                                    .arg(twin + 1));
    };
    switch (index.column()) {
    case Columns:
        if (const QString e = checkColumns(t, s, false); !e.isEmpty())
            return commit(t, field, e);
        fk.columns = splitList(s);
        return commitUnique();
    case References: {
        const Table *ref = m_doc->table(m_schema, s.toStdString());
        if (!ref)
            return commit(t, field, tr("The schema has no table \"%1\"").arg(s));
        fk.references = s.toStdString();
        if (fk.ref_columns.empty() || !checkColumns(*ref, joinCols(fk.ref_columns), false).isEmpty())
            fk.ref_columns = ref->primary_key;
        return commitUnique();
    }
    case RefColumns: {
        const Table *ref = m_doc->table(m_schema, fk.references);
        if (!ref)
            return commit(t, field, tr("Pick the referenced table first"));
        if (const QString e = checkColumns(*ref, s, false); !e.isEmpty())
            return commit(t, field, e);
        fk.ref_columns = splitList(s);
        return commitUnique();
    }
    case OnDelete:
    case OnUpdate: {
        RefAction a;
        if (!fromString(s.toStdString(), a))
            return commit(t, field, tr("Use one of: %1").arg(joinList(enumNames<RefAction>())));
        (index.column() == OnDelete ? fk.on_delete : fk.on_update) = a;
        return commit(t, field);
    }
    }
    return false;
}

int ForeignKeyModel::addForeignKey()
{
    const Table *cur = table();
    const Schema *s = m_doc->schema(m_schema);
    if (!cur || !s || cur->columns.empty())
        return -1;
    Table t = *cur;
    // A column that a foreign key already starts from is not proposed again (issue #17).
    auto keyed = [&](const std::string &column) {
        return std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                           [&](const ForeignKey &f) {
                               return !f.columns.empty() && f.columns.front() == column;
                           });
    };
    ForeignKey fk;
    // Guess the usual shape: a column named <table>_id referencing that table's key.
    for (const Table &other : s->tables) {
        if (other.name == t.name || other.primary_key.size() != 1)
            continue;
        for (const Column &c : t.columns) {
            std::string stem = other.name;
            if (!stem.empty() && stem.back() == 's')
                stem.pop_back();
            if (!keyed(c.name)
                && (c.name == stem + "_id" || c.name == other.primary_key.front())) {
                fk.columns = {c.name};
                fk.references = other.name;
                fk.ref_columns = other.primary_key;
                break;
            }
        }
        if (!fk.references.empty())
            break;
    }
    if (fk.references.empty()) {
        // No guess: the first column without a key, outside the primary key if one is.
        const Column *pick = nullptr;
        for (const Column &c : t.columns)
            if (!keyed(c.name) && (!pick || (isPk(t, pick->name) && !isPk(t, c.name))))
                pick = &c;
        if (!pick) {
            emit rejected(tr("Every column of %1 already has a foreign key; edit one instead")
                              .arg(QString::fromStdString(t.name)));
            return -1;
        }
        fk.columns = {pick->name};
        for (const Table &other : s->tables)
            if (other.name != t.name) {
                fk.references = other.name;
                fk.ref_columns = other.primary_key;
                break;
            }
    }
    t.foreign_keys.push_back(fk);
    commit(t, QStringLiteral("+fk"));
    return int(t.foreign_keys.size()) - 1;
}

void ForeignKeyModel::removeForeignKey(int row)
{
    const Table *cur = table();
    if (!cur || row < 0 || row >= int(cur->foreign_keys.size()))
        return;
    Table t = *cur;
    t.foreign_keys.erase(t.foreign_keys.begin() + row);
    commit(t, QStringLiteral("+remove fk"));
}

} // namespace archsim::gui
