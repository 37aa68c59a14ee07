#include "archsimschema.h"

namespace archsim::model::detail {

// Entities and child lists are rows with keys; kind-specific scalar settings sit in a JSON
// `attrs` object next to them (defaults left out), so adding a field needs no schema change.
const char *const kBaseSchema = R"sql(
CREATE TABLE model (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    attrs TEXT NOT NULL
) STRICT;

CREATE TABLE zones (
    ordinal INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE components (
    id TEXT PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    x REAL,
    y REAL,
    schema_id TEXT,
    attrs TEXT NOT NULL
) STRICT;
CREATE INDEX components_kind ON components(kind);
CREATE INDEX components_schema ON components(schema_id);

CREATE TABLE component_zones (
    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    zone TEXT NOT NULL,
    PRIMARY KEY (component_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX component_zones_zone ON component_zones(zone);

CREATE TABLE profile_points (
    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    at_s REAL NOT NULL,
    rps REAL NOT NULL,
    PRIMARY KEY (component_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE key_classes (
    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    share REAL NOT NULL,
    keys INTEGER NOT NULL,
    ttl_s REAL NOT NULL,
    PRIMARY KEY (component_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE component_env (
    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (component_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE component_secrets (
    component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    env TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (component_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE links (
    id TEXT PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    from_id TEXT NOT NULL REFERENCES components(id),
    to_id TEXT NOT NULL REFERENCES components(id),
    kind TEXT NOT NULL,
    key_class TEXT,
    attrs TEXT NOT NULL
) STRICT;
CREATE INDEX links_from ON links(from_id);
CREATE INDEX links_to ON links(to_id);

CREATE TABLE link_tables (
    link_id TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    PRIMARY KEY (link_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX link_tables_table ON link_tables(table_name);

CREATE TABLE link_invalidates (
    link_id TEXT NOT NULL REFERENCES links(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    cache_id TEXT NOT NULL,
    PRIMARY KEY (link_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX link_invalidates_cache ON link_invalidates(cache_id);

CREATE TABLE schemas (
    id TEXT PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE tables (
    table_id INTEGER PRIMARY KEY,
    schema_id TEXT NOT NULL REFERENCES schemas(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    attrs TEXT NOT NULL,
    UNIQUE (schema_id, ordinal)
) STRICT;
CREATE INDEX tables_name ON tables(schema_id, name);

CREATE TABLE columns (
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    nullable INTEGER NOT NULL,
    default_kind TEXT,
    default_value ANY,
    is_identity INTEGER NOT NULL,
    sensitive INTEGER NOT NULL,
    encrypted INTEGER NOT NULL,
    comment TEXT NOT NULL,
    renamed_from TEXT NOT NULL,
    PRIMARY KEY (table_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX columns_name ON columns(table_id, name);

CREATE TABLE primary_key_columns (
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    PRIMARY KEY (table_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE unique_constraints (
    constraint_id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (table_id, ordinal)
) STRICT;

CREATE TABLE unique_constraint_columns (
    constraint_id INTEGER NOT NULL
        REFERENCES unique_constraints(constraint_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    PRIMARY KEY (constraint_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE indexes (
    index_id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    is_unique INTEGER NOT NULL,
    UNIQUE (table_id, ordinal)
) STRICT;

CREATE TABLE index_columns (
    index_id INTEGER NOT NULL REFERENCES indexes(index_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    descending INTEGER NOT NULL,
    PRIMARY KEY (index_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE foreign_keys (
    fk_id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL REFERENCES tables(table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    ref_table TEXT NOT NULL,
    on_delete TEXT NOT NULL,
    on_update TEXT NOT NULL,
    UNIQUE (table_id, ordinal)
) STRICT;
CREATE INDEX foreign_keys_ref ON foreign_keys(ref_table);

CREATE TABLE foreign_key_columns (
    fk_id INTEGER NOT NULL REFERENCES foreign_keys(fk_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    column_name TEXT,
    ref_column_name TEXT,
    PRIMARY KEY (fk_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE partitionings (
    table_id INTEGER PRIMARY KEY REFERENCES tables(table_id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    column_name TEXT NOT NULL,
    attrs TEXT NOT NULL
) STRICT;

CREATE TABLE list_partitions (
    list_partition_id INTEGER PRIMARY KEY,
    table_id INTEGER NOT NULL REFERENCES partitionings(table_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (table_id, ordinal)
) STRICT;

CREATE TABLE list_partition_values (
    list_partition_id INTEGER NOT NULL
        REFERENCES list_partitions(list_partition_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (list_partition_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE scenarios (
    id TEXT PRIMARY KEY,
    ordinal INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    attrs TEXT NOT NULL
) STRICT;

CREATE TABLE scenario_events (
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    at_s REAL NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    attrs TEXT NOT NULL,
    PRIMARY KEY (scenario_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX scenario_events_target ON scenario_events(target);

CREATE TABLE suppressions (
    ordinal INTEGER PRIMARY KEY,
    rule TEXT NOT NULL,
    target TEXT NOT NULL,
    reason TEXT NOT NULL
) STRICT;
CREATE INDEX suppressions_rule ON suppressions(rule, target);
)sql";

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> steps{
        {1, "keep simulation runs", R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    seed INTEGER NOT NULL,
    label TEXT NOT NULL,
    options TEXT NOT NULL,
    results TEXT NOT NULL
) STRICT;
CREATE INDEX runs_scenario ON runs(scenario_id, created_at);
)sql"},
        {2, "views and materialized views", R"sql(
CREATE TABLE views (
    view_id INTEGER PRIMARY KEY,
    schema_id TEXT NOT NULL REFERENCES schemas(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    query TEXT NOT NULL,
    attrs TEXT NOT NULL,
    UNIQUE (schema_id, ordinal)
) STRICT;
CREATE INDEX views_name ON views(schema_id, name);

CREATE TABLE view_reads (
    view_id INTEGER NOT NULL REFERENCES views(view_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (view_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX view_reads_name ON view_reads(name);

CREATE TABLE view_indexes (
    view_index_id INTEGER PRIMARY KEY,
    view_id INTEGER NOT NULL REFERENCES views(view_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    is_unique INTEGER NOT NULL,
    UNIQUE (view_id, ordinal)
) STRICT;

CREATE TABLE view_index_columns (
    view_index_id INTEGER NOT NULL REFERENCES view_indexes(view_index_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    descending INTEGER NOT NULL,
    PRIMARY KEY (view_index_id, ordinal)
) STRICT, WITHOUT ROWID;
)sql"},
    };
    return steps;
}

std::vector<const char *> requiredTables(int version)
{
    std::vector<const char *> names{
        "model", "zones", "components", "component_zones", "profile_points", "key_classes",
        "component_env", "component_secrets", "links", "link_tables", "link_invalidates",
        "schemas", "tables", "columns", "primary_key_columns", "unique_constraints",
        "unique_constraint_columns", "indexes", "index_columns", "foreign_keys",
        "foreign_key_columns", "partitionings", "list_partitions", "list_partition_values",
        "scenarios", "scenario_events", "suppressions"};
    if (version >= 1)
        names.push_back("runs");
    if (version >= 2)
        names.insert(names.end(), {"views", "view_reads", "view_indexes", "view_index_columns"});
    return names;
}

const std::vector<const char *> &modelTablesChildFirst()
{
    static const std::vector<const char *> names{
        "suppressions", "scenario_events", "scenarios", "view_index_columns", "view_indexes",
        "view_reads", "views", "list_partition_values",
        "list_partitions", "partitionings", "foreign_key_columns", "foreign_keys",
        "index_columns", "indexes", "unique_constraint_columns", "unique_constraints",
        "primary_key_columns", "columns", "tables", "schemas", "link_invalidates",
        "link_tables", "links", "component_secrets", "component_env", "key_classes",
        "profile_points", "component_zones", "components", "zones", "model"};
    return names;
}

} // namespace archsim::model::detail
