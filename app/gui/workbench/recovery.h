#pragma once

// Autosave and crash recovery. While a session runs, the model is written every minute (when
// it changed) to a recovery file in the recovery directory; the file is held by a lock file
// for the session's lifetime and removed on save or clean exit. A recovery file whose lock is
// stale (its process died) belongs to a crashed session and is offered for recovery.

#include "archsim/model/types.h"

#include <QDateTime>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace archsim::gui {

class Document;

// A recovery file left behind by a crashed session.
struct RecoveryEntry {
    QString file;         // the recovery JSON
    QString originalPath; // the file the session was editing ("" = untitled)
    QDateTime saved;
};

class Recovery : public QObject {
    Q_OBJECT
public:
    explicit Recovery(Document *doc, QObject *parent = nullptr);
    ~Recovery() override;

    // Returns the recovery directory: $ARCHSIM_RECOVERY_DIR, else <app data>/recovery.
    static QString directory();
    // Returns the recovery files of sessions that ended without cleaning up.
    static QList<RecoveryEntry> pending();
    // Loads a recovery file; nullopt and `error` set when it is unreadable.
    static std::optional<model::Model> load(const RecoveryEntry &entry, QString *error);
    // Deletes a recovery file and its companions.
    static void remove(const RecoveryEntry &entry);

    // Sets the autosave period (default one minute).
    void setInterval(int ms) { m_timer.setInterval(ms); }
    int interval() const { return m_timer.interval(); }
    // Writes the model now if it changed since the last autosave; returns true if written.
    bool autosaveNow();
    // Removes this session's recovery file (after a save or on a clean exit).
    void discard();
    QString file() const { return m_file; }

signals:
    void autosaved(const QString &file);

private:
    // Deletes this session's recovery file and its companion, if written.
    void removeFiles();

    // The document may go first: the main window deletes its children in creation order.
    QPointer<Document> m_doc;
    QTimer m_timer;
    QString m_file;
    std::unique_ptr<QLockFile> m_lock;
    quint64 m_savedGeneration = 0;
    bool m_written = false;
};

} // namespace archsim::gui
