//! Start-up: whether the database could be opened, and the start-up measurement (the UI reports
//! once when its first view with cases is painted).

use std::sync::atomic::{AtomicBool, Ordering};

use beratungsplaner_core::error::{ErrorCode, ErrorPayload};
use beratungsplaner_core::Error;

static REPORTED: AtomicBool = AtomicBool::new(false);

/// Why the app runs without a database, if it does.
#[derive(Debug, Clone)]
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

    /// The script that hands the page, before any of its own script runs, why the app could not
    /// open its database (`null` when it could): `window.__BERATUNGSPLANER_STARTUP_ERROR__`, read
    /// by `ui/src/lib/api/startup.ts`. A command would cost the first view a round trip before
    /// anything else may start.
    pub fn page_script(&self) -> String {
        // JSON is a JavaScript expression; an `ErrorPayload` always serialises.
        let value = serde_json::to_string(&self.0).unwrap_or_else(|_| "null".into());
        format!(
            "Object.defineProperty(window, \"__BERATUNGSPLANER_STARTUP_ERROR__\", {{ value: Object.freeze({value}) }});"
        )
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
    fn the_page_script_hands_over_the_error_or_null() {
        assert_eq!(
            StartupStatus::ok().page_script(),
            "Object.defineProperty(window, \"__BERATUNGSPLANER_STARTUP_ERROR__\", { value: Object.freeze(null) });"
        );
        let failed = StartupStatus::failed(&Error::Database("locked \"</script>\"\n".into())).page_script();
        let json = failed
            .strip_prefix(
                "Object.defineProperty(window, \"__BERATUNGSPLANER_STARTUP_ERROR__\", { value: Object.freeze(",
            )
            .and_then(|rest| rest.strip_suffix(") });"))
            .unwrap();
        let payload: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(payload["code"], "unavailable");
        assert!(payload["message"].as_str().unwrap().contains("locked \"</script>\""));
    }
}
