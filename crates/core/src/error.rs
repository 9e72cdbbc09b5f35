//! The core's error type: few variants, each one something a caller reacts to differently.
//!
//! What crosses to the UI is an [`ErrorPayload`] whose [`ErrorCode`] is a closed enum exported to
//! TypeScript, so the UI matches typed values, not strings that may drift. It has a variant only
//! where the UI acts on it (or makes one itself); everything else shares `internal` or
//! `unavailable` and is told apart by its message. The finer [`Error::code`] is for logs.

use crate::domain::validation::FieldErrors;

/// Result alias of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the UI may act on when a command fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input broke a rule: a form shows each message next to its field.
    Validation,
    /// The item is gone: its page says so instead of showing a form.
    NotFound,
    /// Refused in the current state (a status change, a slot taken, a line of a file): the
    /// message says why.
    Conflict,
    /// Needs the user's consent; repeating the request with the accept flag carries it out.
    Confirm,
    /// A calendar server cannot be reached: the sync shows that it is offline.
    Offline,
    /// A calendar server (or the keychain) refused: the message goes next to `field`.
    Remote,
    /// Something outside the app that the request needs is missing or unusable: the backend
    /// itself (made by the UI in a plain browser), a calendar account, a place to write a file,
    /// a system dialog, the database file.
    Unavailable,
    /// A fault of the app or its storage (also made by the UI for a failed call): shown as is.
    Internal,
}

impl ErrorCode {
    /// The code as the UI receives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validation => "validation",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Confirm => "confirm",
            Self::Offline => "offline",
            Self::Remote => "remote",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }
}

/// Why a calendar server (or the keychain holding its password) refused; it decides which
/// account field the message belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteCode {
    /// Credentials refused.
    Auth,
    /// A bad address.
    Url,
    /// The server's certificate is invalid.
    Certificate,
    /// The calendar no longer exists on the server.
    CalendarGone,
    /// The server cannot be reached.
    Offline,
    /// The system's keychain cannot be used.
    Keychain,
    /// A response past the client's size limit (`MAX_RESPONSE_BYTES`): the sync skips that event.
    TooLarge,
    /// Any other refusal.
    Remote,
}

impl RemoteCode {
    /// The code for logs and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::Url => "url",
            Self::Certificate => "certificate",
            Self::CalendarGone => "calendar_gone",
            Self::Offline => "offline",
            Self::Keychain => "keychain",
            Self::TooLarge => "too_large",
            Self::Remote => "remote",
        }
    }

    /// The account field the refusal points to: the address or the password.
    pub fn field(self) -> Option<&'static str> {
        match self {
            Self::Url | Self::Offline | Self::Certificate | Self::CalendarGone => Some("url"),
            Self::Auth => Some("password"),
            Self::Keychain | Self::TooLarge | Self::Remote => None,
        }
    }
}

/// What kind of thing was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A case (Beratungsfall).
    Case,
    /// A municipality (Kommune).
    Municipality,
    /// A neighbourhood (Quartier).
    Neighbourhood,
    /// A contact (Ansprechperson).
    Contact,
    /// A task of a case.
    Task,
    /// A journal entry of a case.
    JournalEntry,
    /// A contact's role on a case.
    Participant,
    /// A consultation-hour series.
    Series,
    /// A booking of a slot.
    Booking,
    /// An appointment.
    Appointment,
    /// An event (Veranstaltung).
    Event,
    /// A participant of an event.
    EventParticipant,
    /// A person's membership of an organisation.
    Membership,
    /// A CalDAV sync conflict.
    SyncConflict,
}

impl Entity {
    /// The English noun, as in the message.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Case => "case",
            Self::Municipality => "municipality",
            Self::Neighbourhood => "neighbourhood",
            Self::Contact => "contact",
            Self::Task => "task",
            Self::JournalEntry => "journal entry",
            Self::Participant => "participant",
            Self::Series => "series",
            Self::Booking => "booking",
            Self::Appointment => "appointment",
            Self::Event => "event",
            Self::EventParticipant => "event participant",
            Self::Membership => "membership",
            Self::SyncConflict => "conflict",
        }
    }

    /// The German noun with its article, as in the message.
    pub fn german_noun(self) -> &'static str {
        match self {
            Self::Case => "Der Beratungsfall",
            Self::Municipality => "Die Kommune",
            Self::Neighbourhood => "Das Quartier",
            Self::Contact => "Die Ansprechperson",
            Self::Task => "Die Aufgabe",
            Self::JournalEntry => "Der Verlaufseintrag",
            Self::Participant => "Die Beteiligung",
            Self::Series => "Die Sprechstundenreihe",
            Self::Booking => "Die Buchung",
            Self::Appointment => "Der Termin",
            Self::Event => "Die Veranstaltung",
            Self::EventParticipant => "Die Teilnahme",
            Self::Membership => "Die Mitgliedschaft",
            Self::SyncConflict => "Der Konflikt",
        }
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input broke a rule; every broken field is named with a German and an English message.
    #[error("{0}")]
    Validation(FieldErrors),
    /// The thing asked for does not exist (any more).
    #[error("{entity} {id} not found")]
    NotFound {
        /// What kind of thing.
        entity: Entity,
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
    /// Something outside the app that the request needs is missing or unusable: no calendar
    /// account set up, a place a file cannot be written to, a system dialog that does not open.
    #[error("{en}")]
    Unavailable {
        /// German message saying what to do.
        de: String,
        /// English message.
        en: String,
    },
    /// The database file cannot be used: not SQLite, written by a newer version, unreadable, …
    #[error("{0}")]
    Database(String),
    /// The key does not open the database file at this path (or the file is no database: an
    /// encrypted file cannot tell). Nothing was changed.
    #[error("the key does not open {0} (or it is not a Beratungsplaner database); the file was left untouched")]
    WrongKey(String),
    /// A storage operation failed unexpectedly.
    #[error("storage error: {0}")]
    Storage(#[from] sqlx::Error),
    /// A calendar server could not be used; the code tells the UI where the message goes.
    #[error("{en}")]
    Remote {
        /// What went wrong.
        code: RemoteCode,
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

    /// Something outside the app is missing, with messages in both languages.
    pub fn unavailable(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self::Unavailable {
            de: de.into(),
            en: en.into(),
        }
    }

    /// A refusal of one field, with messages in both languages.
    pub fn field(field: &str, de: &str, en: &str) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, de, en);
        Self::Validation(errors)
    }

    /// The thing asked for does not exist.
    pub fn not_found(entity: Entity, id: i64) -> Self {
        Self::NotFound { entity, id }
    }

    /// The German message, for the UI.
    pub fn message_de(&self) -> String {
        match self {
            Self::Validation(errors) => errors.summary_de(),
            Self::NotFound { entity, .. } => format!("{} wurde nicht gefunden.", entity.german_noun()),
            Self::Conflict { de, .. }
            | Self::NeedsConfirmation { de, .. }
            | Self::Unavailable { de, .. }
            | Self::Remote { de, .. } => de.clone(),
            Self::Database(message) => format!("Datenbankfehler: {message}"),
            Self::WrongKey(_) => "Der Schlüssel öffnet die Datenbank nicht; die Datei wurde nicht verändert.".into(),
            Self::Storage(_) => "Die Daten konnten nicht gespeichert oder gelesen werden.".into(),
            Self::Io { .. } => "Die Datei konnte nicht gelesen oder geschrieben werden.".into(),
        }
    }

    /// What the UI may act on.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::Validation,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::NeedsConfirmation { .. } => ErrorCode::Confirm,
            Self::Remote {
                code: RemoteCode::Offline,
                ..
            } => ErrorCode::Offline,
            Self::Remote { .. } => ErrorCode::Remote,
            Self::Unavailable { .. } | Self::Database(_) | Self::WrongKey(_) | Self::Io { .. } => {
                ErrorCode::Unavailable
            }
            Self::Storage(_) => ErrorCode::Internal,
        }
    }

    /// A finer code than [`ErrorCode`], for logs and the command line: the remote refusal's
    /// kind, storage apart from the database file and from other files.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Remote { code, .. } => code.as_str(),
            Self::Database(_) => "database",
            Self::WrongKey(_) => "wrong_key",
            Self::Storage(_) => "storage",
            Self::Io { .. } => "io",
            other => other.error_code().as_str(),
        }
    }

    /// The account field a calendar server's refusal points to: the address or the password.
    pub fn remote_field(&self) -> Option<&'static str> {
        match self {
            Self::Remote { code, .. } => code.field(),
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

/// What the UI receives when a command fails: a code it may act on, messages in both languages,
/// and the fields the messages belong next to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ErrorPayload {
    /// See [`ErrorCode`].
    pub code: ErrorCode,
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
            code: error.error_code(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(code: RemoteCode) -> Error {
        Error::Remote {
            code,
            de: "de".into(),
            en: "en".into(),
        }
    }

    #[test]
    fn a_remote_refusal_names_its_field_and_only_offline_keeps_its_own_code() {
        let payload = ErrorPayload::from(&remote(RemoteCode::Auth));
        assert_eq!(
            (payload.code, payload.field.as_deref()),
            (ErrorCode::Remote, Some("password"))
        );
        let payload = ErrorPayload::from(&remote(RemoteCode::Offline));
        assert_eq!(
            (payload.code, payload.field.as_deref()),
            (ErrorCode::Offline, Some("url"))
        );
        assert_eq!(remote(RemoteCode::CalendarGone).code(), "calendar_gone");
        assert_eq!(ErrorPayload::from(&remote(RemoteCode::Keychain)).field, None);
    }

    #[test]
    fn codes_cross_to_the_ui_as_their_snake_case_names() {
        for code in [
            ErrorCode::Validation,
            ErrorCode::NotFound,
            ErrorCode::Conflict,
            ErrorCode::Confirm,
            ErrorCode::Offline,
            ErrorCode::Remote,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
        ] {
            assert_eq!(serde_json::to_value(code).expect("json"), code.as_str());
        }
        let missing = Error::not_found(Entity::JournalEntry, 7);
        assert_eq!(missing.to_string(), "journal entry 7 not found");
        assert_eq!(missing.message_de(), "Der Verlaufseintrag wurde nicht gefunden.");
        assert_eq!(Error::unavailable("de", "en").error_code(), ErrorCode::Unavailable);
    }
}
