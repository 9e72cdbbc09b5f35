//! The start-up measurement: the UI reports once when its first view with cases is painted.

use std::sync::atomic::{AtomicBool, Ordering};

static REPORTED: AtomicBool = AtomicBool::new(false);

/// Logs (target `startup`, level info) the time from process start to the first painted view.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn first_paint(view: String) {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(start) = crate::PROCESS_START.get() {
        tracing::info!(target: "startup", "first paint of {view} after {} ms", start.elapsed().as_millis());
    }
}
