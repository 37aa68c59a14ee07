CREATE TABLE t (a int, "b desc" int);
CREATE INDEX i ON t ("b desc");
