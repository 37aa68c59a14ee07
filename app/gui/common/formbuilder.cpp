#include "formbuilder.h"

#include <QLocale>

#include <cmath>

namespace archsim::gui {

void setFieldError(QWidget *editor, QLabel *message, const QString &error)
{
    editor->setProperty("invalid", !error.isEmpty());
    editor->setStyleSheet(error.isEmpty() ? QString()
                                          : QStringLiteral("border: 1px solid #d92d20;"
                                                           " border-radius: 3px;"));
    editor->setToolTip(error.isEmpty() ? editor->property("baseTip").toString() : error);
    message->setText(error);
    message->setVisible(!error.isEmpty());
}

std::optional<double> parseNumber(const QString &text, double min, double max, bool integer,
                                  QString *error)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok || !std::isfinite(v)) {
        *error = QObject::tr("\"%1\" is not a number").arg(text.trimmed());
        return std::nullopt;
    }
    if (integer && v != std::floor(v)) {
        *error = QObject::tr("Must be a whole number");
        return std::nullopt;
    }
    if (v < min || v > max) {
        if (max >= 1e15)
            *error = QObject::tr("Must be at least %1").arg(formatNumber(min));
        else
            *error = QObject::tr("Must be between %1 and %2")
                         .arg(formatNumber(min), formatNumber(max));
        return std::nullopt;
    }
    return v;
}

QString formatNumber(double v) { return QLocale::c().toString(v, 'g', 12); }

} // namespace archsim::gui
