// Benchmarks of the load simulator (issue 4). Results and the exact commands are recorded in
// docs/PERFORMANCE.md.
//
//  - MM1_10M: M/M/1 at rho 0.9 until 10 million customers have arrived, one replication on one
//    thread, through the public API (events per second as a counter). MM1_300s: the same for
//    300 simulated seconds, to count instructions under callgrind.
//  - HandWrittenLoop_10M: the same queue as a minimal hand-written C++ event loop (a binary
//    heap of (time, type), an integer queue length, no metrics), the floor to compare with;
//    HandWrittenLoopWithLatency_10M adds the FIFO of arrival times needed for the mean sojourn.
//  - Ecommerce10min: resources/examples/ecommerce.json, 600 simulated seconds, one thread.
//  - Replications/threads: 8 replications of an M/M/1 on 1 and 2 threads (wall time).
//  - KeyedStream64_20k: issue 18's stream case (a keyed stream, 64 partitions, 20,000
//    messages/s, 10 simulated minutes), engine and stream kernel together.

#include "archsim/model/io.h"
#include "archsim/simulator/random.h"
#include "archsim/simulator/sampler.h"
#include "archsim/simulator/simulation.h"

#include "clirun.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <queue>
#include <vector>

using namespace archsim;

namespace {

model::Model mm1(double rps, double meanMs)
{
    model::Model m;
    m.name = "mm1";
    model::Component c;
    c.id = "src";
    c.kind = model::ComponentKind::Client;
    c.rps = rps;
    model::Component s;
    s.id = "s";
    s.service_time = model::Distribution{model::DistKind::Exponential, meanMs};
    m.components = {c, s};
    model::Link l;
    l.from = "src";
    l.to = "s";
    m.links = {l};
    return m;
}

// Runs `m` with `o` once per iteration; counts the events (a rate, and per iteration).
void runEach(benchmark::State &state, const model::Model &m, const simulator::SimulationOptions &o)
{
    uint64_t events = 0;
    for (auto _ : state) {
        auto r = simulator::runSimulation(m, o);
        if (!r.ok()) {
            state.SkipWithError(r.message().c_str());
            return;
        }
        events += r->events;
        benchmark::DoNotOptimize(r->summary.latency_ms.mean.value);
    }
    state.counters["events_per_s"] = benchmark::Counter(double(events),
                                                        benchmark::Counter::kIsRate);
    state.counters["events"] = double(events) / double(state.iterations());
}

void MM1_10M(benchmark::State &state)
{
    simulator::SimulationOptions o;
    o.duration_s = 1e7 / 900; // 10 million expected arrivals
    o.threads = 1;
    runEach(state, mm1(900, 1.0), o);
}
BENCHMARK(MM1_10M)->Unit(benchmark::kMillisecond)->Iterations(3);

#ifdef ARCHSIM_CLI
// The path users run (issue 18: "add the CLI path to the benchmark"): `archsim-cli simulate`
// on MM1_10M's model, text output, in a child process: start, load, the simulation with its
// per-second timeline (Arg 1; Arg 60: --timeline-step 60) and the report. The time is the
// child's CPU time (user + system), to hold against MM1_10M's CPU column.
void CliSimulate_MM1_10M(benchmark::State &state)
{
    const auto dir = std::filesystem::temp_directory_path() / "archsim-bench";
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "mm1.json").string();
    if (auto s = model::saveModel(mm1(900, 1.0), file); !s.ok()) {
        state.SkipWithError(s.message().c_str());
        return;
    }
    const std::vector<std::string> args{"simulate", file, "--duration", std::to_string(1e7 / 900),
                                        "--threads", "1", "--timeline-step",
                                        std::to_string(state.range(0)), "-o", "/dev/null"};
    for (auto _ : state) {
        const auto r = benchcli::run(ARCHSIM_CLI, args);
        if (r.exitCode != 0) {
            state.SkipWithError(("archsim-cli exited " + std::to_string(r.exitCode)).c_str());
            return;
        }
        state.SetIterationTime(r.cpuS);
    }
}
BENCHMARK(CliSimulate_MM1_10M)->Arg(1)->Arg(60)->UseManualTime()->Unit(benchmark::kMillisecond)
    ->Iterations(3);
#endif

// The same M/M/1 for 300 simulated seconds (about 270,000 customers), one iteration: short
// enough to count instructions under valgrind --tool=callgrind (docs/PERFORMANCE.md).
void MM1_300s(benchmark::State &state)
{
    simulator::SimulationOptions o;
    o.duration_s = 300;
    o.threads = 1;
    runEach(state, mm1(900, 1.0), o);
}
BENCHMARK(MM1_300s)->Unit(benchmark::kMillisecond)->Iterations(1);

// The floor: the same M/M/1 with nothing but a heap, two samplers and a queue counter.
void HandWrittenLoop_10M(benchmark::State &state)
{
    struct Ev {
        double t;
        int type; // 0 arrival, 1 departure
        bool operator>(const Ev &o) const { return t > o.t; }
    };
    uint64_t events = 0;
    for (auto _ : state) {
        simulator::Rng arrivals(1), service(2);
        std::priority_queue<Ev, std::vector<Ev>, std::greater<>> heap;
        const double end = 1e7 / 900;
        heap.push({simulator::sampleExponential(arrivals, 1.0 / 900), 0});
        int inSystem = 0;
        double busy = 0, lastStart = 0;
        uint64_t n = 0;
        while (!heap.empty()) {
            const Ev e = heap.top();
            heap.pop();
            if (e.t > end)
                break;
            ++n;
            if (e.type == 0) {
                heap.push({e.t + simulator::sampleExponential(arrivals, 1.0 / 900), 0});
                if (inSystem++ == 0) {
                    lastStart = e.t;
                    heap.push({e.t + simulator::sampleExponential(service, 0.001), 1});
                }
            } else if (--inSystem > 0) {
                heap.push({e.t + simulator::sampleExponential(service, 0.001), 1});
            } else {
                busy += e.t - lastStart;
            }
        }
        events += n;
        benchmark::DoNotOptimize(busy);
    }
    state.counters["events_per_s"] = benchmark::Counter(double(events),
                                                        benchmark::Counter::kIsRate);
    state.counters["events"] = double(events) / double(state.iterations());
}
BENCHMARK(HandWrittenLoop_10M)->Unit(benchmark::kMillisecond)->Iterations(3);

// The floor that also answers the question: the same loop keeping each waiting customer's
// arrival time (a FIFO) so that it can report the mean sojourn time.
void HandWrittenLoopWithLatency_10M(benchmark::State &state)
{
    struct Ev {
        double t;
        int type; // 0 arrival, 1 departure
        bool operator>(const Ev &o) const { return t > o.t; }
    };
    uint64_t events = 0;
    for (auto _ : state) {
        simulator::Rng arrivals(1), service(2);
        std::priority_queue<Ev, std::vector<Ev>, std::greater<>> heap;
        std::vector<double> fifo(1 << 16);
        size_t head = 0, size = 0;
        const double end = 1e7 / 900;
        heap.push({simulator::sampleExponential(arrivals, 1.0 / 900), 0});
        double sojournSum = 0;
        uint64_t n = 0, served = 0;
        while (!heap.empty()) {
            const Ev e = heap.top();
            heap.pop();
            if (e.t > end)
                break;
            ++n;
            if (e.type == 0) {
                heap.push({e.t + simulator::sampleExponential(arrivals, 1.0 / 900), 0});
                fifo[(head + size++) & (fifo.size() - 1)] = e.t;
                if (size == 1)
                    heap.push({e.t + simulator::sampleExponential(service, 0.001), 1});
            } else {
                sojournSum += e.t - fifo[head];
                head = (head + 1) & (fifo.size() - 1);
                ++served;
                if (--size > 0)
                    heap.push({e.t + simulator::sampleExponential(service, 0.001), 1});
            }
        }
        events += n;
        benchmark::DoNotOptimize(sojournSum / double(served));
    }
    state.counters["events_per_s"] = benchmark::Counter(double(events),
                                                        benchmark::Counter::kIsRate);
}
BENCHMARK(HandWrittenLoopWithLatency_10M)->Unit(benchmark::kMillisecond)->Iterations(3);

void Ecommerce10min(benchmark::State &state)
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    if (!loaded.ok()) {
        state.SkipWithError(loaded.message().c_str());
        return;
    }
    simulator::SimulationOptions o;
    o.duration_s = 600;
    o.threads = 1;
    runEach(state, loaded.value(), o);
}
BENCHMARK(Ecommerce10min)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same example through a failure scenario (its "db-failover": the primary hangs for 90 s,
// timeouts, retries, breakers, failover, orphaned work): what the failure and resilience
// machinery costs while it is busy, next to the nominal run above.
void EcommerceDbFailover(benchmark::State &state)
{
    auto loaded = model::loadModel(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
    if (!loaded.ok()) {
        state.SkipWithError(loaded.message().c_str());
        return;
    }
    simulator::SimulationOptions o;
    o.scenario = "db-failover";
    o.threads = 1;
    runEach(state, loaded.value(), o);
}
BENCHMARK(EcommerceDbFailover)->Unit(benchmark::kMillisecond)->Iterations(3);

// Issue 18's stream case: a client at 20,000 requests/s through a publisher service that
// publishes each one, keyed over 100,000 keys, to a stream of 64 partitions read by 64
// consumers at 2 ms (utilization 0.625 per partition), 600 simulated seconds, one thread:
// the load engine (12M requests, 12M publishes) and the stream kernel (12M messages). Arg 0
// leaves the consume link out: the engine alone, so the difference is the stream kernel.
void KeyedStream64_20k(benchmark::State &state)
{
    model::Model m;
    m.name = "stream";
    model::Component c;
    c.id = "src";
    c.kind = model::ComponentKind::Client;
    c.rps = 20000;
    model::Component pub;
    pub.id = "pub";
    pub.workers = 64;
    pub.service_time = model::Distribution{model::DistKind::Constant, 0.001};
    model::Component log;
    log.id = "events";
    log.kind = model::ComponentKind::Stream;
    log.workers = 64;
    log.service_time = model::Distribution{model::DistKind::Constant, 0.001};
    log.stream = model::StreamSettings{};
    log.stream->partitions = 64;
    model::Component w;
    w.id = "worker";
    w.kind = model::ComponentKind::Worker;
    w.replicas = 64;
    w.service_time = model::Distribution{model::DistKind::Exponential, 2.0};
    m.components = {c, pub, log, w};
    model::Link call;
    call.from = "src";
    call.to = "pub";
    model::Link publish;
    publish.from = "pub";
    publish.to = "events";
    publish.kind = model::LinkKind::Publish;
    publish.key = model::MessageKey{100000, 0.0, true};
    model::Link consume;
    consume.from = "worker";
    consume.to = "events";
    consume.kind = model::LinkKind::Consume;
    m.links = {call, publish};
    if (state.range(0) != 0)
        m.links.push_back(consume);
    simulator::SimulationOptions o;
    o.duration_s = 600;
    o.threads = 1;
    runEach(state, m, o);
}
BENCHMARK(KeyedStream64_20k)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(1);

void Replications(benchmark::State &state)
{
    const auto m = mm1(900, 1.0);
    simulator::SimulationOptions o;
    o.duration_s = 500;
    o.replications = 8;
    o.threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        auto r = simulator::runSimulation(m, o);
        benchmark::DoNotOptimize(r->summary.latency_ms.mean.value);
    }
}
BENCHMARK(Replications)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()
    ->Iterations(3);

} // namespace

BENCHMARK_MAIN();
