//! Domain types, validation and rules. No I/O happens here.

pub mod access_report;
pub mod activity_report;
pub mod appointments;
pub mod audit;
pub mod bookings;
pub mod caldav;
pub mod calendar_files;
pub mod calendar_view;
pub mod cases;
pub mod contacts;
pub mod dashboard;
pub mod dates;
pub mod dossier;
pub mod duplicates;
pub mod erasure;
pub mod events;
pub mod journal;
pub mod municipalities;
pub mod network;
pub mod retention;
pub mod schedule;
pub mod series;
pub mod settings;
pub mod state;
pub mod tasks;
pub mod team;
pub mod validation;

pub use access_report::*;
pub use activity_report::*;
pub use appointments::*;
pub use audit::*;
pub use bookings::*;
pub use caldav::*;
pub use calendar_files::*;
pub use calendar_view::*;
pub use cases::*;
pub use contacts::*;
pub use dashboard::*;
pub use dates::{day_start, HOME_ZONE};
pub use dossier::*;
pub use duplicates::*;
pub use erasure::*;
pub use events::*;
pub use journal::*;
pub use municipalities::*;
pub use network::*;
pub use retention::*;
pub use schedule::{End, Pattern, Schedule};
pub use series::*;
pub use settings::*;
pub use state::FederalState;
pub use tasks::*;
pub use team::*;
pub use validation::{FieldError, FieldErrors};

/// Trims a string and turns an empty one into `None`.
pub fn non_empty(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// A new calendar UID (a random UUID), kept for life by the series or appointment it names.
pub fn new_uid() -> String {
    format!("{}@beratungsplaner", uuid::Uuid::new_v4())
}

/// 128 random bits as 32 hex digits: the feed's secret token, names of staged files.
pub fn random_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
