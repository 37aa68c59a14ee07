// The seeded model generator: valid models, the same model for the same seed, and every field
// and enumeration value of the model exercised across a run of seeds.

#include "archsim/model/generator.h"
#include "archsim/model/io.h"
#include "archsim/model/validate.h"

// The one field description shared by the JSON and .archsim formats: the oracle for "every
// field". A field added there fails fieldsCovered() until the generator sets it.
#include "../../model/src/describe.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <set>
#include <type_traits>

using namespace archsim::model;

namespace {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {
    using type = T;
};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {
    using type = T;
};

// Collects the JSON path of every field ("/components/*/service_time/cv").
struct PathCollector {
    std::set<std::string> &out;
    std::string prefix;
    bool reading() const { return true; } // every field, also conditional ones

    template <typename F>
    static void descend(std::set<std::string> &out, const std::string &path)
    {
        if constexpr (IsOptional<F>::value) {
            descend<typename IsOptional<F>::type>(out, path);
        } else if constexpr (IsVector<F>::value) {
            descend<typename IsVector<F>::type>(out, path + "/*");
        } else if constexpr (std::is_class_v<F>) {
            F probe{};
            PathCollector inner{out, path};
            if constexpr (requires { archsim::model::detail::describe(probe, inner); })
                archsim::model::detail::describe(probe, inner);
        }
    }

    template <typename F>
    void operator()(const char *key, const F &, unsigned)
    {
        std::string path = prefix + "/" + key;
        out.insert(path);
        descend<F>(out, path);
    }
};

// Adds the path of every object key in a JSON document, array indices as "*".
void jsonPaths(const nlohmann::json &j, const std::string &prefix, std::set<std::string> &out)
{
    if (j.is_object()) {
        for (const auto &item : j.items()) {
            out.insert(prefix + "/" + item.key());
            jsonPaths(item.value(), prefix + "/" + item.key(), out);
        }
    } else if (j.is_array()) {
        for (const auto &e : j)
            jsonPaths(e, prefix + "/*", out);
    }
}

// Returns "decimal" for decimal(p,s): the type's name without parameters.
std::string baseName(LogicalType::Base b)
{
    std::string s = LogicalType{b}.toString();
    return s.substr(0, s.find('('));
}

} // namespace

class TestGenerator : public QObject {
    Q_OBJECT

private slots:
    // 300 seeds give models that validate() accepts without a single finding.
    void modelsAreValid()
    {
        for (uint64_t seed = 1; seed <= 300; ++seed) {
            Diagnostics d = validate(generateModel(seed));
            if (!d.empty())
                QFAIL(("seed " + std::to_string(seed) + ": " + d.front().place + ": " +
                       d.front().message)
                          .c_str());
        }
    }

    void sizesAreValid_data()
    {
        QTest::addColumn<int>("components");
        QTest::addColumn<int>("tables");
        QTest::addColumn<int>("columns");
        QTest::addColumn<bool>("everything");
        QTest::newRow("benchmark shape, tenth") << 200 << 500 << 20 << false;
        QTest::newRow("wide tables") << 30 << 20 << 120 << true;
        QTest::newRow("many zones and schemas") << 60 << 60 << 4 << true;
    }

    void sizesAreValid()
    {
        QFETCH(int, components);
        QFETCH(int, tables);
        QFETCH(int, columns);
        QFETCH(bool, everything);
        GeneratorOptions o;
        o.components = components;
        o.tables = tables;
        o.columnsPerTable = columns;
        o.exerciseEverything = everything;
        o.zones = components / 10;
        o.schemas = tables / 10;
        Model m = generateModel(99, o);
        QCOMPARE(int(m.components.size()), components);
        size_t t = 0, c = 0;
        for (const auto &s : m.schemas)
            for (const auto &table : s.tables)
                ++t, c += table.columns.size();
        QCOMPARE(int(t), tables);
        QVERIFY(c >= size_t(tables * columns));
        QVERIFY(m.links.size() >= size_t(components)); // 1.5 per component, minus misses
        Diagnostics d = validate(m);
        QVERIFY2(d.empty(), d.empty() ? "" : (d.front().place + ": " + d.front().message).c_str());
    }

    void sameSeedSameModel()
    {
        for (uint64_t seed : {0ULL, 1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
            Model a = generateModel(seed), b = generateModel(seed);
            QVERIFY(a == b);
            QCOMPARE(toJson(a), toJson(b));
            QVERIFY(!(a == generateModel(seed + 1)));
        }
        // Pinned: a change of the generator's stream shows here (and changes benchmarks).
        Model m = generateModel(1);
        QCOMPARE(m.components.size(), size_t(20));
        QCOMPARE(m.components[0].id, std::string("client-0"));
        QCOMPARE(m.components[1].id, std::string("lb-1"));
    }

    // Across 200 seeds every field described in describe.h appears with a non-default value
    // (the canonical JSON leaves defaults out, so a key present means non-default).
    void fieldsCovered()
    {
        std::set<std::string> expected;
        PathCollector::descend<Model>(expected, "");
        std::set<std::string> seen;
        for (uint64_t seed = 1; seed <= 200; ++seed)
            jsonPaths(nlohmann::json::parse(toJson(generateModel(seed))), "", seen);
        std::string missing;
        for (const auto &p : expected)
            if (!seen.contains(p))
                missing += " " + p;
        QVERIFY2(missing.empty(), ("never set:" + missing).c_str());
        QVERIFY(expected.size() > 100);
    }

    // Every value of every enumeration (and every logical type and default kind) appears.
    void enumValuesCovered()
    {
        std::set<std::string> seen;
        auto add = [&](const char *what, auto v) { seen.insert(std::string(what) + toString(v)); };
        for (uint64_t seed = 1; seed <= 200; ++seed) {
            Model m = generateModel(seed);
            for (const auto &c : m.components) {
                add("kind:", c.kind);
                if (c.service_time)
                    add("dist:", c.service_time->dist);
                add("threading:", c.threading);
                add("balancing:", c.balancing);
                add("fanout:", c.fanout);
                add("eviction:", c.eviction);
                add("invalidation:", c.invalidation);
                add("read_from:", c.read_from);
                add("engine:", c.engine);
                if (c.rate_limit)
                    add("per:", c.rate_limit->per);
                if (c.queue)
                    add("overflow:", c.queue->overflow);
                if (c.realtime) {
                    add("slow_consumer:", c.realtime->slow_consumer);
                    add("jitter:", c.realtime->reconnect_jitter);
                }
                if (c.replication)
                    add("replication:", c.replication->mode);
                if (c.backup)
                    add("location:", c.backup->location);
                if (const auto &a = c.deploy.autoscale) {
                    add("select:", a->scale_up_select);
                    add("select:", a->scale_down_select);
                    for (const auto &p : a->scale_up_policies)
                        add("policy:", p.type);
                    for (const auto &p : a->scale_down_policies)
                        add("policy:", p.type);
                }
            }
            for (const auto &l : m.links) {
                add("link:", l.kind);
                if (l.retries)
                    add("jitter:", l.retries->jitter);
                add("fallback:", l.fallback);
                add("purpose:", l.purpose);
                if (l.rate_limit)
                    add("per:", l.rate_limit->per);
                if (l.consume)
                    add("commit:", l.consume->commit);
            }
            for (const auto &s : m.schemas)
                for (const auto &v : s.views)
                    add("view:", v.kind);
            for (const auto &s : m.schemas)
                for (const auto &t : s.tables) {
                    for (const auto &col : t.columns) {
                        seen.insert("type:" + baseName(col.type.base));
                        if (col.default_value)
                            seen.insert("default:" +
                                        std::to_string(int(col.default_value->kind)));
                    }
                    for (const auto &fk : t.foreign_keys) {
                        add("on_delete:", fk.on_delete);
                        add("on_update:", fk.on_update);
                    }
                    if (t.partitioning) {
                        add("method:", t.partitioning->method);
                        add("interval:", t.partitioning->interval);
                    }
                }
            if (m.disaster_recovery)
                add("strategy:", m.disaster_recovery->strategy);
            for (const auto &sc : m.scenarios)
                for (const auto &e : sc.events) {
                    add("action:", e.action);
                    add("mode:", e.mode);
                }
        }
        auto expectAll = [&](const char *what, std::vector<std::string> names) {
            for (const auto &n : names)
                QVERIFY2(seen.contains(what + n), (std::string(what) + n).c_str());
        };
        expectAll("view:", enumNames<ViewKind>());
        expectAll("kind:", enumNames<ComponentKind>());
        expectAll("slow_consumer:", enumNames<SlowConsumer>());
        expectAll("dist:", enumNames<DistKind>());
        expectAll("threading:", enumNames<Threading>());
        expectAll("balancing:", enumNames<Balancing>());
        expectAll("fanout:", enumNames<Fanout>());
        expectAll("eviction:", enumNames<Eviction>());
        expectAll("invalidation:", enumNames<Invalidation>());
        expectAll("read_from:", enumNames<ReadFrom>());
        expectAll("engine:", enumNames<DbEngine>());
        expectAll("link:", enumNames<LinkKind>());
        expectAll("jitter:", enumNames<Jitter>());
        expectAll("fallback:", enumNames<Fallback>());
        expectAll("purpose:", enumNames<LinkPurpose>());
        expectAll("on_delete:", enumNames<RefAction>());
        expectAll("on_update:", enumNames<RefAction>());
        expectAll("method:", enumNames<PartitionMethod>());
        expectAll("interval:", enumNames<PartitionInterval>());
        expectAll("action:", enumNames<EventAction>());
        expectAll("mode:", enumNames<CrashMode>());
        expectAll("per:", enumNames<RateLimitScope>());
        expectAll("overflow:", enumNames<Overflow>());
        expectAll("commit:", enumNames<CommitPolicy>());
        expectAll("select:", enumNames<SelectPolicy>());
        expectAll("policy:", enumNames<ScalingPolicyType>());
        expectAll("replication:", enumNames<ReplicationMode>());
        expectAll("location:", enumNames<BackupLocation>());
        expectAll("strategy:", enumNames<DrStrategy>());
        for (int b = 0; b <= int(LogicalType::Base::Json); ++b)
            QVERIFY2(seen.contains("type:" + baseName(LogicalType::Base(b))),
                     baseName(LogicalType::Base(b)).c_str());
        for (int k = 0; k <= int(DefaultValue::Kind::Now); ++k)
            QVERIFY2(seen.contains("default:" + std::to_string(k)), std::to_string(k).c_str());
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
