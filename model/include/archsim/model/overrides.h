#pragma once

// Scenario overrides: the "what if" variants of a model that a scenario runs on (a cache
// without request coalescing, a link retrying at once, everything in one zone). Each override
// is merged into its target's JSON and read again through the normal reader, so a bad field
// is reported like one in the file, at its place under /scenarios/N/overrides/M/set.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>

namespace archsim::model {

// Returns a copy of `model` with the overrides of scenario `scenarioId` applied in order and
// every scenario's overrides removed (the copy is the variant itself). Fails with diagnostics
// at the overrides' places: unknown target, `set` not an object, changing the id, a field the
// target does not have or a value of the wrong type. Does not run semantic validation.
Result<Model> applyOverrides(const Model &model, const std::string &scenarioId);

// Returns the problems of every scenario's variant: the structural ones of applyOverrides and
// the semantic ones that only the variant has (validate() of the variant minus `baseProblems`,
// the problems the model has anyway), placed at the override that causes them where known.
// Its work follows the overrides, not the model's size times the number of scenarios: only the
// changed components and links are read again, and only what can see them validated again.
Diagnostics checkOverrides(const Model &model, const Diagnostics &baseProblems);

// Returns what checkOverrides() returns, computed the reference way: each variant's whole model
// merged, read back and validated. Slow (quadratic); the oracle of checkOverrides()'s tests.
Diagnostics checkOverridesWhole(const Model &model, const Diagnostics &baseProblems);

} // namespace archsim::model
