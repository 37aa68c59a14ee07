#pragma once

// SQL dialects the DDL exporter writes, with identifier and literal quoting for each.
// Every name and text that reaches a script goes through these functions.

#include "archsim/model/diagnostics.h"

#include <optional>
#include <string>
#include <string_view>

namespace archsim::exporters {

enum class Dialect { Postgres, Mysql, Sqlite };

// Returns the command-line spelling of a dialect: "postgres", "mysql", "sqlite".
const char *toString(Dialect d);

// Returns a human name: "PostgreSQL", "MySQL/MariaDB", "SQLite".
const char *displayName(Dialect d);

// Parses "postgres"/"postgresql"/"pg", "mysql"/"mariadb", "sqlite"/"sqlite3".
std::optional<Dialect> parseDialect(std::string_view text);

// Returns the longest identifier the dialect accepts, in the unit identifierLength() counts
// (PostgreSQL: 63 bytes; MySQL: 64 characters; SQLite: no limit, returns 0).
int maxIdentifierLength(Dialect d);

// Returns the length of `name` in the dialect's unit (bytes for PostgreSQL, code points else).
int identifierLength(Dialect d, std::string_view name);

// Returns an error message if the dialect cannot hold `name` exactly (empty, too long, NUL,
// invalid UTF-8, MySQL trailing space or characters above U+FFFF, SQLite "sqlite_" prefix);
// std::nullopt when the name is fine.
std::optional<std::string> identifierProblem(Dialect d, std::string_view name);

// Returns `name` quoted as an identifier: "a""b" (PostgreSQL, SQLite) or `a``b` (MySQL).
std::string quoteIdent(Dialect d, std::string_view name);

// Returns `text` as a string literal: 'it''s'; PostgreSQL uses E'..' when the text holds a
// backslash, MySQL escapes backslashes (the scripts switch NO_BACKSLASH_ESCAPES off).
std::string quoteLiteral(Dialect d, std::string_view text);

// Returns `text` safe to put after "-- " on one line: control characters become '?'.
std::string commentText(std::string_view text);

// Returns `base` when it fits the dialect's limit, else a prefix of it plus "_" and 8 hex
// digits of its hash, so derived names (constraints, indexes) stay unique and legal.
std::string fitName(Dialect d, std::string_view base);

} // namespace archsim::exporters
