//! Calendars: public holidays, recurrence, occurrences and slots of consultation-hour series.

pub mod caldav;
pub mod holidays;
pub mod ics;
pub mod occurrences;
pub mod recurrence;
