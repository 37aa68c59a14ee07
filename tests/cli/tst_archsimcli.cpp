// archsim-cli on native project files: every broken .archsim of the corpus exits 2 with its
// place and message, and convert json -> archsim -> json gives the same bytes for the examples.

#include "clirunner.h"

#include "archsim/model/runstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using archsim::test::runCli;

namespace {

QString badDir() { return QStringLiteral(ARCHSIM_SOURCE_DIR "/tests/data/bad/"); }

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestArchsimCli : public QObject {
    Q_OBJECT

private slots:
    void badProjects_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("message");
        QFile tsv(badDir() + QStringLiteral("expected-archsim.tsv"));
        QVERIFY(tsv.open(QIODevice::ReadOnly | QIODevice::Text));
        while (!tsv.atEnd()) {
            QString line = QString::fromUtf8(tsv.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            QStringList parts = line.split('\t');
            QCOMPARE(parts.size(), 3);
            QTest::newRow(qPrintable(parts[0]))
                << parts[0] << (parts[1] == "-" ? QString() : parts[1]) << parts[2];
        }
    }

    // Exit 2, "FILE:PLACE: error: ..." (or "FILE: error: ..." for the whole file), no crash.
    void badProjects()
    {
        QFETCH(QString, file);
        QFETCH(QString, place);
        QFETCH(QString, message);
        const QString path = badDir() + file;
        auto r = runCli({QStringLiteral("validate"), path});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        const QString head = place.isEmpty() ? path + QStringLiteral(": error: ")
                                             : path + ":" + place + QStringLiteral(": error: ");
        QVERIFY2(r.err.contains(head), qPrintable(r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        auto j = runCli({QStringLiteral("validate"), QStringLiteral("--format"),
                         QStringLiteral("json"), path});
        QCOMPARE(j.exitCode, 2);
        auto doc = QJsonDocument::fromJson(j.out.toUtf8());
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object().value(QStringLiteral("valid")).toBool(), false);
        // info reads the file the same way (it segfaulted on an orphan partitioning).
        auto info = runCli({QStringLiteral("info"), path});
        QVERIFY(!info.crashed);
        QCOMPARE(info.exitCode, 2);
        QVERIFY2(info.err.contains(message), qPrintable(info.err));
    }

    void convertThroughArchsim_data()
    {
        QTest::addColumn<QString>("example");
        QDir dir(QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples"));
        const auto files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 3);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.absoluteFilePath(f);
    }

    // json -> archsim -> json with the command line gives the example's bytes; the project
    // validates and `info` reads it.
    void convertThroughArchsim()
    {
        QFETCH(QString, example);
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("model.archsim"));
        const QString back = dir.filePath(QStringLiteral("back.json"));
        QCOMPARE(runCli({QStringLiteral("convert"), example, project}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("validate"), project}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("info"), project}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("convert"), project, back}).exitCode, 0);
        QCOMPARE(readAll(back), readAll(example));
        // Converting again over the existing project replaces it.
        QCOMPARE(runCli({QStringLiteral("convert"), example, project}).exitCode, 0);
        QCOMPARE(runCli({QStringLiteral("convert"), project, back}).exitCode, 0);
        QCOMPARE(readAll(back), readAll(example));
    }

    // Defect 9 of issue #15: convert over a project that held stored runs replaced it with
    // exit 0. It now refuses, says what would be lost and changes nothing, unless --force.
    void convertRefusesTargetWithRuns()
    {
        QTemporaryDir dir;
        const QString example = QStringLiteral(ARCHSIM_SOURCE_DIR
                                               "/resources/examples/three-tier.json");
        const QString project = dir.filePath(QStringLiteral("runs.archsim"));
        QCOMPARE(runCli({QStringLiteral("convert"), example, project}).exitCode, 0);
        archsim::model::RunRecord run;
        run.label = "baseline";
        QVERIFY(archsim::model::storeRun(project.toStdString(), run).ok());
        QVERIFY(archsim::model::storeRun(project.toStdString(), run).ok());
        const QByteArray before = readAll(project);
        const QString other = QStringLiteral(ARCHSIM_SOURCE_DIR
                                             "/resources/examples/ecommerce.json");
        auto r = runCli({QStringLiteral("convert"), other, project});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(project + QStringLiteral(": error: not overwritten: it holds 2 "
                                                         "stored simulation runs")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--force")), qPrintable(r.err));
        QCOMPARE(readAll(project), before);
        // With --force the model is replaced and the runs are kept.
        QCOMPARE(runCli({QStringLiteral("convert"), QStringLiteral("--force"), other, project})
                     .exitCode,
                 0);
        QCOMPARE(archsim::model::listRuns(project.toStdString()).value().size(), size_t(2));
        const QString back = dir.filePath(QStringLiteral("back.json"));
        QCOMPARE(runCli({QStringLiteral("convert"), project, back}).exitCode, 0);
        QCOMPARE(readAll(back), readAll(other));
    }

    // A project that cannot be read may hold runs: refused the same way; --force overwrites.
    void convertRefusesUnreadableTarget()
    {
        QTemporaryDir dir;
        const QString example = QStringLiteral(ARCHSIM_SOURCE_DIR
                                               "/resources/examples/ecommerce.json");
        const QString project = dir.filePath(QStringLiteral("corrupt.archsim"));
        QCOMPARE(runCli({QStringLiteral("convert"), example, project}).exitCode, 0);
        QVERIFY(archsim::model::storeRun(project.toStdString(), {}).ok());
        QByteArray bytes = readAll(project);
        QVERIFY(bytes.size() > 3 * 4096);
        bytes.replace(4096, 4096, QByteArray(4096, char(0xA5))); // page 2: a b-tree
        {
            QFile f(project);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(f.write(bytes), qint64(bytes.size()));
        }
        auto r = runCli({QStringLiteral("convert"), example, project});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("not overwritten: it cannot be read (corrupt "
                                               "ArchSim project")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("may hold stored simulation runs")),
                 qPrintable(r.err));
        QCOMPARE(readAll(project), bytes);
        QCOMPARE(runCli({QStringLiteral("convert"), QStringLiteral("--force"), example, project})
                     .exitCode,
                 0);
        QCOMPARE(runCli({QStringLiteral("validate"), project}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestArchsimCli)
#include "tst_archsimcli.moc"
