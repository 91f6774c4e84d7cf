-- A job store left by an earlier life of the provider: five failed jobs the
-- engine no longer knows, each with a stored CIM_Error whose list rows
-- (MessageArguments list 0, RecommendedActions list 1, rows 0..n-1 of each)
-- are damaged in one way: a missing row, a row without text, a row of no
-- list, fewer MessageArguments than the Error says, fewer RecommendedActions.
-- Tables as in restored.sql: the reference's columns without its constraints.
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
INSERT INTO job (id, name, owner, state, percent, error_code, doc, submitted, started, ended,
 last_change, tbr, error_desc, f_class, f_errno, f_volume, f_offset, f_percent) VALUES
 ('old-gap', 'initial_sync', 'alice', 10, 50, 5, 0, 500, 600, 900, 900, 0, 'I/O error', 'io_error', 5, 'D:', 0, 50),
 ('old-null', 'initial_sync', 'alice', 10, 50, 5, 0, 500, 600, 900, 900, 0, 'I/O error', 'io_error', 5, 'D:', 0, 50),
 ('old-list', 'initial_sync', 'alice', 10, 50, 5, 0, 500, 600, 900, 900, 0, 'I/O error', 'io_error', 5, 'D:', 0, 50),
 ('old-args', 'initial_sync', 'alice', 10, 50, 5, 0, 500, 600, 900, 900, 0, 'I/O error', 'io_error', 5, 'D:', 0, 50),
 ('old-actions', 'initial_sync', 'alice', 10, 50, 5, 0, 500, 600, 900, 900, 0, 'I/O error', 'io_error', 5, 'D:', 0, 50);
INSERT INTO error (job, error_type, owning_entity, message_id, message, perceived_severity,
 probable_cause, error_source, error_source_format, cim_status_code, n_args, n_actions) VALUES
 ('old-gap', 4, 'SRSIM', 'SR0001', 'I/O error', 6, 62, 'SRSIM:old-gap', 2, 1, 2, 0),
 ('old-null', 4, 'SRSIM', 'SR0001', 'I/O error', 6, 62, 'SRSIM:old-null', 2, 1, 1, 0),
 ('old-list', 4, 'SRSIM', 'SR0001', 'I/O error', 6, 62, 'SRSIM:old-list', 2, 1, 1, 0),
 ('old-args', 4, 'SRSIM', 'SR0001', 'I/O error', 6, 62, 'SRSIM:old-args', 2, 1, 2, 0),
 ('old-actions', 4, 'SRSIM', 'SR0001', 'I/O error', 6, 62, 'SRSIM:old-actions', 2, 1, 1, 1);
INSERT INTO error_str (job, list, idx, text) VALUES
 ('old-gap', 0, 0, 'D:'), ('old-gap', 0, 2, '0'),
 ('old-null', 0, 0, NULL),
 ('old-list', 0, 0, 'D:'), ('old-list', 7, 0, 'x'),
 ('old-args', 0, 0, 'D:'),
 ('old-actions', 0, 0, 'D:');
PRAGMA user_version = 1;
