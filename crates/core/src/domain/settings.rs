//! The app's settings, stored in the database so that they travel with backups.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Language {
    #[default]
    De,
    En,
}

/// The app's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// UI language; German by default.
    pub language: Language,
    /// The advisor using this app: "my" tasks and next steps on the start page.
    pub advisor: String,
}
