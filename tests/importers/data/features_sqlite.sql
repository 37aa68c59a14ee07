-- Every feature the SQLite importer reads (tests/importers).
CREATE TABLE customers (
    customer_id INTEGER NOT NULL PRIMARY KEY,
    email VARCHAR(200) NOT NULL,
    region CHAR(2) NOT NULL DEFAULT 'eu',
    vip BOOLEAN NOT NULL DEFAULT FALSE,
    score NUMERIC(5,2) DEFAULT -1.5,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT customers_email_key UNIQUE (email)
);
CREATE TABLE orders (
    order_id INTEGER NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    total NUMERIC(12,2) NOT NULL DEFAULT 0,
    note TEXT,
    PRIMARY KEY (order_id, created_at)
);
CREATE TABLE order_lines (
    order_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    line_no INTEGER NOT NULL,
    sku VARCHAR(40) NOT NULL,
    qty INTEGER NOT NULL DEFAULT 1,
    price REAL,
    data BLOB,
    PRIMARY KEY (order_id, created_at, line_no),
    FOREIGN KEY (order_id, created_at) REFERENCES orders (order_id, created_at)
        ON DELETE CASCADE ON UPDATE RESTRICT
);
CREATE INDEX order_lines_sku_qty ON order_lines (sku, qty DESC);
CREATE INDEX orders_customer_created ON orders (customer_id, created_at DESC);
CREATE UNIQUE INDEX customers_lower_email ON customers (lower(email));
CREATE INDEX orders_open ON orders (created_at) WHERE total > 100;
CREATE TABLE "Select" (
    "from" INTEGER NOT NULL PRIMARY KEY,
    "quo""te" TEXT,
    "tick`s" VARCHAR(10) DEFAULT 'it''s',
    "ünïcödé" DATE,
    "order" INT
);
CREATE INDEX "Select_quo""te" ON "Select" ("quo""te", "order" DESC);
CREATE VIEW big_orders AS SELECT order_id, total FROM orders WHERE total > 100;
CREATE VIEW "Order Customers" (id, mail) AS
    SELECT O.order_id, c.email FROM Big_Orders b, ORDERS O
    JOIN customers c ON c.customer_id = O.customer_id WHERE b.order_id = O.order_id;
CREATE TRIGGER orders_touch AFTER UPDATE ON orders BEGIN SELECT 1; END;
