#include "engine/caches.h"

#include <algorithm>

namespace archsim::simulator::engine {

namespace {
enum Stream : uint64_t { KeyStream = 11, WriteStream = 12, PubSubStream = 13 };
} // namespace

CacheRuntime::CacheRuntime(const Network &net, uint64_t seed, uint32_t replication,
                           uint64_t maxEntries)
    : m_net(net)
    , m_maxEntries(maxEntries)
{
    m_stations.reserve(net.caches.size());
    for (const CacheDef &def : net.caches) {
        const NodeDef &node = net.nodes[def.node];
        CacheConfig cfg = def.config;
        cfg.seed = deriveSeed(seed, replication, node.idHash, cfg.seed);
        auto store = CacheStore::create(cfg); // checked when the network was compiled
        Station s{std::move(store).value(), {}, {}, Rng(), Rng(), LogHistogram(), 0, 0, 0,
                  {}, {}, {}, def.classNames, def.coalescing, {}, {}};
        if (def.pubsubDelayS >= 0)
            s.pubsub.emplace(def.pubsubDelayS, def.pubsubLoss,
                             deriveSeed(seed, replication, node.idHash, PubSubStream));
        s.classLookups.assign(def.shares.size(), 0);
        s.classHits.assign(def.shares.size(), 0);
        s.classStale.assign(def.shares.size(), 0);
        double total = 0;
        for (size_t k = 0; k < def.shares.size(); ++k) {
            s.samplers.emplace_back(def.keys[k], def.zipf);
            total += def.shares[k];
            s.cumulative.push_back(total);
        }
        for (double &c : s.cumulative)
            c /= total;
        s.keyRng.reseed(deriveSeed(seed, replication, node.idHash, KeyStream));
        s.writeRng.reseed(deriveSeed(seed, replication, node.idHash, WriteStream));
        m_stations.push_back(std::move(s));
    }
}

uint64_t CacheRuntime::pickKey(Station &s, Rng &rng, int keyClass, uint32_t &klass)
{
    if (keyClass >= 0 && size_t(keyClass) < s.samplers.size()) {
        klass = uint32_t(keyClass);
    } else {
        klass = 0;
        if (s.samplers.size() > 1) {
            const double u = rng.uniform();
            while (klass + 1 < s.cumulative.size() && u >= s.cumulative[klass])
                ++klass;
        }
    }
    const auto rank = uint64_t(s.samplers[klass](rng));
    return CacheStore::classKey(klass, rank);
}

CacheRuntime::Read CacheRuntime::read(uint32_t cache, uint32_t visit, int keyClass, double now)
{
    Station &s = m_stations[cache];
    if (visit >= m_state.size())
        m_state.resize(visit + 1024);
    VisitRead &r = m_state[visit];
    r.key = pickKey(s, s.keyRng, keyClass, r.keyClass);
    if (s.pubsub)
        s.pubsub->deliver(s.store, now);
    const LookupResult l = s.store.lookup(r.key, now);
    ++s.secLookups;
    ++s.classLookups[r.keyClass];
    if (l.hit()) {
        ++s.secHits;
        ++s.classHits[r.keyClass];
        if (l.outcome == LookupOutcome::StaleHit) {
            s.staleAge.record(l.stale_age_s);
            ++s.classStale[r.keyClass];
        }
        r.miss = false;
        return Read::Hit;
    }
    r.nextWaiter = kNone;
    if (s.coalescing) {
        const auto [it, first] = s.inFlight.try_emplace(r.key, visit);
        if (!first) {
            // Join the leader's chain; the leader's fill answers this visit too.
            VisitRead &leader = m_state[it->second];
            r.miss = false;
            r.nextWaiter = leader.nextWaiter;
            leader.nextWaiter = visit;
            return Read::Coalesced;
        }
    }
    // The fill reads the database now: the version it will store is the current one.
    r.version = s.store.currentVersion(r.key);
    r.miss = true;
    return Read::Miss;
}

void CacheRuntime::filled(uint32_t cache, uint32_t visit, double now, bool ok,
                          std::vector<uint32_t> &waiters)
{
    if (visit >= m_state.size())
        return;
    VisitRead &r = m_state[visit];
    if (!r.miss)
        return;
    r.miss = false;
    if (r.bypass) {
        r.bypass = false; // the cache was down: nothing to store, nobody coalesced on it
        return;
    }
    Station &s = m_stations[cache];
    if (s.pubsub)
        s.pubsub->deliver(s.store, now);
    if (ok && s.store.fill(r.key, r.version, now, r.keyClass)
        && uint64_t(s.store.size()) > m_maxEntries && m_overflow < 0) [[unlikely]]
        m_overflow = int32_t(cache);
    if (s.coalescing) {
        s.inFlight.erase(r.key);
        for (uint32_t w = r.nextWaiter; w != kNone; w = m_state[w].nextWaiter)
            waiters.push_back(w);
        r.nextWaiter = kNone;
    }
}

void CacheRuntime::fallThrough(uint32_t cache, uint32_t visit)
{
    if (visit >= m_state.size())
        m_state.resize(visit + 1024);
    VisitRead &r = m_state[visit];
    r.miss = true;
    r.bypass = true;
    r.nextWaiter = kNone;
    ++m_stations[cache].fallthroughs;
}

void CacheRuntime::write(uint32_t cache, double now, bool listening)
{
    Station &s = m_stations[cache];
    uint32_t klass = 0;
    // A write touches a key of the same popularity as the reads (class chosen by share).
    const uint64_t key = pickKey(s, s.writeRng, -1, klass);
    if (s.pubsub)
        s.pubsub->deliver(s.store, now);
    s.store.write(key, now);
    if (s.pubsub)
        s.pubsub->publish(key, now, listening);
    if (s.store.writtenKeys() > m_maxEntries && m_overflow < 0) [[unlikely]]
        m_overflow = int32_t(cache);
}

std::string CacheRuntime::overflowMessage(double now) const
{
    const auto cache = uint32_t(m_overflow);
    const CacheStore &store = m_stations[cache].store;
    const uint32_t node = m_net.caches[cache].node;
    const bool held = uint64_t(store.size()) > m_maxEntries;
    const std::string place = "/components/" + std::to_string(node);
    return "cache '" + m_net.nodes[node].id + "' (" + place + ") " +
           (held ? "holds" : "has seen writes to") + " more than " +
           std::to_string(m_maxEntries) + " keys at t=" + std::to_string(now) +
           " s; its tables take " + std::to_string(store.memoryBytes() >> 20) +
           " MiB and grow with every new key (about 100 bytes each); lower " + place +
           (held ? "/capacity or the keys" : "/keys") + " or shorten the run";
}

void CacheRuntime::startMeasuring()
{
    for (Station &s : m_stations) {
        s.store.resetCounters();
        s.staleAge.clear();
        s.fallthroughs = 0;
        if (s.pubsub)
            s.pubsub->resetCounters();
        std::fill(s.classLookups.begin(), s.classLookups.end(), 0);
        std::fill(s.classHits.begin(), s.classHits.end(), 0);
        std::fill(s.classStale.begin(), s.classStale.end(), 0);
    }
}

void CacheRuntime::tick(std::vector<double> &hitRatios)
{
    hitRatios.clear();
    for (Station &s : m_stations) {
        hitRatios.push_back(s.secLookups ? double(s.secHits) / double(s.secLookups) : 0.0);
        s.secLookups = s.secHits = 0;
    }
}

void CacheRuntime::figures(uint32_t cache, CacheFigures &out) const
{
    const Station &s = m_stations[cache];
    const CacheCounters &c = s.store.counters();
    out.hit_ratio.value = c.hitRatio();
    out.stale_ratio.value = c.staleRatio();
    out.stale_age_ms_p50.value = s.staleAge.quantile(0.50) * 1000.0;
    out.stale_age_ms_p99.value = s.staleAge.quantile(0.99) * 1000.0;
    out.lookups.value = double(c.lookups);
    out.evictions.value = double(c.evictions);
    out.expirations.value = double(c.expirations);
    out.fills.value = double(c.fills);
    out.invalidations.value = double(c.invalidations + c.updates);
    out.fallthroughs.value = double(s.fallthroughs);
    out.pubsub = s.pubsub.has_value();
    if (s.pubsub) {
        out.pubsub_delivered.value = double(s.pubsub->delivered());
        out.pubsub_lost.value = double(s.pubsub->lost());
    }
    out.classes.clear();
    for (size_t k = 0; k < s.classNames.size(); ++k) {
        KeyClassFigures f;
        f.name = s.classNames[k];
        const double n = double(s.classLookups[k]);
        f.lookups.value = n;
        f.hit_ratio.value = n > 0 ? double(s.classHits[k]) / n : 0.0;
        f.stale_ratio.value = n > 0 ? double(s.classStale[k]) / n : 0.0;
        out.classes.push_back(std::move(f));
    }
}

} // namespace archsim::simulator::engine
