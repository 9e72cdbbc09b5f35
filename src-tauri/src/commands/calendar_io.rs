//! Calendars out of the app: the iCalendar export into a file the advisor chooses, and the
//! subscription feed served while the app runs.

use beratungsplaner_core::domain::{ExportResult, ExportScope, FeedStatus};
use beratungsplaner_core::Planner;
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::feed::FeedControl;
use crate::save_dialog::{ask_save_path, SaveRequest};

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
    let request = SaveRequest {
        title: ("Kalender exportieren", "Export calendar"),
        kind: ("iCalendar-Datei", "iCalendar file"),
        extension: "ics",
        file_name: format!("beratungsplaner-{}.ics", chrono::Local::now().date_naive()),
    };
    let Some(path) = ask_save_path(&app, language, request).await? else {
        return Ok(None);
    };
    planner.export_ics_to(&scope, &path).await.map(Some).map_err(Into::into)
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
