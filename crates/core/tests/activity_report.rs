//! The activity report against a real database with known records: every figure of March 2026
//! for the team and for each kind of scope, the consultation hours counted from a series with a
//! skipped day, the records behind a bar or a Land, a period without activity, and what is
//! refused.

use beratungsplaner_core::domain::*;
use beratungsplaner_core::{Error, Planner};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn march() -> ReportPeriod {
    ReportPeriod {
        from: day(3, 1),
        to: day(3, 31),
    }
}

fn query(scope: ReportScope) -> ReportQuery {
    ReportQuery { period: march(), scope }
}

struct Seeded {
    planner: Planner,
    kassel: i64,
    bamberg: i64,
    cases: [i64; 4],
    event: i64,
}

async fn municipality(planner: &Planner, name: &str, state: &str) -> i64 {
    planner
        .create_municipality(MunicipalityInput {
            name: name.into(),
            state: state.into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id
}

async fn case(
    planner: &Planner,
    municipality: i64,
    advisor: &str,
    topics: &[&str],
    opened: NaiveDate,
    closed: Option<NaiveDate>,
) -> i64 {
    let input = CaseInput {
        title: format!("Fall in {municipality} ab {opened}"),
        summary: String::new(),
        priority: Priority::Normal,
        municipality_id: Some(municipality),
        neighbourhood_id: None,
        advisor: advisor.into(),
        opened_on: Some(opened),
        closed_on: None,
        next_step: None,
        next_step_due: None,
        topics: topics.iter().map(|t| (*t).to_owned()).collect(),
    };
    let id = planner.create_case(input.clone()).await.expect("case").case.id;
    if let Some(closed) = closed {
        planner
            .change_case_status(id, CaseStatus::Active)
            .await
            .expect("active");
        planner
            .change_case_status(id, CaseStatus::Closed)
            .await
            .expect("closed");
        planner
            .update_case(
                id,
                CaseInput {
                    closed_on: Some(closed),
                    ..input
                },
            )
            .await
            .expect("closed on the day");
    }
    id
}

async fn journal(planner: &Planner, case_id: i64, kind: JournalKind, on: NaiveDate) {
    planner
        .add_journal_entry(
            case_id,
            JournalInput {
                occurred_on: Some(on),
                kind,
                author: "Miriam Albers".into(),
                text: "Gespräch".into(),
                internal: false,
            },
        )
        .await
        .expect("entry");
}

/// A booking made back then (the window books only slots to come): written through the store as
/// the demo data writes its history. `start` is the slot's local start in March (CET, UTC+1).
async fn booked_in_march(planner: &Planner, series: i64, municipality: i64, case_id: i64, d: u32, minute: u32) -> i64 {
    let key = SlotKey {
        series_id: series,
        occurrence_start: day(3, d).and_hms_opt(10, 0, 0).expect("time"),
        position: minute / 30,
    };
    let start = Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).single().expect("instant")
        + chrono::Duration::minutes(i64::from(minute));
    let mut tx = planner.store().begin().await.expect("tx");
    let id = beratungsplaner_core::store::bookings::insert(
        &mut tx,
        &beratungsplaner_core::store::bookings::NewBooking {
            uid: new_uid(),
            key,
            start,
            end: start + chrono::Duration::minutes(30),
            status: BookingStatus::Booked,
            case_id: Some(case_id),
            municipality_id: municipality,
            contact_id: None,
            topic: None,
            cancel_reason: None,
            minutes_entry_id: None,
        },
    )
    .await
    .expect("booking");
    tx.commit().await.expect("commit");
    id
}

/// Kassel (Hessen) and Bamberg (Bayern); four cases (one closed last year); a consultation hour
/// in Kassel on the Tuesdays of March 10:00–12:00 in 30-minute slots with the 17th skipped (4
/// sessions, 16 slots) and three bookings: held, not come, cancelled; a workshop about housing in
/// Bamberg with two who attended and one who did not.
async fn seeded() -> Seeded {
    let planner = Planner::in_memory().await.expect("planner");
    planner
        .save_settings(Settings {
            language: Language::De,
            advisor: "Miriam Albers".into(),
        })
        .await
        .expect("settings");
    let kassel = municipality(&planner, "Kassel", "HE").await;
    let bamberg = municipality(&planner, "Bamberg", "BY").await;
    let a = case(&planner, kassel, "Miriam Albers", &["Wohnen"], day(2, 10), None).await;
    let b = case(&planner, kassel, "Jonas Wehrmann", &["Bildung"], day(3, 5), None).await;
    let c = case(
        &planner,
        bamberg,
        "Miriam Albers",
        &["Wohnen"],
        day(3, 12),
        Some(day(3, 30)),
    )
    .await;
    let d = case(
        &planner,
        bamberg,
        "Jonas Wehrmann",
        &[],
        NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        Some(NaiveDate::from_ymd_opt(2025, 12, 31).expect("date")),
    )
    .await;
    journal(&planner, a, JournalKind::Consultation, day(3, 3)).await;
    journal(&planner, a, JournalKind::SiteVisit, day(3, 10)).await;
    journal(&planner, b, JournalKind::Call, day(3, 20)).await;
    journal(&planner, a, JournalKind::Note, day(3, 21)).await;
    journal(&planner, d, JournalKind::Consultation, day(3, 4)).await;
    journal(&planner, a, JournalKind::Consultation, day(4, 2)).await;

    let series = planner
        .create_series(SeriesInput {
            title: "Sprechstunde Kassel".into(),
            municipality_id: kassel,
            neighbourhood_id: None,
            location: Some("Rathaus".into()),
            online_url: None,
            advisor: "Miriam Albers".into(),
            time_zone: "Europe/Berlin".into(),
            recurrence: RecurrenceKind::Weekly,
            interval_weeks: 1,
            weekdays: vec![2],
            nth: 1,
            starts_on: day(3, 1),
            until_on: Some(day(3, 31)),
            count: None,
            window_start: NaiveTime::from_hms_opt(10, 0, 0).expect("time"),
            window_end: NaiveTime::from_hms_opt(12, 0, 0).expect("time"),
            slot_minutes: 30,
            buffer_minutes: 0,
            skip_holidays: true,
            exceptions: vec![SeriesException {
                kind: ExceptionKind::Skip,
                original_on: Some(day(3, 17)),
                date: None,
                start: None,
                end: None,
                reason: Some("Fortbildung".into()),
            }],
        })
        .await
        .expect("series")
        .id;
    booked_in_march(&planner, series, kassel, a, 3, 0).await;
    let not_come = booked_in_march(&planner, series, kassel, b, 10, 30).await;
    planner.set_booking_no_show(not_come, true).await.expect("not come");
    let cancelled = booked_in_march(&planner, series, kassel, a, 24, 60).await;
    planner.cancel_booking(cancelled, "krank").await.expect("cancelled");
    let refused = planner.set_booking_no_show(cancelled, true).await;
    assert!(matches!(refused, Err(Error::Conflict { .. })), "{refused:?}");

    let event = planner
        .create_event(EventInput {
            format: EventFormat::Workshop,
            title: "Werkstatt Wohnen".into(),
            location: Some("Bamberg".into()),
            online_url: None,
            organiser: "Miriam Albers".into(),
            all_day: false,
            starts_on: day(3, 18),
            ends_on: day(3, 18),
            start_time: NaiveTime::from_hms_opt(14, 0, 0),
            end_time: NaiveTime::from_hms_opt(16, 0, 0),
            time_zone: "Europe/Berlin".into(),
            capacity: None,
            notes: None,
            municipality_ids: Vec::new(),
            case_ids: vec![c],
            sessions: Vec::new(),
            accept_overlap: true,
        })
        .await
        .expect("event")
        .id;
    let mut people = Vec::new();
    for name in ["Anna Schmidt", "Bernd Kaya", "Cem Yilmaz"] {
        people.push(
            planner
                .create_contact(ContactInput {
                    kind: ContactKind::Person,
                    name: name.into(),
                    organisation: None,
                    organisation_type: None,
                    email: None,
                    phone: None,
                })
                .await
                .expect("contact")
                .id,
        );
    }
    planner.invite_to_event(event, &people).await.expect("invited");
    let participants = planner.event_participants(event).await.expect("participants");
    for (i, p) in participants.iter().enumerate() {
        planner
            .set_event_participant_status(event, p.id, EventParticipantStatus::Registered)
            .await
            .expect("registered");
        let outcome = if i < 2 {
            EventParticipantStatus::Attended
        } else {
            EventParticipantStatus::NoShow
        };
        planner
            .set_event_participant_status(event, p.id, outcome)
            .await
            .expect("outcome");
    }
    Seeded {
        planner,
        kassel,
        bamberg,
        cases: [a, b, c, d],
        event,
    }
}

fn after_march() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 15, 12, 0, 0).single().expect("instant")
}

#[tokio::test]
async fn the_teams_march_is_counted_figure_by_figure() {
    let s = seeded().await;
    let report = s
        .planner
        .activity_report_at(query(ReportScope::Team), after_march())
        .await
        .expect("report");
    assert_eq!(
        report.cases,
        CaseFigures {
            opened: 2,
            active: 3,
            closed: 1
        }
    );
    assert_eq!(
        report.journal,
        JournalFigures {
            consultations: 1,
            site_visits: 1,
            workshops: 0,
            meetings: 0,
            calls: 1,
            emails: 0,
        },
        "a note, an entry in April and one of last year's case do not count"
    );
    assert_eq!(
        report.consultation_hours,
        ConsultationFigures {
            sessions_held: Some(4),
            slots_offered: Some(16),
            bookings: 2,
            slots_used: 1,
            cancelled: 1,
            no_shows: 1,
        }
    );
    let workshops = report
        .events
        .iter()
        .find(|e| e.format == EventFormat::Workshop)
        .expect("workshops");
    assert_eq!((workshops.events, workshops.attended), (1, 2));
    assert_eq!(report.events_total(), 1);
    assert_eq!(
        report.reach,
        ReachFigures {
            municipalities: 2,
            neighbourhoods: 0
        }
    );
    assert_eq!(report.months.len(), 1);
    let month = &report.months[0];
    assert_eq!((month.cases_opened, month.cases_closed, month.consultations), (2, 1, 1));
    assert_eq!((month.slots_used, month.events, month.attended), (1, 1, 2));
    let wohnen = report.topics.iter().find(|t| t.topic == "Wohnen").expect("Wohnen");
    assert_eq!((wohnen.cases_active, wohnen.cases_opened, wohnen.events), (2, 1, 1));
    assert_eq!(report.topics[0].topic, "Wohnen", "by active cases");
    let state = |code: FederalState| report.states.iter().find(|r| r.state == code).expect("state");
    assert_eq!(report.states.len(), 16);
    assert_eq!(
        (
            state(FederalState::HE).cases_active,
            state(FederalState::HE).municipalities
        ),
        (2, 1)
    );
    assert_eq!(
        (state(FederalState::BY).cases_active, state(FederalState::BY).events),
        (1, 1)
    );
    assert_eq!(state(FederalState::NW).cases_active, 0);
    let miriam = report
        .advisors
        .iter()
        .find(|a| a.advisor == "Miriam Albers")
        .expect("Miriam");
    assert_eq!(
        (miriam.cases_active, miriam.cases_opened, miriam.cases_closed),
        (2, 1, 1)
    );
    assert_eq!((miriam.journal_entries, miriam.slots_used, miriam.events), (2, 1, 1));
    let jonas = report
        .advisors
        .iter()
        .find(|a| a.advisor == "Jonas Wehrmann")
        .expect("Jonas");
    assert_eq!((jonas.cases_active, jonas.journal_entries), (1, 1));

    // Counted in the middle of March, only what had ended was held.
    let mid_march = Utc.with_ymd_and_hms(2026, 3, 12, 12, 0, 0).single().expect("instant");
    let then = s
        .planner
        .activity_report_at(query(ReportScope::Team), mid_march)
        .await
        .expect("report");
    assert_eq!(then.consultation_hours.sessions_held, Some(2));
    assert_eq!(then.consultation_hours.slots_offered, Some(16));
}

#[tokio::test]
async fn each_scope_counts_only_its_own() {
    let s = seeded().await;
    let at = after_march();
    let mine = s
        .planner
        .activity_report_at(query(ReportScope::Mine), at)
        .await
        .expect("mine");
    assert!(mine.scope_label.contains("Miriam Albers"));
    assert_eq!(
        mine.cases,
        CaseFigures {
            opened: 1,
            active: 2,
            closed: 1
        }
    );
    assert_eq!(mine.consultation_hours.sessions_held, Some(4), "her consultation hour");
    assert_eq!(mine.events_total(), 1, "she organised the workshop");

    let bayern = s
        .planner
        .activity_report_at(
            query(ReportScope::State {
                state: FederalState::BY,
            }),
            at,
        )
        .await
        .expect("Bayern");
    assert_eq!(bayern.scope_label, "Land Bayern");
    assert_eq!(
        bayern.cases,
        CaseFigures {
            opened: 1,
            active: 1,
            closed: 1
        }
    );
    assert_eq!(bayern.consultation_hours.sessions_held, Some(0));
    assert_eq!(bayern.consultation_hours.bookings, 0);
    assert_eq!(bayern.events_total(), 1);
    assert_eq!(bayern.reach.municipalities, 1);

    let kassel = s
        .planner
        .activity_report_at(query(ReportScope::Municipality { id: s.kassel }), at)
        .await
        .expect("Kassel");
    assert_eq!(kassel.scope_label, "Kommune Kassel");
    assert_eq!(kassel.cases.active, 2);
    assert_eq!(kassel.consultation_hours.slots_offered, Some(16));
    assert_eq!(kassel.events_total(), 0);

    let wohnen = s
        .planner
        .activity_report_at(query(ReportScope::Topic { name: "Wohnen".into() }), at)
        .await
        .expect("Wohnen");
    assert_eq!(wohnen.cases.active, 2);
    assert_eq!(wohnen.consultation_hours.sessions_held, None, "a series has no topic");
    assert_eq!(wohnen.consultation_hours.bookings, 1, "the booking of the housing case");
    assert_eq!(wohnen.events_total(), 1);
    assert_eq!(wohnen.journal.consultations, 1);
    let _ = s.bamberg;
}

#[tokio::test]
async fn a_bar_and_a_land_list_the_records_they_count() {
    let s = seeded().await;
    let [a, b, c, _] = s.cases;
    let drill = |measure, topic: Option<&str>, state| ReportDrill {
        query: query(ReportScope::Team),
        measure,
        within: Some(ReportPeriod {
            from: day(3, 1),
            to: day(3, 31),
        }),
        topic: topic.map(str::to_owned),
        state,
        advisor: None,
    };
    let ids = |records: Vec<ReportRecord>| records.iter().map(|r| r.id).collect::<Vec<_>>();
    let opened = s
        .planner
        .activity_report_records(drill(ReportMeasure::CasesOpened, None, None))
        .await
        .expect("opened");
    let mut opened_ids = ids(opened.clone());
    opened_ids.sort_unstable();
    assert_eq!(opened_ids, [b, c]);
    assert!(opened
        .iter()
        .all(|r| r.kind == ReportRecordKind::Case && r.reference.starts_with("BF-")));
    let housing = s
        .planner
        .activity_report_records(drill(ReportMeasure::CasesActive, Some("Wohnen"), None))
        .await
        .expect("housing");
    let mut housing_ids = ids(housing);
    housing_ids.sort_unstable();
    assert_eq!(housing_ids, [a, c]);
    let closed = s
        .planner
        .activity_report_records(drill(ReportMeasure::CasesClosed, None, Some(FederalState::BY)))
        .await
        .expect("closed");
    assert_eq!(closed.len(), 1);
    assert_eq!((closed[0].id, closed[0].date), (c, day(3, 30)));
    let events = s
        .planner
        .activity_report_records(drill(ReportMeasure::Events, None, Some(FederalState::BY)))
        .await
        .expect("events");
    assert_eq!(ids(events.clone()), [s.event]);
    assert_eq!(events[0].reference, "Workshop");
    assert_eq!(events[0].municipality.as_deref(), Some("Bamberg"));
    let none = s
        .planner
        .activity_report_records(drill(ReportMeasure::Events, None, Some(FederalState::HE)))
        .await
        .expect("none");
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_quiet_period_is_zeros_and_a_reversed_one_is_refused() {
    let s = seeded().await;
    let quiet = ReportQuery {
        period: ReportPeriod {
            from: day(6, 1),
            to: day(8, 31),
        },
        scope: ReportScope::Team,
    };
    let report = s.planner.activity_report_at(quiet, after_march()).await.expect("zeros");
    assert_eq!(report.cases.opened + report.cases.closed, 0);
    assert_eq!(report.cases.active, 2, "two cases are still open");
    assert_eq!(report.consultation_hours.sessions_held, Some(0));
    assert_eq!(report.consultation_hours.bookings, 0);
    assert_eq!(report.events_total(), 0);
    assert_eq!(report.months.len(), 3);

    let reversed = ReportQuery {
        period: ReportPeriod {
            from: day(4, 1),
            to: day(3, 31),
        },
        scope: ReportScope::Team,
    };
    match s.planner.activity_report(reversed).await {
        Err(Error::Validation(errors)) => assert!(errors.has("to"), "{errors}"),
        other => panic!("{other:?}"),
    }
    match s
        .planner
        .activity_report(query(ReportScope::Topic {
            name: "Raumfahrt".into(),
        }))
        .await
    {
        Err(Error::Validation(errors)) => assert!(errors.has("scope"), "{errors}"),
        other => panic!("{other:?}"),
    }
}
