#pragma once

// Reading and writing models in the two formats: canonical JSON (*.json) and the native
// SQLite project file (*.archsim). Every failure is a diagnostic with a place; nothing throws.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>
#include <string_view>

namespace archsim::model {

enum class FileFormat { Json, Archsim, Unknown };

// Returns the format a path names by its extension (".json", ".archsim").
FileFormat formatFromPath(std::string_view path);

// Parses a model from JSON text. `file` names the source in diagnostics. Syntax errors are
// reported as "line:col"; structural errors (wrong type, unknown field or kind) as JSON
// pointers. Does not run semantic validation (see validate()).
Result<Model> parseJson(std::string_view text, const std::string &file = {});

// Returns the canonical JSON of a model: fixed key order, 2-space indent, trailing newline,
// fields equal to their default left out. Two equal models give byte-identical text.
std::string toJson(const Model &model);

// Loads a model from a file of either format, then validates it; errors carry the file name.
Result<Model> loadModel(const std::string &path);

// Loads without semantic validation (structure only); for tools that report problems themselves.
Result<Model> loadModelUnchecked(const std::string &path);

struct SaveOptions {
    // Replace an existing .archsim file that cannot be read (it may hold stored runs, which
    // are then lost); without it such a save is refused and the file left as it is.
    bool overwriteUnreadable = false;
};

// Saves atomically: writes a temporary file beside `path`, syncs, then renames it over `path`,
// so a crash mid-save leaves the previous file intact. A .archsim save keeps the stored runs
// of the file it replaces. Temporary files that killed saves of `path` left are removed first
// (docs/archsim-file.md, "Saving").
Status saveModel(const Model &model, const std::string &path, const SaveOptions &options = {});

// Reads a native project file. Refuses files that are not ArchSim projects, are corrupt, or come
// from a newer format version; upgrades older versions in memory.
Result<Model> readArchsim(const std::string &path);

// Writes a native project file in one transaction (not atomic by itself; saveModel() is).
Status writeArchsim(const Model &model, const std::string &path);

// Writes text to a file atomically (temporary file, fsync, rename).
Status writeFileAtomically(const std::string &path, std::string_view contents);

// Reads a whole file; an error names the file and the reason.
Result<std::string> readFile(const std::string &path);

} // namespace archsim::model
