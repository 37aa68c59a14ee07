#include "commands.h"

#include "document.h"

#include <QObject>

#include <algorithm>
#include <set>

namespace archsim::gui {

InsertCommand::InsertCommand(Document *doc, std::vector<model::Component> components,
                             std::vector<model::Link> links, const QString &text)
    : m_doc(doc), m_components(std::move(components)), m_links(std::move(links))
{
    setText(text);
}

void InsertCommand::redo()
{
    for (const auto &c : m_components)
        m_doc->rawInsertComponent(int(m_doc->model().components.size()), c);
    for (const auto &l : m_links)
        m_doc->rawInsertLink(int(m_doc->model().links.size()), l);
}

void InsertCommand::undo()
{
    for (auto it = m_links.rbegin(); it != m_links.rend(); ++it)
        m_doc->rawTakeLink(it->id);
    for (auto it = m_components.rbegin(); it != m_components.rend(); ++it)
        m_doc->rawTakeComponent(it->id);
}

RemoveCommand::RemoveCommand(Document *doc, std::vector<std::string> componentIds,
                             std::vector<std::string> linkIds)
    : m_doc(doc), m_componentIds(std::move(componentIds)), m_linkIds(std::move(linkIds))
{
    const int n = int(m_componentIds.size() + m_linkIds.size());
    setText(n == 1 ? QObject::tr("Delete %1")
                         .arg(QString::fromStdString(m_componentIds.empty() ? m_linkIds[0]
                                                                            : m_componentIds[0]))
                   : QObject::tr("Delete %1 items").arg(n));
}

void RemoveCommand::redo()
{
    m_components.clear();
    m_links.clear();
    m_scenarios.clear();
    m_suppress.reset();
    m_invalidating.clear();
    m_consequences.clear();
    std::set<std::string> linkIds(m_linkIds.begin(), m_linkIds.end());
    for (const auto &id : m_componentIds)
        for (const auto &l : m_doc->linksOf(id))
            linkIds.insert(l);
    for (const auto &id : linkIds) {
        const int idx = m_doc->linkIndex(id);
        if (idx >= 0)
            m_links.emplace_back(idx, *m_doc->link(id));
    }
    for (const auto &id : m_componentIds) {
        const int idx = m_doc->componentIndex(id);
        if (idx >= 0)
            m_components.emplace_back(idx, *m_doc->component(id));
    }
    auto byIndex = [](const auto &a, const auto &b) { return a.first < b.first; };
    std::sort(m_links.begin(), m_links.end(), byIndex);
    std::sort(m_components.begin(), m_components.end(), byIndex);

    // Everything that names a removed component or link goes with it (issue #17).
    std::set<std::string> gone(linkIds);
    for (const auto &[idx, c] : m_components)
        gone.insert(c.id);
    const model::Model &m = m_doc->model();
    for (const auto &l : m.links)
        if (!linkIds.count(l.id)
            && std::any_of(l.invalidates.begin(), l.invalidates.end(),
                           [&](const std::string &c) { return gone.count(c) > 0; }))
            m_invalidating.push_back(l);
    for (int i = 0; i < int(m.scenarios.size()); ++i) {
        const model::Scenario &sc = m.scenarios[size_t(i)];
        const auto events = std::count_if(sc.events.begin(), sc.events.end(),
                                          [&](const auto &e) { return gone.count(e.target); });
        const auto overrides = std::count_if(sc.overrides.begin(), sc.overrides.end(),
                                             [&](const auto &o) { return gone.count(o.target); });
        if (events == 0 && overrides == 0)
            continue;
        m_scenarios.emplace_back(i, sc);
        if (events > 0)
            m_consequences << QObject::tr("%n event(s) of scenario %1", nullptr, int(events))
                                  .arg(QString::fromStdString(sc.id));
        if (overrides > 0)
            m_consequences << QObject::tr("%n override(s) of scenario %1", nullptr,
                                          int(overrides))
                                  .arg(QString::fromStdString(sc.id));
    }
    const auto suppressions = std::count_if(m.suppress.begin(), m.suppress.end(),
                                            [&](const auto &s) { return gone.count(s.target); });
    if (suppressions > 0) {
        m_suppress = m.suppress;
        m_consequences << QObject::tr("%n suppression(s)", nullptr, int(suppressions));
    }
    if (!m_invalidating.empty())
        m_consequences << QObject::tr("the invalidation of %n link(s)", nullptr,
                                      int(m_invalidating.size()));

    for (const auto &[idx, l] : m_links)
        m_doc->rawTakeLink(l.id);
    for (const auto &[idx, c] : m_components)
        m_doc->rawTakeComponent(c.id);
    for (model::Link l : m_invalidating) {
        std::erase_if(l.invalidates, [&](const std::string &c) { return gone.count(c) > 0; });
        m_doc->rawReplaceLink(l.id, l);
    }
    for (const auto &[idx, before] : m_scenarios) {
        model::Scenario sc = before;
        std::erase_if(sc.events, [&](const auto &e) { return gone.count(e.target) > 0; });
        std::erase_if(sc.overrides, [&](const auto &o) { return gone.count(o.target) > 0; });
        m_doc->rawSetScenario(sc.id, idx, sc);
    }
    if (m_suppress) {
        auto kept = *m_suppress;
        std::erase_if(kept, [&](const auto &s) { return gone.count(s.target) > 0; });
        m_doc->rawSetSuppressions(kept);
    }
    // A schema whose last database went stays (its tables are work), but the user is told.
    for (const auto &entry : m_components) {
        const std::string &schema = entry.second.schema; // clang 14: no structured binding
        if (schema.empty())                               // captured in a lambda
            continue;
        const bool held = std::any_of(m_doc->model().components.begin(),
                                      m_doc->model().components.end(),
                                      [&](const auto &o) { return o.schema == schema; });
        if (!held)
            m_consequences << QObject::tr("schema %1 is kept but no database holds it now")
                                  .arg(QString::fromStdString(schema));
    }
}

void RemoveCommand::undo()
{
    // Ascending order restores every element at its former index.
    for (const auto &[idx, c] : m_components)
        m_doc->rawInsertComponent(idx, c);
    for (const auto &[idx, l] : m_links)
        m_doc->rawInsertLink(idx, l);
    for (const auto &l : m_invalidating)
        m_doc->rawReplaceLink(l.id, l);
    for (const auto &[idx, sc] : m_scenarios)
        m_doc->rawSetScenario(sc.id, idx, sc);
    if (m_suppress)
        m_doc->rawSetSuppressions(*m_suppress);
}

MoveCommand::MoveCommand(Document *doc, std::vector<Move> moves, const QString &text,
                         bool mergeable)
    : m_doc(doc), m_moves(std::move(moves)), m_mergeable(mergeable)
{
    if (!text.isEmpty())
        setText(text);
    else if (m_moves.size() == 1)
        setText(QObject::tr("Move %1").arg(QString::fromStdString(m_moves[0].id)));
    else
        setText(QObject::tr("Move %1 components").arg(m_moves.size()));
}

void MoveCommand::redo()
{
    for (const auto &m : m_moves)
        m_doc->rawSetPosition(m.id, m.to);
}

void MoveCommand::undo()
{
    for (const auto &m : m_moves)
        m_doc->rawSetPosition(m.id, m.from);
}

bool MoveCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const MoveCommand *>(other);
    if (!o->m_mergeable || o->m_moves.size() != m_moves.size())
        return false;
    for (size_t i = 0; i < m_moves.size(); ++i)
        if (m_moves[i].id != o->m_moves[i].id)
            return false;
    for (size_t i = 0; i < m_moves.size(); ++i)
        m_moves[i].to = o->m_moves[i].to;
    return true;
}

EditComponentCommand::EditComponentCommand(Document *doc, std::string id,
                                           model::Component before, model::Component after,
                                           QString field, const QString &text)
    : m_doc(doc), m_before(std::move(before)), m_after(std::move(after)),
      m_field(std::move(field)), m_ownText(!text.isEmpty())
{
    Q_UNUSED(id);
    setText(m_ownText ? text
                      : QObject::tr("Edit %1 of %2")
                            .arg(m_field, QString::fromStdString(m_before.id)));
}

void EditComponentCommand::redo()
{
    if (m_before.id != m_after.id)
        m_doc->rawRenameReferences(m_before.id, m_after.id);
    m_doc->rawReplaceComponent(m_before.id, m_after);
}

void EditComponentCommand::undo()
{
    if (m_before.id != m_after.id)
        m_doc->rawRenameReferences(m_after.id, m_before.id);
    m_doc->rawReplaceComponent(m_after.id, m_before);
}

bool EditComponentCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const EditComponentCommand *>(other);
    // Renames never merge: a merged rename would lose the intermediate reference rewrite. A
    // step named for what it did (an added row) stays one step, as its name says.
    if (o->m_field != m_field || o->m_before.id != m_after.id ||
        m_field == QLatin1String("id") || m_ownText || o->m_ownText)
        return false;
    m_after = o->m_after;
    return true;
}

RenameLinkCommand::RenameLinkCommand(Document *doc, std::string from, std::string to,
                                     QUndoCommand *parent)
    : QUndoCommand(parent), m_doc(doc), m_from(std::move(from)), m_to(std::move(to))
{
    setText(QObject::tr("Rename link %1 to %2")
                .arg(QString::fromStdString(m_from), QString::fromStdString(m_to)));
}

void RenameLinkCommand::redo() { m_doc->rawRenameLink(m_from, m_to); }
void RenameLinkCommand::undo() { m_doc->rawRenameLink(m_to, m_from); }

EditLinkCommand::EditLinkCommand(Document *doc, model::Link before, model::Link after,
                                 QString field)
    : m_doc(doc), m_before(std::move(before)), m_after(std::move(after)),
      m_field(std::move(field))
{
    setText(QObject::tr("Edit %1 of %2").arg(m_field, QString::fromStdString(m_before.id)));
}

void EditLinkCommand::redo() { m_doc->rawReplaceLink(m_before.id, m_after); }
void EditLinkCommand::undo() { m_doc->rawReplaceLink(m_after.id, m_before); }

bool EditLinkCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const EditLinkCommand *>(other);
    if (o->m_field != m_field || o->m_before.id != m_after.id || m_field == QLatin1String("id"))
        return false;
    m_after = o->m_after;
    return true;
}

EditTableCommand::EditTableCommand(Document *doc, std::string schemaId, int index,
                                   std::optional<model::Table> before,
                                   std::optional<model::Table> after, QString field)
    : m_doc(doc), m_schemaId(std::move(schemaId)), m_index(index), m_before(std::move(before)),
      m_after(std::move(after)), m_field(std::move(field))
{
    if (!m_before)
        setText(QObject::tr("Add table %1").arg(QString::fromStdString(m_after->name)));
    else if (!m_after)
        setText(QObject::tr("Delete table %1").arg(QString::fromStdString(m_before->name)));
    else if (m_field.startsWith(QLatin1Char('+'))) {
        // "+index" adds, "+remove index" and "+move column" say what they do.
        QString what = m_field.mid(1);
        if (!what.startsWith(QLatin1String("remove")) && !what.startsWith(QLatin1String("move")))
            what.prepend(QObject::tr("add "));
        what[0] = what[0].toUpper();
        setText(QObject::tr("%1 (table %2)").arg(what, QString::fromStdString(m_before->name)));
    } else
        setText(QObject::tr("Edit %1 of table %2")
                    .arg(m_field, QString::fromStdString(m_before->name)));
}

void EditTableCommand::apply(const std::optional<model::Table> &from,
                             const std::optional<model::Table> &to)
{
    m_doc->rawSetTable(m_schemaId, from ? from->name : std::string(), m_index, to);
}

void EditTableCommand::redo() { apply(m_before, m_after); }
void EditTableCommand::undo() { apply(m_after, m_before); }

bool EditTableCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const EditTableCommand *>(other);
    if (!m_before || !m_after || !o->m_before || !o->m_after || o->m_field != m_field
        || o->m_schemaId != m_schemaId || o->m_before->name != m_after->name
        || m_field == QLatin1String("name") || m_field.startsWith(QLatin1String("+")))
        return false;
    m_after = o->m_after;
    return true;
}

AddSchemaCommand::AddSchemaCommand(Document *doc, model::Schema schema)
    : m_doc(doc), m_schema(std::move(schema))
{
    setText(QObject::tr("Add schema %1").arg(QString::fromStdString(m_schema.id)));
}

void AddSchemaCommand::redo()
{
    m_doc->rawInsertSchema(int(m_doc->model().schemas.size()), m_schema);
}

void AddSchemaCommand::undo() { m_doc->rawRemoveSchema(m_schema.id); }

EditMetaCommand::EditMetaCommand(Document *doc, std::string name, std::string description,
                                 std::vector<std::string> zones)
    : m_doc(doc)
{
    m_name[0] = doc->model().name;
    m_description[0] = doc->model().description;
    m_zones[0] = doc->model().zones;
    m_name[1] = std::move(name);
    m_description[1] = std::move(description);
    m_zones[1] = std::move(zones);
    setText(QObject::tr("Edit model properties"));
}

void EditMetaCommand::redo() { m_doc->rawSetMeta(m_name[1], m_description[1], m_zones[1]); }
void EditMetaCommand::undo() { m_doc->rawSetMeta(m_name[0], m_description[0], m_zones[0]); }

ReplaceOrAddCommand::ReplaceOrAddCommand(Document *doc, std::vector<model::Schema> schemas,
                                         std::vector<model::Component> components,
                                         const QString &text)
    : m_doc(doc), m_schemas(std::move(schemas)), m_components(std::move(components))
{
    setText(text);
}

void ReplaceOrAddCommand::redo()
{
    m_oldSchemas.clear();
    m_oldComponents.clear();
    for (const auto &s : m_schemas) {
        const auto &all = m_doc->model().schemas;
        const auto it = std::find_if(all.begin(), all.end(),
                                     [&](const model::Schema &o) { return o.id == s.id; });
        if (it == all.end()) {
            m_oldSchemas.push_back({-1, {}});
            m_doc->rawInsertSchema(int(all.size()), s);
            continue;
        }
        const int index = int(it - all.begin());
        m_oldSchemas.push_back({index, *it});
        m_doc->rawReplaceSchema(s);
    }
    for (const auto &c : m_components) {
        if (const model::Component *old = m_doc->component(c.id)) {
            m_oldComponents.push_back(*old);
            m_doc->rawReplaceComponent(c.id, c);
        } else {
            m_oldComponents.push_back(std::nullopt);
            m_doc->rawInsertComponent(int(m_doc->model().components.size()), c);
        }
    }
}

void ReplaceOrAddCommand::undo()
{
    // In reverse, so that appended items leave from the end and the lists end as they were.
    for (size_t i = m_components.size(); i-- > 0;) {
        if (m_oldComponents[i])
            m_doc->rawReplaceComponent(m_components[i].id, *m_oldComponents[i]);
        else
            m_doc->rawTakeComponent(m_components[i].id);
    }
    for (size_t i = m_schemas.size(); i-- > 0;) {
        if (m_oldSchemas[i].first >= 0)
            m_doc->rawReplaceSchema(m_oldSchemas[i].second);
        else
            m_doc->rawRemoveSchema(m_schemas[i].id);
    }
}

ApplyModelCommand::ApplyModelCommand(Document *doc, model::Model before, model::Model after,
                                     const QString &text)
    : m_doc(doc), m_before(std::move(before)), m_after(std::move(after))
{
    setText(text);
}

void ApplyModelCommand::redo() { apply(m_after); }

void ApplyModelCommand::undo() { apply(m_before); }

void ApplyModelCommand::apply(const model::Model &to)
{
    const model::Model &now = m_doc->model();
    // Copies first: every raw mutator may move the vectors `now` refers to.
    std::vector<model::Component> components;
    for (size_t i = 0; i < to.components.size(); ++i)
        if (!(now.components[i] == to.components[i]))
            components.push_back(to.components[i]);
    std::vector<model::Link> links;
    for (size_t i = 0; i < to.links.size(); ++i)
        if (!(now.links[i] == to.links[i]))
            links.push_back(to.links[i]);
    std::vector<std::pair<int, model::Schema>> schemas;
    for (size_t i = 0; i < to.schemas.size(); ++i)
        if (!(now.schemas[i] == to.schemas[i]))
            schemas.emplace_back(int(i), to.schemas[i]);
    std::vector<std::pair<int, model::Scenario>> scenarios;
    for (size_t i = 0; i < to.scenarios.size(); ++i)
        if (!(now.scenarios[i] == to.scenarios[i]))
            scenarios.emplace_back(int(i), to.scenarios[i]);
    const bool meta = now.name != to.name || now.description != to.description
        || now.zones != to.zones;
    const bool suppress = !(now.suppress == to.suppress);
    for (const auto &c : components)
        m_doc->rawReplaceComponent(c.id, c);
    for (const auto &l : links)
        m_doc->rawReplaceLink(l.id, l);
    for (const auto &[index, schema] : schemas) {
        m_doc->rawRemoveSchema(schema.id);
        m_doc->rawInsertSchema(index, schema);
    }
    for (const auto &[index, scenario] : scenarios)
        m_doc->rawSetScenario(scenario.id, index, scenario);
    if (meta)
        m_doc->rawSetMeta(to.name, to.description, to.zones);
    if (suppress)
        m_doc->rawSetSuppressions(to.suppress);
}

} // namespace archsim::gui
