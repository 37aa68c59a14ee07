// The realtime fan-out (docs/realtime.md) on the user's path: `archsim-cli simulate` of a
// model whose service publishes 200 messages/s to a realtime gateway of 50,000 connections
// (4 replicas, 500 channels, Zipf 1, 2 subscriptions each; 5% slow clients with disconnect and
// history), 60 simulated seconds, one replication: about 3,400 subscribers per message on
// average, so ~41M deliveries. The in-process variant times runSimulation alone, and Arg 0
// leaves the gateway's connections at 1 (the engine's share of the time).

#include "archsim/model/io.h"
#include "archsim/simulator/simulation.h"

#include "clirun.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

using namespace archsim;

namespace {

model::Model fanOutModel(int64_t connections)
{
    model::Model m;
    m.name = "fan-out";
    model::Component src;
    src.id = "src";
    src.kind = model::ComponentKind::Client;
    src.rps = 200;
    model::Component pub;
    pub.id = "pub";
    pub.workers = 64;
    pub.service_time = model::Distribution{model::DistKind::Constant, 0.1};
    model::Component ws;
    ws.id = "ws";
    ws.kind = model::ComponentKind::Realtime;
    ws.replicas = 4;
    ws.workers = 64;
    model::RealtimeSettings r;
    r.connections = connections;
    r.channels = 500;
    r.channel_zipf = 1;
    r.subscriptions = 2;
    r.queue_bytes = 256 * 1024;
    r.history_size = 1000;
    r.history_ttl_s = 300;
    ws.realtime = r;
    m.components = {src, pub, ws};
    model::Link call;
    call.from = "src";
    call.to = "pub";
    model::Link publish;
    publish.from = "pub";
    publish.to = "ws";
    publish.kind = model::LinkKind::Publish;
    m.links = {call, publish};
    return m;
}

[[maybe_unused]] std::string modelFile(int64_t connections)
{
    auto dir = std::filesystem::temp_directory_path() / "archsim-bench";
    std::filesystem::create_directories(dir);
    std::string file = (dir / ("fanout-" + std::to_string(connections) + ".json")).string();
    if (model::Status s = model::saveModel(fanOutModel(connections), file); !s.ok())
        throw std::runtime_error(s.message());
    return file;
}

#ifdef ARCHSIM_CLI
// Runs `archsim-cli simulate FILE --duration 60 --replications 1 --threads 1`.
int runCli(const std::string &file)
{
    return benchcli::run(ARCHSIM_CLI, {"simulate", file, "--duration", "60", "--replications",
                                       "1", "--threads", "1"})
        .exitCode;
}

void CliFanOut50k(benchmark::State &state)
{
    const std::string file = modelFile(state.range(0) ? 50000 : 1);
    for (auto _ : state)
        if (int code = runCli(file); code != 0)
            state.SkipWithError(("archsim-cli simulate exited " + std::to_string(code)).c_str());
}
BENCHMARK(CliFanOut50k)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(1)
    ->UseRealTime();
#endif

void SimulateFanOut50k(benchmark::State &state)
{
    const model::Model m = fanOutModel(50000);
    simulator::SimulationOptions o;
    o.duration_s = 60;
    o.replications = 1;
    o.threads = 1;
    double deliveries = 0;
    for (auto _ : state) {
        auto r = simulator::runSimulation(m, o);
        if (!r.ok()) {
            state.SkipWithError(r.message().c_str());
            return;
        }
        deliveries = r.value().realtime[0].deliveries.value;
    }
    state.counters["deliveries"] = deliveries;
    state.counters["deliveries_per_s"] =
        benchmark::Counter(deliveries, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(SimulateFanOut50k)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
