#include "stream/streamkernel.h"

#include "archsim/model/streamanalytic.h"

#include <unordered_map>

namespace archsim::simulator::stream {

namespace {

std::string ptr(const char *list, size_t i, const char *field)
{
    return std::string("/") + list + "/" + std::to_string(i) + "/" + field;
}

} // namespace

model::Result<StreamNet> compileStreams(const model::Model &m)
{
    StreamNet net;
    model::Diagnostics diags;
    bool anyConsume = false;
    for (const auto &l : m.links)
        anyConsume = anyConsume || l.kind == model::LinkKind::Consume;
    if (!anyConsume)
        return net; // publish links alone stay fire and forget (the engine's detached visits)

    std::unordered_map<std::string, uint32_t> componentOf;
    for (size_t i = 0; i < m.components.size(); ++i)
        componentOf.emplace(m.components[i].id, static_cast<uint32_t>(i));
    std::vector<int32_t> topicOf(m.components.size(), -1);
    for (size_t i = 0; i < m.components.size(); ++i) {
        const model::Component &c = m.components[i];
        if (!model::isMessaging(c.kind))
            continue;
        TopicDef t;
        t.id = c.id;
        t.node = static_cast<uint32_t>(i);
        t.isStream = c.kind == model::ComponentKind::Stream;
        t.brokers = std::max(1, c.replicas);
        t.zones = c.zones;
        if (t.isStream) {
            const model::StreamSettings s = c.stream.value_or(model::StreamSettings{});
            t.partitions = s.partitions;
            t.replication = s.replication_factor;
            t.retentionS = s.retention_s;
            t.retentionBytes = s.retention_bytes;
            t.messageBytes = s.message_bytes;
            t.leaderFailoverS = s.leader_failover_s;
            if (s.partitions < 1 || s.partitions > 100000)
                diags.push_back(model::makeError(ptr("components", i, "stream/partitions"),
                                                 "partitions must be in [1, 100000]"));
        } else {
            const model::QueueSettings q = c.queue.value_or(model::QueueSettings{});
            t.visibilityS = q.visibility_timeout_s;
            t.maxLength = q.max_length;
            t.overflow = q.overflow;
            t.retentionS = q.retention_s;
            t.messageBytes = q.message_bytes;
            if (!(q.visibility_timeout_s > 0))
                diags.push_back(model::makeError(
                    ptr("components", i, "queue/visibility_timeout_s"),
                    "visibility_timeout_s must be greater than 0"));
        }
        topicOf[i] = static_cast<int32_t>(net.topics.size());
        net.topics.push_back(std::move(t));
    }
    std::vector<char> consumes(m.components.size(), 0);
    for (const auto &l : m.links)
        if (const auto it = componentOf.find(l.from);
            l.kind == model::LinkKind::Consume && it != componentOf.end())
            consumes[it->second] = 1;
    for (size_t i = 0; i < m.links.size(); ++i) {
        const model::Link &l = m.links[i];
        const auto from = componentOf.find(l.from);
        const auto to = componentOf.find(l.to);
        if (from == componentOf.end() || to == componentOf.end())
            continue; // the engine reports unknown endpoints
        const int32_t topic = topicOf[to->second];
        if (l.kind == model::LinkKind::Publish && topic >= 0) {
            SourceDef s;
            s.link = static_cast<uint32_t>(i);
            s.topic = static_cast<uint32_t>(topic);
            s.probability = l.probability;
            s.fromConsumer = consumes[from->second] != 0;
            if (l.key) {
                s.keyed = true;
                s.byKey = l.key->by_key;
                s.keys = l.key->keys;
                s.zipf = l.key->zipf;
                TopicDef &t = net.topics[size_t(topic)];
                if (l.key->keys < 1 || l.key->keys > 100'000'000 ||
                    t.keyCount + uint64_t(l.key->keys) > 0xfffffff0ull)
                    diags.push_back(model::makeError(ptr("links", i, "key/keys"),
                                                     "keys must be in [1, 1e8] per stream"));
                else {
                    s.keyBase = t.keyCount;
                    t.keyCount += static_cast<uint32_t>(l.key->keys);
                }
            }
            net.sources.push_back(s);
        } else if (l.kind == model::LinkKind::Consume) {
            if (topic < 0) {
                diags.push_back(model::makeError(ptr("links", i, "to"),
                                                 "'" + l.to + "' is not a stream or a queue"));
                continue;
            }
            const model::Component &consumer = m.components[from->second];
            GroupDef g;
            g.link = static_cast<uint32_t>(i);
            g.linkId = l.id.empty() ? l.from + "->" + l.to : l.id;
            g.settings = l.consume.value_or(model::ConsumeSettings{});
            g.group = g.settings.group.empty() ? consumer.id : g.settings.group;
            g.consumerId = consumer.id;
            g.consumer = from->second;
            g.topic = static_cast<uint32_t>(topic);
            g.replicas = std::max(1, consumer.replicas);
            g.zones = consumer.zones;
            g.handsOff = consumer.kind == model::ComponentKind::Realtime;
            g.consumers = g.settings.consumers > 0
                              ? g.settings.consumers
                              : std::max(1, consumer.replicas) * std::max(1, consumer.workers);
            if (std::string e = g.service.compile(model::effectiveServiceTime(consumer));
                !e.empty())
                diags.push_back(model::makeError(ptr("components", from->second,
                                                     "service_time"), e));
            if (g.settings.batch_size < 1 || g.settings.max_attempts < 1 ||
                !(g.settings.commit_interval_ms > 0) ||
                !(g.settings.failure_probability >= 0 && g.settings.failure_probability <= 1))
                diags.push_back(model::makeError(
                    ptr("links", i, "consume"),
                    "a consume link needs batch_size, max_attempts >= 1, commit_interval_ms "
                    "> 0 and failure_probability in [0, 1]"));
            if (!g.settings.dead_letter.empty()) {
                const auto dl = componentOf.find(g.settings.dead_letter);
                if (dl == componentOf.end() || topicOf[dl->second] < 0)
                    diags.push_back(model::makeError(ptr("links", i, "consume/dead_letter"),
                                                     "the dead-letter target '" +
                                                         g.settings.dead_letter +
                                                         "' is not a stream or a queue"));
                else
                    g.deadLetter = topicOf[dl->second];
            }
            net.groups.push_back(std::move(g));
        }
    }
    // A consumer with calls, reads or writes does them per message (coupled runs).
    const std::vector<char> works = model::consumersWithCalls(m);
    for (GroupDef &g : net.groups)
        g.engineWork = works[g.consumer] && !g.handsOff;
    for (GroupDef &g : net.groups)
        for (uint32_t s = 0; s < net.sources.size(); ++s)
            if (net.sources[s].fromConsumer &&
                m.links[net.sources[s].link].from == m.components[g.consumer].id)
                g.forwards.push_back(s);
    if (model::hasErrors(diags))
        return diags;
    return net;
}

} // namespace archsim::simulator::stream
