-- ArchSim DDL for MySQL/MariaDB, model "E-commerce platform (flawed, for training)".
-- Written by archsim-cli export ddl --dialect mysql; regenerate it instead of editing it.

SET NAMES utf8mb4;
SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','));

CREATE DATABASE IF NOT EXISTS `shop` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- Table `shop`.`users`
CREATE TABLE `shop`.`users` (
    `user_id` bigint NOT NULL AUTO_INCREMENT,
    `email` varchar(320) NOT NULL,
    `full_name` longtext,
    `created_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    `updated_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    PRIMARY KEY (`user_id`),
    UNIQUE KEY `users_email_key` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Registered customers.';

-- Table `shop`.`products`
CREATE TABLE `shop`.`products` (
    `product_id` bigint NOT NULL AUTO_INCREMENT,
    `sku` varchar(64) NOT NULL,
    `name` longtext NOT NULL,
    `description` longtext,
    `category` varchar(64) NOT NULL,
    `price` decimal(12,2) NOT NULL,
    `currency` char(3) NOT NULL DEFAULT 'EUR',
    `created_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    `updated_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    PRIMARY KEY (`product_id`),
    UNIQUE KEY `products_sku_key` (`sku`),
    KEY `products_category` (`category`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='The catalogue; cached in Redis for 5 minutes.';

-- Table `shop`.`inventory`
CREATE TABLE `shop`.`inventory` (
    `product_id` bigint NOT NULL,
    `quantity` int NOT NULL DEFAULT 0,
    `reserved` int NOT NULL DEFAULT 0,
    `updated_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    PRIMARY KEY (`product_id`),
    CONSTRAINT `inventory_product_id_fkey` FOREIGN KEY (`product_id`) REFERENCES `shop`.`products` (`product_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Stock per product; cached for 15 seconds.';

-- Table `shop`.`orders`
-- archsim: MySQL: a last partition pmax VALUES LESS THAN (MAXVALUE) takes rows past the generated range; the first partition also takes rows before 2026-01-01.
-- archsim: Omitted foreign key `orders_user_id_fkey` (orders(user_id) -> users(user_id)): partitioned InnoDB tables cannot have foreign keys (MySQL error 1506); the application must keep it consistent.
CREATE TABLE `shop`.`orders` (
    `order_id` char(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'ULID: sortable by time, better index locality than a random UUID.',
    `user_id` bigint NOT NULL,
    `status` varchar(20) NOT NULL,
    `total_amount` decimal(12,2) NOT NULL COMMENT 'Denormalised sum of the order lines.',
    `currency` char(3) NOT NULL,
    `created_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    PRIMARY KEY (`order_id`, `created_at`),
    KEY `orders_user_created` (`user_id`, `created_at` DESC),
    KEY `orders_user_status` (`user_id`, `status`),
    KEY `orders_created` (`created_at`),
    KEY `orders_user` (`user_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='10M orders a year: monthly range partitions keep each under 1M rows. FLAW (schema/duplicate-index): orders_user is a prefix of orders_user_created.'
PARTITION BY RANGE COLUMNS(`created_at`) (
    PARTITION `p2026_01` VALUES LESS THAN ('2026-02-01 00:00:00'),
    PARTITION `p2026_02` VALUES LESS THAN ('2026-03-01 00:00:00'),
    PARTITION `p2026_03` VALUES LESS THAN ('2026-04-01 00:00:00'),
    PARTITION `p2026_04` VALUES LESS THAN ('2026-05-01 00:00:00'),
    PARTITION `p2026_05` VALUES LESS THAN ('2026-06-01 00:00:00'),
    PARTITION `p2026_06` VALUES LESS THAN ('2026-07-01 00:00:00'),
    PARTITION `p2026_07` VALUES LESS THAN ('2026-08-01 00:00:00'),
    PARTITION `p2026_08` VALUES LESS THAN ('2026-09-01 00:00:00'),
    PARTITION `p2026_09` VALUES LESS THAN ('2026-10-01 00:00:00'),
    PARTITION `p2026_10` VALUES LESS THAN ('2026-11-01 00:00:00'),
    PARTITION `p2026_11` VALUES LESS THAN ('2026-12-01 00:00:00'),
    PARTITION `p2026_12` VALUES LESS THAN ('2027-01-01 00:00:00'),
    PARTITION `p2027_01` VALUES LESS THAN ('2027-02-01 00:00:00'),
    PARTITION `p2027_02` VALUES LESS THAN ('2027-03-01 00:00:00'),
    PARTITION `p2027_03` VALUES LESS THAN ('2027-04-01 00:00:00'),
    PARTITION `p2027_04` VALUES LESS THAN ('2027-05-01 00:00:00'),
    PARTITION `p2027_05` VALUES LESS THAN ('2027-06-01 00:00:00'),
    PARTITION `p2027_06` VALUES LESS THAN ('2027-07-01 00:00:00'),
    PARTITION `p2027_07` VALUES LESS THAN ('2027-08-01 00:00:00'),
    PARTITION `p2027_08` VALUES LESS THAN ('2027-09-01 00:00:00'),
    PARTITION `p2027_09` VALUES LESS THAN ('2027-10-01 00:00:00'),
    PARTITION `p2027_10` VALUES LESS THAN ('2027-11-01 00:00:00'),
    PARTITION `p2027_11` VALUES LESS THAN ('2027-12-01 00:00:00'),
    PARTITION `p2027_12` VALUES LESS THAN ('2028-01-01 00:00:00'),
    PARTITION `pmax` VALUES LESS THAN (MAXVALUE)
);

-- Table `shop`.`order_items`
-- archsim: MySQL: a last partition pmax VALUES LESS THAN (MAXVALUE) takes rows past the generated range; the first partition also takes rows before 2026-01-01.
-- archsim: Omitted foreign key `order_items_order_id_created_at_fkey` (order_items(order_id, created_at) -> orders(order_id, created_at)): partitioned InnoDB tables cannot have foreign keys (MySQL error 1506); the application must keep it consistent.
-- archsim: Omitted foreign key `order_items_product_id_fkey` (order_items(product_id) -> products(product_id)): partitioned InnoDB tables cannot have foreign keys (MySQL error 1506); the application must keep it consistent.
CREATE TABLE `shop`.`order_items` (
    `order_id` char(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `created_at` datetime(6) NOT NULL COMMENT 'The order''s creation time: the partition key shared with orders.',
    `line_no` smallint NOT NULL,
    `product_id` bigint NOT NULL,
    `quantity` int NOT NULL,
    `unit_price` decimal(12,2) NOT NULL,
    `line_total` decimal(12,2) NOT NULL,
    PRIMARY KEY (`order_id`, `created_at`, `line_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Order lines, partitioned like orders. FLAW (schema/fk-without-index): the index on product_id was dropped; the foreign key to products has none.'
PARTITION BY RANGE COLUMNS(`created_at`) (
    PARTITION `p2026_01` VALUES LESS THAN ('2026-02-01 00:00:00'),
    PARTITION `p2026_02` VALUES LESS THAN ('2026-03-01 00:00:00'),
    PARTITION `p2026_03` VALUES LESS THAN ('2026-04-01 00:00:00'),
    PARTITION `p2026_04` VALUES LESS THAN ('2026-05-01 00:00:00'),
    PARTITION `p2026_05` VALUES LESS THAN ('2026-06-01 00:00:00'),
    PARTITION `p2026_06` VALUES LESS THAN ('2026-07-01 00:00:00'),
    PARTITION `p2026_07` VALUES LESS THAN ('2026-08-01 00:00:00'),
    PARTITION `p2026_08` VALUES LESS THAN ('2026-09-01 00:00:00'),
    PARTITION `p2026_09` VALUES LESS THAN ('2026-10-01 00:00:00'),
    PARTITION `p2026_10` VALUES LESS THAN ('2026-11-01 00:00:00'),
    PARTITION `p2026_11` VALUES LESS THAN ('2026-12-01 00:00:00'),
    PARTITION `p2026_12` VALUES LESS THAN ('2027-01-01 00:00:00'),
    PARTITION `p2027_01` VALUES LESS THAN ('2027-02-01 00:00:00'),
    PARTITION `p2027_02` VALUES LESS THAN ('2027-03-01 00:00:00'),
    PARTITION `p2027_03` VALUES LESS THAN ('2027-04-01 00:00:00'),
    PARTITION `p2027_04` VALUES LESS THAN ('2027-05-01 00:00:00'),
    PARTITION `p2027_05` VALUES LESS THAN ('2027-06-01 00:00:00'),
    PARTITION `p2027_06` VALUES LESS THAN ('2027-07-01 00:00:00'),
    PARTITION `p2027_07` VALUES LESS THAN ('2027-08-01 00:00:00'),
    PARTITION `p2027_08` VALUES LESS THAN ('2027-09-01 00:00:00'),
    PARTITION `p2027_09` VALUES LESS THAN ('2027-10-01 00:00:00'),
    PARTITION `p2027_10` VALUES LESS THAN ('2027-11-01 00:00:00'),
    PARTITION `p2027_11` VALUES LESS THAN ('2027-12-01 00:00:00'),
    PARTITION `p2027_12` VALUES LESS THAN ('2028-01-01 00:00:00'),
    PARTITION `pmax` VALUES LESS THAN (MAXVALUE)
);

-- Table `shop`.`order_events`
-- archsim: MySQL: a last partition pmax VALUES LESS THAN (MAXVALUE) takes rows past the generated range; the first partition also takes rows before 2026-01-01.
CREATE TABLE `shop`.`order_events` (
    `event_id` bigint NOT NULL AUTO_INCREMENT,
    `order_id` char(26) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `event_type` varchar(32) NOT NULL,
    `payload` json,
    `created_at` datetime(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
    PRIMARY KEY (`event_id`, `created_at`),
    KEY `order_events_order` (`order_id`, `created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Append-only log of status transitions (event sourcing of the order lifecycle). FLAW (schema/partition-too-large): 1.5M events a month in monthly partitions.'
PARTITION BY RANGE COLUMNS(`created_at`) (
    PARTITION `p2026_01` VALUES LESS THAN ('2026-02-01 00:00:00'),
    PARTITION `p2026_02` VALUES LESS THAN ('2026-03-01 00:00:00'),
    PARTITION `p2026_03` VALUES LESS THAN ('2026-04-01 00:00:00'),
    PARTITION `p2026_04` VALUES LESS THAN ('2026-05-01 00:00:00'),
    PARTITION `p2026_05` VALUES LESS THAN ('2026-06-01 00:00:00'),
    PARTITION `p2026_06` VALUES LESS THAN ('2026-07-01 00:00:00'),
    PARTITION `p2026_07` VALUES LESS THAN ('2026-08-01 00:00:00'),
    PARTITION `p2026_08` VALUES LESS THAN ('2026-09-01 00:00:00'),
    PARTITION `p2026_09` VALUES LESS THAN ('2026-10-01 00:00:00'),
    PARTITION `p2026_10` VALUES LESS THAN ('2026-11-01 00:00:00'),
    PARTITION `p2026_11` VALUES LESS THAN ('2026-12-01 00:00:00'),
    PARTITION `p2026_12` VALUES LESS THAN ('2027-01-01 00:00:00'),
    PARTITION `p2027_01` VALUES LESS THAN ('2027-02-01 00:00:00'),
    PARTITION `p2027_02` VALUES LESS THAN ('2027-03-01 00:00:00'),
    PARTITION `p2027_03` VALUES LESS THAN ('2027-04-01 00:00:00'),
    PARTITION `p2027_04` VALUES LESS THAN ('2027-05-01 00:00:00'),
    PARTITION `p2027_05` VALUES LESS THAN ('2027-06-01 00:00:00'),
    PARTITION `p2027_06` VALUES LESS THAN ('2027-07-01 00:00:00'),
    PARTITION `p2027_07` VALUES LESS THAN ('2027-08-01 00:00:00'),
    PARTITION `p2027_08` VALUES LESS THAN ('2027-09-01 00:00:00'),
    PARTITION `p2027_09` VALUES LESS THAN ('2027-10-01 00:00:00'),
    PARTITION `p2027_10` VALUES LESS THAN ('2027-11-01 00:00:00'),
    PARTITION `p2027_11` VALUES LESS THAN ('2027-12-01 00:00:00'),
    PARTITION `p2027_12` VALUES LESS THAN ('2028-01-01 00:00:00'),
    PARTITION `pmax` VALUES LESS THAN (MAXVALUE)
);

-- Table `shop`.`audit_log`
CREATE TABLE `shop`.`audit_log` (
    `at` datetime(6) NOT NULL,
    `actor` varchar(64) NOT NULL,
    `action` longtext NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='FLAW (schema/no-primary-key): an audit table without a primary key.';

-- Table `shop`.`reviews`
CREATE TABLE `shop`.`reviews` (
    `review_id` char(36) NOT NULL,
    `product_id` bigint NOT NULL,
    `stars` smallint NOT NULL,
    `body` longtext NOT NULL,
    `created_at` datetime(6) NOT NULL,
    PRIMARY KEY (`review_id`),
    KEY `reviews_product` (`product_id`, `created_at` DESC),
    CONSTRAINT `reviews_product_id_fkey` FOREIGN KEY (`product_id`) REFERENCES `shop`.`products` (`product_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='FLAW (schema/large-table-unpartitioned): 450k reviews a month reach 10.8M rows in two years, unpartitioned. FLAW (schema/uuid-as-text): review_id holds a UUID as char(36).';

-- Materialized view `shop`.`order_summary` (reads orders, users, order_items, products)
USE `shop`;
-- MySQL/MariaDB have no materialized views: a summary table holds its rows.
CREATE TABLE `shop`.`order_summary` COMMENT = 'materialized view (a summary table ArchSim refreshes): One row per order with its lines, customer and product categories, for the reporting service; refreshed every 30 seconds.' AS
SELECT o.order_id, o.created_at, o.user_id, u.created_at AS customer_since,
       o.status, o.currency, count(*) AS line_count,
       sum(i.quantity) AS units, sum(i.line_total) AS lines_total,
       count(DISTINCT p.category) AS categories
FROM orders o
JOIN users u ON u.user_id = o.user_id
JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
JOIN products p ON p.product_id = i.product_id
GROUP BY o.order_id, o.created_at, o.user_id, u.created_at, o.status, o.currency;
CREATE UNIQUE INDEX `order_summary_order` ON `shop`.`order_summary` (`order_id`, `created_at`);
CREATE INDEX `order_summary_user` ON `shop`.`order_summary` (`user_id`, `created_at` DESC);
-- Refresh every 30 s by the event below. The event scheduler must be on
-- (event_scheduler = ON in the server's configuration, or SET GLOBAL event_scheduler = ON),
-- else the summary table is never refreshed.
DELIMITER ;;
CREATE EVENT `shop`.`order_summary_refresh` ON SCHEDULE EVERY 30 SECOND
    COMMENT 'refreshes order_summary'
DO BEGIN
START TRANSACTION;
DELETE FROM `shop`.`order_summary`;
INSERT INTO `shop`.`order_summary`
SELECT o.order_id, o.created_at, o.user_id, u.created_at AS customer_since,
       o.status, o.currency, count(*) AS line_count,
       sum(i.quantity) AS units, sum(i.line_total) AS lines_total,
       count(DISTINCT p.category) AS categories
FROM orders o
JOIN users u ON u.user_id = o.user_id
JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
JOIN products p ON p.product_id = i.product_id
GROUP BY o.order_id, o.created_at, o.user_id, u.created_at, o.status, o.currency;
COMMIT;
END;;
DELIMITER ;

-- Materialized view `shop`.`user_order_totals` (reads orders, order_items)
USE `shop`;
-- MySQL/MariaDB have no materialized views: a summary table holds its rows.
CREATE TABLE `shop`.`user_order_totals` COMMENT = 'materialized view (a summary table ArchSim refreshes): FLAW (data/view-refresh-blocks-readers): refreshed without CONCURRENTLY while the order page reads it. FLAW (data/view-refresh-overlaps): a refresh takes about 9 s, every 5 s.' AS
SELECT o.user_id, count(*) AS orders, sum(i.line_total) AS spent
FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
GROUP BY o.user_id;
-- Refresh every 5 s by the event below. The event scheduler must be on
-- (event_scheduler = ON in the server's configuration, or SET GLOBAL event_scheduler = ON),
-- else the summary table is never refreshed.
DELIMITER ;;
CREATE EVENT `shop`.`user_order_totals_refresh` ON SCHEDULE EVERY 5 SECOND
    COMMENT 'refreshes user_order_totals'
DO BEGIN
START TRANSACTION;
DELETE FROM `shop`.`user_order_totals`;
INSERT INTO `shop`.`user_order_totals`
SELECT o.user_id, count(*) AS orders, sum(i.line_total) AS spent
FROM orders o JOIN order_items i ON i.order_id = o.order_id AND i.created_at = o.created_at
GROUP BY o.user_id;
COMMIT;
END;;
DELIMITER ;

-- Roles: one per service, granted only what its links do (read: SELECT; write: INSERT, UPDATE, DELETE).
-- No passwords are set here: set them from your secret store.
-- archsim: link user-svc -> shop-db (read) names no tables: no grants.
-- archsim: link audit-export -> shop-db-replica (read) names no tables: no grants.

-- archsim: fulfilment-worker writes inventory without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: fulfilment-worker writes order_events without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
CREATE USER IF NOT EXISTS 'fulfilment-worker'@'%' ACCOUNT LOCK;
GRANT INSERT, UPDATE, DELETE ON `shop`.`inventory` TO 'fulfilment-worker'@'%';
GRANT INSERT, UPDATE, DELETE ON `shop`.`order_events` TO 'fulfilment-worker'@'%';

CREATE USER IF NOT EXISTS 'notification-worker'@'%' ACCOUNT LOCK;
GRANT SELECT ON `shop`.`users` TO 'notification-worker'@'%';

-- archsim: order-svc writes inventory without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: order-svc writes order_events without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: order-svc writes order_items without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
CREATE USER IF NOT EXISTS 'order-svc'@'%' ACCOUNT LOCK;
GRANT INSERT, UPDATE, DELETE ON `shop`.`inventory` TO 'order-svc'@'%';
GRANT INSERT, UPDATE, DELETE ON `shop`.`order_events` TO 'order-svc'@'%';
GRANT INSERT, UPDATE, DELETE ON `shop`.`order_items` TO 'order-svc'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `shop`.`orders` TO 'order-svc'@'%';
GRANT SELECT ON `shop`.`user_order_totals` TO 'order-svc'@'%';

CREATE USER IF NOT EXISTS 'orders-etl'@'%' ACCOUNT LOCK;
GRANT SELECT ON `shop`.`order_items` TO 'orders-etl'@'%';
GRANT SELECT ON `shop`.`orders` TO 'orders-etl'@'%';

CREATE USER IF NOT EXISTS 'reporting-svc'@'%' ACCOUNT LOCK;
GRANT SELECT ON `shop`.`order_events` TO 'reporting-svc'@'%';
GRANT SELECT ON `shop`.`order_items` TO 'reporting-svc'@'%';
GRANT SELECT ON `shop`.`order_summary` TO 'reporting-svc'@'%';
GRANT SELECT ON `shop`.`orders` TO 'reporting-svc'@'%';
GRANT SELECT ON `shop`.`products` TO 'reporting-svc'@'%';

-- archsim: user-svc writes users without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
CREATE USER IF NOT EXISTS 'user-svc'@'%' ACCOUNT LOCK;
GRANT INSERT, UPDATE, DELETE ON `shop`.`users` TO 'user-svc'@'%';

