//! Erasure on request (DSGVO Art. 17): what an erasure takes away, shown before it is done, and
//! the content-free log of erasures that a restore of an older backup replays.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// What a role, a text or a dossier shows where an erased person was.
pub const ERASED_PERSON: &str = "[gelöschte Person]";

/// What kind of record was erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type, TS)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum ErasureKind {
    /// A person or organisation and every mention of them.
    Contact,
    /// A case with everything that hangs off it.
    Case,
    /// A Kommune with its Quartiere, cases, consultation hours and appointments.
    Municipality,
    /// A closed case whose people retention took out (`domain::retention`); the case stays.
    CaseAnonymised,
}

impl ErasureKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Case => "case",
            Self::Municipality => "municipality",
            Self::CaseAnonymised => "case_anonymised",
        }
    }
}

/// One erasure as the log keeps it: what kind of record, its id, when. Nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureRecord {
    /// What kind of record.
    pub kind: ErasureKind,
    /// Its id.
    pub record_id: i64,
    /// When it was erased.
    pub erased_at: DateTime<Utc>,
}

/// What erasing a contact takes away ("Rollen in 4 Fällen, 11 Erwähnungen im Verlauf, …"),
/// counted before anything changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ContactErasurePreview {
    /// The contact.
    pub contact_id: i64,
    /// Cases where the contact has a role (the roles stay, without the person).
    pub cases_with_roles: i64,
    /// Journal entries that mention the contact.
    pub journal_mentions: i64,
    /// Other texts that mention the contact: case titles, summaries and next steps, task
    /// titles, roles, other contacts' organisation.
    pub other_mentions: i64,
    /// Bookings made for the contact or mentioning them.
    pub bookings: i64,
    /// Appointments that mention the contact.
    pub appointments: i64,
    /// Of the bookings and appointments, those on the calendar server (changed at the next sync).
    pub calendar_server_items: i64,
}

/// What erasing a case or a Kommune takes away, counted before anything changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct RecordErasurePreview {
    /// Cases (one for a case).
    pub cases: i64,
    /// Their journal entries.
    pub journal_entries: i64,
    /// Their tasks.
    pub tasks: i64,
    /// Roles on them.
    pub roles: i64,
    /// Bookings (of the case, or of the Kommune's consultation hours).
    pub bookings: i64,
    /// Appointments.
    pub appointments: i64,
    /// Consultation-hour series (a Kommune only).
    pub series: i64,
    /// Quartiere (a Kommune only).
    pub neighbourhoods: i64,
    /// Of the bookings and appointments, those on the calendar server (removed at the next sync).
    pub calendar_server_items: i64,
}
