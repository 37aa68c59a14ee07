// Rate limits at gateways and the clients' service level objectives in the engine
// (docs/operations.md); the links' token buckets live with the other link state
// (engine/linkstate.cpp).

#include "engine/engine.h"

#include <algorithm>

namespace archsim::simulator::engine {

namespace {

constexpr uint64_t kGatewayKeyStream = 12;

// Error-budget burn: the bad share over the budget (1 - objective).
double burn(double good, double objective)
{
    return objective < 1.0 ? std::max(0.0, 1.0 - good) / (1.0 - objective) : 0.0;
}

} // namespace

void Engine::initOperations()
{
    const size_t seconds = m_availArrived.size();
    for (uint32_t n = 0; n < m_nodes.size(); ++n) {
        const NodeDef &d = m_net.nodes[n];
        if (d.hasRateLimit) {
            if (m_nodeLimiters.empty()) {
                m_nodeLimiters.resize(m_nodes.size());
                m_nodeKeyRng.resize(m_nodes.size());
            }
            m_nodeLimiters[n].emplace(d.rateLimit);
            m_nodeKeyRng[n].reseed(
                deriveSeed(m_cfg.seed, m_cfg.replication, d.idHash, kGatewayKeyStream));
        }
        if (d.isClient && d.sloAvailability > 0) {
            if (m_sloOf.empty())
                m_sloOf.assign(m_nodes.size(), -1);
            m_sloOf[n] = static_cast<int32_t>(m_sloArrived.size());
            m_sloArrived.emplace_back(seconds, 0);
            m_sloOk.emplace_back(seconds, 0);
        }
    }
}

bool Engine::takeGatewayToken(uint32_t node, uint32_t v)
{
    RateLimiter &limiter = *m_nodeLimiters[node];
    return limiter.tryTake(m_now, rateKey(limiter, m_nodeKeyRng[node], v));
}

void Engine::fillSlos(ReplicationOutput &out)
{
    if (m_sloOf.empty())
        return;
    auto share = [](uint64_t part, uint64_t all) {
        return all ? std::min(1.0, static_cast<double>(part) / static_cast<double>(all)) : 1.0;
    };
    for (uint32_t n = 0; n < m_nodes.size(); ++n) {
        if (m_sloOf[n] < 0)
            continue;
        const NodeDef &d = m_net.nodes[n];
        const NodeState &s = m_nodes[n];
        SloFigures f;
        f.client = d.id;
        f.availability_objective = d.sloAvailability;
        f.latency_ms = d.sloLatencyS * 1000.0;
        f.latency_objective = d.sloLatencyS > 0 ? d.sloLatencyTarget : 0.0;
        f.availability.value = share(s.reqOkMeasured, s.reqMeasured);
        f.availability_burn.value = burn(f.availability.value, d.sloAvailability);
        if (d.sloLatencyS > 0) {
            f.latency_attainment.value = share(s.reqFastMeasured, s.reqMeasured);
            f.latency_burn.value = burn(f.latency_attainment.value, d.sloLatencyTarget);
        } else {
            f.latency_attainment.value = 1.0;
        }
        out.slos.push_back(std::move(f));
    }
    for (TimelinePoint &p : out.timeline) {
        p.burn_rate.clear();
        secondBurnRates(static_cast<size_t>(p.t_s), p);
    }
}

void Engine::tickBurnRates(TimelinePoint &p)
{
    if (!m_sloOf.empty())
        secondBurnRates(static_cast<size_t>(p.t_s), p);
}

void Engine::secondBurnRates(size_t sec, TimelinePoint &p) const
{
    for (uint32_t n = 0; n < m_nodes.size(); ++n) {
        if (m_sloOf[n] < 0)
            continue;
        const auto i = static_cast<size_t>(m_sloOf[n]);
        const uint64_t arrived = sec < m_sloArrived[i].size() ? m_sloArrived[i][sec] : 0;
        const uint64_t ok = std::min<uint64_t>(arrived, sec < m_sloOk[i].size()
                                                            ? m_sloOk[i][sec] : 0);
        const double good = arrived ? double(ok) / double(arrived) : 1.0;
        p.burn_rate.push_back(burn(good, m_net.nodes[n].sloAvailability));
    }
}

} // namespace archsim::simulator::engine
