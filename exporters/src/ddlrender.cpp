// Prints planned tables as CREATE TABLE statements for each dialect.

#include "ddlplan.h"

#include <charconv>

namespace archsim::exporters::detail {

using model::Column;
using model::LogicalType;
using model::PartitionMethod;
using Base = LogicalType::Base;

namespace {

const char *refAction(model::RefAction a)
{
    switch (a) {
    case model::RefAction::NoAction: return "NO ACTION";
    case model::RefAction::Restrict: return "RESTRICT";
    case model::RefAction::Cascade: return "CASCADE";
    case model::RefAction::SetNull: return "SET NULL";
    case model::RefAction::SetDefault: return "SET DEFAULT";
    }
    return "NO ACTION";
}

std::string number(double v)
{
    char buf[64];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, p) : std::string("0");
}

bool inPrimaryKey(const model::Table &t, const std::string &column)
{
    for (const auto &k : t.primary_key)
        if (k == column)
            return true;
    return false;
}

std::string nowExpression(Dialect d, const LogicalType &t)
{
    switch (d) {
    case Dialect::Postgres:
        return t.base == Base::Date        ? "CURRENT_DATE"
               : t.base == Base::Timestamp ? "LOCALTIMESTAMP"
                                           : "CURRENT_TIMESTAMP";
    case Dialect::Mysql:
        // Expression defaults need MySQL 8.0.13 / MariaDB 10.2; timestamptz is stored in UTC.
        return t.base == Base::Date        ? "(CURRENT_DATE)"
               : t.base == Base::Timestamp ? "CURRENT_TIMESTAMP(6)"
                                           : "(UTC_TIMESTAMP(6))";
    case Dialect::Sqlite: return t.base == Base::Date ? "CURRENT_DATE" : "CURRENT_TIMESTAMP";
    }
    return "CURRENT_TIMESTAMP";
}

std::string commentLines(const std::vector<std::string> &notes)
{
    std::string out;
    for (const auto &n : notes)
        out += "-- archsim: " + commentText(n) + "\n";
    return out;
}

} // namespace

std::string primaryKeyName(Dialect d, const std::string &table)
{
    return fitName(d, table + "_pkey");
}

std::string primaryKeyClause(Dialect d, const model::Table &t)
{
    // PostgreSQL gets an explicit name so migrations can drop it after a table rename.
    return (d == Dialect::Postgres ? "CONSTRAINT " + quoteIdent(d, primaryKeyName(d, t.name)) + " "
                                   : std::string()) +
           "PRIMARY KEY (" + columnList(d, t.primary_key) + ")";
}

std::vector<std::string> partitionSuffixes(const PlannedTable &t)
{
    std::vector<std::string> out;
    if (!t.table->partitioning)
        return out;
    const auto &p = *t.table->partitioning;
    for (const auto &r : t.ranges)
        out.push_back(r.suffix);
    for (const auto &l : p.lists)
        out.push_back(l.name);
    if (p.method == PartitionMethod::Hash)
        for (int i = 0; i < p.count; ++i)
            out.push_back("h" + std::to_string(i));
    if (p.default_partition)
        out.push_back("default");
    return out;
}

std::string qualified(Dialect d, const PlannedSchema &s, const std::string &table)
{
    if (d == Dialect::Sqlite)
        return quoteIdent(d, table);
    return quoteIdent(d, s.name) + "." + quoteIdent(d, table);
}

std::string columnList(Dialect d, const std::vector<std::string> &columns)
{
    std::string out;
    for (const auto &c : columns)
        out += (out.empty() ? "" : ", ") + quoteIdent(d, c);
    return out;
}

std::string indexColumnList(Dialect d, const std::vector<model::IndexColumn> &columns)
{
    std::string out;
    for (const auto &c : columns)
        out += (out.empty() ? "" : ", ") + quoteIdent(d, c.column) +
               (c.descending ? " DESC" : "");
    return out;
}

std::string boundLiteral(Dialect d, const LogicalType &type, PeriodDate p)
{
    std::string text = formatDate(p);
    if (type.base == Base::Timestamp || (d == Dialect::Mysql && type.base == Base::Timestamptz))
        text += " 00:00:00";
    else if (type.base == Base::Timestamptz)
        text += " 00:00:00+00";
    return quoteLiteral(d, text);
}

std::string defaultClause(Dialect d, const Column &c)
{
    if (!c.default_value)
        return {};
    using K = model::DefaultValue::Kind;
    const auto &v = *c.default_value;
    const bool lob = c.type.base == Base::Text || c.type.base == Base::Bytes ||
                     c.type.base == Base::Json;
    switch (v.kind) {
    case K::Null: return "DEFAULT NULL";
    case K::Bool:
        return d == Dialect::Postgres ? (v.boolean ? "DEFAULT true" : "DEFAULT false")
                                      : (v.boolean ? "DEFAULT 1" : "DEFAULT 0");
    case K::Number: return "DEFAULT " + number(v.number);
    case K::String:
        // MySQL 8 accepts literal defaults on TEXT/BLOB/JSON only as expressions.
        if (d == Dialect::Mysql && lob)
            return "DEFAULT (" + quoteLiteral(d, v.text) + ")";
        return "DEFAULT " + quoteLiteral(d, v.text);
    case K::Now: return "DEFAULT " + nowExpression(d, c.type);
    }
    return {};
}

std::string columnDefinition(Dialect d, const PlannedTable &t, int k)
{
    const Column &c = t.table->columns[k];
    std::string out = quoteIdent(d, c.name) + " " + t.types[k];
    if (!c.nullable || inPrimaryKey(*t.table, c.name))
        out += " NOT NULL";
    if (k == t.identity && d == Dialect::Postgres)
        out += " GENERATED BY DEFAULT AS IDENTITY";
    if (k == t.identity && d == Dialect::Mysql)
        out += " AUTO_INCREMENT";
    if (auto def = defaultClause(d, c); !def.empty())
        out += " " + def;
    if (d == Dialect::Mysql && !c.comment.empty())
        out += " COMMENT " + quoteLiteral(d, c.comment);
    return out;
}

std::string foreignKeyClause(Dialect d, const PlannedSchema &s, const model::ForeignKey &fk)
{
    std::string out = "CONSTRAINT " + quoteIdent(d, fk.name) + " FOREIGN KEY (" +
                      columnList(d, fk.columns) + ") REFERENCES " +
                      qualified(d, s, fk.references) + " (" + columnList(d, fk.ref_columns) + ")";
    if (fk.on_delete != model::RefAction::NoAction)
        out += std::string(" ON DELETE ") + refAction(fk.on_delete);
    if (fk.on_update != model::RefAction::NoAction)
        out += std::string(" ON UPDATE ") + refAction(fk.on_update);
    return out;
}

std::string renderAddForeignKey(Dialect d, const PlannedSchema &s, const std::string &table,
                                const model::ForeignKey &fk)
{
    return "ALTER TABLE " + qualified(d, s, table) + " ADD " + foreignKeyClause(d, s, fk) +
           ";\n";
}

std::string renderCreateIndex(Dialect d, const PlannedSchema &s, const std::string &table,
                              const model::Index &ix)
{
    // PostgreSQL and SQLite qualify the index name with the schema only implicitly.
    return std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " +
           quoteIdent(d, ix.name) + " ON " + qualified(d, s, table) + " (" +
           indexColumnList(d, ix.columns) + ");\n";
}

std::string renderCreateSchema(Dialect d, const PlannedSchema &s)
{
    if (d == Dialect::Postgres)
        return "CREATE SCHEMA IF NOT EXISTS " + quoteIdent(d, s.name) + ";\n";
    if (d == Dialect::Mysql)
        return "CREATE DATABASE IF NOT EXISTS " + quoteIdent(d, s.name) +
               " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\n";
    return {};
}

namespace {

std::string postgresPartitions(const PlannedSchema &s, const PlannedTable &t,
                               const std::string &parent)
{
    const Dialect d = Dialect::Postgres;
    const auto &p = *t.table->partitioning;
    const Column *col = findColumn(*t.table, p.column);
    std::string out;
    auto part = [&](const std::string &suffix, const std::string &bound) {
        out += "CREATE TABLE " + qualified(d, s, partitionName(d, t.table->name, suffix)) +
               " PARTITION OF " + parent + bound + ";\n";
    };
    switch (p.method) {
    case PartitionMethod::Range:
        for (const auto &r : t.ranges)
            part(r.suffix, " FOR VALUES FROM (" + boundLiteral(d, col->type, r.from) + ") TO (" +
                               boundLiteral(d, col->type, r.to) + ")");
        break;
    case PartitionMethod::List:
        for (const auto &l : p.lists) {
            std::string values;
            for (const auto &v : l.values)
                values += (values.empty() ? "" : ", ") +
                          (col->type.isInteger() ? v : quoteLiteral(d, v));
            part(l.name, " FOR VALUES IN (" + values + ")");
        }
        break;
    case PartitionMethod::Hash:
        for (int i = 0; i < p.count; ++i)
            part("h" + std::to_string(i), " FOR VALUES WITH (MODULUS " +
                                              std::to_string(p.count) + ", REMAINDER " +
                                              std::to_string(i) + ")");
        break;
    }
    if (p.default_partition)
        part("default", " DEFAULT");
    return out;
}

std::string mysqlPartitions(const PlannedTable &t)
{
    const Dialect d = Dialect::Mysql;
    const auto &p = *t.table->partitioning;
    const Column *col = findColumn(*t.table, p.column);
    std::string out;
    switch (p.method) {
    case PartitionMethod::Range:
        out = "\nPARTITION BY RANGE COLUMNS(" + quoteIdent(d, p.column) + ") (\n";
        for (const auto &r : t.ranges)
            out += "    PARTITION " + quoteIdent(d, r.suffix) + " VALUES LESS THAN (" +
                   boundLiteral(d, col->type, r.to) + "),\n";
        out += "    PARTITION `pmax` VALUES LESS THAN (MAXVALUE)\n)";
        break;
    case PartitionMethod::List: {
        out = "\nPARTITION BY LIST COLUMNS(" + quoteIdent(d, p.column) + ") (\n";
        for (size_t k = 0; k < p.lists.size(); ++k) {
            std::string values;
            for (const auto &v : p.lists[k].values)
                values += (values.empty() ? "" : ", ") +
                          (col->type.isInteger() ? v : quoteLiteral(d, v));
            out += "    PARTITION " + quoteIdent(d, p.lists[k].name) + " VALUES IN (" + values +
                   ")" + (k + 1 < p.lists.size() ? ",\n" : "\n");
        }
        out += ")";
        break;
    }
    case PartitionMethod::Hash:
        out = "\nPARTITION BY KEY (" + quoteIdent(d, p.column) + ") PARTITIONS " +
              std::to_string(p.count);
        break;
    }
    return out;
}

const char *postgresMethod(PartitionMethod m)
{
    return m == PartitionMethod::Range ? "RANGE" : m == PartitionMethod::List ? "LIST" : "HASH";
}

} // namespace

std::string renderTable(Dialect d, const PlannedSchema &s, const PlannedTable &t,
                        const std::string &asName, bool withIndexes)
{
    const model::Table &table = *t.table;
    const std::string name = qualified(d, s, asName.empty() ? table.name : asName);
    std::string out = "-- Table " + commentText(qualified(d, s, table.name)) + "\n";
    if (d == Dialect::Sqlite && !table.comment.empty())
        out += "-- " + commentText(table.comment) + "\n";
    out += commentLines(t.notes);

    // Items of the table body; SQLite keeps column comments inline (sqlite_master stores them).
    std::vector<std::pair<std::string, std::string>> items;
    for (size_t k = 0; k < table.columns.size(); ++k)
        items.push_back({columnDefinition(d, t, static_cast<int>(k)),
                         d == Dialect::Sqlite ? table.columns[k].comment : std::string()});
    if (!table.primary_key.empty())
        items.push_back({primaryKeyClause(d, table), {}});
    for (const auto &u : t.unique)
        items.push_back({d == Dialect::Mysql
                             ? "UNIQUE KEY " + quoteIdent(d, u.name) + " (" +
                                   columnList(d, u.columns) + ")"
                             : "CONSTRAINT " + quoteIdent(d, u.name) + " UNIQUE (" +
                                   columnList(d, u.columns) + ")",
                         {}});
    if (d == Dialect::Mysql)
        for (const auto &ix : t.indexes)
            items.push_back({std::string(ix.unique ? "UNIQUE KEY " : "KEY ") +
                                 quoteIdent(d, ix.name) + " (" +
                                 indexColumnList(d, ix.columns) + ")",
                             {}});
    for (const auto &fk : t.fks)
        if (!fk.deferred)
            items.push_back({foreignKeyClause(d, s, fk.fk), {}});

    out += "CREATE TABLE " + name + " (\n";
    for (size_t i = 0; i < items.size(); ++i) {
        out += "    " + items[i].first + (i + 1 < items.size() ? "," : "");
        if (!items[i].second.empty())
            out += " -- " + commentText(items[i].second);
        out += "\n";
    }
    out += ")";
    if (d == Dialect::Postgres && table.partitioning)
        out += std::string(" PARTITION BY ") + postgresMethod(table.partitioning->method) +
               " (" + quoteIdent(d, table.partitioning->column) + ")";
    if (d == Dialect::Mysql) {
        out += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
        if (!table.comment.empty())
            out += " COMMENT=" + quoteLiteral(d, table.comment);
        if (table.partitioning)
            out += mysqlPartitions(t);
    }
    out += ";\n";
    if (d == Dialect::Postgres) {
        if (table.partitioning)
            out += postgresPartitions(s, t, name);
        if (!table.comment.empty())
            out += "COMMENT ON TABLE " + name + " IS " + quoteLiteral(d, table.comment) + ";\n";
        for (const auto &c : table.columns)
            if (!c.comment.empty())
                out += "COMMENT ON COLUMN " + name + "." + quoteIdent(d, c.name) + " IS " +
                       quoteLiteral(d, c.comment) + ";\n";
    }
    if (d != Dialect::Mysql && withIndexes)
        for (const auto &ix : t.indexes)
            out += renderCreateIndex(d, s, asName.empty() ? table.name : asName, ix);
    return out;
}

} // namespace archsim::exporters::detail
