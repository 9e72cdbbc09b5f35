//! Erasure on request against a real encrypted file: the preview counts what goes, the person is
//! gone from every text, role, index and page (the pages decrypted here, free ones included), other
//! people's data stays, and a restored older backup does not bring the person back.

#[path = "support/pages.rs"]
mod pages;
#[path = "support/people.rs"]
mod people;

use std::path::Path;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::{self, DatabaseKey};
use beratungsplaner_core::{Error, Planner};
use people::seed;

const KEY_BYTES: [u8; 32] = [7; 32];

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes(KEY_BYTES)
}

const ANNA: [&str; 5] = ["Meyer", "Hansen", "anna.meyer", "quartier-nord", "2345678"];

fn assert_gone_from_pages(db: &Path) {
    let bytes = pages::decrypted(db, &KEY_BYTES);
    for needle in ANNA {
        assert!(
            !pages::contains(&bytes, needle),
            "{needle:?} is still in a page of {}",
            db.display()
        );
    }
    assert!(
        pages::contains(&bytes, "Schulz"),
        "the others stay (and the decryption reads the pages)"
    );
}

#[tokio::test]
async fn an_erased_person_is_gone_from_every_text_index_and_page_and_the_others_stay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("erasure.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    let seeded = seed(&planner).await;
    let before = pages::decrypted(&db, &KEY_BYTES);
    assert!(
        pages::contains(&before, "Meyer-Hansen"),
        "the pages are read in the clear"
    );

    let preview = planner.contact_erasure_preview(seeded.anna).await.expect("preview");
    assert_eq!(
        preview,
        ContactErasurePreview {
            contact_id: seeded.anna,
            cases_with_roles: 2,
            journal_mentions: 4,
            other_mentions: 1,
            bookings: 0,
            appointments: 1,
            calendar_server_items: 0,
        }
    );
    assert_eq!(planner.erase_contact(seeded.anna).await.expect("erase"), preview);

    // The roles stay, without the person.
    let detail = planner.case_detail(seeded.cases[0]).await.expect("case");
    let roles: Vec<(Option<&str>, &str)> = detail
        .participants
        .iter()
        .map(|p| (p.contact.as_ref().map(|c| c.name.as_str()), p.role.as_str()))
        .collect();
    assert_eq!(
        roles,
        [(None, "Quartiersmanagerin"), (Some("Bernd Schulz"), "Sozialamt")]
    );
    let texts: Vec<&str> = detail.journal.iter().map(|e| e.text.as_str()).collect();
    for text in &texts {
        for needle in ANNA {
            assert!(!text.to_lowercase().contains(&needle.to_lowercase()), "{text}");
        }
    }
    assert!(
        texts.contains(&"Telefonat mit Frau [gelöschte Person] zum Antrag."),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("b.schulz@stadt-lindenhagen.de")),
        "another person's address stays: {texts:?}"
    );
    assert!(texts.contains(&"Bernd Schulz übernimmt die Abrechnung."));
    let other = planner.case_detail(seeded.cases[1]).await.expect("case");
    assert_eq!(other.tasks[0].title, "Unterlagen an Frau [gelöschte Person] senden");

    // Neither search finds her; both still find him.
    assert!(planner.list_contacts("Meyer", 10).await.expect("search").is_empty());
    assert_eq!(planner.list_contacts("Schulz", 10).await.expect("search").len(), 1);
    let search = |text: &str| CaseFilter {
        search: Some(text.into()),
        ..CaseFilter::default()
    };
    assert!(planner.list_cases(&search("Hansen")).await.expect("search").is_empty());
    assert_eq!(planner.list_cases(&search("Schulz")).await.expect("search").len(), 2);
    assert!(matches!(
        planner.contact_erasure_preview(seeded.anna).await,
        Err(Error::NotFound { .. })
    ));
    let log = planner.erasure_log().await.expect("log");
    assert_eq!(
        (log.len(), log[0].kind, log[0].record_id),
        (1, ErasureKind::Contact, seeded.anna)
    );
    let trail = planner.audit_trail(10).await.expect("trail");
    assert_eq!(trail[0].action, AuditAction::Erased);

    // While open and after closing: no page of the file or its WAL holds her.
    assert_gone_from_pages(&db);
    planner.close().await;
    assert_gone_from_pages(&db);
    // And the file, its search indexes included, is whole (SQLite 3.45's FTS5 secure-delete broke
    // the contact search's index here).
    store::verify_backup(&db, &key()).await.expect("integrity check");
    let _ = seeded.bernd;
}

#[tokio::test]
async fn a_restored_older_backup_does_not_bring_an_erased_person_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    let seeded = seed(&planner).await;
    let backup = dir.path().join("before.db");
    planner.backup(&backup).await.expect("backup");
    planner.erase_contact(seeded.anna).await.expect("erase");
    planner.close().await;

    let log = store::erasure::log_of_file(&db, &key()).await.expect("log");
    store::restore(&backup, &db, &key()).await.expect("restore");
    let planner = Planner::open(&db, &key()).await.expect("open restored");
    assert_eq!(
        planner.list_contacts("Meyer", 10).await.expect("search").len(),
        1,
        "the backup had her"
    );
    assert_eq!(planner.replay_erasures(&log).await.expect("replay"), 1);
    assert!(planner.list_contacts("Meyer", 10).await.expect("search").is_empty());
    assert_eq!(planner.erasure_log().await.expect("log").len(), 1);
    // Replayed twice, nothing happens twice.
    assert_eq!(planner.replay_erasures(&log).await.expect("replay"), 0);
    planner.close().await;
    assert_gone_from_pages(&db);
}

#[tokio::test]
async fn a_case_and_a_kommune_are_erased_with_everything_that_hangs_off_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("records.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    let seeded = seed(&planner).await;

    let preview = planner.case_erasure_preview(seeded.cases[1]).await.expect("preview");
    assert_eq!(
        (preview.cases, preview.tasks, preview.roles, preview.appointments),
        (1, 1, 2, 1)
    );
    assert_eq!(planner.erase_case(seeded.cases[1]).await.expect("erase"), preview);
    assert!(matches!(
        planner.case_detail(seeded.cases[1]).await,
        Err(Error::NotFound { .. })
    ));
    assert!(
        planner.case_detail(seeded.cases[0]).await.is_ok(),
        "the other case stays"
    );

    let preview = planner
        .municipality_erasure_preview(seeded.municipality)
        .await
        .expect("preview");
    assert_eq!((preview.cases, preview.journal_entries, preview.roles), (1, 5, 2));
    planner.erase_municipality(seeded.municipality).await.expect("erase");
    assert!(planner.municipality_tree().await.expect("tree").is_empty());
    assert_eq!(
        planner.list_contacts("", 10).await.expect("contacts").len(),
        2,
        "contacts stay"
    );
    let kinds: Vec<ErasureKind> = planner
        .erasure_log()
        .await
        .expect("log")
        .iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(kinds, [ErasureKind::Case, ErasureKind::Municipality]);
    planner.close().await;
    let bytes = pages::decrypted(&db, &KEY_BYTES);
    assert!(
        !pages::contains(&bytes, "Stadtteilzentrum"),
        "the erased case's title is gone"
    );
}
