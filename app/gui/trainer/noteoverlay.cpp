#include "noteoverlay.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace archsim::gui {

NoteOverlay::NoteOverlay(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("noteOverlay"));
    setAttribute(Qt::WA_StyledBackground);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("noteTitle"));
    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("noteText"));
    m_note->setWordWrap(true);
    m_followUp = new QLabel;
    m_followUp->setObjectName(QStringLiteral("noteFollowUp"));
    m_followUp->setWordWrap(true);
    m_followUp->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 16, 28, 20);
    layout->setSpacing(8);
    layout->addWidget(m_title);
    layout->addWidget(m_note);
    layout->addWidget(m_followUp);
    setToolTip(tr("Click to hide the note"));
    parent->installEventFilter(this);
    hide();
}

void NoteOverlay::showNote(const QString &title, const QString &note, const QColor &accent)
{
    m_accent = accent;
    m_title->setText(title);
    m_note->setText(note.isEmpty() ? title : note);
    m_title->setVisible(!note.isEmpty());
    m_followUp->clear();
    m_followUp->hide();
    reposition();
    show();
}

void NoteOverlay::setFollowUp(const QString &text)
{
    m_followUp->setText(text);
    m_followUp->setVisible(!text.isEmpty());
}

void NoteOverlay::hideNote() { hide(); }

QString NoteOverlay::title() const { return m_title->text(); }
QString NoteOverlay::note() const { return isVisible() ? m_note->text() : QString(); }
QString NoteOverlay::followUp() const { return m_followUp->text(); }

namespace {
// Type from the page's height: a 1080 px screen gives a 38 px note, readable across a room.
int notePxFor(int pageHeight) { return std::clamp(pageHeight / 28, 20, 64); }
int followUpPxFor(int notePx) { return std::max(15, notePx * 55 / 100); }
} // namespace

int NoteOverlay::smallestTextPx() const
{
    const int notePx = notePxFor(parentWidget()->height());
    return std::min({std::max(16, notePx * 6 / 10), notePx, followUpPxFor(notePx)});
}

void NoteOverlay::reposition()
{
    QWidget *p = parentWidget();
    const int h = p->height();
    const int notePx = notePxFor(h);
    const QString accent = m_accent.isValid() ? m_accent.name() : QStringLiteral("#3a7bd5");
    setStyleSheet(QStringLiteral(
        "#noteOverlay { background: rgb(22, 27, 36); border-radius: 14px;"
        " border-left: 12px solid %1; }"
        "#noteTitle { color: %1; font-weight: bold; font-size: %2px; }"
        "#noteText { color: white; font-size: %3px; font-weight: 600; }"
        "#noteFollowUp { color: #c9d1dc; font-size: %4px; }")
                      .arg(accent)
                      .arg(std::max(16, notePx * 6 / 10))
                      .arg(notePx)
                      .arg(followUpPxFor(notePx)));
    setMaximumHeight(std::max(80, h / 2));
}

bool NoteOverlay::eventFilter(QObject *watched, QEvent *e)
{
    if (watched == parentWidget() && e->type() == QEvent::Resize && isVisible())
        reposition();
    return QFrame::eventFilter(watched, e);
}

void NoteOverlay::mousePressEvent(QMouseEvent *) { hide(); }

} // namespace archsim::gui
