//! Start-up: whether the database could be opened, and the start-up measurement (the UI reports
//! once when its first view with cases is painted).

use std::sync::atomic::{AtomicBool, Ordering};

use beratungsplaner_core::error::{ErrorCode, ErrorPayload};
use beratungsplaner_core::Error;

static REPORTED: AtomicBool = AtomicBool::new(false);

/// Why the app runs without a database, if it does.
#[derive(Debug)]
pub struct StartupStatus(Option<ErrorPayload>);

impl StartupStatus {
    /// The database is open.
    pub fn ok() -> Self {
        Self(None)
    }

    /// The database could not be opened; nothing was changed in it.
    pub fn failed(error: &Error) -> Self {
        let detail = error.to_string();
        Self(Some(ErrorPayload {
            code: ErrorCode::Unavailable,
            message: format!("Die Datenbank kann nicht geöffnet werden. Sie wurde nicht verändert.\n{detail}"),
            message_en: format!("The database cannot be opened. It was not changed.\n{detail}"),
            field: None,
            fields: Vec::new(),
        }))
    }

    /// The reason the app could not open its database, or `None` when all is well.
    pub fn error(&self) -> Option<ErrorPayload> {
        self.0.clone()
    }
}

/// Logs (target `startup`, level info), once per run, the time from process start to the first
/// painted view the UI reports.
pub fn first_paint(view: &str) {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(start) = crate::PROCESS_START.get() {
        tracing::info!(target: "startup", "first paint of {view} after {} ms", start.elapsed().as_millis());
    }
}
