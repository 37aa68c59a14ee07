#pragma once

// Cache invalidations through pub/sub (Redis keyspace notifications, docs/realtime.md): a
// write publishes the key it changed; the cache's subscriber receives it `delay` seconds
// later and deletes the entry, at most once: an invalidation published while the subscriber
// is disconnected, or lost with probability `loss`, never arrives. The cache store keeps the
// versions and counts the stale reads in between (archsim/simulator/cache.h).

#include "archsim/simulator/cache.h"
#include "archsim/simulator/random.h"

#include <cstdint>
#include <vector>

namespace archsim::simulator {

class PubSubInvalidations
{
public:
    // Prepares an empty channel with a constant delay (seconds) and a loss probability.
    PubSubInvalidations(double delay_s, double loss, uint64_t seed);

    // A write of `key` committed at `now`; `listening` false: the subscriber is disconnected.
    void publish(uint64_t key, double now, bool listening = true);
    // Deletes from `store` every key whose invalidation arrived at or before `now`, in arrival
    // order. Call it before the store serves anything at `now`.
    void deliver(CacheStore &store, double now);

    // Returns the invalidations that arrived (since the last resetCounters()).
    uint64_t delivered() const { return m_delivered; }
    // Returns the invalidations lost or missed.
    uint64_t lost() const { return m_lost; }
    // Sets both counters to zero (end of a warm-up).
    void resetCounters() { m_delivered = m_lost = 0; }
    // Returns the publish-to-delivery delay in seconds.
    double delay() const { return m_delay; }

private:
    struct Pending {
        double due = 0;
        uint64_t key = 0;
    };

    double m_delay = 0;
    double m_loss = 0;
    Rng m_rng;
    std::vector<Pending> m_pending; // FIFO from m_head: a constant delay keeps arrival order
    size_t m_head = 0;
    uint64_t m_delivered = 0;
    uint64_t m_lost = 0;
};

} // namespace archsim::simulator
