//! Printing a case: which profile, which period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who a dossier is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PrintProfile {
    /// Everything ("intern").
    #[default]
    Internal,
    /// For the Kommune: journal entries marked internal are left out ("für die Kommune").
    Municipality,
    /// Names, e-mail addresses and phone numbers of every known contact replaced by their roles on
    /// the case (or a neutral placeholder), also inside journal text ("anonymisiert").
    Anonymised,
}

impl PrintProfile {
    /// Every profile.
    pub const ALL: [PrintProfile; 3] = [Self::Internal, Self::Municipality, Self::Anonymised];

    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal",
            Self::Municipality => "municipality",
            Self::Anonymised => "anonymised",
        }
    }

    /// Parses the stored text.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// The German name, as the command line and the dossier write it.
    pub fn label_de(self) -> &'static str {
        match self {
            Self::Internal => "intern",
            Self::Municipality => "für die Kommune",
            Self::Anonymised => "anonymisiert",
        }
    }
}

/// What to print of a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PrintRequest {
    /// The profile.
    pub profile: PrintProfile,
    /// Journal, tasks and bookings from this day on (all when empty).
    pub from: Option<NaiveDate>,
    /// … up to this day (all when empty).
    pub to: Option<NaiveDate>,
}

/// A dossier's pages for the print preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DossierPreview {
    /// Every page as an SVG document (A4; the same layout as the PDF): what prints.
    pub pages: Vec<String>,
    /// The same pages with `to_check` highlighted, for the screen only; empty when nothing is to
    /// be checked.
    pub marked_pages: Vec<String>,
    /// Words of an anonymised dossier that still look like names (each once, as first seen);
    /// empty for the other profiles.
    pub to_check: Vec<String>,
    /// How many places they stand at.
    pub places: u32,
}

/// A dossier written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedDossier {
    /// Where it was written.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}
