#pragma once

// Renaming a table with everything that names it (docs/gui.md, "Schemas"): the schema editor's
// rename is one step that leaves no dangling reference behind, so the model stays valid and
// its exported DDL still runs.

#include "archsim/model/types.h"

#include <string>
#include <string_view>

namespace archsim::model {

// Returns `sql` with every identifier token equal to `from` replaced by `to`: unquoted ones
// compared case-insensitively (SQL folds them), quoted ones ("x", `x`, [x]) exactly, keeping
// their quotes; string literals ('...', $tag$...$tag$) and comments (--, #, /* */) are left
// alone, and a longer identifier that merely contains `from` is not touched.
std::string renameIdentifier(std::string_view sql, std::string_view from, std::string_view to);

// What renameTable changed besides the table's own name.
struct RenameEffects {
    int foreignKeys = 0; // foreign keys of the schema's tables that reference it
    int views = 0;       // views whose `reads` or query text named it
    int links = 0;       // links to a database of the schema that list it in `tables`
    int suppressions = 0; // lint suppressions of "schema.table" or "schema.table.column"
    int total() const { return foreignKeys + views + links + suppressions; }
};

// Renames table `from` of schema `schemaId` to `to` and every reference to it in `model`.
// Returns false, changing nothing, when the schema or the table does not exist or `to` is
// empty or already names a table or view of the schema.
bool renameTable(Model &model, const std::string &schemaId, const std::string &from,
                 const std::string &to, RenameEffects *effects = nullptr);

} // namespace archsim::model
