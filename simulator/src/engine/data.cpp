// Replication lag, read-your-writes, backups and data losses (docs/data-lifecycle.md): every
// committed write reaches each replica after its own lag (FIFO behind the previous write when
// the replica has an apply rate); a read on a replica is stale when the same request committed
// a write there that the replica has not applied; a primary's crash loses the writes the
// promoted replica had not applied (async); a data_loss event loses the writes after the last
// backup (or the archive delay) and keeps the database down for detect + S/R.

#include "engine/engine.h"

#include <algorithm>
#include <cmath>

namespace archsim::simulator::engine {

namespace {

constexpr uint64_t kDataStream = 13;

// The key of a request's latest write to one database: the root visit and its generation.
uint64_t requestKey(uint32_t root, uint32_t rootGen)
{
    return (static_cast<uint64_t>(root) << 32) | rootGen;
}

// The last commit a restore of `def`'s backups brings back for a loss at `lostAt`: archived
// commits (older than the archive delay), else those of the last full backup; -1 without
// backups (nothing).
double recoveryPoint(const DataDef &def, double lostAt)
{
    if (def.archiving)
        return lostAt - def.archiveDelay;
    if (def.fullInterval > 0)
        return std::floor(lostAt / def.fullInterval) * def.fullInterval;
    return -1;
}

} // namespace

void Engine::initData()
{
    m_data.resize(m_net.databases.size());
    for (size_t i = 0; i < m_data.size(); ++i) {
        const DataDef &def = m_net.databases[i];
        const NodeDef &d = m_net.nodes[def.node];
        DataState &ds = m_data[i];
        ds.rng.reseed(deriveSeed(m_cfg.seed, m_cfg.replication, d.idHash, kDataStream));
        ds.lastApply.assign(static_cast<size_t>(d.replicas), 0.0);
        if (m_plan)
            for (const FailureAction &a : m_plan->actions)
                ds.logCommits = ds.logCommits ||
                                (a.action == model::EventAction::DataLoss && a.target == def.node)
                                || (a.action == model::EventAction::RegionOutage &&
                                    a.database == static_cast<int32_t>(def.node));
    }
}

double Engine::commitWait(uint32_t node)
{
    const NodeDef &d = m_net.nodes[node];
    if (d.replicas < 2)
        return 0;
    const DataDef &def = m_net.databases[static_cast<size_t>(d.data)];
    switch (def.mode) {
    case model::ReplicationMode::Async:
        return 0;
    case model::ReplicationMode::SyncOne:
        return def.roundTrip;
    case model::ReplicationMode::RemoteApply:
        return def.roundTrip + def.lag.sample(m_data[static_cast<size_t>(d.data)].rng);
    }
    return 0;
}

void Engine::onCommit(uint32_t v)
{
    const Visit &x = m_visits[v];
    const NodeDef &d = m_net.nodes[x.node];
    const DataDef &def = m_net.databases[static_cast<size_t>(d.data)];
    DataState &ds = m_data[static_cast<size_t>(d.data)];
    // A write that finishes on an instance that went down (or was demoted) meanwhile is not
    // in the database's history.
    const NodeHealth &h = m_health[x.node];
    if (d.isDatabase ? static_cast<int>(x.group) != h.primary ||
                           !h.replicas[static_cast<size_t>(h.primary)].up()
                     : h.up == 0)
        return;
    if (m_measuring)
        ++ds.writes;
    ++ds.commitsTotal;
    for (uint32_t k : ds.openLosses)
        m_losses[k].rto_s = m_now - m_losses[k].t_s;
    ds.openLosses.clear();
    if (ds.logCommits)
        ds.commits.push_back(m_now);
    if (d.replicas < 2)
        return;
    const int primary = d.isDatabase ? h.primary : 0;
    const int syncReplica = (primary + 1) % d.replicas;
    const uint64_t seq = ds.pendingBase + ds.pendingCommit.size();
    ds.pendingCommit.push_back(m_now);
    for (int r = 0; r < d.replicas; ++r) {
        double apply = m_now;
        if (r != primary && !(def.mode == model::ReplicationMode::RemoteApply &&
                              r == syncReplica)) {
            apply += def.lag.sample(ds.rng);
            if (def.applyGap > 0) {
                // One apply at a time, in commit order: a queue behind the previous write.
                apply = std::max(apply, ds.lastApply[static_cast<size_t>(r)]) + def.applyGap;
            }
            ds.lastApply[static_cast<size_t>(r)] = apply;
            const double lag = apply - m_now;
            if (m_measuring)
                ds.lag.record(lag);
            ds.secMaxLag = std::max(ds.secMaxLag, lag);
        }
        ds.pendingApply.push_back(apply);
    }
    ds.lastWrite[requestKey(x.root, x.rootGen)] = seq;
}

void Engine::onDataRead(uint32_t v, uint16_t group)
{
    const Visit &x = m_visits[v];
    const NodeDef &d = m_net.nodes[x.node];
    if (static_cast<int>(group) == m_health[x.node].primary)
        return;
    DataState &ds = m_data[static_cast<size_t>(d.data)];
    ++ds.secReplicaReads;
    if (m_measuring)
        ++ds.replicaReads;
    const auto it = ds.lastWrite.find(requestKey(x.root, x.rootGen));
    if (it == ds.lastWrite.end() || it->second < ds.pendingBase)
        return;
    const size_t at = static_cast<size_t>(it->second - ds.pendingBase) *
                          static_cast<size_t>(d.replicas) + group;
    if (ds.pendingApply[at] > m_now) {
        ++ds.secStaleReads;
        if (m_measuring)
            ++ds.staleReads;
    }
}

void Engine::onPrimaryLost(uint32_t node)
{
    DataState &ds = m_data[static_cast<size_t>(m_net.nodes[node].data)];
    if (ds.inDataLoss)
        return;
    const DataDef &def = m_net.databases[static_cast<size_t>(m_net.nodes[node].data)];
    DataLoss loss;
    loss.t_s = m_now;
    loss.database = m_net.nodes[node].id;
    loss.cause = "primary_crash";
    loss.rpo_estimate_s = def.crashRpoEst;
    loss.rto_estimate_s = def.crashRtoEst;
    ds.crashLoss = static_cast<int32_t>(m_losses.size());
    ds.openLosses.push_back(static_cast<uint32_t>(m_losses.size()));
    m_losses.push_back(std::move(loss));
}

void Engine::onPromoted(uint32_t node, int replica)
{
    const NodeDef &d = m_net.nodes[node];
    DataState &ds = m_data[static_cast<size_t>(d.data)];
    if (ds.crashLoss < 0)
        return;
    DataLoss &loss = m_losses[static_cast<size_t>(ds.crashLoss)];
    ds.crashLoss = -1;
    // The promoted replica lacks what it had not applied when the primary went down; a sync
    // mode's standby has every acknowledged write.
    if (m_net.databases[static_cast<size_t>(d.data)].mode != model::ReplicationMode::Async)
        return;
    const size_t n = static_cast<size_t>(d.replicas);
    double first = loss.t_s;
    for (size_t w = 0; w < ds.pendingCommit.size(); ++w) {
        const double commit = ds.pendingCommit[w];
        if (commit > loss.t_s)
            break;
        if (ds.pendingApply[w * n + static_cast<size_t>(replica)] > loss.t_s) {
            ++loss.lost_writes;
            first = std::min(first, commit);
        }
    }
    loss.lost_span_s = loss.lost_writes ? loss.t_s - first : 0;
    if (loss.t_s >= m_cfg.warmup)
        ds.lostWrites += loss.lost_writes;
}

void Engine::onDataLoss(uint32_t node, bool begin)
{
    const NodeDef &d = m_net.nodes[node];
    const DataDef &def = m_net.databases[static_cast<size_t>(d.data)];
    DataState &ds = m_data[static_cast<size_t>(d.data)];
    if (!begin) {
        changeReplica(node, -1, model::CrashMode::Refuse, -1);
        ds.inDataLoss = false;
        return;
    }
    const double recovered = recoveryPoint(def, m_now);
    DataLoss loss;
    loss.t_s = m_now;
    loss.database = d.id;
    loss.cause = "data_loss";
    loss.rpo_estimate_s = def.lossRpoEst;
    loss.rto_estimate_s = def.lossRtoEst;
    const auto from = std::upper_bound(ds.commits.begin(), ds.commits.end(), recovered);
    loss.lost_writes = static_cast<uint64_t>(ds.commits.end() - from);
    loss.lost_span_s = from != ds.commits.end() ? m_now - *from : 0;
    ds.commits.erase(from, ds.commits.end()); // the restored database never had them
    if (m_measuring)
        ds.lostWrites += loss.lost_writes;
    ds.openLosses.push_back(static_cast<uint32_t>(m_losses.size()));
    m_losses.push_back(std::move(loss));
    ds.inDataLoss = true; // every copy is gone (replicas replayed the loss): no failover
    changeReplica(node, -1, model::CrashMode::Refuse, 1);
}

void Engine::restoreElsewhere(uint32_t node, double lostAt)
{
    const NodeDef &d = m_net.nodes[node];
    const DataDef &def = m_net.databases[static_cast<size_t>(d.data)];
    DataState &ds = m_data[static_cast<size_t>(d.data)];
    // The backups in the other region hold what they held when the region was lost.
    const double recovered = recoveryPoint(def, lostAt);
    DataLoss *loss = nullptr;
    if (ds.crashLoss >= 0) { // the primary's loss, open since the outage began
        loss = &m_losses[static_cast<size_t>(ds.crashLoss)];
        ds.crashLoss = -1; // the failover it waited for will not happen: this is the recovery
    } else {
        DataLoss l;
        l.t_s = lostAt;
        l.database = d.id;
        ds.openLosses.push_back(static_cast<uint32_t>(m_losses.size()));
        m_losses.push_back(std::move(l));
        loss = &m_losses.back();
    }
    loss->cause = "region_restore";
    loss->rpo_estimate_s = def.regionRpoEst;
    loss->rto_estimate_s = def.regionRtoEst;
    const auto from = std::upper_bound(ds.commits.begin(), ds.commits.end(), recovered);
    const auto to = std::upper_bound(from, ds.commits.end(), lostAt);
    loss->lost_writes = static_cast<uint64_t>(to - from);
    loss->lost_span_s = from != to ? lostAt - *from : 0;
    ds.commits.erase(from, ds.commits.end()); // the restored database never had them
    if (lostAt >= m_cfg.warmup)
        ds.lostWrites += loss->lost_writes;
    // The replicas are rebuilt from the restored primary: nothing is pending on them.
    ds.pendingBase += ds.pendingCommit.size();
    ds.pendingCommit.clear();
    ds.pendingApply.clear();
    std::fill(ds.lastApply.begin(), ds.lastApply.end(), m_now);
}

void Engine::tickData(TimelinePoint &p)
{
    for (size_t i = 0; i < m_data.size(); ++i) {
        DataState &ds = m_data[i];
        p.replica_lag_ms.push_back(ds.secMaxLag * 1000.0);
        ds.secMaxLag = 0;
        p.stale_read_share.push_back(
            ds.secReplicaReads > 0 ? double(ds.secStaleReads) / double(ds.secReplicaReads) : 0);
        ds.secReplicaReads = ds.secStaleReads = 0;
        // Forget the writes every replica has applied, oldest first.
        const size_t n = static_cast<size_t>(m_net.nodes[m_net.databases[i].node].replicas);
        while (!ds.pendingCommit.empty() && ds.crashLoss < 0) {
            bool applied = true;
            for (size_t r = 0; r < n && applied; ++r)
                applied = ds.pendingApply[r] <= m_now;
            if (!applied)
                break;
            ds.pendingCommit.pop_front();
            ds.pendingApply.erase(ds.pendingApply.begin(),
                                  ds.pendingApply.begin() + static_cast<long>(n));
            ++ds.pendingBase;
        }
        for (auto it = ds.lastWrite.begin(); it != ds.lastWrite.end();)
            it = it->second < ds.pendingBase ? ds.lastWrite.erase(it) : std::next(it);
    }
}

void Engine::collectData(ReplicationOutput &out)
{
    for (size_t i = 0; i < m_data.size(); ++i) {
        const DataState &ds = m_data[i];
        DatabaseDataFigures f;
        f.id = m_net.nodes[m_net.databases[i].node].id;
        f.writes.value = static_cast<double>(ds.writes);
        f.replica_reads.value = static_cast<double>(ds.replicaReads);
        f.stale_reads.value = static_cast<double>(ds.staleReads);
        f.stale_share.value = ds.replicaReads ? static_cast<double>(ds.staleReads) /
                                                    static_cast<double>(ds.replicaReads)
                                              : 0;
        f.lag_ms_mean.value = ds.lag.mean() * 1000.0;
        f.lag_ms_p99.value = ds.lag.quantile(0.99) * 1000.0;
        f.lost_writes.value = static_cast<double>(ds.lostWrites);
        out.databases.push_back(std::move(f));
    }
    out.losses = m_losses;
}

} // namespace archsim::simulator::engine
