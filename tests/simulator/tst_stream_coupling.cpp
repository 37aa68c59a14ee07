// The stream kernel inside the engine's loop (docs/streams.md, "Coupled with the engine"): a
// full queue's answer reaches the publisher's request (rejected: an error; blocked: the request
// waits), and a consumer's calls are what processing a message does (they load the callee, add
// to the processing time, and their failure is a failed attempt). Oracles: M/M/1/K blocking,
// the fluid block time of an outage, Pollaczek-Khinchine for a partition whose processing is
// exponential plus a constant call, the fluid backlog of a callee outage. Seeds fixed.

#include "streamtestutil.h"

#include "archsim/model/analytic.h"
#include "archsim/model/streamanalytic.h"

#include <QTest>

#include <cmath>

using namespace archsim;
using namespace simtest;
using namespace streamtest;

class TestStreamCoupling : public QObject {
    Q_OBJECT

private slots:
    void rejectReachesThePublisher();
    void blockHoldsThePublisher();
    void timeoutEndsABlockedPublish();
    void consumerCallsAreTheProcessing();
    void calleeOutageStallsTheConsumers();
    void consumerPublishSeesBackpressure();
    void estimateCountsTheConsumersCalls();
    void estimateOfABoundedQueueIsMMcK();
};

namespace {

// A consumer `id` of `topic` whose processing writes to a store (a plain station with
// constant service `storeMs` and enough servers never to queue).
void addWritingConsumer(model::Model &m, const std::string &id, const std::string &topic,
                        int consumers, double serviceMs, double storeMs,
                        model::ConsumeSettings settings = {})
{
    addConsumer(m, id, topic, consumers, expo(serviceMs), settings);
    m.components.push_back(station("store", constant(storeMs), 256));
    model::Link w = edge(id, "store");
    w.kind = model::LinkKind::Write;
    m.links.push_back(w);
}

// A queue of 500 with overflow `block`, published at 100/s by an async publisher (with a
// timeout of `timeoutMs` on the publish link, 0 = none) and read by one consumer at 500/s.
model::Model blockingQueueModel(double timeoutMs)
{
    auto q = queueOf("jobs");
    q.queue->max_length = 500;
    q.queue->overflow = model::Overflow::Block;
    auto m = publishing(100, q, std::nullopt);
    m.components[1].threading = model::Threading::Async;
    if (timeoutMs > 0)
        m.links[1].timeout_ms = timeoutMs;
    addConsumer(m, "worker", "jobs", 1, constant(2.0));
    return m;
}

} // namespace

// Oracle: M/M/1/K. Poisson publishes at lambda = 150/s into a queue of max_length K = 10 (the
// message in processing counts: it is held until acknowledged) read by one consumer at
// mu = 100/s. A publish that finds K held is rejected, and by PASTA that is the share
// P_K = (1 - rho) rho^K / (1 - rho^(K+1)) = 0.3372 of them (rho = 1.5). The publisher's call
// fails, so the client's error rate is P_K, and the engine's rejected requests are the queue's
// rejected messages one for one.
void TestStreamCoupling::rejectReachesThePublisher()
{
    auto q = queueOf("jobs");
    q.queue->max_length = 10;
    q.queue->overflow = model::Overflow::Reject;
    auto m = publishing(150, q, std::nullopt);
    addConsumer(m, "worker", "jobs", 1, expo(10.0));
    const auto r = run(m, 400, 0, 6, 1901);
    const double rho = 1.5;
    const double pk = (1 - rho) * std::pow(rho, 10) / (1 - std::pow(rho, 11));
    QVERIFY(agrees("M/M/1/K blocking: publisher's error rate", r.summary.error_rate, pk, 0.03));
    const auto &t = topic(r, "jobs");
    QVERIFY(t.rejected.value > 1000);
    QCOMPARE(r.summary.errors.rejected.value, t.rejected.value);
    QCOMPARE(linkFigures(r, "pub-jobs").failures.value, t.rejected.value);
    QVERIFY(agrees("M/M/1/K: consumer throughput", group(r, "worker-jobs").throughput_rps,
                   150.0 * (1 - pk), 0.02));
}

// Oracle (fluid): a queue of K = 500 with overflow `block`, published at lambda = 100/s from
// a publisher that does not hold a thread while it waits (async), drained at mu = 500/s. The
// consumer crashes at 100 s for T = 60 s: the queue is full after K / lambda = 5 s, and the
// first publish that blocks waits until the consumer acknowledges again, T - K / lambda = 55 s;
// the publisher's request waits with it, so the client's slowest request takes 55 s. Blocked
// publishes: lambda (T - K/lambda) = 5,500 while the consumer is down, then those that queue
// behind them while the backlog drains at mu - lambda: 5,500 x lambda / (mu - lambda) = 1,375.
void TestStreamCoupling::blockHoldsThePublisher()
{
    const auto m = blockingQueueModel(0);
    const auto r = runScenario(m, {makeEvent(model::EventAction::Crash, "worker", 100, 60)},
                               300, 0, 1, 1902);
    const auto &t = topic(r, "jobs");
    // Poisson: the fill time K / lambda has a standard deviation of 0.22 s.
    QVERIFY2(std::abs(r.summary.latency_ms.max.value / 1000.0 - 55.0) < 1.0,
             qPrintable(QString::number(r.summary.latency_ms.max.value)));
    QVERIFY(std::abs(t.block_ms_max.value / 1000.0 - 55.0) < 1.0);
    QVERIFY2(std::abs(t.blocked.value - 6875.0) < 0.05 * 6875.0,
             qPrintable(QString::number(t.blocked.value)));
    QCOMPARE(r.summary.failed.value, 0.0);
    QCOMPARE(t.rejected.value, 0.0);
    // Without the crash nothing blocks and requests take milliseconds.
    const auto calm = run(m, 300, 0, 1, 1902);
    QCOMPARE(topic(calm, "jobs").blocked.value, 0.0);
    QVERIFY(calm.summary.latency_ms.max.value < 100);
}

// A publish link with a timeout stops waiting for a blocked publish: the request fails with a
// timeout after 2 s instead of waiting up to 55 s (the message is still stored when there is
// room, as a broker that accepted it would).
void TestStreamCoupling::timeoutEndsABlockedPublish()
{
    const auto m = blockingQueueModel(2000);
    const auto r = runScenario(m, {makeEvent(model::EventAction::Crash, "worker", 100, 60)},
                               300, 0, 1, 1902);
    QVERIFY(r.summary.latency_ms.max.value < 2100);
    // Blocked for longer than 2 s: every publish from the fill at 105 s to 160 s (5,500), and
    // those behind them while the blocked ones drain at mu - lambda, until fewer than
    // 2 s x mu = 1,000 wait: (5,500 - 1,000) / 400 = 11.25 s of publishes (1,125).
    QVERIFY2(std::abs(r.summary.errors.timeout.value - 6625.0) < 0.06 * 6625.0,
             qPrintable(QString::number(r.summary.errors.timeout.value)));
}

// Oracle: M/G/1 per partition (Pollaczek-Khinchine). Keyed publishes at lambda = 160/s over
// P = 4 partitions, one consumer each; processing one message is the consumer's exponential
// service (10 ms) and then a write to a store that takes a constant 5 ms, so S = Exp + 5 ms:
// E[S] = 15 ms, E[S^2] = 1e-4 + 2.25e-4 s^2, rho = 40 x 0.015 = 0.6 per partition, and the mean
// sojourn is E[S] + lambda_p E[S^2] / (2 (1 - rho)) = 15 + 16.25 = 31.25 ms. Without the
// write it would be the M/M/1's 1 / (100 - 40) = 16.7 ms. Each processed message is one call.
void TestStreamCoupling::consumerCallsAreTheProcessing()
{
    auto m = publishing(160, streamOf("events", 4), keys(100000));
    addWritingConsumer(m, "worker", "events", 4, 10.0, 5.0);
    const auto r = run(m, 300, 20, 6, 1903);
    const auto &g = group(r, "worker-events");
    QVERIFY(agrees("M/G/1 per partition (P-K): sojourn mean ms", g.latency_mean_ms, 31.25,
                   0.04));
    QVERIFY(agrees("M/G/1 per partition: consumer utilization", g.utilization, 0.6, 0.03));
    const double calls = linkFigures(r, "worker-store").calls.value;
    QVERIFY2(std::abs(calls - g.processed.value) < 0.002 * g.processed.value,
             qPrintable(QString("%1 calls, %2 processed").arg(calls).arg(g.processed.value)));
    // The store sees the consumers' writes, and the worker's station does the processing.
    QVERIFY(agrees("store throughput = publish rate",
                   component(r, "store").throughput_rps, 160.0, 0.02));
    QVERIFY(agrees("worker station utilization (4 servers, 15 ms each)",
                   component(r, "worker").utilization, 0.6, 0.03));
    QCOMPARE(g.failed_attempts.value, 0.0);
}

// Oracle (fluid): the store the consumers write to crashes for T = 30 s at 60 s; every attempt
// fails (refused) and is retried in place, so each partition stops and the backlog grows to
// lambda T = 4,800 messages; afterwards 4 consumers at 1/15 ms drain it at 266.7 - 160 = 106.7/s
// (45 s), so the lag is back near zero by the end.
void TestStreamCoupling::calleeOutageStallsTheConsumers()
{
    auto m = publishing(160, streamOf("events", 4), keys(100000));
    addWritingConsumer(m, "worker", "events", 4, 10.0, 5.0);
    const auto r = runScenario(m, {makeEvent(model::EventAction::Crash, "store", 60, 30)}, 200,
                               0, 1, 1904);
    const auto &g = group(r, "worker-events");
    QVERIFY2(std::abs(g.lag_max.value - 4800.0) < 0.05 * 4800.0,
             qPrintable(QString::number(g.lag_max.value)));
    QVERIFY(g.lag_end.value < 50);
    // Each consumer fails an attempt every 10 ms (its own service; the refusal is instant).
    QVERIFY2(std::abs(g.failed_attempts.value - 4 * 100.0 * 30) < 0.05 * 12000,
             qPrintable(QString::number(g.failed_attempts.value)));
    QVERIFY(linkFigures(r, "worker-store").failures.value >= g.failed_attempts.value - 4);
    QCOMPARE(g.dead_lettered.value, 0.0);
    QCOMPARE(g.ordering_violations.value, 0.0);
}

// A consumer whose processing publishes into a bounded queue with overflow `reject` sees the
// rejection as a failed attempt: with max_attempts 1 and a dead-letter queue, what the full
// queue turned away is set aside when its visibility timeout (0.5 s) passes, so all but the
// last half second's (about 50) by the end.
void TestStreamCoupling::consumerPublishSeesBackpressure()
{
    auto in = queueOf("orders");
    in.queue->visibility_timeout_s = 0.5;
    auto m = publishing(200, in, std::nullopt);
    model::ConsumeSettings s;
    s.max_attempts = 1;
    s.dead_letter = "orders-dlq";
    addWritingConsumer(m, "relay", "orders", 4, 2.0, 1.0, s);
    auto out = queueOf("mail");
    out.queue->max_length = 20;
    out.queue->overflow = model::Overflow::Reject;
    m.components.push_back(out);
    m.components.push_back(queueOf("orders-dlq"));
    model::Link p = edge("relay", "mail");
    p.kind = model::LinkKind::Publish;
    m.links.push_back(p);
    addConsumer(m, "sender", "mail", 1, expo(10.0)); // 100/s for 200/s offered
    const auto r = run(m, 120, 0, 1, 1905);
    const auto &mail = topic(r, "mail");
    const auto &relay = group(r, "relay-orders");
    QVERIFY(mail.rejected.value > 1000);
    QCOMPARE(relay.failed_attempts.value, mail.rejected.value);
    const double pending = mail.rejected.value - relay.dead_lettered.value;
    QVERIFY2(pending >= 0 && pending < 100, qPrintable(QString::number(pending)));
    QCOMPARE(topic(r, "orders-dlq").dead_letters_in.value, relay.dead_lettered.value);
    QVERIFY(std::abs(group(r, "sender-mail").throughput_rps.value - 100.0) < 5.0);
}

// The analytic twin of consumerCallsAreTheProcessing: the consumer's messages are visits at its
// station (160/s), its write loads the store (160/s), one attempt takes the own service plus
// the call (10 + 5 ms, utilization 0.6 exactly), and the steady sojourn (Allen-Cunneen, the
// call taken as exponential: 32.5 ms) is within 5% of the simulated mean.
void TestStreamCoupling::estimateCountsTheConsumersCalls()
{
    auto m = publishing(160, streamOf("events", 4), keys(100000));
    addWritingConsumer(m, "worker", "events", 4, 10.0, 5.0);
    const auto base = model::estimate(m);
    QCOMPARE(base.components.at("worker").arrival_rps, 160.0);
    QCOMPARE(base.components.at("store").arrival_rps, 160.0);
    const auto streams = model::estimateStreams(m, base);
    QCOMPARE(streams.size(), size_t(1));
    const auto &e = streams[0];
    QCOMPARE(e.publish_rps, 160.0);
    QCOMPARE(e.calls_ms, 5.0);
    QCOMPARE(e.service_ms, 15.0);
    QVERIFY(std::abs(e.utilization - 0.6) < 1e-12);
    const auto r = run(m, 300, 20, 6, 1903);
    const double simulated = group(r, "worker-events").latency_mean_ms.value;
    std::printf("VALIDATION | estimate vs simulation: sojourn ms | %.5g | %.5g |\n",
                e.lag_s * 1000.0, simulated);
    QVERIFY(std::abs(e.lag_s * 1000.0 - simulated) < 0.05 * simulated);
    // A consumer without calls adds nothing to its station (the kernel processes alone).
    auto plain = publishing(160, streamOf("events", 4), keys(100000));
    addConsumer(plain, "worker", "events", 4, expo(10.0));
    QCOMPARE(model::estimate(plain).components.at("worker").arrival_rps, 0.0);
}

// The estimate of a bounded queue that rejects: M/M/c/K. Oracle for c = 1, K = 10,
// rho = 1.5: P_K = 0.33723 (closed form, as in rejectReachesThePublisher) and the mean held
// L = rho / (1 - rho) - (K + 1) rho^(K+1) / (1 - rho^(K+1)) = 8.1287; the estimate equals the
// closed forms (1e-9) and agrees with the simulation (the publisher's error rate, the group's
// mean lag sampled every second) within 3%. Two consumers (c = 2, K = 10, a = 3): the
// recursion's P_K is checked against the closed form a^K / (c! c^(K-c)) p0.
void TestStreamCoupling::estimateOfABoundedQueueIsMMcK()
{
    const double rho = 1.5;
    const double pk = (1 - rho) * std::pow(rho, 10) / (1 - std::pow(rho, 11));
    const double held = rho / (1 - rho) - 11 * std::pow(rho, 11) / (1 - std::pow(rho, 11));
    const auto f = model::estimateFiniteQueue(150, 100, 1, 10);
    QVERIFY(std::abs(f.full - pk) < 1e-9);
    QVERIFY(std::abs(f.held - held) < 1e-9);
    double norm = 0;
    for (int n = 0; n <= 10; ++n)
        norm += n < 2 ? std::pow(3.0, n) / std::tgamma(n + 1.0)
                      : std::pow(3.0, n) / (2.0 * std::pow(2.0, n - 2));
    const double pk2 = std::pow(3.0, 10) / (2.0 * std::pow(2.0, 8)) / norm;
    QVERIFY(std::abs(model::estimateFiniteQueue(300, 100, 2, 10).full - pk2) < 1e-9);
    // Large capacities: no overflow for rho > 1, a negligible tail for rho < 1.
    QVERIFY(std::abs(model::estimateFiniteQueue(200, 100, 1, 16'000'000).full - 0.5) < 1e-9);
    QVERIFY(model::estimateFiniteQueue(50, 100, 1, 16'000'000).full < 1e-12);

    auto q = queueOf("jobs");
    q.queue->max_length = 10;
    q.queue->overflow = model::Overflow::Reject;
    auto m = publishing(150, q, std::nullopt);
    addConsumer(m, "worker", "jobs", 1, expo(10.0));
    const auto streams = model::estimateStreams(m, model::estimate(m));
    QCOMPARE(streams.size(), size_t(1));
    QVERIFY(std::abs(streams[0].overflow_share - pk) < 1e-9);
    QVERIFY(std::abs(streams[0].lag_messages - held) < 1e-9);
    QVERIFY(streams[0].saturated); // the consumer cannot keep up with what is offered
    const auto r = run(m, 400, 0, 6, 1901);
    std::printf("VALIDATION | M/M/1/K estimate vs simulation: rejected share | %.5g | %.5g |\n",
                streams[0].overflow_share, r.summary.error_rate.value);
    std::printf("VALIDATION | M/M/1/K estimate vs simulation: mean held | %.5g | %.5g |\n",
                streams[0].lag_messages, group(r, "worker-jobs").lag_mean.value);
    QVERIFY(std::abs(r.summary.error_rate.value - pk) < 0.03 * pk);
    QVERIFY(std::abs(group(r, "worker-jobs").lag_mean.value - held) < 0.03 * held);
}

QTEST_GUILESS_MAIN(TestStreamCoupling)
#include "tst_stream_coupling.moc"
