#pragma once

// Which components the simulator autoscales (docs/operations.md).

#include "archsim/model/types.h"

namespace archsim::simulator {

// Returns true when the simulator scales `c`: it declares deploy.autoscale and is a stateless
// workload in the cluster (a service, gateway, worker or load balancer), the components the
// Kubernetes export gives a HorizontalPodAutoscaler.
bool simulatesAutoscale(const model::Component &c);

} // namespace archsim::simulator
