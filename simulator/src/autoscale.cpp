// The HPA controller's decision (autoscale.h). The steps and their order follow the Kubernetes
// controller (pkg/controller/podautoscaler): replica calculator, stabilizeRecommendation-
// WithBehaviors, convertDesiredReplicasWithBehaviorRate.

#include "autoscale.h"

#include <algorithm>
#include <climits>
#include <cmath>

namespace archsim::simulator {

using model::ScalingPolicy;
using model::ScalingPolicyType;
using model::SelectPolicy;

bool simulatesAutoscale(const model::Component &c)
{
    using model::ComponentKind;
    const bool stateless = c.kind == ComponentKind::Service || c.kind == ComponentKind::Gateway
                           || c.kind == ComponentKind::Worker
                           || c.kind == ComponentKind::LoadBalancer;
    return c.deploy.autoscale && stateless && c.deploy.hosting != "managed"
           && c.deploy.hosting != "external";
}

HpaController::HpaController(const model::Autoscale &a) : m_a(a)
{
    m_up = a.scale_up_policies;
    if (m_up.empty())
        m_up = {{ScalingPolicyType::Pods, 4, 15}, {ScalingPolicyType::Percent, 100, 15}};
    m_down = a.scale_down_policies;
    if (m_down.empty())
        m_down = {{ScalingPolicyType::Percent, 100, 15}};
}

int HpaController::metricDesired(int current, int ready, double utilization) const
{
    const double target = m_a.target_utilization;
    if (ready <= 0)
        return current; // no pod reports a metric: nothing to decide from
    double ratio = utilization / target;
    const int unready = std::max(0, current - ready);
    if (unready > 0 && ratio > 1.0) {
        // Pods without a metric count as idle while scaling up; if that reverses the direction
        // or falls inside the tolerance, nothing changes.
        ratio = utilization * ready / (target * (ready + unready));
        if (ratio <= 1.0 || std::abs(ratio - 1.0) <= m_a.tolerance)
            return current;
        return static_cast<int>(std::ceil(ratio * (ready + unready)));
    }
    if (std::abs(ratio - 1.0) <= m_a.tolerance)
        return current;
    return static_cast<int>(std::ceil(ratio * ready));
}

int HpaController::stabilize(double now, int current, int desired)
{
    // The safest recommendation of each window: the lowest over the scale-up window, the
    // highest over the scale-down window, the new one included.
    int up = desired;
    int down = desired;
    const double upCutoff = now - m_a.scale_up_delay_s;
    const double downCutoff = now - m_a.scale_down_delay_s;
    for (const Recommendation &r : m_recommendations) {
        if (r.t > upCutoff)
            up = std::min(up, r.replicas);
        if (r.t > downCutoff)
            down = std::max(down, r.replicas);
    }
    const double keep = std::max(m_a.scale_up_delay_s, m_a.scale_down_delay_s);
    std::erase_if(m_recommendations, [&](const Recommendation &r) { return r.t <= now - keep; });
    m_recommendations.push_back({now, desired});
    int recommendation = current;
    if (recommendation < up)
        recommendation = up;
    if (recommendation > down)
        recommendation = down;
    return recommendation;
}

int HpaController::changeInPeriod(const std::vector<ScaleEvent> &events, double now,
                                  double period)
{
    int sum = 0;
    for (const ScaleEvent &e : events)
        if (e.t > now - period)
            sum += e.change;
    return sum;
}

int HpaController::upLimit(double now, int current) const
{
    if (m_a.scale_up_select == SelectPolicy::Disabled)
        return current;
    const bool max = m_a.scale_up_select == SelectPolicy::Max;
    long long result = max ? LLONG_MIN : LLONG_MAX;
    for (const ScalingPolicy &p : m_up) {
        const int start = current - changeInPeriod(m_upEvents, now, p.period_s) +
                          changeInPeriod(m_downEvents, now, p.period_s);
        const long long proposed =
            p.type == ScalingPolicyType::Pods
                ? static_cast<long long>(start) + p.value
                : static_cast<long long>(std::ceil(start * (1.0 + p.value / 100.0)));
        result = max ? std::max(result, proposed) : std::min(result, proposed);
    }
    return static_cast<int>(std::clamp<long long>(result, 0, INT_MAX));
}

int HpaController::downLimit(double now, int current) const
{
    if (m_a.scale_down_select == SelectPolicy::Disabled)
        return current;
    // Max picks the policy that allows the largest change: the lowest count.
    const bool max = m_a.scale_down_select == SelectPolicy::Max;
    long long result = max ? LLONG_MAX : LLONG_MIN;
    for (const ScalingPolicy &p : m_down) {
        const int start = current - changeInPeriod(m_upEvents, now, p.period_s) +
                          changeInPeriod(m_downEvents, now, p.period_s);
        const long long proposed =
            p.type == ScalingPolicyType::Pods
                ? static_cast<long long>(start) - p.value
                : static_cast<long long>(start * (1.0 - p.value / 100.0)); // truncates, as Go
        result = max ? std::min(result, proposed) : std::max(result, proposed);
    }
    return static_cast<int>(std::clamp<long long>(result, 0, INT_MAX));
}

HpaDecision HpaController::sync(double now, int current, int ready, double utilization)
{
    HpaDecision d;
    d.desired = metricDesired(current, ready, utilization);
    const int stabilized = stabilize(now, current, d.desired);
    int next = stabilized;
    if (stabilized > current) {
        const int limit = std::max(current, upLimit(now, current));
        const int maximum = std::min(m_a.max_replicas, limit);
        if (next > maximum) {
            next = maximum;
            d.limited = true;
        }
    } else if (stabilized < current) {
        const int limit = std::min(current, downLimit(now, current));
        const int minimum = std::max(m_a.min_replicas, limit);
        if (next < minimum) {
            next = minimum;
            d.limited = true;
        }
    }
    next = std::clamp(next, m_a.min_replicas, std::max(m_a.min_replicas, m_a.max_replicas));
    // The events older than the longest policy period no longer limit anything.
    double longest = 0;
    for (const ScalingPolicy &p : m_up)
        longest = std::max(longest, p.period_s);
    for (const ScalingPolicy &p : m_down)
        longest = std::max(longest, p.period_s);
    auto old = [&](const ScaleEvent &e) { return e.t <= now - longest; };
    std::erase_if(m_upEvents, old);
    std::erase_if(m_downEvents, old);
    if (next > current)
        m_upEvents.push_back({now, next - current});
    else if (next < current)
        m_downEvents.push_back({now, current - next});
    d.replicas = next;
    return d;
}

} // namespace archsim::simulator
