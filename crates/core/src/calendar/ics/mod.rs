//! iCalendar (RFC 5545): writing content lines and time-zone components.

pub mod content;
pub mod export;
pub mod import;
pub mod rule;
pub mod timezone;
