// Realtime gateways and pub/sub invalidation in the model (docs/realtime.md): both file
// formats keep every field, validation names the place of every mistake, and the estimate
// follows its formulas.

#include "archsimtestutil.h"

#include "archsim/model/analytic.h"
#include "archsim/model/io.h"
#include "archsim/model/realtimeanalytic.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace archsim::model;

namespace {

// A model using every realtime and pub/sub field with a value other than its default.
Model everyField()
{
    Model m;
    m.name = "realtime";
    Component web;
    web.id = "web";
    web.kind = ComponentKind::Client;
    web.rps = 100;
    Component api;
    api.id = "api";
    Component ws;
    ws.id = "ws";
    ws.kind = ComponentKind::Realtime;
    ws.replicas = 3;
    RealtimeSettings r;
    r.connections = 50000;
    r.channels = 2000;
    r.channel_zipf = 0.8;
    r.subscriptions = 3;
    r.queue_messages = 500;
    r.queue_bytes = 1 << 20;
    r.slow_consumer = SlowConsumer::Block;
    r.history_size = 200;
    r.history_ttl_s = 120;
    r.reconnect_delay_s = 0.5;
    r.reconnect_max_delay_s = 20;
    r.reconnect_jitter = Jitter::Decorrelated;
    r.message_bytes = 300;
    r.ordered = false;
    r.client_rates = {{"broadband", 0.9, 2e6}, {"", 0.1, 8000}};
    ws.realtime = r;
    Component cache;
    cache.id = "inventory-cache";
    cache.kind = ComponentKind::Cache;
    cache.capacity = 1000;
    cache.keys = 5000;
    cache.ttl_s = 30;
    cache.invalidation = Invalidation::DeleteOnWrite;
    cache.pubsub = PubSubInvalidation{12.5, 0.01};
    m.components = {web, api, ws, cache};
    Link call;
    call.id = "web-api";
    call.from = "web";
    call.to = "api";
    Link pub;
    pub.id = "api-ws";
    pub.from = "api";
    pub.to = "ws";
    pub.kind = LinkKind::Publish;
    m.links = {call, pub};
    Scenario sc;
    sc.id = "burst";
    ScenarioEvent e;
    e.at_s = 30;
    e.action = EventAction::Load;
    e.target = "ws";
    e.factor = 5;
    e.for_s = 10;
    sc.events = {e};
    m.scenarios = {sc};
    return m;
}

} // namespace

class TestRealtimeModel : public QObject {
    Q_OBJECT

private slots:
    void everyFieldIsValid();
    void jsonRoundTrip();
    void archsimRoundTrip();
    void jsonSpelling();
    void mistakesAreLocated_data();
    void mistakesAreLocated();
    void estimateFollowsItsFormulas();
    void slowClassReachesItsLimitAfterQOverRMinusD();
    void staleRatioClosedFormLimits();

private:
    QTemporaryDir m_dir;
};

void TestRealtimeModel::everyFieldIsValid()
{
    const Diagnostics d = validate(everyField());
    QVERIFY2(d.empty(), d.empty() ? "" : d.front().format().c_str());
}

void TestRealtimeModel::jsonRoundTrip()
{
    const Model m = everyField();
    auto back = parseJson(toJson(m));
    QVERIFY2(back.ok(), back.message().c_str());
    QVERIFY2(back.value() == m, archsim::test::modelDifference(m, back.value()).c_str());
}

void TestRealtimeModel::archsimRoundTrip()
{
    const Model m = everyField();
    const std::string path = m_dir.filePath("realtime.archsim").toStdString();
    QVERIFY2(writeArchsim(m, path).ok(), "write failed");
    auto back = readArchsim(path);
    QVERIFY2(back.ok(), back.message().c_str());
    QVERIFY2(back.value() == m, archsim::test::modelDifference(m, back.value()).c_str());
}

// The documented spelling (docs/model-format.md, docs/realtime.md), and defaults left out.
void TestRealtimeModel::jsonSpelling()
{
    const std::string json = toJson(everyField());
    for (const char *needle :
         {"\"kind\": \"realtime\"", "\"connections\": 50000", "\"slow_consumer\": \"block\"",
          "\"reconnect_jitter\": \"decorrelated\"", "\"bytes_per_s\": 8000",
          "\"pubsub\": {", "\"delay_ms\": 12.5", "\"loss\": 0.01"})
        QVERIFY2(json.find(needle) != std::string::npos, needle);
    auto m = parseJson(R"({"format": "archsim", "version": 2, "name": "x",
        "components": [{"id": "ws", "kind": "realtime",
                        "realtime": {"connections": 10, "channels": 2}}],
        "links": []})");
    QVERIFY2(m.ok(), m.message().c_str());
    const RealtimeSettings &r = *m.value().components[0].realtime;
    QCOMPARE(r.connections, int64_t(10));
    QCOMPARE(r.slow_consumer, SlowConsumer::Disconnect);
    QCOMPARE(r.history_size, int64_t(0));
    QVERIFY(r.ordered);
    auto bad = parseJson(R"({"format": "archsim", "version": 2, "name": "x",
        "components": [{"id": "ws", "kind": "realtime",
                        "realtime": {"slow_consumer": "drop_newest"}}], "links": []})");
    QVERIFY(!bad.ok());
    QVERIFY2(bad.message().find("slow_consumer") != std::string::npos, bad.message().c_str());
}

void TestRealtimeModel::mistakesAreLocated_data()
{
    QTest::addColumn<int>("mistake");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("words");
    QTest::newRow("zero connections") << 0 << "/components/2/realtime/connections"
                                      << "connections";
    QTest::newRow("more subscriptions than channels")
        << 1 << "/components/2/realtime/subscriptions" << "the gateway has 2000";
    QTest::newRow("realtime settings on a service") << 2 << "/components/1/realtime"
                                                    << "kind realtime";
    QTest::newRow("queue smaller than a message")
        << 3 << "/components/2/realtime/queue_bytes" << "cannot hold one message";
    QTest::newRow("backoff cap below the first delay")
        << 4 << "/components/2/realtime/reconnect_max_delay_s" << "backoff cap";
    QTest::newRow("client rate of zero")
        << 5 << "/components/2/realtime/client_rates/1/bytes_per_s" << "bytes_per_s";
    QTest::newRow("pub/sub without delete_on_write")
        << 6 << "/components/3/pubsub" << "delete_on_write";
    QTest::newRow("pub/sub loss above 1") << 7 << "/components/3/pubsub/loss" << "loss";
    QTest::newRow("pub/sub on a service") << 8 << "/components/1/pubsub" << "belongs to a cache";
    QTest::newRow("load event on a cache") << 9 << "/scenarios/0/events/0/target"
                                           << "client or a realtime gateway";
    QTest::newRow("shares sum to zero") << 10 << "/components/2/realtime/client_rates"
                                        << "sum to zero";
}

void TestRealtimeModel::mistakesAreLocated()
{
    QFETCH(int, mistake);
    QFETCH(QString, place);
    QFETCH(QString, words);
    Model m = everyField();
    RealtimeSettings &r = *m.components[2].realtime;
    switch (mistake) {
    case 0: r.connections = 0; break;
    case 1: r.subscriptions = 2001; break;
    case 2: m.components[1].realtime = RealtimeSettings{}; break;
    case 3: r.queue_bytes = 100; break;
    case 4: r.reconnect_max_delay_s = 0.1; break;
    case 5: r.client_rates[1].bytes_per_s = 0; break;
    case 6: m.components[3].invalidation = Invalidation::TtlOnly; break;
    case 7: m.components[3].pubsub->loss = 1.5; break;
    case 8: m.components[1].pubsub = PubSubInvalidation{}; break;
    case 9: m.scenarios[0].events[0].target = "inventory-cache"; break;
    case 10:
        for (ClientRate &c : r.client_rates)
            c.share = 0;
        break;
    }
    const Diagnostics d = validate(m);
    bool found = false;
    std::string all;
    for (const Diagnostic &x : d) {
        all += x.format() + "\n";
        found = found || (x.place == place.toStdString() &&
                          QString::fromStdString(x.message).contains(words));
    }
    QVERIFY2(found, all.c_str());
}

// One channel, so every connection gets every message: deliveries/s = lambda x N exactly;
// bandwidth per replica = deliveries/s x bytes / R; connections per replica N / R, and
// N / (R - 1) after a loss; queue memory N x Q; history memory min(H, ttl x lambda) x bytes.
void TestRealtimeModel::estimateFollowsItsFormulas()
{
    Model m = everyField();
    RealtimeSettings &r = *m.components[2].realtime;
    r.channels = 1;
    r.subscriptions = 1;
    r.connections = 60000;
    r.queue_messages = 0;
    r.queue_bytes = 1 << 20;
    r.history_size = 1000;
    r.history_ttl_s = 2; // 2 s x 100 msg/s = 200 messages held, below 1000
    const AnalyticEstimate base = estimate(m);
    const auto est = estimateRealtime(m, base);
    QCOMPARE(est.size(), size_t(1));
    const RealtimeEstimate &e = est[0];
    // The client's 100 requests/s reach api once each and publish once each.
    QVERIFY2(std::abs(e.publish_rps - 100) < 1e-9, std::to_string(e.publish_rps).c_str());
    QVERIFY(std::abs(e.subscribers_per_message - 60000) < 1e-6);
    QVERIFY(std::abs(e.deliveries_rps - 6e6) < 1e-3);
    QVERIFY(std::abs(e.mbps_per_replica - 6e6 * 300 / 3 / 1e6) < 1e-9);
    QCOMPARE(e.connections_per_replica, 20000.0);
    QCOMPARE(e.connections_after_loss, 30000.0);
    QVERIFY(!e.over_connection_limit);
    QCOMPARE(e.queue_memory_bytes, 60000.0 * (1 << 20));
    QVERIFY(std::abs(e.history_memory_bytes - 200 * 300) < 1e-6);
    // Zipf shares: channel c gets c^-s / H(N, s); with k = 1, E[subscribers] = N sum p_c^2.
    r.channels = 4;
    r.channel_zipf = 1;
    const auto zipf = estimateRealtime(m, base)[0];
    const double h = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0;
    double sq = 0;
    for (int c = 1; c <= 4; ++c)
        sq += 1 / (double(c) * c * h * h);
    QVERIFY(std::abs(zipf.subscribers_per_message - 60000 * sq) < 1e-6);
}

// The issue's oracle in the estimate: Q = 10 MiB fed at r = 2 MiB/s and drained at
// d = 1 MiB/s is full after Q / (r - d) = 10 s.
void TestRealtimeModel::slowClassReachesItsLimitAfterQOverRMinusD()
{
    Model m = everyField();
    m.components[0].rps = 2048; // 2048 messages/s of 1 KiB = 2 MiB/s into one channel
    RealtimeSettings &r = *m.components[2].realtime;
    r.channels = 1;
    r.subscriptions = 1;
    r.message_bytes = 1024;
    r.queue_messages = 0;
    r.queue_bytes = 10 << 20;
    r.client_rates = {{"mobile", 1, 1 << 20}};
    const auto e = estimateRealtime(m, estimate(m))[0];
    QCOMPARE(e.classes.size(), size_t(1));
    QVERIFY(e.classes[0].slow);
    QVERIFY2(std::abs(e.classes[0].time_to_limit_s - 10) < 1e-9,
             std::to_string(e.classes[0].time_to_limit_s).c_str());
    r.client_rates = {{"fast", 1, 4 << 20}};
    QVERIFY(!estimateRealtime(m, estimate(m))[0].classes[0].slow);
}

// The stale-read closed form (docs/realtime.md) at its limits: without loss or TTL,
// r / (r + w) x (1 - e^(-2 w D)) / 2; every invalidation lost with TTL T, the TTL-only
// figure (T - (1 - e^(-w T)) / w) / (T + 1 / r); D = 0 without loss leaves no stale read;
// loss tending to 1 tends to the TTL-only figure. Tolerance 1e-12 (same arithmetic).
void TestRealtimeModel::staleRatioClosedFormLimits()
{
    const double r = 50, w = 1, D = 0.2, T = 5;
    const double pubsubOnly = r / (r + w) * (1 - std::exp(-2 * w * D)) / 2;
    QVERIFY(std::abs(pubsubStaleRatio(r, w, D, 0, 0) - pubsubOnly) < 1e-12);
    const double ttlOnly = (T - (1 - std::exp(-w * T)) / w) / (T + 1 / r);
    QVERIFY(std::abs(pubsubStaleRatio(r, w, D, 1, T) - ttlOnly) < 1e-12);
    QVERIFY(std::abs(pubsubStaleRatio(r, w, 0, 0, T)) < 1e-12);
    QCOMPARE(pubsubStaleRatio(r, w, D, 1, 0), 1.0);
    double previous = 0;
    for (double loss : {0.0, 0.5, 0.9, 0.99, 0.999999}) {
        const double s = pubsubStaleRatio(r, w, D, loss, T);
        QVERIFY2(s > previous, std::to_string(loss).c_str()); // more loss, more stale reads
        previous = s;
    }
    QVERIFY(std::abs(previous - ttlOnly) < 1e-4);
    // Both (pub/sub and a TTL) beat either alone.
    QVERIFY(pubsubStaleRatio(r, w, D, 0.3, T) < pubsubStaleRatio(r, w, D, 0.3, 0));
    QVERIFY(pubsubStaleRatio(r, w, D, 0.3, T) < ttlOnly);
}

QTEST_GUILESS_MAIN(TestRealtimeModel)
#include "tst_realtime_model.moc"
