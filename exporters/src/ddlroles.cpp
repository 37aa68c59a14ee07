// One role per service with only the privileges its links need (docs/ddl.md, "Roles").

#include "ddlplan.h"

#include <map>
#include <set>

namespace archsim::exporters::detail {

using model::ComponentKind;
using model::LinkKind;
using model::makeError;

namespace {

const char *const kPrivileges[] = {"SELECT", "INSERT", "UPDATE", "DELETE"};

struct TableGrant {
    std::set<int> privileges; // indexes into kPrivileges
};

struct RoleGrants {
    std::string service;
    // (schema position in `schemas`, table) -> privileges
    std::map<std::pair<size_t, std::string>, TableGrant> tables;
};

std::string privilegeList(const std::set<int> &p)
{
    std::string out;
    for (int i : p)
        out += (out.empty() ? "" : ", ") + std::string(kPrivileges[i]);
    return out;
}

} // namespace

std::string renderRoles(Dialect d, const model::Model &model,
                        const std::vector<PlannedSchema> &schemas, model::Diagnostics &diags)
{
    std::map<std::string, RoleGrants> roles;
    std::vector<std::string> notes;
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
            notes.push_back("link " + link.from + " -> " + link.to + " (" +
                            model::toString(link.kind) + ") names no tables: no grants for it.");
            continue;
        }
        auto &role = roles[from->id];
        role.service = from->id;
        for (size_t j = 0; j < link.tables.size(); ++j) {
            const auto &table = link.tables[j];
            bool known = false;
            for (const auto &t : schemas[si].schema->tables)
                known = known || t.name == table;
            if (!known) {
                diags.push_back(makeError(place + "/tables/" + std::to_string(j),
                                          "link " + link.from + " -> " + link.to +
                                              " names table " + quoteIdent(d, table) +
                                              " that schema " + to->schema + " does not have"));
                continue;
            }
            auto &g = role.tables[{si, table}];
            if (link.kind == LinkKind::Read)
                g.privileges.insert(0);
            else
                g.privileges.insert({1, 2, 3});
        }
    }

    std::string out = "\n-- Roles: one per service, granted only what its links do "
                      "(read: SELECT; write: INSERT, UPDATE, DELETE).\n"
                      "-- No passwords are set here: set them from your secret store.\n";
    for (const auto &n : notes)
        out += "-- archsim: " + commentText(n) + "\n";
    if (roles.empty())
        out += "-- (no service reads or writes these tables)\n";
    for (const auto &[name, role] : roles) {
        if (auto problem = identifierProblem(d, name))
            diags.push_back(makeError({}, "role " + quoteIdent(d, name) + ": " + *problem));
        if (d == Dialect::Mysql && identifierLength(d, name) > 32)
            diags.push_back(makeError({}, "MySQL user names have at most 32 characters: " +
                                              quoteLiteral(d, name)));
        out += "\n";
        for (const auto &[key, grant] : role.tables)
            if (!grant.privileges.count(0) && grant.privileges.count(2))
                out += "-- archsim: " + commentText(name) + " writes " +
                       commentText(key.second) +
                       " without a read link; UPDATE and DELETE with a WHERE clause also need "
                       "SELECT.\n";
        if (d == Dialect::Postgres) {
            out += "DO $archsim$\nBEGIN\n"
                   "    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = " +
                   quoteLiteral(d, name) + ") THEN\n        CREATE ROLE " + quoteIdent(d, name) +
                   " LOGIN;\n    END IF;\nEND\n$archsim$;\n";
            std::set<size_t> usage;
            for (const auto &[key, grant] : role.tables)
                if (usage.insert(key.first).second)
                    out += "GRANT USAGE ON SCHEMA " + quoteIdent(d, schemas[key.first].name) +
                           " TO " + quoteIdent(d, name) + ";\n";
            for (const auto &[key, grant] : role.tables)
                out += "GRANT " + privilegeList(grant.privileges) + " ON TABLE " +
                       qualified(d, schemas[key.first], key.second) + " TO " +
                       quoteIdent(d, name) + ";\n";
        } else if (d == Dialect::Mysql) {
            const std::string account = quoteLiteral(d, name) + "@'%'";
            // Locked until an operator sets the password and unlocks the account.
            out += "CREATE USER IF NOT EXISTS " + account + " ACCOUNT LOCK;\n";
            for (const auto &[key, grant] : role.tables)
                out += "GRANT " + privilegeList(grant.privileges) + " ON " +
                       qualified(d, schemas[key.first], key.second) + " TO " + account + ";\n";
        } else {
            out += "-- SQLite has no roles; the model grants " + commentText(name) + ":\n";
            for (const auto &[key, grant] : role.tables)
                out += "--   " + privilegeList(grant.privileges) + " on " +
                       commentText(quoteIdent(d, key.second)) + "\n";
        }
    }
    return out;
}

} // namespace archsim::exporters::detail
