#pragma once

// The form of one view or materialized view of a schema (docs/model-format.md, "Views"): name,
// kind, comment, the query as written, the tables and views it reads, and for a materialized
// view its refresh and indexes. Every accepted edit is one undo step on the Document; an edit
// the form refuses (a taken name, a bad number or index line) leaves the model as it was and
// says why.

#include "archsim/model/types.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace archsim::gui {

class Document;

// Returns view `name` of `schema` (which may be null), or nullptr.
const model::View *findView(const model::Schema *schema, const std::string &name);

class ViewEditor : public QWidget {
    Q_OBJECT
public:
    explicit ViewEditor(Document *doc, QWidget *parent = nullptr);

    // Shows view `name` of schema `schemaId` (an empty name clears the form).
    void showView(const std::string &schemaId, const std::string &name);
    QString currentView() const { return QString::fromStdString(m_view); }
    // The last refused edit's reason ("" when the last edit was accepted).
    QString lastError() const;
    // Shows why an edit was refused ("" hides the message).
    void showError(const QString &e);

    // Parses the index lines of the form ("unique name (a, b desc)", one per line); on a bad
    // line returns false with its number and what is wrong in `error`.
    static bool parseIndexes(const QString &text, std::vector<model::Index> &out,
                             QString *error);
    // Returns the index lines the form shows for `indexes`.
    static QString indexText(const std::vector<model::Index> &indexes);

signals:
    // The shown view was renamed (by its name field).
    void renamed(const QString &name);

private:
    void refresh();
    void commit(const model::View &v, const QString &what);

    Document *m_doc;
    std::string m_schema;
    std::string m_view;
    bool m_updating = false;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QLineEdit *m_comment;
    QPlainTextEdit *m_query;
    QPushButton *m_applyQuery;
    QListWidget *m_reads;
    QGroupBox *m_refreshBox;
    QComboBox *m_refreshMode;
    QLineEdit *m_every;
    QLineEdit *m_cron;
    QCheckBox *m_concurrent;
    QPlainTextEdit *m_indexes;
    QPushButton *m_applyIndexes;
    QLabel *m_error;
};

} // namespace archsim::gui
