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
    pub seq: i64,
}

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
