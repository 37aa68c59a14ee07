#pragma once

// validate()'s checks of the operations settings (SLOs; later autoscaling policies, rate
// limits and prices), kept apart from validate.cpp. Internal to archsim_model.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"

#include <string>

namespace archsim::model::detail {

// Appends the problems of component `c`'s operations settings; `p` is its JSON pointer.
void checkComponentOperations(const Component &c, const std::string &p, Diagnostics &out);

// Appends the problems of link `l`'s operations settings; `p` is its JSON pointer.
void checkLinkOperations(const Link &l, const std::string &p, Diagnostics &out);

} // namespace archsim::model::detail
