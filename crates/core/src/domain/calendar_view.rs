//! What the calendar shows for a period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Appointment, Booking, FederalState, Slot};

/// Which period and which items.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarQuery {
    /// First day (inclusive); today when empty.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive); four weeks after `from` when empty.
    pub to: Option<NaiveDate>,
    /// Only this municipality.
    pub municipality_id: Option<i64>,
    /// Only this advisor.
    pub advisor: Option<String>,
    /// Only this case (appointments and bookings).
    pub case_id: Option<i64>,
}

/// A public holiday and the states it applies in (of those the calendar shows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarHoliday {
    /// The day.
    pub date: NaiveDate,
    /// German name.
    pub name: String,
    /// Where it applies.
    pub states: Vec<FederalState>,
}

/// Everything the calendar shows for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarView {
    /// Slots of the series, free, booked and cancelled.
    pub slots: Vec<Slot>,
    /// Appointments.
    pub appointments: Vec<Appointment>,
    /// Bookings that lost their slot and must be rebooked.
    pub displaced: Vec<Booking>,
    /// Public holidays of the municipalities shown.
    pub holidays: Vec<CalendarHoliday>,
}

/// What an iCalendar export holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportScope {
    /// Only this municipality.
    pub municipality_id: Option<i64>,
    /// Only this case (its bookings and appointments; no series).
    pub case_id: Option<i64>,
    /// Items from this day on.
    pub from: Option<NaiveDate>,
    /// Items up to this day (inclusive).
    pub to: Option<NaiveDate>,
}

impl ExportScope {
    /// The period's end may not lie before its start.
    pub fn validate(&self) -> crate::Result<()> {
        let mut errors = super::FieldErrors::default();
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if to < from {
                errors.add(
                    "to",
                    "Das Ende des Zeitraums liegt vor seinem Anfang.",
                    "The end of the period lies before its start.",
                );
            }
        }
        errors.into_result()
    }
}

/// What an export into a file wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportResult {
    /// The file written.
    pub path: String,
    /// How many events (`VEVENT`) it holds; a series counts once, each of its moved or extra
    /// occurrences once more.
    pub events: u32,
    /// Its size in bytes.
    pub bytes: u64,
}

/// The port the subscription feed listens on unless the settings name another.
pub const DEFAULT_FEED_PORT: u16 = 8765;

/// The subscription feed as the settings describe it, and its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeedStatus {
    /// Whether the app serves the feed while it runs (and starts it at every start).
    pub enabled: bool,
    /// Whether it is being served right now. The core serves nothing itself and reports
    /// `false`; the app, which runs the server, fills this in.
    pub running: bool,
    /// The port on 127.0.0.1.
    pub port: u16,
    /// `http://127.0.0.1:<port>/calendar/<token>.ics`
    pub url: String,
    /// The same as `webcal://`, for calendar programs that subscribe.
    pub webcal_url: String,
}
