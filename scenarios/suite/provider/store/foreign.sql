-- Another program's SQLite database (user_version 0, tables of its own):
-- a job store path pointing at it must not have the provider add its
-- tables beside them.
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO settings VALUES ('theme', 'dark');
