#pragma once

// Drives a cache store with an independent-reference stream of Zipf keys (IRM), optionally
// on a Poisson clock for TTLs: the harness the cache oracle tests share.

#include "archsim/simulator/cache.h"
#include "archsim/simulator/zipf.h"
#include "testrng.h"

#include <QtGlobal>

#include <algorithm>
#include <vector>

namespace archsim::testing {

struct IrmClass {
    double share = 1.0;
    int64_t keys = 0;
};

struct IrmRun {
    simulator::CacheConfig config;
    std::vector<IrmClass> classes; // reads pick a class by share, then a Zipf rank in it
    double zipf = 1.0;
    double rate = 0;               // reads per second; 0 = no clock (time stays 0)
    int64_t warmup = 0;            // reads before the counters are reset
    int64_t reads = 0;             // measured reads
    uint64_t seed = 1;
};

struct IrmResult {
    double hit_ratio = 0;
    std::vector<double> class_hit_ratio;
    simulator::CacheCounters counters;
};

// Runs the stream: each read looks its key up and fills it on a miss.
inline IrmResult runIrm(const IrmRun &run)
{
    auto store = simulator::CacheStore::create(run.config);
    if (!store.ok())
        qFatal("bad cache config: %s", store.message().c_str());
    simulator::CacheStore &cache = store.value();
    std::vector<simulator::ZipfSampler> samplers;
    std::vector<double> cumulative;
    double total = 0;
    for (const IrmClass &c : run.classes) {
        samplers.emplace_back(c.keys, run.zipf);
        total += c.share;
        cumulative.push_back(total);
    }
    TestRng rng(run.seed);
    std::vector<uint64_t> hits(run.classes.size(), 0), reads(run.classes.size(), 0);
    double now = 0;
    for (int64_t i = 0; i < run.warmup + run.reads; ++i) {
        if (i == run.warmup) {
            cache.resetCounters();
            std::fill(hits.begin(), hits.end(), 0);
            std::fill(reads.begin(), reads.end(), 0);
        }
        if (run.rate > 0)
            now += rng.exponential(run.rate);
        uint32_t klass = 0;
        if (samplers.size() > 1) {
            const double u = rng.uniform01() * total;
            while (klass + 1 < cumulative.size() && u >= cumulative[klass])
                ++klass;
        }
        const auto rank = uint64_t(samplers[klass](rng));
        const uint64_t key = simulator::CacheStore::classKey(klass, rank);
        ++reads[klass];
        if (cache.lookup(key, now).hit())
            ++hits[klass];
        else
            cache.fill(key, cache.currentVersion(key), now, klass);
    }
    IrmResult r;
    r.counters = cache.counters();
    r.hit_ratio = r.counters.hitRatio();
    for (size_t c = 0; c < hits.size(); ++c)
        r.class_hit_ratio.push_back(reads[c] ? double(hits[c]) / double(reads[c]) : 0.0);
    return r;
}

} // namespace archsim::testing
