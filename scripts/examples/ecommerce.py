#!/usr/bin/env python3
"""Writes resources/examples/ecommerce.json, the e-commerce platform of the domain brief
(10M orders a year, monthly partitions, Redis with per-class TTLs, a CDN for public listings,
a read replica for reporting, the order summary as a materialized view). Run it, then canonicalise with
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
     "slo": {"availability": 0.999, "latency_ms": 250, "period_days": 30},
     "position": {"x": 0, "y": 320}},
    {"id": "back-office", "kind": "client", "name": "Back-office reports", "rps": 2,
     "description": "Finance and merchandising dashboards.",
     "slo": {"availability": 0.99, "latency_ms": 2500, "latency_target": 0.95,
             "period_days": 30},
     "position": {"x": 0, "y": 720}},
    {"id": "cdn", "kind": "cdn", "name": "CDN edge", "replicas": 4, "workers": 256,
     "service_time": {"dist": "constant", "mean_ms": 0.5},
     "capacity": 20000, "keys": 60000, "zipf": 1.0, "ttl_s": 60, "eviction": "lru",
     "invalidation": "ttl_only", "public_only": True,
     "description": "Public product listings and search results: Cache-Control: public, "
                    "max-age=60, stale-while-revalidate=300. Never user-specific data.",
     "deploy": {"hosting": "external"}, "position": {"x": 608, "y": 0}},
    {"id": "edge-lb", "kind": "load_balancer", "name": "Edge load balancer", "replicas": 2,
     "workers": 512, "service_time": {"dist": "exponential", "mean_ms": 0.2},
     "zones": ["zone-a", "zone-b"], "deploy": {"hosting": "managed", "port": 443},
     "position": {"x": 320, "y": 320}},
    svc("api-gateway", "API gateway", kind="gateway", replicas=3, workers=64, mean_ms=1.0,
        x=608, y=320, deploy=deploy("registry.example.com/shop/api-gateway:1.8.0", 8080, 500, 512,
                                    3, 12),
        rate_limit={"rate_rps": 3000, "burst": 6000, "per": "client"}),
    svc("catalog-svc", "Catalog service", replicas=3, workers=16, mean_ms=4.0, x=896, y=176,
        description="Product pages and listings; reads through Redis.",
        deploy=deploy("registry.example.com/shop/catalog:2.3.1", 8080, 250, 384, 3, 10,
                      secrets=db_secret)),
    svc("user-svc", "User profile service", replicas=2, workers=16, mean_ms=3.0, x=896, y=320,
        deploy=deploy("registry.example.com/shop/users:1.4.0", 8080, 250, 384, 2, 6,
                      secrets=db_secret)),
    svc("order-svc", "Order service", replicas=3, workers=32, mean_ms=6.0, x=896, y=496,
        description="Checkout: writes orders and order_items in one transaction, appends to "
                    "order_events, publishes to the fulfilment queue.",
        deploy=deploy("registry.example.com/shop/orders:3.0.2", 8080, 500, 512, 3, 8,
                      secrets=db_secret)),
    svc("reporting-svc", "Reporting service", replicas=2, workers=8, mean_ms=25.0,
        dist="lognormal", x=896, y=720, deploy=deploy(
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
     "position": {"x": 1184, "y": 176}},
    {"id": "order-queue", "kind": "queue", "name": "Fulfilment queue", "replicas": 3,
     "workers": 8, "service_time": {"dist": "exponential", "mean_ms": 0.5},
     "zones": ["zone-a", "zone-b"], "threading": "async", "queue_limit": 20000,
     "deploy": {"image": "rabbitmq:3.13.2", "port": 5672, "cpu_millis": 500,
                "memory_mib": 1024}, "position": {"x": 1184, "y": 496}},
    svc("fulfilment-worker", "Fulfilment worker", kind="worker", replicas=2, workers=4,
        mean_ms=40.0, dist="lognormal", x=1472, y=496, threading="async",
        deploy=deploy("registry.example.com/shop/fulfilment:1.1.0", 8080, 250, 256, 2, 6,
                      secrets=db_secret)),
    {"id": "payment-gateway", "kind": "external", "name": "Payment provider", "replicas": 1,
     "workers": 200, "service_time": {"dist": "lognormal", "mean_ms": 180, "cv": 0.8},
     "deploy": {"hosting": "external", "port": 443}, "position": {"x": 1184, "y": 880}},
    {"id": "shop-db", "kind": "database", "name": "Shop database (primary + standby)",
     "engine": "postgres", "schema": "shop", "replicas": 2, "read_from": "primary",
     "workers": 64, "failover_s": 30, "encryption_at_rest": True,
     "service_time": {"dist": "lognormal", "mean_ms": 3, "cv": 1.5},
     "zones": ["zone-a", "zone-b"], "queue_limit": 500,
     "replication": {"mode": "async", "lag": {"dist": "lognormal", "mean_ms": 50, "cv": 1.0}},
     "backup": {"full_interval_s": 86400, "archiving": True, "archive_delay_s": 60,
                "retention_days": 14, "location": "other_region",
                "restore_bytes_per_s": 200000000},
     "rpo_target_s": 300, "rto_target_s": 14400,
     "deploy": {"image": "postgres:15.8", "port": 5432, "cpu_millis": 2000,
                "memory_mib": 4096,
                "secrets": [{"env": "POSTGRES_PASSWORD", "name": "shop-db-credentials",
                             "key": "password"}]},
     "position": {"x": 1472, "y": 288}},
    {"id": "shop-db-replica", "kind": "database", "name": "Reporting read replicas",
     "engine": "postgres", "schema": "shop", "replicas": 2, "read_from": "replica",
     "workers": 32, "failover_s": 60, "encryption_at_rest": True,
     "description": "Two asynchronous streaming replicas in both zones: analytics never run on "
                    "the primary.",
     "service_time": {"dist": "lognormal", "mean_ms": 40, "cv": 1.2},
     "zones": ["zone-a", "zone-b"], "queue_limit": 100,
     "replication": {"mode": "async", "lag": {"dist": "lognormal", "mean_ms": 500, "cv": 1.0}},
     "deploy": {"image": "postgres:15.8", "port": 5432, "cpu_millis": 1000,
                "memory_mib": 4096,
                "secrets": [{"env": "POSTGRES_PASSWORD", "name": "shop-db-credentials",
                             "key": "password"}]},
     "position": {"x": 1472, "y": 720}},
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
         tables=["orders", "order_items", "order_events", "products", "order_summary"],
         timeout_ms=20000),
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

# The seed's "order summary query that joins 4 tables", materialized and refreshed every 30 s;
# the unique index lets PostgreSQL refresh it concurrently (readers are never blocked).
views = [
    {"name": "order_summary", "kind": "materialized",
     "comment": "One row per order with its lines, customer and product categories, for the "
                "reporting service; refreshed every 30 seconds.",
     "query": "SELECT o.order_id, o.created_at, o.user_id, u.created_at AS customer_since,\n"
              "       o.status, o.currency, count(*) AS line_count,\n"
              "       sum(i.quantity) AS units, sum(i.line_total) AS lines_total,\n"
              "       count(DISTINCT p.category) AS categories\n"
              "FROM orders o\n"
              "JOIN users u ON u.user_id = o.user_id\n"
              "JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at\n"
              "JOIN products p ON p.product_id = i.product_id\n"
              "GROUP BY o.order_id, o.created_at, o.user_id, u.created_at, o.status, o.currency",
     "reads": ["orders", "users", "order_items", "products"],
     "refresh": {"every_s": 30, "concurrent": True},
     "indexes": [{"name": "order_summary_order", "columns": ["order_id", "created_at"],
                  "unique": True},
                 {"name": "order_summary_user", "columns": ["user_id", "created_at DESC"]}]},
]

# The payment provider is one endpoint in the model; the lint finding is suppressed with its
# reason.
suppress = [{"rule": "data/no-backups", "target": "shop-db-replica",
             "reason": "The reporting replicas copy shop-db, whose backups (daily, with WAL "
                       "archiving to another region) restore them too."},
            {"rule": "reliability/single-point-of-failure", "target": "payment-gateway",
             "reason": "External payment provider with its own multi-region SLA; the model "
                       "shows it as one endpoint. Checkout cannot degrade without taking "
                       "payment."}]

# The scenarios: the trainer's built-in demos, with and without the remedy where a pair tells
# the story (see tests/simulator/tst_demo_scenarios.cpp).
scenarios = [{'id': 'db-failover',
  'name': 'Primary database hangs, then fails over',
  'description': 'Replica 0 of shop-db (the primary) hangs for 90 s; the standby takes over '
                 "after failover_s (30 s). The example's timeouts, breakers and degrade "
                 'fallback keep the shop partly up meanwhile.',
  'duration_s': 600,
  'warmup_s': 30,
  'seed': 7,
  'events': [{'at_s': 120,
              'action': 'crash',
              'target': 'shop-db',
              'mode': 'hang',
              'for_s': 90,
              'replica': 0,
              'note': 'The primary database stops answering: it hangs, it does not refuse. '
                      'Watch p99 latency jump to the timeouts, errors climb and the breakers '
                      'open. In 30 s the standby is promoted: availability comes back at the '
                      'failover marker, while the old primary is still hung.'}]},
 {'id': 'cache-flush',
  'name': 'Redis restarts cold',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 11,
  'events': [{'at_s': 90,
              'action': 'flush',
              'target': 'redis',
              'note': 'Redis restarts empty: every read misses and falls through to the '
                      'database until the cache warms up again.'}]},
 {'id': 'cache-stampede',
  'name': 'Cache stampede: CDN purge without request coalescing',
  'description': "500 hot product pages are served through the CDN only (the gateway's catalog "
                 'calls are off); rendering one takes 200 ms, and the catalog service (3 x 6 '
                 'workers) is sized for a warm CDN. During a sale the CDN is purged. Compare '
                 'with cache-stampede-coalescing.',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 11,
  'events': [{'at_s': 60,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 150,
              'factor': 2,
              'note': 'The sale opens: shoppers double. The CDN answers nearly every product '
                      'page from its cache, so the catalog service behind it idles.'},
             {'at_s': 90,
              'action': 'flush',
              'target': 'cdn',
              'note': 'A deploy purges the CDN. Every page misses, and without request '
                      'coalescing every concurrent miss of the same page is its own 200 ms '
                      'render: watch the catalog saturate, renders queue past the fill '
                      'timeout, the hit ratio never recover and availability fall, long after '
                      'the purge and even after the sale ends. A self-sustaining stampede.'}],
  'overrides': [{'target': 'api-gateway-catalog-svc', 'set': {'probability': 0}},
                {'target': 'catalog-svc',
                 'set': {'deploy': {'autoscale': None}, 'service_time': {'mean_ms': 200},
                         'workers': 6}},
                {'target': 'cdn', 'set': {'keys': 500}}]},
 {'id': 'cache-stampede-coalescing',
  'name': 'Cache stampede: CDN purge with request coalescing',
  'description': 'The same sale and purge, with request coalescing (collapsing) at the CDN: '
                 'concurrent misses of one page wait for a single render. Compare with '
                 'cache-stampede.',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 11,
  'events': [{'at_s': 60,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 150,
              'factor': 2,
              'note': 'The sale opens: shoppers double. The CDN answers nearly every product '
                      'page from its cache, so the catalog service behind it idles.'},
             {'at_s': 90,
              'action': 'flush',
              'target': 'cdn',
              'note': 'The same purge, but the CDN now collapses concurrent misses of one page '
                      'into a single render. Watch the catalog saturate for a few seconds '
                      'only, the hit ratio climb back within seconds and availability stay at '
                      '100%.'}],
  'overrides': [{'target': 'api-gateway-catalog-svc', 'set': {'probability': 0}},
                {'target': 'catalog-svc',
                 'set': {'deploy': {'autoscale': None}, 'service_time': {'mean_ms': 200},
                         'workers': 6}},
                {'target': 'cdn', 'set': {'keys': 500}},
                {'target': 'cdn', 'set': {'coalescing': True}}]},
 {'id': 'evening-peak',
  'name': 'Evening peak',
  'duration_s': 600,
  'warmup_s': 30,
  'seed': 3,
  'events': [{'at_s': 300,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 120,
              'factor': 1.5,
              'note': 'A campaign email lands: 50% more shoppers.'}]},
 {'id': 'retry-storm',
  'name': 'Load spike turns into a retry storm',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 5,
  'events': [{'at_s': 100,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 30,
              'factor': 4,
              'note': 'A flash sale quadruples traffic for 30 s: with immediate retries and no '
                      'budget the overload outlives the spike; with jittered backoff and a '
                      'retry budget it ends with it.'}]},
 {'id': 'retry-storm-immediate',
  'name': 'Retry storm: immediate retries, no budget',
  'description': 'A 30 s flash sale on a catalog service near two thirds of its capacity (1 '
                 'replica x 3 workers). The gateway retries a timed-out call three times at '
                 'once, with no budget and no breaker. Compare with retry-storm-jitter-budget.',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 5,
  'events': [{'at_s': 100,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 30,
              'factor': 4,
              'note': 'A flash sale quadruples traffic for 30 s. The gateway retries every '
                      'timed-out catalog call three times, at once, with no budget: watch the '
                      "catalog's load stay at 100% and availability stay down long after the "
                      'spike is over. A metastable failure.'}],
  'overrides': [{'target': 'catalog-svc',
                 'set': {'deploy': {'autoscale': None}, 'queue_limit': None, 'replicas': 1,
                         'workers': 3}},
                {'target': 'api-gateway-catalog-svc',
                 'set': {'circuit_breaker': None,
                         'fallback': 'error',
                         'retries': {'backoff_ms': 0,
                                     'budget': 0,
                                     'jitter': 'none',
                                     'max': 3,
                                     'max_backoff_ms': 0}}}]},
 {'id': 'retry-storm-jitter-budget',
  'name': 'Retry storm: jittered backoff and a retry budget',
  'description': 'The same flash sale on the same small catalog service, but the gateway backs '
                 'off with full jitter and may retry at most 10% of its calls. Compare with '
                 'retry-storm-immediate.',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 5,
  'events': [{'at_s': 100,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 30,
              'factor': 4,
              'note': 'The same flash sale, but retries now back off with full jitter and a '
                      'retry budget caps them at 10% of the calls. Watch errors during the '
                      'spike, then availability come back soon after it ends: the overload '
                      'ends with the spike.'}],
  'overrides': [{'target': 'catalog-svc',
                 'set': {'deploy': {'autoscale': None}, 'queue_limit': None, 'replicas': 1,
                         'workers': 3}},
                {'target': 'api-gateway-catalog-svc',
                 'set': {'circuit_breaker': None,
                         'fallback': 'error',
                         'retries': {'backoff_ms': 50,
                                     'budget': 0.1,
                                     'jitter': 'full',
                                     'max': 3,
                                     'max_backoff_ms': 1000}}}]},
 {'id': 'zone-outage',
  'name': 'Zone outage: spread over two zones',
  'description': 'zone-a goes dark for two minutes; every service, Redis and the databases '
                 'have replicas in both zones. Compare with zone-outage-one-zone.',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 13,
  'events': [{'at_s': 100,
              'action': 'zone_outage',
              'target': 'zone-a',
              'for_s': 120,
              'note': 'Zone A goes dark for two minutes. Everything runs in two zones: watch '
                      'the services lose half their replicas and keep serving, a short dip '
                      'until the database standby in zone B is promoted, then availability '
                      'back near 100%.'}]},
 {'id': 'zone-outage-one-zone',
  'name': 'Zone outage: everything in one zone',
  'description': 'The same outage with every component deployed in zone-a only. Compare with '
                 'zone-outage.',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 13,
  'events': [{'at_s': 100,
              'action': 'zone_outage',
              'target': 'zone-a',
              'for_s': 120,
              'note': 'Zone A goes dark for two minutes, and this time everything runs in zone '
                      'A alone. Watch the nodes go dark and availability collapse for the '
                      'whole outage: the database standby is in the dark zone too, so nothing '
                      'can take over.'}],
  'overrides': [{'target': 'edge-lb', 'set': {'zones': ['zone-a']}},
                {'target': 'api-gateway', 'set': {'zones': ['zone-a']}},
                {'target': 'catalog-svc', 'set': {'zones': ['zone-a']}},
                {'target': 'user-svc', 'set': {'zones': ['zone-a']}},
                {'target': 'order-svc', 'set': {'zones': ['zone-a']}},
                {'target': 'reporting-svc', 'set': {'zones': ['zone-a']}},
                {'target': 'redis', 'set': {'zones': ['zone-a']}},
                {'target': 'order-queue', 'set': {'zones': ['zone-a']}},
                {'target': 'fulfilment-worker', 'set': {'zones': ['zone-a']}},
                {'target': 'shop-db', 'set': {'zones': ['zone-a']}},
                {'target': 'shop-db-replica', 'set': {'zones': ['zone-a']}}]},
 {'id': 'breaker',
  'name': 'User service fails, the breaker opens',
  'duration_s': 300,
  'warmup_s': 30,
  'seed': 17,
  'events': [{'at_s': 100,
              'action': 'crash',
              'target': 'user-svc',
              'for_s': 60,
              'note': "The user service refuses every call for a minute: the gateway's breaker "
                      'opens and short-circuits, then closes through half-open after the '
                      'recovery.'}]}]

# Autoscaling demo pair (issue 22, docs/operations.md): the same spike with replicas that serve
# at once, and with replicas that need 180 s to start.
scenarios += [{'id': 'autoscale-spike',
  'name': 'Autoscaling absorbs a spike',
  'description': 'A two-minute spike to four times the load on a catalog service that autoscales '
                 '(new replicas ready at once). Compare with autoscale-spike-slow-start.',
  'duration_s': 420,
  'warmup_s': 30,
  'seed': 17,
  'events': [{'at_s': 120,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 120,
              'factor': 4,
              'note': 'A TV spot airs: four times the shoppers for two minutes. Watch the '
                      'replicas chart: the autoscaler adds catalog replicas every 15 s sync and '
                      'they serve at once.'}],
  'overrides': [{'target': 'catalog-svc', 'set': {'service_time': {'mean_ms': 40}, 'workers': 8}},
                {'target': 'api-gateway-catalog-svc',
                 'set': {'circuit_breaker': None, 'fallback': 'error'}}]},
 {'id': 'autoscale-spike-slow-start',
  'name': 'Autoscaling too slow for a spike',
  'description': 'The same spike, but a new catalog replica needs 180 s to start (a large image, '
                 'a slow readiness probe): longer than the spike. Compare with autoscale-spike.',
  'duration_s': 420,
  'warmup_s': 30,
  'seed': 17,
  'events': [{'at_s': 120,
              'action': 'load',
              'target': 'shoppers',
              'for_s': 120,
              'factor': 4,
              'note': 'The same TV spot. The autoscaler asks for replicas at the next sync, but '
                      'they start in 180 s: the spike is over before they serve. Watch errors '
                      'and the burn rate during the spike.'}],
  'overrides': [{'target': 'catalog-svc',
                 'set': {'deploy': {'autoscale': {'startup_s': 180}},
                         'service_time': {'mean_ms': 40},
                         'workers': 8}},
                {'target': 'api-gateway-catalog-svc',
                 'set': {'circuit_breaker': None, 'fallback': 'error'}}]}]

# The event-driven half (docs/streams.md): order-svc publishes order status changes to the
# order-events stream keyed by order id; a fulfilment tracker and a notification worker read it
# in their own groups; the notifications feed an e-mail queue with a dead-letter queue; and the
# stream demo pairs (outage and catch-up, poison message, ordering).
ZONES = ['zone-a', 'zone-b']
def worker(id, name, replicas, workers, dist, x, y, description):
    return {'id': id, 'kind': 'worker', 'name': name, 'description': description,
            'replicas': replicas, 'workers': workers, 'service_time': dist, 'queue_limit': 200,
            'zones': ZONES, 'position': {'x': x, 'y': y}}
def dlq(id, name, x, y):
    return {'id': id, 'kind': 'queue', 'name': name, 'replicas': 2, 'zones': ZONES,
            'queue': {'max_length': 1000000, 'retention_s': 1209600},
            'description': 'Dead letters, kept two weeks for a person to look at.',
            'position': {'x': x, 'y': y}}

# Positions fit the hand layout of scripts/examples/ecommerce.py (tst_examplelayout): the stream
# sits below order-queue, its consumers and queues to the right of the databases, all above
# payment-gateway so that the zone region does not take in that zone-less card.
ev_components = [
    {'id': 'order-events', 'kind': 'stream', 'name': 'Order events (Kafka)', 'replicas': 3,
     'zones': ZONES, 'description': 'Append-only log of order status changes, keyed by order '
     'id so that each order\'s events stay in order.',
     'stream': {'partitions': 12, 'replication_factor': 3, 'retention_s': 604800,
                'message_bytes': 600},
     'position': {'x': 1184, 'y': 608}},
    worker('fulfilment-tracker', 'Fulfilment tracker', 2, 2,
           {'dist': 'lognormal', 'mean_ms': 150, 'cv': 1.0}, 1760, 544,
           'Follows each order through its states; needs them in order.'),
    worker('notification-worker', 'Notification worker', 2, 2,
           {'dist': 'exponential', 'mean_ms': 20}, 1760, 672,
           'Decides which status changes e-mail the shopper.'),
    {'id': 'email-queue', 'kind': 'queue', 'name': 'E-mail queue', 'replicas': 2,
     'zones': ZONES, 'description': 'E-mails to send; full at 50,000 (then new ones are refused).',
     'queue': {'visibility_timeout_s': 60, 'max_length': 50000, 'overflow': 'reject'},
     'position': {'x': 2048, 'y': 672}},
    worker('email-sender', 'E-mail sender', 2, 2, {'dist': 'lognormal', 'mean_ms': 400, 'cv': 1.0},
           2336, 672, 'Sends through the mail provider; 2% of attempts fail and are retried.'),
    dlq('order-events-dlq', 'Order events dead letters', 2048, 544),
    dlq('email-dlq', 'E-mail dead letters', 2336, 544),
]
def ev_link(frm, to, kind, **kw):
    l = {'id': frm + '-' + to, 'from': frm, 'to': to, 'kind': kind, 'tls': True}
    l.update(kw)
    return l
ev_links = [
    ev_link('order-svc', 'order-events', 'publish', key={'keys': 500}),
    ev_link('fulfilment-tracker', 'order-events', 'consume',
         consume={'group': 'fulfilment', 'dead_letter': 'order-events-dlq', 'max_attempts': 5,
                  'failure_probability': 0.001, 'ordered': True}),
    ev_link('notification-worker', 'order-events', 'consume',
         consume={'group': 'notifications', 'dead_letter': 'order-events-dlq'}),
    # It reads the shopper's address and preferences from the read replicas, so processing an
    # event is a visit with a read (docs/streams.md, "Coupled with the engine").
    ev_link('notification-worker', 'shop-db-replica', 'read', timeout_ms=2000,
            tables=['users']),
    ev_link('notification-worker', 'email-queue', 'publish', probability=0.6),
    ev_link('email-sender', 'email-queue', 'consume',
         consume={'dead_letter': 'email-dlq', 'max_attempts': 5, 'failure_probability': 0.02}),
]
outage = {'at_s': 60, 'action': 'crash', 'target': 'fulfilment-tracker', 'for_s': 120,
          'note': 'The fulfilment tracker goes down for two minutes: order events pile up in '
                  'its partitions; watch its lag and how long it takes to catch up.'}
poison = {'at_s': 60, 'action': 'poison', 'target': 'order-events',
          'note': 'An order event the tracker cannot parse arrives: every retry fails. Watch '
                  'whether its partition stops or the message is set aside.'}
peak = {'at_s': 30, 'action': 'load', 'target': 'shoppers', 'factor': 4, 'for_s': 240,
        'note': 'A flash sale: four times the shoppers, so orders change state quickly and '
                'one order\'s events are often in flight together.'}
ev_scenarios = [
    {'id': 'consumer-outage', 'name': 'Consumer outage and catch-up (12 partitions)',
     'description': 'Demo pair with consumer-outage-one-partition: four tracker instances share '
                    'the 12 partitions and catch up in about half a minute.',
     'duration_s': 400, 'seed': 21, 'events': [outage]},
    {'id': 'consumer-outage-one-partition', 'name': 'Consumer outage, one partition',
     'description': 'The same outage with a single partition: one instance works, the others '
                    'sit idle, and the backlog drains at mu - lambda for minutes.',
     'duration_s': 400, 'seed': 21, 'events': [outage],
     'overrides': [{'target': 'order-events', 'set': {'stream': {'partitions': 1}}}]},
    {'id': 'poison-message', 'name': 'Poison message, set aside in a dead-letter queue',
     'description': 'Demo pair with poison-message-no-dlq.', 'duration_s': 300, 'seed': 23,
     'events': [poison]},
    {'id': 'poison-message-no-dlq', 'name': 'Poison message without a dead-letter queue',
     'description': 'The tracker retries the poison message forever: its partition stops and '
                    'its lag grows for the rest of the run.', 'duration_s': 300, 'seed': 23,
     'events': [poison],
     'overrides': [{'target': 'fulfilment-tracker-order-events',
                    'set': {'consume': {'dead_letter': None}}}]},
    {'id': 'ordering-keyed', 'name': 'Order events keyed by order id',
     'description': 'Demo pair with ordering-unkeyed: no order sees its events out of order.',
     'duration_s': 300, 'seed': 25, 'events': [peak]},
    {'id': 'ordering-unkeyed', 'name': 'Order events spread round robin',
     'description': 'The producer drops the key: one order\'s events land on different '
                    'partitions and the tracker processes some out of order.',
     'duration_s': 300, 'seed': 25, 'events': [peak],
     'overrides': [{'target': 'order-svc-order-events', 'set': {'key': {'by_key': False}}}]},
]

# Demo pair (issue 18, backpressure): the e-mail sender is down for three minutes and a smaller
# e-mail queue (300) fills after about 100 s. With overflow `block` the notification worker's
# publish waits for room: its instances stop, its lag on order-events grows and drains after,
# nothing is lost. With `reject` its publish fails, each event is retried and then set aside in
# order-events-dlq: the worker keeps up, but those e-mails end in the dead-letter queue.
mail_outage = {'at_s': 60, 'action': 'crash', 'target': 'email-sender', 'for_s': 180,
               'note': 'The mail provider is unreachable: the e-mail sender stops for three '
                       'minutes and the e-mail queue (300 at most here) fills.'}
ev_scenarios += [
    {'id': 'email-backpressure-block', 'name': 'Full e-mail queue: publishers wait (block)',
     'description': 'Demo pair with email-backpressure-reject. The e-mail queue blocks its '
                    'publishers when full: the notification worker waits in its publish, its lag '
                    'on order-events grows while the queue is full, and nothing is lost.',
     'duration_s': 480, 'seed': 31, 'events': [mail_outage],
     'overrides': [{'target': 'email-queue',
                    'set': {'queue': {'max_length': 300, 'overflow': 'block'}}}]},
    {'id': 'email-backpressure-reject', 'name': 'Full e-mail queue: publishes refused (reject)',
     'description': 'The same outage with overflow reject: the notification worker\'s publish '
                    'fails, the event is retried and then set aside in order-events-dlq. The '
                    'worker keeps up, but those e-mails are not sent.',
     'duration_s': 480, 'seed': 31, 'events': [mail_outage],
     'overrides': [{'target': 'email-queue',
                    'set': {'queue': {'max_length': 300, 'overflow': 'reject'}}}]},
]

ev_scenarios.append(
    {'id': 'dropped-table', 'name': 'A dropped table: restore from backup',
     'description': 'A bad migration drops the data of shop-db at 60 s. The replicas replay the '
                    'drop, so nothing fails over: shop-db refuses writes while the base backup '
                    'is restored and the WAL archive replayed (detect_s + S/R), and the last '
                    'archive_delay_s of writes are gone. The results list the measured RPO and '
                    'RTO next to the estimate.',
     'duration_s': 600, 'seed': 27,
     'events': [{'at_s': 60, 'action': 'data_loss', 'target': 'shop-db',
                 'note': 'A migration drops the orders: shop-db is restored from its backups.'}]})

# Demo pair (issue 21): the production region is lost; under backup-and-restore only the
# backups live in eu-west-1, under warm standby a smaller copy of everything runs in zone-dr.
region_loss = {'at_s': 60, 'action': 'region_outage', 'target': 'eu-central-1', 'for_s': 420,
               'note': 'eu-central-1, the region both production zones are in, goes dark for '
                       'seven minutes.'}
standby = [{'target': c['id'],
            'set': {'zones': ['zone-a', 'zone-b', 'zone-dr'],
                    'replicas': c.get('replicas', 1) + (c.get('replicas', 1) + 1) // 2}}
           for c in components + ev_components
           if c.get('zones') == ['zone-a', 'zone-b']]
ev_scenarios += [
    {'id': 'region-outage-backup-restore',
     'name': 'Region outage: backup and restore',
     'description': 'Demo pair with region-outage-warm-standby. Only the backups live in '
                    'eu-west-1: nothing can take over, the shop is down until the region '
                    'returns. Recovering in eu-west-1 instead would take detect + provision + '
                    'restore (S/R) + switch, about 40 minutes (the estimate); the writes lost '
                    'are the WAL not yet archived (60 s).',
     'duration_s': 600, 'warmup_s': 30, 'seed': 29,
     'events': [dict(region_loss, note=region_loss['note'] + ' Backup and restore: only the '
                     'backups are in eu-west-1, so the shop stays down until the region is '
                     'back.')]},
    {'id': 'region-outage-warm-standby',
     'name': 'Region outage: warm standby',
     'description': 'The same outage with a warm standby: every service, the cache, the queues '
                    'and a shop-db replica also run in zone-dr (eu-west-1), at a smaller scale. '
                    'The standby database is promoted after failover_s (30 s): the RTO is about '
                    'that, the RPO the replica lag (a few writes).',
     'duration_s': 600, 'warmup_s': 30, 'seed': 29,
     'events': [dict(region_loss, note=region_loss['note'] + ' Warm standby: zone-dr in '
                     'eu-west-1 keeps a copy of everything; watch the database standby take '
                     'over after 30 s.')],
     'overrides': standby},
]

components += ev_components
links += ev_links
scenarios += ev_scenarios

# The reporting ETL (issue 21, docs/data-lifecycle.md "Jobs"): every 15 minutes it copies the
# orders from shop-db's standby (read_from: replica on its read link) into the warehouse, in
# batches of 5,000 rows, 192 at a time: three times the 64 connections of the instance it
# reads. The demo pair runs it once, at 60 s, on the standby and on the primary: on the primary
# the shoppers' cache fills and writes queue behind its batches for about 18 s, the p99 jumps
# (about 80 ms to 300 ms) and fills time out.
components += [
    {'id': 'orders-etl', 'kind': 'job', 'name': 'Reporting ETL (orders to warehouse)',
     'replicas': 3, 'workers': 64, 'service_time': {'dist': 'exponential', 'mean_ms': 40},
     'zones': ZONES,
     'job': {'interval_s': 900, 'offset_s': 60, 'rows': 20000000, 'batch_size': 5000,
             'read_ms_per_row': 0.05, 'write_ms_per_row': 0.01},
     'description': 'Copies the orders of the last period into the warehouse for the reports.',
     'deploy': {'image': 'registry.example.com/shop/orders-etl:1.2.0', 'cpu_millis': 500,
                'memory_mib': 1024},
     'position': {'x': 1760, 'y': 288}},
    {'id': 'warehouse', 'kind': 'external', 'name': 'Analytics warehouse', 'replicas': 1,
     'workers': 256, 'service_time': {'dist': 'lognormal', 'mean_ms': 30, 'cv': 1.0},
     'deploy': {'hosting': 'external', 'port': 443}, 'position': {'x': 1760, 'y': 0}},
]
links += [
    ev_link('orders-etl', 'shop-db', 'read', read_from='replica',
            tables=['orders', 'order_items'], timeout_ms=30000),
    ev_link('orders-etl', 'warehouse', 'write', timeout_ms=30000, circuit_breaker=breaker),
]
etl_note = {'at_s': 60, 'action': 'load', 'target': 'shoppers', 'factor': 1,
            'note': 'The reporting ETL starts: 20 million order rows in 4,000 batches of 5,000.'}
scenarios += [
    {'id': 'etl-on-replica', 'name': 'Reporting ETL on the standby',
     'description': 'Demo pair with etl-on-primary: the ETL reads shop-db\'s standby, so the '
                    'shoppers\' p99 does not move while it runs; the job\'s figures give its '
                    'run time and the warehouse\'s staleness.',
     'duration_s': 300, 'seed': 29, 'events': [etl_note]},
    {'id': 'etl-on-primary', 'name': 'Reporting ETL on the primary',
     'description': 'The same ETL reading shop-db\'s primary: its batches hold primary '
                    'connections, the shoppers\' writes and cache fills queue behind them, '
                    'the p99 jumps and fills time out while it runs (lint: '
                    'data/job-on-primary).',
     'duration_s': 300, 'seed': 29, 'events': [etl_note],
     'overrides': [{'target': 'orders-etl-shop-db', 'set': {'read_from': 'primary'}}]},
]
# Real-time delivery (docs/realtime.md, issue 20): shoppers with an order page open get its
# status changes over WebSocket: the gateway reads the order-events stream in its own consumer
# group and fans each change out on the order's channel, so its latency includes the group's
# lag; slow clients are disconnected and recover what they missed from a five-minute history.
# Inventory keys in Redis are also deleted by keyspace notifications (pub/sub, at most once):
# the TTLs stay as the backstop.
components.append(
    {'id': 'order-updates', 'kind': 'realtime', 'name': 'Order status (WebSocket)',
     'replicas': 3, 'zones': ZONES,
     'description': 'Pushes each order\'s status changes to the browsers showing it, in order; '
                    'a slow browser is disconnected and recovers from history on reconnect.',
     'realtime': {'connections': 20000, 'channels': 5000, 'channel_zipf': 0.5,
                  'queue_bytes': 262144, 'slow_consumer': 'disconnect', 'history_size': 100,
                  'history_ttl_s': 300, 'reconnect_delay_s': 1, 'reconnect_max_delay_s': 30,
                  'message_bytes': 600},
     'deploy': {'image': 'registry.example.com/shop/order-updates:1.0.0', 'port': 8080,
                'cpu_millis': 500, 'memory_mib': 512, 'health_path': '/healthz'},
     'position': {'x': 608, 'y': 576}})
links.append(ev_link('order-updates', 'order-events', 'consume',
                     consume={'group': 'order-updates', 'dead_letter': 'order-events-dlq',
                              'ordered': True}))
next(c for c in components if c['id'] == 'redis')['pubsub'] = {'delay_ms': 2, 'loss': 0.001}

# Real-time demo pairs (docs/realtime.md, "Demos"; tests/simulator/tst_demo_scenarios.cpp).
# (a) Replica 0 of order-updates crashes during a flash sale: its third of the browsers
# reconnect to the other two at once (the reconnect storm); with the gateway's history each
# recovers the updates it missed, without it they are lost and the page sees a gap.
rt_sale = {'at_s': 30, 'action': 'load', 'target': 'shoppers', 'factor': 4, 'for_s': 240,
           'note': 'A flash sale: four times the shoppers, so four times the order status '
                   'updates pushed to the browsers.'}
rt_crash = {'at_s': 60, 'action': 'crash', 'target': 'order-updates', 'replica': 0,
            'for_s': 120,
            'note': 'Replica 0 of the WebSocket gateway crashes: its 6,667 browsers reconnect to '
                    'the other two within a second. Watch the reconnect spike and the '
                    'recovered / lost lines of the realtime chart.'}
# (b) One channel turns hot (channels' popularity Zipf 1: the hottest holds 11% of the
# subscriptions, 2,200 browsers of which 110 on slow mobile links) and bursts to about 50
# messages a second (32 kB/s, twice what a slow client downloads) for a minute.
rt_hot = {'at_s': 60, 'action': 'load', 'target': 'order-updates', 'factor': 100, 'for_s': 60,
          'note': 'The hottest channel bursts to 100 times its rate for a minute: 32 kB/s to '
                  'each of its 2,200 browsers, twice what the slow mobile ones download.'}
rt_hot_set = {'channel_zipf': 1.0}
# (a) The crash pair follows 10 busy order channels (the gateway reads order-events, about
# 18 updates a second): a browser that reconnects within a second has then likely missed one.
rt_crash_set = {'channels': 10}
# The gateways rebalance cooperatively here (rebalance_pause_s 0: the live replicas keep their
# partitions and take the crashed one's at once). With the classic stop-the-world pause of 3 s
# the whole group stops fanning out longer than the reconnect storm lasts, so no reconnecting
# browser misses an update and the pair shows nothing (and the crash's cost is a 3 s freeze).
rt_crash_link = {'target': 'order-updates-order-events',
                 'set': {'consume': {'rebalance_pause_s': 0}}}
scenarios += [
    {'id': 'realtime-crash-history', 'name': 'Gateway replica crash, recovery from history',
     'description': 'Demo pair with realtime-crash-no-history. The gateway keeps 100 messages '
                    'per channel for 5 minutes: every browser that reconnects after the crash '
                    'gets what it missed, in order (Results > Realtime: recovered, 0 lost, '
                    '0 ordering violations).',
     'duration_s': 240, 'seed': 31,
     'events': [rt_sale, dict(rt_crash, note=rt_crash['note'] + ' With history: the missed '
                              'updates are replayed on reconnect, none is lost.')],
     'overrides': [{'target': 'order-updates', 'set': {'realtime': rt_crash_set}},
                   rt_crash_link]},
    {'id': 'realtime-crash-no-history', 'name': 'Gateway replica crash, no history',
     'description': 'The same crash without channel history: the updates published while a '
                    'browser reconnected never reach it; each gap is an ordering violation '
                    '(lint: realtime/no-history).',
     'duration_s': 240, 'seed': 31,
     'events': [rt_sale, dict(rt_crash, note=rt_crash['note'] + ' No history: what a browser '
                              'missed while it reconnected is lost.')],
     'overrides': [{'target': 'order-updates',
                    'set': {'realtime': dict(rt_crash_set, history_size=0)}},
                   rt_crash_link]},
    {'id': 'realtime-hot-block', 'name': 'Hot channel, slow clients: block',
     'description': 'Demo pair with realtime-hot-disconnect. slow_consumer block: the hot '
                    'channel goes at the pace of its slowest subscriber, so nobody is dropped '
                    'and order holds, but every subscriber waits: the delivery latency grows '
                    'for the fast browsers too, for as long as the backlog lasts.',
     'duration_s': 240, 'seed': 33,
     'events': [dict(rt_hot, note=rt_hot['note'] + ' Block: the channel waits for its '
                     'slowest browser; watch the latency climb for everyone.')],
     'overrides': [{'target': 'order-updates',
                    'set': {'realtime': dict(rt_hot_set, slow_consumer='block')}}]},
    {'id': 'realtime-hot-disconnect', 'name': 'Hot channel, slow clients: disconnect',
     'description': 'The same burst with slow_consumer disconnect: a slow browser whose queue '
                    'passes 256 KiB is cut off, reconnects, and loses what its 100-message '
                    'history cannot replay; the fast browsers keep their sub-second latency.',
     'duration_s': 240, 'seed': 33,
     'events': [dict(rt_hot, note=rt_hot['note'] + ' Disconnect: the slow browsers are cut '
                     'off and reconnect, their longest wait their own queue (256 KiB at '
                     '16 kB/s: 16 s); the fast ones never notice.')],
     'overrides': [{'target': 'order-updates',
                    'set': {'realtime': dict(rt_hot_set, slow_consumer='disconnect')}}]},
]

model = {
    "format": "archsim", "version": 2, "name": "E-commerce platform",
    "description": "The e-commerce platform of the backend architect's brief: 10M orders a "
                   "year, monthly partitions, Redis cache-aside with per-class TTLs, a CDN for "
                   "public listings and a read replica for reporting. Order status changes flow "
                   "through the order-events stream (keyed by order id) to a fulfilment tracker "
                   "and a notification worker, which feeds an e-mail queue with a dead-letter "
                   "queue.",
    "zones": ["zone-a", "zone-b", "zone-dr"],
    # Production runs in two zones of one region; the backups go to a bucket in another.
    "regions": [{"id": "eu-central-1", "zones": ["zone-a", "zone-b"]},
                {"id": "eu-west-1", "zones": ["zone-dr"]}],
    "disaster_recovery": {"strategy": "backup_restore", "detect_s": 300, "provision_s": 1800,
                          "switch_s": 300},
    "components": components, "links": links,
    "schemas": [{"id": "shop", "tables": tables, "views": views}],
    "scenarios": scenarios,
    "suppress": suppress,
}
json.dump(model, sys.stdout, indent=2, ensure_ascii=False)
print()
