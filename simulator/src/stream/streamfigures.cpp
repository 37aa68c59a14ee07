#include "stream/streamstate.h"

#include <algorithm>

namespace archsim::simulator::stream {

namespace {

Estimate one(double v)
{
    Estimate e;
    e.value = e.low = e.high = v;
    return e;
}

} // namespace

void Kernel::sampleLag(double t)
{
    for (size_t g = 0; g < m_groups.size(); ++g) {
        Group &grp = m_groups[g];
        const GroupDef &d = m_net.groups[g];
        Topic &topic = m_topics[d.topic];
        double lag = 0;
        double age = 0;
        if (m_net.topics[d.topic].isStream) {
            for (size_t p = 0; p < topic.parts.size(); ++p) {
                const Partition &part = topic.parts[p];
                const uint64_t from = std::max(grp.parts[p].committed, part.start);
                const double behind = from < part.end() ? double(part.end() - from) : 0.0;
                lag += behind;
                if (behind > 0)
                    age = std::max(age, t - part.at(from).t);
                if (t > m_run.warmup)
                    grp.partLagMax[p] = std::max(grp.partLagMax[p], behind);
            }
        } else {
            lag = static_cast<double>(topic.queue.held);
            if (const QueuedMessage *head = topic.queue.head())
                age = t - head->msg.t;
        }
        grp.lag.push_back(LagPoint{t, lag, age});
        if (t > m_run.warmup) {
            grp.lagSum += lag;
            ++grp.lagSamples;
            grp.lagMax = std::max(grp.lagMax, lag);
            grp.lagSMax = std::max(grp.lagSMax, age);
        }
    }
}

StreamOutput Kernel::collect()
{
    sampleLag(m_run.duration);
    StreamOutput out;
    out.events = m_events;
    const double window = std::max(1e-9, m_run.duration - m_run.warmup);
    std::vector<uint64_t> readMessages(m_topics.size(), 0);
    for (size_t g = 0; g < m_groups.size(); ++g) {
        Group &grp = m_groups[g];
        const GroupDef &d = m_net.groups[g];
        for (uint32_t c : grp.members)
            stopBusy(m_consumers[c]);
        readMessages[d.topic] += grp.processed;
        GroupFigures f;
        f.link = d.linkId;
        f.group = d.group;
        f.consumer = d.consumerId;
        f.source = m_net.topics[d.topic].id;
        f.consumers = d.consumers;
        int active = 0;
        for (uint32_t c : grp.members)
            active += m_net.topics[d.topic].isStream ? !m_consumers[c].parts.empty()
                                                     : m_consumers[c].alive();
        f.active = active;
        f.processed = one(double(grp.processed));
        f.throughput_rps = one(double(grp.processed) / window);
        f.lag_mean = one(grp.lagSamples ? grp.lagSum / double(grp.lagSamples) : 0.0);
        f.lag_max = one(grp.lagMax);
        f.lag_end = one(grp.lag.empty() ? 0.0 : grp.lag.back().messages);
        f.lag_s_max = one(grp.lagSMax);
        const double qs[] = {0.5, 0.95, 0.99};
        double v[3] = {0, 0, 0};
        grp.latency.quantiles(qs, v, 3);
        f.latency_p50_ms = one(v[0] * 1000.0);
        f.latency_p95_ms = one(v[1] * 1000.0);
        f.latency_p99_ms = one(v[2] * 1000.0);
        f.latency_mean_ms = one(grp.latency.mean() * 1000.0);
        f.failed_attempts = one(double(grp.failedAttempts));
        f.redeliveries = one(double(grp.redeliveries));
        f.duplicates = one(double(grp.duplicates));
        f.dead_lettered = one(double(grp.deadLettered));
        f.retention_lost = one(double(grp.retentionLost));
        f.lost = one(double(grp.lost));
        f.ordering_violations = one(double(grp.violations));
        f.utilization = one(grp.busyArea / (window * std::max(1, d.consumers)));
        if (m_net.topics[d.topic].isStream) {
            const Topic &topic = m_topics[d.topic];
            for (size_t p = 0; p < grp.parts.size(); ++p) {
                PartitionFigures pf;
                pf.partition = static_cast<int>(p);
                pf.consumer = grp.parts[p].owner;
                pf.processed = one(double(grp.partProcessed[p]));
                pf.lag_max = one(grp.partLagMax[p]);
                const Partition &part = topic.parts[p];
                const uint64_t from = std::max(grp.parts[p].committed, part.start);
                pf.lag_end = one(from < part.end() ? double(part.end() - from) : 0.0);
                f.partitions.push_back(std::move(pf));
            }
        }
        f.lag = std::move(grp.lag);
        out.groups.push_back(std::move(f));
    }
    for (size_t t = 0; t < m_topics.size(); ++t) {
        const Topic &topic = m_topics[t];
        const TopicDef &d = m_net.topics[t];
        TopicFigures f;
        f.id = d.id;
        f.kind = d.isStream ? "stream" : "queue";
        f.partitions = d.partitions;
        f.published = one(double(topic.published));
        f.published_rps = one(double(topic.published) / window);
        f.rejected = one(double(topic.rejected));
        f.dropped = one(double(topic.dropped));
        f.blocked = one(double(topic.blocked));
        f.block_ms_max = one(topic.blockMax * 1000.0);
        f.dead_letters_in = one(double(topic.deadLettersIn));
        double depth = double(topic.depthMax);
        for (size_t g = 0; g < out.groups.size(); ++g)
            if (m_net.groups[g].topic == t)
                for (const PartitionFigures &p : out.groups[g].partitions)
                    depth = std::max(depth, p.lag_max.value);
        f.depth_max = one(depth);
        const double bytes = double(d.messageBytes);
        f.write_mbps = one(double(topic.published) * bytes * d.replication / window / 1e6);
        f.read_mbps = one(double(readMessages[t]) * bytes / window / 1e6);
        out.topics.push_back(std::move(f));
    }
    return out;
}

StreamOutput runStreams(const StreamNet &net, const StreamRun &run)
{
    if (net.empty())
        return {};
    Kernel kernel(net, run);
    return kernel.run();
}

} // namespace archsim::simulator::stream
