// The realtime rules (docs/lint.md, "realtime/..."): realtime gateways and pub/sub cache
// invalidation (docs/realtime.md); each finding names the component and says how to fix it.

#include "lint_internal.h"

#include "archsim/model/realtimeanalytic.h"


namespace archsim::model::detail {

namespace {

std::string componentPtr(size_t i) { return "/components/" + std::to_string(i); }

} // namespace

void lintRealtime(const Model &m, Findings &out)
{
    for (size_t i = 0; i < m.components.size(); ++i) {
        const Component &c = m.components[i];
        if (c.pubsub && c.ttl_s <= 0) {
            bool classTtls = !c.key_classes.empty();
            for (const KeyClass &k : c.key_classes)
                classTtls = classTtls && k.ttl_s > 0;
            if (!classTtls)
                addFinding(out, RuleRealtimePubSubWithoutTtl, componentPtr(i), c.id,
                           c.id + " deletes keys when a pub/sub invalidation arrives, and has "
                                  "no TTL: pub/sub delivers at most once, so an invalidation "
                                  "missed during a disconnect leaves the key stale until it "
                                  "is evicted",
                           "set ttl_s as a backstop (the stale window of a lost message is "
                           "then at most the TTL)");
        }
        if (c.kind != ComponentKind::Realtime)
            continue;
        const RealtimeSettings s = c.realtime.value_or(RealtimeSettings{});
        if (s.queue_bytes <= 0 && s.queue_messages <= 0)
            addFinding(out, RuleRealtimeUnboundedQueue, componentPtr(i), c.id,
                       c.id + " fans messages out to " + std::to_string(s.connections) +
                           " connections with no outbound queue limit: a client slower than "
                           "its channels' rate makes its queue (and the gateway's memory) "
                           "grow until the process dies, whatever slow_consumer says",
                       "set realtime.queue_bytes (or queue_messages), e.g. 1 MiB, so that "
                       "slow_consumer (disconnect) applies");
        if (s.ordered && s.slow_consumer == SlowConsumer::DropOldest)
            addFinding(out, RuleRealtimeOrderedDropOldest, componentPtr(i), c.id,
                       c.id + "'s clients need per-channel order, but a full outbound queue "
                              "drops its oldest message: the client sees a gap (a sequence "
                              "it never gets)",
                       "slow_consumer: disconnect with history (the client recovers the gap "
                       "on reconnect), or block if one channel may wait for its slowest "
                       "subscriber");
        if (s.history_size <= 0) {
            const int replicas = std::max(1, c.replicas);
            const double storm = double(s.connections) / replicas;
            addFinding(out, RuleRealtimeNoHistory, componentPtr(i), c.id,
                       c.id + " keeps no channel history: a crash of one of its " +
                           std::to_string(replicas) + " replicas reconnects about " +
                           num(storm) + " clients at once, and each loses every message "
                           "published while it was away (as does every slow client it "
                           "disconnects)",
                       "set realtime.history_size (messages per channel, above the channel "
                       "rate x reconnect_max_delay_s) and history_ttl_s");
        }
        if (c.replicas <= 1)
            addFinding(out, RuleRealtimeSingleReplica, componentPtr(i), c.id,
                       c.id + " runs one replica: its crash or a deploy drops all " +
                           std::to_string(s.connections) + " connections and nobody takes "
                           "them until it is back",
                       "run two or more replicas in different zones behind the load "
                       "balancer (clients reconnect to the others)");
    }
}

} // namespace archsim::model::detail
