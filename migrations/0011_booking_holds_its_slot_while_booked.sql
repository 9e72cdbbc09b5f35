-- A slot is held by a booking that is `booked`, and only by it. A booking that must be rebooked
-- has lost its slot (the series changed, or the team server gave the slot to a colleague's
-- booking made at the same time): the calendar shows that slot free, and with a team server the
-- colleague's booking must be able to land in it.
DROP INDEX bookings_one_per_slot;
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings (series_id, occurrence_start, position)
    WHERE status = 'booked';
