#pragma once

// The validation of a schema's views and materialized views (docs/model-format.md, "Views"),
// called by validate()'s schema unit. Internal to archsim_model.

#include "validate_streams.h"

#include "archsim/model/types.h"

#include <string>
#include <unordered_map>

namespace archsim::model::detail {

// Reports the problems of the views of `schema` (at pointer `p`, "/schemas/N"): names, queries,
// the tables and views they read (which must exist in the schema, with no cycle), refresh and
// indexes. `indexNames` holds the schema's index names so far (name -> owner) and gains the
// views' own.
void checkViews(const std::string &p, const Schema &schema,
                std::unordered_map<std::string, std::string> &indexNames,
                const ErrorSink &error);

} // namespace archsim::model::detail
