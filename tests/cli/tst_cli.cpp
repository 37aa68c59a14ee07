#include "clirunner.h"
#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using archsim::test::runCli;

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void versionAndHelp()
    {
        auto v = runCli({QStringLiteral("--version")});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith(QStringLiteral("archsim-cli ")));
        auto h = runCli({QStringLiteral("--help")});
        QCOMPARE(h.exitCode, 0);
        for (const char *cmd : {"validate", "convert", "info"})
            QVERIFY2(h.out.contains(QLatin1String(cmd)), qPrintable(h.out));
        for (const char *cmd : {"validate", "convert", "info"}) {
            auto sub = runCli({QLatin1String(cmd), QStringLiteral("--help")});
            QCOMPARE(sub.exitCode, 0);
            QVERIFY(sub.out.contains(QStringLiteral("Usage:")));
        }
    }

    void badUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no arguments") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("missing file") << QStringList{QStringLiteral("validate")};
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("validate"), QStringLiteral("--colour"), QStringLiteral("x.json")};
        QTest::newRow("bad format")
            << QStringList{QStringLiteral("info"), QStringLiteral("--format"), QStringLiteral("xml"),
                           archsim::test::examplePaths().value(0)};
        QTest::newRow("nonexistent file")
            << QStringList{QStringLiteral("validate"), QStringLiteral("/nonexistent/model.json")};
        QTest::newRow("convert to unknown type")
            << QStringList{QStringLiteral("convert"), archsim::test::examplePaths().value(0),
                           QStringLiteral("/tmp/out.yaml")};
    }
    void badUsage()
    {
        QFETCH(QStringList, args);
        auto r = runCli(args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void examplesValidate_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &p : archsim::test::examplePaths())
            QTest::newRow(qPrintable(QFileInfo(p).fileName())) << p;
    }
    void examplesValidate()
    {
        QFETCH(QString, path);
        auto r = runCli({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral(": ok (")));
        auto j = runCli({QStringLiteral("validate"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(j.exitCode, 0);
        auto doc = QJsonDocument::fromJson(j.out.toUtf8());
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value(QStringLiteral("valid")).toBool(), true);
    }

    // Every broken file exits with 2 and names its place; none crashes.
    void badCorpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("place");
        for (const auto &c : archsim::test::badCases())
            QTest::newRow(qPrintable(c.file)) << c.file << c.place;
    }
    void badCorpus()
    {
        QFETCH(QString, file);
        QFETCH(QString, place);
        const QString path = archsim::test::sourceDir() + QStringLiteral("/tests/data/bad/") + file;
        auto r = runCli({QStringLiteral("validate"), path});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(path + QStringLiteral(":") + place + QStringLiteral(":")),
                 qPrintable(r.err));
        auto j = runCli({QStringLiteral("validate"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(j.exitCode, 2);
        auto doc = QJsonDocument::fromJson(j.out.toUtf8());
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value(QStringLiteral("valid")).toBool(), false);
    }

    void convertIsLossless()
    {
        QTemporaryDir dir;
        for (const QString &p : archsim::test::examplePaths()) {
            const QString out = dir.filePath(QStringLiteral("copy.json"));
            auto r = runCli({QStringLiteral("convert"), p, out});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(archsim::test::readAll(out), archsim::test::readAll(p));
        }
    }

    void infoCounts()
    {
        const QString path = archsim::test::sourceDir() + QStringLiteral("/resources/examples/ecommerce.json");
        auto r = runCli({QStringLiteral("info"), QStringLiteral("--format"), QStringLiteral("json"), path});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject counts = o.value(QStringLiteral("counts")).toObject();
        // with streams, the realtime gateway, and the reporting ETL and its warehouse
        QCOMPARE(counts.value(QStringLiteral("components")).toInt(), 25);
        QCOMPARE(counts.value(QStringLiteral("tables")).toInt(), 6);
        QCOMPARE(counts.value(QStringLiteral("partitioned_tables")).toInt(), 3);
        QCOMPARE(counts.value(QStringLiteral("views")).toInt(), 1); // the order summary
        QCOMPARE(counts.value(QStringLiteral("materialized_views")).toInt(), 1);
        auto text = runCli({QStringLiteral("info"), path});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(QStringLiteral("orders")));
        QVERIFY(text.out.contains(QStringLiteral("partitioned range by created_at")));
        QVERIFY2(text.out.contains(QStringLiteral(
                     "order_summary            materialized view, refreshed every 30 s, reads "
                     "orders, users, order_items, products")),
                 qPrintable(text.out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
