#pragma once

// The note of trainer mode: a dark band under the stage (it never covers the charts or the
// canvas) with the event's time and what happens, in the action's colour, and the trainer's
// note in large type sized from the page's height, so that it reads from the back row of a
// room; under it, what the simulation did since.

#include <QColor>
#include <QFrame>

class QLabel;

namespace archsim::gui {

class NoteOverlay : public QFrame {
    Q_OBJECT
public:
    // `page` is the widget whose height sizes the type (the band itself is laid out by it).
    explicit NoteOverlay(QWidget *page);

    // Shows a note: `title` is the small line ("02:00 · Crash shop-db"), `note` the large text
    // (the title alone is shown large when the note is empty).
    void showNote(const QString &title, const QString &note, const QColor &accent);
    // Adds a smaller line under the note (what the simulation did since: "Failover at 02:30").
    void setFollowUp(const QString &text);
    void hideNote();
    QString title() const;
    QString note() const;
    QString followUp() const;
    // Scales the type to the height of the page the band sits in.
    void reposition();
    // The band's smallest type (the follow-up line) in pixels, for the page's height now.
    int smallestTextPx() const;

protected:
    bool eventFilter(QObject *watched, QEvent *e) override;
    void mousePressEvent(QMouseEvent *e) override;

private:
    QLabel *m_title;
    QLabel *m_note;
    QLabel *m_followUp;
    QColor m_accent;
};

} // namespace archsim::gui
