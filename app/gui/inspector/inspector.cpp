#include "inspector.h"

#include "document.h"
#include "formbuilder.h"
#include "style.h"

#include "archsim/model/io.h"

#include <nlohmann/json.hpp>

#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace archsim::gui {

using namespace archsim::model;

namespace {

// The heading: elided to the width it gets, the full text in its tooltip, and never wider
// than the dock (a long component id used to push a horizontal scroll bar in: issue #17).
class TitleLabel : public QLabel {
public:
    void setFullText(const QString &text)
    {
        m_full = text;
        setToolTip(text);
        elide();
    }
    QSize sizeHint() const override { return {40, QLabel::sizeHint().height()}; }
    QSize minimumSizeHint() const override { return {20, QLabel::minimumSizeHint().height()}; }

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QLabel::resizeEvent(e);
        elide();
    }

private:
    void elide() { setText(fontMetrics().elidedText(m_full, Qt::ElideRight, width())); }
    QString m_full;
};

void setTitle(QLabel *title, const QString &text)
{
    static_cast<TitleLabel *>(title)->setFullText(text);
}

} // namespace

Inspector::Inspector(Document *doc, QWidget *parent) : QScrollArea(parent), m_doc(doc)
{
    setObjectName(QStringLiteral("inspector"));
    m_renamePrompt = [this](const QString &from, const QString &to, const QStringList &links) {
        return QMessageBox::question(
                   this, tr("Rename links too?"),
                   tr("The ids of %n link(s) contain \"%1\". Rename them to follow \"%2\"? "
                      "Scenario events, overrides and suppressions that name them follow "
                      "too; one undo takes it all back.\n\n%3",
                      nullptr, int(links.size()))
                       .arg(from, to, links.join(QLatin1Char('\n'))),
                   QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
               == QMessageBox::Yes;
    };
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // the form follows the dock's width
    auto *body = new QWidget;
    auto *v = new QVBoxLayout(body);
    v->setContentsMargins(8, 8, 8, 8);
    m_title = new TitleLabel;
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    QFont tf = m_title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    tf.setBold(true);
    m_title->setFont(tf);
    v->addWidget(m_title);
    m_stack = new QStackedWidget;
    m_modelPage = buildModelPage();
    m_componentPage = buildComponentPage();
    offerSweep(m_componentPage);
    m_linkPage = buildLinkPage();
    m_manyPage = new QLabel;
    m_manyPage->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_manyPage->setWordWrap(true);
    m_stack->addWidget(m_modelPage);
    m_stack->addWidget(m_componentPage);
    m_stack->addWidget(m_linkPage);
    m_stack->addWidget(m_manyPage);
    v->addWidget(m_stack, 1);
    // Only the page shown sets the form's size: a page never shown (its sections not yet
    // hidden by their record) would otherwise widen the form past the dock and push the
    // heading out of the viewport, and the tallest page (a stream's) left the model page a
    // scroll range of blank space under it.
    auto followPage = [this](int shown) {
        for (int i = 0; i < m_stack->count(); ++i) {
            const auto policy = i == shown ? QSizePolicy::Preferred : QSizePolicy::Ignored;
            m_stack->widget(i)->setSizePolicy(policy, policy);
        }
    };
    followPage(m_stack->currentIndex());
    connect(m_stack, &QStackedWidget::currentChanged, this, followPage);
    setWidget(body);
    setMinimumWidth(300);

    // Follow the document: any change may touch what is shown (renames, undo, reset).
    auto later = [this] { refresh(); };
    connect(doc, &Document::contentChanged, this, later);
    connect(doc, &Document::componentRenamed, this, [this](const QString &o, const QString &n) {
        if (m_componentId == o)
            m_componentId = n;
    });
    connect(doc, &Document::modelReset, this, &Inspector::showModel);
    showModel();
}

Inspector::~Inspector() = default;

void Inspector::setRenamePrompt(
    std::function<bool(const QString &, const QString &, const QStringList &)> prompt)
{
    m_renamePrompt = std::move(prompt);
}

void Inspector::showComponent(const QString &id)
{
    m_componentId = id;
    m_linkId.clear();
    m_stack->setCurrentWidget(m_componentPage);
    refresh();
}

void Inspector::showLink(const QString &id)
{
    m_linkId = id;
    m_componentId.clear();
    m_stack->setCurrentWidget(m_linkPage);
    refresh();
}

void Inspector::showModel()
{
    m_componentId.clear();
    m_linkId.clear();
    m_stack->setCurrentWidget(m_modelPage);
    refresh();
}

void Inspector::showMany(int components, int links)
{
    m_componentId.clear();
    m_linkId.clear();
    setTitle(m_title, tr("Selection"));
    m_manyPage->setText(tr("%1 components and %2 links selected.\n\nUse Arrange to align them, "
                           "Edit > Duplicate to copy them, or Delete to remove them.")
                            .arg(components)
                            .arg(links));
    m_stack->setCurrentWidget(m_manyPage);
}

void Inspector::setEstimate(const QString &html)
{
    m_estimate->setText(html);
    m_estimateBox->setVisible(!html.isEmpty() && m_stack->currentWidget() == m_componentPage);
}

void Inspector::refresh()
{
    QWidget *page = m_stack->currentWidget();
    if (page == m_componentPage) {
        const Component *c = m_doc->component(m_componentId.toStdString());
        if (!c) {
            showModel();
            return;
        }
        setTitle(m_title, QStringLiteral("%1  ·  %2").arg(QString::fromStdString(label(*c)),
                                                          style::kindLabel(c->kind)));
        m_cform->refresh(*c);
    } else if (page == m_linkPage) {
        const Link *l = m_doc->link(m_linkId.toStdString());
        if (!l) {
            showModel();
            return;
        }
        setTitle(m_title, tr("Link  ·  %1 → %2")
                              .arg(QString::fromStdString(l->from),
                                   QString::fromStdString(l->to)));
        m_lform->refresh(*l);
    } else if (page == m_modelPage) {
        setTitle(m_title, tr("Model"));
        m_mform->refresh(m_doc->model());
    }
}

bool Inspector::focusField(const QString &field)
{
    QWidget *page = m_stack->currentWidget();
    if (!page || field.isEmpty())
        return false;
    for (QWidget *w : page->findChildren<QWidget *>(field)) {
        if (!w->isVisibleTo(page) || w->focusPolicy() == Qt::NoFocus)
            continue;
        ensureWidgetVisible(w);
        w->setFocus(Qt::OtherFocusReason);
        return true;
    }
    return false;
}

QString Inspector::fieldPointer(const QString &field) const
{
    const int index = m_doc->componentIndex(m_componentId.toStdString());
    if (index < 0 || field.isEmpty())
        return {};
    const QString pointer =
        QStringLiteral("/components/%1/%2").arg(index).arg(QString(field).replace(u'.', u'/'));
    const auto model = nlohmann::json::parse(model::toJson(m_doc->model()));
    const nlohmann::json::json_pointer p(pointer.toStdString());
    // The canonical JSON leaves fields at their default out: then the parent must be there.
    if (model.contains(p))
        return model[p].is_number() ? pointer : QString();
    return model.contains(p.parent_pointer()) ? pointer : QString();
}

void Inspector::offerSweep(QWidget *page)
{
    for (QLineEdit *edit : page->findChildren<QLineEdit *>()) {
        if (edit->objectName().isEmpty())
            continue;
        edit->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(edit, &QLineEdit::customContextMenuRequested, this, [this, edit](QPoint at) {
            std::unique_ptr<QMenu> menu(edit->createStandardContextMenu());
            bool number = false;
            edit->text().toDouble(&number);
            const QString pointer = fieldPointer(edit->objectName());
            if ((number || edit->text().isEmpty()) && !pointer.isEmpty()) {
                menu->addSeparator();
                QAction *sweep = menu->addAction(tr("Sweep This..."));
                sweep->setObjectName(QStringLiteral("sweepThis"));
                sweep->setToolTip(pointer);
                const QString value = edit->text();
                connect(sweep, &QAction::triggered, this,
                        [this, pointer, value] { emit sweepRequested(pointer, value); });
            }
            menu->exec(edit->mapToGlobal(at));
        });
    }
}

} // namespace archsim::gui
