// The engine's future event list (simulator/src/engine/eventqueue.h): events come out in
// (time, scheduling order) order whatever the interleaving of pushes and pops, including the
// "hole" a pop leaves for the next push to fill. Oracle: a reference list sorted by
// (time, sequence) with std::stable_sort semantics (ties in scheduling order).

#include "../../simulator/src/engine/eventqueue.h"

#include "archsim/simulator/random.h"

#include <QTest>

#include <algorithm>
#include <vector>

using archsim::simulator::Rng;
using archsim::simulator::engine::Event;
using archsim::simulator::engine::EventQueue;
using archsim::simulator::engine::EventType;

class TestEventQueue : public QObject {
    Q_OBJECT

private slots:
    void popsInTimeThenSchedulingOrder_data();
    void popsInTimeThenSchedulingOrder();
    void emptyAndSizeCountTheHole();
};

namespace {

struct Ref {
    double t;
    uint32_t obj; // the push number: ties must come out in this order
};

bool earlier(const Ref &a, const Ref &b)
{
    return a.t < b.t || (a.t == b.t && a.obj < b.obj);
}

} // namespace

void TestEventQueue::popsInTimeThenSchedulingOrder_data()
{
    QTest::addColumn<int>("pushesPerPop"); // pushes between two pops, on average x 0.5
    QTest::addColumn<int>("distinctTimes"); // 0 = continuous times, else this many values
    QTest::newRow("pop-push pairs, continuous times") << 2 << 0;
    QTest::newRow("bursts, continuous times") << 6 << 0;
    QTest::newRow("pop-push pairs, many ties") << 2 << 5;
    QTest::newRow("bursts, many ties") << 6 << 3;
}

void TestEventQueue::popsInTimeThenSchedulingOrder()
{
    QFETCH(int, pushesPerPop);
    QFETCH(int, distinctTimes);
    Rng rng(20261129);
    EventQueue q;
    std::vector<Ref> ref; // pending events, unsorted
    uint32_t pushed = 0;
    double now = 0;
    auto push = [&] {
        const double t = distinctTimes > 0
                             ? now + static_cast<double>(rng.below(distinctTimes))
                             : now + rng.uniform();
        q.push(t, EventType::Arrival, pushed, 0);
        ref.push_back({t, pushed});
        ++pushed;
    };
    for (int i = 0; i < 3000; ++i) {
        const uint32_t n = rng.below(static_cast<uint32_t>(pushesPerPop) + 1);
        for (uint32_t k = 0; k < n; ++k)
            push();
        if (ref.empty())
            continue;
        const auto first = std::min_element(ref.begin(), ref.end(), earlier);
        QCOMPARE(q.size(), ref.size());
        const Event e = q.pop();
        QCOMPARE(e.t, first->t);
        QCOMPARE(e.obj, first->obj);
        QVERIFY(e.type() == EventType::Arrival);
        now = e.t; // never schedule into the past, as the engine does not
        ref.erase(first);
    }
    while (!ref.empty()) {
        const auto first = std::min_element(ref.begin(), ref.end(), earlier);
        const Event e = q.pop();
        QCOMPARE(e.obj, first->obj);
        ref.erase(first);
    }
    QVERIFY(q.empty());
}

void TestEventQueue::emptyAndSizeCountTheHole()
{
    EventQueue q;
    QVERIFY(q.empty());
    q.push(1.0, EventType::Tick, 7, 3);
    QCOMPARE(q.size(), size_t(1));
    const Event e = q.pop(); // leaves a hole: the queue is empty again
    QCOMPARE(e.obj, 7u);
    QCOMPARE(e.gen, 3u);
    QVERIFY(e.type() == EventType::Tick);
    QVERIFY(q.empty());
    QCOMPARE(q.size(), size_t(0));
    q.push(0.5, EventType::Respond, 8, 0); // fills the hole
    q.push(0.25, EventType::Timeout, 9, 0);
    QCOMPARE(q.size(), size_t(2));
    QCOMPARE(q.pop().obj, 9u);
    QCOMPARE(q.pop().obj, 8u);
    QVERIFY(q.empty());
}

QTEST_GUILESS_MAIN(TestEventQueue)
#include "tst_eventqueue.moc"
