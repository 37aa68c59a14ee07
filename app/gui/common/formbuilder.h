#pragma once

// Builds inspector forms: one row per field of a record type T (Component, Link), each editor
// bound by a getter and a setter. Text is validated as the user types: an invalid value is
// refused (not committed), the field turns red and the reason is shown under it. A valid value
// is committed at once through `commit`, which pushes an undo command (typing into one field
// merges into one step).

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>

#include <functional>
#include <optional>
#include <vector>

namespace archsim::gui {

// Shows or clears a validation error on an editor and its message label.
void setFieldError(QWidget *editor, QLabel *message, const QString &error);
// Parses a number in C locale; returns nullopt and sets `error` when it is not one or is
// outside [min, max] or not an integer when `integer`.
std::optional<double> parseNumber(const QString &text, double min, double max, bool integer,
                                  QString *error);
// Formats a number for an editor without trailing zeros.
QString formatNumber(double v);
// Makes a choice ignore the wheel unless it has the focus: the wheel scrolls the form instead
// of editing the field the pointer happens to pass over.
void guardWheel(QComboBox *combo);

template <typename T>
class FormBuilder {
public:
    using Current = std::function<const T *()>;
    using Commit = std::function<void(const T &after, const QString &field)>;

    FormBuilder(Current current, Commit commit) : m_current(current), m_commit(commit) {}

    // Sets a check of the whole record an edit would make: given the record before, after and
    // the field edited, it returns why the edit is refused (shown under the field) or "".
    // Checked by every field after its own check, before the commit.
    void setRecordCheck(
        std::function<QString(const T &before, const T &after, const QString &field)> check)
    {
        m_recordCheck = std::move(check);
    }

    // Starts a titled section; `visible` decides from the record whether it is shown.
    QGroupBox *section(const QString &title, std::function<bool(const T &)> visible = {})
    {
        auto *box = new QGroupBox(title);
        m_form = new QFormLayout(box);
        m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_form->setContentsMargins(10, 14, 10, 10);
        m_form->setVerticalSpacing(5);
        if (visible)
            m_refresh.push_back([box, visible](const T &t) { box->setVisible(visible(t)); });
        m_sections.push_back(box);
        return box;
    }

    // A free text field; `check` returns an error message or "" (optional). With
    // `onFinish` the value is validated as the user types but committed on Enter or when the
    // field loses focus (ids: every keystroke would otherwise be a rename).
    QLineEdit *text(const QString &label, const QString &field, const QString &tip,
                    std::function<QString(const T &)> get,
                    std::function<void(T &, const QString &)> put,
                    std::function<QString(const QString &)> check = {}, bool onFinish = false)
    {
        auto *edit = new QLineEdit;
        edit->setObjectName(field);
        edit->setToolTip(tip);
        QLabel *msg = addRow(label, edit, tip);
        auto apply = [=, this](const QString &s, bool commit) {
            QString err = check ? check(s) : QString();
            const T *cur = m_current();
            std::optional<T> copy;
            if (err.isEmpty() && cur) {
                copy = *cur;
                put(*copy, s);
                err = recordError(*cur, *copy, field);
            }
            setFieldError(edit, msg, err);
            if (!err.isEmpty() || !commit || !copy)
                return;
            m_commit(*copy, field);
        };
        QObject::connect(edit, &QLineEdit::textEdited, edit,
                         [=](const QString &s) { apply(s, !onFinish); });
        if (onFinish)
            QObject::connect(edit, &QLineEdit::editingFinished, edit, [=] {
                if (edit->isModified())
                    apply(edit->text(), true);
                edit->setModified(false);
            });
        m_refresh.push_back([=](const T &t) {
            const QString v = get(t);
            if (edit->text() != v && !(edit->hasFocus() && msg->isVisible()))
                edit->setText(v);
            if (!edit->hasFocus())
                setFieldError(edit, msg, {});
        });
        return edit;
    }

    // A number with a unit; `optional` fields accept an empty text (meaning "none").
    QLineEdit *number(const QString &label, const QString &field, const QString &unit,
                      const QString &tip, double min, double max, bool integer,
                      std::function<std::optional<double>(const T &)> get,
                      std::function<void(T &, std::optional<double>)> put, bool optional = false,
                      const QString &emptyText = {})
    {
        auto *edit = new QLineEdit;
        edit->setObjectName(field);
        edit->setPlaceholderText(emptyText);
        edit->setToolTip(tip);
        QWidget *row = edit;
        if (!unit.isEmpty()) {
            row = new QWidget;
            auto *h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            h->setSpacing(6);
            h->addWidget(edit, 1);
            auto *u = new QLabel(unit);
            u->setMinimumWidth(34);
            u->setForegroundRole(QPalette::PlaceholderText);
            h->addWidget(u);
        }
        QLabel *msg = addRow(label, row, tip, edit);
        QObject::connect(edit, &QLineEdit::textEdited, edit, [=, this](const QString &s) {
            QString err;
            std::optional<double> v;
            if (s.trimmed().isEmpty()) {
                if (!optional)
                    err = QObject::tr("A value is required");
            } else {
                v = parseNumber(s, min, max, integer, &err);
            }
            const T *cur = m_current();
            std::optional<T> copy;
            if (err.isEmpty() && cur) {
                copy = *cur;
                put(*copy, v);
                err = recordError(*cur, *copy, field);
            }
            setFieldError(edit, msg, err);
            if (!err.isEmpty() || !copy)
                return;
            m_commit(*copy, field);
        });
        m_refresh.push_back([=](const T &t) {
            const auto v = get(t);
            const QString s = v ? formatNumber(*v) : QString();
            if (edit->hasFocus()) {
                // Keep what the user is typing ("1." or "1e") when it means the same value.
                QString e;
                const auto typed = edit->text().trimmed().isEmpty()
                                       ? std::optional<double>()
                                       : parseNumber(edit->text(), -1e300, 1e300, false, &e);
                if (typed == v || msg->isVisible())
                    return;
            }
            if (edit->text() != s)
                edit->setText(s);
            setFieldError(edit, msg, {});
        });
        return edit;
    }

    // A choice among names; index into `names`.
    QComboBox *choice(const QString &label, const QString &field, const QString &tip,
                      const QStringList &names, std::function<int(const T &)> get,
                      std::function<void(T &, int)> put)
    {
        auto *combo = new QComboBox;
        guardWheel(combo);
        combo->setObjectName(field);
        combo->addItems(names);
        combo->setToolTip(tip);
        QLabel *msg = addRow(label, combo, tip);
        QObject::connect(combo, &QComboBox::activated, combo, [=, this](int i) {
            if (const T *cur = m_current()) {
                T copy = *cur;
                put(copy, i);
                const QString err = recordError(*cur, copy, field);
                setFieldError(combo, msg, err);
                if (!err.isEmpty()) {
                    combo->setCurrentIndex(get(*cur)); // refused: back to the record's
                    return;
                }
                m_commit(copy, field);
            }
        });
        m_refresh.push_back([=](const T &t) {
            const int i = get(t);
            if (combo->currentIndex() != i)
                combo->setCurrentIndex(i);
            if (!combo->hasFocus())
                setFieldError(combo, msg, {});
        });
        return combo;
    }

    // A choice whose names depend on the model (schemas, components); `names` is re-read.
    QComboBox *dynamicChoice(const QString &label, const QString &field, const QString &tip,
                             std::function<QStringList()> names,
                             std::function<QString(const T &)> get,
                             std::function<void(T &, const QString &)> put)
    {
        auto *combo = new QComboBox;
        guardWheel(combo);
        combo->setObjectName(field);
        combo->setToolTip(tip);
        addRow(label, combo, tip);
        QObject::connect(combo, &QComboBox::activated, combo, [=, this](int i) {
            if (const T *cur = m_current()) {
                T copy = *cur;
                put(copy, combo->itemData(i).toString());
                m_commit(copy, field);
            }
        });
        m_refresh.push_back([=](const T &t) {
            const QStringList n = names();
            const QSignalBlocker b(combo);
            combo->clear();
            for (const QString &s : n)
                combo->addItem(s.isEmpty() ? QObject::tr("(none)") : s, s);
            const QString v = get(t);
            int i = combo->findData(v);
            if (i < 0) {
                combo->addItem(QObject::tr("%1 (unknown)").arg(v), v);
                i = combo->count() - 1;
            }
            combo->setCurrentIndex(i);
        });
        return combo;
    }

    QCheckBox *check(const QString &label, const QString &field, const QString &tip,
                     std::function<bool(const T &)> get, std::function<void(T &, bool)> put)
    {
        auto *box = new QCheckBox(label);
        box->setObjectName(field);
        box->setToolTip(tip);
        // Only a record check can refuse a box: then its reason stands under it.
        QLabel *msg = m_recordCheck ? addRow(QString(), box, tip) : nullptr;
        if (!msg)
            m_form->addRow(QString(), box);
        QObject::connect(box, &QCheckBox::clicked, box, [=, this](bool on) {
            if (const T *cur = m_current()) {
                T copy = *cur;
                put(copy, on);
                const QString err = recordError(*cur, copy, field);
                if (msg)
                    setFieldError(box, msg, err);
                if (!err.isEmpty()) {
                    box->setChecked(get(*cur)); // refused: back to the record's
                    return;
                }
                m_commit(copy, field);
            }
        });
        m_refresh.push_back([=](const T &t) {
            if (box->isChecked() != get(t))
                box->setChecked(get(t));
            if (msg && !box->hasFocus())
                setFieldError(box, msg, {});
        });
        return box;
    }

    // Adds a read-only value row whose text comes from the record.
    QLabel *info(const QString &label, std::function<QString(const T &)> get)
    {
        auto *l = new QLabel;
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        m_form->addRow(label, l);
        m_refresh.push_back([=](const T &t) { l->setText(get(t)); });
        return l;
    }

    // Adds a custom row (a table with its buttons) across the form's width under its label;
    // `refresh` re-reads it from the record. Returns the hidden message label under it, named
    // after `editor` (the widget in `row` that refusals mark), for setFieldError.
    QLabel *wide(const QString &label, QWidget *row, QWidget *editor, const QString &tip,
                 std::function<void(const T &)> refresh)
    {
        auto *lab = new QLabel(label);
        lab->setToolTip(tip);
        m_form->addRow(lab);
        QLabel *msg = nullptr;
        m_form->addRow(withMessage(row, editor, tip, &msg));
        m_refresh.push_back(std::move(refresh));
        return msg;
    }

    // Shows or hides one row (editor and label) depending on the record.
    void rowVisibleWhen(QWidget *editor, std::function<bool(const T &)> visible)
    {
        QFormLayout *form = m_form;
        QWidget *field = editor; // climb from the editor to the widget the form holds
        while (field && form->indexOf(field) < 0)
            field = field->parentWidget();
        if (!field)
            return;
        m_refresh.push_back([=](const T &t) { form->setRowVisible(field, visible(t)); });
    }

    // Re-reads every editor from the record.
    void refresh(const T &t)
    {
        for (auto &f : m_refresh)
            f(t);
    }
    const std::vector<QGroupBox *> &sections() const { return m_sections; }

private:
    // Why the record check refuses `after` (an edit of `field`), or "".
    QString recordError(const T &before, const T &after, const QString &field) const
    {
        return m_recordCheck ? m_recordCheck(before, after, field) : QString();
    }

    // Adds "label: editor" and a hidden red message row under it; returns the message label.
    QLabel *addRow(const QString &label, QWidget *row, const QString &tip,
                   QWidget *editor = nullptr)
    {
        auto *lab = new QLabel(label);
        lab->setToolTip(tip);
        QLabel *msg = nullptr;
        m_form->addRow(lab, withMessage(row, editor ? editor : row, tip, &msg));
        return msg;
    }

    // Returns `row` in a column with a hidden red message label under it (`*msg`), named
    // after `editor` ("<field>-error"); `editor` keeps the label and its tip for
    // setFieldError.
    static QWidget *withMessage(QWidget *row, QWidget *editor, const QString &tip, QLabel **msg)
    {
        auto *col = new QWidget;
        auto *v = new QVBoxLayout(col);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(2);
        v->addWidget(row);
        *msg = new QLabel;
        (*msg)->setObjectName(editor->objectName() + QStringLiteral("-error"));
        (*msg)->setWordWrap(true);
        (*msg)->setStyleSheet(QStringLiteral("color: #d92d20; font-size: 8pt;"));
        (*msg)->hide();
        v->addWidget(*msg);
        editor->setProperty("errorLabel", QVariant::fromValue<QObject *>(*msg));
        // setFieldError puts the tip back when an error clears (it used to blank it).
        editor->setProperty("baseTip", tip);
        return col;
    }

    Current m_current;
    Commit m_commit;
    std::function<QString(const T &, const T &, const QString &)> m_recordCheck;
    QFormLayout *m_form = nullptr;
    std::vector<std::function<void(const T &)>> m_refresh;
    std::vector<QGroupBox *> m_sections;
};

} // namespace archsim::gui
