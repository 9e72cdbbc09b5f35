//! The SQLite store: opening the file safely, migrations, backup and restore, and one repository
//! module per aggregate. This is the only place with SQL.
//!
//! Reads are generic over the executor; writes take the caller's transaction, so the service
//! decides what is atomic. Write transactions start with `BEGIN IMMEDIATE`: a deferred transaction
//! that reads before it writes cannot upgrade its lock when another writer committed meanwhile,
//! and SQLite reports that at once instead of waiting for the busy timeout.

pub mod access_report;
pub mod activity_report;
pub mod appointments;
pub mod audit;
mod backup;
pub mod bookings;
pub mod caldav;
pub mod cases;
pub(crate) mod constraints;
pub mod contacts;
pub mod duplicates;
pub mod encryption;
pub mod erasure;
pub mod events;
pub mod instant;
pub mod journal;
pub mod municipalities;
pub mod network;
pub mod retention;
pub mod series;
pub mod settings;
pub mod tasks;
pub mod team;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::{Error, Result};

pub use backup::{restore, verify_backup};
pub use encryption::{DatabaseKey, FileState};

/// The migrations, embedded in the binary and applied at every start.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// A write transaction.
pub type Tx = Transaction<'static, Sqlite>;

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The page cache of the one connection, in KiB (SQLite's `cache_size` takes negative numbers as
/// KiB). SQLCipher decrypts and authenticates a page each time it enters the cache; SQLite's
/// default of 2 MiB is smaller than the indexes the activity report walks on 10,000 cases (about
/// 6 MiB), so every report decrypted them again. 16 MiB holds them with room to spare (64 MiB
/// measured no faster) and keeps a bulk import's memory bounded.
pub const PAGE_CACHE_KIB: i64 = 16 * 1024;

/// The opened database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: Option<PathBuf>,
}

/// The newest schema version this build knows.
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

impl Store {
    /// Opens (or creates) the database file with its key: refusing a key that does not open it,
    /// files that are not Beratungsplaner's or were written by a newer schema; encrypting a plain
    /// file of an earlier version (see [`encryption`]); copying the file aside before a migration
    /// changes it; then migrating.
    pub async fn open(path: &Path, key: &DatabaseKey) -> Result<Self> {
        encryption::discard_unfinished(path)?;
        if encryption::file_state(path).await? == FileState::Plain {
            // Checked before anything is rewritten: another program's file stays as it is.
            inspect_file(path, key).await?;
            encryption::reencrypt(path, None, key).await?;
            tracing::info!("encrypted the database of an earlier version");
        }
        encryption::encrypt_plain_copies(path, key).await;
        let existing = inspect_file(path, key).await?;
        if let Some(version) = existing {
            let latest = latest_schema_version();
            if version < latest && version > 0 {
                copy_aside(path, version, key).await?;
            }
        }
        make_private(path)?;
        Self::connect(path, Some(key)).await
    }

    /// Opens (or creates) a database file WITHOUT encryption. Only the benchmarks call it, to
    /// measure what the encryption costs against the same work on a plain file; the app, the CLI
    /// and the tests never do.
    #[doc(hidden)]
    pub async fn open_plain_for_benchmarks(path: &Path) -> Result<Self> {
        Self::connect(path, None).await
    }

    /// The pool on `path` (encrypted with `key`, if one), migrated.
    async fn connect(path: &Path, key: Option<&DatabaseKey>) -> Result<Self> {
        let options = encryption::options(key)
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("cache_size", (-PAGE_CACHE_KIB).to_string());
        // One connection. SQLCipher decrypts a page once into the cache of the connection that
        // reads it, and in WAL mode a commit on any other connection empties that cache: with a
        // pool of four, every read after a write (an export after the previous export's audit
        // record) decrypted its pages anew and took 1.4× the plain file's time. One connection
        // keeps its pages across its own writes. Callers queue for it; no read holds it long, and
        // SQLite lets only one writer in at a time anyway.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| Error::Database(format!("migration failed: {e}")))?;
        Ok(Self {
            pool,
            path: Some(path.to_owned()),
        })
    }

    /// A private in-memory database with all migrations, for tests and benchmarks.
    pub async fn in_memory() -> Result<Self> {
        encryption::init_openssl();
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        // One connection: every connection to `:memory:` would be its own database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| Error::Database(format!("migration failed: {e}")))?;
        Ok(Self { pool, path: None })
    }

    /// The pool, for reads.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The database file, unless in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE`).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Writes a consistent copy of the live database to `out`: a new file (not a symbolic link) in
    /// an existing folder, synced before this returns.
    pub async fn backup(&self, out: &Path) -> Result<()> {
        backup::write(&self.pool, out).await
    }

    /// Folds the WAL into the database file and closes the pool, so that the file alone is complete
    /// (the pool's connections finish closing on their worker threads, possibly after the process
    /// has moved on or exited).
    pub async fn close(&self) {
        if self.path.is_some() {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await {
                tracing::warn!("checkpoint before close failed: {e}");
            }
        }
        self.pool.close().await;
    }
}

/// Creates a new database file private, or makes an existing one (and its WAL and shared-memory
/// files, which SQLite creates with the database file's mode) private if an older version left it
/// readable by others.
fn make_private(path: &Path) -> Result<()> {
    let private = || -> std::io::Result<()> {
        match crate::private_files::create_new(path) {
            Ok(_) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            // A missing folder: SQLite's own refusal says it as before.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            crate::private_files::restrict(Path::new(&name))?;
        }
        Ok(())
    };
    private().map_err(|e| Error::io(format!("cannot make {} private", path.display()), e))
}

/// The key a file is read with: none for a plain file, else `key`.
async fn key_for<'k>(path: &Path, key: &'k DatabaseKey) -> Result<Option<&'k DatabaseKey>> {
    match encryption::file_state(path).await? {
        FileState::Plain => Ok(None),
        FileState::Missing | FileState::Encrypted => Ok(Some(key)),
        FileState::NotADatabase => Err(encryption::not_a_database(path)),
    }
}

/// Checks a file before anything opens it for writing. `Ok(None)`: no file or an empty one (a new
/// database); `Ok(Some(version))`: a SQLite database, plain or opened by `key`, at that schema
/// version (0 when it has none).
async fn inspect_file(path: &Path, key: &DatabaseKey) -> Result<Option<i64>> {
    let metadata = match tokio::fs::metadata(path).await {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    if metadata.is_dir() {
        return Err(Error::Database(format!(
            "{} is a directory, not a database file",
            path.display()
        )));
    }
    if metadata.len() == 0 {
        return Ok(None);
    }
    let (version, tables) = schema_of(path, key_for(path, key).await?).await?;
    if version == 0 && tables > 0 {
        return Err(Error::Database(format!(
            "{} is a SQLite database of another program; it was left untouched",
            path.display()
        )));
    }
    let latest = latest_schema_version();
    if version > latest {
        return Err(Error::Database(format!(
            "{} was written by a newer version of Beratungsplaner (schema {version}, this version knows up to {latest}); please update the app",
            path.display()
        )));
    }
    Ok(Some(version))
}

/// The highest applied migration of a database file (plain, or opened by `key`), read through a
/// read-only connection that changes nothing in the file.
pub async fn schema_version_of(path: &Path, key: &DatabaseKey) -> Result<i64> {
    Ok(schema_of(path, key_for(path, key).await?).await?.0)
}

/// The highest applied migration and the number of tables of a database file.
async fn schema_of(path: &Path, key: Option<&DatabaseKey>) -> Result<(i64, i64)> {
    let options = encryption::options(key)
        .filename(path)
        .read_only(true)
        .pragma("query_only", "ON");
    let mut conn = sqlx::ConnectOptions::connect(&options)
        .await
        .map_err(|e| open_error(path, e))?;
    let has_table: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_optional(&mut conn)
            .await
            .map_err(|e| open_error(path, e))?;
    let version = if has_table.is_some() {
        sqlx::query_scalar::<_, Option<i64>>("SELECT max(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| open_error(path, e))?
            .unwrap_or(0)
    } else {
        0
    };
    let tables: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| open_error(path, e))?;
    sqlx::Connection::close(conn).await.ok();
    Ok((version, tables))
}

fn open_error(path: &Path, error: sqlx::Error) -> Error {
    if encryption::is_wrong_key(&error) {
        return encryption::wrong_key(path);
    }
    Error::Database(format!("cannot open {}: {error}", path.display()))
}

/// Copies the file aside before a migration changes it: `<file>.before-schema-<N>-<timestamp>`.
async fn copy_aside(path: &Path, version: i64, key: &DatabaseKey) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".before-schema-{version}-{stamp}"));
    let target = PathBuf::from(name);
    // Through SQLite, so that a WAL file's content is part of the copy, which SQLCipher encrypts
    // with the same key.
    let source = encryption::options(Some(key)).filename(path).read_only(true);
    let mut conn = sqlx::ConnectOptions::connect(&source)
        .await
        .map_err(|e| open_error(path, e))?;
    let copied = backup::vacuum_into(&mut conn, &target, |e| {
        Error::Database(format!("cannot copy {} aside before migrating: {e}", path.display()))
    })
    .await;
    sqlx::Connection::close(conn).await.ok();
    copied?;
    tracing::info!(target = %target.display(), "copied database aside before migrating");
    Ok(target)
}

/// Test fixtures shared by the repository tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::{NaiveDate, NaiveTime};

    use super::Tx;
    use crate::domain::{CaseInput, FederalState, Priority, RecurrenceKind, SeriesInput, ValidMunicipality};

    /// A weekly consultation hour on Tuesdays 9–12 from 3 March 2026 (slots of 30 minutes).
    pub fn weekly_series(municipality_id: i64) -> SeriesInput {
        SeriesInput {
            title: "Sprechstunde Nord".into(),
            municipality_id,
            neighbourhood_id: None,
            location: Some("Rathaus".into()),
            online_url: None,
            advisor: "Miriam Albers".into(),
            time_zone: "Europe/Berlin".into(),
            recurrence: RecurrenceKind::Weekly,
            interval_weeks: 1,
            weekdays: vec![2],
            nth: 1,
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 3).expect("date"),
            until_on: None,
            count: None,
            window_start: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
            window_end: NaiveTime::from_hms_opt(12, 0, 0).expect("time"),
            slot_minutes: 30,
            buffer_minutes: 0,
            skip_holidays: true,
            exceptions: vec![],
        }
    }

    /// Inserts a municipality in Hessen.
    pub async fn municipality(tx: &mut Tx, name: &str) -> i64 {
        let valid = ValidMunicipality {
            name: name.into(),
            state: FederalState::HE,
            ags: None,
        };
        super::municipalities::insert(tx, &valid).await.expect("municipality")
    }

    /// A plain case input for Miriam Albers.
    pub fn case_input(municipality_id: i64, title: &str, opened_on: NaiveDate) -> CaseInput {
        CaseInput {
            title: title.into(),
            summary: String::new(),
            priority: Priority::Normal,
            municipality_id: Some(municipality_id),
            neighbourhood_id: None,
            advisor: "Miriam Albers".into(),
            opened_on: Some(opened_on),
            closed_on: None,
            next_step: None,
            next_step_due: None,
            topics: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DatabaseKey {
        DatabaseKey::from_bytes([7; 32])
    }

    #[tokio::test]
    async fn refuses_a_file_that_is_not_sqlite_and_leaves_it_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notes.db");
        std::fs::write(&path, b"meine Notizen, keine Datenbank\n").expect("write");
        let err = Store::open(&path, &key()).await.expect_err("must refuse");
        assert!(err.to_string().contains("not a SQLite database"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), b"meine Notizen, keine Datenbank\n");
    }

    #[tokio::test]
    async fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("new.db");
        let store = Store::open(&path, &key()).await.expect("open");
        sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0)")
            .execute(store.pool())
            .await
            .expect("insert");
        // Fold the WAL in now: the pool's connections close on their worker threads a moment later.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await
            .expect("checkpoint");
        store.close().await;
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path, &key()).await.expect_err("must refuse");
        assert!(err.to_string().contains("newer version"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[tokio::test]
    async fn refuses_another_programs_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.db");
        let options = SqliteConnectOptions::new().filename(&path).create_if_missing(true);
        let mut conn = sqlx::ConnectOptions::connect(&options).await.expect("connect");
        sqlx::query("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
            .execute(&mut conn)
            .await
            .expect("create");
        sqlx::Connection::close(conn).await.expect("close");
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path, &key()).await.expect_err("must refuse");
        assert!(err.to_string().contains("another program"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }

    #[tokio::test]
    async fn a_copy_aside_holds_everything_including_the_wal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("live.db");
        let store = Store::open(&path, &key()).await.expect("open");
        sqlx::query("INSERT INTO settings (key, value) VALUES ('advisor', 'Aylin Demir')")
            .execute(store.pool())
            .await
            .expect("insert");
        // The row is still only in the WAL while the pool is open.
        let copy = copy_aside(&path, 1, &key()).await.expect("copy aside");
        assert!(copy.to_string_lossy().contains(".before-schema-1-"));
        assert_eq!(
            verify_backup(&copy, &key()).await.expect("verify"),
            latest_schema_version()
        );
        let copied = Store::open(&copy, &key()).await.expect("open copy");
        let value: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'advisor'")
            .fetch_one(copied.pool())
            .await
            .expect("select");
        assert_eq!(value, "Aylin Demir");
    }

    #[tokio::test]
    async fn pragmas_are_set() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("p.db"), &key()).await.expect("open");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(store.pool())
            .await
            .expect("q");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(store.pool())
            .await
            .expect("q");
        let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(store.pool())
            .await
            .expect("q");
        let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
            .fetch_one(store.pool())
            .await
            .expect("q");
        assert_eq!((mode.as_str(), fk), ("wal", 1));
        assert!(timeout >= 5000);
        assert_eq!(cache, -PAGE_CACHE_KIB);
    }

    #[tokio::test]
    async fn backup_and_restore_round_trip() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.db");
        let store = Store::open(&path, &key()).await.expect("open");
        sqlx::query("INSERT INTO settings (key, value) VALUES ('advisor', 'Miriam Albers')")
            .execute(store.pool())
            .await
            .expect("insert");
        let backup = dir.path().join("backup.db");
        store.backup(&backup).await.expect("backup");
        sqlx::query("UPDATE settings SET value = 'changed'")
            .execute(store.pool())
            .await
            .expect("update");
        store.close().await;
        let kept = restore(&backup, &path, &key()).await.expect("restore").expect("kept");
        assert!(kept.exists());
        let store = Store::open(&path, &key()).await.expect("reopen");
        let value: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'advisor'")
            .fetch_one(store.pool())
            .await
            .expect("select");
        assert_eq!(value, "Miriam Albers");
    }
}
