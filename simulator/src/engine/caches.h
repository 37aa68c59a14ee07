#pragma once

// Cache stations inside the engine: one CacheStore per cache or CDN component, the key a read
// picks (Zipf within a key class), the version a miss read from the database, the fill when the
// fill calls come back, and the invalidation a write link causes. docs/caches.md.

#include "archsim/simulator/cache.h"
#include "archsim/simulator/histogram.h"
#include "archsim/simulator/pubsub.h"
#include "archsim/simulator/random.h"
#include "archsim/simulator/simulation.h"
#include "archsim/simulator/zipf.h"

#include "engine/network.h"

#include <optional>
#include <unordered_map>
#include <vector>

namespace archsim::simulator::engine {

class CacheRuntime {
public:
    // Prepares one store per cache of `net`; seeds derive from the run's seed and replication.
    // A cache that comes to hold, or to have seen written, more than `maxEntries` keys is
    // reported by overflowed().
    CacheRuntime(const Network &net, uint64_t seed, uint32_t replication,
                 uint64_t maxEntries = UINT64_MAX);

    enum class Read { Hit, Miss, Coalesced };

    // A read visit `visit` at cache `cache` finished its own service: looks a key up. Hit: the
    // fill calls are skipped; Miss: they are made; Coalesced (the cache's `coalescing`): a fill
    // of the same key is in flight and the visit waits for it (see takeWaiters).
    Read read(uint32_t cache, uint32_t visit, int keyClass, double now);
    // Returns true when the visit's read missed and its fill calls are to be made.
    bool missed(uint32_t visit) const { return visit < m_state.size() && m_state[visit].miss; }
    // The fill calls of a missed read came back (`ok`: without error, then the key is stored).
    // Appends the visits that were waiting for this fill to `waiters`.
    void filled(uint32_t cache, uint32_t visit, double now, bool ok,
                std::vector<uint32_t> &waiters);
    // Forgets the visit's read (the visit slot is being reused).
    void release(uint32_t visit)
    {
        if (visit < m_state.size())
            m_state[visit].miss = m_state[visit].bypass = false;
    }
    // A read that the crashed cache `cache` did not answer goes to its fill path (fallback
    // fill): `visit` makes the fill calls and its fill stores nothing.
    void fallThrough(uint32_t cache, uint32_t visit);
    // A write that invalidates `cache` committed: bumps a key's version (Zipf-chosen). A cache
    // invalidated by pub/sub gets the delete later, unless lost or `listening` is false (the
    // cache is down: its subscriber misses the message).
    void write(uint32_t cache, double now, bool listening = true);
    // Empties cache `cache` (a scenario's `flush`, a restart): the hook for scenario events.
    void flush(uint32_t cache) { m_stations[cache].store.flush(); }
    // Starts the measured window: counters and the stale-age histogram restart.
    void startMeasuring();
    // Returns the hit ratio of each cache over the second that ends now (0 without reads) and
    // starts the next second.
    void tick(std::vector<double> &hitRatios);
    // Writes the figures of cache `cache` over the measured window.
    void figures(uint32_t cache, CacheFigures &out) const;
    // Returns the first cache that passed the key limit, or -1.
    int32_t overflowed() const { return m_overflow; }
    // Returns the error that stops the run at `now` when a cache passed the key limit.
    std::string overflowMessage(double now) const;

private:
    struct Station {
        CacheStore store;
        std::vector<ZipfSampler> samplers; // per key class
        std::vector<double> cumulative;    // class choice by share
        Rng keyRng;
        Rng writeRng;
        LogHistogram staleAge;
        uint64_t secLookups = 0;
        uint64_t secHits = 0;
        uint64_t fallthroughs = 0;         // measured window
        // per key class, measured window: lookups, hits, stale hits
        std::vector<uint64_t> classLookups, classHits, classStale;
        std::vector<std::string> classNames; // empty: the cache has no key classes
        bool coalescing = false;
        // coalescing: key -> the visit whose fill is in flight (allocates per miss; only on)
        std::unordered_map<uint64_t, uint32_t> inFlight;
        std::optional<PubSubInvalidations> pubsub; // deletes by pub/sub (docs/realtime.md)
    };
    struct VisitRead {
        uint64_t key = 0;
        uint64_t version = 0;
        uint32_t keyClass = 0;
        bool miss = false;
        bool bypass = false;         // fell through a cache that did not answer
        uint32_t nextWaiter = kNone; // coalescing: the leader's chain of waiting visits
    };

    uint64_t pickKey(Station &s, Rng &rng, int keyClass, uint32_t &klass);

    const Network &m_net;
    std::vector<Station> m_stations;
    std::vector<VisitRead> m_state; // by visit slot
    uint64_t m_maxEntries;
    int32_t m_overflow = -1;
};

} // namespace archsim::simulator::engine
