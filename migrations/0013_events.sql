-- Events (Veranstaltungen): workshops, site visits, the congress, network meetings and online
-- formats. An event is an appointment (its date, time, place and calendar identity: it appears in
-- the calendar, every export, the feed and the CalDAV push as appointments do) with what makes it
-- an event: its format, an online link, a capacity, results, a programme of sessions, the Kommunen
-- and cases it concerns, and its participants.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY NOT NULL,
    appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments (id) ON DELETE CASCADE,
    format         TEXT NOT NULL CHECK (format IN ('workshop', 'site_visit', 'congress', 'network_meeting', 'online')),
    online_url     TEXT,
    capacity       INTEGER CHECK (capacity IS NULL OR capacity > 0),
    results        TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;

-- The programme: sessions with local wall-clock times in the event's zone ('YYYY-MM-DDTHH:MM').
CREATE TABLE event_sessions (
    id        INTEGER PRIMARY KEY NOT NULL,
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL CHECK (ends_at > starts_at),
    room      TEXT,
    title     TEXT NOT NULL CHECK (length(trim(title)) > 0),
    speakers  TEXT
) STRICT;
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

-- The Kommunen and cases an event concerns (one link row each, one of the two set).
CREATE TABLE event_links (
    id              INTEGER PRIMARY KEY NOT NULL,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    municipality_id INTEGER REFERENCES municipalities (id) ON DELETE CASCADE,
    case_id         INTEGER REFERENCES cases (id) ON DELETE CASCADE,
    CHECK ((municipality_id IS NULL) <> (case_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX event_links_municipality ON event_links (event_id, municipality_id) WHERE municipality_id IS NOT NULL;
CREATE UNIQUE INDEX event_links_case ON event_links (event_id, case_id) WHERE case_id IS NOT NULL;
CREATE INDEX event_links_case_id ON event_links (case_id) WHERE case_id IS NOT NULL;

-- Who is invited, registered, waiting, cancelled, came or did not. `status_since` orders the
-- waiting list (first come, first moved up). An erased person leaves the row without them (the
-- counts stay right), as a role on a case does.
CREATE TABLE event_participants (
    id           INTEGER PRIMARY KEY NOT NULL,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    contact_id   INTEGER REFERENCES contacts (id) ON DELETE RESTRICT,
    status       TEXT NOT NULL CHECK (status IN ('invited', 'registered', 'waitlisted', 'cancelled', 'attended', 'no_show')),
    organiser    INTEGER NOT NULL DEFAULT 0 CHECK (organiser IN (0, 1)),
    status_since TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX event_participants_once ON event_participants (event_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX event_participants_contact ON event_participants (contact_id) WHERE contact_id IS NOT NULL;

-- The capacity is never exceeded, also between concurrent writers: a place is taken by a
-- registration (and kept by attending or not showing up). Pulled team records are applied as the
-- team has them (`team_connection.applying`).
CREATE TRIGGER event_participants_capacity_insert BEFORE INSERT ON event_participants
WHEN NEW.status = 'registered'
 AND coalesce((SELECT applying FROM team_connection), 0) = 0
 AND (SELECT capacity FROM events WHERE id = NEW.event_id) IS NOT NULL
 AND (SELECT count(*) FROM event_participants
       WHERE event_id = NEW.event_id AND status IN ('registered', 'attended', 'no_show'))
     >= (SELECT capacity FROM events WHERE id = NEW.event_id)
BEGIN
    SELECT RAISE(ABORT, 'event_full');
END;
CREATE TRIGGER event_participants_capacity_update BEFORE UPDATE OF status ON event_participants
WHEN NEW.status = 'registered' AND OLD.status NOT IN ('registered', 'attended', 'no_show')
 AND coalesce((SELECT applying FROM team_connection), 0) = 0
 AND (SELECT capacity FROM events WHERE id = NEW.event_id) IS NOT NULL
 AND (SELECT count(*) FROM event_participants
       WHERE event_id = NEW.event_id AND status IN ('registered', 'attended', 'no_show'))
     >= (SELECT capacity FROM events WHERE id = NEW.event_id)
BEGIN
    SELECT RAISE(ABORT, 'event_full');
END;
