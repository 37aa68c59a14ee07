#pragma once

// The validation of jobs (docs/data-lifecycle.md, "Jobs"): their schedule and batch settings,
// their source and sink links, and a link's read_from. Internal to archsim_model.

#include "validate_streams.h"

#include "archsim/model/index.h"
#include "archsim/model/types.h"

#include <string>

namespace archsim::model::detail {

// Reports the problems of component `c` (at `p`) with its job settings and, for a job, its
// source and sink among `model`'s links.
void checkJobComponent(const std::string &p, const Component &c, const Model &model,
                       const ErrorSink &error);

// Reports the problems of link `l` (at `p`) that involve a job, and of its read_from.
void checkJobLink(const std::string &p, const Link &l, const ModelIndex &index,
                  const ErrorSink &error);

} // namespace archsim::model::detail
