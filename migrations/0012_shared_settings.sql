-- Settings that belong to the team rather than to this device (today the retention period): a
-- table of their own with an integer id, so that the team sync carries them like any record.
-- The language, the advisor's name, the calendar feed and the recovery key stay in `settings`.
CREATE TABLE shared_settings (
    id    INTEGER PRIMARY KEY NOT NULL,
    key   TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
) STRICT;

INSERT INTO shared_settings (key, value) SELECT key, value FROM settings WHERE key = 'retention_years';
DELETE FROM settings WHERE key = 'retention_years';
