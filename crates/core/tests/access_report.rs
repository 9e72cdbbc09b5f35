//! Access on request (DSGVO Art. 15) against a real encrypted file: the report lists every place
//! the seeded person appears, shows the others in those texts unrecognisably, and is saved as a
//! PDF that poppler reads and as JSON that parses back, each recorded in the audit trail.

#[path = "support/people.rs"]
mod people;
#[path = "support/poppler.rs"]
mod poppler;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::{Error, Planner};
use chrono::{NaiveDate, NaiveTime};
use people::seed;

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([9; 32])
}

/// A booking of a consultation hour made for `contact`.
async fn book(planner: &Planner, municipality_id: i64, case_id: i64, contact_id: i64) {
    let series = planner
        .create_series(SeriesInput {
            title: "Sprechstunde Lindenhagen".into(),
            municipality_id,
            neighbourhood_id: None,
            location: Some("Rathaus, Raum 12".into()),
            online_url: None,
            advisor: "Miriam Albers".into(),
            time_zone: "Europe/Berlin".into(),
            recurrence: RecurrenceKind::Weekly,
            interval_weeks: 1,
            weekdays: vec![3],
            nth: 1,
            starts_on: NaiveDate::from_ymd_opt(2030, 4, 17).expect("date"),
            until_on: Some(NaiveDate::from_ymd_opt(2030, 5, 31).expect("date")),
            count: None,
            window_start: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
            window_end: NaiveTime::from_hms_opt(12, 0, 0).expect("time"),
            slot_minutes: 30,
            buffer_minutes: 0,
            skip_holidays: true,
            exceptions: Vec::new(),
        })
        .await
        .expect("series");
    planner
        .book_slot(BookingInput {
            slot_id: format!("{}-20300417T0900-0", series.id),
            case_id: Some(case_id),
            contact_id: Some(contact_id),
            topic: Some("Förderantrag".into()),
            accept_overlap: true,
        })
        .await
        .expect("booking");
}

#[tokio::test]
async fn the_access_report_lists_every_place_and_hides_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("access.db"), &key())
        .await
        .expect("open");
    let seeded = seed(&planner).await;
    book(&planner, seeded.municipality, seeded.cases[0], seeded.anna).await;

    let report = planner.access_report(seeded.anna).await.expect("report");
    assert_eq!(report.contact.name, "Anna Meyer-Hansen");
    assert_eq!(report.contact.email.as_deref(), Some("anna.meyer@quartier-nord.de"));
    assert_eq!(report.contact.phone.as_deref(), Some("0171 2345678"));

    let roles: Vec<&str> = report.roles.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["Quartiersmanagerin", "Quartiersmanagerin"]);
    assert_eq!(report.roles[0].municipality, "Lindenhagen");
    assert_eq!(report.roles[0].until_on, None);

    let journal: Vec<&str> = report.journal_entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        journal,
        [
            "Telefonat mit Frau Meyer-Hansen zum Antrag.",
            "MEYER-HANSEN schickt die Liste an [Person].",
            "Rückruf erbeten: Tel. 0171/2345678 oder anna.meyer@quartier-nord.de",
            "Anna und Herr [Person] stimmen den Termin ab.",
        ],
        "her entries, as written, Bernd Schulz taken out; his own entry is not hers"
    );

    assert_eq!(report.bookings.len(), 1);
    assert!(report.bookings[0].booked_for_contact);
    assert_eq!(report.bookings[0].topic.as_deref(), Some("Förderantrag"));
    assert_eq!(report.bookings[0].consultation_hours, "Sprechstunde Lindenhagen");

    let appointments: Vec<&str> = report.appointments.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(appointments, ["Begehung mit Anna Meyer-Hansen"]);

    assert_eq!(report.other_mentions.len(), 1);
    assert_eq!(report.other_mentions[0].place, MentionPlace::Task);
    assert_eq!(report.other_mentions[0].text, "Unterlagen an Frau Meyer-Hansen senden");
    assert!(report.other_mentions[0].case_reference.is_some());
    assert_eq!(report.places(), 9);

    // Bernd's report names his roles and his own entries, not hers.
    let his = planner.access_report(seeded.bernd).await.expect("report");
    let his_journal: Vec<&str> = his.journal_entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        his_journal,
        [
            "[Person] schickt die Liste an b.schulz@stadt-lindenhagen.de.",
            "[Person] und Herr Schulz stimmen den Termin ab.",
            "Bernd Schulz übernimmt die Abrechnung.",
        ]
    );
}

#[tokio::test]
async fn the_report_is_saved_as_pdf_and_json_and_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::open(&dir.path().join("access.db"), &key())
        .await
        .expect("open");
    let seeded = seed(&planner).await;

    let pdf = dir.path().join("auskunft.pdf");
    let saved = planner.save_access_report(seeded.anna, &pdf).await.expect("pdf");
    assert_eq!(saved.places, 8);
    let text = poppler::text(&pdf, None);
    if let Some(keep) = std::env::var_os("BERATUNGSPLANER_KEEP_ACCESS_REPORT") {
        std::fs::copy(&pdf, keep).expect("keep");
    }
    for expected in [
        "Auskunft über Ihre gespeicherten Daten",
        "anna.meyer@quartier-nord.de",
        "Quartiersmanagerin",
        "Begehung mit Anna Meyer-",
        "Unterlagen an Frau Meyer-Hansen senden",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    assert!(!text.contains("Schulz"), "nobody else is named:\n{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    let json = dir.path().join("auskunft.json");
    planner.save_access_report(seeded.anna, &json).await.expect("json");
    let parsed: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).expect("read")).expect("json");
    assert_eq!(parsed["contact"]["name"], "Anna Meyer-Hansen");
    assert_eq!(parsed["roles"].as_array().map(Vec::len), Some(2));
    assert_eq!(parsed["journal_entries"].as_array().map(Vec::len), Some(4));
    assert_eq!(parsed["other_mentions"][0]["place"], "task");

    let trail = planner.audit_trail(2).await.expect("trail");
    let recorded: Vec<(AuditAction, Option<i64>, &str)> = trail
        .iter()
        .map(|r| (r.action, r.subject_id, r.detail.as_str()))
        .collect();
    assert_eq!(
        recorded,
        [
            (AuditAction::AccessReportSaved, Some(seeded.anna), "json, 8"),
            (AuditAction::AccessReportSaved, Some(seeded.anna), "pdf, 8"),
        ]
    );

    let wrong = planner
        .save_access_report(seeded.anna, &dir.path().join("auskunft.txt"))
        .await;
    assert!(matches!(wrong, Err(Error::Validation(_))), "{wrong:?}");
    assert!(matches!(
        planner.access_report(999_999).await,
        Err(Error::NotFound { .. })
    ));
}
