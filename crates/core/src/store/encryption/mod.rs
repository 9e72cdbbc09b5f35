//! Encryption at rest: the database, its WAL and every copy the app writes are SQLCipher files
//! (AES-256 pages with an HMAC each, through the `libsqlite3-sys` sqlx links, built as SQLCipher).
//!
//! Every connection is made from [`options`], which sends the key pragma first (sqlx orders it
//! so) and switches sqlx's statement log off: that log would print the pragma, key included.
//! `secure_delete` is on, so a deleted row's bytes are overwritten on its page, not left in free
//! space; an erasure then leaves nothing behind once the WAL is truncated.
//!
//! A plain database from an earlier version is converted on first open ([`reencrypt`]): exported
//! with `sqlcipher_export` into `<file>.encrypting`, that copy verified (integrity, every table's
//! row count) and synced, then renamed over the plain file. The rename is the one step that
//! changes what the name holds, so a process killed at any point leaves either the plain file
//! (and a stray `.encrypting` copy, discarded at the next open) or the encrypted one. The same
//! routine changes the key (`rekey`), from one key to another.

pub mod key;

use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

pub use key::{DatabaseKey, MIN_PASSPHRASE_CHARS, SALT_BYTES};

use crate::{Error, Result};

/// What is at a database path before it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file, or an empty one: a new database.
    Missing,
    /// A plain SQLite file (an earlier version's database, or a backup it wrote).
    Plain,
    /// Whole pages of something else: an encrypted database, or a file that merely looks like
    /// one (only a key tells which).
    Encrypted,
    /// Not a database at all: no SQLite header, and not whole pages either.
    NotADatabase,
}

/// The smallest page size SQLite knows; every database file is a whole number of pages.
const MIN_PAGE_SIZE: u64 = 512;

/// The first 16 bytes of every plain SQLite database file.
pub(crate) const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Tells a new, a plain and an encrypted database file apart by their first bytes and size.
pub async fn file_state(path: &Path) -> Result<FileState> {
    let header = match read_start(path).await {
        Ok(header) => header,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    if header.is_empty() {
        return Ok(FileState::Missing);
    }
    if header.as_slice() == PLAIN_HEADER {
        return Ok(FileState::Plain);
    }
    let size = tokio::fs::metadata(path)
        .await
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?
        .len();
    Ok(if size >= MIN_PAGE_SIZE && size % MIN_PAGE_SIZE == 0 {
        FileState::Encrypted
    } else {
        FileState::NotADatabase
    })
}

/// The refusal of a file that is no database.
pub fn not_a_database(path: &Path) -> Error {
    Error::Database(format!(
        "{} is not a SQLite database; it was left untouched",
        path.display()
    ))
}

/// The salt SQLCipher keeps in an encrypted file's first 16 bytes, for a key derived from a
/// passphrase.
pub async fn salt_of(path: &Path) -> Result<[u8; SALT_BYTES]> {
    let start = read_start(path)
        .await
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    start
        .as_slice()
        .try_into()
        .map_err(|_| Error::Database(format!("{} is too short to be an encrypted database", path.display())))
}

async fn read_start(path: &Path) -> std::io::Result<Vec<u8>> {
    use tokio::io::AsyncReadExt;
    if tokio::fs::metadata(path).await?.is_dir() {
        return Err(std::io::Error::other("a directory, not a database file"));
    }
    let file = tokio::fs::File::open(path).await?;
    let mut start = Vec::with_capacity(SALT_BYTES);
    file.take(SALT_BYTES as u64).read_to_end(&mut start).await?;
    Ok(start)
}

/// Options for every connection to a database file: the key first (none for a plain file being
/// converted or checked), no statement log, `secure_delete` on.
pub fn options(key: Option<&DatabaseKey>) -> SqliteConnectOptions {
    init_openssl();
    let options = SqliteConnectOptions::new().disable_statement_logging();
    let options = match key {
        Some(key) => options.pragma("key", key.pragma_value().to_string()),
        None => options,
    };
    options.pragma("secure_delete", "ON")
}

/// Initialises the OpenSSL that SQLCipher encrypts with before SQLCipher does, the way
/// `openssl-sys` does it: without OpenSSL's clean-up at exit. With it, a process that ends while
/// a connection's worker thread still closes its database (sqlx closes them on their own threads)
/// frees OpenSSL's state under that thread's feet; CI saw the heap corruption this makes
/// ("corrupted size vs. prev_size") once, at the end of a command.
pub(crate) fn init_openssl() {
    openssl_sys::init();
}

/// SQLCipher reads a page it cannot authenticate as "file is not a database" (`SQLITE_NOTADB`):
/// the key is wrong, or the file is not a database at all.
pub(crate) fn is_wrong_key(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == libsqlite3_sys::SQLITE_NOTADB)
}

/// The refusal of a key that does not open a file.
pub(crate) fn wrong_key(path: &Path) -> Error {
    Error::WrongKey(path.display().to_string())
}

/// The copy a conversion or a key change writes before it replaces the file.
fn staging_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".encrypting");
    PathBuf::from(name)
}

/// Removes the copy of a conversion or key change that was interrupted before its rename: the
/// file at `path` is then still the complete one.
pub(crate) fn discard_unfinished(path: &Path) -> Result<()> {
    let staging = staging_path(path);
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = staging.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => tracing::info!("discarded an unfinished encryption copy"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("cannot remove {}", staging.display()), e)),
        }
    }
    Ok(())
}

/// Rewrites the database at `path`, now readable with `from` (`None`: a plain file), so that only
/// `to` opens it, as the module documentation describes. Nobody else may have the file open.
pub async fn reencrypt(path: &Path, from: Option<&DatabaseKey>, to: &DatabaseKey) -> Result<()> {
    discard_unfinished(path)?;
    let staging = staging_path(path);
    let mut source = super::backup::lock_exclusively(path, from).await?;
    // An empty WAL: one left over with pages of the old file would be read into the new one.
    let exported = match super::backup::checkpoint(&mut source, path).await {
        Ok(()) => export(&mut source, path, &staging, to).await,
        Err(e) => Err(e),
    };
    let counts = match exported {
        Ok(()) => row_counts(&mut source).await.map_err(|e| open_failed(path, e)),
        Err(e) => Err(e),
    };
    source.close().await.ok();
    let outcome = match counts {
        Ok(counts) => verify(&staging, to, &counts).await,
        Err(e) => Err(e),
    };
    if let Err(e) = outcome {
        let _ = discard_unfinished(path);
        return Err(e);
    }
    super::backup::sync_file_and_folder(&staging).await?;
    tokio::fs::rename(&staging, path)
        .await
        .map_err(|e| Error::io(format!("cannot replace {}", path.display()), e))?;
    super::backup::sync_folder_of(path).await?;
    // The checkpointed source left an empty WAL, if any, which belongs to the old file.
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(&name);
    }
    Ok(())
}

/// Encrypts the plain copies an earlier version left next to the database (before a migration
/// or a restore), so that no readable copy stays behind. A copy that fails is named in the log
/// and left as it is.
pub(crate) async fn encrypt_plain_copies(path: &Path, key: &DatabaseKey) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let prefix = format!("{}.before-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let is_copy = file_name.starts_with(&prefix)
            && !file_name.ends_with("-wal")
            && !file_name.ends_with("-shm")
            && !file_name.ends_with(".encrypting");
        if !is_copy || !matches!(file_state(&entry.path()).await, Ok(FileState::Plain)) {
            continue;
        }
        if let Err(e) = reencrypt(&entry.path(), None, key).await {
            tracing::warn!(copy = %entry.path().display(), "cannot encrypt an earlier plain copy: {e}");
        }
    }
}

/// Writes every object and row of `source` into a new file `target` that `key` opens.
async fn export(source: &mut SqliteConnection, shown: &Path, target: &Path, key: &DatabaseKey) -> Result<()> {
    let name = target
        .to_str()
        .ok_or_else(|| Error::Database(format!("{} is not a valid UTF-8 path", target.display())))?;
    crate::private_files::create_new(target)
        .map_err(|e| Error::io(format!("cannot create {}", target.display()), e))?;
    let literal = key.key_literal();
    let exported = async {
        sqlx::query("ATTACH DATABASE ?1 AS encrypted KEY ?2")
            .bind(name)
            .bind(literal.as_str())
            .execute(&mut *source)
            .await?;
        let copied = sqlx::query("SELECT sqlcipher_export('encrypted')")
            .execute(&mut *source)
            .await;
        let detached = sqlx::query("DETACH DATABASE encrypted").execute(&mut *source).await;
        copied?;
        detached?;
        Ok::<_, sqlx::Error>(())
    }
    .await;
    exported.map_err(|e| {
        Error::Database(format!(
            "cannot encrypt {}: {e}; the file was left as it was",
            shown.display()
        ))
    })
}

/// Every table's row count, by name.
async fn row_counts(conn: &mut SqliteConnection) -> std::result::Result<Vec<(String, i64)>, sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(&mut *conn)
        .await?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        // A table name cannot be bound; these come from the file's own schema and are quoted.
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let count: i64 = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
        counts.push((table, count));
    }
    Ok(counts)
}

/// The copy opens with its key, passes SQLite's integrity check and holds as many rows in every
/// table as the source.
async fn verify(staging: &Path, key: &DatabaseKey, expected: &[(String, i64)]) -> Result<()> {
    let failed = |what: String| {
        Error::Database(format!(
            "the encrypted copy {} {what}; the original was left as it was",
            staging.display()
        ))
    };
    let mut conn = options(Some(key))
        .filename(staging)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| failed(format!("cannot be opened: {e}")))?;
    let checked = async {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| failed(format!("cannot be checked: {e}")))?;
        if integrity != "ok" {
            return Err(failed(format!("is damaged: {integrity}")));
        }
        let counts = row_counts(&mut conn)
            .await
            .map_err(|e| failed(format!("cannot be counted: {e}")))?;
        if counts != expected {
            return Err(failed("does not hold the same rows".into()));
        }
        Ok(())
    }
    .await;
    conn.close().await.ok();
    checked
}

fn open_failed(path: &Path, error: sqlx::Error) -> Error {
    Error::Database(format!("cannot read {}: {error}", path.display()))
}
