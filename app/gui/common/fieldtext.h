#pragma once

// Text forms of model values shared by the editors (inspector, schema editor, scenario
// editor): enumeration spellings for combo boxes, the stable-id check, comma-separated lists.

#include "archsim/model/types.h"

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace archsim::gui {

// Returns the file spellings of an enumeration as a string list (combo box items).
template <typename Enum>
QStringList enumList()
{
    QStringList out;
    for (const auto &s : model::enumNames<Enum>())
        out << QString::fromStdString(s);
    return out;
}

// Returns why `id` is not a valid stable id ([a-z][a-z0-9-]*, <= 63, no trailing '-'), or "".
QString idError(const QString &id);
// Joins and splits comma-separated lists of names.
QString joinList(const std::vector<std::string> &v);
std::vector<std::string> splitList(const QString &s);

} // namespace archsim::gui
