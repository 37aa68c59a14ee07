#pragma once

// Undo commands of the scenario editor. A scenario is found by its stable id; an edit replaces
// the whole scenario (its events have no ids of their own), so undo restores exactly what was.

#include "archsim/model/types.h"

#include <QString>
#include <QUndoCommand>

#include <optional>
#include <string>

namespace archsim::gui {

class Document;

// Adds (before empty), edits or removes (after empty) one scenario. Consecutive edits of the
// same field of the same scenario (typing a note, spinning a number) merge into one step.
class EditScenarioCommand : public QUndoCommand {
public:
    EditScenarioCommand(Document *doc, int index, std::optional<model::Scenario> before,
                        std::optional<model::Scenario> after, const QString &text,
                        QString field = {});
    void redo() override;
    void undo() override;
    int id() const override { return 40; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    Document *m_doc;
    int m_index;
    std::optional<model::Scenario> m_before;
    std::optional<model::Scenario> m_after;
    QString m_field;
};

// Pushes an edit of scenario `id` (which must exist) to the document's undo stack; nothing
// when `after` equals the scenario. `field` non-empty lets consecutive edits merge.
void editScenario(Document *doc, const std::string &id, const model::Scenario &after,
                  const QString &text, const QString &field = {});
// Adds a scenario with a fresh id derived from `base`; returns the id.
std::string addScenario(Document *doc, const std::string &base = "scenario");
// Removes scenario `id`.
void removeScenario(Document *doc, const std::string &id);

} // namespace archsim::gui
