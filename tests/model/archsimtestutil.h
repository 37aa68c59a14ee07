#pragma once

// Helpers for the .archsim tests: raw SQLite access to craft files, and a readable difference
// between two models (first differing line of their canonical JSON).

#include "archsim/model/io.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStringList>
#include <QString>

#include <sqlite3.h>
#include <sys/stat.h>

#include <string>

namespace archsim::test {

// Runs SQL on a file with a plain connection (no ArchSim checks), as a hand-editing user would.
inline bool execSql(const std::string &path, const std::string &sql, std::string *error = nullptr)
{
    sqlite3 *db = nullptr;
    bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              nullptr) == SQLITE_OK;
    char *message = nullptr;
    ok = ok && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK;
    if (!ok && error)
        *error = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    sqlite3_close(db);
    return ok;
}

// Returns the first row's first column of a query as text ("" when no row or on error).
inline std::string querySql(const std::string &path, const std::string &sql)
{
    sqlite3 *db = nullptr;
    std::string out;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            out = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

// Returns "" when the texts are equal, else the first differing line of each.
inline std::string firstDifference(const std::string &a, const std::string &b)
{
    size_t line = 1, i = 0, start = 0;
    for (; i < a.size() && i < b.size() && a[i] == b[i]; ++i)
        if (a[i] == '\n')
            ++line, start = i + 1;
    if (i == a.size() && i == b.size())
        return {};
    auto lineAt = [start](const std::string &s) {
        size_t end = s.find('\n', start);
        return s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    };
    return "line " + std::to_string(line) + ":\n  < " + lineAt(a) + "\n  > " + lineAt(b);
}

// Returns where two models differ, by their canonical JSON ("" if the JSON is equal).
inline std::string modelDifference(const model::Model &a, const model::Model &b)
{
    return firstDifference(model::toJson(a), model::toJson(b));
}

inline std::string readBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray data = f.readAll();
    return std::string(data.constData(), size_t(data.size()));
}

// Returns one line per file of a folder (hidden ones too): name, size, modification time in
// nanoseconds and a hash of the bytes, to show that reading changed nothing there.
inline QStringList folderState(const QString &folder)
{
    QStringList out;
    const QDir dir(folder);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden, QDir::Name)) {
        const QString path = dir.filePath(name);
        struct stat st {};
        ::stat(QFile::encodeName(path).constData(), &st);
        QFile f(path);
        QByteArray bytes = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        out << QString("%1 %2 %3.%4 %5")
                   .arg(name)
                   .arg(qint64(st.st_size))
                   .arg(qint64(st.st_mtim.tv_sec))
                   .arg(qint64(st.st_mtim.tv_nsec))
                   .arg(QString::fromLatin1(
                       QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    }
    return out;
}

inline bool writeBytes(const QString &path, const std::string &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           f.write(bytes.data(), qint64(bytes.size())) == qint64(bytes.size());
}

} // namespace archsim::test
