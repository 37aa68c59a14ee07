// One role per service with only the privileges its links need (docs/ddl.md, "Roles").

#include "ddlplan.h"

namespace archsim::exporters::detail {

using model::ComponentKind;
using model::LinkKind;
using model::makeError;

namespace {

const char *const kPrivileges[] = {"SELECT", "INSERT", "UPDATE", "DELETE"};

} // namespace

std::string privilegeList(const std::set<int> &p)
{
    std::string out;
    for (int i : p)
        out += (out.empty() ? "" : ", ") + std::string(kPrivileges[i]);
    return out;
}

Grants collectGrants(Dialect d, const model::Model &model,
                     const std::vector<PlannedSchema> &schemas, model::Diagnostics &diags)
{
    Grants out;
    for (size_t i = 0; i < model.links.size(); ++i) {
        const auto &link = model.links[i];
        if (link.kind != LinkKind::Read && link.kind != LinkKind::Write)
            continue;
        const model::Component *from = nullptr;
        const model::Component *to = nullptr;
        for (const auto &c : model.components) {
            if (c.id == link.from)
                from = &c;
            if (c.id == link.to)
                to = &c;
        }
        if (!from || !to || to->kind != ComponentKind::Database ||
            from->kind == ComponentKind::Database)
            continue;
        const std::string place = "/links/" + std::to_string(i);
        size_t si = schemas.size();
        for (size_t k = 0; k < schemas.size(); ++k)
            if (schemas[k].schema->id == to->schema)
                si = k;
        if (si == schemas.size()) {
            if (to->schema.empty() && !link.tables.empty())
                diags.push_back(makeError(place + "/tables",
                                          "link " + link.from + " -> " + link.to +
                                              " names tables but database " + to->id +
                                              " names no schema"));
            continue; // a schema not exported this time
        }
        if (link.tables.empty()) {
            out.notes.push_back("link " + link.from + " -> " + link.to + " (" +
                                model::toString(link.kind) + ") names no tables: no grants.");
            continue;
        }
        auto &role = out.roles[from->id];
        for (size_t j = 0; j < link.tables.size(); ++j) {
            const auto &table = link.tables[j];
            bool known = false;
            for (const auto &t : schemas[si].schema->tables)
                known = known || t.name == table;
            // A read link may name a view: its role gets SELECT on it, as on a table.
            for (const auto &v : schemas[si].schema->views)
                known = known || (v.name == table && link.kind == LinkKind::Read);
            if (!known) {
                diags.push_back(makeError(place + "/tables/" + std::to_string(j),
                                          "link " + link.from + " -> " + link.to +
                                              " names table " + quoteIdent(d, table) +
                                              " that schema " + to->schema + " does not have"));
                continue;
            }
            auto &g = role[{schemas[si].schema->id, table}];
            if (link.kind == LinkKind::Read)
                g.insert(0);
            else
                g.insert({1, 2, 3});
        }
    }
    for (const auto &[name, tables] : out.roles) {
        if (auto problem = identifierProblem(d, name))
            diags.push_back(makeError({}, "role " + quoteIdent(d, name) + ": " + *problem));
        if (d == Dialect::Mysql && identifierLength(d, name) > 32)
            diags.push_back(makeError({}, "MySQL user names have at most 32 characters: " +
                                              quoteLiteral(d, name)));
    }
    return out;
}

std::string renderCreateRole(Dialect d, const std::string &name)
{
    if (d == Dialect::Postgres)
        return "DO $archsim$\nBEGIN\n"
               "    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = " +
               quoteLiteral(d, name) + ") THEN\n        CREATE ROLE " + quoteIdent(d, name) +
               " LOGIN;\n    END IF;\nEND\n$archsim$;\n";
    if (d == Dialect::Mysql)
        // Locked until an operator sets the password and unlocks the account.
        return "CREATE USER IF NOT EXISTS " + quoteLiteral(d, name) + "@'%' ACCOUNT LOCK;\n";
    return {};
}

std::string renderGrant(Dialect d, const std::string &role, const std::string &qualifiedTable,
                        const std::set<int> &privileges, bool revoke)
{
    const std::string grantee =
        d == Dialect::Mysql ? quoteLiteral(d, role) + "@'%'" : quoteIdent(d, role);
    return std::string(revoke ? "REVOKE " : "GRANT ") + privilegeList(privileges) + " ON " +
           (d == Dialect::Postgres ? "TABLE " : "") + qualifiedTable +
           (revoke ? " FROM " : " TO ") + grantee + ";\n";
}

std::string renderRoles(Dialect d, const model::Model &model,
                        const std::vector<PlannedSchema> &schemas, model::Diagnostics &diags)
{
    const Grants grants = collectGrants(d, model, schemas, diags);
    auto schemaOf = [&](const std::string &id) -> const PlannedSchema & {
        for (const auto &s : schemas)
            if (s.schema->id == id)
                return s;
        return schemas.front();
    };
    std::string out = "\n-- Roles: one per service, granted only what its links do "
                      "(read: SELECT; write: INSERT, UPDATE, DELETE).\n"
                      "-- No passwords are set here: set them from your secret store.\n";
    for (const auto &n : grants.notes)
        out += "-- archsim: " + commentText(n) + "\n";
    if (grants.roles.empty())
        out += "-- (no service reads or writes these tables)\n";
    for (const auto &[name, tables] : grants.roles) {
        out += "\n";
        for (const auto &[key, privileges] : tables)
            if (!privileges.count(0) && privileges.count(2))
                out += "-- archsim: " + commentText(name) + " writes " +
                       commentText(key.second) +
                       " without a read link; UPDATE and DELETE with a WHERE clause also need "
                       "SELECT.\n";
        if (d == Dialect::Sqlite) {
            out += "-- SQLite has no roles; the model grants " + commentText(name) + ":\n";
            for (const auto &[key, privileges] : tables)
                out += "--   " + privilegeList(privileges) + " on " +
                       commentText(quoteIdent(d, key.second)) + "\n";
            continue;
        }
        out += renderCreateRole(d, name);
        if (d == Dialect::Postgres) {
            std::set<std::string> usage;
            for (const auto &[key, privileges] : tables)
                if (usage.insert(key.first).second)
                    out += "GRANT USAGE ON SCHEMA " + quoteIdent(d, schemaOf(key.first).name) +
                           " TO " + quoteIdent(d, name) + ";\n";
        }
        for (const auto &[key, privileges] : tables)
            out += renderGrant(d, name, qualified(d, schemaOf(key.first), key.second),
                               privileges, false);
    }
    return out;
}

} // namespace archsim::exporters::detail
