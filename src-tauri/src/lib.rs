//! The Beratungsplaner app: without a command it starts the desktop window, with one it runs the
//! command line (`cli`). Both use the same `Planner` on the same database file.

pub mod caldav_passwords;
pub mod cli;
pub mod commands;
pub mod database_keys;
pub mod dialogs;
pub mod encryption;
pub mod error;
pub mod feed;
pub mod startup;
pub mod team_tokens;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use beratungsplaner_core::Planner;
use tauri::Manager;

use crate::error::AppError;

/// Environment variable naming the database file.
pub const DB_ENV: &str = "BERATUNGSPLANER_DB";

/// The default database: `beratungsplaner.db` in the platform's app-data folder.
pub fn default_db_path() -> Result<PathBuf, AppError> {
    directories::ProjectDirs::from("de", "Zukunftsbuendnis", "Beratungsplaner")
        .map(|dirs| dirs.data_dir().join("beratungsplaner.db"))
        .ok_or_else(|| AppError::Environment("no home directory: pass --db PATH or set BERATUNGSPLANER_DB".into()))
}

/// When the process started, for the start-up measurement (`startup`).
pub static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Parses the command line and runs the app or a command; returns the exit code.
pub fn main_entry() -> i32 {
    PROCESS_START.get_or_init(Instant::now);
    init_logging();
    cli::run()
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BERATUNGSPLANER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    // libdav traces every request and response whole: calendar bodies (personal data) and the
    // Authorization header. Never below info, whatever the variable asks.
    let filter = match "libdav=info".parse() {
        Ok(quiet) => filter.add_directive(quiet),
        Err(_) => filter,
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // A closed stderr (`2>&1 | head`) must not turn a warning into a panic.
        .log_internal_errors(false)
        .init();
}

/// Opens the database (creating it with demo data on the very first start) and runs the window.
/// When the key is not at hand, the window asks for it (`encryption`); when the database cannot
/// be used, the window still opens and explains why (`StartupStatus`), since an app started from
/// the desktop has nowhere else to say it.
pub fn run_app(db: &Path) -> Result<(), AppError> {
    let opened = tauri::async_runtime::block_on(encryption::open_at_start(db));
    startup::reached("database ready");
    let (builder, status) = match opened {
        Ok(encryption::Opened::Open(planner, access)) => {
            let pending = tauri::async_runtime::block_on(planner.recovery_key_confirmed()).is_ok_and(|done| !done);
            (
                tauri::Builder::default().manage(planner).manage(access),
                startup::StartupStatus::ok(pending),
            )
        }
        Ok(encryption::Opened::Locked(access)) => {
            let status = access
                .locked()
                .map_or_else(startup::StartupStatus::default, startup::StartupStatus::locked);
            (tauri::Builder::default().manage(access), status)
        }
        Err(error) => {
            eprintln!("error: {error}");
            (tauri::Builder::default(), startup::StartupStatus::failed(&error))
        }
    };
    builder
        .append_invoke_initialization_script(status.page_script())
        .manage(feed::FeedControl::default())
        .manage(caldav_passwords::SessionPasswords::default())
        .setup(|app| {
            startup::reached("window set up");
            // The subscription feed, when the settings say so; in the background, so that the
            // window never waits for it.
            if let Some(planner) = app.try_state::<Planner>() {
                let planner = planner.inner().clone();
                let handle = app.handle().clone();
                tauri::async_runtime::spawn(async move {
                    handle.state::<feed::FeedControl>().start_if_enabled(&planner).await;
                });
            }
            Ok(())
        })
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .map_err(|e| AppError::Environment(format!("the window could not start: {e}")))
}
