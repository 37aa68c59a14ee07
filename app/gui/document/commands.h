#pragma once

// Undo commands of the workbench. Each finds its target by stable id (component id, link id,
// schema id + table name) and changes the model only through Document's raw mutators.

#include "archsim/model/types.h"

#include <QPointF>
#include <QUndoCommand>

#include <optional>
#include <string>
#include <vector>

namespace archsim::gui {

class Document;

// Command ids for mergeWith(): consecutive edits of one field of one target merge.
enum CommandId { MoveId = 1, EditComponentId, EditLinkId, EditTableId };

// Inserts components and links (add, connect, paste, duplicate); undo removes them.
class InsertCommand : public QUndoCommand {
public:
    InsertCommand(Document *doc, std::vector<model::Component> components,
                  std::vector<model::Link> links, const QString &text);
    void redo() override;
    void undo() override;

private:
    Document *m_doc;
    std::vector<model::Component> m_components;
    std::vector<model::Link> m_links;
};

// Removes components (with every link that touches them) and links, and every reference to
// them: scenario events and overrides, suppressions, the caches other links invalidate. Undo
// restores all of it at the former places in the lists.
class RemoveCommand : public QUndoCommand {
public:
    RemoveCommand(Document *doc, std::vector<std::string> componentIds,
                  std::vector<std::string> linkIds);
    void redo() override;
    void undo() override;
    // What went besides the selection, one phrase each ("2 events of scenario x"), and the
    // schemas left without a database; filled by redo().
    const QStringList &consequences() const { return m_consequences; }

private:
    Document *m_doc;
    std::vector<std::string> m_componentIds;
    std::vector<std::string> m_linkIds;
    std::vector<std::pair<int, model::Component>> m_components; // sorted by index
    std::vector<std::pair<int, model::Link>> m_links;
    std::vector<std::pair<int, model::Scenario>> m_scenarios; // as they were, with their index
    std::optional<std::vector<model::Suppression>> m_suppress; // as they were, if changed
    std::vector<model::Link> m_invalidating; // kept links whose invalidates changed, as were
    QStringList m_consequences;
};

// Moves components; a drag is one command, and consecutive nudges of the same set merge.
class MoveCommand : public QUndoCommand {
public:
    struct Move {
        std::string id;
        QPointF from;
        QPointF to;
    };
    MoveCommand(Document *doc, std::vector<Move> moves, const QString &text, bool mergeable);
    void redo() override;
    void undo() override;
    int id() const override { return m_mergeable ? MoveId : -1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    Document *m_doc;
    std::vector<Move> m_moves;
    bool m_mergeable;
};

// Replaces one component with an edited copy; typing into one field merges into one step.
// A step given its own `text` ("Add client-rate class slow to order-updates") never merges.
class EditComponentCommand : public QUndoCommand {
public:
    EditComponentCommand(Document *doc, std::string id, model::Component before,
                         model::Component after, QString field, const QString &text = {});
    void redo() override;
    void undo() override;
    int id() const override { return EditComponentId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    Document *m_doc;
    model::Component m_before;
    model::Component m_after;
    QString m_field;
    bool m_ownText = false;
};

// Replaces one link with an edited copy.
class EditLinkCommand : public QUndoCommand {
public:
    EditLinkCommand(Document *doc, model::Link before, model::Link after, QString field);
    void redo() override;
    void undo() override;
    int id() const override { return EditLinkId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    Document *m_doc;
    model::Link m_before;
    model::Link m_after;
    QString m_field;
};

// Renames one link (found by id) and the scenario events, overrides and suppressions that
// name it.
class RenameLinkCommand : public QUndoCommand {
public:
    RenameLinkCommand(Document *doc, std::string from, std::string to,
                      QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document *m_doc;
    std::string m_from;
    std::string m_to;
};

// Adds, edits or removes one table of a schema (found by schema id and table name).
class EditTableCommand : public QUndoCommand {
public:
    EditTableCommand(Document *doc, std::string schemaId, int index,
                     std::optional<model::Table> before, std::optional<model::Table> after,
                     QString field);
    void redo() override;
    void undo() override;
    int id() const override { return EditTableId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    void apply(const std::optional<model::Table> &from, const std::optional<model::Table> &to);
    Document *m_doc;
    std::string m_schemaId;
    int m_index;
    std::optional<model::Table> m_before;
    std::optional<model::Table> m_after;
    QString m_field;
};

// Adds a schema.
class AddSchemaCommand : public QUndoCommand {
public:
    AddSchemaCommand(Document *doc, model::Schema schema);
    void redo() override;
    void undo() override;

private:
    Document *m_doc;
    model::Schema m_schema;
};

// Puts schemas and components into the model by id (an import): each one replaces the schema
// or component with its id, at the same place, or is appended. Undo restores every replaced
// one and removes the appended ones, so the model is exactly as before.
class ReplaceOrAddCommand : public QUndoCommand {
public:
    ReplaceOrAddCommand(Document *doc, std::vector<model::Schema> schemas,
                        std::vector<model::Component> components, const QString &text);
    void redo() override;
    void undo() override;

private:
    Document *m_doc;
    std::vector<model::Schema> m_schemas;
    std::vector<model::Component> m_components;
    // What redo() replaced, in the same order: index and old value, or index -1 if appended.
    std::vector<std::pair<int, model::Schema>> m_oldSchemas;
    std::vector<std::optional<model::Component>> m_oldComponents;
};

// Replaces the model's name, description and zones.
class EditMetaCommand : public QUndoCommand {
public:
    EditMetaCommand(Document *doc, std::string name, std::string description,
                    std::vector<std::string> zones);
    void redo() override;
    void undo() override;

private:
    Document *m_doc;
    std::string m_name[2];
    std::string m_description[2];
    std::vector<std::string> m_zones[2];
};

// Sets the model's content to `after` in one step (a sweep point applied): the components,
// links, schemas and scenarios that differ are replaced in place, with the meta and the
// suppressions. Both models have the same component, link, schema and scenario ids in order.
class ApplyModelCommand : public QUndoCommand {
public:
    ApplyModelCommand(Document *doc, model::Model before, model::Model after,
                      const QString &text);
    void redo() override;
    void undo() override;

private:
    void apply(const model::Model &to);

    Document *m_doc;
    model::Model m_before;
    model::Model m_after;
};

} // namespace archsim::gui
