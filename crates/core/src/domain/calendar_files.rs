//! Calendar files: what an iCalendar import does (or, as a dry run, would do), what an export
//! holds and writes, and the subscription feed's settings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What happens to one event of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    /// New: becomes an appointment.
    Create,
    /// A newer version (higher SEQUENCE) of an imported appointment.
    Update,
    /// Already there unchanged, or an older version: left alone.
    Skip,
}

/// One event of the file and what happens to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct ImportItem {
    /// The line its `BEGIN:VEVENT` stands on.
    pub line: u32,
    pub uid: String,
    /// Title.
    pub summary: String,
    /// Start as read: `YYYY-MM-DD` or RFC 3339.
    pub start: String,
    /// Recurs (RRULE).
    pub recurring: bool,
    /// What happens.
    pub action: ImportAction,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    /// Events that became appointments.
    pub created: u32,
    /// Imported appointments replaced by a newer version.
    pub updated: u32,
    /// Events left alone.
    pub skipped: u32,
    /// The first events with their action (at most [`IMPORT_ITEMS_SHOWN`]).
    pub items: Vec<ImportItem>,
    /// Warnings in German (e.g. an unknown time zone), each naming its line.
    pub warnings: Vec<String>,
    /// The same in English.
    pub warnings_en: Vec<String>,
    /// Nothing was written (a dry run).
    pub dry_run: bool,
}

/// How many items an outcome lists.
pub const IMPORT_ITEMS_SHOWN: usize = 500;

/// How far an import has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    /// Bytes of the file read.
    pub bytes_read: u64,
    /// Size of the file.
    pub total_bytes: u64,
    /// Events handled so far.
    pub events: u32,
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
/// Ports below this need privileges.
pub const FIRST_FREE_PORT: u16 = 1024;

/// The path of the feed for a token.
pub fn feed_path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// A feed port must be one a user may listen on (1024–65535).
pub fn check_feed_port(port: u16) -> crate::Result<()> {
    let mut errors = super::FieldErrors::default();
    if port < FIRST_FREE_PORT {
        errors.add(
            "port",
            "Bitte einen Port zwischen 1024 und 65535 angeben.",
            "Please enter a port between 1024 and 65535.",
        );
    }
    errors.into_result()
}

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
