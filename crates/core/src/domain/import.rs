//! What an iCalendar import does (or, as a dry run, would do).

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
pub struct ImportItem {
    /// The line its `BEGIN:VEVENT` stands on.
    pub line: u32,
    /// UID.
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
