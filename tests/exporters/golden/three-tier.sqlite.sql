-- ArchSim DDL for SQLite, model "Three-tier web app".
-- Written by archsim-cli export ddl --dialect sqlite; regenerate it instead of editing it.

PRAGMA foreign_keys = ON;
BEGIN;

-- Table "authors"
CREATE TABLE "authors" (
    "author_id" INTEGER NOT NULL,
    "display_name" VARCHAR(120) NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    PRIMARY KEY ("author_id"),
    CONSTRAINT "authors_email_key" UNIQUE ("email")
);

-- Table "articles"
CREATE TABLE "articles" (
    "article_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "slug" VARCHAR(200) NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT 0,
    "published_at" TIMESTAMPTZ,
    PRIMARY KEY ("article_id"),
    CONSTRAINT "articles_slug_key" UNIQUE ("slug"),
    CONSTRAINT "articles_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("author_id")
);
CREATE INDEX "articles_author" ON "articles" ("author_id");
CREATE INDEX "articles_published" ON "articles" ("published_at" DESC);

-- Table "comments"
CREATE TABLE "comments" (
    "comment_id" INTEGER NOT NULL,
    "article_id" INTEGER NOT NULL,
    "author_name" VARCHAR(80) NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ("comment_id"),
    CONSTRAINT "comments_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "articles" ("article_id") ON DELETE CASCADE
);
CREATE INDEX "comments_article_created" ON "comments" ("article_id", "created_at" DESC);

-- Roles: one per service, granted only what its links do (read: SELECT; write: INSERT, UPDATE, DELETE).
-- No passwords are set here: set them from your secret store.

-- archsim: web writes articles without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- archsim: web writes comments without a read link; UPDATE and DELETE with a WHERE clause also need SELECT.
-- SQLite has no roles; the model grants web:
--   INSERT, UPDATE, DELETE on "articles"
--   INSERT, UPDATE, DELETE on "comments"

COMMIT;
