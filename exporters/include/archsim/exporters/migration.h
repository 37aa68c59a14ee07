#pragma once

// Migrations: the ordered statements that take a database built from one model to the next,
// per dialect, and a compatibility report classifying every change (docs/ddl.md,
// "Migrations"). Renames are taken only from `renamed_from` in the new model, never guessed.

#include "archsim/exporters/sqldialect.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>
#include <vector>

namespace archsim::exporters {

// How a change affects existing data and running code, from harmless to harmful.
enum class ChangeClass {
    Safe,          // new table, nullable column, index; widened type
    DataDependent, // may fail on existing rows: NOT NULL or UNIQUE added, type narrowed, new FK
    Incompatible,  // running code breaks: rename, primary key changed, identity changed
    Destructive,   // data is lost: table, column or partition dropped
};

// Returns "safe", "data-dependent", "backward-incompatible" or "destructive".
const char *toString(ChangeClass c);

struct Change {
    ChangeClass cls = ChangeClass::Safe;
    std::string kind;    // "add_table", "drop_column", "alter_type", ...
    std::string object;  // "schema.table" or "schema.table.column"
    std::string message; // one sentence for the reviewer
};

struct Migration {
    Dialect dialect = Dialect::Postgres;
    std::vector<Change> changes;
    std::string sql; // the whole script, report included as comments

    // Returns true when any change is not safe (what --fail-on breaking checks).
    bool breaking() const;
};

// Diffs the schemas of `from` and `to` (matched by id) into a migration for `d`. Errors: either
// model breaks a rule of the dialect, or a change the exporter cannot express (a partitioning
// method or column changed on PostgreSQL or MySQL needs a manual rebuild).
model::Result<Migration> diffModels(const model::Model &from, const model::Model &to,
                                    Dialect d);

// Returns the report as JSON: {"dialect", "breaking", "summary": {class: n}, "changes": [..],
// "sql"}.
std::string migrationJson(const Migration &m);

} // namespace archsim::exporters
