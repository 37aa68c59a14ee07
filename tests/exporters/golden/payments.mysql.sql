-- ArchSim DDL for MySQL/MariaDB, model "Event-driven payments".
-- Written by archsim-cli export ddl --dialect mysql; regenerate it instead of editing it.

SET NAMES utf8mb4;
SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','));

CREATE DATABASE IF NOT EXISTS `ledger` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- Table `ledger`.`payments`
-- archsim: MySQL: a last partition pmax VALUES LESS THAN (MAXVALUE) takes rows past the generated range; the first partition also takes rows before 2026-01-01.
CREATE TABLE `ledger`.`payments` (
    `payment_id` char(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `merchant_id` bigint NOT NULL,
    `amount` decimal(18,4) NOT NULL,
    `currency` char(3) NOT NULL,
    `status` varchar(16) NOT NULL DEFAULT 'pending',
    `card_fingerprint` char(64),
    `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (`payment_id`, `created_at`),
    KEY `payments_merchant_created` (`merchant_id`, `created_at` DESC),
    KEY `payments_status` (`status`, `created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='One row per accepted payment.'
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
    PARTITION `pmax` VALUES LESS THAN (MAXVALUE)
);

-- Table `ledger`.`settlements`
CREATE TABLE `ledger`.`settlements` (
    `settlement_id` bigint NOT NULL AUTO_INCREMENT,
    `payment_id` char(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `settled_at` datetime(6) NOT NULL,
    `network_reference` varchar(64) NOT NULL,
    PRIMARY KEY (`settlement_id`),
    KEY `settlements_payment` (`payment_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Table `ledger`.`idempotency_keys`
CREATE TABLE `ledger`.`idempotency_keys` (
    `merchant_id` bigint NOT NULL,
    `idempotency_key` varchar(128) NOT NULL,
    `payment_id` char(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (`merchant_id`, `idempotency_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT='Deduplicates merchant retries for 24 hours.'
PARTITION BY KEY (`merchant_id`) PARTITIONS 8;

-- Roles: one per service, granted only what its links do (read: SELECT; write: INSERT, UPDATE, DELETE).
-- No passwords are set here: set them from your secret store.

CREATE USER IF NOT EXISTS 'fraud'@'%' ACCOUNT LOCK;
GRANT SELECT ON `ledger`.`payments` TO 'fraud'@'%';

-- archsim: intake writes idempotency_keys without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: intake writes payments without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
CREATE USER IF NOT EXISTS 'intake'@'%' ACCOUNT LOCK;
GRANT INSERT, UPDATE, DELETE ON `ledger`.`idempotency_keys` TO 'intake'@'%';
GRANT INSERT, UPDATE, DELETE ON `ledger`.`payments` TO 'intake'@'%';

-- archsim: settlement writes payments without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: settlement writes settlements without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
CREATE USER IF NOT EXISTS 'settlement'@'%' ACCOUNT LOCK;
GRANT INSERT, UPDATE, DELETE ON `ledger`.`payments` TO 'settlement'@'%';
GRANT INSERT, UPDATE, DELETE ON `ledger`.`settlements` TO 'settlement'@'%';

