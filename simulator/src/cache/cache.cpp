// The cache store: lookups, fills, writes, expiry and flush (eviction orders are in
// cache_policy.cpp).
#include "archsim/simulator/cache.h"

#include <algorithm>
#include <cmath>

namespace archsim::simulator {

namespace m = archsim::model;

CacheConfig cacheConfigFor(const m::Component &component, uint64_t seed)
{
    CacheConfig c;
    c.capacity = component.capacity;
    // The model's values all have value_bytes, so its byte size is capacity x value_bytes and
    // the entry limit alone is exact; the store's byte limit serves variable-size values.
    c.capacity_bytes = 0;
    c.eviction = component.eviction;
    c.invalidation = component.invalidation;
    c.ttl_s = component.ttl_s;
    c.ttl_refresh_on_hit = component.ttl_refresh_on_hit;
    for (const auto &kc : component.key_classes)
        c.class_ttl_s.push_back(kc.ttl_s);
    c.seed = seed;
    c.pubsub = component.pubsub.has_value();
    return c;
}

m::Result<CacheStore> CacheStore::create(const CacheConfig &config)
{
    m::Diagnostics d;
    if (config.capacity <= 0)
        d.push_back(m::makeError("capacity", "a cache needs a capacity of at least one entry"));
    if (config.capacity_bytes < 0)
        d.push_back(m::makeError("capacity_bytes", "expected a size >= 0 in bytes"));
    if (!(config.ttl_s >= 0) || !std::isfinite(config.ttl_s))
        d.push_back(m::makeError("ttl_s", "expected a finite TTL >= 0 seconds"));
    if (config.class_ttl_s.size() > 0xffff)
        d.push_back(m::makeError("key_classes", "at most 65535 key classes"));
    for (size_t i = 0; i < config.class_ttl_s.size(); ++i) {
        const double t = config.class_ttl_s[i];
        if (!(t >= 0) || !std::isfinite(t))
            d.push_back(m::makeError("key_classes/" + std::to_string(i) + "/ttl_s",
                                     "expected a finite TTL >= 0 seconds"));
    }
    if (!d.empty())
        return d;
    return CacheStore(config);
}

CacheStore::CacheStore(const CacheConfig &config)
    : m_config(config)
    , m_limit(std::min(config.capacity, kMaxEntries))
{
    // Nothing is sized by the capacity: a capacity of 10^12 costs what the run fills.
    const size_t classes = std::max<size_t>(1, config.class_ttl_s.size());
    m_expiry.resize(classes);
    for (size_t k = 0; k < classes; ++k)
        m_expiry[k].ttl_s = ttlOf(uint32_t(k));
}

uint64_t CacheStore::memoryBytes() const
{
    return m_hot.capacity() * sizeof(Hot) + m_cold.capacity() * sizeof(Cold)
        + m_free.capacity() * sizeof(uint32_t) + m_index.tableSize() * 8
        + m_buckets.capacity() * sizeof(Bucket) + m_freeBuckets.capacity() * sizeof(uint32_t)
        + m_versions.tableSize() * (sizeof(uint64_t) + sizeof(VersionMap::Entry) + 1);
}

uint32_t CacheStore::takeSlot()
{
    // The most recently freed slot first, else a new one: the order a pool of `capacity` free
    // slots handed out lowest-first would give, so results do not depend on the growth.
    if (!m_free.empty()) {
        const uint32_t slot = m_free.back();
        m_free.pop_back();
        return slot;
    }
    m_hot.emplace_back();
    m_cold.emplace_back();
    return uint32_t(m_hot.size() - 1);
}

double CacheStore::ttlOf(uint32_t keyClass) const
{
    if (keyClass < m_config.class_ttl_s.size() && m_config.class_ttl_s[keyClass] > 0)
        return m_config.class_ttl_s[keyClass];
    return m_config.ttl_s;
}

void CacheStore::clampTime(double &now)
{
    // Time never goes backwards here: the expiry lists rely on it.
    if (now < m_now)
        now = m_now;
    m_now = now;
}

void CacheStore::expire(double now)
{
    if (now < m_nextExpiry)
        return;
    double next = kNever;
    for (ExpiryList &list : m_expiry) {
        while (list.head != kNil && m_cold[list.head].expire_at <= now) {
            removeSlot(list.head);
            ++m_counters.expirations;
        }
        if (list.head != kNil)
            next = std::min(next, m_cold[list.head].expire_at);
    }
    m_nextExpiry = next;
}

LookupResult CacheStore::lookup(uint64_t key, double now)
{
    clampTime(now);
    expire(now);
    ++m_counters.lookups;
    const uint32_t slot = findSlot(key);
    if (slot == kNil) {
        ++m_counters.misses;
        return {};
    }
    const Hot &n = m_hot[slot];
    ++m_counters.hits;
    policyHit(slot);
    if (m_config.ttl_refresh_on_hit && m_expiry[n.klass].ttl_s > 0) {
        expiryUnlink(slot);
        expiryAppend(slot);
    }
    if (n.stale_since != kNever) {
        ++m_counters.stale_hits;
        return {LookupOutcome::StaleHit, now - n.stale_since};
    }
    return {LookupOutcome::Hit, 0.0};
}

bool CacheStore::fill(uint64_t key, uint64_t version, double now, uint32_t keyClass,
                      uint32_t bytes)
{
    clampTime(now);
    expire(now);
    if (keyClass >= m_expiry.size())
        keyClass = 0;
    const auto capBytes = uint64_t(m_config.capacity_bytes);
    if (capBytes > 0 && bytes > capBytes) {
        ++m_counters.rejected;
        return false;
    }
    const VersionMap::Entry *current = m_versions.find(key);
    if (current && current->version > version
        && m_config.invalidation == m::Invalidation::WriteThrough) {
        // A write-through cache sits in the write path, so it knows a write overtook this
        // fill and refuses the outdated value (cache-aside, below, cannot tell).
        ++m_counters.dropped_fills;
        return false;
    }
    uint32_t slot = findSlot(key);
    if (slot != kNil && capBytes > 0 && bytes > m_cold[slot].bytes) {
        // A bigger value may need room: store it afresh so eviction never picks itself.
        removeSlot(slot);
        slot = kNil;
    }
    if (slot != kNil) {
        // A second fill of a stored key (two misses raced): the last one wins, as in Redis.
        m_bytes -= m_cold[slot].bytes;
        expiryUnlink(slot);
        policyHit(slot);
    } else {
        while (m_count > 0
               && (m_count >= m_limit
                   || (capBytes > 0 && m_bytes + bytes > capBytes)))
            evictOne();
        slot = takeSlot();
        m_index.insert(key, slot);
        ++m_count;
        Hot &h = m_hot[slot];
        h.key = key;
        h.used = 1;
        policyInsert(slot);
    }
    Hot &n = m_hot[slot];
    Cold &cold = m_cold[slot];
    cold.version = version;
    n.klass = uint16_t(keyClass);
    cold.bytes = bytes;
    m_bytes += bytes;
    n.stale_since = kNever;
    if (current && current->version > version) {
        // The database moved on while the value travelled: stale since the write that made
        // version + 1 (exact when at most two writes raced the fill, else a lower bound).
        n.stale_since = current->version == version + 1 ? current->last_write
                                                        : current->prev_write;
    }
    expiryAppend(slot);
    ++m_counters.fills;
    return true;
}

uint64_t CacheStore::write(uint64_t key, double now)
{
    clampTime(now);
    expire(now);
    ++m_counters.writes;
    const VersionMap::Entry &v = m_versions.bump(key, now);
    const uint32_t slot = findSlot(key);
    if (slot == kNil)
        return v.version;
    Hot &n = m_hot[slot];
    Cold &cold = m_cold[slot];
    if (m_config.pubsub) {
        // The delete travels through pub/sub; until it arrives the entry is stale.
        if (n.stale_since == kNever && cold.version < v.version)
            n.stale_since = now;
        return v.version;
    }
    switch (m_config.invalidation) {
    case m::Invalidation::DeleteOnWrite:
        removeSlot(slot);
        ++m_counters.invalidations;
        break;
    case m::Invalidation::WriteThrough:
        // The writer stores the new value with a fresh TTL (SET EX); recency is left alone.
        cold.version = v.version;
        n.stale_since = kNever;
        expiryUnlink(slot);
        expiryAppend(slot);
        ++m_counters.updates;
        break;
    case m::Invalidation::TtlOnly:
    case m::Invalidation::None:
        if (n.stale_since == kNever && cold.version < v.version)
            n.stale_since = now;
        break;
    }
    return v.version;
}

bool CacheStore::invalidate(uint64_t key, double now)
{
    clampTime(now);
    expire(now);
    const uint32_t slot = findSlot(key);
    if (slot == kNil)
        return false;
    removeSlot(slot);
    ++m_counters.invalidations;
    return true;
}

void CacheStore::flush()
{
    // The pool empties (keeping its allocation): slots are handed out from 0 again.
    m_index.clear();
    m_hot.clear();
    m_cold.clear();
    m_free.clear();
    for (ExpiryList &list : m_expiry)
        list.head = list.tail = kNil;
    m_nextExpiry = kNever;
    policyClear();
    m_count = 0;
    m_bytes = 0;
    ++m_counters.flushes;
}

void CacheStore::removeSlot(uint32_t slot)
{
    policyRemove(slot);
    expiryUnlink(slot);
    m_index.erase(m_hot[slot].key, [this](uint32_t s) { return m_hot[s].key; });
    m_bytes -= m_cold[slot].bytes;
    --m_count;
    m_hot[slot] = Hot{};
    m_cold[slot] = Cold{};
    m_free.push_back(slot);
}

void CacheStore::evictOne()
{
    removeSlot(pickVictim());
    ++m_counters.evictions;
}

void CacheStore::expiryAppend(uint32_t slot)
{
    Cold &n = m_cold[slot];
    ExpiryList &list = m_expiry[m_hot[slot].klass];
    if (list.ttl_s <= 0) {
        n.expire_at = kNever;
        return;
    }
    n.expire_at = m_now + list.ttl_s;
    n.enext = kNil;
    n.eprev = list.tail;
    if (list.tail != kNil)
        m_cold[list.tail].enext = slot;
    else
        list.head = slot;
    list.tail = slot;
    m_nextExpiry = std::min(m_nextExpiry, n.expire_at);
}

void CacheStore::expiryUnlink(uint32_t slot)
{
    Cold &n = m_cold[slot];
    if (n.expire_at == kNever)
        return;
    ExpiryList &list = m_expiry[m_hot[slot].klass];
    if (n.eprev != kNil)
        m_cold[n.eprev].enext = n.enext;
    else
        list.head = n.enext;
    if (n.enext != kNil)
        m_cold[n.enext].eprev = n.eprev;
    else
        list.tail = n.eprev;
    n.eprev = n.enext = kNil;
    n.expire_at = kNever;
}

} // namespace archsim::simulator
