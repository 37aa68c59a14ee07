// Benchmarks of the capacity sweep (issue 23). Results and the exact commands are recorded in
// docs/PERFORMANCE.md ("Capacity sweeps").
//
//  - Example/threads:T: resources/sweeps/ecommerce-peak.json on the e-commerce example (18
//    points x 2 scenarios x up to 4 replications) with pruning and early stopping, on T
//    threads; counters: points per second, simulation runs.
//  - ExampleFullGrid/threads:T: the same with pruning and early stopping off (every point, every
//    replication). The benchmark fails if its cheapest feasible point differs from the
//    searched one's, so the saving is measured at the same answer.

#include "archsim/model/io.h"
#include "archsim/sweep/spec.h"
#include "archsim/sweep/sweep.h"

#include <benchmark/benchmark.h>


using namespace archsim;

namespace {

struct Example {
    model::Model model;
    sweep::SweepSpec spec;
};

const Example &example()
{
    static const Example e = [] {
        auto m = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
        auto text = model::readFile(ARCHSIM_SOURCE_DIR "/resources/sweeps/ecommerce-peak.json");
        if (!m.ok() || !text.ok())
            std::abort();
        auto spec = sweep::parseSpec(text.value(), "ecommerce-peak.json", m.value());
        if (!spec.ok())
            std::abort();
        return Example{m.value(), spec.value()};
    }();
    return e;
}

// The cheapest feasible point's index of a result, or -1.
int cheapest(const sweep::SweepResult &r)
{
    const auto doc = nlohmann::json::parse(sweep::toJson(r));
    return doc["cheapest"].is_null() ? -1 : doc["cheapest"]["index"].get<int>();
}

void runExample(benchmark::State &state, bool search)
{
    const Example &e = example();
    sweep::SweepOptions o;
    o.threads = static_cast<int>(state.range(0));
    o.prune = search;
    o.earlyStop = search;
    size_t runs = 0, points = 0;
    int answer = -1;
    for (auto _ : state) {
        auto r = sweep::runSweep(e.model, e.spec, o);
        if (!r.ok()) {
            state.SkipWithError(r.message().c_str());
            return;
        }
        const auto doc = nlohmann::json::parse(sweep::toJson(r.value()));
        runs += doc["summary"]["replications"].get<size_t>();
        points += r->points.size();
        answer = cheapest(r.value());
    }
    // The answer the search must keep: the cheapest feasible point of the full grid.
    static int fullAnswer = -2;
    if (!search)
        fullAnswer = answer;
    else if (fullAnswer != -2 && fullAnswer != answer)
        state.SkipWithError("the search's cheapest point differs from the full grid's");
    state.counters["points_per_s"] =
        benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsRate);
    state.counters["runs"] = static_cast<double>(runs) / static_cast<double>(state.iterations());
    state.counters["cheapest"] = answer;
}

void Example(benchmark::State &state) { runExample(state, true); }
void ExampleFullGrid(benchmark::State &state) { runExample(state, false); }

} // namespace

// The full grid first, so the searched runs can check they reach its answer.
BENCHMARK(ExampleFullGrid)->ArgName("threads")->Arg(2)->Iterations(1)->UseRealTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(Example)->ArgName("threads")->Arg(1)->Arg(2)->Iterations(1)->UseRealTime()
    ->Unit(benchmark::kSecond);

BENCHMARK_MAIN();
