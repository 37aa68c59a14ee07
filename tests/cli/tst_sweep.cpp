// archsim-cli sweep and sweep merge (issue 23): the same bytes on 1 and 2 threads, shard
// processes started as a Kubernetes Indexed Job starts them (JOB_COMPLETION_INDEX) merging into
// the single-process bytes, refused parts, bad specs and usage with exit code 2.

#include "clirunner.h"
#include "testutil.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using archsim::test::CliRun;
using archsim::test::runCli;

namespace {

QString fixture(const char *name)
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/sweep/data/") + QLatin1String(name);
}

QString model() { return fixture("mmc.json"); }

// Writes the M/M/c spec with a short run into `dir` and returns its path.
QString shortSpec(const QTemporaryDir &dir)
{
    QByteArray text = QByteArray::fromStdString(archsim::test::readAll(fixture("mmc-spec.json")));
    text.replace("\"duration_s\": 2000", "\"duration_s\": 300");
    const QString path = dir.filePath(QStringLiteral("spec.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs archsim-cli with JOB_COMPLETION_INDEX set, as the Job controller sets it in a pod.
CliRun runIndexed(const QStringList &args, int index)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QString::number(index));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ARCHSIM_CLI), args);
    CliRun r;
    r.crashed = !p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestSweepCli : public QObject {
    Q_OBJECT
private slots:
    void sameBytesOnOneAndTwoThreads()
    {
        QTemporaryDir dir;
        const QString spec = shortSpec(dir);
        QByteArray outputs[2];
        for (int t = 1; t <= 2; ++t) {
            const QString out = dir.filePath(QStringLiteral("t%1.json").arg(t));
            auto r = runCli({QStringLiteral("sweep"), model(), QStringLiteral("--spec"), spec,
                             QStringLiteral("--threads"), QString::number(t),
                             QStringLiteral("--format"), QStringLiteral("json"),
                             QStringLiteral("-o"), out});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            outputs[t - 1] = readFile(out);
        }
        QVERIFY(!outputs[0].isEmpty());
        QCOMPARE(outputs[0], outputs[1]);
        const QJsonObject doc = QJsonDocument::fromJson(outputs[0]).object();
        QCOMPARE(doc["format"].toString(), QStringLiteral("archsim-sweep/1"));
        QCOMPARE(doc["cheapest"].toObject()["index"].toInt(), 3); // 5 replicas (Erlang C)
        QCOMPARE(doc["partial"].toBool(), false);
    }

    // N processes with JOB_COMPLETION_INDEX = 0..N-1 and `--shard N`, merged, give the bytes
    // of one process; also as text and CSV.
    void indexedShardsMergeIntoOneProcessBytes()
    {
        QTemporaryDir dir;
        const QString spec = shortSpec(dir);
        const QString single = dir.filePath(QStringLiteral("single.json"));
        auto r = runCli({QStringLiteral("sweep"), model(), QStringLiteral("--spec"), spec,
                         QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-o"),
                         single});
        QCOMPARE(r.exitCode, 0);
        const int n = 4;
        QStringList parts;
        for (int i = 0; i < n; ++i) {
            const QString part = dir.filePath(QStringLiteral("part-%1.json").arg(i));
            auto s = runIndexed({QStringLiteral("sweep"), model(), QStringLiteral("--spec"), spec,
                                 QStringLiteral("--shard"), QString::number(n),
                                 QStringLiteral("--format"), QStringLiteral("json"),
                                 QStringLiteral("-o"), part},
                                i);
            QVERIFY2(s.exitCode == 0, qPrintable(s.err));
            const QJsonObject shard =
                QJsonDocument::fromJson(readFile(part)).object()["shard"].toObject();
            QCOMPARE(shard["index"].toInt(), i);
            QCOMPARE(shard["count"].toInt(), n);
            parts << part;
        }
        const QString merged = dir.filePath(QStringLiteral("merged.json"));
        auto m = runCli(QStringList{QStringLiteral("sweep"), QStringLiteral("merge")} + parts
                        + QStringList{QStringLiteral("-o"), merged, QStringLiteral("--format"),
                                      QStringLiteral("json")});
        QVERIFY2(m.exitCode == 0, qPrintable(m.err));
        QCOMPARE(readFile(merged), readFile(single));
        for (const char *format : {"text", "csv"}) {
            auto whole = runCli({QStringLiteral("sweep"), model(), QStringLiteral("--spec"),
                                 spec, QStringLiteral("--format"), QLatin1String(format)});
            auto joined = runCli(QStringList{QStringLiteral("sweep"), QStringLiteral("merge"),
                                             QStringLiteral("--format"), QLatin1String(format)}
                                 + parts);
            QCOMPARE(joined.exitCode, 0);
            QCOMPARE(joined.out, whole.out);
        }

        // A missing part, a part given twice, a part of another spec.
        auto missing = runCli({QStringLiteral("sweep"), QStringLiteral("merge"), parts[0],
                               parts[1], parts[3]});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("missing part(s) of shard 2 of 4")),
                 qPrintable(missing.err));
        auto twice = runCli({QStringLiteral("sweep"), QStringLiteral("merge"), parts[0],
                             parts[1], parts[2], parts[3], parts[1]});
        QCOMPARE(twice.exitCode, 2);
        QVERIFY2(twice.err.contains(QStringLiteral("shard 1 is also")), qPrintable(twice.err));
        const QString foreignSpec = dir.filePath(QStringLiteral("other-spec.json"));
        QByteArray specText = readFile(spec);
        specText.replace("mmc-replicas", "mmc-other");
        QFile f(foreignSpec);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(specText) == specText.size());
        f.close();
        const QString foreignPart = dir.filePath(QStringLiteral("foreign-2.json"));
        auto s = runIndexed({QStringLiteral("sweep"), model(), QStringLiteral("--spec"),
                             foreignSpec, QStringLiteral("--shard"), QString::number(n),
                             QStringLiteral("--format"), QStringLiteral("json"),
                             QStringLiteral("-o"), foreignPart},
                            2);
        QCOMPARE(s.exitCode, 0);
        auto foreign = runCli({QStringLiteral("sweep"), QStringLiteral("merge"), parts[0],
                               parts[1], foreignPart, parts[3]});
        QCOMPARE(foreign.exitCode, 2);
        QVERIFY2(foreign.err.contains(QStringLiteral("/spec_hash: error: this part is of "
                                                     "another spec")),
                 qPrintable(foreign.err));
    }

    void badInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString spec = fixture("mmc-spec.json");
        QTest::newRow("no spec") << QStringList{model()} << QStringLiteral("--spec SPEC");
        QTest::newRow("bad shard") << QStringList{model(), QStringLiteral("--spec"), spec,
                                                  QStringLiteral("--shard"),
                                                  QStringLiteral("3/3"),
                                                  QStringLiteral("--format"),
                                                  QStringLiteral("json")}
                                   << QStringLiteral("not below the shard count");
        QTest::newRow("shard without index")
            << QStringList{model(), QStringLiteral("--spec"), spec, QStringLiteral("--shard"),
                           QStringLiteral("3"), QStringLiteral("--format"),
                           QStringLiteral("json")}
            << QStringLiteral("JOB_COMPLETION_INDEX");
        QTest::newRow("shard as text") << QStringList{model(), QStringLiteral("--spec"), spec,
                                                      QStringLiteral("--shard"),
                                                      QStringLiteral("0/2")}
                                       << QStringLiteral("--format json");
        QTest::newRow("spec not a file")
            << QStringList{model(), QStringLiteral("--spec"), QStringLiteral("/nonexistent.json")}
            << QStringLiteral("/nonexistent.json");
        QTest::newRow("a model given as the spec")
            << QStringList{model(), QStringLiteral("--spec"), model()}
            << QStringLiteral("mmc.json:/components: error: unknown field");
        QTest::newRow("unknown format") << QStringList{model(), QStringLiteral("--spec"), spec,
                                                       QStringLiteral("--format"),
                                                       QStringLiteral("yaml")}
                                        << QStringLiteral("text, json or csv");
    }

    void badInputExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        qunsetenv("JOB_COMPLETION_INDEX");
        auto r = runCli(QStringList{QStringLiteral("sweep")} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    // No feasible point is a finding (exit 1), and the result still says why.
    void noFeasiblePointExitsOne()
    {
        QTemporaryDir dir;
        QByteArray text = readFile(shortSpec(dir));
        text.replace("\"max\": 120", "\"max\": 50");
        const QString spec = dir.filePath(QStringLiteral("strict.json"));
        QFile f(spec);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(text) == text.size());
        f.close();
        auto r = runCli({QStringLiteral("sweep"), model(), QStringLiteral("--spec"), spec});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("No feasible point.")), qPrintable(r.out));
        QVERIFY(r.err.contains(QStringLiteral("no point is feasible")));
    }
};

QTEST_GUILESS_MAIN(TestSweepCli)
#include "tst_sweep.moc"
