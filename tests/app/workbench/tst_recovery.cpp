// Crash recovery: a child process edits a model, autosaves, and is killed; the recovery file
// it leaves restores the edits, and the main window offers it on the next start.
// Run as `tst_recovery --child` it is that child.

#include "document.h"
#include "mainwindow.h"
#include "recovery.h"

#include "archsim/model/io.h"

#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>

using namespace archsim::gui;
using namespace archsim::model;

namespace {

QString example() { return QStringLiteral(ARCHSIM_SOURCE_DIR "/resources/examples/ecommerce.json"); }

// The edits the child makes; the parent applies the same ones to know what to expect.
void edit(Document *doc)
{
    doc->addComponent(ComponentKind::Cache, QPointF(640, 960));
    Component c = *doc->component("order-svc");
    c.replicas = 7;
    doc->editComponent("order-svc", c, QStringLiteral("replicas"));
}

int childMain(int argc, char **argv)
{
    QApplication app(argc, argv);
    MainWindow w;
    w.recovery()->setInterval(100);
    if (!w.openFile(example()))
        return 3;
    QObject::connect(w.recovery(), &Recovery::autosaved, &app, [](const QString &file) {
        std::printf("AUTOSAVED %s\n", qPrintable(file));
        std::fflush(stdout);
    });
    edit(w.document());
    return app.exec(); // runs until the parent kills it
}

} // namespace

class TstRecovery : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("ArchSimTest"));
        QApplication::setApplicationName(QStringLiteral("tst_recovery"));
        m_dir = m_tmp.filePath(QStringLiteral("recovery"));
        qputenv("ARCHSIM_RECOVERY_DIR", m_dir.toUtf8());
    }

    void liveSessionIsNotOffered()
    {
        Document doc;
        auto parsed = loadModel(example().toStdString());
        QVERIFY(parsed.ok());
        doc.reset(parsed.value(), example());
        Recovery r(&doc);
        QVERIFY(!r.autosaveNow()); // nothing changed yet
        edit(&doc);
        QVERIFY(r.autosaveNow());
        QVERIFY(QFile::exists(r.file()));
        QVERIFY(Recovery::pending().isEmpty()); // its owner is alive
        doc.markSaved();                        // a save makes the copy pointless
        QVERIFY(!QFile::exists(r.file()));
    }

    // Issue #15 (ThreadSanitizer on app_tst_simdock): a main window deletes its children in
    // creation order, so its document goes before its Recovery, whose destructor then read the
    // deleted document. The recovery must outlive its document safely and still clean up.
    void recoveryOutlivesItsDocument()
    {
        auto *doc = new Document;
        auto parsed = loadModel(example().toStdString());
        QVERIFY(parsed.ok());
        doc->reset(parsed.value(), example());
        auto *r = new Recovery(doc);
        edit(doc);
        QVERIFY(r->autosaveNow());
        const QString file = r->file();
        QVERIFY(QFile::exists(file));
        delete doc;
        QVERIFY(!r->autosaveNow()); // nothing left to save
        delete r; // a clean exit: the copy goes (if the document's end had not taken it yet)
        QVERIFY(!QFile::exists(file));
        QVERIFY(!QFile::exists(file + QStringLiteral(".path")));
    }

    void killedSessionIsRecovered()
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ARCHSIM_RECOVERY_DIR"), m_dir);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child")});
        QVERIFY(child.waitForStarted(10000));
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("AUTOSAVED") && t.elapsed() < 30000) {
            child.waitForReadyRead(500);
            out += child.readAllStandardOutput();
        }
        QVERIFY2(out.contains("AUTOSAVED"), child.readAllStandardError().constData());
        child.kill(); // a crash: no destructor, no cleanup
        QVERIFY(child.waitForFinished(10000));

        // What the child had in memory when it autosaved.
        Document expected;
        expected.reset(loadModel(example().toStdString()).value(), example());
        edit(&expected);

        const QList<RecoveryEntry> pending = Recovery::pending();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().originalPath, QFileInfo(example()).absoluteFilePath());
        QString error;
        const auto recovered = Recovery::load(pending.first(), &error);
        QVERIFY2(recovered, qPrintable(error));
        QCOMPARE(*recovered, expected.model());

        // The main window offers it; answering Yes opens it as modified, on its original path.
        MainWindow w;
        w.setSavePrompt([] { return QMessageBox::Discard; });
        QTimer::singleShot(0, &w, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (box)
                box->button(QMessageBox::Yes)->click();
        });
        QVERIFY(w.offerRecovery());
        QCOMPARE(w.document()->model(), expected.model());
        QVERIFY(w.document()->isModified());
        QCOMPARE(w.document()->filePath(), QFileInfo(example()).absoluteFilePath());
        QVERIFY(Recovery::pending().isEmpty()); // taken: not offered twice
    }
};

int main(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--child") == 0)
        return childMain(argc, argv);
    QApplication app(argc, argv);
    TstRecovery t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_recovery.moc"
