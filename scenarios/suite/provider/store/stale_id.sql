-- A job store left by an earlier life of the provider on an engine that
-- numbers its jobs anew: one job, still Running, of another owner, under the
-- id ('1') this engine gives the scenario's own job. Its tables have the
-- reference's columns without its constraints (another tool made them), so
-- the open prepares every statement and then serves the store. When the
-- engine creates its job 1, that job is the one a client must be read.
CREATE TABLE job (id TEXT PRIMARY KEY, name TEXT, owner TEXT, state INTEGER, percent INTEGER,
 error_code INTEGER, doc INTEGER, submitted INTEGER, started INTEGER, ended INTEGER,
 last_change INTEGER, tbr INTEGER, error_desc TEXT, f_class TEXT, f_errno INTEGER,
 f_volume TEXT, f_partner TEXT, f_offset INTEGER, f_percent INTEGER, f_detail TEXT,
 f_requested_by TEXT);
CREATE TABLE error (job TEXT PRIMARY KEY, error_type INTEGER, other_error_type TEXT,
 owning_entity TEXT, message_id TEXT, message TEXT, perceived_severity INTEGER,
 probable_cause INTEGER, probable_cause_description TEXT, error_source TEXT,
 error_source_format INTEGER, other_error_source_format TEXT, cim_status_code INTEGER,
 cim_status_code_description TEXT, n_args INTEGER, n_actions INTEGER);
CREATE TABLE error_str (job TEXT, list INTEGER, idx INTEGER, text TEXT,
 PRIMARY KEY (job, list, idx));
INSERT INTO job (id, name, owner, state, percent, error_code, doc, submitted, tbr, f_errno,
 f_offset, f_percent) VALUES ('1', 'initial_sync', 'mallory', 4, 10, 0, 1, 500, 300000000000,
 0, 0, 10);
PRAGMA user_version = 1;
