#pragma once

// The validation of realtime gateways and pub/sub cache invalidation (docs/realtime.md),
// called by validate()'s component unit. Internal to archsim_model.

#include "validate_streams.h"

namespace archsim::model::detail {

// Reports the problems of component `c` (at pointer `p`) with its realtime and pubsub
// settings: ranges, settings on the wrong kind, pub/sub without delete_on_write.
void checkRealtimeComponent(const std::string &p, const Component &c, const ErrorSink &error);

} // namespace archsim::model::detail
