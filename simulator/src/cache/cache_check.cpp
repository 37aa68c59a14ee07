// Consistency check of the cache store's internal links, used by the tests after random
// operation sequences.
#include "archsim/simulator/cache.h"

namespace archsim::simulator {

using archsim::model::Eviction;

std::string CacheStore::checkInvariants() const
{
    int64_t used = 0;
    uint64_t bytes = 0;
    for (uint32_t s = 0; s < m_hot.size(); ++s) {
        const Hot &n = m_hot[s];
        if (!n.used)
            continue;
        ++used;
        bytes += m_cold[s].bytes;
        if (findSlot(n.key) != s)
            return "index does not map key " + std::to_string(n.key) + " to its slot";
    }
    if (used != m_count)
        return "count " + std::to_string(m_count) + " but " + std::to_string(used) + " used";
    if (bytes != m_bytes)
        return "byte total out of step";
    if (m_count + int64_t(m_free.size()) != int64_t(m_hot.size()))
        return "free list out of step";
    if (m_count > m_config.capacity)
        return "over capacity";
    if (int64_t(m_hot.size()) > m_limit)
        return "the pool grew past the capacity";

    const Eviction ev = m_config.eviction;
    if (ev == Eviction::Lru || ev == Eviction::Fifo || ev == Eviction::Sieve) {
        int64_t len = 0;
        uint32_t prev = kNil;
        for (uint32_t s = m_head; s != kNil; s = m_hot[s].next) {
            if (m_hot[s].prev != prev || !m_hot[s].used)
                return "eviction list broken";
            prev = s;
            if (++len > m_count)
                return "eviction list has a cycle";
        }
        if (prev != m_tail || len != m_count)
            return "eviction list length or tail wrong";
        if (m_hand != kNil && !m_hot[m_hand].used)
            return "SIEVE hand on a free slot";
    } else if (ev == Eviction::Lfu) {
        int64_t len = 0;
        uint64_t lastFreq = 0;
        uint32_t prevB = kNil;
        for (uint32_t b = m_minBucket; b != kNil; b = m_buckets[b].next) {
            const Bucket &bk = m_buckets[b];
            if (bk.prev != prevB || bk.freq <= lastFreq || bk.head == kNil)
                return "frequency buckets out of order or empty";
            lastFreq = bk.freq;
            prevB = b;
            uint32_t prev = kNil;
            for (uint32_t s = bk.head; s != kNil; s = m_hot[s].next) {
                if (m_hot[s].prev != prev || m_hot[s].aux != b)
                    return "bucket list broken";
                prev = s;
                if (++len > m_count)
                    return "bucket lists have a cycle";
            }
            if (prev != bk.tail)
                return "bucket tail wrong";
        }
        if (len != m_count)
            return "bucket lists do not hold every entry";
    }

    int64_t expiring = 0;
    for (const ExpiryList &list : m_expiry) {
        uint32_t prev = kNil;
        double last = -kNever;
        for (uint32_t s = list.head; s != kNil; s = m_cold[s].enext) {
            const Cold &n = m_cold[s];
            if (!m_hot[s].used || n.eprev != prev || n.expire_at < last || n.expire_at == kNever)
                return "expiry list broken or unsorted";
            last = n.expire_at;
            prev = s;
            if (++expiring > m_count)
                return "expiry lists have a cycle";
        }
        if (prev != list.tail)
            return "expiry tail wrong";
    }
    for (size_t s = 0; s < m_hot.size(); ++s) {
        if (m_hot[s].used && m_cold[s].expire_at != kNever && m_cold[s].expire_at <= m_now)
            return "an expired entry is still stored";
    }
    return {};
}

} // namespace archsim::simulator
