// Tests of the cache store's semantics: eviction orders, TTLs, versions and invalidation,
// byte limits, flush; and random operation sequences against a naive reference store.
#include "archsim/simulator/cache.h"
#include "testrng.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <vector>

using namespace archsim::simulator;
using archsim::model::Eviction;
using archsim::model::Invalidation;
using archsim::testing::TestRng;

namespace {
CacheStore makeStore(int64_t capacity, Eviction ev, double ttl = 0, bool refresh = false,
                     Invalidation inv = Invalidation::None)
{
    CacheConfig c;
    c.capacity = capacity;
    c.eviction = ev;
    c.ttl_s = ttl;
    c.ttl_refresh_on_hit = refresh;
    c.invalidation = inv;
    auto r = CacheStore::create(c);
    if (!r.ok())
        qFatal("bad test config: %s", r.message().c_str());
    return std::move(r).value();
}

// A naive store: a vector scanned on every operation, written from the policy definitions
// (LRU: least recent access; FIFO: oldest insertion; LFU: fewest accesses since insertion,
// ties by least recent access; SIEVE: the paper's hand over the insertion order).
class NaiveStore
{
public:
    NaiveStore(size_t capacity, Eviction ev, double ttl, bool refresh)
        : m_capacity(capacity), m_ev(ev), m_ttl(ttl), m_refresh(refresh) {}

    bool lookup(uint64_t key, double now)
    {
        expire(now);
        auto it = find(key);
        if (it == m_entries.end())
            return false;
        touch(*it, now);
        return true;
    }

    void fill(uint64_t key, double now)
    {
        expire(now);
        auto it = find(key);
        if (it != m_entries.end()) {
            touch(*it, now);
            it->expire = m_ttl > 0 ? now + m_ttl : 1e300;
            return;
        }
        if (m_entries.size() >= m_capacity)
            evict();
        m_entries.push_back({key, ++m_seq, ++m_clock, 1, false, m_ttl > 0 ? now + m_ttl : 1e300});
    }

    void erase(uint64_t key)
    {
        auto it = find(key);
        if (it != m_entries.end())
            remove(it);
    }

    bool contains(uint64_t key) const
    {
        return std::any_of(m_entries.begin(), m_entries.end(),
                           [key](const E &e) { return e.key == key; });
    }
    size_t size() const { return m_entries.size(); }

private:
    struct E {
        uint64_t key;
        uint64_t inserted;
        uint64_t access;
        uint64_t freq;
        bool visited;
        double expire;
    };

    std::vector<E>::iterator find(uint64_t key)
    {
        return std::find_if(m_entries.begin(), m_entries.end(),
                            [key](const E &e) { return e.key == key; });
    }
    void touch(E &e, double now)
    {
        e.access = ++m_clock;
        ++e.freq;
        e.visited = true;
        if (m_refresh && m_ttl > 0)
            e.expire = now + m_ttl;
    }
    void expire(double now)
    {
        for (size_t i = 0; i < m_entries.size();) {
            if (m_entries[i].expire <= now)
                remove(m_entries.begin() + long(i));
            else
                ++i;
        }
    }
    void remove(std::vector<E>::iterator it)
    {
        if (m_hand == it->inserted) {
            // The hand moves to the next newer entry (none: it restarts from the oldest).
            uint64_t next = 0;
            for (const E &e : m_entries)
                if (e.inserted > it->inserted && (next == 0 || e.inserted < next))
                    next = e.inserted;
            m_hand = next;
        }
        m_entries.erase(it);
    }
    void evict()
    {
        auto by = [&](auto less) {
            return std::min_element(m_entries.begin(), m_entries.end(), less);
        };
        switch (m_ev) {
        case Eviction::Lru:
            return remove(by([](const E &a, const E &b) { return a.access < b.access; }));
        case Eviction::Fifo:
            return remove(by([](const E &a, const E &b) { return a.inserted < b.inserted; }));
        case Eviction::Lfu:
            return remove(by([](const E &a, const E &b) {
                return a.freq != b.freq ? a.freq < b.freq : a.access < b.access;
            }));
        case Eviction::Sieve: {
            std::vector<E *> order;
            for (E &e : m_entries)
                order.push_back(&e);
            std::sort(order.begin(), order.end(),
                      [](E *a, E *b) { return a->inserted < b->inserted; }); // oldest first
            size_t i = 0;
            if (m_hand != 0)
                while (order[i]->inserted != m_hand)
                    ++i;
            while (order[i]->visited) {
                order[i]->visited = false;
                i = (i + 1) % order.size();
            }
            m_hand = order[i]->inserted;
            return remove(find(order[i]->key));
        }
        case Eviction::Random:
            break;
        }
        qFatal("naive store has no RANDOM policy");
    }

    size_t m_capacity;
    Eviction m_ev;
    double m_ttl;
    bool m_refresh;
    std::vector<E> m_entries;
    uint64_t m_seq = 0, m_clock = 0, m_hand = 0;
};
} // namespace

class TestCache : public QObject
{
    Q_OBJECT

private slots:
    void badConfig();
    void evictionOrder_data();
    void evictionOrder();
    void sievePaperExample();
    void randomIsUniform();
    void ttlSetOnFill();
    void ttlRefreshedOnHit();
    void keyClassTtls();
    void expiryFreesRoom();
    void deleteOnWrite();
    void writeThrough();
    void ttlOnlyGoesStale();
    void racingFillIsStale();
    void byteCapacity();
    void flushEmpties();
    void configFromComponent();
    void matchesNaiveStore_data();
    void matchesNaiveStore();
    void randomPolicyInvariants();
    void unboundedMemory_data();
    void unboundedMemory();
};

void TestCache::badConfig()
{
    CacheConfig c;
    auto r = CacheStore::create(c);
    QVERIFY(!r.ok());
    QVERIFY(r.message().find("capacity") != std::string::npos);
    c.capacity = 10;
    c.ttl_s = -1;
    QVERIFY(!CacheStore::create(c).ok());
    c.ttl_s = 0;
    c.class_ttl_s = {5, -2};
    r = CacheStore::create(c);
    QVERIFY(!r.ok());
    QVERIFY(r.message().find("key_classes/1/ttl_s") != std::string::npos);
}

void TestCache::evictionOrder_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<qulonglong>("victim");
    // fill 1 2 3, read 1 1 2, fill 4: who leaves?
    QTest::newRow("lru evicts the least recently read") << int(Eviction::Lru) << 3ULL;
    QTest::newRow("fifo evicts the oldest fill") << int(Eviction::Fifo) << 1ULL;
    QTest::newRow("lfu evicts the least read") << int(Eviction::Lfu) << 3ULL;
    QTest::newRow("sieve evicts the first unvisited") << int(Eviction::Sieve) << 3ULL;
}

void TestCache::evictionOrder()
{
    QFETCH(int, policy);
    QFETCH(qulonglong, victim);
    CacheStore c = makeStore(3, Eviction(policy));
    for (uint64_t k : {1, 2, 3})
        QVERIFY(c.fill(k, 0, 0));
    for (uint64_t k : {1, 1, 2})
        QVERIFY(c.lookup(k, 0).hit());
    QVERIFY(c.fill(4, 0, 0));
    QCOMPARE(c.size(), int64_t(3));
    QVERIFY(!c.contains(victim));
    QVERIFY(c.contains(4));
    QCOMPARE(c.counters().evictions, uint64_t(1));
    QCOMPARE(c.checkInvariants(), std::string());
}

// SIEVE (NSDI'24): fill A B C, read A, fill D evicts B (A's bit is cleared, the hand moves
// toward newer entries), fill E evicts C, fill F evicts D; A, read once, outlives three
// newer entries, which LRU would not allow.
void TestCache::sievePaperExample()
{
    CacheStore c = makeStore(3, Eviction::Sieve);
    for (uint64_t k : {10, 11, 12})
        c.fill(k, 0, 0);
    c.lookup(10, 0);
    c.fill(13, 0, 0);
    QVERIFY(!c.contains(11));
    c.fill(14, 0, 0);
    QVERIFY(!c.contains(12));
    c.fill(15, 0, 0);
    QVERIFY(!c.contains(13));
    QVERIFY(c.contains(10) && c.contains(14) && c.contains(15));
    QCOMPARE(c.checkInvariants(), std::string());
}

// RANDOM picks each stored entry with equal probability: 4,000 evictions from 4 entries,
// each count within 5 standard deviations (sd = sqrt(4000 * 1/4 * 3/4) = 27.4) of 1,000.
void TestCache::randomIsUniform()
{
    std::map<uint64_t, int> evicted;
    for (uint64_t seed = 0; seed < 4000; ++seed) {
        CacheConfig cfg;
        cfg.capacity = 4;
        cfg.eviction = Eviction::Random;
        cfg.seed = seed * 7919;
        CacheStore c = std::move(CacheStore::create(cfg)).value();
        for (uint64_t k : {1, 2, 3, 4})
            c.fill(k, 0, 0);
        c.fill(5, 0, 0);
        for (uint64_t k : {1, 2, 3, 4})
            if (!c.contains(k))
                ++evicted[k];
    }
    for (uint64_t k : {1, 2, 3, 4})
        QVERIFY2(std::abs(evicted[k] - 1000) < 137, qPrintable(QString::number(evicted[k])));
}

// Redis SET EX in cache-aside: the TTL runs from the fill, reads do not extend it.
void TestCache::ttlSetOnFill()
{
    CacheStore c = makeStore(10, Eviction::Lru, 10.0);
    c.fill(7, 0, 0.0);
    QVERIFY(c.lookup(7, 5.0).hit());
    QVERIFY(c.lookup(7, 9.999).hit());
    QVERIFY(!c.lookup(7, 10.0).hit());
    QCOMPARE(c.counters().expirations, uint64_t(1));
    QCOMPARE(c.size(), int64_t(0));
}

void TestCache::ttlRefreshedOnHit()
{
    CacheStore c = makeStore(10, Eviction::Lru, 10.0, true);
    c.fill(7, 0, 0.0);
    QVERIFY(c.lookup(7, 8.0).hit());
    QVERIFY(c.lookup(7, 16.0).hit());
    QVERIFY(c.lookup(7, 25.9).hit());
    QVERIFY(!c.lookup(7, 36.0).hit());
    QCOMPARE(c.counters().expirations, uint64_t(1));
}

// The e-commerce example: catalog 5 min, profiles 1 min, inventory 15 s.
void TestCache::keyClassTtls()
{
    CacheConfig cfg;
    cfg.capacity = 100;
    cfg.ttl_s = 300;
    cfg.class_ttl_s = {0, 60, 15};
    CacheStore c = std::move(CacheStore::create(cfg)).value();
    const uint64_t catalog = CacheStore::classKey(0, 1), profile = CacheStore::classKey(1, 1),
                   stock = CacheStore::classKey(2, 1);
    QVERIFY(catalog != profile && profile != stock);
    c.fill(catalog, 0, 0, 0);
    c.fill(profile, 0, 0, 1);
    c.fill(stock, 0, 0, 2);
    QVERIFY(c.lookup(stock, 14.9).hit());
    QVERIFY(!c.lookup(stock, 15.0).hit());
    QVERIFY(c.lookup(profile, 59).hit());
    QVERIFY(!c.lookup(profile, 61).hit());
    QVERIFY(c.lookup(catalog, 299).hit());
    QVERIFY(!c.lookup(catalog, 300).hit());
    QCOMPARE(c.counters().expirations, uint64_t(3));
    QCOMPARE(c.checkInvariants(), std::string());
}

// Expired entries leave at their expiry time (as Redis' active expiry approximates), so they
// do not take room from new fills.
void TestCache::expiryFreesRoom()
{
    CacheStore c = makeStore(2, Eviction::Lru, 10.0);
    c.fill(1, 0, 0);
    c.fill(2, 0, 1);
    c.fill(3, 0, 12);
    QCOMPARE(c.size(), int64_t(1));
    c.fill(4, 0, 12);
    QCOMPARE(c.counters().evictions, uint64_t(0));
    QCOMPARE(c.counters().expirations, uint64_t(2));
}

void TestCache::deleteOnWrite()
{
    CacheStore c = makeStore(10, Eviction::Lru, 60, false, Invalidation::DeleteOnWrite);
    c.fill(5, c.currentVersion(5), 0);
    QCOMPARE(c.write(5, 1), uint64_t(1));
    QVERIFY(!c.contains(5));
    QCOMPARE(c.counters().invalidations, uint64_t(1));
    QVERIFY(!c.lookup(5, 2).hit());
    c.fill(5, c.currentVersion(5), 2);
    QCOMPARE(c.lookup(5, 3).outcome, LookupOutcome::Hit);
}

void TestCache::writeThrough()
{
    CacheStore c = makeStore(10, Eviction::Lru, 10, false, Invalidation::WriteThrough);
    c.fill(5, 0, 0);
    c.write(5, 8);
    QCOMPARE(c.counters().updates, uint64_t(1));
    // Fresh, and the write restarted the TTL: still there at 15.
    QCOMPARE(c.lookup(5, 15).outcome, LookupOutcome::Hit);
    QVERIFY(!c.lookup(5, 18).hit());
    // A fill that a write overtook is refused.
    const uint64_t seen = c.currentVersion(6);
    c.write(6, 20);
    QVERIFY(!c.fill(6, seen, 21));
    QCOMPARE(c.counters().dropped_fills, uint64_t(1));
    QVERIFY(!c.contains(6));
}

void TestCache::ttlOnlyGoesStale()
{
    CacheStore c = makeStore(10, Eviction::Lru, 10, false, Invalidation::TtlOnly);
    c.fill(5, 0, 0);
    c.write(5, 2);
    c.write(5, 3); // the data has been stale since the first write
    LookupResult r = c.lookup(5, 5);
    QCOMPARE(r.outcome, LookupOutcome::StaleHit);
    QCOMPARE(r.stale_age_s, 3.0);
    QCOMPARE(c.counters().stale_hits, uint64_t(1));
    QVERIFY(!c.lookup(5, 10).hit());
    c.fill(5, c.currentVersion(5), 10);
    QCOMPARE(c.lookup(5, 11).outcome, LookupOutcome::Hit);
}

// Cache-aside's race: the reader reads version 0, writes land before its fill; the entry is
// stale since the first of those writes (exact for one and two racing writes).
void TestCache::racingFillIsStale()
{
    CacheStore c = makeStore(10, Eviction::Lru, 60, false, Invalidation::DeleteOnWrite);
    const uint64_t seen = c.currentVersion(9);
    c.write(9, 1.0); // nothing to delete yet
    QVERIFY(c.fill(9, seen, 2.0));
    LookupResult r = c.lookup(9, 3.0);
    QCOMPARE(r.outcome, LookupOutcome::StaleHit);
    QCOMPARE(r.stale_age_s, 2.0);

    const uint64_t seen2 = c.currentVersion(8);
    c.write(8, 4.0);
    c.write(8, 4.5);
    c.fill(8, seen2, 5.0);
    r = c.lookup(8, 6.0);
    QCOMPARE(r.outcome, LookupOutcome::StaleHit);
    QCOMPARE(r.stale_age_s, 2.0);
}

void TestCache::byteCapacity()
{
    CacheConfig cfg;
    cfg.capacity = 10;
    cfg.capacity_bytes = 1000;
    CacheStore c = std::move(CacheStore::create(cfg)).value();
    QVERIFY(c.fill(1, 0, 0, 0, 400));
    QVERIFY(c.fill(2, 0, 0, 0, 400));
    QVERIFY(c.fill(3, 0, 0, 0, 400));
    QVERIFY(!c.contains(1));
    QCOMPARE(c.bytes(), uint64_t(800));
    QVERIFY(!c.fill(4, 0, 0, 0, 2000));
    QCOMPARE(c.counters().rejected, uint64_t(1));
    QVERIFY(c.fill(2, 0, 0, 0, 900)); // grows: the other entry has to go
    QCOMPARE(c.bytes(), uint64_t(900));
    QVERIFY(c.contains(2) && !c.contains(3));
    QCOMPARE(c.checkInvariants(), std::string());
}

void TestCache::flushEmpties()
{
    CacheStore c = makeStore(100, Eviction::Lfu, 30, false, Invalidation::TtlOnly);
    for (uint64_t k = 0; k < 100; ++k)
        c.fill(k, 0, 0);
    c.write(3, 1);
    c.flush();
    QCOMPARE(c.size(), int64_t(0));
    QCOMPARE(c.counters().flushes, uint64_t(1));
    QVERIFY(!c.lookup(3, 2).hit());
    QCOMPARE(c.currentVersion(3), uint64_t(1)); // the database keeps its versions
    for (uint64_t k = 0; k < 150; ++k)
        c.fill(k, c.currentVersion(k), 3);
    QCOMPARE(c.size(), int64_t(100));
    QCOMPARE(c.checkInvariants(), std::string());
}

void TestCache::configFromComponent()
{
    archsim::model::Component comp;
    comp.kind = archsim::model::ComponentKind::Cache;
    comp.capacity = 5000;
    comp.value_bytes = 200;
    comp.ttl_s = 300;
    comp.eviction = Eviction::Sieve;
    comp.invalidation = Invalidation::DeleteOnWrite;
    comp.key_classes = {{"catalog", 0.6, 0, 0}, {"inventory", 0.4, 100, 15}};
    const CacheConfig cfg = cacheConfigFor(comp, 77);
    QCOMPARE(cfg.capacity, int64_t(5000));
    QCOMPARE(cfg.capacity_bytes, int64_t(0)); // equal sizes: the entry limit is exact
    QCOMPARE(cfg.eviction, Eviction::Sieve);
    QCOMPARE(int(cfg.class_ttl_s.size()), 2);
    QCOMPARE(cfg.class_ttl_s[1], 15.0);
    QCOMPARE(cfg.seed, uint64_t(77));
    QVERIFY(CacheStore::create(cfg).ok());
}

void TestCache::matchesNaiveStore_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<double>("ttl");
    QTest::addColumn<bool>("refresh");
    for (const Eviction ev : {Eviction::Lru, Eviction::Fifo, Eviction::Lfu, Eviction::Sieve}) {
        const char *name = archsim::model::toString(ev);
        QTest::addRow("%s, no ttl", name) << int(ev) << 0.0 << false;
        QTest::addRow("%s, ttl on fill", name) << int(ev) << 3.0 << false;
        QTest::addRow("%s, ttl refreshed", name) << int(ev) << 3.0 << true;
    }
}

// 30,000 random reads, fills, deletes and time steps over 200 keys in a 40-entry cache:
// every outcome and the stored set must match the naive store, the links must stay sound.
void TestCache::matchesNaiveStore()
{
    QFETCH(int, policy);
    QFETCH(double, ttl);
    QFETCH(bool, refresh);
    const auto ev = Eviction(policy);
    CacheStore c = makeStore(40, ev, ttl, refresh, Invalidation::DeleteOnWrite);
    NaiveStore naive(40, ev, ttl, refresh);
    TestRng rng(1234 + uint64_t(policy));
    double now = 0;
    for (int i = 0; i < 30000; ++i) {
        const double u = rng.uniform01();
        // Skewed keys so that hits, frequencies and the SIEVE bits matter.
        const auto key = uint64_t(200 * rng.uniform01() * rng.uniform01());
        if (u < 0.1) {
            now += 0.05 * rng.uniform01();
        } else if (u < 0.6) {
            const bool hit = c.lookup(key, now).hit();
            QCOMPARE(hit, naive.lookup(key, now));
            if (!hit) {
                c.fill(key, c.currentVersion(key), now);
                naive.fill(key, now);
            }
        } else if (u < 0.95) {
            c.fill(key, c.currentVersion(key), now);
            naive.fill(key, now);
        } else {
            c.write(key, now);
            naive.erase(key);
        }
        if (i % 101 == 0) {
            QCOMPARE(c.checkInvariants(), std::string());
            QCOMPARE(size_t(c.size()), naive.size());
            for (uint64_t k = 0; k < 200; ++k)
                QCOMPARE(c.contains(k), naive.contains(k));
        }
    }
}

void TestCache::randomPolicyInvariants()
{
    for (const bool bytes : {false, true}) {
        CacheConfig cfg;
        cfg.capacity = 50;
        cfg.capacity_bytes = bytes ? 3000 : 0;
        cfg.eviction = Eviction::Random;
        cfg.ttl_s = 2;
        cfg.invalidation = Invalidation::DeleteOnWrite;
        cfg.seed = 5;
        CacheStore c = std::move(CacheStore::create(cfg)).value();
        TestRng rng(77);
        double now = 0;
        for (int i = 0; i < 50000; ++i) {
            const auto key = uint64_t(500 * rng.uniform01());
            now += 0.001;
            if (!c.lookup(key, now).hit())
                c.fill(key, c.currentVersion(key), now, 0, uint32_t(1 + 150 * rng.uniform01()));
            if (i % 7 == 0)
                c.write(uint64_t(500 * rng.uniform01()), now);
            if (i % 97 == 0)
                QCOMPARE(c.checkInvariants(), std::string());
            QVERIFY(c.size() <= 50);
            QVERIFY(!bytes || c.bytes() <= 3000);
        }
        QVERIFY(c.counters().evictions > 1000);
    }
}

// Issue 15, defect 3: the store was sized by its capacity up front (2^31 - 1 entries ended in
// std::bad_alloc, 3e8 took 6 GB). Now its tables follow the entries filled and the keys
// written: a few thousand keys cost well under a mebibyte whatever the capacity.
void TestCache::unboundedMemory_data()
{
    QTest::addColumn<int64_t>("capacity");
    QTest::addColumn<int>("eviction");
    QTest::newRow("2^31-1, LRU") << int64_t(2147483647) << int(Eviction::Lru);
    QTest::newRow("1e9, LFU") << int64_t(1'000'000'000) << int(Eviction::Lfu);
    QTest::newRow("1e12, RANDOM") << int64_t(1'000'000'000'000) << int(Eviction::Random);
    QTest::newRow("1e12, SIEVE") << int64_t(1'000'000'000'000) << int(Eviction::Sieve);
}

void TestCache::unboundedMemory()
{
    QFETCH(int64_t, capacity);
    QFETCH(int, eviction);
    CacheStore c = makeStore(capacity, Eviction(eviction), 0, false, Invalidation::DeleteOnWrite);
    for (uint64_t k = 0; k < 5000; ++k) {
        c.fill(k * 7919, 0, double(k));
        c.lookup(k * 7919, double(k));
        if (k % 3 == 0)
            c.write(k, double(k));
    }
    QCOMPARE(c.size(), int64_t(4999)); // key 0 was written (deleted) right after its fill
    QCOMPARE(c.writtenKeys(), uint64_t(1667));
    // Bound: 5,000 entries at ~100 bytes plus doubling slack, far below what a capacity-sized
    // table would take (2^31 entries x 64 bytes = 128 GiB).
    QVERIFY2(c.memoryBytes() < 1'500'000, std::to_string(c.memoryBytes()).c_str());
    QCOMPARE(c.checkInvariants(), std::string());
    c.flush();
    QCOMPARE(c.size(), int64_t(0));
    for (uint64_t k = 0; k < 100; ++k)
        QVERIFY(c.fill(k, c.currentVersion(k), 6000.0));
    QCOMPARE(c.size(), int64_t(100));
    QCOMPARE(c.checkInvariants(), std::string());
}

QTEST_APPLESS_MAIN(TestCache)
#include "tst_cache.moc"
