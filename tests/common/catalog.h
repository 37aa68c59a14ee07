#pragma once

// Catalog snapshots for the DDL tests: what a server says exists (pg_catalog,
// information_schema, sqlite_master + pragmas) and what the model says should exist, both in
// one canonical line format so a test compares them with one QCOMPARE. The expected side
// spells types as each server reports them (an oracle independent of the exporter's table).

#include "archsim/model/types.h"

#include <QDate>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <map>

namespace ddltest {

using namespace archsim::model;

enum class Db { Postgres, Mariadb, Sqlite };

// The type as the server's catalog reports it (format_type, COLUMN_TYPE, declared type).
inline QString catalogType(Db db, const LogicalType &t)
{
    using B = LogicalType::Base;
    const QString n = QString::number(t.length);
    const QString ps = QString("%1,%2").arg(t.precision).arg(t.scale);
    auto pick = [db](QString pg, QString maria, QString lite) {
        return db == Db::Postgres ? pg : db == Db::Mariadb ? maria : lite;
    };
    switch (t.base) {
    case B::Bool: return pick("boolean", "tinyint(1)", "BOOLEAN");
    case B::SmallInt: return pick("smallint", "smallint(6)", "INTEGER");
    case B::Int: return pick("integer", "int(11)", "INTEGER");
    case B::BigInt: return pick("bigint", "bigint(20)", "INTEGER");
    case B::Decimal:
        return pick("numeric(" + ps + ")", "decimal(" + ps + ")",
                    t.precision > 15 ? "TEXT" : "NUMERIC(" + ps + ")");
    case B::Real: return pick("real", "float", "REAL");
    case B::Double: return pick("double precision", "double", "REAL");
    case B::Char: return pick("character(" + n + ")", "char(" + n + ")", "CHAR(" + n + ")");
    case B::Varchar:
        return pick("character varying(" + n + ")", "varchar(" + n + ")", "VARCHAR(" + n + ")");
    case B::Text: return pick("text", "longtext", "TEXT");
    case B::Bytes: return pick("bytea", "longblob", "BLOB");
    case B::Uuid: return pick("uuid", "char(36)", "CHAR(36)");
    case B::Ulid: return pick("character(26)", "char(26)", "CHAR(26)");
    case B::Date: return pick("date", "date", "DATE");
    case B::Timestamp: return pick("timestamp without time zone", "datetime(6)", "TIMESTAMP");
    case B::Timestamptz: return pick("timestamp with time zone", "datetime(6)", "TIMESTAMPTZ");
    case B::Json: return pick("jsonb", "longtext", "TEXT");
    }
    return "?";
}

inline QString q(const std::string &s) { return QString::fromStdString(s); }

inline QString list(const std::vector<std::string> &v)
{
    QStringList out;
    for (const auto &s : v)
        out << q(s);
    return "(" + out.join(", ") + ")";
}

inline std::string joinNames(const std::vector<std::string> &v)
{
    std::string out;
    for (const auto &s : v)
        out += (out.empty() ? "" : "_") + s;
    return out;
}

inline QString action(Db db, RefAction a)
{
    switch (a) {
    case RefAction::NoAction: return db == Db::Mariadb ? "RESTRICT" : "NO ACTION";
    case RefAction::Restrict: return "RESTRICT";
    case RefAction::Cascade: return "CASCADE";
    case RefAction::SetNull: return "SET NULL";
    case RefAction::SetDefault: return "SET DEFAULT";
    }
    return "?";
}

// Builds a snapshot from per-table sections: header, columns in order, the rest sorted.
// Views come last, sorted: "view NAME view|materialized" and a materialized view's indexes
// ("view NAME index IX unique (a, b desc)"); a summary table (MySQL, SQLite) counts as one.
struct Snapshot {
    std::map<QString, QStringList> columns;
    std::map<QString, QStringList> other;
    QStringList views;
    void table(const QString &t) { columns[t]; other[t]; }
    QString text() const
    {
        QStringList out;
        for (const auto &[t, cols] : columns) {
            out << "table " + t;
            out << cols;
            QStringList rest = other.at(t);
            rest.sort();
            out << rest;
        }
        QStringList v = views;
        v.sort();
        out << v;
        return out.join('\n');
    }
};

// Returns the names of the materialized views of `s`: summary tables in MySQL and SQLite.
inline QStringList summaryTables(const Schema &s)
{
    QStringList out;
    for (const auto &v : s.views)
        if (v.kind == ViewKind::Materialized)
            out << QString::fromStdString(v.name);
    return out;
}

inline bool partitioned(const Schema &s, const std::string &table)
{
    for (const auto &t : s.tables)
        if (t.name == table)
            return t.partitioning.has_value();
    return false;
}

inline QString rangeBound(Db db, const LogicalType &type, QDate d)
{
    QString s = d.toString("yyyy-MM-dd");
    if (type.base == LogicalType::Base::Timestamptz)
        s += db == Db::Postgres ? " 00:00:00+00" : " 00:00:00";
    else if (type.base == LogicalType::Base::Timestamp)
        s += " 00:00:00";
    return "'" + s + "'";
}

inline QDate addInterval(QDate d, PartitionInterval i, int n)
{
    return i == PartitionInterval::Day ? d.addDays(n) : i == PartitionInterval::Month
                                                            ? d.addMonths(n)
                                                            : d.addYears(n);
}

inline QDate parseStartDate(const std::string &s)
{
    const QString t = q(s);
    if (t.size() == 4)
        return QDate(t.toInt(), 1, 1);
    if (t.size() == 7)
        return QDate::fromString(t + "-01", "yyyy-MM-dd");
    return QDate::fromString(t, "yyyy-MM-dd");
}

inline QString suffix(QDate d, PartitionInterval i)
{
    return i == PartitionInterval::Year    ? d.toString("'p'yyyy")
           : i == PartitionInterval::Month ? d.toString("'p'yyyy_MM")
                                           : d.toString("'p'yyyy_MM_dd");
}

// Returns true when SQLite makes the primary key the rowid (one INTEGER column), so it has no
// index of its own that a UNIQUE on the same column could share.
inline bool sqliteRowidKey(const Table &t)
{
    if (t.primary_key.size() != 1)
        return false;
    for (const auto &c : t.columns)
        if (c.name == t.primary_key.front())
            return catalogType(Db::Sqlite, c.type) == "INTEGER";
    return false;
}

// What the model says the catalog of `db` must hold for schema `s` (docs/ddl.md).
inline QString expectedCatalog(Db db, const Schema &s)
{
    Snapshot snap;
    for (const auto &v : s.views) {
        const QString vn = q(v.name);
        const bool mat = v.kind == ViewKind::Materialized;
        snap.views << "view " + vn + (mat ? " materialized" : " view");
        for (const auto &ix : v.indexes) {
            QStringList cols;
            for (const auto &c : ix.columns)
                cols << q(c.column) + (c.descending ? " desc" : "");
            snap.views << "view " + vn + " index " + q(ix.name) + (ix.unique ? " unique" : "") +
                              " (" + cols.join(", ") + ")";
        }
    }
    for (const auto &t : s.tables) {
        const QString tn = q(t.name);
        snap.table(tn);
        for (const auto &c : t.columns) {
            const bool pk = std::find(t.primary_key.begin(), t.primary_key.end(), c.name) !=
                            t.primary_key.end();
            QString line = "column " + q(c.name) + " " + catalogType(db, c.type) +
                           (c.nullable && !pk ? " null" : " not null");
            if (c.identity && db != Db::Sqlite)
                line += " identity";
            snap.columns[tn] << line;
        }
        auto &o = snap.other[tn];
        if (!t.primary_key.empty())
            o << "primary key " + list(t.primary_key);
        std::vector<std::vector<std::string>> keyPrefixes{t.primary_key};
        for (const auto &u : t.unique) {
            keyPrefixes.push_back(u.columns);
            const std::string un = u.name.empty() ? t.name + "_" + joinNames(u.columns) + "_key"
                                                  : u.name;
            if (db == Db::Postgres)
                o << "unique " + q(un) + " " + list(u.columns);
            else if (db == Db::Mariadb)
                o << "index " + q(un) + " unique " + list(u.columns);
            else if (!o.contains("unique " + list(u.columns)) &&
                     (u.columns != t.primary_key || sqliteRowidKey(t)))
                o << "unique " + list(u.columns); // SQLite: one index per distinct key
        }
        for (const auto &ix : t.indexes) {
            QStringList cols;
            std::vector<std::string> names;
            for (const auto &c : ix.columns) {
                cols << q(c.column) + (c.descending ? " desc" : "");
                names.push_back(c.column);
            }
            keyPrefixes.push_back(names);
            const std::string in = ix.name.empty() ? t.name + "_" + joinNames(names) + "_idx"
                                                   : ix.name;
            o << "index " + q(in) + (ix.unique ? " unique" : "") + " (" + cols.join(", ") +
                     ")";
        }
        for (const auto &fk : t.foreign_keys) {
            if (db == Db::Mariadb && (t.partitioning || partitioned(s, fk.references)))
                continue; // the documented MySQL adaptation (errors 1503/1506)
            const std::string fn =
                fk.name.empty() ? t.name + "_" + joinNames(fk.columns) + "_fkey" : fk.name;
            const QString name = db == Db::Sqlite ? QString("-") : q(fn);
            const auto refCols = fk.ref_columns.empty() ? [&] {
                for (const auto &r : s.tables)
                    if (r.name == fk.references)
                        return r.primary_key;
                return std::vector<std::string>{};
            }()
                                                        : fk.ref_columns;
            o << "foreign key " + name + " " + list(fk.columns) + " references " +
                     q(fk.references) + " " + list(refCols) + " on delete " +
                     action(db, fk.on_delete) + " on update " + action(db, fk.on_update);
            if (db == Db::Mariadb) {
                bool covered = false;
                for (const auto &k : keyPrefixes)
                    covered = covered || (k.size() >= fk.columns.size() &&
                                          std::equal(fk.columns.begin(), fk.columns.end(),
                                                     k.begin()));
                if (!covered)
                    o << "index " + q(fn) + " " + list(fk.columns);
            }
        }
        if (!t.partitioning || db == Db::Sqlite)
            continue;
        const auto &p = *t.partitioning;
        const Column *col = nullptr;
        for (const auto &c : t.columns)
            if (c.name == p.column)
                col = &c;
        if (p.method == PartitionMethod::Range) {
            const QDate start = parseStartDate(p.start);
            for (int i = 0; i < p.count; ++i) {
                const QDate from = addInterval(start, p.interval, i);
                const QDate to = addInterval(start, p.interval, i + 1);
                if (db == Db::Postgres)
                    o << "partition " + tn + "_" + suffix(from, p.interval) +
                             " FOR VALUES FROM (" + rangeBound(db, col->type, from) + ") TO (" +
                             rangeBound(db, col->type, to) + ")";
                else
                    o << "partition " + suffix(from, p.interval) + " RANGE COLUMNS " +
                             rangeBound(db, col->type, to);
            }
            if (db == Db::Postgres && p.default_partition)
                o << "partition " + tn + "_default DEFAULT";
            if (db == Db::Mariadb)
                o << "partition pmax RANGE COLUMNS MAXVALUE";
            o << "partitioned by range (" + q(p.column) + ")";
        } else if (p.method == PartitionMethod::List) {
            for (const auto &l : p.lists) {
                QStringList values;
                for (const auto &v : l.values)
                    values << (col->type.isInteger() ? q(v) : "'" + q(v) + "'");
                if (db == Db::Postgres)
                    o << "partition " + tn + "_" + q(l.name) + " FOR VALUES IN (" +
                             values.join(", ") + ")";
                else
                    o << "partition " + q(l.name) + " LIST COLUMNS " + values.join(",");
            }
            if (db == Db::Postgres && p.default_partition)
                o << "partition " + tn + "_default DEFAULT";
            o << "partitioned by list (" + q(p.column) + ")";
        } else {
            for (int i = 0; i < p.count; ++i)
                o << (db == Db::Postgres
                          ? QString("partition %1_h%2 FOR VALUES WITH (modulus %3, remainder %2)")
                                .arg(tn)
                                .arg(i)
                                .arg(p.count)
                          : QString("partition p%1 KEY").arg(i));
            o << "partitioned by hash (" + q(p.column) + ")";
        }
    }
    return snap.text();
}

} // namespace ddltest

namespace ddltest {

// Returns the lines only in `actual` (+) and only in `expected` (-), for failure messages.
inline QString lineDiff(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split('\n');
    const QStringList e = expected.split('\n');
    QStringList out;
    for (const QString &l : a)
        if (!e.contains(l))
            out << "+ " + l;
    for (const QString &l : e)
        if (!a.contains(l))
            out << "- " + l;
    return out.isEmpty() ? QString("same lines, different order") : out.join('\n');
}

} // namespace ddltest

// Compares two catalog snapshots and prints the differing lines on failure.
#define CATALOG_COMPARE(actual, expected)                                                      \
    do {                                                                                       \
        const QString a_ = (actual);                                                           \
        const QString e_ = (expected);                                                         \
        QVERIFY2(a_ == e_, qPrintable("catalog differs (+ server, - model):\n" +              \
                                      ddltest::lineDiff(a_, e_)));                             \
    } while (false)
