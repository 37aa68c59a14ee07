#pragma once

// Folder inspector/ (target archsim_gui_inspector): the properties of what is selected. This
// class, with its component page (inspector_component.cpp) and link page
// (inspector_link.cpp), built with common/'s FormBuilder. Links common/ and document/ only.
//
// The inspector: every field of the selected component or link (or the model's own properties
// when nothing is selected), with units and validation as you type. Edits go to the Document as
// undo commands; the inspector follows the Document's change signals.

#include "archsim/model/types.h"

#include <QScrollArea>
#include <QString>

#include <functional>
#include <memory>

class QLabel;
class QStackedWidget;
class QGroupBox;
class QVBoxLayout;

namespace archsim::gui {

class Document;
template <typename T>
class FormBuilder;

class Inspector : public QScrollArea {
    Q_OBJECT
public:
    explicit Inspector(Document *doc, QWidget *parent = nullptr);
    ~Inspector() override;

    // Shows the component or link with this id ("" = model properties).
    void showComponent(const QString &id);
    void showLink(const QString &id);
    void showModel();
    // Shows a summary when several items are selected.
    void showMany(int components, int links);
    // Sets the analytic estimate shown for the inspected component (rich text; "" hides it).
    void setEstimate(const QString &html);
    // Gives the keyboard focus to the shown page's visible field named `field` (a model
    // field, e.g. "replicas"), scrolled into view; false when the page has no such field.
    bool focusField(const QString &field);
    // Replaces the question asked when a renamed component's id is embedded in link ids
    // ("rename these links too?"; tests answer it without a dialog). It gets the old and new
    // component id and the link renames ("a-b → a2-b") and returns true to rename them.
    void setRenamePrompt(
        std::function<bool(const QString &, const QString &, const QStringList &)> prompt);
    // Returns the JSON pointer of the shown component's number field `field` in the model's
    // canonical JSON ("/components/3/replicas"), or "" when it has none there.
    QString fieldPointer(const QString &field) const;
    QString currentComponent() const { return m_componentId; }
    QString currentLink() const { return m_linkId; }

signals:
    // "Sweep this..." was chosen on a number field: its JSON pointer and current value.
    void sweepRequested(const QString &pointer, const QString &value);

private:
    // Gives the page's number fields a context menu with "Sweep this...".
    void offerSweep(QWidget *page);
    void refresh();
    QWidget *buildComponentPage();
    QWidget *buildLinkPage();
    QWidget *buildModelPage();
    // The stream and queue sections of the component page (inspector_streams.cpp).
    void addStreamFields(FormBuilder<model::Component> &f, QVBoxLayout *v);
    // The message key and consumer group sections of the link page (inspector_streams.cpp).
    void addMessagingLinkFields(FormBuilder<model::Link> &f, QVBoxLayout *v);
    // The job section of the component page (inspector_jobs.cpp).
    void addJobFields(FormBuilder<model::Component> &f, QVBoxLayout *v);
    // A read link's read_from (inspector_jobs.cpp).
    void addReadFromField(FormBuilder<model::Link> &f);
    // The realtime gateway section with its client-rate table (inspector_realtime.cpp).
    void addRealtimeFields(FormBuilder<model::Component> &f, QVBoxLayout *v);
    void addClientRateTable(FormBuilder<model::Component> &f);
    // A cache's pub/sub invalidation section (inspector_realtime.cpp).
    void addPubSubFields(FormBuilder<model::Component> &f, QVBoxLayout *v);
    // Returns why the model's validation refuses the realtime or pub/sub settings of `after`
    // (a problem `before` did not have), or "" (inspector_realtime.cpp).
    static QString realtimeRefusal(const model::Component &before,
                                   const model::Component &after);

    Document *m_doc;
    QStackedWidget *m_stack;
    QWidget *m_modelPage;
    QWidget *m_componentPage;
    QWidget *m_linkPage;
    QLabel *m_manyPage;
    QLabel *m_title;
    QGroupBox *m_estimateBox = nullptr;
    QLabel *m_estimate = nullptr;
    QString m_componentId;
    QString m_linkId;
    std::unique_ptr<FormBuilder<model::Component>> m_cform;
    std::unique_ptr<FormBuilder<model::Link>> m_lform;
    std::unique_ptr<FormBuilder<model::Model>> m_mform;
    std::function<bool(const QString &, const QString &, const QStringList &)> m_renamePrompt;
    bool m_renaming = false; // the rename question is open
};

} // namespace archsim::gui
