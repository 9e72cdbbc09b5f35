//! Calendars: public holidays (and, as the calendar features land, recurrence, slots and iCalendar).

pub mod holidays;
pub mod recurrence;
