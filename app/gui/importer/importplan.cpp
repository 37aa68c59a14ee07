// The import's effect on the model, before anything changes: dialect detection, schema
// filter, merge targets, the changes to apply and the phrases the review shows.

#include "importplan.h"

#include "archsim/model/validate.h"

#include <QObject>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

namespace archsim::gui {

using model::Component;
using model::Model;
using model::Schema;

namespace {

std::string lowered(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// Returns `base`, or `base-2`, `base-3`... whichever `used` does not hold yet, and takes it.
std::string takeUnique(std::set<std::string> &used, const std::string &base)
{
    std::string id = base.empty() ? std::string("db") : base;
    for (int n = 2; used.count(id); ++n)
        id = base + "-" + std::to_string(n);
    used.insert(id);
    return id;
}

const Schema *schemaById(const std::vector<Schema> &schemas, const std::string &id)
{
    for (const auto &s : schemas)
        if (s.id == id)
            return &s;
    return nullptr;
}

const Component *componentById(const Model &m, const std::string &id)
{
    for (const auto &c : m.components)
        if (c.id == id)
            return &c;
    return nullptr;
}

QString q(const std::string &s) { return QString::fromStdString(s); }

// Replaces the item of `list` with the id of `item`, or appends `item`.
template <typename T>
void put(std::vector<T> &list, const T &item)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const T &o) { return o.id == item.id; });
    if (it != list.end())
        *it = item;
    else
        list.push_back(item);
}

} // namespace

QString counted(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%L1 ").arg(n) + QString::fromLatin1(n == 1 ? one : many);
}

model::DbEngine detectDialect(std::string_view sql)
{
    // The code only: quoted strings and identifiers and comments are blanked (a column named
    // "tick`s" says nothing), except MySQL's executable comments /*! ... */.
    const std::string_view head = sql.substr(0, std::min<size_t>(sql.size(), 1 << 20));
    std::string code;
    code.reserve(head.size());
    for (size_t i = 0; i < head.size();) {
        const char c = head[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < head.size() && head[j] != c)
                j += head[j] == '\\' && c == '\'' ? 2 : 1;
            code += ' ';
            i = j + 1;
        } else if (c == '-' && i + 1 < head.size() && head[i + 1] == '-') {
            while (i < head.size() && head[i] != '\n')
                ++i;
        } else if (c == '/' && i + 2 < head.size() && head[i + 1] == '*' && head[i + 2] != '!') {
            const size_t end = head.find("*/", i + 2);
            i = end == std::string_view::npos ? head.size() : end + 2;
            code += ' ';
        } else {
            code += c;
            ++i;
        }
    }
    const std::string text = lowered(code);
    if (text.find('`') != std::string::npos || text.find("/*!") != std::string::npos)
        return model::DbEngine::Mysql;
    std::set<std::string> words;
    std::string word;
    for (char c : text + ' ') {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
            word += c;
        } else if (!word.empty()) {
            words.insert(word);
            word.clear();
        }
    }
    for (const char *w : {"auto_increment", "unsigned", "engine", "delimiter", "tinyint",
                          "mediumint", "longtext", "mediumtext", "longblob", "datetime"})
        if (words.count(w))
            return model::DbEngine::Mysql;
    for (const char *w : {"autoincrement", "pragma", "rowid", "blob", "sqlite_schema",
                          "sqlite_master", "sqlite_sequence"})
        if (words.count(w))
            return model::DbEngine::Sqlite;
    return model::DbEngine::Postgres;
}

QStringList filterSchemas(importers::ImportResult &result, const QStringList &names)
{
    if (names.isEmpty())
        return {};
    std::set<std::string> wanted;
    for (const auto &n : names)
        wanted.insert(n.trimmed().toStdString());
    std::set<std::string> matched, keptIds;
    std::vector<Schema> schemas;
    for (const auto &s : result.schemas)
        if (wanted.count(s.name)) {
            matched.insert(s.name);
            keptIds.insert(s.id);
            schemas.push_back(s);
        }
    std::vector<Component> databases;
    for (const auto &c : result.databases)
        if (keptIds.count(c.schema))
            databases.push_back(c);
    // What was not imported or is lossy in a schema left out is no concern of this import:
    // an item goes when it names a left-out schema ("view audit.v", "column audit.t.c") and
    // no kept one; items that name no schema stay.
    std::set<std::string> dropped;
    for (const auto &s : result.schemas)
        if (!wanted.count(s.name))
            dropped.insert(s.name);
    auto outside = [&](const std::string &object) {
        auto names = [&](const std::string &schema) {
            return object.find(" " + schema + ".") != std::string::npos;
        };
        return std::any_of(dropped.begin(), dropped.end(), names) &&
               std::none_of(matched.begin(), matched.end(), names);
    };
    std::erase_if(result.notImported,
                  [&](const importers::NotImported &n) { return outside(n.object); });
    std::erase_if(result.lossy,
                  [&](const importers::LossyMapping &n) { return outside(n.object); });
    result.schemas = std::move(schemas);
    result.databases = std::move(databases);
    QStringList unmatched;
    for (const auto &n : wanted)
        if (!matched.count(n))
            unmatched << q(n);
    return unmatched;
}

std::vector<std::string> mergeCandidates(const Model &base)
{
    std::vector<std::string> out;
    for (const auto &c : base.components)
        if (c.kind == model::ComponentKind::Database)
            out.push_back(c.id);
    return out;
}

std::string defaultMergeTarget(const Model &base, const importers::ImportResult &result,
                               size_t index)
{
    if (index >= result.databases.size())
        return {};
    const Component *c = componentById(base, result.databases[index].id);
    return c && c->kind == model::ComponentKind::Database ? c->id : std::string();
}

ImportChanges planImport(const Model &base, const importers::ImportResult &result,
                         const std::vector<std::string> &mergeInto)
{
    ImportChanges out;
    std::set<std::string> componentIds, schemaIds;
    double right = 0;
    bool any = false;
    for (const auto &c : base.components) {
        componentIds.insert(c.id);
        if (c.position) {
            right = any ? std::max(right, c.position->x) : c.position->x;
            any = true;
        }
    }
    for (const auto &s : base.schemas)
        schemaIds.insert(s.id);
    const double x = any ? right + 320 : 0;
    double y = 0;

    // The current version of a schema: changed by this plan already, or the model's.
    auto current = [&](const std::string &id) -> std::optional<Schema> {
        if (const Schema *s = schemaById(out.schemas, id))
            return *s;
        if (const Schema *s = schemaById(base.schemas, id))
            return *s;
        return std::nullopt;
    };

    for (size_t i = 0; i < result.databases.size(); ++i) {
        const Component &db = result.databases[i];
        const Schema *imported = schemaById(result.schemas, db.schema);
        const std::string target = i < mergeInto.size() ? mergeInto[i] : std::string();
        const Component *existing = target.empty() ? nullptr : componentById(base, target);
        if (existing) {
            Component c = *existing;
            for (const auto &o : out.components)
                if (o.id == c.id)
                    c = o; // merged into before by another imported database
            c.kind = model::ComponentKind::Database;
            c.engine = db.engine;
            std::optional<Schema> schema = c.schema.empty() ? std::nullopt : current(c.schema);
            if (!schema) {
                Schema s = imported ? *imported : Schema{};
                s.id = c.schema.empty() || schemaIds.count(c.schema)
                           ? takeUnique(schemaIds, imported ? imported->id : c.id)
                           : c.schema;
                schemaIds.insert(s.id);
                c.schema = s.id;
                put(out.schemas, s);
            } else if (imported) {
                for (const auto &t : imported->tables) {
                    auto it = std::find_if(schema->tables.begin(), schema->tables.end(),
                                           [&](const model::Table &o) {
                                               return o.name == t.name;
                                           });
                    if (it != schema->tables.end())
                        *it = t;
                    else
                        schema->tables.push_back(t);
                }
                put(out.schemas, *schema);
            }
            put(out.components, c);
            continue;
        }
        Component c = db;
        c.id = takeUnique(componentIds, db.id);
        Schema s = imported ? *imported : Schema{};
        s.id = takeUnique(schemaIds, imported ? imported->id : c.id);
        c.schema = s.id;
        c.position = model::Position{x, y};
        y += 160;
        out.schemas.push_back(s);
        out.components.push_back(c);
    }
    return out;
}

model::Model applyChanges(Model base, const ImportChanges &changes)
{
    for (const auto &s : changes.schemas)
        put(base.schemas, s);
    for (const auto &c : changes.components)
        put(base.components, c);
    return base;
}

QStringList newProblems(const Model &base, const ImportChanges &changes)
{
    std::set<std::string> before;
    for (const auto &d : model::validate(base))
        before.insert(d.format());
    QStringList errors, warnings;
    for (const auto &d : model::validate(applyChanges(base, changes))) {
        const std::string text = d.format();
        if (before.count(text))
            continue;
        (d.severity == model::Diagnostic::Severity::Error ? errors : warnings) << q(text);
    }
    return errors + warnings;
}

QStringList describeTarget(const Model &base, const importers::ImportResult &result,
                           size_t index, const std::string &mergeInto)
{
    QStringList out;
    if (index >= result.databases.size())
        return out;
    const Component &db = result.databases[index];
    const Schema *imported = schemaById(result.schemas, db.schema);
    const Component *existing = mergeInto.empty() ? nullptr : componentById(base, mergeInto);
    if (!existing) {
        std::vector<std::string> choice(result.databases.size());
        const ImportChanges changes = planImport(base, result, choice);
        const Component &c = changes.components[index];
        if (c.id != db.id)
            out << QObject::tr("a component %1 exists: added as the new database component %2")
                       .arg(q(db.id), q(c.id));
        else
            out << QObject::tr("added as the new database component %1").arg(q(c.id));
        if (c.schema != db.schema)
            out << QObject::tr("a schema %1 exists: its tables go to the new schema %2")
                       .arg(q(db.schema), q(c.schema));
        return out;
    }
    out << QObject::tr("merged into the database component %1").arg(q(existing->id));
    if (existing->engine != db.engine)
        out << QObject::tr("its engine changes from %1 to %2")
                   .arg(q(model::toString(existing->engine)), q(model::toString(db.engine)));
    const Schema *schema = existing->schema.empty() ? nullptr
                                                     : schemaById(base.schemas, existing->schema);
    if (!schema) {
        out << QObject::tr("it has no schema yet: it gets the imported one");
        return out;
    }
    QStringList replaced, added, kept;
    std::set<std::string> importedNames;
    for (const auto &t : imported ? imported->tables : std::vector<model::Table>{}) {
        importedNames.insert(t.name);
        const bool exists = std::any_of(schema->tables.begin(), schema->tables.end(),
                                        [&](const model::Table &o) { return o.name == t.name; });
        (exists ? replaced : added) << q(t.name);
    }
    for (const auto &t : schema->tables)
        if (!importedNames.count(t.name))
            kept << q(t.name);
    const QString sid = q(schema->id);
    if (!replaced.isEmpty())
        out << QObject::tr("replaces %1 of schema %2: %3")
                   .arg(counted(replaced.size(), "table", "tables"), sid,
                        replaced.join(QStringLiteral(", ")));
    if (!added.isEmpty())
        out << QObject::tr("adds %1 to schema %2: %3")
                   .arg(counted(added.size(), "table", "tables"), sid,
                        added.join(QStringLiteral(", ")));
    if (!kept.isEmpty())
        out << QObject::tr("keeps %1 the import does not name: %2")
                   .arg(counted(kept.size(), "table", "tables"), kept.join(QStringLiteral(", ")));
    return out;
}

} // namespace archsim::gui
