#include "ddldialog.h"

#include "archsim/exporters/ddl.h"
#include "archsim/model/io.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace archsim::gui {

using namespace archsim::model;
using archsim::exporters::Dialect;

DdlDialog::DdlDialog(const Model &model, const QString &baseName, QWidget *parent)
    : QDialog(parent), m_model(model), m_baseName(baseName)
{
    setObjectName(QStringLiteral("ddlDialog"));
    setWindowTitle(tr("Export SQL DDL"));
    resize(980, 720);
    auto *v = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_dialect = new QComboBox;
    m_dialect->setObjectName(QStringLiteral("dialect"));
    m_dialect->addItem(tr("PostgreSQL"), QStringLiteral("postgres"));
    m_dialect->addItem(tr("MySQL / MariaDB"), QStringLiteral("mysql"));
    m_dialect->addItem(tr("SQLite"), QStringLiteral("sqlite"));
    m_schema = new QComboBox;
    if (model.schemas.size() != 1)
        m_schema->addItem(tr("All schemas"), QString());
    for (const auto &s : model.schemas)
        m_schema->addItem(QString::fromStdString(s.id), QString::fromStdString(s.id));
    m_roles = new QCheckBox(tr("Roles and grants per service"));
    m_roles->setChecked(true);
    top->addWidget(new QLabel(tr("Dialect")));
    top->addWidget(m_dialect);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Schema")));
    top->addWidget(m_schema);
    top->addSpacing(12);
    top->addWidget(m_roles);
    top->addStretch(1);
    v->addLayout(top);
    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("ddlText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    v->addWidget(m_text, 1);
    m_messages = new QLabel;
    m_messages->setObjectName(QStringLiteral("ddlMessages"));
    m_messages->setWordWrap(true);
    m_messages->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_messages);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    m_save = buttons->addButton(tr("&Save…"), QDialogButtonBox::ActionRole);
    v->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(script()); });
    connect(m_save, &QPushButton::clicked, this, [this] {
        const QString dialect = m_dialect->currentData().toString();
        QSettings s;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save DDL"),
            QFileInfo(s.value(QStringLiteral("lastDir")).toString(),
                      QStringLiteral("%1-%2.sql").arg(m_baseName, dialect))
                .filePath(),
            tr("SQL script (*.sql)"));
        QString err;
        if (!path.isEmpty() && !saveTo(path, &err))
            QMessageBox::warning(this, tr("Save failed"), err);
    });
    connect(m_dialect, &QComboBox::currentIndexChanged, this, &DdlDialog::regenerate);
    connect(m_schema, &QComboBox::currentIndexChanged, this, &DdlDialog::regenerate);
    connect(m_roles, &QCheckBox::toggled, this, &DdlDialog::regenerate);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_pending) {
            m_pending = false;
            regenerate();
            return;
        }
        const Output out = m_watcher.result();
        m_text->setPlainText(out.ok ? out.text : QString());
        m_messages->setText(out.messages);
        m_messages->setStyleSheet(out.ok ? QString() : QStringLiteral("color: #d92d20;"));
        m_copy->setEnabled(out.ok);
        m_save->setEnabled(out.ok);
    });
    regenerate();
}

DdlDialog::~DdlDialog() { m_watcher.waitForFinished(); }

void DdlDialog::setDialect(const QString &name)
{
    m_dialect->setCurrentIndex(std::max(0, m_dialect->findData(name)));
    regenerate();
}

QString DdlDialog::script() const { return m_text->toPlainText(); }
QString DdlDialog::messages() const { return m_messages->text(); }

void DdlDialog::waitForPreview()
{
    while (m_watcher.isRunning() || m_pending)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    QApplication::processEvents();
}

void DdlDialog::regenerate()
{
    if (m_watcher.isRunning()) {
        m_pending = true;
        return;
    }
    m_text->setPlainText(tr("-- generating…"));
    m_copy->setEnabled(false);
    m_save->setEnabled(false);
    const Dialect d = Dialect(m_dialect->currentIndex());
    exporters::DdlOptions o;
    o.schema = m_schema->currentData().toString().toStdString();
    o.roles = m_roles->isChecked();
    m_watcher.setFuture(QtConcurrent::run([this, d, o] {
        Output out;
        auto r = exporters::exportDdl(m_model, d, o);
        out.ok = r.ok();
        if (r.ok())
            out.text = QString::fromStdString(r.value());
        QStringList lines;
        for (const auto &diag : r.diagnostics())
            lines << QString::fromStdString(diag.format());
        out.messages = lines.isEmpty() ? tr("No adaptations were needed for this dialect.")
                                       : lines.join(QLatin1Char('\n'));
        return out;
    }));
}

bool DdlDialog::saveTo(const QString &path, QString *error)
{
    const Status st = writeFileAtomically(path.toStdString(), script().toStdString());
    if (!st.ok() && error)
        *error = QString::fromStdString(st.message());
    return st.ok();
}

} // namespace archsim::gui
