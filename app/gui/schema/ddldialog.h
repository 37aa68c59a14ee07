#pragma once

// The DDL export dialog: pick a dialect and a schema, preview the script (generated off the
// GUI thread), read the exporter's warnings about adaptations, copy it or save it.

#include "archsim/model/types.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace archsim::gui {

class DdlDialog : public QDialog {
    Q_OBJECT
public:
    // Takes a copy of the model: the preview does not change while the dialog is open.
    DdlDialog(const model::Model &model, const QString &baseName, QWidget *parent = nullptr);
    ~DdlDialog() override;
    // Selects a dialect by file name ("postgres", "mysql", "sqlite") and regenerates.
    void setDialect(const QString &name);
    // Returns the script shown (empty while generating or on error).
    QString script() const;
    // Returns the warnings or errors shown under the preview.
    QString messages() const;
    // Blocks until the preview is generated (tests).
    void waitForPreview();
    // Writes the script to `path`; returns false with `error` set on failure.
    bool saveTo(const QString &path, QString *error = nullptr);

private:
    struct Output {
        bool ok = false;
        QString text;
        QString messages;
    };
    void regenerate();

    model::Model m_model;
    QString m_baseName;
    QComboBox *m_dialect;
    QComboBox *m_schema;
    QCheckBox *m_roles;
    QPlainTextEdit *m_text;
    QLabel *m_messages;
    QPushButton *m_copy;
    QPushButton *m_save;
    QFutureWatcher<Output> m_watcher;
    bool m_pending = false;
};

} // namespace archsim::gui
