//! Printing a case: the print preview's pages, the dossier saved as PDF/A through the native save
//! dialog, and the profile the case was last printed with.

use beratungsplaner_core::domain::{DossierPreview, PrintProfile, PrintRequest, SavedDossier};
use beratungsplaner_core::{Error, Planner};
use tauri::{AppHandle, State, WebviewWindow};

use crate::error::CommandResult;
use crate::save_dialog::{ask_save_path, SaveRequest};

#[tauri::command]
#[tracing::instrument(skip_all, fields(case_id = case_id))]
pub async fn print_profile(planner: State<'_, Planner>, case_id: i64) -> CommandResult<PrintProfile> {
    planner.print_profile(case_id).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(case_id = case_id))]
pub async fn preview_case(
    planner: State<'_, Planner>,
    case_id: i64,
    request: PrintRequest,
) -> CommandResult<DossierPreview> {
    planner.preview_case(case_id, &request).await.map_err(Into::into)
}

/// Asks for a file in the native save dialog and writes the dossier into it as PDF/A; `None`
/// when the dialog was cancelled.
#[tauri::command]
#[tracing::instrument(skip_all, fields(case_id = case_id))]
pub async fn save_case_pdf(
    app: AppHandle,
    planner: State<'_, Planner>,
    case_id: i64,
    request: PrintRequest,
) -> CommandResult<Option<SavedDossier>> {
    let language = planner.settings().await?.language;
    let dialog = SaveRequest {
        title: ("Dossier als PDF speichern", "Save dossier as PDF"),
        kind: ("PDF-Dokument", "PDF document"),
        extension: "pdf",
        file_name: planner.dossier_file_name(case_id).await?,
    };
    let Some(path) = ask_save_path(&app, language, dialog).await? else {
        return Ok(None);
    };
    planner
        .print_case_to(case_id, &request, &path)
        .await
        .map(Some)
        .map_err(Into::into)
}

/// Opens the system's print dialog for the window. While the print preview is open, the window
/// prints the dossier's pages and nothing of the app (the UI's `PrintSheets` and print styles).
/// Tauri's own print call, because WebKitGTK shows no dialog for a page's `window.print()` here.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn print_window(window: WebviewWindow) -> CommandResult<()> {
    window.print().map_err(|e| {
        Error::conflict(
            "Der Druckdialog des Systems konnte nicht geöffnet werden.",
            format!("the system's print dialog could not be opened: {e}"),
        )
        .into()
    })
}
