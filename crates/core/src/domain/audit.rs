//! The audit trail: a record of what was done with the data as a whole, so that an advisor can
//! show what left the app and when (DSGVO Art. 5(2), accountability). Records hold no case text
//! and no personal data: an action, the kind and id of what it concerned, and a few words.
//!
//! The records form a hash chain: each hash is SHA-256 over the record's fields and the hash of
//! the record before it, so editing or removing a record breaks the chain from there on. That
//! makes changes evident to `verify`, not impossible: whoever can write the file can also rebuild
//! the whole chain, and dropping records at the end leaves a valid chain. Keeping the newest hash
//! elsewhere (a team server) closes both gaps. SHA-256 comes from the RustCrypto `sha2` crate.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type, TS)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum AuditAction {
    /// A calendar file was written (`export-ics`, *Exportieren …*).
    CalendarExported,
    /// A case's dossier was saved as a file (PDF or HTML).
    DossierSaved,
    /// A backup of the whole database was written.
    BackupWritten,
    /// The database was replaced by a backup.
    BackupRestored,
    /// The recovery key's sheet was saved as a PDF.
    RecoveryKeySaved,
    /// The database was encrypted with a new key.
    KeyChanged,
    /// A contact, a case or a Kommune was erased on request.
    Erased,
    /// A contact's access report was saved (PDF or JSON).
    AccessReportSaved,
    /// Retention anonymised the closed cases that were due.
    RetentionRun,
    /// The device joined a team server: from then on its records go there.
    TeamJoined,
    /// The device left its team server.
    TeamLeft,
    /// An event's participant list or sheet was saved as a file (CSV or PDF).
    ParticipantListSaved,
    /// An activity report (Tätigkeitsbericht) was saved (PDF, XLSX or CSV).
    ActivityReportSaved,
}

impl AuditAction {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CalendarExported => "calendar_exported",
            Self::DossierSaved => "dossier_saved",
            Self::BackupWritten => "backup_written",
            Self::BackupRestored => "backup_restored",
            Self::RecoveryKeySaved => "recovery_key_saved",
            Self::KeyChanged => "key_changed",
            Self::Erased => "erased",
            Self::AccessReportSaved => "access_report_saved",
            Self::RetentionRun => "retention_run",
            Self::TeamJoined => "team_joined",
            Self::TeamLeft => "team_left",
            Self::ParticipantListSaved => "participant_list_saved",
            Self::ActivityReportSaved => "activity_report_saved",
        }
    }
}

/// What kind of record an audit entry concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type, TS)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum AuditSubjectKind {
    Case,
    Municipality,
    Contact,
    Event,
}

impl AuditSubjectKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Case => "case",
            Self::Municipality => "municipality",
            Self::Contact => "contact",
            Self::Event => "event",
        }
    }
}

/// A new record, before it is chained and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// What was done.
    pub action: AuditAction,
    /// The record it concerned, if one (a whole-database backup concerns none).
    pub subject: Option<(AuditSubjectKind, i64)>,
    /// A few content-free words: a profile, a format, a count.
    pub detail: String,
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditRecord {
    /// Its place in the chain, from 1.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// What was done.
    pub action: AuditAction,
    /// The kind of record it concerned.
    pub subject_kind: Option<AuditSubjectKind>,
    /// That record's id.
    pub subject_id: Option<i64>,
    /// A few content-free words.
    pub detail: String,
    /// Its hash (hex), which the next record's hash covers.
    pub hash: String,
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditVerification {
    /// How many records were checked.
    pub records: i64,
    /// The first record at which the chain breaks, if it does.
    pub first_broken: Option<BrokenLink>,
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BrokenLink {
    /// The record's id.
    pub id: i64,
    /// Why, in English.
    pub reason: String,
}

/// The previous hash of the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A record's fields as stored (texts exactly as in the database), which its hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedFields<'a> {
    /// The record's id.
    pub id: i64,
    /// The stored stamp text.
    pub at: &'a str,
    /// The stored action word.
    pub action: &'a str,
    /// The stored subject kind word.
    pub subject_kind: Option<&'a str>,
    /// The subject's id.
    pub subject_id: Option<i64>,
    /// The detail text.
    pub detail: &'a str,
}

/// The hash of a record whose predecessor's hash is `prev_hash`: SHA-256 (hex) over one JSON
/// array of the previous hash and the fields, which separates the fields unambiguously whatever
/// text they hold.
pub fn chain_hash(prev_hash: &str, fields: &ChainedFields<'_>) -> String {
    let canonical = serde_json::json!([
        prev_hash,
        fields.id,
        fields.at,
        fields.action,
        fields.subject_kind,
        fields.subject_id,
        fields.detail,
    ]);
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored record as read for checking: the texts exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLink {
    /// The record's id.
    pub id: i64,
    /// The stored stamp text.
    pub at: String,
    /// The stored action word.
    pub action: String,
    /// The stored subject kind word.
    pub subject_kind: Option<String>,
    /// The subject's id.
    pub subject_id: Option<i64>,
    /// The detail text.
    pub detail: String,
    /// The stored previous hash.
    pub prev_hash: String,
    /// The stored hash.
    pub hash: String,
}

/// Walks the chain in id order and names the first record that does not follow from the one
/// before it: a previous hash that is not the predecessor's hash (a record removed or reordered),
/// or a hash that does not match the record's fields (a record edited).
pub fn verify_chain(links: impl IntoIterator<Item = StoredLink>) -> AuditVerification {
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut records = 0;
    for link in links {
        records += 1;
        if link.prev_hash != expected_prev {
            return AuditVerification {
                records,
                first_broken: Some(BrokenLink {
                    id: link.id,
                    reason: "it does not follow the record before it (a record was removed, added or reordered)".into(),
                }),
            };
        }
        let fields = ChainedFields {
            id: link.id,
            at: &link.at,
            action: &link.action,
            subject_kind: link.subject_kind.as_deref(),
            subject_id: link.subject_id,
            detail: &link.detail,
        };
        if chain_hash(&link.prev_hash, &fields) != link.hash {
            return AuditVerification {
                records,
                first_broken: Some(BrokenLink {
                    id: link.id,
                    reason: "its content does not match its hash (the record was changed)".into(),
                }),
            };
        }
        expected_prev = link.hash;
    }
    AuditVerification {
        records,
        first_broken: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredLink> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|id| {
                let at = format!("2026-12-04T10:00:{id:02}.000Z");
                let detail = format!("{id} events");
                let fields = ChainedFields {
                    id,
                    at: &at,
                    action: "calendar_exported",
                    subject_kind: None,
                    subject_id: None,
                    detail: &detail,
                };
                let hash = chain_hash(&prev, &fields);
                let link = StoredLink {
                    id,
                    at: at.clone(),
                    action: "calendar_exported".into(),
                    subject_kind: None,
                    subject_id: None,
                    detail: detail.clone(),
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                link
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        let verified = verify_chain(chain(5));
        assert_eq!(verified.records, 5);
        assert_eq!(verified.first_broken, None);
        assert_eq!(verify_chain(Vec::new()).first_broken, None);
    }

    #[test]
    fn an_edited_record_is_named() {
        let mut links = chain(5);
        links[2].detail = "999 events".into();
        assert_eq!(verify_chain(links).first_broken.map(|b| b.id), Some(3));
    }

    #[test]
    fn a_removed_record_breaks_the_chain_at_its_successor() {
        let mut links = chain(5);
        links.remove(1);
        assert_eq!(verify_chain(links).first_broken.map(|b| b.id), Some(3));
    }

    #[test]
    fn fields_are_separated_unambiguously() {
        let one = ChainedFields {
            id: 1,
            at: "a",
            action: "b",
            subject_kind: Some("case"),
            subject_id: Some(12),
            detail: "x",
        };
        let shifted = ChainedFields {
            subject_id: Some(1),
            detail: "2x",
            ..one.clone()
        };
        assert_ne!(chain_hash(GENESIS_HASH, &one), chain_hash(GENESIS_HASH, &shifted));
    }
}
