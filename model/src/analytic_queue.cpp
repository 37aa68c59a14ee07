// Queueing formulas and the JSON form of an analytic estimate.

#include "archsim/model/analytic.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace archsim::model {

double erlangC(int servers, double a)
{
    if (servers <= 0 || a >= servers)
        return 1.0;
    if (a <= 0)
        return 0.0;
    // Erlang B by its stable recursion B(k) = a B(k-1) / (k + a B(k-1)), then
    // C = B / (1 - rho (1 - B)).
    double b = 1.0;
    for (int k = 1; k <= servers; ++k)
        b = a * b / (k + a * b);
    const double rho = a / servers;
    return b / (1.0 - rho * (1.0 - b));
}

double allenCunneenWaitMs(double lambdaPerS, int servers, double serviceMs, double cs2,
                          double ca2)
{
    if (lambdaPerS <= 0 || serviceMs <= 0)
        return 0.0;
    if (!std::isfinite(serviceMs) || servers <= 0)
        return std::numeric_limits<double>::infinity();
    const double a = lambdaPerS * serviceMs / 1000.0; // offered load in erlangs
    if (a >= servers)
        return std::numeric_limits<double>::infinity();
    const double c = servers;
    const double mmcWait = erlangC(servers, a) * serviceMs / (c - a); // C / (c mu - lambda)
    return mmcWait * (ca2 + cs2) / 2.0;
}

double clientRate(const Component &client, RateBasis basis)
{
    double rate = client.rps;
    if (basis == RateBasis::Peak)
        for (const auto &p : client.profile)
            rate = std::max(rate, p.rps);
    return rate;
}

namespace {
nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
} // namespace

std::string estimateToJson(const AnalyticEstimate &est)
{
    nlohmann::json out = nlohmann::json::object();
    nlohmann::json comps = nlohmann::json::object();
    for (const auto &[id, s] : est.components) {
        comps[id] = {{"arrival_rps", number(s.arrival_rps)},
                     {"servers", s.servers},
                     {"service_ms", number(s.service_ms)},
                     {"holding_ms", number(s.holding_ms)},
                     {"utilization", number(s.utilization)},
                     {"wait_ms", number(s.wait_ms)},
                     {"downstream_ms", number(s.downstream_ms)},
                     {"response_ms", number(s.response_ms)},
                     {"pass_ratio", number(s.pass_ratio)},
                     {"saturated", s.saturated},
                     {"in_cycle", s.in_cycle}};
    }
    nlohmann::json clients = nlohmann::json::object();
    for (const auto &[id, c] : est.clients)
        clients[id] = {{"rate_rps", number(c.rate_rps)},
                       {"response_ms", number(c.response_ms)},
                       {"saturated", c.saturated}};
    out["components"] = std::move(comps);
    out["clients"] = std::move(clients);
    out["cycles"] = est.cycles;
    out["assumptions"] = est.assumptions;
    return out.dump(2) + '\n';
}

} // namespace archsim::model
