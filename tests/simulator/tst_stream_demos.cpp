// The stream demo pairs of the e-commerce example (issue 18): each "with / without" pair must
// tell its story in the group figures and lag timeline, since that is what the room watches.
// One replication, the scenario's seed.

#include "simtestutil.h"
#include "streamtestutil.h"

#include "archsim/model/io.h"

#include <QTest>

using namespace archsim;
using namespace simtest;

class TestStreamDemos : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void everyStreamDemoEventHasANote();
    void outageCatchUpWithTwelvePartitionsAndWithOne();
    void poisonWithAndWithoutDeadLetterQueue();
    void orderingKeyedAndUnkeyed();
    void fullEmailQueueBlocksOrRejects();

private:
    model::Model m_shop;
};

namespace {

// Seconds after `from` until the group's lag is back below `level` (-1: never).
double drainedAfter(const simulator::GroupFigures &g, double from, double level)
{
    for (const auto &p : g.lag)
        if (p.t_s > from && p.messages < level)
            return p.t_s - from;
    return -1;
}

} // namespace

void TestStreamDemos::initTestCase()
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    m_shop = loaded.value();
}

void TestStreamDemos::everyStreamDemoEventHasANote()
{
    for (const char *id : {"consumer-outage", "consumer-outage-one-partition", "poison-message",
                           "poison-message-no-dlq", "ordering-keyed", "ordering-unkeyed",
                           "email-backpressure-block", "email-backpressure-reject"}) {
        auto it = std::find_if(m_shop.scenarios.begin(), m_shop.scenarios.end(),
                               [&](const auto &s) { return s.id == id; });
        QVERIFY2(it != m_shop.scenarios.end(), id);
        QVERIFY2(!it->events.empty(), id);
        for (const auto &e : it->events)
            QVERIFY2(e.note.size() > 40, id);
    }
}

// The tracker is down 60-180 s at about 5 order events/s: a backlog of about 600. With 12
// partitions its 4 instances drain it in well under a minute; with one partition one
// instance works at utilization 0.75 and needs minutes (estimate: 28 s against 360 s).
void TestStreamDemos::outageCatchUpWithTwelvePartitionsAndWithOne()
{
    const auto many = runScenario(m_shop, "consumer-outage");
    const auto one = runScenario(m_shop, "consumer-outage-one-partition");
    const auto &gm = streamtest::group(many, "fulfilment-tracker-order-events");
    const auto &go = streamtest::group(one, "fulfilment-tracker-order-events");
    std::printf("lag max %.0f / %.0f; active %d / %d\n", gm.lag_max.value, go.lag_max.value,
                gm.active, go.active);
    QVERIFY(gm.lag_max.value > 400 && go.lag_max.value > 400);
    QCOMPARE(gm.active, 4);
    QCOMPARE(go.active, 1);
    const double fast = drainedAfter(gm, 183, 20);
    const double slow = drainedAfter(go, 183, 20);
    std::printf("drained after %.0f s (12 partitions), %.0f s (1 partition)\n", fast, slow);
    QVERIFY(fast > 0 && fast < 90);
    QVERIFY(slow < 0 || slow > 3 * fast);
}

// A poison order event at 60 s: with the dead-letter queue it is set aside after 5 attempts;
// without one its partition stops and that partition's lag grows to the end.
void TestStreamDemos::poisonWithAndWithoutDeadLetterQueue()
{
    const auto dlq = runScenario(m_shop, "poison-message");
    const auto stuck = runScenario(m_shop, "poison-message-no-dlq");
    const auto &gd = streamtest::group(dlq, "fulfilment-tracker-order-events");
    const auto &gs = streamtest::group(stuck, "fulfilment-tracker-order-events");
    std::printf("dead letters %.0f / %.0f, lag end %.0f / %.0f\n", gd.dead_lettered.value,
                gs.dead_lettered.value, gd.lag_end.value, gs.lag_end.value);
    QVERIFY(gd.dead_lettered.value >= 1);
    QCOMPARE(gs.dead_lettered.value, 0.0);
    QVERIFY(gd.lag_end.value < 10);
    QVERIFY(gs.lag_end.value > 50); // a twelfth of 240 s x 5/s, and growing
}

// During a flash sale (x4) one order's events are often in flight together: keyed, they stay
// in order; spread round robin, the tracker processes some out of order.
void TestStreamDemos::orderingKeyedAndUnkeyed()
{
    const auto keyed = runScenario(m_shop, "ordering-keyed");
    const auto unkeyed = runScenario(m_shop, "ordering-unkeyed");
    const double k = streamtest::group(keyed, "fulfilment-tracker-order-events")
                         .ordering_violations.value;
    const double u = streamtest::group(unkeyed, "fulfilment-tracker-order-events")
                         .ordering_violations.value;
    std::printf("ordering violations: keyed %.0f, unkeyed %.0f\n", k, u);
    QCOMPARE(k, 0.0);
    QVERIFY(u >= 3);
}

// The e-mail sender is down from 60 s to 240 s; the e-mail queue (300) fills at 3 e-mails/s
// after about 100 s. Block: the notification worker's publish waits, the worker stops for the
// remaining ~80 s (lag about 5/s x 80 s = 400 events) and then catches up; nothing is rejected
// or set aside. Reject: the publishes fail, the worker keeps up (lag in single digits), events
// are set aside in order-events-dlq, and the client requests never see any of it.
void TestStreamDemos::fullEmailQueueBlocksOrRejects()
{
    const auto block = runScenario(m_shop, "email-backpressure-block");
    const auto reject = runScenario(m_shop, "email-backpressure-reject");
    const auto &nb = streamtest::group(block, "notification-worker-order-events");
    const auto &nr = streamtest::group(reject, "notification-worker-order-events");
    const auto &qb = streamtest::topic(block, "email-queue");
    const auto &qr = streamtest::topic(reject, "email-queue");
    std::printf("notification lag max %.0f / %.0f, dead letters %.0f / %.0f, e-mail queue "
                "blocked %.0f, rejected %.0f\n", nb.lag_max.value, nr.lag_max.value,
                nb.dead_lettered.value, nr.dead_lettered.value, qb.blocked.value,
                qr.rejected.value);
    QVERIFY(nb.lag_max.value > 250 && nb.lag_max.value < 600);
    QCOMPARE(nb.dead_lettered.value, 0.0);
    QCOMPARE(qb.rejected.value, 0.0);
    QVERIFY(qb.blocked.value > 100);
    QVERIFY(nb.lag_end.value < 10); // caught up by the end
    QVERIFY(nr.lag_max.value < 20);
    QVERIFY(nr.dead_lettered.value > 30);
    QVERIFY(qr.rejected.value > 3 * nr.dead_lettered.value - 1); // 3 attempts each
    QCOMPARE(qr.blocked.value, 0.0);
    // The shoppers' requests do not wait on e-mail in either variant.
    QVERIFY(block.summary.latency_ms.p99.value < 2 * reject.summary.latency_ms.p99.value);
}

QTEST_GUILESS_MAIN(TestStreamDemos)
#include "tst_stream_demos.moc"
