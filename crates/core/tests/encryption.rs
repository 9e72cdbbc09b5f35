//! Encryption at rest on real files: no personal datum of the demo data is readable in the
//! database, its WAL or a backup; SQLite without the key refuses them; a wrong key changes
//! nothing; a plain database of an earlier version is converted with everything in it; the
//! recovery key and the passphrase open what they should.

use std::path::{Path, PathBuf};

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::CaseFilter;
use beratungsplaner_core::store::{self, DatabaseKey, FileState};
use beratungsplaner_core::{Error, Planner};
use sqlx::{ConnectOptions, Connection};

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([7; 32])
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Names, e-mail addresses and phone numbers of the demo data's contacts.
async fn personal_data(planner: &Planner) -> Vec<String> {
    let contacts = planner.list_contacts("", 10_000).await.expect("contacts");
    assert!(contacts.len() >= 5, "the demo data has contacts: {}", contacts.len());
    contacts
        .into_iter()
        .flat_map(|c| [Some(c.name), c.email, c.phone])
        .flatten()
        .filter(|datum| datum.len() >= 6)
        .collect()
}

fn assert_holds_none(file: &Path, data: &[String]) {
    let bytes = std::fs::read(file).expect("read");
    assert!(!bytes.is_empty(), "{} is empty", file.display());
    for datum in data {
        assert!(
            !bytes.windows(datum.len()).any(|w| w == datum.as_bytes()),
            "{} holds {datum:?} readable",
            file.display()
        );
    }
}

fn sqlite3_refuses(file: &Path) {
    let out = std::process::Command::new("sqlite3")
        .arg(file)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output()
        .expect("sqlite3 runs");
    assert!(!out.status.success(), "sqlite3 read {} without the key", file.display());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_database_its_wal_and_a_backup_hold_no_readable_personal_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("encrypted.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    planner
        .generate_demo_data(&DemoOptions {
            municipalities: 4,
            cases: 60,
            seed: 3,
        })
        .await
        .expect("demo data");
    let data = personal_data(&planner).await;
    // While the window runs, the last commits are in the WAL.
    assert!(std::fs::metadata(side(&db, "-wal")).expect("a WAL").len() > 0);
    assert_holds_none(&side(&db, "-wal"), &data);
    assert_holds_none(&db, &data);
    let backup = dir.path().join("backup.db");
    planner.backup(&backup).await.expect("backup");
    planner.close().await;
    assert_holds_none(&db, &data);
    assert_holds_none(&backup, &data);
    for file in [&db, &backup] {
        assert_eq!(
            store::encryption::file_state(file).await.expect("state"),
            FileState::Encrypted
        );
        sqlite3_refuses(file);
    }
    assert!(
        store::verify_backup(&backup, &key())
            .await
            .expect("the backup opens with the key")
            > 0
    );
}

#[tokio::test]
async fn a_wrong_key_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("keyed.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    planner.close().await;
    let before = std::fs::read(&db).expect("read");
    let wrong = DatabaseKey::from_bytes([8; 32]);
    let err = Planner::open(&db, &wrong).await.expect_err("a wrong key");
    assert!(matches!(err, Error::WrongKey(_)), "{err:?}");
    assert!(err.message_de().contains("Schlüssel"), "{}", err.message_de());
    assert_eq!(std::fs::read(&db).expect("read"), before);
    assert!(!side(&db, ".encrypting").exists());
    Planner::open(&db, &key()).await.expect("the right key still opens it");
}

/// A plain database as the previous version wrote it: this version's schema, unencrypted.
async fn plain_database(dir: &Path, cases: usize) -> PathBuf {
    let made = dir.join("made.db");
    let planner = Planner::open(&made, &key()).await.expect("open");
    planner
        .generate_demo_data(&DemoOptions {
            municipalities: 3,
            cases,
            seed: 11,
        })
        .await
        .expect("demo data");
    planner.close().await;
    let plain = dir.join("plain.db");
    std::fs::File::create(&plain).expect("an empty file to attach");
    let mut conn = store::encryption::options(Some(&key()))
        .filename(&made)
        .connect()
        .await
        .expect("connect");
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
    assert_eq!(
        store::encryption::file_state(&plain).await.expect("state"),
        FileState::Plain
    );
    plain
}

#[tokio::test]
async fn a_plain_database_of_the_previous_version_is_converted_with_everything_in_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = plain_database(dir.path(), 40).await;
    // An earlier version's copy before a migration, plain as well.
    let old_copy = side(&plain, ".before-schema-5-20261101T080000Z");
    std::fs::copy(&plain, &old_copy).expect("copy");

    let planner = Planner::open(&plain, &key()).await.expect("converted and opened");
    let all = CaseFilter {
        limit: Some(10_000),
        ..CaseFilter::default()
    };
    assert_eq!(planner.list_cases(&all).await.expect("cases").len(), 40);
    let contacts = planner.list_contacts("", 10_000).await.expect("contacts");
    let someone = contacts.first().expect("a contact");
    let found = planner.list_contacts(&someone.name, 10).await.expect("search");
    assert!(found.iter().any(|c| c.id == someone.id), "the search index came along");
    let data = personal_data(&planner).await;
    planner.close().await;

    assert_eq!(
        store::encryption::file_state(&plain).await.expect("state"),
        FileState::Encrypted
    );
    assert_holds_none(&plain, &data);
    sqlite3_refuses(&plain);
    assert!(!side(&plain, ".encrypting").exists(), "no staging copy left");
    assert_eq!(
        store::encryption::file_state(&old_copy).await.expect("state"),
        FileState::Encrypted
    );
    assert_holds_none(&old_copy, &data);
}

#[tokio::test]
async fn an_unfinished_conversion_is_discarded_and_done_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = plain_database(dir.path(), 5).await;
    // What a conversion killed before its rename leaves: a partial copy beside the plain file.
    std::fs::write(side(&plain, ".encrypting"), b"half a copy").expect("write");
    let planner = Planner::open(&plain, &key()).await.expect("open");
    assert_eq!(
        planner.list_cases(&CaseFilter::default()).await.expect("cases").len(),
        5
    );
    planner.close().await;
    assert!(!side(&plain, ".encrypting").exists());
    assert_eq!(
        store::encryption::file_state(&plain).await.expect("state"),
        FileState::Encrypted
    );
}

#[tokio::test]
async fn a_plain_backup_of_the_previous_version_is_restored_encrypted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = plain_database(dir.path(), 7).await;
    let live = dir.path().join("live.db");
    Planner::open(&live, &key()).await.expect("open").close().await;
    store::restore(&plain, &live, &key()).await.expect("restore");
    assert_eq!(
        store::encryption::file_state(&live).await.expect("state"),
        FileState::Encrypted
    );
    let planner = Planner::open(&live, &key()).await.expect("open");
    assert_eq!(
        planner.list_cases(&CaseFilter::default()).await.expect("cases").len(),
        7
    );
}

#[test]
fn the_recovery_key_reads_back_and_tells_a_typing_error_from_a_wrong_key() {
    let key = DatabaseKey::generate();
    let text = key.recovery_key();
    let groups: Vec<&str> = text.split('-').collect();
    assert_eq!(groups.len(), 14);
    assert!(groups.iter().all(|g| g.len() == 4), "{}", text.as_str());
    assert_eq!(DatabaseKey::from_recovery_key(&text).expect("reads back"), key);
    // Lower case, spaces instead of dashes, a line break: the same key.
    let typed = text.to_lowercase().replace('-', " ").replacen(' ', "\n", 1);
    assert_eq!(DatabaseKey::from_recovery_key(&typed).expect("typed"), key);
    // One character changed: a typing error, not a key.
    let mut changed: Vec<char> = text.chars().collect();
    changed[5] = if changed[5] == 'A' { 'B' } else { 'A' };
    let err = DatabaseKey::from_recovery_key(&changed.into_iter().collect::<String>()).expect_err("typo");
    assert!(err.message_de().contains("Tippfehler"), "{}", err.message_de());
    let err = DatabaseKey::from_recovery_key("ABCD-EFGH").expect_err("too short");
    assert!(err.message_de().contains("14 Gruppen"), "{}", err.message_de());
    assert!(!format!("{key:?}").contains(&text[..4]), "Debug never shows the key");
}

#[tokio::test]
async fn a_passphrase_and_the_recovery_key_of_its_derived_key_both_open_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("passphrase.db");
    let salt = DatabaseKey::generate_salt();
    let derived = DatabaseKey::from_passphrase("Quartiersfonds Oberstedt 2026", salt).expect("derive");
    Planner::open(&db, &derived).await.expect("create").close().await;
    assert_eq!(
        store::encryption::salt_of(&db).await.expect("salt"),
        salt,
        "the file keeps the salt"
    );

    let again = DatabaseKey::from_passphrase(
        "Quartiersfonds Oberstedt 2026",
        store::encryption::salt_of(&db).await.expect("salt"),
    )
    .expect("derive again");
    Planner::open(&db, &again)
        .await
        .expect("the passphrase opens it")
        .close()
        .await;
    let recovered = DatabaseKey::from_recovery_key(&derived.recovery_key()).expect("recovery key");
    Planner::open(&db, &recovered)
        .await
        .expect("the recovery key opens it")
        .close()
        .await;
    let wrong = DatabaseKey::from_passphrase("quartiersfonds oberstedt 2026", salt).expect("derive");
    assert!(matches!(Planner::open(&db, &wrong).await, Err(Error::WrongKey(_))));
}

#[tokio::test]
async fn a_new_key_replaces_the_old_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rekeyed.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    planner
        .generate_demo_data(&DemoOptions {
            municipalities: 2,
            cases: 9,
            seed: 5,
        })
        .await
        .expect("demo data");
    planner.close().await;
    let new = DatabaseKey::generate();
    store::encryption::reencrypt(&db, Some(&key()), &new)
        .await
        .expect("rekey");
    assert!(matches!(Planner::open(&db, &key()).await, Err(Error::WrongKey(_))));
    let planner = Planner::open(&db, &new).await.expect("the new key opens it");
    assert_eq!(
        planner.list_cases(&CaseFilter::default()).await.expect("cases").len(),
        9
    );
}
