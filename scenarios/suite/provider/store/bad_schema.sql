-- A job store whose schema text another program broke (writable_schema): the
-- table's CREATE statement in sqlite_master is cut short, so SQLite cannot
-- even prepare a statement on the file (its pages are all sound; the schema
-- it reads first is not).
CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL);
PRAGMA user_version = 1;
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = 'CREATE TABLE job (id TEXT' WHERE name = 'job';
