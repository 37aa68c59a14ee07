#pragma once

// Helpers shared by the tests: fixture paths and reading files.

#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>

#include <string>

namespace archsim::test {

// Returns the repository's root folder.
inline QString sourceDir() { return QStringLiteral(ARCHSIM_SOURCE_DIR); }

// Returns the absolute paths of the bundled example models (resources/examples/*.json).
inline QStringList examplePaths()
{
    QDir dir(sourceDir() + QStringLiteral("/resources/examples"));
    QStringList out;
    for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        out << dir.absoluteFilePath(f);
    return out;
}

// Returns a file's bytes, or an empty string if it cannot be read.
inline std::string readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray b = f.readAll();
    return std::string(b.constData(), static_cast<size_t>(b.size()));
}

struct BadCase {
    QString file;  // file name under tests/data/bad
    QString place; // line:col or JSON pointer the message must name
};

// Returns the cases listed in tests/data/bad/expected.tsv.
inline QList<BadCase> badCases()
{
    QList<BadCase> out;
    QFile f(sourceDir() + QStringLiteral("/tests/data/bad/expected.tsv"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList parts = line.split(QLatin1Char('\t'));
        if (parts.size() == 2)
            out.append({parts[0], parts[1]});
    }
    return out;
}

} // namespace archsim::test
