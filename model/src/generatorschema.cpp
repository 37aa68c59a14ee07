#include "generatorschema.h"

#include <algorithm>

namespace archsim::model::detail {

namespace {

using Base = LogicalType::Base;

const std::vector<std::string> kWords{"order", "user", "item", "price", "status", "region",
                                      "note", "amount", "sku", "email", "created", "total"};

Column makeColumn(std::string name, LogicalType type, bool nullable)
{
    Column c;
    c.name = std::move(name);
    c.type = type;
    c.nullable = nullable;
    return c;
}

LogicalType randomType(GenRng &rng)
{
    LogicalType t;
    t.base = rng.pickEnum<Base>(int(Base::Json) + 1);
    if (t.base == Base::Decimal) {
        t.precision = int(rng.range(1, 38));
        t.scale = int(rng.range(0, t.precision));
        if (rng.chance(0.05))
            t.precision = 1000, t.scale = 0;
    } else if (t.base == Base::Char || t.base == Base::Varchar) {
        t.length = rng.chance(0.05) ? 65535 : int(rng.range(1, 255));
    }
    return t;
}

// A default that fits the column's type (validation checks that).
std::optional<DefaultValue> randomDefault(GenRng &rng, const Column &c)
{
    DefaultValue d;
    const LogicalType &t = c.type;
    if (c.nullable && rng.chance(0.2)) {
        d.kind = DefaultValue::Kind::Null;
    } else if (t.isTemporal()) {
        d.kind = DefaultValue::Kind::Now;
    } else if (t.base == Base::Bool) {
        d.kind = DefaultValue::Kind::Bool;
        d.boolean = rng.chance(0.5);
    } else if (t.isInteger()) {
        d.kind = DefaultValue::Kind::Number;
        d.number = double(rng.range(-1000, 1000));
    } else if (t.isNumeric()) {
        d.kind = DefaultValue::Kind::Number;
        d.number = t.base == Base::Decimal ? double(rng.range(0, 9)) / 10.0 * (t.scale > 0)
                                           : 0.5;
    } else if (t.base == Base::Text || t.base == Base::Json) {
        d.kind = DefaultValue::Kind::String;
        d.text = t.base == Base::Json ? "{}" : rng.text();
    } else if (t.isText()) {
        d.kind = DefaultValue::Kind::String;
        d.text = std::string(size_t(std::min(t.length, 3)), 'x');
    } else {
        return std::nullopt;
    }
    return d;
}

Column randomColumn(GenRng &rng, std::string name, bool everything)
{
    Column c;
    c.name = std::move(name);
    c.type = randomType(rng);
    c.nullable = rng.chance(0.6);
    if (!everything)
        return c;
    if (c.type.isInteger() && !c.nullable && rng.chance(0.1))
        c.identity = true;
    else if (rng.chance(0.4))
        c.default_value = randomDefault(rng, c);
    c.sensitive = rng.chance(0.15);
    c.encrypted = c.sensitive && rng.chance(0.5);
    if (rng.chance(0.3))
        c.comment = rng.text();
    if (rng.chance(0.1))
        c.renamed_from = "old_" + c.name;
    return c;
}

Partitioning randomPartitioning(GenRng &rng, Table &t)
{
    Partitioning p;
    p.method = rng.pickEnum<PartitionMethod>(3);
    if (p.method == PartitionMethod::List) {
        t.columns.push_back(makeColumn("region", {Base::Varchar, 0, 0, 16}, false));
        p.column = "region";
        int n = int(rng.range(1, 4));
        for (int i = 0; i < n; ++i)
            p.lists.push_back({"p_" + std::to_string(i),
                               {"r" + std::to_string(2 * i), "r" + std::to_string(2 * i + 1)}});
    } else {
        t.columns.push_back(makeColumn("created_at", {Base::Timestamptz}, false));
        p.column = "created_at";
        p.count = int(rng.range(1, 36));
        if (p.method == PartitionMethod::Range) {
            p.interval = rng.pickEnum<PartitionInterval>(3);
            int year = int(rng.range(2020, 2030));
            int month = int(rng.range(1, 12));
            char buf[16];
            if (p.interval == PartitionInterval::Year)
                std::snprintf(buf, sizeof buf, "%04d", year);
            else if (p.interval == PartitionInterval::Month)
                std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
            else
                std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month,
                              int(rng.range(1, 28)));
            p.start = buf;
            p.retention = rng.chance(0.5) ? int(rng.range(1, p.count)) : 0;
        }
    }
    p.default_partition = p.method != PartitionMethod::Hash && rng.chance(0.5);
    t.primary_key.push_back(p.column);
    return p;
}

// Picks 1..3 distinct column names of the table; a partitioned table's unique keys also
// hold its partition column.
std::vector<std::string> someColumns(GenRng &rng, const Table &t, bool unique)
{
    std::vector<std::string> out;
    int n = int(rng.range(1, std::min<int64_t>(3, int64_t(t.columns.size()))));
    for (int tries = 0; int(out.size()) < n && tries < 20; ++tries) {
        const std::string &name = t.columns[rng.below(t.columns.size())].name;
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    }
    if (unique && t.partitioning &&
        std::find(out.begin(), out.end(), t.partitioning->column) == out.end())
        out.push_back(t.partitioning->column);
    return out;
}

Table randomTable(GenRng &rng, int index, const GeneratorOptions &o,
                  const std::vector<Table> &earlier)
{
    bool all = o.exerciseEverything;
    Table t;
    t.name = "t" + std::to_string(index) + "_" + rng.pick(kWords);
    auto keyType = rng.pick(std::vector<Base>{Base::BigInt, Base::Uuid, Base::Ulid, Base::Int});
    t.columns.push_back(makeColumn("id", {keyType}, false));
    t.primary_key.push_back("id");
    for (int c = 0; c < o.columnsPerTable - 1; ++c)
        t.columns.push_back(
            randomColumn(rng, "c" + std::to_string(c) + "_" + rng.pick(kWords), all));
    // Foreign keys point at earlier, unpartitioned tables through their one-column key.
    if (!earlier.empty() && rng.chance(all ? 0.6 : 0.3)) {
        const Table &ref = earlier[rng.below(earlier.size())];
        if (!ref.partitioning) {
            ForeignKey fk;
            fk.references = ref.name;
            fk.ref_columns = {"id"};
            std::string col = "ref_" + ref.name + "_id";
            t.columns.push_back(makeColumn(col, ref.columns[0].type, true));
            fk.columns = {col};
            if (all) {
                fk.name = rng.chance(0.5) ? "fk_" + t.name + "_" + ref.name : "";
                fk.on_delete = rng.pickEnum<RefAction>(5);
                fk.on_update = rng.pickEnum<RefAction>(5);
            }
            t.foreign_keys.push_back(fk);
            t.indexes.push_back({"ix_" + t.name + "_" + col, {{col, false}}, false});
        }
    }
    if (rng.chance(all ? 0.3 : 0.1))
        t.partitioning = randomPartitioning(rng, t);
    int indexes = int(rng.range(0, all ? 3 : 1));
    for (int i = 0; i < indexes; ++i) {
        Index ix;
        ix.name = "ix_" + t.name + "_" + std::to_string(i);
        ix.unique = all && rng.chance(0.2);
        for (const auto &name : someColumns(rng, t, ix.unique))
            ix.columns.push_back({name, all && rng.chance(0.3)});
        t.indexes.push_back(ix);
    }
    if (all) {
        if (rng.chance(0.3))
            t.unique.push_back({"uq_" + t.name, someColumns(rng, t, true)});
        if (rng.chance(0.4))
            t.comment = rng.text();
        t.rows_per_month = rng.chance(0.5) ? rng.positive() : 0;
        t.rows = rng.chance(0.5) ? int64_t(rng.range(0, 10'000'000'000)) : 0;
        t.row_bytes = int(rng.range(0, 4096));
        t.append_only = rng.chance(0.2);
        if (rng.chance(0.1))
            t.renamed_from = "old_" + t.name;
    }
    return t;
}

// A view over one to three earlier tables or views of the schema, so the reads form no cycle;
// its query text is a placeholder (the generator does not write SQL).
View randomView(GenRng &rng, int index, const Schema &schema, bool all)
{
    View v;
    v.name = "v" + std::to_string(index) + "_" + rng.pick(kWords);
    v.kind = rng.chance(0.5) ? ViewKind::Materialized : ViewKind::View;
    std::vector<std::string> sources;
    for (const Table &t : schema.tables)
        sources.push_back(t.name);
    for (const View &w : schema.views)
        sources.push_back(w.name);
    int n = int(rng.range(1, std::min<int64_t>(3, int64_t(sources.size()))));
    for (int tries = 0; int(v.reads.size()) < n && tries < 20; ++tries) {
        const std::string &name = sources[rng.below(sources.size())];
        if (std::find(v.reads.begin(), v.reads.end(), name) == v.reads.end())
            v.reads.push_back(name);
    }
    v.query = "SELECT * FROM " + v.reads.front();
    if (!all)
        return v;
    if (rng.chance(0.3))
        v.comment = rng.text();
    if (rng.chance(0.3))
        v.query_postgres = v.query + " /* postgres */";
    if (rng.chance(0.3))
        v.query_mysql = v.query + " /* mysql */";
    if (rng.chance(0.3))
        v.query_sqlite = v.query + " /* sqlite */";
    if (v.kind == ViewKind::Materialized) {
        if (rng.chance(0.8)) {
            ViewRefresh r;
            if (rng.chance(0.5))
                r.every_s = double(rng.range(1, 3600));
            else
                r.cron = "*/" + std::to_string(rng.range(1, 59)) + " * * * *";
            r.concurrent = rng.chance(0.5);
            v.refresh = r;
        }
        bool needsUnique = v.refresh && v.refresh->concurrent;
        int indexes = int(rng.range(needsUnique ? 1 : 0, 2));
        for (int i = 0; i < indexes; ++i) {
            Index ix;
            ix.name = "ix_" + v.name + "_" + std::to_string(i);
            ix.unique = (needsUnique && i == 0) || rng.chance(0.3);
            ix.columns.push_back({"id", rng.chance(0.3)});
            v.indexes.push_back(ix);
        }
    }
    return v;
}

} // namespace

std::vector<Schema> generateSchemas(GenRng &rng, const GeneratorOptions &o)
{
    std::vector<Schema> schemas;
    int count = std::max(o.tables > 0 ? 1 : 0, o.schemas);
    for (int s = 0; s < count; ++s) {
        Schema schema;
        schema.id = "schema-" + std::to_string(s);
        if (o.exerciseEverything && rng.chance(0.5))
            schema.name = "app_" + std::to_string(s);
        schemas.push_back(std::move(schema));
    }
    for (int t = 0; t < o.tables; ++t) {
        Schema &s = schemas[size_t(t % count)];
        s.tables.push_back(randomTable(rng, t, o, s.tables));
    }
    // Views only where there are tables to read; one schema in three has some.
    int view = 0;
    for (Schema &s : schemas) {
        if (s.tables.empty() || !rng.chance(o.exerciseEverything ? 0.6 : 0.2))
            continue;
        int n = int(rng.range(1, 3));
        for (int i = 0; i < n; ++i)
            s.views.push_back(randomView(rng, view++, s, o.exerciseEverything));
    }
    return schemas;
}

} // namespace archsim::model::detail
