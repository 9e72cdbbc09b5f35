//! The app crate's errors: what a Tauri command returns (the core's error as `{code, message,
//! message_en, field, fields}`), and what ends the command line or the window's start.

use beratungsplaner_core::error::ErrorPayload;
use beratungsplaner_core::Error;

/// A failed command, serialised for the UI.
#[derive(Debug, serde::Serialize)]
#[serde(transparent)]
pub struct CommandError(ErrorPayload);

impl From<Error> for CommandError {
    fn from(error: Error) -> Self {
        if !matches!(
            error,
            Error::Validation(_)
                | Error::NotFound { .. }
                | Error::Conflict { .. }
                | Error::NeedsConfirmation { .. }
                | Error::Remote { .. }
                | Error::Unavailable { .. }
        ) {
            tracing::error!(code = error.code(), "command failed: {error}");
        }
        Self(ErrorPayload::from(&error))
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;

/// Why the command line or the window's start failed; printed as one `error: …` line.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The core refused or failed.
    #[error("{0}")]
    Core(#[from] Error),
    /// Arguments that parse but do not make sense together.
    #[error("{0}")]
    Usage(String),
    /// Something outside the database: no home folder, the window, the output.
    #[error("{0}")]
    Environment(String),
    /// A check of the stored data found a fault (the audit trail's chain broken).
    #[error("{0}")]
    Integrity(String),
}
