// Diffs two models into ordered statements per dialect with a compatibility report
// (docs/ddl.md, "Migrations").

#include "archsim/exporters/migration.h"

#include "ddlplan.h"

#include <array>
#include <map>
#include <set>

namespace archsim::exporters {

using detail::PlannedSchema;
using detail::PlannedTable;
using model::Column;
using model::Diagnostics;
using model::LogicalType;
using model::makeError;
using Base = LogicalType::Base;

const char *toString(ChangeClass c)
{
    switch (c) {
    case ChangeClass::Safe: return "safe";
    case ChangeClass::DataDependent: return "data-dependent";
    case ChangeClass::Incompatible: return "backward-incompatible";
    case ChangeClass::Destructive: return "destructive";
    }
    return "?";
}

bool Migration::breaking() const
{
    for (const auto &c : changes)
        if (c.cls != ChangeClass::Safe)
            return true;
    return false;
}

namespace {

// Statement phases, in the order they run.
enum Phase {
    DropView, // views that go or that read something that changes, dependents first
    DropFk,
    DropIndex,
    RenameTable,
    RenameColumn,
    CreateTable,
    AddColumn,
    AlterColumn,
    PrimaryKey,
    AddIndex,
    AddPartition,
    AddFk,
    Comments,
    CreateView, // new and dropped views, each after the views it reads
    GrantPhase,
    DropColumn,
    DropPartition,
    DropTable,
    PhaseCount
};

int typeRank(Base b)
{
    switch (b) {
    case Base::SmallInt: return 1;
    case Base::Int: return 2;
    case Base::BigInt: return 3;
    default: return 0;
    }
}

// Returns true when every value of `from` fits `to` unchanged.
bool widens(const LogicalType &from, const LogicalType &to)
{
    if (from == to)
        return true;
    if (from.isInteger() && to.isInteger())
        return typeRank(to.base) >= typeRank(from.base);
    if (from.isInteger() && to.base == Base::Decimal)
        return to.precision - to.scale >= (from.base == Base::SmallInt ? 5
                                           : from.base == Base::Int  ? 10
                                                                     : 19);
    if (from.base == Base::Decimal && to.base == Base::Decimal)
        return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
    if (from.base == Base::Real && to.base == Base::Double)
        return true;
    if (from.isText() && to.base == Base::Text)
        return true;
    if ((from.base == Base::Char || from.base == Base::Varchar) && to.base == Base::Varchar)
        return to.length >= from.length;
    if (from.base == Base::Json && to.base == Base::Text)
        return true;
    return false;
}

bool sameFamily(const LogicalType &a, const LogicalType &b)
{
    return (a.isText() && b.isText()) || (a.isNumeric() && b.isNumeric()) ||
           (a.isTemporal() && b.isTemporal()) || a.base == b.base;
}

bool inKey(const model::Table &t, const std::string &c)
{
    for (const auto &k : t.primary_key)
        if (k == c)
            return true;
    return false;
}

class Differ {
public:
    explicit Differ(Dialect d) : m_d(d) {}

    Diagnostics diags;
    std::vector<Change> changes;

    void change(ChangeClass cls, std::string kind, std::string object, std::string message)
    {
        changes.push_back({cls, std::move(kind), std::move(object), std::move(message)});
    }

    void diffSchema(const PlannedSchema *os, const PlannedSchema &ns)
    {
        if (!os) {
            m_sql[CreateTable] += detail::renderCreateSchema(m_d, ns);
            for (const auto &t : ns.tables)
                addTable(ns, t);
            diffViews(nullptr, ns, {});
            return;
        }
        std::set<std::string> matchedOld;
        std::set<std::string> touched; // old names of tables that change, go or are renamed
        for (const auto &nt : ns.tables) {
            // A declared rename wins; a table named like one renamed away is new.
            const PlannedTable *ot = nullptr;
            bool renamed = false;
            if (!nt.table->renamed_from.empty() && nt.table->renamed_from != nt.table->name) {
                ot = find(*os, nt.table->renamed_from);
                renamed = ot != nullptr;
            }
            bool takenByRename = false;
            for (const auto &other : ns.tables)
                takenByRename = takenByRename || (&other != &nt &&
                                                  other.table->renamed_from == nt.table->name &&
                                                  find(*os, nt.table->name));
            if (!ot && !takenByRename)
                ot = find(*os, nt.table->name);
            if (!ot) {
                addTable(ns, nt);
                continue;
            }
            matchedOld.insert(ot->table->name);
            const size_t before = changes.size();
            if (renamed)
                renameTable(*os, *ot, ns, nt);
            diffTable(ns, *ot, nt);
            if (changes.size() != before)
                touched.insert(ot->table->name);
        }
        for (auto it = os->tables.rbegin(); it != os->tables.rend(); ++it)
            if (!matchedOld.count(it->table->name))
                touched.insert(it->table->name);
        diffViews(os, ns, touched);
        for (auto it = os->tables.rbegin(); it != os->tables.rend(); ++it)
            if (!matchedOld.count(it->table->name)) {
                m_dropped.insert({os->schema->id, it->table->name});
                m_sql[DropTable] += "DROP TABLE " + detail::qualified(m_d, *os, it->table->name) +
                                    ";\n";
                change(ChangeClass::Destructive, "drop_table", object(*os, it->table->name),
                       "table dropped; its rows are lost");
            }
    }

    void dropSchema(const PlannedSchema &os)
    {
        const auto order = detail::viewOrder(*os.schema);
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            m_dropped.insert({os.schema->id, (*it)->name});
            m_sql[DropView] += detail::renderDropView(m_d, os, **it);
            change(ChangeClass::Incompatible, "drop_view", object(os, (*it)->name),
                   "view dropped with its schema; queries that read it break");
        }
        for (auto it = os.tables.rbegin(); it != os.tables.rend(); ++it) {
            m_dropped.insert({os.schema->id, it->table->name});
            m_sql[DropTable] += "DROP TABLE " + detail::qualified(m_d, os, it->table->name) +
                                ";\n";
            change(ChangeClass::Destructive, "drop_table", object(os, it->table->name),
                   "table dropped with its schema; its rows are lost");
        }
    }

    std::string body() const
    {
        std::string out;
        for (const auto &s : m_sql)
            out += s;
        return out;
    }

private:
    std::string q(const std::string &name) const { return quoteIdent(m_d, name); }

    static std::string object(const PlannedSchema &s, const std::string &table,
                              const std::string &column = {})
    {
        return s.schema->id + "." + table + (column.empty() ? "" : "." + column);
    }

    static const model::View *findView(const model::Schema &s, const std::string &name)
    {
        for (const auto &v : s.views)
            if (v.name == name)
                return &v;
        return nullptr;
    }

    // Returns true when the two views give the same statements in this dialect.
    bool sameView(const model::View &a, const model::View &b) const
    {
        return a.kind == b.kind && detail::viewQuery(m_d, a) == detail::viewQuery(m_d, b) &&
               a.reads == b.reads && a.refresh == b.refresh && a.indexes == b.indexes &&
               a.comment == b.comment;
    }

    // Drops the old views that go, change, or read (also through other views) a table in
    // `touched` or a view dropped here, dependents first; creates the new views and the dropped
    // ones again afterwards, each after the views it reads. `os` is null for a new schema.
    void diffViews(const PlannedSchema *os, const PlannedSchema &ns,
                   const std::set<std::string> &touched)
    {
        std::set<std::string> dropped; // old view names
        std::vector<const model::View *> drops;
        if (os) {
            for (const model::View *v : detail::viewOrder(*os->schema)) {
                const model::View *nv = findView(*ns.schema, v->name);
                std::string why;
                for (const auto &r : v->reads)
                    if (why.empty() && (touched.count(r) || dropped.count(r)))
                        why = r;
                if (!nv) {
                    change(ChangeClass::Incompatible, "drop_view", object(*os, v->name),
                           "view dropped; queries that read it break");
                } else if (!sameView(*v, *nv)) {
                    change(ChangeClass::Safe, "change_view", object(ns, v->name),
                           "view definition changed: dropped and created again");
                } else if (!why.empty()) {
                    change(ChangeClass::Safe, "recreate_view", object(ns, v->name),
                           "view dropped and created again around the change of " + why);
                } else {
                    continue;
                }
                dropped.insert(v->name);
                drops.push_back(v);
                m_dropped.insert({os->schema->id, v->name});
                if (nv)
                    m_recreated.insert({ns.schema->id, v->name});
            }
            for (auto it = drops.rbegin(); it != drops.rend(); ++it)
                m_sql[DropView] += detail::renderDropView(m_d, *os, **it);
        }
        for (const model::View *v : detail::viewOrder(*ns.schema)) {
            const bool existed = os && findView(*os->schema, v->name);
            if (existed && !dropped.count(v->name))
                continue;
            if (!existed)
                change(ChangeClass::Safe, "add_view", object(ns, v->name), "new view");
            m_sql[CreateView] += detail::renderView(m_d, ns, *v);
        }
    }

    static const PlannedTable *find(const PlannedSchema &s, const std::string &name)
    {
        for (const auto &t : s.tables)
            if (t.table->name == name)
                return &t;
        return nullptr;
    }

    void addTable(const PlannedSchema &ns, const PlannedTable &nt)
    {
        m_sql[CreateTable] += detail::renderTable(m_d, ns, nt);
        for (const auto &fk : nt.fks)
            if (fk.deferred)
                m_sql[AddFk] += detail::renderAddForeignKey(m_d, ns, nt.table->name, fk.fk);
        change(ChangeClass::Safe, "add_table", object(ns, nt.table->name), "new table");
    }

    void renameTable(const PlannedSchema &os, const PlannedTable &ot, const PlannedSchema &ns,
                     const PlannedTable &nt)
    {
        const std::string &from = ot.table->name;
        const std::string &to = nt.table->name;
        m_renamed[{ns.schema->id, from}] = to;
        if (m_d == Dialect::Mysql)
            m_sql[RenameTable] += "RENAME TABLE " + detail::qualified(m_d, os, from) + " TO " +
                                  detail::qualified(m_d, ns, to) + ";\n";
        else
            m_sql[RenameTable] += "ALTER TABLE " + detail::qualified(m_d, os, from) +
                                  " RENAME TO " + q(to) + ";\n";
        if (m_d == Dialect::Postgres)
            for (const auto &suffix : detail::partitionSuffixes(ot))
                m_sql[RenameTable] +=
                    "ALTER TABLE " +
                    detail::qualified(m_d, os, detail::partitionName(m_d, from, suffix)) +
                    " RENAME TO " + q(detail::partitionName(m_d, to, suffix)) + ";\n";
        if (m_d == Dialect::Postgres && !ot.table->primary_key.empty() &&
            !nt.table->primary_key.empty() &&
            detail::primaryKeyName(m_d, from) != detail::primaryKeyName(m_d, to))
            m_sql[RenameTable] += "ALTER TABLE " + detail::qualified(m_d, ns, to) +
                                  " RENAME CONSTRAINT " + q(detail::primaryKeyName(m_d, from)) +
                                  " TO " + q(detail::primaryKeyName(m_d, to)) + ";\n";
        change(ChangeClass::Incompatible, "rename_table", object(ns, to),
               "table renamed from " + from + "; code using the old name breaks");
    }

    // Returns the old column a new one continues: its declared renamed_from first, else the
    // column of the same name unless a declared rename took that one away.
    static const Column *oldColumn(const model::Table &ot, const model::Table &nt,
                                   const Column &nc, bool &renamed)
    {
        renamed = false;
        if (!nc.renamed_from.empty() && nc.renamed_from != nc.name) {
            if (const Column *c = detail::findColumn(ot, nc.renamed_from)) {
                renamed = true;
                return c;
            }
        }
        for (const auto &other : nt.columns)
            if (&other != &nc && other.renamed_from == nc.name &&
                detail::findColumn(ot, nc.name))
                return nullptr; // the old column of this name was renamed: this one is new
        return detail::findColumn(ot, nc.name);
    }

    void diffTable(const PlannedSchema &ns, const PlannedTable &ot, const PlannedTable &nt)
    {
        const model::Table &o = *ot.table;
        const model::Table &n = *nt.table;
        const std::string table = detail::qualified(m_d, ns, n.name);
        const std::string alter = "ALTER TABLE " + table + " ";
        bool rebuild = false; // SQLite: ALTER TABLE cannot express some change
        std::string sqliteLight; // SQLite statements when no rebuild is needed
        std::set<std::string> kept;

        for (size_t k = 0; k < n.columns.size(); ++k) {
            const Column &nc = n.columns[k];
            bool renamed = false;
            const Column *oc = oldColumn(o, n, nc, renamed);
            const std::string obj = object(ns, n.name, nc.name);
            const std::string def = detail::columnDefinition(m_d, nt, static_cast<int>(k));
            if (!oc) {
                const bool fills = nc.nullable || nc.default_value || nc.identity;
                change(fills ? ChangeClass::Safe : ChangeClass::DataDependent, "add_column", obj,
                       fills ? "new column" : "new NOT NULL column without a default: fails "
                                              "if the table has rows");
                m_sql[AddColumn] += alter + "ADD COLUMN " + def + ";\n";
                const bool simple = fills && !inKey(n, nc.name) && !nc.identity &&
                                    !(nc.default_value &&
                                      nc.default_value->kind == model::DefaultValue::Kind::Now);
                if (simple)
                    sqliteLight += alter + "ADD COLUMN " + def + ";\n";
                else
                    rebuild = true;
                continue;
            }
            kept.insert(oc->name);
            const int ok = static_cast<int>(oc - o.columns.data());
            if (renamed) {
                change(ChangeClass::Incompatible, "rename_column", obj,
                       "column renamed from " + oc->name + "; code using the old name breaks");
                m_sql[RenameColumn] += alter + "RENAME COLUMN " + q(oc->name) + " TO " +
                                       q(nc.name) + ";\n";
                sqliteLight += alter + "RENAME COLUMN " + q(oc->name) + " TO " + q(nc.name) +
                               ";\n";
            }
            diffColumn(ns, ot, nt, ok, static_cast<int>(k), alter, rebuild);
        }
        for (const auto &oc : o.columns)
            if (!kept.count(oc.name)) {
                change(ChangeClass::Destructive, "drop_column", object(ns, n.name, oc.name),
                       "column dropped; its data is lost");
                m_sql[DropColumn] += alter + "DROP COLUMN " + q(oc.name) + ";\n";
                rebuild = true;
            }
        if (o.primary_key != n.primary_key) {
            change(ChangeClass::Incompatible, "primary_key", object(ns, n.name),
                   "primary key changed; lookups and references by the old key break");
            if (m_d == Dialect::Postgres) {
                if (!o.primary_key.empty())
                    m_sql[PrimaryKey] += alter + "DROP CONSTRAINT " +
                                         q(detail::primaryKeyName(m_d, o.name)) + ";\n";
                if (!n.primary_key.empty())
                    m_sql[PrimaryKey] += alter + "ADD " + detail::primaryKeyClause(m_d, n) + ";\n";
            } else if (m_d == Dialect::Mysql) {
                std::string parts;
                if (!o.primary_key.empty())
                    parts = "DROP PRIMARY KEY";
                if (!n.primary_key.empty())
                    parts += (parts.empty() ? "" : ", ") + std::string("ADD ") +
                             detail::primaryKeyClause(m_d, n);
                m_sql[PrimaryKey] += alter + parts + ";\n";
            }
            rebuild = true;
        }
        rebuild = diffUnique(ns, ot, nt, alter) || rebuild;
        diffIndexes(ns, ot, nt, alter, sqliteLight);
        rebuild = diffForeignKeys(ns, ot, nt, alter) || rebuild;
        diffPartitions(ns, ot, nt);
        if (o.comment != n.comment) {
            change(ChangeClass::Safe, "comment", object(ns, n.name), "table comment changed");
            if (m_d == Dialect::Postgres)
                m_sql[Comments] += "COMMENT ON TABLE " + table + " IS " +
                                   (n.comment.empty() ? "NULL" : quoteLiteral(m_d, n.comment)) +
                                   ";\n";
            else if (m_d == Dialect::Mysql)
                m_sql[Comments] += alter + "COMMENT = " + quoteLiteral(m_d, n.comment) + ";\n";
        }
        if (m_d == Dialect::Sqlite) {
            m_sql[AlterColumn] += rebuild ? sqliteRebuild(ns, ot, nt) : sqliteLight;
            // The per-phase statements above are PostgreSQL/MySQL forms; SQLite has its own.
        }
    }

    void diffColumn(const PlannedSchema &ns, const PlannedTable &ot, const PlannedTable &nt,
                    int ok, int nk, const std::string &alter, bool &rebuild)
    {
        const Column &oc = ot.table->columns[ok];
        const Column &nc = nt.table->columns[nk];
        const std::string obj = object(ns, nt.table->name, nc.name);
        const bool oNull = oc.nullable && !inKey(*ot.table, oc.name);
        const bool nNull = nc.nullable && !inKey(*nt.table, nc.name);
        const std::string oDef = detail::defaultClause(m_d, oc);
        const std::string nDef = detail::defaultClause(m_d, nc);
        const bool typeChanged = ot.types[ok] != nt.types[nk];
        bool any = false;
        if (typeChanged) {
            const bool wide = widens(oc.type, nc.type);
            change(wide ? ChangeClass::Safe : ChangeClass::DataDependent, "alter_type", obj,
                   "type " + oc.type.toString() + " -> " + nc.type.toString() +
                       (wide ? " (widened)"
                        : nc.type.isInteger() && oc.type.isNumeric() && !oc.type.isInteger()
                            ? ": fractions are rounded; values out of range stop the migration"
                            : ": values that do not fit stop the migration"));
            if (m_d == Dialect::Postgres)
                // No USING within a family: the assignment cast refuses values that do not fit
                // (an explicit cast would silently truncate varchar).
                m_sql[AlterColumn] += alter + "ALTER COLUMN " + q(nc.name) + " TYPE " +
                                      nt.types[nk] +
                                      (sameFamily(oc.type, nc.type)
                                           ? std::string()
                                           : " USING " + q(nc.name) + "::" + nt.types[nk]) +
                                      ";\n";
            any = true;
        }
        if (oNull != nNull) {
            change(nNull ? ChangeClass::Safe : ChangeClass::DataDependent,
                   nNull ? "drop_not_null" : "set_not_null", obj,
                   nNull ? "column becomes nullable"
                         : "column becomes NOT NULL: fails if a row holds NULL");
            if (m_d == Dialect::Postgres && !inKey(*nt.table, nc.name))
                m_sql[AlterColumn] += alter + "ALTER COLUMN " + q(nc.name) +
                                      (nNull ? " DROP NOT NULL;\n" : " SET NOT NULL;\n");
            any = true;
        }
        if (oDef != nDef) {
            change(ChangeClass::Safe, "default", obj, "default changed");
            if (m_d == Dialect::Postgres)
                m_sql[AlterColumn] += alter + "ALTER COLUMN " + q(nc.name) +
                                      (nDef.empty() ? " DROP DEFAULT" : " SET " + nDef) + ";\n";
            any = true;
        }
        if (oc.identity != nc.identity) {
            change(ChangeClass::Incompatible, "identity", obj,
                   nc.identity ? "column becomes generated by the database; inserts that "
                                 "supply it may conflict"
                               : "column no longer generated; inserts must supply it");
            if (m_d == Dialect::Postgres)
                m_sql[AlterColumn] += alter + "ALTER COLUMN " + q(nc.name) +
                                      (nc.identity ? " ADD GENERATED BY DEFAULT AS IDENTITY"
                                                   : " DROP IDENTITY") +
                                      ";\n";
            any = true;
        }
        const bool commentChanged = oc.comment != nc.comment;
        if (commentChanged) {
            change(ChangeClass::Safe, "comment", obj, "column comment changed");
            if (m_d == Dialect::Postgres)
                m_sql[Comments] += "COMMENT ON COLUMN " +
                                   detail::qualified(m_d, ns, nt.table->name) + "." +
                                   q(nc.name) + " IS " +
                                   (nc.comment.empty() ? "NULL" : quoteLiteral(m_d, nc.comment)) +
                                   ";\n";
        }
        if (m_d == Dialect::Mysql && (any || commentChanged))
            m_sql[AlterColumn] += alter + "MODIFY COLUMN " +
                                  detail::columnDefinition(m_d, nt, nk) + ";\n";
        if (any)
            rebuild = true;
    }

    bool diffUnique(const PlannedSchema &ns, const PlannedTable &ot, const PlannedTable &nt,
                    const std::string &alter)
    {
        bool changed = false;
        std::map<std::string, const model::UniqueConstraint *> old;
        for (const auto &u : ot.unique)
            old[u.name] = &u;
        std::set<std::string> same;
        for (const auto &u : nt.unique) {
            auto it = old.find(u.name);
            if (it != old.end() && it->second->columns == u.columns) {
                same.insert(u.name);
                continue;
            }
            changed = true;
            change(ChangeClass::DataDependent, "add_unique", object(ns, nt.table->name),
                   "unique constraint " + u.name + " added: fails if rows repeat a value");
            m_sql[AddIndex] += m_d == Dialect::Mysql
                                   ? alter + "ADD UNIQUE KEY " + q(u.name) + " (" +
                                         detail::columnList(m_d, u.columns) + ");\n"
                                   : alter + "ADD CONSTRAINT " + q(u.name) + " UNIQUE (" +
                                         detail::columnList(m_d, u.columns) + ");\n";
        }
        for (const auto &u : ot.unique) {
            if (same.count(u.name))
                continue;
            changed = true;
            change(ChangeClass::Safe, "drop_unique", object(ns, nt.table->name),
                   "unique constraint " + u.name + " dropped");
            m_sql[DropIndex] += m_d == Dialect::Mysql
                                    ? alter + "DROP INDEX " + q(u.name) + ";\n"
                                    : alter + "DROP CONSTRAINT " + q(u.name) + ";\n";
        }
        return changed;
    }

    void diffIndexes(const PlannedSchema &ns, const PlannedTable &ot, const PlannedTable &nt,
                     const std::string &alter, std::string &sqliteLight)
    {
        std::map<std::string, const model::Index *> old;
        for (const auto &ix : ot.indexes)
            old[ix.name] = &ix;
        std::set<std::string> same;
        for (const auto &ix : nt.indexes) {
            auto it = old.find(ix.name);
            if (it != old.end() && *it->second == ix) {
                same.insert(ix.name);
                continue;
            }
            change(ix.unique ? ChangeClass::DataDependent : ChangeClass::Safe, "add_index",
                   object(ns, nt.table->name),
                   "index " + ix.name + (ix.unique ? " added (unique: fails if rows repeat)"
                                                   : " added"));
            const std::string create = detail::renderCreateIndex(m_d, ns, nt.table->name, ix);
            m_sql[AddIndex] += create;
            sqliteLight += create;
        }
        for (const auto &ix : ot.indexes) {
            if (same.count(ix.name))
                continue;
            change(ChangeClass::Safe, "drop_index", object(ns, nt.table->name),
                   "index " + ix.name + " dropped");
            std::string drop;
            if (m_d == Dialect::Mysql)
                drop = "DROP INDEX " + q(ix.name) + " ON " +
                       detail::qualified(m_d, ns, nt.table->name) + ";\n";
            else if (m_d == Dialect::Postgres)
                drop = "DROP INDEX " + q(ns.name) + "." + q(ix.name) + ";\n";
            else
                drop = "DROP INDEX " + q(ix.name) + ";\n";
            m_sql[DropIndex] += drop;
            sqliteLight = drop + sqliteLight;
        }
        (void)alter;
    }

    bool diffForeignKeys(const PlannedSchema &ns, const PlannedTable &ot, const PlannedTable &nt,
                         const std::string &alter)
    {
        bool changed = false;
        std::map<std::string, const model::ForeignKey *> old;
        for (const auto &fk : ot.fks)
            old[fk.fk.name] = &fk.fk;
        std::set<std::string> same;
        for (const auto &fk : nt.fks) {
            auto it = old.find(fk.fk.name);
            if (it != old.end() && *it->second == fk.fk) {
                same.insert(fk.fk.name);
                continue;
            }
            changed = true;
            change(ChangeClass::DataDependent, "add_foreign_key", object(ns, nt.table->name),
                   "foreign key " + fk.fk.name + " added: fails if a row has no match");
            m_sql[AddFk] += detail::renderAddForeignKey(m_d, ns, nt.table->name, fk.fk);
        }
        for (const auto &fk : ot.fks) {
            if (same.count(fk.fk.name))
                continue;
            changed = true;
            change(ChangeClass::Safe, "drop_foreign_key", object(ns, nt.table->name),
                   "foreign key " + fk.fk.name + " dropped");
            m_sql[DropFk] += alter + (m_d == Dialect::Mysql ? "DROP FOREIGN KEY "
                                                              : "DROP CONSTRAINT ") +
                             q(fk.fk.name) + ";\n";
        }
        return changed;
    }

    void diffPartitions(const PlannedSchema &ns, const PlannedTable &ot, const PlannedTable &nt)
    {
        const auto &op = ot.table->partitioning;
        const auto &np = nt.table->partitioning;
        if (!op && !np)
            return;
        const std::string obj = object(ns, nt.table->name);
        if (m_d == Dialect::Sqlite) {
            if (op != np)
                change(ChangeClass::Safe, "partitioning", obj,
                       "partitioning changed (SQLite has none: nothing to do)");
            return;
        }
        const bool sameShape = op && np && op->method == np->method &&
                               op->column == np->column &&
                               op->method == model::PartitionMethod::Range &&
                               op->interval == np->interval &&
                               op->default_partition == np->default_partition;
        if (!sameShape) {
            if (op == np || (op && np && op->method != model::PartitionMethod::Range &&
                             op->method == np->method && op->column == np->column &&
                             op->lists == np->lists && op->count == np->count &&
                             op->default_partition == np->default_partition))
                return;
            diags.push_back(makeError(
                nt.place + "/partitioning",
                "table " + quoteIdent(m_d, nt.table->name) + ": changing the partitioning "
                "method, column, interval, lists or default partition needs a table rebuild "
                "(new table, copy, swap) that archsim does not generate for " +
                    displayName(m_d) + "; only adding or dropping range partitions is "
                    "migrated"));
            return;
        }
        std::map<std::string, const detail::RangePart *> old;
        for (const auto &r : ot.ranges)
            old[r.suffix] = &r;
        std::set<std::string> fresh;
        std::vector<const detail::RangePart *> added;
        for (const auto &r : nt.ranges) {
            if (old.erase(r.suffix))
                continue;
            added.push_back(&r);
        }
        const Column *col = detail::findColumn(*nt.table, np->column);
        const std::string table = detail::qualified(m_d, ns, nt.table->name);
        for (const auto *r : added) {
            change(np->default_partition ? ChangeClass::DataDependent : ChangeClass::Safe,
                   "add_partition", obj,
                   "partition " + r->suffix + " added" +
                       (np->default_partition ? " (fails if the default partition holds rows "
                                                "of its range)"
                                              : ""));
            if (m_d == Dialect::Postgres)
                m_sql[AddPartition] +=
                    "CREATE TABLE " +
                    detail::qualified(m_d, ns,
                                      detail::partitionName(m_d, nt.table->name, r->suffix)) +
                    " PARTITION OF " + table + " FOR VALUES FROM (" +
                    detail::boundLiteral(m_d, col->type, r->from) + ") TO (" +
                    detail::boundLiteral(m_d, col->type, r->to) + ");\n";
        }
        if (m_d == Dialect::Mysql && !added.empty()) {
            // New periods after the old last one split pmax; earlier ones split the first.
            std::string before, after;
            const auto first = ot.ranges.empty() ? detail::PeriodDate{} : ot.ranges.front().from;
            for (const auto *r : added) {
                const std::string part = "PARTITION " + q(r->suffix) + " VALUES LESS THAN (" +
                                         detail::boundLiteral(m_d, col->type, r->to) + "), ";
                (r->from < first ? before : after) += part;
            }
            if (!after.empty())
                m_sql[AddPartition] += "ALTER TABLE " + table + " REORGANIZE PARTITION `pmax` "
                                       "INTO (" + after +
                                       "PARTITION `pmax` VALUES LESS THAN (MAXVALUE));\n";
            if (!before.empty()) {
                const auto &f = ot.ranges.front();
                m_sql[AddPartition] += "ALTER TABLE " + table + " REORGANIZE PARTITION " +
                                       q(f.suffix) + " INTO (" + before + "PARTITION " +
                                       q(f.suffix) + " VALUES LESS THAN (" +
                                       detail::boundLiteral(m_d, col->type, f.to) + "));\n";
            }
        }
        for (const auto &[suffix, r] : old) {
            change(ChangeClass::Destructive, "drop_partition", obj,
                   "partition " + suffix + " dropped; its rows are lost");
            m_sql[DropPartition] +=
                m_d == Dialect::Postgres
                    ? "DROP TABLE " +
                          detail::qualified(m_d, ns,
                                            detail::partitionName(m_d, nt.table->name, suffix)) +
                          ";\n"
                    : "ALTER TABLE " + table + " DROP PARTITION " + q(suffix) + ";\n";
        }
        (void)fresh;
    }

    // The SQLite recipe (sqlite.org/lang_altertable.html, section 7): new table, copy, drop,
    // rename, indexes; the script runs it with foreign_keys off inside one transaction.
    std::string sqliteRebuild(const PlannedSchema &ns, const PlannedTable &ot,
                              const PlannedTable &nt)
    {
        const std::string &name = nt.table->name;
        const std::string temp = "archsim_new_" + name;
        std::string into, from;
        for (const auto &nc : nt.table->columns) {
            bool renamed = false;
            const Column *oc = oldColumn(*ot.table, *nt.table, nc, renamed);
            if (!oc)
                continue;
            into += (into.empty() ? "" : ", ") + q(nc.name);
            from += (from.empty() ? "" : ", ") + q(oc->name);
        }
        std::string out = "-- Rebuild " + commentText(q(name)) +
                          ": SQLite's ALTER TABLE cannot make this change.\n";
        out += detail::renderTable(m_d, ns, nt, temp, false);
        if (!into.empty())
            out += "INSERT INTO " + q(temp) + " (" + into + ") SELECT " + from + " FROM " +
                   q(name) + ";\n";
        out += "DROP TABLE " + q(name) + ";\n";
        out += "ALTER TABLE " + q(temp) + " RENAME TO " + q(name) + ";\n";
        for (const auto &ix : nt.indexes)
            out += detail::renderCreateIndex(m_d, ns, name, ix);
        return out;
    }

    Dialect m_d;
    std::array<std::string, PhaseCount> m_sql;
    std::map<std::pair<std::string, std::string>, std::string> m_renamed; // (schema, old) -> new
    std::set<std::pair<std::string, std::string>> m_dropped;   // (schema, table or view)
    std::set<std::pair<std::string, std::string>> m_recreated; // (schema, view) made again

public:
    // GRANT what the new links need and REVOKE what they no longer do. PostgreSQL privileges
    // follow a renamed table and vanish with a dropped one; MySQL keeps them under the old name,
    // so they are revoked there and granted again under the new one. Roles are never dropped.
    void diffGrants(const model::Model &from, const model::Model &to,
                    const std::vector<PlannedSchema> &oldPlan,
                    const std::vector<PlannedSchema> &newPlan)
    {
        if (m_d == Dialect::Sqlite)
            return;
        auto og = detail::collectGrants(m_d, from, oldPlan, diags);
        const auto ng = detail::collectGrants(m_d, to, newPlan, diags);
        auto find = [](const std::vector<PlannedSchema> &plan,
                       const std::string &id) -> const PlannedSchema * {
            for (const auto &s : plan)
                if (s.schema->id == id)
                    return &s;
            return nullptr;
        };
        std::set<std::string> roles;
        for (const auto &[r, t] : og.roles)
            roles.insert(r);
        for (const auto &[r, t] : ng.roles)
            roles.insert(r);
        for (const auto &role : roles) {
            std::map<std::pair<std::string, std::string>, std::set<int>> before;
            if (og.roles.count(role))
                for (const auto &[key, p] : og.roles.at(role)) {
                    // PostgreSQL forgets the privileges of a view dropped and made again.
                    if (m_d == Dialect::Postgres && m_recreated.count(key))
                        continue;
                    auto k = key;
                    if (m_d == Dialect::Postgres && m_renamed.count(key))
                        k.second = m_renamed.at(key);
                    before[k].insert(p.begin(), p.end());
                }
            const auto after = ng.roles.count(role) ? ng.roles.at(role) : decltype(before){};
            if (!og.roles.count(role)) {
                m_sql[GrantPhase] += detail::renderCreateRole(m_d, role);
                change(ChangeClass::Safe, "add_role", role, "new role for service " + role);
            }
            std::set<std::string> usage;
            for (const auto &[key, p] : before)
                usage.insert(key.first);
            for (const auto &[key, p] : after) {
                const PlannedSchema *s = find(newPlan, key.first);
                std::set<int> added;
                for (int x : p)
                    if (!before.count(key) || !before.at(key).count(x))
                        added.insert(x);
                if (added.empty() || !s)
                    continue;
                if (m_d == Dialect::Postgres && usage.insert(key.first).second)
                    m_sql[GrantPhase] += "GRANT USAGE ON SCHEMA " + q(s->name) + " TO " +
                                         q(role) + ";\n";
                m_sql[GrantPhase] += detail::renderGrant(
                    m_d, role, detail::qualified(m_d, *s, key.second), added, false);
                change(ChangeClass::Safe, "grant", key.first + "." + key.second,
                       role + " gains " + detail::privilegeList(added));
            }
            for (const auto &[key, p] : before) {
                std::set<int> removed;
                for (int x : p)
                    if (!after.count(key) || !after.at(key).count(x))
                        removed.insert(x);
                if (removed.empty())
                    continue;
                if (m_d == Dialect::Postgres && m_dropped.count(key))
                    continue; // the privileges went with the table
                const PlannedSchema *s = find(oldPlan, key.first);
                if (!s)
                    continue;
                m_sql[GrantPhase] += detail::renderGrant(
                    m_d, role, detail::qualified(m_d, *s, key.second), removed, true);
                const bool moved = m_renamed.count(key) > 0;
                change(moved ? ChangeClass::Safe : ChangeClass::Incompatible, "revoke",
                       key.first + "." + key.second,
                       moved ? role + "'s privileges move to the renamed table"
                             : role + " loses " + detail::privilegeList(removed) +
                                   "; its code breaks if it still uses them");
            }
        }
    }

    // SQLite runs only its own statements: renames, new tables, rebuilds or light alters,
    // drops. Clears the PostgreSQL/MySQL-only phases.
    void keepSqlitePhases()
    {
        for (int p : {DropFk, DropIndex, AddColumn, PrimaryKey, AddIndex, AddFk, Comments,
                      DropColumn, RenameColumn})
            m_sql[p].clear();
    }
};

std::string reportComment(const Migration &m, const std::string &fromName,
                          const std::string &toName)
{
    std::map<ChangeClass, int> n;
    for (const auto &c : m.changes)
        ++n[c.cls];
    std::string out = "-- ArchSim migration for " + std::string(displayName(m.dialect)) + ": \"" +
                      commentText(fromName) + "\" -> \"" + commentText(toName) + "\".\n";
    if (m.changes.empty())
        return out + "-- No changes.\n";
    out += "-- Compatibility report: " + std::to_string(m.changes.size()) + " change(s): ";
    bool first = true;
    for (auto c : {ChangeClass::Safe, ChangeClass::DataDependent, ChangeClass::Incompatible,
                   ChangeClass::Destructive}) {
        out += std::string(first ? "" : ", ") + std::to_string(n[c]) + " " + toString(c);
        first = false;
    }
    out += ".\n";
    for (const auto &c : m.changes)
        out += "--   [" + std::string(toString(c.cls)) + "] " + commentText(c.object) + ": " +
               commentText(c.message) + "\n";
    if (m.dialect == Dialect::Mysql)
        out += "-- MySQL commits each DDL statement: a failure leaves the earlier ones applied.\n";
    if (m.dialect == Dialect::Sqlite)
        out += "-- Check that PRAGMA foreign_key_check printed nothing before relying on it.\n";
    return out;
}

} // namespace

model::Result<Migration> diffModels(const model::Model &from, const model::Model &to, Dialect d)
{
    Diagnostics diags;
    auto oldPlan = detail::planSchemas(d, from, {}, diags);
    // The old model's adaptations are already deployed; only its errors matter here.
    std::erase_if(diags, [](const model::Diagnostic &x) {
        return x.severity == model::Diagnostic::Severity::Warning;
    });
    for (auto &diag : diags)
        diag.message = "old model: " + diag.message;
    Diagnostics newDiags;
    auto newPlan = detail::planSchemas(d, to, {}, newDiags);
    diags.insert(diags.end(), newDiags.begin(), newDiags.end());
    if (model::hasErrors(diags))
        return diags;

    Differ differ(d);
    std::set<std::string> seen;
    for (const auto &ns : newPlan) {
        const PlannedSchema *os = nullptr;
        for (const auto &s : oldPlan)
            if (s.schema->id == ns.schema->id)
                os = &s;
        differ.diffSchema(os, ns);
        seen.insert(ns.schema->id);
    }
    for (const auto &os : oldPlan)
        if (!seen.count(os.schema->id))
            differ.dropSchema(os);
    differ.diffGrants(from, to, oldPlan, newPlan);
    if (model::hasErrors(differ.diags))
        return differ.diags;
    if (d == Dialect::Sqlite)
        differ.keepSqlitePhases();

    Migration m;
    m.dialect = d;
    m.changes = differ.changes;
    std::string sql = reportComment(m, from.name, to.name);
    const std::string body = differ.body();
    if (!body.empty()) {
        if (d == Dialect::Postgres)
            sql += "\nBEGIN;\n" + body + "COMMIT;\n";
        else if (d == Dialect::Mysql)
            sql += "\n" + detail::preamble(d) + body;
        else
            sql += "\nPRAGMA foreign_keys = OFF;\nBEGIN;\n" + body +
                   "PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;\n";
    }
    m.sql = std::move(sql);
    diags.insert(diags.end(), differ.diags.begin(), differ.diags.end());
    return model::Result<Migration>(std::move(m), std::move(diags));
}

} // namespace archsim::exporters
