#pragma once

// Lookups in an ImportResult for the importer tests.

#include "archsim/importers/import.h"

#include <QFile>
#include <QStringList>

#include <algorithm>

#include <string>

namespace importtest {

using archsim::importers::ImportResult;

// Returns the whole file as text (empty when it cannot be read).
inline std::string readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

// Returns the 1-based line of the first occurrence of `needle` in `text` (0 if absent).
inline int lineOf(const std::string &text, const std::string &needle)
{
    const auto at = text.find(needle);
    if (at == std::string::npos)
        return 0;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

inline const archsim::model::Schema *schemaNamed(const ImportResult &r, const std::string &name)
{
    for (const auto &s : r.schemas)
        if (s.name == name || (name.empty() && s.name.empty()))
            return &s;
    return nullptr;
}

// Returns table `name` of the schema whose SQL name is `schema` (any schema when empty).
inline const archsim::model::Table *table(const ImportResult &r, const std::string &schema,
                                          const std::string &name)
{
    for (const auto &s : r.schemas)
        if (schema.empty() || s.name == schema)
            for (const auto &t : s.tables)
                if (t.name == name)
                    return &t;
    return nullptr;
}

inline const archsim::importers::NotImported *notImportedAbout(const ImportResult &r,
                                                               const std::string &part)
{
    for (const auto &n : r.notImported)
        if (n.object.find(part) != std::string::npos)
            return &n;
    return nullptr;
}

inline const archsim::importers::LossyMapping *lossyAbout(const ImportResult &r,
                                                          const std::string &object)
{
    for (const auto &n : r.lossy)
        if (n.object == object)
            return &n;
    return nullptr;
}

inline std::string format(const archsim::model::Diagnostics &d)
{
    std::string out;
    for (const auto &x : d)
        out += x.format() + "\n";
    return out;
}

// Returns every not-imported item, one per line, for failure messages.
inline std::string listNotImported(const ImportResult &r)
{
    std::string out;
    for (const auto &n : r.notImported)
        out += n.place + ": " + n.object + ": " + n.reason + "\n";
    return out;
}

// Returns the lines only `expected` has ("- ") and those only `actual` has ("+ ").
inline QString lineDiff(const QString &actual, const QString &expected)
{
    const QStringList a = actual.split('\n');
    const QStringList e = expected.split('\n');
    QStringList out;
    // What the actual has first: a failed step ("APPLY ...") is one line that QTest's
    // truncated message must still show.
    for (const auto &l : a)
        if (!e.contains(l))
            out << "+ " + l;
    for (const auto &l : e)
        if (!a.contains(l))
            out << "- " + l;
    if (out.isEmpty()) {
        for (qsizetype i = 0; i < std::min(a.size(), e.size()); ++i)
            if (a[i] != e[i]) {
                out << QString("first difference at line %1: + %2 / - %3")
                           .arg(i + 1)
                           .arg(a[i], e[i]);
                break;
            }
        if (out.isEmpty())
            out << QString("%1 lines, expected %2").arg(a.size()).arg(e.size());
    }
    return out.join('\n');
}

} // namespace importtest
