#pragma once

// The shared back half of every importer: the drafts of schemas and tables the front ends
// (PostgreSQL parse tree, SQLite catalog, MySQL information_schema) fill in, and finish(),
// which attaches partitions to their tables, fits them to the model's partitioning, checks
// references and turns the drafts into schemas and database components.

#include "archsim/importers/import.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archsim::importers::detail {

// One partition as the source states it; bounds are literal texts ("2026-01-01", "42").
struct RawPartition {
    enum class Kind { Range, List, Hash, Default };
    std::string name;
    std::string place;
    Kind kind = Kind::Range;
    std::vector<std::string> from; // range; empty = MINVALUE / unbounded
    std::vector<std::string> to;   // range; empty = MAXVALUE
    std::vector<std::string> values; // list
    int modulus = 0;
    int remainder = 0;
};

struct TableDraft {
    model::Table table;
    std::string place;
    std::optional<model::PartitionMethod> method; // the table is partitioned
    std::string partColumn;                       // empty = an expression or several columns
    std::string partKeyText;                      // the key as the source wrote it
    std::vector<RawPartition> parts;
    std::string parentSchema; // non-empty: this table is a partition of parentSchema.parent
    std::string parent;
    std::optional<RawPartition> bound; // the bound of this partition
};

// A relation a view's query reads, as the source names it; resolved by finish().
struct ViewRead {
    std::string schema; // the schema it names or the search path gives
    std::string name;
};

struct ViewDraft {
    model::View view; // everything but `reads`
    std::string place;
    std::vector<ViewRead> reads;
};

struct SchemaDraft {
    std::string name;
    std::vector<TableDraft> tables;
    std::vector<ViewDraft> views; // in creation order, which is dependency order
};

class Builder {
public:
    Builder(model::DbEngine engine, std::string source);

    // Returns the schema draft named `name`, creating it at the end when new.
    SchemaDraft &schema(const std::string &name);

    // Returns the table `schema`.`table`, or nullptr when it was not created.
    TableDraft *findTable(const std::string &schema, const std::string &table);

    // Creates a table; returns nullptr (and records it) when the name is already taken.
    TableDraft *addTable(const std::string &schema, const std::string &table,
                         const std::string &place);

    // Returns the view `schema`.`name`, or nullptr when it was not created.
    ViewDraft *findView(const std::string &schema, const std::string &name);

    // Creates a view; returns nullptr (and records it) when a table or view has the name.
    ViewDraft *addView(const std::string &schema, const std::string &name,
                       const std::string &place);

    // Records an object the model cannot hold.
    void notImported(const std::string &place, const std::string &object,
                     const std::string &reason);

    // Records a mapping that lost something.
    void lossy(const std::string &place, const std::string &object, const std::string &original,
               const std::string &note);

    // Marks an index as the partition of a partitioned index (not imported on its own).
    void attachedIndex(const std::string &schema, const std::string &index);

    // Returns the model pieces; `base` names the components ("shop" -> "shop", "shop-public").
    ImportResult finish(const std::string &base);

    model::DbEngine engine() const { return m_engine; }

    // Sets the callback that progress() reports to (may be empty).
    void setProgress(Progress progress) { m_progress = std::move(progress); }

    // Reports work done out of `total` (0 = unknown) to the callback, if any.
    void progress(int done, int total) const
    {
        if (m_progress)
            m_progress(done, total);
    }

    // Sets the callback that cancelled() polls (may be empty).
    void setCancelled(Cancelled cancelled) { m_cancelled = std::move(cancelled); }

    // Returns true once the caller asked the import to stop.
    bool cancelled() const { return m_cancelled && m_cancelled(); }

private:
    void attachPartitions();
    void fitPartitioning(SchemaDraft &s, TableDraft &t);
    void checkReferences(SchemaDraft &s);
    void uniqueIndexNames(SchemaDraft &s);
    void resolveViewReads(SchemaDraft &s);

    model::DbEngine m_engine;
    std::string m_source;
    std::vector<SchemaDraft> m_schemas;
    std::map<std::string, std::vector<std::string>> m_attachedIndexes; // schema -> names
    ImportResult m_result;
    Progress m_progress;
    Cancelled m_cancelled;
};

// Returns a valid model id made of `text` ("Shop DB" -> "shop-db"); `fallback` when none.
std::string slug(const std::string &text, const std::string &fallback);

// Returns "line N" for the byte `offset` of `text` (1-based lines).
int lineOf(std::string_view text, size_t offset);

// Returns the offset of the first token at or after `i`, past blanks and SQL comments.
size_t skipBlanksAndComments(std::string_view s, size_t i);

// Returns the offset in `createText` (CREATE ... VIEW name [(columns)] [WITH (...)] AS query)
// where its query starts, past the AS that follows the view's name; npos when there is none.
size_t viewQueryStart(std::string_view createText);

// Returns `query` without the blanks and semicolons that end it, and without a trailing
// "WITH [NO] DATA" or "WITH [CASCADED | LOCAL] CHECK OPTION" (set in `tail`, upper case).
std::string trimViewQuery(std::string_view query, std::string *tail = nullptr);

// Returns the relations `query` names, as [schema.]name pairs in order of first appearance:
// identifiers outside literals and comments that `known` says are a relation. `known(schema,
// name)` gets the qualifier ("" when none) and the identifier as written (quotes removed).
std::vector<ViewRead> namedRelations(
    std::string_view query,
    const std::function<bool(const std::string &, const std::string &)> &known);

// Parses a decimal number literal completely; std::nullopt when it is not one.
std::optional<double> parseNumber(const std::string &text);

// Returns the logical type `base` with its parameters.
model::LogicalType makeType(model::LogicalType::Base base, int length = 0, int precision = 0,
                            int scale = 0);

// Maps a column type spelled as MySQL's COLUMN_TYPE or a SQLite declared type.
struct MappedType {
    model::LogicalType type;
    bool identity = false; // serial types
    std::string loss;      // empty = exact
};
MappedType mapTypeText(model::DbEngine engine, const std::string &text);

// Returns decimal(precision, scale) when the model can hold it (precision 1..1000, scale
// 0..precision); otherwise the narrowest decimal the model holds that keeps every value of the
// source's type, with a note. PostgreSQL 15 allows a negative scale or one above the precision;
// a precision out of range is refused by the server itself, and becomes decimal(38,10).
MappedType decimalType(int precision, int scale);

// Returns char(n) or varchar(n) when n is 1..65535 (the model's range); otherwise text, with a
// note (PostgreSQL's varchar goes up to 10485760).
MappedType lengthType(model::LogicalType::Base base, int length);

} // namespace archsim::importers::detail
