// PostgreSQL scripts: pg_query_parse gives the raw parse tree as JSON; each statement that
// creates or changes a schema object is applied to the drafts, everything else is listed.

#include "pgsql.h"

#include "archsim/model/validate.h"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace archsim::importers::detail {

using nlohmann::json;
using Base = model::LogicalType::Base;

namespace {

const json kNull;

const json &at(const json &j, const char *key)
{
    if (!j.is_object())
        return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

std::string str(const json &j, const char *key)
{
    const json &v = at(j, key);
    return v.is_string() ? v.get<std::string>() : std::string();
}

// The strings of a list of {"String": {"sval": ...}} nodes.
std::vector<std::string> names(const json &list)
{
    std::vector<std::string> out;
    if (list.is_array())
        for (const auto &n : list)
            out.push_back(str(at(n, "String"), "sval"));
    return out;
}

model::RefAction refAction(const json &c)
{
    const std::string a = c.is_string() ? c.get<std::string>() : std::string("a");
    if (a == "r")
        return model::RefAction::Restrict;
    if (a == "c")
        return model::RefAction::Cascade;
    if (a == "n")
        return model::RefAction::SetNull;
    if (a == "d")
        return model::RefAction::SetDefault;
    return model::RefAction::NoAction;
}

// The value of an A_Const: its text and kind.
struct Literal {
    enum class Kind { None, Int, Float, String, Bool, Null } kind = Kind::None;
    std::string text;
    bool boolean = false;
};

Literal constant(const json &node)
{
    const json &c = at(node, "A_Const");
    Literal l;
    if (c.is_null())
        return l;
    if (at(c, "isnull").is_boolean()) {
        l.kind = Literal::Kind::Null;
    } else if (c.contains("ival")) {
        l.kind = Literal::Kind::Int;
        const json &v = at(at(c, "ival"), "ival");
        l.text = v.is_number() ? std::to_string(v.get<long long>()) : "0";
    } else if (c.contains("fval")) {
        l.kind = Literal::Kind::Float;
        l.text = str(at(c, "fval"), "fval");
    } else if (c.contains("sval")) {
        l.kind = Literal::Kind::String;
        l.text = str(at(c, "sval"), "sval");
    } else if (c.contains("boolval")) {
        l.kind = Literal::Kind::Bool;
        const json &v = at(at(c, "boolval"), "boolval");
        l.boolean = v.is_boolean() && v.get<bool>();
    } else if (c.contains("bsval")) {
        l.kind = Literal::Kind::String;
        l.text = str(at(c, "bsval"), "bsval");
    }
    return l;
}

// libpg_query 15-4.0 (Debian 12) writes a negative integer constant as `"ival": {}`, the
// spelling of 0: `DEFAULT -1` would come in as 0 and numeric(5,-2) as numeric(5,0). The
// constant's text is at its location in the script, so it is read back from there.
void restoreNegativeIntegers(json &node, std::string_view text)
{
    if (node.is_array()) {
        for (auto &child : node)
            restoreNegativeIntegers(child, text);
        return;
    }
    if (!node.is_object())
        return;
    auto c = node.find("A_Const");
    if (c != node.end() && c->is_object()) {
        auto ival = c->find("ival");
        auto loc = c->find("location");
        if (ival != c->end() && ival->is_object() && ival->empty() && loc != c->end() &&
            loc->is_number_integer() && loc->get<long long>() >= 0 &&
            size_t(loc->get<long long>()) < text.size()) {
            size_t i = size_t(loc->get<long long>());
            if (text[i] == '-') {
                ++i;
                while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
                    ++i;
                long long value = 0;
                bool digits = false;
                while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) &&
                       value < (1LL << 31)) {
                    value = value * 10 + (text[i++] - '0');
                    digits = true;
                }
                if (digits && value <= (1LL << 31))
                    (*ival)["ival"] = -value;
            }
        }
    }
    for (auto &[key, child] : node.items())
        if (child.is_structured())
            restoreNegativeIntegers(child, text);
}

// Strips casts: '2026-01-01'::date -> '2026-01-01'.
const json &uncast(const json &node)
{
    const json *n = &node;
    while (at(*n, "TypeCast").is_object())
        n = &at(at(*n, "TypeCast"), "arg");
    return *n;
}

// A short rendering of an expression for messages ("lower(email)", "now()").
std::string exprText(const json &node)
{
    if (at(node, "A_Const").is_object()) {
        Literal l = constant(node);
        return l.kind == Literal::Kind::String ? "'" + l.text + "'"
               : l.kind == Literal::Kind::Null ? "NULL"
               : l.kind == Literal::Kind::Bool ? (l.boolean ? "true" : "false")
                                               : l.text;
    }
    if (const json &c = at(node, "TypeCast"); c.is_object()) {
        auto n = names(at(at(c, "typeName"), "names"));
        return exprText(at(c, "arg")) + "::" + (n.empty() ? "?" : n.back());
    }
    if (const json &f = at(node, "FuncCall"); f.is_object()) {
        auto n = names(at(f, "funcname"));
        std::string args;
        if (at(f, "args").is_array())
            for (const auto &a : at(f, "args"))
                args += (args.empty() ? "" : ", ") + exprText(a);
        return (n.empty() ? "?" : n.back()) + "(" + args + ")";
    }
    if (const json &c = at(node, "ColumnRef"); c.is_object()) {
        auto n = names(at(c, "fields"));
        return n.empty() ? "*" : n.back();
    }
    if (const json &s = at(node, "SQLValueFunction"); s.is_object()) {
        std::string op = str(s, "op");
        return op.starts_with("SVFOP_") ? op.substr(6) : op;
    }
    if (const json &e = at(node, "A_Expr"); e.is_object()) {
        auto n = names(at(e, "name"));
        return (at(e, "lexpr").is_null() ? "" : exprText(at(e, "lexpr")) + " ") +
               (n.empty() ? "?" : n.back()) + " " + exprText(at(e, "rexpr"));
    }
    if (node.is_object() && !node.empty())
        return "<" + node.begin().key() + ">";
    return "<expression>";
}

model::DefaultValue nowDefault()
{
    model::DefaultValue d;
    d.kind = model::DefaultValue::Kind::Now;
    return d;
}

struct Sequence {
    std::string place;
    bool used = false;
};

class PgImporter {
public:
    PgImporter(Builder &b, std::string_view sql, const PlaceOf &placeOf)
        : m_b(b), m_sql(sql), m_placeOf(placeOf)
    {
    }

    void run(const json &tree)
    {
        const json &stmts = at(tree, "stmts");
        if (!stmts.is_array())
            return;
        const int total = static_cast<int>(stmts.size());
        int done = 0;
        for (const auto &s : stmts) {
            if (m_b.cancelled())
                return;
            if (done++ % 256 == 0)
                m_b.progress(done - 1, total);
            const json &loc = at(s, "stmt_location");
            m_offset = loc.is_number() ? loc.get<size_t>() : 0;
            const json &len = at(s, "stmt_len");
            m_len = len.is_number() ? len.get<size_t>() : m_sql.size() - m_offset;
            // The statement's place is its first token, after blanks and comments.
            const size_t first = skipBlanksAndComments(m_sql, m_offset);
            m_len -= std::min(m_len, first - m_offset);
            m_offset = first;
            // Lines counted forward: statements come in order.
            m_line += static_cast<int>(std::count(m_sql.begin() + m_lineOffset,
                                                  m_sql.begin() + m_offset, '\n'));
            m_lineOffset = m_offset;
            m_place = m_placeOf(m_line);
            const json &stmt = at(s, "stmt");
            if (stmt.is_object() && !stmt.empty())
                statement(stmt.begin().key(), stmt.begin().value());
        }
        m_b.progress(total, total);
        for (const auto &[name, seq] : m_sequences)
            if (!seq.used)
                m_b.notImported(seq.place, "sequence " + name,
                                "the model holds sequences only as identity columns");
    }

private:
    std::string statementText() const
    {
        std::string text(m_sql.substr(m_offset, std::min(m_len, m_sql.size() - m_offset)));
        const auto first = text.find_first_not_of(" \t\r\n");
        text = first == std::string::npos ? std::string() : text.substr(first);
        for (auto &c : text)
            if (c == '\n' || c == '\r' || c == '\t')
                c = ' ';
        return text.size() > 80 ? text.substr(0, 77) + "..." : text;
    }

    void skip(const std::string &reason) { m_b.notImported(m_place, statementText(), reason); }

    std::string schemaOf(const json &rangeVar) const
    {
        std::string s = str(rangeVar, "schemaname");
        return s.empty() ? m_searchSchema : s;
    }

    TableDraft *table(const json &rangeVar, bool report = true)
    {
        TableDraft *t = m_b.findTable(schemaOf(rangeVar), str(rangeVar, "relname"));
        if (!t && report)
            skip("table " + schemaOf(rangeVar) + "." + str(rangeVar, "relname") +
                 " was not created before this statement");
        return t;
    }

    void statement(const std::string &kind, const json &s)
    {
        if (kind == "VariableSetStmt") {
            if (str(s, "name") == "search_path") {
                auto args = at(s, "args");
                if (args.is_array() && !args.empty()) {
                    Literal l = constant(args[0]);
                    if (!l.text.empty())
                        m_searchSchema = l.text;
                }
            }
            return; // session settings: not schema objects
        }
        // Session settings, transactions, queries and data (pg_dump's set_config and setval,
        // COPY, INSERT) are no schema objects: docs/import.md says they are ignored.
        if (kind == "SelectStmt" && cronRefresh())
            return;
        if (kind == "SelectStmt" || kind == "TransactionStmt" || kind == "InsertStmt" ||
            kind == "CopyStmt" || kind == "UpdateStmt" || kind == "DeleteStmt")
            return;
        if (kind == "CreateSchemaStmt") {
            m_b.schema(str(s, "schemaname"));
            return;
        }
        if (kind == "CreateStmt")
            return createTable(s);
        if (kind == "AlterTableStmt")
            return alterTable(s);
        if (kind == "IndexStmt")
            return createIndex(s);
        if (kind == "CreateSeqStmt") {
            const json &rv = at(s, "sequence");
            m_sequences[schemaOf(rv) + "." + str(rv, "relname")] = {m_place, false};
            return;
        }
        if (kind == "AlterSeqStmt")
            return alterSequence(s);
        if (kind == "CreateEnumStmt") {
            auto n = names(at(s, "typeName"));
            std::string key = n.size() > 1 ? n[0] + "." + n[1] : m_searchSchema + "." + n[0];
            m_enums[key] = {names(at(s, "vals")), m_place};
            m_b.lossy(m_place, "enum type " + key, statementText(),
                      "the model has no enum types: its columns are imported as text");
            return;
        }
        if (kind == "CommentStmt")
            return comment(s);
        if (kind == "ViewStmt")
            return createView(at(s, "view"), s, false);
        if (kind == "CreateTableAsStmt") {
            if (str(s, "objtype") == "OBJECT_MATVIEW")
                return createView(at(at(s, "into"), "rel"), s, true);
            return skip("CREATE TABLE ... AS takes its columns from a query, which the model "
                        "cannot derive: create the table with its columns");
        }
        if (kind == "RefreshMatViewStmt")
            return; // data, not schema: like INSERT
        if (kind == "DoStmt" && cronRefresh())
            return;
        if (kind == "GrantStmt" || kind == "GrantRoleStmt" || kind == "CreateRoleStmt" ||
            kind == "AlterDefaultPrivilegesStmt" || kind == "AlterOwnerStmt")
            return skip("roles, ownership and privileges are not modelled (the DDL exporter "
                        "derives least-privilege roles from the links)");
        if (kind == "CreateFunctionStmt" || kind == "CreateTrigStmt" || kind == "DoStmt" ||
            kind == "RuleStmt" || kind == "CreatePolicyStmt")
            return skip("the model has no functions, triggers, rules or policies");
        if (kind == "CreateExtensionStmt")
            return skip("extensions are not modelled");
        skip("the model has no counterpart for " + kind);
    }

    MappedType mapType(const json &typeName)
    {
        auto n = names(at(typeName, "names"));
        std::vector<int> mods;
        std::string original = n.empty() ? "?" : n.back();
        if (at(typeName, "typmods").is_array()) {
            std::string args;
            for (const auto &m : at(typeName, "typmods")) {
                Literal l = constant(m);
                mods.push_back(l.kind == Literal::Kind::Int ? std::stoi(l.text) : 0);
                args += (args.empty() ? "" : ",") + l.text;
            }
            original += "(" + args + ")";
        }
        const bool array = at(typeName, "arrayBounds").is_array();
        if (array)
            original += "[]";
        MappedType m;
        auto lose = [&](Base b, const std::string &why) {
            m.type = makeType(b);
            m.loss = why;
            return m;
        };
        if (n.empty())
            return lose(Base::Text, "no type name");
        if (array)
            return lose(Base::Json, "the model has no arrays: imported as json");
        const bool builtin = n.size() == 1 || n[0] == "pg_catalog";
        const std::string t = n.back();
        if (!builtin || m_enums.count((n.size() > 1 ? n[0] : m_searchSchema) + "." + t)) {
            const std::string key = (n.size() > 1 ? n[0] : m_searchSchema) + "." + t;
            auto e = m_enums.find(key);
            if (e != m_enums.end()) {
                std::string labels;
                for (const auto &v : e->second.labels)
                    labels += (labels.empty() ? "'" : ", '") + v + "'";
                return lose(Base::Text, "enum " + key + " (" + labels + ") imported as text");
            }
            return lose(Base::Text, "type " + key + " is not a logical type: imported as text");
        }
        auto precisionLost = [&](Base b) {
            m.type = makeType(b);
            if (!mods.empty())
                m.loss = "precision (" + std::to_string(mods[0]) + ") lost";
            return m;
        };
        if (t == "bool" || t == "boolean")
            return {makeType(Base::Bool), false, {}};
        if (t == "int2" || t == "smallint")
            return {makeType(Base::SmallInt), false, {}};
        if (t == "int4" || t == "int" || t == "integer")
            return {makeType(Base::Int), false, {}};
        if (t == "int8" || t == "bigint")
            return {makeType(Base::BigInt), false, {}};
        if (t == "serial" || t == "serial4")
            return {makeType(Base::Int), true, {}};
        if (t == "bigserial" || t == "serial8")
            return {makeType(Base::BigInt), true, {}};
        if (t == "smallserial" || t == "serial2")
            return {makeType(Base::SmallInt), true, {}};
        if (t == "numeric" || t == "decimal") {
            if (mods.empty())
                return {makeType(Base::Decimal, 0, 38, 10), false,
                        "numeric without precision imported as decimal(38,10)"};
            return decimalType(mods[0], mods.size() > 1 ? mods[1] : 0);
        }
        if (t == "float4" || t == "real")
            return {makeType(Base::Real), false, {}};
        if (t == "float8")
            return {makeType(Base::Double), false, {}};
        if (t == "bpchar" || t == "char")
            return lengthType(Base::Char, mods.empty() ? 1 : mods[0]);
        if (t == "varchar") {
            if (mods.empty())
                return lose(Base::Text, "varchar without a length imported as text");
            return lengthType(Base::Varchar, mods[0]);
        }
        if (t == "text")
            return {makeType(Base::Text), false, {}};
        if (t == "bytea")
            return {makeType(Base::Bytes), false, {}};
        if (t == "uuid")
            return {makeType(Base::Uuid), false, {}};
        if (t == "date")
            return {makeType(Base::Date), false, {}};
        if (t == "timestamp")
            return precisionLost(Base::Timestamp);
        if (t == "timestamptz")
            return precisionLost(Base::Timestamptz);
        if (t == "jsonb")
            return {makeType(Base::Json), false, {}};
        if (t == "json")
            return lose(Base::Json, "json imported as json (exported as jsonb)");
        return lose(Base::Text, "type " + original + " is not a logical type: imported as text");
    }

    void addColumn(TableDraft &t, const std::string &schema, const json &def)
    {
        model::Column c;
        c.name = str(def, "colname");
        const std::string who = "column " + schema + "." + t.table.name + "." + c.name;
        MappedType m = mapType(at(def, "typeName"));
        c.type = m.type;
        c.identity = m.identity;
        if (m.identity)
            c.nullable = false;
        if (!m.loss.empty()) {
            auto n = names(at(at(def, "typeName"), "names"));
            m_b.lossy(m_place, who, n.empty() ? "?" : n.back(), m.loss);
        }
        if (at(def, "collClause").is_object())
            m_b.lossy(m_place, who, "COLLATE", "the column's collation is not kept");
        t.table.columns.push_back(c);
        const json &cons = at(def, "constraints");
        if (cons.is_array())
            for (const auto &k : cons)
                columnConstraint(t, schema, t.table.columns.size() - 1, at(k, "Constraint"));
    }

    void columnConstraint(TableDraft &t, const std::string &schema, size_t col, const json &k)
    {
        model::Column &c = t.table.columns[col];
        const std::string type = str(k, "contype");
        const std::string who = schema + "." + t.table.name + "." + c.name;
        if (type == "CONSTR_NOTNULL") {
            c.nullable = false;
        } else if (type == "CONSTR_NULL") {
            c.nullable = true;
        } else if (type == "CONSTR_DEFAULT") {
            setDefault(t, schema, c, at(k, "raw_expr"));
        } else if (type == "CONSTR_IDENTITY") {
            identity(c, who, k);
        } else if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE" ||
                   type == "CONSTR_FOREIGN") {
            json table = k;
            table[type == "CONSTR_FOREIGN" ? "fk_attrs" : "keys"] =
                json::array({{{"String", {{"sval", c.name}}}}});
            tableConstraint(t, schema, table);
        } else if (type == "CONSTR_GENERATED") {
            m_b.notImported(m_place, "generated column " + who,
                            "the model has no generated columns: imported as a plain column");
        } else if (type == "CONSTR_CHECK") {
            m_b.notImported(m_place, "check constraint on " + who,
                            "the model has no check constraints");
        } else {
            m_b.notImported(m_place, type + " on " + who, "not modelled");
        }
    }

    void identity(model::Column &c, const std::string &who, const json &k)
    {
        if (!c.type.isInteger()) {
            m_b.notImported(m_place, "identity of " + who,
                            "the model has identity on integer columns only");
            return;
        }
        c.identity = true;
        c.nullable = false;
        c.default_value.reset();
        if (str(k, "generated_when") == "a")
            m_b.lossy(m_place, "column " + who, "GENERATED ALWAYS AS IDENTITY",
                      "imported as identity (exported GENERATED BY DEFAULT)");
    }

    void setDefault(TableDraft &t, const std::string &schema, model::Column &c,
                    const json &expr)
    {
        const std::string who = schema + "." + t.table.name + "." + c.name;
        const json &v = uncast(expr);
        if (const json &f = at(v, "FuncCall"); f.is_object()) {
            auto n = names(at(f, "funcname"));
            const std::string fn = n.empty() ? std::string() : n.back();
            if (fn == "nextval" && at(f, "args").is_array() && !at(f, "args").empty()) {
                std::string seq = constant(uncast(at(f, "args")[0])).text;
                if (seq.find('.') == std::string::npos)
                    seq = m_searchSchema + "." + seq;
                seq.erase(std::remove(seq.begin(), seq.end(), '"'), seq.end());
                if (c.type.isInteger()) {
                    c.identity = true;
                    c.nullable = false;
                    c.default_value.reset();
                    m_sequences[seq].used = true;
                    if (m_sequences[seq].place.empty())
                        m_sequences[seq].place = m_place;
                    return;
                }
            }
            if (fn == "now" || fn == "transaction_timestamp") {
                c.default_value = nowDefault();
                return;
            }
        }
        if (const json &s = at(v, "SQLValueFunction"); s.is_object()) {
            const std::string op = str(s, "op");
            if (op.starts_with("SVFOP_CURRENT_TIMESTAMP") ||
                op.starts_with("SVFOP_LOCALTIMESTAMP") ||
                op == "SVFOP_CURRENT_DATE") {
                c.default_value = nowDefault();
                return;
            }
        }
        Literal l = constant(v);
        if (l.kind == Literal::Kind::None) {
            if (const json &e = at(v, "A_Expr"); e.is_object() && at(e, "lexpr").is_null()) {
                auto op = names(at(e, "name"));
                Literal r = constant(uncast(at(e, "rexpr")));
                if (op.size() == 1 && op[0] == "-" &&
                    (r.kind == Literal::Kind::Int || r.kind == Literal::Kind::Float)) {
                    l = r;
                    l.text = "-" + r.text;
                }
            }
        }
        model::DefaultValue d;
        using K = model::DefaultValue::Kind;
        switch (l.kind) {
        case Literal::Kind::Null: d.kind = K::Null; break;
        case Literal::Kind::Bool:
            d.kind = K::Bool;
            d.boolean = l.boolean;
            break;
        case Literal::Kind::Int:
        case Literal::Kind::Float:
            d.kind = K::Number;
            d.number = parseNumber(l.text).value_or(0);
            break;
        case Literal::Kind::String:
            if (c.type.base == Base::Bool && (l.text == "t" || l.text == "true" ||
                                              l.text == "f" || l.text == "false")) {
                d.kind = K::Bool;
                d.boolean = l.text[0] == 't';
            } else if (c.type.isNumeric() && parseNumber(l.text)) {
                d.kind = K::Number;
                d.number = *parseNumber(l.text);
            } else {
                d.kind = K::String;
                d.text = l.text;
            }
            break;
        case Literal::Kind::None:
            m_b.notImported(m_place, "default " + exprText(expr) + " of column " + who,
                            "the model holds literal defaults and the current time only");
            return;
        }
        c.default_value = d;
    }

    void createTable(const json &s)
    {
        const json &rv = at(s, "relation");
        const std::string schema = schemaOf(rv);
        const std::string name = str(rv, "relname");
        if (str(rv, "relpersistence") == "t")
            return skip("temporary tables are not part of a schema");
        if (at(s, "ofTypename").is_object())
            return skip("typed tables (OF type) are not modelled");
        const json &inh = at(s, "inhRelations");
        const json &bound = at(s, "partbound");
        if (inh.is_array() && !inh.empty() && !bound.is_object())
            return skip("table inheritance is not modelled");
        TableDraft *t = m_b.addTable(schema, name, m_place);
        if (!t)
            return;
        if (str(rv, "relpersistence") == "u")
            m_b.lossy(m_place, "table " + schema + "." + name, "UNLOGGED",
                      "imported as a logged table");
        if (bound.is_object()) {
            const json &parent = inh[0].contains("RangeVar") ? inh[0]["RangeVar"] : kNull;
            t->parentSchema = schemaOf(parent);
            t->parent = str(parent, "relname");
            t->bound = partitionBound(bound);
        }
        const json &elts = at(s, "tableElts");
        if (elts.is_array())
            for (const auto &e : elts) {
                if (at(e, "ColumnDef").is_object())
                    addColumn(*t, schema, at(e, "ColumnDef"));
                else if (at(e, "Constraint").is_object())
                    tableConstraint(*t, schema, at(e, "Constraint"));
                else
                    m_b.notImported(m_place, "LIKE clause in table " + schema + "." + name,
                                    "LIKE is not expanded by the importer");
            }
        if (const json &spec = at(s, "partspec"); spec.is_object())
            partitionKey(*t, spec);
    }

    void partitionKey(TableDraft &t, const json &spec)
    {
        const std::string strategy = str(spec, "strategy");
        t.method = strategy == "list"   ? model::PartitionMethod::List
                   : strategy == "hash" ? model::PartitionMethod::Hash
                                        : model::PartitionMethod::Range;
        const json &params = at(spec, "partParams");
        std::string text;
        int count = 0;
        std::string column;
        if (params.is_array())
            for (const auto &p : params) {
                const json &e = at(p, "PartitionElem");
                const std::string n = str(e, "name");
                text += (text.empty() ? "" : ", ") + (n.empty() ? exprText(at(e, "expr")) : n);
                column = n;
                ++count;
            }
        t.partKeyText = text;
        t.partColumn = count == 1 ? column : std::string();
    }

    RawPartition partitionBound(const json &b)
    {
        RawPartition p;
        p.place = m_place;
        auto texts = [](const json &list) {
            std::vector<std::string> out;
            if (list.is_array())
                for (const auto &v : list) {
                    Literal l = constant(uncast(v));
                    if (l.kind == Literal::Kind::None)
                        return std::vector<std::string>{}; // MINVALUE / MAXVALUE
                    out.push_back(l.kind == Literal::Kind::Bool ? (l.boolean ? "true" : "false")
                                                                : l.text);
                }
            return out;
        };
        if (at(b, "is_default").is_boolean() && at(b, "is_default").get<bool>()) {
            p.kind = RawPartition::Kind::Default;
            return p;
        }
        const std::string strategy = str(b, "strategy");
        if (strategy == "l") {
            p.kind = RawPartition::Kind::List;
            p.values = texts(at(b, "listdatums"));
        } else if (strategy == "h") {
            p.kind = RawPartition::Kind::Hash;
            p.modulus = at(b, "modulus").is_number() ? at(b, "modulus").get<int>() : 0;
            p.remainder = at(b, "remainder").is_number() ? at(b, "remainder").get<int>() : 0;
        } else {
            p.kind = RawPartition::Kind::Range;
            p.from = texts(at(b, "lowerdatums"));
            p.to = texts(at(b, "upperdatums"));
        }
        return p;
    }

    void tableConstraint(TableDraft &t, const std::string &schema, const json &k)
    {
        const std::string type = str(k, "contype");
        const std::string name = str(k, "conname");
        const std::string who = schema + "." + t.table.name;
        if (type == "CONSTR_PRIMARY") {
            t.table.primary_key = names(at(k, "keys"));
            for (auto &c : t.table.columns)
                for (const auto &key : t.table.primary_key)
                    if (c.name == key)
                        c.nullable = false;
        } else if (type == "CONSTR_UNIQUE") {
            model::UniqueConstraint u;
            u.columns = names(at(k, "keys"));
            u.name = name.empty() ? t.table.name + "_" + join(u.columns, "_") + "_key" : name;
            if (at(k, "nulls_not_distinct").is_boolean())
                m_b.lossy(m_place, "unique constraint " + u.name, "NULLS NOT DISTINCT",
                          "imported as a plain unique constraint");
            t.table.unique.push_back(u);
        } else if (type == "CONSTR_FOREIGN") {
            const json &pk = at(k, "pktable");
            model::ForeignKey fk;
            fk.name = name;
            fk.columns = names(at(k, "fk_attrs"));
            fk.references = str(pk, "relname");
            fk.ref_columns = names(at(k, "pk_attrs"));
            fk.on_delete = refAction(at(k, "fk_del_action"));
            fk.on_update = refAction(at(k, "fk_upd_action"));
            const std::string target = schemaOf(pk) + "." + fk.references;
            if (fk.name.empty()) // PostgreSQL's own name for it
                fk.name = t.table.name + "_" + join(fk.columns, "_") + "_fkey";
            if (schemaOf(pk) != schema) {
                m_b.notImported(m_place, "foreign key " + fk.name + " of " + who + " to " + target,
                                "the model keeps references within one schema");
                return;
            }
            if (fk.ref_columns.empty()) {
                TableDraft *ref = m_b.findTable(schema, fk.references);
                if (ref)
                    fk.ref_columns = ref->table.primary_key;
                if (fk.ref_columns.size() != fk.columns.size()) {
                    m_b.notImported(m_place, "foreign key " + name + " of " + who,
                                    "the referenced key of " + target + " is not known yet");
                    return;
                }
            }
            if (at(k, "deferrable").is_boolean())
                m_b.lossy(m_place, "foreign key " + fk.name, "DEFERRABLE",
                          "imported as not deferrable");
            if (str(k, "fk_matchtype") == "f")
                m_b.lossy(m_place, "foreign key " + fk.name, "MATCH FULL",
                          "imported as MATCH SIMPLE");
            t.table.foreign_keys.push_back(fk);
        } else if (type == "CONSTR_CHECK") {
            m_b.notImported(m_place, "check constraint " + name + " of " + who,
                            "the model has no check constraints");
        } else if (type == "CONSTR_EXCLUSION") {
            m_b.notImported(m_place, "exclusion constraint " + name + " of " + who,
                            "the model has no exclusion constraints");
        } else {
            m_b.notImported(m_place, type + " " + name + " of " + who, "not modelled");
        }
    }

    static std::string join(const std::vector<std::string> &v, const std::string &sep)
    {
        std::string out;
        for (const auto &s : v)
            out += (out.empty() ? "" : sep) + s;
        return out;
    }

    model::Column *column(TableDraft &t, const std::string &name)
    {
        for (auto &c : t.table.columns)
            if (c.name == name)
                return &c;
        skip("column " + t.table.name + "." + name + " does not exist");
        return nullptr;
    }

    void alterTable(const json &s)
    {
        const json &rv = at(s, "relation");
        const std::string objtype = str(s, "objtype");
        const json &cmds = at(s, "cmds");
        if (!cmds.is_array())
            return;
        if (objtype == "OBJECT_INDEX") {
            for (const auto &c : cmds) {
                const json &cmd = at(c, "AlterTableCmd");
                if (str(cmd, "subtype") == "AT_AttachPartition") {
                    const json &child = at(at(at(cmd, "def"), "PartitionCmd"), "name");
                    m_b.attachedIndex(schemaOf(child), str(child, "relname"));
                } else {
                    skip("index settings are not modelled");
                }
            }
            return;
        }
        if (objtype == "OBJECT_SEQUENCE") {
            for (const auto &c : cmds)
                if (str(at(c, "AlterTableCmd"), "subtype") != "AT_ChangeOwner")
                    skip("sequence settings are not modelled");
            return;
        }
        if (objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE")
            return skip("the model has no counterpart for this ALTER");
        bool ownerReported = false;
        for (const auto &c : cmds) {
            const json &cmd = at(c, "AlterTableCmd");
            const std::string sub = str(cmd, "subtype");
            if (sub == "AT_ChangeOwner") {
                if (!ownerReported)
                    skip("ownership is not modelled");
                ownerReported = true;
                continue;
            }
            TableDraft *t = table(rv);
            if (!t)
                return;
            const std::string schema = schemaOf(rv);
            const std::string colName = str(cmd, "name");
            const std::string who = schema + "." + t->table.name + "." + colName;
            if (sub == "AT_AddConstraint") {
                tableConstraint(*t, schema, at(at(cmd, "def"), "Constraint"));
            } else if (sub == "AT_ColumnDefault") {
                if (auto *col = column(*t, colName)) {
                    if (at(cmd, "def").is_null())
                        col->default_value.reset();
                    else
                        setDefault(*t, schema, *col, at(cmd, "def"));
                }
            } else if (sub == "AT_AddIdentity") {
                if (auto *col = column(*t, colName)) {
                    const json &k = at(at(cmd, "def"), "Constraint");
                    identity(*col, who, k);
                }
            } else if (sub == "AT_SetNotNull" || sub == "AT_DropNotNull") {
                if (auto *col = column(*t, colName))
                    col->nullable = sub == "AT_DropNotNull";
            } else if (sub == "AT_AddColumn") {
                addColumn(*t, schema, at(at(cmd, "def"), "ColumnDef"));
            } else if (sub == "AT_AttachPartition") {
                const json &pc = at(at(cmd, "def"), "PartitionCmd");
                const json &child = at(pc, "name");
                TableDraft *ct = table(child);
                if (!ct)
                    continue;
                ct->parentSchema = schema;
                ct->parent = t->table.name;
                ct->bound = partitionBound(at(pc, "bound"));
            } else {
                skip("the model has no counterpart for " + sub);
            }
        }
    }

    static std::vector<std::string> namesAt(const json &node, const char *key)
    {
        return names(at(node, key));
    }

    void alterSequence(const json &s)
    {
        const json &rv = at(s, "sequence");
        const std::string seq = schemaOf(rv) + "." + str(rv, "relname");
        if (!m_sequences.count(seq))
            m_sequences[seq] = {m_place, false};
        // OWNED BY ties the sequence to its column; the column's nextval default makes the
        // identity, so nothing else is needed here.
    }

    void createIndex(const json &s)
    {
        const json &rv = at(s, "relation");
        const std::string schema = schemaOf(rv);
        const std::string relation = str(rv, "relname");
        std::vector<model::Index> *indexes = nullptr;
        if (ViewDraft *v = m_b.findView(schema, relation);
            v && v->view.kind == model::ViewKind::Materialized)
            indexes = &v->view.indexes;
        else if (TableDraft *t = table(rv))
            indexes = &t->table.indexes;
        else
            return;
        model::Index ix;
        ix.name = str(s, "idxname");
        ix.unique = at(s, "unique").is_boolean() && at(s, "unique").get<bool>();
        const std::string who = "index " + ix.name + " on " + schema + "." + relation;
        if (ix.name.empty())
            return skip("an index without a name cannot be modelled");
        std::string expressions;
        const json &params = at(s, "indexParams");
        if (params.is_array())
            for (const auto &p : params) {
                const json &e = at(p, "IndexElem");
                const std::string n = str(e, "name");
                if (n.empty()) {
                    expressions += (expressions.empty() ? "" : ", ") + exprText(at(e, "expr"));
                    continue;
                }
                ix.columns.push_back({n, str(e, "ordering") == "SORTBY_DESC"});
                const std::string nulls = str(e, "nulls_ordering");
                if (nulls != "SORTBY_NULLS_DEFAULT" && !nulls.empty())
                    m_b.lossy(m_place, who, nulls, "NULLS FIRST/LAST not kept");
                if (at(e, "opclass").is_array() || at(e, "collation").is_array())
                    m_b.lossy(m_place, who, "operator class or collation",
                              "imported without it");
            }
        if (!expressions.empty())
            return m_b.notImported(m_place, who + " (expression: " + expressions + ")",
                                   "the model indexes columns only, not expressions");
        if (at(s, "whereClause").is_object())
            return m_b.notImported(m_place,
                                   who + " (partial: WHERE " + exprText(at(s, "whereClause")) +
                                       ")",
                                   "the model has no partial indexes");
        const std::string method = str(s, "accessMethod");
        if (!method.empty() && method != "btree")
            m_b.lossy(m_place, who, "USING " + method, "imported as a btree index");
        if (at(s, "indexIncludingParams").is_array())
            m_b.lossy(m_place, who, "INCLUDE (...)", "covering columns not kept");
        indexes->push_back(ix);
    }

    // Collects the relations a query's parse tree reads (RangeVar nodes, in text order) and
    // the names its WITH clauses define, which are not relations.
    static void rangeVars(const json &node, std::vector<const json *> &out,
                          std::set<std::string> &ctes)
    {
        if (node.is_array()) {
            for (const auto &n : node)
                rangeVars(n, out, ctes);
            return;
        }
        if (!node.is_object())
            return;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == "RangeVar")
                out.push_back(&it.value());
            else if (it.key() == "CommonTableExpr")
                ctes.insert(str(it.value(), "ctename"));
            rangeVars(it.value(), out, ctes);
        }
    }

    // CREATE [OR REPLACE] VIEW and CREATE MATERIALIZED VIEW: the query as written, the
    // relations it reads (resolved to the schema's tables and views when the import finishes).
    void createView(const json &rv, const json &s, bool materialized)
    {
        const std::string schema = schemaOf(rv);
        const std::string name = str(rv, "relname");
        const std::string who =
            std::string(materialized ? "materialized view " : "view ") + schema + "." + name;
        if (str(rv, "relpersistence") == "t")
            return skip("a temporary view is not part of the schema");
        const std::string text(m_sql.substr(m_offset, std::min(m_len, m_sql.size() - m_offset)));
        const size_t start = viewQueryStart(text);
        if (start == std::string::npos)
            return skip("the query of the view was not found after AS");
        std::string tail;
        const std::string query = trimViewQuery(std::string_view(text).substr(start), &tail);
        if (query.empty())
            return skip("the view has no query");
        ViewDraft *v = m_b.findView(schema, name);
        if (v && at(s, "replace").is_boolean() && at(s, "replace").get<bool>()) {
            v->place = m_place; // CREATE OR REPLACE: the last definition wins
        } else {
            v = m_b.addView(schema, name, m_place);
            if (!v)
                return;
        }
        v->view.kind = materialized ? model::ViewKind::Materialized : model::ViewKind::View;
        v->view.query = query;
        if (tail == "WITH NO DATA")
            m_b.lossy(m_place, who, tail,
                      "exported WITH DATA: the model's materialized view holds its rows");
        else if (tail.find("CHECK OPTION") != std::string::npos)
            m_b.lossy(m_place, who, tail, "not kept: the model's views are read-only");
        if (const json &aliases = at(s, "aliases"); aliases.is_array() && !aliases.empty()) {
            std::string list;
            for (const auto &n : names(aliases))
                list += (list.empty() ? "" : ", ") + n;
            m_b.lossy(m_place, who, "(" + list + ")",
                      "column names not kept: the query's own names (or AS aliases) are used");
        }
        std::vector<const json *> found;
        std::set<std::string> ctes;
        rangeVars(at(s, "query"), found, ctes);
        std::stable_sort(found.begin(), found.end(), [](const json *a, const json *b) {
            const json &la = at(*a, "location");
            const json &lb = at(*b, "location");
            return (la.is_number() ? la.get<long>() : 0) < (lb.is_number() ? lb.get<long>() : 0);
        });
        v->reads.clear();
        for (const json *r : found) {
            if (str(*r, "schemaname").empty() && ctes.count(str(*r, "relname")))
                continue;
            ViewRead read{schemaOf(*r), str(*r, "relname")};
            if (std::none_of(v->reads.begin(), v->reads.end(), [&](const ViewRead &x) {
                    return x.schema == read.schema && x.name == read.name;
                }))
                v->reads.push_back(read);
        }
    }

    // A pg_cron schedule of a refresh (as our DDL export writes it, in a DO block or a plain
    // SELECT): cron.schedule([name,] schedule, 'REFRESH MATERIALIZED VIEW [CONCURRENTLY] v')
    // becomes the view's refresh. Returns false when the statement holds none.
    bool cronRefresh()
    {
        const std::string text(m_sql.substr(m_offset, std::min(m_len, m_sql.size() - m_offset)));
        std::string lower = text;
        for (auto &c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t p = lower.find("cron.schedule(");
        if (p == std::string::npos)
            return false;
        // Its arguments are literals: 'text' with '' for a quote (doubled again inside a
        // quoted DO body is not our form: such a schedule is left alone).
        std::vector<std::string> args;
        p += 14;
        while (args.size() < 3) {
            while (p < text.size() && (std::isspace(static_cast<unsigned char>(text[p])) ||
                                       text[p] == ','))
                ++p;
            if (p >= text.size() || text[p] != '\'')
                break;
            std::string lit;
            for (++p; p < text.size(); ++p) {
                if (text[p] == '\'' && p + 1 < text.size() && text[p + 1] == '\'') {
                    lit += '\'';
                    ++p;
                } else if (text[p] == '\'') {
                    ++p;
                    break;
                } else {
                    lit += text[p];
                }
            }
            args.push_back(lit);
        }
        if (args.size() < 2)
            return false;
        const std::string &schedule = args[args.size() - 2];
        const std::string &command = args.back();
        PgQueryParseResult r = pg_query_parse(command.c_str());
        json tree;
        if (!r.error)
            tree = json::parse(r.parse_tree, nullptr, false);
        pg_query_free_parse_result(r);
        const json &stmts = at(tree, "stmts");
        if (!stmts.is_array() || stmts.size() != 1)
            return false;
        const json &refresh = at(at(stmts[0], "stmt"), "RefreshMatViewStmt");
        if (!refresh.is_object())
            return false;
        const json &rv = at(refresh, "relation");
        ViewDraft *v = m_b.findView(schemaOf(rv), str(rv, "relname"));
        const std::string who = "refresh of " + schemaOf(rv) + "." + str(rv, "relname");
        if (!v || v->view.kind != model::ViewKind::Materialized) {
            skip("it schedules the refresh of " + schemaOf(rv) + "." + str(rv, "relname") +
                 ", which is not an imported materialized view");
            return true;
        }
        model::ViewRefresh out;
        out.concurrent = at(refresh, "concurrent").is_boolean() &&
                         at(refresh, "concurrent").get<bool>();
        // pg_cron: "N seconds" (1..59) or a five-field cron line.
        int n = 0;
        char unit[16] = {};
        if (std::sscanf(schedule.c_str(), "%d %15s", &n, unit) == 2 &&
            std::string(unit) == "seconds" && n >= 1 && n <= 59) {
            out.every_s = n;
        } else if (model::isCronLine(schedule)) {
            out.cron = schedule;
        } else {
            m_b.notImported(m_place, who, "pg_cron schedule '" + schedule +
                                              "' is neither 'N seconds' nor a five-field cron "
                                              "line");
            return true;
        }
        v->view.refresh = out;
        return true;
    }

    void comment(const json &s)
    {
        const std::string objtype = str(s, "objtype");
        auto n = namesAt(at(at(s, "object"), "List"), "items");
        const std::string text = str(s, "comment");
        if (objtype == "OBJECT_TABLE" && !n.empty()) {
            std::string schema = n.size() > 1 ? n[n.size() - 2] : m_searchSchema;
            if (TableDraft *t = m_b.findTable(schema, n.back()))
                t->table.comment = text;
            else
                skip("the table was not imported");
            return;
        }
        if ((objtype == "OBJECT_VIEW" || objtype == "OBJECT_MATVIEW") && !n.empty()) {
            std::string schema = n.size() > 1 ? n[n.size() - 2] : m_searchSchema;
            if (ViewDraft *v = m_b.findView(schema, n.back()))
                v->view.comment = text;
            else
                skip("the view was not imported");
            return;
        }
        if (objtype == "OBJECT_COLUMN" && n.size() >= 2) {
            std::string schema = n.size() > 2 ? n[n.size() - 3] : m_searchSchema;
            if (TableDraft *t = m_b.findTable(schema, n[n.size() - 2])) {
                for (auto &c : t->table.columns)
                    if (c.name == n.back()) {
                        c.comment = text;
                        return;
                    }
            }
            return skip("the column was not imported");
        }
        if (objtype == "OBJECT_SCHEMA" || objtype == "OBJECT_EXTENSION")
            return skip("comments on schemas and extensions are not modelled");
        skip("comments are kept on tables and columns only");
    }

    struct Enum {
        std::vector<std::string> labels;
        std::string place;
    };

    Builder &m_b;
    std::string_view m_sql;
    const PlaceOf &m_placeOf;
    size_t m_offset = 0;
    size_t m_len = 0;
    size_t m_lineOffset = 0;
    int m_line = 1;
    std::string m_place;
    std::string m_searchSchema = "public";
    std::map<std::string, Enum> m_enums;
    std::map<std::string, Sequence> m_sequences;
};

// pg_dump's COPY ... FROM stdin data and psql meta-commands (\connect, \restrict) are not
// SQL: blank them, keeping every line where it was.
std::string blankClientLines(std::string_view sql)
{
    std::string out;
    out.reserve(sql.size());
    bool inCopy = false;
    size_t pos = 0;
    while (pos < sql.size()) {
        size_t end = sql.find('\n', pos);
        const bool last = end == std::string_view::npos;
        std::string_view line = sql.substr(pos, last ? std::string_view::npos : end - pos);
        bool blank = false;
        if (inCopy) {
            blank = true;
            if (line == "\\." || line == "\\.\r")
                inCopy = false;
        } else if (!line.empty() && line[0] == '\\') {
            blank = true;
        } else if (line.starts_with("COPY ") && line.find("FROM stdin;") != std::string::npos) {
            inCopy = true;
        }
        if (!blank)
            out += line;
        if (!last)
            out += '\n';
        pos = last ? sql.size() : end + 1;
    }
    return out;
}

} // namespace

model::Status importPostgresScript(std::string_view sql, Builder &builder,
                                   const PlaceOf &placeOf, const std::string &file)
{
    const std::string text = blankClientLines(sql);
    PgQueryParseResult r = pg_query_parse(text.c_str());
    model::Status status;
    if (r.error) {
        // cursorpos is 1-based in characters; the scripts we read are UTF-8.
        size_t chars = r.error->cursorpos > 0 ? static_cast<size_t>(r.error->cursorpos - 1) : 0;
        size_t offset = 0;
        for (size_t seen = 0; offset < text.size() && seen < chars; ++offset)
            if ((static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80)
                ++seen;
        while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80)
            ++offset;
        const int line = lineOf(text, offset);
        const size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
        const size_t col = offset - (lineStart == std::string::npos || offset == 0
                                         ? 0
                                         : lineStart + 1) + 1;
        status = model::Status::error(file, std::to_string(line) + ":" + std::to_string(col),
                                      std::string(r.error->message));
        pg_query_free_parse_result(r);
        return status;
    }
    json tree;
    try {
        tree = json::parse(r.parse_tree);
    } catch (const json::exception &e) {
        pg_query_free_parse_result(r);
        return model::Status::error(file, {}, std::string("parse tree unreadable: ") + e.what());
    }
    pg_query_free_parse_result(r);
    try {
        restoreNegativeIntegers(tree, text);
        PgImporter(builder, text, placeOf).run(tree);
    } catch (const json::exception &e) {
        return model::Status::error(file, {}, std::string("unexpected parse tree: ") + e.what());
    } catch (const std::exception &e) {
        return model::Status::error(file, {}, std::string("import failed: ") + e.what());
    }
    return status;
}

} // namespace archsim::importers::detail
