//! Every file the app writes that holds personal data is readable by its owner only (DSGVO
//! Art. 32): the database with its WAL and shared-memory files, backups, the copy before a
//! migration, calendar exports and saved dossiers — whatever the process's umask — and a database
//! an older version left readable by others becomes private when it is opened.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::{CaseFilter, ExportScope, PrintProfile, PrintRequest};
use beratungsplaner_core::private_files::{create_folder, create_new, restrict, write_atomically};
use beratungsplaner_core::Planner;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[tokio::test]
async fn the_database_backups_exports_and_dossiers_are_the_owners_alone() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let db = dir.path().join("beratungsplaner.db");
    let planner = Planner::open(&db, &test_key()).await.expect("open");
    let options = DemoOptions {
        municipalities: 2,
        cases: 5,
        seed: 3,
    };
    planner.generate_demo_data(&options).await.expect("demo data");
    for file in [db.clone(), side(&db, "-wal"), side(&db, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }

    let backup = dir.path().join("backup.db");
    planner.backup(&backup).await.expect("backup");
    assert_eq!(mode(&backup), 0o600, "backup");

    let export = dir.path().join("kalender.ics");
    planner
        .export_ics_to(&ExportScope::default(), &export)
        .await
        .expect("export");
    assert_eq!(mode(&export), 0o600, "export");

    let case = planner.list_cases(&CaseFilter::default()).await.expect("cases")[0]
        .case
        .id;
    let request = PrintRequest {
        profile: PrintProfile::Internal,
        from: None,
        to: None,
    };
    let dossier = dir.path().join("dossier.html");
    planner.print_case_to(case, &request, &dossier).await.expect("dossier");
    assert_eq!(mode(&dossier), 0o600, "dossier");
    planner.close().await;
}

#[tokio::test]
async fn a_database_left_readable_by_others_becomes_private_when_opened() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("old.db");
    let planner = Planner::open(&db, &test_key()).await.expect("create");
    planner.close().await;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let planner = Planner::open(&db, &test_key()).await.expect("open again");
    assert_eq!(mode(&db), 0o600);
    planner.close().await;
}

#[test]
fn new_files_and_folders_are_the_owners_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("a/b");
    create_folder(&folder).expect("folder");
    assert_eq!(mode(&dir.path().join("a")), 0o700);
    assert_eq!(mode(&folder), 0o700);
    create_new(&folder.join("f")).expect("file");
    assert_eq!(mode(&folder.join("f")), 0o600);
    assert!(create_new(&folder.join("f")).is_err(), "an existing file is not reused");
    write_atomically(&folder.join("g"), |f| std::io::Write::write_all(f, b"x")).expect("write");
    assert_eq!(mode(&folder.join("g")), 0o600);
}

#[test]
fn a_replaced_file_keeps_its_mode_and_an_old_database_is_restricted() {
    let dir = tempfile::tempdir().expect("dir");
    let shared = dir.path().join("shared.ics");
    std::fs::write(&shared, b"old").expect("write");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    write_atomically(&shared, |f| std::io::Write::write_all(f, b"new")).expect("write");
    assert_eq!(mode(&shared), 0o644);
    restrict(&shared).expect("restrict");
    assert_eq!(mode(&shared), 0o600);
    restrict(&dir.path().join("missing")).expect("a missing file is fine");
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
