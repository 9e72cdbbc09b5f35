-- The team server this device syncs with, and what the sync remembers between runs. Without a row
-- in team_connection nothing here is used and no outbox trigger exists: the app works alone.

CREATE TABLE team_connection (
    id               INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    url              TEXT NOT NULL,
    user_name        TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('advisor', 'lead')),
    reference_prefix TEXT NOT NULL,
    -- Where the next pull starts: the server's change number of the last change applied here.
    cursor           INTEGER NOT NULL DEFAULT 0,
    -- The account's scope as last seen: '*' (a lead) or a JSON array of the Kommunen's ids.
    scope            TEXT,
    -- 1 only inside the transaction that applies pulled changes: the outbox triggers skip them.
    applying         INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    last_sync_at     TEXT,
    last_error       TEXT
) STRICT;

-- Each synced row's global id beside its local one, the version of each of its fields this device
-- last saw (the base a change names), the record's change number as last known here (a pulled
-- change not newer is this device's own coming back), and who changed the record last.
CREATE TABLE team_records (
    kind       TEXT NOT NULL,
    local_id   INTEGER NOT NULL,
    record     TEXT NOT NULL UNIQUE,
    versions   TEXT NOT NULL DEFAULT '{}',
    seq        INTEGER NOT NULL DEFAULT 0,
    changed_by TEXT,
    changed_at TEXT,
    PRIMARY KEY (kind, local_id)
) STRICT;

-- Local changes not yet sealed for a push, written by triggers in the transaction of the change:
-- one row per changed field, or one without a field for a row inserted or deleted.
CREATE TABLE team_outbox (
    id       INTEGER PRIMARY KEY NOT NULL,
    kind     TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    field    TEXT
) STRICT;
CREATE INDEX team_outbox_row ON team_outbox (kind, local_id);

-- Operations sealed for the push: id and content fixed, so a push cut short is repeated with the
-- same operations (which the server answers as the first time).
CREATE TABLE team_sealed (
    position  INTEGER PRIMARY KEY NOT NULL,
    operation TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,
    local_id  INTEGER NOT NULL,
    body      TEXT NOT NULL
) STRICT;

-- Pulled records waiting to be applied: a whole pull is staged, then applied parents first, so a
-- record whose Kommune changed later (and so comes later in the feed) still finds it.
CREATE TABLE team_inbox (
    record     TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    fields     TEXT,
    versions   TEXT NOT NULL,
    changed_by TEXT,
    changed_at TEXT,
    seq        INTEGER NOT NULL
) STRICT;
CREATE INDEX team_inbox_kind ON team_inbox (kind, seq);

-- A field changed here and on the server since their common version: the advisor decides.
CREATE TABLE team_conflicts (
    kind           TEXT NOT NULL,
    local_id       INTEGER NOT NULL,
    field          TEXT NOT NULL,
    server_value   TEXT NOT NULL,
    server_version INTEGER NOT NULL,
    changed_by     TEXT,
    found_at       TEXT NOT NULL,
    PRIMARY KEY (kind, local_id, field)
) STRICT;
