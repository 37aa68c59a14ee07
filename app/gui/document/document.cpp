#include "document.h"

#include "commands.h"

#include "archsim/model/rename.h"

#include <QFileInfo>

#include <algorithm>
#include <set>

namespace archsim::gui {

using namespace archsim::model;

Document::Document(QObject *parent) : QObject(parent)
{
    m_undo.setUndoLimit(0);
    QObject::connect(&m_undo, &QUndoStack::cleanChanged, this,
                     [this] { emit modifiedChanged(isModified()); });
}

void Document::markSaved()
{
    m_forcedModified = false;
    m_undo.setClean();
    emit modifiedChanged(false);
}

void Document::setRecovered()
{
    m_forcedModified = true;
    emit modifiedChanged(true);
}

void Document::reset(Model model, const QString &path)
{
    m_undo.clear();
    m_forcedModified = false;
    m_model = std::move(model);
    m_indexDirty = true;
    m_path = path;
    ++m_generation;
    ++m_schemaGeneration;
    emit modelReset();
    emit filePathChanged();
    emit contentChanged();
    emit modifiedChanged(false);
}

void Document::setFilePath(const QString &path)
{
    m_path = path;
    emit filePathChanged();
}

QString Document::displayName() const
{
    return m_path.isEmpty() ? tr("Untitled") : QFileInfo(m_path).fileName();
}

void Document::rebuildIndex() const
{
    m_componentIdx.clear();
    m_linkIdx.clear();
    m_componentIdx.reserve(m_model.components.size());
    for (size_t i = 0; i < m_model.components.size(); ++i)
        m_componentIdx.emplace(m_model.components[i].id, int(i));
    m_linkIdx.reserve(m_model.links.size());
    for (size_t i = 0; i < m_model.links.size(); ++i)
        m_linkIdx.emplace(m_model.links[i].id, int(i));
    m_indexDirty = false;
}

int Document::componentIndex(const std::string &id) const
{
    if (m_indexDirty)
        rebuildIndex();
    auto it = m_componentIdx.find(id);
    return it == m_componentIdx.end() ? -1 : it->second;
}

const Component *Document::component(const std::string &id) const
{
    const int i = componentIndex(id);
    return i < 0 ? nullptr : &m_model.components[size_t(i)];
}

int Document::linkIndex(const std::string &id) const
{
    if (m_indexDirty)
        rebuildIndex();
    auto it = m_linkIdx.find(id);
    return it == m_linkIdx.end() ? -1 : it->second;
}

const Link *Document::link(const std::string &id) const
{
    const int i = linkIndex(id);
    return i < 0 ? nullptr : &m_model.links[size_t(i)];
}

const Schema *Document::schema(const std::string &id) const
{
    for (const auto &s : m_model.schemas)
        if (s.id == id)
            return &s;
    return nullptr;
}

const Table *Document::table(const std::string &schemaId, const std::string &name) const
{
    if (const Schema *s = schema(schemaId))
        for (const auto &t : s->tables)
            if (t.name == name)
                return &t;
    return nullptr;
}

std::vector<std::string> Document::linksOf(const std::string &componentId) const
{
    std::vector<std::string> out;
    for (const auto &l : m_model.links)
        if (l.from == componentId || l.to == componentId)
            out.push_back(l.id);
    return out;
}

std::string Document::uniqueComponentId(const std::string &base) const
{
    std::string stem = base;
    std::replace(stem.begin(), stem.end(), '_', '-');
    if (!component(stem))
        return stem;
    for (int n = 2;; ++n) {
        std::string id = stem + "-" + std::to_string(n);
        if (!component(id))
            return id;
    }
}

std::string Document::uniqueLinkId(const std::string &from, const std::string &to) const
{
    std::string stem = from + "-to-" + to;
    if (!link(stem))
        return stem;
    for (int n = 2;; ++n) {
        std::string id = stem + "-" + std::to_string(n);
        if (!link(id))
            return id;
    }
}

// --- controller API ---

std::string Document::addComponent(ComponentKind kind, QPointF pos)
{
    Component c;
    c.kind = kind;
    c.id = uniqueComponentId(toString(kind));
    c.position = Position{pos.x(), pos.y()};
    switch (kind) {
    case ComponentKind::Client:
        c.rps = 100;
        break;
    case ComponentKind::Service:
    case ComponentKind::Worker:
        c.replicas = 2;
        c.workers = 8;
        break;
    case ComponentKind::Cache:
        c.capacity = 100000;
        c.keys = 1000000;
        c.ttl_s = 60;
        c.zipf = 0.9;
        break;
    case ComponentKind::Cdn:
        c.capacity = 1000000;
        c.keys = 1000000;
        c.ttl_s = 300;
        c.public_only = true;
        break;
    case ComponentKind::Database:
        c.workers = 32;
        if (!m_model.schemas.empty())
            c.schema = m_model.schemas.front().id;
        break;
    case ComponentKind::LoadBalancer:
    case ComponentKind::Gateway:
        c.workers = 256;
        break;
    case ComponentKind::Realtime: // bounded queues and history: no lint finding to start with
        c.replicas = 2;
        c.realtime = RealtimeSettings{};
        c.realtime->queue_bytes = 256 * 1024;
        c.realtime->history_size = 100;
        c.realtime->history_ttl_s = 300;
        break;
    case ComponentKind::Stream:
        c.replicas = 3; // brokers
        c.stream = StreamSettings{};
        c.stream->partitions = 6;
        c.stream->replication_factor = 3;
        break;
    case ComponentKind::Job:
        c.job = JobSettings{};
        c.job->interval_s = 3600; // hourly; a job needs a schedule
        break;
    default:
        break;
    }
    m_undo.push(new InsertCommand(this, {c}, {},
                                  tr("Add %1").arg(QString::fromStdString(c.id))));
    return c.id;
}

std::string Document::connectComponents(const std::string &from, const std::string &to)
{
    const Component *a = component(from);
    const Component *b = component(to);
    if (!a || !b || from == to)
        return {};
    Link l;
    l.id = uniqueLinkId(from, to);
    l.from = from;
    l.to = to;
    switch (b->kind) {
    case ComponentKind::Cache:
    case ComponentKind::Cdn:
        l.kind = LinkKind::Read;
        break;
    case ComponentKind::Queue:
    case ComponentKind::Stream:
        // A service or worker dragged onto a stream or queue usually reads it; others publish.
        l.kind = a->kind == ComponentKind::Worker ? LinkKind::Consume : LinkKind::Publish;
        break;
    case ComponentKind::Database:
        l.kind = a->kind == ComponentKind::Cache ? LinkKind::Fill : LinkKind::Read;
        if (a->kind == ComponentKind::Job) {
            // A job's first database is its source, the next one its sink.
            for (const Link &o : m_model.links)
                if (o.from == from && o.kind == LinkKind::Read)
                    l.kind = LinkKind::Write;
        }
        break;
    case ComponentKind::External:
        l.kind = a->kind == ComponentKind::Job ? LinkKind::Write : LinkKind::Call;
        break;
    default:
        l.kind = a->kind == ComponentKind::Cache || a->kind == ComponentKind::Cdn
                     ? LinkKind::Fill
                     : LinkKind::Call;
    }
    if (a->kind != ComponentKind::Client)
        l.timeout_ms = 1000;
    m_undo.push(new InsertCommand(
        this, {}, {l},
        tr("Connect %1 to %2").arg(QString::fromStdString(from), QString::fromStdString(to))));
    return l.id;
}

QStringList Document::remove(const QStringList &componentIds, const QStringList &linkIds)
{
    std::vector<std::string> cs, ls;
    for (const auto &id : componentIds)
        if (component(id.toStdString()))
            cs.push_back(id.toStdString());
    for (const auto &id : linkIds)
        if (link(id.toStdString()))
            ls.push_back(id.toStdString());
    if (cs.empty() && ls.empty())
        return {};
    auto *command = new RemoveCommand(this, std::move(cs), std::move(ls));
    m_undo.push(command); // runs redo(), which finds what else goes
    return command->consequences();
}

void Document::moved(const std::vector<std::pair<std::string, QPointF>> &oldPos,
                     const std::vector<std::pair<std::string, QPointF>> &newPos,
                     const QString &text)
{
    std::vector<MoveCommand::Move> moves;
    for (size_t i = 0; i < oldPos.size() && i < newPos.size(); ++i)
        if (oldPos[i].second != newPos[i].second && component(oldPos[i].first))
            moves.push_back({oldPos[i].first, oldPos[i].second, newPos[i].second});
    if (moves.empty())
        return;
    // Only keyboard nudges (no text) merge; each drag and each layout is its own step.
    const bool mergeable = text == QLatin1String("nudge");
    m_undo.push(new MoveCommand(this, std::move(moves), mergeable ? tr("Nudge") : text,
                                mergeable));
}

void Document::editComponent(const std::string &id, const Component &after,
                             const QString &field, const QString &text)
{
    const Component *before = component(id);
    if (!before || *before == after)
        return;
    if (after.id != id && component(after.id))
        return; // the inspector refuses duplicate ids before it gets here
    m_undo.push(new EditComponentCommand(this, id, *before, after, field, text));
}

std::vector<std::pair<std::string, std::string>>
Document::linkRenames(const std::string &id, const std::string &newId) const
{
    std::vector<std::pair<std::string, std::string>> out;
    if (id.empty() || newId.empty() || id == newId)
        return out;
    std::set<std::string> taken;
    for (const auto &l : m_model.links)
        taken.insert(l.id);
    for (const auto &l : m_model.links) {
        std::string name = l.id;
        // "<from>-<to>[-<suffix>]": the component's id as a whole part at its end's place.
        if (l.from == id && name.rfind(id + "-", 0) == 0)
            name = newId + name.substr(id.size());
        if (l.to == id) {
            const std::string part = "-" + id;
            for (size_t at = name.find(part); at != std::string::npos;
                 at = name.find(part, at + 1)) {
                const size_t end = at + part.size();
                if (end == name.size() || name[end] == '-') {
                    name.replace(at + 1, id.size(), newId);
                    break;
                }
            }
        }
        if (name == l.id || taken.count(name))
            continue;
        taken.insert(name);
        out.emplace_back(l.id, name);
    }
    return out;
}

void Document::renameComponent(const std::string &id, const Component &after,
                               const std::vector<std::pair<std::string, std::string>> &links)
{
    const Component *before = component(id);
    if (!before || *before == after || (after.id != id && component(after.id)))
        return;
    if (links.empty()) {
        editComponent(id, after, QStringLiteral("id"));
        return;
    }
    m_undo.beginMacro(tr("Rename %1 to %2 with %n link(s)", nullptr, int(links.size()))
                          .arg(QString::fromStdString(id), QString::fromStdString(after.id)));
    m_undo.push(new EditComponentCommand(this, id, *before, after, QStringLiteral("id")));
    for (const auto &[from, to] : links)
        if (link(from) && !link(to))
            m_undo.push(new RenameLinkCommand(this, from, to));
    m_undo.endMacro();
}

void Document::editLink(const std::string &id, const Link &after, const QString &field)
{
    const Link *before = link(id);
    if (!before || *before == after)
        return;
    m_undo.push(new EditLinkCommand(this, *before, after, field));
}

void Document::editTable(const std::string &schemaId, const std::string &tableName,
                         std::optional<Table> after, const QString &field)
{
    const Schema *s = schema(schemaId);
    if (!s)
        return;
    int index = int(s->tables.size());
    std::optional<Table> before;
    for (size_t i = 0; i < s->tables.size(); ++i)
        if (s->tables[i].name == tableName) {
            index = int(i);
            before = s->tables[i];
        }
    if (!before && !after)
        return;
    if (before && after && *before == *after)
        return;
    if (before && after && before->name != after->name) {
        // A rename takes its references along (foreign keys, views' reads and queries, links'
        // tables, suppressions) in one undo step: nothing is left naming the old table.
        Model next = m_model;
        if (model::renameTable(next, schemaId, before->name, after->name)) {
            for (Schema &s : next.schemas)
                if (s.id == schemaId)
                    s.tables[size_t(index)] = *after;
            applyModel(next, tr("Rename table %1 to %2")
                                 .arg(QString::fromStdString(before->name),
                                      QString::fromStdString(after->name)));
            return;
        }
    }
    m_undo.push(new EditTableCommand(this, schemaId, index, before, after, field));
}

std::string Document::addSchema(const std::string &base)
{
    std::string id = base;
    for (int n = 2; schema(id); ++n)
        id = base + "-" + std::to_string(n);
    Schema s;
    s.id = id;
    m_undo.push(new AddSchemaCommand(this, s));
    return id;
}

void Document::editMeta(const QString &name, const QString &description,
                        const QStringList &zones)
{
    std::vector<std::string> z;
    for (const auto &s : zones)
        z.push_back(s.toStdString());
    if (name.toStdString() == m_model.name && description.toStdString() == m_model.description
        && z == m_model.zones)
        return;
    m_undo.push(new EditMetaCommand(this, name.toStdString(), description.toStdString(), z));
}

void Document::insert(const std::vector<Component> &components, const std::vector<Link> &links,
                      const QString &text)
{
    if (components.empty() && links.empty())
        return;
    m_undo.push(new InsertCommand(this, components, links, text));
}

void Document::applyImport(const std::vector<Schema> &schemas,
                           const std::vector<Component> &components, const QString &text)
{
    if (schemas.empty() && components.empty())
        return;
    m_undo.push(new ReplaceOrAddCommand(this, schemas, components, text));
}

bool Document::applyModel(const Model &after, const QString &text)
{
    const auto sameIds = [](const auto &a, const auto &b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                          [](const auto &x, const auto &y) { return x.id == y.id; });
    };
    if (!sameIds(m_model.components, after.components) || !sameIds(m_model.links, after.links)
        || !sameIds(m_model.schemas, after.schemas)
        || !sameIds(m_model.scenarios, after.scenarios))
        return false;
    if (m_model == after)
        return true;
    m_undo.push(new ApplyModelCommand(this, m_model, after, text));
    return true;
}

// --- raw mutators ---

void Document::touch(bool content)
{
    ++m_generation;
    if (content)
        emit contentChanged();
}

void Document::rawInsertComponent(int index, const Component &c)
{
    index = std::clamp(index, 0, int(m_model.components.size()));
    m_model.components.insert(m_model.components.begin() + index, c);
    m_indexDirty = true;
    emit componentAdded(QString::fromStdString(c.id));
    touch();
}

Component Document::rawTakeComponent(const std::string &id)
{
    const int i = componentIndex(id);
    Component c = m_model.components[size_t(i)];
    m_model.components.erase(m_model.components.begin() + i);
    m_indexDirty = true;
    emit componentRemoved(QString::fromStdString(id));
    touch();
    return c;
}

void Document::rawReplaceComponent(const std::string &id, const Component &c)
{
    const int i = componentIndex(id);
    if (i < 0)
        return;
    m_model.components[size_t(i)] = c;
    if (c.id != id) {
        m_indexDirty = true;
        emit componentRenamed(QString::fromStdString(id), QString::fromStdString(c.id));
    }
    emit componentChanged(QString::fromStdString(c.id));
    touch();
}

void Document::rawSetPosition(const std::string &id, QPointF pos)
{
    const int i = componentIndex(id);
    if (i < 0)
        return;
    m_model.components[size_t(i)].position = Position{pos.x(), pos.y()};
    emit componentMoved(QString::fromStdString(id));
    touch(false);
}

void Document::rawInsertLink(int index, const Link &l)
{
    index = std::clamp(index, 0, int(m_model.links.size()));
    m_model.links.insert(m_model.links.begin() + index, l);
    m_indexDirty = true;
    emit linkAdded(QString::fromStdString(l.id));
    touch();
}

Link Document::rawTakeLink(const std::string &id)
{
    const int i = linkIndex(id);
    Link l = m_model.links[size_t(i)];
    m_model.links.erase(m_model.links.begin() + i);
    m_indexDirty = true;
    emit linkRemoved(QString::fromStdString(id));
    touch();
    return l;
}

void Document::rawReplaceLink(const std::string &id, const Link &l)
{
    const int i = linkIndex(id);
    if (i < 0)
        return;
    const bool rewired = m_model.links[size_t(i)].from != l.from
                         || m_model.links[size_t(i)].to != l.to || l.id != id;
    if (rewired) {
        m_model.links[size_t(i)] = l;
        m_indexDirty = true;
        emit linkRemoved(QString::fromStdString(id));
        emit linkAdded(QString::fromStdString(l.id));
    } else {
        m_model.links[size_t(i)] = l;
        emit linkChanged(QString::fromStdString(id));
    }
    touch();
}

void Document::rawSetTable(const std::string &schemaId, const std::string &name, int index,
                           const std::optional<Table> &t)
{
    ++m_schemaGeneration;
    Schema *s = nullptr;
    for (auto &x : m_model.schemas)
        if (x.id == schemaId)
            s = &x;
    if (!s)
        return;
    auto it = std::find_if(s->tables.begin(), s->tables.end(),
                           [&](const Table &x) { return x.name == name && !name.empty(); });
    if (it != s->tables.end()) {
        if (t)
            *it = *t;
        else
            s->tables.erase(it);
    } else if (t) {
        index = std::clamp(index, 0, int(s->tables.size()));
        s->tables.insert(s->tables.begin() + index, *t);
    }
    emit schemaChanged(QString::fromStdString(schemaId));
    touch();
}

void Document::rawInsertSchema(int index, const Schema &s)
{
    ++m_schemaGeneration;
    index = std::clamp(index, 0, int(m_model.schemas.size()));
    m_model.schemas.insert(m_model.schemas.begin() + index, s);
    emit schemaChanged(QString::fromStdString(s.id));
    touch();
}

void Document::rawReplaceSchema(const Schema &s)
{
    // In place, one signal: a listener never sees the model without the schema.
    for (auto &o : m_model.schemas)
        if (o.id == s.id) {
            ++m_schemaGeneration;
            o = s;
            emit schemaChanged(QString::fromStdString(s.id));
            touch();
            return;
        }
}

void Document::rawRemoveSchema(const std::string &id)
{
    ++m_schemaGeneration;
    auto &v = m_model.schemas;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Schema &s) { return s.id == id; }),
            v.end());
    emit schemaChanged(QString::fromStdString(id));
    touch();
}

void Document::rawSetMeta(const std::string &name, const std::string &description,
                          const std::vector<std::string> &zones)
{
    m_model.name = name;
    m_model.description = description;
    m_model.zones = zones;
    emit metaChanged();
    touch();
}

void Document::rawSetScenario(const std::string &id, int index,
                              const std::optional<model::Scenario> &s)
{
    auto &list = m_model.scenarios;
    auto it = std::find_if(list.begin(), list.end(), [&](const auto &x) { return x.id == id; });
    if (it != list.end() && s)
        *it = *s;
    else if (it != list.end())
        list.erase(it);
    else if (s)
        list.insert(list.begin() + std::clamp(index, 0, int(list.size())), *s);
    emit scenarioChanged(QString::fromStdString(id));
    touch();
}

void Document::rawSetSuppressions(const std::vector<model::Suppression> &suppress)
{
    m_model.suppress = suppress;
    touch();
}

void Document::rawRenameLink(const std::string &from, const std::string &to)
{
    const Link *l = link(from);
    if (!l)
        return;
    Link renamed = *l;
    renamed.id = to;
    for (auto &s : m_model.scenarios) {
        bool changed = false;
        for (auto &e : s.events)
            if (e.target == from) {
                e.target = to;
                changed = true;
            }
        for (auto &o : s.overrides)
            if (o.target == from) {
                o.target = to;
                changed = true;
            }
        if (changed)
            emit scenarioChanged(QString::fromStdString(s.id));
    }
    for (auto &s : m_model.suppress)
        if (s.target == from)
            s.target = to;
    rawReplaceLink(from, renamed); // emits and touches
}

void Document::rawRenameReferences(const std::string &from, const std::string &to)
{
    for (auto &l : m_model.links) {
        bool changed = false;
        if (l.from == from) {
            l.from = to;
            changed = true;
        }
        if (l.to == from) {
            l.to = to;
            changed = true;
        }
        for (auto &c : l.invalidates)
            if (c == from) {
                c = to;
                changed = true;
            }
        if (changed)
            emit linkChanged(QString::fromStdString(l.id));
    }
    for (auto &s : m_model.scenarios)
        for (auto &e : s.events)
            if (e.target == from)
                e.target = to;
    for (auto &s : m_model.scenarios)
        for (auto &o : s.overrides)
            if (o.target == from)
                o.target = to;
    for (auto &s : m_model.suppress)
        if (s.target == from)
            s.target = to;
}

} // namespace archsim::gui
