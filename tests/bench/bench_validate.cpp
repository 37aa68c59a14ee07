// Validation of a model whose scenarios use overrides (issue #15, defect 5): the path users run,
// `archsim-cli validate FILE` in a child process, and validate() in process as the GUI's
// problems dock calls it. The model grows with the number of scenarios (components, links and
// tables in proportion), so linear work keeps the time per scenario flat.
// Results and the command: docs/PERFORMANCE.md.

#include "archsim/model/generator.h"
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include "clirun.h"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

using namespace archsim::model;

namespace {

// A valid model with `scenarios` scenarios, each overriding a component (more replicas) and a
// link (a shorter timeout); 25 components and 8 tables per scenario (40 scenarios: ~1.5 MB).
const Model &overridesModel(int scenarios)
{
    static std::map<int, Model> cache;
    auto it = cache.find(scenarios);
    if (it != cache.end())
        return it->second;
    GeneratorOptions o;
    o.components = 25 * scenarios;
    o.tables = 8 * scenarios;
    o.schemas = 4;
    o.scenarios = scenarios;
    Model m = generateModel(20261206, o);
    for (size_t s = 0; s < m.scenarios.size(); ++s) {
        Scenario &sc = m.scenarios[s];
        sc.overrides.clear();
        sc.overrides.push_back({m.components[(s * 7) % m.components.size()].id,
                                JsonText{R"({"replicas": 3})"}});
        sc.overrides.push_back({m.links[(s * 11) % m.links.size()].id,
                                JsonText{R"({"timeout_ms": 250})"}});
    }
    return cache.emplace(scenarios, std::move(m)).first->second;
}

std::string modelFile(int scenarios)
{
    auto dir = std::filesystem::temp_directory_path() / "archsim-bench";
    std::filesystem::create_directories(dir);
    std::string file = (dir / ("overrides-" + std::to_string(scenarios) + ".json")).string();
    if (Status s = saveModel(overridesModel(scenarios), file); !s.ok())
        throw std::runtime_error(s.message());
    return file;
}

// Runs `archsim-cli validate FILE` and returns its exit code.
int runValidate(const std::string &file)
{
    return benchcli::run(ARCHSIM_CLI, {"validate", file}).exitCode;
}

void counters(benchmark::State &state, const std::string &file)
{
    state.counters["scenarios"] = double(state.range(0));
    state.counters["file_MB"] = double(std::filesystem::file_size(file)) / 1e6;
}

// The user's command, end to end (process start, load, validate, report).
void BM_CliValidateOverrides(benchmark::State &state)
{
    std::string file = modelFile(int(state.range(0)));
    for (auto _ : state)
        if (int code = runValidate(file); code != 0)
            state.SkipWithError(("archsim-cli validate exited " + std::to_string(code)).c_str());
    counters(state, file);
}

// validate() alone, as the GUI's problems dock runs it after an edit.
void BM_ValidateOverrides(benchmark::State &state)
{
    const Model &m = overridesModel(int(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(validate(m));
    counters(state, modelFile(int(state.range(0))));
}

} // namespace

BENCHMARK(BM_CliValidateOverrides)->Arg(10)->Arg(40)->Arg(150)->Unit(benchmark::kMillisecond)
    ->UseRealTime()->Iterations(3);
BENCHMARK(BM_ValidateOverrides)->Arg(10)->Arg(40)->Arg(150)->Unit(benchmark::kMillisecond)
    ->Iterations(3);

BENCHMARK_MAIN();
