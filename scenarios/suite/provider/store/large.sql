-- A job store of an earlier life of the reference (its own schema, as it makes it),
-- larger than the 256 KiB whose bytes a close keeps for the next open: 300 finished
-- jobs kept for ever (DeleteOnCompletion false), none of which this engine knows.
CREATE TABLE job (id TEXT PRIMARY KEY NOT NULL, name TEXT, owner TEXT NOT NULL, state INTEGER NOT NULL, percent INTEGER NOT NULL, error_code INTEGER NOT NULL, doc INTEGER NOT NULL, submitted INTEGER, started INTEGER, ended INTEGER, last_change INTEGER, tbr INTEGER NOT NULL, error_desc TEXT, f_class TEXT, f_errno INTEGER NOT NULL, f_volume TEXT, f_partner TEXT, f_offset INTEGER NOT NULL, f_percent INTEGER NOT NULL, f_detail TEXT, f_requested_by TEXT);
CREATE TABLE error (job TEXT PRIMARY KEY NOT NULL, error_type INTEGER NOT NULL, other_error_type TEXT, owning_entity TEXT, message_id TEXT, message TEXT, perceived_severity INTEGER NOT NULL, probable_cause INTEGER NOT NULL, probable_cause_description TEXT, error_source TEXT, error_source_format INTEGER NOT NULL, other_error_source_format TEXT, cim_status_code INTEGER NOT NULL, cim_status_code_description TEXT, n_args INTEGER NOT NULL, n_actions INTEGER NOT NULL);
CREATE TABLE error_str (job TEXT NOT NULL, list INTEGER NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (job, list, idx));
PRAGMA user_version = 1;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
 INSERT INTO job (id, name, owner, state, percent, error_code, doc, submitted, started,
  ended, last_change, tbr, f_errno, f_offset, f_percent)
 SELECT 'old-' || i, 'initial_sync ' || replace(hex(zeroblob(500)), '0', 'x'), 'alice', 7,
  100, 0, 0, 500, 600, 900, 900, 300000000000, 0, 0, 0 FROM n;
