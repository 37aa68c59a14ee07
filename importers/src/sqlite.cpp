// SQLite: scripts run in an in-memory database, files are opened read-only; both are read
// from sqlite_schema and the table_xinfo, foreign_key_list, index_list and index_xinfo pragmas.

#include "frontends.h"

#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <algorithm>
#include <map>

namespace archsim::importers::detail {

namespace {

struct Stmt {
    sqlite3_stmt *s = nullptr;
    ~Stmt() { sqlite3_finalize(s); }
    std::string text(int col) const
    {
        const unsigned char *t = sqlite3_column_text(s, col);
        return t ? reinterpret_cast<const char *>(t) : std::string();
    }
    bool isNull(int col) const { return sqlite3_column_type(s, col) == SQLITE_NULL; }
    int integer(int col) const { return sqlite3_column_int(s, col); }
};

// Prepares `sql` with one text parameter; returns false when it cannot be prepared.
bool prepare(sqlite3 *db, Stmt &st, const std::string &sql, const std::string &arg = {})
{
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st.s, nullptr) != SQLITE_OK)
        return false;
    if (!arg.empty())
        sqlite3_bind_text(st.s, 1, arg.c_str(), static_cast<int>(arg.size()), SQLITE_TRANSIENT);
    return true;
}

std::string unquote(const std::string &text)
{
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\'' && text[i + 1] == '\'')
            ++i;
    }
    return out;
}

bool equalsNoCase(const std::string &a, const char *b)
{
    return sqlite3_stricmp(a.c_str(), b) == 0;
}

class SqliteReader {
public:
    SqliteReader(sqlite3 *db, Builder &b, std::string placePrefix)
        : m_db(db), m_b(b), m_prefix(std::move(placePrefix))
    {
    }

    model::Status run(const std::map<std::string, std::string> &places, bool countRows)
    {
        Stmt objects;
        if (!prepare(m_db, objects,
                     "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE "
                     "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"))
            return model::Status::error(m_prefix, {}, sqlite3_errmsg(m_db));
        std::vector<std::string> tables;
        std::vector<std::pair<std::string, std::string>> views; // name, CREATE VIEW text
        while (sqlite3_step(objects.s) == SQLITE_ROW) {
            const std::string type = objects.text(0);
            const std::string name = objects.text(1);
            auto p = places.find(name);
            const std::string place = p != places.end() ? p->second : m_prefix + ": " + name;
            m_places[name] = place;
            if (type == "table") {
                tables.push_back(name);
                if (objects.text(3).find("VIRTUAL TABLE") != std::string::npos ||
                    objects.text(3).find("virtual table") != std::string::npos) {
                    m_b.notImported(place, "virtual table " + name,
                                    "virtual tables are not modelled");
                    tables.pop_back();
                }
            } else if (type == "view") {
                views.push_back({name, objects.text(3)});
            } else if (type == "trigger") {
                m_b.notImported(place, "trigger " + name, "the model has no triggers");
            }
        }
        for (const auto &t : tables)
            table(t, countRows);
        for (const auto &[name, sql] : views)
            view(name, sql);
        return {};
    }

private:
    // A view: its query as written after AS, and the tables and views it reads. SQLite has no
    // materialized views; names are case-insensitive, so a read takes the relation's spelling.
    void view(const std::string &name, const std::string &sql)
    {
        const std::string place = m_places[name];
        const size_t start = viewQueryStart(sql);
        const std::string query =
            start == std::string::npos ? std::string() : trimViewQuery(sql.substr(start));
        if (query.empty())
            return m_b.notImported(place, "view " + name, "its query was not found after AS");
        if (sql.substr(0, start).find('(') != std::string::npos)
            m_b.lossy(place, "view " + name, "its column list",
                      "column names not kept: the query's own names (or AS aliases) are used");
        auto spelling = [&](const std::string &qualifier, const std::string &n) {
            if (!qualifier.empty() && !sameName(qualifier, "main"))
                return std::string();
            for (const auto &s : m_b.schema("main").tables)
                if (sameName(s.table.name, n))
                    return s.table.name;
            for (const auto &v : m_b.schema("main").views)
                if (sameName(v.view.name, n))
                    return v.view.name;
            return std::string();
        };
        std::vector<ViewRead> reads = namedRelations(
            query, [&](const std::string &q, const std::string &n) {
                return !spelling(q, n).empty();
            });
        ViewDraft *v = m_b.addView("main", name, place);
        if (!v)
            return;
        v->view.query = query;
        for (const auto &r : reads)
            v->reads.push_back({"main", spelling(r.schema, r.name)});
    }

    static bool sameName(const std::string &a, const std::string &b)
    {
        return a.size() == b.size() &&
               std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) ==
                          std::tolower(static_cast<unsigned char>(y));
               });
    }

    void table(const std::string &name, bool countRows)
    {
        const std::string place = m_places[name];
        TableDraft *t = m_b.addTable("main", name, place);
        if (!t)
            return;
        Stmt sql;
        std::string createSql;
        if (prepare(m_db, sql, "SELECT sql FROM sqlite_schema WHERE name = ?1", name) &&
            sqlite3_step(sql.s) == SQLITE_ROW)
            createSql = sql.text(0);
        std::string upper = createSql;
        for (auto &c : upper)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        columns(*t, name, place, upper);
        foreignKeys(*t, name, place);
        indexes(*t, name, place);
        if (upper.find("WITHOUT ROWID") != std::string::npos)
            m_b.lossy(place, "table " + name, "WITHOUT ROWID", "imported as a rowid table");
        if (countRows)
            rows(*t, name);
    }

    void columns(TableDraft &t, const std::string &name, const std::string &place,
                 const std::string &upperSql)
    {
        Stmt st;
        prepare(m_db, st, "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM "
                          "pragma_table_xinfo(?1)", name);
        std::map<int, std::string> pk;
        while (sqlite3_step(st.s) == SQLITE_ROW) {
            model::Column c;
            c.name = st.text(1);
            const std::string who = "column " + name + "." + c.name;
            const std::string declared = st.text(2);
            MappedType m = mapTypeText(model::DbEngine::Sqlite, declared);
            c.type = m.type;
            if (!m.loss.empty())
                m_b.lossy(place, who, declared.empty() ? "(no type)" : declared, m.loss);
            c.nullable = st.integer(3) == 0;
            if (st.integer(6) == 2 || st.integer(6) == 3)
                m_b.notImported(place, "generated column " + name + "." + c.name,
                                "the model has no generated columns: imported as a plain "
                                "column");
            if (!st.isNull(4))
                setDefault(c, st.text(4), place, who);
            if (st.integer(5) > 0)
                pk[st.integer(5)] = c.name;
            t.table.columns.push_back(c);
        }
        for (const auto &[k, col] : pk)
            t.table.primary_key.push_back(col);
        // INTEGER PRIMARY KEY is the rowid: the database assigns it.
        if (pk.size() == 1)
            for (auto &c : t.table.columns)
                if (c.name == pk.begin()->second &&
                    c.type.base == model::LogicalType::Base::BigInt) {
                    bool rowid = false;
                    Stmt decl;
                    prepare(m_db, decl, "SELECT type FROM pragma_table_xinfo(?1) WHERE pk = 1",
                            name);
                    if (sqlite3_step(decl.s) == SQLITE_ROW)
                        rowid = equalsNoCase(decl.text(0), "INTEGER") &&
                                upperSql.find("WITHOUT ROWID") == std::string::npos;
                    if (rowid) {
                        c.identity = true;
                        c.nullable = false;
                    }
                }
        for (const auto &key : t.table.primary_key)
            for (auto &c : t.table.columns)
                if (c.name == key)
                    c.nullable = false;
        if (upperSql.find("AUTOINCREMENT") != std::string::npos)
            m_b.lossy(place, "table " + name, "AUTOINCREMENT",
                      "imported as identity (INTEGER PRIMARY KEY without AUTOINCREMENT)");
    }

    void setDefault(model::Column &c, const std::string &text, const std::string &place,
                    const std::string &who)
    {
        using K = model::DefaultValue::Kind;
        model::DefaultValue d;
        if (equalsNoCase(text, "NULL")) {
            d.kind = K::Null;
        } else if (equalsNoCase(text, "TRUE") || equalsNoCase(text, "FALSE")) {
            d.kind = K::Bool;
            d.boolean = equalsNoCase(text, "TRUE");
        } else if (equalsNoCase(text, "CURRENT_TIMESTAMP") || equalsNoCase(text, "CURRENT_DATE")) {
            d.kind = K::Now;
        } else if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
            d.kind = K::String;
            d.text = unquote(text);
        } else if (auto n = parseNumber(text)) {
            if (c.type.base == model::LogicalType::Base::Bool && (*n == 0 || *n == 1)) {
                d.kind = K::Bool;
                d.boolean = *n == 1;
            } else {
                d.kind = K::Number;
                d.number = *n;
            }
        } else {
            m_b.notImported(place, "default " + text + " of " + who,
                            "the model holds literal defaults and the current time only");
            return;
        }
        c.default_value = d;
    }

    void foreignKeys(TableDraft &t, const std::string &name, const std::string &place)
    {
        Stmt st;
        prepare(m_db, st, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM "
                          "pragma_foreign_key_list(?1) ORDER BY id, seq", name);
        std::map<int, model::ForeignKey> byId;
        std::map<int, bool> needsKey;
        auto action = [](const std::string &a) {
            if (equalsNoCase(a, "CASCADE"))
                return model::RefAction::Cascade;
            if (equalsNoCase(a, "RESTRICT"))
                return model::RefAction::Restrict;
            if (equalsNoCase(a, "SET NULL"))
                return model::RefAction::SetNull;
            if (equalsNoCase(a, "SET DEFAULT"))
                return model::RefAction::SetDefault;
            return model::RefAction::NoAction;
        };
        while (sqlite3_step(st.s) == SQLITE_ROW) {
            auto &fk = byId[st.integer(0)];
            fk.references = st.text(1);
            fk.columns.push_back(st.text(2));
            if (st.isNull(3))
                needsKey[st.integer(0)] = true;
            else
                fk.ref_columns.push_back(st.text(3));
            fk.on_update = action(st.text(4));
            fk.on_delete = action(st.text(5));
        }
        // pragma_foreign_key_list lists the constraints last to first.
        for (auto it = byId.rbegin(); it != byId.rend(); ++it) {
            auto fk = it->second;
            if (needsKey[it->first]) {
                fk.ref_columns.clear();
                Stmt key;
                prepare(m_db, key, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER "
                                   "BY pk", fk.references);
                while (sqlite3_step(key.s) == SQLITE_ROW)
                    fk.ref_columns.push_back(key.text(0));
            }
            if (fk.ref_columns.size() != fk.columns.size()) {
                m_b.notImported(place, "foreign key of " + name + " to " + fk.references,
                                "the referenced key could not be resolved");
                continue;
            }
            t.table.foreign_keys.push_back(fk);
        }
    }

    void indexes(TableDraft &t, const std::string &name, const std::string &place)
    {
        Stmt list;
        prepare(m_db, list, "SELECT name, \"unique\", origin, partial FROM "
                            "pragma_index_list(?1) ORDER BY seq DESC", name);
        while (sqlite3_step(list.s) == SQLITE_ROW) {
            const std::string ixName = list.text(0);
            const std::string origin = list.text(2);
            if (origin == "pk")
                continue;
            Stmt cols;
            prepare(m_db, cols, "SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?1) WHERE "
                                "key = 1 ORDER BY seqno", ixName);
            model::Index ix;
            ix.name = ixName;
            ix.unique = list.integer(1) != 0;
            bool expression = false;
            while (sqlite3_step(cols.s) == SQLITE_ROW) {
                if (cols.integer(0) < 0)
                    expression = true;
                else
                    ix.columns.push_back({cols.text(1), cols.integer(2) != 0});
            }
            const std::string who = "index " + ixName + " on " + name;
            const std::string at = m_places.count(ixName) ? m_places[ixName] : place;
            if (expression) {
                m_b.notImported(at, who + " (expression)",
                                "the model indexes columns only, not expressions");
                continue;
            }
            if (list.integer(3) != 0) {
                m_b.notImported(at, who + " (partial)", "the model has no partial indexes");
                continue;
            }
            if (origin == "u") {
                model::UniqueConstraint u;
                for (const auto &c : ix.columns)
                    u.columns.push_back(c.column);
                u.name = name;
                for (const auto &c : u.columns)
                    u.name += "_" + c;
                u.name += "_key";
                t.table.unique.push_back(u);
                continue;
            }
            t.table.indexes.push_back(ix);
        }
    }

    void rows(TableDraft &t, const std::string &name)
    {
        Stmt st;
        const std::string quoted = "\"" + [&] {
            std::string q;
            for (char c : name)
                q += c == '"' ? std::string("\"\"") : std::string(1, c);
            return q;
        }() + "\"";
        // sqlite_stat1 holds ANALYZE's count; without it, count the rows.
        bool haveStat = false;
        if (prepare(m_db, st, "SELECT stat FROM sqlite_stat1 WHERE tbl = ?1 AND idx IS NULL",
                    name) &&
            sqlite3_step(st.s) == SQLITE_ROW) {
            t.table.rows = std::atoll(st.text(0).c_str());
            haveStat = true;
        }
        if (!haveStat) {
            Stmt count;
            if (prepare(m_db, count, "SELECT count(*) FROM " + quoted) &&
                sqlite3_step(count.s) == SQLITE_ROW)
                t.table.rows = sqlite3_column_int64(count.s, 0);
        }
    }

    sqlite3 *m_db;
    Builder &m_b;
    std::string m_prefix;
    std::map<std::string, std::string> m_places;
};

struct Db {
    sqlite3 *db = nullptr;
    ~Db() { sqlite3_close(db); }
};

} // namespace

model::Status importSqliteScript(std::string_view sql, Builder &builder, const std::string &file)
{
    Db db;
    if (sqlite3_open_v2(":memory:", &db.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK)
        return model::Status::error(file, {}, "cannot open an in-memory SQLite database");
    // Statement by statement, so that an error names its line and each object its place.
    std::string text(sql);
    const char *start = text.c_str();
    const char *tail = start;
    std::map<std::string, std::string> places;
    int64_t lastRowid = 0;
    while (*tail) {
        sqlite3_stmt *st = nullptr;
        const char *from = tail;
        if (sqlite3_prepare_v2(db.db, tail, -1, &st, &tail) != SQLITE_OK) {
            int offset = sqlite3_error_offset(db.db);
            // Without an offset (an unknown table, say) the place is the statement's start,
            // not the end of the one before.
            const size_t at =
                offset >= 0 ? static_cast<size_t>(from - start + offset)
                            : skipBlanksAndComments(text, static_cast<size_t>(from - start));
            const int line = lineOf(text, at);
            const size_t lineStart = text.rfind('\n', at == 0 ? 0 : at - 1);
            const bool first = lineStart == std::string::npos || at == 0;
            const size_t col = at - (first ? 0 : lineStart + 1) + 1;
            return model::Status::error(file, std::to_string(line) + ":" + std::to_string(col),
                                        std::string(sqlite3_errmsg(db.db)));
        }
        if (!st)
            continue; // blanks or a comment at the end
        const size_t lead = skipBlanksAndComments(text, static_cast<size_t>(from - start));
        const int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        const int line = lineOf(text, lead);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            return model::Status::error(file, std::to_string(line),
                                        std::string("error: ") + sqlite3_errmsg(db.db));
        // New objects (rows after the last one seen) take the place of this statement.
        Stmt names;
        prepare(db.db, names, "SELECT rowid, name FROM sqlite_schema WHERE rowid > " +
                                  std::to_string(lastRowid));
        while (sqlite3_step(names.s) == SQLITE_ROW) {
            lastRowid = std::max<int64_t>(lastRowid, sqlite3_column_int64(names.s, 0));
            if (!places.count(names.text(1)))
                places[names.text(1)] = file + ":" + std::to_string(line);
        }
    }
    return SqliteReader(db.db, builder, file).run(places, false);
}

model::Status importSqliteFile(const std::string &path, Builder &builder)
{
    Db db;
    if (sqlite3_open_v2(path.c_str(), &db.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return model::Status::error(path, {}, std::string("cannot open the SQLite database: ") +
                                                  (db.db ? sqlite3_errmsg(db.db) : "no memory"));
    // One read transaction: a consistent snapshot of the catalog and the counts.
    if (sqlite3_exec(db.db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(db.db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
            SQLITE_OK)
        return model::Status::error(path, {}, std::string("not a readable SQLite database: ") +
                                                  sqlite3_errmsg(db.db));
    auto status = SqliteReader(db.db, builder, path).run({}, true);
    sqlite3_exec(db.db, "COMMIT", nullptr, nullptr, nullptr);
    return status;
}

} // namespace archsim::importers::detail
