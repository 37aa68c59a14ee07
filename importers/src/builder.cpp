// The shared back half of the importers: partitions, references, ids and components.

#include "builder.h"

#include "archsim/model/validate.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <set>

namespace archsim::importers::detail {

using model::PartitionInterval;
using model::PartitionMethod;

Builder::Builder(model::DbEngine engine, std::string source)
    : m_engine(engine), m_source(std::move(source))
{
}

SchemaDraft &Builder::schema(const std::string &name)
{
    for (auto &s : m_schemas)
        if (s.name == name)
            return s;
    m_schemas.push_back({name, {}, {}});
    return m_schemas.back();
}

TableDraft *Builder::findTable(const std::string &schemaName, const std::string &table)
{
    for (auto &s : m_schemas)
        if (s.name == schemaName)
            for (auto &t : s.tables)
                if (t.table.name == table)
                    return &t;
    return nullptr;
}

TableDraft *Builder::addTable(const std::string &schemaName, const std::string &table,
                              const std::string &place)
{
    if (findTable(schemaName, table)) {
        notImported(place, "table " + schemaName + "." + table,
                    "a table of that name was already created");
        return nullptr;
    }
    auto &s = schema(schemaName);
    s.tables.push_back({});
    s.tables.back().table.name = table;
    s.tables.back().place = place;
    return &s.tables.back();
}

ViewDraft *Builder::findView(const std::string &schemaName, const std::string &name)
{
    for (auto &s : m_schemas)
        if (s.name == schemaName)
            for (auto &v : s.views)
                if (v.view.name == name)
                    return &v;
    return nullptr;
}

ViewDraft *Builder::addView(const std::string &schemaName, const std::string &name,
                            const std::string &place)
{
    if (findTable(schemaName, name) || findView(schemaName, name)) {
        notImported(place, "view " + schemaName + "." + name,
                    "a table or view of that name was already created");
        return nullptr;
    }
    auto &s = schema(schemaName);
    s.views.push_back({});
    s.views.back().view.name = name;
    s.views.back().place = place;
    return &s.views.back();
}

void Builder::notImported(const std::string &place, const std::string &object,
                          const std::string &reason)
{
    m_result.notImported.push_back({place, object, reason});
}

void Builder::lossy(const std::string &place, const std::string &object,
                    const std::string &original, const std::string &note)
{
    m_result.lossy.push_back({place, object, original, note});
}

void Builder::attachedIndex(const std::string &schemaName, const std::string &index)
{
    m_attachedIndexes[schemaName].push_back(index);
}

void Builder::attachPartitions()
{
    for (auto &s : m_schemas) {
        const auto &attached = m_attachedIndexes[s.name];
        auto isAttached = [&](const std::string &n) {
            return std::find(attached.begin(), attached.end(), n) != attached.end();
        };
        for (auto &child : s.tables) {
            if (child.parent.empty())
                continue;
            TableDraft *parent = findTable(child.parentSchema, child.parent);
            const std::string who = s.name + "." + child.table.name;
            if (!parent || !parent->method || !child.bound) {
                notImported(child.place, "partition " + who,
                            "its partitioned table " + child.parentSchema + "." + child.parent +
                                " was not imported");
                continue;
            }
            // The partition's own columns repeat the table's: their notes are noise.
            const std::string prefix = "column " + who + ".";
            std::erase_if(m_result.lossy, [&](const LossyMapping &l) {
                return l.object.starts_with(prefix);
            });
            RawPartition p = *child.bound;
            p.name = child.table.name;
            p.place = child.place;
            parent->parts.push_back(p);
            for (const auto &ix : child.table.indexes)
                if (!isAttached(ix.name))
                    notImported(child.place, "index " + ix.name + " of partition " + who,
                                "the model holds the indexes of the partitioned table only");
            for (const auto &u : child.table.unique)
                if (!isAttached(u.name))
                    notImported(child.place, "unique constraint " + u.name + " of partition " +
                                                 who,
                                "the model holds the constraints of the partitioned table only");
            for (const auto &fk : child.table.foreign_keys)
                notImported(child.place, "foreign key " + fk.name + " of partition " + who,
                            "the model holds the constraints of the partitioned table only");
        }
        std::erase_if(s.tables, [](const TableDraft &t) { return !t.parent.empty(); });
    }
}

namespace {

struct Day {
    int y = 0, m = 0, d = 0;
    friend bool operator==(const Day &, const Day &) = default;
};

// Reads "2026-01-01", "2026-01-01 00:00:00", "2026-01-01 00:00:00+00", "2026-01-01T00:00:00";
// refuses a time of day other than midnight or an offset other than UTC.
bool parseDay(const std::string &text, Day &d)
{
    if (text.size() < 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3 ||
        text[4] != '-' || text[7] != '-')
        return false;
    std::string rest = text.substr(10);
    if (!rest.empty() && (rest[0] == ' ' || rest[0] == 'T'))
        rest = rest.substr(1);
    for (const char *z : {"+00:00", "+00", "Z"})
        if (rest.size() >= std::char_traits<char>::length(z) &&
            rest.ends_with(z)) {
            rest.resize(rest.size() - std::char_traits<char>::length(z));
            break;
        }
    if (!rest.empty() && rest.find_first_not_of("0:.") != std::string::npos)
        return false;
    if (d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31)
        return false;
    return true;
}

long daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

Day step(Day d, PartitionInterval i, int n)
{
    if (i == PartitionInterval::Year)
        return {d.y + n, d.m, d.d};
    if (i == PartitionInterval::Month) {
        const int months = d.y * 12 + (d.m - 1) + n;
        return {months / 12, months % 12 + 1, d.d};
    }
    // Day: through the day count.
    long z = daysFromCivil(d.y, d.m, d.d) + n + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

std::string startText(Day d, PartitionInterval i)
{
    char buf[32];
    if (i == PartitionInterval::Year)
        std::snprintf(buf, sizeof buf, "%04d", d.y);
    else if (i == PartitionInterval::Month)
        std::snprintf(buf, sizeof buf, "%04d-%02d", d.y, d.m);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.y, d.m, d.d);
    return buf;
}

const char *methodName(PartitionMethod m)
{
    return m == PartitionMethod::Range ? "range" : m == PartitionMethod::List ? "list" : "hash";
}

} // namespace

void Builder::fitPartitioning(SchemaDraft &s, TableDraft &t)
{
    const std::string who = s.name + "." + t.table.name;
    const std::string what = "partitioning of " + who + " (" + methodName(*t.method) + " by " +
                             t.partKeyText + ") and its " + std::to_string(t.parts.size()) +
                             " partitions";
    auto refuse = [&](const std::string &why) { notImported(t.place, what, why); };
    if (t.partColumn.empty())
        return refuse("the model partitions by one column, not by an expression or several");
    const model::Column *col = nullptr;
    for (const auto &c : t.table.columns)
        if (c.name == t.partColumn)
            col = &c;
    if (!col)
        return refuse("the partition column is not a column of the table");
    model::Partitioning p;
    p.method = *t.method;
    p.column = t.partColumn;
    std::vector<RawPartition> parts;
    for (const auto &r : t.parts) {
        if (r.kind == RawPartition::Kind::Default)
            p.default_partition = true;
        else
            parts.push_back(r);
    }
    if (parts.empty() && p.method != PartitionMethod::Hash)
        return refuse("the table has no partitions; the model needs at least one");
    const std::string prefix = t.table.name + "_";
    if (p.method == PartitionMethod::List) {
        for (const auto &r : parts) {
            std::string name = r.name;
            // The PostgreSQL exporter names a list partition "<table>_<name>".
            if (m_engine == model::DbEngine::Postgres && name.starts_with(prefix) &&
                name.size() > prefix.size())
                name = name.substr(prefix.size());
            p.lists.push_back({name, r.values});
        }
    } else if (p.method == PartitionMethod::Hash) {
        int modulus = 0;
        std::set<int> remainders;
        for (const auto &r : parts) {
            if (modulus && r.modulus != modulus)
                return refuse("the hash partitions have different moduli");
            modulus = r.modulus;
            remainders.insert(r.remainder);
        }
        if (modulus < 1 || static_cast<int>(remainders.size()) != modulus)
            return refuse("the hash partitions do not cover every remainder of the modulus");
        p.count = modulus;
        lossy(t.place, "partitions of " + who, std::to_string(modulus) + " hash partitions",
              "imported as hash count " + std::to_string(modulus) +
                  "; partition names are derived on export");
    } else {
        if (!col->type.isTemporal())
            return refuse("the model range-partitions date and timestamp columns only");
        struct Span {
            Day from, to;
        };
        std::vector<Span> spans;
        Day previous{};
        bool havePrevious = false;
        const bool mysql = m_engine == model::DbEngine::Mysql;
        // MySQL states upper bounds only: the lower one is the previous upper bound, and the
        // first partition is open below (MINVALUE elsewhere is refused).
        for (size_t k = 0; k < parts.size(); ++k) {
            const auto &r = parts[k];
            if (r.to.empty()) {
                if (k + 1 == parts.size() && mysql)
                    break; // the MAXVALUE partition the exporter always writes
                return refuse("partition " + r.name + " is unbounded (MAXVALUE)");
            }
            Day to{}, from{};
            bool ok = r.to.size() == 1 && parseDay(r.to[0], to);
            if (r.from.empty() && mysql)
                from = previous; // Day{} for the first: open below
            else
                ok = ok && r.from.size() == 1 && parseDay(r.from[0], from);
            if (!ok)
                return refuse("partition " + r.name +
                              " has a bound that is not a date at midnight UTC");
            spans.push_back({from, to});
            previous = to;
            havePrevious = true;
        }
        if (!havePrevious)
            return refuse("the table has no bounded partitions");
        std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
            return daysFromCivil(a.to.y, a.to.m, a.to.d) < daysFromCivil(b.to.y, b.to.m, b.to.d);
        });
        const bool openFirst = spans.front().from == Day{};
        if (openFirst && spans.size() < 2)
            return refuse("a single partition without a lower bound has no width");
        std::optional<PartitionInterval> interval;
        const Span &probe = openFirst ? spans[1] : spans[0];
        for (auto i : {PartitionInterval::Day, PartitionInterval::Month, PartitionInterval::Year})
            if (step(probe.from, i, 1) == probe.to)
                interval = i;
        if (!interval)
            return refuse("the partitions are not one day, one month or one year wide");
        if (openFirst)
            spans[0].from = step(spans[0].to, *interval, -1);
        for (size_t k = 0; k < spans.size(); ++k) {
            if (step(spans[k].from, *interval, 1) != spans[k].to ||
                (k > 0 && !(spans[k - 1].to == spans[k].from)))
                return refuse("the partitions are not a gap-free series of equal periods");
        }
        p.interval = *interval;
        p.start = startText(spans[0].from, *interval);
        p.count = static_cast<int>(spans.size());
        std::string err;
        lossy(t.place, "partitions of " + who,
              std::to_string(spans.size()) + " range partitions",
              "imported as " + std::string(model::toString(*interval)) + " ranges from " +
                  p.start + ", count " + std::to_string(p.count) +
                  "; partition names are derived on export");
    }
    t.table.partitioning = p;
}

void Builder::checkReferences(SchemaDraft &s)
{
    for (auto &t : s.tables) {
        std::erase_if(t.table.foreign_keys, [&](const model::ForeignKey &fk) {
            const bool known = std::any_of(s.tables.begin(), s.tables.end(),
                                           [&](const TableDraft &o) {
                                               return o.table.name == fk.references;
                                           });
            if (!known)
                notImported(t.place, "foreign key " + fk.name + " of " + s.name + "." +
                                         t.table.name,
                            "it references " + fk.references +
                                ", which is not a table of schema " + s.name +
                                " (the model keeps references within one schema)");
            return !known;
        });
    }
}

void Builder::uniqueIndexNames(SchemaDraft &s)
{
    // Index names are per schema in the model (as in PostgreSQL); MySQL and SQLite scope
    // some of them per table, so a clash is renamed "<table>_<name>".
    std::set<std::string> seen;
    auto unique = [&](const std::string &owner, const std::string &place,
                      std::vector<model::Index> &indexes) {
        for (auto &ix : indexes) {
            if (seen.insert(ix.name).second)
                continue;
            const std::string old = ix.name;
            ix.name = owner + "_" + old;
            for (int n = 2; !seen.insert(ix.name).second; ++n)
                ix.name = owner + "_" + old + "_" + std::to_string(n);
            lossy(place, "index " + old + " of " + s.name + "." + owner, old,
                  "renamed " + ix.name + ": index names are unique per schema in the model");
        }
    };
    for (auto &t : s.tables)
        unique(t.table.name, t.place, t.table.indexes);
    for (auto &v : s.views)
        unique(v.view.name, v.place, v.view.indexes);
}

void Builder::resolveViewReads(SchemaDraft &s)
{
    // A view keeps the reads of its own schema; one that reads another schema's relation, or
    // one that was not imported, would not validate, so it is left out with the reason (and
    // so are the views that read it, in turn).
    std::set<std::string> kept;
    std::vector<ViewDraft> views;
    for (auto &v : s.views) {
        const std::string who = "view " + s.name + "." + v.view.name;
        std::string reason;
        v.view.reads.clear();
        for (const auto &r : v.reads) {
            const std::string full = r.schema + "." + r.name;
            if (r.schema != s.name) {
                reason = "it reads " + full + " of another schema (the model keeps a view's "
                         "reads within its schema)";
                break;
            }
            if (!findTable(s.name, r.name) && !kept.count(r.name)) {
                reason = "it reads " + full + ", which was not imported";
                break;
            }
            if (std::find(v.view.reads.begin(), v.view.reads.end(), r.name) ==
                v.view.reads.end())
                v.view.reads.push_back(r.name);
        }
        if (!reason.empty()) {
            notImported(v.place, who, reason);
            continue;
        }
        kept.insert(v.view.name);
        views.push_back(std::move(v));
    }
    s.views = std::move(views);
}

ImportResult Builder::finish(const std::string &base)
{
    attachPartitions();
    std::erase_if(m_schemas, [&](const SchemaDraft &s) {
        if (!s.tables.empty())
            return false;
        for (const auto &v : s.views)
            notImported(v.place, "view " + s.name + "." + v.view.name,
                        "its schema " + s.name + " has no tables, and the model keeps views in "
                        "the schema of a database");
        return true;
    });
    std::set<std::string> schemaIds;
    const std::string baseId = slug(base, "db");
    for (auto &s : m_schemas) {
        for (auto &t : s.tables)
            if (t.method)
                fitPartitioning(s, t);
        checkReferences(s);
        resolveViewReads(s);
        uniqueIndexNames(s);
        model::Schema schema;
        // One schema: the base names it; several: each also by its SQL name.
        std::string id = m_schemas.size() == 1 ? baseId : slug(base + "-" + s.name, baseId);
        for (int n = 2; !schemaIds.insert(id).second; ++n)
            id = slug(base + "-" + s.name, baseId) + "-" + std::to_string(n);
        schema.id = id;
        schema.name = m_engine == model::DbEngine::Sqlite ? std::string() : s.name;
        for (auto &t : s.tables)
            schema.tables.push_back(std::move(t.table));
        for (auto &v : s.views)
            schema.views.push_back(std::move(v.view));
        model::Component db;
        db.id = id;
        db.kind = model::ComponentKind::Database;
        db.engine = m_engine;
        db.schema = id;
        db.name = s.name.empty() || m_engine == model::DbEngine::Sqlite
                      ? base
                      : base + " (" + s.name + ")";
        db.description = "Imported from " + m_source + ".";
        m_result.schemas.push_back(std::move(schema));
        m_result.databases.push_back(std::move(db));
    }
    return std::move(m_result);
}

std::string slug(const std::string &text, const std::string &fallback)
{
    std::string out;
    for (unsigned char c : text) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<unsigned char>(c - 'A' + 'a');
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok)
            out += static_cast<char>(c);
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    if (!out.empty() && !(out[0] >= 'a' && out[0] <= 'z'))
        out = "db-" + out;
    if (out.size() > 63)
        out.resize(63);
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return model::isValidId(out) ? out : fallback;
}

int lineOf(std::string_view text, size_t offset)
{
    offset = std::min(offset, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

size_t skipBlanksAndComments(std::string_view s, size_t i)
{
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i]))) {
            ++i;
        } else if (s.substr(i, 2) == "--") {
            const size_t end = s.find('\n', i);
            i = end == std::string_view::npos ? s.size() : end + 1;
        } else if (s.substr(i, 2) == "/*") {
            const size_t end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else {
            break;
        }
    }
    return i;
}

model::LogicalType makeType(model::LogicalType::Base base, int length, int precision, int scale)
{
    model::LogicalType t;
    t.base = base;
    t.length = length;
    t.precision = precision;
    t.scale = scale;
    return t;
}

MappedType decimalType(int precision, int scale)
{
    using Base = model::LogicalType::Base;
    const std::string original =
        "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    auto noted = [&](int p, int s, const std::string &why) {
        return MappedType{makeType(Base::Decimal, 0, p, s), false,
                          original + " " + why + ": imported as decimal(" + std::to_string(p) +
                              "," + std::to_string(s) + ")"};
    };
    if (precision < 1 || precision > 1000 || scale > 1000 || scale < -1000)
        return noted(38, 10, "is out of range (precision 1..1000)");
    if (scale < 0) // rounds to 10^-scale: as many integer digits more
        return noted(std::min(precision - scale, 1000), 0, "has a negative scale");
    if (scale > precision) // values below 10^(precision-scale): scale digits in all
        return noted(scale, scale, "has a scale above its precision");
    return {makeType(Base::Decimal, 0, precision, scale), false, {}};
}

MappedType lengthType(model::LogicalType::Base base, int length)
{
    if (length >= 1 && length <= 65535)
        return {makeType(base, length), false, {}};
    const std::string name = base == model::LogicalType::Base::Char ? "char" : "varchar";
    return {makeType(model::LogicalType::Base::Text), false,
            name + "(" + std::to_string(length) +
                ") is outside the model's lengths 1..65535: imported as text"};
}

namespace {

bool identStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool identChar(unsigned char c) { return identStart(c) || std::isdigit(c) || c == '$'; }

// One token of SQL text: an identifier (quoted or not), a string literal, or one character.
struct SqlToken {
    enum class Kind { Word, Quoted, Literal, Other } kind = Kind::Other;
    std::string text; // identifiers: without quotes; words: as written
    size_t begin = 0;
    size_t end = 0;
};

// Reads the token at or after `i` (past blanks and comments); kind Other with begin == size at
// the end. Double quotes, backticks and [brackets] quote identifiers; '...' is a literal, and so
// is PostgreSQL's $tag$...$tag$.
SqlToken nextToken(std::string_view s, size_t i)
{
    SqlToken t;
    i = skipBlanksAndComments(s, i);
    t.begin = i;
    if (i >= s.size()) {
        t.end = i;
        return t;
    }
    const char c = s[i];
    auto quoted = [&](char close, SqlToken::Kind kind) {
        t.kind = kind;
        size_t j = i + 1;
        for (; j < s.size(); ++j) {
            if (s[j] == close && j + 1 < s.size() && s[j + 1] == close && close != ']') {
                t.text += close;
                ++j;
            } else if (s[j] == close) {
                break;
            } else {
                t.text += s[j];
            }
        }
        t.end = std::min(j + 1, s.size());
    };
    if (c == '"')
        quoted('"', SqlToken::Kind::Quoted);
    else if (c == '`')
        quoted('`', SqlToken::Kind::Quoted);
    else if (c == '[')
        quoted(']', SqlToken::Kind::Quoted);
    else if (c == '\'')
        quoted('\'', SqlToken::Kind::Literal);
    else if (c == '$' && i + 1 < s.size() && (s[i + 1] == '$' || identStart(s[i + 1]))) {
        const size_t close = s.find('$', i + 1);
        const std::string_view tag =
            close == std::string_view::npos ? s.substr(i, 1) : s.substr(i, close - i + 1);
        const size_t end = close == std::string_view::npos ? std::string_view::npos
                                                           : s.find(tag, close + 1);
        t.kind = SqlToken::Kind::Literal;
        t.end = end == std::string_view::npos ? s.size() : end + tag.size();
    } else if (identStart(static_cast<unsigned char>(c))) {
        size_t j = i;
        while (j < s.size() && identChar(static_cast<unsigned char>(s[j])))
            ++j;
        t.kind = SqlToken::Kind::Word;
        t.text = std::string(s.substr(i, j - i));
        t.end = j;
    } else {
        t.text = std::string(1, c);
        t.end = i + 1;
    }
    return t;
}

std::string upper(std::string text)
{
    for (auto &c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

size_t viewQueryStart(std::string_view text)
{
    bool afterView = false;
    int depth = 0;
    for (size_t i = 0; i < text.size();) {
        const SqlToken t = nextToken(text, i);
        if (t.begin >= text.size())
            break;
        if (t.kind == SqlToken::Kind::Other && t.text == "(")
            ++depth;
        else if (t.kind == SqlToken::Kind::Other && t.text == ")")
            --depth;
        else if (t.kind == SqlToken::Kind::Word && depth == 0) {
            const std::string w = upper(t.text);
            if (w == "VIEW")
                afterView = true;
            else if (w == "AS" && afterView)
                return skipBlanksAndComments(text, t.end);
        }
        i = t.end;
    }
    return std::string_view::npos;
}

std::string trimViewQuery(std::string_view query, std::string *tail)
{
    // The last words, as tokens: a trailing clause is found without touching the query.
    std::vector<SqlToken> tokens;
    for (size_t i = 0; i < query.size();) {
        SqlToken t = nextToken(query, i);
        if (t.begin >= query.size())
            break;
        i = t.end;
        tokens.push_back(std::move(t));
    }
    while (!tokens.empty() && tokens.back().text == ";")
        tokens.pop_back();
    auto words = [&](std::initializer_list<const char *> ws) {
        if (tokens.size() < ws.size())
            return false;
        size_t k = tokens.size() - ws.size();
        for (const char *w : ws)
            if (tokens[k].kind != SqlToken::Kind::Word || upper(tokens[k++].text) != w)
                return false;
        return true;
    };
    size_t cut = 0;
    for (auto ws : {std::initializer_list<const char *>{"WITH", "NO", "DATA"},
                    std::initializer_list<const char *>{"WITH", "DATA"},
                    std::initializer_list<const char *>{"WITH", "CASCADED", "CHECK", "OPTION"},
                    std::initializer_list<const char *>{"WITH", "LOCAL", "CHECK", "OPTION"},
                    std::initializer_list<const char *>{"WITH", "CHECK", "OPTION"}})
        if (words(ws)) {
            cut = ws.size();
            break;
        }
    if (tail) {
        tail->clear();
        for (size_t k = tokens.size() - cut; k < tokens.size(); ++k)
            *tail += (tail->empty() ? "" : " ") + upper(tokens[k].text);
    }
    tokens.resize(tokens.size() - cut);
    if (tokens.empty())
        return {};
    return std::string(query.substr(tokens.front().begin,
                                    tokens.back().end - tokens.front().begin));
}

std::vector<ViewRead> namedRelations(
    std::string_view query,
    const std::function<bool(const std::string &, const std::string &)> &known)
{
    // A relation is named right after FROM or JOIN (past ONLY or LATERAL), or after a comma of
    // a FROM list; a name followed by "(" is a function (generate_series(...)).
    std::vector<ViewRead> out;
    std::vector<std::string> chain;
    bool expect = false;   // the next name is a relation
    bool fromList = false; // a comma starts another relation
    std::vector<bool> outer; // fromList of the enclosing brackets
    auto take = [&](bool function) {
        if (!function && (chain.size() == 1 || chain.size() == 2)) {
            const std::string schema = chain.size() == 2 ? chain[0] : std::string();
            const std::string &name = chain.back();
            const bool seen = std::any_of(out.begin(), out.end(), [&](const ViewRead &r) {
                return r.schema == schema && r.name == name;
            });
            if (!seen && known(schema, name))
                out.push_back({schema, name});
        }
        chain.clear();
    };
    bool inChain = false; // reading a dotted name: a word or a dot continues it
    for (size_t i = 0; i < query.size();) {
        const SqlToken t = nextToken(query, i);
        if (t.begin >= query.size())
            break;
        i = t.end;
        const bool ident = t.kind == SqlToken::Kind::Word || t.kind == SqlToken::Kind::Quoted;
        if (inChain) {
            if (t.kind == SqlToken::Kind::Other && t.text == ".") {
                const SqlToken n = nextToken(query, i);
                if (n.kind == SqlToken::Kind::Word || n.kind == SqlToken::Kind::Quoted) {
                    chain.push_back(n.text);
                    i = n.end;
                    continue;
                }
            }
            inChain = false;
            take(t.kind == SqlToken::Kind::Other && t.text == "(");
            fromList = true;
        }
        const std::string w = t.kind == SqlToken::Kind::Word ? upper(t.text) : std::string();
        if (w == "FROM" || w == "JOIN") {
            expect = true;
            continue;
        }
        if (expect && (w == "ONLY" || w == "LATERAL"))
            continue;
        // FROM (a JOIN b ...) nests a join; FROM (SELECT ...) is a subquery.
        if (expect && t.kind == SqlToken::Kind::Other && t.text == "(") {
            outer.push_back(fromList);
            fromList = false;
            continue;
        }
        if (expect && (w == "SELECT" || w == "WITH" || w == "VALUES")) {
            expect = false;
            continue;
        }
        if (expect && ident) {
            chain.push_back(t.text);
            inChain = true;
            expect = false;
            continue;
        }
        expect = false;
        if (t.kind == SqlToken::Kind::Other && t.text == "," && fromList) {
            expect = true;
            continue;
        }
        // Brackets nest FROM lists (a subquery in FROM is followed by more of its list).
        if (t.kind == SqlToken::Kind::Other && t.text == "(") {
            outer.push_back(fromList);
            fromList = false;
            continue;
        }
        if (t.kind == SqlToken::Kind::Other && t.text == ")") {
            fromList = !outer.empty() && outer.back();
            if (!outer.empty())
                outer.pop_back();
            continue;
        }
        // A clause keyword ends the FROM list; an alias (AS x, x) does not.
        static const std::set<std::string> clauses = {
            "WHERE", "ON",     "USING",   "GROUP",  "ORDER", "HAVING", "LIMIT",
            "UNION", "EXCEPT", "INTERSECT", "WINDOW", "SELECT", "OFFSET", "FETCH", "FOR"};
        if (clauses.count(w))
            fromList = false;
    }
    if (inChain)
        take(false);
    return out;
}

std::optional<double> parseNumber(const std::string &text)
{
    if (text.empty())
        return std::nullopt;
    double v = 0;
    const char *b = text.data();
    const char *e = b + text.size();
    if (*b == '+')
        ++b;
    auto [ptr, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || ptr != e)
        return std::nullopt;
    return v;
}

} // namespace archsim::importers::detail
