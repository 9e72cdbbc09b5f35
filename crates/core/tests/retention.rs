//! Retention against a real encrypted file: off by default, the preview lists the closed cases
//! due, the run takes every person out of them and keeps the statistics (Kommune, topics, dates,
//! counts), the contacts stay, a second run finds nothing, and a restored older backup is
//! anonymised again.

#[path = "support/people.rs"]
mod people;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::{self, DatabaseKey};
use beratungsplaner_core::{Error, Planner};
use chrono::NaiveDate;
use people::{seed, Seeded};

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([5; 32])
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Closes the seeded first case in 2020 (due after 3 years) and the second today (not due).
async fn close_cases(planner: &Planner, seeded: &Seeded) {
    for &id in &seeded.cases {
        planner
            .change_case_status(id, CaseStatus::Active)
            .await
            .expect("active");
        planner
            .change_case_status(id, CaseStatus::Closed)
            .await
            .expect("closed");
    }
    let old = planner.case_detail(seeded.cases[0]).await.expect("case").case;
    planner
        .update_case(
            old.id,
            CaseInput {
                title: old.title.clone(),
                summary: "Antrag von Frau Meyer-Hansen (anna.meyer@quartier-nord.de) bewilligt.".into(),
                priority: old.priority,
                municipality_id: Some(seeded.municipality),
                neighbourhood_id: None,
                advisor: old.advisor.clone(),
                opened_on: Some(date(2019, 1, 10)),
                closed_on: Some(date(2020, 6, 30)),
                next_step: None,
                next_step_due: None,
                topics: vec!["Quartiersfonds".into()],
            },
        )
        .await
        .expect("dates");
}

#[tokio::test]
async fn retention_anonymises_the_closed_cases_due_and_keeps_the_statistics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("retention.db");
    let planner = Planner::open(&db, &key()).await.expect("open");
    let seeded = seed(&planner).await;
    close_cases(&planner, &seeded).await;

    // Off by default: nothing is due, a run is refused.
    let off = planner.retention_preview().await.expect("preview");
    assert_eq!((off.years, off.cases.len()), (None, 0));
    assert!(matches!(planner.run_retention().await, Err(Error::Conflict { .. })));
    assert!(matches!(
        planner.set_retention_years(Some(31)).await,
        Err(Error::Validation(_))
    ));

    let backup = dir.path().join("before.db");
    planner.backup(&backup).await.expect("backup");

    let preview = planner.set_retention_years(Some(3)).await.expect("set");
    let due: Vec<(i64, NaiveDate)> = preview.cases.iter().map(|c| (c.id, c.closed_on)).collect();
    assert_eq!(
        due,
        [(seeded.cases[0], date(2020, 6, 30))],
        "the case closed today is not due"
    );
    let before = planner.case_detail(seeded.cases[0]).await.expect("case");

    let run = planner.run_retention().await.expect("run");
    assert_eq!(run.cases, 1);
    assert_eq!(run.links, 2, "Anna's and Bernd's roles");
    assert_eq!(
        run.texts, 6,
        "summary, four journal entries naming someone, Bernd's own entry"
    );

    let after = planner.case_detail(seeded.cases[0]).await.expect("case");
    // The statistics stay.
    assert_eq!(after.case.municipality_id, before.case.municipality_id);
    assert_eq!(after.case.opened_on, before.case.opened_on);
    assert_eq!(after.case.closed_on, Some(date(2020, 6, 30)));
    assert_eq!(after.topics, before.topics);
    assert_eq!(after.journal.len(), before.journal.len());
    assert_eq!(after.participants.len(), 2);
    assert!(
        after.participants.iter().all(|p| p.contact.is_none()),
        "roles without people"
    );
    // The people are gone from its texts.
    let texts: Vec<&str> = std::iter::once(after.case.summary.as_str())
        .chain(after.journal.iter().map(|e| e.text.as_str()))
        .collect();
    for text in &texts {
        for needle in ["Meyer", "Hansen", "anna.meyer", "Schulz", "2345678", "b.schulz"] {
            assert!(!text.contains(needle), "{needle:?} in {text:?}");
        }
    }
    assert!(
        texts.contains(&"Telefonat mit Frau [Quartiersmanagerin] zum Antrag."),
        "a person with a role becomes the role: {texts:?}"
    );
    // The contacts stay for other cases, and the other case keeps them.
    assert_eq!(planner.list_contacts("Meyer", 10).await.expect("contacts").len(), 1);
    let other = planner.case_detail(seeded.cases[1]).await.expect("case");
    assert!(other.participants.iter().all(|p| p.contact.is_some()));
    // The search no longer finds the case by a name.
    let search = CaseFilter {
        search: Some("Schulz".into()),
        ..CaseFilter::default()
    };
    let found: Vec<i64> = planner
        .list_cases(&search)
        .await
        .expect("search")
        .iter()
        .map(|h| h.case.id)
        .collect();
    assert_eq!(found, [seeded.cases[1]]);

    // Done once: a second run finds nothing; the trail and the erasure log know.
    assert!(planner.retention_preview().await.expect("preview").cases.is_empty());
    assert_eq!(planner.run_retention().await.expect("again").cases, 0);
    let trail = planner.audit_trail(5).await.expect("trail");
    assert_eq!(trail[0].action, AuditAction::RetentionRun);
    assert_eq!(trail[0].detail, "after 3 years: 0 cases");
    assert_eq!(trail[1].detail, "after 3 years: 1 case");
    let log = planner.erasure_log().await.expect("log");
    assert_eq!(
        (log.len(), log[0].kind, log[0].record_id),
        (1, ErasureKind::CaseAnonymised, seeded.cases[0])
    );

    // A backup from before comes back anonymised.
    let replaced_log = planner.erasure_log().await.expect("log");
    planner.close().await;
    store::restore(&backup, &db, &key()).await.expect("restore");
    let restored = Planner::open(&db, &key()).await.expect("open");
    assert_eq!(restored.replay_erasures(&replaced_log).await.expect("replay"), 1);
    let again = restored.case_detail(seeded.cases[0]).await.expect("case");
    assert!(again.participants.iter().all(|p| p.contact.is_none()));
    assert!(again.journal.iter().all(|e| !e.text.contains("Meyer")));
    restored.close().await;
}
