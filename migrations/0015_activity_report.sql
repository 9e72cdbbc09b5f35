-- The activity report (Auswertung): a held booking can be marked as a no-show, and the report's
-- reads get covering indexes, so that counting a year never reads a case's or an entry's text.
ALTER TABLE bookings ADD COLUMN no_show INTEGER NOT NULL DEFAULT 0 CHECK (no_show IN (0, 1));
CREATE INDEX journal_entries_report ON journal_entries (occurred_on, kind, case_id);
CREATE INDEX bookings_report ON bookings (start_at, status, no_show, end_at, municipality_id, series_id, case_id);
CREATE INDEX cases_report ON cases (opened_on, closed_on, advisor, municipality_id, neighbourhood_id);
-- An event's participants by state: the unique index (event, contact) is partial (a participant
-- whose person was erased has no contact) and so cannot serve a count per event.
CREATE INDEX event_participants_event ON event_participants (event_id, status);
