#include "recovery.h"

#include "document.h"

#include "archsim/model/io.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUuid>

namespace archsim::gui {

namespace {
QString pathFileOf(const QString &json) { return json + QStringLiteral(".path"); }
QString lockFileOf(const QString &json) { return json + QStringLiteral(".lock"); }
} // namespace

Recovery::Recovery(Document *doc, QObject *parent) : QObject(parent), m_doc(doc)
{
    const QString dir = directory();
    QDir().mkpath(dir);
    m_file = QDir(dir).filePath(
        QStringLiteral("session-%1.json").arg(QUuid::createUuid().toString(QUuid::Id128)));
    m_lock = std::make_unique<QLockFile>(lockFileOf(m_file));
    m_lock->setStaleLockTime(0); // only a dead owner makes a lock stale
    m_lock->tryLock(0);
    m_savedGeneration = doc->generation();
    m_timer.setInterval(60 * 1000);
    connect(&m_timer, &QTimer::timeout, this, &Recovery::autosaveNow);
    m_timer.start();
    // A save makes the recovery copy pointless; a new model starts from scratch.
    connect(doc->undoStack(), &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (clean)
            discard();
    });
}

// Only the files: the document may already be gone (issue #15, found by ThreadSanitizer as a
// heap-use-after-free when a main window closed).
Recovery::~Recovery() { removeFiles(); }

QString Recovery::directory()
{
    const QString env = qEnvironmentVariable("ARCHSIM_RECOVERY_DIR");
    if (!env.isEmpty())
        return env;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("recovery"));
}

bool Recovery::autosaveNow()
{
    if (!m_doc || m_doc->generation() == m_savedGeneration || !m_doc->isModified())
        return false;
    const auto st = model::writeFileAtomically(m_file.toStdString(), model::toJson(m_doc->model()));
    if (!st.ok())
        return false;
    // The companion naming the original file is written before anyone hears of the autosave.
    const auto path = model::writeFileAtomically(pathFileOf(m_file).toStdString(),
                                                 m_doc->filePath().toStdString());
    if (!path.ok())
        return false;
    m_savedGeneration = m_doc->generation();
    m_written = true;
    emit autosaved(m_file);
    return true;
}

void Recovery::removeFiles()
{
    if (m_written) {
        QFile::remove(m_file);
        QFile::remove(pathFileOf(m_file));
        m_written = false;
    }
}

void Recovery::discard()
{
    removeFiles();
    if (m_doc)
        m_savedGeneration = m_doc->generation();
}

QList<RecoveryEntry> Recovery::pending()
{
    QList<RecoveryEntry> out;
    const QDir dir(directory());
    const auto files = dir.entryInfoList({QStringLiteral("session-*.json")}, QDir::Files,
                                         QDir::Time);
    for (const QFileInfo &fi : files) {
        QLockFile lock(lockFileOf(fi.absoluteFilePath()));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue; // a live session owns it
        lock.unlock();
        RecoveryEntry e;
        e.file = fi.absoluteFilePath();
        e.saved = fi.lastModified();
        QFile pf(pathFileOf(e.file));
        if (pf.open(QIODevice::ReadOnly))
            e.originalPath = QString::fromUtf8(pf.readAll());
        out.append(e);
    }
    return out;
}

std::optional<model::Model> Recovery::load(const RecoveryEntry &entry, QString *error)
{
    auto text = model::readFile(entry.file.toStdString());
    if (!text.ok()) {
        if (error)
            *error = QString::fromStdString(text.message());
        return std::nullopt;
    }
    auto m = model::parseJson(text.value(), entry.file.toStdString());
    if (!m.ok()) {
        if (error)
            *error = QString::fromStdString(m.message());
        return std::nullopt;
    }
    return std::move(m).value();
}

void Recovery::remove(const RecoveryEntry &entry)
{
    QFile::remove(entry.file);
    QFile::remove(pathFileOf(entry.file));
    QFile::remove(lockFileOf(entry.file));
}

} // namespace archsim::gui
