#pragma once

// A small, clean shop model for lint and analysis tests: every rule stays silent on it.

#include "archsim/model/types.h"

namespace lintfixture {

using namespace archsim::model;

inline Column col(const std::string &name, const std::string &type, bool sensitive = false)
{
    Column c;
    c.name = name;
    c.type = LogicalType::parse(type).value();
    c.nullable = false;
    c.sensitive = sensitive;
    return c;
}

inline Link mkLink(const std::string &from, const std::string &to, LinkKind kind,
                   double timeoutMs = 500)
{
    Link l;
    l.id = from + "-" + to;
    l.from = from;
    l.to = to;
    l.kind = kind;
    l.tls = true;
    if (timeoutMs > 0)
        l.timeout_ms = timeoutMs;
    return l;
}

inline Component comp(const std::string &id, ComponentKind kind, int replicas = 2)
{
    Component c;
    c.id = id;
    c.kind = kind;
    c.replicas = replicas;
    c.zones = {"zone-a", "zone-b"};
    return c;
}

inline Model cleanModel()
{
    Model m;
    m.name = "shop";
    m.zones = {"zone-a", "zone-b"};
    Component users;
    users.id = "users";
    users.kind = ComponentKind::Client;
    users.rps = 100;
    users.profile = {{60, 200}};
    Component api = comp("api", ComponentKind::Service);
    api.workers = 8;
    api.queue_limit = 100;
    api.service_time = Distribution{DistKind::Exponential, 5.0, 1.0, 2, 0.5};
    Component cache = comp("cache", ComponentKind::Cache);
    cache.ttl_s = 60;
    cache.invalidation = Invalidation::DeleteOnWrite;
    cache.capacity = 10000;
    cache.keys = 100000;
    Component db = comp("db", ComponentKind::Database);
    db.schema = "shop";
    db.workers = 16;
    db.read_from = ReadFrom::Replica;
    db.encryption_at_rest = true;
    db.backup = BackupPolicy{}; // daily, kept in another region
    Component stripe = comp("stripe", ComponentKind::External, 1);
    stripe.zones.clear();
    stripe.workers = 100;
    m.components = {users, api, cache, db, stripe};

    Link toApi = mkLink("users", "api", LinkKind::Call, 2000);
    Link read = mkLink("api", "cache", LinkKind::Read, 50);
    read.tables = {"orders"};
    Link fill = mkLink("cache", "db", LinkKind::Fill);
    fill.tables = {"orders"};
    Link write = mkLink("api", "db", LinkKind::Write);
    write.probability = 0.2;
    write.tables = {"orders", "order_items"};
    write.invalidates = {"cache"};
    write.retries = Retries{2, 50, 1000, Jitter::Full, 0};
    Link pay = mkLink("api", "stripe", LinkKind::Call, 1000);
    pay.probability = 0.1;
    pay.circuit_breaker = CircuitBreaker{};
    pay.fallback = Fallback::Degrade;
    m.links = {toApi, read, fill, write, pay};

    Table orders;
    orders.name = "orders";
    orders.columns = {col("order_id", "ulid"), col("user_id", "bigint"),
                      col("status", "varchar(20)"), col("email", "text", true),
                      col("created_at", "timestamptz")};
    orders.primary_key = {"order_id"};
    orders.indexes = {Index{"orders_user_created", {{"user_id", false}, {"created_at", true}}, false}};
    orders.rows_per_month = 100000;
    Table items;
    items.name = "order_items";
    items.columns = {col("order_id", "ulid"), col("line", "int"), col("sku", "varchar(40)"),
                     col("qty", "int")};
    items.primary_key = {"order_id", "line"};
    ForeignKey fk;
    fk.columns = {"order_id"};
    fk.references = "orders";
    fk.ref_columns = {"order_id"};
    items.foreign_keys = {fk};
    items.rows_per_month = 250000;
    Schema shop;
    shop.id = "shop";
    shop.tables = {orders, items};
    m.schemas = {shop};
    return m;
}

inline Component &find(Model &m, const std::string &id)
{
    for (auto &c : m.components)
        if (c.id == id)
            return c;
    return m.components.front();
}

inline Link &findLink(Model &m, const std::string &id)
{
    for (auto &l : m.links)
        if (l.id == id)
            return l;
    return m.links.front();
}

inline Table &table(Model &m, const std::string &name)
{
    for (auto &t : m.schemas[0].tables)
        if (t.name == name)
            return t;
    return m.schemas[0].tables.front();
}

} // namespace lintfixture
