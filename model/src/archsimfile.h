#pragma once

// Opening, checking, creating and upgrading .archsim project files. Internal to archsim_model.

#include "sqlitedb.h"

#include "archsim/model/diagnostics.h"

#include <string>

namespace archsim::model::detail {

enum class OpenMode {
    Read,  // read-only; an older file is copied into memory and upgraded there
    Write, // read-write, returned inside BEGIN IMMEDIATE; an older file is already upgraded
           // in that transaction, which the caller commits with its own changes
};

// Opens an existing project file after checking that it is a SQLite database, has our
// application_id, is not from a newer version, passes quick_check and holds every table.
// Throws StoreError with a message a user understands.
Db openProject(const std::string &path, OpenMode mode);

// Creates a new, empty project file at `path` (absent or 0 bytes) inside the caller's
// transaction: the base layout plus every migration, application_id and user_version set.
// Returns the connection with a transaction open.
Db createProject(const std::string &path);

// Applies the migrations after `fromVersion` and sets user_version; the caller owns the
// transaction.
void migrate(const Db &db, int fromVersion);

// Before `path` is replaced by a rename: rolls back its hot journal or checkpoints its WAL
// (a sidecar left beside the new file would be applied to it), then no -journal, -wal or -shm
// is left. When SQLite cannot do that (a file that is not a sound project), fails, or with
// `force` removes the sidecars.
Status settleSidecars(const std::string &path, bool force);

// Removes the temporary files that killed saves of `path` left beside it (".NAME.tmp-XXXXXX"
// and its -journal, -wal, -shm), skipping any that a live save holds locked.
void cleanStaleTemps(const std::string &path);

// Returns true when a file exists at `path`; its size in `size`.
bool fileExists(const std::string &path, long long *size = nullptr);

} // namespace archsim::model::detail
