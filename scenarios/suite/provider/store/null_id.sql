-- A job store of schema version 1 whose tables have the reference's columns
-- but not its types or constraints (another tool made them: a PRIMARY KEY
-- without NOT NULL takes NULL in SQLite), so every statement prepares,
-- and a job row without an id got in. A job without an InstanceID cannot be
-- named by any client, nor matched to the engine's events: the open must
-- fail, not serve it.
CREATE TABLE job (id PRIMARY KEY, name, owner, state, percent, error_code, doc, submitted,
 started, ended, last_change, tbr, error_desc, f_class, f_errno, f_volume, f_partner, f_offset,
 f_percent, f_detail, f_requested_by);
CREATE TABLE error (job PRIMARY KEY, error_type, other_error_type, owning_entity, message_id,
 message, perceived_severity, probable_cause, probable_cause_description, error_source,
 error_source_format, other_error_source_format, cim_status_code, cim_status_code_description,
 n_args, n_actions);
CREATE TABLE error_str (job, list, idx, text, PRIMARY KEY (job, list, idx));
INSERT INTO job (id, name, owner, state, percent, error_code, doc, submitted, tbr, f_errno,
 f_offset, f_percent) VALUES (NULL, 'resync', 'alice', 7, 100, 0, 1, 1000, 300000000000, 0, 0,
 100);
PRAGMA user_version = 1;
