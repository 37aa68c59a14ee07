// Live PostgreSQL: pg_catalog is read in one read-only REPEATABLE READ transaction and turned
// into the DDL PostgreSQL itself prints (format_type, pg_get_constraintdef, pg_get_indexdef,
// pg_get_expr), which then goes through the same parser path as a file. One statement per
// line, so each object's place is its catalog name.

#include "frontends.h"
#include "pgsql.h"

#include <libpq-fe.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>

namespace archsim::importers::detail {

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Conn {
    PGconn *c = nullptr;
    ~Conn() { PQfinish(c); }
};

// Runs `sql`; returns false with `error` set on failure.
bool query(PGconn *c, const std::string &sql, Rows &rows, std::string &error)
{
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c, sql.c_str()), &PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        error = PQresultErrorMessage(r.get());
        while (!error.empty() && (error.back() == '\n' || error.back() == ' '))
            error.pop_back();
        return false;
    }
    rows.clear();
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        std::vector<std::string> row;
        for (int k = 0; k < PQnfields(r.get()); ++k)
            row.emplace_back(PQgetisnull(r.get(), i, k) ? "" : PQgetvalue(r.get(), i, k));
        rows.push_back(std::move(row));
    }
    return true;
}

const char *kUserSchemas =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
    "AND n.nspname NOT LIKE 'pg\\_temp%'";

class CatalogScript {
public:
    void add(const std::string &statement, const std::string &place)
    {
        std::string line = statement;
        for (auto &c : line)
            if (c == '\n' || c == '\r')
                c = ' ';
        m_text += line + "\n";
        m_places.push_back(place);
    }
    const std::string &text() const { return m_text; }
    std::string placeAt(int line) const
    {
        return line >= 1 && line <= static_cast<int>(m_places.size()) ? m_places[line - 1]
                                                                      : std::string("pg_catalog");
    }

private:
    std::string m_text;
    std::vector<std::string> m_places;
};

} // namespace

model::Status importPostgresLive(const Url &url, const std::string &raw, Builder &builder,
                                 std::string &dbName)
{
    const std::string host = (url.host.empty() ? std::string("localhost") : url.host) +
                             (url.port ? ":" + std::to_string(url.port) : std::string());
    Conn conn;
    // Give up on an unreachable host after 10 s (libpq waits as long as TCP does) unless
    // PGCONNECT_TIMEOUT or the URL's own connect_timeout, processed after it, says otherwise.
    const char *timeout = std::getenv("PGCONNECT_TIMEOUT") ? nullptr : "10";
    const char *const keys[] = {"connect_timeout", "dbname", nullptr};
    const char *const values[] = {timeout, raw.c_str(), nullptr};
    conn.c = PQconnectdbParams(keys, values, 1);
    if (!conn.c || PQstatus(conn.c) != CONNECTION_OK) {
        std::string reason = conn.c ? PQerrorMessage(conn.c) : "out of memory";
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
            reason.pop_back();
        return model::Status::error({}, {}, "cannot connect to PostgreSQL at " + host + ": " +
                                                reason);
    }
    dbName = PQdb(conn.c);
    Rows rows;
    std::string err;
    auto fail = [&](const std::string &what) {
        return model::Status::error({}, {}, "PostgreSQL at " + host + ": " + what + ": " + err);
    };
    if (!query(conn.c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", rows, err) ||
        !query(conn.c, "SET LOCAL search_path = ''", rows, err) ||
        !query(conn.c, "SET LOCAL TimeZone = 'UTC'", rows, err))
        return fail("cannot start a read-only transaction");
    const std::string where = std::string(" AND ") + kUserSchemas;
    CatalogScript script;
    auto place = [&](const std::string &schema, const std::string &name) {
        return "pg_catalog " + dbName + "." + schema + "." + name;
    };

    // Enum types.
    if (!query(conn.c,
               "SELECT n.nspname, t.typname, format('CREATE TYPE %I.%I AS ENUM (%s);', "
               "n.nspname, t.typname, (SELECT string_agg(quote_literal(e.enumlabel), ', ' "
               "ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) FROM "
               "pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'" +
                   where + " ORDER BY 1, 2",
               rows, err))
        return fail("reading enum types");
    for (const auto &r : rows)
        script.add(r[2], place(r[0], r[1]));

    // Tables and partitions, with their columns.
    Rows tables;
    if (!query(conn.c,
               "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, "
               "format('%I.%I', n.nspname, c.relname), c.relispartition, "
               "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
               "CASE WHEN c.relispartition THEN (SELECT format('%I.%I', pn.nspname, "
               "p.relname) FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent JOIN "
               "pg_namespace pn ON pn.oid = p.relnamespace WHERE h.inhrelid = c.oid) END, "
               "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END "
               "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
               "c.relkind IN ('r', 'p')" + where + " ORDER BY n.nspname, c.relname",
               tables, err))
        return fail("reading tables");
    Rows columns;
    if (!query(conn.c,
               "SELECT a.attrelid, quote_ident(a.attname), format_type(a.atttypid, "
               "a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, "
               "pg_get_expr(d.adbin, d.adrelid), CASE WHEN a.attcollation <> t.typcollation "
               "AND a.attcollation <> 0 THEN (SELECT format('%I.%I', cn.nspname, co.collname) "
               "FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE "
               "co.oid = a.attcollation) END FROM pg_attribute a JOIN pg_class c ON c.oid = "
               "a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON "
               "t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND "
               "d.adnum = a.attnum WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN "
               "('r', 'p')" + where + " ORDER BY a.attrelid, a.attnum",
               columns, err))
        return fail("reading columns");
    std::map<std::string, std::vector<const std::vector<std::string> *>> byTable;
    for (const auto &c : columns)
        byTable[c[0]].push_back(&c);
    std::vector<std::pair<std::string, std::string>> attaches;
    for (const auto &t : tables) {
        std::string body;
        for (const auto *c : byTable[t[0]]) {
            const auto &col = *c;
            std::string def = col[1] + " " + col[2];
            if (!col[7].empty())
                def += " COLLATE " + col[7];
            if (col[4] == "a" || col[4] == "d")
                def += std::string(" GENERATED ") + (col[4] == "a" ? "ALWAYS" : "BY DEFAULT") +
                       " AS IDENTITY";
            else if (col[5] == "s")
                def += " GENERATED ALWAYS AS (" + col[6] + ") STORED";
            else if (!col[6].empty())
                def += " DEFAULT " + col[6];
            if (col[3] == "t")
                def += " NOT NULL";
            body += (body.empty() ? "" : ", ") + def;
        }
        std::string stmt = std::string("CREATE ") + (t[4] == "u" ? "UNLOGGED " : "") +
                           "TABLE " + t[5] + " (" + body + ")";
        if (t[3] == "p")
            stmt += " PARTITION BY " + t[7];
        script.add(stmt + ";", place(t[1], t[2]));
        if (t[6] == "t")
            attaches.push_back({"ALTER TABLE ONLY " + t[8] + " ATTACH PARTITION " + t[5] + " " +
                                    t[9] + ";",
                                place(t[1], t[2])});
    }
    for (const auto &[stmt, where2] : attaches)
        script.add(stmt, where2);

    // Constraints declared on the table itself (not those partitions inherit), keys first.
    if (!query(conn.c,
               "SELECT n.nspname, c.relname, format('ALTER TABLE ONLY %I.%I ADD CONSTRAINT %I "
               "%s;', n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)), "
               "k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN "
               "pg_namespace n ON n.oid = c.relnamespace WHERE k.contype IN ('p', 'u', 'f', "
               "'c', 'x') AND k.conparentid = 0 AND c.relkind IN ('r', 'p')" + where +
                   " ORDER BY CASE k.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'f' THEN 3 "
                   "ELSE 2 END, n.nspname, c.relname, k.conname",
               rows, err))
        return fail("reading constraints");
    for (const auto &r : rows)
        script.add(r[2], place(r[0], r[1] + " constraint " + r[3]));

    // Views and materialized views, each after the views it reads (its depth in the graph of
    // pg_rewrite dependencies), as pg_get_viewdef prints them with the empty search path:
    // every name qualified.
    if (!query(conn.c,
               "WITH RECURSIVE deps AS (SELECT DISTINCT r.ev_class AS v, d.refobjid AS ref "
               "FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND "
               "d.objid = r.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> "
               "r.ev_class), depth(v, lvl) AS (SELECT c.oid, 0 FROM pg_class c WHERE "
               "c.relkind IN ('v', 'm') UNION ALL SELECT d.v, depth.lvl + 1 FROM deps d JOIN "
               "depth ON d.ref = depth.v WHERE depth.lvl < 64) SELECT n.nspname, c.relname, "
               "format('CREATE %s %I.%I AS %s', CASE c.relkind WHEN 'm' THEN 'MATERIALIZED "
               "VIEW' ELSE 'VIEW' END, n.nspname, c.relname, pg_get_viewdef(c.oid, true)) FROM "
               "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN "
               "('v', 'm')" + where + " ORDER BY (SELECT max(lvl) FROM depth WHERE depth.v = "
               "c.oid), n.nspname, c.relname",
               rows, err))
        return fail("reading views");
    for (const auto &r : rows)
        script.add(r[2], place(r[0], r[1]));

    // Indexes that back no constraint and are no partition of a partitioned index.
    if (!query(conn.c,
               "SELECT n.nspname, ic.relname, pg_get_indexdef(i.indexrelid) || ';' FROM "
               "pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid "
               "= i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN "
               "('r', 'p', 'm')" + where + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE "
               "k.conindid = i.indexrelid AND k.conrelid = i.indrelid) AND NOT EXISTS (SELECT "
               "1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) ORDER BY 1, 2",
               rows, err))
        return fail("reading indexes");
    for (const auto &r : rows)
        script.add(r[2], place(r[0], r[1]));

    // Comments on tables and columns.
    if (!query(conn.c,
               "SELECT n.nspname, c.relname, CASE WHEN d.objsubid = 0 THEN format('COMMENT ON "
               "%s %I.%I IS %L;', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN "
               "'MATERIALIZED VIEW' ELSE 'TABLE' END, n.nspname, c.relname, d.description) "
               "ELSE format('COMMENT "
               "ON COLUMN %I.%I.%I IS %L;', n.nspname, c.relname, a.attname, d.description) "
               "END FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = "
               "'pg_class'::regclass JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN "
               "pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid WHERE (c.relkind "
               "IN ('r', 'p') OR (c.relkind IN ('v', 'm') AND d.objsubid = 0))" + where +
                   " ORDER BY 1, 2, d.objsubid",
               rows, err))
        return fail("reading comments");
    for (const auto &r : rows)
        script.add(r[2], place(r[0], r[1]));

    // Refresh schedules of materialized views that pg_cron holds, where it is installed in
    // this database (cron.job lists the jobs of every database: ours only).
    if (!query(conn.c, "SELECT to_regclass('cron.job') IS NOT NULL", rows, err))
        return fail("looking for pg_cron");
    if (!rows.empty() && rows[0][0] == "t") {
        if (!query(conn.c,
                   "SELECT coalesce(jobname, jobid::text), format('SELECT cron.schedule(%L, "
                   "%L, %L);', coalesce(jobname, ''), schedule, command) FROM cron.job WHERE "
                   "database = current_database() AND command ILIKE 'REFRESH MATERIALIZED "
                   "VIEW %' ORDER BY jobid",
                   rows, err))
            return fail("reading pg_cron jobs");
        for (const auto &r : rows)
            script.add(r[1], "pg_catalog " + dbName + ".cron.job." + r[0]);
    }

    // Sequences that no column owns are listed as not imported by the parser path.
    if (!query(conn.c,
               "SELECT n.nspname, c.relname, format('CREATE SEQUENCE %I.%I;', n.nspname, "
               "c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE c.relkind = 'S'" + where + " AND NOT EXISTS (SELECT 1 FROM pg_depend d "
               "WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN "
               "('a', 'i')) ORDER BY 1, 2",
               rows, err))
        return fail("reading sequences");
    for (const auto &r : rows)
        script.add(r[2], place(r[0], r[1]));

    // Objects the model has no counterpart for.
    if (!query(conn.c,
               "SELECT n.nspname, c.relname, 'foreign table' FROM pg_class c JOIN "
               "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'f'" +
                   where + " UNION ALL SELECT n.nspname, p.proname, CASE p.prokind WHEN 'p' "
                   "THEN 'procedure' ELSE 'function' END FROM pg_proc p JOIN pg_namespace n ON "
                   "n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p')" + where +
                   " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND "
                   "d.deptype = 'e') UNION ALL SELECT n.nspname, c.relname || '.' || "
                   "t.tgname, 'trigger' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal" +
                   where + " ORDER BY 1, 2",
               rows, err))
        return fail("reading foreign tables, functions and triggers");
    for (const auto &r : rows)
        builder.notImported(place(r[0], r[1]), r[2] + " " + r[0] + "." + r[1],
                            "the model has no " + r[2] + "s");

    // Size estimates: partitioned tables add up their partitions.
    Rows stats;
    if (!query(conn.c,
               "SELECT n.nspname, c.relname, CASE WHEN c.relkind = 'p' THEN (SELECT "
               "sum(greatest(p.reltuples, 0)) FROM pg_inherits h JOIN pg_class p ON p.oid = "
               "h.inhrelid WHERE h.inhparent = c.oid) ELSE greatest(c.reltuples, 0) END, CASE "
               "WHEN c.relkind = 'p' THEN (SELECT sum(p.relpages) FROM pg_inherits h JOIN "
               "pg_class p ON p.oid = h.inhrelid WHERE h.inhparent = c.oid) ELSE c.relpages "
               "END, current_setting('block_size') FROM pg_class c JOIN pg_namespace n ON "
               "n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition" +
                   where,
               stats, err))
        return fail("reading size estimates");
    query(conn.c, "COMMIT", rows, err);

    auto status = importPostgresScript(
        script.text(), builder, [&](int line) { return script.placeAt(line); },
        "pg_catalog");
    if (!status.ok())
        return status;
    for (const auto &s : stats) {
        TableDraft *t = builder.findTable(s[0], s[1]);
        if (!t)
            continue;
        const double tuples = parseNumber(s[2]).value_or(0);
        const double pages = parseNumber(s[3]).value_or(0);
        const double block = parseNumber(s[4]).value_or(8192);
        t->table.rows = static_cast<int64_t>(std::llround(tuples));
        if (tuples >= 1)
            t->table.row_bytes = static_cast<int>(std::lround(pages * block / tuples));
    }
    return {};
}

} // namespace archsim::importers::detail
