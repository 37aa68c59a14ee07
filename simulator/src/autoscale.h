#pragma once

// The Kubernetes HorizontalPodAutoscaler's replica decision, as the Kubernetes documentation
// and its controller state it (docs/operations.md): desired = ceil(current x metric / target)
// outside the tolerance, the stabilization windows over past recommendations, the scale-up and
// scale-down policies (pods or percent per period, selectPolicy) over past scaling events, and
// the min/max bounds. One object per autoscaled component; time is the simulation's.

#include "archsim/model/types.h"

#include <vector>

namespace archsim::simulator {

// What one sync decided.
struct HpaDecision {
    int replicas = 0;  // the new replica count (the old one when nothing changes)
    int desired = 0;   // the metric's recommendation before stabilization and policies
    bool limited = false; // a policy or a bound held the change back
};

// Returns true when the simulator scales `c`: it declares deploy.autoscale and is a stateless
// workload in the cluster (a service, gateway, worker or load balancer), the components the
// Kubernetes export gives a HorizontalPodAutoscaler.
bool simulatesAutoscale(const model::Component &c);

class HpaController {
public:
    // Uses `a`'s bounds, target, windows, policies and tolerance (defaults where it has none).
    explicit HpaController(const model::Autoscale &a);

    // Runs one sync at time `now` (seconds): `current` replicas exist, of which `ready` serve;
    // `utilization` is the ready ones' mean busy share over the last period (0..1). Unready
    // replicas count as idle when the metric asks to scale up (the controller's rule for pods
    // without metrics), and are left out otherwise.
    HpaDecision sync(double now, int current, int ready, double utilization);

    // Returns the scale-up policies in force (the model's, or 4 pods / 100% per 15 s).
    const std::vector<model::ScalingPolicy> &upPolicies() const { return m_up; }
    // Returns the scale-down policies in force (the model's, or 100% per 15 s).
    const std::vector<model::ScalingPolicy> &downPolicies() const { return m_down; }

private:
    struct Recommendation {
        double t;
        int replicas;
    };
    struct ScaleEvent {
        double t;
        int change; // pods added (scale-up list) or removed (scale-down list)
    };

    int metricDesired(int current, int ready, double utilization) const;
    int stabilize(double now, int current, int desired);
    int upLimit(double now, int current) const;
    int downLimit(double now, int current) const;
    static int changeInPeriod(const std::vector<ScaleEvent> &events, double now, double period);

    model::Autoscale m_a;
    std::vector<model::ScalingPolicy> m_up;
    std::vector<model::ScalingPolicy> m_down;
    std::vector<Recommendation> m_recommendations;
    std::vector<ScaleEvent> m_upEvents;
    std::vector<ScaleEvent> m_downEvents;
};

} // namespace archsim::simulator
