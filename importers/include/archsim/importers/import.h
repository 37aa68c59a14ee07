#pragma once

// Importing existing databases into a model: SQL DDL files (PostgreSQL through PostgreSQL's
// own parser, SQLite through an in-memory SQLite, MySQL/MariaDB through a scratch database on
// a server the user names) and live databases (PostgreSQL, MySQL/MariaDB, SQLite files).
// What the model cannot hold is never dropped silently: it comes back as a NotImported item
// with its place. docs/import.md documents every mapping.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace archsim::importers {

// An object of the source that the model cannot hold, with where it came from and why.
struct NotImported {
    std::string place;  // "file.sql:12" or a catalog name such as "pg_catalog: public.v_orders"
    std::string object; // "view public.v_orders", "index orders_lower_email (expression)"
    std::string reason; // why the model cannot hold it
};

// A mapping that kept the object but lost something of it (the original is named).
struct LossyMapping {
    std::string place;
    std::string object;   // "column public.orders.placed_at"
    std::string original; // the source's spelling: "timestamp(3) with time zone"
    std::string note;     // what the model keeps: "imported as timestamptz (precision lost)"
};

// The model pieces an import produced: one schema and one database component per imported
// SQL schema (namespace), plus everything that did not fit.
struct ImportResult {
    std::vector<model::Schema> schemas;
    std::vector<model::Component> databases; // kind database, `schema` set, no position
    std::vector<NotImported> notImported;
    std::vector<LossyMapping> lossy;
};

// Called now and then with work done and total work (total 0 = unknown); may be empty.
// PostgreSQL scripts and live PostgreSQL report statements parsed; the others report only
// their end (done == total).
using Progress = std::function<void(int done, int total)>;

// Returns true once the caller wants the import to stop (called from the importing thread;
// may be empty). PostgreSQL scripts and live PostgreSQL poll it between statements, the others
// between their stages; a cancelled import returns the error "import cancelled".
using Cancelled = std::function<bool()>;

struct SqlImportOptions {
    model::DbEngine dialect = model::DbEngine::Postgres;
    std::string file;    // names the source in places and diagnostics ("schema.sql")
    std::string devUrl;  // mysql: the server that loads the script into a scratch database
    std::string name;    // base of the component ids; empty = from the file name or "db"
    Progress progress;
    Cancelled cancelled;
};

// Imports a DDL script. Syntax errors come back as diagnostics with "line:col" and the
// parser's message; nothing is returned then. MySQL scripts need options.devUrl.
model::Result<ImportResult> importSql(std::string_view sql, const SqlImportOptions &options);

struct DbImportOptions {
    std::string name; // base of the component ids; empty = the database's name
    Progress progress;
    Cancelled cancelled;
};

// Imports a live database: "postgresql://user@host:port/db", "mysql://..." or
// "mariadb://...", or the path of a SQLite file (opened read-only). The catalog is read in one
// read-only transaction (a consistent snapshot); row and size estimates fill `rows` and
// `row_bytes`. A connection failure names the host and the reason.
model::Result<ImportResult> importDatabase(const std::string &url,
                                           const DbImportOptions &options = {});

// Returns `url` with any password replaced by "***", for messages and the model.
std::string redactUrl(const std::string &url);

// Returns the items that --strict refuses, as error diagnostics (empty when none).
model::Diagnostics strictErrors(const ImportResult &result);

// Returns `base` with the import merged in: a schema or database component with the same id
// is replaced (keeping the component's position, links and settings other than the schema),
// the others are added with canvas positions to the right of the existing components.
model::Model mergeImport(model::Model base, const ImportResult &result);

// Fuzzing entry point: imports `size` bytes as a PostgreSQL script; never throws or crashes.
model::Result<ImportResult> importPostgresBuffer(const uint8_t *data, size_t size);

} // namespace archsim::importers
