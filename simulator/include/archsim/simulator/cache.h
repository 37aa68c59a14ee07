#pragma once

// A key-level cache store for the simulator: capacity in entries (and optionally bytes),
// eviction LRU / LFU / FIFO / RANDOM / SIEVE, TTLs per key class (set on fill, optionally
// refreshed on hit), authoritative key versions with an invalidation policy, and stale-read
// detection with the age of the stale data. Time is in seconds and must not go backwards.
// Memory follows the entries stored, not the capacity: the entry pool, its index and the
// version map grow by doubling as keys are filled and written (amortised O(1), no allocation
// once the pool has reached the cache's working size).
// docs/caches.md describes the semantics; tests/simulator/tst_cache*.cpp check them.

#include "archsim/model/diagnostics.h"
#include "archsim/model/types.h"
#include "archsim/simulator/flatmap.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace archsim::simulator {

// The settings of one cache store.
struct CacheConfig {
    int64_t capacity = 0;        // entries, > 0 (above 2^31 the store holds at most 2^31)
    int64_t capacity_bytes = 0;  // 0 = no byte limit; else sum of filled value sizes
    model::Eviction eviction = model::Eviction::Lru;
    model::Invalidation invalidation = model::Invalidation::None;
    double ttl_s = 0;            // TTL of class 0 and of classes without their own; 0 = none
    bool ttl_refresh_on_hit = false;
    std::vector<double> class_ttl_s; // TTL per key class (index = class); 0 = ttl_s
    uint64_t seed = 0;           // stream of the RANDOM policy's victim choices
    // delete_on_write by pub/sub: a write leaves the entry stale and the delete comes later,
    // through invalidate() (docs/realtime.md)
    bool pubsub = false;
};

// Returns the store settings of a cache or CDN component (classes in model order).
CacheConfig cacheConfigFor(const model::Component &component, uint64_t seed = 0);

enum class LookupOutcome : uint8_t { Miss, Hit, StaleHit };

// The answer to one read.
struct LookupResult {
    LookupOutcome outcome = LookupOutcome::Miss;
    double stale_age_s = 0; // StaleHit: time since the cached version stopped being current

    bool hit() const { return outcome != LookupOutcome::Miss; }
};

// Event counts since construction or the last resetCounters().
struct CacheCounters {
    uint64_t lookups = 0;
    uint64_t hits = 0;          // including stale hits
    uint64_t stale_hits = 0;
    uint64_t misses = 0;
    uint64_t fills = 0;         // entries stored by fill()
    uint64_t rejected = 0;      // fills refused: value larger than the byte capacity
    uint64_t dropped_fills = 0; // write_through: fills refused because a write overtook them
    uint64_t evictions = 0;     // entries removed to make room
    uint64_t expirations = 0;   // entries removed because their TTL ran out
    uint64_t invalidations = 0; // entries deleted by a write (delete_on_write, pub/sub)
    uint64_t updates = 0;       // entries rewritten by a write (write_through)
    uint64_t writes = 0;
    uint64_t flushes = 0;

    // Returns hits / lookups (0 when there were no lookups).
    double hitRatio() const { return lookups ? double(hits) / double(lookups) : 0.0; }
    // Returns stale hits / lookups: the share of reads that returned outdated data.
    double staleRatio() const { return lookups ? double(stale_hits) / double(lookups) : 0.0; }
};

class CacheStore
{
public:
    static constexpr double kNever = std::numeric_limits<double>::infinity();

    // Returns a store for `config`, or diagnostics naming the bad setting.
    static model::Result<CacheStore> create(const CacheConfig &config);

    // Looks `key` up at time `now`: Hit, StaleHit (with the stale data's age) or Miss.
    // Expired entries are removed first; a hit refreshes recency, frequency and, when
    // ttl_refresh_on_hit is set, the TTL.
    LookupResult lookup(uint64_t key, double now);

    // Stores `key` with the `version` its reader saw in the database, evicting as needed;
    // the TTL is that of `keyClass` (unknown classes use class 0). A version older than the
    // current one (a write raced the fill) is stored stale, except under write_through, which
    // refuses it. Returns false when nothing was stored.
    bool fill(uint64_t key, uint64_t version, double now, uint32_t keyClass = 0,
              uint32_t bytes = 0);

    // Records a write of `key` to the database: bumps its version, then deletes the entry
    // (delete_on_write), rewrites it (write_through) or leaves it to go stale (ttl_only,
    // none). Returns the new version.
    uint64_t write(uint64_t key, double now);

    // A pub/sub invalidation of `key` arrived at `now`: deletes its entry, whatever version it
    // holds (a Redis DEL). Returns true when an entry was deleted.
    bool invalidate(uint64_t key, double now);

    // Empties the cache (a restart); versions and counters are kept.
    void flush();

    // Returns the authoritative version of `key` (0 when never written).
    uint64_t currentVersion(uint64_t key) const
    {
        const VersionMap::Entry *e = m_versions.find(key);
        return e ? e->version : 0;
    }

    // Returns true when `key` is stored (expired or not) without touching any state.
    bool contains(uint64_t key) const { return findSlot(key) != KeySlotMap::kNone; }

    // Returns the number of entries stored.
    int64_t size() const { return m_count; }
    // Returns the number of keys ever written (the version map's size).
    uint64_t writtenKeys() const { return m_versions.size(); }
    // Returns the bytes the store's tables hold now (entries, index, free list, versions).
    uint64_t memoryBytes() const;
    // Returns the sum of the stored values' sizes.
    uint64_t bytes() const { return m_bytes; }
    // Returns the settings.
    const CacheConfig &config() const { return m_config; }
    // Returns the counters.
    const CacheCounters &counters() const { return m_counters; }
    // Sets every counter to zero (end of a warm-up period).
    void resetCounters() { m_counters = CacheCounters{}; }

    // Returns a key unique to (key class, rank) so classes never share entries.
    static uint64_t classKey(uint32_t keyClass, uint64_t rank)
    {
        return (uint64_t(keyClass) << 48) ^ rank;
    }

    // Checks the internal links (for tests); returns an empty string or the first problem.
    std::string checkInvariants() const;

private:
    static constexpr uint32_t kNil = 0xffffffffu;
    // Slots are 32-bit; the index holds at most 2^31 keys.
    static constexpr int64_t kMaxEntries = int64_t(KeySlotMap::kMaxEntries);

    // What every hit reads or writes, 32 bytes; the rest of an entry is in Cold.
    struct Hot {
        uint64_t key = 0;
        double stale_since = kNever;  // kNever while the entry is current
        uint32_t prev = kNil;         // eviction order: neighbour toward the head (newer)
        uint32_t next = kNil;         // eviction order: neighbour toward the tail (older)
        uint32_t aux = 0;             // LFU: frequency bucket; SIEVE: visited bit
        uint16_t klass = 0;
        uint16_t used = 0;
    };

    // What fills, writes and expiry need.
    struct Cold {
        uint64_t version = 0;
        double expire_at = kNever;
        uint32_t eprev = kNil;        // expiry order of the key class
        uint32_t enext = kNil;
        uint32_t bytes = 0;
    };

    // LFU: the entries of one frequency, most recent at the head; buckets ascend by frequency.
    struct Bucket {
        uint64_t freq = 0;
        uint32_t head = kNil;
        uint32_t tail = kNil;
        uint32_t prev = kNil;
        uint32_t next = kNil;
    };

    struct ExpiryList {
        double ttl_s = 0;
        uint32_t head = kNil; // soonest expiry
        uint32_t tail = kNil;
    };

    explicit CacheStore(const CacheConfig &config);

    uint32_t findSlot(uint64_t key) const
    {
        return m_index.find(key, [this](uint32_t s) { return m_hot[s].key; });
    }

    double ttlOf(uint32_t keyClass) const;
    void clampTime(double &now);
    void expire(double now);
    uint32_t takeSlot();
    void removeSlot(uint32_t slot);
    void evictOne();
    uint32_t pickVictim();

    // Eviction structures (cache_policy.cpp).
    void policyInsert(uint32_t slot);
    void policyHit(uint32_t slot);
    void policyRemove(uint32_t slot);
    void policyClear();
    void listPushHead(uint32_t slot);
    void listUnlink(uint32_t slot);
    void lfuInsert(uint32_t slot);
    void lfuHit(uint32_t slot);
    void lfuRemove(uint32_t slot);
    uint32_t bucketNew(uint64_t freq, uint32_t after);
    void bucketFree(uint32_t b);
    void bucketUnlinkNode(uint32_t b, uint32_t slot);
    void bucketPushHead(uint32_t b, uint32_t slot);

    // Expiry lists.
    void expiryAppend(uint32_t slot);
    void expiryUnlink(uint32_t slot);

    CacheConfig m_config;
    int64_t m_limit = 0;      // entries: min(capacity, kMaxEntries)
    std::vector<Hot> m_hot;   // by slot; grows while every slot is in use
    std::vector<Cold> m_cold; // by slot
    std::vector<uint32_t> m_free; // slots given back, the most recent last
    KeySlotMap m_index;
    VersionMap m_versions;
    std::vector<ExpiryList> m_expiry;
    double m_nextExpiry = kNever; // lower bound of the soonest expiry
    double m_now = -std::numeric_limits<double>::infinity();

    uint32_t m_head = kNil; // newest
    uint32_t m_tail = kNil; // oldest
    uint32_t m_hand = kNil; // SIEVE
    std::vector<Bucket> m_buckets;        // grows like m_hot
    std::vector<uint32_t> m_freeBuckets;
    uint32_t m_minBucket = kNil;
    uint64_t m_randomCounter = 0;

    int64_t m_count = 0;
    uint64_t m_bytes = 0;
    CacheCounters m_counters;
};

} // namespace archsim::simulator
