// Schema rules: keys, indexes, table growth and partitions, key types, sensitive columns.

#include "lint_internal.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace archsim::model::detail {

namespace {

constexpr double kLargeTableRows = 10'000'000;
constexpr double kLargePartitionRows = 1'000'000;
constexpr double kHorizonMonths = 24;

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string tablePointer(size_t s, size_t t)
{
    return "/schemas/" + std::to_string(s) + "/tables/" + std::to_string(t);
}

std::string columnList(const std::vector<std::string> &cols)
{
    std::string out = "(";
    for (size_t i = 0; i < cols.size(); ++i)
        out += (i ? ", " : "") + cols[i];
    return out + ")";
}

// The leading column sequences that the database can search by: primary key, unique
// constraints and indexes.
std::vector<std::vector<std::string>> searchableKeys(const Table &t)
{
    std::vector<std::vector<std::string>> keys;
    if (!t.primary_key.empty())
        keys.push_back(t.primary_key);
    for (const auto &u : t.unique)
        keys.push_back(u.columns);
    for (const auto &ix : t.indexes) {
        std::vector<std::string> cols;
        for (const auto &c : ix.columns)
            cols.push_back(c.column);
        keys.push_back(std::move(cols));
    }
    return keys;
}

// True when the first |cols| columns of `key` are exactly `cols` in some order.
bool startsWithSet(const std::vector<std::string> &key, const std::vector<std::string> &cols)
{
    if (cols.empty() || key.size() < cols.size())
        return false;
    for (const auto &c : cols)
        if (std::find(key.begin(), key.begin() + long(cols.size()), c) ==
            key.begin() + long(cols.size()))
            return false;
    return true;
}

void fkWithoutIndex(const std::string &name, const std::string &ptr, const Table &t,
                    Findings &out)
{
    const auto keys = searchableKeys(t);
    for (size_t k = 0; k < t.foreign_keys.size(); ++k) {
        const ForeignKey &fk = t.foreign_keys[k];
        const bool covered = std::any_of(keys.begin(), keys.end(), [&](const auto &key) {
            return startsWithSet(key, fk.columns);
        });
        if (covered)
            continue;
        addFinding(out, RuleFkWithoutIndex, ptr + "/foreign_keys/" + std::to_string(k), name,
                   "foreign key " + columnList(fk.columns) + " -> " + fk.references +
                       " has no index starting with its columns: every delete or key update "
                       "in " + fk.references + " scans " + t.name +
                       ", and joins on it cannot use an index",
                   "add an index on " + t.name + " " + columnList(fk.columns));
    }
}

double monthsPerPartition(PartitionInterval i)
{
    switch (i) {
    case PartitionInterval::Day:
        return 12.0 / 365.25;
    case PartitionInterval::Month:
        return 1.0;
    case PartitionInterval::Year:
        return 12.0;
    }
    return 1.0;
}

void growthRules(const std::string &name, const std::string &ptr, const Table &t, Findings &out)
{
    const double projected = double(t.rows) + kHorizonMonths * t.rows_per_month;
    if (!t.partitioning) {
        if (projected > kLargeTableRows)
            addFinding(out, RuleLargeTableUnpartitioned, ptr, name,
                       "table " + t.name + " reaches " + num(projected) +
                           " rows within two years (" + num(double(t.rows)) + " + 24 x " +
                           num(t.rows_per_month) + " per month) and is not partitioned: "
                           "vacuum, index rebuilds and retention deletes touch all of it",
                       "partition it by range on its creation time (e.g. monthly) and drop "
                       "old partitions instead of deleting rows");
        return;
    }
    const Partitioning &p = *t.partitioning;
    if (p.method == PartitionMethod::Range && t.rows_per_month > 0) {
        const double rows = t.rows_per_month * monthsPerPartition(p.interval);
        if (rows > kLargePartitionRows)
            addFinding(out, RulePartitionTooLarge, ptr + "/partitioning", name,
                       "each " + std::string(toString(p.interval)) + " partition of " + t.name +
                           " holds about " + num(rows) + " rows (" + num(t.rows_per_month) +
                           " per month), over 1M",
                       p.interval == PartitionInterval::Day
                           ? std::string("split further (hash sub-partitions) or reduce the "
                                         "rows kept per partition")
                           : std::string("use a shorter interval (") +
                                 (p.interval == PartitionInterval::Year ? "month or day"
                                                                        : "day") + ")");
    } else if (p.method == PartitionMethod::Hash && p.count > 0) {
        const double rows = projected / p.count;
        if (rows > kLargePartitionRows)
            addFinding(out, RulePartitionTooLarge, ptr + "/partitioning", name,
                       "each of the " + std::to_string(p.count) + " hash partitions of " +
                           t.name + " holds about " + num(rows) + " rows within two years, "
                           "over 1M",
                       "use at least " + num(std::ceil(projected / kLargePartitionRows)) +
                           " hash partitions, or range partitions by time");
    }
}

void duplicateIndexes(const std::string &name, const std::string &ptr, const Table &t,
                      Findings &out)
{
    auto sameColumn = [](const IndexColumn &a, const IndexColumn &b) {
        return a.column == b.column && a.descending == b.descending;
    };
    std::vector<IndexColumn> pk;
    for (const auto &c : t.primary_key)
        pk.push_back({c, false});
    for (size_t i = 0; i < t.indexes.size(); ++i) {
        const Index &ix = t.indexes[i];
        if (ix.unique || ix.columns.empty())
            continue; // a unique index enforces something even when it is a prefix
        std::string by;
        auto covers = [&](const std::vector<IndexColumn> &other) {
            return other.size() >= ix.columns.size() &&
                   std::equal(ix.columns.begin(), ix.columns.end(), other.begin(), sameColumn);
        };
        if (covers(pk))
            by = "the primary key";
        for (size_t j = 0; j < t.indexes.size() && by.empty(); ++j) {
            if (j == i || !covers(t.indexes[j].columns))
                continue;
            // Of two identical indexes, report only the later one.
            if (t.indexes[j].columns.size() == ix.columns.size() && j > i &&
                !t.indexes[j].unique)
                continue;
            by = "index " + t.indexes[j].name;
        }
        if (by.empty())
            continue;
        addFinding(out, RuleDuplicateIndex, ptr + "/indexes/" + std::to_string(i),
                   name + "." + ix.name,
                   "index " + ix.name + " on " + t.name + " is a prefix of " + by +
                       ", which serves the same lookups; it only costs writes and space",
                   "drop index " + ix.name);
    }
}

bool looksLikeUuid(const Column &c)
{
    const std::string n = lower(c.name);
    if (n.find("uuid") != std::string::npos || n.find("ulid") != std::string::npos ||
        n.find("guid") != std::string::npos)
        return true;
    const int len = c.type.length;
    return c.type.base != LogicalType::Base::Text && (len == 36 || len == 32 || len == 26);
}

void uuidAsText(const std::string &name, const std::string &ptr, const Table &t,
                const SchemaContext &ctx, Findings &out)
{
    if (!ctx.nativeUuid)
        return;
    auto isKey = [&](const std::string &col) {
        if (std::find(t.primary_key.begin(), t.primary_key.end(), col) != t.primary_key.end())
            return true;
        for (const auto &fk : t.foreign_keys)
            if (std::find(fk.columns.begin(), fk.columns.end(), col) != fk.columns.end())
                return true;
        for (const auto &u : t.unique)
            if (std::find(u.columns.begin(), u.columns.end(), col) != u.columns.end())
                return true;
        return false;
    };
    for (size_t k = 0; k < t.columns.size(); ++k) {
        const Column &c = t.columns[k];
        if (!c.type.isText() || !looksLikeUuid(c) || !isKey(c.name))
            continue;
        const bool ulid = c.type.length == 26 || lower(c.name).find("ulid") != std::string::npos;
        addFinding(out, RuleUuidAsText, ptr + "/columns/" + std::to_string(k),
                   name + "." + c.name,
                   "key column " + c.name + " holds a " + (ulid ? "ULID" : "UUID") +
                       " as " + c.type.toString() + ": 26-36 bytes per value in every index "
                       "and foreign key instead of 16, and slower comparisons",
                   std::string("change its type to ") + (ulid ? "ulid" : "uuid") +
                       " (stored as the engine's native 16-byte type)");
    }
}

void sensitiveColumns(const std::string &name, const std::string &ptr, const Table &t,
                      const SchemaContext &ctx, Findings &out)
{
    if (ctx.unencrypted.empty())
        return;
    for (size_t k = 0; k < t.columns.size(); ++k) {
        const Column &c = t.columns[k];
        if (!c.sensitive || c.encrypted)
            continue;
        addFinding(out, RuleSensitiveUnencrypted, ptr + "/columns/" + std::to_string(k),
                   name + "." + c.name,
                   "sensitive column " + t.name + "." + c.name + " is stored on " +
                       joinNames(ctx.unencrypted) + " without encryption at rest",
                   "set encryption_at_rest on " + joinNames(ctx.unencrypted) +
                       ", or encrypt the column in the application (encrypted: true)");
    }
}

} // namespace

std::unordered_map<std::string, SchemaContext> schemaContexts(const Model &model)
{
    std::unordered_map<std::string, SchemaContext> out;
    for (const auto &s : model.schemas)
        out[s.id];
    std::unordered_map<std::string, bool> anyNative;
    for (const auto &c : model.components) {
        if (c.kind != ComponentKind::Database || c.schema.empty())
            continue;
        auto it = out.find(c.schema);
        if (it == out.end())
            continue;
        it->second.databases.push_back(c.id);
        if (!c.encryption_at_rest)
            it->second.unencrypted.push_back(c.id);
        anyNative[c.schema] = anyNative[c.schema] || c.engine != DbEngine::Sqlite;
    }
    for (auto &[id, ctx] : out)
        ctx.nativeUuid = ctx.databases.empty() || anyNative[id];
    return out;
}

void lintTable(const Schema &schema, size_t schemaPos, const Table &table, size_t tablePos,
               const SchemaContext &context, Findings &out)
{
    const std::string name = schema.id + "." + table.name;
    const std::string ptr = tablePointer(schemaPos, tablePos);
    fkWithoutIndex(name, ptr, table, out);
    if (table.primary_key.empty())
        addFinding(out, RuleNoPrimaryKey, ptr, name,
                   "table " + table.name + " has no primary key: rows cannot be addressed "
                   "one by one, replication and CDC tools refuse or misbehave",
                   "add a primary key (for example a ulid id column)");
    growthRules(name, ptr, table, out);
    duplicateIndexes(name, ptr, table, out);
    uuidAsText(name, ptr, table, context, out);
    sensitiveColumns(name, ptr, table, context, out);
}

} // namespace archsim::model::detail
