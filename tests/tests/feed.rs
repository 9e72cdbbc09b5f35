//! `serve-feed` against a real database over loopback: 200 with the calendar, 304 for a known
//! ETag or an unchanged Last-Modified, 404 for a wrong token, a new ETag after an edit, a rotated
//! token, and a bounded concurrent load served without an error.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use beratungsplaner_tests::app_binary;
use reqwest::StatusCode;

/// `serve-feed` on a free port; ended when dropped.
struct Feed {
    child: Child,
    url: String,
}

impl Feed {
    fn start(db: &Path) -> Self {
        let mut child = Command::new(app_binary())
            .arg("--db")
            .arg(db)
            .args(["serve-feed", "--port", "0"])
            .env_remove("BERATUNGSPLANER_DB")
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve-feed");
        let stderr = child.stderr.take().expect("stderr");
        let mut line = String::new();
        BufReader::new(stderr).read_line(&mut line).expect("the first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_owned();
        assert!(line.contains("webcal://"), "{line}");
        Self { child, url }
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn database(db: &Path) -> (Planner, i64) {
    let planner = Planner::open(db).await.expect("open");
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
