//! Retention (DSGVO Art. 5(1)(e)): closed cases keep personal data only for a set number of
//! years. Then they are anonymised as an erasure would take people out of them, but the case
//! stays — Kommune, topics, dates and the counts of entries, tasks and bookings — so that the
//! reports for the funder still count it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::FieldErrors;

/// The years a setting may name.
pub const RETENTION_YEARS: std::ops::RangeInclusive<u8> = 1..=30;

/// Checks a retention setting: off (`None`) or 1 to 30 years.
pub fn validate_retention_years(years: Option<u8>) -> crate::Result<()> {
    let mut errors = FieldErrors::default();
    if let Some(years) = years.filter(|y| !RETENTION_YEARS.contains(y)) {
        errors.add(
            "years",
            format!("{years} Jahre geht nicht: bitte 1 bis 30 Jahre wählen."),
            format!("{years} years is not possible: choose 1 to 30 years."),
        );
    }
    errors.into_result()
}

/// The retention setting and the closed cases it concerns now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetentionPreview {
    /// After how many years; `None`: retention is off (and `cases` empty).
    pub years: Option<u8>,
    /// Cases closed on or before this day are due.
    pub closed_before: Option<NaiveDate>,
    /// The cases a run would anonymise now, oldest first.
    pub cases: Vec<RetentionCase>,
}

/// A closed case due for anonymisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetentionCase {
    /// Its id.
    pub id: i64,
    /// Its reference.
    pub reference: String,
    /// Its title (as it is now).
    pub title: String,
    /// Its Kommune.
    pub municipality: String,
    /// When it was closed.
    pub closed_on: NaiveDate,
}

/// What a retention run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetentionRun {
    /// Cases anonymised.
    pub cases: i64,
    /// Texts in them that named someone and were changed.
    pub texts: i64,
    /// Roles and bookings whose person was taken off.
    pub links: i64,
}
