#include "scenariocommands.h"

#include "document.h"

#include <QObject>

#include <algorithm>

namespace archsim::gui {

namespace {

int indexOf(const Document *doc, const std::string &id)
{
    const auto &list = doc->model().scenarios;
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].id == id)
            return int(i);
    return -1;
}

} // namespace

EditScenarioCommand::EditScenarioCommand(Document *doc, int index,
                                         std::optional<model::Scenario> before,
                                         std::optional<model::Scenario> after,
                                         const QString &text, QString field)
    : m_doc(doc), m_index(index), m_before(std::move(before)), m_after(std::move(after)),
      m_field(std::move(field))
{
    setText(text);
}

void EditScenarioCommand::redo()
{
    m_doc->rawSetScenario(m_before ? m_before->id : m_after->id, m_index, m_after);
}

void EditScenarioCommand::undo()
{
    m_doc->rawSetScenario(m_after ? m_after->id : m_before->id, m_index, m_before);
}

bool EditScenarioCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const EditScenarioCommand *>(other);
    if (m_field.isEmpty() || o->m_field != m_field || !m_after || !o->m_before || !o->m_after
        || o->m_before->id != m_after->id || o->m_after->id != m_after->id)
        return false;
    m_after = o->m_after;
    return true;
}

void editScenario(Document *doc, const std::string &id, const model::Scenario &after,
                  const QString &text, const QString &field)
{
    const int index = indexOf(doc, id);
    if (index < 0)
        return;
    const model::Scenario &before = doc->model().scenarios[size_t(index)];
    if (before == after)
        return;
    doc->undoStack()->push(new EditScenarioCommand(doc, index, before, after, text, field));
}

std::string addScenario(Document *doc, const std::string &base)
{
    std::string id = base;
    for (int n = 2; indexOf(doc, id) >= 0; ++n)
        id = base + "-" + std::to_string(n);
    model::Scenario s;
    s.id = id;
    s.name = "New scenario";
    s.duration_s = 300;
    s.warmup_s = 30;
    const int index = int(doc->model().scenarios.size());
    doc->undoStack()->push(new EditScenarioCommand(doc, index, std::nullopt, s,
                                                   QObject::tr("Add scenario %1")
                                                       .arg(QString::fromStdString(id))));
    return id;
}

void removeScenario(Document *doc, const std::string &id)
{
    const int index = indexOf(doc, id);
    if (index < 0)
        return;
    doc->undoStack()->push(new EditScenarioCommand(doc, index,
                                                   doc->model().scenarios[size_t(index)],
                                                   std::nullopt,
                                                   QObject::tr("Delete scenario %1")
                                                       .arg(QString::fromStdString(id))));
}

} // namespace archsim::gui
