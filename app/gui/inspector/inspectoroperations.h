#pragma once

// The inspector's operations fields (docs/operations.md): a client's SLO, a component's price
// override, the autoscaler's start-up delay and policies, and the rate limits of gateways and
// links. Kept apart from the component and link pages, which call these.

#include "formbuilder.h"

#include "archsim/model/types.h"

class QVBoxLayout;

namespace archsim::gui {

// Adds the SLO (clients), rate limit (gateways), autoscaling extras and price sections; the
// price section shows what the component costs per month in `model()` (the current model).
void addComponentOperationsFields(FormBuilder<model::Component> &f, QVBoxLayout *v,
                                  std::function<const model::Model &()> model);

// Returns what component `id` costs per month under the bundled price table at the model's
// nominal load and declared replicas, with how the rate was found ("219.00 USD per month: ...").
QString componentCostText(const model::Model &model, const std::string &id);

// Adds the link's rate limit section and the retries' Retry-After check.
void addLinkOperationsFields(FormBuilder<model::Link> &f, QVBoxLayout *v);

// Returns policies as text, "pods 4/15s; percent 100/15s" (empty = the defaults).
QString policiesText(const std::vector<model::ScalingPolicy> &policies);

// Parses policies text; returns an error message, or "" and fills `out` when given.
QString parsePolicies(const QString &text, std::vector<model::ScalingPolicy> *out);

} // namespace archsim::gui
