//! The window's native dialogs: the open dialog of the import, the save dialogs of the export and
//! the dossier, and the system's print dialog. Each command that needs one calls one function here,
//! which asks and then makes one `Planner` call.

use std::path::{Path, PathBuf};

use beratungsplaner_core::domain::{
    AccessReportFormat, EventSheet, ExportResult, ExportScope, Language, PrintRequest, ReportFormat, ReportQuery,
    ReportTexts, SavedAccessReport, SavedActivityReport, SavedDossier, SavedParticipantList,
};
use beratungsplaner_core::{Error, Planner};
use tauri::{AppHandle, Manager, WebviewWindow, Wry};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

/// For the end-to-end tests only: WebDriver cannot drive GTK's native open dialog, so when this
/// variable is set, `choose_import_file` answers with the path it names instead of asking.
pub const TEST_OPEN_PATH_ENV: &str = "BERATUNGSPLANER_TEST_OPEN_PATH";

/// For the end-to-end tests only: WebDriver cannot drive GTK's native save dialog, so when this
/// variable is set, the dialog is not shown and the path it names is taken (a folder: the proposed
/// name in it, for a test that saves several documents). Nothing else reads it.
pub const TEST_SAVE_PATH_ENV: &str = "BERATUNGSPLANER_TEST_SAVE_PATH";

/// What the dialog asks for, in both languages.
struct SaveRequest<'a> {
    /// The dialog's title: German, English.
    title: (&'a str, &'a str),
    /// The file type's name in the filter: German, English.
    kind: (&'a str, &'a str),
    /// The extension without its dot; added to a bare name.
    extension: &'a str,
    /// The proposed file name.
    file_name: String,
}

/// The path from the native save dialog (or `TEST_SAVE_PATH_ENV`), with the extension added when
/// the name has none at all and no such file exists yet; `None` when the dialog was cancelled.
///
/// The dialog is shown with the plugin's callback API (`FileDialogBuilder::save_file`): it runs
/// the dialog on the main thread and calls back from another thread, and the command awaits the
/// answer on a oneshot channel, so neither the window nor a runtime thread is blocked.
async fn ask_save_path(
    app: &AppHandle,
    language: Language,
    request: SaveRequest<'_>,
) -> Result<Option<PathBuf>, Error> {
    if let Some(path) = std::env::var_os(TEST_SAVE_PATH_ENV).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return Ok(Some(if path.is_dir() {
            path.join(&request.file_name)
        } else {
            path
        }));
    }
    let (title, kind) = match language {
        Language::De => (request.title.0, request.kind.0),
        Language::En => (request.title.1, request.kind.1),
    };
    let filter = format!("{kind} (*.{})", request.extension);
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, &[request.extension])
        .set_file_name(request.file_name);
    if let Some(documents) = directories::UserDirs::new().and_then(|d| d.document_dir().map(Path::to_path_buf)) {
        dialog = dialog.set_directory(documents);
    }
    let Some(chosen) = ask(app, dialog, Ask::Save).await else {
        return Ok(None);
    };
    let Some(path) = chosen.as_path().map(Path::to_path_buf) else {
        return Err(Error::unavailable(
            "Der gewählte Speicherort ist keine Datei auf diesem Rechner.",
            "The chosen location is not a file on this computer.",
        ));
    };
    Ok(Some(with_extension(path, request.extension)))
}

/// Asks for a file in the native save dialog and writes the calendar of `scope` into it; `None`
/// when the dialog was cancelled.
pub async fn export_ics_file(
    app: &AppHandle,
    planner: &Planner,
    scope: ExportScope,
) -> Result<Option<ExportResult>, Error> {
    scope.validate()?;
    let request = SaveRequest {
        title: ("Kalender exportieren", "Export calendar"),
        kind: ("iCalendar-Datei", "iCalendar file"),
        extension: "ics",
        file_name: format!("beratungsplaner-{}.ics", chrono::Local::now().date_naive()),
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, request).await? else {
        return Ok(None);
    };
    planner.export_ics_to(&scope, &path).await.map(Some)
}

/// Asks for a file in the native save dialog and writes the dossier into it as PDF/A; `None`
/// when the dialog was cancelled.
pub async fn save_case_pdf(
    app: &AppHandle,
    planner: &Planner,
    case_id: i64,
    request: PrintRequest,
) -> Result<Option<SavedDossier>, Error> {
    let dialog = SaveRequest {
        title: ("Dossier als PDF speichern", "Save dossier as PDF"),
        kind: ("PDF-Dokument", "PDF document"),
        extension: "pdf",
        file_name: planner.dossier_file_name(case_id).await?,
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, dialog).await? else {
        return Ok(None);
    };
    planner.print_case_to(case_id, &request, &path).await.map(Some)
}

/// Asks for a file in the native save dialog and writes the event's participant list into it as
/// CSV; `None` when the dialog was cancelled.
pub async fn save_participant_list(
    app: &AppHandle,
    planner: &Planner,
    event_id: i64,
) -> Result<Option<SavedParticipantList>, Error> {
    let dialog = SaveRequest {
        title: ("Teilnehmendenliste speichern", "Save participant list"),
        kind: ("CSV-Tabelle", "CSV table"),
        extension: "csv",
        file_name: planner.participant_list_file_name(event_id).await?,
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, dialog).await? else {
        return Ok(None);
    };
    planner.save_participant_list(event_id, &path).await.map(Some)
}

/// Asks for a file in the native save dialog and writes a printed sheet of the event into it as
/// PDF; `None` when the dialog was cancelled.
pub async fn save_event_sheet(
    app: &AppHandle,
    planner: &Planner,
    event_id: i64,
    sheet: EventSheet,
) -> Result<Option<SavedParticipantList>, Error> {
    let dialog = SaveRequest {
        title: (sheet.german(), "Save sheet"),
        kind: ("PDF-Dokument", "PDF document"),
        extension: "pdf",
        file_name: planner.event_sheet_file_name(event_id, sheet).await?,
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, dialog).await? else {
        return Ok(None);
    };
    planner.save_event_sheet(event_id, sheet, &path).await.map(Some)
}

/// Asks for a file in the native save dialog and writes the activity report into it; `None`
/// when the dialog was cancelled.
pub async fn save_activity_report(
    app: &AppHandle,
    planner: &Planner,
    query: ReportQuery,
    texts: ReportTexts,
    format: ReportFormat,
) -> Result<Option<SavedActivityReport>, Error> {
    let dialog = SaveRequest {
        title: ("Tätigkeitsbericht speichern", "Save activity report"),
        kind: match format {
            ReportFormat::Pdf => ("PDF-Dokument", "PDF document"),
            ReportFormat::Xlsx => ("Excel-Arbeitsmappe", "Excel workbook"),
            ReportFormat::Csv => ("CSV-Datei", "CSV file"),
        },
        extension: format.extension(),
        file_name: planner.activity_report_file_name(query.period, format),
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, dialog).await? else {
        return Ok(None);
    };
    planner.save_activity_report(query, texts, &path).await.map(Some)
}

/// Asks for a file in the native save dialog and writes the contact's access report into it;
/// `None` when the dialog was cancelled.
pub async fn save_access_report(
    app: &AppHandle,
    planner: &Planner,
    contact_id: i64,
    format: AccessReportFormat,
) -> Result<Option<SavedAccessReport>, Error> {
    let extension = format.extension();
    let dialog = SaveRequest {
        title: ("Auskunft speichern", "Save access report"),
        kind: match format {
            AccessReportFormat::Pdf => ("PDF-Dokument", "PDF document"),
            AccessReportFormat::Json => ("JSON-Datei", "JSON file"),
        },
        extension,
        // No name in the file's name: file lists and recent-document menus show it.
        file_name: format!(
            "Auskunft-Kontakt-{contact_id}-{}.{extension}",
            chrono::Local::now().date_naive()
        ),
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, dialog).await? else {
        return Ok(None);
    };
    planner.save_access_report(contact_id, &path).await.map(Some)
}

/// Asks for a file in the native save dialog and writes the recovery key's sheet into it;
/// `false` when the dialog was cancelled.
pub async fn save_recovery_key_sheet(
    app: &AppHandle,
    planner: &Planner,
    key: &beratungsplaner_core::store::DatabaseKey,
) -> Result<bool, Error> {
    let dialog = SaveRequest {
        title: (
            "Wiederherstellungsschlüssel als PDF speichern",
            "Save recovery key as PDF",
        ),
        kind: ("PDF-Dokument", "PDF document"),
        extension: "pdf",
        file_name: "Beratungsplaner-Wiederherstellungsschluessel.pdf".into(),
    };
    let language = planner.settings().await?.language;
    let Some(path) = ask_save_path(app, language, dialog).await? else {
        return Ok(false);
    };
    planner.save_recovery_key_sheet(key, &path).await?;
    Ok(true)
}

/// Asks for an .ics file in the native open dialog (or takes `TEST_OPEN_PATH_ENV`); `None` when
/// cancelled. Like the save dialog, it uses the plugin's callback API and awaits the answer,
/// blocking nothing.
pub async fn choose_import_file(app: &AppHandle, planner: &Planner) -> Result<Option<String>, Error> {
    if let Some(path) = std::env::var_os(TEST_OPEN_PATH_ENV).filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(path).to_string_lossy().into_owned()));
    }
    let (title, filter) = match planner.settings().await?.language {
        Language::De => ("Kalender importieren", "iCalendar-Datei (*.ics)"),
        Language::En => ("Import calendar", "iCalendar file (*.ics)"),
    };
    let dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter, &["ics", "ical", "ifb"]);
    let Some(chosen) = ask(app, dialog, Ask::Open).await else {
        return Ok(None);
    };
    match chosen.as_path() {
        Some(path) => Ok(Some(path.to_string_lossy().into_owned())),
        None => Err(Error::unavailable(
            "Die gewählte Datei liegt nicht auf diesem Rechner.",
            "The chosen file is not on this computer.",
        )),
    }
}

/// Opens the system's print dialog for the window. While the print preview is open, the window
/// prints the dossier's pages and nothing of the app (the UI's `PrintSheets` and print styles).
/// Tauri's own print call, because WebKitGTK shows no dialog for a page's `window.print()` here.
pub fn print_window(window: &WebviewWindow) -> Result<(), Error> {
    window.print().map_err(|e| {
        Error::unavailable(
            "Der Druckdialog des Systems konnte nicht geöffnet werden.",
            format!("the system's print dialog could not be opened: {e}"),
        )
    })
}

enum Ask {
    Open,
    Save,
}

/// Shows the dialog over the main window with the plugin's callback API and awaits the answer;
/// `None` when cancelled. A dialog that could not be shown drops the callback: that counts as
/// cancelled too.
async fn ask(app: &AppHandle, mut dialog: FileDialogBuilder<Wry>, ask: Ask) -> Option<FilePath> {
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let (answer, answered) = tokio::sync::oneshot::channel();
    let callback = move |path| {
        let _ = answer.send(path);
    };
    match ask {
        Ask::Open => dialog.pick_file(callback),
        Ask::Save => dialog.save_file(callback),
    }
    answered.await.ok().flatten()
}

fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    if path.extension().is_some() {
        return path;
    }
    let with = path.with_extension(extension);
    if with.exists() {
        path
    } else {
        with
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_added_only_to_a_bare_name() {
        let dir = std::env::temp_dir();
        assert_eq!(
            with_extension(dir.join("kalender-x1"), "ics"),
            dir.join("kalender-x1.ics")
        );
        assert_eq!(
            with_extension(dir.join("kalender.txt"), "ics"),
            dir.join("kalender.txt")
        );
        assert_eq!(
            with_extension(dir.join("dossier-x1"), "pdf"),
            dir.join("dossier-x1.pdf")
        );
    }
}
