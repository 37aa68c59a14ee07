#include "validate_streams.h"

#include "archsim/model/validate.h"

#include <cmath>
#include <cstdio>

namespace archsim::model::detail {

std::string numText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void checkRange(const ErrorSink &error, const std::string &place, double value, double lo,
                double hi, const char *what)
{
    if (!(value >= lo && value <= hi))
        error(place, std::string(what) + " is " + numText(value) + "; expected at least " +
                         numText(lo) + " and at most " + numText(hi));
}

void checkMessagingComponent(const std::string &p, const Component &c, const ErrorSink &error)
{
    const std::string who = "component '" + c.id + "': ";
    if (c.stream) {
        const StreamSettings &s = *c.stream;
        const std::string sp = p + "/stream";
        if (c.kind != ComponentKind::Stream)
            error(sp, who + "stream settings belong to a component of kind stream, not " +
                          toString(c.kind));
        checkRange(error, sp + "/partitions", s.partitions, 1, 100000, "partitions");
        checkRange(error, sp + "/replication_factor", s.replication_factor, 1, 100,
              "replication_factor");
        if (c.kind == ComponentKind::Stream && s.replication_factor > c.replicas)
            error(sp + "/replication_factor",
                  who + "replication_factor " + std::to_string(s.replication_factor) +
                      " needs as many brokers; the stream has " + std::to_string(c.replicas) +
                      " (replicas)");
        checkRange(error, sp + "/retention_s", s.retention_s, 0, 1e10, "retention_s");
        checkRange(error, sp + "/retention_bytes", double(s.retention_bytes), 0, 1e15,
              "retention_bytes");
        checkRange(error, sp + "/message_bytes", double(s.message_bytes), 1, 1e9, "message_bytes");
        checkRange(error, sp + "/leader_failover_s", s.leader_failover_s, 0, 1e6,
              "leader_failover_s");
    }
    if (c.queue) {
        const QueueSettings &q = *c.queue;
        const std::string qp = p + "/queue";
        if (c.kind != ComponentKind::Queue)
            error(qp, who + "queue settings belong to a component of kind queue, not " +
                          toString(c.kind));
        checkRange(error, qp + "/visibility_timeout_s", q.visibility_timeout_s, 0.001, 1e6,
              "visibility_timeout_s");
        checkRange(error, qp + "/max_length", double(q.max_length), 0, 1e12, "max_length");
        checkRange(error, qp + "/retention_s", q.retention_s, 0, 1e10, "retention_s");
        checkRange(error, qp + "/message_bytes", double(q.message_bytes), 1, 1e9, "message_bytes");
    }
}

void checkMessagingLink(const std::string &p, const Link &l, const ModelIndex &index,
                        const ErrorSink &error)
{
    const std::string who = "link '" + l.id + "': ";
    const Component *from = index.component(l.from);
    const Component *to = index.component(l.to);
    if (l.key) {
        if (l.kind != LinkKind::Publish)
            error(p + "/key", who + "only publish links key their messages");
        checkRange(error, p + "/key/keys", double(l.key->keys), 1, 1e9, "keys");
        checkRange(error, p + "/key/zipf", l.key->zipf, 0, 10, "zipf");
    }
    if (l.consume && l.kind != LinkKind::Consume)
        error(p + "/consume", who + "consume settings belong to a link of kind consume");
    if (l.kind == LinkKind::Consume) {
        // A realtime gateway may read a stream and fan its messages out (docs/realtime.md).
        if (from && from->kind != ComponentKind::Service && from->kind != ComponentKind::Worker &&
            from->kind != ComponentKind::Realtime)
            error(p + "/from", who + "a consumer is a service, a worker or a realtime "
                                     "gateway, not " +
                                   std::string(toString(from->kind)) + " '" + from->id + "'");
        if (to && !isMessaging(to->kind))
            error(p + "/to", who + "a consume link reads a stream or a queue; '" + to->id +
                                 "' is a " + toString(to->kind));
    }
    if (!l.consume)
        return;
    const ConsumeSettings &c = *l.consume;
    const std::string cp = p + "/consume";
    if (!c.group.empty() && !isValidId(c.group))
        error(cp + "/group", who + "group '" + c.group +
                                 "' is malformed; group names follow the rules of ids");
    checkRange(error, cp + "/consumers", c.consumers, 0, 1000000, "consumers");
    checkRange(error, cp + "/batch_size", c.batch_size, 1, 100000, "batch_size");
    checkRange(error, cp + "/batch_wait_ms", c.batch_wait_ms, 0, 3.6e6, "batch_wait_ms");
    checkRange(error, cp + "/commit_interval_ms", c.commit_interval_ms, 1, 3.6e6,
          "commit_interval_ms");
    checkRange(error, cp + "/failure_probability", c.failure_probability, 0, 1,
          "failure_probability");
    checkRange(error, cp + "/max_attempts", c.max_attempts, 1, 1000, "max_attempts");
    checkRange(error, cp + "/retry_backoff_ms", c.retry_backoff_ms, 0, 3.6e6, "retry_backoff_ms");
    checkRange(error, cp + "/retry_backoff_multiplier", c.retry_backoff_multiplier, 1, 10,
          "retry_backoff_multiplier");
    checkRange(error, cp + "/retry_backoff_max_ms", c.retry_backoff_max_ms, 0, 3.6e6,
          "retry_backoff_max_ms");
    if (const Component *to = index.component(l.to);
        to && to->kind == ComponentKind::Queue &&
        (c.retry_backoff_ms > 0 || c.retry_backoff_multiplier != 1 || c.retry_backoff_max_ms > 0))
        error(cp + "/retry_backoff_ms",
              who + "a retry backoff is for a stream's in-place retries; queue '" + to->id +
                  "' redelivers a failed message after its visibility_timeout_s");
    checkRange(error, cp + "/rebalance_pause_s", c.rebalance_pause_s, 0, 3600, "rebalance_pause_s");
    if (!c.dead_letter.empty()) {
        const Component *dl = index.component(c.dead_letter);
        if (!dl)
            error(cp + "/dead_letter", who + "unknown dead-letter target '" + c.dead_letter +
                                           "'");
        else if (!isMessaging(dl->kind))
            error(cp + "/dead_letter", who + "the dead-letter target '" + dl->id +
                                           "' is a " + toString(dl->kind) +
                                           "; it must be a stream or a queue");
        else if (dl->id == l.to)
            error(cp + "/dead_letter", who + "the dead-letter target is the stream or queue "
                                             "the link consumes; failed messages would return");
    }
}

void checkPoisonEvent(const std::string &p, const std::string &who, const ScenarioEvent &e,
                      const ModelIndex &index, const ErrorSink &error)
{
    const Component *c = index.component(e.target);
    if (!c)
        error(p + "/target", who + "poison targets unknown component '" + e.target + "'");
    else if (!isMessaging(c->kind))
        error(p + "/target", who + "poison targets '" + c->id + "', which is a " +
                                 toString(c->kind) + "; expected a stream or a queue");
}

} // namespace archsim::model::detail
