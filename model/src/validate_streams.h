#pragma once

// The validation of streams, queues, message keys and consume links (docs/streams.md), called
// by validate()'s component, link and event units. Internal to archsim_model.

#include "archsim/model/index.h"
#include "archsim/model/types.h"

#include <functional>
#include <string>

namespace archsim::model::detail {

// Receives one problem: its JSON pointer and its message.
using ErrorSink = std::function<void(std::string place, std::string message)>;

// Returns a number as validate()'s messages write it ("%.6g").
std::string numText(double v);

// Reports `value` outside [lo, hi] in the words validate() uses for every range.
void checkRange(const ErrorSink &error, const std::string &place, double value, double lo,
                double hi, const char *what);

// Reports the problems of component `c` (at pointer `p`) with its stream and queue settings.
void checkMessagingComponent(const std::string &p, const Component &c, const ErrorSink &error);

// Reports the problems of link `l` (at `p`) with its key, its consume settings and its kind's
// endpoints; `index` resolves the components it names (the dead-letter target included).
void checkMessagingLink(const std::string &p, const Link &l, const ModelIndex &index,
                        const ErrorSink &error);

// Reports the problems of a poison event (at `p`): its target must be a stream or a queue.
void checkPoisonEvent(const std::string &p, const std::string &who, const ScenarioEvent &e,
                      const ModelIndex &index, const ErrorSink &error);

} // namespace archsim::model::detail
