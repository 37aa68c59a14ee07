#pragma once

// Reads a PostgreSQL schema from pg_catalog into the canonical snapshot of catalog.h.

#include "catalog.h"
#include "dbserver.h"

namespace ddltest {

// Returns the snapshot of schema `schema` in database `db`, or an error text starting "ERROR".
inline QString postgresCatalog(PostgresServer &pg, const QString &db, const QString &schema)
{
    QString err;
    const QString lit = "'" + QString(schema).replace("'", "''") + "'";
    const QString sep = "chr(29)";
    auto tables = pg.query(
        "SELECT c.oid, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON "
        "n.oid = c.relnamespace WHERE n.nspname = " + lit +
            " AND c.relkind IN ('r','p') AND NOT c.relispartition ORDER BY c.relname",
        db, &err);
    if (!tables)
        return "ERROR " + err;
    Snapshot snap;
    auto split = [](const QString &s) { return s.split(QChar(29)).join(", "); };
    for (const auto &t : *tables) {
        const QString oid = t[0];
        const QString name = t[1];
        snap.table(name);
        auto cols = pg.query("SELECT attname, format_type(atttypid, atttypmod), attnotnull, "
                             "attidentity FROM pg_attribute WHERE attrelid = " + oid +
                                 " AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                             db, &err);
        if (!cols)
            return "ERROR " + err;
        for (const auto &c : *cols)
            snap.columns[name] << "column " + c[0] + " " + c[1] +
                                      (c[2] == "t" ? " not null" : " null") +
                                      (c[3].isEmpty() ? "" : " identity");
        auto &o = snap.other[name];
        auto cons = pg.query(
            "SELECT c.conname, c.contype, (SELECT string_agg(a.attname, " + sep +
                " ORDER BY k.o) FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a "
                "ON a.attrelid = c.conrelid AND a.attnum = k.n), "
                "(SELECT relname FROM pg_class WHERE oid = c.confrelid), "
                "(SELECT string_agg(a.attname, " + sep +
                " ORDER BY k.o) FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN "
                "pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n), "
                "c.confdeltype, c.confupdtype FROM pg_constraint c WHERE c.conrelid = " + oid +
                " AND c.contype IN ('p','u','f') AND c.conparentid = 0",
            db, &err);
        if (!cons)
            return "ERROR " + err;
        auto act = [](const QString &c) {
            return c == "a" ? "NO ACTION" : c == "r" ? "RESTRICT" : c == "c" ? "CASCADE"
                   : c == "n" ? "SET NULL" : "SET DEFAULT";
        };
        for (const auto &c : *cons) {
            if (c[1] == "p")
                o << "primary key (" + split(c[2]) + ")";
            else if (c[1] == "u")
                o << "unique " + c[0] + " (" + split(c[2]) + ")";
            else
                o << "foreign key " + c[0] + " (" + split(c[2]) + ") references " + c[3] +
                         " (" + split(c[4]) + ") on delete " + act(c[5]) + " on update " +
                         act(c[6]);
        }
        auto idx = pg.query(
            "SELECT ic.relname, i.indisunique, (SELECT string_agg(a.attname || CASE WHEN "
            "(i.indoption[k.o - 1] & 1) = 1 THEN ' desc' ELSE '' END, " + sep +
                " ORDER BY k.o) FROM unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute "
                "a ON a.attrelid = i.indrelid AND a.attnum = k.n) FROM pg_index i JOIN pg_class "
                "ic ON ic.oid = i.indexrelid WHERE i.indrelid = " + oid +
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
                "AND k.conrelid = i.indrelid)",
            db, &err);
        if (!idx)
            return "ERROR " + err;
        for (const auto &i : *idx)
            o << "index " + i[0] + (i[1] == "t" ? " unique" : "") + " (" + split(i[2]) + ")";
        if (t[2] == "p") {
            auto key = pg.query("SELECT lower(pg_get_partkeydef(" + oid + "))", db, &err);
            if (!key)
                return "ERROR " + err;
            // pg_get_partkeydef quotes only names that need it; the tests compare plain names.
            QString k = key->value(0).value(0);
            k.replace('"', "");
            o << "partitioned by " + k;
            auto parts = pg.query("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM "
                                  "pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE "
                                  "h.inhparent = " + oid,
                                  db, &err);
            if (!parts)
                return "ERROR " + err;
            for (const auto &p : *parts)
                o << "partition " + p[0] + " " + p[1];
        }
    }
    auto views = pg.query(
        "SELECT c.relname, c.relkind, (SELECT string_agg(ic.relname || CASE WHEN i.indisunique "
        "THEN ' unique' ELSE '' END || ' (' || (SELECT string_agg(a.attname || CASE WHEN "
        "(i.indoption[k.o - 1] & 1) = 1 THEN ' desc' ELSE '' END, ', ' ORDER BY k.o) FROM "
        "unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = "
        "i.indrelid AND a.attnum = k.n) || ')', " + sep + ") FROM pg_index i JOIN pg_class ic ON "
        "ic.oid = i.indexrelid WHERE i.indrelid = c.oid) FROM pg_class c JOIN pg_namespace n ON "
        "n.oid = c.relnamespace WHERE n.nspname = " + lit + " AND c.relkind IN ('v','m')",
        db, &err);
    if (!views)
        return "ERROR " + err;
    for (const auto &v : *views) {
        snap.views << "view " + v[0] + (v[1] == "m" ? " materialized" : " view");
        if (!v[2].isEmpty())
            for (const QString &ix : v[2].split(QChar(29)))
                snap.views << "view " + v[0] + " index " + ix;
    }
    return snap.text();
}

} // namespace ddltest
