//! CalDAV sync against real servers started on loopback: Radicale with htpasswd authentication
//! and Xandikos. What the server holds is read back independently (plain HTTP, python
//! `icalendar`: `tests/caldav/server_events.py`) and compared with the export.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use beratungsplaner_tests::{app_binary, poll, workspace_root, CalDavServer};
use chrono::Days;
use serde_json::Value;

const USER: &str = "beraterin";
const PASSWORD: &str = "geheim";

fn run(db: &Path, args: &[&str], password: &str) -> Output {
    Command::new(app_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BERATUNGSPLANER_DB")
        .env("BERATUNGSPLANER_CALDAV_PASSWORD", password)
        .output()
        .expect("run beratungsplaner")
}

fn demo(db: &Path, cases: &str) {
    let out = run(db, &["demo-data", "--cases", cases], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `sync-caldav`'s summary line as numbers by name.
fn summary(out: &Output) -> BTreeMap<String, u32> {
    let text = String::from_utf8_lossy(&out.stdout);
    text.replace(';', ",")
        .split(',')
        .filter_map(|part| {
            let words: Vec<&str> = part.split_whitespace().collect();
            match words.as_slice() {
                [name, n] if n.parse::<u32>().is_ok() => Some((name.to_string(), n.parse().ok()?)),
                ["taken", "over", n] => Some(("taken_over".to_string(), n.parse().ok()?)),
                [n, name] => Some((name.to_string(), n.parse().ok()?)),
                _ => None,
            }
        })
        .collect()
}

fn sync(db: &Path, url: &str) -> BTreeMap<String, u32> {
    let out = run(db, &["sync-caldav", "--url", url, "--user", USER], PASSWORD);
    assert!(
        out.status.success(),
        "sync: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    summary(&out)
}

fn python(args: &[&str]) -> Value {
    let out = Command::new(workspace_root().join(".venv/bin/python"))
        .args(args)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn helper() -> String {
    workspace_root()
        .join("tests/caldav/server_events.py")
        .display()
        .to_string()
}

/// Every event on the server, by UID and RECURRENCE-ID, and how many resources hold them.
fn on_server(calendar_url: &str) -> (BTreeMap<String, Value>, usize) {
    let listed = python(&[&helper(), "list", calendar_url, USER, PASSWORD]);
    let resources = listed["resources"].as_array().expect("resources");
    let mut events = BTreeMap::new();
    for resource in resources {
        for event in resource["events"].as_array().expect("events") {
            events.insert(key(event), event.clone());
        }
    }
    (events, resources.len())
}

fn key(event: &Value) -> String {
    format!("{} {}", event["uid"], event["recurrence_id"])
}

/// Every event of the export as python `icalendar` reads it.
fn exported(db: &Path, dir: &Path) -> BTreeMap<String, Value> {
    let file = dir.join("export.ics");
    let out = run(db, &["export-ics", "--out", file.to_str().expect("path")], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let script = workspace_root().join("tests/ical/parse_icalendar.py");
    python(&[script.to_str().expect("path"), file.to_str().expect("path")])["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| (key(e), e.clone()))
        .collect()
}

fn assert_server_equals_export(db: &Path, dir: &Path, calendar_url: &str) {
    let (server, resources) = on_server(calendar_url);
    let export = exported(db, dir);
    let uids: std::collections::BTreeSet<String> = export.values().map(|e| e["uid"].to_string()).collect();
    assert_eq!(resources, uids.len(), "one resource per UID, no duplicates");
    assert_eq!(server.len(), export.len(), "as many events as the export");
    for (key, event) in &export {
        assert_eq!(server.get(key), Some(event), "{key}");
    }
}

fn calendar_url(server: &CalDavServer, db_dir: &Path) -> String {
    let planner = tokio::runtime::Runtime::new().expect("rt").block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db_dir.join("sync.db")).await;
        let account = planner.caldav_account().await.expect("account").expect("an account");
        planner.close().await;
        account
    });
    format!(
        "{}{}",
        server.url.trim_end_matches('/'),
        planner.calendar_href.expect("calendar")
    )
}

#[test]
fn radicale_first_push_resync_changes_and_a_wrong_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = CalDavServer::radicale(dir.path());
    let db = dir.path().join("sync.db");
    demo(&db, "20");

    let first = sync(&db, &server.url);
    assert!(first["created"] > 100, "{first:?}");
    assert_eq!((first["conflicts"], first["updated"]), (0, 0));
    let calendar = calendar_url(&server, dir.path());
    assert!(calendar.ends_with("/beraterin/beratungsplaner/"), "{calendar}");
    assert_server_equals_export(&db, dir.path(), &calendar);

    let again = sync(&db, &server.url);
    assert_eq!(
        (again["writes"], again["requests"]),
        (0, 1),
        "no change, no write: {again:?}"
    );
    assert_eq!(again["unchanged"], first["created"]);

    // A booking moved to another free slot of its series, one cancelled, an appointment moved,
    // one deleted.
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let today = Planner::today();
        let slots = planner
            .slots(&CalendarQuery {
                from: Some(today),
                to: Some(today + Days::new(90)),
                ..CalendarQuery::default()
            })
            .await
            .expect("slots");
        let booked: Vec<&Slot> = slots.iter().filter(|s| s.status == SlotStatus::Booked).collect();
        let moved = booked[0].booking.as_ref().expect("booking");
        let free = slots
            .iter()
            .find(|s| {
                s.status == SlotStatus::Free && s.series_id == booked[0].series_id && s.start > chrono::Utc::now()
            })
            .expect("a free slot");
        planner.rebook(moved.id, &free.id, true).await.expect("rebook");
        let cancelled = booked[1].booking.as_ref().expect("booking");
        planner.cancel_booking(cancelled.id, "Erkrankt").await.expect("cancel");
        let appointments = planner
            .appointments(&CalendarQuery {
                from: Some(today),
                to: Some(today + Days::new(365)),
                ..CalendarQuery::default()
            })
            .await
            .expect("appointments");
        let mut input = appointments[0].input.clone();
        input.starts_on = input.starts_on + Days::new(1);
        input.ends_on = input.ends_on + Days::new(1);
        input.accept_overlap = true;
        planner
            .update_appointment(appointments[0].id, input)
            .await
            .expect("move");
        planner.delete_appointment(appointments[1].id).await.expect("delete");
        planner.close().await;
    });
    let changed = sync(&db, &server.url);
    assert_eq!(
        (
            changed["updated"],
            changed["deleted"],
            changed["created"],
            changed["conflicts"]
        ),
        (3, 1, 0, 0),
        "{changed:?}"
    );
    assert_eq!(changed["writes"], 4);
    assert_server_equals_export(&db, dir.path(), &calendar);

    // A wrong password: a clear error, nothing changed in the app.
    let before = exported(&db, dir.path());
    let out = run(&db, &["sync-caldav", "--url", &server.url, "--user", USER], "falsch");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim(), "error: the user name or password is wrong");
    assert_eq!(exported(&db, dir.path()), before);
    assert_eq!(sync(&db, &server.url)["writes"], 0, "the app's sync state is as it was");
}

#[test]
fn an_event_changed_on_the_server_is_a_conflict_resolved_field_by_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = CalDavServer::radicale(dir.path());
    let db = dir.path().join("sync.db");
    demo(&db, "5");
    sync(&db, &server.url);
    let calendar = calendar_url(&server, dir.path());
    let listed = python(&[&helper(), "list", &calendar, USER, PASSWORD]);
    let resource = &listed["resources"][0];
    let href = resource["href"].as_str().expect("href");
    let uid = resource["events"][0]["uid"].as_str().expect("uid").to_owned();
    let app_summary = resource["events"][0]["summary"].as_str().expect("summary").to_owned();
    python(&[
        &helper(),
        "edit",
        &calendar,
        USER,
        PASSWORD,
        href,
        "Auf dem Server geändert",
        "Bürgerhaus, Saal 2",
    ]);

    // Reported, exit 1, and the server's version left alone.
    let out = run(&db, &["sync-caldav", "--url", &server.url, "--user", USER], PASSWORD);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(summary(&out)["conflicts"], 1);
    assert_eq!(summary(&out)["writes"], 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("conflict: {uid}")), "{stderr}");
    assert!(
        stderr.contains("error: 1 events were changed on the server"),
        "{stderr}"
    );
    let (events, _) = on_server(&calendar);
    let on_server_now = events.values().find(|e| e["uid"] == uid.as_str()).expect("event");
    assert_eq!(on_server_now["summary"], "Auf dem Server geändert");

    // Field by field: the place from the server, everything else from the app.
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let conflicts = planner.caldav_conflicts().await.expect("conflicts");
        assert_eq!(conflicts.len(), 1);
        let differing: Vec<SyncField> = conflicts[0]
            .fields
            .iter()
            .filter(|f| f.differs)
            .map(|f| f.field)
            .collect();
        assert_eq!(differing, [SyncField::Place, SyncField::Title]);
        planner
            .resolve_caldav_conflict(
                &ConflictResolution {
                    uid: uid.clone(),
                    choices: vec![(SyncField::Place, SyncSide::Server), (SyncField::Title, SyncSide::App)],
                },
                PASSWORD,
            )
            .await
            .expect("resolve");
        assert!(planner.caldav_conflicts().await.expect("conflicts").is_empty());
        planner.close().await;
    });
    let (events, _) = on_server(&calendar);
    let resolved = events.values().find(|e| e["uid"] == uid.as_str()).expect("event");
    assert_eq!(resolved["summary"], app_summary.as_str());
    assert_eq!(resolved["location"], "Bürgerhaus, Saal 2");
    let after = sync(&db, &server.url);
    assert_eq!((after["writes"], after["conflicts"]), (0, 0), "{after:?}");
}

#[test]
fn a_sync_killed_half_way_converges_on_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = CalDavServer::radicale(dir.path());
    let db = dir.path().join("sync.db");
    demo(&db, "20");
    let calendar_dir: PathBuf = server
        .storage
        .join("collections/collection-root/beraterin/beratungsplaner");
    let mut child = Command::new(app_binary())
        .arg("--db")
        .arg(&db)
        .args(["sync-caldav", "--url", &server.url, "--user", USER])
        .env("BERATUNGSPLANER_CALDAV_PASSWORD", PASSWORD)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("sync");
    let stored = |dir: &Path| {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "ics"))
                    .count()
            })
            .unwrap_or(0)
    };
    assert!(
        poll(Duration::from_secs(60), || stored(&calendar_dir) >= 60),
        "the sync did not get going"
    );
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    let half = stored(&calendar_dir);

    let rerun = sync(&db, &server.url);
    assert_eq!(rerun["conflicts"], 0, "{rerun:?}");
    assert!(
        rerun["created"] + rerun["taken_over"] + rerun["unchanged"] > half as u32,
        "{rerun:?}"
    );
    let calendar = calendar_url(&server, dir.path());
    assert_server_equals_export(&db, dir.path(), &calendar);
    assert_eq!(sync(&db, &server.url)["writes"], 0);
}

#[test]
fn xandikos_first_push_and_resync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = CalDavServer::xandikos(dir.path());
    let db = dir.path().join("sync.db");
    demo(&db, "5");
    let url = format!("{}user/calendars/calendar/", server.url);
    let first = sync(&db, &url);
    assert!(first["created"] > 50, "{first:?}");
    assert_server_equals_export(&db, dir.path(), &url);
    let again = sync(&db, &url);
    assert_eq!(again["writes"], 0, "{again:?}");
}

#[test]
fn errors_say_what_is_wrong_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "3");
    let stderr = |url: &str| {
        let out = run(&db, &["sync-caldav", "--url", url, "--user", USER], PASSWORD);
        assert_eq!(out.status.code(), Some(1), "{url}");
        String::from_utf8_lossy(&out.stderr).trim().to_owned()
    };

    // Nothing listens there.
    let closed = format!("http://127.0.0.1:{}/", beratungsplaner_tests::free_port());
    assert_eq!(stderr(&closed), format!("error: the server {closed} cannot be reached"));

    // A self-signed certificate.
    let port = beratungsplaner_tests::free_port();
    let mut xandikos = Command::new(workspace_root().join(".venv/bin/xandikos"))
        .args([
            "serve",
            "--defaults",
            "--autocert",
            "-l",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-d",
        ])
        .arg(dir.path().join("tls-store"))
        .arg("--state-dir")
        .arg(dir.path().join("tls-state"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("xandikos");
    let up = poll(Duration::from_secs(20), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let https = format!("https://127.0.0.1:{port}/");
    let message = up.then(|| stderr(&https));
    let _ = xandikos.kill();
    let _ = xandikos.wait();
    assert_eq!(
        message.as_deref(),
        Some(format!("error: the certificate of {https} is not valid").as_str())
    );

    // The calendar removed on the server after the first sync.
    let server = CalDavServer::radicale(dir.path());
    sync(&db, &server.url);
    std::fs::remove_dir_all(
        server
            .storage
            .join("collections/collection-root/beraterin/beratungsplaner"),
    )
    .expect("remove the calendar");
    assert_eq!(stderr(&server.url), "error: the calendar is no longer on the server");
    assert!(
        std::fs::read_dir(server.storage.join("collections/collection-root/beraterin"))
            .expect("the user's folder")
            .all(|e| e.expect("entry").file_name() != "beratungsplaner")
    );
}

/// An erased person leaves the calendar server at the next sync, as they leave a new export:
/// the appointment that named them is updated there, read back independently.
#[test]
fn an_erased_person_leaves_the_calendar_server_at_the_next_sync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = CalDavServer::radicale(dir.path());
    let db = dir.path().join("sync.db");
    demo(&db, "5");
    let person = tokio::runtime::Runtime::new().expect("rt").block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let person = beratungsplaner_tests::henrike_in_an_appointment(&planner, Planner::today() + Days::new(10)).await;
        planner.close().await;
        person
    });
    sync(&db, &server.url);
    let calendar = calendar_url(&server, dir.path());
    let named = |events: &BTreeMap<String, Value>| -> Vec<String> {
        let text = serde_json::to_string(events).expect("json");
        beratungsplaner_tests::HENRIKE
            .into_iter()
            .filter(|needle| text.contains(needle))
            .map(str::to_owned)
            .collect()
    };
    assert!(!named(&on_server(&calendar).0).is_empty(), "on the server before");

    let out = run(&db, &["erase-contact", &person.to_string()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(named(&exported(&db, dir.path())).is_empty(), "gone from a new export");
    let resync = sync(&db, &server.url);
    assert!(resync["updated"] >= 1, "{resync:?}");
    assert_eq!(
        named(&on_server(&calendar).0),
        Vec::<String>::new(),
        "gone from the server"
    );
    assert_server_equals_export(&db, dir.path(), &calendar);
}
