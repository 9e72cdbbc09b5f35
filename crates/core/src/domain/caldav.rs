//! Syncing with a CalDAV server: the account, what a sync did, and the conflicts it left to
//! the advisor.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The CalDAV account. The password is not part of it: it lives in the system's keychain (or,
/// on the command line, in `$BERATUNGSPLANER_CALDAV_PASSWORD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalDavAccount {
    /// The server, a principal or a calendar, as the advisor typed it.
    pub url: String,
    /// The user name.
    pub user: String,
    /// The calendar the events go to (its path on the server), once chosen.
    pub calendar_href: Option<String>,
    /// Its name.
    pub calendar_name: Option<String>,
    /// When the last sync finished.
    #[ts(type = "string | null")]
    pub last_sync_at: Option<DateTime<Utc>>,
}

/// A calendar on the server that takes events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalDavCalendar {
    /// Its path on the server.
    pub href: String,
    /// Its display name.
    pub name: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    /// Events created on the server.
    pub created: u32,
    /// Events replaced on the server.
    pub updated: u32,
    /// Events deleted on the server.
    pub deleted: u32,
    /// Events found on the server as the app has them (after an interrupted sync, or rewritten
    /// by the server), taken over without a write.
    pub adopted: u32,
    /// Events left as they were.
    pub unchanged: u32,
    /// Events changed on the server and in conflict now (left untouched).
    pub conflicts: u32,
    /// HTTP requests sent.
    pub requests: u32,
    /// Of which wrote (PUT, DELETE, MKCOL).
    pub writes: u32,
    /// Resources on the server the app could not read (too large, or not an event it
    /// understands), by their path: left as they are, neither overwritten nor deleted.
    pub unreadable: Vec<String>,
}

/// How far a sync is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    /// Events looked at.
    pub done: u32,
    /// Events in all.
    pub total: u32,
}

/// What the app knows without asking the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    /// Whether an account with a calendar is set up.
    pub configured: bool,
    /// Changes in the app not yet on the server.
    pub pending: u32,
    /// Conflicts waiting for the advisor.
    pub conflicts: u32,
    /// When the last sync finished.
    #[ts(type = "string | null")]
    pub last_sync_at: Option<DateTime<Utc>>,
}

/// The parts of an event a conflict is resolved by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names say it
pub enum SyncField {
    /// Start and end.
    Time,
    /// LOCATION.
    Place,
    /// SUMMARY.
    Title,
    Description,
    Status,
}

impl SyncField {
    /// All fields, in the order the UI shows them.
    pub const ALL: [SyncField; 5] = [Self::Time, Self::Place, Self::Title, Self::Description, Self::Status];
}

/// Which version of a field wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncSide {
    /// The app's.
    App,
    /// The server's.
    Server,
}

/// One field of a conflict, both versions as the advisor reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictField {
    /// Which field.
    pub field: SyncField,
    /// The app's version.
    pub app: String,
    /// The server's version.
    pub server: String,
    /// Whether they differ.
    pub differs: bool,
}

/// An event changed on the server since the last sync, and what differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncConflict {
    /// UID of the event.
    pub uid: String,
    /// Its title in the app (or on the server).
    pub summary: String,
    /// Deleted in the app while changed on the server.
    pub deleted_in_app: bool,
    /// Field by field.
    pub fields: Vec<ConflictField>,
    /// When the sync found it.
    #[ts(type = "string")]
    pub detected_at: DateTime<Utc>,
}

/// The advisor's choice for one conflict: for each field, whose version is kept (fields not
/// named keep the app's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictResolution {
    /// UID of the event.
    pub uid: String,
    /// Field → side.
    pub choices: Vec<(SyncField, SyncSide)>,
}
