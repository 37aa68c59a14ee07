// archsim-cli simulate with hostile cache sizes (issue 15, defect 3): a capacity of 2^31 - 1 or
// 1e9 ended in "internal error: std::bad_alloc" (exit 3) and 3e8 grew past 6 GB, because the
// store was sized by its capacity. Each row runs the CLI in a child process and reads its peak
// resident set size from wait4() (getrusage of exactly that child).

#include "testutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

extern char **environ;

namespace {

struct ChildRun {
    int exitCode = -1;   // -1: did not exit normally
    long peakRssKiB = 0; // ru_maxrss of the child
    QString err;
};

// Runs archsim-cli with `args`, stdout to /dev/null and stderr to `errFile`.
ChildRun runMeasured(const QStringList &args, const QString &errFile)
{
    std::vector<QByteArray> storage{QByteArrayLiteral(ARCHSIM_CLI)};
    for (const QString &a : args)
        storage.push_back(a.toUtf8());
    std::vector<char *> argv;
    for (QByteArray &b : storage)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const QByteArray errPath = errFile.toUtf8();
    posix_spawn_file_actions_addopen(&actions, 2, errPath.constData(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ChildRun r;
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return r;
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid)
        return r;
    if (WIFEXITED(status))
        r.exitCode = WEXITSTATUS(status);
    r.peakRssKiB = usage.ru_maxrss; // kilobytes on Linux
    QFile f(errFile);
    if (f.open(QIODevice::ReadOnly))
        r.err = QString::fromUtf8(f.readAll());
    return r;
}

} // namespace

class TestSimulateMemory : public QObject {
    Q_OBJECT
private slots:
    void unboundedSimulatorMemory_data()
    {
        QTest::addColumn<double>("capacity");
        QTest::addColumn<double>("keys");
        QTest::newRow("capacity 2^31-1") << 2147483647.0 << 0.0;
        QTest::newRow("capacity 1e9") << 1e9 << 0.0;
        QTest::newRow("capacity 1e12") << 1e12 << 0.0;
        QTest::newRow("keys 1e12") << 0.0 << 1e12;
        QTest::newRow("capacity and keys 1e12") << 1e12 << 1e12;
    }

    // The three-tier example's article cache with the row's capacity and keys (0: as in the
    // example), 30 simulated seconds: exit 0 and a peak RSS under 150 MiB (the same run with
    // the example's own cache peaks near 14 MiB; a capacity-sized table would need 64 bytes
    // x capacity, 128 GiB for 2^31 - 1).
    void unboundedSimulatorMemory()
    {
        QFETCH(double, capacity);
        QFETCH(double, keys);
        QFile in(archsim::test::sourceDir()
                 + QStringLiteral("/resources/examples/three-tier.json"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject model = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray components = model[QStringLiteral("components")].toArray();
        bool found = false;
        for (qsizetype i = 0; i < components.size(); ++i) {
            QJsonObject c = components[i].toObject();
            if (c[QStringLiteral("kind")].toString() != QLatin1String("cache"))
                continue;
            if (capacity > 0)
                c[QStringLiteral("capacity")] = capacity;
            if (keys > 0)
                c[QStringLiteral("keys")] = keys;
            components[i] = c;
            found = true;
        }
        QVERIFY(found);
        model[QStringLiteral("components")] = components;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("huge-cache.json"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(model).toJson());
        out.close();

        const ChildRun r = runMeasured({QStringLiteral("simulate"), path,
                                        QStringLiteral("--duration"), QStringLiteral("30"),
                                        QStringLiteral("--format"), QStringLiteral("json")},
                                       dir.filePath(QStringLiteral("err.txt")));
        QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2")
                                                 .arg(r.exitCode).arg(r.err)));
        qInfo("peak RSS %ld KiB", r.peakRssKiB);
        QVERIFY2(r.peakRssKiB > 0 && r.peakRssKiB < 150 * 1024,
                 qPrintable(QString::number(r.peakRssKiB)));
    }
};

QTEST_GUILESS_MAIN(TestSimulateMemory)
#include "tst_simulate_memory.moc"
