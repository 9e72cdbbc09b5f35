//! The team server's wire format: JSON over HTTPS, every request and answer one of these types.
//! The server and the app's sync client both use this crate, so they cannot disagree about a field.
//! Only serde here: no database, no HTTP, no runtime.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The path prefix of every versioned endpoint; a change that old clients cannot read gets a new one.
pub const API: &str = "/v1";

/// `POST /v1/login`: a password exchanged once for a device token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    pub user: String,
    pub password: String,
    /// What the advisor calls this device ("Laptop Miriam"), shown to the administrator.
    pub device: String,
}

/// The answer to a login: the token every later request carries as `Authorization: Bearer`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub account: Account,
}

/// `GET /v1/account`: who the token belongs to and what they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    /// The advisor's part of every case reference they make (`BF-2026-MA-0042`).
    pub reference_prefix: String,
    /// The Kommunen in the account's scope; a lead sees all of them and gets an empty list.
    pub municipalities: Vec<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sees the Kommunen assigned to them and the cases they advise.
    Advisor,
    /// Sees the whole team.
    Lead,
}

/// `GET /health`: whether this server process can reach its database.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Health {
    pub database: bool,
}

/// `GET /v1/changes?after=CURSOR`: the records changed after a cursor, in the order they changed,
/// only those in the account's scope; deleted records as tombstones (kind and id only).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Changes {
    pub changes: Vec<Change>,
    /// Where the next pull starts.
    pub cursor: i64,
    /// More changes wait beyond this page.
    pub more: bool,
}

/// One record as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: Uuid,
    pub kind: String,
    /// The record's fields, `null` for a tombstone.
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    /// Each field's version: the base a client names when it changes the field.
    #[serde(default)]
    pub versions: Versions,
    pub seq: i64,
    /// The account that made the last change (its name), for "geändert von …".
    #[serde(default)]
    pub changed_by: Option<String>,
    /// When the last change was made (RFC 3339).
    #[serde(default)]
    pub changed_at: Option<String>,
}

/// The version of each field of a record (`{"summary": 3}`); a field never set has version 0.
pub type Versions = std::collections::BTreeMap<String, i64>;

/// Every refusal: a code the client acts on and a message for the log or the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Wrong user or password, or a token that is unknown, revoked or of a disabled account.
    Unauthorized,
    /// The request is malformed.
    BadRequest,
    /// The server cannot do its work now (database unreachable); try again later.
    Unavailable,
}

/// `POST /v1/push`: local changes, one operation per changed row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Push {
    pub operations: Vec<Operation>,
}

/// One row's changes, as the client's outbox holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Made by the client once per operation: the same operation pushed twice changes nothing.
    pub id: Uuid,
    pub record: Uuid,
    pub kind: String,
    /// The record's Kommune (for a new record; an existing one keeps its own) — its scope.
    pub municipality: Option<Uuid>,
    /// The record's case, if it belongs to one.
    pub case: Option<Uuid>,
    pub fields: Vec<FieldChange>,
    /// The record is deleted (or erased): it becomes a tombstone, its fields are dropped.
    #[serde(default)]
    pub delete: bool,
}

/// A field's new value and the version of the field it was based on (0: the client never saw one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub base: i64,
    pub value: serde_json::Value,
}

/// What became of each operation, in the order pushed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pushed {
    pub results: Vec<OperationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationResult {
    pub operation: Uuid,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Every field taken; the record's change number is `seq`, its fields' versions `versions`.
    Applied {
        seq: i64,
        #[serde(default)]
        versions: Versions,
    },
    /// The fields changed on the server since their base were not taken (the others were): the
    /// advisor decides each, seeing both values.
    Conflicts {
        seq: i64,
        #[serde(default)]
        versions: Versions,
        conflicts: Vec<FieldConflict>,
    },
    /// Nothing taken, and why.
    Refused { reason: Refusal },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    pub server_value: serde_json::Value,
    /// The version to name as the base when the advisor's decision is pushed.
    pub server_version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The record's Kommune or case is not in the account's scope.
    OutOfScope,
    /// The record was deleted on the server.
    Deleted,
    /// The kind is not one the team syncs, or it differs from the record's.
    WrongKind,
    /// Another booking holds the slot (the booking made offline stays *vorläufig* and is not
    /// confirmed; the client offers the free slots).
    SlotTaken,
    /// The case's status cannot move from the server's status to the pushed one.
    InvalidTransition,
    /// Another case of the team has the reference.
    ReferenceTaken,
    /// A new case's reference is not `BF-<year>-<the account's prefix>-<number>`, or an existing
    /// case's reference was changed (it is final once made).
    WrongReference,
    /// The team's settings (the retention period) are set by a team lead only.
    LeadOnly,
}

/// The case workflow as stored texts, `new → active ⇄ on_hold → closed → active`: decided by the app
/// for its own database and by the server for the team, from this one table.
pub const CASE_STATUS_MOVES: &[(&str, &str)] = &[
    ("new", "active"),
    ("active", "on_hold"),
    ("on_hold", "active"),
    ("active", "closed"),
    ("on_hold", "closed"),
    ("closed", "active"),
];

/// Whether a case may move from one status to another.
pub fn case_status_may_move(from: &str, to: &str) -> bool {
    CASE_STATUS_MOVES.contains(&(from, to))
}
