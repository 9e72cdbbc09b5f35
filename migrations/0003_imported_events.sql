-- Imported calendar events become appointments. They may recur (RRULE with EXDATEs), override one
-- occurrence of a recurring event (RECURRENCE-ID, sharing its UID) and be floating, so the UID
-- alone is no longer unique: (uid, recurrence_id) is. SQLite cannot change a constraint in place,
-- so the table is rebuilt with every row kept.

CREATE TABLE appointments_new (
    id              INTEGER PRIMARY KEY NOT NULL,
    uid             TEXT NOT NULL,
    recurrence_id   TEXT NOT NULL DEFAULT '',   -- '' or the overridden occurrence: 'YYYYMMDD', 'YYYYMMDDTHHMMSS' (floating) or '…Z'
    sequence        INTEGER NOT NULL DEFAULT 0,
    kind            TEXT NOT NULL CHECK (kind IN ('site_visit', 'workshop', 'congress', 'other')),
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    location        TEXT,
    case_id         INTEGER REFERENCES cases (id) ON DELETE RESTRICT,
    municipality_id INTEGER REFERENCES municipalities (id) ON DELETE RESTRICT,
    advisor         TEXT NOT NULL,
    all_day         INTEGER NOT NULL CHECK (all_day IN (0, 1)),
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL CHECK (ends_on >= starts_on),
    start_time      TEXT,
    end_time        TEXT,
    time_zone       TEXT NOT NULL DEFAULT 'Europe/Berlin',
    start_at        TEXT NOT NULL,
    end_at          TEXT NOT NULL CHECK (end_at >= start_at),
    status          TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    notes           TEXT,
    rrule           TEXT,
    exdates         TEXT NOT NULL DEFAULT '',   -- comma-separated, in the form of recurrence_id
    floating        INTEGER NOT NULL DEFAULT 0 CHECK (floating IN (0, 1)),
    categories      TEXT,
    source          TEXT NOT NULL DEFAULT 'app' CHECK (source IN ('app', 'import')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (uid, recurrence_id)
) STRICT;

INSERT INTO appointments_new (id, uid, sequence, kind, title, location, case_id, municipality_id, advisor, all_day,
                              starts_on, ends_on, start_time, end_time, time_zone, start_at, end_at, status, notes,
                              created_at, updated_at)
SELECT id, uid, sequence, kind, title, location, case_id, municipality_id, advisor, all_day,
       starts_on, ends_on, start_time, end_time, time_zone, start_at, end_at, status, notes,
       created_at, updated_at
  FROM appointments;

DROP TABLE appointments;
ALTER TABLE appointments_new RENAME TO appointments;
CREATE INDEX appointments_start ON appointments (start_at);
CREATE INDEX appointments_case ON appointments (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX appointments_recurring ON appointments (start_at) WHERE rrule IS NOT NULL;
