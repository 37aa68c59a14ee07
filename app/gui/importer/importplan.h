#pragma once

// What an import does to the open model, worked out before anything changes (no widgets): the
// dialect of a script, the schema filter, the clashes with the model and the schemas and
// components that applying the import puts in it. The import dialog (importdialog.h) shows it.

#include "archsim/importers/import.h"
#include "archsim/model/types.h"

#include <QStringList>

#include <string>
#include <string_view>
#include <vector>

namespace archsim::gui {

// Returns "1 table" or "3 tables": the count with the singular or plural noun.
QString counted(qsizetype n, const char *one, const char *many);

// Returns the dialect a SQL script is written in, judged by what only that dialect writes
// outside quotes and comments (MySQL: backticks, /*! */, AUTO_INCREMENT, UNSIGNED, ENGINE...;
// SQLite: AUTOINCREMENT, PRAGMA, ROWID, BLOB...); PostgreSQL when nothing else shows.
model::DbEngine detectDialect(std::string_view sql);

// Keeps only the schemas whose SQL name is one of `names`, their database components and the
// not-imported and lossy items that do not name another schema; `names` empty keeps
// everything. Returns the names that matched no schema.
QStringList filterSchemas(importers::ImportResult &result, const QStringList &names);

// Returns the database components of `base` an imported database can merge into.
std::vector<std::string> mergeCandidates(const model::Model &base);

// Returns the default target of imported database `index`: the database component of `base`
// with the same id (as `archsim-cli import --into` does), or empty for a new component.
std::string defaultMergeTarget(const model::Model &base, const importers::ImportResult &result,
                               size_t index);

// The schemas and components that applying an import puts into the model, by id: each
// replaces the one with its id or is added.
struct ImportChanges {
    std::vector<model::Schema> schemas;
    std::vector<model::Component> components;
};

// Returns the changes for `result` with one target per imported database (`mergeInto[i]`: an
// existing database component, or empty for a new component with fresh ids placed in a column
// right of the canvas). Merging keeps the component's settings and position, sets its engine,
// replaces the tables the import names in its schema and keeps the others.
ImportChanges planImport(const model::Model &base, const importers::ImportResult &result,
                         const std::vector<std::string> &mergeInto);

// Returns `base` with `changes` applied, as Document::applyImport would leave it.
model::Model applyChanges(model::Model base, const ImportChanges &changes);

// Returns the validation problems (errors, then warnings) that applying `changes` to `base`
// would bring, formatted "place: error: message"; those the model had already are left out.
QStringList newProblems(const model::Model &base, const ImportChanges &changes);

// Returns, one phrase each, what applying imported database `index` to `base` with target
// `mergeInto` changes or clashes with ("replaces table shop.orders", "a component shop
// exists: added as shop-2").
QStringList describeTarget(const model::Model &base, const importers::ImportResult &result,
                           size_t index, const std::string &mergeInto);

} // namespace archsim::gui
