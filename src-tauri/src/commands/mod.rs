//! Tauri commands: thin, one `Planner` call each. Spans skip all arguments: inputs carry contacts'
//! personal data, which must never reach a log.

pub mod caldav;
pub mod calendar;
pub mod calendar_io;
pub mod cases;
pub mod contacts;
pub mod import;
pub mod municipalities;
pub mod report;
pub mod settings;
pub mod startup;
