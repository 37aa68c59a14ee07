#include "partitioneditor.h"

#include "document.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "schemamodels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace archsim::gui {

using namespace archsim::model;

namespace {

QToolButton *button(const QString &text, const QString &tip, const QString &name = {})
{
    auto *b = new QToolButton;
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setObjectName(name);
    return b;
}

bool contains(const std::vector<std::string> &v, const std::string &s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

PartitionEditor::PartitionEditor(Document *doc, QWidget *parent)
    : QGroupBox(tr("Partitioning"), parent), m_doc(doc)
{
    setObjectName(QStringLiteral("partitionEditor"));
    auto *form = new QFormLayout(this);
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("partMethod"));
    m_method->addItems({tr("none"), QStringLiteral("range"), QStringLiteral("list"),
                        QStringLiteral("hash")});
    m_column = new QComboBox;
    m_column->setObjectName(QStringLiteral("partColumn"));
    m_interval = new QComboBox;
    m_interval->setObjectName(QStringLiteral("partInterval"));
    m_interval->addItems(enumList<PartitionInterval>());
    m_start = new QLineEdit;
    m_start->setObjectName(QStringLiteral("partStart"));
    m_start->setPlaceholderText(tr("2026-01 (month), 2026-01-01 (day), 2026 (year)"));
    m_count = new QLineEdit;
    m_count->setObjectName(QStringLiteral("partCount"));
    m_default = new QCheckBox(tr("Default partition for rows no partition takes"));
    m_default->setObjectName(QStringLiteral("partDefault"));

    // List partitions: one row per partition with the values it holds.
    m_listPane = new QWidget;
    auto *lv = new QVBoxLayout(m_listPane);
    lv->setContentsMargins(0, 0, 0, 0);
    m_lists = new ListPartitionModel(doc, this);
    m_listView = new QTableView;
    m_listView->setObjectName(QStringLiteral("partLists"));
    m_listView->setModel(m_lists);
    m_listView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_listView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_listView->setEditTriggers(QAbstractItemView::DoubleClicked
                                | QAbstractItemView::EditKeyPressed
                                | QAbstractItemView::AnyKeyPressed);
    m_listView->verticalHeader()->hide();
    m_listView->verticalHeader()->setDefaultSectionSize(24);
    m_listView->horizontalHeader()->setStretchLastSection(true);
    m_listView->setColumnWidth(ListPartitionModel::Name, 120);
    m_listView->setAlternatingRowColors(true);
    m_listView->setMinimumHeight(110);
    lv->addWidget(m_listView);
    auto *buttons = new QHBoxLayout;
    auto *add = button(tr("Add Partition"), tr("Append a list partition and type its values"),
                       QStringLiteral("addListPartition"));
    auto *del = button(tr("Remove"), tr("Remove the selected partition"),
                       QStringLiteral("removeListPartition"));
    auto *up = button(tr("Move Up"), {});
    auto *down = button(tr("Move Down"), {});
    for (auto *b : {add, del, up, down})
        buttons->addWidget(b);
    buttons->addStretch(1);
    lv->addLayout(buttons);

    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Column"), m_column);
    form->addRow(tr("Interval"), m_interval);
    form->addRow(tr("Start"), m_start);
    form->addRow(tr("Partitions"), m_count);
    form->addRow(tr("Lists"), m_listPane);
    form->addRow(QString(), m_default);

    for (QComboBox *c : {m_method, m_column, m_interval})
        connect(c, &QComboBox::activated, this, [this] { commit(); });
    for (QLineEdit *e : {m_start, m_count})
        connect(e, &QLineEdit::editingFinished, this, [this] { commit(); });
    connect(m_default, &QCheckBox::clicked, this, [this] { commit(); });
    auto current = [this] {
        const QModelIndex i = m_listView->currentIndex();
        return i.isValid() ? i.row() : -1;
    };
    connect(add, &QToolButton::clicked, this, [this] {
        const int row = m_lists->addPartition();
        if (row < 0)
            return;
        const QModelIndex values = m_lists->index(row, ListPartitionModel::Values);
        m_listView->setCurrentIndex(values);
        m_listView->edit(values);
    });
    connect(del, &QToolButton::clicked, this, [this, current] {
        m_lists->removePartition(current());
    });
    connect(up, &QToolButton::clicked, this, [this, current] {
        const int r = current();
        m_lists->movePartition(r, -1);
        m_listView->setCurrentIndex(m_lists->index(std::max(0, r - 1), 0));
    });
    connect(down, &QToolButton::clicked, this, [this, current] {
        const int r = current();
        m_lists->movePartition(r, 1);
        m_listView->setCurrentIndex(m_lists->index(std::min(m_lists->rowCount() - 1, r + 1), 0));
    });
    connect(m_lists, &TablePartModel::rejected, this,
            [this](const QString &e) { emit message(e, true); });
}

void PartitionEditor::setTable(const std::string &schemaId, const std::string &table)
{
    m_schema = schemaId;
    m_table = table;
    refresh();
}

void PartitionEditor::setPartitioning(const QString &method, const QString &column)
{
    const int i = method.isEmpty() ? 0 : m_method->findText(method);
    m_method->setCurrentIndex(std::max(0, i));
    m_column->setCurrentText(column);
    commit();
}

void PartitionEditor::refresh()
{
    const Table *t = m_doc->table(m_schema, m_table);
    const QModelIndex cur = m_listView->currentIndex();
    m_lists->setTable(m_schema, m_table);
    if (cur.isValid() && cur.row() < m_lists->rowCount())
        m_listView->setCurrentIndex(m_lists->index(cur.row(), cur.column()));
    if (!t)
        return;
    m_updating = true;
    m_column->clear();
    for (const auto &c : t->columns)
        m_column->addItem(QString::fromStdString(c.name));
    const auto &p = t->partitioning;
    m_method->setCurrentIndex(p ? int(p->method) + 1 : 0);
    if (p) {
        m_column->setCurrentText(QString::fromStdString(p->column));
        m_interval->setCurrentIndex(int(p->interval));
        m_start->setText(QString::fromStdString(p->start));
        m_count->setText(p->count ? QString::number(p->count) : QString());
        m_default->setChecked(p->default_partition);
    } else {
        m_interval->setCurrentIndex(int(PartitionInterval::Month));
        m_start->clear();
        m_count->clear();
        m_default->setChecked(false);
    }
    const bool range = p && p->method == PartitionMethod::Range;
    const bool list = p && p->method == PartitionMethod::List;
    m_column->setEnabled(p.has_value());
    m_default->setEnabled(p.has_value());
    m_interval->setEnabled(range);
    m_start->setEnabled(range);
    m_count->setEnabled(p && !list);
    m_listPane->setEnabled(list);
    m_updating = false;
}

void PartitionEditor::commit()
{
    if (m_updating)
        return;
    const Table *cur = m_doc->table(m_schema, m_table);
    if (!cur)
        return;
    Table t = *cur;
    const int method = m_method->currentIndex();
    if (method == 0) {
        t.partitioning.reset();
        emit message({}, false);
        m_doc->editTable(m_schema, m_table, t, QStringLiteral("partitioning"));
        return;
    }
    Partitioning p = t.partitioning.value_or(Partitioning{});
    p.method = PartitionMethod(method - 1);
    p.column = m_column->currentText().toStdString();
    const auto col = std::find_if(t.columns.begin(), t.columns.end(),
                                  [&](const Column &c) { return c.name == p.column; });
    if (col == t.columns.end()) {
        emit message(tr("Pick the partition column"), true);
        return;
    }
    if (p.method == PartitionMethod::Range) {
        if (!col->type.isTemporal() && !col->type.isInteger()) {
            emit message(tr("Range partitioning needs a date, time or integer column; %1 is %2")
                             .arg(QString::fromStdString(col->name),
                                  QString::fromStdString(col->type.toString())),
                         true);
            return;
        }
        p.interval = PartitionInterval(m_interval->currentIndex());
        const QString start = m_start->text().trimmed();
        static const QRegularExpression formats[] = {
            QRegularExpression(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$")),
            QRegularExpression(QStringLiteral("^\\d{4}-\\d{2}$")),
            QRegularExpression(QStringLiteral("^\\d{4}$"))};
        const char *examples[] = {"2026-01-01", "2026-01", "2026"};
        if (!start.isEmpty() && !formats[int(p.interval)].match(start).hasMatch()) {
            emit message(tr("Start for %1 partitions is written like %2")
                             .arg(toString(p.interval), examples[int(p.interval)]),
                         true);
            return;
        }
        // No start given: the current period, so a new table is partitioned from now on.
        const QDate today = QDate::currentDate();
        const QString now = p.interval == PartitionInterval::Day
                                ? today.toString(Qt::ISODate)
                            : p.interval == PartitionInterval::Month
                                ? today.toString(QStringLiteral("yyyy-MM"))
                                : today.toString(QStringLiteral("yyyy"));
        p.start = (start.isEmpty() ? now : start).toStdString();
    }
    if (p.method != PartitionMethod::List) {
        QString err;
        const QString n = m_count->text().trimmed();
        const auto count = n.isEmpty() ? std::optional<double>(
                                             p.method == PartitionMethod::Hash ? 4 : 12)
                                       : parseNumber(n, 1, 10000, true, &err);
        if (!count) {
            emit message(tr("Partitions: %1").arg(err), true);
            return;
        }
        p.count = int(*count);
    } else if (t.partitioning && t.partitioning->method == PartitionMethod::List
               && t.partitioning->column != p.column) {
        // Values of another column mean nothing for this one.
        p.lists.clear();
    }
    p.default_partition = m_default->isChecked();
    t.partitioning = p;
    // PostgreSQL and MySQL require the partition column in every unique key, the primary key
    // included: add it rather than leave a model that cannot be exported.
    QStringList added;
    if (!t.primary_key.empty() && !contains(t.primary_key, p.column)) {
        t.primary_key.push_back(p.column);
        added << tr("the primary key");
    }
    for (auto &u : t.unique)
        if (!contains(u.columns, p.column)) {
            u.columns.push_back(p.column);
            added << tr("unique constraint %1")
                         .arg(u.name.empty() ? joinList(u.columns)
                                             : QString::fromStdString(u.name));
        }
    if (!added.isEmpty())
        for (auto &c : t.columns)
            if (c.name == p.column)
                c.nullable = false;
    emit message({}, false);
    m_doc->editTable(m_schema, m_table, t, QStringLiteral("partitioning"));
    if (!added.isEmpty())
        emit message(tr("Added %1 to %2: a partitioned table's keys must include the "
                        "partition column.")
                         .arg(QString::fromStdString(p.column), added.join(tr(", "))),
                     false);
    if (p.method == PartitionMethod::List && p.lists.empty())
        emit message(tr("Add the partitions and the values each one holds below."), false);
}

} // namespace archsim::gui
