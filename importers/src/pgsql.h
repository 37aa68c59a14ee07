#pragma once

// PostgreSQL scripts through PostgreSQL's own parser (libpg_query, PostgreSQL 15 grammar).

#include "builder.h"

#include <functional>
#include <string>
#include <string_view>

namespace archsim::importers::detail {

// Returns the place of the statement that starts on `line` (1-based): "schema.sql:12".
using PlaceOf = std::function<std::string(int line)>;

// Parses `sql` and adds what it creates to `builder`. A syntax error comes back as one
// diagnostic whose place is "line:col" and whose message is the parser's.
model::Status importPostgresScript(std::string_view sql, Builder &builder,
                                   const PlaceOf &placeOf, const std::string &file);

} // namespace archsim::importers::detail
