//! The iCalendar export read back by two independent implementations — python `icalendar` and
//! `ical.js` (Thunderbird's parser) — and expanded by python `recurring-ical-events`; what they
//! see must be what the app holds. `scripts/setup.sh` installs them (`.venv/`, `tests/ical/`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use beratungsplaner_tests::{app_binary, workspace_root};
use chrono::{NaiveDate, NaiveTime};
use serde_json::Value;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

/// Runs an independent reader and returns its JSON.
fn read_with(program: &Path, args: &[&str]) -> Value {
    assert!(
        program.exists(),
        "{} is missing: run `bash scripts/setup.sh` (it installs the iCalendar readers the tests use)",
        program.display()
    );
    let out = Command::new(program).args(args).output().expect("run the reader");
    assert!(
        out.status.success(),
        "{} {args:?} failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the reader")
}

fn python() -> PathBuf {
    workspace_root().join(".venv/bin/python")
}

fn read_python(file: &Path) -> Value {
    let script = workspace_root().join("tests/ical/parse_icalendar.py");
    read_with(
        &python(),
        &[script.to_str().expect("path"), file.to_str().expect("path")],
    )
}

fn read_icaljs(file: &Path) -> Value {
    let script = workspace_root().join("tests/ical/parse_icaljs.mjs");
    assert!(
        workspace_root().join("tests/ical/node_modules/ical.js").exists(),
        "ical.js is missing: run `bash scripts/setup.sh`"
    );
    read_with(
        Path::new("/usr/bin/env"),
        &["node", script.to_str().expect("path"), file.to_str().expect("path")],
    )
}

fn expand_python(file: &Path, from: &str, to: &str) -> BTreeMap<String, Vec<String>> {
    let script = workspace_root().join("tests/ical/parse_icalendar.py");
    let value = read_with(
        &python(),
        &[
            script.to_str().expect("path"),
            file.to_str().expect("path"),
            "--expand",
            from,
            to,
        ],
    );
    serde_json::from_value(value).expect("instants per UID")
}

fn cli(db: &Path, args: &[&str]) -> String {
    let out = Command::new(app_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BERATUNGSPLANER_DB")
        .output()
        .expect("run beratungsplaner");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

const TRICKY_TITLE: &str = "Begegnung, Teilhabe; Zukunft – Ärger \\ Öffnungszeiten 🏘️";
const TRICKY_TOPIC: &str = "Antrag: Verfügungsfonds, Teil 2; Rückfragen\nzweite Zeile mit Emoji 🎉";

struct Fixture {
    weekly: ConsultationSeries,
    berlin_case: i64,
    cancelled_uid: String,
    rebooked_uid: String,
    event_uid: String,
}

/// A year 2030 of consultation hours: a weekly Monday/Thursday series in Hessen with a skipped,
/// a moved and an extra occurrence (and Hessen's holidays), a fortnightly one in New York time,
/// bookings (one rebooked, one cancelled) and appointments (timed, all-day over two days).
async fn fixture(planner: &Planner) -> Fixture {
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id;
    let case = planner
        .create_case(CaseInput {
            title: TRICKY_TITLE.into(),
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
        .case;
    let base = SeriesInput {
        title: "Sprechstunde Lindenhagen, Rathaus; Zimmer 3".into(),
        municipality_id: m,
        neighbourhood_id: None,
        location: Some("Marktplatz 1, 35390 Lindenhagen; Eingang B".into()),
        online_url: None,
        advisor: "Miriam Albers".into(),
        time_zone: "Europe/Berlin".into(),
        recurrence: RecurrenceKind::Weekly,
        interval_weeks: 1,
        weekdays: vec![1, 4],
        nth: 1,
        starts_on: date(2030, 1, 3),
        until_on: Some(date(2030, 12, 19)),
        count: None,
        window_start: time(10, 0),
        window_end: time(12, 0),
        slot_minutes: 30,
        buffer_minutes: 0,
        skip_holidays: true,
        exceptions: vec![
            SeriesException {
                kind: ExceptionKind::Skip,
                original_on: Some(date(2030, 3, 4)),
                date: None,
                start: None,
                end: None,
                reason: Some("Kongress".into()),
            },
            SeriesException {
                kind: ExceptionKind::Move,
                original_on: Some(date(2030, 10, 24)),
                date: Some(date(2030, 10, 29)),
                start: Some(time(14, 0)),
                end: Some(time(16, 0)),
                reason: Some("Raum belegt, Ersatz im Bürgerhaus".into()),
            },
            SeriesException {
                kind: ExceptionKind::Extra,
                original_on: None,
                date: Some(date(2030, 3, 30)),
                start: Some(time(9, 0)),
                end: Some(time(10, 0)),
                reason: Some("Samstagssprechstunde".into()),
            },
        ],
    };
    let weekly = planner.create_series(base.clone()).await.expect("weekly");
    planner
        .create_series(SeriesInput {
            title: "Online-Sprechstunde (New York)".into(),
            location: None,
            online_url: Some("https://video.example/sprechstunde?raum=1&x=2".into()),
            time_zone: "America/New_York".into(),
            interval_weeks: 2,
            weekdays: vec![3],
            window_start: time(9, 0),
            window_end: time(10, 0),
            slot_minutes: 60,
            exceptions: vec![],
            ..base.clone()
        })
        .await
        .expect("new york");
    let book = |slot: String, topic: Option<&str>| BookingInput {
        slot_id: slot,
        case_id: Some(case.id),
        contact_id: None,
        topic: topic.map(str::to_owned),
        accept_overlap: true,
    };
    let id = weekly.id;
    let cancelled = planner
        .book_slot(book(format!("{id}-20300110T1000-0"), Some(TRICKY_TOPIC)))
        .await
        .expect("book");
    planner.cancel_booking(cancelled.id, "Krankheit").await.expect("cancel");
    let rebooked = planner
        .book_slot(book(format!("{id}-20300328T1000-1"), None))
        .await
        .expect("book");
    planner
        .rebook(rebooked.id, &format!("{id}-20300401T1000-2"), true)
        .await
        .expect("rebook");
    planner
        .book_slot(book(format!("{id}-20301024T1000-0"), None))
        .await
        .expect("book the moved occurrence");
    let appointment = |all_day: bool, day: u32, title: &str| AppointmentInput {
        kind: if all_day {
            AppointmentKind::Congress
        } else {
            AppointmentKind::SiteVisit
        },
        title: title.into(),
        location: Some("Bürgerhaus, Saal 2; 1. OG".into()),
        case_id: Some(case.id),
        municipality_id: None,
        advisor: "Miriam Albers".into(),
        all_day,
        starts_on: date(2030, 6, day),
        ends_on: date(2030, 6, day + u32::from(all_day)),
        start_time: (!all_day).then(|| time(13, 0)),
        end_time: (!all_day).then(|| time(15, 30)),
        time_zone: "Europe/Berlin".into(),
        notes: Some("Mitbringen: Pläne, Fotos\nAnsprechpartnerin: Frau Öztürk".into()),
        accept_overlap: true,
    };
    planner
        .create_appointment(appointment(false, 12, "Standortbesuch Nordstadt"))
        .await
        .expect("visit");
    planner
        .create_appointment(appointment(true, 20, "Jahreskongress 2030"))
        .await
        .expect("congress");
    // An event is an appointment to calendars: the readers see it as one.
    let workshop = planner
        .create_event(EventInput {
            format: EventFormat::Workshop,
            title: "Workshop Quartiersfonds; Teil 2".into(),
            location: Some("Bürgerhaus, Saal 2; 1. OG".into()),
            online_url: None,
            organiser: "Miriam Albers".into(),
            all_day: false,
            starts_on: date(2030, 6, 14),
            ends_on: date(2030, 6, 14),
            start_time: Some(time(10, 0)),
            end_time: Some(time(16, 0)),
            time_zone: "Europe/Berlin".into(),
            capacity: Some(25),
            notes: None,
            municipality_ids: vec![m],
            case_ids: vec![case.id],
            sessions: vec![],
            accept_overlap: true,
        })
        .await
        .expect("event");
    Fixture {
        weekly,
        berlin_case: case.id,
        cancelled_uid: cancelled.uid,
        rebooked_uid: rebooked.uid,
        event_uid: workshop.appointment.uid,
    }
}

fn event<'a>(events: &'a [Value], uid: &str, recurrence: bool) -> &'a Value {
    events
        .iter()
        .find(|e| e["uid"] == uid && e["recurrence_id"].is_null() != recurrence)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

/// The fields both readers report, with the RRULE's parts sorted (their order is free).
fn comparable(events: &Value) -> BTreeSet<String> {
    events["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            let rule = e["rrule"].as_str().map(|r| {
                // INTERVAL=1 is the default; ical.js leaves it out.
                let mut parts: Vec<&str> = r.split(';').filter(|p| *p != "INTERVAL=1").collect();
                parts.sort_unstable();
                parts.join(";")
            });
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{:?}",
                e["uid"],
                e["summary"],
                e["location"],
                e["description"],
                e["status"],
                e["sequence"],
                e["start"],
                e["end"],
                e["recurrence_id"],
                rule
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_readers_see_what_the_app_holds_and_expand_the_same_instants() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("export.db");
    let planner = beratungsplaner_tests::open_planner(&db).await;
    let f = fixture(&planner).await;
    planner.close().await;
    let file = dir.path().join("export.ics");
    cli(&db, &["export-ics", "--out", file.to_str().expect("path")]);
    let bytes = std::fs::read(&file).expect("the export");

    // The format itself: CRLF only, no line over 75 octets, valid UTF-8.
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }

    let python = read_python(&file);
    let icaljs = read_icaljs(&file);
    assert_eq!(
        python["timezones"],
        serde_json::json!(["America/New_York", "Europe/Berlin"])
    );
    assert_eq!(icaljs["timezones"], python["timezones"]);
    assert_eq!(
        comparable(&python),
        comparable(&icaljs),
        "both readers see the same events"
    );

    let events = python["events"].as_array().expect("events").clone();
    let workshop = event(&events, &f.event_uid, false);
    assert_eq!(workshop["summary"], "Workshop Quartiersfonds; Teil 2");
    assert_eq!(workshop["location"], "Bürgerhaus, Saal 2; 1. OG");
    let series = event(&events, &f.weekly.uid, false);
    assert_eq!(series["summary"], "Sprechstunde Lindenhagen, Rathaus; Zimmer 3");
    assert_eq!(series["location"], "Marktplatz 1, 35390 Lindenhagen; Eingang B");
    let moved = event(&events, &f.weekly.uid, true);
    assert_eq!(moved["recurrence_id"], "2030-10-24T08:00:00Z");
    assert_eq!(moved["start"], "2030-10-29T13:00:00Z", "14:00 CET");
    let cancelled = event(&events, &f.cancelled_uid, false);
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(cancelled["sequence"], 1, "cancelling raised the SEQUENCE");
    let description = cancelled["description"].as_str().expect("description");
    assert!(description.contains(TRICKY_TITLE), "{description}");
    assert!(description.contains(TRICKY_TOPIC), "{description}");
    let rebooked = event(&events, &f.rebooked_uid, false);
    assert_eq!(
        (rebooked["sequence"].as_i64(), rebooked["status"].as_str()),
        (Some(1), Some("CONFIRMED"))
    );
    assert_eq!(
        rebooked["start"], "2030-04-01T09:00:00Z",
        "11:00 CEST after the change on 31 March"
    );
    let congress = events
        .iter()
        .find(|e| e["summary"] == "Jahreskongress 2030")
        .expect("congress");
    assert_eq!(
        (congress["start"].as_str(), congress["end"].as_str()),
        (Some("2030-06-20"), Some("2030-06-22"))
    );
    let visit = events
        .iter()
        .find(|e| e["summary"] == "Standortbesuch Nordstadt")
        .expect("visit");
    assert_eq!(
        visit["description"]
            .as_str()
            .map(|d| d.contains("Pläne, Fotos\nAnsprechpartnerin: Frau Öztürk")),
        Some(true)
    );

    // The instants an independent expansion finds are the occurrences the app computes.
    let expanded = expand_python(&file, "2030-01-01", "2031-01-01");
    let slots: Vec<Value> = serde_json::from_str(&cli(
        &db,
        &["slots", "list", "--json", "--from", "2030-01-01", "--to", "2030-12-31"],
    ))
    .expect("slots");
    let mut app: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for slot in slots
        .iter()
        .filter(|s| s["id"].as_str().is_some_and(|id| id.ends_with("-0")))
    {
        let start = chrono::DateTime::parse_from_rfc3339(slot["start"].as_str().expect("start"))
            .expect("instant")
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        app.entry(slot["series_uid"].as_str().expect("uid").to_owned())
            .or_default()
            .insert(start);
    }
    let series_uids: BTreeSet<&String> = app.keys().collect();
    let mut independent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (uid, instants) in &expanded {
        // A one-off extra is its own event with a UID derived from the series'.
        let owner = series_uids
            .iter()
            .find(|s| *s == &uid || uid.starts_with(s.split('@').next().unwrap_or_default()))
            .map(|s| (*s).clone());
        if let Some(owner) = owner {
            independent.entry(owner).or_default().extend(instants.iter().cloned());
        }
    }
    assert_eq!(app.len(), 2);
    assert_eq!(
        independent, app,
        "recurring-ical-events expands the export to the app's occurrences"
    );
    let weekly = &app[&f.weekly.uid];
    assert!(
        weekly.contains("2030-03-28T09:00:00Z") && weekly.contains("2030-04-01T08:00:00Z"),
        "DST in March"
    );
    assert!(
        weekly.contains("2030-10-21T08:00:00Z") && weekly.contains("2030-10-28T09:00:00Z"),
        "and back in October"
    );
    assert!(!weekly.contains("2030-04-22T08:00:00Z"), "Ostermontag skipped");
    assert!(!weekly.contains("2030-03-04T09:00:00Z"), "the skipped Monday");
    assert!(weekly.contains("2030-03-30T08:00:00Z"), "the extra Saturday, 09:00 CET");

    // UIDs never change: the same data exports the same events (DTSTAMP aside).
    let again = dir.path().join("again.ics");
    cli(&db, &["export-ics", "--out", again.to_str().expect("path")]);
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("DTSTAMP"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(&text),
        strip(&std::fs::read_to_string(&again).expect("again")),
        "deterministic"
    );
    let scoped = cli(&db, &["export-ics", "--out", "-", "--case", &f.berlin_case.to_string()]);
    assert!(
        !scoped.contains("RRULE"),
        "a case's export holds its bookings and appointments, no series"
    );
    assert!(scoped.contains(&f.rebooked_uid));
}

/// What a reader saw, keyed by UID and RECURRENCE-ID, without what an import may not keep
/// (LAST-MODIFIED, DTSTAMP are not reported).
fn events_by_key(parsed: &Value) -> BTreeMap<(String, String), String> {
    parsed["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            let rule = e["rrule"].as_str().map(|r| {
                let mut parts: Vec<&str> = r.split(';').filter(|p| *p != "INTERVAL=1").collect();
                parts.sort_unstable();
                parts.join(";")
            });
            (
                (e["uid"].to_string(), e["recurrence_id"].to_string()),
                format!(
                    "{}|{}|{}|{}|{}|{}|{}|{:?}",
                    e["summary"],
                    e["location"],
                    e["description"],
                    e["status"],
                    e["sequence"],
                    e["start"],
                    e["end"],
                    rule
                ),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_import_export_gives_the_same_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("first.db");
    let planner = beratungsplaner_tests::open_planner(&db).await;
    fixture(&planner).await;
    planner.close().await;
    let first = dir.path().join("first.ics");
    cli(&db, &["export-ics", "--out", first.to_str().expect("path")]);

    let fresh = dir.path().join("fresh.db");
    let created = cli(&fresh, &["import-ics", first.to_str().expect("path")]);
    assert!(created.starts_with("created "), "{created}");
    let again = cli(&fresh, &["import-ics", first.to_str().expect("path")]);
    assert!(
        again.starts_with("created 0, updated 0, skipped "),
        "re-importing changes nothing: {again}"
    );
    let second = dir.path().join("second.ics");
    cli(&fresh, &["export-ics", "--out", second.to_str().expect("path")]);

    let (a, b) = (read_python(&first), read_python(&second));
    assert_eq!(
        events_by_key(&a),
        events_by_key(&b),
        "the same events after a round trip"
    );
    assert_eq!(
        expand_python(&first, "2030-01-01", "2031-01-01"),
        expand_python(&second, "2030-01-01", "2031-01-01"),
        "and the same instants"
    );
    assert_eq!(
        read_icaljs(&second)["events"].as_array().map(Vec::len),
        a["events"].as_array().map(Vec::len)
    );
}

/// A stranger's file whose texts carry line breaks (escaped, and a bare CR inside a line) and
/// what would be the lines of a second event: imported and exported again by the app, python
/// `icalendar` (an independent reader) finds one event with the same texts, and no other UID.
#[test]
fn an_imported_text_never_becomes_a_line_of_the_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("inject.db");
    let file = dir.path().join("inject.ics");
    let evil = "\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil\\nORGANIZER:mailto:x@evil\\nSUMMARY:gefälscht";
    std::fs::write(
        &file,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:stranger-1@example.org\r\n\
             DTSTART:20300311T090000Z\r\nDTEND:20300311T100000Z\r\nSUMMARY:Treffen\rBEGIN:VEVENT{evil}\r\n\
             LOCATION:Rathaus{evil}\r\nDESCRIPTION:Text{evil}\r\nCATEGORIES:Beratung,Netz{evil}\r\n\
             RRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    )
    .expect("write");
    cli(&db, &["import-ics", file.to_str().expect("path")]);
    let out = dir.path().join("out.ics");
    cli(&db, &["export-ics", "--out", out.to_str().expect("path")]);
    let doc = std::fs::read_to_string(&out).expect("export");
    assert_eq!(doc.matches("\r\nBEGIN:VEVENT\r\n").count(), 1, "{doc}");
    assert!(!doc.contains("\r\nUID:evil") && !doc.contains("\r\nORGANIZER"), "{doc}");
    let parsed = read_python(&out);
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), 1, "{parsed}");
    let e = &events[0];
    assert_eq!(e["uid"], "stranger-1@example.org");
    let lines = "\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil\nORGANIZER:mailto:x@evil\nSUMMARY:gefälscht";
    assert_eq!(e["summary"], format!("Treffen\nBEGIN:VEVENT{lines}"));
    assert_eq!(e["location"], format!("Rathaus{lines}"));
    assert!(
        e["description"]
            .as_str()
            .is_some_and(|d| d.ends_with(&format!("Text{lines}"))),
        "{e}"
    );
    assert_eq!(e["rrule"], "FREQ=WEEKLY;COUNT=3");
}

/// The resident set of a finished child at its peak, in MiB (polled while it runs).
fn peak_rss_mib(child: &mut std::process::Child) -> u64 {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let kib = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
                .unwrap_or(0);
            peak = peak.max(kib / 1024);
        }
        if child.try_wait().expect("wait").is_some() {
            return peak;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A 64 MiB line without a line break (a SUMMARY that never ends): `import-ics` refuses it in
/// one line naming it, writes nothing, and reads no more of it than the 1 MiB a line may have,
/// so it needs no more memory than a small file does.
#[test]
fn an_endless_line_is_refused_in_one_line_and_bounded_memory() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("endless.ics");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
        out.write_all(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:")
            .expect("write");
        let chunk = "Fördermittel ".repeat(4096);
        for _ in 0..(64 << 20) / chunk.len() {
            out.write_all(chunk.as_bytes()).expect("write");
        }
    }
    let run = |file: &Path, db: &Path| {
        let mut child = Command::new(app_binary())
            .arg("--db")
            .arg(db)
            .arg("import-ics")
            .arg(file)
            .env_remove("BERATUNGSPLANER_DB")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("import");
        let peak = peak_rss_mib(&mut child);
        (peak, child.wait_with_output().expect("output"))
    };
    let db = dir.path().join("endless.db");
    let (peak, out) = run(&file, &db);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim(), "error: line 4: the line is longer than 1 MiB");
    let listed = cli(&db, &["appointment", "list", "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&listed).expect("json"),
        serde_json::json!([])
    );
    let small = workspace_root().join("tests/fixtures/ics/google.ics");
    let (baseline, _) = run(&small, &dir.path().join("small.db"));
    eprintln!("peak resident set {peak} MiB for a 64 MiB line, {baseline} MiB for a small file");
    assert!(
        peak < baseline + 16,
        "{peak} MiB for the line, {baseline} MiB for a small file"
    );
}
