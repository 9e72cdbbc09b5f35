//! `sync-caldav` against servers that misbehave: a test server of our own
//! (`beratungsplaner_tests::hostile`) that sends an endless body, redirects elsewhere, or sits on
//! another computer's address over plain HTTP; URLs with a password in them; logging at trace;
//! and Radicale holding events, written there by another client, that the app's reader refuses.
//! Every run must end with one clear error line (or warnings) and never a panic, with its memory
//! bounded and no password or personal data in what it prints.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use beratungsplaner_tests::hostile::{non_loopback_ip, peak_resident, Behaviour, HostileServer};
use beratungsplaner_tests::{app_binary, workspace_root, CalDavServer};
use serde_json::Value;

const USER: &str = "beraterin";
const PASSWORD: &str = "geheim";
/// `beraterin:geheim` as a Basic Authorization header carries it.
const BASIC: &str = "YmVyYXRlcmluOmdlaGVpbQ==";
/// Far beyond what any of these runs needs: a bound against hanging, not a measurement.
const SAFETY: Duration = Duration::from_secs(120);
/// The most resident memory a sync may reach against an endless body.
const MEMORY_BOUND: u64 = 200 * 1024 * 1024;

fn command(db: &Path, args: &[&str], password: &str) -> Command {
    let mut command = Command::new(app_binary());
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BERATUNGSPLANER_DB")
        .env_remove("BERATUNGSPLANER_LOG")
        .env("BERATUNGSPLANER_CALDAV_PASSWORD", password);
    command
}

fn run(db: &Path, args: &[&str]) -> Output {
    command(db, args, PASSWORD).output().expect("run beratungsplaner")
}

fn demo(db: &Path, cases: &str) {
    let out = run(db, &["demo-data", "--cases", cases]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn sync_args(url: &str) -> Vec<&str> {
    vec!["sync-caldav", "--url", url, "--user", USER]
}

/// A sync run to its end (killed after `SAFETY`), with the highest resident set it reached.
fn sync_measured(db: &Path, url: &str) -> (Output, u64) {
    let mut child = command(db, &sync_args(url), PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the sync");
    let started = Instant::now();
    let mut peak = 0;
    // VmHWM only grows, so the last reading before the exit is the peak of the whole run.
    while child.try_wait().expect("wait").is_none() {
        peak = peak.max(peak_resident(child.id()).unwrap_or(0));
        if started.elapsed() > SAFETY {
            let _ = child.kill();
            panic!(
                "the sync against {url} was still running after {SAFETY:?} ({} MiB)",
                peak >> 20
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (child.wait_with_output().expect("output"), peak)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Exit 1 with exactly one line on stderr, and nothing of the password: that line.
fn one_error(out: &Output) -> String {
    let all = text(out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(!all.contains(PASSWORD) && !all.contains(BASIC), "{all}");
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn an_endless_body_is_cut_off_and_memory_stays_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "3");
    let server = HostileServer::start(IpAddr::V4(Ipv4Addr::LOCALHOST), Behaviour::EndlessBody);
    let (out, peak) = sync_measured(&db, &server.url);
    assert_eq!(
        one_error(&out),
        format!(
            "error: the server {} sent a response larger than 16 MiB; it was not read",
            server.url
        )
    );
    assert!(peak < MEMORY_BOUND, "{} MiB resident", peak >> 20);
    assert!(server.connections() >= 1);
}

#[test]
fn a_redirect_is_not_followed_and_the_password_goes_nowhere_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "3");
    let elsewhere = HostileServer::start(IpAddr::V4(Ipv4Addr::LOCALHOST), Behaviour::Status(207));
    let other_host = non_loopback_ip().map(|ip| HostileServer::start(ip, Behaviour::Status(207)));
    let mut targets = vec![format!("{}dav/", elsewhere.url)];
    targets.extend(other_host.iter().map(|s| s.url.clone()));
    for status in [301, 302, 307, 308] {
        for location in &targets {
            let redirector = HostileServer::start(
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                Behaviour::Redirect {
                    status,
                    location: location.clone(),
                },
            );
            let out = run(&db, &sync_args(&redirector.url));
            let error = one_error(&out);
            assert!(
                error.starts_with(&format!("error: the server redirects to another address ({status} ")),
                "{error}"
            );
            assert!(error.ends_with("enter the address it redirects to"), "{error}");
            assert!(redirector.connections() >= 1);
        }
    }
    assert_eq!(elsewhere.connections(), 0, "{:?}", elsewhere.heads());
    if let Some(server) = other_host {
        assert_eq!(server.connections(), 0, "{:?}", server.heads());
    }
}

#[test]
fn plain_http_goes_to_this_computer_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "3");

    // Another computer over http: refused before a connection is made.
    let mut refused = vec![
        "http://calendar.example/dav/".to_owned(),
        "http://192.0.2.1:5232/".to_owned(),
        "HTTP://[2001:db8::1]/".to_owned(),
    ];
    let listening = non_loopback_ip().map(|ip| HostileServer::start(ip, Behaviour::Status(401)));
    refused.extend(listening.iter().map(|s| s.url.clone()));
    for url in &refused {
        let error = one_error(&run(&db, &sync_args(url)));
        assert!(
            error.contains("is not encrypted (http://)") && error.contains("use the server's https:// URL"),
            "{url}: {error}"
        );
    }
    if let Some(server) = &listening {
        assert_eq!(server.connections(), 0, "{:?}", server.heads());
    }

    // This computer, by any of its loopback names: asked, and the password goes there.
    let local = HostileServer::start(IpAddr::V4(Ipv4Addr::LOCALHOST), Behaviour::Status(401));
    let port = local.addr.port();
    for url in [
        format!("http://127.0.0.1:{port}/"),
        format!("http://localhost:{port}/"),
        format!("http://LocalHost:{port}/dav/"),
    ] {
        let error = one_error(&run(&db, &sync_args(&url)));
        assert_eq!(error, "error: the user name or password is wrong", "{url}");
    }
    assert!(local.heads().iter().all(|h| h.contains(&format!("Basic {BASIC}"))));
}

#[test]
fn credentials_in_the_url_are_refused_never_stored_nor_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "3");
    let secret = "Url-Geheimnis-42";
    let server = HostileServer::start(IpAddr::V4(Ipv4Addr::LOCALHOST), Behaviour::Status(207));
    let port = server.addr.port();
    for url in [
        format!("http://{USER}:{secret}@127.0.0.1:{port}/"),
        format!("https://{USER}:{secret}@calendar.example/dav/"),
        format!("https://{secret}@calendar.example/"),
    ] {
        let error = one_error(&run(&db, &sync_args(&url)));
        assert_eq!(
            error,
            "error: put the user name and password in their fields, not in the URL"
        );
    }
    // Not a valid URL either: the message repeats it, without what stood before the @.
    let error = one_error(&run(&db, &sync_args(&format!("https://{USER}:{secret}@bad host/"))));
    assert!(
        !error.contains(secret) && error.contains("is not a valid URL"),
        "{error}"
    );
    assert_eq!(server.connections(), 0);

    // Nor saved from the window's settings.
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let saved = planner
            .save_caldav_account(
                &format!("https://{USER}:{secret}@calendar.example/"),
                USER,
                &beratungsplaner_core::domain::CalDavCalendar {
                    href: "/dav/".into(),
                    name: "Kalender".into(),
                },
            )
            .await;
        let error = saved.expect_err("refused");
        assert_eq!(error.code(), "url");
        assert_eq!(
            error.message_de(),
            "Bitte Benutzername und Passwort in die Felder eintragen, nicht in die Adresse."
        );
        planner.close().await;
    });
    for file in std::fs::read_dir(dir.path()).expect("dir") {
        // A file gone meanwhile (SQLite's -shm at close) holds nothing either.
        let Ok(bytes) = std::fs::read(file.expect("entry").path()) else {
            continue;
        };
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the password is in a file"
        );
    }
}

/// Contacts' names in the database.
fn contact_names(db: &Path) -> Vec<String> {
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        let key = beratungsplaner_tests::database_key();
        let options = beratungsplaner_core::store::encryption::options(Some(&key))
            .filename(db)
            .read_only(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("open");
        let names: Vec<(String,)> = sqlx::query_as("SELECT name FROM contacts")
            .fetch_all(&pool)
            .await
            .expect("names");
        pool.close().await;
        names.into_iter().map(|(n,)| n).collect()
    })
}

#[test]
fn trace_logging_shows_no_bodies_names_or_passwords() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "5");
    let server = CalDavServer::radicale(dir.path());
    let out = command(&db, &sync_args(&server.url), PASSWORD)
        .env("BERATUNGSPLANER_LOG", "trace,libdav=trace")
        .output()
        .expect("sync");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("TRACE"), "logging at trace is on");
    let names = contact_names(&db);
    assert!(names.len() > 5);
    for name in names {
        for part in name.split_whitespace().filter(|p| p.len() > 3) {
            assert!(!stderr.contains(part), "{part} is in the log");
        }
    }
    let key = beratungsplaner_tests::database_key().recovery_key();
    for secret in [
        key.as_str(),
        key.split('-').next().expect("a group"),
        "PRAGMA key",
        PASSWORD,
        BASIC,
        "BEGIN:VCALENDAR",
        "SUMMARY",
        "Authorization",
        "authorization",
    ] {
        assert!(!stderr.contains(secret), "{secret} is in the log");
    }
}

/// `PUT` of `body` to `url` on loopback with Basic authentication; the status.
fn put(url: &str, body: &str) -> u16 {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest.split_once('/').expect("a path");
    let mut stream = TcpStream::connect(host).expect("connect");
    let head = format!(
        "PUT /{path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Basic {BASIC}\r\n\
         Content-Type: text/calendar; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream.write_all(body.as_bytes()).expect("body");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn python(args: &[&str]) -> Value {
    let out = Command::new(workspace_root().join(".venv/bin/python"))
        .args(args)
        .output()
        .expect("python");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn event(uid: &str, lines: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Andere Software//DE\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
         DTSTAMP:20260101T000000Z\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// What another client may write over an event of the app: none of them an event the app can
/// hold (CalDAV servers check some of this themselves; what Radicale refuses is left out).
fn hostile_events(uid: &str) -> Vec<(&'static str, String)> {
    let timed = |lines: &str| event(uid, &format!("SUMMARY:x\r\n{lines}"));
    vec![
        (
            "huge weeks",
            timed("DTSTART:20260105T100000Z\r\nDURATION:P99999999999W\r\n"),
        ),
        (
            "huge days",
            timed("DTSTART:20260105T100000Z\r\nDURATION:P9999999999D\r\n"),
        ),
        (
            "5000 years long",
            timed("DTSTART:20260105T100000Z\r\nDURATION:P2000000D\r\n"),
        ),
        (
            "past the calendar's end",
            timed("DTSTART;VALUE=DATE:99991231\r\nDURATION:P400D\r\n"),
        ),
        (
            "the year 9999",
            timed("DTSTART:99990101T100000Z\r\nDTEND:99990101T110000Z\r\n"),
        ),
        (
            "the year 2500",
            timed("DTSTART:25000101T100000Z\r\nDTEND:25000101T110000Z\r\n"),
        ),
        (
            "daily since the year 1",
            timed("DTSTART:00010101T100000Z\r\nDTEND:00010101T110000Z\r\nRRULE:FREQ=DAILY\r\n"),
        ),
        (
            "every second since 1970",
            timed("DTSTART:19700101T000000Z\r\nDTEND:19700101T000001Z\r\nRRULE:FREQ=SECONDLY\r\n"),
        ),
        (
            "every minute since 1900",
            timed("DTSTART:19000101T000000Z\r\nDTEND:19000101T000100Z\r\nRRULE:FREQ=MINUTELY;INTERVAL=1\r\n"),
        ),
        (
            "10 MB title",
            timed(&format!(
                "DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\nDESCRIPTION:{}\r\n",
                "A".repeat(10 << 20)
            )),
        ),
        (
            "1 MB title",
            event(
                uid,
                &format!(
                    "SUMMARY:{}\r\nDTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\n",
                    "A".repeat(1 << 20)
                ),
            ),
        ),
        ("no start", timed("DURATION:PT1H\r\n")),
        (
            "end before start",
            timed("DTSTART:20260105T100000Z\r\nDTEND:20250105T110000Z\r\n"),
        ),
        (
            "no time zone known",
            timed("DTSTART;TZID=Mars/Olympus:20260105T100000\r\nDTEND;TZID=Mars/Olympus:20260105T110000\r\n"),
        ),
        (
            "a rule of garbage",
            timed("DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\nRRULE:FREQ=SOMETIMES;BYDAY=XX\r\n"),
        ),
    ]
}

#[test]
fn events_the_reader_refuses_on_the_server_are_skipped_and_the_rest_syncs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sync.db");
    demo(&db, "5");
    let server = CalDavServer::radicale(dir.path());
    let first = run(&db, &sync_args(&server.url));
    assert!(first.status.success(), "{}", text(&first));
    let calendar = format!("{}beraterin/beratungsplaner/", server.url);
    let helper = workspace_root().join("tests/caldav/server_events.py");
    let listed = python(&[helper.to_str().expect("path"), "list", &calendar, USER, PASSWORD]);
    let resources = listed["resources"].as_array().expect("resources");

    // Another client writes over some of the app's events.
    let mut hostile = Vec::new();
    let uid_of = |i: usize| resources[i]["events"][0]["uid"].as_str().expect("uid").to_owned();
    for (i, (what, body)) in hostile_events(&uid_of(0)).into_iter().enumerate() {
        let resource = &resources[i];
        let href = percent_decoded(resource["href"].as_str().expect("href"));
        let body = body.replace(&uid_of(0), &uid_of(i));
        let url = format!("{}{}", server.url.trim_end_matches('/'), href);
        let status = put(&url, &body);
        if (200..300).contains(&status) {
            hostile.push((what, href));
        } else {
            eprintln!("Radicale refuses \"{what}\" itself ({status})");
        }
    }
    assert!(hostile.len() >= 3, "Radicale took too few: {hostile:?}");

    // Every sync, and never a crash: what the reader refuses is skipped with a warning naming
    // its path (nothing else of it), what it reads and differs is a conflict; nothing is written.
    let mut skipped = 0;
    for round in 0..2 {
        let out = run(&db, &sync_args(&server.url));
        let all = text(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{all}");
        assert!(!all.contains("panicked"), "{all}");
        assert!(all.len() < 20_000, "short output, {} bytes", all.len());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let warnings = stderr.lines().filter(|l| l.starts_with("warning: ")).count();
        let mut warned = 0;
        for (what, href) in &hostile {
            let expected = format!("warning: {href}: the server's version cannot be read and is left as it is");
            if stderr.lines().any(|l| l == expected) {
                warned += 1;
                if round == 0 {
                    eprintln!("skipped: {what}");
                }
            } else if round == 0 {
                eprintln!("read (a conflict): {what}");
            }
        }
        assert_eq!(warnings, warned, "{all}");
        let conflicts: usize = summary_number(&all, "conflicts");
        assert_eq!(warned + conflicts, hostile.len(), "{all}");
        assert!(all.contains(", 0 writes"), "nothing overwritten: {all}");
        skipped = warned;
    }
    assert!(skipped > 0, "no resource was unreadable");

    // The rest converges: a new appointment of the app goes to the server.
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let appointments = planner
            .appointments(&beratungsplaner_core::domain::CalendarQuery::default())
            .await
            .expect("appointments");
        let mut input = appointments.first().expect("an appointment").input.clone();
        input.title = "Nach dem fremden Schreiben".into();
        input.accept_overlap = true;
        planner.create_appointment(input).await.expect("create");
        planner.close().await;
    });
    let out = run(&db, &sync_args(&server.url));
    let all = text(&out);
    assert!(!all.contains("panicked"), "{all}");
    assert!(all.contains("created 1,") && all.contains(", 1 writes"), "{all}");
}

/// `href` with its %XX escapes undone, as the app keeps it.
fn percent_decoded(href: &str) -> String {
    let bytes = href.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            href.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The number after `name` in `sync-caldav`'s summary line.
fn summary_number(output: &str, name: &str) -> usize {
    output
        .lines()
        .find(|l| l.starts_with("created "))
        .and_then(|l| {
            l.replace(';', ",")
                .split(',')
                .find_map(|part| part.trim().strip_prefix(name)?.trim().parse().ok())
        })
        .unwrap_or_else(|| panic!("no {name} in {output}"))
}
