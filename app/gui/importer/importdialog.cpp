// File > Import: the source page (SQL file or database connection), the worker's progress and
// cancel, and the review page with the merge-or-new choice and Apply.

#include "importdialog.h"

#include "document.h"
#include "importplan.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace archsim::gui {

namespace {

// The dialect combo's rows: detect, then the engines.
constexpr int kDetect = 0;

struct EngineRow {
    model::DbEngine engine;
    const char *label;
    int port;
};
const EngineRow kEngines[] = {
    {model::DbEngine::Postgres, "PostgreSQL", 5432},
    {model::DbEngine::Mysql, "MySQL / MariaDB", 3306},
    {model::DbEngine::Sqlite, "SQLite", 0},
};

QString q(const std::string &s) { return QString::fromStdString(s); }

QString engineLabel(model::DbEngine e)
{
    for (const auto &r : kEngines)
        if (r.engine == e)
            return QString::fromLatin1(r.label);
    return {};
}

QTreeWidgetItem *addRow(QTreeWidgetItem *parent, const QString &place, const QString &object,
                        const QString &detail)
{
    auto *item = new QTreeWidgetItem(parent, {place, object, detail});
    // Long objects and reasons are cut by the columns: the tooltip has them whole.
    item->setToolTip(0, place);
    item->setToolTip(1, object);
    item->setToolTip(2, detail);
    return item;
}

} // namespace

ImportDialog::ImportDialog(Document *doc, QWidget *parent)
    : QDialog(parent), m_doc(doc), m_job(new ImportJob(this))
{
    setWindowTitle(tr("Import"));
    setObjectName(QStringLiteral("importDialog"));
    m_pages = new QStackedWidget(this);

    auto *source = new QWidget;
    auto *sl = new QVBoxLayout(source);
    auto *intro = new QLabel(
        tr("Bring an existing database into the model: a SQL DDL script or a live database. "
           "Nothing changes until you review the import and apply it."));
    intro->setWordWrap(true);
    sl->addWidget(intro);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("sourceTabs"));
    m_tabs->addTab(createSqlTab(), tr("SQL file"));
    m_tabs->addTab(createDatabaseTab(), tr("Database connection"));
    sl->addWidget(m_tabs);
    auto *progressRow = new QHBoxLayout;
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setVisible(false);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progressRow->addWidget(m_progress, 1);
    sl->addLayout(progressRow);
    sl->addWidget(m_status);
    m_errors = new QListWidget;
    m_errors->setObjectName(QStringLiteral("errors"));
    m_errors->setVisible(false);
    m_errors->setWordWrap(true);
    sl->addWidget(m_errors, 1);
    sl->addStretch();
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_import = new QPushButton(tr("&Import…"));
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setDefault(true);
    m_cancel = new QPushButton(tr("&Stop"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    m_cancel->setAutoDefault(false);
    auto *close = new QPushButton(tr("Close"));
    close->setAutoDefault(false);
    buttons->addWidget(m_import);
    buttons->addWidget(m_cancel);
    buttons->addWidget(close);
    sl->addLayout(buttons);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_cancel, &QPushButton::clicked, this, &ImportDialog::cancelImport);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);

    m_pages->addWidget(source);
    m_pages->addWidget(createReviewPage());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);

    connect(m_job, &ImportJob::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total > 0 ? total : 0);
        m_progress->setValue(done);
        m_status->setText(total > 0 ? tr("Read %1 of %2 statements…").arg(done).arg(total)
                                    : tr("Reading…"));
    });
    connect(m_job, &ImportJob::finished, this, &ImportDialog::finished);
    loadSettings();
    updateEngineFields();
    resize(1100, 720);
}

ImportDialog::~ImportDialog() = default;

QWidget *ImportDialog::createSqlTab()
{
    auto *w = new QWidget;
    auto *form = new QFormLayout(w);
    m_sqlPath = new QLineEdit;
    m_sqlPath->setObjectName(QStringLiteral("sqlPath"));
    m_sqlPath->setPlaceholderText(tr("schema.sql, pg_dump --schema-only or mysqldump output"));
    auto *browse = new QPushButton(tr("&Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Import SQL File"), QFileInfo(m_sqlPath->text()).path(),
            tr("SQL scripts (*.sql *.ddl *.txt);;All files (*)"));
        if (!path.isEmpty())
            m_sqlPath->setText(path);
    });
    browse->setAutoDefault(false); // Enter in the file field imports, it does not browse
    auto *row = new QHBoxLayout;
    row->addWidget(m_sqlPath, 1);
    row->addWidget(browse);
    auto *fileLabel = new QLabel(tr("&File:"));
    fileLabel->setBuddy(m_sqlPath);
    form->addRow(fileLabel, row);
    m_dialect = new QComboBox;
    m_dialect->setObjectName(QStringLiteral("dialect"));
    m_dialect->addItem(tr("Detect from the script"));
    for (const auto &r : kEngines)
        m_dialect->addItem(QString::fromLatin1(r.label), int(r.engine));
    form->addRow(tr("&Dialect:"), m_dialect);
    m_devUrl = new QLineEdit;
    m_devUrl->setObjectName(QStringLiteral("devUrl"));
    m_devUrl->setPlaceholderText(QStringLiteral("mysql://user@127.0.0.1:3306"));
    m_devUrl->setToolTip(
        tr("MySQL/MariaDB scripts are loaded into a scratch database on this server, read and "
           "dropped (as Atlas's dev database). Not needed for PostgreSQL or SQLite."));
    form->addRow(tr("MySQL &server for scripts:"), m_devUrl);
    auto *note = new QLabel(
        tr("PostgreSQL scripts are read by PostgreSQL's own parser and SQLite scripts by "
           "SQLite, without a server. MySQL/MariaDB scripts need the server above."));
    note->setWordWrap(true);
    form->addRow(note);
    return w;
}

QWidget *ImportDialog::createDatabaseTab()
{
    auto *w = new QWidget;
    auto *form = new QFormLayout(w);
    m_engine = new QComboBox;
    m_engine->setObjectName(QStringLiteral("engine"));
    for (const auto &r : kEngines)
        m_engine->addItem(QString::fromLatin1(r.label), int(r.engine));
    form->addRow(tr("&Engine:"), m_engine);
    m_host = new QLineEdit(QStringLiteral("127.0.0.1"));
    m_host->setObjectName(QStringLiteral("host"));
    form->addRow(tr("&Host:"), m_host);
    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(5432);
    form->addRow(tr("&Port:"), m_port);
    m_database = new QLineEdit;
    m_database->setObjectName(QStringLiteral("database"));
    form->addRow(tr("&Database:"), m_database);
    m_user = new QLineEdit;
    m_user->setObjectName(QStringLiteral("user"));
    form->addRow(tr("&User:"), m_user);
    m_password = new QLineEdit;
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("never stored"));
    form->addRow(tr("Pass&word:"), m_password);
    m_schemas = new QLineEdit;
    m_schemas->setObjectName(QStringLiteral("schemas"));
    m_schemas->setPlaceholderText(tr("all schemas; or names separated by commas"));
    form->addRow(tr("&Schemas:"), m_schemas);
    m_test = new QPushButton(tr("&Test Connection"));
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_test->setAutoDefault(false);
    auto *row = new QHBoxLayout;
    row->addWidget(m_test);
    row->addStretch();
    form->addRow(row);
    auto *note = new QLabel(
        tr("The catalog is read in one read-only transaction. The password is used for this "
           "connection only: it is not saved in the settings or the model."));
    note->setWordWrap(true);
    form->addRow(note);
    connect(m_test, &QPushButton::clicked, this, &ImportDialog::testConnection);
    connect(m_engine, &QComboBox::currentIndexChanged, this, [this] {
        const int port = kEngines[std::max(0, m_engine->currentIndex())].port;
        if (port)
            m_port->setValue(port);
        updateEngineFields();
    });
    return w;
}

QWidget *ImportDialog::createReviewPage()
{
    auto *w = new QWidget;
    auto *l = new QVBoxLayout(w);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    QFont f = m_summary->font();
    f.setBold(true);
    m_summary->setFont(f);
    l->addWidget(m_summary);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMaximumHeight(220);
    m_targets = new QWidget;
    m_targets->setObjectName(QStringLiteral("targets"));
    new QGridLayout(m_targets);
    scroll->setWidget(m_targets);
    l->addWidget(scroll);
    m_review = new QTreeWidget;
    m_review->setObjectName(QStringLiteral("review"));
    m_review->setColumnCount(3);
    m_review->setHeaderLabels({tr("Place"), tr("Object"), tr("What happens")});
    m_review->setRootIsDecorated(true);
    m_review->setWordWrap(true);
    m_review->header()->setStretchLastSection(true);
    l->addWidget(m_review, 1);
    auto *buttons = new QHBoxLayout;
    auto *back = new QPushButton(tr("&Back"));
    back->setObjectName(QStringLiteral("back"));
    back->setAutoDefault(false);
    m_apply = new QPushButton(tr("&Apply Import"));
    m_apply->setObjectName(QStringLiteral("apply"));
    auto *close = new QPushButton(tr("Close"));
    close->setAutoDefault(false);
    buttons->addWidget(back);
    buttons->addStretch();
    buttons->addWidget(m_apply);
    buttons->addWidget(close);
    l->addLayout(buttons);
    connect(back, &QPushButton::clicked, this, [this] {
        m_pages->setCurrentIndex(0);
        m_import->setDefault(true);
    });
    connect(m_apply, &QPushButton::clicked, this, &ImportDialog::apply);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    return w;
}

ImportDialog::Page ImportDialog::page() const
{
    return m_pages->currentIndex() == 0 ? Page::Source : Page::Review;
}

void ImportDialog::setSourceTab(SourceTab tab) { m_tabs->setCurrentIndex(int(tab)); }

void ImportDialog::updateEngineFields()
{
    const bool sqlite = m_engine->currentData().toInt() == int(model::DbEngine::Sqlite);
    for (QWidget *w : std::initializer_list<QWidget *>{m_host, m_port, m_user, m_password,
                                                       m_schemas})
        w->setEnabled(!sqlite);
    m_database->setPlaceholderText(sqlite ? tr("path of the SQLite file")
                                          : tr("name of the database"));
}

std::string ImportDialog::databaseUrl() const
{
    const auto engine = model::DbEngine(m_engine->currentData().toInt());
    if (engine == model::DbEngine::Sqlite)
        return m_database->text().trimmed().toStdString();
    auto enc = [](const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); };
    QString url = engine == model::DbEngine::Postgres ? QStringLiteral("postgresql://")
                                                      : QStringLiteral("mysql://");
    if (!m_user->text().isEmpty() || !m_password->text().isEmpty()) {
        url += enc(m_user->text().trimmed());
        if (!m_password->text().isEmpty())
            url += QLatin1Char(':') + enc(m_password->text());
        url += QLatin1Char('@');
    }
    const QString host = m_host->text().trimmed();
    url += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    url += QLatin1Char(':') + QString::number(m_port->value()) + QLatin1Char('/') +
           enc(m_database->text().trimmed());
    return url.toStdString();
}

void ImportDialog::startImport() { start(Mode::Import); }

void ImportDialog::testConnection()
{
    setSourceTab(SourceTab::Database);
    start(Mode::Test);
}

void ImportDialog::start(Mode mode)
{
    if (m_job->isRunning())
        return;
    ImportRequest r;
    const bool file = mode == Mode::Import && m_tabs->currentIndex() == int(SourceTab::SqlFile);
    m_errors->clear();
    m_errors->setVisible(false);
    if (file) {
        r.source = ImportRequest::Source::SqlFile;
        r.path = m_sqlPath->text().trimmed();
        if (r.path.isEmpty()) {
            m_status->setText(tr("Choose the SQL file to import."));
            return;
        }
        r.detectDialect = m_dialect->currentIndex() == kDetect;
        r.dialect = model::DbEngine(m_dialect->currentData().toInt());
        r.devUrl = m_devUrl->text().trimmed().toStdString();
        m_sourceName = QFileInfo(r.path).fileName();
    } else {
        r.source = ImportRequest::Source::Database;
        if (m_database->text().trimmed().isEmpty()) {
            m_status->setText(tr("Name the database to import."));
            return;
        }
        r.url = databaseUrl();
        for (const QString &s : m_schemas->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!s.trimmed().isEmpty())
                r.schemas << s.trimmed();
        m_sourceName = q(importers::redactUrl(r.url));
    }
    saveSettings();
    m_mode = mode;
    m_job->start(r);
    setBusy(true);
    m_status->setText(mode == Mode::Test ? tr("Connecting to %1…").arg(m_sourceName)
                                         : tr("Importing %1…").arg(m_sourceName));
}

void ImportDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_progress->setRange(0, 0);
    m_import->setEnabled(!busy);
    m_test->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_tabs->setEnabled(!busy);
}

void ImportDialog::cancelImport()
{
    if (!m_job->isRunning())
        return;
    m_job->cancel();
    setBusy(false);
    m_status->setText(m_mode == Mode::Test ? tr("Connection test stopped.")
                                           : tr("Import stopped: nothing was imported."));
}

void ImportDialog::showErrors(const model::Diagnostics &errors)
{
    m_errors->clear();
    for (const auto &d : errors)
        m_errors->addItem(q(d.format()));
    m_errors->setVisible(!errors.empty());
}

void ImportDialog::finished(const ImportOutcome &outcome)
{
    setBusy(false);
    if (!outcome.ok) {
        showErrors(outcome.errors);
        m_status->setText(m_mode == Mode::Test
                              ? tr("Connection test failed.")
                              : tr("Import failed: nothing was imported (%1 below).")
                                    .arg(counted(qsizetype(outcome.errors.size()), "error",
                                                 "errors")));
        return;
    }
    if (m_mode == Mode::Test) {
        int tables = 0;
        for (const auto &s : outcome.result.schemas)
            tables += int(s.tables.size());
        QString text = tr("Connected to %1: %2, %3.")
                           .arg(m_sourceName,
                                counted(qsizetype(outcome.result.schemas.size()), "schema",
                                        "schemas"),
                                counted(tables, "table", "tables"));
        if (!outcome.unmatchedSchemas.isEmpty())
            text += QLatin1Char(' ') +
                    tr("No schema named %1.").arg(outcome.unmatchedSchemas.join(
                        QStringLiteral(", ")));
        m_status->setText(text);
        return;
    }
    m_outcome = outcome;
    m_status->clear();
    showReview();
}

void ImportDialog::showReview()
{
    const auto &r = m_outcome.result;
    int tables = 0;
    for (const auto &s : r.schemas)
        tables += int(s.tables.size());
    QString summary =
        tr("%1: %2 with %3 to import; %4 not imported; %5.")
            .arg(m_sourceName,
                 counted(qsizetype(r.databases.size()), "database", "databases"),
                 counted(tables, "table", "tables"),
                 counted(qsizetype(r.notImported.size()), "object", "objects"),
                 counted(qsizetype(r.lossy.size()), "lossy mapping", "lossy mappings"));
    if (!m_outcome.unmatchedSchemas.isEmpty())
        summary += QLatin1Char(' ') + tr("No schema named %1.")
                                          .arg(m_outcome.unmatchedSchemas.join(
                                              QStringLiteral(", ")));
    if (r.databases.empty())
        summary += QLatin1Char(' ') + tr("Nothing to apply.");
    m_summary->setText(summary);

    // One row per imported database: its target (merge or new) and what that does.
    auto *grid = static_cast<QGridLayout *>(m_targets->layout());
    while (QLayoutItem *item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_targetBoxes.clear();
    m_targetLabels.clear();
    const auto &model = m_doc->model();
    const auto candidates = mergeCandidates(model);
    for (size_t i = 0; i < r.databases.size(); ++i) {
        const auto &db = r.databases[i];
        QString schemaName = q(db.schema);
        size_t count = 0;
        for (const auto &s : r.schemas)
            if (s.id == db.schema) {
                schemaName = s.name.empty() ? q(s.id) : q(s.name);
                count = s.tables.size();
            }
        auto *what = new QLabel(tr("<b>%1</b> (%2, %3)")
                                    .arg(schemaName.toHtmlEscaped(), engineLabel(db.engine),
                                         counted(qsizetype(count), "table", "tables")));
        auto *box = new QComboBox;
        box->setObjectName(QStringLiteral("target%1").arg(i));
        box->addItem(tr("New database component"), QString());
        for (const auto &c : candidates)
            box->addItem(tr("Merge into %1").arg(q(c)), q(c));
        const int def = box->findData(q(defaultMergeTarget(model, r, i)));
        box->setCurrentIndex(std::max(0, def));
        auto *effect = new QLabel;
        effect->setObjectName(QStringLiteral("targetEffect%1").arg(i));
        effect->setWordWrap(true);
        const int row = int(i);
        grid->addWidget(what, row, 0);
        grid->addWidget(box, row, 1);
        grid->addWidget(effect, row, 2);
        grid->setColumnStretch(2, 1);
        m_targetBoxes.push_back(box);
        m_targetLabels.push_back(effect);
        connect(box, &QComboBox::currentIndexChanged, this, &ImportDialog::updateTargetEffects);
    }

    m_review->clear();
    m_after = nullptr;
    auto *in = new QTreeWidgetItem(m_review, {tr("To import"),
                                              counted(tables, "table", "tables")});
    for (const auto &s : r.schemas) {
        auto *si = addRow(in, {}, tr("schema %1").arg(s.name.empty() ? q(s.id) : q(s.name)),
                          counted(qsizetype(s.tables.size()), "table", "tables"));
        for (const auto &t : s.tables)
            addRow(si, {}, tr("table %1").arg(q(t.name)),
                   counted(qsizetype(t.columns.size()), "column", "columns") +
                       (t.rows ? tr(", about %L1 rows").arg(t.rows) : QString()));
        if (!s.views.empty()) {
            si->setText(2, si->text(2) + ", " +
                               counted(qsizetype(s.views.size()), "view", "views"));
            si->setToolTip(2, si->text(2));
        }
        for (const auto &v : s.views) {
            QStringList reads;
            for (const auto &name : v.reads)
                reads << q(name);
            addRow(si, {},
                   (v.kind == model::ViewKind::Materialized ? tr("materialized view %1")
                                                             : tr("view %1"))
                       .arg(q(v.name)),
                   reads.isEmpty() ? tr("reads no table") : tr("reads %1").arg(reads.join(", ")));
        }
        si->setExpanded(r.schemas.size() == 1 && s.tables.size() + s.views.size() <= 40);
    }
    in->setExpanded(true);
    auto *out = new QTreeWidgetItem(
        m_review, {tr("Not imported"),
                   counted(qsizetype(r.notImported.size()), "object", "objects")});
    for (const auto &n : r.notImported)
        addRow(out, q(n.place), q(n.object), q(n.reason));
    out->setExpanded(true);
    auto *lossy = new QTreeWidgetItem(
        m_review, {tr("Lossy"), counted(qsizetype(r.lossy.size()), "mapping", "mappings")});
    for (const auto &n : r.lossy)
        addRow(lossy, q(n.place), tr("%1 (%2)").arg(q(n.object), q(n.original)), q(n.note));
    lossy->setExpanded(true);
    m_after = new QTreeWidgetItem(m_review, {tr("After applying")});
    updateTargetEffects(); // fills m_after
    m_after->setExpanded(true);
    for (auto *top : {in, out, lossy, m_after}) {
        QFont f = top->font(0);
        f.setBold(true);
        top->setFont(0, f);
    }
    m_review->resizeColumnToContents(0);
    m_review->setColumnWidth(0, std::min(m_review->columnWidth(0), 260));
    m_review->setColumnWidth(1, 440);
    m_apply->setEnabled(!r.databases.empty());
    m_apply->setDefault(true);
    m_pages->setCurrentIndex(1);
}

void ImportDialog::updateTargetEffects()
{
    for (size_t i = 0; i < m_targetBoxes.size(); ++i)
        m_targetLabels[i]->setText(targetEffect(i));
    if (!m_after)
        return;
    // What the model's validation would newly say: a replaced table whose columns another
    // table's foreign key names, say.
    qDeleteAll(m_after->takeChildren());
    const QStringList problems = newProblems(m_doc->model(), plannedChanges());
    m_after->setText(1, problems.isEmpty() ? tr("no new problems")
                                           : counted(problems.size(), "new problem",
                                                     "new problems"));
    for (const QString &p : problems) {
        // "pointer: error: table 't': what": severity, table, what (the pointer, into a model
        // that does not exist yet, only in the tooltip).
        const QString rest = p.mid(p.indexOf(QStringLiteral(": ")) + 2);
        const int severity = rest.indexOf(QStringLiteral(": "));
        const QString message = rest.mid(severity + 2);
        const int head = message.indexOf(QStringLiteral(": "));
        auto *item = addRow(m_after, rest.left(severity),
                            head > 0 ? message.left(head) : QString(),
                            head > 0 ? message.mid(head + 2) : message);
        for (int column = 0; column < 3; ++column)
            item->setToolTip(column, p);
    }
}

ImportChanges ImportDialog::plannedChanges() const
{
    std::vector<std::string> targets;
    for (auto *box : m_targetBoxes)
        targets.push_back(box->currentData().toString().toStdString());
    return planImport(m_doc->model(), m_outcome.result, targets);
}

QString ImportDialog::targetEffect(size_t index) const
{
    if (index >= m_targetBoxes.size())
        return {};
    const std::string target = m_targetBoxes[index]->currentData().toString().toStdString();
    return describeTarget(m_doc->model(), m_outcome.result, index, target)
        .join(QStringLiteral("; "));
}

void ImportDialog::setMergeTarget(size_t index, const std::string &componentId)
{
    if (index >= m_targetBoxes.size())
        return;
    const int row = m_targetBoxes[index]->findData(q(componentId));
    if (row >= 0)
        m_targetBoxes[index]->setCurrentIndex(row);
}

void ImportDialog::apply()
{
    if (page() != Page::Review || m_outcome.result.databases.empty())
        return;
    const ImportChanges changes = plannedChanges();
    m_doc->applyImport(changes.schemas, changes.components,
                       tr("Import %1").arg(m_sourceName));
    QStringList ids;
    for (const auto &c : changes.components)
        ids << q(c.id);
    emit applied(ids);
    accept();
}

QStringList ImportDialog::errors() const
{
    QStringList out;
    for (int i = 0; i < m_errors->count(); ++i)
        out << m_errors->item(i)->text();
    return out;
}

QString ImportDialog::status() const { return m_status->text(); }

QStringList ImportDialog::reviewRows() const
{
    QStringList out;
    std::function<void(QTreeWidgetItem *, const QString &)> walk =
        [&](QTreeWidgetItem *item, const QString &section) {
            for (int i = 0; i < item->childCount(); ++i) {
                auto *c = item->child(i);
                out << QStringList{section, c->text(0), c->text(1), c->text(2)}.join(
                    QStringLiteral(" | "));
                walk(c, section);
            }
        };
    for (int i = 0; i < m_review->topLevelItemCount(); ++i)
        walk(m_review->topLevelItem(i), m_review->topLevelItem(i)->text(0));
    return out;
}

void ImportDialog::loadSettings()
{
    QSettings s;
    s.beginGroup(QStringLiteral("import"));
    m_tabs->setCurrentIndex(s.value(QStringLiteral("source"), 0).toInt());
    m_sqlPath->setText(s.value(QStringLiteral("sqlPath")).toString());
    m_dialect->setCurrentIndex(
        std::clamp(s.value(QStringLiteral("dialect"), 0).toInt(), 0, m_dialect->count() - 1));
    m_devUrl->setText(s.value(QStringLiteral("devUrl")).toString());
    m_engine->setCurrentIndex(
        std::clamp(s.value(QStringLiteral("engine"), 0).toInt(), 0, m_engine->count() - 1));
    m_host->setText(s.value(QStringLiteral("host"), m_host->text()).toString());
    m_port->setValue(s.value(QStringLiteral("port"), m_port->value()).toInt());
    m_database->setText(s.value(QStringLiteral("database")).toString());
    m_user->setText(s.value(QStringLiteral("user")).toString());
    m_schemas->setText(s.value(QStringLiteral("schemas")).toString());
}

void ImportDialog::saveSettings() const
{
    // Every field but the password. A server URL with a password in it is not kept at all.
    QSettings s;
    s.beginGroup(QStringLiteral("import"));
    s.setValue(QStringLiteral("source"), m_tabs->currentIndex());
    s.setValue(QStringLiteral("sqlPath"), m_sqlPath->text());
    s.setValue(QStringLiteral("dialect"), m_dialect->currentIndex());
    const std::string dev = m_devUrl->text().trimmed().toStdString();
    if (importers::redactUrl(dev) == dev)
        s.setValue(QStringLiteral("devUrl"), m_devUrl->text().trimmed());
    else
        s.remove(QStringLiteral("devUrl"));
    s.setValue(QStringLiteral("engine"), m_engine->currentIndex());
    s.setValue(QStringLiteral("host"), m_host->text().trimmed());
    s.setValue(QStringLiteral("port"), m_port->value());
    s.setValue(QStringLiteral("database"), m_database->text().trimmed());
    s.setValue(QStringLiteral("user"), m_user->text().trimmed());
    s.setValue(QStringLiteral("schemas"), m_schemas->text().trimmed());
}

} // namespace archsim::gui
