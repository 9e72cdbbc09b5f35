//! When the occurrences of a series happen: the pattern, its end and the daily window in an IANA
//! zone. The types live here, at the bottom, so a series can be validated without the calendar
//! engine; expanding them into instants is `calendar::recurrence`'s job.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::{Error, Result};

/// How a series repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Every `every_weeks` weeks on the given weekdays.
    Weekly {
        /// 1 = every week, 2 = fortnightly, …
        every_weeks: u16,
        /// The weekdays.
        weekdays: Vec<Weekday>,
    },
    /// Every month on the n-th weekday ("jeden 2. Dienstag"); `nth` −1 is the last one.
    MonthlyNthWeekday {
        /// 1 to 4, or −1 for the last.
        nth: i8,
        /// The weekday.
        weekday: Weekday,
    },
}

/// When a series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Up to and including this day.
    Until(NaiveDate),
    /// After this many occurrences.
    Count(u32),
}

/// When the occurrences of a series happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// IANA time zone of the wall-clock times.
    pub time_zone: Tz,
    /// The first day the series may occur.
    pub starts_on: NaiveDate,
    /// Start of the daily window.
    pub window_start: NaiveTime,
    /// End of the daily window.
    pub window_end: NaiveTime,
    /// The repetition.
    pub pattern: Pattern,
    /// The end, if any.
    pub end: Option<End>,
}

impl Schedule {
    /// The local start of the series (`DTSTART`).
    pub fn dtstart(&self) -> NaiveDateTime {
        self.starts_on.and_time(self.window_start)
    }

    /// The instant of a local wall-clock time; in the hour skipped by a daylight-saving change
    /// the time does not exist and is an error, in the repeated hour the first instant counts.
    pub fn local(&self, local: NaiveDateTime) -> Result<DateTime<Tz>> {
        self.time_zone
            .from_local_datetime(&local)
            .earliest()
            .ok_or_else(|| invalid_recurrence(&format!("{local} does not exist in {}", self.time_zone.name())))
    }
}

/// A recurrence the calendar cannot expand.
pub(crate) fn invalid_recurrence(message: &str) -> Error {
    Error::conflict(
        format!("Ungültige Wiederholung: {message}"),
        format!("Invalid recurrence: {message}"),
    )
}
