// Benchmark of the analytic estimate on a layered 1,000-component model (issue 4: < 20 ms).
// Run: build-release/tests/bench/bench_analytic (see docs/PERFORMANCE.md).

#include "archsim/model/analytic.h"

#include <benchmark/benchmark.h>

#include <string>

using namespace archsim::model;

namespace {

// Ten clients over ten layers of 99 stations; each station calls three of the next layer.
Model layeredModel(int stations)
{
    Model m;
    const int layers = 10;
    const int perLayer = stations / layers;
    for (int c = 0; c < 10; ++c) {
        Component cl;
        cl.id = "client-" + std::to_string(c);
        cl.kind = ComponentKind::Client;
        cl.rps = 50;
        m.components.push_back(cl);
    }
    for (int l = 0; l < layers; ++l) {
        for (int i = 0; i < perLayer; ++i) {
            Component s;
            s.id = "s-" + std::to_string(l) + "-" + std::to_string(i);
            s.kind = l == layers - 1 ? ComponentKind::Database : ComponentKind::Service;
            s.workers = 8;
            s.replicas = 2;
            s.service_time = Distribution{DistKind::Lognormal, 1.0, 1.2, 2, 0.5};
            m.components.push_back(s);
        }
    }
    for (int c = 0; c < 10; ++c) {
        for (int i = c; i < perLayer; i += 10) {
            Link k;
            k.from = "client-" + std::to_string(c);
            k.to = "s-0-" + std::to_string(i);
            k.probability = 0.1;
            k.id = k.from + "-" + k.to;
            m.links.push_back(k);
        }
    }
    for (int l = 0; l + 1 < layers; ++l) {
        for (int i = 0; i < perLayer; ++i) {
            for (int j = 0; j < 3; ++j) {
                Link k;
                k.from = "s-" + std::to_string(l) + "-" + std::to_string(i);
                k.to = "s-" + std::to_string(l + 1) + "-" + std::to_string((i * 7 + j) % perLayer);
                k.probability = 0.3;
                k.kind = l + 2 == layers ? LinkKind::Read : LinkKind::Call;
                k.id = k.from + "-" + k.to + "-" + std::to_string(j);
                m.links.push_back(k);
            }
        }
    }
    return m;
}

void BM_Estimate1000(benchmark::State &state)
{
    const Model m = layeredModel(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        AnalyticEstimate est = estimate(m);
        benchmark::DoNotOptimize(est);
    }
    state.counters["components"] = static_cast<double>(m.components.size());
    state.counters["links"] = static_cast<double>(m.links.size());
}
BENCHMARK(BM_Estimate1000)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
