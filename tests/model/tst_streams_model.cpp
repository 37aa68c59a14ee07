// Streams, queues, message keys and consume links in the model (docs/streams.md): both file
// formats keep every field, and validation names the place of every mistake.

#include "archsimtestutil.h"

#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace archsim::model;

namespace {

// A model using every stream field with a value other than its default.
Model everyField()
{
    Model m;
    m.name = "events";
    m.zones = {"a", "b", "c"};
    Component client;
    client.id = "web";
    client.kind = ComponentKind::Client;
    client.rps = 100;
    Component api;
    api.id = "api";
    Component log;
    log.id = "order-events";
    log.kind = ComponentKind::Stream;
    log.replicas = 3;
    log.zones = {"a", "b", "c"};
    log.stream = StreamSettings{12, 3, 86400, 1'000'000'000, 512, 7.5};
    Component q;
    q.id = "mail";
    q.kind = ComponentKind::Queue;
    q.queue = QueueSettings{45, 5000, Overflow::DropOldest, 3600, 2048};
    Component dlq;
    dlq.id = "mail-dlq";
    dlq.kind = ComponentKind::Queue;
    Component worker;
    worker.id = "mailer";
    worker.kind = ComponentKind::Worker;
    worker.replicas = 2;
    worker.workers = 4;
    m.components = {client, api, log, q, dlq, worker};
    Link call;
    call.id = "web-api";
    call.from = "web";
    call.to = "api";
    Link pub;
    pub.id = "api-events";
    pub.from = "api";
    pub.to = "order-events";
    pub.kind = LinkKind::Publish;
    pub.key = MessageKey{250000, 0.9, false};
    Link cons;
    cons.id = "mailer-mail";
    cons.from = "mailer";
    cons.to = "mail";
    cons.kind = LinkKind::Consume;
    ConsumeSettings s;
    s.group = "mailers";
    s.consumers = 6;
    s.batch_size = 10;
    s.batch_wait_ms = 50;
    s.commit = CommitPolicy::Auto;
    s.commit_interval_ms = 1000;
    s.failure_probability = 0.01;
    s.max_attempts = 5;
    s.dead_letter = "mail-dlq";
    s.ordered = true;
    s.rebalance_pause_s = 10;
    cons.consume = s;
    Link plain;
    plain.id = "mailer-events";
    plain.from = "mailer";
    plain.to = "order-events";
    plain.kind = LinkKind::Consume; // no settings: the defaults
    m.links = {call, pub, cons, plain};
    Scenario sc;
    sc.id = "poison";
    ScenarioEvent e;
    e.at_s = 30;
    e.action = EventAction::Poison;
    e.target = "mail";
    sc.events = {e};
    m.scenarios = {sc};
    return m;
}

} // namespace

class TestStreamsModel : public QObject {
    Q_OBJECT

private slots:
    void everyFieldIsValid();
    void jsonRoundTrip();
    void archsimRoundTrip();
    void jsonSpelling();
    void mistakesAreLocated_data();
    void mistakesAreLocated();

private:
    QTemporaryDir m_dir;
};

void TestStreamsModel::everyFieldIsValid()
{
    const Diagnostics d = validate(everyField());
    QVERIFY2(d.empty(), d.empty() ? "" : d.front().format().c_str());
}

void TestStreamsModel::jsonRoundTrip()
{
    const Model m = everyField();
    auto back = parseJson(toJson(m));
    QVERIFY2(back.ok(), back.message().c_str());
    QVERIFY2(back.value() == m, archsim::test::modelDifference(m, back.value()).c_str());
}

void TestStreamsModel::archsimRoundTrip()
{
    const Model m = everyField();
    const std::string path = m_dir.filePath("streams.archsim").toStdString();
    QVERIFY2(writeArchsim(m, path).ok(), "write failed");
    auto back = readArchsim(path);
    QVERIFY2(back.ok(), back.message().c_str());
    QVERIFY2(back.value() == m, archsim::test::modelDifference(m, back.value()).c_str());
}

// The documented spelling (docs/model-format.md), and defaults left out.
void TestStreamsModel::jsonSpelling()
{
    const std::string json = toJson(everyField());
    for (const char *needle :
         {"\"kind\": \"stream\"", "\"partitions\": 12", "\"replication_factor\": 3",
          "\"overflow\": \"drop_oldest\"", "\"kind\": \"consume\"", "\"commit\": \"auto\"",
          "\"dead_letter\": \"mail-dlq\"", "\"by_key\": false", "\"action\": \"poison\""})
        QVERIFY2(json.find(needle) != std::string::npos, needle);
    auto m = parseJson(R"({"format": "archsim", "version": 1, "name": "x",
        "components": [{"id": "s", "kind": "stream", "stream": {"partitions": 3}}],
        "links": []})");
    QVERIFY2(m.ok(), m.message().c_str());
    QCOMPARE(m.value().components[0].stream->partitions, 3);
    QCOMPARE(m.value().components[0].stream->replication_factor, 1);
}

void TestStreamsModel::mistakesAreLocated_data()
{
    QTest::addColumn<int>("mistake");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("words");
    QTest::newRow("zero partitions") << 0 << "/components/2/stream/partitions" << "partitions";
    QTest::newRow("replication above brokers")
        << 1 << "/components/2/stream/replication_factor" << "needs as many brokers";
    QTest::newRow("stream settings on a queue") << 2 << "/components/3/stream" << "kind stream";
    QTest::newRow("consume link to a service") << 3 << "/links/2/to" << "stream or a queue";
    QTest::newRow("consumer is a client")
        << 4 << "/links/2/from" << "a worker or a realtime gateway";
    QTest::newRow("dead letter to a service")
        << 5 << "/links/2/consume/dead_letter" << "must be a stream or a queue";
    QTest::newRow("dead letter unknown") << 6 << "/links/2/consume/dead_letter" << "unknown";
    QTest::newRow("dead letter is the source")
        << 7 << "/links/2/consume/dead_letter" << "would return";
    QTest::newRow("key on a call") << 8 << "/links/0/key" << "only publish links";
    QTest::newRow("consume settings on a publish") << 9 << "/links/1/consume" << "kind consume";
    QTest::newRow("failure probability above 1")
        << 10 << "/links/2/consume/failure_probability" << "failure_probability";
    QTest::newRow("zero max attempts") << 11 << "/links/2/consume/max_attempts" << "max_attempts";
    QTest::newRow("poison on a service") << 12 << "/scenarios/0/events/0/target"
                                         << "stream or a queue";
    QTest::newRow("zero keys") << 13 << "/links/1/key/keys" << "keys";
    QTest::newRow("bad group name") << 14 << "/links/2/consume/group" << "malformed";
}

void TestStreamsModel::mistakesAreLocated()
{
    QFETCH(int, mistake);
    QFETCH(QString, place);
    QFETCH(QString, words);
    Model m = everyField();
    ConsumeSettings &c = *m.links[2].consume;
    switch (mistake) {
    case 0: m.components[2].stream->partitions = 0; break;
    case 1: m.components[2].stream->replication_factor = 4; break;
    case 2: m.components[3].stream = StreamSettings{}; break;
    case 3: m.links[2].to = "api"; break;
    case 4: m.links[2].from = "web"; break;
    case 5: c.dead_letter = "api"; break;
    case 6: c.dead_letter = "nowhere"; break;
    case 7: c.dead_letter = "mail"; break;
    case 8: m.links[0].key = MessageKey{}; break;
    case 9: m.links[1].consume = ConsumeSettings{}; break;
    case 10: c.failure_probability = 1.5; break;
    case 11: c.max_attempts = 0; break;
    case 12: m.scenarios[0].events[0].target = "api"; break;
    case 13: m.links[1].key->keys = 0; break;
    case 14: c.group = "Mailers!"; break;
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

QTEST_GUILESS_MAIN(TestStreamsModel)
#include "tst_streams_model.moc"
