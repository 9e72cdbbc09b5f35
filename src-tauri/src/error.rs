//! The error a Tauri command returns: the core's error as `{code, message, message_en, field, fields}`.

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
            Error::Validation(_) | Error::NotFound { .. } | Error::Conflict { .. }
        ) {
            tracing::error!(code = error.code(), "command failed: {error}");
        }
        Self(ErrorPayload::from(&error))
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
