//! The native save dialog, as the export and the dossier ask for a file.

use std::path::{Path, PathBuf};

use beratungsplaner_core::domain::Language;
use beratungsplaner_core::Error;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// For the end-to-end tests only: WebDriver cannot drive GTK's native save dialog, so when this
/// variable is set, the dialog is not shown and the path it names is taken. Nothing else reads it.
pub const TEST_SAVE_PATH_ENV: &str = "BERATUNGSPLANER_TEST_SAVE_PATH";

/// What the dialog asks for, in both languages.
pub struct SaveRequest<'a> {
    /// The dialog's title: German, English.
    pub title: (&'a str, &'a str),
    /// The file type's name in the filter: German, English.
    pub kind: (&'a str, &'a str),
    /// The extension without its dot; added to a bare name.
    pub extension: &'a str,
    /// The proposed file name.
    pub file_name: String,
}

/// The path from the native save dialog (or `TEST_SAVE_PATH_ENV`), with the extension added when
/// the name has none at all and no such file exists yet; `None` when the dialog was cancelled.
///
/// The dialog is shown with the plugin's callback API (`FileDialogBuilder::save_file`): it runs
/// the dialog on the main thread and calls back from another thread, and the command awaits the
/// answer on a oneshot channel, so neither the window nor a runtime thread is blocked.
pub async fn ask_save_path(
    app: &AppHandle,
    language: Language,
    request: SaveRequest<'_>,
) -> Result<Option<PathBuf>, Error> {
    if let Some(path) = std::env::var_os(TEST_SAVE_PATH_ENV).filter(|p| !p.is_empty()) {
        return Ok(Some(PathBuf::from(path)));
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
    Ok(Some(with_extension(path, request.extension)))
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
