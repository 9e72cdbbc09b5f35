//! Calendars out of the app through the `Planner`: the export into a file (written atomically:
//! an existing file is replaced only by a complete new one) and the feed's settings.

use std::path::Path;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::{Error, Planner};

async fn planner_with_workshop(planner: &Planner) -> i64 {
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality")
        .id;
    planner
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
    m
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn export_into_a_file_writes_the_calendar_and_counts_its_events() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = planner_with_workshop(&planner).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lindenhagen.ics");
    let scope = ExportScope {
        municipality_id: Some(m),
        ..ExportScope::default()
    };

    let written = planner.export_ics_to(&scope, &path).await.expect("export");

    let text = std::fs::read_to_string(&path).expect("read the file");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("SUMMARY:Workshop Beteiligung\r\n"), "{text}");
    assert!(
        text.contains("X-WR-CALNAME:Beratungsplaner – Lindenhagen\r\n"),
        "{text}"
    );
    assert_eq!(written.events, 1);
    assert_eq!(written.bytes, text.len() as u64);
    assert_eq!(written.path, path.display().to_string());
    assert_eq!(names(dir.path()), ["lindenhagen.ics"], "nothing staged is left behind");
    // The same text as the export to a string, but for its DTSTAMP.
    let again = planner.export_ics(&scope).await.expect("export as text");
    let without_stamps = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("DTSTAMP"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_stamps(&text), without_stamps(&again));
}

#[tokio::test]
async fn an_existing_file_is_replaced_only_by_a_complete_export() {
    let planner = Planner::in_memory().await.expect("planner");
    let m = planner_with_workshop(&planner).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kalender.ics");
    std::fs::write(&path, "the previous export").expect("write the old file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }

    // A failing export (a case that does not exist) leaves the file alone.
    let missing_case = ExportScope {
        case_id: Some(999_999),
        ..ExportScope::default()
    };
    let err = planner
        .export_ics_to(&missing_case, &path)
        .await
        .expect_err("no such case");
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: beratungsplaner_core::error::Entity::Case,
                ..
            }
        ),
        "{err:?}"
    );
    // So does a period that ends before it starts, named by its field.
    let backwards = ExportScope {
        from: chrono::NaiveDate::from_ymd_opt(2030, 6, 1),
        to: chrono::NaiveDate::from_ymd_opt(2030, 5, 1),
        ..ExportScope::default()
    };
    match planner.export_ics_to(&backwards, &path).await {
        Err(Error::Validation(errors)) => assert!(errors.has("to"), "{errors:?}"),
        other => panic!("expected a validation error of `to`, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "the previous export");
    assert_eq!(names(dir.path()), ["kalender.ics"]);

    // A successful one replaces it as a whole and keeps its permissions.
    let scope = ExportScope {
        municipality_id: Some(m),
        ..ExportScope::default()
    };
    planner.export_ics_to(&scope, &path).await.expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "the replaced file keeps its permissions");
    }
    assert_eq!(names(dir.path()), ["kalender.ics"]);

    // A target that cannot be written (a folder in its place, a folder that does not exist)
    // is refused with the reason in German and leaves nothing behind.
    let folder = dir.path().join("ordner.ics");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("inside.txt"), "kept").expect("write");
    let err = planner.export_ics_to(&scope, &folder).await.expect_err("a folder");
    assert_eq!(
        err.message_de(),
        format!(
            "„{}“ kann nicht gespeichert werden: dort liegt ein Ordner dieses Namens.",
            folder.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("inside.txt")).expect("read"),
        "kept"
    );
    let missing = dir.path().join("fehlt/kalender.ics");
    let err = planner
        .export_ics_to(&scope, &missing)
        .await
        .expect_err("no such folder");
    assert_eq!(
        err.message_de(),
        format!(
            "„{}“ kann nicht gespeichert werden: den Ordner gibt es nicht.",
            missing.display()
        )
    );
    assert_eq!(
        err.to_string(),
        format!("cannot write {}: the folder does not exist", missing.display())
    );
    assert_eq!(names(dir.path()), ["kalender.ics", "ordner.ics"]);
}

#[tokio::test]
async fn feed_settings_persist_in_the_database_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("planner.db");
    let planner = Planner::open(&db, &test_key()).await.expect("open");
    let first = planner.feed_settings().await.expect("settings");
    assert!(!first.enabled, "off until switched on");
    assert!(!first.running, "the core serves nothing itself");
    assert_eq!(first.port, DEFAULT_FEED_PORT);
    let token = planner.feed_token().await.expect("token");
    assert_eq!(first.url, format!("http://127.0.0.1:8765/calendar/{token}.ics"));
    assert_eq!(
        first.webcal_url,
        format!("webcal://127.0.0.1:8765/calendar/{token}.ics")
    );

    let on = planner.set_feed_enabled(true).await.expect("switch on");
    assert!(on.enabled);
    let moved = planner.set_feed_port(18_765).await.expect("port");
    assert_eq!(moved.port, 18_765);
    assert_eq!(
        moved.webcal_url,
        format!("webcal://127.0.0.1:18765/calendar/{token}.ics")
    );
    match planner.set_feed_port(80).await {
        Err(Error::Validation(errors)) => assert!(errors.has("port"), "{errors:?}"),
        other => panic!("a privileged port is refused, got {other:?}"),
    }
    planner.close().await;

    let reopened = Planner::open(&db, &test_key()).await.expect("reopen");
    let kept = reopened.feed_settings().await.expect("settings");
    assert!(kept.enabled);
    assert_eq!(kept.port, 18_765);
    assert_eq!(kept.url, moved.url, "the same link after a restart");

    let new_token = reopened.rotate_feed_token().await.expect("rotate");
    let rotated = reopened.feed_settings().await.expect("settings");
    assert_ne!(rotated.url, kept.url);
    assert!(rotated.url.ends_with(&format!("/calendar/{new_token}.ics")));
    let off = reopened.set_feed_enabled(false).await.expect("switch off");
    assert!(!off.enabled);
    assert_eq!(off.port, 18_765, "the port stays chosen");
    reopened.close().await;
}

#[tokio::test]
async fn a_taken_port_is_named_in_german_next_to_the_port() {
    let planner = Planner::in_memory().await.expect("planner");
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    let port = taken.local_addr().expect("addr").port();
    match planner.bind_feed(port).await {
        Err(Error::Validation(errors)) => {
            let e = &errors.0[0];
            assert_eq!(e.field, "port");
            assert!(e.de.contains(&format!("Port {port} ist schon belegt")), "{}", e.de);
            assert!(e.en.contains("already in use"), "{}", e.en);
        }
        Err(other) => panic!("expected a validation error, got {other:?}"),
        Ok(_) => panic!("bound a port that is taken"),
    }
    drop(taken);
    let server = planner.bind_feed(port).await.expect("free again");
    assert_eq!(server.local_addr().expect("addr").port(), port);
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
