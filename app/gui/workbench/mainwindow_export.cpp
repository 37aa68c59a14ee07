// The main window's deployment and report exports: Kubernetes, docker-compose, Redis and the
// review report, written by the same exporters archsim-cli uses, on a worker thread.

#include "mainwindow.h"

#include "document.h"

#include "archsim/exporters/compose.h"
#include "archsim/exporters/k8s.h"
#include "archsim/exporters/redisconf.h"
#include "archsim/exporters/report.h"
#include "archsim/model/io.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPushButton>
#include <QStatusBar>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace archsim::gui {

namespace {

QStringList formatted(const model::Diagnostics &diagnostics)
{
    QStringList out;
    for (const auto &d : diagnostics)
        out << QString::fromStdString(d.format());
    return out;
}

QString title(MainWindow::ExportKind kind)
{
    switch (kind) {
    case MainWindow::ExportKind::Kubernetes:
        return MainWindow::tr("Kubernetes manifests");
    case MainWindow::ExportKind::Compose:
        return MainWindow::tr("docker-compose stack");
    case MainWindow::ExportKind::Redis:
        return MainWindow::tr("Redis configuration");
    case MainWindow::ExportKind::Report:
        return MainWindow::tr("review report");
    }
    return {};
}

} // namespace

MainWindow::ExportOutcome MainWindow::runExport(ExportKind kind, const model::Model &model,
                                                const QString &path,
                                                const QString &projectFile)
{
    ExportOutcome out;
    out.path = path;
    if (kind == ExportKind::Report) {
        exporters::ReportOptions options;
        options.generator = std::string("ArchSim ") + ARCHSIM_VERSION;
        // The runs stored in the project, as `archsim-cli export report` includes them.
        if (!projectFile.isEmpty()
            && model::formatFromPath(projectFile.toStdString()) == model::FileFormat::Archsim
            && QFileInfo::exists(projectFile)) {
            model::Diagnostics skipped;
            auto runs = exporters::storedReportRuns(projectFile.toStdString(), 3, &skipped);
            out.warnings << formatted(skipped);
            if (runs.ok())
                options.runs = std::move(runs).value();
            else
                out.warnings << formatted(runs.diagnostics());
        }
        const std::string html = exporters::exportReport(model, options);
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir)) {
            out.error = tr("Cannot create the folder %1").arg(dir);
            return out;
        }
        // Atomic, as every save: a temporary beside the target, then a rename.
        const auto status = model::writeFileAtomically(path.toStdString(), html);
        if (!status.ok()) {
            out.error = QString::fromStdString(status.message());
            return out;
        }
        out.files << QFileInfo(path).absoluteFilePath();
        return out;
    }
    model::Result<exporters::Bundle> bundle = exporters::Bundle{};
    switch (kind) {
    case ExportKind::Kubernetes:
        bundle = exporters::exportKubernetes(model, {});
        break;
    case ExportKind::Compose:
        bundle = exporters::exportCompose(model, {});
        break;
    case ExportKind::Redis:
        bundle = exporters::exportRedis(model);
        if (bundle->files.empty())
            out.warnings << tr("The model has no cache component: nothing written.");
        break;
    case ExportKind::Report:
        break;
    }
    if (!bundle.ok()) {
        out.error = formatted(bundle.diagnostics()).join(QLatin1Char('\n'));
        return out;
    }
    out.warnings << formatted(bundle->warnings);
    const auto status = exporters::writeBundle(bundle.value(), path.toStdString());
    if (!status.ok()) {
        out.error = QString::fromStdString(status.message());
        return out;
    }
    for (const auto &f : bundle->files)
        out.files << QDir(path).absoluteFilePath(QString::fromStdString(f.path));
    return out;
}

void MainWindow::setExportPath(const QString &path)
{
    m_exportPath = path;
}

void MainWindow::exportDialog(ExportKind kind)
{
    const QString base = m_doc->filePath().isEmpty()
                             ? QStringLiteral("model")
                             : QFileInfo(m_doc->filePath()).completeBaseName();
    const QString near = m_doc->filePath().isEmpty() ? QDir::homePath()
                                                     : QFileInfo(m_doc->filePath()).absolutePath();
    QString path = m_exportPath;
    if (path.isEmpty()) {
        if (kind == ExportKind::Report)
            path = QFileDialog::getSaveFileName(
                this, tr("Export Review Report"),
                QDir(near).filePath(base + QStringLiteral("-report.html")),
                tr("HTML (*.html)"));
        else
            path = QFileDialog::getExistingDirectory(
                this, tr("Export %1 to Folder").arg(title(kind)), near);
    }
    if (path.isEmpty())
        return;
    // The exporters read a copy of the model on a worker thread; the user may keep editing.
    auto *watcher = new QFutureWatcher<ExportOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, kind] {
        watcher->deleteLater();
        showExportOutcome(kind, watcher->result());
    });
    statusBar()->showMessage(tr("Exporting the %1…").arg(title(kind)));
    watcher->setFuture(QtConcurrent::run(&MainWindow::runExport, kind, m_doc->model(), path,
                                         m_doc->filePath()));
}

void MainWindow::showExportOutcome(ExportKind kind, const ExportOutcome &outcome)
{
    statusBar()->clearMessage();
    auto *box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("exportOutcome"));
    box->setWindowTitle(tr("Export %1").arg(title(kind)));
    if (!outcome.error.isEmpty()) {
        box->setIcon(QMessageBox::Critical);
        box->setText(tr("The %1 was not written.").arg(title(kind)));
        box->setInformativeText(outcome.error.toHtmlEscaped());
        box->setStandardButtons(QMessageBox::Close);
    } else {
        box->setIcon(outcome.warnings.isEmpty() ? QMessageBox::Information
                                                : QMessageBox::Warning);
        const QString where = kind == ExportKind::Report ? outcome.path
                                                         : QDir(outcome.path).absolutePath();
        box->setText(tr("Wrote %n file(s) of the %1 to %2.", nullptr, int(outcome.files.size()))
                         .arg(title(kind), where.toHtmlEscaped()));
        QString info;
        if (!outcome.warnings.isEmpty())
            info += tr("<p><b>Warnings</b></p><ul>") + [&] {
                QString s;
                for (const QString &w : outcome.warnings)
                    s += QStringLiteral("<li>%1</li>").arg(w.toHtmlEscaped());
                return s;
            }() + QStringLiteral("</ul>");
        box->setInformativeText(info);
        // Every file, relative to the folder, in the expandable details.
        QStringList names;
        const QDir dir(kind == ExportKind::Report ? QFileInfo(outcome.path).absolutePath()
                                                  : outcome.path);
        for (const QString &f : outcome.files)
            names << dir.relativeFilePath(f);
        box->setDetailedText(names.join(QLatin1Char('\n')));
        QPushButton *openButton = box->addButton(
            kind == ExportKind::Report ? tr("Open Report") : tr("Open Folder"),
            QMessageBox::AcceptRole);
        openButton->setObjectName(QStringLiteral("openExport"));
        box->addButton(QMessageBox::Close);
        const QUrl url = QUrl::fromLocalFile(kind == ExportKind::Report ? outcome.path : where);
        connect(openButton, &QPushButton::clicked, this,
                [url] { QDesktopServices::openUrl(url); });
    }
    box->open();
    emit exportFinished(outcome.files, outcome.warnings, outcome.error);
}

} // namespace archsim::gui
