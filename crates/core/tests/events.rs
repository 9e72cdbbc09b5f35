//! Events against a real encrypted database: an event is an appointment with a programme, links
//! and participants; the participants' states follow their rules, the waiting list moves up when a
//! place becomes free and never lets the capacity be exceeded, also when forty registrations
//! arrive at once; bulk invitations reach contacts by type, Bundesland and topic; an erased person
//! leaves their participation without them.

use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::{Error, Planner};
use chrono::{NaiveDate, NaiveTime};

struct Fixture {
    planner: Planner,
    municipality: i64,
    case: i64,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("events.db"), &DatabaseKey::from_bytes([3; 32]))
        .await
        .expect("open");
    let municipality = planner
        .create_municipality(MunicipalityInput {
            name: "Oberstedt".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id;
    let case = planner
        .create_case(CaseInput {
            title: "Quartiersfonds Oberstedt".into(),
            summary: String::new(),
            priority: Priority::Normal,
            municipality_id: Some(municipality),
            neighbourhood_id: None,
            advisor: "Miriam Albers".into(),
            opened_on: None,
            closed_on: None,
            next_step: None,
            next_step_due: None,
            topics: vec!["Quartiersfonds".into()],
        })
        .await
        .expect("case")
        .case
        .id;
    Fixture {
        planner,
        municipality,
        case,
        _dir: dir,
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 10).expect("date")
}

fn at(h: u32, m: u32) -> chrono::NaiveDateTime {
    day().and_time(NaiveTime::from_hms_opt(h, m, 0).expect("time"))
}

fn workshop(f: &Fixture, capacity: Option<u32>) -> EventInput {
    EventInput {
        format: EventFormat::Workshop,
        title: "Workshop Quartiersfonds".into(),
        location: Some("Bürgerhaus Oberstedt".into()),
        online_url: None,
        organiser: "Miriam Albers".into(),
        all_day: false,
        starts_on: day(),
        ends_on: day(),
        start_time: NaiveTime::from_hms_opt(10, 0, 0),
        end_time: NaiveTime::from_hms_opt(16, 0, 0),
        time_zone: "Europe/Berlin".into(),
        capacity,
        notes: None,
        municipality_ids: vec![f.municipality],
        case_ids: vec![f.case],
        sessions: vec![
            EventSession {
                starts_at: at(13, 0),
                ends_at: at(15, 30),
                room: Some("Saal".into()),
                title: "Projektideen aus den Quartieren".into(),
                speakers: None,
            },
            EventSession {
                starts_at: at(10, 0),
                ends_at: at(12, 0),
                room: Some("Saal".into()),
                title: "Förderrichtlinie im Überblick".into(),
                speakers: Some("Dr. Petra Lang".into()),
            },
        ],
        accept_overlap: true,
    }
}

/// `n` people, named so that the list sorts as they were made.
async fn people(planner: &Planner, n: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        ids.push(
            planner
                .create_contact(ContactInput {
                    kind: ContactKind::Person,
                    name: format!("Person {i:03}"),
                    organisation: Some("Stadtteilverein".into()),
                    organisation_type: Some(OrganisationType::Association),
                    email: Some(format!("person{i}@example.org")),
                    phone: None,
                })
                .await
                .expect("contact")
                .id,
        );
    }
    ids
}

async fn status_of(planner: &Planner, event: i64) -> Vec<(String, EventParticipantStatus)> {
    planner
        .event_participants(event)
        .await
        .expect("participants")
        .into_iter()
        .map(|p| (p.name.unwrap_or_default(), p.status))
        .collect()
}

#[tokio::test]
async fn an_event_is_an_appointment_with_a_programme_and_links() {
    let f = fixture().await;
    let event = f.planner.create_event(workshop(&f, Some(30))).await.expect("event");
    assert_eq!(event.appointment.input.kind, AppointmentKind::Workshop);
    assert_eq!(
        event.input.sessions[0].title, "Förderrichtlinie im Überblick",
        "in order"
    );
    assert_eq!(event.municipalities[0].name, "Oberstedt");
    assert_eq!(event.cases[0].id, f.case);
    let calendar = f
        .planner
        .appointments(&CalendarQuery {
            from: Some(day()),
            to: Some(day()),
            ..Default::default()
        })
        .await
        .expect("calendar");
    assert_eq!(calendar.len(), 1, "the event is in the calendar");
    assert_eq!(calendar[0].uid, event.appointment.uid);

    let mut changed = workshop(&f, Some(30));
    changed.sessions.pop();
    changed.case_ids.clear();
    changed.title = "Workshop Quartiersfonds (Teil 1)".into();
    let event = f.planner.update_event(event.id, changed).await.expect("update");
    assert_eq!(event.input.sessions.len(), 1);
    assert!(event.cases.is_empty());
    assert_eq!(event.appointment.input.title, "Workshop Quartiersfonds (Teil 1)");
    let listed = f.planner.events(Some(day()), Some(day())).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].capacity, Some(30));

    assert!(
        matches!(
            f.planner.record_event_on_cases(event.id).await,
            Err(Error::Conflict { .. })
        ),
        "no case left to note it on"
    );
    let bad = EventInput {
        capacity: Some(0),
        ..workshop(&f, None)
    };
    match f.planner.create_event(bad).await {
        Err(Error::Validation(errors)) => assert!(errors.has("capacity"), "{errors}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_waiting_list_moves_up_and_the_states_follow_their_rules() {
    let f = fixture().await;
    let event = f.planner.create_event(workshop(&f, Some(3))).await.expect("event").id;
    let ids = people(&f.planner, 6).await;
    let invited = f.planner.invite_to_event(event, &ids).await.expect("invite");
    assert_eq!(invited.invited, 6);
    assert_eq!(
        f.planner
            .invite_to_event(event, &ids[..2])
            .await
            .expect("again")
            .already,
        2
    );
    let participants = f.planner.event_participants(event).await.expect("participants");
    for p in &participants {
        let changed = f
            .planner
            .set_event_participant_status(event, p.id, EventParticipantStatus::Registered)
            .await
            .expect("register");
        assert_eq!(changed.waitlisted, u32::from(p.name.as_deref() >= Some("Person 003")));
    }
    let counts = f.planner.event(event).await.expect("event").counts;
    assert_eq!((counts.registered, counts.waitlisted), (3, 3), "3 places, 3 waiting");

    // Person 001 cancels: Person 003, the longest waiting, moves up.
    let moved = f
        .planner
        .set_event_participant_status(event, participants[1].id, EventParticipantStatus::Cancelled)
        .await
        .expect("cancel");
    assert_eq!(moved.moved_up, 1);
    let states = status_of(&f.planner, event).await;
    assert_eq!(states[3], ("Person 003".to_owned(), EventParticipantStatus::Registered));
    assert_eq!(states[4].1, EventParticipantStatus::Waitlisted);

    // Only who had a place came; a wrong move is named.
    match f
        .planner
        .set_event_participant_status(event, participants[4].id, EventParticipantStatus::Attended)
        .await
    {
        Err(Error::Validation(errors)) => assert!(errors.has("status"), "{errors}"),
        other => panic!("a waiting person marked as attended: {other:?}"),
    }
    f.planner
        .set_event_participant_status(event, participants[0].id, EventParticipantStatus::Attended)
        .await
        .expect("attended");
    f.planner
        .set_event_participant_status(event, participants[2].id, EventParticipantStatus::NoShow)
        .await
        .expect("no show");

    // Fewer places than taken are refused; more move the waiting list up.
    match f.planner.update_event(event, workshop(&f, Some(2))).await {
        Err(Error::Validation(errors)) => assert!(errors.has("capacity"), "{errors}"),
        other => panic!("{other:?}"),
    }
    let bigger = f
        .planner
        .update_event(event, workshop(&f, Some(5)))
        .await
        .expect("bigger");
    assert_eq!(
        (bigger.counts.taken(), bigger.counts.waitlisted, bigger.counts.attended),
        (5, 0, 1)
    );
}

/// Forty registrations at once for ten places: ten get one, thirty wait, never one more.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registrations_never_exceed_the_capacity() {
    let f = fixture().await;
    let event = f.planner.create_event(workshop(&f, Some(10))).await.expect("event").id;
    let ids = people(&f.planner, 40).await;
    f.planner.invite_to_event(event, &ids).await.expect("invite");
    let participants = f.planner.event_participants(event).await.expect("participants");
    let tasks: Vec<_> = participants
        .iter()
        .map(|p| {
            let (planner, id) = (f.planner.clone(), p.id);
            tokio::spawn(async move {
                planner
                    .set_event_participant_status(event, id, EventParticipantStatus::Registered)
                    .await
            })
        })
        .collect();
    let mut waitlisted = 0;
    for task in tasks {
        waitlisted += task.await.expect("task").expect("registration").waitlisted;
    }
    let counts = f.planner.event(event).await.expect("event").counts;
    assert_eq!((counts.registered, counts.waitlisted, waitlisted), (10, 30, 30));
}

#[tokio::test]
async fn bulk_invitations_by_type_state_and_topic_and_an_erased_person_leaves() {
    let f = fixture().await;
    let ids = people(&f.planner, 3).await;
    f.planner
        .add_participant(
            f.case,
            ParticipantInput {
                contact_id: Some(ids[0]),
                new_contact: None,
                role: "Vorstand".into(),
                from_on: None,
            },
        )
        .await
        .expect("role");
    let event = f.planner.create_event(workshop(&f, None)).await.expect("event").id;
    let hessen = InviteFilter {
        state: Some(FederalState::HE),
        topic: Some("quartiersfonds".into()),
        ..Default::default()
    };
    assert_eq!(f.planner.contacts_to_invite(&hessen).await.expect("preview"), 1);
    let elsewhere = InviteFilter {
        state: Some(FederalState::BY),
        ..Default::default()
    };
    assert_eq!(f.planner.contacts_to_invite(&elsewhere).await.expect("none"), 0);
    let associations = InviteFilter {
        organisation_type: Some(OrganisationType::Association),
        ..Default::default()
    };
    assert_eq!(
        f.planner
            .invite_matching(event, &associations)
            .await
            .expect("invite")
            .invited,
        3
    );

    f.planner.erase_contact(ids[1]).await.expect("erase");
    let participants = f.planner.event_participants(event).await.expect("participants");
    assert_eq!(participants.len(), 3, "the participation stays");
    assert_eq!(participants.iter().filter(|p| p.contact_id.is_none()).count(), 1);
    assert!(participants.iter().all(|p| p.name.as_deref() != Some("Person 001")));
}

/// Afterwards: the results, and a journal entry on each linked case saying how many came from its
/// Kommune.
#[tokio::test]
async fn the_event_is_noted_on_its_cases_with_who_came() {
    let f = fixture().await;
    let event = f.planner.create_event(workshop(&f, None)).await.expect("event").id;
    let ids = people(&f.planner, 2).await;
    f.planner
        .add_participant(
            f.case,
            ParticipantInput {
                contact_id: Some(ids[0]),
                new_contact: None,
                role: "Quartiersmanagement".into(),
                from_on: None,
            },
        )
        .await
        .expect("role");
    f.planner.invite_to_event(event, &ids).await.expect("invite");
    for p in f.planner.event_participants(event).await.expect("participants") {
        for status in [EventParticipantStatus::Registered, EventParticipantStatus::Attended] {
            f.planner
                .set_event_participant_status(event, p.id, status)
                .await
                .expect("came");
        }
    }
    f.planner
        .set_event_results(event, "Drei Projektideen für den Fonds.")
        .await
        .expect("results");
    assert_eq!(f.planner.record_event_on_cases(event).await.expect("noted"), 1);
    let detail = f.planner.case_detail(f.case).await.expect("case");
    let entry = detail
        .journal
        .iter()
        .find(|j| j.text.starts_with("Workshop „Workshop Quartiersfonds“"))
        .expect("the entry");
    assert!(
        entry.text.contains("1 Teilnehmende aus Oberstedt") && entry.text.contains("Drei Projektideen"),
        "only the one with a role in Oberstedt counts: {}",
        entry.text
    );
    assert_eq!(entry.kind, JournalKind::Workshop);

    // A follow-up task on every case the event concerns; a task without a title is refused.
    let due = NaiveDate::from_ymd_opt(2027, 6, 1);
    let follow_up = |title: &str| TaskInput {
        title: title.into(),
        due_on: due,
        assignee: "Miriam Albers".into(),
    };
    assert!(matches!(
        f.planner.add_event_follow_up(event, follow_up(" ")).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(
        f.planner
            .add_event_follow_up(event, follow_up("Projektideen an die Kommune senden"))
            .await
            .expect("follow-up"),
        1
    );
    let detail = f.planner.case_detail(f.case).await.expect("case");
    let task = detail
        .tasks
        .iter()
        .find(|t| t.title == "Projektideen an die Kommune senden")
        .expect("the task on the case");
    assert_eq!(task.due_on, due);
}
