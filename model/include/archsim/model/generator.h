#pragma once

#include "archsim/model/types.h"

#include <cstdint>

namespace archsim::model {

// Size knobs for a generated model. The defaults give a small model that sets every field.
struct GeneratorOptions {
    int components = 20;      // at least one of each kind once there are 10 or more
    int tables = 10;          // spread over `schemas`
    int columnsPerTable = 8;  // plus key, partition and foreign-key columns
    int schemas = 2;
    int zones = 3;
    int scenarios = 1;
    double linksPerComponent = 1.5;
    bool exerciseEverything = true; // set optional fields and lists at random, for round trips
};

// Returns a valid, randomly generated model; the same seed gives the same model on every
// platform (own PRNG, no std:: distributions). For round-trip tests and benchmarks.
Model generateModel(uint64_t seed, const GeneratorOptions &options = {});

} // namespace archsim::model
