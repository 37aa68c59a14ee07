#include "stream/streamkernel.h"

#include "stream/streamstate.h"

#include "engine/failures.h"

#include "archsim/model/streamanalytic.h"
#include "archsim/simulator/random.h"

#include <algorithm>
#include <cmath>

namespace archsim::simulator::stream {

namespace {

enum Purpose : uint64_t { kTimes = 1, kKeys, kService, kFailures };

// Mixes a key into a partition: consecutive keys spread over the partitions like a hash would.
uint32_t partitionOfKey(uint32_t key, int partitions)
{
    uint64_t s = key;
    return static_cast<uint32_t>(splitmix64(s) % static_cast<uint64_t>(partitions));
}

} // namespace

Kernel::Kernel(const StreamNet &net, const StreamRun &run) : m_net(net), m_run(run)
{
    m_topics.resize(net.topics.size());
    for (size_t t = 0; t < net.topics.size(); ++t) {
        const TopicDef &d = net.topics[t];
        Topic &x = m_topics[t];
        x.parts.resize(static_cast<size_t>(d.partitions));
        for (int p = 0; p < d.partitions; ++p)
            x.parts[size_t(p)].leader = p % d.brokers;
        x.brokerDown.assign(static_cast<size_t>(d.brokers), 0);
        x.nextSeq.assign(d.keyCount, 0);
        x.poisoned.assign(d.keyCount, 0);
    }
    m_sources.resize(net.sources.size());
    for (size_t s = 0; s < net.sources.size(); ++s) {
        const SourceDef &d = net.sources[s];
        Source &x = m_sources[s];
        const uint64_t h = stableHash(std::to_string(d.link));
        x.timesRng.reseed(deriveSeed(run.seed, run.replication, h, kTimes));
        x.keyRng.reseed(deriveSeed(run.seed, run.replication, h, kKeys));
        if (d.keyed)
            x.zipf.emplace(d.keys, d.zipf);
    }
    m_groups.resize(net.groups.size());
    for (size_t g = 0; g < net.groups.size(); ++g) {
        const GroupDef &d = net.groups[g];
        Group &x = m_groups[g];
        const TopicDef &t = net.topics[d.topic];
        x.parts.resize(static_cast<size_t>(t.partitions));
        x.partLagMax.assign(size_t(t.partitions), 0);
        x.partProcessed.assign(size_t(t.partitions), 0);
        x.maxSeq.assign(t.keyCount, 0);
        const uint64_t h = stableHash(d.linkId);
        x.serviceRng.reseed(deriveSeed(run.seed, run.replication, h, kService));
        x.failRng.reseed(deriveSeed(run.seed, run.replication, h, kFailures));
        for (int c = 0; c < d.consumers; ++c) {
            Consumer k;
            k.group = static_cast<uint32_t>(g);
            k.replica = static_cast<int>(int64_t(c) * d.replicas / d.consumers);
            x.members.push_back(static_cast<uint32_t>(m_consumers.size()));
            m_consumers.push_back(k);
        }
        m_topics[d.topic].groups.push_back(static_cast<uint32_t>(g));
    }
    for (const GroupDef &d : net.groups)
        m_nodeSlow.emplace(d.consumer, std::vector<double>());
    m_handoffs.resize(net.groups.size());
}

StreamOutput Kernel::run()
{
    start();
    return finish();
}

void Kernel::start()
{
    for (size_t g = 0; g < m_groups.size(); ++g) {
        assign(static_cast<uint32_t>(g));
        if (m_net.groups[g].settings.commit == model::CommitPolicy::Auto)
            push(m_net.groups[g].settings.commit_interval_ms / 1000.0, Ev::Commit,
                 static_cast<uint32_t>(g), 0);
    }
    if (m_run.failures) {
        const auto &actions = m_run.failures->actions;
        for (uint32_t i = 0; i < actions.size(); ++i)
            if (concerns(actions[i]))
                push(actions[i].t, Ev::Failure, i, 0);
    }
    // A coupled run hears of the engine's random failures as they happen (randomFailure()).
    if (m_run.randomFailures && !m_run.host) {
        const auto &random = *m_run.randomFailures;
        for (uint32_t i = 0; i < random.size(); ++i)
            push(random[i].t, Ev::RandomFailure, i, 0);
    }
    push(0.0, Ev::Second, 0, 0);
}

void Kernel::step()
{
    const auto e = m_queue.pop();
    m_now = e.t;
    m_measuring = m_now >= m_run.warmup;
    ++m_events;
    switch (e.type()) {
    case Ev::Second: onSecond(e.obj); break;
    case Ev::Publish: onPublish(e.obj); break;
    case Ev::MsgDone: if (m_consumers[e.obj].gen == e.gen) onMessageDone(e.obj); break;
    case Ev::Wake:
        if (m_consumers[e.obj].gen == e.gen) {
            m_consumers[e.obj].waitDone = true;
            tryFetch(e.obj);
        }
        break;
    case Ev::RebalanceDone:
        if (m_groups[e.obj].rebalanceGen == e.gen)
            onRebalanceDone(e.obj);
        break;
    case Ev::Commit: onAutoCommit(e.obj); break;
    case Ev::Failure: onFailure(e.obj); break;
    case Ev::LeaderBack: onLeaderBack(e.obj, e.gen); break;
    case Ev::Visibility: onVisibility(e.obj, e.gen); break;
    case Ev::RandomFailure: onRandomFailure(e.obj); break;
    case Ev::StartWork:
        if (m_consumers[e.obj].gen == e.gen && m_consumers[e.obj].busy)
            m_run.host->startWork(e.obj, e.gen, m_net.groups[m_consumers[e.obj].group].consumer);
        break;
    }
}

StreamOutput Kernel::finish()
{
    while (pending() && nextTime() <= m_run.duration)
        step();
    m_now = m_run.duration;
    StreamOutput out = collect();
    out.handoffs = std::move(m_handoffs);
    return out;
}

Offer Kernel::offer(uint32_t source, double t, uint64_t ticket)
{
    m_now = std::max(m_now, t);
    m_measuring = m_now >= m_run.warmup;
    return publish(source, ticket);
}

void Kernel::workDone(uint32_t consumer, uint32_t gen, bool failed, double t)
{
    Consumer &k = m_consumers[consumer];
    if (k.gen != gen)
        return; // it crashed or left meanwhile: its message is someone else's now
    k.workFailed = failed;
    push(t, Ev::MsgDone, consumer, gen);
}

// ---- publishing ----

// The second's publish times are uniform over [lo, lo + width): a counting pass into one bucket
// per value, then an insertion sort that only ever moves a value within its bucket, sorts them
// in expected linear time (std::sort took 12% of a 64-partition run). Same order as std::sort.
void Kernel::sortUniform(std::vector<double> &v, double lo, double width)
{
    const size_t n = v.size();
    if (n < 64) {
        std::sort(v.begin(), v.end());
        return;
    }
    const double scale = static_cast<double>(n) / width;
    auto bucket = [&](double x) { // monotone in x, so buckets keep the values' order
        const auto b = static_cast<size_t>((x - lo) * scale);
        return b < n ? b : n - 1;
    };
    m_sortCount.assign(n + 1, 0);
    for (double x : v)
        ++m_sortCount[bucket(x) + 1];
    for (size_t b = 1; b <= n; ++b)
        m_sortCount[b] += m_sortCount[b - 1];
    m_sortScratch.resize(n);
    for (double x : v)
        m_sortScratch[m_sortCount[bucket(x)]++] = x;
    for (size_t i = 1; i < n; ++i) {
        const double x = m_sortScratch[i];
        size_t j = i;
        for (; j > 0 && m_sortScratch[j - 1] > x; --j)
            m_sortScratch[j] = m_sortScratch[j - 1];
        m_sortScratch[j] = x;
    }
    v.swap(m_sortScratch);
}

void Kernel::onSecond(uint32_t s)
{
    if (s > 0)
        sampleLag(static_cast<double>(s));
    trimLogs();
    const auto *pub = m_run.published;
    const double t0 = static_cast<double>(s);
    if (t0 >= m_run.duration)
        return;
    const double width = std::min(1.0, m_run.duration - t0);
    if (pub && s < pub->size()) {
        const TimelinePoint &p = (*pub)[s];
        for (uint32_t i = 0; i < m_sources.size(); ++i) {
            const uint32_t link = m_net.sources[i].link;
            if (link >= p.link_rps.size() || m_net.sources[i].fromConsumer)
                continue;
            // The engine counted the second's publishes; given their number, the times of a
            // Poisson stream's arrivals are independent uniforms over the second.
            const auto n = static_cast<size_t>(std::llround(p.link_rps[link] * width));
            Source &src = m_sources[i];
            src.times.resize(n);
            for (double &t : src.times)
                t = t0 + width * src.timesRng.uniform();
            sortUniform(src.times, t0, width);
            src.next = 0;
            if (n > 0)
                push(src.times[0], Ev::Publish, i, 0);
        }
    }
    const double next = t0 + 1.0;
    push(std::min(next, m_run.duration), Ev::Second, s + 1, 0);
}

void Kernel::onPublish(uint32_t source)
{
    publish(source);
    Source &src = m_sources[source];
    if (++src.next < src.times.size())
        push(src.times[src.next], Ev::Publish, source, 0);
}

Offer Kernel::publish(uint32_t source, uint64_t ticket)
{
    Source &src = m_sources[source];
    const SourceDef &d = m_net.sources[source];
    Topic &topic = m_topics[d.topic];
    Message msg;
    msg.t = m_now;
    if (d.keyed) {
        const auto rank = (*src.zipf)(src.keyRng); // 1..keys
        msg.key = d.keyBase + static_cast<uint32_t>(rank - 1);
        msg.seq = topic.nextSeq[msg.key]++;
    }
    if (topic.poisonNext) {
        msg.poison = true;
        topic.poisonNext = false;
        if (msg.key != kNoKey)
            topic.poisoned[msg.key] = 1;
    } else if (msg.key != kNoKey && topic.poisoned[msg.key]) {
        msg.poison = true;
    }
    if (m_measuring)
        ++topic.published;
    uint32_t partition = 0;
    const TopicDef &td = m_net.topics[d.topic];
    if (td.isStream)
        partition = d.byKey ? partitionOfKey(msg.key, td.partitions)
                            : topic.roundRobin++ % static_cast<uint32_t>(td.partitions);
    return deliver(d.topic, partition, msg, ticket);
}

Offer Kernel::deliver(uint32_t topic, uint32_t partition, const Message &msg, uint64_t ticket)
{
    if (!m_net.topics[topic].isStream)
        return enqueue(topic, msg, ticket);
    append(topic, partition, msg);
    return Offer::Accepted;
}

void Kernel::append(uint32_t topic, uint32_t partition, const Message &msg)
{
    Topic &t = m_topics[topic];
    Partition &p = t.parts[partition];
    if (!p.available) {
        p.pending.push_back(msg); // the producer holds it until a leader takes it
        return;
    }
    p.log.push_back(msg);
    expire(topic, partition);
    for (uint32_t g : t.groups) {
        const int owner = m_groups[g].parts[partition].owner;
        if (owner >= 0)
            tryFetch(m_groups[g].members[size_t(owner)]);
    }
}

void Kernel::expire(uint32_t topic, uint32_t partition)
{
    const TopicDef &d = m_net.topics[topic];
    Partition &p = m_topics[topic].parts[partition];
    if (d.retentionS > 0)
        while (p.start < p.end() && p.at(p.start).t + d.retentionS < m_now)
            ++p.start;
    if (d.retentionBytes > 0)
        while (p.start < p.end() &&
               static_cast<int64_t>(p.end() - p.start) * d.messageBytes > d.retentionBytes)
            ++p.start;
}

void Kernel::trimLogs()
{
    for (size_t t = 0; t < m_topics.size(); ++t) {
        Topic &topic = m_topics[t];
        for (uint32_t pi = 0; pi < topic.parts.size(); ++pi) {
            expire(static_cast<uint32_t>(t), pi);
            Partition &p = topic.parts[pi];
            // Keep what some group may still read (from its committed offset) and the first
            // message that retention has not deleted, which dates the log.
            uint64_t keep = p.end();
            for (uint32_t g : topic.groups) {
                const GroupPart &gp = m_groups[g].parts[pi];
                keep = std::min(keep, std::max(p.start, std::min(gp.committed,
                                                                 std::min(gp.pos, gp.done))));
            }
            if (topic.groups.empty())
                p.start = keep;
            p.trim(keep);
        }
    }
}

// ---- queues ----

Offer Kernel::enqueue(uint32_t topic, const Message &msg, uint64_t ticket)
{
    const TopicDef &d = m_net.topics[topic];
    Topic &t = m_topics[topic];
    QueueState &q = t.queue;
    // Publishers already waiting go first: a new one queues behind them.
    if (d.maxLength > 0 && (static_cast<int64_t>(q.held) >= d.maxLength ||
                            (d.overflow == model::Overflow::Block && !q.blocked.empty()))) {
        if (d.overflow == model::Overflow::Block) {
            q.blocked.push_back({msg, ticket});
            if (m_measuring)
                ++t.blocked;
            return Offer::Blocked;
        }
        const uint32_t head = d.overflow == model::Overflow::DropOldest ? q.popVisible() : kNone;
        if (head == kNone) { // reject (or nothing visible to drop: all in flight)
            if (m_measuring)
                ++t.rejected;
            return Offer::Rejected;
        }
        q.remove(head);
        if (m_measuring)
            ++t.dropped;
    }
    store(topic, msg);
    return Offer::Accepted;
}

void Kernel::store(uint32_t topic, const Message &msg)
{
    Topic &t = m_topics[topic];
    QueueState &q = t.queue;
    const uint32_t slot = q.alloc(msg);
    q.visible.push_back(slot);
    t.depthMax = std::max<uint64_t>(t.depthMax, q.held);
    for (uint32_t g : t.groups) {
        for (uint32_t c : m_groups[g].members) {
            if (q.visible.empty())
                return;
            tryFetch(c);
        }
    }
}

void Kernel::unblock(uint32_t topic)
{
    const TopicDef &d = m_net.topics[topic];
    Topic &t = m_topics[topic];
    QueueState &q = t.queue;
    while (!q.blocked.empty() && (d.maxLength <= 0 || int64_t(q.held) < d.maxLength)) {
        const QueueState::Blocked b = q.blocked.front();
        q.blocked.pop_front();
        if (m_measuring)
            t.blockMax = std::max(t.blockMax, m_now - b.msg.t);
        store(topic, b.msg);
        if (b.ticket != kNoTicket && m_run.host)
            m_run.host->publishStored(b.ticket); // the publisher's call answers now
    }
}

void Kernel::onVisibility(uint32_t slot, uint32_t gen)
{
    // The event carries the queue in the high bits and the slot in the low ones.
    const uint32_t topic = slot >> kSlotBits;
    const uint32_t s = slot & kSlotMask;
    QueueState &q = m_topics[topic].queue;
    QueuedMessage &m = q.slots[s];
    if (m.gen != gen || m.state != QueuedMessage::InFlight)
        return;
    // The receiver did not acknowledge in time: deliver it again, or set it aside.
    const GroupDef *owner = m.lastGroup < m_net.groups.size() ? &m_net.groups[m.lastGroup]
                                                              : nullptr;
    if (owner && owner->deadLetter >= 0 && m.receives >= owner->settings.max_attempts) {
        deadLetter(m.lastGroup);
        q.remove(s);
        unblock(topic);
        return;
    }
    q.makeVisible(s);
    for (uint32_t g : m_topics[topic].groups)
        for (uint32_t c : m_groups[g].members) {
            if (q.visible.empty())
                return;
            tryFetch(c);
        }
}

// ---- consumers ----

void Kernel::tryFetch(uint32_t c)
{
    Consumer &k = m_consumers[c];
    Group &g = m_groups[k.group];
    if (!k.alive() || k.busy || g.paused)
        return;
    const GroupDef &d = m_net.groups[k.group];
    const TopicDef &td = m_net.topics[d.topic];
    const int batch = d.settings.batch_size;
    if (!td.isStream) {
        QueueState &q = m_topics[d.topic].queue;
        if (q.visibleCount() == 0)
            return;
        if (!batchReady(c, static_cast<int64_t>(q.visibleCount())))
            return;
        k.qbatch.clear();
        while (static_cast<int>(k.qbatch.size()) < batch) {
            const uint32_t s = q.popVisible();
            if (s == kNone)
                break;
            receive(c, d.topic, s);
            k.qbatch.push_back(s);
        }
        if (k.qbatch.empty())
            return;
        k.qcur = 0;
        startMessage(c);
        return;
    }
    Topic &topic = m_topics[d.topic];
    for (size_t n = 0; n < k.parts.size(); ++n) {
        const int pi = k.parts[(k.cursor + n) % k.parts.size()];
        Partition &p = topic.parts[size_t(pi)];
        GroupPart &gp = g.parts[size_t(pi)];
        if (!p.available)
            continue;
        if (gp.pos < p.start) { // deleted by retention before this group read them
            if (m_measuring)
                g.retentionLost += p.start - gp.pos;
            gp.pos = p.start;
            gp.done = std::max(gp.done, p.start);
            gp.committed = std::max(gp.committed, p.start);
        }
        const uint64_t avail = p.end() - gp.pos;
        if (avail == 0)
            continue;
        if (!batchReady(c, static_cast<int64_t>(avail)))
            return;
        k.cursor = (k.cursor + n + 1) % k.parts.size();
        k.part = pi;
        k.begin = gp.pos;
        k.end = gp.pos + std::min<uint64_t>(avail, static_cast<uint64_t>(batch));
        k.cur = k.begin;
        if (m_measuring && k.begin < gp.fetched)
            g.redeliveries += std::min(k.end, gp.fetched) - k.begin;
        gp.pos = k.end;
        gp.fetched = std::max(gp.fetched, k.end);
        startMessage(c);
        return;
    }
}

bool Kernel::batchReady(uint32_t c, int64_t available)
{
    Consumer &k = m_consumers[c];
    const GroupDef &d = m_net.groups[k.group];
    if (d.settings.batch_wait_ms <= 0 || available >= d.settings.batch_size || k.waitDone) {
        k.waitDone = false;
        k.waiting = false;
        return true;
    }
    if (!k.waiting) { // linger for a fuller batch
        k.waiting = true;
        push(m_now + d.settings.batch_wait_ms / 1000.0, Ev::Wake, c, k.gen);
    }
    return false;
}

void Kernel::receive(uint32_t c, uint32_t topic, uint32_t s)
{
    Consumer &k = m_consumers[c];
    Group &g = m_groups[k.group];
    const GroupDef &d = m_net.groups[k.group];
    QueueState &q = m_topics[topic].queue;
    QueuedMessage &m = q.slots[s];
    ++m.receives;
    ++m.holders;
    ++m.gen;
    m.lastGroup = k.group;
    if (m_measuring && m.receives > 1)
        ++g.redeliveries;
    if (d.settings.commit == model::CommitPolicy::Auto) {
        q.ack(s); // acknowledged on receipt: a crash or a failure loses it
        unblock(topic);
        return;
    }
    m.state = QueuedMessage::InFlight;
    push(m_now + m_net.topics[topic].visibilityS, Ev::Visibility, (topic << kSlotBits) | s,
         m.gen);
}

void Kernel::startMessage(uint32_t c, double delay)
{
    Consumer &k = m_consumers[c];
    const GroupDef &d = m_net.groups[k.group];
    if (!k.busy)
        k.busyFrom = m_now;
    k.busy = true;
    k.busySince = m_now;
    if (m_run.host && d.engineWork) {
        // The engine runs the processing (the consumer's service, then its calls) as a visit;
        // it is started from the kernel's own event, never inside a call from the engine.
        k.workFailed = false;
        push(m_now + delay, Ev::StartWork, c, k.gen);
        return;
    }
    const double service = d.service.sample(m_groups[k.group].serviceRng) * slowFactor(d.consumer);
    push(m_now + delay + service, Ev::MsgDone, c, k.gen);
}

void Kernel::stopBusy(Consumer &k)
{
    if (!k.busy)
        return;
    k.busy = false;
    const double from = std::max(k.busyFrom, m_run.warmup);
    if (m_now > from)
        m_groups[k.group].busyArea += m_now - from;
}

const Message &Kernel::current(const Consumer &k) const
{
    const GroupDef &d = m_net.groups[k.group];
    const Topic &t = m_topics[d.topic];
    if (m_net.topics[d.topic].isStream)
        return t.parts[size_t(k.part)].at(k.cur);
    return t.queue.slots[k.qbatch[k.qcur]].msg;
}

void Kernel::onMessageDone(uint32_t c)
{
    Consumer &k = m_consumers[c];
    Group &g = m_groups[k.group];
    const GroupDef &d = m_net.groups[k.group];
    const bool stream = m_net.topics[d.topic].isStream;
    const Message msg = current(k);
    const bool failed = msg.poison || k.workFailed ||
                        (d.settings.failure_probability > 0 &&
                         g.failRng.uniform() < d.settings.failure_probability);
    k.workFailed = false;
    if (failed) {
        if (m_measuring)
            ++g.failedAttempts;
        if (stream) {
            ++k.attempts;
            if (d.deadLetter < 0 || k.attempts < d.settings.max_attempts) {
                // Retried in place after the backoff: the partition waits behind it, and the
                // consumer's thread is held (Spring Kafka's blocking retries), so it stays busy.
                startMessage(c, std::min(model::retryWaitMs(d.settings, k.attempts) / 1000.0, 1e9));
                return;
            }
            deadLetter(k.group);
            GroupPart &gp = g.parts[size_t(k.part)];
            gp.done = std::max(gp.done, k.cur + 1);
        } else {
            QueueState &q = m_topics[d.topic].queue;
            const uint32_t s = k.qbatch[k.qcur];
            if (d.settings.commit == model::CommitPolicy::Auto && m_measuring)
                ++g.lost; // acknowledged on receipt: nobody will see it again
            q.release(s); // unacknowledged: the visibility timeout brings it back
        }
    } else {
        processed(c, msg);
    }
    nextMessage(c);
}

void Kernel::processed(uint32_t c, const Message &msg)
{
    Consumer &k = m_consumers[c];
    Group &g = m_groups[k.group];
    const GroupDef &d = m_net.groups[k.group];
    bool again = false;
    // What processing a message publishes onwards (at least once: duplicates publish again);
    // a coupled engineWork group's visit made its publish calls itself.
    if (!(m_run.host && d.engineWork))
        for (uint32_t s : d.forwards) {
            const double p = m_net.sources[s].probability;
            if (p >= 1.0 || (p > 0 && m_sources[s].timesRng.uniform() < p))
                publish(s);
        }
    if (m_run.trace && k.group == 0)
        m_run.trace->push_back(TraceEntry{k.part, k.cur, msg.t, k.busySince, m_now});
    if (m_net.topics[d.topic].isStream) {
        GroupPart &gp = g.parts[size_t(k.part)];
        again = k.cur < gp.done;
        gp.done = std::max(gp.done, k.cur + 1);
        if (m_measuring)
            ++g.partProcessed[size_t(k.part)];
    } else {
        QueueState &q = m_topics[d.topic].queue;
        const uint32_t s = k.qbatch[k.qcur];
        again = q.slots[s].processed;
        q.slots[s].processed = true;
        q.ack(s);
        q.release(s);
        unblock(d.topic);
    }
    // A gateway fans out what its group processed, once: a redelivery after a crash is not
    // published to the browsers again (the channel's sequence is per stream message).
    if (d.handsOff && !again)
        m_handoffs[k.group].push_back({msg.t, m_now});
    if (!m_measuring)
        return;
    ++g.processed;
    if (again) {
        ++g.duplicates;
        return;
    }
    g.latency.record(m_now - msg.t);
    if (msg.key != kNoKey) {
        uint32_t &high = g.maxSeq[msg.key];
        if (msg.seq + 1 < high)
            ++g.violations;
        else
            high = msg.seq + 1;
    }
}

void Kernel::nextMessage(uint32_t c)
{
    Consumer &k = m_consumers[c];
    const GroupDef &d = m_net.groups[k.group];
    k.attempts = 0;
    if (m_net.topics[d.topic].isStream) {
        if (++k.cur < k.end) {
            startMessage(c);
            return;
        }
        if (d.settings.commit == model::CommitPolicy::AfterProcessing) {
            GroupPart &gp = m_groups[k.group].parts[size_t(k.part)];
            gp.committed = std::max(gp.committed, k.end);
        }
    } else if (++k.qcur < k.qbatch.size()) {
        startMessage(c);
        return;
    }
    stopBusy(k);
    tryFetch(c);
}

void Kernel::deadLetter(uint32_t group)
{
    Group &g = m_groups[group];
    const GroupDef &d = m_net.groups[group];
    if (m_measuring)
        ++g.deadLettered;
    if (d.deadLetter < 0)
        return;
    const auto dl = static_cast<uint32_t>(d.deadLetter);
    Topic &t = m_topics[dl];
    if (m_measuring)
        ++t.deadLettersIn;
    Message copy;
    copy.t = m_now; // a new message, unkeyed; the poison stays with the original
    const TopicDef &td = m_net.topics[dl];
    deliver(dl, td.isStream ? t.roundRobin++ % uint32_t(td.partitions) : 0, copy);
}

// ---- groups: assignment, rebalances, commits ----

void Kernel::assign(uint32_t group)
{
    Group &g = m_groups[group];
    std::vector<uint32_t> live;
    for (uint32_t c : g.members) {
        m_consumers[c].parts.clear();
        m_consumers[c].cursor = 0;
        if (m_consumers[c].alive())
            live.push_back(c);
    }
    for (size_t p = 0; p < g.parts.size(); ++p) {
        if (live.empty()) {
            g.parts[p].owner = -1;
            continue;
        }
        const uint32_t c = live[p % live.size()]; // round-robin assignor
        const auto idx = std::find(g.members.begin(), g.members.end(), c) - g.members.begin();
        g.parts[p].owner = static_cast<int>(idx);
        m_consumers[c].parts.push_back(static_cast<int>(p));
    }
    for (uint32_t c : live)
        tryFetch(c);
}

void Kernel::memberChange(uint32_t group)
{
    Group &g = m_groups[group];
    const GroupDef &d = m_net.groups[group];
    if (!m_net.topics[d.topic].isStream) {
        for (uint32_t c : g.members)
            tryFetch(c); // a queue has no assignment: the others simply take more
        return;
    }
    // Stop the world (the classic protocol): live members give up their partitions after the
    // message in hand, committing what they processed.
    for (uint32_t c : g.members) {
        Consumer &k = m_consumers[c];
        if (!k.alive() || !k.busy)
            continue;
        GroupPart &gp = g.parts[size_t(k.part)];
        gp.committed = std::max(gp.committed, k.cur);
        gp.pos = gp.committed;
        abandon(k);
    }
    for (GroupPart &gp : g.parts)
        gp.owner = -1;
    if (m_measuring)
        ++g.rebalances;
    g.paused = true;
    ++g.rebalanceGen;
    if (d.settings.rebalance_pause_s <= 0)
        onRebalanceDone(group);
    else
        push(m_now + d.settings.rebalance_pause_s, Ev::RebalanceDone, group, g.rebalanceGen);
}

void Kernel::abandon(Consumer &k)
{
    stopBusy(k);
    ++k.gen; // its pending completion and wake-up are stale now
    k.waiting = false;
    k.waitDone = false;
}

void Kernel::onRebalanceDone(uint32_t group)
{
    m_groups[group].paused = false;
    assign(group);
}

void Kernel::onAutoCommit(uint32_t group)
{
    Group &g = m_groups[group];
    const GroupDef &d = m_net.groups[group];
    // Auto-commit stores the position of the last poll, processed or not.
    for (GroupPart &gp : g.parts)
        if (gp.owner >= 0 && m_consumers[g.members[size_t(gp.owner)]].alive())
            gp.committed = std::max(gp.committed, gp.pos);
    push(m_now + d.settings.commit_interval_ms / 1000.0, Ev::Commit, group, 0);
}

void Kernel::consumerDown(uint32_t c)
{
    Consumer &k = m_consumers[c];
    Group &g = m_groups[k.group];
    const GroupDef &d = m_net.groups[k.group];
    if (!m_net.topics[d.topic].isStream) {
        // Its unacknowledged messages come back when their visibility timeout passes.
        if (k.busy)
            for (size_t i = k.qcur; i < k.qbatch.size(); ++i)
                m_topics[d.topic].queue.release(k.qbatch[i]);
        abandon(k);
        return;
    }
    abandon(k);
    // Whoever takes its partitions starts from the committed offsets: what it processed
    // after them is processed again (duplicates); what was committed unprocessed is lost.
    for (GroupPart &gp : g.parts) {
        if (gp.owner < 0 || g.members[size_t(gp.owner)] != c)
            continue;
        if (gp.committed > gp.done) {
            if (m_measuring)
                g.lost += gp.committed - gp.done;
            gp.done = gp.committed;
        }
        gp.pos = gp.committed;
    }
    memberChange(k.group);
}

// ---- failures ----

bool Kernel::concerns(const engine::FailureAction &a) const
{
    switch (a.action) {
    case model::EventAction::Crash:
    case model::EventAction::Poison:
        for (const TopicDef &t : m_net.topics)
            if (t.node == a.target)
                return true;
        [[fallthrough]];
    case model::EventAction::Slow:
        return m_nodeSlow.count(a.target) > 0;
    case model::EventAction::RegionOutage: // its recovery in the other region
        if (a.database >= 0)
            return false;
        for (uint32_t z : m_run.failures->regionLosses[a.target].zones) {
            engine::FailureAction end = a;
            end.action = model::EventAction::ZoneOutage;
            end.target = z;
            if (concerns(end))
                return true;
        }
        return false;
    case model::EventAction::ZoneOutage: {
        const std::string &zone = m_run.failures->zones[a.target];
        auto in = [&](const std::vector<std::string> &zones) {
            return std::find(zones.begin(), zones.end(), zone) != zones.end();
        };
        for (const TopicDef &t : m_net.topics)
            if (t.isStream && in(t.zones))
                return true;
        for (const GroupDef &g : m_net.groups)
            if (in(g.zones))
                return true;
        return false;
    }
    default:
        return false;
    }
}

// A consumer's replica goes down (crash, zone outage, random failure) or comes back; a
// consumer is alive while no cause holds it down.
void Kernel::consumerHealth(uint32_t c, bool down)
{
    Consumer &k = m_consumers[c];
    const bool wasAlive = k.alive();
    k.down = static_cast<uint16_t>(down ? k.down + 1 : (k.down > 0 ? k.down - 1 : 0));
    if (wasAlive && !k.alive())
        consumerDown(c);
    else if (!wasAlive && k.alive())
        memberChange(k.group);
}

// The engine's random crash or repair of a replica: a consumer's replica stops its consumers,
// a stream's broker its partitions' leadership, as a crash event of that replica would.
void Kernel::onRandomFailure(uint32_t index)
{
    const engine::RandomFailure &f = (*m_run.randomFailures)[index];
    for (uint32_t t = 0; t < m_net.topics.size(); ++t)
        if (m_net.topics[t].node == f.node && m_net.topics[t].isStream)
            brokerChange(t, f.replica, !f.repair);
    for (uint32_t c = 0; c < m_consumers.size(); ++c)
        if (m_net.groups[m_consumers[c].group].consumer == f.node
            && m_consumers[c].replica == f.replica)
            consumerHealth(c, !f.repair);
}

void Kernel::onFailure(uint32_t index)
{
    const engine::FailureAction &a = m_run.failures->actions[index];
    if (a.action == model::EventAction::ZoneOutage ||
        a.action == model::EventAction::RegionOutage) {
        // Every broker and consumer replica placed in the zone goes down (docs/failures.md:
        // replica r lives in zones[r % zones]); a hang stops them as a refusal does. A region
        // outage's recovery in the other region brings those of all its zones up, and the
        // region's return then leaves them alone (docs/data-lifecycle.md).
        const bool recovery = a.action == model::EventAction::RegionOutage;
        std::vector<uint32_t> zoneIds;
        if (recovery)
            zoneIds = m_run.failures->regionLosses[a.target].zones;
        else
            zoneIds.push_back(a.target);
        auto inZone = [&](const std::vector<std::string> &zones, int replica) {
            if (zones.empty())
                return false;
            const std::string &z = zones[size_t(replica) % zones.size()];
            for (uint32_t id : zoneIds)
                if (m_run.failures->zones[id] == z)
                    return true;
            return false;
        };
        auto &brokers = m_movedBrokers[a.regionLoss];
        auto &consumers = m_movedConsumers[a.regionLoss];
        const bool skipMoved = !a.begin && a.regionLoss >= 0 && !recovery;
        for (uint32_t t = 0; t < m_net.topics.size(); ++t) {
            const TopicDef &d = m_net.topics[t];
            if (!d.isStream)
                continue;
            for (int b = 0; b < d.brokers; ++b) {
                if (!inZone(d.zones, b) || (skipMoved && brokers.count({t, b})))
                    continue;
                if (recovery && !brokers.insert({t, b}).second)
                    continue;
                brokerChange(t, b, a.begin);
            }
        }
        for (uint32_t c = 0; c < m_consumers.size(); ++c) {
            const Consumer &k = m_consumers[c];
            if (!inZone(m_net.groups[k.group].zones, k.replica) ||
                (skipMoved && consumers.count(c)))
                continue;
            if (recovery && !consumers.insert(c).second)
                continue;
            consumerHealth(c, a.begin);
        }
        return;
    }
    if (a.action == model::EventAction::Slow) {
        auto &factors = m_nodeSlow[a.target];
        if (a.begin) {
            factors.push_back(a.factor);
        } else {
            const auto it = std::find(factors.begin(), factors.end(), a.factor);
            if (it != factors.end())
                factors.erase(it);
        }
        return;
    }
    for (uint32_t t = 0; t < m_net.topics.size(); ++t) {
        if (m_net.topics[t].node != a.target)
            continue;
        if (a.action == model::EventAction::Poison) {
            m_topics[t].poisonNext = a.begin;
            if (!a.begin)
                std::fill(m_topics[t].poisoned.begin(), m_topics[t].poisoned.end(), 0);
        } else if (m_net.topics[t].isStream) {
            brokerChange(t, a.replica, a.begin);
        }
    }
    if (a.action != model::EventAction::Crash)
        return;
    for (uint32_t c = 0; c < m_consumers.size(); ++c) {
        const Consumer &k = m_consumers[c];
        if (m_net.groups[k.group].consumer != a.target || (a.replica >= 0 &&
                                                           a.replica != k.replica))
            continue;
        consumerHealth(c, a.begin);
    }
}

void Kernel::brokerChange(uint32_t topic, int replica, bool down)
{
    const TopicDef &d = m_net.topics[topic];
    Topic &t = m_topics[topic];
    for (int b = 0; b < d.brokers; ++b) {
        if (replica >= 0 && b != replica)
            continue;
        uint16_t &count = t.brokerDown[size_t(b)];
        count = static_cast<uint16_t>(down ? count + 1 : (count > 0 ? count - 1 : 0));
    }
    for (uint32_t p = 0; p < t.parts.size(); ++p) {
        Partition &part = t.parts[p];
        if (down && part.available && t.brokerDown[size_t(part.leader)] > 0) {
            part.available = false;
            ++part.leaderGen;
            // A follower takes over after the election delay, if one holds a replica.
            if (d.replication > 1)
                push(m_now + d.leaderFailoverS, Ev::LeaderBack, topic,
                     (p << 8) | (part.leaderGen & 0xff));
        } else if (!down && !part.available && t.brokerDown[size_t(part.leader)] == 0) {
            leaderUp(topic, p);
        }
    }
}

void Kernel::onLeaderBack(uint32_t topic, uint32_t code)
{
    Topic &t = m_topics[topic];
    const uint32_t p = code >> 8;
    Partition &part = t.parts[p];
    if (part.available || (part.leaderGen & 0xff) != (code & 0xff))
        return;
    const TopicDef &d = m_net.topics[topic];
    for (int n = 1; n <= d.brokers; ++n) {
        const int b = (part.leader + n) % d.brokers;
        if (t.brokerDown[size_t(b)] == 0) {
            part.leader = b;
            leaderUp(topic, p);
            return;
        }
    }
}

void Kernel::leaderUp(uint32_t topic, uint32_t partition)
{
    Partition &p = m_topics[topic].parts[partition];
    p.available = true;
    std::vector<Message> held;
    held.swap(p.pending);
    for (const Message &m : held)
        append(topic, partition, m);
    for (uint32_t g : m_topics[topic].groups) {
        const int owner = m_groups[g].parts[partition].owner;
        if (owner >= 0)
            tryFetch(m_groups[g].members[size_t(owner)]);
    }
}

double Kernel::slowFactor(uint32_t node) const
{
    const auto it = m_nodeSlow.find(node);
    double f = 1.0;
    if (it != m_nodeSlow.end())
        for (double x : it->second)
            f *= x;
    return f;
}

} // namespace archsim::simulator::stream
