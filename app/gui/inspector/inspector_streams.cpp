// The inspector's stream, queue, message key and consumer group fields (docs/streams.md).

#include "document.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "inspector.h"

#include <QVBoxLayout>

namespace archsim::gui {

using namespace archsim::model;
using Opt = std::optional<double>;

void Inspector::addStreamFields(FormBuilder<Component> &f, QVBoxLayout *v)
{
    using C = Component;
    const double big = 1e12;
    v->addWidget(f.section(tr("Stream"),
                           [](const C &c) { return c.kind == ComponentKind::Stream; }));
    // Reads the settings (defaults when absent); writes create them on the first edit.
    auto sv = [](const C &c) { return c.stream.value_or(StreamSettings{}); };
    auto s = [](C &c) -> StreamSettings & {
        if (!c.stream)
            c.stream = StreamSettings{};
        return *c.stream;
    };
    f.number(tr("Partitions"), QStringLiteral("stream.partitions"), {},
             tr("Each partition goes to one consumer of a group"), 1, 100000, true,
             [sv](const C &c) { return Opt(sv(c).partitions); },
             [s](C &c, Opt x) { s(c).partitions = int(*x); });
    f.number(tr("Replication"), QStringLiteral("stream.replication_factor"), tr("copies"),
             tr("Copies of each partition; at most the brokers (replicas)"), 1, 100, true,
             [sv](const C &c) { return Opt(sv(c).replication_factor); },
             [s](C &c, Opt x) { s(c).replication_factor = int(*x); });
    f.number(tr("Retention"), QStringLiteral("stream.retention_s"), tr("s"),
             tr("Messages older than this are deleted, read or not; 0 = forever"), 0, big, false,
             [sv](const C &c) { return Opt(sv(c).retention_s); },
             [s](C &c, Opt x) { s(c).retention_s = *x; });
    f.number(tr("Retention size"), QStringLiteral("stream.retention_bytes"), tr("bytes"),
             tr("Per partition; 0 = no size limit"), 0, 1e15, true,
             [sv](const C &c) { return Opt(double(sv(c).retention_bytes)); },
             [s](C &c, Opt x) { s(c).retention_bytes = int64_t(*x); });
    f.number(tr("Message size"), QStringLiteral("stream.message_bytes"), tr("bytes"),
             tr("Mean message size (bandwidth)"), 1, 1e9, true,
             [sv](const C &c) { return Opt(double(sv(c).message_bytes)); },
             [s](C &c, Opt x) { s(c).message_bytes = int64_t(*x); });
    f.number(tr("Leader failover"), QStringLiteral("stream.leader_failover_s"), tr("s"),
             tr("A crashed broker's partitions get a new leader after this"), 0, 1e6, false,
             [sv](const C &c) { return Opt(sv(c).leader_failover_s); },
             [s](C &c, Opt x) { s(c).leader_failover_s = *x; });

    v->addWidget(f.section(tr("Message queue"),
                           [](const C &c) { return c.kind == ComponentKind::Queue; }));
    auto qv = [](const C &c) { return c.queue.value_or(QueueSettings{}); };
    auto q = [](C &c) -> QueueSettings & {
        if (!c.queue)
            c.queue = QueueSettings{};
        return *c.queue;
    };
    f.number(tr("Visibility timeout"), QStringLiteral("queue.visibility_timeout_s"), tr("s"),
             tr("An unacknowledged message is delivered again after this"), 0.001, 1e6, false,
             [qv](const C &c) { return Opt(qv(c).visibility_timeout_s); },
             [q](C &c, Opt x) { q(c).visibility_timeout_s = *x; });
    // 0 means "unbounded" in the file; the field shows it as the empty placeholder.
    f.number(tr("Max length"), QStringLiteral("queue.max_length"), tr("messages"),
             tr("Messages held at most; empty = unbounded"), 0, big, true,
             [qv](const C &c) {
                 return qv(c).max_length > 0 ? Opt(double(qv(c).max_length)) : Opt();
             },
             [q](C &c, Opt x) { q(c).max_length = x ? int64_t(*x) : 0; }, true,
             tr("unbounded"));
    f.choice(tr("When full"), QStringLiteral("queue.overflow"),
             tr("reject the publisher, block it, or drop the oldest message"),
             enumList<Overflow>(), [qv](const C &c) { return int(qv(c).overflow); },
             [q](C &c, int i) { q(c).overflow = Overflow(i); });
    f.number(tr("Retention"), QStringLiteral("queue.retention_s"), tr("s"),
             tr("Unread messages expire after this; 0 = never"), 0, big, false,
             [qv](const C &c) { return Opt(qv(c).retention_s); },
             [q](C &c, Opt x) { q(c).retention_s = *x; });
    f.number(tr("Message size"), QStringLiteral("queue.message_bytes"), tr("bytes"),
             tr("Mean message size"), 1, 1e9, true,
             [qv](const C &c) { return Opt(double(qv(c).message_bytes)); },
             [q](C &c, Opt x) { q(c).message_bytes = int64_t(*x); });
}

void Inspector::addMessagingLinkFields(FormBuilder<Link> &f, QVBoxLayout *v)
{
    using L = Link;
    v->addWidget(f.section(tr("Message key"),
                           [](const L &l) { return l.kind == LinkKind::Publish; }));
    f.check(tr("Keyed"), QStringLiteral("key"),
            tr("Each message carries a key from a key space (e.g. the order id)"),
            [](const L &l) { return l.key.has_value(); },
            [](L &l, bool b) {
                if (b)
                    l.key = MessageKey{};
                else
                    l.key.reset();
            });
    auto hasKey = [](const L &l) { return l.key.has_value(); };
    auto kv = [](const L &l) { return l.key.value_or(MessageKey{}); };
    auto k = [](L &l) -> MessageKey & {
        if (!l.key)
            l.key = MessageKey{};
        return *l.key;
    };
    f.rowVisibleWhen(f.number(tr("Keys"), QStringLiteral("key.keys"), {},
                              tr("Distinct keys (entities in flight)"), 1, 1e9, true,
                              [kv](const L &l) { return Opt(double(kv(l).keys)); },
                              [k](L &l, Opt x) { k(l).keys = int64_t(*x); }),
                     hasKey);
    f.rowVisibleWhen(f.number(tr("Key skew"), QStringLiteral("key.zipf"), tr("Zipf"),
                              tr("Zipf exponent of key popularity; 0 = uniform"), 0, 10, false,
                              [kv](const L &l) { return Opt(kv(l).zipf); },
                              [k](L &l, Opt x) { k(l).zipf = *x; }),
                     hasKey);
    f.rowVisibleWhen(f.check(tr("Partition by key"), QStringLiteral("key.by_key"),
                             tr("The key picks the partition; off = round robin"),
                             [kv](const L &l) { return kv(l).by_key; },
                             [k](L &l, bool b) { k(l).by_key = b; }),
                     hasKey);

    v->addWidget(f.section(tr("Consumer group"),
                           [](const L &l) { return l.kind == LinkKind::Consume; }));
    auto cv = [](const L &l) { return l.consume.value_or(ConsumeSettings{}); };
    auto c = [](L &l) -> ConsumeSettings & {
        if (!l.consume)
            l.consume = ConsumeSettings{};
        return *l.consume;
    };
    f.text(tr("Group"), QStringLiteral("consume.group"),
           tr("Group name; empty = the consumer's id"),
           [cv](const L &l) { return QString::fromStdString(cv(l).group); },
           [c](L &l, const QString &s) { c(l).group = s.toStdString(); },
           [](const QString &s) { return s.isEmpty() ? QString() : idError(s); });
    // 0 (the default) means the consumer's replicas x workers: shown as the placeholder, not
    // as "0", which reads as no consumers at all.
    f.number(tr("Consumers"), QStringLiteral("consume.consumers"), {},
             tr("Consumer instances; empty = replicas x workers of the consumer"), 0, 1e6, true,
             [cv](const L &l) { return cv(l).consumers > 0 ? Opt(cv(l).consumers) : Opt(); },
             [c](L &l, Opt x) { c(l).consumers = x ? int(*x) : 0; }, true,
             tr("replicas × workers"));
    f.number(tr("Batch size"), QStringLiteral("consume.batch_size"), tr("messages"),
             tr("Messages per poll"), 1, 100000, true,
             [cv](const L &l) { return Opt(cv(l).batch_size); },
             [c](L &l, Opt x) { c(l).batch_size = int(*x); });
    f.number(tr("Batch wait"), QStringLiteral("consume.batch_wait_ms"), tr("ms"),
             tr("A short poll waits this long for a full batch"), 0, 3.6e6, false,
             [cv](const L &l) { return Opt(cv(l).batch_wait_ms); },
             [c](L &l, Opt x) { c(l).batch_wait_ms = *x; });
    f.choice(tr("Commit"), QStringLiteral("consume.commit"),
             tr("after_processing (at least once) or periodic auto-commit"),
             enumList<CommitPolicy>(), [cv](const L &l) { return int(cv(l).commit); },
             [c](L &l, int i) { c(l).commit = CommitPolicy(i); });
    f.number(tr("Commit interval"), QStringLiteral("consume.commit_interval_ms"), tr("ms"),
             tr("Auto-commit period"), 1, 3.6e6, false,
             [cv](const L &l) { return Opt(cv(l).commit_interval_ms); },
             [c](L &l, Opt x) { c(l).commit_interval_ms = *x; });
    f.number(tr("Failure probability"), QStringLiteral("consume.failure_probability"), {},
             tr("Each processing attempt fails with it, 0..1"), 0, 1, false,
             [cv](const L &l) { return Opt(cv(l).failure_probability); },
             [c](L &l, Opt x) { c(l).failure_probability = *x; });
    f.number(tr("Max attempts"), QStringLiteral("consume.max_attempts"), {},
             tr("Attempts before the dead letter (with one)"), 1, 1000, true,
             [cv](const L &l) { return Opt(cv(l).max_attempts); },
             [c](L &l, Opt x) { c(l).max_attempts = int(*x); });
    f.number(tr("Retry backoff"), QStringLiteral("consume.retry_backoff_ms"), tr("ms"),
             tr("Streams: a failed attempt waits this long before its in-place retry; 0 = at "
                "once"),
             0, 3.6e6, false, [cv](const L &l) { return Opt(cv(l).retry_backoff_ms); },
             [c](L &l, Opt x) { c(l).retry_backoff_ms = *x; });
    f.number(tr("Backoff multiplier"), QStringLiteral("consume.retry_backoff_multiplier"), {},
             tr("Each further wait is this many times the last; 1 = a fixed wait"), 1, 10, false,
             [cv](const L &l) { return Opt(cv(l).retry_backoff_multiplier); },
             [c](L &l, Opt x) { c(l).retry_backoff_multiplier = *x; });
    // 0 means "uncapped" in the file; the field shows it as the empty placeholder.
    f.number(tr("Max backoff"), QStringLiteral("consume.retry_backoff_max_ms"), tr("ms"),
             tr("The longest wait; empty = uncapped"), 0, 3.6e6, false,
             [cv](const L &l) {
                 return cv(l).retry_backoff_max_ms > 0 ? Opt(cv(l).retry_backoff_max_ms) : Opt();
             },
             [c](L &l, Opt x) { c(l).retry_backoff_max_ms = x ? *x : 0.0; }, true,
             tr("uncapped"));
    f.dynamicChoice(
        tr("Dead letter"), QStringLiteral("consume.dead_letter"),
        tr("Stream or queue for messages that failed max attempts; empty = retry forever"),
        [this] {
            QStringList s{QString()};
            for (const auto &x : m_doc->model().components)
                if (isMessaging(x.kind))
                    s << QString::fromStdString(x.id);
            return s;
        },
        [cv](const L &l) { return QString::fromStdString(cv(l).dead_letter); },
        [c](L &l, const QString &s) { c(l).dead_letter = s.toStdString(); });
    f.check(tr("Needs per-key order"), QStringLiteral("consume.ordered"),
            tr("Processing must see each key's messages in publish order"),
            [cv](const L &l) { return cv(l).ordered; },
            [c](L &l, bool b) { c(l).ordered = b; });
    f.number(tr("Rebalance pause"), QStringLiteral("consume.rebalance_pause_s"), tr("s"),
             tr("The group stops this long when a consumer leaves or joins"), 0, 3600, false,
             [cv](const L &l) { return Opt(cv(l).rebalance_pause_s); },
             [c](L &l, Opt x) { c(l).rebalance_pause_s = *x; });
}

} // namespace archsim::gui
