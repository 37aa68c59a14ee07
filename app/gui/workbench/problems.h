#pragma once

// The problems dock: validation errors and lint findings of the current model, as the Analyzer
// recomputes them off the GUI thread after edits. Double-clicking a problem (or pressing Enter,
// or moving to it with the keyboard) selects and centres its target.

#include "analysis.h"

#include <QAbstractTableModel>
#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace archsim::gui {

class Analyzer;

class ProblemModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityCol, TargetCol, MessageCol, FixCol, RuleCol, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setProblems(std::vector<Problem> problems);
    const Problem &problem(int row) const { return m_problems[size_t(row)]; }
    const std::vector<Problem> &problems() const { return m_problems; }
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
    explicit ProblemsPanel(Analyzer *analyzer, QWidget *parent = nullptr);
    ProblemModel *problemModel() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Returns true while the analysis runs or waits to run.
    bool isRunning() const;
    // True when the model has no findings at all (the list is hidden, the summary says so).
    bool isEmpty() const { return m_model->rowCount() == 0; }

signals:
    // The user activated a problem: select and show its target; `place` (the problem's JSON
    // pointer, empty when only moving through the list) names the field to focus.
    void targetActivated(const QString &kind, const QString &target, const QString &place);
    // Problem counts changed (for the status bar and dock title).
    void countsChanged(int errors, int warnings);

private:
    void update();
    // Shows a problem's target; `toField` also focuses the field its place names.
    void activate(const QModelIndex &proxyIndex, bool toField);

    Analyzer *m_analyzer;
    ProblemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_summary;
};

} // namespace archsim::gui
