//! `serve-feed` against a real database over loopback: 200 with the calendar, 304 for a known
//! ETag or an unchanged Last-Modified, 404 for a wrong token, a new ETag after an edit, a rotated
//! token, and a bounded concurrent load served without an error. And against clients that do
//! not play along: heads sent a byte at a time, more idle connections than the server takes, and
//! Ctrl+C while a request is half sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use beratungsplaner_core::feed_server::{HEADER_TIMEOUT, MAX_CONNECTIONS, SHUTDOWN_GRACE};

use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use beratungsplaner_tests::app_binary;
use reqwest::StatusCode;

/// `serve-feed` on a free port; ended when dropped.
struct Feed {
    child: Child,
    url: String,
    /// What it wrote to stderr after the first line, once it has ended.
    rest: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Feed {
    fn start(db: &Path) -> Self {
        Self::start_with(db, None)
    }

    /// With at most `descriptors` open files, when given (`ulimit -n`).
    fn start_with(db: &Path, descriptors: Option<u32>) -> Self {
        let mut command = match descriptors {
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.args(["-c", &format!("ulimit -n {n} && exec \"$0\" \"$@\"")])
                    .arg(app_binary());
                sh
            }
            None => Command::new(app_binary()),
        };
        let mut child = command
            .arg("--db")
            .arg(db)
            .args(["serve-feed", "--port", "0"])
            .env_remove("BERATUNGSPLANER_DB")
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve-feed");
        let stderr = child.stderr.take().expect("stderr");
        let mut stderr = BufReader::new(stderr);
        let mut line = String::new();
        stderr.read_line(&mut line).expect("the first line");
        // The rest is read on, so the server never writes into a closed pipe.
        let rest = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let kept = rest.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            if let Ok(mut kept) = kept.lock() {
                *kept = text;
            }
        });
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_owned();
        assert!(line.contains("webcal://"), "{line}");
        Self { child, url, rest }
    }

    /// `host:port`
    fn addr(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .expect("host")
            .to_owned()
    }

    /// The descriptors the server holds open now.
    fn open_descriptors(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map(|d| d.count())
            .unwrap_or(0)
    }

    /// One GET of the feed on a new connection: its status, or `None` when the connection was
    /// closed unanswered.
    fn get_once(&self) -> Option<u16> {
        let mut stream = TcpStream::connect(self.addr()).ok()?;
        stream.set_read_timeout(Some(SAFETY)).ok()?;
        let path = &self.url[self.url.find("/calendar/")?..];
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr()
        );
        stream.write_all(request.as_bytes()).ok()?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).ok()?;
        answer.split_whitespace().nth(1)?.parse().ok()
    }
}

/// Far longer than any of these waits should take: a bound against hanging, not a measurement.
const SAFETY: Duration = Duration::from_secs(60);

/// How long after `since` the server ended `stream` (closed it or answered), sending one more
/// header byte every second meanwhile; `None` if it was still open after `SAFETY`.
fn ended_after(mut stream: TcpStream, since: Instant) -> Option<Duration> {
    stream.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
    let mut buf = [0; 512];
    while since.elapsed() < SAFETY {
        match stream.read(&mut buf) {
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            _ => return Some(since.elapsed()),
        }
        if stream.write_all(b"a").is_err() {
            return Some(since.elapsed());
        }
    }
    None
}

impl Drop for Feed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn database(db: &Path) -> (Planner, i64) {
    let planner = beratungsplaner_tests::open_planner(db).await;
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id;
    let appointment = planner
        .create_appointment(AppointmentInput {
            kind: AppointmentKind::Workshop,
            title: "Workshop Beteiligung".into(),
            location: Some("Bürgerhaus".into()),
            case_id: None,
            municipality_id: Some(m),
            advisor: "Miriam Albers".into(),
            all_day: false,
            starts_on: chrono::NaiveDate::from_ymd_opt(2030, 5, 14).expect("date"),
            ends_on: chrono::NaiveDate::from_ymd_opt(2030, 5, 14).expect("date"),
            start_time: chrono::NaiveTime::from_hms_opt(10, 0, 0),
            end_time: chrono::NaiveTime::from_hms_opt(12, 0, 0),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: false,
        })
        .await
        .expect("appointment");
    (planner, appointment.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feed_answers_200_304_404_and_serves_concurrent_clients() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("feed.db");
    let (planner, appointment) = database(&db).await;
    let feed = Feed::start(&db);
    let client = reqwest::Client::new();

    let first = client.get(&feed.url).send().await.expect("GET");
    assert_eq!(first.status(), StatusCode::OK);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert_eq!(header(&first, "content-type"), "text/calendar; charset=utf-8");
    let etag = header(&first, "etag");
    let last_modified = header(&first, "last-modified");
    assert!(
        etag.starts_with('"') && last_modified.ends_with("GMT"),
        "{etag} {last_modified}"
    );
    let body = first.text().await.expect("body");
    for property in [
        "X-WR-CALNAME:",
        "REFRESH-INTERVAL;VALUE=DURATION:",
        "X-PUBLISHED-TTL:",
        "SUMMARY:Workshop Beteiligung",
    ] {
        assert!(body.contains(property), "{property} in the feed");
    }

    let again = client.get(&feed.url).send().await.expect("GET");
    assert_eq!(again.text().await.expect("body"), body, "the same data, the same bytes");
    let cached = client
        .get(&feed.url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
    let since = client
        .get(&feed.url)
        .header("If-Modified-Since", &last_modified)
        .send()
        .await
        .expect("GET");
    assert_eq!(since.status(), StatusCode::NOT_MODIFIED);

    let wrong = feed.url.replace(".ics", "0.ics");
    assert_eq!(
        client.get(&wrong).send().await.expect("GET").status(),
        StatusCode::NOT_FOUND
    );
    let elsewhere = feed.url.split("/calendar/").next().expect("base").to_owned() + "/";
    assert_eq!(
        client.get(&elsewhere).send().await.expect("GET").status(),
        StatusCode::NOT_FOUND
    );

    // An edit in the app changes the ETag.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    planner.cancel_appointment(appointment).await.expect("cancel");
    let changed = client
        .get(&feed.url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(header(&changed, "etag"), etag);
    assert!(changed.text().await.expect("body").contains("STATUS:CANCELLED"));

    // A bounded concurrent load: 32 clients, 8 requests each.
    let mut clients = Vec::new();
    for _ in 0..32 {
        let (client, url) = (client.clone(), feed.url.clone());
        clients.push(tokio::spawn(async move {
            let mut ok = 0;
            for _ in 0..8 {
                let response = client.get(&url).send().await.expect("GET");
                if response.status() == StatusCode::OK
                    && response.text().await.is_ok_and(|b| b.ends_with("END:VCALENDAR\r\n"))
                {
                    ok += 1;
                }
            }
            ok
        }));
    }
    let mut served = 0;
    for c in clients {
        served += c.await.expect("join");
    }
    assert_eq!(served, 256);

    // A rotated token retires the old link.
    let token = planner.rotate_feed_token().await.expect("rotate");
    assert_eq!(
        client.get(&feed.url).send().await.expect("GET").status(),
        StatusCode::NOT_FOUND
    );
    let base = feed.url.split("/calendar/").next().expect("base");
    let renewed = format!("{base}/calendar/{token}.ics");
    assert_eq!(client.get(&renewed).send().await.expect("GET").status(), StatusCode::OK);
    planner.close().await;
}

#[test]
fn heads_sent_a_byte_at_a_time_are_cut_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("feed.db");
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async { database(&db).await.0.close().await });
    let feed = Feed::start(&db);
    let start = Instant::now();
    let clients: Vec<_> = (0..50)
        .map(|_| {
            let mut stream = TcpStream::connect(feed.addr()).expect("connect");
            stream
                .write_all(b"GET /calendar/x.ics HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .expect("a start");
            std::thread::spawn(move || ended_after(stream, start))
        })
        .collect();
    for client in clients {
        let ended = client.join().expect("join");
        let ended = ended.unwrap_or_else(|| panic!("still open after {SAFETY:?}"));
        assert!(ended < HEADER_TIMEOUT + Duration::from_secs(15), "open for {ended:?}");
    }
    assert_eq!(feed.get_once(), Some(200), "and the feed still answers");
}

#[test]
fn idle_connections_past_the_limit_neither_exhaust_descriptors_nor_lock_out_the_calendar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("feed.db");
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async { database(&db).await.0.close().await });
    // 400 idle connections against a server allowed 256 descriptors.
    let feed = Feed::start_with(&db, Some(256));
    let baseline = feed.open_descriptors();
    let start = Instant::now();
    let idle: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(feed.addr()).expect("connect"))
        .collect();
    // Those past the limit are closed at once, unanswered (checked before any could time out).
    let closed = || idle.iter().filter(|s| !would_block(s)).count();
    let mut closed_now = closed();
    while closed_now < 400 - MAX_CONNECTIONS && start.elapsed() < HEADER_TIMEOUT / 2 {
        std::thread::sleep(Duration::from_millis(200));
        closed_now = closed();
    }
    assert!(closed_now >= 400 - MAX_CONNECTIONS, "{closed_now} closed at once");
    let held = feed.open_descriptors();
    assert!(
        held <= baseline + MAX_CONNECTIONS + 8,
        "{held} descriptors (at the start {baseline})"
    );

    // Once the idle ones have timed out, the calendar program is served again.
    let mut served = None;
    while served.is_none() && start.elapsed() < SAFETY {
        served = feed.get_once().filter(|s| *s == 200).map(|_| start.elapsed());
        std::thread::sleep(Duration::from_millis(200));
    }
    let served = served.unwrap_or_else(|| panic!("not served within {SAFETY:?}"));
    assert!(
        served < HEADER_TIMEOUT + Duration::from_secs(15),
        "served after {served:?}"
    );
    drop(idle);
}

/// Whether a read on `stream` would still wait (the server keeps it open).
fn would_block(stream: &TcpStream) -> bool {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(20)));
    matches!(
        (&*stream).read(&mut [0; 16]),
        Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)
    )
}

#[test]
fn ctrl_c_with_a_request_half_sent_stops_within_the_grace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("feed.db");
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async { database(&db).await.0.close().await });
    let mut feed = Feed::start(&db);
    let mut half = TcpStream::connect(feed.addr()).expect("connect");
    half.write_all(b"GET /calendar/").expect("half a request");
    let idle = TcpStream::connect(feed.addr()).expect("connect");
    std::thread::sleep(Duration::from_millis(300));
    let interrupted = Command::new("kill")
        .args(["-INT", &feed.child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(interrupted.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = feed.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < SAFETY, "still running after {SAFETY:?}");
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(200));
    let stderr = feed.rest.lock().map(|r| r.clone()).unwrap_or_default();
    assert!(status.success(), "{status}: {stderr}");
    assert!(
        start.elapsed() < SHUTDOWN_GRACE + Duration::from_secs(10),
        "stopped after {:?}",
        start.elapsed()
    );
    drop((half, idle));
}

/// After an erasure the feed no longer holds the person: their name, e-mail and phone were in an
/// appointment's title and notes, and leave the feed the moment the erasure is done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erased_person_leaves_the_feed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("feed.db");
    let (planner, _) = database(&db).await;
    let person = beratungsplaner_tests::henrike_in_an_appointment(
        &planner,
        chrono::NaiveDate::from_ymd_opt(2030, 5, 15).expect("date"),
    )
    .await;
    let feed = Feed::start(&db);
    let client = reqwest::Client::new();
    let body = |client: reqwest::Client, url: String| async move {
        client.get(url).send().await.expect("GET").text().await.expect("body")
    };
    let before = body(client.clone(), feed.url.clone()).await;
    assert!(before.contains("Sörensen"), "named before: {before}");

    planner.erase_contact(person).await.expect("erase");
    let after = body(client, feed.url.clone()).await;
    for needle in beratungsplaner_tests::HENRIKE {
        assert!(!after.contains(needle), "{needle} still in the feed: {after}");
    }
    assert!(after.contains("[gelöschte Person]"), "{after}");
    planner.close().await;
}
