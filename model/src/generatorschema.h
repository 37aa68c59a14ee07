#pragma once

// Generation of random but valid schemas for generateModel(). Internal to archsim_model.

#include "generatorrng.h"

#include "archsim/model/generator.h"

namespace archsim::model::detail {

// Returns `options.schemas` schemas holding `options.tables` tables in all.
std::vector<Schema> generateSchemas(GenRng &rng, const GeneratorOptions &options);

} // namespace archsim::model::detail
