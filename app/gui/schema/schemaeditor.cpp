#include "schemaeditor.h"

#include "document.h"
#include "erview.h"
#include "fieldtext.h"
#include "formbuilder.h"
#include "partitioneditor.h"
#include "schemamodels.h"
#include "vieweditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace archsim::gui {

using namespace archsim::model;

namespace {

// An editable combo box of choices; the model validates what is typed.
class ChoiceDelegate : public QStyledItemDelegate {
public:
    ChoiceDelegate(std::function<QStringList()> choices, bool editable, QObject *parent)
        : QStyledItemDelegate(parent), m_choices(std::move(choices)), m_editable(editable)
    {
    }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &) const override
    {
        auto *c = new QComboBox(parent);
        c->setEditable(m_editable);
        c->addItems(m_choices());
        return c;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        auto *c = static_cast<QComboBox *>(editor);
        const QString v = index.data(Qt::EditRole).toString();
        const int i = c->findText(v);
        if (i >= 0)
            c->setCurrentIndex(i);
        else if (m_editable)
            c->setEditText(v);
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentText(), Qt::EditRole);
    }

private:
    std::function<QStringList()> m_choices;
    bool m_editable;
};

QTableView *makeTable(QAbstractItemModel *m)
{
    auto *v = new QTableView;
    v->setModel(m);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                       | QAbstractItemView::AnyKeyPressed);
    v->verticalHeader()->hide();
    v->verticalHeader()->setDefaultSectionSize(24);
    v->horizontalHeader()->setStretchLastSection(true);
    v->setAlternatingRowColors(true);
    return v;
}

QToolButton *button(const QString &text, const QString &tip)
{
    auto *b = new QToolButton;
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

int selectedRow(QTableView *v)
{
    const QModelIndex i = v->currentIndex();
    return i.isValid() ? i.row() : -1;
}

} // namespace

SchemaEditor::SchemaEditor(Document *doc, QWidget *parent) : QWidget(parent), m_doc(doc)
{
    setObjectName(QStringLiteral("schemaEditor"));
    auto *split = new QSplitter(Qt::Horizontal);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(split);

    // Left: schema and table list.
    auto *left = new QWidget;
    auto *lv = new QVBoxLayout(left);
    lv->setContentsMargins(6, 6, 6, 6);
    auto *schemaRow = new QHBoxLayout;
    m_schemaBox = new QComboBox;
    m_schemaBox->setObjectName(QStringLiteral("schemaBox"));
    auto *addSchema = button(tr("+"), tr("Add a schema"));
    schemaRow->addWidget(m_schemaBox, 1);
    schemaRow->addWidget(addSchema);
    lv->addLayout(schemaRow);
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(tr("Filter tables"));
    m_filter->setClearButtonEnabled(true);
    lv->addWidget(m_filter);
    m_tables = new TableListModel(doc, this);
    m_tableProxy = new QSortFilterProxyModel(this);
    m_tableProxy->setSourceModel(m_tables);
    m_tableProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_tableList = new QListView;
    m_tableList->setObjectName(QStringLiteral("tableList"));
    m_tableList->setModel(m_tableProxy);
    m_tableList->setUniformItemSizes(true); // 5,000 tables scroll without measuring each
    lv->addWidget(m_tableList, 1);
    auto *tableButtons = new QHBoxLayout;
    auto *addTableBtn = new QPushButton(tr("Add Table"));
    addTableBtn->setObjectName(QStringLiteral("addTable"));
    auto *removeTableBtn = new QPushButton(tr("Remove"));
    tableButtons->addWidget(addTableBtn);
    tableButtons->addWidget(removeTableBtn);
    lv->addLayout(tableButtons);
    lv->addWidget(new QLabel(tr("Views")));
    m_viewList = new QListWidget;
    m_viewList->setObjectName(QStringLiteral("viewList"));
    m_viewList->setMaximumHeight(140);
    lv->addWidget(m_viewList);
    auto *viewButtons = new QHBoxLayout;
    auto *addViewBtn = new QPushButton(tr("Add View"));
    addViewBtn->setObjectName(QStringLiteral("addView"));
    auto *removeViewBtn = new QPushButton(tr("Remove"));
    removeViewBtn->setObjectName(QStringLiteral("removeView"));
    viewButtons->addWidget(addViewBtn);
    viewButtons->addWidget(removeViewBtn);
    lv->addLayout(viewButtons);
    split->addWidget(left);

    // Middle: the table's form.
    m_tablePane = new QWidget;
    auto *mv = new QVBoxLayout(m_tablePane);
    mv->setContentsMargins(8, 8, 8, 8);
    auto *props = new QGroupBox(tr("Table"));
    auto *pf = new QFormLayout(props);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("tableName"));
    m_comment = new QLineEdit;
    m_rowsPerMonth = new QLineEdit;
    m_rowsPerMonth->setObjectName(QStringLiteral("rowsPerMonth"));
    m_rowBytes = new QLineEdit;
    m_appendOnly = new QCheckBox(tr("Append-only (rows are never updated)"));
    pf->addRow(tr("Name"), m_name);
    pf->addRow(tr("Comment"), m_comment);
    pf->addRow(tr("Rows per month"), m_rowsPerMonth);
    pf->addRow(tr("Row size (bytes)"), m_rowBytes);
    pf->addRow(QString(), m_appendOnly);
    mv->addWidget(props);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("schemaError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d92d20;"));
    m_error->hide();
    mv->addWidget(m_error);

    auto *colBox = new QGroupBox(tr("Columns  (tick PK for the primary key, in column order)"));
    auto *cv = new QVBoxLayout(colBox);
    m_columns = new ColumnModel(doc, this);
    m_columnView = makeTable(m_columns);
    m_columnView->setObjectName(QStringLiteral("columnView"));
    m_columnView->setItemDelegateForColumn(
        ColumnModel::Type,
        new ChoiceDelegate(
            [] {
                return QStringList{"bigint", "int", "smallint", "decimal(12,2)", "real", "double",
                                   "bool", "varchar(255)", "char(3)", "text", "uuid", "ulid",
                                   "date", "timestamp", "timestamptz", "json", "bytes"};
            },
            true, this));
    m_columnView->setColumnWidth(ColumnModel::Name, 140);
    m_columnView->setColumnWidth(ColumnModel::Type, 120);
    for (int c : {ColumnModel::Nullable, ColumnModel::PrimaryKey, ColumnModel::Sensitive,
                  ColumnModel::Encrypted})
        m_columnView->setColumnWidth(c, c == ColumnModel::Nullable || c == ColumnModel::PrimaryKey
                                            ? 44
                                            : 76);
    m_columnView->setMinimumHeight(180);
    cv->addWidget(m_columnView);
    auto *colButtons = new QHBoxLayout;
    auto *addCol = button(tr("Add Column"), tr("Append a column"));
    addCol->setObjectName(QStringLiteral("addColumn"));
    auto *delCol = button(tr("Remove"), tr("Remove the selected column"));
    auto *upCol = button(tr("Move Up"), {});
    auto *downCol = button(tr("Move Down"), {});
    for (auto *b : {addCol, delCol, upCol, downCol})
        colButtons->addWidget(b);
    colButtons->addStretch(1);
    cv->addLayout(colButtons);
    mv->addWidget(colBox, 3);

    auto *ukBox = new QGroupBox(tr("Unique constraints"));
    auto *uv = new QVBoxLayout(ukBox);
    m_uniques = new UniqueModel(doc, this);
    m_uniqueView = makeTable(m_uniques);
    m_uniqueView->setObjectName(QStringLiteral("uniqueView"));
    m_uniqueView->setColumnWidth(UniqueModel::Name, 200);
    uv->addWidget(m_uniqueView);
    auto *ukButtons = new QHBoxLayout;
    auto *addUk = button(tr("Add Unique"), tr("Add a unique constraint; edit its columns"));
    addUk->setObjectName(QStringLiteral("addUnique"));
    auto *delUk = button(tr("Remove"), tr("Remove the selected unique constraint"));
    delUk->setObjectName(QStringLiteral("removeUnique"));
    ukButtons->addWidget(addUk);
    ukButtons->addWidget(delUk);
    ukButtons->addStretch(1);
    uv->addLayout(ukButtons);
    mv->addWidget(ukBox, 1);

    auto *ixBox = new QGroupBox(tr("Indexes"));
    auto *iv = new QVBoxLayout(ixBox);
    m_indexes = new IndexModel(doc, this);
    m_indexView = makeTable(m_indexes);
    m_indexView->setObjectName(QStringLiteral("indexView"));
    m_indexView->setColumnWidth(IndexModel::Name, 200);
    m_indexView->setColumnWidth(IndexModel::Columns, 240);
    iv->addWidget(m_indexView);
    auto *ixButtons = new QHBoxLayout;
    auto *addIx = button(tr("Add Index"), {});
    auto *delIx = button(tr("Remove"), {});
    ixButtons->addWidget(addIx);
    ixButtons->addWidget(delIx);
    ixButtons->addStretch(1);
    iv->addLayout(ixButtons);
    mv->addWidget(ixBox, 1);

    auto *fkBox = new QGroupBox(tr("Foreign keys"));
    auto *fv = new QVBoxLayout(fkBox);
    m_fks = new ForeignKeyModel(doc, this);
    m_fkView = makeTable(m_fks);
    m_fkView->setObjectName(QStringLiteral("fkView"));
    auto tableNames = [this] {
        QStringList l;
        if (const Schema *s = m_doc->schema(m_schema))
            for (const auto &t : s->tables)
                l << QString::fromStdString(t.name);
        return l;
    };
    m_fkView->setItemDelegateForColumn(ForeignKeyModel::References,
                                       new ChoiceDelegate(tableNames, false, this));
    auto actions = [] {
        QStringList l;
        for (const auto &n : enumNames<RefAction>())
            l << QString::fromStdString(n);
        return l;
    };
    m_fkView->setItemDelegateForColumn(ForeignKeyModel::OnDelete,
                                       new ChoiceDelegate(actions, false, this));
    m_fkView->setItemDelegateForColumn(ForeignKeyModel::OnUpdate,
                                       new ChoiceDelegate(actions, false, this));
    fv->addWidget(m_fkView);
    auto *fkButtons = new QHBoxLayout;
    auto *addFk = button(tr("Add Foreign Key"), {});
    auto *delFk = button(tr("Remove"), {});
    fkButtons->addWidget(addFk);
    fkButtons->addWidget(delFk);
    fkButtons->addStretch(1);
    fv->addLayout(fkButtons);
    mv->addWidget(fkBox, 1);

    m_partition = new PartitionEditor(doc);
    mv->addWidget(m_partition);

    // No header is cut ("Referenced columns", "Encrypted"): every column is at least as wide
    // as its title (issue #17); the last one stretches.
    for (QTableView *v : m_tablePane->findChildren<QTableView *>()) {
        QHeaderView *h = v->horizontalHeader();
        for (int c = 0; c + 1 < h->count(); ++c)
            h->resizeSection(c, std::max(h->sectionSize(c), h->sectionSizeHint(c)));
    }

    m_tableScroll = new QScrollArea;
    m_tableScroll->setWidget(m_tablePane);
    m_tableScroll->setWidgetResizable(true);
    m_tableScroll->setFrameShape(QFrame::NoFrame);
    // The middle shows the selected table's form or the selected view's.
    m_viewEditor = new ViewEditor(doc);
    // Scrolled like the table's form, so the view form's height never sets the window's
    // minimum (it squeezed the simulation dock's charts).
    m_viewScroll = new QScrollArea;
    m_viewScroll->setWidget(m_viewEditor);
    m_viewScroll->setWidgetResizable(true);
    m_viewScroll->setFrameShape(QFrame::NoFrame);
    m_middle = new QStackedWidget;
    m_middle->addWidget(m_tableScroll);
    m_middle->addWidget(m_viewScroll);
    split->addWidget(m_middle);

    m_er = new ErView(doc);
    split->addWidget(m_er);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 3);
    split->setSizes({200, 560, 640});

    // Wiring.
    connect(m_schemaBox, &QComboBox::activated, this, [this](int i) {
        showTable(m_schemaBox->itemData(i).toString(), {});
    });
    connect(addSchema, &QToolButton::clicked, this, [this] {
        bool ok = false;
        const QString id = QInputDialog::getText(this, tr("Add Schema"), tr("Schema id:"),
                                                 QLineEdit::Normal, QStringLiteral("app"), &ok);
        if (!ok)
            return;
        if (const QString e = idError(id); !e.isEmpty()) {
            showError(e);
            return;
        }
        showTable(QString::fromStdString(m_doc->addSchema(id.toStdString())), {});
    });
    connect(m_filter, &QLineEdit::textChanged, m_tableProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_tableList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &i) {
                if (!m_updating && i.isValid())
                    selectTable(i.data().toString().toStdString());
            });
    connect(addTableBtn, &QPushButton::clicked, this, &SchemaEditor::addTable);
    connect(addViewBtn, &QPushButton::clicked, this, &SchemaEditor::addView);
    connect(removeViewBtn, &QPushButton::clicked, this, &SchemaEditor::removeView);
    connect(m_viewList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_updating && row >= 0)
            showView(currentSchema(), m_viewList->item(row)->text());
    });
    connect(m_tableList, &QListView::clicked, this, [this](const QModelIndex &i) {
        if (i.isValid()) // back to the table form, even for the table already current
            selectTable(i.data().toString().toStdString());
    });
    connect(m_viewEditor, &ViewEditor::renamed, this, [this](const QString &n) {
        m_viewName = n.toStdString();
        refreshViews();
    });
    connect(removeTableBtn, &QPushButton::clicked, this, &SchemaEditor::removeTable);
    connect(addCol, &QToolButton::clicked, this, [this] {
        const int row = m_columns->addColumn();
        if (row >= 0) {
            m_columnView->setCurrentIndex(m_columns->index(row, ColumnModel::Name));
            m_columnView->edit(m_columns->index(row, ColumnModel::Name));
        }
    });
    connect(delCol, &QToolButton::clicked, this,
            [this] { m_columns->removeColumn(selectedRow(m_columnView)); });
    connect(upCol, &QToolButton::clicked, this, [this] {
        const int r = selectedRow(m_columnView);
        m_columns->moveColumn(r, -1);
        m_columnView->setCurrentIndex(m_columns->index(std::max(0, r - 1), 0));
    });
    connect(downCol, &QToolButton::clicked, this, [this] {
        const int r = selectedRow(m_columnView);
        m_columns->moveColumn(r, 1);
        m_columnView->setCurrentIndex(m_columns->index(r + 1, 0));
    });
    connect(addIx, &QToolButton::clicked, this, [this] { m_indexes->addIndex(); });
    connect(delIx, &QToolButton::clicked, this,
            [this] { m_indexes->removeIndex(selectedRow(m_indexView)); });
    connect(addUk, &QToolButton::clicked, this, [this] {
        const int row = m_uniques->addUnique();
        if (row >= 0) {
            const QModelIndex cols = m_uniques->index(row, UniqueModel::Columns);
            m_uniqueView->setCurrentIndex(cols);
            m_uniqueView->edit(cols);
        }
    });
    connect(delUk, &QToolButton::clicked, this,
            [this] { m_uniques->removeUnique(selectedRow(m_uniqueView)); });
    connect(addFk, &QToolButton::clicked, this, [this] { m_fks->addForeignKey(); });
    connect(delFk, &QToolButton::clicked, this,
            [this] { m_fks->removeForeignKey(selectedRow(m_fkView)); });
    for (TablePartModel *m : {static_cast<TablePartModel *>(m_columns),
                              static_cast<TablePartModel *>(m_indexes),
                              static_cast<TablePartModel *>(m_uniques),
                              static_cast<TablePartModel *>(m_fks)})
        connect(m, &TablePartModel::rejected, this, &SchemaEditor::showError);
    connect(m_er, &ErView::tableActivated, this,
            [this](const QString &t) { showTable(currentSchema(), t); });

    // Table properties.
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        const Table *cur = m_doc->table(m_schema, m_table);
        const QString n = m_name->text().trimmed();
        if (!cur || n.toStdString() == cur->name)
            return;
        if (n.isEmpty() || n.size() > 63) {
            showError(tr("A table name has 1 to 63 characters"));
            return;
        }
        if (m_doc->table(m_schema, n.toStdString())) {
            showError(tr("The schema already has a table \"%1\"").arg(n));
            return;
        }
        if (const Schema *s = m_doc->schema(m_schema))
            for (const View &v : s->views)
                if (v.name == n.toStdString()) {
                    showError(tr("The schema already has a view \"%1\"").arg(n));
                    return;
                }
        Table t = *cur;
        t.name = n.toStdString();
        const std::string old = cur->name;
        m_doc->editTable(m_schema, old, t, QStringLiteral("name"));
        m_table = t.name;
        refreshTable();
    });
    connect(m_comment, &QLineEdit::textEdited, this, [this](const QString &s) {
        if (const Table *cur = m_doc->table(m_schema, m_table)) {
            Table t = *cur;
            t.comment = s.toStdString();
            commitTable(t, QStringLiteral("comment"));
        }
    });
    auto numberField = [this](QLineEdit *e, const QString &field, bool integer,
                              std::function<void(Table &, double)> put) {
        connect(e, &QLineEdit::textEdited, this, [=, this](const QString &s) {
            QString err;
            const auto v = s.trimmed().isEmpty() ? std::optional<double>(0)
                                                 : parseNumber(s, 0, 1e15, integer, &err);
            if (!v) {
                showError(err);
                return;
            }
            if (const Table *cur = m_doc->table(m_schema, m_table)) {
                Table t = *cur;
                put(t, *v);
                commitTable(t, field);
            }
        });
    };
    numberField(m_rowsPerMonth, QStringLiteral("rows_per_month"), false,
                [](Table &t, double v) { t.rows_per_month = v; });
    numberField(m_rowBytes, QStringLiteral("row_bytes"), true,
                [](Table &t, double v) { t.row_bytes = int(v); });
    connect(m_appendOnly, &QCheckBox::clicked, this, [this](bool on) {
        if (const Table *cur = m_doc->table(m_schema, m_table)) {
            Table t = *cur;
            t.append_only = on;
            commitTable(t, QStringLiteral("append_only"));
        }
    });
    connect(m_partition, &PartitionEditor::message, this,
            [this](const QString &text, bool error) {
                if (error || text.isEmpty())
                    showError(text);
                else
                    showNote(text);
            });

    // Follow the document.
    connect(doc, &Document::modelReset, this, [this] {
        m_schema.clear();
        m_table.clear();
        schemasChanged();
    });
    connect(doc, &Document::schemaChanged, this, [this](const QString &id) {
        schemasChanged();
        if (id.toStdString() == m_schema) {
            if (!m_doc->table(m_schema, m_table))
                m_table.clear();
            m_updating = true;
            m_tables->refresh();
            m_updating = false;
            if (m_middle->currentWidget() == m_viewScroll && viewOf(m_viewName)) {
                refreshViews();
                m_er->showSchema(m_schema, m_table);
            } else {
                selectTable(m_table);
            }
        }
    });
    schemasChanged();
}

QString SchemaEditor::currentView() const
{
    return m_middle->currentWidget() == m_viewScroll ? QString::fromStdString(m_viewName)
                                                     : QString();
}

const View *SchemaEditor::viewOf(const std::string &name) const
{
    return findView(m_doc->schema(m_schema), name);
}

void SchemaEditor::refreshViews()
{
    m_updating = true;
    m_viewList->clear();
    int current = -1;
    if (const Schema *s = m_doc->schema(m_schema))
        for (const auto &v : s->views) {
            auto *item = new QListWidgetItem(QString::fromStdString(v.name), m_viewList);
            item->setToolTip(v.kind == ViewKind::Materialized ? tr("materialized view")
                                                              : tr("view"));
            QFont f = item->font();
            f.setItalic(true);
            item->setFont(f);
            if (v.name == m_viewName && m_middle->currentWidget() == m_viewScroll)
                current = m_viewList->count() - 1;
        }
    m_viewList->setCurrentRow(current);
    m_updating = false;
}

void SchemaEditor::showView(const QString &schemaId, const QString &view)
{
    if (schemaId.toStdString() != m_schema)
        showTable(schemaId, {});
    if (!viewOf(view.toStdString()))
        return;
    m_viewName = view.toStdString();
    m_middle->setCurrentWidget(m_viewScroll);
    m_viewEditor->showView(m_schema, m_viewName);
    refreshViews();
    // The table list marks no table while a view's form is shown.
    m_updating = true;
    m_tableList->setCurrentIndex({});
    m_tableList->clearSelection();
    m_updating = false;
    m_er->focusView(m_viewName);
    showError({});
}

QString SchemaEditor::addView()
{
    if (m_schema.empty() || !m_doc->schema(m_schema)) {
        showError(tr("Add a schema with a table first: a view reads tables"));
        return {};
    }
    Schema s = *m_doc->schema(m_schema);
    std::string name = "new_view";
    for (int n = 2; viewOf(name) || m_doc->table(m_schema, name); ++n)
        name = "new_view_" + std::to_string(n);
    View v;
    v.name = name;
    // A query that runs as it is: every row of the table on show (or of the first).
    const std::string from = !m_table.empty() ? m_table
                             : s.tables.empty() ? std::string()
                                                : s.tables.front().name;
    v.query = from.empty() ? "SELECT 1 AS one" : "SELECT * FROM " + from;
    if (!from.empty())
        v.reads = {from};
    s.views.push_back(v);
    m_doc->applyImport({s}, {}, tr("Add view %1").arg(QString::fromStdString(name)));
    showView(currentSchema(), QString::fromStdString(name));
    return QString::fromStdString(name);
}

void SchemaEditor::removeView()
{
    const View *v = viewOf(m_viewName);
    if (!v || m_middle->currentWidget() != m_viewScroll)
        return;
    Schema s = *m_doc->schema(m_schema);
    std::vector<std::string> readers;
    for (const auto &w : s.views)
        if (std::find(w.reads.begin(), w.reads.end(), m_viewName) != w.reads.end())
            readers.push_back(w.name);
    if (!readers.empty()) {
        m_viewEditor->showError(tr("View %1 is read by %2: remove that first")
                      .arg(QString::fromStdString(m_viewName),
                           QString::fromStdString(readers.front())));
        return;
    }
    std::erase_if(s.views, [&](const View &w) { return w.name == m_viewName; });
    const QString name = QString::fromStdString(m_viewName);
    m_viewName.clear();
    m_middle->setCurrentWidget(m_tableScroll);
    m_doc->applyImport({s}, {}, tr("Remove view %1").arg(name));
    selectTable(m_table);
}

void SchemaEditor::schemasChanged()
{
    const QSignalBlocker b(m_schemaBox);
    m_schemaBox->clear();
    for (const auto &s : m_doc->model().schemas)
        m_schemaBox->addItem(QStringLiteral("%1  (%2 tables)")
                                 .arg(QString::fromStdString(s.id))
                                 .arg(s.tables.size()),
                             QString::fromStdString(s.id));
    if (m_schema.empty() || !m_doc->schema(m_schema)) {
        m_schema = m_doc->model().schemas.empty() ? std::string()
                                                  : m_doc->model().schemas.front().id;
        m_tables->setSchema(m_schema);
        selectTable({});
    }
    m_schemaBox->setCurrentIndex(m_schemaBox->findData(QString::fromStdString(m_schema)));
}

void SchemaEditor::showTable(const QString &schemaId, const QString &table)
{
    if (schemaId.toStdString() != m_schema) {
        m_schema = schemaId.toStdString();
        m_tables->setSchema(m_schema);
        m_schemaBox->setCurrentIndex(m_schemaBox->findData(schemaId));
    }
    selectTable(table.toStdString());
}

bool SchemaEditor::focusPart(const QString &part, int row)
{
    QTableView *view = part == QLatin1String("foreign_keys") ? m_fkView
                       : part == QLatin1String("indexes")    ? m_indexView
                       : part == QLatin1String("unique")     ? m_uniqueView
                       : part == QLatin1String("columns")    ? m_columnView
                                                             : nullptr;
    if (!view || row < 0 || row >= view->model()->rowCount())
        return false;
    const QModelIndex index = view->model()->index(row, 0);
    view->setCurrentIndex(index);
    view->scrollTo(index);
    m_tableScroll->ensureWidgetVisible(view);
    view->setFocus(Qt::OtherFocusReason);
    return true;
}

void SchemaEditor::selectTable(const std::string &name)
{
    const Schema *s = m_doc->schema(m_schema);
    std::string t = name;
    if (s && (t.empty() || !m_doc->table(m_schema, t)) && !s->tables.empty())
        t = s->tables.front().name;
    const bool changed = t != m_table;
    m_table = t;
    // Keep the list's current row on the table.
    m_updating = true;
    if (s)
        for (size_t i = 0; i < s->tables.size(); ++i)
            if (s->tables[i].name == t) {
                const QModelIndex pi = m_tableProxy->mapFromSource(m_tables->index(int(i)));
                if (pi.isValid() && m_tableList->currentIndex() != pi)
                    m_tableList->setCurrentIndex(pi);
                break;
            }
    m_updating = false;
    m_middle->setCurrentWidget(m_tableScroll);
    refreshTable();
    refreshViews();
    if (changed)
        showError({});
}

void SchemaEditor::refreshTable()
{
    const Table *t = m_doc->table(m_schema, m_table);
    m_tablePane->setEnabled(t != nullptr);
    const QModelIndex curCol = m_columnView->currentIndex();
    m_columns->setTable(m_schema, m_table);
    m_indexes->setTable(m_schema, m_table);
    m_uniques->setTable(m_schema, m_table);
    m_fks->setTable(m_schema, m_table);
    m_partition->setTable(m_schema, m_table);
    if (curCol.isValid() && curCol.row() < m_columns->rowCount())
        m_columnView->setCurrentIndex(m_columns->index(curCol.row(), curCol.column()));
    m_er->showSchema(m_schema, m_table);
    if (!t)
        return;
    m_updating = true;
    if (!m_name->hasFocus())
        m_name->setText(QString::fromStdString(t->name));
    if (!m_comment->hasFocus())
        m_comment->setText(QString::fromStdString(t->comment));
    if (!m_rowsPerMonth->hasFocus())
        m_rowsPerMonth->setText(formatNumber(t->rows_per_month));
    if (!m_rowBytes->hasFocus())
        m_rowBytes->setText(QString::number(t->row_bytes));
    m_appendOnly->setChecked(t->append_only);
    m_updating = false;
}

void SchemaEditor::commitTable(const Table &t, const QString &field)
{
    showError({});
    m_doc->editTable(m_schema, m_table, t, field);
}

QString SchemaEditor::addTable()
{
    if (m_schema.empty()) {
        if (m_doc->model().schemas.empty())
            m_schema = m_doc->addSchema("app");
        else
            m_schema = m_doc->model().schemas.front().id;
        m_tables->setSchema(m_schema);
    }
    std::string name = "new_table";
    for (int n = 2; m_doc->table(m_schema, name); ++n)
        name = "new_table_" + std::to_string(n);
    Table t;
    t.name = name;
    Column id;
    id.name = "id";
    id.type = LogicalType::parse("bigint").value();
    id.nullable = false;
    id.identity = true;
    t.columns.push_back(id);
    t.primary_key = {"id"};
    m_doc->editTable(m_schema, name, t, QStringLiteral("+table"));
    selectTable(name);
    m_name->setFocus();
    m_name->selectAll();
    return QString::fromStdString(name);
}

void SchemaEditor::removeTable()
{
    if (m_table.empty())
        return;
    m_doc->editTable(m_schema, m_table, std::nullopt, QStringLiteral("+remove"));
}

void SchemaEditor::setPartitioning(const QString &method, const QString &column)
{
    m_partition->setPartitioning(method, column);
}

ListPartitionModel *SchemaEditor::listPartitions() const { return m_partition->lists(); }

QString SchemaEditor::lastError() const
{
    return m_error->isVisible() && !m_error->property("note").toBool() ? m_error->text()
                                                                        : QString();
}

void SchemaEditor::showError(const QString &e)
{
    m_error->setStyleSheet(QStringLiteral("color: #d92d20;"));
    m_error->setProperty("note", false);
    m_error->setText(e);
    m_error->setVisible(!e.isEmpty());
}

void SchemaEditor::showNote(const QString &note)
{
    m_error->setStyleSheet(QStringLiteral("color: palette(link);"));
    m_error->setProperty("note", true);
    m_error->setText(note);
    m_error->setVisible(!note.isEmpty());
}

void SchemaEditor::themeChanged()
{
    m_er->resetCachedContent();
    m_er->scene()->update();
}

} // namespace archsim::gui
