// The capacity sweep (issue 23): spec errors with their place, the cheapest feasible point of
// an M/M/c grid against Erlang C, pruning against the analytic utilisation, early stopping
// against full replications on the example, the Pareto front of a constructed set,
// determinism across threads, shards that merge into the single-process bytes, interruption.

#include "testutil.h"

#include "archsim/model/analytic.h"
#include "archsim/model/io.h"
#include "archsim/sweep/spec.h"
#include "archsim/sweep/sweep.h"

#include <QtTest>

#include <cmath>

using namespace archsim;
using archsim::test::readAll;
using archsim::test::sourceDir;

namespace {

QString data(const char *name) { return QStringLiteral(SRCDIR "data/") + QLatin1String(name); }

model::Model loadModel(const QString &path);

// The e-commerce example.
model::Model ecommerce()
{
    return loadModel(sourceDir() + QStringLiteral("/resources/examples/ecommerce.json"));
}

model::Model loadModel(const QString &path)
{
    auto m = model::loadModel(path.toStdString());
    if (!m.ok())
        qFatal("%s", m.message().c_str());
    return m.value();
}

sweep::SweepSpec loadSpec(const std::string &text, const model::Model &m)
{
    auto s = sweep::parseSpec(text, "spec.json", m);
    if (!s.ok())
        qFatal("%s", s.message().c_str());
    return s.value();
}

sweep::SweepResult run(const model::Model &m, const sweep::SweepSpec &spec,
                       sweep::SweepOptions options = {})
{
    auto r = sweep::runSweep(m, spec, options);
    if (!r.ok())
        qFatal("%s", r.message().c_str());
    return r.value();
}

// Mean response time of M/M/c in ms: service + Erlang C wait, C(c, a) / (c mu - lambda).
double mmcResponseMs(int c, double lambda, double serviceMs)
{
    const double mu = 1000.0 / serviceMs;
    const double a = lambda / mu;
    return serviceMs + 1000.0 * model::erlangC(c, a) / (c * mu - lambda);
}

// The example spec with fewer replications and two gateway replicas only (6 of its 18 points:
// pruned, infeasible at the peak, infeasible in the outage, feasible), so that the test can
// run it twice in reasonable time, also under the sanitizers.
std::string exampleSpecText(int replications, int minReplications)
{
    auto j = nlohmann::json::parse(
        readAll(sourceDir() + QStringLiteral("/resources/sweeps/ecommerce-peak.json")));
    j["run"]["replications"] = replications;
    j["run"]["min_replications"] = minReplications;
    if (j["parameters"][1]["name"] != "gateway replicas")
        qFatal("resources/sweeps/ecommerce-peak.json changed: parameter 1 is not the gateway's "
               "replicas");
    j["parameters"][1]["values"] = {2};
    return j.dump();
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT

private slots:
    void badSpecIsLocated_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("words");
        const QString p = QStringLiteral("{\"parameters\": [{\"pointer\": "
                                         "\"/components/1/replicas\", \"values\": [2, 3]}]");
        QTest::newRow("syntax") << QStringLiteral("{\"parameters\": [") << QStringLiteral("1:17")
                                << QStringLiteral("not valid JSON");
        QTest::newRow("unknown top field") << p + QStringLiteral(", \"goals\": 1}")
                                           << QStringLiteral("/goals")
                                           << QStringLiteral("unknown field");
        QTest::newRow("pointer not in model")
            << QStringLiteral("{\"parameters\": [{\"pointer\": \"/components/9/replicas\", "
                              "\"values\": [1]}]}")
            << QStringLiteral("/parameters/0/pointer") << QStringLiteral("does not resolve");
        QTest::newRow("not a pointer")
            << QStringLiteral("{\"parameters\": [{\"pointer\": \"components\", \"values\": [1]}]}")
            << QStringLiteral("/parameters/0/pointer") << QStringLiteral("RFC 6901");
        QTest::newRow("unknown model field")
            << QStringLiteral("{\"parameters\": [{\"pointer\": \"/components/1/replica\", "
                              "\"values\": [1]}]}")
            << QStringLiteral("/parameters/0/values/0") << QStringLiteral("replica");
        QTest::newRow("value of the wrong type")
            << QStringLiteral("{\"parameters\": [{\"pointer\": \"/components/1/replicas\", "
                              "\"values\": [2, \"three\"]}]}")
            << QStringLiteral("/parameters/0/values/1") << QStringLiteral("\"three\"");
        QTest::newRow("range without to")
            << QStringLiteral("{\"parameters\": [{\"pointer\": \"/components/1/replicas\", "
                              "\"range\": {\"from\": 1}}]}")
            << QStringLiteral("/parameters/0/range") << QStringLiteral("'to'");
        QTest::newRow("unknown scenario") << p + QStringLiteral(", \"scenarios\": [\"peak\"]}")
                                          << QStringLiteral("/scenarios/0")
                                          << QStringLiteral("peak");
        QTest::newRow("unknown metric")
            << p + QStringLiteral(", \"objectives\": [{\"metric\": \"p98_ms\", \"max\": 1}]}")
            << QStringLiteral("/objectives/0/metric") << QStringLiteral("p99_ms");
        QTest::newRow("min on a latency")
            << p + QStringLiteral(", \"objectives\": [{\"metric\": \"p99_ms\", \"min\": 1}]}")
            << QStringLiteral("/objectives/0/min") << QStringLiteral("use 'max'");
        QTest::newRow("unknown client")
            << p + QStringLiteral(", \"objectives\": [{\"metric\": \"availability\", "
                                  "\"client\": \"nobody\", \"min\": 0.9}]}")
            << QStringLiteral("/objectives/0/client") << QStringLiteral("nobody");
        QTest::newRow("min_replications above replications")
            << p + QStringLiteral(", \"run\": {\"replications\": 3, \"min_replications\": 4}}")
            << QStringLiteral("/run/min_replications") << QStringLiteral("from 2 to 3");
    }

    // A bad spec is refused with the JSON pointer (or line:col) of the bad field.
    void badSpecIsLocated()
    {
        QFETCH(QString, spec);
        QFETCH(QString, place);
        QFETCH(QString, words);
        const auto m = loadModel(data("mmc.json"));
        auto s = sweep::parseSpec(spec.toStdString(), "spec.json", m);
        QVERIFY(!s.ok());
        const auto &d = s.diagnostics().front();
        QCOMPARE(QString::fromStdString(d.file), QStringLiteral("spec.json"));
        QCOMPARE(QString::fromStdString(d.place), place);
        QVERIFY2(QString::fromStdString(d.message).contains(words), d.message.c_str());
    }

    // Without objectives in the spec, the model's SLOs are the objectives, and the result says
    // so.
    void objectivesDefaultToTheSlos()
    {
        const auto m = ecommerce();
        const auto spec = loadSpec(R"({"parameters": [{"pointer": "/components/9/replicas",
            "values": [2]}], "scenarios": ["steady", "zone-outage"]})", m);
        QVERIFY(spec.objectivesFromSlos);
        // Two clients with an availability and a latency objective each, in two scenarios.
        QCOMPARE(spec.objectives.size(), size_t(8));
        QCOMPARE(spec.objectives[0].source, std::string("slo of client shoppers"));
        QCOMPARE(spec.objectives[0].bound, 0.999);
        QCOMPARE(spec.objectives[1].metric, sweep::Metric::LatencyAttainment);
        QCOMPARE(spec.objectives[1].bound, 0.99);
    }

    // A run.duration_s shorter than a scenario's own warm-up is refused when the spec is read,
    // not found out by every point's simulation.
    void durationShorterThanAWarmupIsLocated()
    {
        const auto m = ecommerce();
        auto s = sweep::parseSpec(R"({"parameters": [{"pointer": "/components/9/replicas",
            "values": [2]}], "scenarios": ["zone-outage"], "run": {"duration_s": 20}})",
                                  "spec.json", m);
        QVERIFY(!s.ok());
        QCOMPARE(s.diagnostics().front().place, std::string("/run/duration_s"));
        QVERIFY(s.message().find("zone-outage") != std::string::npos);
    }

    // Oracle: M/M/c with lambda = 30/s and 100 ms exponential service (a = 3 erlangs); mean
    // response = 100 ms + C(c, 3) / (10 c - 30) s: c = 4: 150.9 ms, c = 5: 111.8 ms,
    // c = 6: 103.3 ms, c = 7: 100.9 ms. The objective mean <= 120 ms is first met at c = 5,
    // the cheapest feasible point; c = 2 and 3 have rho = 3 / c >= 1 and are pruned. Each
    // simulated mean must be within 3% of its oracle (about 57,000 requests per replication).
    void cheapestFeasibleMatchesErlangC()
    {
        const auto m = loadModel(data("mmc.json"));
        const auto spec = loadSpec(readAll(data("mmc-spec.json")), m);
        sweep::SweepOptions options;
        options.threads = 2;
        const auto r = run(m, spec, options);
        QCOMPARE(r.points.size(), size_t(6));
        for (const auto &p : r.points) {
            const int c = p["values"][0].get<int>();
            const std::string verdict = p["verdict"].get<std::string>();
            if (c <= 3) {
                QCOMPARE(verdict, std::string("pruned"));
                continue;
            }
            const double oracle = mmcResponseMs(c, 30, 100);
            const double simulated = p["objectives"][0]["mean"].get<double>();
            qInfo("c=%d oracle %.2f ms simulated %.2f ms (%s)", c, oracle, simulated,
                  verdict.c_str());
            QVERIFY2(std::abs(simulated - oracle) <= 0.03 * oracle, verdict.c_str());
            QCOMPARE(verdict, std::string(oracle <= 120 ? "feasible" : "infeasible"));
        }
        const auto doc = nlohmann::json::parse(sweep::toJson(r));
        QCOMPARE(doc["cheapest"]["values"][0].get<int>(), 5);
        // Cost grows with replicas and the mean falls: every feasible point is on the front.
        QCOMPARE(doc["pareto"], nlohmann::json::parse("[3, 4, 5]"));
    }

    // Oracle: the analytic utilisation of the single station, rho = lambda S / c = 3 / c. A
    // point is pruned exactly when rho >= 1, and the verdict names the station and its rho.
    void pruningFollowsTheAnalyticUtilisation()
    {
        const auto m = loadModel(data("mmc.json"));
        auto j = nlohmann::json::parse(readAll(data("mmc-spec.json")));
        j["parameters"][0]["range"] = {{"from", 1}, {"to", 4}};
        j["run"]["duration_s"] = 50;
        j["run"]["warmup_s"] = 0;
        const auto spec = loadSpec(j.dump(), m);
        const auto r = run(m, spec);
        for (const auto &p : r.points) {
            const int c = p["values"][0].get<int>();
            const double rho = 3.0 / c;
            QVERIFY(std::abs(p["load"]["rho"].get<double>() - rho) < 1e-9);
            QCOMPARE(p["load"]["station"].get<std::string>(), std::string("svc"));
            QCOMPARE(p["verdict"].get<std::string>() == "pruned", rho >= 1);
            if (rho >= 1) {
                QVERIFY(p["reason"].get<std::string>().find("overloaded (svc rho=") == 0);
                QCOMPARE(p["replications"].get<int>(), 0);
            }
        }
        // With pruning off the overloaded points are simulated (and stop as overloaded).
        sweep::SweepOptions noPrune;
        noPrune.prune = false;
        const auto full = run(m, spec, noPrune);
        QVERIFY(full.points[0]["verdict"].get<std::string>() != "pruned");
        QVERIFY(full.points[0]["replications"].get<int>() > 0);
    }

    // A value the model accepts structurally but validation refuses makes the point invalid,
    // with the reason and its place, and the sweep goes on.
    void invalidPointIsAVerdict()
    {
        const auto m = loadModel(data("mmc.json"));
        const auto spec = loadSpec(R"({"parameters": [{"pointer": "/components/1/replicas",
            "values": [0, 4]}], "run": {"duration_s": 20, "replications": 2}})", m);
        const auto r = run(m, spec);
        QCOMPARE(r.points[0]["verdict"].get<std::string>(), std::string("invalid"));
        QVERIFY2(r.points[0]["reason"].get<std::string>().find("/components/1/replicas") == 0,
                 r.points[0]["reason"].get<std::string>().c_str());
        QCOMPARE(r.points[1]["verdict"].get<std::string>(), std::string("feasible"));
    }

    // Early stopping ends a point's replications once its intervals decide it; on the
    // example it must reach the same verdicts and the same cheapest point as full
    // replications, with fewer runs.
    void earlyStoppingKeepsTheVerdictsOfTheExample()
    {
        const auto m = ecommerce();
        const auto spec = loadSpec(exampleSpecText(3, 2), m);
        sweep::SweepOptions early, full;
        early.threads = full.threads = 2;
        full.earlyStop = false;
        const auto a = nlohmann::json::parse(sweep::toJson(run(m, spec, early)));
        const auto b = nlohmann::json::parse(sweep::toJson(run(m, spec, full)));
        QCOMPARE(a["points"].size(), b["points"].size());
        for (size_t i = 0; i < a["points"].size(); ++i)
            QCOMPARE(a["points"][i]["verdict"], b["points"][i]["verdict"]);
        QCOMPARE(a["cheapest"]["index"], b["cheapest"]["index"]);
        QVERIFY(!a["cheapest"].is_null());
        QVERIFY(a["summary"]["pruned"].get<int>() > 0);
        QVERIFY(a["summary"]["infeasible"].get<int>() > 0);
        const int earlyRuns = a["summary"]["replications"].get<int>();
        const int fullRuns = b["summary"]["replications"].get<int>();
        qInfo("simulation runs: early stopping %d, full replications %d", earlyRuns, fullRuns);
        QVERIFY(earlyRuns < fullRuns);
    }

    // The front of a hand-made set, checked against its definition by brute force.
    void paretoFrontOfAConstructedSet()
    {
        // Candidates (index: cost, figure). On the front: 0 (1, 9) and its twin 6 (1, 9),
        // 2 (2, 5) and its twin 5 (2, 5) (equal candidates do not dominate each other), 4
        // (4, 1). Dominated: 1 (3, 6) by 2, 3 (5, 3) by 4, 7 (6, 1) by 4 (cheaper, same figure).
        std::vector<sweep::ParetoCandidate> c = {
            {0, 1, 9}, {1, 3, 6}, {2, 2, 5}, {3, 5, 3}, {4, 4, 1}, {5, 2, 5}, {6, 1, 9},
            {7, 6, 1}};
        const auto front = sweep::paretoFront(c);
        QCOMPARE(front, (std::vector<size_t>{0, 6, 2, 5, 4}));
        // Brute force: a point is on the front iff no other is <= on both and < on one.
        for (const auto &p : c) {
            bool dominated = false;
            for (const auto &q : c)
                dominated = dominated
                    || (q.cost <= p.cost && q.figure <= p.figure
                        && (q.cost < p.cost || q.figure < p.figure));
            QCOMPARE(std::find(front.begin(), front.end(), p.index) != front.end(), !dominated);
        }
        QVERIFY(sweep::paretoFront({}).empty());
    }

    // The same spec gives the same bytes on 1 and 2 threads.
    void sameBytesOnOneAndTwoThreads()
    {
        const auto m = loadModel(data("mmc.json"));
        auto j = nlohmann::json::parse(readAll(data("mmc-spec.json")));
        j["run"]["duration_s"] = 300;
        const auto spec = loadSpec(j.dump(), m);
        sweep::SweepOptions one, two;
        two.threads = 2;
        const std::string a = sweep::toJson(run(m, spec, one));
        const std::string b = sweep::toJson(run(m, spec, two));
        QCOMPARE(a, b);
        QCOMPARE(sweep::toCsv(run(m, spec, two)), sweep::toCsv(run(m, spec, one)));
    }

    // Shards cover every point once, with counts that differ by at most one, and their parts
    // merge into the bytes of one process; a missing, duplicate or foreign part is refused.
    void shardsMergeIntoTheSingleProcessBytes()
    {
        std::vector<double> load = {0.5, 0.9, 0.1, 0.9, 0.3, 0.7, 0.2};
        std::vector<int> seen(load.size(), 0);
        for (int s = 0; s < 3; ++s) {
            const auto mine = sweep::shardPoints(load, s, 3);
            QVERIFY(mine.size() == 2 || mine.size() == 3);
            for (size_t i : mine)
                ++seen[i];
        }
        QCOMPARE(seen, std::vector<int>(load.size(), 1));
        // The two busiest points (1 and 3, ties by index) go to shards 0 and 1.
        const auto first = sweep::shardPoints(load, 0, 3);
        const auto second = sweep::shardPoints(load, 1, 3);
        QVERIFY(std::find(first.begin(), first.end(), size_t(1)) != first.end());
        QVERIFY(std::find(second.begin(), second.end(), size_t(3)) != second.end());

        const auto m = loadModel(data("mmc.json"));
        auto j = nlohmann::json::parse(readAll(data("mmc-spec.json")));
        j["run"]["duration_s"] = 200;
        const auto spec = loadSpec(j.dump(), m);
        const std::string whole = sweep::toJson(run(m, spec));
        std::vector<sweep::SweepResult> parts;
        std::vector<std::string> files;
        for (int s = 2; s >= 0; --s) {
            sweep::SweepOptions o;
            o.shardIndex = s;
            o.shardCount = 3;
            auto part = sweep::fromJson(sweep::toJson(run(m, spec, o)), "part" +
                                                                          std::to_string(s));
            QVERIFY(part.ok());
            parts.push_back(part.value());
            files.push_back("part" + std::to_string(s));
        }
        auto merged = sweep::mergeParts(parts, files);
        QVERIFY2(merged.ok(), merged.message().c_str());
        QCOMPARE(sweep::toJson(merged.value()), whole);

        auto missing = sweep::mergeParts({parts[0], parts[1]}, {files[0], files[1]});
        QVERIFY(!missing.ok());
        QVERIFY2(missing.message().find("missing part(s) of shard 0 of 3") != std::string::npos,
                 missing.message().c_str());
        auto twice = sweep::mergeParts({parts[0], parts[1], parts[1]},
                                       {files[0], files[1], "copy"});
        QVERIFY(!twice.ok());
        QVERIFY2(twice.message().find("copy:/shard/index") != std::string::npos
                     && twice.message().find("is also part1") != std::string::npos,
                 twice.message().c_str());
        auto foreignSpec = parts[2];
        foreignSpec.header["spec_hash"] = "0000000000000000";
        auto foreign = sweep::mergeParts({parts[0], parts[1], foreignSpec}, files);
        QVERIFY(!foreign.ok());
        QVERIFY2(foreign.message().find("part0:/spec_hash: error: this part is of another spec")
                     != std::string::npos,
                 foreign.message().c_str());
    }

    // A cancelled sweep keeps the points that finished and is marked partial.
    void interruptionKeepsThePointsDone()
    {
        const auto m = loadModel(data("mmc.json"));
        auto j = nlohmann::json::parse(readAll(data("mmc-spec.json")));
        j["run"]["duration_s"] = 100;
        j["run"]["warmup_s"] = 10;
        const auto spec = loadSpec(j.dump(), m);
        std::atomic<bool> cancel{false};
        sweep::SweepOptions o;
        o.cancel = &cancel;
        o.progress = [&cancel](size_t done, size_t) {
            if (done == 3)
                cancel.store(true);
        };
        const auto r = run(m, spec, o);
        QVERIFY(r.partial);
        QCOMPARE(r.points.size(), size_t(3));
        QVERIFY(sweep::toJson(r).find("\"partial\": true") != std::string::npos);
        auto part = sweep::fromJson(sweep::toJson(r), "p.json");
        QVERIFY(part.ok());
        QVERIFY(part->partial);
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
