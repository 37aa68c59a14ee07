#pragma once

// SQL DDL for PostgreSQL, MySQL/MariaDB and SQLite from a model's schemas: tables in
// dependency order, keys, indexes, comments, partitions, least-privilege roles per service,
// and the partition maintenance scripts. docs/ddl.md documents the mapping and every
// adaptation; adaptations also come back as warnings.

#include "archsim/exporters/sqldialect.h"
#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>

namespace archsim::exporters {

struct DdlOptions {
    std::string schema; // export only this schema id; empty = all (SQLite needs exactly one)
    bool roles = true;  // one role per service with grants from its links
    bool header = true; // the leading comment block naming the model and dialect
};

// Returns the column type of `type` in `d` ("character varying(20)", "datetime(6)"), or an
// error saying why the dialect cannot hold it (e.g. MySQL char(300)).
model::Result<std::string> sqlType(Dialect d, const model::LogicalType &type);

// Returns the whole DDL script of the model for `d`. Errors (a dialect rule the model breaks,
// a name the dialect cannot hold) carry the JSON pointer of the culprit; adaptations the
// exporter made (and wrote as comments in the script) come back as warnings.
model::Result<std::string> exportDdl(const model::Model &model, Dialect d,
                                     const DdlOptions &options = {});

// Returns the statements that refresh materialized view `view` of schema id `schema` in `d`:
// what the refresh job or event of the DDL script runs, after `USE` of the view's database on
// MySQL (docs/ddl.md, "Views").
model::Result<std::string> exportViewRefresh(const model::Model &model, Dialect d,
                                             const std::string &schema, const std::string &view);

struct MaintenanceOptions {
    std::string schema; // only this schema id; empty = all
    int ahead = 3;      // periods to create beyond the current one
    std::string asOf;   // "YYYY-MM-DD" to pin "today" (tests, back-fills); empty = the server's
};

// Returns the partition maintenance script of `d`: it creates the partitions of the current
// period and the next `ahead` periods of every range-partitioned table, and detaches and drops
// those older than the table's `retention`. Idempotent: running it twice changes nothing.
model::Result<std::string> exportPartitionMaintenance(const model::Model &model, Dialect d,
                                                      const MaintenanceOptions &options = {});

} // namespace archsim::exporters
