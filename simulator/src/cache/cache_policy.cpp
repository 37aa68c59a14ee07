// Eviction orders of the cache store: one intrusive list for LRU, FIFO and SIEVE, O(1)
// frequency buckets for LFU (ties broken by recency), uniform victims for RANDOM.
#include "archsim/simulator/cache.h"

namespace archsim::simulator {

using archsim::model::Eviction;

namespace {
// Returns the `counter`-th 64-bit value of a stream: SplitMix64's output function applied to
// seed + counter * golden ratio (counter-based, so the store carries no generator state).
uint64_t streamValue(uint64_t seed, uint64_t counter)
{
    uint64_t z = seed + (counter + 1) * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
} // namespace

void CacheStore::policyInsert(uint32_t slot)
{
    switch (m_config.eviction) {
    case Eviction::Lru:
    case Eviction::Fifo:
    case Eviction::Sieve:
        m_hot[slot].aux = 0;
        listPushHead(slot);
        break;
    case Eviction::Lfu:
        lfuInsert(slot);
        break;
    case Eviction::Random:
        break;
    }
}

void CacheStore::policyHit(uint32_t slot)
{
    switch (m_config.eviction) {
    case Eviction::Lru:
        if (m_head != slot) {
            listUnlink(slot);
            listPushHead(slot);
        }
        break;
    case Eviction::Sieve:
        m_hot[slot].aux = 1;
        break;
    case Eviction::Lfu:
        lfuHit(slot);
        break;
    case Eviction::Fifo:
    case Eviction::Random:
        break;
    }
}

void CacheStore::policyRemove(uint32_t slot)
{
    switch (m_config.eviction) {
    case Eviction::Lru:
    case Eviction::Fifo:
    case Eviction::Sieve:
        if (m_hand == slot)
            m_hand = m_hot[slot].prev;
        listUnlink(slot);
        break;
    case Eviction::Lfu:
        lfuRemove(slot);
        break;
    case Eviction::Random:
        break;
    }
}

void CacheStore::policyClear()
{
    m_head = m_tail = m_hand = kNil;
    m_minBucket = kNil;
    m_buckets.clear();
    m_freeBuckets.clear();
}

uint32_t CacheStore::pickVictim()
{
    switch (m_config.eviction) {
    case Eviction::Lru:
    case Eviction::Fifo:
        return m_tail;
    case Eviction::Sieve: {
        // SIEVE (Zhang et al., NSDI'24): the hand walks from the tail toward the head,
        // clearing visited bits, and evicts the first unvisited entry.
        uint32_t o = m_hand != kNil ? m_hand : m_tail;
        while (m_hot[o].aux) {
            m_hot[o].aux = 0;
            o = m_hot[o].prev != kNil ? m_hot[o].prev : m_tail;
        }
        m_hand = o; // policyRemove moves it on to the newer neighbour
        return o;
    }
    case Eviction::Lfu:
        return m_buckets[m_minBucket].tail;
    case Eviction::Random:
        break;
    }
    // Uniform over the pool's slots; the pool is full when eviction is by count (it has grown
    // to the capacity), so the first draw is usually a stored entry (byte-limited stores may
    // need a few).
    const auto slots = uint64_t(m_hot.size());
    for (;;) {
        const uint64_t r = streamValue(m_config.seed, m_randomCounter++);
        const auto slot = uint32_t(double(r >> 11) * 0x1.0p-53 * double(slots));
        if (m_hot[slot].used)
            return slot;
    }
}

void CacheStore::listPushHead(uint32_t slot)
{
    Hot &n = m_hot[slot];
    n.prev = kNil;
    n.next = m_head;
    if (m_head != kNil)
        m_hot[m_head].prev = slot;
    else
        m_tail = slot;
    m_head = slot;
}

void CacheStore::listUnlink(uint32_t slot)
{
    Hot &n = m_hot[slot];
    if (n.prev != kNil)
        m_hot[n.prev].next = n.next;
    else
        m_head = n.next;
    if (n.next != kNil)
        m_hot[n.next].prev = n.prev;
    else
        m_tail = n.prev;
    n.prev = n.next = kNil;
}

uint32_t CacheStore::bucketNew(uint64_t freq, uint32_t after)
{
    uint32_t b;
    if (!m_freeBuckets.empty()) {
        b = m_freeBuckets.back();
        m_freeBuckets.pop_back();
    } else {
        b = uint32_t(m_buckets.size());
        m_buckets.emplace_back();
    }
    Bucket &nb = m_buckets[b];
    nb = Bucket{};
    nb.freq = freq;
    nb.prev = after;
    if (after == kNil) {
        nb.next = m_minBucket;
        if (m_minBucket != kNil)
            m_buckets[m_minBucket].prev = b;
        m_minBucket = b;
    } else {
        nb.next = m_buckets[after].next;
        if (nb.next != kNil)
            m_buckets[nb.next].prev = b;
        m_buckets[after].next = b;
    }
    return b;
}

void CacheStore::bucketFree(uint32_t b)
{
    Bucket &ob = m_buckets[b];
    if (ob.prev != kNil)
        m_buckets[ob.prev].next = ob.next;
    else
        m_minBucket = ob.next;
    if (ob.next != kNil)
        m_buckets[ob.next].prev = ob.prev;
    ob = Bucket{};
    m_freeBuckets.push_back(b);
}

void CacheStore::bucketPushHead(uint32_t b, uint32_t slot)
{
    Bucket &bk = m_buckets[b];
    Hot &n = m_hot[slot];
    n.aux = b;
    n.prev = kNil;
    n.next = bk.head;
    if (bk.head != kNil)
        m_hot[bk.head].prev = slot;
    else
        bk.tail = slot;
    bk.head = slot;
}

void CacheStore::bucketUnlinkNode(uint32_t b, uint32_t slot)
{
    Bucket &bk = m_buckets[b];
    Hot &n = m_hot[slot];
    if (n.prev != kNil)
        m_hot[n.prev].next = n.next;
    else
        bk.head = n.next;
    if (n.next != kNil)
        m_hot[n.next].prev = n.prev;
    else
        bk.tail = n.prev;
    n.prev = n.next = kNil;
}

void CacheStore::lfuInsert(uint32_t slot)
{
    uint32_t b = m_minBucket;
    if (b == kNil || m_buckets[b].freq != 1)
        b = bucketNew(1, kNil);
    bucketPushHead(b, slot);
}

void CacheStore::lfuHit(uint32_t slot)
{
    const uint32_t b = m_hot[slot].aux;
    const uint64_t freq = m_buckets[b].freq + 1;
    uint32_t target = m_buckets[b].next;
    if (target == kNil || m_buckets[target].freq != freq)
        target = bucketNew(freq, b);
    bucketUnlinkNode(b, slot);
    bucketPushHead(target, slot);
    if (m_buckets[b].head == kNil)
        bucketFree(b);
}

void CacheStore::lfuRemove(uint32_t slot)
{
    const uint32_t b = m_hot[slot].aux;
    bucketUnlinkNode(b, slot);
    if (m_buckets[b].head == kNil)
        bucketFree(b);
}

} // namespace archsim::simulator
