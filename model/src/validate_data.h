#pragma once

// The validation of replication, backups, recovery targets, regions and the disaster-recovery
// plan (docs/data-lifecycle.md), called by validate()'s units. Internal to archsim_model.

#include "validate_streams.h"

#include "archsim/model/index.h"
#include "archsim/model/types.h"

#include <string>

namespace archsim::model::detail {

// Reports the problems of component `c` (at pointer `p`) with its data-protection settings.
void checkDataComponent(const std::string &p, const Component &c, const ErrorSink &error);

// Reports the problems of the model's regions (zones known, in one region at most) and of
// its disaster-recovery plan.
void checkRegions(const Model &model, const ModelIndex &index, const ErrorSink &error);

// Reports the problems of a region_outage or data_loss event (at `p`).
void checkDataEvent(const std::string &p, const std::string &who, const ScenarioEvent &e,
                    const Model &model, const ModelIndex &index, const ErrorSink &error);

} // namespace archsim::model::detail
