#include "archsim/model/validate.h"
#include "archsim/model/overrides.h"

#include "archsim/model/index.h"
#include "jsonutil.h"

#include "validate_data.h"
#include "validate_jobs.h"
#include "validate_realtime.h"
#include "validate_streams.h"
#include "validate_views.h"
#include "validate_ops.h"
#include "validator.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace archsim::model {

namespace {

std::string at(const std::string &base, size_t i) { return base + "/" + std::to_string(i); }

constexpr size_t kMaxProblems = 500;

} // namespace

namespace detail {

// The checks of validate(), cut into units that each report on their own: the zones, each
// component, each link, the schemas, each scenario's own fields, each event, the suppressions.
// A unit reads only its item, the ids, zones and schemas, and (links and events) the components
// it names, which is what lets UnitValidation check a variant again only where it differs.
class Validator {
public:
    explicit Validator(const Model &m) : m_model(m), m_index(m)
    {
        for (size_t i = 0; i < m.components.size(); ++i)
            m_firstComponent.emplace(m.components[i].id, i);
        for (size_t i = 0; i < m.links.size(); ++i)
            m_firstLink.emplace(m.links[i].id, i);
        size_t key = 2 + m.components.size() + m.links.size();
        for (const Scenario &sc : m.scenarios) {
            m_scenarioKey.push_back(key);
            key += 1 + sc.events.size();
        }
        m_suppressKey = key;
    }

    Diagnostics run()
    {
        checkAll();
        return std::move(m_diags);
    }

    // Runs every unit without the cap; returns the units that report, in order, by key.
    std::vector<std::pair<size_t, Diagnostics>> runUnits()
    {
        m_cap = SIZE_MAX;
        m_marks.emplace();
        checkAll();
        std::vector<std::pair<size_t, Diagnostics>> units;
        const auto &marks = *m_marks;
        for (size_t i = 0; i < marks.size(); ++i) {
            size_t end = i + 1 < marks.size() ? marks[i + 1].second : m_diags.size();
            if (end > marks[i].second)
                units.emplace_back(marks[i].first,
                                   Diagnostics(m_diags.begin() + long(marks[i].second),
                                               m_diags.begin() + long(end)));
        }
        m_marks.reset();
        m_diags.clear();
        return units;
    }

    size_t componentKey(size_t i) const { return 1 + i; }
    size_t linkKey(size_t i) const { return 1 + m_model.components.size() + i; }
    size_t eventKey(size_t s, size_t e) const { return m_scenarioKey[s] + 1 + e; }

    // Checks component i, link i or event (s, e) of the model as it is now (uncapped).
    Diagnostics checkComponentUnit(size_t i) { return unit([&] { checkComponentAt(i); }); }
    Diagnostics checkLinkUnit(size_t i) { return unit([&] { checkLinkAt(i); }); }
    Diagnostics checkEventUnit(size_t s, size_t e)
    {
        const Scenario &sc = m_model.scenarios[s];
        return unit([&] { checkEvent(at(at("/scenarios", s) + "/events", e), sc, sc.events[e]); });
    }

private:
    void checkAll()
    {
        checkZones();
        checkComponents();
        checkLinks();
        checkSchemas();
        checkScenarios();
        checkSuppressions();
    }

    template <typename F>
    Diagnostics unit(F check)
    {
        m_cap = SIZE_MAX;
        m_diags.clear();
        check();
        return std::move(m_diags);
    }

    void mark(size_t key)
    {
        if (m_marks)
            m_marks->emplace_back(key, m_diags.size());
    }

    void error(std::string place, std::string message)
    {
        if (m_diags.size() < m_cap)
            m_diags.push_back(makeError(std::move(place), std::move(message)));
    }

    // The sink the checks kept in their own files report through.
    ErrorSink sink()
    {
        return [this](std::string place, std::string message) {
            error(std::move(place), std::move(message));
        };
    }

    void checkId(const std::string &place, const std::string &id, const char *what)
    {
        if (id.empty())
            error(place, std::string(what) + " id is empty");
        else if (!isValidId(id))
            error(place, std::string(what) + " id '" + id +
                             "' is malformed; ids are lowercase letters, digits and '-', start "
                             "with a letter, do not end with '-', at most 63 characters");
    }

    // Checks that `value` lies in [lo, hi]; `what` names the field in the message.
    void range(const std::string &place, double value, double lo, double hi, const char *what)
    {
        if (!(value >= lo && value <= hi)) {
            std::string hiText = std::isinf(hi) ? "" : " and at most " + num(hi);
            error(place, std::string(what) + " is " + num(value) + "; expected at least " +
                             num(lo) + hiText);
        }
    }

    void positive(const std::string &place, double value, const char *what)
    {
        if (!(value > 0))
            error(place, std::string(what) + " is " + num(value) + "; it must be greater than 0");
    }

    static std::string num(double v)
    {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v);
        return buf;
    }

    void checkZones()
    {
        mark(0);
        std::unordered_set<std::string> seen;
        for (size_t i = 0; i < m_model.zones.size(); ++i) {
            const auto &z = m_model.zones[i];
            checkId(at("/zones", i), z, "zone");
            if (!seen.insert(z).second)
                error(at("/zones", i), "duplicate zone '" + z + "'");
        }
        checkRegions(m_model, m_index, sink());
    }

    void checkDistribution(const std::string &p, const Distribution &d)
    {
        range(p + "/mean_ms", d.mean_ms, 0, 3.6e6, "mean_ms");
        if (d.dist == DistKind::Exponential || d.dist == DistKind::Lognormal
            || d.dist == DistKind::Erlang)
            positive(p + "/mean_ms", d.mean_ms, "mean_ms");
        if (d.dist == DistKind::Lognormal)
            range(p + "/cv", d.cv, 1e-6, 100, "cv");
        if (d.dist == DistKind::Erlang)
            range(p + "/k", d.k, 1, 1000, "k");
        if (d.dist == DistKind::Uniform)
            range(p + "/spread", d.spread, 0, 1, "spread");
    }

    void checkComponents()
    {
        for (size_t i = 0; i < m_model.components.size(); ++i) {
            mark(componentKey(i));
            checkComponentAt(i);
        }
    }

    void checkComponentAt(size_t i)
    {
        const Component &c = m_model.components[i];
        const std::string p = at("/components", i);
        checkId(p + "/id", c.id, "component");
        if (size_t first = m_firstComponent.at(c.id); first != i)
            error(p + "/id", "duplicate component id '" + c.id + "' (first at /components/" +
                                 std::to_string(first) + ")");
        checkComponent(p, c);
    }

    void checkComponent(const std::string &p, const Component &c)
    {
        const std::string who = "component '" + c.id + "': ";
        if (c.kind == ComponentKind::Client) {
            range(p + "/rps", c.rps, 0, 1e9, "rps");
            if (c.rps <= 0 && c.profile.empty())
                error(p + "/rps", who + "a client needs rps > 0 (or a profile)");
        } else if (c.rps != 0) {
            error(p + "/rps", who + "only clients have an rps");
        }
        double last = -1;
        for (size_t i = 0; i < c.profile.size(); ++i) {
            const auto &pt = c.profile[i];
            const std::string pp = at(p + "/profile", i);
            range(pp + "/at_s", pt.at_s, 0, 1e9, "at_s");
            range(pp + "/rps", pt.rps, 0, 1e9, "rps");
            if (pt.at_s <= last)
                error(pp + "/at_s", who + "profile times must increase");
            last = pt.at_s;
        }
        range(p + "/replicas", c.replicas, 1, 10000, "replicas");
        range(p + "/workers", c.workers, 1, 1000000, "workers");
        if (c.service_time)
            checkDistribution(p + "/service_time", *c.service_time);
        if (c.queue_limit)
            range(p + "/queue_limit", *c.queue_limit, 0, 1e9, "queue_limit");
        std::unordered_set<std::string> zones;
        for (size_t i = 0; i < c.zones.size(); ++i) {
            const auto &z = c.zones[i];
            if (!m_index.hasZone(z))
                error(at(p + "/zones", i), who + "unknown zone '" + z + "'" +
                                               (m_model.zones.empty()
                                                    ? " (the model declares no zones)"
                                                    : ""));
            if (!zones.insert(z).second)
                error(at(p + "/zones", i), who + "zone '" + z + "' listed twice");
        }
        range(p + "/mtbf_s", c.mtbf_s, 0, 1e12, "mtbf_s");
        range(p + "/mttr_s", c.mttr_s, 0, 1e12, "mttr_s");
        if (c.mtbf_s > 0 && c.mttr_s <= 0)
            error(p + "/mttr_s", who + "mtbf_s is set, so mttr_s must be greater than 0");

        const bool isCache = c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn;
        range(p + "/capacity", static_cast<double>(c.capacity), 0, 1e12, "capacity");
        range(p + "/value_bytes", static_cast<double>(c.value_bytes), 0, 1e12, "value_bytes");
        range(p + "/keys", static_cast<double>(c.keys), 0, 1e12, "keys");
        range(p + "/ttl_s", c.ttl_s, 0, 1e12, "ttl_s");
        range(p + "/zipf", c.zipf, 0, 10, "zipf");
        if (isCache) {
            if (c.capacity <= 0)
                error(p + "/capacity", who + "a cache needs a capacity (entries) above 0");
            if (c.keys <= 0)
                error(p + "/keys", who + "a cache needs the size of its key space (keys) above 0");
        }
        double share = 0;
        std::unordered_set<std::string> classes;
        for (size_t i = 0; i < c.key_classes.size(); ++i) {
            const KeyClass &k = c.key_classes[i];
            const std::string kp = at(p + "/key_classes", i);
            if (k.name.empty())
                error(kp + "/name", who + "a key class needs a name");
            if (!classes.insert(k.name).second)
                error(kp + "/name", who + "duplicate key class '" + k.name + "'");
            range(kp + "/share", k.share, 0, 1, "share");
            range(kp + "/keys", static_cast<double>(k.keys), 0, 1e12, "keys");
            range(kp + "/ttl_s", k.ttl_s, 0, 1e12, "ttl_s");
            share += k.share;
        }
        if (share > 1.0 + 1e-9)
            error(p + "/key_classes", who + "key class shares add up to " + num(share) +
                                          "; they must not exceed 1");

        if (!c.schema.empty() && !m_index.schema(c.schema))
            error(p + "/schema", who + "unknown schema '" + c.schema + "'");
        range(p + "/failover_s", c.failover_s, 0, 1e9, "failover_s");

        const Deployment &d = c.deploy;
        range(p + "/deploy/port", d.port, 0, 65535, "port");
        range(p + "/deploy/cpu_millis", d.cpu_millis, 0, 1e7, "cpu_millis");
        range(p + "/deploy/memory_mib", d.memory_mib, 0, 1e8, "memory_mib");
        if (!d.hosting.empty() && d.hosting != "cluster" && d.hosting != "managed"
            && d.hosting != "external")
            error(p + "/deploy/hosting", who + "unknown hosting '" + d.hosting +
                                             "'; expected cluster, managed or external");
        if (d.autoscale) {
            const Autoscale &a = *d.autoscale;
            const std::string ap = p + "/deploy/autoscale";
            range(ap + "/min_replicas", a.min_replicas, 1, 10000, "min_replicas");
            range(ap + "/max_replicas", a.max_replicas, a.min_replicas, 10000, "max_replicas");
            range(ap + "/target_utilization", a.target_utilization, 0.01, 1,
                  "target_utilization");
            range(ap + "/scale_up_delay_s", a.scale_up_delay_s, 0, 1e6, "scale_up_delay_s");
            range(ap + "/scale_down_delay_s", a.scale_down_delay_s, 0, 1e6,
                  "scale_down_delay_s");
        }
        if (std::string problem = healthPathProblem(d.health_path); !problem.empty())
            error(p + "/deploy/health_path", who + problem);
        for (size_t i = 0; i < d.secrets.size(); ++i) {
            const SecretRef &s = d.secrets[i];
            if (s.env.empty() || s.name.empty() || s.key.empty())
                error(at(p + "/deploy/secrets", i), who + "a secret needs env, name and key");
        }
        checkEnvNames(p, who, d);
        checkMessagingComponent(p, c, sink());
        checkRealtimeComponent(p, c, sink());
        checkDataComponent(p, c, sink());
        checkJobComponent(p, c, m_model, sink());
        Diagnostics ops;
        checkComponentOperations(c, p, ops);
        for (Diagnostic &o : ops)
            error(std::move(o.place), std::move(o.message));
    }

    // Two variables of a container that the exporters would write under one name: one value
    // would be lost (Kubernetes keeps the first, compose the last). Plain settings come first,
    // in key order, then the secrets; the later one of a pair is the error.
    void checkEnvNames(const std::string &p, const std::string &who, const Deployment &d)
    {
        std::unordered_map<std::string, std::pair<std::string, std::string>> written;
        auto check = [&](const std::string &place, const std::string &name) {
            const std::string as = envName(name);
            auto [it, inserted] = written.try_emplace(as, name, place);
            if (inserted)
                return;
            const auto &[firstName, firstPlace] = it->second;
            const std::string how = name == as ? "" : "becomes '" + as + "', ";
            error(place, who + "environment variable '" + name + "' " + how + "the name of '" +
                             firstName + "' (" + firstPlace +
                             "): one of the two values would be lost; rename one");
        };
        for (const auto &[key, value] : d.env)
            check(p + "/deploy/env/" + detail::escapePointer(key), key);
        for (size_t i = 0; i < d.secrets.size(); ++i)
            if (!d.secrets[i].env.empty())
                check(at(p + "/deploy/secrets", i) + "/env", d.secrets[i].env);
    }

    void checkLinks()
    {
        for (size_t i = 0; i < m_model.links.size(); ++i) {
            mark(linkKey(i));
            checkLinkAt(i);
        }
    }

    void checkLinkAt(size_t i)
    {
        const Link &l = m_model.links[i];
        const std::string p = at("/links", i);
        checkId(p + "/id", l.id, "link");
        if (size_t first = m_firstLink.at(l.id); first != i)
            error(p + "/id", "duplicate link id '" + l.id + "' (first at /links/" +
                                 std::to_string(first) + ")");
        checkLink(p, l);
    }

    void checkLink(const std::string &p, const Link &l)
    {
        const std::string who = "link '" + l.id + "': ";
        const Component *from = m_index.component(l.from);
        const Component *to = m_index.component(l.to);
        if (!from)
            error(p + "/from", who + "unknown component '" + l.from + "'");
        if (!to)
            error(p + "/to", who + "unknown component '" + l.to + "'");
        if (from && to && l.from == l.to)
            error(p + "/to", who + "a component cannot link to itself");
        if (to && to->kind == ComponentKind::Client)
            error(p + "/to", who + "a client cannot be called; clients only send requests");
        if (l.kind == LinkKind::Fill && from && from->kind != ComponentKind::Cache
            && from->kind != ComponentKind::Cdn)
            error(p + "/kind", who + "only caches and CDNs have fill links");
        if (l.fallback == Fallback::Fill && to && ((to->kind != ComponentKind::Cache &&
                                                    to->kind != ComponentKind::Cdn) ||
                                                   l.kind != LinkKind::Read))
            error(p + "/fallback", who + "fallback 'fill' is only for read links to a cache or "
                                         "CDN (the read then goes to the cache's fill path)");
        range(p + "/probability", l.probability, 0, 1, "probability");
        if (l.timeout_ms)
            positive(p + "/timeout_ms", *l.timeout_ms, "timeout_ms");
        Diagnostics ops;
        checkLinkOperations(l, p, ops);
        for (Diagnostic &o : ops)
            error(std::move(o.place), std::move(o.message));

        const Schema *schema = to && !to->schema.empty() ? m_index.schema(to->schema) : nullptr;
        for (size_t i = 0; i < l.tables.size(); ++i) {
            const auto &t = l.tables[i];
            if (!to)
                break;
            if (to->kind != ComponentKind::Database)
                error(at(p + "/tables", i), who + "tables are only named on links to a database");
            else if (!schema)
                error(at(p + "/tables", i), who + "database '" + to->id +
                                                "' has no schema, so table '" + t +
                                                "' is unknown");
            else if (m_index.table(schema->id, t))
                continue;
            else if (!isView(*schema, t))
                error(at(p + "/tables", i), who + "unknown table '" + t + "' in schema '" +
                                                schema->id + "'");
            else if (l.kind != LinkKind::Read)
                error(at(p + "/tables", i), who + "'" + t + "' is a view of schema '" +
                                                schema->id + "': only read links name views");
        }
        for (size_t i = 0; i < l.invalidates.size(); ++i) {
            const Component *c = m_index.component(l.invalidates[i]);
            if (!c)
                error(at(p + "/invalidates", i), who + "unknown component '" +
                                                     l.invalidates[i] + "'");
            else if (c->kind != ComponentKind::Cache && c->kind != ComponentKind::Cdn)
                error(at(p + "/invalidates", i), who + "'" + c->id +
                                                     "' is not a cache; only caches can be "
                                                     "invalidated");
        }
        if (l.retries) {
            const Retries &r = *l.retries;
            range(p + "/retries/max", r.max, 0, 100, "max");
            range(p + "/retries/backoff_ms", r.backoff_ms, 0, 3.6e6, "backoff_ms");
            range(p + "/retries/max_backoff_ms", r.max_backoff_ms, 0, 3.6e6, "max_backoff_ms");
            if (r.max_backoff_ms > 0 && r.max_backoff_ms < r.backoff_ms)
                error(p + "/retries/max_backoff_ms",
                      who + "max_backoff_ms is below backoff_ms");
            range(p + "/retries/budget", r.budget, 0, 1, "budget");
        }
        if (l.circuit_breaker) {
            const CircuitBreaker &b = *l.circuit_breaker;
            const std::string bp = p + "/circuit_breaker";
            range(bp + "/failure_rate", b.failure_rate, 0.0001, 1, "failure_rate");
            range(bp + "/window", b.window, 1, 100000, "window");
            range(bp + "/min_calls", b.min_calls, 1, 100000, "min_calls");
            range(bp + "/open_ms", b.open_ms, 0, 3.6e6, "open_ms");
            range(bp + "/half_open_calls", b.half_open_calls, 1, 100000, "half_open_calls");
            range(bp + "/slow_call_ms", b.slow_call_ms, 0, 3.6e6, "slow_call_ms");
            range(bp + "/slow_call_rate", b.slow_call_rate, 0.0001, 1, "slow_call_rate");
        }
        if (!l.key_class.empty() && to) {
            bool found = false;
            for (const auto &k : to->key_classes)
                found = found || k.name == l.key_class;
            if (!found)
                error(p + "/key_class", who + "'" + to->id + "' has no key class '" +
                                            l.key_class + "'");
        }
        checkMessagingLink(p, l, m_index, sink());
        checkJobLink(p, l, m_index, sink());
    }

    void checkSchemas()
    {
        mark(1 + m_model.components.size() + m_model.links.size());
        std::unordered_set<std::string> ids;
        for (size_t s = 0; s < m_model.schemas.size(); ++s) {
            const Schema &schema = m_model.schemas[s];
            const std::string p = at("/schemas", s);
            checkId(p + "/id", schema.id, "schema");
            if (!ids.insert(schema.id).second)
                error(p + "/id", "duplicate schema id '" + schema.id + "'");
            std::unordered_set<std::string> tables;
            std::unordered_map<std::string, std::string> indexNames;
            for (size_t t = 0; t < schema.tables.size(); ++t) {
                const Table &table = schema.tables[t];
                const std::string tp = at(p + "/tables", t);
                if (table.name.empty())
                    error(tp + "/name", "a table needs a name");
                else if (!tables.insert(table.name).second)
                    error(tp + "/name", "duplicate table '" + table.name + "' in schema '" +
                                            schema.id + "'");
                checkTable(tp, schema, table, indexNames);
            }
            checkViews(p, schema, indexNames, sink());
        }
    }

    static bool isView(const Schema &s, const std::string &name)
    {
        for (const View &v : s.views)
            if (v.name == name)
                return true;
        return false;
    }

    const Column *column(const Table &t, const std::string &name) const
    {
        for (const auto &c : t.columns)
            if (c.name == name)
                return &c;
        return nullptr;
    }

    void checkColumns(const std::string &p, const Table &t, const std::vector<std::string> &cols,
                      const char *what)
    {
        if (cols.empty())
            error(p, "table '" + t.name + "': " + what + " lists no columns");
        std::unordered_set<std::string> seen;
        for (size_t i = 0; i < cols.size(); ++i) {
            if (!column(t, cols[i]))
                error(at(p, i), "table '" + t.name + "': " + what + " names unknown column '" +
                                    cols[i] + "'");
            else if (!seen.insert(cols[i]).second)
                error(at(p, i), "table '" + t.name + "': " + what + " lists column '" +
                                    cols[i] + "' twice");
        }
    }

    void checkTable(const std::string &p, const Schema &schema, const Table &t,
                    std::unordered_map<std::string, std::string> &indexNames)
    {
        const std::string who = "table '" + t.name + "': ";
        if (t.columns.empty())
            error(p + "/columns", who + "a table needs at least one column");
        std::unordered_set<std::string> cols;
        for (size_t i = 0; i < t.columns.size(); ++i) {
            const Column &c = t.columns[i];
            const std::string cp = at(p + "/columns", i);
            if (c.name.empty())
                error(cp + "/name", who + "a column needs a name");
            else if (!cols.insert(c.name).second)
                error(cp + "/name", who + "duplicate column '" + c.name + "'");
            if (c.identity && !c.type.isInteger())
                error(cp + "/identity", who + "column '" + c.name +
                                            "' is an identity but not of an integer type");
            if (c.identity && c.default_value)
                error(cp + "/default", who + "identity column '" + c.name +
                                           "' cannot also have a default");
            else if (const std::string problem = columnDefaultProblem(c); !problem.empty())
                error(cp + "/default", who + "column '" + c.name + "': " + problem);
        }
        if (!t.primary_key.empty())
            checkColumns(p + "/primary_key", t, t.primary_key, "the primary key");
        for (size_t i = 0; i < t.unique.size(); ++i)
            checkColumns(at(p + "/unique", i) + "/columns", t, t.unique[i].columns,
                         "a unique constraint");
        for (size_t i = 0; i < t.indexes.size(); ++i) {
            const Index &ix = t.indexes[i];
            const std::string ip = at(p + "/indexes", i);
            if (ix.name.empty())
                error(ip + "/name", who + "an index needs a name");
            else if (auto [it, ok] = indexNames.emplace(ix.name, t.name); !ok)
                error(ip + "/name", who + "index name '" + ix.name + "' is already used by table '" +
                                        it->second + "' in schema '" + schema.id +
                                        "' (index names are per schema)");
            std::vector<std::string> names;
            for (const auto &c : ix.columns)
                names.push_back(c.column);
            checkColumns(ip + "/columns", t, names, "an index");
        }
        for (size_t i = 0; i < t.foreign_keys.size(); ++i)
            checkForeignKey(at(p + "/foreign_keys", i), schema, t, t.foreign_keys[i]);
        if (t.partitioning)
            checkPartitioning(p + "/partitioning", t, *t.partitioning);
        range(p + "/rows_per_month", t.rows_per_month, 0, 1e13, "rows_per_month");
        range(p + "/rows", static_cast<double>(t.rows), 0, 1e15, "rows");
        range(p + "/row_bytes", t.row_bytes, 0, 1e9, "row_bytes");
    }

    void checkForeignKey(const std::string &p, const Schema &schema, const Table &t,
                         const ForeignKey &fk)
    {
        const std::string who = "table '" + t.name + "': ";
        checkColumns(p + "/columns", t, fk.columns, "a foreign key");
        const Table *ref = m_index.table(schema.id, fk.references);
        if (!ref) {
            error(p + "/references", who + "foreign key references unknown table '" +
                                         fk.references + "'");
            return;
        }
        if (fk.ref_columns.size() != fk.columns.size())
            error(p + "/ref_columns", who + "foreign key has " +
                                          std::to_string(fk.columns.size()) + " columns but " +
                                          std::to_string(fk.ref_columns.size()) +
                                          " referenced columns");
        for (size_t i = 0; i < fk.ref_columns.size(); ++i)
            if (!column(*ref, fk.ref_columns[i]))
                error(at(p + "/ref_columns", i), who + "foreign key references unknown column '" +
                                                     fk.ref_columns[i] + "' of table '" +
                                                     ref->name + "'");
    }

    static bool validStart(const std::string &s, PartitionInterval interval)
    {
        auto digits = [&](size_t from, size_t n) {
            for (size_t i = from; i < from + n; ++i)
                if (i >= s.size() || s[i] < '0' || s[i] > '9')
                    return false;
            return true;
        };
        switch (interval) {
        case PartitionInterval::Year:
            return s.size() == 4 && digits(0, 4);
        case PartitionInterval::Month: {
            if (s.size() != 7 || !digits(0, 4) || s[4] != '-' || !digits(5, 2))
                return false;
            int m = std::stoi(s.substr(5, 2));
            return m >= 1 && m <= 12;
        }
        case PartitionInterval::Day: {
            if (s.size() != 10 || !digits(0, 4) || s[4] != '-' || !digits(5, 2) || s[7] != '-'
                || !digits(8, 2))
                return false;
            int y = std::stoi(s.substr(0, 4));
            int m = std::stoi(s.substr(5, 2));
            int d = std::stoi(s.substr(8, 2));
            static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            if (m < 1 || m > 12 || d < 1)
                return false;
            bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
        }
        }
        return false;
    }

    void checkPartitioning(const std::string &p, const Table &t, const Partitioning &part)
    {
        const std::string who = "table '" + t.name + "': ";
        const Column *col = column(t, part.column);
        if (!col) {
            error(p + "/column", who + "partition column '" + part.column +
                                     "' is not a column of the table");
        }
        if (!t.primary_key.empty()) {
            bool inKey = false;
            for (const auto &k : t.primary_key)
                inKey = inKey || k == part.column;
            if (!inKey)
                error(p + "/column", who + "the primary key omits the partition column '" +
                                         part.column + "'; a partitioned table's primary key "
                                         "must include it");
        }
        switch (part.method) {
        case PartitionMethod::Range:
            if (col && !col->type.isTemporal() && !col->type.isInteger())
                error(p + "/column", who + "range partition column '" + part.column +
                                         "' must be a date, timestamp or integer column");
            if (col && col->type.isTemporal()) {
                if (!validStart(part.start, part.interval))
                    error(p + "/start", who + "partition start '" + part.start +
                                            "' does not match the interval '" +
                                            toString(part.interval) +
                                            "' (expected 2026, 2026-01 or 2026-01-31)");
            }
            range(p + "/count", part.count, 1, 10000, "count");
            break;
        case PartitionMethod::Hash:
            range(p + "/count", part.count, 1, 1024, "count (the hash modulus)");
            break;
        case PartitionMethod::List:
            if (part.lists.empty())
                error(p + "/lists", who + "list partitioning needs at least one list");
            for (size_t i = 0; i < part.lists.size(); ++i) {
                if (part.lists[i].name.empty())
                    error(at(p + "/lists", i) + "/name", who + "a list partition needs a name");
                if (part.lists[i].values.empty())
                    error(at(p + "/lists", i) + "/values",
                          who + "a list partition needs at least one value");
            }
            break;
        }
        range(p + "/retention", part.retention, 0, 100000, "retention");
    }

    void checkScenarios()
    {
        std::unordered_set<std::string> ids;
        for (size_t s = 0; s < m_model.scenarios.size(); ++s) {
            const Scenario &sc = m_model.scenarios[s];
            const std::string p = at("/scenarios", s);
            mark(m_scenarioKey[s]);
            checkId(p + "/id", sc.id, "scenario");
            if (!ids.insert(sc.id).second)
                error(p + "/id", "duplicate scenario id '" + sc.id + "'");
            range(p + "/duration_s", sc.duration_s, 0.001, 1e7, "duration_s");
            if (!(sc.warmup_s >= 0 && sc.warmup_s < sc.duration_s))
                error(p + "/warmup_s", "scenario '" + sc.id + "': warmup_s is " +
                                           num(sc.warmup_s) +
                                           "; expected at least 0 and below duration_s");
            for (size_t e = 0; e < sc.events.size(); ++e) {
                mark(eventKey(s, e));
                checkEvent(at(p + "/events", e), sc, sc.events[e]);
            }
        }
    }

    void checkEvent(const std::string &p, const Scenario &sc, const ScenarioEvent &e)
    {
        const std::string who = "scenario '" + sc.id + "': ";
        range(p + "/at_s", e.at_s, 0, sc.duration_s, "at_s");
        range(p + "/for_s", e.for_s, 0, 1e9, "for_s");
        positive(p + "/factor", e.factor, "factor");
        const Component *c = m_index.component(e.target);
        switch (e.action) {
        case EventAction::Crash:
        case EventAction::Slow:
        case EventAction::Flush:
            if (!c) {
                error(p + "/target", who + toString(e.action) + " targets unknown component '" +
                                         e.target + "'");
                break;
            }
            if (e.action == EventAction::Flush && c->kind != ComponentKind::Cache
                && c->kind != ComponentKind::Cdn)
                error(p + "/target", who + "flush targets '" + c->id + "', which is not a cache");
            if (e.replica < -1 || e.replica >= c->replicas)
                error(p + "/replica", who + "replica " + std::to_string(e.replica) +
                                          " does not exist; '" + c->id + "' has " +
                                          std::to_string(c->replicas) + " (0-based, -1 = all)");
            break;
        case EventAction::Partition:
            if (!m_index.link(e.target))
                error(p + "/target", who + "partition targets unknown link '" + e.target + "'");
            break;
        case EventAction::ZoneOutage:
            if (!m_index.hasZone(e.target))
                error(p + "/target", who + "zone_outage targets unknown zone '" + e.target + "'");
            break;
        case EventAction::Load:
            // On a realtime gateway, a load event is a burst on its hottest channel.
            if (!e.target.empty() && (!c || (c->kind != ComponentKind::Client &&
                                             c->kind != ComponentKind::Realtime)))
                error(p + "/target", who + "load targets '" + e.target +
                                         "', which is not a client or a realtime gateway "
                                         "(leave it empty for all clients)");
            break;
        case EventAction::Poison:
            checkPoisonEvent(p, who, e, m_index, sink());
            break;
        case EventAction::RegionOutage:
        case EventAction::DataLoss:
            checkDataEvent(p, who, e, m_model, m_index, sink());
            break;
        }
    }

    void checkSuppressions()
    {
        mark(m_suppressKey);
        for (size_t i = 0; i < m_model.suppress.size(); ++i) {
            const Suppression &s = m_model.suppress[i];
            if (s.rule.empty())
                error(at("/suppress", i) + "/rule", "a suppression needs a rule id");
            if (s.reason.empty())
                error(at("/suppress", i) + "/reason",
                      "a suppression needs a reason, recorded for reviewers");
        }
    }

    const Model &m_model;
    ModelIndex m_index;
    Diagnostics m_diags;
    size_t m_cap = kMaxProblems;
    std::unordered_map<std::string, size_t> m_firstComponent; // id -> first position
    std::unordered_map<std::string, size_t> m_firstLink;
    std::vector<size_t> m_scenarioKey; // unit key of each scenario's own fields
    size_t m_suppressKey = 0;
    std::optional<std::vector<std::pair<size_t, size_t>>> m_marks; // (unit key, first problem)
};

UnitValidation::UnitValidation(const Model &model)
    : m_validator(std::make_unique<Validator>(model)), m_units(m_validator->runUnits())
{
}

UnitValidation::~UnitValidation() = default;

Diagnostics UnitValidation::variantProblems(const std::vector<size_t> &components,
                                            const std::vector<size_t> &links,
                                            const std::vector<std::pair<size_t, size_t>> &events)
{
    // The units to check again, by key (a unit checked needlessly reports what it did before).
    std::map<size_t, std::function<Diagnostics()>> again;
    Validator &v = *m_validator;
    for (size_t i : components)
        again.emplace(v.componentKey(i), [&v, i] { return v.checkComponentUnit(i); });
    for (size_t i : links)
        again.emplace(v.linkKey(i), [&v, i] { return v.checkLinkUnit(i); });
    // Named copies, not a structured binding: clang 14 (the fuzz build) cannot capture those.
    for (const auto &event : events) {
        const auto s = event.first;
        const auto e = event.second;
        again.emplace(v.eventKey(s, e), [&v, s, e] { return v.checkEventUnit(s, e); });
    }
    // Merge the recorded units with the ones checked again, in key order, up to the cap.
    Diagnostics out;
    auto add = [&](const Diagnostics &d) {
        for (size_t i = 0; i < d.size() && out.size() < kMaxProblems; ++i)
            out.push_back(d[i]);
    };
    auto rec = m_units.begin();
    auto chk = again.begin();
    while (out.size() < kMaxProblems && (rec != m_units.end() || chk != again.end())) {
        if (chk == again.end() || (rec != m_units.end() && rec->first < chk->first)) {
            add(rec->second);
            ++rec;
        } else {
            if (rec != m_units.end() && rec->first == chk->first)
                ++rec;
            add(chk->second());
            ++chk;
        }
    }
    return out;
}

} // namespace detail

bool isValidId(std::string_view id)
{
    if (id.empty() || id.size() > 63 || id.front() < 'a' || id.front() > 'z' || id.back() == '-')
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

std::string envName(std::string_view text)
{
    std::string out;
    for (char ch : text) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
            || (ch >= '0' && ch <= '9') || ch == '_';
        out += ok ? ch : '_';
    }
    if (out.empty() || (out[0] >= '0' && out[0] <= '9'))
        out.insert(out.begin(), '_');
    return out;
}

std::string healthPathProblem(std::string_view path)
{
    if (path.empty())
        return {};
    if (path.front() != '/')
        return "health_path must start with '/'";
    auto hex = [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    };
    // RFC 3986 path and query characters, less the sub-delimiters a shell reads ($&'()*;!).
    constexpr std::string_view punctuation = "-._~/:@+,=?";
    for (size_t i = 0; i < path.size(); ++i) {
        const char ch = path[i];
        const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
            || (ch >= '0' && ch <= '9') || punctuation.find(ch) != std::string_view::npos;
        if (plain)
            continue;
        if (ch == '%' && i + 2 < path.size() && hex(path[i + 1]) && hex(path[i + 2])) {
            i += 2;
            continue;
        }
        char shown[48];
        const auto byte = static_cast<unsigned char>(ch);
        if (ch == '%')
            std::snprintf(shown, sizeof shown, "'%%' not followed by two hex digits");
        else if (byte == ' ')
            std::snprintf(shown, sizeof shown, "a space");
        else if (byte < 0x20 || byte >= 0x7f)
            std::snprintf(shown, sizeof shown, "the byte 0x%02x", byte);
        else
            std::snprintf(shown, sizeof shown, "'%c'", ch);
        return "health_path has " + std::string(shown) + " at offset " + std::to_string(i) +
               "; a health path holds only letters, digits, -._~/:@+,=? and %XX escapes "
               "(percent-encode anything else)";
    }
    return {};
}

Diagnostics validate(const Model &model)
{
    Diagnostics diags = detail::Validator(model).run();
    // The scenarios' variants: only when the model itself is sound enough to merge into.
    Diagnostics variants = checkOverrides(model, diags);
    diags.insert(diags.end(), variants.begin(), variants.end());
    return diags;
}

std::string columnDefaultProblem(const Column &c)
{
    if (!c.default_value)
        return {};
    using K = DefaultValue::Kind;
    const DefaultValue &v = *c.default_value;
    switch (v.kind) {
    case K::Now:
        return c.type.isTemporal() ? "" : "the default 'now' needs a date or timestamp column";
    case K::Bool:
        return c.type.base == LogicalType::Base::Bool ? ""
                                                      : "a boolean default needs a bool column";
    case K::Number:
        if (!c.type.isNumeric())
            return "a numeric default needs a numeric column";
        if (c.type.isInteger() && v.number != std::trunc(v.number))
            return "the default of an integer column must be a whole number";
        return {};
    case K::String:
        return v.text.find('\0') == std::string::npos ? ""
                                                      : "the default contains a NUL character";
    case K::Null:
        return c.nullable ? "" : "a NOT NULL column cannot default to NULL";
    }
    return {};
}

} // namespace archsim::model
