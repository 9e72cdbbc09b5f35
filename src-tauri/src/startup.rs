//! Start-up: whether the database could be opened, and the start-up measurement (the UI reports
//! once when its first view with cases is painted).

use std::sync::atomic::{AtomicBool, Ordering};

use beratungsplaner_core::error::{ErrorCode, ErrorPayload};
use beratungsplaner_core::Error;

use crate::encryption::Locked;

static REPORTED: AtomicBool = AtomicBool::new(false);

/// How the start went: the database open (and whether its recovery key still waits to be
/// shown), locked until the user types a secret, or not opened and why.
#[derive(Debug, Clone, Default)]
pub struct StartupStatus {
    error: Option<ErrorPayload>,
    locked: Option<Locked>,
    recovery_key_pending: bool,
}

impl StartupStatus {
    /// The database is open; `recovery_key_pending`: its recovery key is still to be shown.
    pub fn ok(recovery_key_pending: bool) -> Self {
        Self {
            recovery_key_pending,
            ..Self::default()
        }
    }

    /// The window asks for the passphrase or the recovery key first.
    pub fn locked(locked: Locked) -> Self {
        Self {
            locked: Some(locked),
            ..Self::default()
        }
    }

    /// The database could not be opened; nothing was changed in it.
    pub fn failed(error: &Error) -> Self {
        let detail = error.to_string();
        Self {
            error: Some(ErrorPayload {
                code: ErrorCode::Unavailable,
                message: format!("Die Datenbank kann nicht geöffnet werden. Sie wurde nicht verändert.\n{detail}"),
                message_en: format!("The database cannot be opened. It was not changed.\n{detail}"),
                field: None,
                fields: Vec::new(),
            }),
            ..Self::default()
        }
    }

    /// The script that hands the page, before any of its own script runs, how the start went:
    /// `window.__BERATUNGSPLANER_STARTUP_ERROR__` (why the app could not open its database, or
    /// `null`), `__BERATUNGSPLANER_LOCKED__` (what to ask for, or `null`) and
    /// `__BERATUNGSPLANER_RECOVERY_KEY_PENDING__`, read by `ui/src/lib/api/startup.ts`. A command
    /// would cost the first view a round trip before anything else may start.
    pub fn page_script(&self) -> String {
        // JSON is a JavaScript expression; these types always serialise.
        let error = serde_json::to_string(&self.error).unwrap_or_else(|_| "null".into());
        let locked = serde_json::to_string(&self.locked).unwrap_or_else(|_| "null".into());
        [
            ("__BERATUNGSPLANER_STARTUP_ERROR__", error),
            ("__BERATUNGSPLANER_LOCKED__", locked),
            (
                "__BERATUNGSPLANER_RECOVERY_KEY_PENDING__",
                self.recovery_key_pending.to_string(),
            ),
        ]
        .iter()
        .map(|(name, value)| format!("Object.defineProperty(window, \"{name}\", {{ value: Object.freeze({value}) }});"))
        .collect()
    }
}

/// Moments of the page's start, in milliseconds on its own clock (`performance.now()`, which
/// begins when the page begins to load).
#[derive(Debug, Clone, Copy)]
pub struct PageMarks {
    /// The UI's script began to run.
    pub script_ms: f64,
    /// The first view's data arrived.
    pub data_ms: f64,
    /// Two animation frames later: painted.
    pub paint_ms: f64,
}

/// Logs (target `startup`, level info), once per run, the time from process start to the first
/// painted view the UI reports, and where in that time the page began to load, its script ran
/// and its data arrived: the figures that say where a slow start goes.
pub fn first_paint(view: &str, marks: PageMarks) {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(start) = crate::PROCESS_START.get() {
        let total = start.elapsed().as_secs_f64() * 1000.0;
        let page = total - marks.paint_ms;
        tracing::info!(
            target: "startup",
            "first paint of {view} after {total:.0} ms (page loading from {page:.0} ms, script from {:.0} ms, data at {:.0} ms)",
            page + marks.script_ms,
            page + marks.data_ms,
        );
    }
}

/// Logs (target `startup`, level info) how long the process took to reach `step`.
pub fn reached(step: &str) {
    if let Some(start) = crate::PROCESS_START.get() {
        tracing::info!(target: "startup", "{step} after {} ms", start.elapsed().as_millis());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_script_hands_over_the_error_the_lock_and_the_pending_recovery_key() {
        assert_eq!(
            StartupStatus::ok(true).page_script(),
            "Object.defineProperty(window, \"__BERATUNGSPLANER_STARTUP_ERROR__\", { value: Object.freeze(null) });\
             Object.defineProperty(window, \"__BERATUNGSPLANER_LOCKED__\", { value: Object.freeze(null) });\
             Object.defineProperty(window, \"__BERATUNGSPLANER_RECOVERY_KEY_PENDING__\", { value: Object.freeze(true) });"
        );
        let locked = StartupStatus::locked(Locked {
            new_database: true,
            keychain_works: false,
        })
        .page_script();
        assert!(
            locked.contains("Object.freeze({\"newDatabase\":true,\"keychainWorks\":false})"),
            "{locked}"
        );
        let failed = StartupStatus::failed(&Error::Database("locked \"</script>\"\n".into())).page_script();
        let json = failed
            .strip_prefix(
                "Object.defineProperty(window, \"__BERATUNGSPLANER_STARTUP_ERROR__\", { value: Object.freeze(",
            )
            .and_then(|rest| rest.split_once(") });"))
            .map(|(json, _)| json)
            .unwrap();
        let payload: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(payload["code"], "unavailable");
        assert!(payload["message"].as_str().unwrap().contains("locked \"</script>\""));
    }
}
