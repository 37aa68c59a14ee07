// Failures (issue 6): compiling a scenario's events, and the engine's replica availability
// model. Every station replica is up, refusing (crash refuse, zone outage) or hung (crash hang).
// A balancer routes around refusing replicas but not around hung ones (it cannot tell), so a
// hung replica swallows its share of the traffic. A database sends writes to its primary and
// promotes a replica failover_s after the primary went down. docs/failures.md has the rules.

#include "engine/engine.h"

#include "stream/streamstate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

namespace archsim::simulator::engine {

namespace {

constexpr uint64_t kFailureStream = 5;
constexpr uint32_t kNoEvent = 0xffffffffu;
constexpr size_t kMaxChanges = 10000; // per replication; random failures can be many

bool finiteNonNegative(double v) { return std::isfinite(v) && v >= 0; }

double product(const std::vector<double> &factors)
{
    double p = 1.0;
    for (double f : factors)
        p *= f;
    return p;
}

void removeOne(std::vector<double> &factors, double f)
{
    const auto it = std::find(factors.begin(), factors.end(), f);
    if (it != factors.end())
        factors.erase(it);
}

// Recovery in the other region (docs/data-lifecycle.md): a region outage under a
// backup_restore or pilot_light plan, with a zone outside the region to recover into, brings
// the stack up there after detect + provision + switch, and restores each database whose only
// way back is a backup kept in another region after its estimate, detect + provision + S/R +
// switch, both when that is before the region returns. A database that fails over to a
// replica elsewhere does so by itself (failover_s); one that nothing protects waits for the
// region. `zoneActions` are the outage's zone_outage actions, begin and end.
void planRegionRecovery(const model::Model &m, const Network &net,
                        const model::ScenarioEvent &e, const model::Region &region,
                        const std::set<std::string> &allZones, const FailureAction &proto,
                        size_t zoneActions, FailurePlan &plan)
{
    const model::DisasterRecovery dr = m.disaster_recovery.value_or(model::DisasterRecovery{});
    if (dr.strategy != model::DrStrategy::BackupRestore &&
        dr.strategy != model::DrStrategy::PilotLight)
        return; // a warm standby or active-active site runs already: placement decides
    const std::set<std::string> lost(region.zones.begin(), region.zones.end());
    const bool elsewhere = std::any_of(allZones.begin(), allZones.end(),
                                       [&](const std::string &z) { return !lost.count(z); });
    if (!elsewhere)
        return; // nowhere to recover into
    const double returns = e.for_s > 0 ? e.at_s + e.for_s
                                       : std::numeric_limits<double>::infinity();
    const double stackAt = e.at_s + dr.detect_s + dr.provision_s + dr.switch_s;
    RegionLoss loss;
    loss.region = region.id;
    loss.at = e.at_s;
    for (const std::string &zone : region.zones)
        loss.zones.push_back(static_cast<uint32_t>(
            std::find(plan.zones.begin(), plan.zones.end(), zone) - plan.zones.begin()));
    const auto index = static_cast<int32_t>(plan.regionLosses.size());
    std::vector<FailureAction> recoveries;
    FailureAction r = proto;
    r.action = model::EventAction::RegionOutage;
    r.begin = false;
    r.target = static_cast<uint32_t>(index);
    r.regionLoss = index;
    if (stackAt < returns) {
        r.t = stackAt;
        recoveries.push_back(r);
    }
    for (const DataDef &d : net.databases) {
        const NodeDef &n = net.nodes[d.node];
        if (!d.regionRestore || n.zones.empty() || !lost.count(n.zones.front()))
            continue;
        const double at = e.at_s + d.regionRtoEst;
        if (!(at < returns))
            continue;
        r.t = at;
        r.database = static_cast<int32_t>(d.node);
        recoveries.push_back(r);
    }
    if (recoveries.empty())
        return;
    for (size_t i = zoneActions; i < plan.actions.size(); ++i)
        plan.actions[i].regionLoss = index;
    plan.regionLosses.push_back(std::move(loss));
    plan.actions.insert(plan.actions.end(), recoveries.begin(), recoveries.end());
}

} // namespace

model::Result<FailurePlan> compileFailures(const model::Model &m, const model::Scenario &sc,
                                           int index, const Network &net)
{
    FailurePlan plan;
    model::Diagnostics diags;
    std::unordered_map<std::string, uint32_t> nodeOf, linkOf;
    for (uint32_t n = 0; n < net.nodes.size(); ++n)
        nodeOf.emplace(net.nodes[n].id, n);
    for (uint32_t l = 0; l < net.linkIds.size(); ++l)
        linkOf.emplace(net.linkIds[l], l);
    std::set<std::string> zones(m.zones.begin(), m.zones.end());
    for (const auto &c : m.components)
        zones.insert(c.zones.begin(), c.zones.end());

    for (size_t k = 0; k < sc.events.size(); ++k) {
        const model::ScenarioEvent &e = sc.events[k];
        const std::string place =
            "/scenarios/" + std::to_string(index) + "/events/" + std::to_string(k);
        auto error = [&](const char *field, const std::string &message) {
            diags.push_back(model::makeError(place + "/" + field, message));
        };
        plan.notes.push_back(e.note);
        if (!finiteNonNegative(e.at_s))
            error("at_s", "at_s must be a finite number >= 0");
        if (!finiteNonNegative(e.for_s))
            error("for_s", "for_s must be a finite number >= 0 (0 = until the end)");
        FailureAction a;
        a.t = e.at_s;
        a.action = e.action;
        a.mode = e.mode;
        a.factor = e.factor;
        a.replica = e.replica;
        a.event = static_cast<uint32_t>(k);
        bool ok = true;
        const auto node = nodeOf.find(e.target);
        const bool isStation = node != nodeOf.end() && !net.nodes[node->second].isClient;
        switch (e.action) {
        case model::EventAction::Crash:
        case model::EventAction::Slow:
            if (!isStation) {
                error("target", "'" + e.target + "' is not a component that serves requests");
                ok = false;
                break;
            }
            a.target = node->second;
            if (e.action == model::EventAction::Crash &&
                (e.replica < -1 || e.replica >= net.nodes[a.target].replicas)) {
                error("replica", "replica must be -1 (all) or in [0, " +
                                     std::to_string(net.nodes[a.target].replicas) + ")");
                ok = false;
            }
            if (e.action == model::EventAction::Slow && !(std::isfinite(e.factor) &&
                                                           e.factor > 0)) {
                error("factor", "a slow event needs a finite factor > 0");
                ok = false;
            }
            break;
        case model::EventAction::Partition: {
            const auto link = linkOf.find(e.target);
            if (link == linkOf.end()) {
                error("target", "'" + e.target + "' is not a link id");
                ok = false;
            } else {
                a.target = link->second;
            }
            break;
        }
        case model::EventAction::ZoneOutage: {
            if (!zones.count(e.target)) {
                error("target", "'" + e.target + "' is not a zone of the model");
                ok = false;
                break;
            }
            const auto it = std::find(plan.zones.begin(), plan.zones.end(), e.target);
            a.target = static_cast<uint32_t>(it - plan.zones.begin());
            if (it == plan.zones.end())
                plan.zones.push_back(e.target);
            break;
        }
        case model::EventAction::Load:
            if (e.target.empty()) {
                a.allClients = true;
            } else if (node == nodeOf.end() ||
                       (!net.nodes[node->second].isClient &&
                        m.components[node->second].kind != model::ComponentKind::Realtime)) {
                // A realtime gateway's load is a burst on its hottest channel (docs/realtime.md).
                error("target", "'" + e.target + "' is not a client or a realtime gateway "
                                "(leave it empty for all clients)");
                ok = false;
            } else {
                a.target = node->second;
            }
            if (!(std::isfinite(e.factor) && e.factor >= 0)) {
                error("factor", "a load event needs a finite factor >= 0");
                ok = false;
            }
            break;
        case model::EventAction::Poison:
            // The stream kernel poisons messages (stream/streamkernel.cpp); the engine marks it.
            if (node == nodeOf.end() || !model::isMessaging(m.components[node->second].kind)) {
                error("target", "'" + e.target + "' is not a stream or a queue");
                ok = false;
            } else {
                a.target = node->second;
            }
            break;
        case model::EventAction::RegionOutage: {
            // Every zone of the region goes out at once: one zone_outage action per zone.
            const model::Region *region = nullptr;
            for (const model::Region &r : m.regions)
                if (r.id == e.target)
                    region = &r;
            if (!region) {
                error("target", "'" + e.target + "' is not a region of the model");
                ok = false;
                break;
            }
            a.action = model::EventAction::ZoneOutage;
            const size_t zoneActions = plan.actions.size();
            for (const std::string &zone : region->zones) {
                const auto it = std::find(plan.zones.begin(), plan.zones.end(), zone);
                a.target = static_cast<uint32_t>(it - plan.zones.begin());
                if (it == plan.zones.end())
                    plan.zones.push_back(zone);
                plan.actions.push_back(a);
                if (e.for_s > 0) {
                    FailureAction end = a;
                    end.begin = false;
                    end.t = e.at_s + e.for_s;
                    plan.actions.push_back(end);
                }
            }
            planRegionRecovery(m, net, e, *region, zones, a, zoneActions, plan);
            ok = false; // pushed above
            break;
        }
        case model::EventAction::DataLoss: {
            if (node == nodeOf.end() || net.nodes[node->second].data < 0) {
                error("target", "'" + e.target + "' is not a database");
                ok = false;
                break;
            }
            a.target = node->second;
            plan.actions.push_back(a);
            // Down until the restore is done (for_s is not used): detect + S/R.
            const double restore =
                net.databases[static_cast<size_t>(net.nodes[a.target].data)].restoreS;
            if (restore >= 0) {
                a.begin = false;
                a.t = e.at_s + restore;
                plan.actions.push_back(a);
            }
            ok = false; // pushed above
            break;
        }
        case model::EventAction::Flush:
            if (node == nodeOf.end() || net.nodes[node->second].cache < 0) {
                error("target", "'" + e.target + "' is not a cache or CDN");
                ok = false;
            } else {
                a.target = node->second;
            }
            break;
        }
        if (!ok)
            continue;
        plan.actions.push_back(a);
        if (e.for_s > 0) {
            a.begin = false;
            a.t = e.at_s + e.for_s;
            plan.actions.push_back(a);
        }
    }
    std::stable_sort(plan.actions.begin(), plan.actions.end(),
                     [](const FailureAction &a, const FailureAction &b) { return a.t < b.t; });
    for (const NodeDef &d : net.nodes)
        plan.randomFailures = plan.randomFailures || (!d.isClient && d.mtbfS > 0);
    if (model::hasErrors(diags))
        return diags;
    return model::Result<FailurePlan>(std::move(plan), std::move(diags));
}

// ---- setup ------------------------------------------------------------------------------------

void Engine::initFailures()
{
    m_plan = m_cfg.failures;
    const size_t seconds = static_cast<size_t>(std::ceil(m_cfg.duration)) + 1;
    m_availArrived.assign(seconds, 0);
    m_availOk.assign(seconds, 0);
    m_health.resize(m_nodes.size());
    m_replicaBase.resize(m_nodes.size());
    m_failRng.resize(m_nodes.size());
    bool random = false;
    for (uint32_t n = 0; n < m_nodes.size(); ++n) {
        const NodeDef &d = m_net.nodes[n];
        m_replicaBase[n] = static_cast<uint32_t>(m_replicaNode.size());
        if (d.isClient)
            continue;
        m_health[n].replicas.resize(static_cast<size_t>(d.replicas));
        m_health[n].up = d.replicas;
        m_replicaNode.insert(m_replicaNode.end(), static_cast<size_t>(d.replicas), n);
        if (d.mtbfS <= 0)
            continue;
        random = true;
        m_failRng[n].reseed(deriveSeed(m_cfg.seed, m_cfg.replication, d.idHash, kFailureStream));
        for (int r = 0; r < d.replicas; ++r)
            m_events.push(sampleExponential(m_failRng[n], d.mtbfS), EventType::RandomFail,
                          m_replicaBase[n] + static_cast<uint32_t>(r), 0);
    }
    m_failuresActive = random || (m_plan && !m_plan->actions.empty());
    m_regionMoved.assign(m_plan ? m_plan->regionLosses.size() : 0,
                         std::vector<uint8_t>(m_nodes.size(), 0));
    initScalers();
    initOperations();
    initData();
    if (m_plan)
        for (uint32_t i = 0; i < m_plan->actions.size(); ++i)
            if (m_plan->actions[i].t <= m_cfg.duration)
                m_events.push(m_plan->actions[i].t, EventType::Failure, i, 0);
}

// ---- routing ----------------------------------------------------------------------------------

int Engine::routeArrival(uint32_t node, uint32_t viaCall)
{
    const NodeDef &d = m_net.nodes[node];
    NodeState &s = m_nodes[node];
    NodeHealth &h = m_health[node];
    const auto replicas = static_cast<int>(h.replicas.size());
    // A candidate takes traffic: not refusing (a hung replica still does, unknowingly).
    auto pick = [&](int exclude) -> int {
        int count = 0;
        for (int r = 0; r < replicas; ++r)
            count += (r != exclude && !h.replicas[r].refusing()) ? 1 : 0;
        if (count == 0)
            return -1;
        if (d.balancing == model::Balancing::Random) {
            uint32_t k = s.balanceRng.below(static_cast<uint32_t>(count));
            for (int r = 0; r < replicas; ++r)
                if (r != exclude && !h.replicas[r].refusing() && k-- == 0)
                    return r;
        }
        if (d.balancing == model::Balancing::Pooled) {
            // Instances with their own queues (databases): join the shortest queue, which
            // behaves like one pooled queue; ties rotate.
            const uint32_t start = h.roundRobin++;
            int best = -1;
            size_t bestLoad = 0;
            for (int i = 0; i < replicas; ++i) {
                const int r = static_cast<int>((start + static_cast<uint32_t>(i)) %
                                               static_cast<uint32_t>(replicas));
                if (r == exclude || h.replicas[r].refusing())
                    continue;
                const Group &g = s.groups[static_cast<size_t>(r)];
                const size_t load = static_cast<size_t>(g.busy) + g.waiting.size();
                if (best < 0 || load < bestLoad) {
                    best = r;
                    bestLoad = load;
                }
            }
            return best;
        }
        for (int i = 0; i < replicas; ++i) {
            const int r = static_cast<int>(s.roundRobin++ % static_cast<uint32_t>(replicas));
            if (r != exclude && !h.replicas[r].refusing())
                return r;
        }
        return -1;
    };

    if (d.isDatabase) {
        // A link's read_from overrides the database's (a job reading a replica).
        const model::ReadFrom readFrom =
            viaCall != kNone && m_net.calls[viaCall].readFrom >= 0
                ? static_cast<model::ReadFrom>(m_net.calls[viaCall].readFrom)
                : d.readFrom;
        const bool toPrimary = viaCall == kNone || m_net.calls[viaCall].write ||
                               readFrom == model::ReadFrom::Primary;
        if (!toPrimary) {
            const int r = pick(readFrom == model::ReadFrom::Any ? -1 : h.primary);
            if (r >= 0)
                return r;
            // no replica takes reads: they fall back to the primary
        }
        if (h.replicas[static_cast<size_t>(h.primary)].refusing())
            return kRouteUnavailable;
        return h.primary; // a hung primary queues it and does not answer
    }
    if (s.groups.size() == 1) {
        if (h.up + h.hung == 0)
            return kRouteRefused;
        if (h.hung > 0 &&
            s.balanceRng.below(static_cast<uint32_t>(h.up + h.hung)) <
                static_cast<uint32_t>(h.hung))
            return kRouteParked;
        return 0;
    }
    const int r = pick(-1);
    return r >= 0 ? r : kRouteRefused;
}

// ---- replica state ----------------------------------------------------------------------------

void Engine::changeReplica(uint32_t node, int replica, model::CrashMode mode, int delta)
{
    NodeHealth &h = m_health[node];
    const auto replicas = static_cast<int>(h.replicas.size());
    for (int r = replica < 0 ? 0 : replica; r < (replica < 0 ? replicas : replica + 1); ++r) {
        ReplicaHealth &rh = h.replicas[static_cast<size_t>(r)];
        uint16_t &count = mode == model::CrashMode::Hang ? rh.hang : rh.refuse;
        if (delta > 0)
            ++count;
        else if (count > 0)
            --count;
    }
    applyHealth(node);
}

void Engine::applyHealth(uint32_t node)
{
    const NodeDef &d = m_net.nodes[node];
    NodeState &s = m_nodes[node];
    NodeHealth &h = m_health[node];
    h.up = h.hung = 0;
    for (const ReplicaHealth &rh : h.replicas) {
        h.up += rh.up() ? 1 : 0;
        h.hung += rh.hung() ? 1 : 0;
    }
    integrateServing(s);
    s.servingNow = static_cast<double>(h.up) * d.workers;
    if (s.groups.size() == 1) {
        Group &g = s.groups[0];
        g.servers = h.up * d.workers;
        if (h.hung == 0 && !s.parked.empty()) {
            // The hang is over: what it held is served now (or shed).
            integrate(s);
            while (!s.parked.empty()) {
                g.waiting.push(s.parked.pop());
                ++s.waitingTotal;
            }
        }
        if (h.up + h.hung == 0)
            flushQueue(node, 0, Reason::Refused);
        startQueued(node, 0);
    } else {
        for (size_t r = 0; r < h.replicas.size(); ++r) {
            s.groups[r].servers = h.replicas[r].up() ? d.workers : 0;
            if (h.replicas[r].refusing())
                flushQueue(node, static_cast<uint16_t>(r), Reason::Refused);
            startQueued(node, static_cast<uint16_t>(r));
        }
    }
    if (!d.isDatabase)
        return;
    const bool primaryDown = !h.replicas[static_cast<size_t>(h.primary)].up();
    if (primaryDown) {
        if (h.failoverDue) {
            promote(node);
        } else if (!h.failoverPending) {
            onPrimaryLost(node);
            h.failoverPending = true;
            m_events.push(m_now + d.failoverS, EventType::Failover, node, ++h.failoverGen);
        }
    } else if (h.failoverPending || h.failoverDue) {
        h.failoverPending = h.failoverDue = false; // the primary is back before any promotion
        ++h.failoverGen;
        m_data[static_cast<size_t>(d.data)].crashLoss = -1; // it lost nothing
    }
}

void Engine::onFailover(uint32_t node, uint32_t gen)
{
    NodeHealth &h = m_health[node];
    if (gen != h.failoverGen || !h.failoverPending)
        return;
    h.failoverPending = false;
    if (!h.replicas[static_cast<size_t>(h.primary)].up())
        promote(node);
}

void Engine::promote(uint32_t node)
{
    NodeHealth &h = m_health[node];
    const auto replicas = static_cast<int>(h.replicas.size());
    for (int i = 1; i < replicas; ++i) {
        const int r = (h.primary + i) % replicas;
        if (h.replicas[static_cast<size_t>(r)].up()) {
            h.primary = r;
            h.failoverDue = false;
            onPromoted(node, r);
            record("failover", m_net.nodes[node].id, r, kNoEvent);
            return;
        }
    }
    h.failoverDue = true; // promote as soon as a replica is up
}

// ---- queues -----------------------------------------------------------------------------------

void Engine::failVisitNow(uint32_t v, Reason reason)
{
    Visit &x = m_visits[v];
    x.failed = true;
    x.reason = reason;
    m_events.push(m_now, EventType::Respond, v, x.gen);
}

uint32_t Engine::popRunnable(uint32_t node, uint16_t group)
{
    NodeState &s = m_nodes[node];
    Group &g = s.groups[group];
    const bool shedding = m_net.nodes[node].loadShedding;
    integrate(s);
    while (!g.waiting.empty()) {
        const uint32_t v = g.waiting.pop();
        --s.waitingTotal;
        const Visit &x = m_visits[v];
        if (shedding && (x.orphaned || m_now >= x.deadline)) {
            // Nobody waits for it any more: drop it instead of wasting a server on it.
            if (m_measuring)
                ++s.shed;
            failVisitNow(v, Reason::Timeout);
            continue;
        }
        return v;
    }
    return kNone;
}

void Engine::startQueued(uint32_t node, uint16_t group)
{
    NodeState &s = m_nodes[node];
    while (s.groups[group].busy < s.groups[group].servers) {
        const uint32_t v = popRunnable(node, group);
        if (v == kNone)
            return;
        startService(v, true);
    }
}

void Engine::flushQueue(uint32_t node, uint16_t group, Reason reason)
{
    NodeState &s = m_nodes[node];
    Group &g = s.groups[group];
    integrate(s);
    while (!g.waiting.empty()) {
        const uint32_t v = g.waiting.pop();
        --s.waitingTotal;
        if (m_measuring)
            ++s.refused;
        failVisitNow(v, reason);
    }
}

// ---- events -----------------------------------------------------------------------------------

void Engine::setClientLoad(uint32_t node)
{
    NodeState &s = m_nodes[node];
    s.loadFactor = product(m_health[node].loadFactors);
    s.meanGap = s.rate > 0 && s.loadFactor > 0 ? 1.0 / (s.rate * s.loadFactor) : 0.0;
    ++s.arrivalGen; // memoryless: redraw the next arrival at the new rate
    scheduleArrival(node);
}

void Engine::onFailureAction(uint32_t index)
{
    const FailureAction &a = m_plan->actions[index];
    const int delta = a.begin ? 1 : -1;
    switch (a.action) {
    case model::EventAction::Crash:
        changeReplica(a.target, a.replica, a.mode, delta);
        record(a.begin ? "crash" : "recover", m_net.nodes[a.target].id, a.replica, a.event);
        break;
    case model::EventAction::ZoneOutage: {
        const std::string &zone = m_plan->zones[a.target];
        for (uint32_t n = 0; n < m_nodes.size(); ++n) {
            const NodeDef &d = m_net.nodes[n];
            if (d.isClient || d.zones.empty())
                continue;
            if (!a.begin && a.regionLoss >= 0 &&
                m_regionMoved[static_cast<size_t>(a.regionLoss)][n])
                continue; // recovered in the other region: the region's return changes nothing
            bool hit = false;
            for (int r = 0; r < d.replicas; ++r) {
                if (d.zones[static_cast<size_t>(r) % d.zones.size()] != zone)
                    continue;
                ReplicaHealth &rh = m_health[n].replicas[static_cast<size_t>(r)];
                uint16_t &count = a.mode == model::CrashMode::Hang ? rh.hang : rh.refuse;
                count = static_cast<uint16_t>(delta > 0 ? count + 1 : count > 0 ? count - 1 : 0);
                hit = true;
            }
            if (hit)
                applyHealth(n);
        }
        record(a.begin ? "zone_outage" : "zone_restored", zone, -1, a.event);
        break;
    }
    case model::EventAction::Slow: {
        auto &factors = m_health[a.target].slowFactors;
        if (a.begin)
            factors.push_back(a.factor);
        else
            removeOne(factors, a.factor);
        m_nodes[a.target].slow = product(factors);
        record(a.begin ? "slow" : "slow_end", m_net.nodes[a.target].id, -1, a.event);
        break;
    }
    case model::EventAction::Partition: {
        LinkRuntime &l = m_linkRt[a.target];
        int &count = a.mode == model::CrashMode::Hang ? l.partitionHang : l.partitionRefuse;
        count = std::max(0, count + delta);
        record(a.begin ? "partition" : "partition_end", m_net.linkIds[a.target], -1, a.event);
        break;
    }
    case model::EventAction::Load:
        for (uint32_t n = 0; n < m_nodes.size(); ++n) {
            if (!m_net.nodes[n].isClient || (!a.allClients && n != a.target))
                continue;
            if (a.begin)
                m_health[n].loadFactors.push_back(a.factor);
            else
                removeOne(m_health[n].loadFactors, a.factor);
            setClientLoad(n);
        }
        record(a.begin ? "load" : "load_end",
               a.allClients ? std::string() : m_net.nodes[a.target].id, -1, a.event);
        break;
    case model::EventAction::Poison:
        record(a.begin ? "poison" : "poison_end", m_net.nodes[a.target].id, -1, a.event);
        break;
    case model::EventAction::RegionOutage: // compiled into zone outages; this is a recovery
        onRegionRecovery(a);
        break;
    case model::EventAction::DataLoss:
        onDataLoss(a.target, a.begin);
        record(a.begin ? "data_loss" : "restored", m_net.nodes[a.target].id, -1, a.event);
        break;
    case model::EventAction::Flush:
        if (a.begin) {
            m_caches.flush(static_cast<uint32_t>(m_net.nodes[a.target].cache));
            record("flush", m_net.nodes[a.target].id, -1, a.event);
        }
        break;
    }
}

void Engine::onRegionRecovery(const FailureAction &a)
{
    const RegionLoss &loss = m_plan->regionLosses[a.target];
    std::vector<uint8_t> &moved = m_regionMoved[a.target];
    // Brings node n's replicas in the lost zones up (elsewhere now), as the zone's end would.
    auto release = [&](uint32_t n) {
        const NodeDef &d = m_net.nodes[n];
        bool hit = false;
        for (int r = 0; r < d.replicas; ++r) {
            const std::string &zone = d.zones[static_cast<size_t>(r) % d.zones.size()];
            bool lost = false;
            for (uint32_t z : loss.zones)
                lost = lost || m_plan->zones[z] == zone;
            if (!lost)
                continue;
            ReplicaHealth &rh = m_health[n].replicas[static_cast<size_t>(r)];
            uint16_t &count = a.mode == model::CrashMode::Hang ? rh.hang : rh.refuse;
            count = static_cast<uint16_t>(count > 0 ? count - 1 : 0);
            hit = true;
        }
        if (!hit)
            return;
        moved[n] = 1;
        applyHealth(n);
        // One change per component (the canvas clears its outage), none with the event's note.
        record(a.database >= 0 ? "restored_elsewhere" : "recovered_elsewhere", d.id, -1,
               kNoEvent);
    };
    if (a.database >= 0) {
        const auto n = static_cast<uint32_t>(a.database);
        restoreElsewhere(n, loss.at);
        release(n);
        return;
    }
    for (uint32_t n = 0; n < m_nodes.size(); ++n) {
        const NodeDef &d = m_net.nodes[n];
        if (!d.isClient && !d.zones.empty() && d.data < 0 && !moved[n])
            release(n);
    }
}

void Engine::onRandomFailure(uint32_t replica, bool repair)
{
    const uint32_t node = m_replicaNode[replica];
    const int r = static_cast<int>(replica - m_replicaBase[node]);
    const NodeDef &d = m_net.nodes[node];
    changeReplica(node, r, model::CrashMode::Refuse, repair ? -1 : 1);
    record(repair ? "recover" : "crash", d.id, r, kNoEvent);
    m_randomFailures.push_back({m_now, node, r, repair});
    if (m_kernel) // the stream kernel replays it on its consumers and brokers
        m_kernel->randomFailure(static_cast<uint32_t>(m_randomFailures.size() - 1), m_now);
    if (repair)
        m_events.push(m_now + sampleExponential(m_failRng[node], d.mtbfS), EventType::RandomFail,
                      replica, 0);
    else
        m_events.push(m_now + sampleExponential(m_failRng[node], d.mttrS),
                      EventType::RandomRepair, replica, 0);
}

void Engine::record(const char *kind, const std::string &target, int replica, uint32_t event)
{
    if (m_changes.size() >= kMaxChanges)
        return;
    StateChange c;
    c.t_s = m_now;
    c.kind = kind;
    c.target = target;
    c.replica = replica;
    if (event != kNoEvent && m_plan && event < m_plan->notes.size())
        c.note = m_plan->notes[event];
    m_changes.push_back(std::move(c));
}

// ---- requests and availability ----------------------------------------------------------------

void Engine::fillAvailability(ReplicationOutput &out)
{
    // Requests still unanswered at the end count as failed, except those younger than the
    // clients' longest timeout (1 s without one): their outcome is not known yet.
    double grace = 0;
    for (const CallDef &c : m_net.calls)
        if (c.fromClient)
            grace = std::max(grace, c.timeout);
    if (grace <= 0)
        grace = 1.0;
    for (uint32_t v = 0; v < m_visits.size(); ++v) {
        const Visit &x = m_visits[v];
        if (x.state == VisitState::Done || !isRoot(x, v) || x.orphaned)
            continue;
        const bool atClient = m_net.nodes[x.node].isClient;
        const bool request = atClient ||
                             (x.viaCall != kNone && m_net.calls[x.viaCall].fromClient &&
                              !m_net.calls[x.viaCall].detached);
        if (!request || m_now - x.arrival >= grace)
            continue;
        const auto sec = static_cast<size_t>(x.arrival);
        if (sec < m_availArrived.size() && m_availArrived[sec] > 0)
            --m_availArrived[sec];
        const uint32_t clientNode = atClient ? x.node : m_net.calls[x.viaCall].from;
        NodeState &client = m_nodes[clientNode];
        if (x.arrival >= m_cfg.warmup && client.reqMeasured > 0)
            --client.reqMeasured;
        if (!m_sloOf.empty() && m_sloOf[clientNode] >= 0) {
            auto &arrived = m_sloArrived[static_cast<size_t>(m_sloOf[clientNode])];
            if (sec < arrived.size() && arrived[sec] > 0)
                --arrived[sec];
        }
    }
    for (TimelinePoint &p : out.timeline) {
        const auto sec = static_cast<size_t>(p.t_s);
        if (sec < m_availArrived.size() && m_availArrived[sec] > 0)
            p.availability = std::min(1.0, static_cast<double>(m_availOk[sec]) /
                                               static_cast<double>(m_availArrived[sec]));
    }
    auto share = [](uint64_t ok, uint64_t all) {
        return all ? std::min(1.0, static_cast<double>(ok) / static_cast<double>(all)) : 1.0;
    };
    uint64_t ok = 0, all = 0;
    for (const NodeState &s : m_nodes) {
        ok += s.reqOkMeasured;
        all += s.reqMeasured;
    }
    out.summary.availability.value = share(ok, all);
    for (ClientFigures &c : out.clients) {
        for (uint32_t n = 0; n < m_nodes.size(); ++n)
            if (m_net.nodes[n].id == c.id)
                c.figures.availability.value =
                    share(m_nodes[n].reqOkMeasured, m_nodes[n].reqMeasured);
    }
}

void Engine::collectTickChanges()
{
    m_tickChanges.clear();
    for (; m_changesTicked < m_changes.size(); ++m_changesTicked)
        m_tickChanges.push_back(m_changes[m_changesTicked]);
    for (size_t l = 0; l < m_linkRt.size(); ++l) {
        if (!m_linkRt[l].breaker)
            continue;
        const auto &all = m_linkRt[l].breaker->transitions();
        for (size_t &k = m_links[l].transitionsTicked; k < all.size(); ++k) {
            StateChange c;
            c.t_s = all[k].atMs / 1000.0;
            c.kind = std::string("breaker_") + toString(all[k].to);
            c.target = m_net.linkIds[l];
            m_tickChanges.push_back(std::move(c));
        }
    }
    std::stable_sort(m_tickChanges.begin(), m_tickChanges.end(),
                     [](const StateChange &a, const StateChange &b) { return a.t_s < b.t_s; });
}

void Engine::collectChanges(ReplicationOutput &out)
{
    out.changes = std::move(m_changes);
    out.randomFailures = std::move(m_randomFailures);
    for (size_t l = 0; l < m_linkRt.size(); ++l) {
        if (!m_linkRt[l].breaker)
            continue;
        for (const auto &t : m_linkRt[l].breaker->transitions()) {
            StateChange c;
            c.t_s = t.atMs / 1000.0;
            c.kind = std::string("breaker_") + toString(t.to);
            c.target = m_net.linkIds[l];
            out.changes.push_back(std::move(c));
        }
    }
    std::stable_sort(out.changes.begin(), out.changes.end(),
                     [](const StateChange &a, const StateChange &b) { return a.t_s < b.t_s; });
}

} // namespace archsim::simulator::engine
