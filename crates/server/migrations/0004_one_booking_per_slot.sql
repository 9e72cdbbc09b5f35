-- One booking per slot, across the team: the server decides, since two advisors may book the same
-- slot offline. A slot is a series, the start of one of its occurrences and a position in it.
CREATE UNIQUE INDEX one_booking_per_slot
    ON records ((fields->>'series'), (fields->>'occurrence_start'), (fields->>'position'))
    WHERE kind = 'booking' AND fields IS NOT NULL AND coalesce(fields->>'status', '') <> 'cancelled';

-- Whether another booking holds the slot, wherever it is (a booking of another account's scope
-- holds it too; the row itself stays hidden).
CREATE FUNCTION slot_taken(slot_series text, slot_start text, slot_position text, booking uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM records
         WHERE kind = 'booking' AND id <> booking AND fields IS NOT NULL
           AND coalesce(fields->>'status', '') <> 'cancelled'
           AND fields->>'series' = slot_series AND fields->>'occurrence_start' = slot_start
           AND fields->>'position' = slot_position)
$$;
REVOKE ALL ON FUNCTION slot_taken(text, text, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION slot_taken(text, text, text, uuid) TO beratungsplaner_account;
