-- A database whose pages are damaged: two tables share one b-tree page, the
-- kind of damage a torn write or a bad disk leaves, which PRAGMA
-- quick_check reports ("2nd reference to page N"). Made with
-- writable_schema, as SQLite's own corruption tests do.
CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL);
CREATE TABLE other (x INTEGER);
INSERT INTO job VALUES ('1', 'alice'), ('2', 'bob'), ('3', 'carol');
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET rootpage = (SELECT rootpage FROM sqlite_master WHERE name = 'job')
 WHERE name = 'other';
PRAGMA writable_schema = OFF;
