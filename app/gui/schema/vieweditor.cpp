#include "vieweditor.h"

#include "document.h"
#include "formbuilder.h"

#include "archsim/model/validate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>

namespace archsim::gui {

using namespace archsim::model;

const View *findView(const Schema *s, const std::string &name)
{
    if (!s)
        return nullptr;
    for (const auto &v : s->views)
        if (v.name == name)
            return &v;
    return nullptr;
}

namespace {

// True when view `name` reads `target`, directly or through other views of `s`.
bool readsThrough(const Schema &s, const std::string &name, const std::string &target,
                  int depth = 0)
{
    const View *v = findView(&s, name);
    if (!v || depth > 64)
        return false;
    for (const auto &r : v->reads)
        if (r == target || readsThrough(s, r, target, depth + 1))
            return true;
    return false;
}

} // namespace

ViewEditor::ViewEditor(Document *doc, QWidget *parent) : QWidget(parent), m_doc(doc)
{
    setObjectName(QStringLiteral("viewEditor"));
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(8, 8, 8, 8);
    auto *props = new QGroupBox(tr("View"));
    auto *pf = new QFormLayout(props);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("viewName"));
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("viewKind"));
    m_kind->addItem(tr("View (a stored query)"), int(ViewKind::View));
    m_kind->addItem(tr("Materialized view (stored rows, refreshed)"),
                    int(ViewKind::Materialized));
    m_comment = new QLineEdit;
    m_comment->setObjectName(QStringLiteral("viewComment"));
    pf->addRow(tr("Name"), m_name);
    pf->addRow(tr("Kind"), m_kind);
    pf->addRow(tr("Comment"), m_comment);
    v->addWidget(props);

    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("viewError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d92d20;"));
    m_error->hide();
    v->addWidget(m_error);

    auto *queryBox = new QGroupBox(tr("Query (as written; exported to every dialect)"));
    auto *qv = new QVBoxLayout(queryBox);
    m_query = new QPlainTextEdit;
    m_query->setObjectName(QStringLiteral("viewQuery"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_query->setFont(mono);
    m_query->setMinimumHeight(140);
    qv->addWidget(m_query);
    auto *qb = new QHBoxLayout;
    m_applyQuery = new QPushButton(tr("Apply Query"));
    m_applyQuery->setObjectName(QStringLiteral("applyQuery"));
    m_applyQuery->setToolTip(tr("Store the query (Ctrl+Return)"));
    m_applyQuery->setEnabled(false);
    qb->addStretch(1);
    qb->addWidget(m_applyQuery);
    qv->addLayout(qb);
    v->addWidget(queryBox, 2);

    auto *readsBox = new QGroupBox(tr("Reads (tables and views it depends on)"));
    auto *rv = new QVBoxLayout(readsBox);
    m_reads = new QListWidget;
    m_reads->setObjectName(QStringLiteral("viewReads"));
    m_reads->setMinimumHeight(90);
    rv->addWidget(m_reads);
    v->addWidget(readsBox, 1);

    m_refreshBox = new QGroupBox(tr("Refresh and indexes (materialized view)"));
    auto *rf = new QFormLayout(m_refreshBox);
    m_refreshMode = new QComboBox;
    m_refreshMode->setObjectName(QStringLiteral("refreshMode"));
    m_refreshMode->addItems({tr("By hand"), tr("Every N seconds"), tr("Cron schedule")});
    m_every = new QLineEdit;
    m_every->setObjectName(QStringLiteral("refreshEvery"));
    m_every->setPlaceholderText(tr("seconds, 1 to 2678400"));
    m_cron = new QLineEdit;
    m_cron->setObjectName(QStringLiteral("refreshCron"));
    m_cron->setPlaceholderText(QStringLiteral("*/5 * * * *"));
    m_concurrent = new QCheckBox(tr("Concurrently (readers go on; needs a unique index)"));
    m_concurrent->setObjectName(QStringLiteral("refreshConcurrent"));
    m_indexes = new QPlainTextEdit;
    m_indexes->setObjectName(QStringLiteral("viewIndexes"));
    m_indexes->setFont(mono);
    m_indexes->setPlaceholderText(tr("one per line: [unique] name (column [desc], ...)"));
    m_indexes->setMaximumHeight(90);
    m_applyIndexes = new QPushButton(tr("Apply Indexes"));
    m_applyIndexes->setObjectName(QStringLiteral("applyIndexes"));
    m_applyIndexes->setEnabled(false);
    rf->addRow(tr("Refresh"), m_refreshMode);
    rf->addRow(tr("Every (s)"), m_every);
    rf->addRow(tr("Cron"), m_cron);
    rf->addRow(QString(), m_concurrent);
    rf->addRow(tr("Indexes"), m_indexes);
    rf->addRow(QString(), m_applyIndexes);
    v->addWidget(m_refreshBox);
    v->addStretch(0);

    auto current = [this]() -> std::optional<View> {
        const View *cur = findView(m_doc->schema(m_schema), m_view);
        return cur ? std::optional<View>(*cur) : std::nullopt;
    };

    connect(m_name, &QLineEdit::editingFinished, this, [this, current] {
        auto cur = current();
        const QString n = m_name->text().trimmed();
        if (!cur || n.toStdString() == cur->name)
            return;
        if (n.isEmpty() || n.size() > 63) {
            showError(tr("A view name has 1 to 63 characters"));
            return;
        }
        const Schema *s = m_doc->schema(m_schema);
        if (m_doc->table(m_schema, n.toStdString()) || findView(s, n.toStdString())) {
            showError(tr("The schema already has a table or view \"%1\"").arg(n));
            return;
        }
        // The views that read it follow the new name, in the same undo step.
        Schema next = *s;
        for (auto &w : next.views) {
            for (auto &r : w.reads)
                if (r == cur->name)
                    r = n.toStdString();
            if (w.name == cur->name)
                w.name = n.toStdString();
        }
        showError({});
        // The form and the editor follow the new name before the model tells them it changed.
        const QString old = QString::fromStdString(m_view);
        m_view = n.toStdString();
        emit renamed(n);
        m_doc->applyImport({next}, {}, tr("Rename view %1 to %2").arg(old, n));
    });
    connect(m_kind, &QComboBox::activated, this, [this, current](int i) {
        auto cur = current();
        if (!cur)
            return;
        cur->kind = ViewKind(m_kind->itemData(i).toInt());
        if (cur->kind == ViewKind::View) { // a plain view has neither
            cur->refresh.reset();
            cur->indexes.clear();
        }
        commit(*cur, QStringLiteral("kind"));
    });
    connect(m_comment, &QLineEdit::textEdited, this, [this, current](const QString &t) {
        if (auto cur = current()) {
            cur->comment = t.toStdString();
            commit(*cur, QStringLiteral("comment"));
        }
    });
    connect(m_query, &QPlainTextEdit::textChanged, this, [this, current] {
        auto cur = current();
        m_applyQuery->setEnabled(cur && m_query->toPlainText().toStdString() != cur->query);
    });
    auto applyQuery = [this, current] {
        auto cur = current();
        if (!cur)
            return;
        const QString q = m_query->toPlainText();
        if (q.trimmed().isEmpty()) {
            showError(tr("A view needs its query (the SELECT it stores)"));
            return;
        }
        cur->query = q.toStdString();
        commit(*cur, QStringLiteral("query"));
        m_applyQuery->setEnabled(false);
    };
    connect(m_applyQuery, &QPushButton::clicked, this, applyQuery);
    auto *sc = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_query);
    sc->setContext(Qt::WidgetShortcut);
    connect(sc, &QShortcut::activated, this, applyQuery);
    connect(m_reads, &QListWidget::itemChanged, this, [this, current](QListWidgetItem *) {
        auto cur = current();
        if (!cur || m_updating)
            return;
        // The reads kept stay in their order; a new tick goes to the end.
        std::vector<std::string> ticked;
        for (int i = 0; i < m_reads->count(); ++i)
            if (m_reads->item(i)->checkState() == Qt::Checked)
                ticked.push_back(m_reads->item(i)->data(Qt::UserRole).toString().toStdString());
        std::erase_if(cur->reads, [&](const std::string &r) {
            return std::find(ticked.begin(), ticked.end(), r) == ticked.end();
        });
        for (const auto &t : ticked)
            if (std::find(cur->reads.begin(), cur->reads.end(), t) == cur->reads.end())
                cur->reads.push_back(t);
        commit(*cur, QStringLiteral("reads"));
    });
    connect(m_refreshMode, &QComboBox::activated, this, [this, current](int mode) {
        auto cur = current();
        if (!cur)
            return;
        if (mode == 0) {
            cur->refresh.reset();
        } else {
            ViewRefresh r = cur->refresh.value_or(ViewRefresh{});
            if (mode == 1) {
                r.cron.clear();
                r.every_s = r.every_s > 0 ? r.every_s : 60;
            } else {
                r.every_s = 0;
                r.cron = r.cron.empty() ? "*/5 * * * *" : r.cron;
            }
            cur->refresh = r;
        }
        commit(*cur, QStringLiteral("refresh"));
    });
    connect(m_every, &QLineEdit::textEdited, this, [this, current](const QString &t) {
        auto cur = current();
        if (!cur || !cur->refresh)
            return;
        QString err;
        const auto v = parseNumber(t, 1, 31.0 * 86400, false, &err);
        if (!v) {
            showError(err);
            return;
        }
        cur->refresh->every_s = *v;
        cur->refresh->cron.clear();
        commit(*cur, QStringLiteral("refresh/every_s"));
    });
    connect(m_cron, &QLineEdit::editingFinished, this, [this, current] {
        auto cur = current();
        const std::string c = m_cron->text().trimmed().toStdString();
        if (!cur || !cur->refresh || c == cur->refresh->cron)
            return;
        if (!isCronLine(c)) {
            showError(tr("\"%1\" is not a five-field cron line (minute hour day month weekday, "
                         "e.g. */5 * * * *)")
                          .arg(QString::fromStdString(c)));
            return;
        }
        cur->refresh->cron = c;
        cur->refresh->every_s = 0;
        commit(*cur, QStringLiteral("refresh/cron"));
    });
    connect(m_concurrent, &QCheckBox::clicked, this, [this, current](bool on) {
        auto cur = current();
        if (!cur || !cur->refresh)
            return;
        cur->refresh->concurrent = on;
        commit(*cur, QStringLiteral("refresh/concurrent"));
    });
    connect(m_indexes, &QPlainTextEdit::textChanged, this, [this, current] {
        auto cur = current();
        m_applyIndexes->setEnabled(cur && m_indexes->toPlainText() != indexText(cur->indexes));
    });
    connect(m_applyIndexes, &QPushButton::clicked, this, [this, current] {
        auto cur = current();
        if (!cur)
            return;
        std::vector<Index> ix;
        QString err;
        if (!parseIndexes(m_indexes->toPlainText(), ix, &err)) {
            showError(err);
            return;
        }
        cur->indexes = ix;
        commit(*cur, QStringLiteral("indexes"));
    });
    connect(m_doc, &Document::schemaChanged, this, [this](const QString &id) {
        if (id.toStdString() == m_schema)
            refresh();
    });
    connect(m_doc, &Document::modelReset, this, &ViewEditor::refresh);
    refresh();
}

QString ViewEditor::lastError() const { return m_error->isHidden() ? QString() : m_error->text(); }

void ViewEditor::showView(const std::string &schemaId, const std::string &name)
{
    m_schema = schemaId;
    m_view = name;
    showError({});
    refresh();
}

void ViewEditor::showError(const QString &e)
{
    m_error->setText(e);
    m_error->setVisible(!e.isEmpty());
}

void ViewEditor::commit(const View &v, const QString &what)
{
    const Schema *s = m_doc->schema(m_schema);
    if (!s)
        return;
    Schema next = *s;
    for (auto &w : next.views)
        if (w.name == m_view)
            w = v;
    if (next == *s)
        return;
    showError({});
    m_doc->applyImport({next}, {},
                       tr("Edit view %1 (%2)").arg(QString::fromStdString(m_view), what));
}

void ViewEditor::refresh()
{
    const Schema *s = m_doc->schema(m_schema);
    const View *v = findView(s, m_view);
    setEnabled(v != nullptr);
    m_updating = true;
    const bool mat = v && v->kind == ViewKind::Materialized;
    m_name->setText(v ? QString::fromStdString(v->name) : QString());
    m_kind->setCurrentIndex(mat ? 1 : 0);
    if (!m_comment->hasFocus())
        m_comment->setText(v ? QString::fromStdString(v->comment) : QString());
    const QString query = v ? QString::fromStdString(v->query) : QString();
    if (m_query->toPlainText() != query && !m_applyQuery->isEnabled())
        m_query->setPlainText(query);
    m_applyQuery->setEnabled(v && m_query->toPlainText() != query);
    // Every table, then every other view that does not read this one (no cycle on offer).
    m_reads->clear();
    if (v && s) {
        auto add = [&](const std::string &name, const QString &label) {
            auto *item = new QListWidgetItem(label, m_reads);
            item->setData(Qt::UserRole, QString::fromStdString(name));
            item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            const bool on = std::find(v->reads.begin(), v->reads.end(), name) != v->reads.end();
            item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        };
        for (const auto &t : s->tables)
            add(t.name, tr("table %1").arg(QString::fromStdString(t.name)));
        for (const auto &w : s->views)
            if (w.name != v->name && !readsThrough(*s, w.name, v->name))
                add(w.name, tr("view %1").arg(QString::fromStdString(w.name)));
    }
    m_refreshBox->setVisible(mat);
    const int mode = !v || !v->refresh ? 0 : v->refresh->cron.empty() ? 1 : 2;
    m_refreshMode->setCurrentIndex(mode);
    m_every->setEnabled(mode == 1);
    m_cron->setEnabled(mode == 2);
    m_concurrent->setEnabled(mode != 0);
    if (!m_every->hasFocus())
        m_every->setText(mode == 1 ? QString::number(v->refresh->every_s) : QString());
    if (!m_cron->hasFocus())
        m_cron->setText(mode == 2 ? QString::fromStdString(v->refresh->cron) : QString());
    m_concurrent->setChecked(mode != 0 && v->refresh->concurrent);
    const QString ix = v ? indexText(v->indexes) : QString();
    if (!m_applyIndexes->isEnabled() && m_indexes->toPlainText() != ix)
        m_indexes->setPlainText(ix);
    m_applyIndexes->setEnabled(v && m_indexes->toPlainText() != ix);
    m_updating = false;
}

QString ViewEditor::indexText(const std::vector<Index> &indexes)
{
    QStringList lines;
    for (const auto &ix : indexes) {
        QStringList cols;
        for (const auto &c : ix.columns)
            cols << QString::fromStdString(c.column) + (c.descending ? QStringLiteral(" desc")
                                                                      : QString());
        lines << (ix.unique ? QStringLiteral("unique ") : QString()) +
                     QString::fromStdString(ix.name) + QStringLiteral(" (") +
                     cols.join(QStringLiteral(", ")) + QStringLiteral(")");
    }
    return lines.join('\n');
}

bool ViewEditor::parseIndexes(const QString &text, std::vector<Index> &out, QString *error)
{
    static const QRegularExpression line(
        QStringLiteral("^\\s*(unique\\s+)?([A-Za-z_][A-Za-z0-9_$]*)\\s*\\(([^()]*)\\)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression column(
        QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_$]*)(\\s+(asc|desc))?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    out.clear();
    const QStringList lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].trimmed().isEmpty())
            continue;
        const auto m = line.match(lines[i]);
        auto fail = [&](const QString &why) {
            if (error)
                *error = QObject::tr("Index line %1: %2").arg(i + 1).arg(why);
            return false;
        };
        if (!m.hasMatch())
            return fail(QObject::tr("expected [unique] name (column [desc], ...)"));
        if (m.captured(1).isEmpty() &&
            m.captured(2).compare(QStringLiteral("unique"), Qt::CaseInsensitive) == 0)
            return fail(QObject::tr("the index needs a name: unique name (column, ...)"));
        Index ix;
        ix.unique = !m.captured(1).isEmpty();
        ix.name = m.captured(2).toStdString();
        for (const QString &c : m.captured(3).split(',')) {
            const auto cm = column.match(c);
            if (!cm.hasMatch())
                return fail(QObject::tr("\"%1\" is not a column name [asc|desc]").arg(c.trimmed()));
            ix.columns.push_back({cm.captured(1).toStdString(),
                                  cm.captured(3).compare(QStringLiteral("desc"),
                                                         Qt::CaseInsensitive) == 0});
        }
        out.push_back(ix);
    }
    return true;
}

} // namespace archsim::gui
