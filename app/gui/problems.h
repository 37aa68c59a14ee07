#pragma once

// The problems dock: validation errors and lint findings of the current model, recomputed off
// the GUI thread shortly after each edit (stale results are dropped). Double-clicking a
// problem (or pressing Enter) selects and centres its target.

#include "archsim/model/types.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace archsim::gui {

class Document;

// One finding about the model.
struct Problem {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Error;
    QString rule;       // "validate" or a lint rule id
    QString target;     // component id, link id or "schema.table"
    QString targetKind; // "component", "link", "table" or ""
    QString message;
    QString fix;        // how to fix it, when known
    QString place;      // JSON pointer
};

// Returns every problem of a model: validation, then the lint rules (when built in).
std::vector<Problem> analyzeModel(const model::Model &model);

class ProblemModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityCol, TargetCol, MessageCol, RuleCol, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setProblems(std::vector<Problem> problems);
    const Problem &problem(int row) const { return m_problems[size_t(row)]; }
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    int count(Problem::Severity s) const;

private:
    std::vector<Problem> m_problems;
};

class ProblemsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProblemsPanel(Document *doc, QWidget *parent = nullptr);
    ProblemModel *problemModel() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Re-runs the analysis now (normally debounced after edits).
    void runNow();
    // Returns true while an analysis runs in the background.
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    // The user activated a problem: select and show its target.
    void targetActivated(const QString &kind, const QString &target);
    // Problem counts changed (for the status bar and dock title).
    void countsChanged(int errors, int warnings);

private:
    void finished();
    void activate(const QModelIndex &proxyIndex);

    Document *m_doc;
    ProblemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_summary;
    QTimer m_debounce;
    QFutureWatcher<std::vector<Problem>> m_watcher;
    quint64 m_runningGeneration = 0;
    bool m_rerun = false;
};

} // namespace archsim::gui
