#pragma once

// An import on a worker thread: a SQL script read from a file or a live database, with
// progress and cancel. The GUI thread never waits for it; the worker shares nothing with the
// GUI but a small block of atomics, so a cancelled or abandoned import can finish on its own.

#include "archsim/importers/import.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>
#include <string>

namespace archsim::gui {

// What to import. The URL may hold a password: it lives in memory only for the import.
struct ImportRequest {
    enum class Source { SqlFile, Database };
    Source source = Source::SqlFile;
    QString path;                 // SqlFile: the script
    bool detectDialect = true;    // SqlFile: judge the dialect from the text (importplan.h)
    model::DbEngine dialect = model::DbEngine::Postgres; // SqlFile, when not detected
    std::string devUrl;           // SqlFile, MySQL: the server that loads the script
    std::string url;              // Database: postgresql://..., mysql://... or a SQLite path
    QStringList schemas;          // Database: keep only these SQL schemas (empty = all)
};

// How an import ended.
struct ImportOutcome {
    bool ok = false;
    importers::ImportResult result;      // when ok
    model::Diagnostics errors;           // when not ok: each with its place
    model::DbEngine dialect = model::DbEngine::Postgres; // the dialect used (SqlFile)
    QStringList unmatchedSchemas;        // schema filter names that matched no schema
};

// Runs the importers for a request on a worker thread (QtConcurrent).
class ImportJob : public QObject {
    Q_OBJECT
public:
    explicit ImportJob(QObject *parent = nullptr);
    // Asks a running worker to stop; does not wait for it.
    ~ImportJob() override;

    // Starts `request`; returns false when an import is running already.
    bool start(const ImportRequest &request);
    // Stops waiting for the running import at once and asks its worker to stop; its result
    // is dropped and finished() is not emitted for it.
    void cancel();
    // Returns true from start() until finished() or cancel().
    bool isRunning() const { return m_running; }
    // Returns the number of workers still on their thread (a cancelled one runs to its next
    // check); tests wait for 0.
    int workersAlive() const { return m_alive; }

    // Runs `request` on the calling thread; `cancelled` and `progress` may be empty.
    static ImportOutcome run(const ImportRequest &request, const importers::Progress &progress,
                             const importers::Cancelled &cancelled);

signals:
    // Work done out of total (total 0: not known) of the running import.
    void progress(int done, int total);
    // The running import ended (not emitted after cancel()).
    void finished(const archsim::gui::ImportOutcome &outcome);
    // A worker left its thread (also one that was cancelled).
    void workerEnded();

private:
    struct Shared {
        std::atomic<bool> cancel{false};
        std::atomic<int> done{0};
        std::atomic<int> total{0};
    };
    void poll();

    std::shared_ptr<Shared> m_shared;
    QTimer m_poll;
    bool m_running = false;
    int m_alive = 0;
    int m_lastDone = -1;
};

} // namespace archsim::gui

Q_DECLARE_METATYPE(archsim::gui::ImportOutcome)
