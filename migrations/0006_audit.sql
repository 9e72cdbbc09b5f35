-- The audit trail: what was done with the data as a whole (exports, saved dossiers, backups,
-- restores; later erasures, access reports, retention runs, key changes). Content-free: an action,
-- the kind and id of what it concerned and a few words such as a profile or a count, never case
-- text or personal data. Append-only (the triggers refuse every change) and hash-chained: each
-- record's hash covers its fields and the hash of the record before, so an edited or removed
-- record breaks the chain at that point (`beratungsplaner audit verify`). Actions and subject kinds
-- have no CHECK: the app reads them as enums, and new ones must not need the table rebuilt.

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subject_kind TEXT,
    subject_id   INTEGER CHECK ((subject_kind IS NULL) = (subject_id IS NULL)),
    detail       TEXT    NOT NULL DEFAULT '',
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE
);

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
