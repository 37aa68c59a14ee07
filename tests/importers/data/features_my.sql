-- Every feature the MySQL/MariaDB importer reads (tests/importers).
CREATE TABLE customers (
    customer_id bigint NOT NULL AUTO_INCREMENT,
    email varchar(200) NOT NULL COMMENT 'Login; it''s unique',
    region char(2) NOT NULL DEFAULT 'eu',
    vip tinyint(1) NOT NULL DEFAULT 0,
    score decimal(5,2) DEFAULT -1.50,
    kind enum('new','vip') NOT NULL DEFAULT 'new',
    created_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (customer_id),
    UNIQUE KEY customers_email_key (email),
    CONSTRAINT score_positive CHECK (score >= -100)
) ENGINE=InnoDB COMMENT='People who buy';
CREATE TABLE orders (
    order_id bigint NOT NULL,
    created_at datetime(6) NOT NULL,
    customer_id bigint NOT NULL,
    total decimal(12,2) NOT NULL DEFAULT 0.00,
    note text,
    PRIMARY KEY (order_id, created_at),
    KEY orders_customer_created (customer_id, created_at DESC),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (customer_id)
        ON DELETE CASCADE
) ENGINE=InnoDB;
CREATE TABLE order_lines (
    order_id bigint NOT NULL,
    created_at datetime(6) NOT NULL,
    line_no int NOT NULL,
    sku varchar(40) NOT NULL,
    qty smallint NOT NULL DEFAULT 1,
    price float,
    weight double,
    data longblob,
    PRIMARY KEY (order_id, created_at, line_no),
    KEY order_lines_sku_qty (sku, qty DESC),
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id, created_at)
        REFERENCES orders (order_id, created_at) ON DELETE CASCADE ON UPDATE RESTRICT
) ENGINE=InnoDB;
CREATE TABLE metrics (
    day date NOT NULL,
    name varchar(50) NOT NULL,
    value double NOT NULL,
    PRIMARY KEY (day, name)
) ENGINE=InnoDB
PARTITION BY RANGE COLUMNS(day) (
    PARTITION m1 VALUES LESS THAN ('2026-02-01'),
    PARTITION m2 VALUES LESS THAN ('2026-03-01'),
    PARTITION m3 VALUES LESS THAN ('2026-04-01'),
    PARTITION mx VALUES LESS THAN (MAXVALUE)
);
CREATE TABLE events (
    event_id char(36) NOT NULL,
    region varchar(8) NOT NULL,
    payload json,
    PRIMARY KEY (event_id, region)
) ENGINE=InnoDB
PARTITION BY LIST COLUMNS(region) (
    PARTITION eu VALUES IN ('eu', 'uk'),
    PARTITION us VALUES IN ('us')
);
CREATE TABLE sessions (
    session_id bigint NOT NULL,
    data longblob,
    PRIMARY KEY (session_id)
) ENGINE=InnoDB PARTITION BY KEY (session_id) PARTITIONS 4;
CREATE TABLE `Select` (
    `from` int NOT NULL,
    `quo"te` longtext,
    `tick``s` varchar(10) DEFAULT 'it''s',
    `ünïcödé` date,
    `order` smallint,
    PRIMARY KEY (`from`),
    KEY `Select_quo"te` (`order` DESC, `from`)
) ENGINE=InnoDB;
CREATE VIEW big_orders AS SELECT order_id, total FROM orders WHERE total > 100;
-- A view on a view whose name sorts before the view it reads: imported after it all the same.
CREATE VIEW active_vip_orders AS
    SELECT b.order_id, c.email FROM big_orders b JOIN customers c ON c.customer_id = b.order_id
    WHERE c.vip = 1;
