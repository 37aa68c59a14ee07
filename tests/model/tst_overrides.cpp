// Scenario overrides (the "with and without" variants of the built-in demos): read, written and
// stored in both formats, applied to a copy of the model, and every mistake reported at its
// place under /scenarios/N/overrides/M.

#include "archsim/model/generator.h"
#include "archsim/model/io.h"
#include "archsim/model/overrides.h"
#include "archsim/model/validate.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace archsim::model;

namespace {

// A client calling a service that reads through a cache; scenario "plain" has no overrides.
const char *kModel = R"({
  "format": "archsim", "version": 1, "name": "t",
  "zones": ["zone-a", "zone-b"],
  "components": [
    {"id": "users", "kind": "client", "rps": 10},
    {"id": "api", "kind": "service", "replicas": 2, "zones": ["zone-a", "zone-b"]},
    {"id": "cache", "kind": "cache", "capacity": 100, "keys": 1000, "coalescing": true},
    {"id": "db", "kind": "database"}
  ],
  "links": [
    {"from": "users", "to": "api"},
    {"from": "api", "to": "cache", "kind": "read", "timeout_ms": 50,
     "retries": {"max": 2, "backoff_ms": 10, "jitter": "full", "budget": 0.1}},
    {"from": "cache", "to": "db", "kind": "fill"}
  ],
  "scenarios": [
    {"id": "plain", "duration_s": 60, "seed": 1},
    {"id": "variant", "duration_s": 60, "seed": 1, "overrides": OVERRIDES}
  ]
})";

Result<Model> withOverrides(const std::string &overrides)
{
    std::string text = kModel;
    text.replace(text.find("OVERRIDES"), 9, overrides);
    return parseJson(text, "t.json");
}

const Component &comp(const Model &m, const std::string &id)
{
    for (const auto &c : m.components)
        if (c.id == id)
            return c;
    qFatal("no component %s", id.c_str());
}

const Link &link(const Model &m, const std::string &id)
{
    for (const auto &l : m.links)
        if (l.id == id)
            return l;
    qFatal("no link %s", id.c_str());
}

} // namespace

class TestOverrides : public QObject {
    Q_OBJECT
private slots:
    void readWriteRoundTrip();
    void archsimRoundTrip();
    void appliesToACopy();
    void mergePatchSemantics();
    void laterOverrideSeesEarlier();
    void badOverrides_data();
    void badOverrides();
    void overridesInModelWithoutLinks();
    void quadraticValidationSameResults_data();
    void quadraticValidationSameResults();
};

void TestOverrides::readWriteRoundTrip()
{
    auto m = withOverrides(R"([{"target": "cache", "set": {"coalescing": false}}])");
    QVERIFY2(m.ok(), m.message().c_str());
    const Scenario &s = m.value().scenarios[1];
    QCOMPARE(s.overrides.size(), size_t(1));
    QCOMPARE(s.overrides[0].target, std::string("cache"));
    QCOMPARE(s.overrides[0].set.text, std::string(R"({"coalescing":false})"));
    const std::string text = toJson(m.value());
    QVERIFY2(text.find("\"overrides\": [") != std::string::npos, text.c_str());
    auto again = parseJson(text);
    QVERIFY2(again.ok(), again.message().c_str());
    QVERIFY(again.value() == m.value());
    QCOMPARE(toJson(again.value()), text); // canonical: a fixed point
    QVERIFY(validate(m.value()).empty());
}

void TestOverrides::archsimRoundTrip()
{
    auto m = withOverrides(R"([{"target": "api-cache", "set": {"retries": {"max": 3}}}])");
    QVERIFY2(m.ok(), m.message().c_str());
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.archsim").toStdString();
    auto saved = saveModel(m.value(), path);
    QVERIFY2(saved.ok(), saved.message().c_str());
    auto read = loadModel(path);
    QVERIFY2(read.ok(), read.message().c_str());
    QVERIFY(read.value() == m.value());
}

void TestOverrides::appliesToACopy()
{
    auto m = withOverrides(R"([{"target": "cache", "set": {"coalescing": false}},
                              {"target": "api", "set": {"zones": ["zone-a"]}}])");
    QVERIFY2(m.ok(), m.message().c_str());
    auto v = applyOverrides(m.value(), "variant");
    QVERIFY2(v.ok(), v.message().c_str());
    QCOMPARE(comp(v.value(), "cache").coalescing, false);
    QCOMPARE(comp(v.value(), "api").zones, std::vector<std::string>{"zone-a"});
    QCOMPARE(comp(v.value(), "cache").capacity, int64_t(100)); // untouched fields stay
    for (const auto &s : v.value().scenarios)
        QVERIFY(s.overrides.empty()); // the variant is the end of the line
    QCOMPARE(comp(m.value(), "cache").coalescing, true); // the model itself is unchanged
    auto plain = applyOverrides(m.value(), "plain");
    QVERIFY(plain.ok());
    QCOMPARE(comp(plain.value(), "cache").coalescing, true);
    QVERIFY(!applyOverrides(m.value(), "nope").ok());
}

// RFC 7386: an object merges into the field's object, null removes the field.
void TestOverrides::mergePatchSemantics()
{
    auto m = withOverrides(R"([{"target": "api-cache",
        "set": {"retries": {"jitter": "none", "budget": null}, "timeout_ms": null}}])");
    QVERIFY2(m.ok(), m.message().c_str());
    auto v = applyOverrides(m.value(), "variant");
    QVERIFY2(v.ok(), v.message().c_str());
    const Link &l = link(v.value(), "api-cache");
    QVERIFY(l.retries.has_value());
    QCOMPARE(l.retries->max, 2); // kept
    QCOMPARE(l.retries->backoff_ms, 10.0);
    QCOMPARE(l.retries->jitter, Jitter::None);
    QCOMPARE(l.retries->budget, 0.0);
    QVERIFY(!l.timeout_ms.has_value());
}

void TestOverrides::laterOverrideSeesEarlier()
{
    auto m = withOverrides(R"([{"target": "api", "set": {"replicas": 4, "workers": 8}},
                              {"target": "api", "set": {"replicas": 3}}])");
    QVERIFY2(m.ok(), m.message().c_str());
    auto v = applyOverrides(m.value(), "variant");
    QVERIFY2(v.ok(), v.message().c_str());
    QCOMPARE(comp(v.value(), "api").replicas, 3);
    QCOMPARE(comp(v.value(), "api").workers, 8);
}

void TestOverrides::badOverrides_data()
{
    QTest::addColumn<QString>("overrides");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("/scenarios/1/overrides/");
    QTest::newRow("unknown target") << R"([{"target": "nope", "set": {"replicas": 2}}])"
                                    << p + "0/target" << "neither a component nor a link";
    QTest::newRow("unknown field")
        << R"([{"target": "users", "set": {}}, {"target": "cache", "set": {"coalesing": false}}])"
        << p + "1/set/coalesing" << "did you mean 'coalescing'";
    QTest::newRow("wrong type") << R"([{"target": "cache", "set": {"coalescing": "no"}}])"
                                << p + "0/set/coalescing" << "expected true or false";
    QTest::newRow("nested field") << R"([{"target": "api-cache", "set": {"retries": {"mx": 1}}}])"
                                  << p + "0/set/retries/mx" << "unknown field 'mx'";
    QTest::newRow("id change") << R"([{"target": "api", "set": {"id": "api2"}}])"
                               << p + "0/set/id" << "cannot change an id";
    // Semantic problems of the variant, found by validate() on it.
    QTest::newRow("invalid value") << R"([{"target": "api", "set": {"replicas": 0}}])"
                                   << p + "0/set/replicas" << "with its overrides";
    QTest::newRow("unknown zone") << R"([{"target": "api", "set": {"zones": ["zone-c"]}}])"
                                  << p + "0/set/zones/0" << "zone-c";
}

void TestOverrides::badOverrides()
{
    QFETCH(QString, overrides);
    QFETCH(QString, place);
    QFETCH(QString, message);
    auto m = withOverrides(overrides.toStdString());
    QVERIFY2(m.ok(), m.message().c_str()); // structurally a file may hold any override
    const Diagnostics diags = validate(m.value());
    QString all;
    for (const auto &d : diags)
        all += QString::fromStdString(d.place + ": " + d.message) + "\n";
    QCOMPARE(diags.size(), size_t(1));
    QCOMPARE(QString::fromStdString(diags[0].place), place);
    QVERIFY2(all.contains(message), qPrintable(all));
}

// Found with defect 5 of issue #15: merging looked the target up with operator[], which added
// "links": null to a model without links, so every variant failed to read back.
void TestOverrides::overridesInModelWithoutLinks()
{
    auto m = parseJson(R"({"format": "archsim", "version": 1, "name": "t",
      "components": [{"id": "api", "kind": "service"}],
      "scenarios": [{"id": "more", "duration_s": 60,
                     "overrides": [{"target": "api", "set": {"replicas": 3}}]}]})");
    QVERIFY2(m.ok(), m.message().c_str());
    QVERIFY(m.value().links.empty());
    const Diagnostics diags = validate(m.value());
    QVERIFY2(diags.empty(), diags.empty() ? "" : diags.front().message.c_str());
    QVERIFY(checkOverridesWhole(m.value(), {}).empty());
    auto variant = applyOverrides(m.value(), "more");
    QVERIFY2(variant.ok(), variant.message().c_str());
    QCOMPARE(variant.value().components[0].replicas, 3);
}

// Defect 5 of issue #15: validating variants took the model's size times the number of
// scenarios. checkOverrides() now re-reads and re-checks only what the overrides change; its
// result must be the reference's (checkOverridesWhole(): every variant merged, read back and
// validated whole), problem for problem and in order, on models with overrides of every kind:
// valid and invalid values, kind and schema changes seen by links and events, unknown fields,
// wrong types, unknown targets, id changes, broken base models, and past the 500-problem cap.
void TestOverrides::quadraticValidationSameResults_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("breakage"); // 0 sound base, 1 a few base problems, 2 past the cap
    for (quint64 seed = 1; seed <= 20; ++seed)
        QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed << int(seed % 2);
    QTest::newRow("base past the problem cap") << quint64(99) << 2;
}

void TestOverrides::quadraticValidationSameResults()
{
    QFETCH(quint64, seed);
    QFETCH(int, breakage);
    GeneratorOptions o;
    o.components = 40;
    o.tables = 6;
    o.scenarios = 12;
    Model m = generateModel(seed, o);
    uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1; // a fixed LCG: the same cases on every run
    auto below = [&x](size_t n) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return size_t((x >> 33) % n);
    };
    if (breakage >= 1) {
        m.links[below(m.links.size())].to = "ghost";
        m.components[3].replicas = 0;
        m.components[5].id = m.components[4].id;
    }
    if (breakage == 2)
        for (int i = 0; i < 300; ++i)
            m.components[below(m.components.size())].zones.push_back("nowhere");
    const std::vector<std::string> sets = {
        R"({"replicas": 3})", R"({"replicas": 0})", R"({"kind": "cache"})",
        R"({"kind": "client"})", R"({"kind": "database", "schema": "nope"})",
        R"({"replicas": "three"})", R"({"id": "other"})", R"({"bogus": 1})", R"([1, 2])",
        R"({"timeout_ms": -5})", R"({"tls": true})", R"({"to": "ghost"})",
        R"({"capacity": 0, "keys": 0})", R"({"key_classes": [{"name": "k", "share": 2}]})",
        R"({"zones": ["zone-a", "zone-q"]})", R"({"retries": {"max": 500}})",
        R"({"description": null})", R"({"service_time": {"dist": "erlang", "k": 0}})"};
    for (Scenario &sc : m.scenarios) {
        sc.overrides.clear();
        const size_t n = 1 + below(4);
        for (size_t i = 0; i < n; ++i) {
            ScenarioOverride ov;
            const size_t pick = below(10);
            ov.target = pick < 5   ? m.components[below(m.components.size())].id
                        : pick < 9 ? m.links[below(m.links.size())].id
                                   : std::string("no-such-thing");
            ov.set.text = sets[below(sets.size())];
            sc.overrides.push_back(ov);
        }
    }
    // The variants' own problems only: validate() minus the model's.
    const Diagnostics all = validate(m);
    Diagnostics base;
    for (const auto &d : all)
        if (d.message.find("with its overrides") == std::string::npos &&
            d.place.find("/overrides/") == std::string::npos)
            base.push_back(d);
    if (breakage == 2)
        QCOMPARE(base.size(), size_t(500)); // the cap, so the variants' merge meets it too
    const Diagnostics fast = checkOverrides(m, base);
    const Diagnostics whole = checkOverridesWhole(m, base);
    QVERIFY2(whole.size() > 10, "the cases must give the variants problems to compare");
    for (size_t i = 0; i < std::min(fast.size(), whole.size()); ++i) {
        const std::string a = fast[i].place + ": " + fast[i].message;
        const std::string b = whole[i].place + ": " + whole[i].message;
        QVERIFY2(a == b && fast[i].severity == whole[i].severity,
                 qPrintable(QString("problem %1 differs:\n  got  %2\n  want %3")
                                .arg(i)
                                .arg(QString::fromStdString(a), QString::fromStdString(b))));
    }
    QCOMPARE(fast.size(), whole.size());
}

QTEST_GUILESS_MAIN(TestOverrides)
#include "tst_overrides.moc"
