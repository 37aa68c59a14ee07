#pragma once

// Models built in C++ for the deployment and report tests: a shop like the e-commerce
// example, and the same shop with hostile display names and descriptions.

#include "archsim/model/types.h"

#include <string>

namespace deploytest {

using namespace archsim::model;

inline Component component(std::string id, ComponentKind kind)
{
    Component c;
    c.id = std::move(id);
    c.kind = kind;
    return c;
}

inline Link link(std::string from, std::string to, LinkKind kind, double p = 1.0)
{
    Link l;
    l.from = std::move(from);
    l.to = std::move(to);
    l.kind = kind;
    l.probability = p;
    l.id = l.from + "-" + l.to + "-" + toString(kind);
    return l;
}

inline Model shopModel()
{
    Model m;
    m.name = "Shop";
    m.zones = {"zone-a", "zone-b"};
    auto users = component("users", ComponentKind::Client);
    users.rps = 400;
    auto lb = component("edge-lb", ComponentKind::LoadBalancer);
    lb.replicas = 2;
    auto api = component("api", ComponentKind::Service);
    api.replicas = 3;
    api.workers = 16;
    api.deploy.image = "registry.example.com/shop/api:1.4.2";
    api.deploy.health_path = "/healthz";
    api.deploy.autoscale = Autoscale{3, 10, 0.7, 30, 300};
    api.deploy.env = {{"LOG_LEVEL", "info"}, {"FEATURE_FLAGS", "8080"}};
    api.deploy.secrets = {{"DB_PASSWORD", "orders-db-credentials", "password"}};
    api.zones = {"zone-a", "zone-b"};
    auto worker = component("mailer", ComponentKind::Worker);
    auto cache = component("orders-cache", ComponentKind::Cache);
    cache.capacity = 50000;
    cache.value_bytes = 2048;
    cache.ttl_s = 60;
    cache.eviction = Eviction::Lfu;
    cache.invalidation = Invalidation::DeleteOnWrite;
    auto db = component("orders-db", ComponentKind::Database);
    db.engine = DbEngine::Postgres;
    db.schema = "shop";
    db.replicas = 2;
    auto queue = component("events", ComponentKind::Queue);
    auto payments = component("payments", ComponentKind::External);
    m.components = {users, lb, api, worker, cache, db, queue, payments};
    m.links = {link("users", "edge-lb", LinkKind::Call),
               link("edge-lb", "api", LinkKind::Call),
               link("api", "orders-cache", LinkKind::Read, 0.8),
               link("orders-cache", "orders-db", LinkKind::Fill),
               link("api", "orders-db", LinkKind::Write, 0.2),
               link("api", "events", LinkKind::Publish, 0.2),
               link("events", "mailer", LinkKind::Call),
               link("api", "payments", LinkKind::Call, 0.1)};

    Table orders;
    orders.name = "orders";
    Column id;
    id.name = "order_id";
    id.type = LogicalType{LogicalType::Base::Ulid};
    id.nullable = false;
    Column created;
    created.name = "created_at";
    created.type = LogicalType{LogicalType::Base::Timestamptz};
    created.nullable = false;
    Column user;
    user.name = "user_id";
    user.type = LogicalType{LogicalType::Base::BigInt};
    orders.columns = {id, user, created};
    orders.primary_key = {"order_id", "created_at"};
    orders.indexes = {Index{"orders_user_created", {{"user_id", false}, {"created_at", true}},
                            false}};
    Partitioning p;
    p.method = PartitionMethod::Range;
    p.column = "created_at";
    p.interval = PartitionInterval::Month;
    p.start = "2026-01";
    p.count = 24;
    p.retention = 24;
    orders.partitioning = p;
    orders.rows_per_month = 833000;
    orders.row_bytes = 120;
    Schema shop;
    shop.id = "shop";
    shop.tables = {orders};
    m.schemas = {shop};
    return m;
}

// The shop with names that break naive YAML and HTML writers.
inline Model hostileModel()
{
    Model m = shopModel();
    m.name = "Shop \"prod\": it's <b>ÜBER</b> #1 \n--- yes";
    for (auto &c : m.components) {
        c.name = "Ñame \"" + c.id + "\" 'q' : {x} & <script>alert(1)</script> 日本";
        c.description = "line one\nline two: - [x] # not a comment";
    }
    m.components[2].deploy.env["WEIRD"] = "yes";
    m.components[2].deploy.env["QUOTE"] = "a \"quoted\": 'value' # hash";
    m.components[2].deploy.secrets.push_back({"API_TOKEN", "Api Token's \"Secret\"", "tok en"});
    // A valid but very long id: names and labels must be cut, lines must stay short.
    auto longOne = component(std::string(70, 'a') + "-service", ComponentKind::Service);
    longOne.deploy.autoscale = Autoscale{2, 4, 0.6, 30, 300};
    m.components.push_back(longOne);
    m.links.push_back(link("api", longOne.id, LinkKind::Call));
    return m;
}

} // namespace deploytest
