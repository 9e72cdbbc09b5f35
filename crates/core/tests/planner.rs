//! The `Planner` service against real SQLite files with migrations: validation, status workflow,
//! reference numbering under concurrency, search and demo data.

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::*;
use beratungsplaner_core::{Error, Planner};

async fn planner_with_municipality() -> (Planner, i64) {
    let planner = Planner::in_memory().await.expect("planner");
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: Some("06411000".into()),
        })
        .await
        .expect("municipality");
    (planner, m.id)
}

fn case_input(municipality_id: i64, title: &str) -> CaseInput {
    CaseInput {
        title: title.into(),
        summary: "Die Kommune plant eine Begegnungsstätte im Quartier.".into(),
        priority: Priority::Normal,
        municipality_id: Some(municipality_id),
        neighbourhood_id: None,
        advisor: "Miriam Albers".into(),
        opened_on: None,
        closed_on: None,
        next_step: Some("Ortstermin vereinbaren".into()),
        next_step_due: None,
        topics: vec!["Soziale Infrastruktur".into()],
    }
}

#[tokio::test]
async fn invalid_input_saves_nothing_and_names_the_field() {
    let (planner, m) = planner_with_municipality().await;
    let err = planner
        .create_municipality(MunicipalityInput {
            name: "Altenbrück".into(),
            state: "HE".into(),
            ags: Some("05315000".into()),
        })
        .await
        .expect_err("AGS of NRW in Hessen");
    let Error::Validation(fields) = &err else {
        panic!("{err}")
    };
    assert_eq!(fields.0[0].field, "ags");
    assert!(fields.0[0].de.contains("Hessen"), "{}", fields.0[0].de);
    assert_eq!(planner.municipality_tree().await.expect("tree").len(), 1);

    let duplicate = planner
        .create_municipality(MunicipalityInput {
            name: "Zweitname".into(),
            state: "HE".into(),
            ags: Some("06411000".into()),
        })
        .await
        .expect_err("AGS taken");
    assert!(
        matches!(&duplicate, Error::Validation(f) if f.has("ags")),
        "{duplicate}"
    );

    let bad_contact = ParticipantInput {
        contact_id: None,
        new_contact: Some(ContactInput {
            kind: ContactKind::Person,
            name: "Jana Beispiel".into(),
            organisation: None,
            organisation_type: None,
            email: Some("jana(at)example".into()),
            phone: None,
        }),
        role: "Quartiersmanagement".into(),
        from_on: None,
    };
    let case = planner
        .create_case(case_input(m, "Stadtteilzentrum"))
        .await
        .expect("case");
    let err = planner
        .add_participant(case.case.id, bad_contact)
        .await
        .expect_err("bad e-mail");
    assert!(matches!(&err, Error::Validation(f) if f.has("email")), "{err}");
    assert!(
        planner.search_contacts("Jana").await.expect("contacts").is_empty(),
        "no half-written contact"
    );
    let payload = beratungsplaner_core::error::ErrorPayload::from(&err);
    assert_eq!(
        (payload.code.as_str(), payload.field.as_deref()),
        ("validation", Some("email"))
    );
}

#[tokio::test]
async fn status_workflow_writes_the_journal() {
    let (planner, m) = planner_with_municipality().await;
    let case = planner.create_case(case_input(m, "Jugendtreff")).await.expect("case");
    let id = case.case.id;
    assert_eq!(case.case.status, CaseStatus::New);
    assert_eq!(case.allowed_transitions, [CaseStatus::Active]);

    let err = planner
        .change_case_status(id, CaseStatus::Closed)
        .await
        .expect_err("new cannot close");
    assert!(matches!(err, Error::Conflict { .. }));

    let steps = [
        CaseStatus::Active,
        CaseStatus::OnHold,
        CaseStatus::Active,
        CaseStatus::Closed,
        CaseStatus::Active,
    ];
    for to in steps {
        planner.change_case_status(id, to).await.expect("transition");
    }
    let detail = planner.case_detail(id).await.expect("detail");
    let texts: Vec<&str> = detail
        .journal
        .iter()
        .filter(|e| e.kind == JournalKind::StatusChange)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(texts.len(), 5);
    assert!(texts.contains(&"Status geändert: Anfrage → In Beratung"));
    assert!(texts.contains(&"Fall wiedereröffnet: Abgeschlossen → In Beratung"));
    assert_eq!(detail.case.closed_on, None, "reopening clears the closing date");

    planner.change_case_status(id, CaseStatus::Closed).await.expect("close");
    let closed = planner.case_detail(id).await.expect("detail");
    assert_eq!(closed.case.closed_on, Some(Planner::today()));
    assert_eq!(closed.allowed_transitions, [CaseStatus::Active]);
}

#[tokio::test]
async fn journal_tasks_and_roles_round_trip() {
    let (planner, m) = planner_with_municipality().await;
    let id = planner
        .create_case(case_input(m, "Gesundheitskiosk"))
        .await
        .expect("case")
        .case
        .id;
    let detail = planner
        .add_journal_entry(
            id,
            JournalInput {
                occurred_on: None,
                kind: JournalKind::Call,
                author: "Miriam Albers".into(),
                text: "Telefonat mit dem Sozialamt".into(),
                internal: false,
            },
        )
        .await
        .expect("journal");
    assert_eq!(detail.journal[0].text, "Telefonat mit dem Sozialamt");
    let yesterday = Planner::today().pred_opt();
    let detail = planner
        .add_task(
            id,
            TaskInput {
                title: "Antrag prüfen".into(),
                due_on: yesterday,
                assignee: "Miriam Albers".into(),
            },
        )
        .await
        .expect("task");
    let task = &detail.tasks[0];
    assert!(task.is_overdue(Planner::today()));
    let overdue = planner
        .list_cases(&CaseFilter {
            overdue: true,
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(overdue.len(), 1);
    let detail = planner.set_task_done(task.id, true).await.expect("done");
    assert_eq!(detail.tasks[0].done_on, Some(Planner::today()));

    let detail = planner
        .add_participant(
            id,
            ParticipantInput {
                contact_id: None,
                new_contact: Some(ContactInput {
                    kind: ContactKind::Person,
                    name: "Petra Özkan".into(),
                    organisation: Some("Quartiersbüro Nordstadt".into()),
                    organisation_type: Some(OrganisationType::SocialAgency),
                    email: Some("petra@lindenhagen.example".into()),
                    phone: Some("06421 123456".into()),
                }),
                role: "Quartiersmanagement".into(),
                from_on: None,
            },
        )
        .await
        .expect("participant");
    let role = detail.participants[0].id;
    let detail = planner.end_participant(role, None).await.expect("end");
    assert_eq!(detail.participants.len(), 1, "an ended role stays on the case");
    assert_eq!(detail.participants[0].until_on, Some(Planner::today()));
    assert!(planner.end_participant(role, None).await.is_err());

    let hits = planner
        .list_cases(&CaseFilter {
            search: Some("ozkan".into()),
            ..Default::default()
        })
        .await
        .expect("search");
    assert_eq!(hits.len(), 1, "contact names are searchable, diacritics folded");
}

#[tokio::test]
async fn search_folds_umlauts_matches_prefixes_and_marks_hits() {
    let (planner, m) = planner_with_municipality().await;
    let a = planner
        .create_case(case_input(m, "Begegnungsstätte am Markt"))
        .await
        .expect("a")
        .case
        .id;
    let b = planner
        .create_case(case_input(m, "Schulhof öffnen"))
        .await
        .expect("b")
        .case
        .id;
    planner
        .add_journal_entry(
            b,
            JournalInput {
                occurred_on: None,
                kind: JournalKind::SiteVisit,
                author: "A".into(),
                text: "Rundgang mit der Wohnungsgenossenschaft".into(),
                internal: false,
            },
        )
        .await
        .expect("journal");
    let search = |text: &str| {
        let planner = planner.clone();
        let text = text.to_owned();
        async move {
            planner
                .list_cases(&CaseFilter {
                    search: Some(text),
                    ..Default::default()
                })
                .await
                .expect("search")
        }
    };
    let hits = search("begegnungsstatte").await;
    assert_eq!(hits.first().map(|h| h.case.id), Some(a));
    assert_eq!(
        hits[0].title_marked.as_deref(),
        Some("\u{2}Begegnungsstätte\u{3} am Markt")
    );
    assert_eq!(
        search("wohnungsgen rundg")
            .await
            .iter()
            .map(|h| h.case.id)
            .collect::<Vec<_>>(),
        [b]
    );
    assert_eq!(search("lindenhag").await.len(), 2, "the municipality's name is indexed");
    assert!(
        search("\"unbalanced NEAR(").await.is_empty(),
        "FTS syntax in the input is plain text"
    );
    planner
        .update_municipality(
            m,
            MunicipalityInput {
                name: "Rosenau".into(),
                state: "HE".into(),
                ags: None,
            },
        )
        .await
        .expect("rename");
    assert_eq!(search("rosenau").await.len(), 2, "renames reach the index");
    let status_filtered = planner
        .list_cases(&CaseFilter {
            search: Some("begegnung".into()),
            status: Some(CaseStatus::Closed),
            ..Default::default()
        })
        .await
        .expect("search");
    assert!(status_filtered.is_empty());
}

#[tokio::test]
async fn references_stay_unique_with_concurrent_writers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("concurrent.db");
    let first = Planner::open(&path, &test_key()).await.expect("open");
    let m = first
        .create_municipality(MunicipalityInput {
            name: "Eichenau".into(),
            state: "BY".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id;
    // A second pool on the same file, as a second app instance or the CLI would be.
    let second = Planner::open(&path, &test_key()).await.expect("open again");
    let mut handles = Vec::new();
    for i in 0..40 {
        let planner = if i % 2 == 0 { first.clone() } else { second.clone() };
        handles.push(tokio::spawn(async move {
            planner.create_case(case_input(m, &format!("Fall {i}"))).await
        }));
    }
    let mut references = Vec::new();
    for handle in handles {
        references.push(handle.await.expect("join").expect("create").case.reference);
    }
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 40, "every concurrent writer got its own number");
    let year = Planner::today().format("%Y").to_string();
    assert_eq!(references[0], format!("BF-{year}-0001"));
    assert_eq!(references[39], format!("BF-{year}-0040"));
}

#[tokio::test]
async fn demo_data_is_deterministic_and_complete() {
    let options = DemoOptions {
        municipalities: 4,
        cases: 40,
        seed: 7,
    };
    let a = Planner::in_memory().await.expect("a");
    let b = Planner::in_memory().await.expect("b");
    let summary = a.generate_demo_data(&options).await.expect("demo");
    b.generate_demo_data(&options).await.expect("demo");
    assert_eq!(summary.cases, 40);
    let all = CaseFilter::default();
    let list_a = a.list_cases(&all).await.expect("list");
    assert_eq!(list_a, b.list_cases(&all).await.expect("list"));
    assert_eq!(list_a.len(), 40);
    for status in CaseStatus::ALL {
        assert!(list_a.iter().any(|h| h.case.status == status), "{status:?} present");
    }
    let tree = a.municipality_tree().await.expect("tree");
    assert_eq!(tree.len(), 4);
    assert!(tree.iter().all(|m| (2..=5).contains(&m.neighbourhoods.len())));
    assert_eq!(a.settings().await.expect("settings").advisor, "Miriam Albers");
    let dashboard = a.dashboard().await.expect("dashboard");
    assert!(
        dashboard
            .due
            .windows(2)
            .all(|w| (!w[0].overdue, w[0].due_on) <= (!w[1].overdue, w[1].due_on)),
        "overdue first"
    );
    let search = a
        .list_cases(&CaseFilter {
            search: Some("begegnungsstatte".into()),
            ..Default::default()
        })
        .await
        .expect("search");
    assert!(!search.is_empty(), "demo journals mention the Begegnungsstätte");
}

#[tokio::test]
async fn settings_persist() {
    let planner = Planner::in_memory().await.expect("planner");
    assert_eq!(planner.settings().await.expect("settings").language, Language::De);
    let saved = planner
        .save_settings(Settings {
            language: Language::En,
            advisor: " Aylin Demir ".into(),
        })
        .await
        .expect("save");
    assert_eq!(
        saved,
        Settings {
            language: Language::En,
            advisor: "Aylin Demir".into()
        }
    );
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
