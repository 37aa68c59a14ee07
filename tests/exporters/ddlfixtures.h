#pragma once

// Models built in code for the DDL tests: a small shop (partitioned orders, identity users,
// foreign keys, comments, two services with links) and hostile names.

#include "archsim/model/types.h"

#include <QString>

#include <string>

namespace ddltest {

using namespace archsim::model;

inline Column col(std::string name, const char *type, bool nullable = true)
{
    Column c;
    c.name = std::move(name);
    c.type = LogicalType::parse(type).value();
    c.nullable = nullable;
    return c;
}

inline DefaultValue nowDefault()
{
    DefaultValue v;
    v.kind = DefaultValue::Kind::Now;
    return v;
}

inline DefaultValue textDefault(std::string s)
{
    DefaultValue v;
    v.kind = DefaultValue::Kind::String;
    v.text = std::move(s);
    return v;
}

inline Partitioning monthly(std::string column, std::string start, int count)
{
    Partitioning p;
    p.method = PartitionMethod::Range;
    p.column = std::move(column);
    p.interval = PartitionInterval::Month;
    p.start = std::move(start);
    p.count = count;
    return p;
}

inline Table usersTable()
{
    Table t;
    t.name = "users";
    t.comment = "People who buy; it's \"sensitive\"";
    t.columns = {col("user_id", "bigint", false), col("email", "varchar(254)", false),
                 col("display_name", "varchar(80)"), col("active", "bool", false),
                 col("created_at", "timestamptz", false)};
    t.columns[0].identity = true;
    t.columns[1].comment = "login; unique";
    t.columns[3].default_value = DefaultValue{DefaultValue::Kind::Bool, true, 0, {}};
    t.columns[4].default_value = nowDefault();
    t.primary_key = {"user_id"};
    t.unique = {{"users_email_key", {"email"}}};
    return t;
}

inline Table ordersTable()
{
    Table t;
    t.name = "orders";
    t.columns = {col("order_id", "ulid", false), col("user_id", "bigint", false),
                 col("status", "varchar(20)", false), col("total_amount", "decimal(12,2)"),
                 col("currency", "char(3)"), col("note", "text"),
                 col("created_at", "timestamptz", false)};
    t.columns[2].default_value = textDefault("pending");
    t.columns[6].default_value = nowDefault();
    t.primary_key = {"order_id", "created_at"};
    t.indexes = {{"orders_user_created", {{"user_id", false}, {"created_at", true}}, false}};
    ForeignKey fk;
    fk.columns = {"user_id"};
    fk.references = "users";
    fk.ref_columns = {"user_id"};
    fk.on_delete = RefAction::Cascade;
    t.foreign_keys = {fk};
    t.partitioning = monthly("created_at", "2026-01", 3);
    t.partitioning->default_partition = true;
    t.partitioning->retention = 12;
    return t;
}

inline Table productsTable()
{
    Table t;
    t.name = "products";
    t.columns = {col("sku", "varchar(32)", false), col("title", "text", false),
                 col("price", "decimal(10,2)", false), col("attributes", "json"),
                 col("image", "bytes"), col("uid", "uuid"), col("weight", "double"),
                 col("stock", "int", false), col("rating", "real"), col("rank", "smallint"),
                 col("launched", "date"), col("updated_at", "timestamp")};
    t.columns[7].default_value = DefaultValue{DefaultValue::Kind::Number, false, 0, {}};
    t.primary_key = {"sku"};
    t.indexes = {{"products_launched", {{"launched", true}, {"sku", false}}, false}};
    return t;
}

inline Model shopModel()
{
    Model m;
    m.name = "Shop";
    Schema s;
    s.id = "shop";
    s.tables = {ordersTable(), usersTable(), productsTable()}; // orders first: order is derived
    m.schemas = {s};
    Component api;
    api.id = "api";
    api.kind = ComponentKind::Service;
    Component worker;
    worker.id = "billing-worker";
    worker.kind = ComponentKind::Worker;
    Component db;
    db.id = "shop-db";
    db.kind = ComponentKind::Database;
    db.schema = "shop";
    m.components = {api, worker, db};
    Link r;
    r.from = "api";
    r.to = "shop-db";
    r.kind = LinkKind::Read;
    r.tables = {"users", "orders", "products"};
    Link w = r;
    w.kind = LinkKind::Write;
    w.tables = {"orders"};
    Link bw = w;
    bw.from = "billing-worker";
    bw.tables = {"orders", "users"};
    m.links = {r, w, bw};
    return m;
}

// Every partitioning shape: daily over a month end, yearly, list (text and integer), hash.
// MySQL has no DEFAULT list partition, so `listDefault` is off for it.
inline Model partitionModel(bool listDefault)
{
    Model m;
    m.name = "partitions";
    Schema s;
    s.id = "parts";
    Table daily;
    daily.name = "events_daily";
    daily.columns = {col("id", "bigint", false), col("day", "date", false)};
    daily.primary_key = {"id", "day"};
    daily.partitioning = monthly("day", "2026-02-27", 4);
    daily.partitioning->interval = PartitionInterval::Day;
    Table yearly;
    yearly.name = "logs_yearly";
    yearly.columns = {col("id", "bigint", false), col("at", "timestamp", false)};
    yearly.primary_key = {"id", "at"};
    yearly.partitioning = monthly("at", "2024", 3);
    yearly.partitioning->interval = PartitionInterval::Year;
    Table regional;
    regional.name = "regional";
    regional.columns = {col("id", "bigint", false), col("region", "varchar(8)", false)};
    regional.primary_key = {"id", "region"};
    Partitioning list;
    list.method = PartitionMethod::List;
    list.column = "region";
    list.lists = {{"eu", {"de", "fr"}}, {"us", {"us"}}};
    list.default_partition = listDefault;
    regional.partitioning = list;
    Table tiers;
    tiers.name = "tiers";
    tiers.columns = {col("id", "bigint", false), col("tier", "int", false)};
    tiers.primary_key = {"id", "tier"};
    Partitioning byInt = list;
    byInt.column = "tier";
    byInt.lists = {{"gold", {"1"}}, {"rest", {"2", "3"}}};
    byInt.default_partition = false;
    tiers.partitioning = byInt;
    Table sharded;
    sharded.name = "sharded";
    sharded.columns = {col("id", "bigint", false), col("payload", "text")};
    sharded.primary_key = {"id"};
    Partitioning hash;
    hash.method = PartitionMethod::Hash;
    hash.column = "id";
    hash.count = 4;
    sharded.partitioning = hash;
    s.tables = {daily, yearly, regional, tiers, sharded};
    m.schemas = {s};
    return m;
}

// The hostile names of issue #3, each a table and a column that must be created verbatim.
inline std::vector<std::string> hostileNames()
{
    return {"order", "x\"; DROP TABLE users; --", "a`b", "\xC3\xA9-\xC3\xBC", "it's",
            "back\\slash", "line\nbreak", std::string(63, 'n')};
}

inline Model hostileModel()
{
    Model m;
    m.name = "hostile";
    Schema s;
    s.id = "hostile";
    s.name = "select \"schema\"";
    for (const auto &n : hostileNames()) {
        Table t;
        t.name = n;
        t.comment = "comment of " + n;
        t.columns = {col("id", "int", false), col(n, "text")};
        t.columns[1].default_value = textDefault(n);
        t.columns[1].comment = n;
        t.primary_key = {"id"};
        s.tables.push_back(t);
    }
    // A table whose only column is also named after each hostile name.
    m.schemas = {s};
    return m;
}

// The hostile model after a migration: each hostile column renamed (declared), a hostile
// column added, the default literal changed.
inline Model hostileMigrated()
{
    Model m = hostileModel();
    for (auto &t : m.schemas[0].tables) {
        Column &c = t.columns[1];
        c.renamed_from = c.name;
        c.name = "r'\"`" + c.name.substr(0, 20);
        c.default_value = textDefault("new \\ '" + c.name + "'");
        t.columns.push_back(col("x\"; DROP TABLE users; --", "varchar(10)"));
    }
    return m;
}

// The model before a migration: the shop plus a table the next version drops.
inline Model migrationOld()
{
    Model m = shopModel();
    m.name = "Shop v1";
    Table legacy;
    legacy.name = "legacy_carts";
    legacy.columns = {col("cart_id", "bigint", false), col("payload", "text")};
    legacy.primary_key = {"cart_id"};
    m.schemas[0].tables.push_back(legacy);
    m.links[2].tables.push_back("legacy_carts"); // billing-worker writes orders, users, carts
    return m;
}

// The model after: every kind of change the report classifies.
inline Model migrationNew()
{
    Model m = migrationOld();
    m.name = "Shop v2";
    auto &tables = m.schemas[0].tables;
    tables.pop_back(); // legacy_carts dropped: destructive
    for (auto &t : tables) {
        if (t.name == "users") {
            t.columns[2].name = "full_name"; // declared rename: incompatible
            t.columns[2].renamed_from = "display_name";
            t.columns[1].type = LogicalType::parse("varchar(320)").value(); // widened: safe
            t.columns.push_back(col("phone", "varchar(20)"));                // safe
            t.comment = "People who buy";
        } else if (t.name == "orders") {
            t.partitioning->count = 5; // two new partitions
            t.partitioning->default_partition = true;
            t.columns[2].default_value = textDefault("new");
            t.indexes.push_back({"orders_status", {{"status", false}}, false});
            t.columns.erase(t.columns.begin() + 5); // note dropped: destructive
        } else if (t.name == "products") {
            t.name = "catalog_items"; // table rename
            t.renamed_from = "products";
            t.columns[2].type = LogicalType::parse("decimal(12,2)").value();
            t.columns[7].nullable = true;
            t.unique = {{"catalog_items_uid_key", {"uid"}}}; // data-dependent
        }
    }
    Table coupons;
    coupons.name = "coupons";
    coupons.columns = {col("code", "varchar(16)", false), col("user_id", "bigint")};
    coupons.primary_key = {"code"};
    ForeignKey fk;
    fk.columns = {"user_id"};
    fk.references = "users";
    fk.ref_columns = {"user_id"};
    coupons.foreign_keys = {fk};
    tables.push_back(coupons);
    // Grants: api reads the renamed products and coupons; billing-worker keeps only orders.
    m.links[0].tables = {"users", "orders", "catalog_items", "coupons"};
    m.links[2].tables = {"orders"};
    return m;
}

// A second migration: key, constraint and partition changes (no renames).
inline Model keyMigrationOld()
{
    Model m = shopModel();
    m.name = "Shop keys v1";
    return m;
}

inline Model keyMigrationNew()
{
    Model m = keyMigrationOld();
    m.name = "Shop keys v2";
    for (auto &t : m.schemas[0].tables) {
        if (t.name == "users") {
            t.unique.clear();                                                 // safe
            t.columns[2].type = LogicalType::parse("varchar(40)").value();    // narrowed
            t.columns[2].nullable = false;                                    // NOT NULL added
        } else if (t.name == "orders") {
            t.partitioning->count = 2; // p2026_03 dropped: destructive
            t.indexes.clear();         // safe
            t.columns[3].type = LogicalType::parse("bigint").value(); // decimal -> bigint
        } else if (t.name == "products") {
            t.primary_key = {"sku", "stock"}; // incompatible
            t.columns.push_back(col("owner_id", "bigint"));
            ForeignKey fk;
            fk.name = "products_owner";
            fk.columns = {"owner_id"};
            fk.references = "users";
            fk.ref_columns = {"user_id"};
            fk.on_delete = RefAction::SetNull;
            t.foreign_keys = {fk}; // data-dependent
            t.indexes[0].columns[0].descending = false; // changed index: drop + create
        }
    }
    return m;
}

// The shop with views (docs/ddl.md, "Views"), listed dependents first so that the exporter
// must order them: user_order_counts (materialized, refreshed concurrently every second) reads
// the view user_orders; product_titles is materialized on a cron schedule without indexes. The
// api reads both user views.
inline Model viewModel()
{
    Model m = shopModel();
    m.name = "Shop views";
    View counts;
    counts.name = "user_order_counts";
    counts.kind = ViewKind::Materialized;
    counts.comment = "Orders per buyer, for the dashboard";
    counts.query = "SELECT user_id, count(*) AS order_count\nFROM user_orders\nGROUP BY user_id;";
    counts.reads = {"user_orders"};
    counts.refresh = ViewRefresh{1, {}, true};
    counts.indexes = {{"user_order_counts_user", {{"user_id", false}}, true},
                      {"user_order_counts_count", {{"order_count", true}}, false}};
    View orders;
    orders.name = "user_orders";
    orders.comment = "Orders with their buyer's e-mail";
    orders.query = "SELECT u.user_id, u.email, o.order_id, o.status, o.created_at\n"
                   "FROM users u JOIN orders o ON o.user_id = u.user_id";
    orders.reads = {"users", "orders"};
    View titles;
    titles.name = "product_titles";
    titles.kind = ViewKind::Materialized;
    titles.query = "SELECT sku, title FROM products";
    titles.reads = {"products"};
    titles.refresh = ViewRefresh{0, "*/5 * * * *", false};
    m.schemas[0].views = {counts, orders, titles};
    m.links[0].tables.push_back("user_orders");
    m.links[0].tables.push_back("user_order_counts");
    return m;
}

// viewModel() with one more view, old_skus, that the next version drops.
inline Model viewMigrationOld()
{
    Model m = viewModel();
    m.name = "Shop views v1";
    View skus;
    skus.name = "old_skus";
    skus.query = "SELECT sku FROM products";
    skus.reads = {"products"};
    m.schemas[0].views.push_back(skus);
    return m;
}

// The next version: old_skus dropped; orders gains a column (user_orders, and user_order_counts
// through it, are dropped and created again around it); product_titles' query changes; a new
// view active_users.
inline Model viewMigrationNew()
{
    Model m = viewMigrationOld();
    m.name = "Shop views v2";
    auto &views = m.schemas[0].views;
    views.pop_back();
    for (auto &t : m.schemas[0].tables)
        if (t.name == "orders")
            t.columns.push_back(col("channel", "varchar(20)"));
    views[2].query = "SELECT sku, title, price FROM products";
    View active;
    active.name = "active_users";
    active.query = "SELECT user_id, email FROM users WHERE active";
    active.reads = {"users"};
    views.push_back(active);
    m.links[0].tables.push_back("active_users");
    return m;
}

// Rows for the old model; `p` qualifies table names ("shop." or "").
inline QString migrationSeed(const QString &p, bool utcSuffix)
{
    const QString tz = utcSuffix ? "+00" : "";
    return "INSERT INTO " + p + "users (email, display_name) VALUES ('a@example.com', 'Ann'), "
           "('b@example.com', 'Bob');\n"
           "INSERT INTO " + p + "orders (order_id, user_id, status, note, created_at) VALUES "
           "('01A', 1, 'paid', 'x', '2026-01-10 10:00:00" + tz + "'), "
           "('01B', 2, 'pending', 'y', '2026-03-10 10:00:00" + tz + "');\n"
           "INSERT INTO " + p + "products (sku, title, price, stock) VALUES "
           "('SKU-1', 'Lamp', 19.99, 3);\n"
           "INSERT INTO " + p + "legacy_carts (cart_id) VALUES (7);\n";
}

// Rows for keyMigrationOld(), all of which fit the new constraints (January only).
inline QString keySeed(const QString &p, bool utcSuffix)
{
    const QString tz = utcSuffix ? "+00" : "";
    return "INSERT INTO " + p + "users (email, display_name) VALUES ('a@example.com', 'Ann');\n"
           "INSERT INTO " + p + "orders (order_id, user_id, total_amount, created_at) VALUES "
           "('01A', 1, 12.00, '2026-01-10 10:00:00" + tz + "');\n"
           "INSERT INTO " + p + "products (sku, title, price, stock) VALUES "
           "('SKU-1', 'Lamp', 19.99, 3);\n";
}

} // namespace ddltest
