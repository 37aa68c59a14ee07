// redis.conf per cache: maxmemory from capacity and value size, eviction policy mapping,
// TTL comments, keyspace notifications for pub/sub invalidation; every exported file loads in
// a real redis-server (found by CMake; a declared test dependency, so the test fails when it
// is missing) with the values the model declares.

#include "archsim/exporters/deployspec.h"
#include "archsim/exporters/redisconf.h"
#include "archsim/model/io.h"

#include "dbserver.h"
#include "deploymodels.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <algorithm>

using namespace archsim;
using namespace deploytest;

class TestRedisConf : public QObject {
    Q_OBJECT

private slots:
    void maxMemory_data();
    void maxMemory();
    void evictionPolicy_data();
    void evictionPolicy();
    void ttlComments();
    void oneFilePerCache();
    void hostileNamesStayComments();
    void keyspaceNotificationsOnlyWithPubSub();
    void loadsInRedisServer_data();
    void loadsInRedisServer();
};

namespace {

// Returns the built shop (or its hostile twin) with one change to its cache: a row of
// loadsInRedisServer.
model::Model variant(const QString &name)
{
    auto m = name.startsWith("hostile") ? hostileModel() : shopModel();
    for (auto &c : m.components) {
        if (c.kind != model::ComponentKind::Cache)
            continue;
        if (name == "shop lfu")
            c.eviction = model::Eviction::Lfu;
        else if (name == "shop random")
            c.eviction = model::Eviction::Random;
        else if (name == "shop sieve")
            c.eviction = model::Eviction::Sieve;
        else if (name == "shop no capacity")
            c.capacity = 0;
        else if (name == "shop pubsub") {
            c.invalidation = model::Invalidation::DeleteOnWrite;
            c.pubsub = model::PubSubInvalidation{};
        }
        else if (name == "hostile")
            c.key_classes = {{"evil\nmaxmemory 1b", 1.0, 0, 10}};
    }
    return m;
}

bool hasCache(const model::Model &m)
{
    return std::any_of(m.components.begin(), m.components.end(),
                       [](const auto &c) { return c.kind == model::ComponentKind::Cache; });
}

} // namespace

void TestRedisConf::maxMemory_data()
{
    QTest::addColumn<qint64>("capacity");
    QTest::addColumn<qint64>("valueBytes");
    QTest::addColumn<QString>("expected");
    // Oracle: capacity x (value + 40 B key + 56 B overhead), rounded up to whole MiB:
    // 50000 x 2144 B = 102.2 MiB; 1e6 x 196 B = 186.9 MiB; 10000 x 1120 B = 10.7 MiB.
    QTest::newRow("50k x 2 KiB") << qint64(50000) << qint64(2048) << "maxmemory 103mb";
    QTest::newRow("1M x 100 B") << qint64(1000000) << qint64(100) << "maxmemory 187mb";
    QTest::newRow("unknown value size: 1 KiB") << qint64(10000) << qint64(0)
                                               << "maxmemory 11mb";
    QTest::newRow("no capacity: floor") << qint64(0) << qint64(100) << "maxmemory 64mb";
}

void TestRedisConf::maxMemory()
{
    QFETCH(qint64, capacity);
    QFETCH(qint64, valueBytes);
    QFETCH(QString, expected);
    auto m = shopModel();
    auto &cache = m.components[4];
    cache.capacity = capacity;
    cache.value_bytes = valueBytes;
    const auto conf = QString::fromStdString(exporters::redisConf(m, cache));
    QVERIFY2(conf.contains("\n" + expected + "\n"), qPrintable(conf));
}

void TestRedisConf::evictionPolicy_data()
{
    QTest::addColumn<int>("eviction");
    QTest::addColumn<QString>("policy");
    QTest::newRow("lru") << int(model::Eviction::Lru) << "allkeys-lru";
    QTest::newRow("lfu") << int(model::Eviction::Lfu) << "allkeys-lfu";
    QTest::newRow("random") << int(model::Eviction::Random) << "allkeys-random";
    QTest::newRow("fifo: closest is lru") << int(model::Eviction::Fifo) << "allkeys-lru";
    QTest::newRow("sieve: closest is lru") << int(model::Eviction::Sieve) << "allkeys-lru";
}

void TestRedisConf::evictionPolicy()
{
    QFETCH(int, eviction);
    QFETCH(QString, policy);
    auto m = shopModel();
    auto &cache = m.components[4];
    cache.eviction = static_cast<model::Eviction>(eviction);
    const auto conf = QString::fromStdString(exporters::redisConf(m, cache));
    QVERIFY2(conf.contains("\nmaxmemory-policy " + policy + "\n"), qPrintable(conf));
}

void TestRedisConf::ttlComments()
{
    auto m = shopModel();
    auto &cache = m.components[4];
    cache.key_classes = {{"catalog", 0.7, 0, 300}, {"inventory", 0.3, 0, 15}};
    const auto conf = QString::fromStdString(exporters::redisConf(m, cache));
    QVERIFY(conf.contains("SET key value EX 60"));
    QVERIFY(conf.contains("key class 'catalog': EX 300 (70% of reads)"));
    QVERIFY(conf.contains("key class 'inventory': EX 15 (30% of reads)"));
    QVERIFY(conf.contains("DEL key (delete on write)"));
    QVERIFY(conf.contains("save \"\""));
    // Every non-comment line is a directive Redis knows; no line is long.
    for (const auto &line : conf.split('\n')) {
        QVERIFY2(line.size() < 78, qPrintable(line));
    }
}

void TestRedisConf::oneFilePerCache()
{
    auto m = shopModel();
    auto second = m.components[4];
    second.id = "sessions";
    m.components.push_back(second);
    const auto b = exporters::exportRedis(m);
    QCOMPARE(b.files.size(), size_t(2));
    QCOMPARE(b.files[0].path, std::string("orders-cache.conf"));
    QCOMPARE(b.files[1].path, std::string("sessions.conf"));
}

void TestRedisConf::hostileNamesStayComments()
{
    auto m = hostileModel();
    m.components[4].key_classes = {{"evil\nmaxmemory 1b", 1.0, 0, 10}};
    const auto conf = QString::fromStdString(exporters::redisConf(m, m.components[4]));
    // Names with newlines cannot inject directives: every line is a comment or one of ours.
    const QStringList directives{"maxmemory", "maxmemory-policy", "maxmemory-samples",
                                 "lazyfree-lazy-eviction", "lazyfree-lazy-expire", "save",
                                 "appendonly", "bind", "port", "protected-mode",
                                 "tcp-keepalive", "timeout", "dir", "notify-keyspace-events"};
    int maxmemoryLines = 0;
    for (const auto &line : conf.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QString word = line.section(' ', 0, 0);
        QVERIFY2(directives.contains(word), qPrintable(line));
        maxmemoryLines += word == "maxmemory";
    }
    QCOMPARE(maxmemoryLines, 1);
}

// Issue 20: a cache invalidated through pub/sub (Redis keyspace notifications) got a redis.conf
// without notify-keyspace-events, so no notification was ever published. With `pubsub` the
// file has exactly one such line, Kg$xe; without it none (notifications cost CPU).
void TestRedisConf::keyspaceNotificationsOnlyWithPubSub()
{
    auto m = shopModel();
    auto &cache = m.components[4];
    QCOMPARE(cache.kind, model::ComponentKind::Cache);
    auto lines = [&] {
        QStringList found;
        const auto conf = QString::fromStdString(exporters::redisConf(m, cache));
        for (const auto &line : conf.split('\n'))
            if (line.startsWith("notify-keyspace-events"))
                found << line;
        return found;
    };
    QCOMPARE(lines(), QStringList());
    cache.invalidation = model::Invalidation::DeleteOnWrite;
    cache.pubsub = model::PubSubInvalidation{};
    QCOMPARE(lines(), QStringList{"notify-keyspace-events Kg$xe"});
    const auto conf = QString::fromStdString(exporters::redisConf(m, cache));
    for (const auto &line : conf.split('\n'))
        QVERIFY2(line.size() < 78, qPrintable(line));
}

void TestRedisConf::loadsInRedisServer_data()
{
    QTest::addColumn<QString>("source"); // an example file with a cache, or a built variant
    for (const char *v : {"shop", "shop lfu", "shop random", "shop sieve", "shop no capacity",
                          "shop pubsub", "hostile"})
        QTest::newRow(v) << QString(v);
    const QDir examples(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples"));
    for (const auto &f : examples.entryInfoList({"*.json"}, QDir::Files, QDir::Name)) {
        auto loaded = model::loadModel(f.absoluteFilePath().toStdString());
        if (!loaded.ok() || hasCache(loaded.value())) // a file that does not load fails below
            QTest::newRow(qPrintable(f.fileName())) << f.absoluteFilePath();
    }
}

void TestRedisConf::loadsInRedisServer()
{
    QFETCH(QString, source);
    const QString server = QStringLiteral(ARCHSIM_REDIS_SERVER);
    const QString cli = QStringLiteral(ARCHSIM_REDIS_CLI);
    QVERIFY2(QFileInfo(server).isExecutable() && QFileInfo(cli).isExecutable(),
             "CMake found no redis-server or redis-cli: install redis-server (scripts/deps.sh "
             "test) and configure again");
    model::Model m;
    if (source.endsWith(".json")) {
        auto loaded = model::loadModel(source.toStdString());
        QVERIFY2(loaded.ok(), loaded.message().c_str());
        m = loaded.value();
    } else {
        m = variant(source);
    }
    QVERIFY(hasCache(m));
    const auto bundle = exporters::exportRedis(m);
    int caches = 0;
    for (const auto &c : m.components) {
        if (c.kind != model::ComponentKind::Cache)
            continue;
        ++caches;
        const std::string path = exporters::dnsLabel(c.id) + ".conf";
        const auto *file = bundle.find(path);
        QVERIFY2(file, path.c_str());
        ddltest::RedisServer redis(server, cli);
        const QString error = redis.start(QString::fromStdString(file->text));
        QVERIFY2(error.isEmpty(), qPrintable(QString::fromStdString(path) + ": " + error));
        // Oracle: what the model declares. maxmemory is the capacity x entry bytes in whole MiB
        // (the formula maxMemory checks against hand figures), 64 MiB without a capacity;
        // the policy is the mapping evictionPolicy checks. Redis reports bytes, exactly.
        constexpr qint64 mib = 1 << 20;
        const qint64 bytes = exporters::redisMaxMemoryBytes(c);
        const qint64 expected = c.capacity > 0 ? (bytes + mib - 1) / mib * mib : 64 * mib;
        const QString policy = QString::fromStdString(exporters::redisEvictionPolicy(c.eviction));
        // Keyspace notifications only for a cache with pub/sub invalidation: K (per-key
        // channel), g (DEL...), $ (SET), x (expired), e (evicted), which CONFIG GET returns in
        // Redis's own order (notify.c, keyspaceEventsFlagsToString): classes, then K.
        const QString notify = c.pubsub ? QStringLiteral("g$xeK") : QString();
        const std::pair<const char *, QString> settings[] = {
            {"notify-keyspace-events", notify},
            {"maxmemory", QString::number(expected)},
            {"maxmemory-policy", policy},
            {"maxmemory-samples", "10"},
            {"lazyfree-lazy-eviction", "yes"},
            {"save", ""},
            {"appendonly", "no"},
            {"dir", redis.dir()},
        };
        for (const auto &[parameter, value] : settings) {
            QString why;
            const auto actual = redis.config(parameter, &why);
            QVERIFY2(actual, qPrintable(why));
            QVERIFY2(*actual == value,
                     qPrintable(QString("%1: %2 is '%3', expected '%4'")
                                    .arg(QString::fromStdString(path),
                                         QString::fromLatin1(parameter), *actual, value)));
        }
    }
    QCOMPARE(static_cast<int>(bundle.files.size()), caches);
}

QTEST_GUILESS_MAIN(TestRedisConf)
#include "tst_redisconf.moc"
