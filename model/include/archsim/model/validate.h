#pragma once

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

namespace archsim::model {

// Returns every semantic problem of a model, each with a JSON pointer to its place: duplicate or
// malformed ids, references to unknown ids, out-of-range numbers, partition columns missing
// from the table or its keys, scenario events that target nothing. Empty when the model is valid.
Diagnostics validate(const Model &model);

// Returns true if `id` is a valid stable id: [a-z][a-z0-9-]*, at most 63 characters,
// not ending in '-' (a valid Kubernetes name).
bool isValidId(std::string_view id);

} // namespace archsim::model
