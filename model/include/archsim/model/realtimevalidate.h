#pragma once

// The validation of one component's realtime gateway and pub/sub invalidation settings on its
// own (docs/realtime.md), for editors that check a field as it is typed.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

namespace archsim::model {

// Returns the problems validate() finds in component `c`'s realtime and pubsub settings alone
// (ranges, more subscriptions than channels, a backoff cap below the first delay, a queue that
// cannot hold one message, pub/sub without delete_on_write), each placed relative to the
// component ("/realtime/subscriptions"). The inspector refuses an edit that adds one.
Diagnostics validateRealtimeSettings(const Component &c);

} // namespace archsim::model
