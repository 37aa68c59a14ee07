// The stream estimate and the stream lint rules (docs/streams.md): each formula against a
// hand computation, each rule on a model that has the flaw and on one that does not.

#include "archsim/model/lint.h"
#include "archsim/model/streamanalytic.h"
#include "archsim/model/validate.h"

#include <QtTest>

#include <cmath>

using namespace archsim::model;

namespace {

// A client at `rps` through a publisher to stream `events` (or a queue), read by `consumers`
// workers of `serviceMs` (exponential) over a consume link.
Model model(double rps, int partitions, int consumers, double serviceMs, bool queue = false)
{
    Model m;
    Component c;
    c.id = "src";
    c.kind = ComponentKind::Client;
    c.rps = rps;
    Component pub;
    pub.id = "pub";
    pub.workers = 64;
    pub.service_time = Distribution{DistKind::Constant, 0.001};
    Component log;
    log.id = "events";
    log.kind = queue ? ComponentKind::Queue : ComponentKind::Stream;
    log.replicas = 3;
    if (!queue) {
        log.stream = StreamSettings{};
        log.stream->partitions = partitions;
        log.stream->replication_factor = 3;
    }
    Component w;
    w.id = "worker";
    w.kind = ComponentKind::Worker;
    w.replicas = consumers;
    w.service_time = Distribution{DistKind::Exponential, serviceMs};
    Component dlq;
    dlq.id = "dlq";
    dlq.kind = ComponentKind::Queue;
    m.components = {c, pub, log, w, dlq};
    Link call;
    call.id = "src-pub";
    call.from = "src";
    call.to = "pub";
    Link p;
    p.id = "pub-events";
    p.from = "pub";
    p.to = "events";
    p.kind = LinkKind::Publish;
    p.key = MessageKey{100000, 0, true};
    Link k;
    k.id = "worker-events";
    k.from = "worker";
    k.to = "events";
    k.kind = LinkKind::Consume;
    k.consume = ConsumeSettings{};
    k.consume->dead_letter = "dlq";
    m.links = {call, p, k};
    return m;
}

StreamEstimate only(const Model &m)
{
    const auto e = estimateStreams(m, estimate(m));
    if (e.size() != 1)
        qFatal("expected one stream estimate, got %zu", e.size());
    return e.front();
}

bool fires(const Model &m, const std::string &rule)
{
    for (const auto &f : lint(m).findings)
        if (f.rule == rule)
            return true;
    return false;
}

} // namespace

class TestStreamsAnalytic : public QObject {
    Q_OBJECT

private slots:
    void outageBacklogAndCatchUp();
    void steadyLagIsLittlesLaw();
    void attemptsAndBandwidth();
    void retryWaits();
    void retryBackoffAddsToTheMessageTime();
    void retryBackoffOnAQueueIsRefused();
    void queueUsesEveryConsumer();
    void rules_data();
    void rules();
};

// Oracle (issue 18's example): 400/s published, 10 consumers at 50/s, an outage of 250 s:
// backlog 100,000, catch-up 100,000 / (500 - 400) = 1,000 s; the busiest of 10 consumers on 10
// partitions is at 40/50 = 0.8; partitions needed max(400/9766, 400/50) -> 8.
void TestStreamsAnalytic::outageBacklogAndCatchUp()
{
    Model m = model(400, 10, 10, 20.0);
    m.links[2].consume->rebalance_pause_s = 0;
    Scenario sc;
    sc.id = "outage";
    ScenarioEvent e;
    e.at_s = 100;
    e.action = EventAction::Crash;
    e.target = "worker";
    e.for_s = 250;
    sc.events = {e};
    m.scenarios = {sc};
    const StreamEstimate s = only(m);
    QCOMPARE(s.publish_rps, 400.0);
    QCOMPARE(s.active, 10);
    QVERIFY(std::abs(s.utilization - 0.8) < 1e-12);
    QCOMPARE(s.outage_s, 250.0);
    QVERIFY(std::abs(s.backlog - 100000) < 1e-6);
    QVERIFY(std::abs(s.catch_up_s - 1000) < 1e-6);
    QCOMPARE(s.partitions_needed, 8);
}

// Oracle: M/M/1 per partition, lambda/P = 500, mu = 1000: sojourn 1/(mu - lambda/P) = 2 ms,
// lag by Little's law lambda x W = 2000 x 0.002 = 4 messages (Allen-Cunneen is exact here).
void TestStreamsAnalytic::steadyLagIsLittlesLaw()
{
    const StreamEstimate s = only(model(2000, 4, 4, 1.0));
    QVERIFY(std::abs(s.lag_s - 0.002) < 1e-9);
    QVERIFY(std::abs(s.lag_messages - 4.0) < 1e-6);
    // Six consumers on four partitions: two idle, the busiest still at 0.5.
    const StreamEstimate idle = only(model(2000, 4, 6, 1.0));
    QCOMPARE(idle.active, 4);
    QVERIFY(std::abs(idle.utilization - 0.5) < 1e-12);
}

// With failure probability 0.5 and 3 attempts before the dead letter, a message takes
// (1 - 0.5^3) / (1 - 0.5) = 1.75 attempts; without a dead letter 1 / (1 - 0.5) = 2. Writes:
// 400 x 1024 bytes x replication 3 = 1.2288 MB/s; reads: one group + 2 followers.
void TestStreamsAnalytic::attemptsAndBandwidth()
{
    Model m = model(400, 10, 10, 10.0);
    m.links[2].consume->failure_probability = 0.5;
    StreamEstimate s = only(m);
    QVERIFY(std::abs(s.attempts - 1.75) < 1e-12);
    QVERIFY(std::abs(s.service_ms - 17.5) < 1e-9);
    QVERIFY(std::abs(s.write_mbps - 1.2288) < 1e-9);
    QVERIFY(std::abs(s.read_mbps - 400 * 1024 * 3 / 1e6) < 1e-9);
    m.links[2].consume->dead_letter.clear();
    QVERIFY(std::abs(only(m).attempts - 2.0) < 1e-12);
}

// Spring Kafka's ExponentialBackOff: wait n = initial x multiplier^(n-1), capped. Oracles by
// hand: the sums of p^n x wait n over the waits a message can take.
void TestStreamsAnalytic::retryWaits()
{
    ConsumeSettings s;
    QCOMPARE(retryWaitMs(s, 1), 0.0); // no backoff: retried at once
    QCOMPARE(meanRetryWaitMs(s, 0.5), 0.0);
    s.retry_backoff_ms = 100;
    s.retry_backoff_multiplier = 2;
    s.retry_backoff_max_ms = 250;
    QCOMPARE(retryWaitMs(s, 1), 100.0);
    QCOMPARE(retryWaitMs(s, 2), 200.0);
    QCOMPARE(retryWaitMs(s, 3), 250.0);
    QCOMPARE(retryWaitMs(s, 900), 250.0);
    s.dead_letter = "dlq";
    s.max_attempts = 5; // waits 100, 200, 250, 250
    QVERIFY(std::abs(meanRetryWaitMs(s, 0.5) - (50 + 50 + 31.25 + 15.625)) < 1e-9);
    QVERIFY(std::abs(meanRetryWaitMs(s, 1.0) - 800.0) < 1e-9);
    s.max_attempts = 1; // straight to the dead letter: no retry, no wait
    QCOMPARE(meanRetryWaitMs(s, 0.5), 0.0);
    // Without a dead letter the retries go on: fixed 100 ms, sum of 0.5^n = 1.
    s.dead_letter.clear();
    s.retry_backoff_multiplier = 1;
    s.retry_backoff_max_ms = 0;
    QVERIFY(std::abs(meanRetryWaitMs(s, 0.5) - 100.0) < 1e-9);
    QVERIFY(std::abs(meanRetryWaitMs(s, 0.999) - 99900.0) < 1e-6); // 0.999 / 0.001 waits
    QVERIFY(std::isinf(meanRetryWaitMs(s, 1.0)));
    // Growing 1.5x: 50 x sum 0.75^(n-1) = 200; growing 3x outruns 0.5^n: unbounded.
    s.retry_backoff_multiplier = 1.5;
    QVERIFY(std::abs(meanRetryWaitMs(s, 0.5) - 200.0) < 1e-6);
    s.retry_backoff_multiplier = 3;
    QVERIFY(std::isinf(meanRetryWaitMs(s, 0.5)));
    s.retry_backoff_max_ms = 1000; // capped: finite again
    QVERIFY(std::isfinite(meanRetryWaitMs(s, 0.5)));
    QCOMPARE(retryWaitMs(s, 1000), 1000.0); // 3^999 overflows; the cap holds
}

// 10 ms of processing, failure probability 0.5, 3 attempts, waits 40 then 80 ms: 1.75 attempts
// (17.5 ms) plus 0.5 x 40 + 0.25 x 80 = 40 ms of waits per message.
void TestStreamsAnalytic::retryBackoffAddsToTheMessageTime()
{
    Model m = model(40, 10, 10, 10.0);
    m.links[2].consume->failure_probability = 0.5;
    m.links[2].consume->retry_backoff_ms = 40;
    m.links[2].consume->retry_backoff_multiplier = 2;
    QVERIFY2(validate(m).empty(), "the model must validate");
    const StreamEstimate s = only(m);
    QVERIFY(std::abs(s.backoff_ms - 40.0) < 1e-9);
    QVERIFY(std::abs(s.service_ms - 57.5) < 1e-9);
    // 4/s per partition at 57.5 ms: 0.23 busy (it would be 0.07 without the waits).
    QVERIFY(std::abs(s.utilization - 0.23) < 1e-9);
    QVERIFY(streamEstimatesToJson({s}).find("\"backoff_ms\": 40") != std::string::npos);
}

void TestStreamsAnalytic::retryBackoffOnAQueueIsRefused()
{
    Model m = model(40, 1, 10, 10.0, true);
    QVERIFY(validate(m).empty());
    m.links[2].consume->retry_backoff_ms = 40;
    const auto d = validate(m);
    QCOMPARE(d.size(), size_t(1));
    QVERIFY2(d[0].message.find("visibility_timeout_s") != std::string::npos, d[0].message.c_str());
    QCOMPARE(d[0].place, std::string("/links/2/consume/retry_backoff_ms"));
}

// A queue has no partitions: all consumers work, utilization lambda / (n mu).
void TestStreamsAnalytic::queueUsesEveryConsumer()
{
    const StreamEstimate s = only(model(400, 1, 10, 20.0, true));
    QCOMPARE(s.stream, false);
    QCOMPARE(s.active, 10);
    QVERIFY(std::abs(s.utilization - 0.8) < 1e-12);
}

void TestStreamsAnalytic::rules_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("flaw");
    QTest::newRow("beyond partitions") << "streams/consumers-beyond-partitions" << 0;
    QTest::newRow("ordered unkeyed stream") << "streams/ordered-without-keys" << 1;
    QTest::newRow("ordered competing queue") << "streams/ordered-without-keys" << 2;
    QTest::newRow("no dead letter") << "streams/no-dead-letter" << 3;
    QTest::newRow("retention below catch-up") << "streams/retention-below-catch-up" << 4;
    QTest::newRow("cannot keep up") << "streams/consumers-cannot-keep-up" << 5;
    QTest::newRow("auto-commit") << "streams/auto-commit-loss" << 6;
}

// Each rule fires on its flaw and not on the sound model the flaw was made from.
void TestStreamsAnalytic::rules()
{
    QFETCH(QString, rule);
    QFETCH(int, flaw);
    const std::string id = rule.toStdString();
    Model sound = model(400, 10, 10, 10.0, flaw == 2);
    sound.links[2].consume->ordered = true;
    if (flaw == 2)
        sound.components[3].replicas = 1; // one consumer on the queue keeps order
    QVERIFY2(!fires(sound, id), id.c_str());
    Model m = sound;
    ConsumeSettings &c = *m.links[2].consume;
    switch (flaw) {
    case 0: m.components[3].replicas = 12; break;
    case 1: m.links[1].key->by_key = false; break;
    case 2: m.components[3].replicas = 4; break;
    case 3: c.dead_letter.clear(); break;
    case 4: {
        m.components[2].stream->retention_s = 60;
        Scenario sc;
        sc.id = "outage";
        ScenarioEvent e;
        e.action = EventAction::Crash;
        e.target = "worker";
        e.for_s = 100;
        sc.events = {e};
        m.scenarios = {sc};
        break;
    }
    case 5: m.components[3].service_time->mean_ms = 30; break; // 40/s per partition at 33/s
    case 6: c.commit = CommitPolicy::Auto; break;
    }
    QVERIFY2(fires(m, id), id.c_str());
}

QTEST_GUILESS_MAIN(TestStreamsAnalytic)
#include "tst_streams_analytic.moc"
