//! Likely duplicate contacts against a real encrypted database: found by name within an
//! organisation, merged with every role and event participation carried over (the counts before
//! are the counts after), the kept contact's gaps filled, the other gone; a preview changes
//! nothing, and a contact cannot be merged with itself or with an organisation.

use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::{Error, Planner};
use chrono::NaiveDate;

fn person(name: &str, email: Option<&str>, phone: Option<&str>) -> ContactInput {
    ContactInput {
        kind: ContactKind::Person,
        name: name.into(),
        organisation: Some("Quartiersbüro Nord".into()),
        organisation_type: Some(OrganisationType::SocialAgency),
        email: email.map(Into::into),
        phone: phone.map(Into::into),
    }
}

async fn count(planner: &Planner, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(planner.store().pool())
        .await
        .expect("count")
}

async fn links(planner: &Planner, id: i64) -> (i64, i64) {
    (
        count(planner, "SELECT count(*) FROM case_contacts WHERE contact_id = ?1", id).await,
        count(
            planner,
            "SELECT count(*) FROM event_participants WHERE contact_id = ?1",
            id,
        )
        .await,
    )
}

#[tokio::test]
async fn a_duplicate_is_found_and_merged_with_everything_it_had() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("merge.db"), &DatabaseKey::from_bytes([4; 32]))
        .await
        .expect("open");
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Oberstedt".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id;
    let anna = planner
        .create_contact(person("Anna Meyer-Hansen", Some("anna@example.org"), None))
        .await
        .expect("anna")
        .id;
    let twin = planner
        .create_contact(person("Dr. Anna Meyer Hansen", None, Some("0561 1234")))
        .await
        .expect("twin")
        .id;
    let other = planner
        .create_contact(person("Bernd Schulz", None, None))
        .await
        .expect("bernd")
        .id;
    let mut cases = Vec::new();
    for (title, who) in [("Quartiersfonds", anna), ("Nachbarschaftstreff", twin)] {
        let case = planner
            .create_case(CaseInput {
                title: title.into(),
                summary: String::new(),
                priority: Priority::Normal,
                municipality_id: Some(m),
                neighbourhood_id: None,
                advisor: "Miriam Albers".into(),
                opened_on: None,
                closed_on: None,
                next_step: None,
                next_step_due: None,
                topics: vec![],
            })
            .await
            .expect("case")
            .case
            .id;
        planner
            .add_participant(
                case,
                ParticipantInput {
                    contact_id: Some(who),
                    new_contact: None,
                    role: "Quartiersmanagement".into(),
                    from_on: None,
                },
            )
            .await
            .expect("role");
        cases.push(case);
    }
    let day = NaiveDate::from_ymd_opt(2027, 5, 4).expect("date");
    let mut events = Vec::new();
    for title in ["Workshop A", "Workshop B"] {
        let event = planner
            .create_event(EventInput {
                format: EventFormat::Workshop,
                title: title.into(),
                location: Some("Bürgerhaus".into()),
                online_url: None,
                organiser: "Miriam Albers".into(),
                all_day: true,
                starts_on: day,
                ends_on: day,
                start_time: None,
                end_time: None,
                time_zone: "Europe/Berlin".into(),
                capacity: None,
                notes: None,
                municipality_ids: vec![m],
                case_ids: vec![],
                sessions: vec![],
                accept_overlap: true,
            })
            .await
            .expect("event")
            .id;
        events.push(event);
    }
    // Workshop A: Anna invited, her twin registered; workshop B: the twin only.
    planner.invite_to_event(events[0], &[anna, twin]).await.expect("invite");
    planner.invite_to_event(events[1], &[twin]).await.expect("invite");
    let registered = planner
        .event_participants(events[0])
        .await
        .expect("participants")
        .into_iter()
        .find(|p| p.contact_id == Some(twin))
        .expect("the twin");
    planner
        .set_event_participant_status(events[0], registered.id, EventParticipantStatus::Registered)
        .await
        .expect("register");

    let pairs = planner.contact_duplicates().await.expect("duplicates");
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(
        (pairs[0].keep.id, pairs[0].drop.id, pairs[0].reason),
        (anna, twin, DuplicateReason::SimilarName)
    );

    let before = (links(&planner, anna).await, links(&planner, twin).await);
    let preview = planner.merge_contacts(anna, twin, true).await.expect("preview");
    assert_eq!(
        (preview.roles, preview.participations, preview.shared_events),
        (1, 1, 1)
    );
    assert_eq!(preview.keep.phone.as_deref(), Some("0561 1234"), "the gap filled");
    assert_eq!(
        (links(&planner, anna).await, links(&planner, twin).await),
        before,
        "a preview changes nothing"
    );

    planner.merge_contacts(anna, twin, false).await.expect("merge");
    let (roles, participations) = links(&planner, anna).await;
    assert_eq!(roles, before.0 .0 + before.1 .0, "every role carried over");
    assert_eq!(participations, 2, "one per event: the shared one stays once");
    assert_eq!(links(&planner, twin).await, (0, 0));
    let kept = planner
        .event_participants(events[0])
        .await
        .expect("participants")
        .into_iter()
        .find(|p| p.contact_id == Some(anna))
        .expect("anna at workshop A");
    assert_eq!(
        kept.status,
        EventParticipantStatus::Registered,
        "the further state stays"
    );
    let anna_now = planner.list_contacts("Meyer", 10).await.expect("contacts");
    assert_eq!(anna_now.len(), 1, "{anna_now:?}");
    assert_eq!(anna_now[0].email.as_deref(), Some("anna@example.org"));
    assert_eq!(anna_now[0].phone.as_deref(), Some("0561 1234"));
    assert!(planner.contact_duplicates().await.expect("none left").is_empty());

    for (keep, drop) in [(anna, anna), (anna, other + 1000)] {
        match planner.merge_contacts(keep, drop, false).await {
            Err(Error::Validation(_) | Error::NotFound { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}
