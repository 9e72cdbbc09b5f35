//! Calendars out of the app: the iCalendar export into a file the advisor chooses, and the
//! subscription feed served while the app runs.

use std::path::{Path, PathBuf};

use beratungsplaner_core::domain::{ExportResult, ExportScope, FeedStatus, Language};
use beratungsplaner_core::{Error, Planner};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::CommandResult;
use crate::feed::FeedControl;

/// For the end-to-end tests only: WebDriver cannot drive GTK's native save dialog, so when this
/// variable is set, `export_ics_file` writes to the path it names instead of asking. Nothing
/// else reads it.
pub const TEST_SAVE_PATH_ENV: &str = "BERATUNGSPLANER_TEST_SAVE_PATH";

/// Asks for a file in the native save dialog and writes the calendar of `scope` into it; `None`
/// when the dialog was cancelled.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn export_ics_file(
    app: AppHandle,
    planner: State<'_, Planner>,
    scope: ExportScope,
) -> CommandResult<Option<ExportResult>> {
    scope.validate()?;
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(&app, language).await? else {
        return Ok(None);
    };
    planner.export_ics_to(&scope, &path).await.map(Some).map_err(Into::into)
}

/// The path from the native save dialog (or `TEST_SAVE_PATH_ENV`), with `.ics` added when the
/// name has no extension at all and no such file exists yet.
///
/// The dialog is shown with the plugin's callback API (`FileDialogBuilder::save_file`): it runs
/// the dialog on the main thread and calls back from another thread, and this command awaits
/// the answer on a oneshot channel, so neither the window nor a runtime thread is blocked.
async fn ask_save_path(app: &AppHandle, language: Language) -> Result<Option<PathBuf>, Error> {
    if let Some(path) = std::env::var_os(TEST_SAVE_PATH_ENV).filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(path)));
    }
    let (title, filter) = match language {
        Language::De => ("Kalender exportieren", "iCalendar-Datei (*.ics)"),
        Language::En => ("Export calendar", "iCalendar file (*.ics)"),
    };
    let file_name = format!("beratungsplaner-{}.ics", chrono::Local::now().date_naive());
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, &["ics"])
        .set_file_name(file_name);
    if let Some(documents) = directories::UserDirs::new().and_then(|d| d.document_dir().map(Path::to_path_buf)) {
        dialog = dialog.set_directory(documents);
    }
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let (answer, answered) = tokio::sync::oneshot::channel();
    dialog.save_file(move |path| {
        let _ = answer.send(path);
    });
    // A dialog that could not be shown drops the callback: that counts as cancelled.
    let Some(chosen) = answered.await.ok().flatten() else {
        return Ok(None);
    };
    let Some(path) = chosen.as_path().map(Path::to_path_buf) else {
        return Err(Error::conflict(
            "Der gewählte Speicherort ist keine Datei auf diesem Rechner.",
            "The chosen location is not a file on this computer.",
        ));
    };
    Ok(Some(with_ics_extension(path)))
}

fn with_ics_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        return path;
    }
    let with = path.with_extension("ics");
    if with.exists() {
        path
    } else {
        with
    }
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn feed_status(planner: State<'_, Planner>, feed: State<'_, FeedControl>) -> CommandResult<FeedStatus> {
    feed.status(&planner).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(enabled = enabled, port = port))]
pub async fn set_feed_enabled(
    planner: State<'_, Planner>,
    feed: State<'_, FeedControl>,
    enabled: bool,
    port: u16,
) -> CommandResult<FeedStatus> {
    feed.set_enabled(&planner, enabled, port).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn rotate_feed_token(planner: State<'_, Planner>, feed: State<'_, FeedControl>) -> CommandResult<FeedStatus> {
    feed.rotate(&planner).await.map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_is_added_only_to_a_bare_name() {
        let dir = std::env::temp_dir();
        assert_eq!(with_ics_extension(dir.join("kalender-x1")), dir.join("kalender-x1.ics"));
        assert_eq!(with_ics_extension(dir.join("kalender.txt")), dir.join("kalender.txt"));
    }
}
