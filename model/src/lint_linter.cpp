// The Linter: lint that keeps the findings of unchanged tables, components and links, and
// reruns the graph rules only when a field they read changed.

#include "archsim/model/lint.h"

#include "lint_internal.h"

#include <unordered_map>

namespace archsim::model {

namespace detail {
void splitSuppressed(const Model &model, const std::vector<const RawFinding *> &ordered,
                     LintView &view, Finding *unusedStorage, size_t unusedCapacity,
                     size_t &unusedCount);
} // namespace detail

namespace {

// The fields of a component that the graph rules (analysis, estimate, writes) do not read.
Component graphProjection(Component c)
{
    c.name.clear();
    c.description.clear();
    c.deploy = Deployment{};
    c.position.reset();
    c.encryption_at_rest = false;
    return c;
}

Link graphProjection(Link l)
{
    l.tls = false;
    l.user_specific = false;
    l.purpose = LinkPurpose::Oltp;
    l.timeout_ms.reset();
    l.circuit_breaker.reset();
    l.deadline_propagation = false;
    l.key_class.clear();
    return l;
}

} // namespace

struct Linter::Cache {
    struct TableEntry {
        Table table;
        detail::SchemaContext context;
        detail::Findings findings;
        bool valid = false;
    };
    struct ComponentEntry {
        Component component;
        detail::Findings findings;
    };
    struct LinkEntry {
        Link link;
        detail::LinkContext context;
        detail::Findings findings;
        int fromPos = -1; // endpoint positions when last resolved
        int toPos = -1;
    };
    std::vector<std::vector<TableEntry>> tables;         // by schema, then table position
    std::vector<std::string> schemaIds;                  // by position
    std::vector<ComponentEntry> components;              // by position
    std::vector<LinkEntry> links;                        // by position
    std::unordered_map<std::string, int> schemaTableCounts;
    std::vector<std::string> zones;
    bool graphValid = false;
    // The call graph and its cycles, kept while no id, endpoint or count changes.
    std::optional<detail::CallGraph> graph;
    std::optional<detail::CycleInfo> cycles;
    // Graph rule findings by group: topology (writes, sync cycles, retries) reads only links
    // and component kinds; the SPOF structure (dominators, client reach) only the hard links
    // and the clients, so a replica or zone edit re-emits findings without recomputing it.
    bool topologyValid = false;
    detail::Findings topologyFindings;
    std::optional<detail::SpofStructure> spof;
    std::vector<detail::Findings> spofFindings; // per vertex, built when first needed
    std::vector<int> spofKind;                  // the kind each was built for; -1 = not built
    detail::Findings zoneFindings;
    detail::Findings capacityFindings;
    detail::Findings streamFindings;
    std::vector<std::string> assumptions;
    std::vector<Finding> unused{std::vector<Finding>(64)};
    LintView view;

    // Rebuilds the SPOF structure when the hard links or the set of clients changed.
    void refreshSpof(const detail::CallGraph &g)
    {
        if (spof) {
            bool same = spof->hard == detail::hardDependencies(g);
            size_t next = 0;
            for (int v = 0; v < g.size() && same; ++v) {
                if (g.component(v).kind != ComponentKind::Client)
                    continue;
                same = next < spof->clients.size() && spof->clients[next] == v;
                ++next;
            }
            if (!same || next != spof->clients.size())
                spof.reset();
        }
        if (!spof) {
            spof = detail::spofStructure(g);
            spofFindings.assign(size_t(g.size()), {});
            spofKind.assign(size_t(g.size()), -1);
        }
    }

    // Returns the SPOF finding of vertex v, built on first use (its fix depends on the kind).
    const detail::Findings &spofFindingOf(const detail::CallGraph &g, int v)
    {
        const int kind = int(g.component(v).kind);
        if (spofKind[size_t(v)] != kind) {
            spofFindings[size_t(v)].clear();
            detail::lintSpofComponent(g, *spof, v, spofFindings[size_t(v)]);
            spofKind[size_t(v)] = kind;
        }
        return spofFindings[size_t(v)];
    }
};

Linter::Linter() : m_cache(std::make_unique<Cache>()) {}
Linter::~Linter() = default;

const LintView &Linter::update(const Model &model, const LintOptions &options)
{
    Cache &cache = *m_cache;

    // Tables (by position): re-lint those whose content or databases changed.
    const auto contexts = detail::schemaContexts(model);
    cache.tables.resize(model.schemas.size());
    for (size_t s = 0; s < model.schemas.size(); ++s) {
        const Schema &schema = model.schemas[s];
        const detail::SchemaContext &ctx = contexts.at(schema.id);
        auto &entries = cache.tables[s];
        const bool sameSchema = entries.size() == schema.tables.size() &&
                                cache.schemaIds.size() > s && cache.schemaIds[s] == schema.id;
        entries.resize(schema.tables.size());
        for (size_t t = 0; t < schema.tables.size(); ++t) {
            const Table &table = schema.tables[t];
            Cache::TableEntry &entry = entries[t];
            if (sameSchema && entry.valid && entry.context == ctx && entry.table == table)
                continue;
            entry.findings.clear();
            detail::lintTable(schema, s, table, t, ctx, entry.findings);
            entry.table = table;
            entry.context = ctx;
            entry.valid = true;
        }
    }
    cache.schemaIds.resize(model.schemas.size());
    for (size_t s = 0; s < model.schemas.size(); ++s)
        cache.schemaIds[s] = model.schemas[s].id;

    // Components: re-lint the changed ones; note whether the graph rules must run again.
    bool graphDirty = !cache.graphValid || bool(options.missRatio) ||
                      cache.zones != model.zones ||
                      cache.components.size() != model.components.size() ||
                      cache.links.size() != model.links.size();
    bool topologyDirty = !cache.topologyValid;
    bool structureChanged = !cache.graph ||
                            cache.components.size() != model.components.size() ||
                            cache.links.size() != model.links.size();
    std::vector<char> componentChanged(model.components.size(), 0);
    std::vector<std::string> renamedFrom; // old ids of renamed components: their links change
    bool anyComponentChanged = cache.components.size() != model.components.size();
    for (size_t i = model.components.size(); i < cache.components.size(); ++i)
        renamedFrom.push_back(cache.components[i].component.id); // removed from the end
    cache.components.resize(model.components.size());
    for (size_t i = 0; i < model.components.size(); ++i) {
        Cache::ComponentEntry &entry = cache.components[i];
        const Component &c = model.components[i];
        if (entry.component == c && !entry.component.id.empty())
            continue;
        if (!graphDirty && !(graphProjection(entry.component) == graphProjection(c)))
            graphDirty = true;
        topologyDirty = topologyDirty || entry.component.kind != c.kind ||
                        entry.component.invalidation != c.invalidation;
        componentChanged[i] = 1;
        anyComponentChanged = true;
        if (entry.component.id != c.id) {
            structureChanged = true;
            renamedFrom.push_back(entry.component.id);
        }
        entry.component = c;
        entry.findings.clear();
        detail::lintComponent(c, i, entry.findings);
    }

    // Links: re-lint the changed ones and those whose endpoints or schema changed.
    std::unordered_map<std::string, int> tableCounts;
    for (const auto &s : model.schemas)
        tableCounts[s.id] = int(s.tables.size());
    const bool schemasChanged = tableCounts != cache.schemaTableCounts;
    cache.schemaTableCounts = std::move(tableCounts);
    std::unordered_map<std::string_view, int> countsView;
    for (const auto &[id, n] : cache.schemaTableCounts)
        countsView.emplace(id, n);
    std::unordered_map<std::string_view, char> changedIds;
    for (size_t i = 0; i < componentChanged.size(); ++i)
        if (componentChanged[i])
            changedIds.emplace(model.components[i].id, 1);
    for (const auto &id : renamedFrom)
        changedIds.emplace(id, 1);
    const bool linksResized = cache.links.size() != model.links.size();
    cache.links.resize(model.links.size());
    // Link endpoints are checked first: the cached graph is reused only when they hold.
    for (size_t i = 0; i < model.links.size() && !structureChanged; ++i)
        structureChanged = cache.links[i].link.from != model.links[i].from ||
                           cache.links[i].link.to != model.links[i].to ||
                           (cache.links[i].link.kind == LinkKind::Consume) !=
                               (model.links[i].kind == LinkKind::Consume);
    if (structureChanged) {
        cache.graph.reset();
        cache.cycles.reset();
        cache.spof.reset();
        topologyDirty = true;
    }
    auto theGraph = [&]() -> const detail::CallGraph & {
        if (!cache.graph)
            cache.graph = detail::buildCallGraph(model);
        cache.graph->model = &model;
        return *cache.graph;
    };
    // Resolves an endpoint, trying the position it had last time before the graph's index.
    auto resolve = [&](const std::string &id, int &pos) -> const Component * {
        if (pos >= 0 && size_t(pos) < model.components.size() &&
            model.components[size_t(pos)].id == id)
            return &model.components[size_t(pos)];
        pos = theGraph().vertex(id);
        return pos < 0 ? nullptr : &model.components[size_t(pos)];
    };
    for (size_t i = 0; i < model.links.size(); ++i) {
        Cache::LinkEntry &entry = cache.links[i];
        const Link &l = model.links[i];
        const bool same = !linksResized && entry.link == l && !entry.link.from.empty();
        const bool contextMayChange = schemasChanged || linksResized || !same ||
            (anyComponentChanged && (changedIds.count(l.from) || changedIds.count(l.to)));
        if (same && !contextMayChange)
            continue;
        const detail::LinkContext ctx = detail::linkContext(
            resolve(l.from, entry.fromPos), resolve(l.to, entry.toPos), countsView);
        if (same && ctx == entry.context)
            continue;
        if (!same && !(graphProjection(entry.link) == graphProjection(l))) {
            graphDirty = true;
            topologyDirty = true;
        }
        entry.link = l;
        entry.context = ctx;
        entry.findings.clear();
        detail::lintLink(l, i, ctx, entry.findings);
    }
    cache.zones = model.zones;

    // Graph rules: writes against caches, SPOFs, cycles, retries, capacity.
    if (graphDirty || topologyDirty) {
        const detail::CallGraph &g = theGraph();
        if (!cache.cycles)
            cache.cycles = detail::findCycles(g, [](int) { return true; });
        const detail::CycleInfo &cycles = *cache.cycles;
        if (topologyDirty) {
            cache.topologyFindings.clear();
            detail::lintWrites(g, cache.topologyFindings);
            detail::lintTopology(g, cycles, cache.topologyFindings);
            cache.topologyValid = true;
        }
        cache.refreshSpof(g);
        cache.zoneFindings.clear();
        detail::lintSpofZones(g, *cache.spof, cache.zoneFindings);
        cache.capacityFindings.clear();
        cache.assumptions.clear();
        detail::lintCapacity(g, cycles, options, cache.capacityFindings, cache.assumptions);
        cache.graphValid = true;
    }
    // Order: by rule, then tables, components, links, graph findings (a counting sort).
    std::vector<std::vector<const detail::RawFinding *>> byRule(detail::RuleCount);
    auto add = [&](const detail::Findings &fs) {
        for (const auto &f : fs)
            byRule[size_t(f.rule)].push_back(&f);
    };
    for (const auto &schema : cache.tables)
        for (const auto &entry : schema)
            add(entry.findings);
    for (const auto &e : cache.components)
        add(e.findings);
    for (const auto &e : cache.links)
        add(e.findings);
    add(cache.topologyFindings);
    if (cache.spof) {
        const detail::CallGraph &g = theGraph();
        for (int v = 0; v < g.size(); ++v)
            if (detail::isComponentSpof(g, *cache.spof, v))
                add(cache.spofFindingOf(g, v));
    }
    add(cache.zoneFindings);
    add(cache.capacityFindings);
    // The stream rules read a few links and components each; they run on every update.
    cache.streamFindings.clear();
    detail::lintStreams(model, cache.streamFindings);
    detail::lintRealtime(model, cache.streamFindings);
    detail::lintData(model, cache.streamFindings);
    detail::lintJobs(model, cache.streamFindings);
    detail::lintRefreshes(model, cache.streamFindings);
    add(cache.streamFindings);
    std::vector<const detail::RawFinding *> ordered;
    size_t total = 0;
    for (const auto &r : byRule)
        total += r.size();
    ordered.reserve(total);
    for (const auto &r : byRule)
        ordered.insert(ordered.end(), r.begin(), r.end());
    if (cache.unused.size() < model.suppress.size())
        cache.unused.resize(model.suppress.size());
    size_t unusedCount = 0;
    detail::splitSuppressed(model, ordered, cache.view, cache.unused.data(), cache.unused.size(),
                            unusedCount);
    cache.view.assumptions = cache.assumptions;
    return cache.view;
}

} // namespace archsim::model
