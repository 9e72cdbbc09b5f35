//! Restoring backups into real database files: a backup's WAL is restored with it, a backup whose
//! schema is not this version's is refused with the live file left byte for byte as it was, a
//! database another connection holds is refused, and a symlinked path is restored into the file it
//! points to.

#[path = "support/older_schema.rs"]
mod older_schema;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use beratungsplaner_core::store::{self, Store};
use beratungsplaner_core::Error;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

/// Opens a database, stores `advisor = value` and closes it, waiting until the last connection
/// has removed the WAL (a generous safety bound, not a timing assertion).
async fn database(path: &Path, value: &str) {
    let store = Store::open(path, &test_key()).await.expect("open");
    sqlx::query("INSERT OR REPLACE INTO settings (key, value) VALUES ('advisor', ?1)")
        .bind(value)
        .execute(store.pool())
        .await
        .expect("insert");
    store.close().await;
    settle(path).await;
}

async fn settle(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while side(path, "-wal").exists() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

async fn raw(path: &Path) -> SqliteConnection {
    store::encryption::options(Some(&test_key()))
        .filename(path)
        .connect()
        .await
        .expect("connect")
}

async fn advisor(path: &Path) -> Option<String> {
    let options = store::encryption::options(Some(&test_key()))
        .filename(path)
        .read_only(true);
    let mut conn = options.connect().await.expect("connect");
    let value = sqlx::query_scalar("SELECT value FROM settings WHERE key = 'advisor'")
        .fetch_optional(&mut conn)
        .await
        .expect("select");
    conn.close().await.expect("close");
    value
}

/// A backup made by the app, then changed by `tamper` (SQL run on it directly).
async fn tampered_backup(dir: &Path, name: &str, tamper: &str) -> PathBuf {
    let source = dir.join(format!("{name}-source.db"));
    database(&source, "Backup").await;
    let backup = dir.join(format!("{name}.db"));
    let store = Store::open(&source, &test_key()).await.expect("open");
    store.backup(&backup).await.expect("backup");
    store.close().await;
    let mut conn = raw(&backup).await;
    sqlx::raw_sql(tamper).execute(&mut conn).await.expect("tamper");
    conn.close().await.expect("close");
    backup
}

/// The bytes of the database file and its side files.
fn snapshot(path: &Path) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| std::fs::read(side(path, suffix)).ok())
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn assert_refused(tamper: &str, expected: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live.db");
    database(&live, "Live").await;
    let backup = tampered_backup(dir.path(), "backup", tamper).await;
    let before = snapshot(&live);
    let listing = files_in(dir.path());
    let err = store::restore(&backup, &live, &test_key())
        .await
        .expect_err("must refuse");
    let message = err.to_string();
    assert!(
        message.contains("does not match this version's schema") && message.contains(expected),
        "{tamper}: {message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    assert_eq!(snapshot(&live), before, "{tamper}: the live database changed");
    assert_eq!(files_in(dir.path()), listing, "{tamper}: files were left behind");
    assert_eq!(advisor(&live).await.as_deref(), Some("Live"));
}

#[tokio::test]
async fn a_planted_trigger_is_refused() {
    assert_refused(
        "CREATE TRIGGER steal_token AFTER INSERT ON settings BEGIN \
         UPDATE settings SET value = 'known' WHERE key = 'feed_token'; END;",
        "extra trigger \"steal_token\"",
    )
    .await;
    assert_refused(
        "CREATE TRIGGER \"a\nb\" AFTER INSERT ON settings BEGIN SELECT 1; END;",
        "extra trigger \"a\\nb\"",
    )
    .await;
}

#[tokio::test]
async fn a_missing_index_is_refused() {
    assert_refused("DROP INDEX cases_updated;", "missing index \"cases_updated\"").await;
}

#[tokio::test]
async fn an_altered_migration_table_is_refused() {
    assert_refused(
        "UPDATE _sqlx_migrations SET checksum = x'00' WHERE version = 1;",
        "migration 1 has another checksum",
    )
    .await;
    assert_refused(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (0, 'planted', 1, x'00', 0);",
        "unknown migration 0",
    )
    .await;
    assert_refused("DELETE FROM _sqlx_migrations WHERE version = 2;", "missing migration 2").await;
    assert_refused(
        "UPDATE _sqlx_migrations SET success = 0 WHERE version = 2;",
        "migration 2 did not complete",
    )
    .await;
}

#[tokio::test]
async fn a_replaced_table_is_refused() {
    assert_refused(
        "DROP TABLE settings; CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT, note TEXT);",
        "table \"settings\" is defined differently (column \"value\" differs, extra column \"note\")",
    )
    .await;
}

#[tokio::test]
async fn an_extra_view_table_or_statistics_are_refused() {
    assert_refused("CREATE VIEW leak AS SELECT value FROM settings;", "extra view \"leak\"").await;
    assert_refused("CREATE TABLE notes (id INTEGER);", "extra table \"notes\"").await;
    assert_refused("ANALYZE;", "extra table \"sqlite_stat1\"").await;
}

#[tokio::test]
async fn a_changed_search_index_definition_is_refused() {
    assert_refused(
        "DROP TRIGGER contact_search_delete; CREATE TRIGGER contact_search_delete AFTER DELETE ON contacts \
         BEGIN SELECT 1; END;",
        "trigger \"contact_search_delete\" is defined differently",
    )
    .await;
}

#[tokio::test]
async fn a_backup_whose_last_commits_are_in_its_wal_is_restored_with_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = dir.path().join("app");
    let copied = dir.path().join("copied");
    let main_only = dir.path().join("main-only");
    for folder in [&app, &copied, &main_only] {
        std::fs::create_dir(folder).expect("mkdir");
    }
    let running = app.join("beratungsplaner.db");
    let store = Store::open(&running, &test_key()).await.expect("open");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(store.pool())
        .await
        .expect("checkpoint the migrations");
    sqlx::query("INSERT INTO settings (key, value) VALUES ('advisor', 'Only in the WAL')")
        .execute(store.pool())
        .await
        .expect("insert");
    // `cp db db-wal backupdir/` while the app runs.
    let backup = copied.join("beratungsplaner.db");
    std::fs::copy(&running, &backup).expect("copy db");
    std::fs::copy(side(&running, "-wal"), side(&backup, "-wal")).expect("copy wal");
    std::fs::copy(&running, main_only.join("beratungsplaner.db")).expect("copy db alone");
    store.close().await;
    assert!(std::fs::metadata(side(&backup, "-wal")).expect("wal").len() > 0);
    assert_eq!(
        advisor(&main_only.join("beratungsplaner.db")).await,
        None,
        "the commit must be only in the WAL for this test to mean anything"
    );

    let live = dir.path().join("live.db");
    database(&live, "Live").await;
    let kept = store::restore(&backup, &live, &test_key())
        .await
        .expect("restore")
        .expect("kept");
    assert_eq!(advisor(&live).await.as_deref(), Some("Only in the WAL"));
    assert_eq!(advisor(&kept).await.as_deref(), Some("Live"));
    let store = Store::open(&live, &test_key())
        .await
        .expect("the app starts on the restored file");
    store.close().await;
}

#[tokio::test]
async fn a_symlinked_database_is_restored_into_the_file_it_points_to() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let profile = dir.path().join("profile");
    std::fs::create_dir(&data).expect("mkdir");
    std::fs::create_dir(&profile).expect("mkdir");
    let real = data.join("real.db");
    database(&real, "Live").await;
    let link = profile.join("beratungsplaner.db");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let backup = tampered_backup(dir.path(), "backup", "UPDATE settings SET value = 'Restored';").await;

    let kept = store::restore(&backup, &link, &test_key())
        .await
        .expect("restore")
        .expect("kept");
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
    assert_eq!(advisor(&real).await.as_deref(), Some("Restored"));
    assert_eq!(
        kept.parent(),
        Some(std::fs::canonicalize(&data).expect("canonical").as_path())
    );
    assert_eq!(advisor(&kept).await.as_deref(), Some("Live"));
    assert_eq!(files_in(&profile), vec!["beratungsplaner.db".to_owned()]);
}

#[tokio::test]
async fn a_database_in_use_is_refused_and_keeps_working() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live.db");
    let backup = tampered_backup(dir.path(), "backup", "UPDATE settings SET value = 'Restored';").await;
    // The window: a pool that stays open, idle between writes.
    let window = Store::open(&live, &test_key()).await.expect("open");
    sqlx::query("INSERT INTO settings (key, value) VALUES ('advisor', 'Window')")
        .execute(window.pool())
        .await
        .expect("insert");
    let err = store::restore(&backup, &live, &test_key())
        .await
        .expect_err("must refuse");
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the database is in use by another Beratungsplaner (the window or a command); close it and try again"
    );
    sqlx::query("UPDATE settings SET value = 'Still writing' WHERE key = 'advisor'")
        .execute(window.pool())
        .await
        .expect("the window still writes");
    window.close().await;
    settle(&live).await;
    assert_eq!(advisor(&live).await.as_deref(), Some("Still writing"));
    assert!(files_in(dir.path()).iter().all(|name| !name.contains(".restoring-")));
}

/// Writers in the same process, each with its own pool, race restores: every write a writer saw
/// committed is in the restored database (written after the restore) or in the kept copy
/// (written before), or the restore was refused and it is in the live file. Even rounds start the
/// restore with the writer, odd rounds once the writer has the database open and has written;
/// every fourth round the writer keeps the database open (as the window does) until the restore
/// has answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_racing_restores_lose_nothing_they_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let backup = tampered_backup(dir.path(), "backup", "UPDATE settings SET value = 'Restored';").await;
    let template = dir.path().join("template.db");
    database(&template, "Live").await;
    let (mut restored, mut refused, mut kept_writes) = (0, 0, 0);
    for round in 0..20 {
        let live = dir.path().join(format!("live-{round}.db"));
        std::fs::copy(&template, &live).expect("copy");
        let (opened, wait_for_writer) = tokio::sync::oneshot::channel::<()>();
        let (answered, wait_for_restore) = tokio::sync::oneshot::channel::<()>();
        let hold = round % 4 == 3;
        let writer = {
            let live = live.clone();
            tokio::spawn(async move {
                let mut done = Vec::new();
                let mut opened = Some(opened);
                let store = match Store::open(&live, &test_key()).await {
                    Ok(store) => store,
                    Err(_) => return done,
                };
                for n in 0..(round * 10 + 1) {
                    let key = format!("written-{n}");
                    let written = sqlx::query("INSERT INTO settings (key, value) VALUES (?1, 'x')")
                        .bind(&key)
                        .execute(store.pool())
                        .await;
                    if written.is_ok() {
                        done.push(key);
                    }
                    if let Some(opened) = opened.take() {
                        let _ = opened.send(());
                    }
                }
                if hold {
                    let _ = wait_for_restore.await;
                }
                store.close().await;
                done
            })
        };
        if round % 2 == 1 {
            let _ = wait_for_writer.await;
        }
        let outcome = store::restore(&backup, &live, &test_key()).await;
        let _ = answered.send(());
        let done = writer.await.expect("writer");
        assert!(
            !hold || outcome.is_err(),
            "round {round}: restored while the writer held the database"
        );
        settle(&live).await;
        let live_keys = keys(&live).await;
        match outcome {
            Ok(kept) => {
                restored += 1;
                let kept = kept.expect("kept");
                let kept_keys = keys(&kept).await;
                for key in &done {
                    assert!(
                        live_keys.contains(key) || kept_keys.contains(key),
                        "round {round}: {key} was reported written and is lost"
                    );
                }
                if !done.is_empty() && done.iter().all(|key| kept_keys.contains(key)) {
                    kept_writes += 1;
                    assert_eq!(advisor(&live).await.as_deref(), Some("Restored"));
                    assert_eq!(live_keys, vec!["advisor".to_owned()], "round {round}");
                }
            }
            Err(err) => {
                refused += 1;
                assert!(matches!(err, Error::Conflict { .. }), "round {round}: {err}");
                for key in &done {
                    assert!(live_keys.contains(key), "round {round}: {key} lost after a refusal");
                }
                assert_eq!(advisor(&live).await.as_deref(), Some("Live"));
            }
        }
    }
    eprintln!("{restored} restored ({kept_writes} with the writes in the kept copy), {refused} refused");
    assert_eq!(restored + refused, 20);
    assert!(kept_writes > 0, "no round restored after a writer had written");
    assert!(refused >= 5, "every fourth round must be refused");
}

async fn keys(path: &Path) -> Vec<String> {
    let options = store::encryption::options(Some(&test_key()))
        .filename(path)
        .read_only(true);
    let mut conn = options.connect().await.expect("connect");
    let keys = sqlx::query_scalar("SELECT key FROM settings WHERE key <> 'feed_token' ORDER BY key")
        .fetch_all(&mut conn)
        .await
        .expect("select");
    conn.close().await.expect("close");
    keys
}

#[tokio::test]
async fn a_backup_of_an_older_schema_is_restored_and_migrated_at_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.db");
    let options = SqliteConnectOptions::new().filename(&old).create_if_missing(true);
    let mut conn = options.connect().await.expect("connect");
    older_schema::migrate_up_to(&mut conn, 3).await;
    sqlx::query("INSERT INTO settings (key, value) VALUES ('advisor', 'Old')")
        .execute(&mut conn)
        .await
        .expect("insert");
    conn.close().await.expect("close");
    assert_eq!(store::schema_version_of(&old, &test_key()).await.expect("version"), 3);

    let live = dir.path().join("live.db");
    database(&live, "Live").await;
    store::restore(&old, &live, &test_key())
        .await
        .expect("an older backup is restorable");
    assert_eq!(store::schema_version_of(&live, &test_key()).await.expect("version"), 3);
    let store = Store::open(&live, &test_key())
        .await
        .expect("migrated at the next start");
    store.close().await;
    assert_eq!(
        store::schema_version_of(&live, &test_key()).await.expect("version"),
        store::latest_schema_version()
    );
    assert_eq!(advisor(&live).await.as_deref(), Some("Old"));
}

#[tokio::test]
async fn a_backup_with_another_page_size_is_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live.db");
    database(&live, "Live").await;
    // A plain backup of an earlier version, whose pages another tool resized.
    let backup = tampered_backup(dir.path(), "small-pages", "UPDATE settings SET value = 'Small pages';").await;
    let plain = backup.with_file_name("small-pages-plain.db");
    std::fs::File::create(&plain).expect("an empty file to attach");
    let mut conn = raw(&backup).await;
    sqlx::query("ATTACH DATABASE ?1 AS plain KEY ''")
        .bind(plain.to_str().expect("utf-8"))
        .execute(&mut conn)
        .await
        .expect("attach");
    sqlx::query("SELECT sqlcipher_export('plain')")
        .execute(&mut conn)
        .await
        .expect("export");
    conn.close().await.expect("close");
    let mut conn = SqliteConnectOptions::new()
        .filename(&plain)
        .connect()
        .await
        .expect("plain");
    sqlx::raw_sql("PRAGMA journal_mode = DELETE; PRAGMA page_size = 1024; VACUUM;")
        .execute(&mut conn)
        .await
        .expect("resize");
    conn.close().await.expect("close");
    let backup = plain;
    let kept = store::restore(&backup, &live, &test_key())
        .await
        .expect("restore")
        .expect("kept");
    assert_eq!(advisor(&live).await.as_deref(), Some("Small pages"));
    assert_eq!(advisor(&kept).await.as_deref(), Some("Live"));
}

#[tokio::test]
async fn a_live_file_that_is_no_database_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live.db");
    std::fs::write(&live, b"not a database, but somebody's file").expect("write");
    let backup = tampered_backup(dir.path(), "backup", "SELECT 1;").await;
    let listing = files_in(dir.path());
    let err = store::restore(&backup, &live, &test_key())
        .await
        .expect_err("must refuse");
    assert!(err.to_string().contains("move it elsewhere and restore again"), "{err}");
    assert_eq!(
        std::fs::read(&live).expect("read"),
        b"not a database, but somebody's file"
    );
    assert_eq!(files_in(dir.path()), listing);
}

#[tokio::test]
async fn a_damaged_live_database_is_left_as_it_was_until_moved_away() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = dir.path().join("live.db");
    database(&live, "Live").await;
    let mut bytes = std::fs::read(&live).expect("read");
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    bytes[3 * page..4 * page].fill(0xff);
    std::fs::write(&live, &bytes).expect("damage");
    let backup = tampered_backup(dir.path(), "backup", "SELECT 1;").await;
    // SQLCipher authenticates every page it overwrites, so a damaged page cannot be written over
    // in place: the restore refuses and changes nothing.
    let err = store::restore(&backup, &live, &test_key())
        .await
        .expect_err("must refuse");
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&live).expect("live"), bytes, "left byte for byte");
    // Moved away, the backup is restored into a new file.
    std::fs::rename(&live, dir.path().join("damaged.db")).expect("move away");
    assert_eq!(
        store::restore(&backup, &live, &test_key()).await.expect("restore"),
        None
    );
    assert_eq!(advisor(&live).await.as_deref(), Some("Backup"));
    store::verify_backup(&live, &test_key())
        .await
        .expect("the restored file is sound");
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
