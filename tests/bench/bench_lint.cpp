// Lint and graph analysis on a generated model of about 100,000 entities (components, links,
// tables, columns, indexes, foreign keys), full and after one edit (issue 5: < 200 ms full,
// < 20 ms after one edit). Figures in docs/PERFORMANCE.md.

#include "archsim/model/analysis.h"
#include "archsim/model/lint.h"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

using namespace archsim::model;

namespace {

struct Rng {
    uint64_t s;
    uint64_t next()
    {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    int below(int n) { return int(next() % uint64_t(n)); }
};

Column column(const std::string &name, const char *type, bool sensitive = false)
{
    Column c;
    c.name = name;
    c.type = LogicalType::parse(type).value();
    c.sensitive = sensitive;
    return c;
}

// 10,000 components in 10 layers (20 clients), 20,000 links, 100 schemas x 50 tables with 12
// columns, 2 indexes and a foreign key each: about 100,000 entities in all.
Model bigModel()
{
    Rng rng{42};
    Model m;
    m.zones = {"zone-a", "zone-b", "zone-c"};
    const int layers = 10, perLayer = 998;
    for (int c = 0; c < 20; ++c) {
        Component cl;
        cl.id = "client-" + std::to_string(c);
        cl.kind = ComponentKind::Client;
        cl.rps = 20;
        cl.profile = {{60, 40}};
        m.components.push_back(cl);
    }
    for (int l = 0; l < layers; ++l) {
        for (int i = 0; i < perLayer; ++i) {
            Component s;
            s.id = "s-" + std::to_string(l) + "-" + std::to_string(i);
            s.kind = l == layers - 1 ? ComponentKind::Database
                     : l == layers - 2 ? ComponentKind::Cache : ComponentKind::Service;
            s.replicas = 1 + rng.below(3);
            s.workers = 8;
            s.zones = {m.zones[size_t(rng.below(3))], m.zones[size_t(rng.below(3))]};
            if (s.kind == ComponentKind::Database)
                s.schema = "schema-" + std::to_string(i % 100);
            if (s.kind == ComponentKind::Cache)
                s.ttl_s = rng.below(2) ? 60 : 0;
            m.components.push_back(s);
        }
    }
    auto addLink = [&](const std::string &from, const std::string &to, LinkKind kind) {
        Link k;
        k.from = from;
        k.to = to;
        k.kind = kind;
        k.id = from + "--" + to + "-" + std::to_string(m.links.size());
        k.probability = 0.2;
        k.tls = rng.below(4) != 0;
        if (rng.below(3))
            k.timeout_ms = 500;
        if (rng.below(5) == 0)
            k.retries = Retries{2, 0, 0, Jitter::None, 0};
        if (kind == LinkKind::Write || kind == LinkKind::Fill)
            k.tables = {"t-" + std::to_string(rng.below(50))};
        m.links.push_back(k);
    };
    for (int c = 0; c < 20; ++c)
        for (int j = 0; j < 50; ++j)
            addLink("client-" + std::to_string(c), "s-0-" + std::to_string(rng.below(perLayer)),
                    LinkKind::Call);
    while (m.links.size() < 20000) {
        const int l = rng.below(layers - 1);
        const std::string from = "s-" + std::to_string(l) + "-" + std::to_string(rng.below(perLayer));
        const std::string to = "s-" + std::to_string(l + 1) + "-" + std::to_string(rng.below(perLayer));
        const LinkKind kind = l + 2 == layers ? LinkKind::Fill
                              : l + 1 == layers - 2 ? LinkKind::Read : LinkKind::Call;
        addLink(from, to, kind);
    }
    for (int s = 0; s < 100; ++s) {
        Schema schema;
        schema.id = "schema-" + std::to_string(s);
        for (int t = 0; t < 50; ++t) {
            Table table;
            table.name = "t-" + std::to_string(t);
            table.columns.push_back(column("id", "bigint"));
            table.columns.push_back(column("parent_id", "bigint"));
            table.columns.push_back(column("ref", rng.below(10) ? "uuid" : "varchar(36)"));
            for (int c = 3; c < 12; ++c)
                table.columns.push_back(column("c" + std::to_string(c), "text", c == 5));
            if (rng.below(20))
                table.primary_key = {"id"};
            table.indexes.push_back({"ix-" + std::to_string(t) + "-a", {{"parent_id", false},
                                                                        {"c3", false}}, false});
            if (rng.below(4) == 0)
                table.indexes.push_back({"ix-" + std::to_string(t) + "-b", {{"parent_id", false}},
                                         false});
            table.foreign_keys.push_back({"", {rng.below(2) ? "parent_id" : "c4"}, "t-0",
                                          {"id"}});
            table.rows_per_month = double(rng.below(1000000));
            schema.tables.push_back(std::move(table));
        }
        m.schemas.push_back(std::move(schema));
    }
    return m;
}

size_t entities(const Model &m)
{
    size_t n = m.components.size() + m.links.size();
    for (const auto &s : m.schemas)
        for (const auto &t : s.tables)
            n += 1 + t.columns.size() + t.indexes.size() + t.foreign_keys.size();
    return n;
}

const Model &model()
{
    static const Model m = bigModel();
    return m;
}

void BM_LintFull(benchmark::State &state)
{
    const Model &m = model();
    size_t findings = 0;
    for (auto _ : state) {
        LintReport r = lint(m);
        findings = r.findings.size();
        benchmark::DoNotOptimize(r);
    }
    state.counters["entities"] = double(entities(m));
    state.counters["findings"] = double(findings);
}
BENCHMARK(BM_LintFull)->Unit(benchmark::kMillisecond);

// One edit between updates of a Linter that keeps its results (what the GUI does on every
// keystroke). Kinds: 0 = a column in one table, 1 = a component's description (no graph
// rule reads it), 2 = a component's replicas (the graph rules and the estimate run again).
void BM_LintAfterEdit(benchmark::State &state)
{
    Model m = model();
    Linter linter;
    linter.update(m);
    int i = 0;
    const int kind = int(state.range(0));
    size_t findings = 0;
    for (auto _ : state) {
        if (kind == 0) {
            Table &t = m.schemas[size_t(i % 100)].tables[size_t(i % 50)];
            t.columns[6].nullable = !t.columns[6].nullable;
        } else if (kind == 1) {
            m.components[size_t(20 + i % 9000)].description = "edit " + std::to_string(i);
        } else {
            m.components[size_t(20 + i % 9000)].replicas ^= 3;
        }
        ++i;
        const LintView &v = linter.update(m);
        findings = v.findings.size();
        benchmark::DoNotOptimize(findings);
    }
    state.counters["findings"] = double(findings);
}
BENCHMARK(BM_LintAfterEdit)->ArgName("kind")->Arg(0)->Arg(1)->Arg(2)
    ->Unit(benchmark::kMillisecond);

void BM_AnalyzeAndEstimate(benchmark::State &state)
{
    const Model &m = model();
    for (auto _ : state) {
        AnalyticEstimate est = estimate(m);
        Analysis a = analyze(m, &est);
        benchmark::DoNotOptimize(a);
    }
}
BENCHMARK(BM_AnalyzeAndEstimate)->Unit(benchmark::kMillisecond);

void BM_EstimateOnly(benchmark::State &state)
{
    const Model &m = model();
    for (auto _ : state) {
        AnalyticEstimate est = estimate(m);
        benchmark::DoNotOptimize(est);
    }
}
BENCHMARK(BM_EstimateOnly)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
