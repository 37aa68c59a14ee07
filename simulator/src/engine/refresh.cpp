// Materialized view refreshes (docs/data-lifecycle.md, "Refreshes"). On the view's schedule
// (every every_s from t = 0, or on its cron line) a refresh arrives at each database holding
// the view's schema as a root visit routed to the primary, and queues there like any other
// visit. In service it holds one server for the refresh time of the cost model
// (model::estimateViewRefreshes; one statement over millions of rows: deterministic). A refresh
// due while the previous one is still queued or running is skipped. Without CONCURRENTLY the
// refresh locks the view from its service start to its end: a read of the view that starts
// service in between waits for the end, holding its server (a PostgreSQL backend blocked on
// the lock keeps its connection), and then reads the new rows. When a refresh ends, the view
// holds the data as of the time it was due: its staleness is a sawtooth like a job's sink.

#include "engine/engine.h"

#include <algorithm>

namespace archsim::simulator::engine {

void Engine::initRefreshes()
{
    m_refreshes.assign(m_net.refreshes.size(), RefreshState{});
    for (uint32_t r = 0; r < m_net.refreshes.size(); ++r) {
        const RefreshDef &def = m_net.refreshes[r];
        const double first = def.hasCron ? model::nextCronFire(def.cron, 0) : 0.0;
        if (first >= 0 && first < m_cfg.duration)
            m_events.push(first, EventType::RefreshStart, r, 0);
    }
}

void Engine::onRefreshStart(uint32_t refresh)
{
    const RefreshDef &def = m_net.refreshes[refresh];
    const double next = def.hasCron ? model::nextCronFire(def.cron, m_now + 1)
                                    : m_now + def.interval;
    if (next >= 0 && next < m_cfg.duration)
        m_events.push(next, EventType::RefreshStart, refresh, 0);
    RefreshState &rs = m_refreshes[refresh];
    if (rs.running) {
        if (m_measuring)
            ++rs.skipped;
        return;
    }
    rs.running = true;
    rs.due = m_now;
    rs.visit = kNone;
    rs.lockEnd = -1;
    // arrive() may start the service at once: refreshService() finds the refresh by this.
    m_arrivingRefresh = refresh;
    const uint32_t v = arrive(def.node, kNone, kNone, kNone, 0);
    m_arrivingRefresh = kNone;
    if (v == kNone)
        return; // overloaded: the run stops
    m_refreshes[refresh].visit = v;
    m_refreshes[refresh].gen = m_visits[v].gen;
}

double Engine::refreshService(uint32_t node, uint32_t v)
{
    uint32_t found = m_arrivingRefresh;
    for (uint32_t r = 0; r < m_refreshes.size() && found == kNone; ++r) {
        const RefreshState &rs = m_refreshes[r];
        if (rs.running && rs.visit == v && rs.gen == m_visits[v].gen &&
            m_net.refreshes[r].node == node)
            found = r;
    }
    if (found == kNone)
        return 0;
    const RefreshDef &def = m_net.refreshes[found];
    const double d = def.serviceS * m_nodes[node].slow;
    if (!def.concurrent)
        m_refreshes[found].lockEnd = m_now + d;
    return d;
}

void Engine::onRefreshDone(uint32_t node, uint32_t v, uint32_t gen, bool failed)
{
    for (uint32_t r = 0; r < m_refreshes.size(); ++r) {
        RefreshState &rs = m_refreshes[r];
        if (!rs.running || rs.visit != v || rs.gen != gen || m_net.refreshes[r].node != node)
            continue;
        if (failed) {
            if (m_measuring)
                ++rs.failed;
        } else {
            integrateStaleness(rs.stale); // up to the instant before the view catches up
            rs.stale.asOf = rs.due;
            if (m_measuring) {
                ++rs.refreshes;
                rs.durations.push_back(m_now - rs.due);
            }
        }
        rs.running = false;
        rs.visit = kNone;
        rs.lockEnd = -1;
        return;
    }
}

double Engine::viewRead(const CallDef &call)
{
    double wait = 0;
    for (uint32_t i = 0; i < call.viewReadCount; ++i) {
        const uint32_t r = m_net.viewReads[call.firstViewRead + i];
        RefreshState &rs = m_refreshes[r];
        double age = m_now - rs.stale.asOf;
        double w = 0;
        if (rs.running && rs.lockEnd > m_now) {
            // The refresh holds the view's lock: the read gets the new rows at its end.
            w = rs.lockEnd - m_now;
            age = rs.lockEnd - rs.due;
        }
        wait = std::max(wait, w);
        if (!m_measuring)
            continue;
        ++rs.reads;
        rs.ageSum += age;
        rs.ageMax = std::max(rs.ageMax, age);
        if (w > 0) {
            ++rs.blocked;
            rs.waitSum += w;
            rs.waitMax = std::max(rs.waitMax, w);
        }
    }
    return wait;
}

void Engine::tickRefreshes(TimelinePoint &p)
{
    p.view_staleness_s.reserve(m_refreshes.size());
    for (RefreshState &rs : m_refreshes) {
        integrateStaleness(rs.stale);
        p.view_staleness_s.push_back(rs.stale.secMax);
        rs.stale.secMax = m_now - rs.stale.asOf;
    }
}

void Engine::collectRefreshes(ReplicationOutput &out)
{
    const double window = std::max(m_now - m_cfg.warmup, 1e-12);
    for (size_t r = 0; r < m_refreshes.size(); ++r) {
        RefreshState &rs = m_refreshes[r];
        integrateStaleness(rs.stale);
        ViewFigures f;
        f.id = m_net.refreshes[r].id;
        f.refreshes.value = static_cast<double>(rs.refreshes);
        f.skipped.value = static_cast<double>(rs.skipped);
        f.failed.value = static_cast<double>(rs.failed);
        fillDurations(std::move(rs.durations), f.refresh_s_mean, f.refresh_s_p95,
                      f.refresh_s_max);
        f.staleness_s_mean.value = rs.stale.area / window;
        f.staleness_s_max.value = rs.stale.max;
        f.reads.value = static_cast<double>(rs.reads);
        if (rs.reads > 0) {
            f.read_age_s_mean.value = rs.ageSum / static_cast<double>(rs.reads);
            f.read_age_s_max.value = rs.ageMax;
        }
        f.blocked_reads.value = static_cast<double>(rs.blocked);
        if (rs.blocked > 0) {
            f.blocked_wait_ms_mean.value = rs.waitSum / static_cast<double>(rs.blocked) * 1000;
            f.blocked_wait_ms_max.value = rs.waitMax * 1000;
        }
        out.views.push_back(std::move(f));
    }
}

} // namespace archsim::simulator::engine
