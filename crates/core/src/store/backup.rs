//! Backups and restores of the database file.
//!
//! A backup is written through SQLite (`VACUUM INTO`), so the WAL's commits are part of it while
//! the app keeps running. A restore trusts nothing in the file it is given:
//!
//! - It is read through SQLite into a staged copy next to the database (a copied app folder's
//!   `-wal` included), and that copy is what gets checked and what gets restored, so what was
//!   verified is what is restored.
//! - The staged copy must pass `PRAGMA integrity_check` and `foreign_key_check`, and its schema
//!   must be exactly the schema this version's migrations create at the backup's schema version:
//!   every table, column, index, trigger and view (FTS shadow tables included), compared as the
//!   `CREATE` text SQLite keeps, and the migration table's versions and checksums. A planted
//!   trigger would otherwise stay live, and an altered migration table would stop the app at its
//!   next start.
//! - The live database is replaced in place, through SQLite's online backup API, by a connection
//!   that holds the file exclusively (`locking_mode=EXCLUSIVE`). That lock cannot be had while any
//!   other connection, of any process, has the database open (in WAL mode every open connection
//!   holds a shared lock on the file), so a restore while the window or an import runs is refused
//!   instead of deleting a WAL under them. A process that opened the file and waits for its lock
//!   while the restore runs sees the restored data afterwards, in the same file: nothing is
//!   renamed over a file someone holds, so no late write can land in an orphaned inode or in a WAL
//!   that belongs to another file. The copy is one write transaction of the live database, so a
//!   crash half-way leaves the old data; a symlinked path is restored into the file it points to.
//! - Before that, with the lock held and the WAL checkpointed (a checkpoint that does not complete
//!   aborts the restore), the current file is copied aside byte for byte as
//!   `<file>.before-restore-<timestamp>` and synced.
//!
//! SQLite's backup functions are not wrapped by sqlx; they are called through the declarations
//! of `libsqlite3-sys`, the crate that bundles the SQLite sqlx links.

use std::collections::BTreeMap;
use std::ffi::{c_char, CStr};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationSource, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqlitePool};
use sqlx::{ConnectOptions, Connection};

use super::encryption::{self, DatabaseKey, FileState};
use super::{inspect_file, key_for, open_error, schema_of, MIGRATOR};
use crate::{Error, Result};

/// How long a restore waits for another connection to let go of the database before it refuses:
/// long enough for a short command to finish, short enough not to look hung next to an open
/// window (whose connections never let go).
const RESTORE_WAIT: Duration = Duration::from_secs(3);

/// The page size of every database this app creates (SQLite's default).
const PAGE_SIZE: i64 = 4096;

/// How many differences a refusal names before it says how many more there are.
const NAMED_DIFFERENCES: usize = 5;

/// Writes a consistent copy of the database behind `pool` to `out`, which must not exist yet, must
/// not be a symbolic link, and must be in an existing folder.
pub(crate) async fn write(pool: &SqlitePool, out: &Path) -> Result<()> {
    if let Ok(metadata) = tokio::fs::symlink_metadata(out).await {
        let what = if metadata.file_type().is_symlink() {
            "is a symbolic link"
        } else {
            "already exists"
        };
        return Err(Error::Database(format!(
            "{} {what}; choose a new file name",
            out.display()
        )));
    }
    let out = absolute_new_file(out).await?;
    vacuum_into(pool, &out, |e| {
        Error::Database(format!("cannot write backup {}: {e}", out.display()))
    })
    .await?;
    sync_file_and_folder(&out).await
}

/// Checks a backup before it replaces anything: a SQLite file that passes `PRAGMA integrity_check`
/// with a schema this version knows. [`restore`] checks more (the schema itself) on its staged copy.
pub async fn verify_backup(path: &Path, key: &DatabaseKey) -> Result<i64> {
    let Some(version) = inspect_file(path, key).await? else {
        return Err(Error::Database(format!("{} is empty or missing", path.display())));
    };
    let options = quiet(key_for(path, key).await?).filename(path).read_only(true);
    let mut conn = options.connect().await.map_err(|e| open_error(path, e))?;
    let checked = check_integrity(&mut conn, path).await;
    conn.close().await.ok();
    checked?;
    if version == 0 {
        return Err(Error::Database(format!(
            "{} is not a Beratungsplaner database",
            path.display()
        )));
    }
    Ok(version)
}

/// Replaces the database at `target` (or the file it links to) with the backup `source`, as the
/// module documentation describes. Returns where the replaced file was kept, if there was one.
/// Refuses, changing nothing, when the backup is damaged or its schema is not this version's, or
/// when another process has the database open. `key` opens the database and the backup (a plain
/// backup of an earlier version needs none); the restored database is encrypted with it.
pub async fn restore(source: &Path, target: &Path, key: &DatabaseKey) -> Result<Option<PathBuf>> {
    if inspect_file(source, key).await?.is_none() {
        return Err(Error::Database(format!("{} is empty or missing", source.display())));
    }
    let real = real_target(target).await?;
    if encryption::file_state(&real).await? == FileState::Plain {
        encryption::reencrypt(&real, None, key).await?;
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    // Unique, so that the guard never removes another restore's staged copy.
    let staged = Staged(with_suffix(
        &real,
        &format!(".restoring-{}", crate::domain::random_token()),
    ));
    stage(source, &staged.0, key).await?;
    check_staged(source, &staged.0, key).await?;

    let mut live = lock_exclusively(&real, Some(key)).await?;
    let outcome = replace(&mut live, &real, &staged.0, &stamp.to_string(), key).await;
    live.close().await.ok();
    let kept = outcome?;
    sync_folder_of(&real).await?;
    Ok(kept)
}

/// The file a restore writes: the target itself, or the file a symbolic link points to.
async fn real_target(target: &Path) -> Result<PathBuf> {
    match tokio::fs::symlink_metadata(target).await {
        Ok(_) => {
            let real = tokio::fs::canonicalize(target)
                .await
                .map_err(|e| Error::io(format!("{} points to a file that cannot be read", target.display()), e))?;
            if tokio::fs::metadata(&real).await.map(|m| m.is_dir()).unwrap_or(false) {
                return Err(Error::Database(format!(
                    "{} is a directory, not a database file",
                    target.display()
                )));
            }
            Ok(real)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => absolute_new_file(target).await,
        Err(e) => Err(Error::io(format!("cannot read {}", target.display()), e)),
    }
}

/// An absolute path for a file to be created: its folder must exist. Absolute, so that SQLite never
/// reads it as a `file:` URI with options.
async fn absolute_new_file(path: &Path) -> Result<PathBuf> {
    let Some(name) = path.file_name() else {
        return Err(Error::Database(format!("{} is not a file name", path.display())));
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let folder = tokio::fs::canonicalize(&folder)
        .await
        .map_err(|e| Error::io(format!("the folder {} cannot be used", folder.display()), e))?;
    Ok(folder.join(name))
}

/// The staged copy, removed (with any side files) however the restore ends.
struct Staged(PathBuf);

impl Drop for Staged {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(with_suffix(&self.0, suffix));
        }
    }
}

/// Copies the backup, its WAL's commits included, through a read-only connection that changes
/// nothing in the backup; a plain backup's copy is then encrypted.
async fn stage(source: &Path, staged: &Path, key: &DatabaseKey) -> Result<()> {
    let source_key = key_for(source, key).await?;
    let options = quiet(source_key).filename(source).read_only(true);
    let mut conn = options.connect().await.map_err(|e| open_error(source, e))?;
    let copied = vacuum_into(&mut conn, staged, |e| {
        Error::Database(format!("cannot read the backup {}: {e}", source.display()))
    })
    .await;
    conn.close().await.ok();
    copied?;
    if source_key.is_none() {
        encryption::reencrypt(staged, None, key).await?;
    }
    // A WAL database's pages cannot be replaced by pages of another size, so the staged copy takes
    // the size every database of this app has (SQLite's default) before anything is checked.
    let mut conn = quiet(Some(key))
        .filename(staged)
        .connect()
        .await
        .map_err(|e| open_error(source, e))?;
    let resized = async {
        let size: i64 = sqlx::query_scalar("SELECT CAST(page_size AS INTEGER) FROM pragma_page_size")
            .fetch_one(&mut conn)
            .await?;
        if size != PAGE_SIZE {
            sqlx::raw_sql(&format!(
                "PRAGMA journal_mode = DELETE; PRAGMA page_size = {PAGE_SIZE}; VACUUM;"
            ))
            .execute(&mut conn)
            .await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    conn.close().await.ok();
    resized.map_err(|e| Error::Database(format!("cannot read the backup {}: {e}", source.display())))
}

/// Everything a backup must pass, checked on the staged copy; errors name the backup.
async fn check_staged(source: &Path, staged: &Path, key: &DatabaseKey) -> Result<()> {
    let refuse = |what: String| Error::Database(format!("{} {what}", source.display()));
    let (version, _) = schema_of(staged, Some(key)).await?;
    if version == 0 {
        return Err(refuse("is not a Beratungsplaner database".into()));
    }
    let options = quiet(Some(key)).filename(staged).read_only(true);
    let mut conn = options.connect().await.map_err(|e| open_error(source, e))?;
    let checked = async {
        check_integrity(&mut conn, source).await?;
        let broken: Option<String> = sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1")
            .fetch_optional(&mut conn)
            .await?;
        if let Some(table) = broken {
            return Err(refuse(format!(
                "is damaged: rows of table {table:?} point to rows that do not exist"
            )));
        }
        let differences = schema_differences(&mut conn, version).await?;
        if differences.is_empty() {
            Ok(())
        } else {
            Err(refuse(format!(
                "does not match this version's schema: {}",
                name_differences(&differences)
            )))
        }
    }
    .await;
    conn.close().await.ok();
    checked
}

async fn check_integrity(conn: &mut SqliteConnection, shown: &Path) -> Result<()> {
    let result: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| open_error(shown, e))?;
    if result != "ok" {
        return Err(Error::Database(format!("{} is damaged: {result}", shown.display())));
    }
    Ok(())
}

/// One schema object as SQLite keeps it: its kind and name, and the `CREATE` text (none for the
/// indexes SQLite makes itself for `UNIQUE` and `PRIMARY KEY`).
type Objects = BTreeMap<(String, String), Option<String>>;

/// What differs between the database behind `conn` and the schema this version's migrations
/// create up to `version`, in words.
async fn schema_differences(conn: &mut SqliteConnection, version: i64) -> Result<Vec<String>> {
    let mut reference = reference_schema(version).await?;
    let result = async {
        let mut differences = object_differences(
            &objects(&mut *conn).await?,
            &objects(&mut reference).await?,
            &mut *conn,
            &mut reference,
        )
        .await?;
        differences.extend(migration_differences(&mut *conn, version).await?);
        Ok(differences)
    }
    .await;
    reference.close().await.ok();
    result
}

/// A private in-memory database migrated up to `version` by the embedded migrator.
async fn reference_schema(version: i64) -> Result<SqliteConnection> {
    let options = quiet(None).in_memory(true);
    let mut conn = options.connect().await?;
    let migrator = Migrator::new(UpTo(version))
        .await
        .map_err(|e| Error::Database(format!("migrations unavailable: {e}")))?;
    migrator
        .run_direct(&mut conn)
        .await
        .map_err(|e| Error::Database(format!("migration failed: {e}")))?;
    Ok(conn)
}

/// The embedded migrations up to a version.
#[derive(Debug)]
struct UpTo(i64);

type Resolved = std::result::Result<Vec<Migration>, Box<dyn std::error::Error + Send + Sync>>;

impl MigrationSource<'static> for UpTo {
    fn resolve(self) -> Pin<Box<dyn Future<Output = Resolved> + Send + 'static>> {
        let migrations = MIGRATOR.iter().filter(|m| m.version <= self.0).cloned().collect();
        Box::pin(async move { Ok(migrations) })
    }
}

async fn objects(conn: &mut SqliteConnection) -> Result<Objects> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as("SELECT type, name, sql FROM sqlite_master")
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(kind, name, sql)| ((kind, name), sql)).collect())
}

/// Names are written with escapes (`{:?}`): a planted name holding a line break must not break the
/// refusal's one line.
async fn object_differences(
    found: &Objects,
    expected: &Objects,
    conn: &mut SqliteConnection,
    reference: &mut SqliteConnection,
) -> Result<Vec<String>> {
    let mut differences = Vec::new();
    for ((kind, name), sql) in found {
        match expected.get(&(kind.clone(), name.clone())) {
            None => differences.push(format!("extra {} {name:?}", kind.escape_debug())),
            Some(want) if want != sql => {
                let detail = if kind == "table" {
                    column_differences(name, conn, reference).await?
                } else {
                    String::new()
                };
                differences.push(format!(
                    "{} {name:?} is defined differently{detail}",
                    kind.escape_debug()
                ));
            }
            Some(_) => {}
        }
    }
    for (kind, name) in expected.keys() {
        if !found.contains_key(&(kind.clone(), name.clone())) {
            differences.push(format!("missing {} {name:?}", kind.escape_debug()));
        }
    }
    Ok(differences)
}

/// Which columns of a table differ (name, type, not null, default, primary key), for the message.
async fn column_differences(
    table: &str,
    conn: &mut SqliteConnection,
    reference: &mut SqliteConnection,
) -> Result<String> {
    let query = "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)";
    type Column = (String, String, i64, Option<String>, i64);
    let found: Vec<Column> = sqlx::query_as(query).bind(table).fetch_all(conn).await?;
    let expected: Vec<Column> = sqlx::query_as(query).bind(table).fetch_all(reference).await?;
    let mut names = Vec::new();
    for column in &found {
        match expected.iter().find(|c| c.0 == column.0) {
            None => names.push(format!("extra column {:?}", column.0)),
            Some(want) if want != column => names.push(format!("column {:?} differs", column.0)),
            Some(_) => {}
        }
    }
    for column in &expected {
        if !found.iter().any(|c| c.0 == column.0) {
            names.push(format!("missing column {:?}", column.0));
        }
    }
    Ok(if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    })
}

/// The migration table must list exactly the embedded migrations up to `version`, each applied
/// successfully with the same checksum: sqlx refuses to start otherwise.
async fn migration_differences(conn: &mut SqliteConnection, version: i64) -> Result<Vec<String>> {
    let applied: Vec<(i64, String, bool, Vec<u8>)> =
        sqlx::query_as("SELECT version, description, success, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(conn)
            .await?;
    let mut differences = Vec::new();
    for (number, description, success, checksum) in &applied {
        match MIGRATOR.iter().find(|m| m.version == *number) {
            Some(_) if !success => differences.push(format!("migration {number} did not complete")),
            Some(m) if m.checksum.as_ref() != checksum.as_slice() => {
                differences.push(format!("migration {number} has another checksum"))
            }
            Some(m) if m.description != *description => {
                differences.push(format!("migration {number} has another description"))
            }
            Some(_) => {}
            None => differences.push(format!("unknown migration {number}")),
        }
    }
    for m in MIGRATOR.iter().filter(|m| m.version <= version) {
        if !applied.iter().any(|a| a.0 == m.version) {
            differences.push(format!("missing migration {}", m.version));
        }
    }
    Ok(differences)
}

fn name_differences(differences: &[String]) -> String {
    let mut named = differences[..differences.len().min(NAMED_DIFFERENCES)].join("; ");
    if differences.len() > NAMED_DIFFERENCES {
        named.push_str(&format!("; and {} more", differences.len() - NAMED_DIFFERENCES));
    }
    named
}

/// A connection that holds the database file exclusively until it is closed, or a refusal when
/// another connection has it open.
pub(super) async fn lock_exclusively(real: &Path, key: Option<&DatabaseKey>) -> Result<SqliteConnection> {
    let options = quiet(key)
        .filename(real)
        .create_if_missing(true)
        .busy_timeout(RESTORE_WAIT)
        .pragma("locking_mode", "EXCLUSIVE")
        .pragma("synchronous", "FULL");
    let mut conn = options.connect().await.map_err(|e| {
        if is_busy(&e) {
            in_use()
        } else {
            cannot_replace(real, &e)
        }
    })?;
    // The first write takes the locks and, in exclusive mode, keeps them.
    let locked = sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await;
    let locked = match locked {
        Ok(_) => sqlx::query("COMMIT").execute(&mut conn).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match locked {
        Ok(()) => Ok(conn),
        Err(e) => {
            conn.close().await.ok();
            Err(if is_busy(&e) {
                in_use()
            } else {
                cannot_replace(real, &e)
            })
        }
    }
}

/// A file SQLite cannot open as a database (damaged beyond its header, or another kind of file) is
/// not overwritten: the user moves it away, so nothing is lost without a decision.
fn cannot_replace(real: &Path, error: &sqlx::Error) -> Error {
    Error::Database(format!(
        "{} cannot be opened as a database ({error}); move it elsewhere and restore again",
        real.display()
    ))
}

fn is_busy(error: &sqlx::Error) -> bool {
    let code = error
        .as_database_error()
        .and_then(|e| e.code())
        .and_then(|code| code.parse::<i32>().ok());
    // SQLITE_BUSY and SQLITE_LOCKED with their extended codes.
    matches!(code.map(|c| c & 0xff), Some(5 | 6))
}

fn in_use() -> Error {
    Error::conflict(
        "Die Datenbank wird von einem anderen Beratungsplaner benutzt (dem Fenster oder einem Befehl); schließen Sie ihn und versuchen Sie es erneut.",
        "the database is in use by another Beratungsplaner (the window or a command); close it and try again",
    )
}

/// With the lock held: checkpoint, keep the current file aside, copy the staged backup in.
async fn replace(
    live: &mut SqliteConnection,
    real: &Path,
    staged: &Path,
    stamp: &str,
    key: &DatabaseKey,
) -> Result<Option<PathBuf>> {
    checkpoint(live, real).await?;
    let objects: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut *live)
        .await
        .map_err(|e| cannot_replace(real, &e))?;
    // A file this restore just created holds nothing to keep.
    let kept = if objects > 0 {
        Some(keep_aside(real, stamp).await?)
    } else {
        None
    };
    let options = quiet(Some(key)).filename(staged).read_only(true);
    let mut source = options.connect().await.map_err(|e| open_error(staged, e))?;
    let copied = copy_pages(&mut source, live).await;
    source.close().await.ok();
    copied.map_err(|e| {
        // The failed copy was rolled back: the live file is as it was, and the kept copy is not
        // needed.
        if let Some(kept) = &kept {
            let _ = std::fs::remove_file(kept);
        }
        Error::Database(format!(
            "cannot restore into {}: {e}; nothing was changed",
            real.display()
        ))
    })?;
    checkpoint(live, real).await?;
    Ok(kept)
}

/// Folds the WAL into the file; anything short of a complete checkpoint aborts.
pub(super) async fn checkpoint(live: &mut SqliteConnection, real: &Path) -> Result<()> {
    let (busy, _log, _done): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut *live)
        .await
        .map_err(|e| Error::Database(format!("cannot checkpoint {}: {e}", real.display())))?;
    if busy != 0 {
        return Err(in_use());
    }
    Ok(())
}

/// Copies the checkpointed file byte for byte to `<file>.before-restore-<stamp>` and syncs it.
async fn keep_aside(real: &Path, stamp: &str) -> Result<PathBuf> {
    let kept = with_suffix(real, &format!(".before-restore-{stamp}"));
    let (from, to) = (real.to_owned(), kept.clone());
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        let mut reader = std::fs::File::open(&from)?;
        let mut writer = crate::private_files::create_new(&to)?;
        std::io::copy(&mut reader, &mut writer)?;
        writer.sync_all()
    })
    .await
    .map_err(|e| Error::Database(format!("cannot keep {}: {e}", kept.display())))?
    .map_err(|e| Error::io(format!("cannot keep {}", kept.display()), e))?;
    sync_folder_of(&kept).await?;
    Ok(kept)
}

/// Copies every page of `source` into `dest` in one step, which is one write transaction of
/// `dest`. SQLite's online backup API, through the `libsqlite3-sys` that sqlx links: sqlx has no
/// wrapper for it, and `VACUUM INTO` cannot write into a file that exists.
async fn copy_pages(source: &mut SqliteConnection, dest: &mut SqliteConnection) -> Result<()> {
    use libsqlite3_sys::{sqlite3_backup_finish, sqlite3_backup_init, sqlite3_backup_step, sqlite3_errmsg};
    let mut source = source.lock_handle().await?;
    let mut dest = dest.lock_handle().await?;
    let source = source.as_raw_handle().as_ptr();
    let dest = dest.as_raw_handle().as_ptr();
    let main: *const c_char = c"main".as_ptr();
    // SAFETY: both handles are open connections, locked for the duration of this block so no other
    // thread uses them; the backup object is finished before the block ends; the strings SQLite
    // returns are copied before any further call.
    let failure = unsafe {
        let backup = sqlite3_backup_init(dest, main, source, main);
        if backup.is_null() {
            Some(message(sqlite3_errmsg(dest)))
        } else {
            let step = sqlite3_backup_step(backup, -1);
            let finish = sqlite3_backup_finish(backup);
            if step != libsqlite3_sys::SQLITE_DONE {
                Some(message(libsqlite3_sys::sqlite3_errstr(step)))
            } else if finish != libsqlite3_sys::SQLITE_OK {
                Some(message(sqlite3_errmsg(dest)))
            } else {
                None
            }
        }
    };
    failure.map_or(Ok(()), |e| Err(Error::Database(e)))
}

/// # Safety
/// `text` is null or a NUL-terminated string that stays valid during the call.
unsafe fn message(text: *const c_char) -> String {
    if text.is_null() {
        "unknown SQLite error".into()
    } else {
        CStr::from_ptr(text).to_string_lossy().into_owned()
    }
}

/// Connection options with the key (none for a plain file) and without sqlx's statement log:
/// that log would print the key pragma, and waiting for the lock or copying a large file would
/// print a "slow statement" warning next to the command's one line.
fn quiet(key: Option<&DatabaseKey>) -> SqliteConnectOptions {
    encryption::options(key)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes a consistent copy of the database `executor` reads into `target`, a new file, with
/// `VACUUM INTO`. The file is created first, private (`private_files`): SQLite would create it
/// readable by everyone, and `VACUUM INTO` accepts an empty file. `failed` words SQLite's refusal.
pub(super) async fn vacuum_into<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Sqlite>,
    target: &Path,
    failed: impl FnOnce(sqlx::Error) -> Error,
) -> Result<()> {
    let name = utf8(target)?;
    crate::private_files::create_new(target)
        .map_err(|e| Error::io(format!("cannot create {}", target.display()), e))?;
    if let Err(e) = sqlx::query("VACUUM INTO ?1").bind(name).execute(executor).await {
        let _ = std::fs::remove_file(target);
        return Err(failed(e));
    }
    Ok(())
}

fn utf8(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| Error::Database(format!("{} is not a valid UTF-8 path", path.display())))
}

pub(super) async fn sync_file_and_folder(path: &Path) -> Result<()> {
    let file = path.to_owned();
    tokio::task::spawn_blocking(move || std::fs::File::open(&file)?.sync_all())
        .await
        .map_err(|e| Error::Database(format!("cannot sync {}: {e}", path.display())))?
        .map_err(|e| Error::io(format!("cannot sync {}", path.display()), e))?;
    sync_folder_of(path).await
}

/// Makes a new or replaced name in a folder durable.
pub(super) async fn sync_folder_of(path: &Path) -> Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        // A bare file name lives in the working folder.
        _ => PathBuf::from("."),
    };
    let shown = folder.display().to_string();
    tokio::task::spawn_blocking(move || std::fs::File::open(&folder)?.sync_all())
        .await
        .map_err(|e| Error::Database(format!("cannot sync {shown}: {e}")))?
        .map_err(|e| Error::io(format!("cannot sync {shown}"), e))
}
