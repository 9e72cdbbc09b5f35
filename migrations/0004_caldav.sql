-- CalDAV sync: the account (the password is kept in the system's keychain, never here), what the
-- server holds of each event as of the last sync, and the conflicts waiting for the advisor.

CREATE TABLE caldav_account (
    id            INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    url           TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    calendar_href TEXT,
    calendar_name TEXT,
    last_sync_at  TEXT
) STRICT;

-- One row per event (UID) on the server: where it is, the ETag it had after the last write or
-- check, and the fingerprint of the app's version then.
CREATE TABLE caldav_items (
    uid         TEXT PRIMARY KEY NOT NULL,
    href        TEXT NOT NULL UNIQUE,
    etag        TEXT,
    fingerprint TEXT NOT NULL,
    synced_at   TEXT NOT NULL
) STRICT;

-- An event changed on the server since the last sync: the server's version, kept until resolved.
CREATE TABLE caldav_conflicts (
    uid         TEXT PRIMARY KEY NOT NULL,
    href        TEXT NOT NULL,
    server_etag TEXT,
    server_ics  TEXT NOT NULL,
    detected_at TEXT NOT NULL
) STRICT;
