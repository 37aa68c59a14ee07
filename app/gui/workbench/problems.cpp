#include "problems.h"


#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>

namespace archsim::gui {

using namespace archsim::model;

void ProblemModel::setProblems(std::vector<Problem> problems)
{
    beginResetModel();
    m_problems = std::move(problems);
    endResetModel();
}

int ProblemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProblemModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Problem &p = m_problems[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SeverityCol:
            return p.severity == Problem::Severity::Error     ? tr("Error")
                   : p.severity == Problem::Severity::Warning ? tr("Warning")
                                                              : tr("Info");
        case TargetCol: return p.target;
        case MessageCol: return p.message;
        case FixCol: return p.fix; // in the dock, not only in the tooltip (issue #17)
        case RuleCol: return p.rule;
        }
    }
    if (role == Qt::DecorationRole && index.column() == SeverityCol) {
        const auto icon = p.severity == Problem::Severity::Error ? QStyle::SP_MessageBoxCritical
                          : p.severity == Problem::Severity::Warning
                              ? QStyle::SP_MessageBoxWarning
                              : QStyle::SP_MessageBoxInformation;
        return QApplication::style()->standardIcon(icon);
    }
    if (role == Qt::ToolTipRole) {
        QString t = p.message.toHtmlEscaped();
        if (!p.fix.isEmpty())
            t += tr("<br><b>Fix:</b> %1").arg(p.fix.toHtmlEscaped());
        if (!p.place.isEmpty())
            t += tr("<br><i>at %1</i>").arg(p.place);
        return t;
    }
    if (role == Qt::UserRole) // sort key: errors first
        return int(p.severity);
    return {};
}

QVariant ProblemModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityCol: return tr("Severity");
    case TargetCol: return tr("Target");
    case MessageCol: return tr("Problem");
    case FixCol: return tr("Fix");
    case RuleCol: return tr("Rule");
    }
    return {};
}

int ProblemModel::count(Problem::Severity s) const
{
    return int(std::count_if(m_problems.begin(), m_problems.end(),
                             [s](const Problem &p) { return p.severity == s; }));
}

ProblemsPanel::ProblemsPanel(Analyzer *analyzer, QWidget *parent)
    : QWidget(parent), m_analyzer(analyzer)
{
    setObjectName(QStringLiteral("problems"));
    m_model = new ProblemModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(Qt::UserRole);

    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(4, 4, 4, 4);
    v->setSpacing(4);
    auto *top = new QHBoxLayout;
    m_summary = new QLabel;
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(tr("Filter problems"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(260);
    top->addWidget(m_summary, 1);
    top->addWidget(m_filter);
    v->addLayout(top);
    m_table = new QTableView;
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ProblemModel::SeverityCol, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(ProblemModel::MessageCol,
                                                      QHeaderView::Stretch);
    m_table->setColumnWidth(ProblemModel::SeverityCol, 96);
    m_table->setColumnWidth(ProblemModel::TargetCol, 170);
    m_table->setColumnWidth(ProblemModel::FixCol, 380);
    m_table->setColumnWidth(ProblemModel::RuleCol, 150);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    v->addWidget(m_table, 1);
    v->addStretch(0); // keeps the summary at the top while the empty list is hidden

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    // Enter or a double click goes to the finding's field; moving through the list only
    // shows its target, so the arrow keys stay in the list.
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex &i) { activate(i, true); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &cur) {
                if (cur.isValid() && m_table->hasFocus())
                    activate(cur, false);
            });

    connect(analyzer, &Analyzer::problemsUpdated, this, &ProblemsPanel::update);
    m_summary->setText(tr("Checking…"));
}

bool ProblemsPanel::isRunning() const { return m_analyzer->isBusy(); }

void ProblemsPanel::update()
{
    // Most edits leave the findings as they were: keep the view (and its sorted proxy) then.
    if (m_model->problems() != m_analyzer->problems())
        m_model->setProblems(m_analyzer->problems());
    m_table->setVisible(!isEmpty()); // no empty grid: the summary line says it all
    const int errors = m_model->count(Problem::Severity::Error);
    const int warnings = m_model->count(Problem::Severity::Warning);
    m_summary->setText(errors + warnings == 0
                           ? tr("No problems found")
                           : tr("%1 errors, %2 warnings, %3 notes")
                                 .arg(errors)
                                 .arg(warnings)
                                 .arg(m_model->count(Problem::Severity::Info)));
    emit countsChanged(errors, warnings);
}

void ProblemsPanel::activate(const QModelIndex &proxyIndex, bool toField)
{
    const QModelIndex src = m_proxy->mapToSource(proxyIndex);
    if (!src.isValid())
        return;
    const Problem &p = m_model->problem(src.row());
    if (!p.target.isEmpty())
        emit targetActivated(p.targetKind, p.target, toField ? p.place : QString());
}

} // namespace archsim::gui
