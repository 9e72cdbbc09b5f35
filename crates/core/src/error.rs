//! The core's error type: few variants, each one something a caller reacts to differently.

use crate::domain::validation::FieldErrors;

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input broke a rule; every broken field is named with a German and an English message.
    #[error("{0}")]
    Validation(FieldErrors),
    /// The thing asked for does not exist (any more).
    #[error("{what} {id} not found")]
    NotFound {
        /// What kind of thing, e.g. `case`.
        what: &'static str,
        /// Its id.
        id: i64,
    },
    /// The request is well-formed but not allowed in the current state (e.g. a status change).
    #[error("{en}")]
    Conflict {
        /// German message for the UI.
        de: String,
        /// English message.
        en: String,
    },
    /// The request would have side effects the user must confirm first: an overlap with another
    /// item of the advisor, or bookings that lose their slot. Repeating it with the accept flag
    /// set carries it out.
    #[error("{en}")]
    NeedsConfirmation {
        /// German message naming what needs confirming.
        de: String,
        /// English message.
        en: String,
    },
    /// The database file cannot be used: not SQLite, written by a newer version, unreadable, …
    #[error("{0}")]
    Database(String),
    /// A storage operation failed unexpectedly.
    #[error("storage error: {0}")]
    Storage(#[from] sqlx::Error),
    /// A calendar server could not be used: unreachable (`offline`), credentials refused (`auth`),
    /// certificate invalid (`certificate`), calendar gone (`calendar_gone`), bad address (`url`),
    /// or another refusal (`remote`). The code tells the UI what to offer.
    #[error("{en}")]
    Remote {
        /// What went wrong, as above.
        code: &'static str,
        /// German message saying what to do.
        de: String,
        /// English message.
        en: String,
    },
    /// A file operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, including the path.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    /// A conflict with messages in both languages.
    pub fn conflict(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self::Conflict {
            de: de.into(),
            en: en.into(),
        }
    }

    /// The German message, for the UI.
    pub fn message_de(&self) -> String {
        match self {
            Self::Validation(errors) => errors.summary_de(),
            Self::NotFound { what, .. } => format!("{} wurde nicht gefunden.", german_noun(what)),
            Self::Conflict { de, .. } | Self::NeedsConfirmation { de, .. } | Self::Remote { de, .. } => de.clone(),
            Self::Database(message) => format!("Datenbankfehler: {message}"),
            Self::Storage(_) => "Die Daten konnten nicht gespeichert oder gelesen werden.".into(),
            Self::Io { .. } => "Die Datei konnte nicht gelesen oder geschrieben werden.".into(),
        }
    }

    /// A short machine-readable code the UI can act on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::NotFound { .. } => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::NeedsConfirmation { .. } => "confirm",
            Self::Database(_) => "database",
            Self::Storage(_) => "storage",
            Self::Io { .. } => "io",
            Self::Remote { code, .. } => code,
        }
    }

    /// The account field a calendar server's refusal points to: the address or the password.
    pub fn remote_field(&self) -> Option<&'static str> {
        match self {
            Self::Remote {
                code: "url" | "offline" | "certificate" | "calendar_gone",
                ..
            } => Some("url"),
            Self::Remote { code: "auth", .. } => Some("password"),
            _ => None,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}

fn german_noun(what: &str) -> &'static str {
    match what {
        "case" => "Der Beratungsfall",
        "municipality" => "Die Kommune",
        "neighbourhood" => "Das Quartier",
        "contact" => "Die Ansprechperson",
        "task" => "Die Aufgabe",
        "journal entry" => "Der Verlaufseintrag",
        "participant" => "Die Beteiligung",
        "series" => "Die Sprechstundenreihe",
        "booking" => "Die Buchung",
        "appointment" => "Der Termin",
        "conflict" => "Der Konflikt",
        _ => "Der Eintrag",
    }
}

/// What the UI receives when a command fails: a code it may act on, messages in both languages,
/// and the fields the messages belong next to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ErrorPayload {
    /// Machine-readable code, see [`Error::code`].
    pub code: String,
    /// German message.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// The first field at fault, if any.
    pub field: Option<String>,
    /// Every field at fault with its messages.
    pub fields: Vec<crate::domain::FieldError>,
}

impl From<&Error> for ErrorPayload {
    fn from(error: &Error) -> Self {
        let fields = match error {
            Error::Validation(errors) => errors.0.clone(),
            _ => Vec::new(),
        };
        let message_en = match error {
            Error::Validation(errors) => errors.0.iter().map(|e| e.en.as_str()).collect::<Vec<_>>().join(" "),
            Error::Storage(_) => "The data could not be saved or read.".into(),
            other => other.to_string(),
        };
        Self {
            code: error.code().to_owned(),
            message: error.message_de(),
            message_en,
            field: fields
                .first()
                .map(|f| f.field.clone())
                .or_else(|| error.remote_field().map(str::to_owned)),
            fields,
        }
    }
}
