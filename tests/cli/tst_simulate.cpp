// archsim-cli simulate: the JSON contract of issue 4, determinism across --threads, -o, and
// clear errors for bad usage.

#include "clirunner.h"
#include "testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using archsim::test::runCli;

namespace {

QString example(const char *name)
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

} // namespace

class TestSimulate : public QObject {
    Q_OBJECT
private slots:
    void jsonHasTheDocumentedShape()
    {
        auto r = runCli({QStringLiteral("simulate"), example("ecommerce.json"),
                         QStringLiteral("--duration"), QStringLiteral("20"),
                         QStringLiteral("--warmup"), QStringLiteral("2"),
                         QStringLiteral("--replications"), QStringLiteral("3"),
                         QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError err;
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8(), &err).object();
        QCOMPARE(err.error, QJsonParseError::NoError);
        for (const char *k : {"model", "scenario", "seed", "replications", "duration_s",
                              "warmup_s", "events", "wall_s", "summary", "clients", "components",
                              "timeline", "ci95"})
            QVERIFY2(j.contains(QLatin1String(k)), k);
        QCOMPARE(j["replications"].toInt(), 3);
        QCOMPARE(j["duration_s"].toDouble(), 20.0);
        QVERIFY(j["events"].toDouble() > 10000);
        const QJsonObject s = j["summary"].toObject();
        for (const char *k : {"requests", "succeeded", "degraded", "failed", "throughput_rps",
                              "error_rate", "latency_ms"})
            QVERIFY2(s.contains(QLatin1String(k)), k);
        const QJsonObject lat = s["latency_ms"].toObject();
        for (const char *k : {"mean", "p50", "p90", "p95", "p99", "p999", "max"})
            QVERIFY2(lat.contains(QLatin1String(k)), k);
        QVERIFY(lat["p50"].toDouble() <= lat["p99"].toDouble());
        QVERIFY(lat["p99"].toDouble() <= lat["max"].toDouble());
        const QJsonObject db = j["components"].toObject()["shop-db"].toObject();
        for (const char *k : {"arrivals", "throughput_rps", "utilization", "queue_mean",
                              "rejected", "latency_ms"})
            QVERIFY2(db.contains(QLatin1String(k)), k);
        QVERIFY(db["utilization"].toDouble() > 0 && db["utilization"].toDouble() < 1);
        const QJsonArray tl = j["timeline"].toArray();
        QCOMPARE(tl.size(), 20);
        for (const char *k : {"t_s", "throughput_rps", "error_rate", "p50_ms", "p99_ms"})
            QVERIFY2(tl[5].toObject().contains(QLatin1String(k)), k);
        const QJsonArray ci = j["ci95"].toObject()["summary.latency_ms.p99"].toArray();
        QCOMPARE(ci.size(), 2);
        QVERIFY(ci[0].toDouble() <= lat["p99"].toDouble());
        QVERIFY(lat["p99"].toDouble() <= ci[1].toDouble());
    }

    void sameOutputForAnyThreadCount()
    {
        QByteArray first;
        for (const char *threads : {"1", "2", "4"}) {
            auto r = runCli({QStringLiteral("simulate"), example("ecommerce.json"),
                             QStringLiteral("--duration"), QStringLiteral("10"),
                             QStringLiteral("--replications"), QStringLiteral("4"),
                             QStringLiteral("--seed"), QStringLiteral("99"),
                             QStringLiteral("--threads"), QLatin1String(threads),
                             QStringLiteral("--format"), QStringLiteral("json"),
                             QStringLiteral("--no-timing")});
            QCOMPARE(r.exitCode, 0);
            if (first.isEmpty())
                first = r.out.toUtf8();
            QVERIFY2(r.out.toUtf8() == first, threads);
        }
        QVERIFY(!first.contains("wall_s"));
    }

    void writesTextToAFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("report.txt"));
        auto r = runCli({QStringLiteral("simulate"), example("three-tier.json"),
                         QStringLiteral("--duration"), QStringLiteral("5"), QStringLiteral("-o"),
                         out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("throughput"));
        QVERIFY(text.contains("component"));
    }

    void scenarioEventsWarn()
    {
        // Failure events are simulated and reported as state changes (issue 6).
        auto r = runCli({QStringLiteral("simulate"), example("ecommerce.json"),
                         QStringLiteral("--scenario"), QStringLiteral("db-failover"),
                         QStringLiteral("--duration"), QStringLiteral("122"),
                         QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.err.contains(QStringLiteral("not simulated yet")), qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j["scenario"].toString(), QStringLiteral("db-failover"));
        QCOMPARE(j["seed"].toInt(), 7); // the scenario's seed
        const QJsonObject crash = j["changes"].toArray().first().toObject();
        QCOMPARE(crash["kind"].toString(), QStringLiteral("crash"));
        QCOMPARE(crash["target"].toString(), QStringLiteral("shop-db"));
        QCOMPARE(crash["t_s"].toDouble(), 120.0);
        QVERIFY(j["summary"].toObject()["errors"].toObject().contains("timeout"));
        // A cache flush is a state change too.
        r = runCli({QStringLiteral("simulate"), example("ecommerce.json"),
                    QStringLiteral("--scenario"), QStringLiteral("cache-flush"),
                    QStringLiteral("--duration"), QStringLiteral("92"),
                    QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject f = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject flush = f["changes"].toArray().first().toObject();
        QCOMPARE(flush["kind"].toString(), QStringLiteral("flush"));
        QCOMPARE(flush["target"].toString(), QStringLiteral("redis"));
    }

    // --scenario runs the scenario's variant of the model: a scenario that doubles the web
    // tier's workers halves its utilization; a bad override is refused with its place.
    void scenarioOverrides()
    {
        QFile in(example("three-tier.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject model = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray scenarios = model["scenarios"].toArray();
        auto scenario = [](const char *id, const char *set) {
            return QJsonObject{{"id", id}, {"duration_s", 30}, {"seed", 3},
                               {"overrides", QJsonArray{QJsonObject{
                                                 {"target", "web"},
                                                 {"set", QJsonDocument::fromJson(set).object()}}}}};
        };
        scenarios.append(QJsonObject{{"id", "base"}, {"duration_s", 30}, {"seed", 3}});
        scenarios.append(scenario("doubled", R"({"workers": 16})"));
        model["scenarios"] = scenarios;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.json"));
        auto write = [&](const QJsonObject &m) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(QJsonDocument(m).toJson());
        };
        write(model);
        auto utilization = [&](const char *id) {
            auto r = runCli({QStringLiteral("simulate"), path, QStringLiteral("--scenario"),
                             QLatin1String(id), QStringLiteral("--format"),
                             QStringLiteral("json")});
            if (r.exitCode != 0)
                qWarning("%s", qPrintable(r.err));
            const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
            return j["components"].toObject()["web"].toObject()["utilization"].toDouble();
        };
        const double base = utilization("base");
        const double doubled = utilization("doubled");
        // Same arrivals and service draws (common random numbers), twice the servers: oracle
        // utilization = lambda S / c, so the ratio is 1/2 up to the blocking time's noise (5%).
        QVERIFY2(base > 0 && std::abs(doubled / base - 0.5) < 0.05,
                 qPrintable(QStringLiteral("%1 vs %2").arg(base).arg(doubled)));
        scenarios.append(scenario("bad", R"({"wokers": 16})"));
        model["scenarios"] = scenarios;
        write(model);
        auto r = runCli({QStringLiteral("simulate"), path, QStringLiteral("--scenario"),
                         QStringLiteral("doubled")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("/scenarios/3/overrides/0/set/wokers")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("did you mean 'workers'")), qPrintable(r.err));
    }

    // Per-key-class cache figures (issue 7) in JSON and text. Identities that must hold in
    // one replication: the classes' lookups add up to the cache's, and the cache's hit ratio
    // is the lookup-weighted mean of the classes' (to rounding).
    void cacheFiguresPerKeyClass()
    {
        const QStringList common = {QStringLiteral("simulate"), example("ecommerce.json"),
                                    QStringLiteral("--duration"), QStringLiteral("40"),
                                    QStringLiteral("--warmup"), QStringLiteral("10")};
        auto r = runCli(common + QStringList{QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject cache =
            j["components"].toObject()["redis"].toObject()["cache"].toObject();
        QVERIFY(cache.contains(QStringLiteral("fallthroughs")));
        const QJsonObject classes = cache["classes"].toObject();
        QCOMPARE(classes.keys(), (QStringList{QStringLiteral("catalog"),
                                              QStringLiteral("inventory"),
                                              QStringLiteral("profile")}));
        double lookups = 0, hits = 0;
        for (const QString &name : classes.keys()) {
            const QJsonObject c = classes[name].toObject();
            for (const char *k : {"lookups", "hit_ratio", "stale_ratio"})
                QVERIFY2(c.contains(QLatin1String(k)), k);
            QVERIFY(c["lookups"].toDouble() > 100);
            QVERIFY(c["hit_ratio"].toDouble() > 0 && c["hit_ratio"].toDouble() < 1);
            lookups += c["lookups"].toDouble();
            hits += c["lookups"].toDouble() * c["hit_ratio"].toDouble();
        }
        QCOMPARE(lookups, cache["lookups"].toDouble());
        QVERIFY(std::abs(hits / lookups - cache["hit_ratio"].toDouble()) < 1e-9);
        // A cache without key classes lists none.
        const QJsonObject cdn = j["components"].toObject()["cdn"].toObject()["cache"].toObject();
        QVERIFY(cdn.contains(QStringLiteral("hit_ratio")));
        QVERIFY(!cdn.contains(QStringLiteral("classes")));

        r = runCli(common + QStringList{QStringLiteral("--replications"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("cache / key class")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("redis / inventory")));
        QVERIFY(r.out.contains(QStringLiteral("fell thr.")));
    }

    // Issue 18: a long run chooses a coarser timeline. Oracle: the same run at one-second
    // points, merged by hand (means of rates, largest p99, lag at its worst).
    void timelineStep()
    {
        const QStringList common{QStringLiteral("simulate"), example("ecommerce.json"),
                                 QStringLiteral("--scenario"), QStringLiteral("consumer-outage"),
                                 QStringLiteral("--duration"), QStringLiteral("95"),
                                 QStringLiteral("--format"), QStringLiteral("json"),
                                 QStringLiteral("--no-timing")};
        auto fine = runCli(common);
        auto coarse = runCli(common + QStringList{QStringLiteral("--timeline-step"),
                                                  QStringLiteral("10")});
        QCOMPARE(fine.exitCode, 0);
        QCOMPARE(coarse.exitCode, 0);
        const QJsonObject f = QJsonDocument::fromJson(fine.out.toUtf8()).object();
        const QJsonObject c = QJsonDocument::fromJson(coarse.out.toUtf8()).object();
        QVERIFY(!f.contains(QStringLiteral("timeline_step_s")));
        QCOMPARE(c["timeline_step_s"].toDouble(), 10.0);
        const QJsonArray ft = f["timeline"].toArray();
        const QJsonArray ct = c["timeline"].toArray();
        QCOMPARE(ft.size(), 95);
        QCOMPARE(ct.size(), 10); // nine steps of 10 s and one of 5 s
        QVERIFY(coarse.out.size() * 5 < fine.out.size());
        for (int k = 0; k < ct.size(); ++k) {
            const QJsonObject p = ct[k].toObject();
            double throughput = 0, p99 = 0;
            const int n = std::min(10, int(ft.size()) - 10 * k);
            for (int i = 10 * k; i < 10 * k + n; ++i) {
                throughput += ft[i].toObject()["throughput_rps"].toDouble();
                p99 = std::max(p99, ft[i].toObject()["p99_ms"].toDouble());
            }
            QCOMPARE(p["t_s"].toDouble(), ft[10 * k].toObject()["t_s"].toDouble());
            QVERIFY(std::abs(p["throughput_rps"].toDouble() - throughput / n)
                    < 1e-9 * (1 + throughput));
            QCOMPARE(p["p99_ms"].toDouble(), p99);
        }
        // The stream groups' lag timelines are merged the same way: the worst of each step.
        const QString tracker = QStringLiteral("fulfilment-tracker-order-events");
        const QJsonArray fl = f["groups"].toObject()[tracker].toObject()["lag"].toArray();
        const QJsonArray cl = c["groups"].toObject()[tracker].toObject()["lag"].toArray();
        QVERIFY(!fl.isEmpty());
        QCOMPARE(cl.size(), (fl.size() + 9) / 10);
        for (int k = 0; k < cl.size(); ++k) {
            double worst = 0; // the tracker is down from 60 s: its lag grows in the last steps
            for (int i = 10 * k; i < std::min(10 * k + 10, int(fl.size())); ++i)
                worst = std::max(worst, fl[i].toArray()[1].toDouble());
            QCOMPARE(cl[k].toArray()[1].toDouble(), worst);
        }
        QVERIFY(cl.last().toArray()[1].toDouble() > 100);
        // Everything but the timelines is the same run.
        QCOMPARE(c["summary"].toObject(), f["summary"].toObject());
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString f = example("three-tier.json");
        QTest::newRow("bad replications")
            << QStringList{f, QStringLiteral("--replications"), QStringLiteral("x")}
            << QStringLiteral("--replications");
        QTest::newRow("zero replications")
            << QStringList{f, QStringLiteral("--replications"), QStringLiteral("0")}
            << QStringLiteral("replications must be");
        QTest::newRow("unknown scenario")
            << QStringList{f, QStringLiteral("--scenario"), QStringLiteral("nope")}
            << QStringLiteral("unknown scenario 'nope'");
        QTest::newRow("warm-up past the end")
            << QStringList{f, QStringLiteral("--duration"), QStringLiteral("10"),
                           QStringLiteral("--warmup"), QStringLiteral("10")}
            << QStringLiteral("warm-up");
        QTest::newRow("timeline step below one second")
            << QStringList{f, QStringLiteral("--timeline-step"), QStringLiteral("0")}
            << QStringLiteral("--timeline-step: 0 is not a whole number");
        QTest::newRow("timeline step not a number")
            << QStringList{f, QStringLiteral("--timeline-step"), QStringLiteral("2.5")}
            << QStringLiteral("--timeline-step");
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("/nonexistent/m.json")} << QStringLiteral("m.json");
    }

    void badUsage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        args.prepend(QStringLiteral("simulate"));
        auto r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSimulate)
#include "tst_simulate.moc"
