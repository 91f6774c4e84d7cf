-- A job store of a later schema version (user_version 2), e.g. left by a
-- newer provider: this one must refuse it rather than read or rewrite rows
-- whose meaning it does not know.
CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL, state INTEGER NOT NULL);
PRAGMA user_version = 2;
