// archsim-cli on native project files: every broken .archsim of the corpus exits 2 with its
// place and message, and convert json -> archsim -> json gives the same bytes for the examples.

#include "clirunner.h"

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
};

QTEST_GUILESS_MAIN(TestArchsimCli)
#include "tst_archsimcli.moc"
