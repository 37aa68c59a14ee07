// Checks a schema against a dialect's rules and resolves names, types and partitions
// (docs/ddl.md, "Dialect rules"). Errors refuse the export; warnings are adaptations.

#include "ddlplan.h"
#include "archsim/model/validate.h"

#include <algorithm>
#include <map>
#include <set>

namespace archsim::exporters::detail {

using model::Column;
using model::Diagnostics;
using model::LogicalType;
using model::makeError;
using model::PartitionMethod;
using model::Table;
using Base = LogicalType::Base;

model::Diagnostic makeWarning(std::string place, std::string message)
{
    model::Diagnostic d = makeError(std::move(place), std::move(message));
    d.severity = model::Diagnostic::Severity::Warning;
    return d;
}

const Column *findColumn(const Table &t, const std::string &name)
{
    for (const auto &c : t.columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

namespace {

std::string joined(const std::vector<std::string> &v, const char *sep = "_")
{
    std::string out;
    for (const auto &s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

std::vector<std::string> indexColumnNames(const model::Index &ix)
{
    std::vector<std::string> out;
    for (const auto &c : ix.columns)
        out.push_back(c.column);
    return out;
}

// Bytes an InnoDB index entry spends on a column (utf8mb4: 4 bytes per character).
int mysqlKeyBytes(const LogicalType &t)
{
    switch (t.base) {
    case Base::Bool: return 1;
    case Base::SmallInt: return 2;
    case Base::Int:
    case Base::Real: return 4;
    case Base::BigInt:
    case Base::Double:
    case Base::Timestamp:
    case Base::Timestamptz: return 8;
    case Base::Decimal: return t.precision / 2 + 1;
    case Base::Char: return t.length * 4;
    case Base::Varchar: return t.length * 4 + 2;
    case Base::Uuid: return 36;
    case Base::Ulid: return 26;
    case Base::Date: return 3;
    default: return 0;
    }
}

bool isLob(const LogicalType &t)
{
    return t.base == Base::Text || t.base == Base::Bytes || t.base == Base::Json;
}

class Planner {
public:
    Planner(Dialect d, const model::Model &m, int index, Diagnostics &diags)
        : m_d(d), m_schema(m.schemas[index]), m_diags(diags)
    {
        m_out.schema = &m_schema;
        m_out.place = "/schemas/" + std::to_string(index);
        m_out.name = m_schema.name.empty() ? m_schema.id : m_schema.name;
    }

    PlannedSchema run()
    {
        if (m_d != Dialect::Sqlite)
            ident(m_out.name, m_out.place + (m_schema.name.empty() ? "/id" : "/name"),
                  "schema");
        std::vector<PlannedTable> tables;
        for (size_t j = 0; j < m_schema.tables.size(); ++j)
            tables.push_back(planTable(static_cast<int>(j)));
        for (auto &t : tables)
            adaptForeignKeys(t);
        order(tables);
        return std::move(m_out);
    }

private:
    void error(const std::string &place, const std::string &msg)
    {
        m_diags.push_back(makeError(place, msg));
    }

    // `what` prefixes the quoted name: "table ", "column \"users\".".
    bool ident(const std::string &name, const std::string &place, const std::string &what)
    {
        if (auto p = identifierProblem(m_d, name)) {
            const bool column = what.rfind("column ", 0) == 0;
            error(place, std::string(displayName(m_d)) + ": " + what +
                             (column ? "" : " ") + quoteIdent(m_d, name) + ": " + *p);
            return false;
        }
        return true;
    }

    // PostgreSQL and SQLite put tables, indexes and key constraints in one namespace.
    void claim(const std::string &name, const std::string &place, const std::string &what)
    {
        if (m_d == Dialect::Mysql)
            return;
        auto [it, fresh] = m_names.emplace(name, place);
        if (!fresh)
            error(place, std::string(displayName(m_d)) + ": " + what + " name " +
                             quoteIdent(m_d, name) + " is already used at " + it->second +
                             " (tables, indexes and key constraints share one namespace)");
    }

    std::string tname(const Table &t) { return quoteIdent(m_d, t.name); }

    void checkColumns(const Table &t, const std::string &place,
                      const std::vector<std::string> &cols, const std::string &what)
    {
        for (size_t k = 0; k < cols.size(); ++k)
            if (!findColumn(t, cols[k]))
                error(place + "/" + std::to_string(k),
                      what + " of table " + tname(t) + " names unknown column " +
                          quoteIdent(m_d, cols[k]));
    }

    PlannedTable planTable(int j)
    {
        const Table &t = m_schema.tables[j];
        PlannedTable pt;
        pt.table = &t;
        pt.place = m_out.place + "/tables/" + std::to_string(j);
        if (ident(t.name, pt.place + "/name", "table"))
            claim(t.name, pt.place + "/name", "table");
        if (!m_tables.insert(t.name).second)
            error(pt.place + "/name", "table " + tname(t) + " is defined twice");
        checkComment(t.comment, pt.place + "/comment", 2048);
        planColumns(pt);
        if (t.primary_key.empty())
            m_diags.push_back(makeWarning(pt.place, "table " + tname(t) +
                                                        " has no primary key"));
        checkColumns(t, pt.place + "/primary_key", t.primary_key, "primary key");
        if (!t.primary_key.empty() && m_d == Dialect::Postgres)
            claim(primaryKeyName(m_d, t.name), pt.place + "/primary_key", "primary key");
        planUnique(pt);
        planIndexes(pt);
        planForeignKeys(pt);
        planPartitions(pt);
        planIdentity(pt);
        return pt;
    }

    void checkComment(const std::string &text, const std::string &place, size_t mysqlLimit)
    {
        if (text.find('\0') != std::string::npos)
            error(place, "comment contains a NUL character");
        if (m_d == Dialect::Mysql && identifierLength(m_d, text) > static_cast<int>(mysqlLimit))
            error(place, "MySQL allows comments of at most " + std::to_string(mysqlLimit) +
                             " characters here");
    }

    void planColumns(PlannedTable &pt)
    {
        const Table &t = *pt.table;
        std::set<std::string> seen;
        for (size_t k = 0; k < t.columns.size(); ++k) {
            const Column &c = t.columns[k];
            const std::string place = pt.place + "/columns/" + std::to_string(k);
            ident(c.name, place + "/name", "column " + tname(t) + ".");
            if (!seen.insert(c.name).second)
                error(place + "/name", "column " + quoteIdent(m_d, c.name) +
                                           " appears twice in table " + tname(t));
            auto type = sqlType(m_d, c.type);
            if (!type.ok())
                error(place + "/type", "column " + tname(t) + "." + quoteIdent(m_d, c.name) +
                                           ": " + type.diagnostics().front().message);
            pt.types.push_back(type.ok() ? type.value() : std::string());
            checkComment(c.comment, place + "/comment", 1024);
            checkDefault(t, c, place);
            if (c.identity) {
                if (!c.type.isInteger())
                    error(place + "/identity", "identity column " + tname(t) + "." +
                                                   quoteIdent(m_d, c.name) +
                                                   " must have an integer type");
                if (pt.identity >= 0)
                    error(place + "/identity", "table " + tname(t) +
                                                   " has more than one identity column");
                if (c.default_value)
                    error(place + "/default", "identity column " + tname(t) + "." +
                                                  quoteIdent(m_d, c.name) +
                                                  " cannot also have a default");
                pt.identity = static_cast<int>(k);
            }
        }
    }

    void checkDefault(const Table &t, const Column &c, const std::string &place)
    {
        // The same rule as validate(), for models exported without being validated first.
        const std::string problem = model::columnDefaultProblem(c);
        if (!problem.empty())
            error(place + "/default",
                  "column " + tname(t) + "." + quoteIdent(m_d, c.name) + ": " + problem);
    }

    std::string derived(const Table &t, const std::vector<std::string> &cols, const char *tail)
    {
        return fitName(m_d, t.name + "_" + joined(cols) + tail);
    }

    void planUnique(PlannedTable &pt)
    {
        const Table &t = *pt.table;
        for (size_t k = 0; k < t.unique.size(); ++k) {
            auto u = t.unique[k];
            const std::string place = pt.place + "/unique/" + std::to_string(k);
            checkColumns(t, place + "/columns", u.columns, "unique constraint");
            if (u.name.empty())
                u.name = derived(t, u.columns, "_key");
            else
                ident(u.name, place + "/name", "constraint");
            claim(u.name, place + "/name", "unique constraint");
            checkMysqlKey(t, u.columns, place, "unique constraint " + quoteIdent(m_d, u.name));
            pt.unique.push_back(std::move(u));
        }
        checkMysqlKey(t, t.primary_key, pt.place + "/primary_key", "primary key");
    }

    void planIndexes(PlannedTable &pt)
    {
        const Table &t = *pt.table;
        for (size_t k = 0; k < t.indexes.size(); ++k) {
            auto ix = t.indexes[k];
            const std::string place = pt.place + "/indexes/" + std::to_string(k);
            const auto cols = indexColumnNames(ix);
            if (cols.empty())
                error(place + "/columns", "index of table " + tname(t) + " has no columns");
            checkColumns(t, place + "/columns", cols, "index");
            if (ix.name.empty())
                ix.name = derived(t, cols, "_idx");
            else
                ident(ix.name, place + "/name", "index");
            claim(ix.name, place + "/name", "index");
            checkMysqlKey(t, cols, place, "index " + quoteIdent(m_d, ix.name));
            pt.indexes.push_back(std::move(ix));
        }
    }

    // MySQL error 1170 (BLOB/TEXT in a key) and 1071 (key longer than 3072 bytes).
    void checkMysqlKey(const Table &t, const std::vector<std::string> &cols,
                       const std::string &place, const std::string &what)
    {
        if (m_d != Dialect::Mysql)
            return;
        int bytes = 0;
        for (const auto &name : cols) {
            const Column *c = findColumn(t, name);
            if (!c)
                continue;
            if (isLob(c->type))
                error(place, "MySQL cannot put " + c->type.toString() + " column " + tname(t) +
                                 "." + quoteIdent(m_d, name) + " in " + what +
                                 " (error 1170); use varchar(n)");
            bytes += mysqlKeyBytes(c->type);
        }
        if (bytes > 3072)
            error(place, "MySQL: " + what + " of table " + tname(t) + " needs " +
                             std::to_string(bytes) +
                             " bytes; InnoDB allows 3072 (error 1071)");
    }

    void planForeignKeys(PlannedTable &pt)
    {
        const Table &t = *pt.table;
        for (size_t k = 0; k < t.foreign_keys.size(); ++k) {
            auto fk = t.foreign_keys[k];
            const std::string place = pt.place + "/foreign_keys/" + std::to_string(k);
            checkColumns(t, place + "/columns", fk.columns, "foreign key");
            if (fk.name.empty())
                fk.name = derived(t, fk.columns, "_fkey");
            else
                ident(fk.name, place + "/name", "foreign key");
            const Table *ref = nullptr;
            for (const auto &other : m_schema.tables)
                if (other.name == fk.references)
                    ref = &other;
            if (!ref) {
                error(place + "/references", "foreign key " + quoteIdent(m_d, fk.name) +
                                                 " of table " + tname(t) +
                                                 " references unknown table " +
                                                 quoteIdent(m_d, fk.references));
            } else {
                if (fk.ref_columns.empty())
                    fk.ref_columns = ref->primary_key;
                checkColumns(*ref, place + "/ref_columns", fk.ref_columns, "foreign key target");
                if (fk.ref_columns.size() != fk.columns.size())
                    error(place, "foreign key " + quoteIdent(m_d, fk.name) + " of table " +
                                     tname(t) + " has " + std::to_string(fk.columns.size()) +
                                     " columns but references " +
                                     std::to_string(fk.ref_columns.size()));
                else if (!isKey(*ref, fk.ref_columns))
                    error(place + "/ref_columns",
                          "foreign key " + quoteIdent(m_d, fk.name) + " of table " + tname(t) +
                              " must reference the primary key or a unique constraint of " +
                              tname(*ref));
            }
            if (m_d == Dialect::Mysql && (fk.on_delete == model::RefAction::SetDefault ||
                                          fk.on_update == model::RefAction::SetDefault))
                error(place, "MySQL (InnoDB) rejects SET DEFAULT in foreign key " +
                                 quoteIdent(m_d, fk.name) + " of table " + tname(t));
            pt.fks.push_back({std::move(fk), false});
        }
    }

    static bool isKey(const Table &t, const std::vector<std::string> &cols)
    {
        auto same = [&](std::vector<std::string> a) {
            auto b = cols;
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            return a == b;
        };
        if (same(t.primary_key))
            return true;
        for (const auto &u : t.unique)
            if (same(u.columns))
                return true;
        for (const auto &ix : t.indexes)
            if (ix.unique && same(indexColumnNames(ix)))
                return true;
        return false;
    }

    void planPartitions(PlannedTable &pt)
    {
        const Table &t = *pt.table;
        if (!t.partitioning)
            return;
        const auto &p = *t.partitioning;
        const std::string place = pt.place + "/partitioning";
        const Column *col = findColumn(t, p.column);
        if (!col) {
            error(place + "/column", "partition column " + quoteIdent(m_d, p.column) +
                                         " is not a column of table " + tname(t));
            return;
        }
        if (m_d == Dialect::Sqlite) {
            pt.notes.push_back("SQLite has no partitions: one table holds every row (the model "
                               "partitions it by " + std::string(model::toString(p.method)) +
                               " on " + quoteIdent(m_d, p.column) + ").");
            m_diags.push_back(makeWarning(place, "SQLite has no partitions; table " + tname(t) +
                                                     " is exported as one table"));
            return;
        }
        // PostgreSQL and MySQL: every unique key must hold the partition column.
        auto needColumn = [&](const std::vector<std::string> &cols, const std::string &where,
                              const std::string &what) {
            if (std::find(cols.begin(), cols.end(), p.column) == cols.end())
                error(where, std::string(displayName(m_d)) + ": " + what + " of partitioned " +
                                 "table " + tname(t) + " must include the partition column " +
                                 quoteIdent(m_d, p.column));
        };
        needColumn(t.primary_key, pt.place + "/primary_key", "the primary key");
        for (size_t k = 0; k < t.unique.size(); ++k)
            needColumn(t.unique[k].columns, pt.place + "/unique/" + std::to_string(k),
                       "unique constraint " + quoteIdent(m_d, pt.unique[k].name));
        for (size_t k = 0; k < t.indexes.size(); ++k)
            if (t.indexes[k].unique)
                needColumn(indexColumnNames(t.indexes[k]),
                           pt.place + "/indexes/" + std::to_string(k),
                           "unique index " + quoteIdent(m_d, pt.indexes[k].name));
        if (isLob(col->type) || col->type.base == Base::Bool)
            error(place + "/column", std::string(displayName(m_d)) + " cannot partition by " +
                                         col->type.toString() + " column " +
                                         quoteIdent(m_d, p.column));
        switch (p.method) {
        case PartitionMethod::Range: planRange(pt, *col, place); break;
        case PartitionMethod::List: planList(pt, *col, place); break;
        case PartitionMethod::Hash:
            if (p.count < 1)
                error(place + "/count", "hash partitioning of " + tname(t) +
                                            " needs count >= 1 (the modulus)");
            if (p.default_partition)
                error(place + "/default_partition", "hash partitioning has no default partition");
            if (m_d == Dialect::Postgres)
                for (int i = 0; i < p.count; ++i)
                    partitionTableName(pt, "h" + std::to_string(i), place);
            break;
        }
    }

    void partitionTableName(PlannedTable &pt, const std::string &suffix,
                            const std::string &place)
    {
        const std::string name = partitionName(m_d, pt.table->name, suffix);
        if (ident(name, place, "partition"))
            claim(name, place, "partition");
    }

    void planRange(PlannedTable &pt, const Column &col, const std::string &place)
    {
        const auto &p = *pt.table->partitioning;
        if (!col.type.isTemporal()) {
            error(place + "/column", "range partitioning by " + p.column + " needs a date or " +
                                         "timestamp column; " + quoteIdent(m_d, p.column) +
                                         " is " + col.type.toString());
            return;
        }
        if (p.count < 1 || p.count > 10000) {
            error(place + "/count", "range partitioning of " + tname(*pt.table) +
                                        " needs count from 1 to 10000");
            return;
        }
        std::string why;
        auto start = parseStart(p.start, p.interval, why);
        if (!start) {
            error(place + "/start", why);
            return;
        }
        for (int i = 0; i < p.count; ++i) {
            RangePart r;
            r.from = addPeriods(*start, p.interval, i);
            r.to = addPeriods(*start, p.interval, i + 1);
            r.suffix = periodSuffix(r.from, p.interval);
            partitionTableName(pt, r.suffix, place);
            pt.ranges.push_back(r);
        }
        if (m_d == Dialect::Postgres && p.default_partition)
            partitionTableName(pt, "default", place + "/default_partition");
        if (m_d == Dialect::Mysql) {
            pt.notes.push_back("MySQL: a last partition pmax VALUES LESS THAN (MAXVALUE) takes "
                               "rows past the generated range; the first partition also takes "
                               "rows before " + formatDate(*start) + ".");
        }
    }

    void planList(PlannedTable &pt, const Column &col, const std::string &place)
    {
        const auto &p = *pt.table->partitioning;
        if (p.lists.empty())
            error(place + "/lists", "list partitioning of " + tname(*pt.table) +
                                        " needs at least one list");
        if (m_d == Dialect::Mysql && p.default_partition)
            error(place + "/default_partition",
                  "MySQL has no DEFAULT partition for LIST partitioning; list every value");
        std::set<std::string> values;
        for (size_t k = 0; k < p.lists.size(); ++k) {
            const auto &l = p.lists[k];
            const std::string lp = place + "/lists/" + std::to_string(k);
            if (m_d == Dialect::Postgres)
                partitionTableName(pt, l.name, lp + "/name");
            else
                ident(l.name, lp + "/name", "partition");
            if (l.values.empty())
                error(lp + "/values", "list partition " + quoteIdent(m_d, l.name) +
                                          " has no values");
            for (const auto &v : l.values) {
                if (!values.insert(v).second)
                    error(lp + "/values", "value " + quoteLiteral(m_d, v) +
                                              " appears in two list partitions");
                if (col.type.isInteger() &&
                    (v.empty() || v.find_first_not_of("-0123456789") != std::string::npos))
                    error(lp + "/values", "value " + quoteLiteral(m_d, v) + " of integer " +
                                              "column " + quoteIdent(m_d, col.name) +
                                              " is not an integer");
            }
        }
        if (m_d == Dialect::Postgres && p.default_partition)
            partitionTableName(pt, "default", place + "/default_partition");
    }

    void planIdentity(PlannedTable &pt)
    {
        if (pt.identity < 0)
            return;
        const Table &t = *pt.table;
        const Column &c = t.columns[pt.identity];
        const std::string place =
            pt.place + "/columns/" + std::to_string(pt.identity) + "/identity";
        const std::string who = tname(t) + "." + quoteIdent(m_d, c.name);
        if (m_d == Dialect::Mysql) {
            bool first = !t.primary_key.empty() && t.primary_key.front() == c.name;
            for (const auto &u : t.unique)
                first = first || (!u.columns.empty() && u.columns.front() == c.name);
            for (const auto &ix : t.indexes)
                first = first || (!ix.columns.empty() && ix.columns.front().column == c.name);
            if (!first)
                error(place, "MySQL: AUTO_INCREMENT column " + who +
                                 " must be the first column of a key (error 1075)");
        }
        if (m_d == Dialect::Sqlite && !(t.primary_key.size() == 1 &&
                                        t.primary_key.front() == c.name)) {
            pt.identityAdapted = true;
            pt.notes.push_back("SQLite generates values only for an INTEGER PRIMARY KEY: " +
                               quoteIdent(m_d, c.name) +
                               " is not the whole primary key, so the application supplies it.");
            m_diags.push_back(makeWarning(place, "SQLite cannot generate " + who +
                                                     "; exported as a plain column"));
        }
    }

    // MySQL errors 1506 and 1503: partitioned InnoDB tables neither have nor are referenced by
    // foreign keys. The exporter drops such keys and says so (docs/ddl.md).
    void adaptForeignKeys(PlannedTable &pt)
    {
        if (m_d != Dialect::Mysql)
            return;
        auto partitioned = [&](const std::string &name) {
            for (const auto &t : m_schema.tables)
                if (t.name == name)
                    return t.partitioning.has_value();
            return false;
        };
        std::vector<PlannedFk> kept;
        for (size_t k = 0; k < pt.fks.size(); ++k) {
            const auto &fk = pt.fks[k].fk;
            const bool from = pt.table->partitioning.has_value();
            if (!from && !partitioned(fk.references)) {
                kept.push_back(pt.fks[k]);
                continue;
            }
            const std::string what =
                "foreign key " + quoteIdent(m_d, fk.name) + " (" + pt.table->name + "(" +
                joined(fk.columns, ", ") + ") -> " + fk.references + "(" +
                joined(fk.ref_columns, ", ") + "))";
            const std::string why = from ? "partitioned InnoDB tables cannot have foreign keys "
                                           "(MySQL error 1506)"
                                         : "partitioned InnoDB tables cannot be referenced by "
                                           "foreign keys (MySQL error 1506)";
            pt.notes.push_back("Omitted " + what + ": " + why +
                               "; the application must keep it consistent.");
            m_diags.push_back(makeWarning(pt.place + "/foreign_keys/" + std::to_string(k),
                                          "MySQL: omitted " + what + ": " + why));
        }
        pt.fks = std::move(kept);
    }

    // A table before the tables that reference it; cycles are broken by deferring the foreign
    // keys that point forward (added by ALTER TABLE after every table exists).
    void order(std::vector<PlannedTable> &tables)
    {
        std::vector<bool> done(tables.size(), false);
        std::set<std::string> created;
        for (size_t n = 0; n < tables.size(); ++n) {
            size_t pick = tables.size();
            for (size_t i = 0; i < tables.size() && pick == tables.size(); ++i) {
                if (done[i])
                    continue;
                bool ready = true;
                for (const auto &fk : tables[i].fks)
                    if (fk.fk.references != tables[i].table->name &&
                        !created.count(fk.fk.references) && m_tables.count(fk.fk.references))
                        ready = false;
                if (ready)
                    pick = i;
            }
            if (pick == tables.size()) {
                for (size_t i = 0; i < tables.size(); ++i)
                    if (!done[i]) {
                        pick = i;
                        break;
                    }
                for (auto &fk : tables[pick].fks)
                    if (fk.fk.references != tables[pick].table->name &&
                        !created.count(fk.fk.references))
                        fk.deferred = m_d != Dialect::Sqlite;
            }
            done[pick] = true;
            created.insert(tables[pick].table->name);
            m_out.tables.push_back(std::move(tables[pick]));
        }
    }

    Dialect m_d;
    const model::Schema &m_schema;
    Diagnostics &m_diags;
    PlannedSchema m_out;
    std::map<std::string, std::string> m_names;
    std::set<std::string> m_tables;
};

} // namespace

PlannedSchema planSchema(Dialect d, const model::Model &model, int index, Diagnostics &diags)
{
    return Planner(d, model, index, diags).run();
}

std::string partitionName(Dialect d, const std::string &table, const std::string &suffix)
{
    return d == Dialect::Postgres ? table + "_" + suffix : suffix;
}

} // namespace archsim::exporters::detail
