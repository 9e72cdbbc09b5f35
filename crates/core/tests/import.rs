//! Importing iCalendar files as the big calendar programs write them (fixtures in
//! `tests/fixtures/ics/`), into real SQLite files: what becomes of each event, recurrence kept,
//! re-importing changes nothing, SEQUENCE decides, and malformed files write nothing.

use std::path::{Path, PathBuf};

use beratungsplaner_core::domain::*;
use beratungsplaner_core::{Error, Planner};
use chrono::NaiveDate;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ics")
        .join(name)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

async fn import(planner: &Planner, name: &str) -> ImportOutcome {
    planner.import_ics(&fixture(name), false, |_| {}).await.expect(name)
}

async fn shown(planner: &Planner, from: NaiveDate, to: NaiveDate) -> Vec<Appointment> {
    planner
        .appointments(&CalendarQuery {
            from: Some(from),
            to: Some(to),
            ..Default::default()
        })
        .await
        .expect("appointments")
}

fn utc(a: &Appointment) -> String {
    a.start
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%d %H:%MZ")
        .to_string()
}

#[tokio::test]
async fn google_recurrence_with_exdate_and_override_all_day_and_folded_text() {
    let planner = Planner::in_memory().await.expect("planner");
    let outcome = import(&planner, "google.ics").await;
    assert_eq!((outcome.created, outcome.updated, outcome.skipped), (3, 0, 0));
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    let january = shown(&planner, date(2030, 1, 1), date(2030, 1, 31)).await;
    let jour_fixe: Vec<String> = january
        .iter()
        .filter(|a| a.input.title.starts_with("Jour fixe"))
        .map(|a| format!("{} {}", utc(a), a.input.title))
        .collect();
    assert_eq!(
        jour_fixe,
        [
            "2030-01-07 09:00Z Jour fixe Quartiersmanagement",
            // 14 January: EXDATE; 21 January moved to Tuesday afternoon.
            "2030-01-22 13:00Z Jour fixe Quartiersmanagement (verschoben)",
            "2030-01-28 09:00Z Jour fixe Quartiersmanagement",
        ]
    );
    let first = &january[0];
    assert_eq!(
        first.input.notes.as_deref(),
        Some("Tagesordnung: Förderaufruf , Verfügungsfonds; Rückblick Stadtteilfest\nBitte Unterlagen mitbringen – Grüße aus dem Quartiersbüro")
    );
    assert_eq!(
        first.input.location.as_deref(),
        Some("Quartiersbüro, Marktstraße 4, 35390 Lindenhagen")
    );
    assert!(first.imported && first.rrule.is_some());
    // After the change to summer time the wall-clock time stays 10:00.
    let april = shown(&planner, date(2030, 3, 25), date(2030, 4, 7)).await;
    assert_eq!(
        april.iter().map(utc).collect::<Vec<_>>(),
        ["2030-03-25 09:00Z", "2030-04-01 08:00Z"]
    );
    let fest = shown(&planner, date(2030, 6, 1), date(2030, 6, 2)).await;
    assert_eq!(fest[0].input.title, "Stadtteilfest Nordstadt 🎉");
    assert!(fest[0].input.all_day);
    assert_eq!(
        (fest[0].input.starts_on, fest[0].input.ends_on),
        (date(2030, 6, 1), date(2030, 6, 2))
    );
}

#[tokio::test]
async fn outlook_windows_zones_monthly_series_and_cancellation() {
    let planner = Planner::in_memory().await.expect("planner");
    let outcome = import(&planner, "outlook.ics").await;
    assert_eq!((outcome.created, outcome.skipped), (2, 0));
    let spring = shown(&planner, date(2030, 2, 1), date(2030, 5, 31)).await;
    let lenkung: Vec<String> = spring
        .iter()
        .filter(|a| a.input.title == "Lenkungsrunde Soziale Stadt")
        .map(utc)
        .collect();
    assert_eq!(
        lenkung,
        ["2030-02-12 08:00Z", "2030-04-09 07:00Z", "2030-05-14 07:00Z"],
        "second Tuesdays at 09:00 W. Europe Standard Time, March excluded"
    );
    let first = spring
        .iter()
        .find(|a| a.input.title == "Lenkungsrunde Soziale Stadt")
        .expect("meeting");
    assert_eq!(first.input.time_zone, "Europe/Berlin");
    assert_eq!(first.sequence, 2);
    assert!(first
        .input
        .notes
        .as_deref()
        .is_some_and(|n| n.contains("Bitte beachten Sie die geänderte Raumnummer.")));
    assert_eq!(
        first.input.notes.as_deref().map(|n| n.contains("REMINDER")),
        Some(false),
        "the alarm's text stays out"
    );
    let cancelled = spring
        .iter()
        .find(|a| a.input.title.starts_with("Abgesagt"))
        .expect("cancelled");
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
}

#[tokio::test]
async fn apple_all_day_floating_and_structured_locations() {
    let planner = Planner::in_memory().await.expect("planner");
    let outcome = import(&planner, "apple.ics").await;
    assert_eq!(outcome.created, 3);
    let week = shown(&planner, date(2030, 3, 16), date(2030, 3, 22)).await;
    let titles: Vec<&str> = week.iter().map(|a| a.input.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Fachtagung Soziale Stadt",
            "Standortbesuch Grünzug",
            "Telefonat Kämmerei (ohne Zeitzone)"
        ]
    );
    assert_eq!(
        (week[0].input.starts_on, week[0].input.ends_on),
        (date(2030, 3, 16), date(2030, 3, 17))
    );
    assert_eq!(
        week[1].input.location.as_deref(),
        Some("Grünzug Süd\nAm Mühlenteich, 35390 Lindenhagen")
    );
    assert_eq!(week[1].input.notes.as_deref(), Some("Mit dem Grünflächenamt"));
    assert!(week[2].floating);
    assert_eq!(
        week[2].start.format("%H:%M").to_string(),
        "08:30",
        "floating: the wall-clock time as written"
    );
}

#[tokio::test]
async fn thunderbird_durations_mozilla_zones_and_an_unknown_zone_warns() {
    let planner = Planner::in_memory().await.expect("planner");
    let outcome = import(&planner, "thunderbird.ics").await;
    assert_eq!(outcome.created, 2);
    assert_eq!(
        outcome.warnings_en.len(),
        1,
        "one warning per zone: {:?}",
        outcome.warnings_en
    );
    assert!(outcome.warnings_en[0].contains("unknown time zone \"Customized Time Zone\""));
    assert!(outcome.warnings[0].starts_with("Zeile "), "{:?}", outcome.warnings);
    let week = shown(&planner, date(2030, 3, 25), date(2030, 3, 31)).await;
    assert_eq!(utc(&week[0]), "2030-03-26 08:00Z");
    assert_eq!(week[0].end.format("%H:%M").to_string(), "12:30", "DURATION:PT3H30M");
    assert_eq!(week[0].categories.as_deref(), Some("Workshop,Beteiligung"));
}

#[tokio::test]
async fn importing_again_changes_nothing_and_sequence_decides() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("import.db"), &test_key())
        .await
        .expect("open");
    import(&planner, "outlook.ics").await;
    let again = import(&planner, "outlook.ics").await;
    assert_eq!((again.created, again.updated, again.skipped), (0, 0, 2));
    assert!(again.items.iter().all(|i| i.action == ImportAction::Skip));

    let original = std::fs::read_to_string(fixture("outlook.ics")).expect("fixture");
    let newer = dir.path().join("newer.ics");
    std::fs::write(
        &newer,
        original
            .replace("SEQUENCE:2", "SEQUENCE:3")
            .replace("Lenkungsrunde Soziale Stadt", "Lenkungsrunde Soziale Stadt (neu)"),
    )
    .expect("write");
    let updated = planner.import_ics(&newer, false, |_| {}).await.expect("newer");
    assert_eq!((updated.created, updated.updated, updated.skipped), (0, 1, 1));
    let older = dir.path().join("older.ics");
    std::fs::write(
        &older,
        original
            .replace("SEQUENCE:2", "SEQUENCE:1")
            .replace("Sitzungssaal", "Keller"),
    )
    .expect("write");
    let kept = planner.import_ics(&older, false, |_| {}).await.expect("older");
    assert_eq!(
        (kept.updated, kept.skipped),
        (0, 2),
        "a lower SEQUENCE never overwrites"
    );
    let shown_now = shown(&planner, date(2030, 2, 12), date(2030, 2, 12)).await;
    assert_eq!(shown_now[0].input.title, "Lenkungsrunde Soziale Stadt (neu)");
    assert!(shown_now[0]
        .input
        .location
        .as_deref()
        .is_some_and(|l| l.contains("Sitzungssaal")));

    let dry = planner
        .import_ics(&fixture("google.ics"), true, |_| {})
        .await
        .expect("dry run");
    assert_eq!((dry.created, dry.dry_run), (3, true));
    assert!(
        shown(&planner, date(2030, 1, 1), date(2030, 1, 31)).await.is_empty(),
        "a dry run writes nothing"
    );
}

#[tokio::test]
async fn new_known_and_repeated_events_in_one_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("mixed.db"), &test_key())
        .await
        .expect("open");
    import(&planner, "outlook.ics").await;
    let event = |uid: &str, sequence: u32, summary: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:{sequence}\r\nDTSTAMP:20300101T000000Z\r\n\
             DTSTART:20300305T090000Z\r\nDTEND:20300305T100000Z\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"
        )
    };
    // The Outlook file's events again, a new event, and the new event once more with a higher
    // SEQUENCE: the stored ones are left alone, the new one is created once, in its later version.
    let original = std::fs::read_to_string(fixture("outlook.ics")).expect("fixture");
    let known = original.split("END:VCALENDAR").next().expect("calendar").to_owned();
    let file = dir.path().join("mixed.ics");
    std::fs::write(
        &file,
        format!(
            "{known}{}{}END:VCALENDAR\r\n",
            event("neu-1@example.org", 0, "Erster Stand"),
            event("neu-1@example.org", 2, "Zweiter Stand")
        ),
    )
    .expect("write");
    let outcome = planner.import_ics(&file, false, |_| {}).await.expect("mixed");
    assert_eq!((outcome.created, outcome.updated, outcome.skipped), (1, 0, 3));
    let march = shown(&planner, date(2030, 3, 5), date(2030, 3, 5)).await;
    let titles: Vec<&str> = march
        .iter()
        .map(|a| a.input.title.as_str())
        .filter(|t| t.ends_with("Stand"))
        .collect();
    assert_eq!(titles, ["Zweiter Stand"]);
    let again = planner.import_ics(&file, false, |_| {}).await.expect("again");
    assert_eq!((again.created, again.updated, again.skipped), (0, 0, 4));
}

#[tokio::test]
async fn malformed_files_are_refused_with_their_line_and_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("safe.db");
    let planner = Planner::open(&path, &test_key()).await.expect("open");
    import(&planner, "apple.ics").await;
    planner.close().await;
    let before = std::fs::read(&path).expect("read");
    let cases = [
        (
            "malformed-no-end.ics",
            "line 7: END:VCALENDAR where END:VEVENT was expected",
        ),
        ("malformed-date.ics", "line 5: \"10.03.2030 10:00\" is not a date-time"),
        (
            "malformed-rrule.ics",
            "line 6: invalid RRULE (the RRULE has an unknown FREQ)",
        ),
        (
            "malformed-no-calendar.ics",
            "line 1: the file does not start with BEGIN:VCALENDAR",
        ),
        ("malformed-latin1.ics", "line 5: the file is not UTF-8"),
    ];
    for (name, expected) in cases {
        let planner = Planner::open(&path, &test_key()).await.expect("open");
        let err = planner.import_ics(&fixture(name), false, |_| {}).await.expect_err(name);
        assert!(err.to_string().starts_with(expected), "{name}: {err}");
        assert!(
            matches!(&err, Error::Conflict { de, .. } if de.starts_with("Zeile ")),
            "{name}: German message"
        );
        planner.close().await;
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "{name}: the database is byte-identical"
        );
    }
}

#[tokio::test]
async fn progress_is_reported_up_to_the_whole_file() {
    let planner = Planner::in_memory().await.expect("planner");
    let mut last = None;
    planner
        .import_ics(&fixture("google.ics"), false, |p| last = Some(p))
        .await
        .expect("import");
    let last = last.expect("progress");
    assert_eq!(last.bytes_read, last.total_bytes);
    assert_eq!(last.events, 3);
}

/// Files that calendar programs and servers really wrote (`tests/fixtures/ics-corpus/`, see its
/// SOURCES.md): the valid ones and the mildly broken ones import, with a warning where a zone had
/// to be guessed; those without a UID or with a broken structure are refused naming their line.
#[tokio::test]
async fn real_world_files_import_or_are_refused_naming_their_line() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ics-corpus");
    let refused = [
        ("apple-missing-uid.ics", "line 13: the event has no UID"),
        ("exchange-cdo-bad-byday-no-uid.ics", "line 20: the event has no UID"),
        ("malformed-bare-x-line.ics", "line 4: the event has no UID"),
        ("malformed-without-uid.ics", "line 4: the event has no UID"),
        (
            "malformed-unclosed-vevent.ics",
            "line 15: the file ends before END:VEVENT",
        ),
        (
            "malformed-unfolded-multiline-location.ics",
            "line 8: not a valid iCalendar property",
        ),
    ];
    let warned = [
        (
            "thunderbird-non-ascii-tzid.ics",
            "time zone \"Mitteleuropäische Zeit\" read as Europe/Berlin after its definition in the file",
        ),
        ("malformed-unknown-tzid.ics", "unknown time zone \"FOO\""),
    ];
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 29);
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
        let planner = Planner::in_memory().await.expect("planner");
        let result = planner.import_ics(&path, false, |_| {}).await;
        match refused.iter().find(|(file, _)| *file == name) {
            Some((_, expected)) => {
                let err = result.expect_err(&name);
                assert!(err.to_string().starts_with(expected), "{name}: {err}");
            }
            None => {
                let outcome = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(outcome.created > 0, "{name}: nothing created");
                match warned.iter().find(|(file, _)| *file == name) {
                    Some((_, expected)) => assert!(
                        outcome.warnings_en.len() == 1 && outcome.warnings_en[0].contains(expected),
                        "{name}: {:?}",
                        outcome.warnings_en
                    ),
                    None => assert!(outcome.warnings_en.is_empty(), "{name}: {:?}", outcome.warnings_en),
                }
            }
        }
    }
}

/// Exchange 2010 writes UNTIL in local time where RFC 5545 wants UTC; the series is kept and
/// ends where Exchange meant it to.
#[tokio::test]
async fn exchange_local_until_is_read_in_the_events_zone() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ics-corpus");
    let planner = Planner::in_memory().await.expect("planner");
    planner
        .import_ics(&corpus.join("exchange2010-exdate.ics"), false, |_| {})
        .await
        .expect("import");
    // Daily from Sunday 26 April 14:00 until the 29th 00:00 Berlin time, the 27th excluded.
    let days: Vec<String> = shown(&planner, date(2020, 4, 20), date(2020, 5, 5))
        .await
        .iter()
        .map(utc)
        .collect();
    assert_eq!(days, ["2020-04-26 12:00Z", "2020-04-28 12:00Z"]);
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
