-- The consultation hours travel: a series' exceptions become a kind of their own, and a booking
-- names its series by the field the app sends (`series_id`). A slot is held by a booking that is
-- `booked` only: one that must be rebooked (its slot went away, or the team refused it) holds none.
ALTER TABLE records DROP CONSTRAINT records_kind_check;
ALTER TABLE records ADD CONSTRAINT records_kind_check
    CHECK (kind IN ('municipality', 'neighbourhood', 'topic', 'contact', 'case', 'participant', 'journal_entry',
                    'task', 'series', 'series_exception', 'booking', 'appointment', 'setting'));

DROP INDEX one_booking_per_slot;
CREATE UNIQUE INDEX one_booking_per_slot
    ON records ((fields->>'series_id'), (fields->>'occurrence_start'), (fields->>'position'))
    WHERE kind = 'booking' AND fields->>'status' = 'booked';

CREATE OR REPLACE FUNCTION slot_taken(slot_series text, slot_start text, slot_position text, booking uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM records
         WHERE kind = 'booking' AND id <> booking AND fields->>'status' = 'booked'
           AND fields->>'series_id' = slot_series AND fields->>'occurrence_start' = slot_start
           AND fields->>'position' = slot_position)
$$;
