#include "fieldtext.h"

#include <QObject>

namespace archsim::gui {

QString idError(const QString &id)
{
    if (id.isEmpty())
        return QObject::tr("An id is required");
    if (id.size() > 63)
        return QObject::tr("At most 63 characters (a Kubernetes name)");
    if (!(id[0] >= QLatin1Char('a') && id[0] <= QLatin1Char('z')))
        return QObject::tr("Must start with a lowercase letter");
    for (QChar c : id)
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
              || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-')))
            return QObject::tr("Only lowercase letters, digits and '-' (found '%1')").arg(c);
    if (id.endsWith(QLatin1Char('-')))
        return QObject::tr("Must not end with '-'");
    return {};
}

QString joinList(const std::vector<std::string> &v)
{
    QStringList l;
    for (const auto &s : v)
        l << QString::fromStdString(s);
    return l.join(QStringLiteral(", "));
}

std::vector<std::string> splitList(const QString &s)
{
    std::vector<std::string> out;
    for (const QString &p : s.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString t = p.trimmed();
        if (!t.isEmpty())
            out.push_back(t.toStdString());
    }
    return out;
}

} // namespace archsim::gui
