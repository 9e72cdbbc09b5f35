//! Journal entries (Verlaufseinträge): the dated record of every call, visit and meeting.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::FieldErrors;

/// What kind of contact or event an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum JournalKind {
    Call,
    Email,
    Consultation,
    SiteVisit,
    Workshop,
    Meeting,
    Note,
    /// Written by the app when the status changes.
    StatusChange,
}

impl JournalKind {
    /// Every kind.
    pub const ALL: [JournalKind; 8] = [
        Self::Call,
        Self::Email,
        Self::Consultation,
        Self::SiteVisit,
        Self::Workshop,
        Self::Meeting,
        Self::Note,
        Self::StatusChange,
    ];
}

/// One dated record on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JournalEntry {
    /// Database id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// When it happened.
    pub occurred_on: NaiveDate,
    /// What kind.
    pub kind: JournalKind,
    /// Who wrote it.
    pub author: String,
    /// The text.
    pub text: String,
    /// Internal: left out of the dossier for the Kommune.
    pub internal: bool,
}

/// What the user enters for a journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JournalInput {
    /// When it happened; today if empty.
    pub occurred_on: Option<NaiveDate>,
    /// What kind.
    pub kind: JournalKind,
    /// Who writes it.
    pub author: String,
    /// The text.
    pub text: String,
    /// Internal: left out of the dossier for the Kommune.
    #[serde(default)]
    pub internal: bool,
}

impl JournalInput {
    /// Checks every field; users cannot write status-change entries by hand.
    pub fn validate(&self, today: NaiveDate) -> crate::Result<JournalInput> {
        let mut errors = FieldErrors::default();
        errors.require_text("text", &self.text, 20_000);
        errors.require_text("author", &self.author, 120);
        if self.kind == JournalKind::StatusChange {
            errors.add(
                "kind",
                "Statuswechsel trägt die App selbst ein.",
                "Status changes are recorded by the app.",
            );
        }
        if self.occurred_on.is_some_and(|d| d > today + chrono::Days::new(366)) {
            errors.add(
                "occurred_on",
                "Das Datum liegt mehr als ein Jahr in der Zukunft.",
                "The date is more than a year ahead.",
            );
        }
        errors.into_result()?;
        Ok(JournalInput {
            occurred_on: Some(self.occurred_on.unwrap_or(today)),
            kind: self.kind,
            author: self.author.trim().to_owned(),
            text: self.text.trim().to_owned(),
            internal: self.internal,
        })
    }
}
