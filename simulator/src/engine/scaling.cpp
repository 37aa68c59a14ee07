// Autoscaling in the engine (docs/operations.md): every sync period the HPA controller of an
// autoscaled station reads the serving replicas' utilization since the last sync and sets the
// replica count; a new replica serves after the start-up delay, a removed one stops taking work
// at once (its queue moves to the others) and finishes what it is serving.

#include "engine/engine.h"

#include <algorithm>
#include <cstdio>

namespace archsim::simulator::engine {

namespace {

constexpr size_t kMaxScaleChanges = 10000; // markers per replication

} // namespace

void Engine::initScalers()
{
    m_scalerOf.assign(m_nodes.size(), -1);
    for (uint32_t n = 0; n < m_nodes.size(); ++n) {
        const NodeDef &d = m_net.nodes[n];
        NodeState &s = m_nodes[n];
        if (d.isClient)
            continue;
        s.servingNow = static_cast<double>(d.replicas) * d.workers;
        if (!d.autoscaled)
            continue;
        m_scalerOf[n] = static_cast<int32_t>(m_scalers.size());
        Scaler &sc = m_scalers.emplace_back(d.autoscale);
        sc.node = n;
        sc.replicas = d.initialReplicas;
        sc.slot.assign(static_cast<size_t>(d.replicas), kSlotOff);
        sc.slotGen.assign(static_cast<size_t>(d.replicas), 0);
        NodeHealth &h = m_health[n];
        for (int r = 0; r < d.replicas; ++r) {
            const bool active = r < d.initialReplicas;
            sc.slot[static_cast<size_t>(r)] = active ? kSlotActive : kSlotOff;
            h.replicas[static_cast<size_t>(r)].standby = !active;
        }
        applyHealth(n);
        if (d.autoscale.sync_period_s <= m_cfg.duration)
            m_events.push(d.autoscale.sync_period_s, EventType::AutoscaleSync,
                          static_cast<uint32_t>(m_scalers.size() - 1), 0);
    }
    if (!m_scalers.empty())
        m_failuresActive = true; // replicas come and go: arrivals are routed by their health
}

void Engine::onAutoscaleSync(uint32_t index)
{
    Scaler &sc = m_scalers[index];
    const NodeDef &d = m_net.nodes[sc.node];
    NodeState &s = m_nodes[sc.node];
    const NodeHealth &h = m_health[sc.node];
    integrate(s);
    integrateServing(s);
    const double busy = s.busyArea - sc.busyAtSync;
    const double serving = s.servingArea - sc.servingAtSync;
    sc.busyAtSync = s.busyArea;
    sc.servingAtSync = s.servingArea;
    const double utilization = serving > 0 ? std::min(1.0, busy / serving) : 0.0;
    int ready = 0;
    for (size_t r = 0; r < sc.slot.size(); ++r)
        ready += sc.slot[r] == kSlotActive && h.replicas[r].up() ? 1 : 0;
    const int from = sc.replicas;
    const HpaDecision decision = sc.hpa.sync(m_now, from, ready, utilization);
    if (decision.replicas != from) {
        scaleTo(sc, decision.replicas);
        if (m_changes.size() < kMaxScaleChanges) {
            char note[160];
            std::snprintf(note, sizeof note,
                          "%d -> %d replicas (utilization %.0f%%, target %.0f%%%s)", from,
                          decision.replicas, utilization * 100,
                          d.autoscale.target_utilization * 100,
                          decision.limited ? ", limited by a policy" : "");
            StateChange c;
            c.t_s = m_now;
            c.kind = decision.replicas > from ? "scale_up" : "scale_down";
            c.target = d.id;
            c.note = note;
            m_changes.push_back(std::move(c));
        }
    }
    const double next = m_now + d.autoscale.sync_period_s;
    if (next <= m_cfg.duration)
        m_events.push(next, EventType::AutoscaleSync, index, 0);
}

void Engine::scaleTo(Scaler &sc, int replicas)
{
    const NodeDef &d = m_net.nodes[sc.node];
    NodeHealth &h = m_health[sc.node];
    integrateReplicas(sc);
    const auto slots = static_cast<int>(sc.slot.size());
    if (replicas > sc.replicas) {
        int add = replicas - sc.replicas;
        for (int r = 0; r < slots && add > 0; ++r) {
            const auto i = static_cast<size_t>(r);
            if (sc.slot[i] != kSlotOff)
                continue;
            --add;
            ++sc.slotGen[i];
            if (d.autoscale.startup_s <= 0) {
                sc.slot[i] = kSlotActive;
                h.replicas[i].standby = false;
            } else {
                sc.slot[i] = kSlotStarting;
                m_events.push(m_now + d.autoscale.startup_s, EventType::ScaleReady,
                              m_replicaBase[sc.node] + static_cast<uint32_t>(r), sc.slotGen[i]);
            }
        }
    } else {
        int remove = sc.replicas - replicas;
        std::vector<int> removed;
        // Replicas still starting go first (nothing to drain), then the newest serving ones.
        for (uint8_t state : {kSlotStarting, kSlotActive})
            for (int r = slots - 1; r >= 0 && remove > 0; --r) {
                const auto i = static_cast<size_t>(r);
                if (sc.slot[i] != state)
                    continue;
                --remove;
                ++sc.slotGen[i];
                sc.slot[i] = kSlotOff;
                h.replicas[i].standby = true;
                if (state == kSlotActive)
                    removed.push_back(r);
            }
        for (int r : removed)
            drainReplica(sc.node, r);
    }
    sc.replicas = replicas;
    applyHealth(sc.node);
}

void Engine::drainReplica(uint32_t node, int replica)
{
    NodeState &s = m_nodes[node];
    if (s.groups.size() <= 1)
        return; // one pooled queue: fewer servers take from it
    const NodeHealth &h = m_health[node];
    Group &from = s.groups[static_cast<size_t>(replica)];
    while (!from.waiting.empty()) {
        int best = -1;
        size_t bestLoad = 0;
        for (size_t r = 0; r < s.groups.size(); ++r) {
            if (!h.replicas[r].up())
                continue;
            const size_t load = static_cast<size_t>(s.groups[r].busy) + s.groups[r].waiting.size();
            if (best < 0 || load < bestLoad) {
                best = static_cast<int>(r);
                bestLoad = load;
            }
        }
        if (best < 0)
            return; // no replica serves: applyHealth refuses what is left
        const uint32_t v = from.waiting.pop();
        m_visits[v].group = static_cast<uint16_t>(best);
        s.groups[static_cast<size_t>(best)].waiting.push(v);
    }
}

void Engine::onScaleReady(uint32_t replica, uint32_t gen)
{
    const uint32_t node = m_replicaNode[replica];
    const int32_t index = m_scalerOf[node];
    if (index < 0)
        return;
    Scaler &sc = m_scalers[static_cast<size_t>(index)];
    const auto r = static_cast<size_t>(replica - m_replicaBase[node]);
    if (sc.slotGen[r] != gen || sc.slot[r] != kSlotStarting)
        return; // scaled down again before it was ready
    sc.slot[r] = kSlotActive;
    m_health[node].replicas[r].standby = false;
    applyHealth(node);
}

double Engine::utilizationSince(uint32_t n, double busySince, double servingSince, double width)
{
    NodeState &s = m_nodes[n];
    if (m_scalerOf[n] >= 0) {
        integrateServing(s);
        const double serving = s.servingArea - servingSince;
        return serving > 0 ? (s.busyArea - busySince) / serving : 0.0;
    }
    const double servers = static_cast<double>(s.servers) * static_cast<double>(s.groups.size());
    return width > 0 ? (s.busyArea - busySince) / (servers * width) : 0.0;
}

} // namespace archsim::simulator::engine
