#pragma once

// Folder importer/ (target archsim_gui_importer): File > Import. A SQL script (dialect chosen
// or detected) or a live PostgreSQL, MySQL/MariaDB or SQLite database is imported on a worker
// thread (importjob.h) with progress and cancel; a review page shows what comes in, what does
// not and why, what is lossy (each with its place) and the clashes with the open model, with
// a merge-or-new choice per imported database; Apply is one undo step on the Document
// (importplan.h works out the changes). Passwords are never stored; the other connection
// fields are remembered in QSettings (group "import").

#include "importjob.h"
#include "importplan.h"

#include <QDialog>

#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace archsim::gui {

class Document;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    enum class Page { Source, Review };
    enum class SourceTab { SqlFile, Database };

    // Imports into `doc`; only apply() changes it.
    explicit ImportDialog(Document *doc, QWidget *parent = nullptr);
    ~ImportDialog() override;

    // Returns the page shown.
    Page page() const;
    // Shows the SQL file or the database tab.
    void setSourceTab(SourceTab tab);
    // Starts importing the source of the tab shown (the Import button).
    void startImport();
    // Starts a connection test of the database tab (reads the catalog, keeps nothing).
    void testConnection();
    // Stops waiting for the running import or test; nothing is applied.
    void cancelImport();
    // Sets the target of imported database `index` on the review page (empty: a new one).
    void setMergeTarget(size_t index, const std::string &componentId);
    // Puts the reviewed import into the document as one undo step and closes the dialog.
    void apply();

signals:
    // The import was applied; `componentIds` are the database components it added or changed.
    void applied(const QStringList &componentIds);

public:
    // Returns the running import (tests wait on it).
    ImportJob *job() { return m_job; }
    // Returns the errors listed on the source page, one per line, each with its place.
    QStringList errors() const;
    // Returns the status line (progress, cancelled, the connection test's outcome).
    QString status() const;
    // Returns the review's rows as "section | place | object | detail".
    QStringList reviewRows() const;
    // Returns what applying imported database `index` does with its current target.
    QString targetEffect(size_t index) const;
    // Returns the database URL the database tab describes (with the password; never stored).
    std::string databaseUrl() const;

private:
    enum class Mode { Import, Test };
    QWidget *createSqlTab();
    QWidget *createDatabaseTab();
    QWidget *createReviewPage();
    void start(Mode mode);
    void setBusy(bool busy);
    void finished(const ImportOutcome &outcome);
    void showReview();
    void updateEngineFields();
    void updateTargetEffects();
    ImportChanges plannedChanges() const;
    void loadSettings();
    void saveSettings() const;
    void showErrors(const model::Diagnostics &errors);

    Document *m_doc;
    ImportJob *m_job;
    Mode m_mode = Mode::Import;
    ImportOutcome m_outcome;
    QString m_sourceName;

    QStackedWidget *m_pages;
    QTabWidget *m_tabs;
    QLineEdit *m_sqlPath;
    QComboBox *m_dialect;
    QLineEdit *m_devUrl;
    QComboBox *m_engine;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_schemas;
    QPushButton *m_test;
    QPushButton *m_import;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    QListWidget *m_errors;

    QLabel *m_summary;
    QWidget *m_targets;
    std::vector<QComboBox *> m_targetBoxes;
    std::vector<QLabel *> m_targetLabels;
    QTreeWidget *m_review;
    QTreeWidgetItem *m_after = nullptr; // the review's "After applying" section
    QPushButton *m_apply;
};

} // namespace archsim::gui
