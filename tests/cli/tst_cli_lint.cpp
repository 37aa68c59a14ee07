// archsim-cli lint and analyze: exit codes, --fail-on, JSON shape, bad usage.

#include "clirunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using archsim::test::runCli;

namespace {
QString example(const char *name)
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}
} // namespace

class TestCliLint : public QObject {
    Q_OBJECT
private slots:
    void failOn_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("failOn");
        QTest::addColumn<int>("exitCode");
        // ecommerce.json has no finding (one suppressed); payments.json has warnings but no
        // errors; the flawed file has errors and info.
        QTest::newRow("clean, default") << "ecommerce.json" << QString() << 0;
        QTest::newRow("clean, info") << "ecommerce.json" << "info" << 0;
        QTest::newRow("warnings, error") << "payments.json" << "error" << 0;
        QTest::newRow("warnings, warning") << "payments.json" << "warning" << 1;
        QTest::newRow("flawed, default") << "ecommerce-flawed.json" << QString() << 1;
        QTest::newRow("flawed, info") << "ecommerce-flawed.json" << "info" << 1;
    }
    void failOn()
    {
        QFETCH(QString, file);
        QFETCH(QString, failOn);
        QFETCH(int, exitCode);
        QStringList args{QStringLiteral("lint"), example(file.toUtf8().constData())};
        if (!failOn.isEmpty())
            args << QStringLiteral("--fail-on") << failOn;
        const auto r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY(r.out.contains(QStringLiteral("error(s)")));
    }

    void jsonIsAStableListOfFindings()
    {
        const QStringList args{QStringLiteral("lint"), QStringLiteral("--format"),
                               QStringLiteral("json"), example("ecommerce-flawed.json")};
        const auto a = runCli(args);
        QCOMPARE(a.exitCode, 1);
        const auto doc = QJsonDocument::fromJson(a.out.toUtf8());
        QVERIFY(doc.isArray());
        QVERIFY(doc.array().size() >= 25);
        for (const auto &v : doc.array()) {
            const QJsonObject f = v.toObject();
            for (const char *key : {"rule", "severity", "message", "fix"})
                QVERIFY2(!f.value(QLatin1String(key)).toString().isEmpty(), key);
            QVERIFY(f.value(QStringLiteral("target")).toObject().value(
                        QStringLiteral("pointer")).toString().startsWith(QLatin1Char('/')));
            QVERIFY(!f.value(QStringLiteral("target")).toObject().value(
                         QStringLiteral("name")).toString().isEmpty());
        }
        QCOMPARE(runCli(args).out, a.out); // byte-identical on a second run
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown fail-on") << QStringList{QStringLiteral("lint"),
            QStringLiteral("--fail-on"), QStringLiteral("fatal"), example("ecommerce.json")};
        QTest::newRow("missing file") << QStringList{QStringLiteral("lint"),
                                                     QStringLiteral("/nonexistent.json")};
        QTest::newRow("analyze bad factor") << QStringList{QStringLiteral("analyze"),
            QStringLiteral("--rate-factor"), QStringLiteral("-2"), example("ecommerce.json")};
        QTest::newRow("analyze no file") << QStringList{QStringLiteral("analyze")};
    }
    void badUsage()
    {
        QFETCH(QStringList, args);
        const auto r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }

    // The stream estimate (docs/streams.md) in analyze's JSON and text: the fulfilment
    // tracker's group at 5 order events/s, 4 of 4 consumers, a catch-up time after the
    // consumer-outage scenario's 120 s outage (615 messages / (4 x 6.67 - 5)/s = 28.4 s).
    // Four consume links: the tracker, the notifications, the e-mail sender and the realtime
    // gateway order-updates (issue 20: it reads order-events).
    void analyzeShowsStreams()
    {
        const auto r = runCli({QStringLiteral("analyze"), QStringLiteral("--format"),
                               QStringLiteral("json"), example("ecommerce.json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray streams = QJsonDocument::fromJson(r.out.toUtf8()).object()
                                       .value(QStringLiteral("streams")).toArray();
        QCOMPARE(streams.size(), 4);
        const QJsonObject g = streams.at(0).toObject();
        QCOMPARE(g.value(QStringLiteral("group")).toString(), QStringLiteral("fulfilment"));
        QVERIFY(std::abs(g.value(QStringLiteral("publish_rps")).toDouble() - 5.0) < 1e-9);
        QCOMPARE(g.value(QStringLiteral("active")).toInt(), 4);
        QVERIFY(std::abs(g.value(QStringLiteral("catch_up_s")).toDouble() - 28.4) < 0.1);
        const auto text = runCli({QStringLiteral("analyze"), example("ecommerce.json")});
        QVERIFY(text.out.contains(QStringLiteral("fulfilment-tracker-order-events (fulfilment)")));
    }

    // The materialized view refreshes (docs/data-lifecycle.md, "Refreshes") in analyze's JSON
    // and text: the order summary on each database holding schema shop, refreshed
    // concurrently every 30 s. It reads 24.192M rows and holds 9.996M: 24.192M x 0.0002 ms
    // + 9.996M x (2 x 0.0005 + 2 x 0.0002) ms = 18.8328 s; staleness 30 + 18.8328 s at most,
    // 15 + 18.8328 s on average; one of shop-db's 64 connections busy 18.8328 / 30 of the time.
    void analyzeShowsViewRefreshes()
    {
        const auto r = runCli({QStringLiteral("analyze"), QStringLiteral("--format"),
                               QStringLiteral("json"), example("ecommerce.json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray views = QJsonDocument::fromJson(r.out.toUtf8()).object()
                                     .value(QStringLiteral("view_refreshes")).toArray();
        QCOMPARE(views.size(), 2);
        const QJsonObject v = views.at(0).toObject();
        QCOMPARE(v.value(QStringLiteral("id")).toString(),
                 QStringLiteral("shop.order_summary@shop-db"));
        QVERIFY(v.value(QStringLiteral("concurrent")).toBool());
        const double refresh = 18.8328;
        QVERIFY(std::abs(v.value(QStringLiteral("refresh_s")).toDouble() - refresh) < 1e-9);
        QVERIFY(std::abs(v.value(QStringLiteral("staleness_max_s")).toDouble() -
                         (30 + refresh)) < 1e-9);
        QVERIFY(std::abs(v.value(QStringLiteral("staleness_mean_s")).toDouble() -
                         (15 + refresh)) < 1e-9);
        QVERIFY(std::abs(v.value(QStringLiteral("util_mean")).toDouble() -
                         refresh / 30 / 64) < 1e-12);
        QCOMPARE(views.at(1).toObject().value(QStringLiteral("database")).toString(),
                 QStringLiteral("shop-db-replica"));
        const auto text = runCli({QStringLiteral("analyze"), example("ecommerce.json")});
        const QString line = QStringLiteral("view shop.order_summary on shop-db: every 30 s, "
                                            "concurrent");
        QVERIFY2(text.out.contains(line), qPrintable(text.out.right(800)));
    }

    void analyzeJson()
    {
        const auto r = runCli({QStringLiteral("analyze"), QStringLiteral("--format"),
                               QStringLiteral("json"), example("ecommerce.json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject db = doc.value(QStringLiteral("components")).toObject()
                                   .value(QStringLiteral("shop-db")).toObject();
        for (const char *key : {"arrival_rps", "utilization", "wait_ms", "response_ms",
                                "saturated"})
            QVERIFY2(db.contains(QLatin1String(key)), key);
        QVERIFY(doc.value(QStringLiteral("clients")).toObject().value(QStringLiteral("shoppers"))
                    .toObject().value(QStringLiteral("response_ms")).toDouble() > 0);
        QVERIFY(doc.value(QStringLiteral("analysis")).toObject()
                    .contains(QStringLiteral("critical_paths")));
        // The assumed cache miss ratios are stated in the output.
        QVERIFY(doc.value(QStringLiteral("assumptions")).toArray().size() >= 1);
        // --peak uses the profile's 900 rps for shoppers.
        const auto p = runCli({QStringLiteral("analyze"), QStringLiteral("--peak"),
                               QStringLiteral("--format"), QStringLiteral("json"),
                               example("ecommerce.json")});
        const QJsonObject peak = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QCOMPARE(peak.value(QStringLiteral("clients")).toObject().value(QStringLiteral("shoppers"))
                     .toObject().value(QStringLiteral("rate_rps")).toDouble(), 900.0);
    }
};

QTEST_GUILESS_MAIN(TestCliLint)
#include "tst_cli_lint.moc"
