//! Consultation hours through the `Planner` against real SQLite files with migrations: booking,
//! rebooking and cancelling with their journal entries, a slot booked by two writers at once,
//! the preview and confirmation of an edit that removes booked slots, overlaps of one advisor,
//! the minutes of a past consultation, and the demo year.
//!
//! Dates lie in 2030, ahead of any day these tests run for years to come; 1 May 2030 (Tag der
//! Arbeit) is a Wednesday.

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::*;
use beratungsplaner_core::{Error, Planner};
use chrono::{NaiveDate, NaiveTime};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

async fn municipality(planner: &Planner) -> i64 {
    planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id
}

/// Fortnightly on Wednesday from 17 April 2030, 09:00–12:00 in 30-minute slots with 10 minutes'
/// buffer: 17 April, (1 May: holiday), 15 May, 29 May, …
fn fortnightly(municipality_id: i64) -> SeriesInput {
    SeriesInput {
        title: "Sprechstunde Lindenhagen".into(),
        municipality_id,
        neighbourhood_id: None,
        location: Some("Rathaus, Raum 12".into()),
        online_url: None,
        advisor: "Miriam Albers".into(),
        time_zone: "Europe/Berlin".into(),
        recurrence: RecurrenceKind::Weekly,
        interval_weeks: 2,
        weekdays: vec![3],
        nth: 1,
        starts_on: date(2030, 4, 17),
        until_on: Some(date(2030, 12, 31)),
        count: None,
        window_start: time(9, 0),
        window_end: time(12, 0),
        slot_minutes: 30,
        buffer_minutes: 10,
        skip_holidays: true,
        exceptions: Vec::new(),
    }
}

async fn case(planner: &Planner, municipality_id: i64) -> i64 {
    planner
        .create_case(CaseInput {
            title: "Begegnungsstätte Nordstadt".into(),
            summary: String::new(),
            priority: Priority::Normal,
            municipality_id: Some(municipality_id),
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
        .id
}

fn query(from: NaiveDate, to: NaiveDate) -> CalendarQuery {
    CalendarQuery {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    }
}

fn booking_for(slot_id: &str, case_id: i64) -> BookingInput {
    BookingInput {
        slot_id: slot_id.into(),
        case_id: Some(case_id),
        contact_id: None,
        topic: None,
        accept_overlap: false,
    }
}

#[tokio::test]
async fn holidays_are_skipped_and_slots_keep_their_wall_clock_time() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = municipality(&planner).await;
    let series = planner.create_series(fortnightly(m)).await.expect("series");
    let slots = planner
        .slots(&query(date(2030, 4, 15), date(2030, 5, 19)))
        .await
        .expect("slots");
    let days: Vec<String> = slots.iter().map(|s| s.start.format("%m-%d").to_string()).collect();
    assert_eq!(slots.len(), 8, "two days with four slots each: {days:?}");
    assert!(!days.iter().any(|d| d == "05-01"), "Tag der Arbeit is skipped");
    assert_eq!(slots[0].id, format!("{}-20300417T0900-0", series.id));
    assert_eq!(slots[0].start.to_rfc3339(), "2030-04-17T09:00:00+02:00");
    assert!(slots.iter().all(|s| s.status == SlotStatus::Free));

    let view = planner
        .calendar_view(&CalendarQuery {
            municipality_id: Some(m),
            ..query(date(2030, 4, 29), date(2030, 5, 5))
        })
        .await
        .expect("view");
    assert_eq!(view.holidays.len(), 1);
    assert_eq!(view.holidays[0].name, "Tag der Arbeit");
    assert_eq!(view.holidays[0].states, [FederalState::HE]);

    let preview = planner.preview_series(None, fortnightly(m)).await.expect("preview");
    let states: Vec<PreviewState> = preview.occurrences.iter().take(3).map(|o| o.state).collect();
    assert_eq!(
        states,
        [PreviewState::Regular, PreviewState::Holiday, PreviewState::Regular]
    );
    assert_eq!(preview.occurrences[1].note.as_deref(), Some("Tag der Arbeit"));
    assert!(preview.occurrences[1].slots.is_empty());
    assert_eq!(preview.occurrences[0].slots.len(), 4);

    let holiday_slot = format!("{}-20300501T0900-0", series.id);
    let case_id = case(&planner, m).await;
    let refused = planner.book_slot(booking_for(&holiday_slot, case_id)).await;
    assert!(matches!(refused, Err(Error::Conflict { .. })), "{refused:?}");
}

#[tokio::test]
async fn book_rebook_and_cancel_write_the_journal_and_free_the_slot() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = municipality(&planner).await;
    let series = planner.create_series(fortnightly(m)).await.expect("series");
    let case_id = case(&planner, m).await;
    let first = format!("{}-20300417T0900-1", series.id);
    let later = format!("{}-20300515T0900-2", series.id);

    let booking = planner.book_slot(booking_for(&first, case_id)).await.expect("book");
    assert_eq!(booking.status, BookingStatus::Booked);
    assert_eq!(booking.start.to_rfc3339(), "2030-04-17T09:40:00+02:00");
    assert_eq!(
        booking.case_reference.as_deref().map(|r| r.starts_with("BF-")),
        Some(true)
    );
    let detail = planner.case_detail(case_id).await.expect("case");
    assert_eq!(
        detail.journal[0].text,
        "Sprechstunde gebucht: Mi., 17.04.2030, 09:40 Uhr – Sprechstunde Lindenhagen"
    );
    assert_eq!(detail.bookings.len(), 1);
    let again = planner.book_slot(booking_for(&first, case_id)).await;
    assert!(
        matches!(&again, Err(Error::Conflict { de, .. }) if de.contains("bereits gebucht")),
        "{again:?}"
    );

    let moved = planner.rebook(booking.id, &later, false).await.expect("rebook");
    assert_eq!((moved.slot_id.as_str(), moved.sequence), (later.as_str(), 1));
    assert_eq!(moved.uid, booking.uid, "the calendar UID stays");
    let slots = planner
        .slots(&query(date(2030, 4, 17), date(2030, 5, 15)))
        .await
        .expect("slots");
    let status_of = |id: &str| slots.iter().find(|s| s.id == id).map(|s| s.status);
    assert_eq!(status_of(&first), Some(SlotStatus::Free), "the old slot is free again");
    assert_eq!(status_of(&later), Some(SlotStatus::Booked));
    let journal = planner.case_detail(case_id).await.expect("case").journal;
    assert!(journal[0]
        .text
        .starts_with("Sprechstunde umgebucht: Mi., 17.04.2030, 09:40 Uhr → Mi., 15.05.2030, 10:20 Uhr"));

    let blank = planner.cancel_booking(booking.id, "  ").await;
    assert!(
        matches!(&blank, Err(Error::Validation(f)) if f.has("reason")),
        "{blank:?}"
    );
    let cancelled = planner.cancel_booking(booking.id, "Krankheit").await.expect("cancel");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason.as_deref(), Some("Krankheit"));
    let slots = planner
        .slots(&query(date(2030, 5, 15), date(2030, 5, 15)))
        .await
        .expect("slots");
    let slot = slots.iter().find(|s| s.id == later).expect("slot");
    assert_eq!(slot.status, SlotStatus::Cancelled, "kept as cancelled");
    // … and bookable again.
    let other = planner
        .book_slot(BookingInput {
            slot_id: later.clone(),
            case_id: None,
            contact_id: None,
            topic: Some("Verfügungsfonds".into()),
            accept_overlap: false,
        })
        .await;
    assert!(
        matches!(&other, Err(Error::Validation(f)) if f.has("contact_id")),
        "a booking without a case names a contact: {other:?}"
    );
    let contact = planner
        .create_contact(ContactInput {
            kind: ContactKind::Person,
            name: "Jana Schmidt".into(),
            organisation: Some("Amt für Stadtentwicklung".into()),
            organisation_type: Some(OrganisationType::MunicipalOffice),
            email: None,
            phone: None,
        })
        .await
        .expect("contact");
    let rebooked = planner
        .book_slot(BookingInput {
            slot_id: later.clone(),
            case_id: None,
            contact_id: Some(contact.id),
            topic: Some("Verfügungsfonds".into()),
            accept_overlap: false,
        })
        .await
        .expect("free again");
    assert_eq!(rebooked.contact_name.as_deref(), Some("Jana Schmidt"));
    let journal = planner.case_detail(case_id).await.expect("case").journal;
    assert_eq!(
        journal[0].text,
        "Sprechstunde abgesagt: Mi., 15.05.2030, 10:20 Uhr – Sprechstunde Lindenhagen (Grund: Krankheit)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_writers_booking_one_slot_at_once_get_one_booking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("race.db");
    let first = Planner::open(&path, &test_key()).await.expect("open");
    let m = municipality(&first).await;
    let series = first.create_series(fortnightly(m)).await.expect("series");
    let case_id = case(&first, m).await;
    // A second pool on the same file, as a second app instance or the CLI would be.
    let second = Planner::open(&path, &test_key()).await.expect("open again");
    for round in 0..10 {
        let slot = format!("{}-20300529T0900-{}", series.id, round % 4);
        let slot = if round < 4 {
            slot
        } else {
            format!("{}-20300612T0900-{}", series.id, round % 4)
        };
        let (a, b) = (first.clone(), second.clone());
        let (one, two) = (booking_for(&slot, case_id), booking_for(&slot, case_id));
        let results = tokio::join!(
            tokio::spawn(async move { a.book_slot(one).await }),
            tokio::spawn(async move { b.book_slot(two).await })
        );
        let results = [results.0.expect("join"), results.1.expect("join")];
        let won = results.iter().filter(|r| r.is_ok()).count();
        let lost: Vec<&Error> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        if round < 8 {
            assert_eq!(won, 1, "round {round}: {results:?}");
            assert!(
                matches!(lost[0], Error::Conflict { de, .. } if de.contains("bereits gebucht")),
                "{lost:?}"
            );
        } else {
            assert_eq!(won, 0, "round {round}: the slot was taken in an earlier round");
        }
    }
    let booked = first
        .slots(&query(date(2030, 5, 29), date(2030, 6, 12)))
        .await
        .expect("slots")
        .into_iter()
        .filter(|s| s.status == SlotStatus::Booked)
        .count();
    assert_eq!(booked, 8);
}

#[tokio::test]
async fn an_edit_that_removes_booked_slots_is_previewed_confirmed_and_marks_them() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = municipality(&planner).await;
    let series = planner.create_series(fortnightly(m)).await.expect("series");
    let case_id = case(&planner, m).await;
    for slot in [
        "20300515T0900-3",
        "20300529T0900-0",
        "20300529T0900-3",
        "20300612T0900-1",
    ] {
        planner
            .book_slot(booking_for(&format!("{}-{slot}", series.id), case_id))
            .await
            .expect("book");
    }
    // Shorter window (the last slot of each day goes) and 29 May skipped.
    let edit = SeriesInput {
        window_end: time(11, 0),
        exceptions: vec![SeriesException {
            kind: ExceptionKind::Skip,
            original_on: Some(date(2030, 5, 29)),
            date: None,
            start: None,
            end: None,
            reason: Some("Kongress".into()),
        }],
        ..fortnightly(m)
    };
    let preview = planner
        .preview_series(Some(series.id), edit.clone())
        .await
        .expect("preview");
    assert_eq!(preview.removed_occurrences, 1, "29 May");
    let affected: Vec<String> = preview.affected.iter().map(|b| b.slot_id.clone()).collect();
    assert_eq!(
        affected,
        [
            format!("{}-20300515T0900-3", series.id),
            format!("{}-20300529T0900-0", series.id),
            format!("{}-20300529T0900-3", series.id),
        ]
    );
    let refused = planner.update_series(series.id, edit.clone(), false).await;
    let Err(Error::NeedsConfirmation { de, .. }) = &refused else {
        panic!("{refused:?}")
    };
    assert_eq!(
        de,
        "1 Sprechstunden fallen aus, 3 Buchungen betroffen. Sie werden als „muss umgebucht werden“ markiert."
    );
    assert_eq!(
        planner.series(series.id).await.expect("series").input.window_end,
        time(12, 0),
        "nothing changed"
    );

    let saved = planner.update_series(series.id, edit, true).await.expect("update");
    assert_eq!(saved.sequence, 1);
    let view = planner
        .calendar_view(&query(date(2030, 5, 1), date(2030, 6, 30)))
        .await
        .expect("view");
    assert_eq!(view.displaced.len(), 3, "never deleted, marked");
    assert!(view.displaced.iter().all(|b| b.status == BookingStatus::NeedsRebooking));
    let kept = view
        .slots
        .iter()
        .filter(|s| s.status == SlotStatus::Booked)
        .map(|s| s.id.clone())
        .collect::<Vec<_>>();
    assert_eq!(kept, [format!("{}-20300612T0900-1", series.id)]);
    let journal = planner.case_detail(case_id).await.expect("case").journal;
    assert!(journal[0]
        .text
        .starts_with("Sprechstunde entfällt, muss umgebucht werden:"));

    // A displaced booking is rebooked into a slot that exists.
    let displaced = &view.displaced[0];
    let rebooked = planner
        .rebook(displaced.id, &format!("{}-20300626T0900-0", series.id), false)
        .await
        .expect("rebook");
    assert_eq!(rebooked.status, BookingStatus::Booked);
}

#[tokio::test]
async fn a_moved_occurrence_carries_its_bookings_along() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = municipality(&planner).await;
    let series = planner.create_series(fortnightly(m)).await.expect("series");
    let case_id = case(&planner, m).await;
    let slot = format!("{}-20300515T0900-0", series.id);
    let booking = planner.book_slot(booking_for(&slot, case_id)).await.expect("book");
    let edit = SeriesInput {
        exceptions: vec![SeriesException {
            kind: ExceptionKind::Move,
            original_on: Some(date(2030, 5, 15)),
            date: Some(date(2030, 5, 16)),
            start: Some(time(14, 0)),
            end: Some(time(17, 0)),
            reason: Some("Raum belegt".into()),
        }],
        ..fortnightly(m)
    };
    let preview = planner
        .preview_series(Some(series.id), edit.clone())
        .await
        .expect("preview");
    assert!(preview.affected.is_empty());
    planner
        .update_series(series.id, edit, false)
        .await
        .expect("no confirmation needed");
    let view = planner
        .calendar_view(&query(date(2030, 5, 16), date(2030, 5, 16)))
        .await
        .expect("view");
    let moved = view.slots.iter().find(|s| s.id == slot).expect("same identity");
    assert_eq!(moved.start.to_rfc3339(), "2030-05-16T14:00:00+02:00");
    assert_eq!(moved.occurrence, OccurrenceKind::Moved);
    let booking_now = moved.booking.as_ref().expect("booking");
    assert_eq!((booking_now.id, booking_now.sequence), (booking.id, 1));

    let not_a_day = planner
        .preview_series(
            Some(series.id),
            SeriesInput {
                exceptions: vec![SeriesException {
                    kind: ExceptionKind::Skip,
                    original_on: Some(date(2030, 5, 14)),
                    date: None,
                    start: None,
                    end: None,
                    reason: None,
                }],
                ..fortnightly(m)
            },
        )
        .await;
    assert!(
        matches!(&not_a_day, Err(Error::Validation(f)) if f.has("exceptions.0")),
        "{not_a_day:?}"
    );
}

#[tokio::test]
async fn overlaps_of_one_advisor_are_flagged_and_may_be_saved_deliberately() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = municipality(&planner).await;
    let series = planner.create_series(fortnightly(m)).await.expect("series");
    let case_id = case(&planner, m).await;
    planner
        .book_slot(booking_for(&format!("{}-20300515T0900-1", series.id), case_id))
        .await
        .expect("book");
    let visit = AppointmentInput {
        kind: AppointmentKind::SiteVisit,
        title: "Standortbesuch Nordstadt".into(),
        location: Some("Marktplatz".into()),
        case_id: Some(case_id),
        municipality_id: None,
        advisor: "Miriam Albers".into(),
        all_day: false,
        starts_on: date(2030, 5, 15),
        ends_on: date(2030, 5, 15),
        start_time: Some(time(10, 0)),
        end_time: Some(time(11, 0)),
        time_zone: "Europe/Berlin".into(),
        notes: None,
        accept_overlap: false,
    };
    let refused = planner.create_appointment(visit.clone()).await;
    let Err(Error::NeedsConfirmation { de, .. }) = &refused else {
        panic!("{refused:?}")
    };
    assert!(de.contains("Sprechstunde Lindenhagen – BF-"), "{de}");
    assert!(de.contains("15.05.2030 09:40"), "{de}");
    let saved = planner
        .create_appointment(AppointmentInput {
            accept_overlap: true,
            ..visit.clone()
        })
        .await
        .expect("saved deliberately");
    assert_eq!(saved.input.municipality_id, Some(m), "taken from the case");

    // An all-day congress overlaps everything that day, and someone else's items do not count.
    let congress = AppointmentInput {
        kind: AppointmentKind::Congress,
        title: "Jahreskongress".into(),
        all_day: true,
        case_id: None,
        start_time: None,
        end_time: None,
        starts_on: date(2030, 5, 15),
        ends_on: date(2030, 5, 16),
        ..visit.clone()
    };
    let refused = planner.create_appointment(congress.clone()).await;
    assert!(matches!(refused, Err(Error::NeedsConfirmation { .. })));
    planner
        .create_appointment(AppointmentInput {
            advisor: "Jonas Wehrmann".into(),
            ..congress
        })
        .await
        .expect("another advisor");

    let view = planner
        .calendar_view(&query(date(2030, 5, 15), date(2030, 5, 15)))
        .await
        .expect("view");
    let booked = view
        .slots
        .iter()
        .find(|s| s.status == SlotStatus::Booked)
        .expect("booked");
    assert_eq!(booked.conflicts, ["Standortbesuch Nordstadt (15.05.2030 10:00)"]);
    let visit_shown = view
        .appointments
        .iter()
        .find(|a| a.input.title == "Standortbesuch Nordstadt")
        .expect("visit");
    assert_eq!(visit_shown.conflicts.len(), 1);
    assert!(visit_shown.conflicts[0].starts_with("Sprechstunde Lindenhagen – BF-"));
    assert_eq!(
        planner.case_detail(case_id).await.expect("case").appointments.len(),
        1,
        "on the case's timeline"
    );
    let cancelled = planner.cancel_appointment(saved.id).await.expect("cancel");
    assert_eq!(
        (cancelled.status, cancelled.sequence),
        (AppointmentStatus::Cancelled, 1)
    );
}

#[tokio::test]
async fn the_demo_year_has_series_bookings_appointments_and_missing_minutes() {
    let planner = Planner::in_memory().await.expect("planner");
    let summary = planner
        .generate_demo_data(&DemoOptions {
            municipalities: 8,
            cases: 80,
            seed: 3,
        })
        .await
        .expect("demo");
    assert_eq!(summary.series, 8);
    assert!(summary.bookings > 100, "{summary:?}");
    assert!(summary.appointments > 10, "{summary:?}");
    let series = planner.list_series().await.expect("series");
    let kinds: Vec<(RecurrenceKind, u16)> = series
        .iter()
        .map(|s| (s.input.recurrence, s.input.interval_weeks))
        .collect();
    assert!(kinds.contains(&(RecurrenceKind::Weekly, 1)));
    assert!(kinds.contains(&(RecurrenceKind::Weekly, 2)));
    assert!(kinds.contains(&(RecurrenceKind::MonthlyNthWeekday, 1)));
    let with_exceptions = series
        .iter()
        .find(|s| !s.input.exceptions.is_empty())
        .expect("exceptions");
    let kinds: Vec<ExceptionKind> = with_exceptions.input.exceptions.iter().map(|e| e.kind).collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");

    let today = Planner::today();
    let year = planner
        .slots(&query(today - chrono::Days::new(182), today + chrono::Days::new(183)))
        .await
        .expect("slots");
    let offsets: std::collections::HashSet<i32> = year.iter().map(|s| s.start.offset().local_minus_utc()).collect();
    assert_eq!(offsets.len(), 2, "the year crosses both daylight-saving changes");
    for status in [SlotStatus::Free, SlotStatus::Booked, SlotStatus::Cancelled] {
        assert!(year.iter().any(|s| s.status == status), "{status:?}");
    }
    let waiting = year
        .iter()
        .filter_map(|s| s.booking.as_ref())
        .filter(|b| b.needs_minutes)
        .count();
    assert!(waiting > 0, "some past consultations still wait for their minutes");
    let with_minutes = year
        .iter()
        .filter_map(|s| s.booking.as_ref())
        .find(|b| b.needs_minutes && b.case_id.is_some())
        .expect("booking waiting for minutes");
    let detail = planner
        .write_booking_minutes(with_minutes.id, "Förderantrag besprochen.")
        .await
        .expect("minutes");
    assert!(detail
        .journal
        .iter()
        .any(|j| j.text.ends_with("Förderantrag besprochen.")));
    let after = detail
        .bookings
        .iter()
        .find(|b| b.id == with_minutes.id)
        .expect("booking on the case");
    assert!(!after.needs_minutes);
}

#[tokio::test]
async fn deleting_an_imported_recurring_event_takes_its_moved_occurrence_along() {
    let planner = Planner::in_memory().await.expect("planner");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ics/google.ics");
    planner.import_ics(&file, false, |_| {}).await.expect("import");
    let january = query(date(2030, 1, 1), date(2030, 1, 31));
    let shown = planner.appointments(&january).await.expect("appointments");
    let jour_fixe: Vec<&Appointment> = shown
        .iter()
        .filter(|a| a.input.title.starts_with("Jour fixe"))
        .collect();
    let days: Vec<String> = jour_fixe
        .iter()
        .map(|a| a.start.format("%m-%d %H:%M").to_string())
        .collect();
    assert_eq!(
        jour_fixe.len(),
        3,
        "7 and 28 January (14th: EXDATE) and the moved Tuesday: {days:?}"
    );
    let series = jour_fixe
        .iter()
        .find(|a| a.rrule.is_some())
        .expect("an occurrence of the series")
        .id;
    let others = shown.len() - jour_fixe.len();

    planner.delete_appointment(series).await.expect("delete");
    let left = planner.appointments(&january).await.expect("appointments");
    assert!(
        left.iter().all(|a| !a.input.title.starts_with("Jour fixe")),
        "neither the series nor its moved occurrence is left: {left:?}"
    );
    assert_eq!(left.len(), others, "nothing else went");
    assert!(matches!(
        planner.delete_appointment(series).await,
        Err(Error::NotFound { .. })
    ));
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
