// Benchmarks of the cache engine alone (issue 7: Zipf stream, 10^6 keys, 10^5 entries, LRU,
// at least 10 million lookups per second on one thread) and of the analytic estimate the
// GUI evaluates while the architect types. Results: docs/PERFORMANCE.md.
#include "archsim/model/cacheanalytic.h"
#include "archsim/simulator/cache.h"
#include "archsim/simulator/zipf.h"
#include "../simulator/testrng.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

using namespace archsim::simulator;
using archsim::model::Eviction;

namespace {
constexpr int64_t kKeys = 1000000;
constexpr int64_t kEntries = 100000;

// A pre-drawn Zipf stream, so the lookup benchmark measures the cache and not the sampler.
const std::vector<uint64_t> &zipfStream(double s)
{
    static std::vector<uint64_t> stream09, stream10;
    std::vector<uint64_t> &stream = s < 0.95 ? stream09 : stream10;
    if (stream.empty()) {
        archsim::testing::TestRng rng(2024);
        ZipfSampler zipf(kKeys, s);
        stream.resize(size_t(1) << 23);
        for (uint64_t &k : stream)
            k = uint64_t(zipf(rng));
    }
    return stream;
}

CacheStore makeCache(Eviction ev)
{
    CacheConfig c;
    c.capacity = kEntries;
    c.eviction = ev;
    c.seed = 1;
    return std::move(CacheStore::create(c)).value();
}

// One read of the cache-aside loop: look up, fill on a miss.
void lookups(benchmark::State &state, Eviction ev, double s)
{
    const auto &stream = zipfStream(s);
    CacheStore cache = makeCache(ev);
    const size_t mask = stream.size() - 1;
    size_t i = 0;
    for (const uint64_t k : stream) // warm the cache once
        if (!cache.lookup(k, 0).hit())
            cache.fill(k, 0, 0);
    cache.resetCounters();
    for (auto _ : state) {
        const uint64_t k = stream[i++ & mask];
        if (!cache.lookup(k, 0).hit())
            cache.fill(k, 0, 0);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["hit_ratio"] = cache.counters().hitRatio();
}

void BM_Lookup_Lru_Zipf09(benchmark::State &st) { lookups(st, Eviction::Lru, 0.9); }
void BM_Lookup_Lru_Zipf10(benchmark::State &st) { lookups(st, Eviction::Lru, 1.0); }
void BM_Lookup_Lfu_Zipf09(benchmark::State &st) { lookups(st, Eviction::Lfu, 0.9); }
void BM_Lookup_Fifo_Zipf09(benchmark::State &st) { lookups(st, Eviction::Fifo, 0.9); }
void BM_Lookup_Random_Zipf09(benchmark::State &st) { lookups(st, Eviction::Random, 0.9); }
void BM_Lookup_Sieve_Zipf09(benchmark::State &st) { lookups(st, Eviction::Sieve, 0.9); }

// The same loop with the key drawn by the rejection-inversion sampler on every read, and a
// TTL on a clock: what a cache station costs in the simulator.
void BM_LookupWithSamplerAndTtl_Lru_Zipf09(benchmark::State &state)
{
    CacheConfig c;
    c.capacity = kEntries;
    c.ttl_s = 60;
    CacheStore cache = std::move(CacheStore::create(c)).value();
    archsim::testing::TestRng rng(7);
    ZipfSampler zipf(kKeys, 0.9);
    double now = 0;
    for (auto _ : state) {
        now += 1e-5;
        const auto k = uint64_t(zipf(rng));
        if (!cache.lookup(k, now).hit())
            cache.fill(k, 0, now);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["hit_ratio"] = cache.counters().hitRatio();
}

void BM_ZipfSample(benchmark::State &state)
{
    archsim::testing::TestRng rng(9);
    ZipfSampler zipf(state.range(0), 1.0);
    for (auto _ : state)
        benchmark::DoNotOptimize(zipf(rng));
    state.SetItemsProcessed(state.iterations());
}

// The analytic estimate for N keys (capacity 10% of the keys; with a TTL when range(1) = 1).
void BM_Estimate_Lru(benchmark::State &state)
{
    archsim::model::CacheAnalyticInput in;
    in.read_rps = 5000;
    in.capacity = state.range(0) / 10;
    in.eviction = Eviction::Lru;
    in.zipf = 0.9;
    in.classes.push_back({1.0, state.range(0), state.range(1) ? 60.0 : 0.0});
    for (auto _ : state)
        benchmark::DoNotOptimize(estimateCache(in).value().hit_ratio);
}
} // namespace

// The machine is shared: with --benchmark_repetitions=N the "min" row is the least disturbed
// run (its time per lookup; 1e9 / ns = lookups per second).
double minimum(const std::vector<double> &v) { return *std::min_element(v.begin(), v.end()); }
BENCHMARK(BM_Lookup_Lru_Zipf09)->ComputeStatistics("min", minimum);
BENCHMARK(BM_Lookup_Lru_Zipf10)->ComputeStatistics("min", minimum);
BENCHMARK(BM_Lookup_Lfu_Zipf09)->ComputeStatistics("min", minimum);
BENCHMARK(BM_Lookup_Fifo_Zipf09)->ComputeStatistics("min", minimum);
BENCHMARK(BM_Lookup_Random_Zipf09)->ComputeStatistics("min", minimum);
BENCHMARK(BM_Lookup_Sieve_Zipf09)->ComputeStatistics("min", minimum);
BENCHMARK(BM_LookupWithSamplerAndTtl_Lru_Zipf09)->ComputeStatistics("min", minimum);
BENCHMARK(BM_ZipfSample)->Arg(1000000)->Arg(100000000);
BENCHMARK(BM_Estimate_Lru)->Args({1000000, 0})->Args({1000000, 1})->Args({10000000, 0})
    ->Args({10000000, 1})->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
