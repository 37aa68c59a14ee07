-- ArchSim DDL for MySQL/MariaDB, model "Three-tier web app".
-- Written by archsim-cli export ddl --dialect mysql; regenerate it instead of editing it.

SET NAMES utf8mb4;
SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','));

CREATE DATABASE IF NOT EXISTS `blog` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- Table `blog`.`authors`
CREATE TABLE `blog`.`authors` (
    `author_id` int NOT NULL AUTO_INCREMENT,
    `display_name` varchar(120) NOT NULL,
    `email` varchar(320) NOT NULL,
    PRIMARY KEY (`author_id`),
    UNIQUE KEY `authors_email_key` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Table `blog`.`articles`
CREATE TABLE `blog`.`articles` (
    `article_id` bigint NOT NULL AUTO_INCREMENT,
    `author_id` int NOT NULL,
    `slug` varchar(200) NOT NULL,
    `title` longtext NOT NULL,
    `body` longtext NOT NULL,
    `published` tinyint(1) NOT NULL DEFAULT 0,
    `published_at` datetime(6),
    PRIMARY KEY (`article_id`),
    UNIQUE KEY `articles_slug_key` (`slug`),
    KEY `articles_author` (`author_id`),
    KEY `articles_published` (`published_at` DESC),
    CONSTRAINT `articles_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `blog`.`authors` (`author_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Table `blog`.`comments`
CREATE TABLE `blog`.`comments` (
    `comment_id` bigint NOT NULL AUTO_INCREMENT,
    `article_id` bigint NOT NULL,
    `author_name` varchar(80) NOT NULL,
    `body` longtext NOT NULL,
    `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (`comment_id`),
    KEY `comments_article_created` (`article_id`, `created_at` DESC),
    CONSTRAINT `comments_article_id_fkey` FOREIGN KEY (`article_id`) REFERENCES `blog`.`articles` (`article_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Roles: one per service, granted only what its links do (read: SELECT; write: INSERT, UPDATE, DELETE).
-- No passwords are set here: set them from your secret store.

-- archsim: web writes articles without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: web writes comments without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
CREATE USER IF NOT EXISTS 'web'@'%' ACCOUNT LOCK;
GRANT INSERT, UPDATE, DELETE ON `blog`.`articles` TO 'web'@'%';
GRANT INSERT, UPDATE, DELETE ON `blog`.`comments` TO 'web'@'%';

