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
#[allow(missing_docs)] // the names say it
pub struct CalendarView {
    /// Slots of the series, free, booked and cancelled.
    pub slots: Vec<Slot>,
    pub appointments: Vec<Appointment>,
    /// Bookings that lost their slot and must be rebooked.
    pub displaced: Vec<Booking>,
    /// Public holidays of the municipalities shown.
    pub holidays: Vec<CalendarHoliday>,
}
