// The import worker: reads the script, runs the importer, filters schemas; the GUI thread
// polls its progress and receives its outcome through a QFutureWatcher.

#include "importjob.h"

#include "importplan.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace archsim::gui {

ImportJob::ImportJob(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<ImportOutcome>();
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, &ImportJob::poll);
}

ImportJob::~ImportJob()
{
    if (m_shared)
        m_shared->cancel = true;
}

ImportOutcome ImportJob::run(const ImportRequest &request, const importers::Progress &progress,
                             const importers::Cancelled &cancelled)
{
    ImportOutcome out;
    model::Result<importers::ImportResult> result = model::Diagnostics{};
    if (request.source == ImportRequest::Source::SqlFile) {
        QFile f(request.path);
        const QString shown = QFileInfo(request.path).fileName();
        if (!f.open(QIODevice::ReadOnly)) {
            out.errors.push_back(model::makeError(
                {}, (request.path + QStringLiteral(": cannot read: ") + f.errorString())
                        .toStdString()));
            return out;
        }
        const QByteArray text = f.readAll();
        const std::string_view view(text.constData(), size_t(text.size()));
        importers::SqlImportOptions o;
        o.dialect = request.detectDialect ? detectDialect(view) : request.dialect;
        o.file = shown.toStdString();
        o.devUrl = request.devUrl;
        o.progress = progress;
        o.cancelled = cancelled;
        out.dialect = o.dialect;
        if (o.dialect == model::DbEngine::Mysql && o.devUrl.empty()) {
            out.errors.push_back(model::makeError(
                {}, o.file + ": a MySQL/MariaDB script is loaded into a scratch database on a "
                             "server, created there and dropped afterwards: fill in "
                             "\"MySQL server for scripts\" (mysql://user@host:port)"));
            return out;
        }
        result = importers::importSql(view, o);
    } else {
        importers::DbImportOptions o;
        o.progress = progress;
        o.cancelled = cancelled;
        result = importers::importDatabase(request.url, o);
    }
    if (!result.ok()) {
        out.errors = result.diagnostics();
        return out;
    }
    out.ok = true;
    out.result = std::move(result).value();
    out.unmatchedSchemas = filterSchemas(out.result, request.schemas);
    return out;
}

bool ImportJob::start(const ImportRequest &request)
{
    if (m_running)
        return false;
    auto shared = std::make_shared<Shared>();
    m_shared = shared;
    m_running = true;
    m_lastDone = -1;
    ++m_alive;
    auto *watcher = new QFutureWatcher<ImportOutcome>(this);
    connect(watcher, &QFutureWatcher<ImportOutcome>::finished, this, [this, watcher, shared] {
        --m_alive;
        watcher->deleteLater();
        const bool current = shared == m_shared && m_running;
        if (current) {
            m_running = false;
            m_poll.stop();
            m_shared.reset();
            emit finished(watcher->result());
        }
        emit workerEnded();
    });
    // The worker holds copies and the shared block only, never this object.
    watcher->setFuture(QtConcurrent::run([request, shared] {
        return run(
            request,
            [shared](int done, int total) {
                shared->total = total;
                shared->done = done;
            },
            [shared] { return shared->cancel.load(); });
    }));
    m_poll.start();
    return true;
}

void ImportJob::cancel()
{
    if (!m_running)
        return;
    m_shared->cancel = true;
    m_shared.reset();
    m_running = false;
    m_poll.stop();
}

void ImportJob::poll()
{
    if (!m_shared)
        return;
    const int done = m_shared->done;
    if (done == m_lastDone)
        return;
    m_lastDone = done;
    emit progress(done, m_shared->total);
}

} // namespace archsim::gui
