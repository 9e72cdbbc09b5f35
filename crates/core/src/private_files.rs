//! Files that hold personal data: created readable by their owner only.
//!
//! The database, its WAL, backups, the copy before a migration, calendar exports and dossiers hold
//! contacts' names, addresses and what was said in a consultation (DSGVO Art. 32). Created with the
//! process's umask they would be world-readable (0644) on most systems, so every such file is
//! created here with mode 0600 and every folder the app creates for them with 0700. SQLite gives a
//! database's WAL and shared-memory files the database file's own mode, so creating the database
//! file here covers them. Folders the user chose (an export into `~/Dokumente`) are not changed.
//! On other platforms the user's profile folder already keeps files private; there the calls fall
//! back to the platform's defaults.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use crate::domain::random_token;

/// The mode of a file holding personal data.
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;
/// The mode of a folder the app creates for such files.
#[cfg(unix)]
const FOLDER_MODE: u32 = 0o700;

/// Creates `path` as a new, empty file readable by its owner only. Fails when anything (a file, a
/// symbolic link) is already there, so a file planted in advance is never written through.
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    options.open(path)
}

/// Creates `dir` and its missing parents readable by their owner only; folders already there are
/// left as they are.
pub fn create_folder(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, FOLDER_MODE);
    builder.create(dir)
}

/// Takes the permissions of everyone but the owner away from an existing file (a database that
/// an older version created world-readable). A missing file is no error.
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_file() && metadata.permissions().mode() & 0o077 != 0 => {
                let mode = metadata.permissions().mode() & !0o077;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            }
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Writes a new file next to `path` with `fill`, then renames it over `path`, so that a reader
/// never sees half a file. A new file is private; a file that is replaced keeps its permissions
/// (the user may have shared it on purpose). The staged file is removed again when anything fails.
pub fn write_atomically<T>(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<T>) -> io::Result<T> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut staged_name = std::ffi::OsString::from(".");
    staged_name.push(name);
    staged_name.push(format!(".{}.tmp", &random_token()[..12]));
    let staged = dir.join(staged_name);
    let written = (|| {
        let mut file = create_new(&staged)?;
        if let Ok(existing) = std::fs::metadata(path) {
            if existing.is_file() {
                file.set_permissions(existing.permissions())?;
            }
        }
        let filled = fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&staged, path)?;
        Ok(filled)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&staged);
        return written;
    }
    // The rename itself survives a crash only once the folder is synced (best effort: not every
    // platform can open a folder).
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    written
}
