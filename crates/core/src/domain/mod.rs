//! Domain types, validation and rules. No I/O happens here.

pub mod appointment;
pub mod booking;
pub mod caldav;
pub mod calendar_view;
pub mod case;
pub mod contact;
pub mod dashboard;
pub mod dates;
pub mod import;
pub mod journal;
pub mod municipality;
pub mod report;
pub mod series;
pub mod settings;
pub mod state;
pub mod task;
pub mod validation;

pub use appointment::*;
pub use booking::*;
pub use caldav::*;
pub use calendar_view::*;
pub use case::*;
pub use contact::*;
pub use dashboard::*;
pub use import::*;
pub use journal::*;
pub use municipality::*;
pub use report::*;
pub use series::*;
pub use settings::*;
pub use state::FederalState;
pub use task::*;
pub use validation::{FieldError, FieldErrors};

/// Trims a string and turns an empty one into `None`.
pub fn non_empty(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}
