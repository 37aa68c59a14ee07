// The Linter: lint with per-table results kept between runs.

#include "archsim/model/lint.h"

#include "lint_internal.h"

#include <unordered_map>

namespace archsim::model {

namespace detail {
LintReport finish(const Model &model, Findings raw, std::vector<std::string> assumptions);
} // namespace detail

struct Linter::Cache {
    struct TableEntry {
        Table table;
        detail::SchemaContext context;
        size_t schemaPos = 0;
        size_t tablePos = 0;
        detail::Findings findings;
        bool seen = false;
    };
    std::unordered_map<std::string, TableEntry> tables; // key "schema\ntable"
};

Linter::Linter() : m_cache(std::make_unique<Cache>()) {}
Linter::~Linter() = default;

LintReport Linter::run(const Model &model, const LintOptions &options)
{
    detail::Findings raw;
    const auto contexts = detail::schemaContexts(model);
    for (auto &[key, entry] : m_cache->tables)
        entry.seen = false;
    for (size_t s = 0; s < model.schemas.size(); ++s) {
        const Schema &schema = model.schemas[s];
        const detail::SchemaContext &ctx = contexts.at(schema.id);
        for (size_t t = 0; t < schema.tables.size(); ++t) {
            const Table &table = schema.tables[t];
            std::string key = schema.id;
            key += '\n';
            key += table.name;
            auto [it, inserted] = m_cache->tables.try_emplace(std::move(key));
            Cache::TableEntry &entry = it->second;
            // Reuse the findings when the table, its place and its databases are unchanged.
            if (inserted || entry.seen || entry.schemaPos != s || entry.tablePos != t ||
                !(entry.context == ctx) || !(entry.table == table)) {
                entry.findings.clear();
                detail::lintTable(schema, s, table, t, ctx, entry.findings);
                entry.table = table;
                entry.context = ctx;
                entry.schemaPos = s;
                entry.tablePos = t;
            }
            entry.seen = true;
            raw.insert(raw.end(), entry.findings.begin(), entry.findings.end());
        }
    }
    std::erase_if(m_cache->tables, [](const auto &kv) { return !kv.second.seen; });
    detail::lintComponentsAndLinks(model, raw);
    std::vector<std::string> assumptions;
    detail::lintGraph(model, options, raw, assumptions);
    return detail::finish(model, std::move(raw), std::move(assumptions));
}

} // namespace archsim::model
