// Saves are atomic (issue #15): `archsim-cli convert` is killed with SIGKILL at points spread
// over its whole run (loading, writing the temporary file, copying the runs, syncing, renaming)
// while it saves a large model over an existing one, many times, for both formats. After every
// kill the target is the old or the new complete file, equal to one of the two models, with
// its stored run; and the next save leaves no temporary file of the killed one behind.
// The seed is printed; ARCHSIM_CRASH_SEED=N repeats a run.

#include "clirunner.h"

#include "archsim/model/generator.h"
#include "archsim/model/io.h"
#include "archsim/model/runstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>

using namespace archsim::model;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The temporary files of saves of `name` in `dir` (".NAME.tmp-XXXXXX" and its sidecars).
QStringList tempsOf(const QDir &dir, const QString &name)
{
    return dir.entryList({"." + name + ".tmp-*"}, QDir::Files | QDir::Hidden | QDir::System);
}

} // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private:
    quint64 m_seed = 0;
    Model m_old;
    Model m_new;

private slots:
    void initTestCase()
    {
        bool fixed = false;
        m_seed = qEnvironmentVariable("ARCHSIM_CRASH_SEED").toULongLong(&fixed);
        if (!fixed)
            m_seed = QRandomGenerator::global()->generate64();
        qInfo("seed %llu (ARCHSIM_CRASH_SEED=%llu repeats this run)", m_seed, m_seed);
        // About 1.7 MB of JSON each.
        GeneratorOptions o;
        o.components = 200;
        o.tables = 200;
        o.columnsPerTable = 12;
        o.scenarios = 20;
        m_old = generateModel(1501, o);
        m_new = generateModel(1502, o);
        QVERIFY(!(m_old == m_new));
    }

    void killedSaveLeavesOldOrNew_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("json") << ".json";
        QTest::newRow("archsim") << ".archsim";
    }

    void killedSaveLeavesOldOrNew()
    {
        QFETCH(QString, suffix);
        const bool archsim = suffix == ".archsim";
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QDir dir(tmp.path());
        const QString input = dir.filePath("input.json");
        const QString name = "target" + suffix;
        const QString target = dir.filePath(name);
        QVERIFY(saveModel(m_new, input.toStdString()).ok());
        // The target before each convert: the old model (with a stored run, for .archsim).
        auto resetTarget = [&] {
            Status s = saveModel(m_old, target.toStdString());
            QVERIFY2(s.ok(), s.message().c_str());
        };
        resetTarget();
        if (archsim) {
            RunRecord run;
            run.label = "kept";
            QVERIFY(storeRun(target.toStdString(), run).ok());
        }
        const QByteArray oldJson = QByteArray::fromStdString(toJson(m_old));
        const QByteArray newJson = QByteArray::fromStdString(toJson(m_new));
        const QStringList args = {"convert", "--force", input, target};

        // How long a whole convert takes (the longer of two runs).
        qint64 fullUs = 0;
        for (int i = 0; i < 2; ++i) {
            QElapsedTimer t;
            t.start();
            QCOMPARE(archsim::test::runCli(args).exitCode, 0);
            fullUs = std::max(fullUs, t.nsecsElapsed() / 1000);
            resetTarget();
        }

        // Kills in three phases, in turn, each at a random point of it: while loading (a time
        // before the temporary file appears), while the temporary file is written (watched
        // for, then killed after a random delay), and after the rename (the temporary file
        // gone, the process not yet ended). Watching, not timing, finds the short phases on a
        // busy machine too.
        QRandomGenerator rng(m_seed ^ (archsim ? 0xA5 : 0x5A));
        const int trials = 18;
        int leftOld = 0, leftNew = 0, tempsLeft = 0, finished = 0;
        for (int i = 0; i < 3 * trials; ++i) {
            const int phase = i % 3;
            QProcess p;
            QElapsedTimer t;
            p.start(QStringLiteral(ARCHSIM_CLI), args);
            QVERIFY(p.waitForStarted());
            t.start();
            const qint64 delayUs = qint64(rng.generateDouble() * double(fullUs) *
                                          (phase == 0 ? 0.8 : 0.02));
            bool seen = false;
            for (;;) {
                p.waitForFinished(0);
                if (p.state() != QProcess::Running)
                    break;
                const bool now = !tempsOf(dir, name).isEmpty();
                if (phase == 0 || (phase == 1 && now) || (phase == 2 && seen && !now))
                    break;
                seen = seen || now;
                QThread::usleep(100);
            }
            QThread::usleep(static_cast<unsigned long>(delayUs));
            const double at = double(t.nsecsElapsed()) / 1e6; // ms after the start
            if (p.state() == QProcess::Running)
                p.kill(); // SIGKILL
            else
                ++finished;
            p.waitForFinished();

            tempsLeft += tempsOf(dir, name).isEmpty() ? 0 : 1;
            if (archsim) {
                auto back = readArchsim(target.toStdString());
                QVERIFY2(back.ok(), qPrintable(QString("kill %1 at %2 ms: %3")
                                                   .arg(i)
                                                   .arg(at)
                                                   .arg(back.message().c_str())));
                const bool isOld = back.value() == m_old, isNew = back.value() == m_new;
                QVERIFY2(isOld || isNew,
                         qPrintable(QString("kill %1 at %2 ms: neither model").arg(i).arg(at)));
                (isOld ? leftOld : leftNew) += 1;
                auto runs = listRuns(target.toStdString());
                QVERIFY(runs.ok());
                QCOMPARE(runs.value().size(), size_t(1));
            } else {
                const QByteArray bytes = readAll(target);
                QVERIFY2(bytes == oldJson || bytes == newJson,
                         qPrintable(QString("kill %1 at %2 ms: neither file").arg(i).arg(at)));
                (bytes == oldJson ? leftOld : leftNew) += 1;
            }
            // The next save removes what the killed one left.
            resetTarget();
            QVERIFY2(tempsOf(dir, name).isEmpty(), qPrintable(tempsOf(dir, name).join(", ")));
            // Every phase hit: kills before the new file (some while it was being written,
            // leaving a temporary file) and after it.
            if (i + 1 >= trials && leftOld > 0 && leftNew > 0 && tempsLeft > 0)
                break;
        }
        qInfo("%s: a full convert took %lld ms; %d kills left the old file, %d the new one, %d "
              "a temporary file (removed by the next save); %d converts ended before their kill",
              qPrintable(suffix), fullUs / 1000, leftOld, leftNew, tempsLeft, finished);
        QVERIFY(leftOld > 0);
        QVERIFY(leftNew > 0);
        QVERIFY(tempsLeft > 0);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
