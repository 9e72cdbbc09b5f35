-- Consultation hours: recurring series with exceptions, bookings of their slots, and appointments.
-- Times of a series are local wall-clock times in an IANA zone; bookings and appointments also
-- keep their UTC instants (text, 'YYYY-MM-DDTHH:MM:SSZ', so comparisons sort correctly) for
-- range queries and overlap checks.

CREATE TABLE consultation_series (
    id               INTEGER PRIMARY KEY NOT NULL,
    uid              TEXT NOT NULL UNIQUE,
    sequence         INTEGER NOT NULL DEFAULT 0,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
    neighbourhood_id INTEGER REFERENCES neighbourhoods (id) ON DELETE RESTRICT,
    location         TEXT,
    online_url       TEXT,
    advisor          TEXT NOT NULL,
    time_zone        TEXT NOT NULL DEFAULT 'Europe/Berlin',
    recurrence       TEXT NOT NULL CHECK (recurrence IN ('weekly', 'monthly_nth_weekday')),
    interval_weeks   INTEGER NOT NULL DEFAULT 1 CHECK (interval_weeks BETWEEN 1 AND 8),
    weekdays         TEXT NOT NULL,          -- ISO numbers, comma-separated: '2,4'
    nth              INTEGER NOT NULL DEFAULT 1 CHECK (nth IN (-1, 1, 2, 3, 4)),
    starts_on        TEXT NOT NULL,
    until_on         TEXT,
    occurrence_count INTEGER,
    window_start     TEXT NOT NULL,          -- 'HH:MM:SS'
    window_end       TEXT NOT NULL,
    slot_minutes     INTEGER NOT NULL CHECK (slot_minutes BETWEEN 15 AND 120),
    buffer_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 60),
    skip_holidays    INTEGER NOT NULL DEFAULT 1 CHECK (skip_holidays IN (0, 1)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (location IS NOT NULL OR online_url IS NOT NULL),
    CHECK (window_end > window_start),
    CHECK (until_on IS NULL OR occurrence_count IS NULL)
) STRICT;
CREATE INDEX consultation_series_municipality ON consultation_series (municipality_id);

CREATE TABLE series_exceptions (
    id          INTEGER PRIMARY KEY NOT NULL,
    series_id   INTEGER NOT NULL REFERENCES consultation_series (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('skip', 'move', 'extra')),
    original_on TEXT,                        -- skip, move: day of the regular occurrence
    on_date     TEXT,                        -- move, extra: the new day
    start_time  TEXT,
    end_time    TEXT,
    reason      TEXT,
    CHECK ((kind = 'extra') = (original_on IS NULL)),
    CHECK ((kind = 'skip') = (on_date IS NULL))
) STRICT;
CREATE UNIQUE INDEX series_exceptions_once ON series_exceptions (series_id, original_on) WHERE original_on IS NOT NULL;

CREATE TABLE bookings (
    id               INTEGER PRIMARY KEY NOT NULL,
    uid              TEXT NOT NULL UNIQUE,
    sequence         INTEGER NOT NULL DEFAULT 0,
    series_id        INTEGER NOT NULL REFERENCES consultation_series (id) ON DELETE RESTRICT,
    occurrence_start TEXT NOT NULL,          -- local start of the original occurrence 'YYYY-MM-DDTHH:MM'
    position         INTEGER NOT NULL CHECK (position >= 0),
    start_at         TEXT NOT NULL,          -- UTC instants of the slot
    end_at           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('booked', 'needs_rebooking', 'cancelled')),
    case_id          INTEGER REFERENCES cases (id) ON DELETE RESTRICT,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE RESTRICT,
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE RESTRICT,
    topic            TEXT,
    cancel_reason    TEXT,
    minutes_entry_id INTEGER REFERENCES journal_entries (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (case_id IS NOT NULL OR topic IS NOT NULL),
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
) STRICT;
-- A slot can never be held by two bookings: the database decides, also between concurrent writers.
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (series_id, occurrence_start, position)
    WHERE status <> 'cancelled';
CREATE INDEX bookings_start ON bookings (start_at);
CREATE INDEX bookings_case ON bookings (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY NOT NULL,
    uid             TEXT NOT NULL UNIQUE,
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
    end_at          TEXT NOT NULL CHECK (end_at > start_at),
    status          TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX appointments_start ON appointments (start_at);
CREATE INDEX appointments_case ON appointments (case_id) WHERE case_id IS NOT NULL;
