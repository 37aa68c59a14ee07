#pragma once

// The SQL layout of a .archsim project file and its ordered migrations (docs/archsim-file.md).

#include <cstdint>
#include <vector>

namespace archsim::model::detail {

// PRAGMA application_id of every ArchSim project: 'ARCH' in ASCII.
inline constexpr int32_t kApplicationId = 0x41524348;

// One step of the upgrade path: the SQL that turns a file of version `to - 1` into `to`.
struct Migration {
    int to;
    const char *what;
    const char *sql;
};

// The base layout (version 0): the model tables and their indexes.
extern const char *const kBaseSchema;

// Every migration, in order; a new file is the base layout with all of them applied.
const std::vector<Migration> &migrations();

// The tables a file of `version` must hold, for the structural check on open.
std::vector<const char *> requiredTables(int version);

// Model tables in deletion order (children before parents); runs are not among them.
const std::vector<const char *> &modelTablesChildFirst();

} // namespace archsim::model::detail
