// File handling of the main window: new, open, save, recent files, drag-and-drop, recovery.

#include "autolayout.h"
#include "canvasview.h"
#include "document.h"
#include "mainwindow.h"
#include "nodeitem.h"
#include "recovery.h"

#include "archsim/model/io.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace archsim::gui {

using namespace archsim::model;

namespace {

constexpr int kMaxRecent = 10;

// Runs `work` on a worker thread while the GUI keeps painting; returns its result. The wait
// sleeps in an event loop (a processEvents() polling loop would spin a core meanwhile).
template <typename F>
auto offThread(F work)
{
    auto future = QtConcurrent::run(std::move(work));
    QFutureWatcher<std::invoke_result_t<F>> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(future);
    if (!future.isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return future.takeResult(); // moved, not copied: a model can hold 100,000 entities
}

const QString kFilter = QObject::tr("ArchSim models (*.archsim *.json);;ArchSim project "
                                    "(*.archsim);;JSON model (*.json);;All files (*)");

} // namespace

void MainWindow::newFile()
{
    if (!maybeSave())
        return;
    Model m;
    m.name = tr("New architecture").toStdString();
    m.zones = {"zone-a", "zone-b"};
    m_doc->reset(m, {});
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    QSettings s;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Model"), s.value(QStringLiteral("lastDir")).toString(), kFilter);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    statusBar()->showMessage(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    // Structure only: a model with semantic errors opens and lists them in the problems dock.
    // Components without a stored position get one there too (layout of 2,000 takes ~0.5 s).
    int placed = 0;
    auto result = offThread([p = path.toStdString(), &placed] {
        auto r = loadModelUnchecked(p);
        if (r.ok())
            placed = placeUnpositioned(r.value(), NodeItem::Width, NodeItem::Height + 8);
        return r;
    });
    QApplication::restoreOverrideCursor();
    statusBar()->clearMessage();
    if (!result.ok()) {
        const QString msg = QString::fromStdString(result.message());
        if (error)
            *error = msg;
        auto *box = new QMessageBox(QMessageBox::Critical, tr("Cannot open model"),
                                    tr("ArchSim could not open \"%1\". The current model stays "
                                       "open.")
                                        .arg(QFileInfo(path).fileName()),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("openError"));
        box->setInformativeText(msg.left(2000));
        box->setDetailedText(msg);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    m_doc->reset(std::move(result).value(), QFileInfo(path).absoluteFilePath());
    addRecent(QFileInfo(path).absoluteFilePath());
    QSettings().setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
    statusBar()->showMessage(
        placed == 0 ? tr("Opened %1").arg(QFileInfo(path).fileName())
                    : tr("Opened %1; placed %2 components that had no position on the canvas")
                          .arg(QFileInfo(path).fileName())
                          .arg(placed),
        placed == 0 ? 4000 : 8000);
    return true;
}

void MainWindow::openExample(const QString &name)
{
    QFile f(QStringLiteral(":/examples/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        return;
    auto result = parseJson(f.readAll().toStdString(), name.toStdString() + ".json");
    if (result.ok())
        m_doc->reset(std::move(result).value(), {});
}

bool MainWindow::saveTo(const QString &path, QString *error)
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status st = offThread([m = m_doc->model(), p = path.toStdString()] {
        return saveModel(m, p);
    });
    QApplication::restoreOverrideCursor();
    if (!st.ok()) {
        const QString msg = QString::fromStdString(st.message());
        if (error)
            *error = msg;
        auto *box = new QMessageBox(QMessageBox::Critical, tr("Cannot save model"),
                                    tr("ArchSim could not save \"%1\".")
                                        .arg(QFileInfo(path).fileName()),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("saveError"));
        box->setInformativeText(msg);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    m_doc->setFilePath(QFileInfo(path).absoluteFilePath());
    m_doc->markSaved();
    m_recovery->discard();
    addRecent(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

bool MainWindow::save()
{
    if (m_doc->filePath().isEmpty())
        return saveAs();
    return saveTo(m_doc->filePath());
}

bool MainWindow::saveAs()
{
    QSettings s;
    QString start = m_doc->filePath();
    if (start.isEmpty())
        start = QFileInfo(s.value(QStringLiteral("lastDir")).toString(),
                          QStringLiteral("architecture.archsim"))
                    .filePath();
    QString path = QFileDialog::getSaveFileName(this, tr("Save Model As"), start, kFilter);
    if (path.isEmpty())
        return false;
    if (formatFromPath(path.toStdString()) == FileFormat::Unknown)
        path += QStringLiteral(".archsim");
    return saveTo(path);
}

bool MainWindow::maybeSave()
{
    if (!m_doc->isModified())
        return true;
    switch (m_savePrompt()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard: return true;
    default: return false;
    }
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecent(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    int n = 0;
    for (const QString &f : files) {
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(++n % 10).arg(QFileInfo(f).fileName()));
        a->setToolTip(f);
        a->setStatusTip(f);
        connect(a, &QAction::triggered, this, [this, f] {
            if (maybeSave())
                openFile(f);
        });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    } else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            QSettings().remove(QStringLiteral("recentFiles"));
            rebuildRecentMenu();
        });
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *e)
{
    if (!e->mimeData()->hasUrls())
        return;
    for (const QUrl &u : e->mimeData()->urls())
        if (u.isLocalFile()
            && formatFromPath(u.toLocalFile().toStdString()) != FileFormat::Unknown) {
            e->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent *e)
{
    for (const QUrl &u : e->mimeData()->urls()) {
        if (u.isLocalFile()
            && formatFromPath(u.toLocalFile().toStdString()) != FileFormat::Unknown) {
            e->acceptProposedAction();
            const QString path = u.toLocalFile();
            // Open after the drop returns: a modal prompt inside a drop handler misbehaves.
            QTimer::singleShot(0, this, [this, path] {
                if (maybeSave())
                    openFile(path);
            });
            return;
        }
    }
}

bool MainWindow::offerRecovery()
{
    const QList<RecoveryEntry> entries = Recovery::pending();
    for (const RecoveryEntry &e : entries) {
        const QString what = e.originalPath.isEmpty() ? tr("an untitled model")
                                                       : QFileInfo(e.originalPath).fileName();
        const auto answer = QMessageBox::question(
            this, tr("Recover unsaved work"),
            tr("ArchSim did not close properly. A copy of %1 autosaved at %2 holds changes "
               "that were never saved.\n\nRecover it? (Discard deletes the copy.)")
                .arg(what, QLocale().toString(e.saved, QLocale::ShortFormat)),
            QMessageBox::Yes | QMessageBox::Discard | QMessageBox::Ignore, QMessageBox::Yes);
        if (answer == QMessageBox::Ignore)
            continue;
        if (answer == QMessageBox::Discard) {
            Recovery::remove(e);
            continue;
        }
        QString error;
        auto m = Recovery::load(e, &error);
        if (!m) {
            QMessageBox::warning(this, tr("Recovery failed"), error);
            continue;
        }
        m_doc->reset(std::move(*m), e.originalPath);
        m_doc->setRecovered();
        Recovery::remove(e);
        return true;
    }
    return false;
}

} // namespace archsim::gui
