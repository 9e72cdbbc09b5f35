//! The server's one error type. On the command line it is one `error: …` line; over HTTP a status and
//! an [`ErrorBody`] whose code the client acts on.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use beratungsplaner_team_protocol::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Bad input, said so that the user knows what to change.
    #[error("{0}")]
    Invalid(String),
    /// Wrong user or password, or a token that opens nothing (unknown, or its account disabled).
    #[error("wrong user, password or device token")]
    Unauthorized,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl ServerError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            Self::Invalid(_) => (StatusCode::BAD_REQUEST, ErrorCode::BadRequest),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized),
            Self::Database(_) | Self::Migration(_) | Self::Io { .. } => {
                tracing::error!(error = %self, "request failed");
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable)
            }
        };
        let message = match code {
            ErrorCode::Unavailable => "the team server cannot reach its database".to_owned(),
            _ => self.to_string(),
        };
        (status, Json(ErrorBody { code, message })).into_response()
    }
}
