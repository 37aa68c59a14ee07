// MySQL/MariaDB through MariaDB Connector/C: a live database's information_schema is read in
// a consistent-snapshot transaction; a script is first loaded into a scratch database on the
// server --dev-url names (as Atlas does with its dev database), read the same way, dropped.

#include "frontends.h"

#include <mysql.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>

namespace archsim::importers::detail {

namespace {

using Cell = std::optional<std::string>;
using Rows = std::vector<std::vector<Cell>>;

struct Conn {
    MYSQL *m = nullptr;
    ~Conn()
    {
        if (m)
            mysql_close(m);
    }
};

std::string hostOf(const Url &u)
{
    return (u.host.empty() ? std::string("localhost") : u.host) + ":" +
           std::to_string(u.port ? u.port : 3306);
}

// Connects; on failure returns the error naming the host and the server's reason.
std::optional<std::string> connect(Conn &c, const Url &u, const std::string &db,
                                   unsigned long flags = 0)
{
    c.m = mysql_init(nullptr);
    if (!c.m)
        return "out of memory";
    unsigned int timeout = 10;
    mysql_optionsv(c.m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_optionsv(c.m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    // 127.0.0.1 rather than "localhost", which the connector would take as the local socket.
    const std::string host = u.host.empty() || u.host == "localhost" ? "127.0.0.1" : u.host;
    if (!mysql_real_connect(c.m, host.c_str(), u.user.empty() ? nullptr : u.user.c_str(),
                            u.password.empty() ? nullptr : u.password.c_str(),
                            db.empty() ? nullptr : db.c_str(),
                            static_cast<unsigned>(u.port ? u.port : 3306), nullptr, flags))
        return "cannot connect to MySQL/MariaDB at " + hostOf(u) + ": " + mysql_error(c.m);
    return std::nullopt;
}

bool query(MYSQL *m, const std::string &sql, Rows &rows, std::string &error)
{
    rows.clear();
    if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
        error = mysql_error(m);
        return false;
    }
    MYSQL_RES *res = mysql_store_result(m);
    if (!res) {
        if (mysql_field_count(m) != 0) {
            error = mysql_error(m);
            return false;
        }
        return true;
    }
    const unsigned n = mysql_num_fields(res);
    while (MYSQL_ROW row = mysql_fetch_row(res)) {
        unsigned long *lengths = mysql_fetch_lengths(res);
        std::vector<Cell> cells;
        for (unsigned k = 0; k < n; ++k)
            cells.push_back(row[k] ? Cell(std::string(row[k], lengths[k])) : std::nullopt);
        rows.push_back(std::move(cells));
    }
    mysql_free_result(res);
    return true;
}

std::string literal(MYSQL *m, const std::string &text)
{
    std::string out(text.size() * 2 + 1, '\0');
    const auto n = mysql_real_escape_string(m, out.data(), text.data(), text.size());
    out.resize(n);
    return "'" + out + "'";
}

std::string v(const Cell &c) { return c.value_or(std::string()); }

model::RefAction action(const std::string &a)
{
    if (a == "CASCADE")
        return model::RefAction::Cascade;
    if (a == "RESTRICT")
        return model::RefAction::Restrict;
    if (a == "SET NULL")
        return model::RefAction::SetNull;
    if (a == "SET DEFAULT")
        return model::RefAction::SetDefault;
    return model::RefAction::NoAction;
}

// Splits "'a','b''c',3" into its values, unquoted.
std::vector<std::string> splitValues(const std::string &text)
{
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '\\' && i + 1 < text.size())
                cur += text[++i];
            else if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'')
                cur += text[++i];
            else if (c == '\'')
                quoted = false;
            else
                cur += c;
        } else if (c == '\'') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
            any = false;
        } else if (c != ' ') {
            cur += c;
            any = true;
        }
    }
    if (any || !cur.empty())
        out.push_back(cur);
    return out;
}

class MysqlReader {
public:
    MysqlReader(MYSQL *m, Builder &b, std::string database, std::string schemaName,
                std::string placePrefix, std::map<std::string, std::string> places,
                std::map<std::string, std::string> viewTexts = {})
        : m_m(m), m_b(b), m_db(std::move(database)), m_schema(std::move(schemaName)),
          m_prefix(std::move(placePrefix)), m_places(std::move(places)),
          m_viewTexts(std::move(viewTexts))
    {
    }

    model::Status run(bool live)
    {
        m_mariadb = std::string(mysql_get_server_info(m_m)).find("MariaDB") != std::string::npos;
        const std::string db = literal(m_m, m_db);
        Rows rows;
        if (!query(m_m, "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_ROWS, "
                        "AVG_ROW_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                            db + " ORDER BY TABLE_NAME",
                   rows, m_err))
            return fail("reading tables");
        std::vector<std::string> viewNames;
        for (const auto &r : rows) {
            const std::string name = v(r[0]);
            if (v(r[1]) == "VIEW") {
                viewNames.push_back(name);
                continue;
            }
            if (v(r[1]) != "BASE TABLE") {
                m_b.notImported(place(name), "object " + name, "the model has no " + v(r[1]));
                continue;
            }
            TableDraft *t = m_b.addTable(m_schema, name, place(name));
            if (!t)
                continue;
            t->table.comment = v(r[2]);
            if (live) {
                t->table.rows = std::atoll(v(r[3]).c_str());
                t->table.row_bytes = std::atoi(v(r[4]).c_str());
            }
        }
        if (!columns(db) || !constraints(db) || !indexes(db) || !partitions(db) ||
            !views(db, viewNames))
            return fail(m_what);
        if (!query(m_m, "SELECT TRIGGER_NAME, 'trigger' FROM information_schema.TRIGGERS WHERE "
                        "TRIGGER_SCHEMA = " + db + " UNION ALL SELECT ROUTINE_NAME, "
                        "lower(ROUTINE_TYPE) FROM information_schema.ROUTINES WHERE "
                        "ROUTINE_SCHEMA = " + db + " ORDER BY 1",
                   rows, m_err))
            return fail("reading triggers and routines");
        for (const auto &r : rows)
            m_b.notImported(place(v(r[0])), v(r[1]) + " " + v(r[0]),
                            "the model has no " + v(r[1]) + "s");
        return {};
    }

private:
    // Views: the query as the script wrote it where it can be found, else the server's
    // definition (names qualified with the database, which is dropped); the relations each
    // reads; added after the views they read. MySQL has no materialized views.
    bool views(const std::string &db, const std::vector<std::string> &names)
    {
        if (names.empty())
            return true;
        Rows rows;
        if (!query(m_m, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
                        "WHERE TABLE_SCHEMA = " + db + " ORDER BY TABLE_NAME",
                   rows, m_err)) {
            m_what = "reading views";
            return false;
        }
        struct Found {
            std::string query;
            std::vector<std::string> reads;
        };
        std::map<std::string, Found> found;
        const std::set<std::string> viewSet(names.begin(), names.end());
        auto known = [&](const std::string &q, const std::string &n) {
            return (q.empty() || q == m_db) && (m_b.findTable(m_schema, n) || viewSet.count(n));
        };
        for (const auto &r : rows) {
            const std::string name = v(r[0]);
            std::string query;
            if (auto it = m_viewTexts.find(name); it != m_viewTexts.end()) {
                const size_t start = viewQueryStart(it->second);
                if (start != std::string::npos)
                    query = trimViewQuery(std::string_view(it->second).substr(start));
            }
            if (query.empty()) {
                query = trimViewQuery(v(r[1]));
                const std::string prefix = "`" + m_db + "`.";
                for (size_t p = query.find(prefix); p != std::string::npos;
                     p = query.find(prefix, p))
                    query.erase(p, prefix.size());
            }
            if (query.empty()) {
                m_b.notImported(place(name), "view " + name, "its definition is not readable");
                continue;
            }
            Found f{query, {}};
            for (const auto &read : namedRelations(query, known))
                f.reads.push_back(read.name);
            found.emplace(name, std::move(f));
        }
        // Depth-first: the views a view reads are added before it.
        std::set<std::string> added, visiting;
        std::function<void(const std::string &)> add = [&](const std::string &name) {
            auto it = found.find(name);
            if (it == found.end() || added.count(name) || !visiting.insert(name).second)
                return;
            for (const auto &r : it->second.reads)
                if (viewSet.count(r))
                    add(r);
            added.insert(name);
            ViewDraft *d = m_b.addView(m_schema, name, place(name));
            if (!d)
                return;
            d->view.query = it->second.query;
            for (const auto &r : it->second.reads)
                d->reads.push_back({m_schema, r});
        };
        for (const auto &n : names)
            add(n);
        return true;
    }

    model::Status fail(const std::string &what)
    {
        return model::Status::error(m_prefix, {}, what + ": " + m_err);
    }

    std::string place(const std::string &name) const
    {
        auto it = m_places.find(name);
        return it != m_places.end() ? it->second : m_prefix + ": " + m_schema + "." + name;
    }

    bool columns(const std::string &db)
    {
        Rows rows;
        m_what = "reading columns";
        if (!query(m_m, "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, "
                        "COLUMN_TYPE, EXTRA, COLUMN_COMMENT FROM information_schema.COLUMNS "
                        "WHERE TABLE_SCHEMA = " + db + " ORDER BY TABLE_NAME, "
                        "ORDINAL_POSITION",
                   rows, m_err))
            return false;
        for (const auto &r : rows) {
            TableDraft *t = m_b.findTable(m_schema, v(r[0]));
            if (!t)
                continue;
            model::Column c;
            c.name = v(r[1]);
            const std::string who = "column " + t->table.name + "." + c.name;
            const std::string type = v(r[4]);
            MappedType m = mapTypeText(model::DbEngine::Mysql, type);
            c.type = m.type;
            if (!m.loss.empty())
                m_b.lossy(t->place, who, type, m.loss);
            c.nullable = v(r[3]) == "YES";
            c.comment = v(r[6]);
            std::string extra = v(r[5]);
            for (auto &ch : extra)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (extra.find("auto_increment") != std::string::npos) {
                c.identity = true;
                c.nullable = false;
            } else if (extra.find("generated") != std::string::npos &&
                       extra.find("default_generated") == std::string::npos) {
                m_b.notImported(t->place, "generated column " + t->table.name + "." + c.name,
                                "the model has no generated columns: imported as a plain "
                                "column");
            } else if (r[2]) {
                setDefault(c, *r[2], t->place, who);
            }
            if (extra.find("on update") != std::string::npos)
                m_b.notImported(t->place, "ON UPDATE CURRENT_TIMESTAMP of " + who,
                                "the model has no update-time defaults");
            t->table.columns.push_back(c);
        }
        return true;
    }

    void setDefault(model::Column &c, const std::string &text, const std::string &place,
                    const std::string &who)
    {
        using K = model::DefaultValue::Kind;
        model::DefaultValue d;
        std::string lower = text;
        for (auto &ch : lower)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const bool quoted = text.size() >= 2 && text.front() == '\'' && text.back() == '\'';
        if (lower == "null") {
            if (m_mariadb)
                return; // MariaDB reports a nullable column without a default as NULL
            d.kind = K::Null;
        } else if (lower.starts_with("current_timestamp") || lower.starts_with("now(")) {
            d.kind = K::Now;
        } else if (quoted || (!m_mariadb && !parseNumber(text))) {
            d.kind = K::String;
            d.text = text;
            if (quoted) {
                auto vals = splitValues(text);
                d.text = vals.empty() ? std::string() : vals[0];
            }
            if (c.type.isNumeric() && parseNumber(d.text)) {
                d.kind = K::Number;
                d.number = *parseNumber(d.text);
            }
        } else if (auto n = parseNumber(text)) {
            if (c.type.base == model::LogicalType::Base::Bool) {
                d.kind = K::Bool;
                d.boolean = *n != 0;
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

    bool constraints(const std::string &db)
    {
        Rows rows;
        m_what = "reading constraints";
        if (!query(m_m, "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, c.CONSTRAINT_TYPE, "
                        "k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, "
                        "k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE FROM "
                        "information_schema.KEY_COLUMN_USAGE k JOIN "
                        "information_schema.TABLE_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = "
                        "k.CONSTRAINT_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME AND "
                        "c.CONSTRAINT_NAME = k.CONSTRAINT_NAME LEFT JOIN "
                        "information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = "
                        "k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND "
                        "r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = " + db +
                            " ORDER BY k.TABLE_NAME, c.CONSTRAINT_TYPE, k.CONSTRAINT_NAME, "
                            "k.ORDINAL_POSITION",
                   rows, m_err))
            return false;
        std::map<std::pair<std::string, std::string>, model::ForeignKey> fks;
        std::vector<std::pair<std::string, std::string>> fkOrder;
        std::map<std::pair<std::string, std::string>, std::string> fkOther;
        for (const auto &r : rows) {
            TableDraft *t = m_b.findTable(m_schema, v(r[0]));
            if (!t)
                continue;
            const std::string name = v(r[1]);
            const std::string type = v(r[2]);
            const std::string col = v(r[3]);
            if (type == "PRIMARY KEY") {
                t->table.primary_key.push_back(col);
                for (auto &c : t->table.columns)
                    if (c.name == col)
                        c.nullable = false;
            } else if (type == "UNIQUE") {
                if (t->table.unique.empty() || t->table.unique.back().name != name)
                    t->table.unique.push_back({name, {}});
                t->table.unique.back().columns.push_back(col);
                m_uniqueNames.insert({t->table.name, name});
            } else if (type == "FOREIGN KEY") {
                auto key = std::make_pair(t->table.name, name);
                if (!fks.count(key))
                    fkOrder.push_back(key);
                auto &fk = fks[key];
                fk.name = name;
                fk.columns.push_back(col);
                fk.references = v(r[5]);
                fk.ref_columns.push_back(v(r[6]));
                fk.on_update = action(v(r[7]));
                fk.on_delete = action(v(r[8]));
                if (v(r[4]) != m_db)
                    fkOther[key] = v(r[4]);
            }
        }
        for (const auto &key : fkOrder) {
            TableDraft *t = m_b.findTable(m_schema, key.first);
            if (fkOther.count(key)) {
                m_b.notImported(t->place, "foreign key " + key.second + " of " + key.first,
                                "it references database " + fkOther[key] +
                                    " (the model keeps references within one schema)");
                continue;
            }
            t->table.foreign_keys.push_back(fks[key]);
        }
        // MariaDB's CHECK_CONSTRAINTS has TABLE_NAME (names are per table), MySQL's has not.
        if (!query(m_m, std::string("SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE "
                                    "FROM information_schema.TABLE_CONSTRAINTS tc JOIN "
                                    "information_schema.CHECK_CONSTRAINTS cc ON "
                                    "cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND "
                                    "cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME") +
                            (m_mariadb ? " AND cc.TABLE_NAME = tc.TABLE_NAME" : "") +
                            " WHERE tc.CONSTRAINT_SCHEMA = " + db +
                            " AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY 1, 2",
                   rows, m_err))
            return false;
        for (const auto &r : rows) {
            TableDraft *t = m_b.findTable(m_schema, v(r[0]));
            if (!t)
                continue;
            // MariaDB's JSON is longtext with CHECK (json_valid(`column`)) named after it.
            const std::string name = v(r[1]);
            if (v(r[2]) == "json_valid(`" + name + "`)") {
                bool found = false;
                for (auto &c : t->table.columns)
                    if (c.name == name && c.type.base == model::LogicalType::Base::Text) {
                        c.type.base = model::LogicalType::Base::Json;
                        found = true;
                    }
                if (found)
                    continue;
            }
            m_b.notImported(t->place, "check constraint " + name + " of " + v(r[0]) + " (" +
                                          v(r[2]) + ")",
                            "the model has no check constraints");
        }
        return true;
    }

    bool indexes(const std::string &db)
    {
        Rows rows;
        m_what = "reading indexes";
        if (!query(m_m, "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION, "
                        "SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS WHERE "
                        "TABLE_SCHEMA = " + db + " AND INDEX_NAME <> 'PRIMARY' ORDER BY "
                        "TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                   rows, m_err))
            return false;
        std::set<std::pair<std::string, std::string>> refused;
        for (const auto &r : rows) {
            TableDraft *t = m_b.findTable(m_schema, v(r[0]));
            const std::string name = v(r[1]);
            if (!t || m_uniqueNames.count({v(r[0]), name}) || refused.count({v(r[0]), name}))
                continue;
            const std::string who = "index " + name + " on " + v(r[0]);
            if (!r[3]) {
                m_b.notImported(t->place, who + " (expression)",
                                "the model indexes columns only, not expressions");
                refused.insert({v(r[0]), name});
                std::erase_if(t->table.indexes,
                              [&](const model::Index &ix) { return ix.name == name; });
                continue;
            }
            if (t->table.indexes.empty() || t->table.indexes.back().name != name) {
                model::Index ix;
                ix.name = name;
                ix.unique = v(r[2]) == "0";
                t->table.indexes.push_back(ix);
                if (v(r[6]) != "BTREE")
                    m_b.lossy(t->place, who, v(r[6]), "imported as a btree index");
            }
            t->table.indexes.back().columns.push_back({*r[3], v(r[4]) == "D"});
            if (r[5])
                m_b.lossy(t->place, who, *r[3] + "(" + *r[5] + ")",
                          "prefix length lost: the whole column is indexed");
        }
        return true;
    }

    bool partitions(const std::string &db)
    {
        Rows rows;
        m_what = "reading partitions";
        if (!query(m_m, "SELECT TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, "
                        "PARTITION_EXPRESSION, PARTITION_DESCRIPTION, SUBPARTITION_NAME FROM "
                        "information_schema.PARTITIONS WHERE TABLE_SCHEMA = " + db +
                            " AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME, "
                            "PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION",
                   rows, m_err))
            return false;
        for (const auto &r : rows) {
            TableDraft *t = m_b.findTable(m_schema, v(r[0]));
            if (!t)
                continue;
            const std::string method = v(r[2]);
            if (!t->method) {
                using M = model::PartitionMethod;
                t->method = method.find("RANGE") != std::string::npos  ? M::Range
                            : method.find("LIST") != std::string::npos ? M::List
                                                                       : M::Hash;
                std::string expr = v(r[3]);
                t->partKeyText = expr;
                const bool plain = expr.size() > 2 && expr.front() == '`' &&
                                   expr.back() == '`' &&
                                   expr.find('`', 1) == expr.size() - 1;
                t->partColumn = plain ? expr.substr(1, expr.size() - 2) : std::string();
                if (method.find("HASH") != std::string::npos || method.starts_with("LINEAR"))
                    m_b.lossy(t->place, "partitioning of " + t->table.name, method,
                              "imported as hash partitioning (exported as PARTITION BY KEY)");
                if (r[5])
                    m_b.notImported(t->place, "subpartitions of " + t->table.name,
                                    "the model has one level of partitions");
            }
            if (r[5] && !t->parts.empty() && t->parts.back().name == v(r[1]))
                continue;
            RawPartition p;
            p.name = v(r[1]);
            p.place = t->place;
            const std::string desc = v(r[4]);
            if (*t->method == model::PartitionMethod::Range) {
                p.kind = RawPartition::Kind::Range;
                if (desc != "MAXVALUE")
                    p.to = splitValues(desc);
            } else if (*t->method == model::PartitionMethod::List) {
                p.kind = RawPartition::Kind::List;
                p.values = splitValues(desc);
                if (desc == "DEFAULT")
                    p.kind = RawPartition::Kind::Default;
            } else {
                p.kind = RawPartition::Kind::Hash;
                p.remainder = static_cast<int>(t->parts.size());
            }
            t->parts.push_back(p);
        }
        // Hash partitions: the modulus is their count.
        for (auto *t : hashTables(m_schema))
            for (auto &p : t->parts)
                p.modulus = static_cast<int>(t->parts.size());
        return true;
    }

    std::vector<TableDraft *> hashTables(const std::string &schema)
    {
        std::vector<TableDraft *> out;
        for (auto &t : m_b.schema(schema).tables)
            if (t.method == model::PartitionMethod::Hash)
                out.push_back(&t);
        return out;
    }

    MYSQL *m_m;
    Builder &m_b;
    std::string m_db;
    std::string m_schema;
    std::string m_prefix;
    std::map<std::string, std::string> m_places;
    std::map<std::string, std::string> m_viewTexts; // view -> its CREATE VIEW in the script
    std::set<std::pair<std::string, std::string>> m_uniqueNames;
    std::string m_err;
    std::string m_what;
    bool m_mariadb = true;
};

struct Statement {
    std::string text;
    int line = 1;
};

// Splits a MySQL script into statements the way the mysql client does: quotes, comments,
// DELIMITER lines; /*! ... */ executable comments stay in the statement text.
std::vector<Statement> splitScript(std::string_view sql)
{
    std::vector<Statement> out;
    std::string delimiter = ";";
    std::string cur;
    int line = 1, start = 1;
    bool startSet = false;
    size_t i = 0;
    auto flush = [&] {
        const auto first = cur.find_first_not_of(" \t\r\n");
        if (first != std::string::npos)
            out.push_back({cur, start});
        cur.clear();
        startSet = false;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        const bool atLineStart = i == 0 || sql[i - 1] == '\n';
        if (atLineStart && cur.find_first_not_of(" \t\r\n") == std::string::npos &&
            (sql.substr(i, 10) == "DELIMITER " || sql.substr(i, 10) == "delimiter ")) {
            size_t end = sql.find('\n', i);
            std::string d(sql.substr(i + 10, end == std::string_view::npos ? end : end - i - 10));
            while (!d.empty() && (d.back() == '\r' || d.back() == ' '))
                d.pop_back();
            delimiter = d.empty() ? ";" : d;
            cur.clear();
            i = end == std::string_view::npos ? sql.size() : end;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            if (!startSet) {
                start = line;
                startSet = true;
            }
            cur += c;
            ++i;
            while (i < sql.size() && sql[i] != c) {
                if (sql[i] == '\\' && c != '`' && i + 1 < sql.size()) {
                    cur += sql[i++];
                }
                if (sql[i] == '\n')
                    ++line;
                cur += sql[i++];
            }
            if (i < sql.size())
                cur += sql[i++];
            continue;
        }
        if ((c == '-' && sql.substr(i, 3) == "-- ") || c == '#') {
            while (i < sql.size() && sql[i] != '\n')
                ++i;
            continue;
        }
        if (c == '/' && sql.substr(i, 2) == "/*" && sql.substr(i, 3) != "/*!") {
            const size_t end = sql.find("*/", i + 2);
            const size_t stop = end == std::string_view::npos ? sql.size() : end + 2;
            for (size_t k = i; k < stop; ++k)
                if (sql[k] == '\n')
                    ++line;
            i = stop;
            continue;
        }
        if (!startSet && !std::isspace(static_cast<unsigned char>(c))) {
            start = line;
            startSet = true;
        }
        if (sql.substr(i, delimiter.size()) == delimiter) {
            flush();
            i += delimiter.size();
            continue;
        }
        if (c == '\n')
            ++line;
        cur += c;
        ++i;
    }
    flush();
    return out;
}

// Returns the table or view a CREATE TABLE or CREATE VIEW statement names, or an empty
// string; `view` is set when it is a view.
std::string createdTable(const std::string &text, bool *view)
{
    *view = false;
    std::string upper;
    size_t k = text.find_first_not_of(" \t\r\n");
    for (size_t i = k; i < text.size() && i < k + 60; ++i)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    size_t p = k + 12;
    if (!upper.starts_with("CREATE TABLE")) {
        // CREATE [OR REPLACE] [ALGORITHM=..] [DEFINER=..] [SQL SECURITY ..] VIEW name, also
        // inside mysqldump's /*!50001 ... */ comments.
        std::string all;
        for (char c : text)
            all += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const auto create = all.find("CREATE");
        const auto at = all.find(" VIEW ", create == std::string::npos ? 0 : create);
        if (create == std::string::npos || at == std::string::npos)
            return {};
        p = at + 6;
        *view = true;
    }
    auto skipBlank = [&] {
        while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p])))
            ++p;
    };
    skipBlank();
    std::string rest = text.substr(p, 14);
    for (auto &c : rest)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (rest.starts_with("IF NOT EXISTS"))
        p += 13;
    skipBlank();
    std::string name;
    if (p < text.size() && text[p] == '`') {
        for (++p; p < text.size(); ++p) {
            if (text[p] == '`' && p + 1 < text.size() && text[p + 1] == '`') {
                name += '`';
                ++p;
            } else if (text[p] == '`') {
                break;
            } else {
                name += text[p];
            }
        }
    } else {
        while (p < text.size() && !std::isspace(static_cast<unsigned char>(text[p])) &&
               text[p] != '(')
            name += text[p++];
    }
    return name;
}

} // namespace

model::Status importMysqlLive(const Url &url, Builder &builder)
{
    Conn c;
    if (auto err = connect(c, url, url.database))
        return model::Status::error({}, {}, *err);
    Rows rows;
    std::string err;
    if (!query(c.m, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", rows, err) ||
        !query(c.m, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY", rows, err))
        return model::Status::error({}, {}, "MySQL/MariaDB at " + hostOf(url) +
                                                ": cannot start a read-only transaction: " + err);
    auto status = MysqlReader(c.m, builder, url.database, url.database,
                              "information_schema " + url.database, {})
                      .run(true);
    query(c.m, "COMMIT", rows, err);
    return status;
}

model::Status importMysqlScript(std::string_view sql, const std::string &devUrl,
                                Builder &builder, const std::string &file)
{
    auto url = parseUrl(devUrl);
    if (!url || (url->scheme != "mysql" && url->scheme != "mariadb"))
        return model::Status::error({}, {}, redactUrl(devUrl) +
                                                ": --dev-url must be mysql://user@host:port or "
                                                "mariadb://user@host:port");
    Conn c;
    if (auto err = connect(c, *url, {}))
        return model::Status::error({}, {}, "--dev-url: " + *err);
    std::mt19937_64 rng(static_cast<uint64_t>(
        std::chrono::steady_clock::now().time_since_epoch().count()));
    const std::string scratch = "archsim_import_" + std::to_string(rng() % 100000000000ULL);
    Rows rows;
    std::string err;
    if (!query(c.m, "CREATE DATABASE `" + scratch + "` DEFAULT CHARACTER SET utf8mb4", rows,
               err))
        return model::Status::error({}, {}, "--dev-url " + hostOf(*url) +
                                                ": cannot create a scratch database: " + err);
    struct Drop {
        MYSQL *m;
        std::string db;
        ~Drop()
        {
            const std::string q = "DROP DATABASE IF EXISTS `" + db + "`";
            mysql_real_query(m, q.data(), q.size());
        }
    } drop{c.m, scratch};
    if (!query(c.m, "USE `" + scratch + "`", rows, err))
        return model::Status::error({}, {}, "--dev-url: " + err);
    std::map<std::string, std::string> places;
    std::map<std::string, std::string> viewTexts;
    for (const auto &s : splitScript(sql)) {
        if (!query(c.m, s.text, rows, err)) {
            return model::Status::error(file, std::to_string(s.line),
                                        "error " + std::to_string(mysql_errno(c.m)) +
                                            " from the server (line numbers in the message count "
                                            "from the statement's first line): " + err);
        }
        // A USE in the script would load the rest elsewhere.
        if (!query(c.m, "SELECT DATABASE()", rows, err) || rows.empty() ||
            v(rows[0][0]) != scratch)
            return model::Status::error(file, std::to_string(s.line),
                                        "the script switches to another database (USE); "
                                        "import scripts of one database");
        bool isView = false;
        const std::string table = createdTable(s.text, &isView);
        if (!table.empty() && !places.count(table))
            places[table] = file + ":" + std::to_string(s.line);
        if (isView)
            viewTexts[table] = s.text;
    }
    const std::string base = file.substr(file.find_last_of('/') == std::string::npos
                                             ? 0
                                             : file.find_last_of('/') + 1);
    const std::string schemaName = base.substr(0, base.find('.'));
    return MysqlReader(c.m, builder, scratch, schemaName.empty() ? "db" : schemaName, file,
                       places, viewTexts)
        .run(false);
}

} // namespace archsim::importers::detail
