#pragma once

// Reads a MariaDB/MySQL database from information_schema into the snapshot of catalog.h.

#include "catalog.h"
#include "dbserver.h"

namespace ddltest {

// Returns `s` as a MySQL string literal (quotes and backslashes escaped).
inline QString myLiteral(QString s)
{
    s.replace('\\', "\\\\").replace('\'', "''");
    return "'" + s + "'";
}

// Returns `s` as a MySQL identifier.
inline QString myIdent(QString s) { return "`" + s.replace('`', "``") + "`"; }

// Returns the snapshot of database `schema`, or an error text starting "ERROR".
inline QString mariadbCatalog(MariadbServer &my, const QString &schema)
{
    const QString lit = myLiteral(schema);
    QString err;
    auto tables = my.query("SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM "
                           "information_schema.TABLES WHERE TABLE_SCHEMA = " + lit, {}, &err);
    if (!tables)
        return "ERROR " + err;
    Snapshot snap;
    // A summary table says what it is in its comment (docs/ddl.md, "Views").
    std::map<QString, bool> summaries;
    for (const auto &t : *tables) {
        if (t[1] == "VIEW")
            snap.views << "view " + t[0] + " view";
        else if (t[2].startsWith("materialized view"))
            summaries[t[0]] = true;
        else
            snap.table(t[0]);
    }
    for (const auto &[name, yes] : summaries)
        snap.views << "view " + name + " materialized";
    auto cols = my.query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, EXTRA FROM "
                         "information_schema.COLUMNS WHERE TABLE_SCHEMA = " + lit +
                             " ORDER BY TABLE_NAME, ORDINAL_POSITION",
                         {}, &err);
    if (!cols)
        return "ERROR " + err;
    for (const auto &c : *cols)
        if (snap.columns.count(c[0])) // views have columns too
            snap.columns[c[0]] << "column " + c[1] + " " + c[2] +
                                  (c[3] == "YES" ? " null" : " not null") +
                                  (c[4].contains("auto_increment") ? " identity" : "");
    auto stats = my.query("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION "
                          "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + lit +
                              " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                          {}, &err);
    if (!stats)
        return "ERROR " + err;
    std::map<std::pair<QString, QString>, std::pair<bool, QStringList>> indexes;
    for (const auto &s : *stats) {
        auto &ix = indexes[{s[0], s[1]}];
        ix.first = s[2] == "0";
        ix.second << s[3] + (s[4] == "D" ? " desc" : "");
    }
    for (const auto &[key, ix] : indexes) {
        if (summaries.count(key.first)) {
            snap.views << "view " + key.first + " index " + key.second +
                              (ix.first ? " unique" : "") + " (" + ix.second.join(", ") + ")";
            continue;
        }
        snap.other[key.first] << (key.second == "PRIMARY"
                                      ? "primary key (" + ix.second.join(", ") + ")"
                                      : "index " + key.second + (ix.first ? " unique" : "") +
                                            " (" + ix.second.join(", ") + ")");
    }
    auto fks = my.query(
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
        "k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE FROM "
        "information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
        "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
        "AND r.TABLE_NAME = k.TABLE_NAME WHERE k.TABLE_SCHEMA = " + lit +
            " AND k.REFERENCED_TABLE_NAME IS NOT NULL "
            "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
        {}, &err);
    if (!fks)
        return "ERROR " + err;
    std::map<std::pair<QString, QString>, QStringList> fk;
    for (const auto &f : *fks) {
        auto &v = fk[{f[0], f[1]}];
        if (v.isEmpty())
            v = QStringList{QString(), f[3], QString(), f[5], f[6]};
        v[0] += (v[0].isEmpty() ? "" : ", ") + f[2];
        v[2] += (v[2].isEmpty() ? "" : ", ") + f[4];
    }
    for (const auto &[key, v] : fk)
        snap.other[key.first] << "foreign key " + key.second + " (" + v[0] + ") references " +
                                     v[1] + " (" + v[2] + ") on delete " + v[3] +
                                     " on update " + v[4];
    auto parts = my.query("SELECT TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, "
                          "PARTITION_EXPRESSION, PARTITION_DESCRIPTION FROM "
                          "information_schema.PARTITIONS WHERE TABLE_SCHEMA = " + lit +
                              " AND PARTITION_NAME IS NOT NULL",
                          {}, &err);
    if (!parts)
        return "ERROR " + err;
    std::map<QString, QString> methods;
    for (const auto &p : *parts) {
        snap.other[p[0]] << "partition " + p[1] + " " + p[2] +
                                (p[4] == "NULL" ? QString() : " " + p[4]);
        const QString m = p[2].startsWith("RANGE") ? "range"
                          : p[2].startsWith("LIST") ? "list"
                                                    : "hash";
        methods[p[0]] = "partitioned by " + m + " (" + QString(p[3]).remove('`') + ")";
    }
    for (const auto &[t, line] : methods)
        snap.other[t] << line;
    return snap.text();
}

} // namespace ddltest
