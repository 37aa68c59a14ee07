#!/usr/bin/env python3
"""Writes resources/examples/ecommerce.json, the e-commerce platform of the domain brief
(10M orders a year, monthly partitions, Redis with per-class TTLs, a CDN for public listings,
a read replica for reporting). Run it, then canonicalise with
`archsim-cli convert resources/examples/ecommerce.json resources/examples/ecommerce.json`."""
import json, sys

def svc(id, name, kind="service", replicas=3, workers=16, mean_ms=4.0, dist="exponential",
        zones=("zone-a", "zone-b"), x=0, y=0, **extra):
    c = {"id": id, "kind": kind, "name": name, "replicas": replicas, "workers": workers,
         "service_time": {"dist": dist, "mean_ms": mean_ms}, "queue_limit": 200,
         "zones": list(zones), "position": {"x": x, "y": y}}
    c.update(extra)
    return c

def deploy(image, port, cpu, mem, mn, mx, target=0.65, health="/healthz", secrets=None):
    d = {"image": image, "port": port, "cpu_millis": cpu, "memory_mib": mem,
         "health_path": health,
         "autoscale": {"min_replicas": mn, "max_replicas": mx, "target_utilization": target}}
    if secrets:
        d["secrets"] = secrets
    return d

db_secret = [{"env": "DATABASE_PASSWORD", "name": "shop-db-credentials", "key": "password"}]

components = [
    {"id": "shoppers", "kind": "client", "name": "Shoppers (web + mobile)", "rps": 500,
     "description": "Browsing and checkout traffic; the evening peak is 900 requests/s.",
     "profile": [{"at_s": 0, "rps": 500}, {"at_s": 300, "rps": 900}, {"at_s": 420, "rps": 500}],
     "position": {"x": 0, "y": 260}},
    {"id": "back-office", "kind": "client", "name": "Back-office reports", "rps": 2,
     "description": "Finance and merchandising dashboards.", "position": {"x": 0, "y": 620}},
    {"id": "cdn", "kind": "cdn", "name": "CDN edge", "replicas": 4, "workers": 256,
     "service_time": {"dist": "constant", "mean_ms": 0.5},
     "capacity": 20000, "keys": 60000, "zipf": 1.0, "ttl_s": 60, "eviction": "lru",
     "invalidation": "ttl_only", "public_only": True,
     "description": "Public product listings and search results: Cache-Control: public, "
                    "max-age=60, stale-while-revalidate=300. Never user-specific data.",
     "deploy": {"hosting": "external"}, "position": {"x": 240, "y": 100}},
    {"id": "edge-lb", "kind": "load_balancer", "name": "Edge load balancer", "replicas": 2,
     "workers": 512, "service_time": {"dist": "exponential", "mean_ms": 0.2},
     "zones": ["zone-a", "zone-b"], "deploy": {"hosting": "managed", "port": 443},
     "position": {"x": 240, "y": 340}},
    svc("api-gateway", "API gateway", kind="gateway", replicas=3, workers=64, mean_ms=1.0,
        x=480, y=340, deploy=deploy("registry.example.com/shop/api-gateway:1.8.0", 8080, 500, 512,
                                    3, 12)),
    svc("catalog-svc", "Catalog service", replicas=3, workers=16, mean_ms=4.0, x=740, y=120,
        description="Product pages and listings; reads through Redis.",
        deploy=deploy("registry.example.com/shop/catalog:2.3.1", 8080, 250, 384, 3, 10,
                      secrets=db_secret)),
    svc("user-svc", "User profile service", replicas=2, workers=16, mean_ms=3.0, x=740, y=300,
        deploy=deploy("registry.example.com/shop/users:1.4.0", 8080, 250, 384, 2, 6,
                      secrets=db_secret)),
    svc("order-svc", "Order service", replicas=3, workers=32, mean_ms=6.0, x=740, y=480,
        description="Checkout: writes orders and order_items in one transaction, appends to "
                    "order_events, publishes to the fulfilment queue.",
        deploy=deploy("registry.example.com/shop/orders:3.0.2", 8080, 500, 512, 3, 8,
                      secrets=db_secret)),
    svc("reporting-svc", "Reporting service", replicas=2, workers=8, mean_ms=25.0,
        dist="lognormal", x=740, y=640, deploy=deploy(
            "registry.example.com/shop/reporting:0.9.4", 8080, 250, 512, 2, 3,
            secrets=db_secret)),
    {"id": "redis", "kind": "cache", "name": "Redis (cache-aside)", "replicas": 2,
     "workers": 8, "service_time": {"dist": "exponential", "mean_ms": 0.3},
     "zones": ["zone-a", "zone-b"], "capacity": 400000, "value_bytes": 2048,
     "keys": 2300000, "zipf": 0.9, "ttl_s": 60, "eviction": "lru",
     "invalidation": "delete_on_write",
     "description": "On write: update the database, then delete the key; the next read "
                    "repopulates it. Inventory keys are also invalidated through keyspace "
                    "notifications.",
     "key_classes": [
         {"name": "catalog", "share": 0.6, "keys": 200000, "ttl_s": 300},
         {"name": "profile", "share": 0.25, "keys": 2000000, "ttl_s": 60},
         {"name": "inventory", "share": 0.15, "keys": 100000, "ttl_s": 15}],
     "deploy": {"image": "redis:7.2.5", "port": 6379, "cpu_millis": 500, "memory_mib": 1024},
     "position": {"x": 1000, "y": 200}},
    {"id": "order-queue", "kind": "queue", "name": "Fulfilment queue", "replicas": 3,
     "workers": 8, "service_time": {"dist": "exponential", "mean_ms": 0.5},
     "zones": ["zone-a", "zone-b"], "threading": "async",
     "deploy": {"image": "rabbitmq:3.13.2", "port": 5672, "cpu_millis": 500,
                "memory_mib": 1024}, "position": {"x": 1000, "y": 520}},
    svc("fulfilment-worker", "Fulfilment worker", kind="worker", replicas=2, workers=4,
        mean_ms=40.0, dist="lognormal", x=1240, y=520, threading="async",
        deploy=deploy("registry.example.com/shop/fulfilment:1.1.0", 8080, 250, 256, 2, 6,
                      secrets=db_secret)),
    {"id": "payment-gateway", "kind": "external", "name": "Payment provider", "replicas": 1,
     "workers": 200, "service_time": {"dist": "lognormal", "mean_ms": 180, "cv": 0.8},
     "deploy": {"hosting": "external", "port": 443}, "position": {"x": 1000, "y": 700}},
    {"id": "shop-db", "kind": "database", "name": "Shop database (primary + standby)",
     "engine": "postgres", "schema": "shop", "replicas": 2, "read_from": "primary",
     "workers": 64, "failover_s": 30, "encryption_at_rest": True,
     "service_time": {"dist": "lognormal", "mean_ms": 3, "cv": 1.5},
     "zones": ["zone-a", "zone-b"], "queue_limit": 500,
     "deploy": {"image": "postgres:15.8", "port": 5432, "cpu_millis": 2000,
                "memory_mib": 4096,
                "secrets": [{"env": "POSTGRES_PASSWORD", "name": "shop-db-credentials",
                             "key": "password"}]},
     "position": {"x": 1240, "y": 240}},
    {"id": "shop-db-replica", "kind": "database", "name": "Reporting read replica",
     "engine": "postgres", "schema": "shop", "replicas": 1, "read_from": "replica",
     "workers": 32, "failover_s": 60, "encryption_at_rest": True,
     "description": "Asynchronous streaming replica: analytics never run on the primary.",
     "service_time": {"dist": "lognormal", "mean_ms": 40, "cv": 1.2},
     "zones": ["zone-b"], "queue_limit": 100,
     "deploy": {"image": "postgres:15.8", "port": 5432, "cpu_millis": 1000,
                "memory_mib": 4096,
                "secrets": [{"env": "POSTGRES_PASSWORD", "name": "shop-db-credentials",
                             "key": "password"}]},
     "position": {"x": 1240, "y": 680}},
]

def link(frm, to, kind="call", **kw):
    l = {"from": frm, "to": to, "kind": kind, "tls": True}
    l.update(kw)
    return l

retry = {"max": 2, "backoff_ms": 50, "max_backoff_ms": 1000, "jitter": "full", "budget": 0.1}
breaker = {"failure_rate": 0.5, "window": 20, "min_calls": 10, "open_ms": 5000,
           "half_open_calls": 3}

links = [
    link("shoppers", "cdn", "read", probability=0.6, timeout_ms=3000),
    link("cdn", "catalog-svc", "fill", timeout_ms=2000),
    link("shoppers", "edge-lb", probability=0.5, timeout_ms=3000, user_specific=True),
    link("edge-lb", "api-gateway", timeout_ms=2500, user_specific=True),
    link("api-gateway", "catalog-svc", probability=0.6, timeout_ms=800, retries=retry,
         circuit_breaker=breaker, fallback="degrade"),
    link("api-gateway", "user-svc", probability=0.3, timeout_ms=800, retries=retry,
         circuit_breaker=breaker, user_specific=True),
    link("api-gateway", "order-svc", probability=0.02, timeout_ms=2000,
         circuit_breaker=breaker, user_specific=True),
    link("catalog-svc", "redis", "read", key_class="catalog", timeout_ms=50),
    link("catalog-svc", "redis", "read", id="catalog-svc-redis-inventory", probability=0.4,
         key_class="inventory", timeout_ms=50),
    link("user-svc", "redis", "read", key_class="profile", timeout_ms=50, user_specific=True),
    link("redis", "shop-db", "fill", tables=["products", "inventory", "users"],
         timeout_ms=500),
    link("user-svc", "shop-db", "write", probability=0.05, tables=["users"],
         invalidates=["redis"], timeout_ms=500),
    link("order-svc", "shop-db", "write",
         tables=["orders", "order_items", "order_events", "inventory"],
         invalidates=["redis"], timeout_ms=1000, circuit_breaker=breaker),
    link("order-svc", "payment-gateway", timeout_ms=2000,
         retries={"max": 2, "backoff_ms": 100, "max_backoff_ms": 2000, "jitter": "full"},
         circuit_breaker=breaker),
    link("order-svc", "order-queue", "publish", timeout_ms=500),
    link("order-queue", "fulfilment-worker", timeout_ms=5000),
    link("fulfilment-worker", "shop-db", "write", tables=["order_events", "inventory"],
         invalidates=["redis"], timeout_ms=1000),
    link("back-office", "reporting-svc", timeout_ms=30000),
    link("reporting-svc", "shop-db-replica", "read", purpose="analytics",
         tables=["orders", "order_items", "order_events", "products"], timeout_ms=20000),
]

def col(name, type, nullable=True, **kw):
    c = {"name": name, "type": type}
    if not nullable:
        c["nullable"] = False
    c.update(kw)
    return c

monthly = {"method": "range", "column": "created_at", "interval": "month", "start": "2026-01",
           "count": 24, "default_partition": True, "retention": 36}

tables = [
    {"name": "users", "comment": "Registered customers.",
     "columns": [col("user_id", "bigint", False, identity=True),
                 col("email", "varchar(320)", False, sensitive=True),
                 col("full_name", "text", sensitive=True),
                 col("created_at", "timestamptz", False, default="now"),
                 col("updated_at", "timestamptz", False, default="now")],
     "primary_key": ["user_id"], "unique": [{"name": "users_email_key", "columns": ["email"]}],
     "rows": 4000000, "rows_per_month": 60000, "row_bytes": 160},
    {"name": "products", "comment": "The catalogue; cached in Redis for 5 minutes.",
     "columns": [col("product_id", "bigint", False, identity=True),
                 col("sku", "varchar(64)", False),
                 col("name", "text", False),
                 col("description", "text"),
                 col("category", "varchar(64)", False),
                 col("price", "decimal(12,2)", False),
                 col("currency", "char(3)", False, default="EUR"),
                 col("created_at", "timestamptz", False, default="now"),
                 col("updated_at", "timestamptz", False, default="now")],
     "primary_key": ["product_id"], "unique": [{"name": "products_sku_key", "columns": ["sku"]}],
     "indexes": [{"name": "products_category", "columns": ["category"]}],
     "rows": 200000, "rows_per_month": 2000, "row_bytes": 600},
    {"name": "inventory", "comment": "Stock per product; cached for 15 seconds.",
     "columns": [col("product_id", "bigint", False),
                 col("quantity", "int", False, default=0),
                 col("reserved", "int", False, default=0),
                 col("updated_at", "timestamptz", False, default="now")],
     "primary_key": ["product_id"],
     "foreign_keys": [{"columns": ["product_id"], "references": "products",
                       "ref_columns": ["product_id"], "on_delete": "cascade"}],
     "rows": 200000, "row_bytes": 40},
    {"name": "orders",
     "comment": "10M orders a year: monthly range partitions keep each under 1M rows.",
     "columns": [col("order_id", "ulid", False, comment="ULID: sortable by time, better index "
                                                        "locality than a random UUID."),
                 col("user_id", "bigint", False),
                 col("status", "varchar(20)", False),
                 col("total_amount", "decimal(12,2)", False,
                     comment="Denormalised sum of the order lines."),
                 col("currency", "char(3)", False),
                 col("created_at", "timestamptz", False, default="now")],
     "primary_key": ["order_id", "created_at"],
     "indexes": [{"name": "orders_user_created", "columns": ["user_id", "created_at DESC"]},
                 {"name": "orders_user_status", "columns": ["user_id", "status"]},
                 {"name": "orders_created", "columns": ["created_at"]}],
     "foreign_keys": [{"columns": ["user_id"], "references": "users",
                       "ref_columns": ["user_id"]}],
     "partitioning": monthly, "rows_per_month": 833000, "row_bytes": 120},
    {"name": "order_items", "comment": "Order lines, partitioned like orders.",
     "columns": [col("order_id", "ulid", False),
                 col("created_at", "timestamptz", False,
                     comment="The order's creation time: the partition key shared with orders."),
                 col("line_no", "smallint", False),
                 col("product_id", "bigint", False),
                 col("quantity", "int", False),
                 col("unit_price", "decimal(12,2)", False),
                 col("line_total", "decimal(12,2)", False)],
     "primary_key": ["order_id", "created_at", "line_no"],
     "indexes": [{"name": "order_items_product", "columns": ["product_id"]}],
     "foreign_keys": [{"columns": ["order_id", "created_at"], "references": "orders",
                       "ref_columns": ["order_id", "created_at"], "on_delete": "cascade"},
                      {"columns": ["product_id"], "references": "products",
                       "ref_columns": ["product_id"]}],
     "partitioning": monthly, "rows_per_month": 833000, "row_bytes": 80},
    {"name": "order_events", "comment": "Append-only log of status transitions "
                                        "(event sourcing of the order lifecycle).",
     "columns": [col("event_id", "bigint", False, identity=True),
                 col("order_id", "ulid", False),
                 col("event_type", "varchar(32)", False),
                 col("payload", "json"),
                 col("created_at", "timestamptz", False, default="now")],
     "primary_key": ["event_id", "created_at"],
     "indexes": [{"name": "order_events_order", "columns": ["order_id", "created_at"]}],
     "partitioning": {"method": "range", "column": "created_at", "interval": "month",
                      "start": "2026-01", "count": 24, "default_partition": True,
                      "retention": 24},
     "append_only": True, "rows_per_month": 900000, "row_bytes": 200},
]

model = {
    "format": "archsim", "version": 1, "name": "E-commerce platform",
    "description": "The e-commerce platform of the backend architect's brief: 10M orders a "
                   "year, monthly partitions, Redis cache-aside with per-class TTLs, a CDN for "
                   "public listings and a read replica for reporting.",
    "zones": ["zone-a", "zone-b"],
    "components": components, "links": links,
    "schemas": [{"id": "shop", "tables": tables}],
    "scenarios": [
        {"id": "db-failover", "name": "Primary database hangs, then fails over",
         "duration_s": 600, "warmup_s": 30, "seed": 7,
         "events": [{"at_s": 120, "action": "crash", "target": "shop-db", "mode": "hang",
                     "replica": 0, "for_s": 90,
                     "note": "The primary stops answering: watch timeouts and the breaker, "
                             "then the standby is promoted after 30 s."}]},
        {"id": "cache-flush", "name": "Redis restarts cold", "duration_s": 300,
         "warmup_s": 30, "seed": 11,
         "events": [{"at_s": 90, "action": "flush", "target": "redis",
                     "note": "Redis restarts empty: every read misses and falls through to "
                             "the database until the cache warms up again."}]},
        {"id": "evening-peak", "name": "Evening peak", "duration_s": 600, "warmup_s": 30,
         "seed": 3, "events": [{"at_s": 300, "action": "load", "target": "shoppers",
                                "factor": 1.5, "for_s": 120,
                                "note": "A campaign email lands: 50% more shoppers."}]},
    ],
}
json.dump(model, sys.stdout, indent=2, ensure_ascii=False)
print()
