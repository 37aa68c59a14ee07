// The realtime kernel (docs/realtime.md): per gateway, connections subscribed to Zipf-chosen
// channels, an outbound FIFO per connection drained at its client's rate, slow-consumer
// policies, replica failures (crash events, zone outages, random failures) with reconnects
// (backoff and jitter) and recovery from history.
#include "realtime/realtimekernel.h"

#include "archsim/simulator/histogram.h"
#include "archsim/simulator/random.h"
#include "archsim/simulator/resilience.h"
#include "archsim/simulator/zipf.h"

#include "engine/failures.h"
#include "stream/streamkernel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <queue>
#include <set>

namespace archsim::simulator::realtime {

namespace {

enum Stream : uint64_t { SubscribeStream = 31, ChannelStream = 32, TimeStream = 33,
                         JitterStream = 34, BurstStream = 35 };

constexpr double kInf = std::numeric_limits<double>::infinity();
// A connection that stayed up this long starts its reconnect backoff over.
constexpr double kBackoffResetS = 30;
// Recovery replays at most this many messages per channel (the history ring's capacity).
constexpr int64_t kMaxHistory = 1 << 20;

// One message in a connection's outbound queue.
struct Entry {
    double published = 0;
    double done = 0;    // its last byte reaches the client
    uint32_t slot = 0;  // the connection's subscription (index into Gateway::slotChannel)
    uint32_t seq = 0;   // the channel's sequence number
};

struct Connection {
    double rate = 1e6;       // bytes per second
    double lastDone = 0;     // the recurrence's done_{i-1}
    double connectedAt = 0;
    double prevDelay = 0;    // decorrelated jitter: the previous delay, seconds
    std::vector<Entry> queue;
    size_t head = 0;
    uint32_t firstSlot = 0;  // its subscriptions: slots [firstSlot, firstSlot + count)
    uint16_t klass = 0;
    int16_t replica = 0;
    int attempt = 0;
    bool connected = true;

    size_t size() const { return queue.size() - head; }
};

// A message kept in a channel's history.
struct Kept {
    double published = 0; // into the gateway, or into the stream it consumes
    double at = 0;        // it reached the gateway (the history's TTL runs from here)
};

struct History {
    std::vector<Kept> kept; // ring of the last messages
    uint32_t seq = 0;       // the channel's last sequence number
};

struct Burst {
    double from = 0;
    double to = 0;
    double factor = 1;
};

// What a pending entry does.
enum class Due : uint8_t { Reconnect, Action, Random };

struct Pending {
    double t = 0;
    uint64_t order = 0;
    uint32_t what = 0;  // connection, failure action or random failure index
    Due due = Due::Reconnect;
    bool operator>(const Pending &o) const { return t != o.t ? t > o.t : order > o.order; }
};

class Gateway
{
public:
    Gateway(const GatewayDef &def, const RealtimeRun &run, uint32_t index)
        : m_def(def)
        , m_s(def.settings)
        , m_run(run)
        , m_bytes(double(def.settings.message_bytes))
        , m_seconds(size_t(std::ceil(run.duration)) + 1)
    {
        const uint64_t base = deriveSeed(run.seed, run.replication, 0x7265616c74696d65ull,
                                         index);
        m_channelRng.reseed(deriveSeed(base, ChannelStream));
        m_timeRng.reseed(deriveSeed(base, TimeStream));
        m_jitterRng.reseed(deriveSeed(base, JitterStream));
        m_burstRng.reseed(deriveSeed(base, BurstStream));
        m_retries.backoff_ms = m_s.reconnect_delay_s * 1000;
        m_retries.max_backoff_ms = std::max(m_s.reconnect_max_delay_s, m_s.reconnect_delay_s)
                                   * 1000;
        m_retries.jitter = m_s.reconnect_jitter;
        m_history.resize(size_t(m_s.channels));
        m_historySize = std::min<int64_t>(m_s.history_size, kMaxHistory);
        subscribe(Rng(deriveSeed(base, SubscribeStream)));
        m_down.assign(size_t(def.replicas), 0);
        m_replicaConnections.assign(size_t(def.replicas), 0);
        m_replicaMax.assign(size_t(def.replicas), 0);
        m_replicaDeliveries.assign(size_t(def.replicas), 0);
        for (const Connection &c : m_conns)
            ++m_replicaConnections[size_t(c.replica)];
        m_replicaMax = m_replicaConnections;
        m_perSecond.resize(m_seconds);
        m_classLatency.resize(m_s.client_rates.size());
        m_classCounts.assign(m_s.client_rates.size(), {});
        if (run.streamNet && run.streamOutput)
            for (uint32_t link : def.consumes)
                for (size_t g = 0; g < run.streamNet->groups.size(); ++g)
                    if (run.streamNet->groups[g].link == link &&
                        g < run.streamOutput->handoffs.size())
                        m_feeds.push_back({&run.streamOutput->handoffs[g], 0});
    }

    // Runs the gateway over the whole duration; returns false when a limit stopped it.
    bool run(RealtimeOutput &out, uint64_t &deliveriesBudget)
    {
        m_budget = &deliveriesBudget;
        if (m_run.failures)
            for (uint32_t i = 0; i < m_run.failures->actions.size(); ++i) {
                const engine::FailureAction &a = m_run.failures->actions[i];
                if (a.action == model::EventAction::ZoneOutage) {
                    if (!zoneReplicas(a.target).empty())
                        push(a.t, i, Due::Action);
                    continue;
                }
                if (a.action == model::EventAction::RegionOutage) {
                    // A region outage's recovery in the other region (docs/data-lifecycle.md):
                    // the stack's, not a database's, brings the gateway's replicas back.
                    if (a.database < 0 && !regionReplicas(a.target).empty())
                        push(a.t, i, Due::Action);
                    continue;
                }
                if (a.target != m_def.node)
                    continue;
                if (a.action == model::EventAction::Crash)
                    push(a.t, i, Due::Action);
                else if (a.action == model::EventAction::Load && a.begin)
                    m_bursts.push_back({a.t, closingTime(i), a.factor});
            }
        if (m_run.randomFailures)
            for (uint32_t i = 0; i < m_run.randomFailures->size(); ++i) {
                const engine::RandomFailure &f = (*m_run.randomFailures)[i];
                if (f.node == m_def.node && f.replica >= 0 && f.replica < m_def.replicas)
                    push(f.t, i, Due::Random);
            }
        std::vector<Message> batch;
        const size_t seconds = size_t(std::ceil(m_run.duration));
        for (size_t s = 0; s < seconds && m_error.empty(); ++s) {
            batch.clear();
            messagesOf(s, batch);
            for (const Message &msg : batch) {
                runPendingUntil(msg.t);
                publish(msg);
                if (!m_error.empty())
                    break;
            }
        }
        runPendingUntil(m_run.duration);
        finish(out);
        return m_error.empty();
    }

    const std::string &error() const { return m_error; }
    uint64_t events() const { return m_events; }

private:
    // ---- set-up ----

    void subscribe(Rng rng)
    {
        const auto n = size_t(m_s.connections);
        const ZipfSampler zipf(m_s.channels, m_s.channel_zipf);
        const auto &rates = m_s.client_rates;
        double total = 0;
        for (const auto &r : rates)
            total += r.share;
        m_classConnections.assign(rates.size(), 0);
        m_conns.resize(n);
        m_subscribers.assign(size_t(m_s.channels), 0);
        std::vector<uint32_t> picked;
        std::vector<char> taken(size_t(m_s.channels), 0);
        for (size_t i = 0; i < n; ++i) {
            Connection &c = m_conns[i];
            // Classes by stratified position: exactly share x connections in each.
            const double u = (double(i) + 0.5) / double(n) * total;
            double acc = 0;
            size_t k = 0;
            for (; k + 1 < rates.size(); ++k) {
                acc += rates[k].share;
                if (u < acc)
                    break;
            }
            c.klass = uint16_t(k);
            c.rate = rates[k].bytes_per_s;
            ++m_classConnections[k];
            c.replica = int16_t(i % size_t(m_def.replicas));
            c.firstSlot = uint32_t(m_slotChannel.size());
            picked.clear();
            int tries = 0;
            uint32_t lowest = 0;
            while (picked.size() < size_t(m_s.subscriptions)) {
                // Distinct Zipf draws; a near-complete set takes the lowest channels left.
                uint32_t ch = uint32_t(zipf(rng) - 1);
                if (++tries > 20 * m_s.subscriptions) {
                    while (taken[lowest])
                        ++lowest;
                    ch = lowest;
                }
                if (!taken[ch]) {
                    taken[ch] = 1;
                    picked.push_back(ch);
                }
            }
            for (uint32_t ch : picked) {
                taken[ch] = 0;
                m_slotChannel.push_back(ch);
                ++m_subscribers[ch];
            }
        }
        m_slotLast.assign(m_slotChannel.size(), 0);
        // Channel -> subscribed slots, as one array (CSR).
        m_channelFirst.assign(size_t(m_s.channels) + 1, 0);
        for (uint32_t ch : m_slotChannel)
            ++m_channelFirst[ch + 1];
        for (size_t ch = 0; ch < size_t(m_s.channels); ++ch)
            m_channelFirst[ch + 1] += m_channelFirst[ch];
        m_channelSlots.resize(m_slotChannel.size());
        std::vector<uint32_t> fill(m_channelFirst.begin(), m_channelFirst.end() - 1);
        m_slotConnection.resize(m_slotChannel.size());
        for (size_t i = 0; i < n; ++i)
            for (int j = 0; j < m_s.subscriptions; ++j) {
                const uint32_t slot = m_conns[i].firstSlot + uint32_t(j);
                m_slotConnection[slot] = uint32_t(i);
                m_channelSlots[fill[m_slotChannel[slot]]++] = slot;
            }
    }

    double closingTime(uint32_t begin) const
    {
        const auto &actions = m_run.failures->actions;
        const engine::FailureAction &a = actions[begin];
        for (uint32_t i = begin + 1; i < actions.size(); ++i)
            if (!actions[i].begin && actions[i].event == a.event &&
                actions[i].action == a.action && actions[i].target == a.target)
                return actions[i].t;
        return kInf;
    }

    // ---- messages ----

    void messagesOf(size_t second, std::vector<Message> &out)
    {
        const double t0 = double(second);
        const double width = std::min(1.0, m_run.duration - t0);
        if (m_run.messages) {
            const auto &all = *m_run.messages;
            auto it = std::lower_bound(all.begin(), all.end(), t0,
                                       [](const Message &m, double t) { return m.t < t; });
            for (; it != all.end() && it->t < t0 + 1.0; ++it)
                if (it->t < m_run.duration)
                    out.push_back({it->t,
                                   std::min<uint32_t>(it->channel, uint32_t(m_s.channels - 1)),
                                   it->lag});
            return;
        }
        const ZipfSampler zipf(m_s.channels, m_s.channel_zipf);
        size_t hot = 0;
        if (m_run.published && second < m_run.published->size()) {
            const TimelinePoint &p = (*m_run.published)[second];
            for (uint32_t link : m_def.links) {
                if (link >= p.link_rps.size())
                    continue;
                // Given the second's count, a Poisson stream's times are uniform over it.
                const auto n = size_t(std::llround(p.link_rps[link] * width));
                for (size_t i = 0; i < n; ++i) {
                    const auto ch = uint32_t(zipf(m_channelRng) - 1);
                    hot += ch == 0;
                    out.push_back({t0 + width * m_timeRng.uniform(), ch});
                }
            }
        }
        // What the gateway's consumers processed this second, published `lag` earlier.
        for (Feed &f : m_feeds) {
            const std::vector<stream::Handoff> &h = *f.handoffs;
            for (; f.next < h.size() && h[f.next].consumed < t0 + 1.0; ++f.next) {
                const stream::Handoff &m = h[f.next];
                if (m.consumed >= m_run.duration)
                    continue;
                const auto ch = uint32_t(zipf(m_channelRng) - 1);
                hot += ch == 0;
                out.push_back({m.consumed, ch, std::max(0.0, m.consumed - m.published)});
            }
        }
        // A burst (a load event on the gateway) multiplies the hottest channel's messages.
        for (const Burst &b : m_bursts) {
            if (b.to <= t0 || b.from >= t0 + width || b.factor <= 1)
                continue;
            const double extra = double(hot) * (b.factor - 1);
            auto k = size_t(extra);
            if (m_burstRng.uniform() < extra - double(k))
                ++k;
            for (size_t i = 0; i < k; ++i) {
                const double t = t0 + width * m_burstRng.uniform();
                if (t >= b.from && t < b.to)
                    out.push_back({t, 0});
            }
        }
        std::sort(out.begin(), out.end(),
                  [](const Message &a, const Message &b) { return a.t < b.t; });
    }

    void publish(const Message &msg)
    {
        ++m_events;
        const double t = msg.t;
        const double published = t - msg.lag; // latency counts from here
        const bool measured = published >= m_run.warmup;
        History &h = m_history[msg.channel];
        const uint32_t seq = ++h.seq;
        if (m_historySize > 0) {
            if (int64_t(h.kept.size()) < m_historySize)
                h.kept.push_back({published, t});
            else
                h.kept[(seq - 1) % uint64_t(m_historySize)] = {published, t};
        }
        const uint32_t first = m_channelFirst[msg.channel];
        const uint32_t last = m_channelFirst[msg.channel + 1];
        if (measured) {
            ++m_published;
            m_fanout += last - first;
        }
        double at = t;
        if (m_s.slow_consumer == model::SlowConsumer::Block && limited()) {
            // The channel waits until every connected subscriber has room (docs/realtime.md).
            at = std::max(at, m_channelReady.empty() ? t : m_channelReady[msg.channel]);
            for (uint32_t i = first; i < last; ++i) {
                const Connection &c = m_conns[m_slotConnection[m_channelSlots[i]]];
                if (c.connected)
                    at = std::max(at, roomAt(c));
            }
            if (m_channelReady.empty())
                m_channelReady.assign(size_t(m_s.channels), 0.0);
            m_channelReady[msg.channel] = at;
            if (measured)
                m_blockMax = std::max(m_blockMax, at - t);
        }
        if (*m_budget < last - first) {
            m_error = "realtime gateway '" + m_def.id + "' would make more than " +
                      std::to_string(kMaxDeliveries) + " deliveries in one replication; "
                      "lower its connections or subscriptions, or shorten the run";
            return;
        }
        *m_budget -= last - first;
        for (uint32_t i = first; i < last; ++i) {
            const uint32_t slot = m_channelSlots[i];
            const uint32_t conn = m_slotConnection[slot];
            if (!m_conns[conn].connected)
                continue; // its gap is settled at the reconnect (recovery or loss)
            enqueue(conn, {published, 0, slot, seq}, at, true);
        }
    }

    bool limited() const { return m_s.queue_bytes > 0 || m_s.queue_messages > 0; }

    // The earliest time `c` has room for one more message under the limits.
    double roomAt(const Connection &c) const
    {
        double room = kInf;
        if (m_s.queue_bytes > 0)
            room = std::min(room, double(m_s.queue_bytes) - m_bytes);
        if (m_s.queue_messages > 0)
            room = std::min(room, double(m_s.queue_messages - 1) * m_bytes);
        return c.lastDone - std::max(0.0, room) / c.rate;
    }

    double backlogBytes(const Connection &c, double t) const
    {
        return c.lastDone > t ? (c.lastDone - t) * c.rate : 0.0;
    }

    // Puts one message into connection `conn`'s queue at time `at` (the recurrence), then
    // applies the slow-consumer policy when `checkLimit` and the queue is over its limit.
    void enqueue(uint32_t conn, Entry e, double at, bool checkLimit)
    {
        Connection &c = m_conns[conn];
        settle(conn, at);
        e.done = std::max(at, c.lastDone) + m_bytes / c.rate;
        c.lastDone = e.done;
        if (c.head > 0 && c.head == c.queue.size()) {
            c.queue.clear();
            c.head = 0;
        }
        c.queue.push_back(e);
        const double backlog = backlogBytes(c, at);
        if (at >= m_run.warmup)
            m_queueMax = std::max(m_queueMax, backlog);
        if (!checkLimit || !over(c, backlog))
            return;
        const bool measured = at >= m_run.warmup;
        switch (m_s.slow_consumer) {
        case model::SlowConsumer::Disconnect:
            if (measured) {
                ++m_slowDisconnects;
                ++m_classCounts[c.klass].slowDisconnects;
                ++second(at).disconnects;
            }
            if (m_run.events && m_index == 0)
                m_run.events->push_back({at, conn, "slow_disconnect"});
            disconnect(conn, at);
            break;
        case model::SlowConsumer::DropOldest:
            while (over(c, backlogBytes(c, at)) && c.size() > 1) {
                dropOldest(c, at);
                if (measured) {
                    ++m_dropped;
                    ++m_classCounts[c.klass].dropped;
                    ++second(at).dropped;
                }
            }
            break;
        case model::SlowConsumer::Block:
            break; // publish() waited for room
        }
    }

    bool over(const Connection &c, double backlog) const
    {
        if (m_s.queue_bytes > 0 && backlog > double(m_s.queue_bytes) + 1e-6)
            return true;
        return m_s.queue_messages > 0 && int64_t(c.size()) > m_s.queue_messages;
    }

    // Removes the oldest message not on the wire yet (the head is when it has started) and
    // moves the later ones forward by its transmission time.
    void dropOldest(Connection &c, double now)
    {
        const double tx = m_bytes / c.rate;
        size_t victim = c.head;
        if (c.queue[victim].done - tx < now) // the head is being sent: it stays
            ++victim;
        c.queue.erase(c.queue.begin() + long(victim));
        for (size_t i = victim; i < c.queue.size(); ++i)
            c.queue[i].done -= tx;
        c.lastDone = c.queue.empty() ? now : c.queue.back().done;
    }

    // Delivers (records) every queued message of `conn` whose last byte arrived by `now`.
    void settle(uint32_t conn, double now)
    {
        Connection &c = m_conns[conn];
        while (c.head < c.queue.size() && c.queue[c.head].done <= now)
            deliver(c, c.queue[c.head++]);
    }

    void deliver(Connection &c, const Entry &e)
    {
        uint32_t &last = m_slotLast[e.slot];
        const bool measured = e.published >= m_run.warmup;
        if (measured && e.seq != last + 1)
            ++m_violations;
        last = std::max(last, e.seq);
        if (!measured)
            return;
        const double latency = e.done - e.published;
        m_latency.record(latency);
        m_classLatency[c.klass].record(latency);
        ++m_classCounts[c.klass].deliveries;
        ++m_deliveries;
        ++m_replicaDeliveries[size_t(c.replica)];
        Second &s = second(e.done);
        ++s.deliveries;
        s.maxLatency = std::max(s.maxLatency, latency);
    }

    // ---- connections ----

    void disconnect(uint32_t conn, double now)
    {
        Connection &c = m_conns[conn];
        settle(conn, now);
        // What was queued is gone; the client asks for it again on reconnect (recovery).
        c.queue.clear();
        c.head = 0;
        c.lastDone = now;
        c.connected = false;
        --m_replicaConnections[size_t(c.replica)];
        if (now - c.connectedAt >= kBackoffResetS)
            c.attempt = 0;
        scheduleReconnect(conn, now);
    }

    void scheduleReconnect(uint32_t conn, double now)
    {
        Connection &c = m_conns[conn];
        ++c.attempt;
        const double ms = backoffDelayMs(m_retries, c.attempt, c.prevDelay * 1000,
                                         m_jitterRng.uniform());
        c.prevDelay = ms / 1000;
        push(now + ms / 1000, conn, Due::Reconnect);
    }

    void reconnect(uint32_t conn, double now)
    {
        Connection &c = m_conns[conn];
        const int replicas = m_def.replicas;
        int pick = -1;
        for (int k = 0; k < replicas && pick < 0; ++k) {
            const int r = (m_nextReplica + k) % replicas;
            if (m_down[size_t(r)] == 0)
                pick = r;
        }
        if (pick < 0) {
            scheduleReconnect(conn, now); // nobody answers: back off again
            return;
        }
        m_nextReplica = (pick + 1) % replicas;
        c.replica = int16_t(pick);
        c.connected = true;
        c.connectedAt = now;
        c.lastDone = now;
        auto &count = m_replicaConnections[size_t(pick)];
        ++count;
        m_replicaMax[size_t(pick)] = std::max(m_replicaMax[size_t(pick)], count);
        const bool measured = now >= m_run.warmup;
        if (measured) {
            ++m_reconnects;
            ++second(now).reconnects;
        }
        if (m_run.events && m_index == 0)
            m_run.events->push_back({now, conn, "reconnect"});
        for (int j = 0; j < m_s.subscriptions; ++j)
            recover(c, c.firstSlot + uint32_t(j), now, measured);
    }

    // The client asks for the messages of the slot's channel after the last one it got.
    void recover(Connection &c, uint32_t slot, double now, bool measured)
    {
        const uint32_t ch = m_slotChannel[slot];
        const History &h = m_history[ch];
        const uint32_t last = m_slotLast[slot];
        const uint32_t gap = h.seq - last;
        if (gap == 0)
            return;
        bool ok = m_historySize > 0 && int64_t(gap) <= m_historySize;
        auto kept = [&](uint32_t seq) -> const Kept & {
            return h.kept[(seq - 1) % uint64_t(m_historySize)];
        };
        if (ok && m_s.history_ttl_s > 0)
            ok = kept(last + 1).at >= now - m_s.history_ttl_s;
        if (!ok) {
            // The gap does not fit the history: those messages are lost to this client, and
            // its next delivery shows the gap (an ordering violation).
            if (measured) {
                m_lost += gap;
                m_classCounts[c.klass].lost += gap;
                second(now).lost += gap;
            }
            return;
        }
        if (measured) {
            m_recovered += gap;
            second(now).recovered += gap;
        }
        const auto conn = uint32_t(&c - m_conns.data());
        // Replayed in the subscribe reply, in order; no limit applies to it.
        for (uint32_t seq = last + 1; seq <= h.seq; ++seq)
            enqueue(conn, {kept(seq).published, 0, slot, seq}, now, false);
    }

    // The gateway's replicas placed in zone `zone` (an index into the plan's zones): replica
    // r lives in zones[r % size], as the engine places them.
    std::vector<int> zoneReplicas(uint32_t zone) const
    {
        std::vector<int> out;
        if (m_def.zones.empty() || zone >= m_run.failures->zones.size())
            return out;
        const std::string &name = m_run.failures->zones[zone];
        for (int r = 0; r < m_def.replicas; ++r)
            if (m_def.zones[size_t(r) % m_def.zones.size()] == name)
                out.push_back(r);
        return out;
    }

    // The gateway's replicas in the zones of region loss `loss` (FailurePlan::regionLosses).
    std::vector<int> regionReplicas(uint32_t loss) const
    {
        std::vector<int> out;
        for (uint32_t zone : m_run.failures->regionLosses[loss].zones)
            for (int r : zoneReplicas(zone))
                out.push_back(r);
        return out;
    }

    // A cause takes replica `r` down or lets it go; it is up while no cause holds it.
    void replicaHealth(int r, bool down)
    {
        uint16_t &count = m_down[size_t(r)];
        count = uint16_t(down ? count + 1 : (count > 0 ? count - 1 : 0));
    }

    // A crash event, or a zone outage that holds some of the gateway's replicas.
    void onAction(const engine::FailureAction &a)
    {
        if (a.action == model::EventAction::RegionOutage) {
            // Recovered in the other region: up now, and the region's return leaves it alone.
            for (int r : regionReplicas(a.target))
                if (m_movedReplicas[a.regionLoss].insert(r).second)
                    replicaHealth(r, false);
        } else if (a.action == model::EventAction::ZoneOutage) {
            for (int r : zoneReplicas(a.target))
                if (a.begin || a.regionLoss < 0 || !m_movedReplicas[a.regionLoss].count(r))
                    replicaHealth(r, a.begin);
        } else {
            for (int r = 0; r < m_def.replicas; ++r)
                if (a.replica < 0 || a.replica == r)
                    replicaHealth(r, a.begin);
        }
        if (a.begin)
            dropDead(a.t);
    }

    // The engine's random crash or repair of one replica (mtbf_s / mttr_s).
    void onRandom(const engine::RandomFailure &f)
    {
        replicaHealth(f.replica, !f.repair);
        if (!f.repair)
            dropDead(f.t);
    }

    // Every connection on a replica that is down drops at once and reconnects (the storm).
    void dropDead(double t)
    {
        const bool measured = t >= m_run.warmup;
        for (uint32_t i = 0; i < m_conns.size(); ++i) {
            Connection &c = m_conns[i];
            if (!c.connected || m_down[size_t(c.replica)] == 0)
                continue;
            if (measured) {
                ++m_crashDisconnects;
                ++second(t).disconnects;
            }
            if (m_run.events && m_index == 0)
                m_run.events->push_back({t, i, "crash_disconnect"});
            disconnect(i, t);
        }
    }

    // ---- the pending heap: reconnects and crashes ----

    void push(double t, uint32_t what, Due due)
    {
        m_pending.push({t, m_order++, what, due});
    }

    void runPendingUntil(double t)
    {
        while (!m_pending.empty() && m_pending.top().t <= t) {
            const Pending p = m_pending.top();
            m_pending.pop();
            ++m_events;
            if (p.t >= m_run.duration)
                continue;
            switch (p.due) {
            case Due::Reconnect: reconnect(p.what, p.t); break;
            case Due::Action: onAction(m_run.failures->actions[p.what]); break;
            case Due::Random: onRandom((*m_run.randomFailures)[p.what]); break;
            }
        }
    }

    // ---- figures ----

    struct Second {
        double deliveries = 0, dropped = 0, disconnects = 0, reconnects = 0, recovered = 0,
               lost = 0, maxLatency = 0;
    };
    Second &second(double t)
    {
        const auto s = size_t(std::clamp(t, 0.0, double(m_seconds - 1)));
        return m_perSecond[s];
    }

    struct ClassCounts {
        uint64_t deliveries = 0, dropped = 0, slowDisconnects = 0, lost = 0;
    };

    void finish(RealtimeOutput &out)
    {
        uint64_t pending = 0;
        for (uint32_t i = 0; i < m_conns.size(); ++i) {
            settle(i, m_run.duration);
            const Connection &c = m_conns[i];
            for (size_t k = c.head; k < c.queue.size(); ++k)
                pending += c.queue[k].published >= m_run.warmup;
        }
        const double window = std::max(1e-9, m_run.duration - m_run.warmup);
        RealtimeFigures f;
        f.id = m_def.id;
        f.connections = m_s.connections;
        f.replicas = m_def.replicas;
        f.published.value = double(m_published);
        f.published_rps.value = double(m_published) / window;
        f.fanout.value = double(m_fanout);
        f.deliveries.value = double(m_deliveries);
        f.deliveries_rps.value = double(m_deliveries) / window;
        f.latency_p50_ms.value = m_latency.quantile(0.50) * 1000;
        f.latency_p95_ms.value = m_latency.quantile(0.95) * 1000;
        f.latency_p99_ms.value = m_latency.quantile(0.99) * 1000;
        f.latency_mean_ms.value = m_latency.mean() * 1000;
        f.dropped.value = double(m_dropped);
        f.slow_disconnects.value = double(m_slowDisconnects);
        f.crash_disconnects.value = double(m_crashDisconnects);
        f.reconnects.value = double(m_reconnects);
        f.recovered.value = double(m_recovered);
        f.lost.value = double(m_lost);
        f.ordering_violations.value = double(m_violations);
        f.block_ms_max.value = m_blockMax * 1000;
        f.queue_bytes_max.value = m_queueMax;
        f.pending_end.value = double(pending);
        for (int r = 0; r < m_def.replicas; ++r) {
            RealtimeReplicaFigures rf;
            rf.replica = r;
            rf.connections_max.value = double(m_replicaMax[size_t(r)]);
            rf.deliveries_rps.value = double(m_replicaDeliveries[size_t(r)]) / window;
            rf.mbps.value = rf.deliveries_rps.value * m_bytes / 1e6;
            f.replica_figures.push_back(rf);
        }
        for (size_t k = 0; k < m_s.client_rates.size(); ++k) {
            RealtimeClassFigures cf;
            cf.name = m_s.client_rates[k].name.empty() ? "class " + std::to_string(k)
                                                       : m_s.client_rates[k].name;
            cf.bytes_per_s = m_s.client_rates[k].bytes_per_s;
            cf.connections = int64_t(m_classConnections[k]);
            cf.deliveries.value = double(m_classCounts[k].deliveries);
            cf.latency_p99_ms.value = m_classLatency[k].quantile(0.99) * 1000;
            cf.dropped.value = double(m_classCounts[k].dropped);
            cf.slow_disconnects.value = double(m_classCounts[k].slowDisconnects);
            cf.lost.value = double(m_classCounts[k].lost);
            f.classes.push_back(std::move(cf));
        }
        const size_t seconds = size_t(std::ceil(m_run.duration));
        for (size_t s = 0; s < seconds; ++s) {
            const Second &x = m_perSecond[s];
            f.timeline.push_back({double(s), x.deliveries, x.dropped, x.disconnects,
                                  x.reconnects, x.recovered, x.lost, x.maxLatency * 1000});
        }
        out.gateways.push_back(std::move(f));
    }

public:
    uint32_t m_index = 0;

private:
    const GatewayDef &m_def;
    const model::RealtimeSettings &m_s;
    const RealtimeRun &m_run;
    double m_bytes = 512;
    size_t m_seconds = 1;
    Rng m_channelRng, m_timeRng, m_jitterRng, m_burstRng;
    model::Retries m_retries;
    int64_t m_historySize = 0;

    std::vector<Connection> m_conns;
    std::vector<uint32_t> m_slotChannel;    // per subscription slot
    std::vector<uint32_t> m_slotConnection; // per slot
    std::vector<uint32_t> m_slotLast;       // per slot: the last sequence the client got
    std::vector<uint32_t> m_channelFirst;   // CSR: channel -> its slots in m_channelSlots
    std::vector<uint32_t> m_channelSlots;
    std::vector<uint32_t> m_subscribers;    // per channel
    std::vector<History> m_history;
    std::vector<double> m_channelReady;     // block: a channel's next dispatch at the earliest
    std::vector<Burst> m_bursts;
    std::vector<uint16_t> m_down;           // per replica: causes holding it down
    // per region loss recovered elsewhere: the replicas that recovery brought up
    std::map<int32_t, std::set<int>> m_movedReplicas;
    struct Feed {
        const std::vector<stream::Handoff> *handoffs = nullptr;
        size_t next = 0;
    };
    std::vector<Feed> m_feeds;              // its consume links' groups' Handoffs
    int m_nextReplica = 0;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> m_pending;
    uint64_t m_order = 0;
    uint64_t *m_budget = nullptr;
    std::string m_error;
    uint64_t m_events = 0;

    uint64_t m_published = 0, m_fanout = 0, m_deliveries = 0, m_dropped = 0;
    uint64_t m_slowDisconnects = 0, m_crashDisconnects = 0, m_reconnects = 0;
    uint64_t m_recovered = 0, m_lost = 0, m_violations = 0;
    double m_blockMax = 0, m_queueMax = 0;
    LogHistogram m_latency;
    std::vector<LogHistogram> m_classLatency;
    std::vector<ClassCounts> m_classCounts;
    std::vector<uint64_t> m_classConnections;
    std::vector<int64_t> m_replicaConnections, m_replicaMax;
    std::vector<uint64_t> m_replicaDeliveries;
    std::vector<Second> m_perSecond;
};

} // namespace

RealtimeOutput runRealtime(const RealtimeNet &net, const RealtimeRun &run)
{
    RealtimeOutput out;
    uint64_t budget = kMaxDeliveries;
    for (uint32_t g = 0; g < net.gateways.size(); ++g) {
        RealtimeRun r = run;
        if (g > 0)
            r.messages = nullptr; // test messages feed gateway 0 only
        Gateway gw(net.gateways[g], r, g);
        gw.m_index = g;
        const bool ok = gw.run(out, budget);
        out.events += gw.events();
        if (!ok) {
            out.error = gw.error();
            break;
        }
    }
    return out;
}

} // namespace archsim::simulator::realtime
