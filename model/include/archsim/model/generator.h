#pragma once

#include "archsim/model/types.h"

#include <cstdint>

namespace archsim::model {

// Size knobs for a generated model.
struct GeneratorOptions {
    int components = 20;
    int tables = 10;
    int columnsPerTable = 8;
    int scenarios = 1;
    bool exerciseEverything = true; // set optional fields at random, for round-trip tests
};

// Returns a valid, randomly generated model; the same seed gives the same model. For
// round-trip tests and benchmarks.
Model generateModel(uint64_t seed, const GeneratorOptions &options = {});

} // namespace archsim::model
