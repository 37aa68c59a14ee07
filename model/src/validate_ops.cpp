// validate()'s checks of the operations settings (docs/operations.md).

#include "validate_ops.h"

#include <cstdio>

namespace archsim::model::detail {

namespace {

std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// Appends an error unless lo < value < hi (an open interval: an objective of 0 or 1 has no
// error budget to burn, or no requests to meet it).
void openRange(Diagnostics &out, const std::string &place, double value, double lo, double hi,
               const std::string &what)
{
    if (!(value > lo && value < hi))
        out.push_back(makeError(place, what + " is " + num(value) + "; expected more than " +
                                           num(lo) + " and less than " + num(hi)));
}

void checkSlo(const Component &c, const std::string &p, Diagnostics &out)
{
    const std::string sp = p + "/slo";
    const std::string who = "component '" + c.id + "': ";
    if (c.kind != ComponentKind::Client) {
        out.push_back(makeError(sp, who + "only clients have an slo (the objectives of the "
                                          "requests they make)"));
        return;
    }
    const Slo &s = *c.slo;
    openRange(out, sp + "/availability", s.availability, 0, 1, "availability");
    if (!(s.latency_ms >= 0 && s.latency_ms <= 3.6e6))
        out.push_back(makeError(sp + "/latency_ms", "latency_ms is " + num(s.latency_ms) +
                                                        "; expected at least 0 and at most "
                                                        "3.6e+06 (0 = no latency objective)"));
    openRange(out, sp + "/latency_target", s.latency_target, 0, 1, "latency_target");
    if (s.period_days != 28 && s.period_days != 30)
        out.push_back(makeError(sp + "/period_days",
                                who + "period_days is " + std::to_string(s.period_days) +
                                    "; expected 28 or 30"));
}

void nonNegative(Diagnostics &out, const std::string &place, double value, double hi,
                 const char *what)
{
    if (!(value >= 0 && value <= hi))
        out.push_back(makeError(place, std::string(what) + " is " + num(value) +
                                           "; expected at least 0 and at most " + num(hi)));
}

void checkPrice(const PriceOverride &price, const std::string &p, Diagnostics &out)
{
    const std::string pp = p + "/price";
    if (price.replica_hour)
        nonNegative(out, pp + "/replica_hour", *price.replica_hour, 1e6, "replica_hour");
    if (price.storage_gb)
        nonNegative(out, pp + "/storage_gb", *price.storage_gb, 1e12, "storage_gb");
    nonNegative(out, pp + "/egress_gb_month", price.egress_gb_month, 1e12, "egress_gb_month");
    nonNegative(out, pp + "/monthly", price.monthly, 1e12, "monthly");
}

void checkPolicies(const std::vector<ScalingPolicy> &policies, const std::string &pp,
                   Diagnostics &out)
{
    for (size_t i = 0; i < policies.size(); ++i) {
        const ScalingPolicy &sp = policies[i];
        const std::string at = pp + "/" + std::to_string(i);
        if (!(sp.value >= 1 && sp.value <= (sp.type == ScalingPolicyType::Percent ? 10000
                                                                                  : 100000)))
            out.push_back(makeError(at + "/value", "value is " + std::to_string(sp.value) +
                                                       "; a policy changes at least 1 " +
                                                       (sp.type == ScalingPolicyType::Percent
                                                            ? "percent (at most 10000)"
                                                            : "pod (at most 100000)")));
        // Kubernetes: 0 < periodSeconds <= 1800.
        if (!(sp.period_s > 0 && sp.period_s <= 1800))
            out.push_back(makeError(at + "/period_s", "period_s is " + num(sp.period_s) +
                                                          "; expected more than 0 and at most "
                                                          "1800 (as Kubernetes)"));
    }
}

void checkAutoscale(const Autoscale &a, const std::string &p, Diagnostics &out)
{
    const std::string ap = p + "/deploy/autoscale";
    checkPolicies(a.scale_up_policies, ap + "/scale_up_policies", out);
    checkPolicies(a.scale_down_policies, ap + "/scale_down_policies", out);
    nonNegative(out, ap + "/startup_s", a.startup_s, 86400, "startup_s");
    if (!(a.sync_period_s >= 1 && a.sync_period_s <= 3600))
        out.push_back(makeError(ap + "/sync_period_s", "sync_period_s is " +
                                                           num(a.sync_period_s) +
                                                           "; expected 1 to 3600"));
    if (!(a.tolerance >= 0 && a.tolerance < 1))
        out.push_back(makeError(ap + "/tolerance", "tolerance is " + num(a.tolerance) +
                                                       "; expected at least 0 and less than 1"));
}

void checkRateLimit(const RateLimit &r, const std::string &rp, Diagnostics &out)
{
    if (!(r.rate_rps > 0 && r.rate_rps <= 1e9))
        out.push_back(makeError(rp + "/rate_rps", "rate_rps is " + num(r.rate_rps) +
                                                      "; expected more than 0 and at most 1e9"));
    if (!(r.burst >= 1 && r.burst <= 1e9))
        out.push_back(makeError(rp + "/burst", "burst is " + num(r.burst) +
                                                   "; a bucket holds at least 1 token (at most "
                                                   "1e9)"));
    if (r.per == RateLimitScope::Key && !(r.keys >= 1 && r.keys <= 10000000))
        out.push_back(makeError(rp + "/keys", "keys is " + std::to_string(r.keys) +
                                                  "; a per-key limit needs 1 to 10000000 keys"));
}

} // namespace

void checkLinkOperations(const Link &l, const std::string &p, Diagnostics &out)
{
    if (l.rate_limit)
        checkRateLimit(*l.rate_limit, p + "/rate_limit", out);
}

void checkComponentOperations(const Component &c, const std::string &p, Diagnostics &out)
{
    if (c.slo)
        checkSlo(c, p, out);
    if (c.price)
        checkPrice(*c.price, p, out);
    if (c.deploy.autoscale)
        checkAutoscale(*c.deploy.autoscale, p, out);
    if (c.rate_limit) {
        if (c.kind != ComponentKind::Gateway)
            out.push_back(makeError(p + "/rate_limit",
                                    "component '" + c.id + "': only gateways have a "
                                    "rate_limit; limit a link to any other component"));
        else
            checkRateLimit(*c.rate_limit, p + "/rate_limit", out);
    }
}

} // namespace archsim::model::detail
