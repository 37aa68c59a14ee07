#include "formbuilder.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QEvent>
#include <QLocale>
#include <QScrollBar>

#include <cmath>

namespace archsim::gui {

namespace {
// Hands a wheel over an unfocused editor to the scroll area around it (its scroll bar).
class WheelGuard : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *e) override
    {
        if (e->type() != QEvent::Wheel)
            return false;
        auto *w = static_cast<QWidget *>(watched);
        if (w->hasFocus())
            return false;
        for (QWidget *p = w->parentWidget(); p; p = p->parentWidget())
            if (auto *area = qobject_cast<QAbstractScrollArea *>(p)) {
                QCoreApplication::sendEvent(area->verticalScrollBar(), e);
                break;
            }
        return true;
    }
};
} // namespace

void guardWheel(QComboBox *combo)
{
    combo->setFocusPolicy(Qt::StrongFocus); // a click focuses it, the wheel alone does not
    combo->installEventFilter(new WheelGuard(combo));
}

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
