// Issue #17 bug 6: File offers the Kubernetes, docker-compose, Redis and report exports. Each
// action writes what archsim-cli's exporter writes (the same library call is the oracle) into
// the chosen folder, then lists the files and warnings and offers to open the folder.

#include "document.h"
#include "guifixture.h"
#include "mainwindow.h"

#include "archsim/exporters/compose.h"
#include "archsim/exporters/k8s.h"
#include "archsim/exporters/redisconf.h"

#include <QAction>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace archsim::gui;
using namespace archsim;

namespace {

QString example()
{
    return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json");
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TstExports : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { isolateGuiTest(m_tmp, "tst_exports"); }

    void folderExportWritesTheExportersFiles_data()
    {
        QTest::addColumn<QString>("action");
        QTest::newRow("kubernetes") << "exportK8s";
        QTest::newRow("compose") << "exportCompose";
        QTest::newRow("redis") << "exportRedis";
    }

    void folderExportWritesTheExportersFiles()
    {
        QFETCH(QString, action);
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        QTemporaryDir out;
        w->setExportPath(out.path());
        QAction *a = w->action(action);
        QVERIFY(a);
        QSignalSpy done(w.get(), &MainWindow::exportFinished);
        a->trigger();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(2).toString(), QString()); // no error
        // Oracle: the exporter archsim-cli calls, on the same model.
        const model::Model &m = w->document()->model();
        exporters::Bundle expected = action == QLatin1String("exportK8s")
            ? exporters::exportKubernetes(m, {}).value()
            : action == QLatin1String("exportCompose") ? exporters::exportCompose(m, {})
                                                        : exporters::exportRedis(m);
        QVERIFY(!expected.files.empty());
        const QStringList files = done.at(0).at(0).toStringList();
        QCOMPARE(files.size(), qsizetype(expected.files.size()));
        for (const auto &f : expected.files) {
            const QString path = out.filePath(QString::fromStdString(f.path));
            QVERIFY2(files.contains(path), qPrintable(path));
            QCOMPARE(contents(path), QByteArray::fromStdString(f.text));
        }
        // The outcome dialog lists the files and offers to open the folder.
        auto *box = w->findChild<QMessageBox *>(QStringLiteral("exportOutcome"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->detailedText().contains(QString::fromStdString(expected.files[0].path)));
        QVERIFY(box->findChild<QPushButton *>(QStringLiteral("openExport")));
        box->close();
    }

    void reportExportWritesTheHtmlFile()
    {
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("sub/review.html"));
        w->setExportPath(path);
        QSignalSpy done(w.get(), &MainWindow::exportFinished);
        w->action(QStringLiteral("exportReport"))->trigger();
        QVERIFY(done.wait(20000));
        QCOMPARE(done.at(0).at(2).toString(), QString());
        QCOMPARE(done.at(0).at(0).toStringList(), QStringList{path});
        const QByteArray html = contents(path);
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains("catalog-svc"));
        auto *box = w->findChild<QMessageBox *>(QStringLiteral("exportOutcome"));
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->findChild<QPushButton *>(QStringLiteral("openExport"))->text(),
                 QStringLiteral("Open Report"));
        box->close();
    }

    // A folder that cannot be written gets a clear error, not a crash.
    void unwritableFolderIsReported()
    {
        auto w = shownMainWindow(1200, 800);
        QVERIFY(w->openFile(example()));
        QTemporaryDir out;
        const QString blocker = out.filePath(QStringLiteral("file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        w->setExportPath(blocker + QStringLiteral("/k8s")); // a folder under a file
        QSignalSpy done(w.get(), &MainWindow::exportFinished);
        w->action(QStringLiteral("exportK8s"))->trigger();
        QVERIFY(done.wait(20000));
        QVERIFY(!done.at(0).at(2).toString().isEmpty());
        QVERIFY(done.at(0).at(0).toStringList().isEmpty());
    }
};

QTEST_MAIN(TstExports)
#include "tst_exports.moc"
