//! Calendars into the app: choosing an .ics file, previewing what importing it would do, and
//! importing it with progress reported to the window.

use std::path::{Path, PathBuf};

use beratungsplaner_core::domain::{ImportOutcome, ImportProgress, Language};
use beratungsplaner_core::{Error, Planner};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;

/// For the end-to-end tests only: WebDriver cannot drive GTK's native open dialog, so when this
/// variable is set, `choose_import_file` answers with the path it names instead of asking.
pub const TEST_OPEN_PATH_ENV: &str = "BERATUNGSPLANER_TEST_OPEN_PATH";

/// Asks for an .ics file in the native open dialog; `None` when cancelled.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn choose_import_file(app: AppHandle, planner: State<'_, Planner>) -> CommandResult<Option<String>> {
    let language = planner.settings().await?.language;
    ask_open_path(&app, language).await.map_err(Into::into)
}

/// What importing the file would do; nothing is written.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn preview_import(planner: State<'_, Planner>, path: String) -> CommandResult<ImportOutcome> {
    planner
        .import_ics(Path::new(&path), true, |_| {})
        .await
        .map_err(Into::into)
}

/// Imports the file in one transaction, reporting progress on `on_progress`.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn import_ics_file(
    planner: State<'_, Planner>,
    path: String,
    on_progress: Channel<ImportProgress>,
) -> CommandResult<ImportOutcome> {
    planner
        .import_ics(Path::new(&path), false, |p| {
            let _ = on_progress.send(p);
        })
        .await
        .map_err(Into::into)
}

/// The path from the native open dialog (or `TEST_OPEN_PATH_ENV`). Like the export's save
/// dialog, it uses the plugin's callback API and awaits the answer, blocking nothing.
async fn ask_open_path(app: &AppHandle, language: Language) -> Result<Option<String>, Error> {
    if let Some(path) = std::env::var_os(TEST_OPEN_PATH_ENV).filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(path).to_string_lossy().into_owned()));
    }
    let (title, filter) = match language {
        Language::De => ("Kalender importieren", "iCalendar-Datei (*.ics)"),
        Language::En => ("Import calendar", "iCalendar file (*.ics)"),
    };
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, &["ics", "ical", "ifb"]);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let (answer, answered) = tokio::sync::oneshot::channel();
    dialog.pick_file(move |path| {
        let _ = answer.send(path);
    });
    let Some(chosen) = answered.await.ok().flatten() else {
        return Ok(None);
    };
    match chosen.as_path() {
        Some(path) => Ok(Some(path.to_string_lossy().into_owned())),
        None => Err(Error::conflict(
            "Die gewählte Datei liegt nicht auf diesem Rechner.",
            "The chosen file is not on this computer.",
        )),
    }
}
