// The stream kernel (simulator/src/stream/) on its own, fed a publish timeline written here:
// head-of-line blocking in a partition follows the recursion c_i = max(a_i, c_{i-1}) + s_i,
// and the per-second publish counts are reproduced exactly.

#include "../../simulator/src/stream/streamkernel.h"

#include "streamtestutil.h"

#include <QTest>

using namespace archsim;
using namespace streamtest;

class TestStreamKernel : public QObject {
    Q_OBJECT

private slots:
    void headOfLineBlockingFollowsTheRecursion();
    void publishesTheCountsOfEachSecond();
};

namespace {

// A timeline publishing `perSecond` messages over link `link` in each of `seconds` seconds.
std::vector<simulator::TimelinePoint> steady(size_t link, double perSecond, int seconds)
{
    std::vector<simulator::TimelinePoint> out(static_cast<size_t>(seconds));
    for (int s = 0; s < seconds; ++s) {
        out[size_t(s)].t_s = s;
        out[size_t(s)].link_rps.assign(link + 1, 0.0);
        out[size_t(s)].link_rps[link] = perSecond;
    }
    return out;
}

} // namespace

// One partition, one consumer, lognormal processing (cv 3: some messages take 20x the mean).
// Oracle (Lindley's recursion for a FIFO single server): each message starts at
// max(a_i, c_{i-1}) and finishes s_i later; so a message behind a slow one waits for it.
void TestStreamKernel::headOfLineBlockingFollowsTheRecursion()
{
    auto m = publishing(0, streamOf("events", 1), keys(10));
    addConsumer(m, "worker", "events", 1, simtest::dist(model::DistKind::Lognormal, 5.0, 3.0));
    auto net = simulator::stream::compileStreams(m);
    QVERIFY2(net.ok(), net.message().c_str());
    const auto published = steady(1, 150, 60);
    std::vector<simulator::stream::TraceEntry> trace;
    simulator::stream::StreamRun run;
    run.duration = 60;
    run.seed = 1820;
    run.published = &published;
    run.trace = &trace;
    const auto out = simulator::stream::runStreams(net.value(), run);
    QVERIFY(trace.size() > 8000);
    double prevDone = 0;
    uint64_t expected = 0;
    int blockedBehindSlow = 0;
    for (const auto &e : trace) {
        QCOMPARE(e.offset, expected++); // in offset order, each once
        const double start = std::max(e.published, prevDone);
        QVERIFY2(std::abs(e.started - start) < 1e-9,
                 qPrintable(QString("offset %1: started %2, recursion %3")
                                .arg(e.offset).arg(e.started).arg(start)));
        // Head-of-line blocking: a message published before the previous one finished waits
        // for it, however short its own processing.
        const double own = e.finished - e.started;
        if (e.published < prevDone && e.finished - e.published > 10 * own &&
            prevDone - e.published > 0.05)
            ++blockedBehindSlow;
        prevDone = e.finished;
    }
    QVERIFY(blockedBehindSlow > 10);
    QCOMPARE(out.groups.size(), size_t(1));
    QCOMPARE(out.groups[0].ordering_violations.value, 0.0);
}

// The kernel publishes exactly the engine's count of each second (the last second may be
// partial: 60.5 s publish 60 x 150 + 75 messages).
void TestStreamKernel::publishesTheCountsOfEachSecond()
{
    auto m = publishing(0, streamOf("events", 3), std::nullopt);
    addConsumer(m, "worker", "events", 3, simtest::expo(1.0));
    auto net = simulator::stream::compileStreams(m);
    QVERIFY(net.ok());
    auto published = steady(1, 150, 61);
    simulator::stream::StreamRun run;
    run.duration = 60.5;
    run.published = &published;
    const auto out = simulator::stream::runStreams(net.value(), run);
    QCOMPARE(out.topics[0].published.value, 60 * 150.0 + 75);
}

QTEST_GUILESS_MAIN(TestStreamKernel)
#include "tst_stream_kernel.moc"
