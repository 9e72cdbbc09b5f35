//! Every file the app writes that holds personal data is readable by its owner only (DSGVO
//! Art. 32): the database with its WAL and shared-memory files, backups, the copy before a
//! migration, calendar exports and saved dossiers — whatever the process's umask — and a database
//! an older version left readable by others becomes private when it is opened.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::{CaseFilter, ExportScope, PrintProfile, PrintRequest};
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
    let planner = Planner::open(&db).await.expect("open");
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
    let planner = Planner::open(&db).await.expect("create");
    planner.close().await;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let planner = Planner::open(&db).await.expect("open again");
    assert_eq!(mode(&db), 0o600);
    planner.close().await;
}
