#pragma once

// Folder document/ (target archsim_gui_document): what every feature shares and edits. The
// Document (this file), the undo commands that change it (commands.h, scenariocommands.h) and
// its live analysis (analysis.h: the analytic estimate and the problems, off the GUI thread).
// No widgets: every feature folder links it, and it links none of them.
//
// The document/controller of the workbench: owns the model and its undo stack. Views read the
// model through it and never write it; every edit goes through a QUndoCommand (commands.h)
// that finds its target by stable id and calls the raw mutators below, which emit the change
// signals the views follow.

#include "archsim/model/types.h"

#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace archsim::gui {

class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject *parent = nullptr);

    // Returns the model; valid until the next edit.
    const model::Model &model() const { return m_model; }
    QUndoStack *undoStack() { return &m_undo; }

    // Replaces the whole model (new file, open, recover): clears the undo history.
    void reset(model::Model model, const QString &path = {});
    QString filePath() const { return m_path; }
    void setFilePath(const QString &path);
    // Returns the file name shown in the title bar ("Untitled" when the model has no file).
    QString displayName() const;
    bool isModified() const { return !m_undo.isClean() || m_forcedModified; }
    // Marks the current state as saved.
    void markSaved();
    // Marks a model that differs from its file without undo history (a recovered session).
    void setRecovered();
    // Increments on every change of the model; lets background work discard stale results.
    quint64 generation() const { return m_generation; }
    // Increments whenever a schema changes (tables, columns, keys): lets background work
    // reuse a snapshot of 5,000 tables instead of copying them after every edit.
    quint64 schemaGeneration() const { return m_schemaGeneration; }

    // Lookups by stable id (O(1)); nullptr / -1 when absent.
    const model::Component *component(const std::string &id) const;
    int componentIndex(const std::string &id) const;
    const model::Link *link(const std::string &id) const;
    int linkIndex(const std::string &id) const;
    const model::Schema *schema(const std::string &id) const;
    const model::Table *table(const std::string &schemaId, const std::string &name) const;
    // Returns the ids of the links that touch a component.
    std::vector<std::string> linksOf(const std::string &componentId) const;

    // Returns a fresh component id derived from `base` ("service", "service-2", ...).
    std::string uniqueComponentId(const std::string &base) const;
    // Returns a fresh link id for an edge from -> to.
    std::string uniqueLinkId(const std::string &from, const std::string &to) const;

    // --- Edits that push undo commands (the controller API the views call) ---
    // Adds a component of `kind` at `pos`; returns its id.
    std::string addComponent(model::ComponentKind kind, QPointF pos);
    // Connects two components with a link whose kind suits the target; returns its id or "".
    std::string connectComponents(const std::string &from, const std::string &to);
    // Removes components (with their links) and links, with the scenario events and
    // overrides, suppressions and invalidations that name them, in one undo step. Returns
    // what went besides them and schemas left without a database, one phrase each.
    QStringList remove(const QStringList &componentIds, const QStringList &linkIds);
    // Records a finished drag: the items are at `newPos`, they were at `oldPos`.
    void moved(const std::vector<std::pair<std::string, QPointF>> &oldPos,
               const std::vector<std::pair<std::string, QPointF>> &newPos,
               const QString &text = {});
    // Replaces a component (found by `id`) with `after`; `field` names the edited field so
    // typing into one field merges into one undo step. Renames references if the id changes.
    // A `text` names the undo step in words (Edit > Undo) instead of "Edit <field> of <id>";
    // such a step never merges.
    void editComponent(const std::string &id, const model::Component &after,
                       const QString &field, const QString &text = {});
    // Returns the links of component `id` whose id embeds it as one of their ends
    // ("api-gateway-user-svc" for "user-svc"), each with the id it would have with the
    // component named `newId` instead; ids that would clash are left out.
    std::vector<std::pair<std::string, std::string>>
    linkRenames(const std::string &id, const std::string &newId) const;
    // Renames component `id` (`after` carries the new id) and the links in `links` (old id,
    // new id), with every scenario event, override and suppression naming them, in one undo
    // step.
    void renameComponent(const std::string &id, const model::Component &after,
                         const std::vector<std::pair<std::string, std::string>> &links);
    // Replaces a link found by `id` with `after`.
    void editLink(const std::string &id, const model::Link &after, const QString &field);
    // Replaces (after set), adds (before empty) or removes (after empty) a table.
    void editTable(const std::string &schemaId, const std::string &tableName,
                   std::optional<model::Table> after, const QString &field);
    // Adds a schema with a fresh id; returns it.
    std::string addSchema(const std::string &base);
    // Replaces the model's name, description and zones.
    void editMeta(const QString &name, const QString &description, const QStringList &zones);
    // Inserts components and links (paste, duplicate) in one undo step.
    void insert(const std::vector<model::Component> &components,
                const std::vector<model::Link> &links, const QString &text);

    // Puts imported schemas and database components into the model in one undo step: each
    // replaces the one with its id (in place) or is appended. `text` names the step.
    void applyImport(const std::vector<model::Schema> &schemas,
                     const std::vector<model::Component> &components, const QString &text);

    // Sets the model to `after` (the same components, links, schemas and scenarios by id and
    // in order, fields changed: a sweep point) in one undo step named `text`. Returns false,
    // changing nothing, when `after` adds, removes or reorders any of them.
    bool applyModel(const model::Model &after, const QString &text);

    // --- Raw mutators for the commands only (no undo) ---
    void rawInsertComponent(int index, const model::Component &c);
    model::Component rawTakeComponent(const std::string &id);
    void rawReplaceComponent(const std::string &id, const model::Component &c);
    void rawSetPosition(const std::string &id, QPointF pos);
    void rawInsertLink(int index, const model::Link &l);
    model::Link rawTakeLink(const std::string &id);
    void rawReplaceLink(const std::string &id, const model::Link &l);
    void rawSetTable(const std::string &schemaId, const std::string &name, int index,
                     const std::optional<model::Table> &t);
    void rawInsertSchema(int index, const model::Schema &s);
    void rawRemoveSchema(const std::string &id);
    // Replaces the schema with `s`'s id by `s` (nothing when there is none).
    void rawReplaceSchema(const model::Schema &s);
    void rawSetMeta(const std::string &name, const std::string &description,
                    const std::vector<std::string> &zones);
    // Replaces the scenario with id `id` by `s`, removes it (`s` empty), or inserts `s` at
    // `index` when there is no scenario `id`.
    void rawSetScenario(const std::string &id, int index,
                        const std::optional<model::Scenario> &s);
    // Replaces the list of suppressed lint findings.
    void rawSetSuppressions(const std::vector<model::Suppression> &suppress);
    // Renames link `from` to `to` and rewrites the scenario events, overrides and
    // suppressions that name it.
    void rawRenameLink(const std::string &from, const std::string &to);
    // Rewrites every reference to component `from` (links, invalidates, events) to `to`.
    void rawRenameReferences(const std::string &from, const std::string &to);

signals:
    void modelReset();
    void componentAdded(const QString &id);
    void componentRemoved(const QString &id);
    void componentChanged(const QString &id);
    void componentMoved(const QString &id);
    void componentRenamed(const QString &oldId, const QString &newId);
    void linkAdded(const QString &id);
    void linkRemoved(const QString &id);
    void linkChanged(const QString &id);
    void schemaChanged(const QString &schemaId);
    void metaChanged();
    // A scenario was added, edited or removed (its id; the old id after a rename).
    void scenarioChanged(const QString &id);
    // Emitted after any change of the model content (not after a pure position change).
    void contentChanged();
    void filePathChanged();
    // Emitted when isModified() changes.
    void modifiedChanged(bool modified);

private:
    void touch(bool content = true);
    void rebuildIndex() const;

    model::Model m_model;
    QUndoStack m_undo;
    QString m_path;
    quint64 m_generation = 0;
    quint64 m_schemaGeneration = 0;
    bool m_forcedModified = false;
    mutable bool m_indexDirty = true;
    mutable std::unordered_map<std::string, int> m_componentIdx;
    mutable std::unordered_map<std::string, int> m_linkIdx;
};

// Converts between model positions and scene points.
inline QPointF toPoint(const std::optional<model::Position> &p)
{
    return p ? QPointF(p->x, p->y) : QPointF();
}

} // namespace archsim::gui
