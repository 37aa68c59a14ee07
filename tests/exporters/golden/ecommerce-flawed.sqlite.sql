-- ArchSim DDL for SQLite, model "E-commerce platform (flawed, for training)".
-- Written by archsim-cli export ddl --dialect sqlite; regenerate it instead of editing it.

PRAGMA foreign_keys = ON;
BEGIN;

-- Table "users"
-- Registered customers.
CREATE TABLE "users" (
    "user_id" INTEGER NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "full_name" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("user_id"),
    CONSTRAINT "users_email_key" UNIQUE ("email")
);

-- Table "products"
-- The catalogue; cached in Redis for 5 minutes.
CREATE TABLE "products" (
    "product_id" INTEGER NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "category" VARCHAR(64) NOT NULL,
    "price" NUMERIC(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("product_id"),
    CONSTRAINT "products_sku_key" UNIQUE ("sku")
);
CREATE INDEX "products_category" ON "products" ("category");

-- Table "inventory"
-- Stock per product; cached for 15 seconds.
CREATE TABLE "inventory" (
    "product_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("product_id"),
    CONSTRAINT "inventory_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products" ("product_id") ON DELETE CASCADE
);

-- Table "orders"
-- 10M orders a year: monthly range partitions keep each under 1M rows. FLAW (schema/duplicate-index): orders_user is a prefix of orders_user_created.
-- archsim: SQLite has no partitions: one table holds every row (the model partitions it by range on "created_at").
CREATE TABLE "orders" (
    "order_id" CHAR(26) NOT NULL, -- ULID: sortable by time, better index locality than a random UUID.
    "user_id" INTEGER NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "total_amount" NUMERIC(12,2) NOT NULL, -- Denormalised sum of the order lines.
    "currency" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("order_id", "created_at"),
    CONSTRAINT "orders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("user_id")
);
CREATE INDEX "orders_user_created" ON "orders" ("user_id", "created_at" DESC);
CREATE INDEX "orders_user_status" ON "orders" ("user_id", "status");
CREATE INDEX "orders_created" ON "orders" ("created_at");
CREATE INDEX "orders_user" ON "orders" ("user_id");

-- Table "order_items"
-- Order lines, partitioned like orders. FLAW (schema/fk-without-index): the index on product_id was dropped; the foreign key to products has none.
-- archsim: SQLite has no partitions: one table holds every row (the model partitions it by range on "created_at").
CREATE TABLE "order_items" (
    "order_id" CHAR(26) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL, -- The order's creation time: the partition key shared with orders.
    "line_no" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" NUMERIC(12,2) NOT NULL,
    "line_total" NUMERIC(12,2) NOT NULL,
    PRIMARY KEY ("order_id", "created_at", "line_no"),
    CONSTRAINT "order_items_order_id_created_at_fkey" FOREIGN KEY ("order_id", "created_at") REFERENCES "orders" ("order_id", "created_at") ON DELETE CASCADE,
    CONSTRAINT "order_items_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products" ("product_id")
);

-- Table "order_events"
-- Append-only log of status transitions (event sourcing of the order lifecycle). FLAW (schema/partition-too-large): 1.5M events a month in monthly partitions.
-- archsim: SQLite has no partitions: one table holds every row (the model partitions it by range on "created_at").
-- archsim: SQLite generates values only for an INTEGER PRIMARY KEY: "event_id" is not the whole primary key, so the application supplies it.
CREATE TABLE "order_events" (
    "event_id" INTEGER NOT NULL,
    "order_id" CHAR(26) NOT NULL,
    "event_type" VARCHAR(32) NOT NULL,
    "payload" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("event_id", "created_at")
);
CREATE INDEX "order_events_order" ON "order_events" ("order_id", "created_at");

-- Table "audit_log"
-- FLAW (schema/no-primary-key): an audit table without a primary key.
CREATE TABLE "audit_log" (
    "at" TIMESTAMPTZ NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "action" TEXT NOT NULL
);

-- Table "reviews"
-- FLAW (schema/large-table-unpartitioned): 450k reviews a month reach 10.8M rows in two years, unpartitioned. FLAW (schema/uuid-as-text): review_id holds a UUID as char(36).
CREATE TABLE "reviews" (
    "review_id" CHAR(36) NOT NULL,
    "product_id" INTEGER NOT NULL,
    "stars" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    PRIMARY KEY ("review_id"),
    CONSTRAINT "reviews_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products" ("product_id")
);
CREATE INDEX "reviews_product" ON "reviews" ("product_id", "created_at" DESC);

-- Materialized view "order_summary" (reads orders, users, order_items, products)
-- One row per order with its lines, customer and product categories, for the reporting service; refreshed every 30 seconds.
-- SQLite has no materialized views: a summary table holds its rows.
CREATE TABLE "order_summary" AS
SELECT o.order_id, o.created_at, o.user_id, u.created_at AS customer_since,
       o.status, o.currency, count(*) AS line_count,
       sum(i.quantity) AS units, sum(i.line_total) AS lines_total,
       count(DISTINCT p.category) AS categories
FROM orders o
JOIN users u ON u.user_id = o.user_id
JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
JOIN products p ON p.product_id = i.product_id
GROUP BY o.order_id, o.created_at, o.user_id, u.created_at, o.status, o.currency;
CREATE UNIQUE INDEX "order_summary_order" ON "order_summary" ("order_id", "created_at");
CREATE INDEX "order_summary_user" ON "order_summary" ("user_id", "created_at" DESC);
-- Refresh every 30 s: SQLite has no scheduler, so a job (cron, a Kubernetes CronJob, the application) runs
--   BEGIN;
--   DELETE FROM "order_summary";
--   INSERT INTO "order_summary"
--   SELECT o.order_id, o.created_at, o.user_id, u.created_at AS customer_since,
--          o.status, o.currency, count(*) AS line_count,
--          sum(i.quantity) AS units, sum(i.line_total) AS lines_total,
--          count(DISTINCT p.category) AS categories
--   FROM orders o
--   JOIN users u ON u.user_id = o.user_id
--   JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
--   JOIN products p ON p.product_id = i.product_id
--   GROUP BY o.order_id, o.created_at, o.user_id, u.created_at, o.status, o.currency;
--   COMMIT;

-- Materialized view "user_order_totals" (reads orders, order_items)
-- FLAW (data/view-refresh-blocks-readers): refreshed without CONCURRENTLY while the order page reads it. FLAW (data/view-refresh-overlaps): a refresh takes about 9 s, every 5 s.
-- SQLite has no materialized views: a summary table holds its rows.
CREATE TABLE "user_order_totals" AS
SELECT o.user_id, count(*) AS orders, sum(i.line_total) AS spent
FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
GROUP BY o.user_id;
-- Refresh every 5 s: SQLite has no scheduler, so a job (cron, a Kubernetes CronJob, the application) runs
--   BEGIN;
--   DELETE FROM "user_order_totals";
--   INSERT INTO "user_order_totals"
--   SELECT o.user_id, count(*) AS orders, sum(i.line_total) AS spent
--   FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
--   GROUP BY o.user_id;
--   COMMIT;

-- Roles: one per service, granted only what its links do (read: SELECT; write: INSERT, UPDATE, DELETE).
-- No passwords are set here: set them from your secret store.
-- archsim: link user-svc -> shop-db (read) names no tables: no grants.
-- archsim: link audit-export -> shop-db-replica (read) names no tables: no grants.

-- archsim: fulfilment-worker writes inventory without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: fulfilment-worker writes order_events without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- SQLite has no roles; the model grants fulfilment-worker:
--   INSERT, UPDATE, DELETE on "inventory"
--   INSERT, UPDATE, DELETE on "order_events"

-- SQLite has no roles; the model grants notification-worker:
--   SELECT on "users"

-- archsim: order-svc writes inventory without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: order-svc writes order_events without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: order-svc writes order_items without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- SQLite has no roles; the model grants order-svc:
--   INSERT, UPDATE, DELETE on "inventory"
--   INSERT, UPDATE, DELETE on "order_events"
--   INSERT, UPDATE, DELETE on "order_items"
--   SELECT, INSERT, UPDATE, DELETE on "orders"
--   SELECT on "user_order_totals"

-- SQLite has no roles; the model grants orders-etl:
--   SELECT on "order_items"
--   SELECT on "orders"

-- SQLite has no roles; the model grants reporting-svc:
--   SELECT on "order_events"
--   SELECT on "order_items"
--   SELECT on "order_summary"
--   SELECT on "orders"
--   SELECT on "products"

-- archsim: user-svc writes users without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- SQLite has no roles; the model grants user-svc:
--   INSERT, UPDATE, DELETE on "users"

COMMIT;
