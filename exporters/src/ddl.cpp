// The DDL script: header, schemas, tables in dependency order, deferred keys, roles.

#include "ddlplan.h"

namespace archsim::exporters {

using model::Diagnostics;
using model::makeError;

namespace detail {

// Plans the schemas that `filter` selects (all when empty); appends diagnostics.
std::vector<PlannedSchema> planSchemas(Dialect d, const model::Model &model,
                                       const std::string &filter, Diagnostics &diags)
{
    std::vector<PlannedSchema> out;
    if (model.schemas.empty()) {
        diags.push_back(makeError("/schemas", "the model has no schemas to export"));
        return out;
    }
    std::vector<int> chosen;
    for (size_t i = 0; i < model.schemas.size(); ++i)
        if (filter.empty() || model.schemas[i].id == filter)
            chosen.push_back(static_cast<int>(i));
    if (chosen.empty()) {
        diags.push_back(makeError("/schemas", "the model has no schema with id '" + filter + "'"));
        return out;
    }
    if (d == Dialect::Sqlite && chosen.size() > 1) {
        std::string ids;
        for (int i : chosen)
            ids += (ids.empty() ? "" : ", ") + model.schemas[i].id;
        diags.push_back(makeError("/schemas", "an SQLite database holds one schema; choose one "
                                              "with --schema (" + ids + ")"));
        return out;
    }
    for (int i : chosen) {
        out.push_back(planSchema(d, model, i, diags));
        checkViewNames(d, out.back(), diags);
    }
    return out;
}

// Returns the statements every script of a dialect starts with.
std::string preamble(Dialect d)
{
    switch (d) {
    case Dialect::Postgres: return "BEGIN;\n";
    case Dialect::Mysql:
        // Literals escape backslashes, so NO_BACKSLASH_ESCAPES must be off for this session.
        return "SET NAMES utf8mb4;\n"
               "SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', "
               "@@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','));\n";
    case Dialect::Sqlite: return "PRAGMA foreign_keys = ON;\nBEGIN;\n";
    }
    return {};
}

std::string postamble(Dialect d) { return d == Dialect::Mysql ? std::string() : "COMMIT;\n"; }

} // namespace detail

model::Result<std::string> exportDdl(const model::Model &model, Dialect d,
                                     const DdlOptions &options)
{
    using namespace detail;
    Diagnostics diags;
    auto schemas = planSchemas(d, model, options.schema, diags);
    std::string roles;
    if (options.roles && !schemas.empty())
        roles = renderRoles(d, model, schemas, diags);
    if (model::hasErrors(diags))
        return diags;

    std::string out;
    if (options.header)
        out += "-- ArchSim DDL for " + std::string(displayName(d)) + ", model \"" +
               commentText(model.name) + "\".\n"
               "-- Written by archsim-cli export ddl --dialect " + toString(d) +
               "; regenerate it instead of editing it.\n\n";
    out += preamble(d);
    for (const auto &s : schemas) {
        if (auto create = renderCreateSchema(d, s); !create.empty())
            out += "\n" + create;
        for (const auto &t : s.tables)
            out += "\n" + renderTable(d, s, t);
        bool first = true;
        for (const auto &t : s.tables)
            for (const auto &fk : t.fks)
                if (fk.deferred) {
                    if (first)
                        out += "\n-- Foreign keys of tables that reference each other.\n";
                    first = false;
                    out += renderAddForeignKey(d, s, t.table->name, fk.fk);
                }
        // After every table, each view after the views it reads.
        for (const model::View *v : viewOrder(*s.schema))
            out += "\n" + renderView(d, s, *v);
    }
    out += roles;
    out += "\n" + postamble(d);
    return model::Result<std::string>(std::move(out), std::move(diags));
}

model::Result<std::string> exportViewRefresh(const model::Model &model, Dialect d,
                                             const std::string &schema, const std::string &view)
{
    using namespace detail;
    Diagnostics diags;
    auto schemas = planSchemas(d, model, schema, diags);
    if (model::hasErrors(diags))
        return diags;
    for (const model::View &v : schemas.front().schema->views)
        if (v.name == view && v.kind == model::ViewKind::Materialized)
            return viewRefreshJob(d, schemas.front(), v);
    return Diagnostics{makeError("/schemas", "schema '" + schema +
                                                 "' has no materialized view '" + view + "'")};
}

} // namespace archsim::exporters
