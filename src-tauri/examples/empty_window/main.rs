//! The yardstick for the app's start-up: an empty Tauri 2 window with one heading, built with the
//! app's own dependencies, window size and content security policy. `scripts/measure-startup.sh`
//! runs it alternately with the app and reports both, since a start-up figure alone says nothing
//! on a machine whose WebKitGTK start alone takes half a second.

use std::sync::OnceLock;
use std::time::Instant;

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Printed in the app's own words (`startup::first_paint`), so that one script reads both.
#[tauri::command]
fn first_paint(view: String, paint_ms: f64) {
    if let Some(start) = PROCESS_START.get() {
        let total = start.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "first paint of {view} after {total:.0} ms (page loading from {:.0} ms)",
            total - paint_ms
        );
    }
}

fn main() {
    PROCESS_START.get_or_init(Instant::now);
    let context = tauri::generate_context!("examples/empty_window/tauri.conf.json");
    if let Err(error) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![first_paint])
        .run(context)
    {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
