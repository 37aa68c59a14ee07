// Model persistence and lookup at the 100,000-entity scale of issue #2: load and save of both
// formats, validation, and component lookup by id (O(1): the same time at two sizes).
// Results and the command: docs/PERFORMANCE.md.

#include "archsim/model/generator.h"
#include "archsim/model/index.h"
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

using namespace archsim::model;

namespace {

// 2,000 components, ~3,000 links, 5,000 tables, ~104,000 columns, their keys and indexes.
const Model &bigModel()
{
    static const Model m = [] {
        GeneratorOptions o;
        o.components = 2000;
        o.tables = 5000;
        o.columnsPerTable = 20;
        o.schemas = 50;
        o.zones = 3;
        o.scenarios = 5;
        return generateModel(20261129, o);
    }();
    return m;
}

std::string scratch(const char *name)
{
    auto dir = std::filesystem::temp_directory_path() / "archsim-bench";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

void check(const Status &s)
{
    if (!s.ok())
        throw std::runtime_error(s.message());
}

void counters(benchmark::State &state, const std::string &file)
{
    const Model &m = bigModel();
    size_t columns = 0, tables = 0;
    for (const auto &s : m.schemas)
        for (const auto &t : s.tables)
            ++tables, columns += t.columns.size();
    state.counters["components"] = double(m.components.size());
    state.counters["links"] = double(m.links.size());
    state.counters["tables"] = double(tables);
    state.counters["columns"] = double(columns);
    if (!file.empty())
        state.counters["file_MB"] = double(std::filesystem::file_size(file)) / 1e6;
}

void BM_JsonSave(benchmark::State &state)
{
    const Model &m = bigModel();
    std::string file = scratch("big.json");
    for (auto _ : state)
        check(saveModel(m, file)); // toJson + temporary file + fsync + rename
    counters(state, file);
}

void BM_JsonLoad(benchmark::State &state)
{
    std::string file = scratch("big.json");
    check(saveModel(bigModel(), file));
    for (auto _ : state) {
        auto r = loadModelUnchecked(file); // read + parse, no validation
        if (!r.ok())
            throw std::runtime_error(r.message());
        benchmark::DoNotOptimize(r.value().components.data());
    }
    counters(state, file);
}

void BM_ArchsimSave(benchmark::State &state)
{
    const Model &m = bigModel();
    std::string file = scratch("big.archsim");
    std::filesystem::remove(file);
    for (auto _ : state)
        check(saveModel(m, file)); // new database in one transaction + rename
    counters(state, file);
}

void BM_ArchsimLoad(benchmark::State &state)
{
    std::string file = scratch("big.archsim");
    std::filesystem::remove(file);
    check(saveModel(bigModel(), file));
    for (auto _ : state) {
        auto r = readArchsim(file); // header checks, quick_check, all rows
        if (!r.ok())
            throw std::runtime_error(r.message());
        benchmark::DoNotOptimize(r.value().components.data());
    }
    counters(state, file);
}

void BM_Validate(benchmark::State &state)
{
    const Model &m = bigModel();
    for (auto _ : state) {
        Diagnostics d = validate(m);
        if (!d.empty())
            throw std::runtime_error(d.front().place + ": " + d.front().message);
    }
    counters(state, {});
}

void BM_IndexBuild(benchmark::State &state)
{
    const Model &m = bigModel();
    for (auto _ : state) {
        ModelIndex index(m);
        benchmark::DoNotOptimize(&index);
    }
}

Model idOnlyModel(int components)
{
    GeneratorOptions o;
    o.components = components;
    o.tables = 0;
    o.schemas = 0;
    o.scenarios = 0;
    o.linksPerComponent = 0;
    o.exerciseEverything = false;
    return generateModel(7, o);
}

// For contrast: the same lookups by scanning model.components, as code without the index would.
void BM_LookupByScan(benchmark::State &state)
{
    Model m = idOnlyModel(int(state.range(0)));
    std::vector<std::string> ids;
    for (size_t i = 0; i < m.components.size(); i += m.components.size() / 1000 + 1)
        ids.push_back(m.components[i].id);
    size_t i = 0;
    for (auto _ : state) {
        const std::string &id = ids[i++ % ids.size()];
        auto it = std::find_if(m.components.begin(), m.components.end(),
                               [&](const Component &c) { return c.id == id; });
        benchmark::DoNotOptimize(it);
    }
    state.counters["components"] = double(m.components.size());
}

// Lookup of a component by id among state.range(0) components: a constant time per lookup.
void BM_LookupById(benchmark::State &state)
{
    Model m = idOnlyModel(int(state.range(0)));
    ModelIndex index(m);
    std::vector<std::string> ids;
    for (size_t i = 0; i < m.components.size(); i += m.components.size() / 1000 + 1)
        ids.push_back(m.components[i].id);
    size_t i = 0;
    for (auto _ : state) {
        const Component *c = index.component(ids[i++ % ids.size()]);
        benchmark::DoNotOptimize(c);
    }
    state.counters["components"] = double(m.components.size());
}

} // namespace

BENCHMARK(BM_JsonSave)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_JsonLoad)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ArchsimSave)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ArchsimLoad)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_IndexBuild)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_LookupById)->Arg(2000)->Arg(20000)->Arg(200000)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_LookupByScan)->Arg(2000)->Arg(20000)->Arg(200000)->Unit(benchmark::kNanosecond);

BENCHMARK_MAIN();
