//! Calendar files a stranger sends (issue 12): whatever text an event holds comes out of the
//! export as the same text and never as a line of its own; no file makes the reader panic, read
//! without bound or refuse in more than one line; a hostile recurring event costs the calendar
//! view no more than a normal one.
//!
//! `proptest` (a dev-dependency) generates the texts: arbitrary Unicode mixed with the
//! characters that matter to iCalendar (CR, LF, CRLF, NUL, C1 controls, `\`, `;`, `,`, `"`, `:`)
//! and shrinks a failing case to the shortest text that still fails, which a fixed list of
//! examples would not find. The mutation test uses the crate's own seeded ChaCha generator so
//! that every run tries the same few thousand files.
//!
//! The bounds the reader promises, asserted here: a line is read no further than
//! `Limits::line` (plus one buffer of the `BufRead`), a file no further than `Limits::file`,
//! events no more than `Limits::events`; every refusal is one line `line N: …`.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use beratungsplaner_core::calendar::ics::export::{write_calendar, ExportData};
use beratungsplaner_core::calendar::ics::import::{read_events, read_events_within, ImportedEvent, Limits};
use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};

#[path = "support/hostile_calendar.rs"]
mod hostile_calendar;
use hostile_calendar::{import_then_plant, vevent, HOSTILE_EVENTS, LEGACY_RULES};

fn read(text: &[u8]) -> beratungsplaner_core::Result<Vec<ImportedEvent>> {
    let mut events = Vec::new();
    read_events(text, chrono_tz::Europe::Berlin, |e| {
        events.push(e);
        Ok(())
    })?;
    Ok(events)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// An imported appointment as the store hands it to the export.
fn appointment(id: i64, texts: &Texts) -> Appointment {
    let start = chrono_tz::Europe::Berlin
        .with_ymd_and_hms(2030, 3, 11, 10, 0, 0)
        .single()
        .expect("start")
        .fixed_offset();
    Appointment {
        id,
        uid: texts.uid.clone(),
        sequence: 0,
        status: AppointmentStatus::Confirmed,
        start,
        end: start + chrono::Duration::hours(1),
        case_reference: Some(texts.reference.clone()),
        municipality: Some(texts.municipality.clone()),
        input: AppointmentInput {
            kind: AppointmentKind::Other,
            title: texts.title.clone(),
            location: Some(texts.location.clone()),
            case_id: None,
            municipality_id: None,
            advisor: "Beratung".into(),
            all_day: false,
            starts_on: date(2030, 3, 11),
            ends_on: date(2030, 3, 11),
            start_time: None,
            end_time: None,
            time_zone: texts.zone.clone(),
            notes: Some(texts.notes.clone()),
            accept_overlap: true,
        },
        conflicts: Vec::new(),
        updated_at: Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).single().expect("now"),
        rrule: Some(texts.rule.clone()),
        exdates: vec![texts.exdate.clone(), "20300318T090000Z".into()],
        recurrence_id: Some(texts.recurrence.clone()),
        floating: false,
        categories: Some(texts.categories.clone()),
        imported: true,
    }
}

/// Every text of an appointment that the export writes.
#[derive(Debug, Clone)]
struct Texts {
    uid: String,
    title: String,
    location: String,
    notes: String,
    reference: String,
    municipality: String,
    categories: String,
    zone: String,
    rule: String,
    exdate: String,
    recurrence: String,
}

/// Text made of the characters that matter to iCalendar and of any other.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\n".to_owned()),
        Just("\r\nBEGIN:VEVENT\r\nUID:evil\r\n".to_owned()),
        Just("\n END:VCALENDAR".to_owned()),
        prop::sample::select(vec![
            '\0', '\u{85}', '\u{9f}', '\u{7f}', '\\', ';', ',', '"', ':', '\t', ' ', 'ä', '🏘'
        ])
        .prop_map(String::from),
        any::<char>().prop_map(String::from),
        "[a-zA-Z ]{1,12}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// What the reader gives back for a text the writer wrote: line breaks (CR LF, CR, LF) become
/// LF, the other control characters but tab are dropped.
fn normalised(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

fn export(appointments: Vec<Appointment>) -> String {
    let data = ExportData {
        name: "Beratung".into(),
        series: Vec::new(),
        bookings: Vec::new(),
        appointments,
        horizon: Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).single().expect("horizon"),
    };
    write_calendar(&data, Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).single().expect("now")).expect("export")
}

/// The names of the lines an export of appointments may have.
const NAMES: &[&str] = &[
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "X-WR-CALNAME",
    "X-WR-TIMEZONE",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "TZID",
    "DTSTART",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "TZNAME",
    "UID",
    "DTSTAMP",
    "LAST-MODIFIED",
    "SEQUENCE",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "CATEGORIES",
    "DTEND",
    "RRULE",
    "EXDATE",
    "RECURRENCE-ID",
    "STATUS",
];

/// Checks the document line by line: CRLF only, at most 75 octets, each line a continuation
/// or one of the properties the export writes, and as many events and UIDs as appointments.
fn assert_well_formed(doc: &str, events: usize) {
    assert!(doc.ends_with("\r\n"));
    let body = &doc[..doc.len() - 2];
    assert!(!body.replace("\r\n", "").contains(['\r', '\n']), "a bare CR or LF");
    let mut begins = 0;
    let mut uids = 0;
    for line in body.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        if line.starts_with(' ') {
            continue;
        }
        let name = &line[..line.find([':', ';']).expect("a name")];
        assert!(NAMES.contains(&name), "an unknown line {line:?}");
        begins += usize::from(line == "BEGIN:VEVENT");
        uids += usize::from(name == "UID");
        assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{line:?}");
    }
    assert_eq!((begins, uids), (events, events), "{doc}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every text and parameter field of an appointment, as hostile as it gets: the export stays
    /// one event per appointment, and its own reader gives the texts back.
    #[test]
    fn no_text_becomes_a_line_of_its_own(
        uid in hostile(), title in hostile(), location in hostile(), notes in hostile(),
        reference in hostile(), municipality in hostile(), categories in hostile(), zone in hostile(),
        rule in hostile(), exdate in hostile(), recurrence in hostile(),
    ) {
        // The app's UIDs are never empty; an empty one is refused like any event without UID.
        let texts = Texts {
            uid: format!("u{uid}u"), title, location, notes, reference, municipality, categories, zone,
            rule: format!("FREQ=WEEKLY;{rule}"), exdate, recurrence,
        };
        let plain = Texts { rule: "FREQ=WEEKLY;COUNT=3".into(), ..texts.clone() };
        let doc = export(vec![appointment(1, &texts), appointment(2, &plain)]);
        assert_well_formed(&doc, 2);
        // The reader refuses what the app would not import (a UID with control characters);
        // else it reads each text as it was written.
        match read(doc.as_bytes()) {
            Ok(events) => {
                prop_assert_eq!(events.len(), 2);
                let e = &events[1];
                prop_assert_eq!(&e.uid, &normalised(&texts.uid));
                prop_assert_eq!(&e.summary, &normalised(&texts.title));
                let location = normalised(&texts.location);
                prop_assert_eq!(e.location.clone().unwrap_or_default(), if location.trim().is_empty() { String::new() } else { location });
                let description = format!(
                    "Beratungsfall {}\nKommune: {}\n{}",
                    normalised(&texts.reference), normalised(&texts.municipality), normalised(&texts.notes)
                );
                prop_assert_eq!(e.description.clone().unwrap_or_default(), description);
                let categories = normalised(&texts.categories);
                prop_assert_eq!(e.categories.clone().unwrap_or_default(), if categories.trim().is_empty() { String::new() } else { categories });
                prop_assert_eq!(e.rrule.as_deref(), Some("FREQ=WEEKLY;COUNT=3"));
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("line ") && !message.contains('\n'), "{}", message);
                prop_assert!(normalised(&texts.uid).chars().any(char::is_control), "{}", message);
            }
        }
    }
}

fn refused(text: &str) -> String {
    read(text.as_bytes()).expect_err(text).to_string()
}

fn event(lines: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n")
}

/// Durations that overflow chrono, dates past what a calendar holds, a floating end that
/// would break the database's CHECK: each refused naming its line, none a panic.
#[test]
fn durations_and_years_are_checked_and_refused_with_their_line() {
    let cases = [
        (
            "DTSTART:20300310T100000Z\r\nDURATION:P99999999999999W\r\n",
            "line 5: DURATION is not a valid duration",
        ),
        (
            "DTSTART:20300310T100000Z\r\nDURATION:P9999999999999999999D\r\n",
            "line 5: DURATION is not a valid duration",
        ),
        (
            "DTSTART:20300310T100000Z\r\nDURATION:P100000D\r\n",
            "line 5: the DURATION ends outside",
        ),
        (
            "DTSTART;VALUE=DATE:20300310\r\nDURATION:P3000000D\r\n",
            "line 5: the DURATION ends outside",
        ),
        (
            "DTSTART:20300310T100000\r\nDURATION:P1000000W\r\n",
            "line 5: the DURATION ends outside",
        ),
        (
            "DTSTART:21991231T100000\r\nDURATION:-P2W\r\nDURATION:P400D\r\n",
            "line 6: the DURATION ends outside",
        ),
        (
            "DTSTART:99991231T235959Z\r\n",
            "line 4: the year 9999 is not between 1900 and 2200",
        ),
        (
            "DTSTART:100000101T000000Z\r\n",
            "line 4: \"100000101T000000Z\" is not a date-time",
        ),
        ("DTSTART:18991231T100000Z\r\n", "line 4: the year 1899"),
        (
            "DTSTART:20300310T100000Z\r\nDTEND:00010101T000000Z\r\n",
            "line 5: the year 1 is not",
        ),
        (
            "DTSTART:20300310T100000Z\r\nRRULE:FREQ=DAILY;UNTIL=99991231T000000Z\r\n",
            "line 5: invalid RRULE",
        ),
        (
            "DTSTART:20300310T100000Z\r\nRRULE:FREQ=SECONDLY\r\n",
            "line 5: invalid RRULE (events that repeat every second",
        ),
        (
            "DTSTART:20300310T100000Z\r\nRRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30\r\n",
            "line 5: invalid RRULE",
        ),
        (
            "DTSTART:20300310T100000Z\r\nRRULE:FREQ=DAILY;COUNT=4000000000\r\n",
            "line 5: invalid RRULE",
        ),
        (
            "DTSTART:20300310T100000Z\r\nEXDATE:30000101T000000Z\r\n",
            "line 5: the year 3000",
        ),
        (
            "RECURRENCE-ID;VALUE=DATE:00000101\r\nDTSTART:20300310T100000Z\r\n",
            "line 4: the year 0 is not",
        ),
    ];
    for (lines, expected) in cases {
        let message = refused(&event(lines));
        assert!(message.starts_with(expected), "{lines:?}: {message}");
        assert!(!message.contains('\n'));
    }
    let uid = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\\nBEGIN:VEVENT\r\nDTSTART:20300310T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_eq!(
        refused(uid),
        "line 3: the UID holds a line break or a control character"
    );
    // A byte-order mark, as Windows programs write it, is no reason to refuse.
    let bom = format!("\u{feff}{}", event("DTSTART:20300310T100000Z\r\n"));
    assert_eq!(read(bom.as_bytes()).expect("BOM").len(), 1);
}

/// A reader that makes a file as it is read: `head`, then `fill` for ever (or `total` bytes),
/// and counts what was taken from it.
struct Endless {
    head: Vec<u8>,
    fill: Vec<u8>,
    at: u64,
    total: u64,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.at < self.total {
            let at = usize::try_from(self.at).expect("small");
            buf[n] = match self.head.get(at) {
                Some(b) => *b,
                None => self.fill[(at - self.head.len()) % self.fill.len()],
            };
            n += 1;
            self.at += 1;
        }
        Ok(n)
    }
}

fn stream(head: &str, fill: &str, total: u64, limits: Limits) -> (String, u64) {
    let mut source = Endless {
        head: head.as_bytes().to_vec(),
        fill: fill.as_bytes().to_vec(),
        at: 0,
        total,
    };
    let err = read_events_within(BufReader::new(&mut source), chrono_tz::UTC, limits, |_| Ok(()))
        .expect_err("refused")
        .to_string();
    (err, source.at)
}

/// A line without end, a property folded without end, a file without end, events without
/// end: each is read no further than its limit and refused in one line.
#[test]
fn endless_input_is_read_only_up_to_its_limit() {
    const BUFFER: u64 = 8 * 1024;
    let head = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:";
    // A 1 GiB line, and more: read up to 1 MiB and one buffer.
    let (err, taken) = stream(head, "x", u64::MAX, Limits::FILE);
    assert_eq!(err, "line 4: the line is longer than 1 MiB");
    assert!(taken <= (1 << 20) + BUFFER + head.len() as u64, "{taken} bytes read");
    // Folded: 75 octets a line, without end; the folds (3 octets in 77) are read too.
    let (err, taken) = stream(
        head,
        "\r\n xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        u64::MAX,
        Limits::FILE,
    );
    assert_eq!(err, "line 4: the property is longer than 1 MiB");
    assert!(
        taken <= (1 << 20) * 77 / 74 + BUFFER + head.len() as u64,
        "{taken} bytes read"
    );
    // Small limits, to reach them quickly: a file and a count of events.
    let small = Limits {
        line: 1024,
        file: 1 << 20,
        events: 100,
    };
    let event = "BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20300310T100000Z\r\nEND:VEVENT\r\n";
    let (err, taken) = stream(
        "BEGIN:VCALENDAR\r\n",
        "X-PAD:padding padding padding\r\n",
        u64::MAX,
        small,
    );
    assert!(
        err.ends_with(": the file is larger than 1 MiB") && err.starts_with("line "),
        "{err}"
    );
    assert!(taken <= (1 << 20) + BUFFER, "{taken}");
    let (err, _) = stream("BEGIN:VCALENDAR\r\n", event, u64::MAX, small);
    assert_eq!(err, "line 402: the file holds more than 100 events");
    let (err, _) = stream(head, "x", 4096, small);
    assert_eq!(err, "line 4: the line is longer than 1 KiB");
    // The real limits on what an event keeps.
    let long = |name: &str, bytes: usize| event_text(&format!("{name}:{}\r\n", "x".repeat(bytes)));
    assert_eq!(refused(&long("SUMMARY", 5000)), "line 4: SUMMARY is longer than 4 KiB");
    assert_eq!(
        refused(&long("DESCRIPTION", 70_000)),
        "line 4: DESCRIPTION is longer than 64 KiB"
    );
    assert!(
        read(long("X-ALT-DESC", 500_000).as_bytes()).is_ok(),
        "what is not kept may be long"
    );
    let exdates = format!("EXDATE:{}\r\n", vec!["20300310T100000Z"; 10_001].join(","));
    assert_eq!(
        refused(&event_text(&exdates)),
        "line 4: the event has more than 10000 EXDATE values"
    );
    let deep = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:X\r\n".repeat(20));
    assert_eq!(refused(&deep), "line 17: the component is not valid or nested too deep");
}

fn event_text(lines: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\n{lines}DTSTART:20300310T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
}

fn fixtures() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut files: Vec<PathBuf> = ["ics", "ics-corpus"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("fixtures"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ics"))
        .collect();
    files.sort();
    files.iter().map(|path| std::fs::read(path).expect("read")).collect()
}

/// What a mutation may put into a file: bytes that matter, and properties that did harm.
const SNIPPETS: &[&[u8]] = &[
    b"\r\n",
    b"\n ",
    b"\r",
    b"\0",
    b"\xc2",
    b"\xef\xbb\xbf",
    b"\xff",
    b":",
    b";",
    b"\\",
    b"\r\nDURATION:P99999999999999W\r\n",
    b"\r\nDURATION:P999999999D\r\n",
    b"\r\nDURATION:PT99999999999H\r\n",
    b"\r\nRRULE:FREQ=SECONDLY\r\n",
    b"\r\nRRULE:FREQ=DAILY;COUNT=99999999999\r\n",
    b"\r\nRRULE:FREQ=YEARLY;BYDAY=-60MO;BYSETPOS=400\r\n",
    b"\r\nDTSTART:99991231T235959Z\r\n",
    b"\r\nDTEND;TZID=\"a;b:c\":20300101T000000\r\n",
    b"\r\nEXDATE:20300101T000000Z,,X\r\n",
    b"\r\nRECURRENCE-ID;VALUE=DATE:21991231\r\n",
    b"\r\nBEGIN:VEVENT\r\n",
    b"\r\nEND:VEVENT\r\n",
    b"\r\nEND:VCALENDAR\r\n",
];

fn mutate(file: &[u8], rng: &mut impl Rng) -> Vec<u8> {
    let mut out = file.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let at = rng.gen_range(0..=out.len());
        match rng.gen_range(0..5) {
            0 if at < out.len() => out[at] = rng.gen(),
            1 => {
                let end = (at + rng.gen_range(0..40)).min(out.len());
                out.drain(at..end);
            }
            2 => {
                let end = (at + rng.gen_range(0..200)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
            _ => {
                let snippet = SNIPPETS[rng.gen_range(0..SNIPPETS.len())];
                out.splice(at..at, snippet.iter().copied());
            }
        }
    }
    out
}

/// Random mutations of real files (the fixtures and the corpus of what calendar programs wrote)
/// with a fixed seed: the reader never panics, and every refusal is one line naming its line.
/// Every fiftieth file is imported too, into a real database, so the stored form and the
/// database's CHECKs see them as well.
#[tokio::test]
async fn mutated_real_files_never_panic_and_refuse_in_one_line() {
    let files = fixtures();
    assert!(files.len() > 30);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::in_memory().await.expect("planner");
    let (mut accepted, mut refusals) = (0, 0);
    for case in 0..3000 {
        let file = mutate(&files[case % files.len()], &mut rng);
        let result = std::panic::catch_unwind(|| read(&file));
        let Ok(result) = result else {
            panic!("case {case} panicked: {}", String::from_utf8_lossy(&file));
        };
        match result {
            Ok(_) => accepted += 1,
            Err(e) => {
                refusals += 1;
                let message = e.to_string();
                assert!(
                    message.starts_with("line ") && !message.contains('\n'),
                    "case {case}: {message}"
                );
            }
        }
        if case % 50 == 0 {
            let path = dir.path().join("mutated.ics");
            std::fs::write(&path, &file).expect("write");
            if let Err(e) = planner.import_ics(&path, false, |_| {}).await {
                let message = e.to_string();
                assert!(
                    message.starts_with("line ") && !message.contains('\n'),
                    "case {case}: {message}"
                );
            }
        }
    }
    assert!(accepted > 300 && refusals > 300, "{accepted} read, {refusals} refused");
    // What was imported expands for a week and a year without trouble.
    for (from, to) in [
        (date(2030, 3, 4), date(2030, 3, 10)),
        (date(2000, 1, 1), date(2040, 12, 31)),
    ] {
        planner.appointments(&period(from, to)).await.expect("appointments");
    }
}

/// A calendar with one ordinary weekly meeting, and what a hostile file or an older version
/// stored: every second from 1970, every minute of a day that does not exist, every day from
/// 1900, every hour without end, a rule that is no rule.
async fn hostile_calendar(dir: &Path) -> Planner {
    let path = dir.join("hostile.db");
    let mut text = vevent(
        "weekly",
        "DTSTART;TZID=Europe/Berlin:20300107T100000",
        Some("FREQ=WEEKLY;BYDAY=MO,TH"),
        30,
    );
    for (uid, start, rule) in HOSTILE_EVENTS {
        text.push_str(&vevent(uid, start, Some(rule), 30));
    }
    text.push_str(&vevent("broken", "DTSTART:20300101T000000Z", Some("FREQ=DAILY"), 30));
    let mut rules = LEGACY_RULES.to_vec();
    rules.push(("broken", "FREQ=DAILY\r\nBEGIN:VEVENT\r\nUID:evil"));
    import_then_plant(&path, &text, &rules).await;
    Planner::open(&path, &test_key()).await.expect("open")
}

/// The calendar's query for the days `from` to `to`.
fn period(from: NaiveDate, to: NaiveDate) -> CalendarQuery {
    CalendarQuery {
        from: Some(from),
        to: Some(to),
        ..Default::default()
    }
}

fn week() -> CalendarQuery {
    period(date(2030, 3, 4), date(2030, 3, 10))
}

/// The week view answers for hostile series, and shows what they hold there: each costs what
/// the window asks for, capped per series (`rule::MAX_SHOWN` shown, `rule::MAX_WALKED` walked).
#[tokio::test]
async fn the_week_view_answers_for_hostile_series() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = hostile_calendar(dir.path()).await;
    // A generous safety timeout only; the cost is measured in benches/ics.rs.
    let shown = tokio::time::timeout(Duration::from_secs(60), planner.appointments(&week()))
        .await
        .expect("the week view answers")
        .expect("appointments");
    let count = |title: &str| shown.iter().filter(|a| a.input.title == title).count();
    assert_eq!(count("weekly"), 2, "Monday and Thursday");
    assert_eq!(count("daily"), 7, "every day of the week, from 1900 on");
    assert!(
        shown
            .iter()
            .filter(|a| a.input.title == "daily")
            .all(|a| a.start.format("%H:%M").to_string() == "08:00"),
        "at 08:00 Berlin time"
    );
    // 168 hours of the week, every fifth from 1 January 1950, 00:30.
    let hourly: Vec<String> = shown
        .iter()
        .filter(|a| a.input.title == "hourly")
        .map(|a| a.start.format("%d %H:%M").to_string())
        .collect();
    assert_eq!(hourly.len(), 34);
    let first = chrono_tz::Europe::Berlin
        .with_ymd_and_hms(1950, 1, 1, 0, 30, 0)
        .single()
        .expect("start");
    for a in shown.iter().filter(|a| a.input.title == "hourly") {
        let hours = (a.start.with_timezone(&Utc) - first.with_timezone(&Utc)).num_hours();
        assert_eq!(hours % 5, 0, "{}", a.start);
    }
    // Every second, every minute: an older version stored them, no import takes them now;
    // each shows once, as stored, so that it can be deleted.
    assert_eq!(count("secondly"), 1);
    assert_eq!(count("minutely"), 1);
    assert_eq!(count("broken"), 1, "a rule that is no rule: the event shows once");
    // The export writes none of the stored rule's text that is not a rule.
    let doc = planner.export_ics(&ExportScope::default()).await.expect("export");
    assert!(!doc.contains("UID:evil"));
    assert_eq!(doc.matches("BEGIN:VEVENT").count(), doc.matches("\r\nUID:").count());
}

/// The walk from near the window gives what the walk from DTSTART gives, for rules of every
/// frequency the import takes, in windows anywhere after their start.
#[test]
fn the_shortened_walk_gives_what_the_whole_walk_gives() {
    use beratungsplaner_core::calendar::ics::import::EventTime;
    use beratungsplaner_core::calendar::ics::rule::{expand, rrule_text};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5545);
    let freqs = ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
    let extras = [
        "",
        ";BYDAY=MO,TH",
        ";BYMONTHDAY=31",
        ";BYMONTHDAY=-1",
        ";BYDAY=2TU",
        ";BYHOUR=9,17",
        ";BYMONTH=2,3;BYMONTHDAY=29",
        ";BYDAY=-1SU;BYMONTH=10",
        ";UNTIL=20301231T000000Z",
    ];
    let zone = chrono_tz::Europe::Berlin;
    for case in 0..400 {
        let freq = freqs[rng.gen_range(0..freqs.len())];
        let extra = extras[rng.gen_range(0..extras.len())];
        if freq == "WEEKLY" && extra.contains("BYMONTHDAY")
            || extra.contains("BYDAY=2TU") && freq != "MONTHLY" && freq != "YEARLY"
        {
            continue;
        }
        let rule = format!("FREQ={freq};INTERVAL={}{extra}", rng.gen_range(1..4));
        let start = date(rng.gen_range(2010..2029), rng.gen_range(1..13), rng.gen_range(1..29))
            .and_hms_opt(rng.gen_range(0..24), [0, 30][rng.gen_range(0..2)], 0)
            .expect("start");
        if zone.from_local_datetime(&start).single().is_none() {
            continue;
        }
        let from = Utc
            .with_ymd_and_hms(2030, rng.gen_range(1..13), rng.gen_range(1..29), 0, 0, 0)
            .single()
            .expect("from");
        let to = from + chrono::Duration::days([1, 7, 31][rng.gen_range(0..3)]);
        let begin = EventTime::Zoned(start, zone);
        let shortened = expand(&begin, &rule, &[], from, to).expect("expands");
        let whole: Vec<_> = rrule_text(&begin, &rule, &[])
            .parse::<rrule::RRuleSet>()
            .expect("rule")
            .into_iter()
            .skip_while(|at| at.with_timezone(&Utc) < from)
            .take_while(|at| at.with_timezone(&Utc) < to)
            .take(1000)
            .collect();
        assert_eq!(shortened, whole, "case {case}: {rule} from {start}, {from}–{to}");
    }
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
