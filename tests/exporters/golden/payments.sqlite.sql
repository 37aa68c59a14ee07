-- ArchSim DDL for SQLite, model "Event-driven payments".
-- Written by archsim-cli export ddl --dialect sqlite; regenerate it instead of editing it.

PRAGMA foreign_keys = ON;
BEGIN;

-- Table "payments"
-- One row per accepted payment.
-- archsim: SQLite has no partitions: one table holds every row (the model partitions it by range on "created_at").
CREATE TABLE "payments" (
    "payment_id" CHAR(36) NOT NULL,
    "merchant_id" INTEGER NOT NULL,
    "amount" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "card_fingerprint" CHAR(64),
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("payment_id", "created_at")
);
CREATE INDEX "payments_merchant_created" ON "payments" ("merchant_id", "created_at" DESC);
CREATE INDEX "payments_status" ON "payments" ("status", "created_at");

-- Table "settlements"
CREATE TABLE "settlements" (
    "settlement_id" INTEGER NOT NULL,
    "payment_id" CHAR(36) NOT NULL,
    "settled_at" TIMESTAMP NOT NULL,
    "network_reference" VARCHAR(64) NOT NULL,
    PRIMARY KEY ("settlement_id")
);
CREATE INDEX "settlements_payment" ON "settlements" ("payment_id");

-- Table "idempotency_keys"
-- Deduplicates merchant retries for 24 hours.
-- archsim: SQLite has no partitions: one table holds every row (the model partitions it by hash on "merchant_id").
CREATE TABLE "idempotency_keys" (
    "merchant_id" INTEGER NOT NULL,
    "idempotency_key" VARCHAR(128) NOT NULL,
    "payment_id" CHAR(36) NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("merchant_id", "idempotency_key")
);

-- Roles: one per service, granted only what its links do (read: SELECT; write: INSERT, UPDATE, DELETE).
-- No passwords are set here: set them from your secret store.

-- SQLite has no roles; the model grants fraud:
--   SELECT on "payments"

-- archsim: intake writes idempotency_keys without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: intake writes payments without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- SQLite has no roles; the model grants intake:
--   INSERT, UPDATE, DELETE on "idempotency_keys"
--   INSERT, UPDATE, DELETE on "payments"

-- archsim: settlement writes payments without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: settlement writes settlements without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- SQLite has no roles; the model grants settlement:
--   INSERT, UPDATE, DELETE on "payments"
--   INSERT, UPDATE, DELETE on "settlements"

COMMIT;
