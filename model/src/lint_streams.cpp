// The stream and queue rules (docs/lint.md, "streams/..."): each finding names the consume
// link and says how to fix it.

#include "lint_internal.h"

#include "archsim/model/streamanalytic.h"

#include <cmath>
#include <unordered_map>

namespace archsim::model::detail {

namespace {

std::string linkPtr(size_t i) { return "/links/" + std::to_string(i); }

} // namespace

void lintStreams(const Model &m, Findings &out)
{
    bool any = false;
    for (const Link &l : m.links)
        any = any || l.kind == LinkKind::Consume;
    if (!any)
        return;
    std::unordered_map<std::string, const Component *> byId;
    for (const Component &c : m.components)
        byId.emplace(c.id, &c);
    // Per source: whether every publish link keys its messages onto the partitions.
    std::unordered_map<std::string, bool> keyed;
    for (const Link &l : m.links)
        if (l.kind == LinkKind::Publish) {
            const bool k = l.key && l.key->by_key;
            const auto it = keyed.find(l.to);
            keyed[l.to] = it == keyed.end() ? k : it->second && k;
        }
    const std::vector<StreamEstimate> est = estimateStreams(m, estimate(m));
    std::unordered_map<std::string, const StreamEstimate *> estOf;
    for (const StreamEstimate &e : est)
        estOf.emplace(e.link, &e);

    for (size_t i = 0; i < m.links.size(); ++i) {
        const Link &l = m.links[i];
        if (l.kind != LinkKind::Consume)
            continue;
        const auto to = byId.find(l.to);
        const auto from = byId.find(l.from);
        if (to == byId.end() || from == byId.end() || !isMessaging(to->second->kind))
            continue;
        const Component &source = *to->second;
        const ConsumeSettings s = l.consume.value_or(ConsumeSettings{});
        const std::string name = l.id;
        const auto e = estOf.find(l.id);
        const StreamEstimate *se = e == estOf.end() ? nullptr : e->second;
        const bool stream = source.kind == ComponentKind::Stream;
        if (se && stream && se->consumers > se->partitions)
            addFinding(out, RuleConsumersBeyondPartitions, linkPtr(i), name,
                       "group " + se->group + " has " + std::to_string(se->consumers) +
                           " consumers but " + source.id + " has " +
                           std::to_string(se->partitions) + " partitions: " +
                           std::to_string(se->consumers - se->partitions) +
                           " consumers sit idle (a partition goes to one consumer of a group)",
                       "raise " + source.id + "'s stream.partitions to " +
                           std::to_string(se->consumers) + " or lower the consumers to " +
                           std::to_string(se->partitions));
        if (s.ordered) {
            const auto k = keyed.find(source.id);
            const bool unkeyed = k == keyed.end() || !k->second;
            if (stream && unkeyed)
                addFinding(out, RuleOrderedWithoutKeys, linkPtr(i), name,
                           l.from + " needs per-key order but the messages of " + source.id +
                               " are not partitioned by key: one key's messages land on "
                               "several partitions and are processed out of order",
                           "give every publish link to " + source.id +
                               " a key (key.keys = the entity count, by_key true), e.g. the "
                               "order id");
            else if (!stream && se && se->consumers > 1)
                addFinding(out, RuleOrderedWithoutKeys, linkPtr(i), name,
                           l.from + " needs per-key order but " + std::to_string(se->consumers) +
                               " consumers compete on queue " + source.id +
                               ": two messages of one key run at once and finish in any order",
                           "use a stream keyed by the entity id (one consumer per partition), "
                           "or a single consumer on the queue");
        }
        if (s.dead_letter.empty())
            addFinding(out, RuleNoDeadLetter, linkPtr(i), name,
                       stream ? "consume link " + name + " has no dead-letter target: a poison "
                                "message is retried forever and blocks its partition of " +
                                    source.id + " (the lag of that partition grows)"
                              : "consume link " + name + " has no dead-letter target: a poison "
                                "message returns to " + source.id + " after every visibility "
                                "timeout and takes a consumer each time",
                       "set consume.dead_letter to a queue (e.g. " + source.id +
                           "-dlq) and consume.max_attempts (e.g. 5)");
        if (se && se->outage_s > 0 && se->retention_s > 0 &&
            !(se->outage_s + se->catch_up_s < se->retention_s))
            addFinding(out, RuleRetentionBelowCatchUp, linkPtr(i), name,
                       "after the declared outage of " + num(se->outage_s) + " s, " + l.from +
                           " needs " + num(se->catch_up_s) + " s to catch up, but " +
                           source.id + " keeps messages only " + num(se->retention_s) +
                           " s: unread messages expire (data loss)",
                       "raise " + source.id + "'s retention_s above " +
                           num(std::ceil((se->outage_s + se->catch_up_s) * 2)) +
                           " s (twice outage plus catch-up), or add consumers so that they "
                           "catch up sooner");
        if (se && se->saturated)
            addFinding(out, RuleConsumersCannotKeepUp, linkPtr(i), name,
                       "group " + se->group + " needs " + num(se->service_ms) + " ms per " +
                           "message at " + num(se->publish_rps) + " messages/s with " +
                           std::to_string(se->active) + " working consumers" +
                           (se->overflow_share > 0
                                ? ", so " + source.id + " stays full and turns away " +
                                      num(100 * se->overflow_share) + "% of the publishes"
                                : ": utilization " + num(se->utilization) +
                                      ", so its lag grows without bound"),
                       stream ? "raise partitions and consumers to at least " +
                                    std::to_string(se->partitions_needed) +
                                    " (partitions needed), or make processing faster"
                              : "add consumers (replicas or workers of " + l.from +
                                    "), or make processing faster");
        if (s.commit == CommitPolicy::Auto)
            addFinding(out, RuleAutoCommitLoss, linkPtr(i), name,
                       "consume link " + name + " auto-commits every " +
                           num(s.commit_interval_ms) + " ms: offsets of fetched but "
                           "unprocessed messages can be committed, and a crash loses them",
                       "set consume.commit to after_processing (at-least-once; make "
                       "processing idempotent)");
    }
}

} // namespace archsim::model::detail
