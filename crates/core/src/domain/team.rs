//! Syncing with the team server: the connection, what a sync did, and the conflicts it left to the
//! advisor.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The team server this device syncs with. The device token is not part of it: it lives in the
/// system's keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamConnection {
    /// The server's address, as the advisor typed it.
    pub url: String,
    /// The account's name.
    pub user: String,
    /// Whether the account sees the whole team.
    pub lead: bool,
    /// The advisor's part of every case reference they make (`BF-2026-MA-0042`).
    pub reference_prefix: String,
    /// When the last sync finished.
    #[ts(type = "string | null")]
    pub last_sync_at: Option<DateTime<Utc>>,
}

/// The sync state at the foot of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamStatus {
    /// `None` while no team server is set: the app works alone.
    pub connection: Option<TeamConnection>,
    /// Local changes not on the server yet (changed records).
    pub waiting: u32,
    /// Fields for the advisor to decide.
    pub conflicts: u32,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamSyncReport {
    /// Records sent (new, changed or deleted).
    pub pushed: u32,
    /// Records received and applied.
    pub pulled: u32,
    /// Fields that became conflicts in this sync.
    pub conflicts: u32,
    /// Changes the server refused, and why.
    pub refused: Vec<TeamRefusal>,
    /// Pulled records not applicable yet (a record they refer to has not arrived): kept for the
    /// next sync.
    pub waiting_records: u32,
    /// Kommunen removed from this device because they left the advisor's scope.
    pub purged: u32,
}

/// A change the server did not take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamRefusal {
    /// The kind of record (`case`, `journal_entry`, …).
    pub kind: String,
    /// Its id on this device.
    #[ts(type = "number")]
    pub local_id: i64,
    /// Why, in German.
    pub reason: String,
    /// A booking refused because a colleague booked the slot first: it now waits to be rebooked.
    pub must_rebook: bool,
    /// For such a booking, the next free slots of its consultation hour.
    #[ts(type = "string[]")]
    pub free_slots: Vec<DateTime<FixedOffset>>,
}

/// How far a sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "phase")]
pub enum TeamProgress {
    /// Local changes sent so far, of all.
    Pushing {
        /// Sent.
        done: u32,
        /// Of all waiting.
        total: u32,
    },
    /// Records received so far.
    Pulling {
        /// Received.
        done: u32,
    },
    /// Received records being applied to the local copy.
    Applying {
        /// How many.
        total: u32,
    },
}

/// A field changed here and on the server since their common version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamConflict {
    /// The kind of record (`case`, `task`, …).
    pub kind: String,
    /// The record's id on this device.
    #[ts(type = "number")]
    pub local_id: i64,
    /// The field.
    pub field: String,
    /// The case the record belongs to (for the link), if any.
    #[ts(type = "number | null")]
    pub case_id: Option<i64>,
    /// What the record is, for the list ("BF-2026-MA-0042 Quartiersfonds").
    pub label: String,
    /// The value on this device.
    pub mine: Option<String>,
    /// The value on the server.
    pub theirs: Option<String>,
    /// Who changed it on the server.
    pub changed_by: Option<String>,
}

/// The advisor's decision on a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TeamDecision {
    /// This device's value goes to the server.
    KeepMine,
    /// The server's value replaces this device's.
    TakeTheirs,
}

/// Who changed a record last on the team ("geändert von Jonas Weber, 03.12.2026").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamChange {
    /// The account's name.
    pub by: String,
    /// When.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}
