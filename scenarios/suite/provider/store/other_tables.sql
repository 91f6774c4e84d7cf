-- user_version 1, the schema version the reference writes, but tables that
-- are not its schema (the job table lacks most columns): every statement is
-- prepared at the open, so this fails there, not at the first write.
CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL);
CREATE TABLE error (job TEXT PRIMARY KEY NOT NULL);
CREATE TABLE error_str (job TEXT NOT NULL, list INTEGER NOT NULL, idx INTEGER NOT NULL,
 text TEXT NOT NULL);
PRAGMA user_version = 1;
