#pragma once

// The front ends that fill a Builder: SQLite (scripts and files), live PostgreSQL and
// MySQL/MariaDB catalogs. PostgreSQL scripts are in pgsql.h.

#include "builder.h"

#include <string>
#include <string_view>

namespace archsim::importers::detail {

// Runs `sql` in an in-memory SQLite and reads its catalog; errors carry "line:col".
model::Status importSqliteScript(std::string_view sql, Builder &builder, const std::string &file);

// Reads the catalog of a SQLite file opened read-only, with row counts.
model::Status importSqliteFile(const std::string &path, Builder &builder);

// The parts of a database URL ("postgresql://user:pw@host:5432/db?x=y").
struct Url {
    std::string scheme, user, password, host, database;
    int port = 0;
};

// Splits a URL; std::nullopt when it is not of the form scheme://[user[:pw]@]host[:port]/db.
std::optional<Url> parseUrl(const std::string &url);

// Reads a live PostgreSQL database's pg_catalog in one read-only REPEATABLE READ transaction.
model::Status importPostgresLive(const Url &url, const std::string &raw, Builder &builder,
                                 std::string &dbName);

// Reads a live MySQL/MariaDB database's information_schema in a consistent snapshot.
model::Status importMysqlLive(const Url &url, Builder &builder);

// Loads `sql` into a scratch database on the server `devUrl` names, reads it, drops it.
model::Status importMysqlScript(std::string_view sql, const std::string &devUrl,
                                Builder &builder, const std::string &file);

} // namespace archsim::importers::detail
