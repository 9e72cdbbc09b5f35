//! People with known places, for the erasure and access-report tests: Anna Meyer-Hansen in
//! roles, journal entries, a task and an appointment; Bernd Schulz, who stays, beside her.
#![allow(dead_code)] // each test uses part of it

use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use chrono::NaiveDate;

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).expect("date")
}

pub struct Seeded {
    pub anna: i64,
    pub bernd: i64,
    pub cases: Vec<i64>,
    pub municipality: i64,
}

pub fn person(name: &str, email: &str, phone: &str) -> ContactInput {
    ContactInput {
        kind: ContactKind::Person,
        name: name.into(),
        organisation: Some("Quartiersbüro Nord".into()),
        organisation_type: Some(OrganisationType::SocialAgency),
        email: Some(email.into()),
        phone: Some(phone.into()),
    }
}

pub fn case(municipality_id: i64, title: &str) -> CaseInput {
    CaseInput {
        title: title.into(),
        summary: String::new(),
        priority: Priority::Normal,
        municipality_id: Some(municipality_id),
        neighbourhood_id: None,
        advisor: "Miriam Albers".into(),
        opened_on: Some(day(2)),
        closed_on: None,
        next_step: None,
        next_step_due: None,
        topics: vec![],
    }
}

pub fn journal(text: &str) -> JournalInput {
    JournalInput {
        occurred_on: Some(day(10)),
        kind: JournalKind::Call,
        author: "Miriam Albers".into(),
        text: text.into(),
        internal: false,
    }
}

/// Anna Meyer-Hansen in roles on two cases, in journal entries (in several spellings), a task, a
/// summary and an appointment; Bernd Schulz, who stays, beside her.
pub async fn seed(planner: &Planner) -> Seeded {
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality");
    let anna = planner
        .create_contact(person(
            "Anna Meyer-Hansen",
            "anna.meyer@quartier-nord.de",
            "0171 2345678",
        ))
        .await
        .expect("anna");
    let bernd = planner
        .create_contact(person("Bernd Schulz", "b.schulz@stadt-lindenhagen.de", "06151 987654"))
        .await
        .expect("bernd");
    let mut cases = Vec::new();
    for title in ["Quartiersfonds Nord", "Stadtteilzentrum"] {
        let detail = planner.create_case(case(m.id, title)).await.expect("case");
        let id = detail.case.id;
        for (contact, role) in [(anna.id, "Quartiersmanagerin"), (bernd.id, "Sozialamt")] {
            planner
                .add_participant(
                    id,
                    ParticipantInput {
                        contact_id: Some(contact),
                        new_contact: None,
                        role: role.into(),
                        from_on: Some(day(3)),
                    },
                )
                .await
                .expect("role");
        }
        cases.push(id);
    }
    for text in [
        "Telefonat mit Frau Meyer-Hansen zum Antrag.",
        "MEYER-HANSEN schickt die Liste an b.schulz@stadt-lindenhagen.de.",
        "Rückruf erbeten: Tel. 0171/2345678 oder anna.meyer@quartier-nord.de",
        "Anna und Herr Schulz stimmen den Termin ab.",
        "Bernd Schulz übernimmt die Abrechnung.",
    ] {
        planner
            .add_journal_entry(cases[0], journal(text))
            .await
            .expect("journal");
    }
    planner
        .add_task(
            cases[1],
            TaskInput {
                title: "Unterlagen an Frau Meyer-Hansen senden".into(),
                due_on: Some(day(20)),
                assignee: "Miriam Albers".into(),
            },
        )
        .await
        .expect("task");
    planner
        .create_appointment(AppointmentInput {
            kind: AppointmentKind::SiteVisit,
            title: "Begehung mit Anna Meyer-Hansen".into(),
            location: Some("Marktplatz".into()),
            case_id: Some(cases[1]),
            municipality_id: Some(m.id),
            advisor: "Miriam Albers".into(),
            all_day: false,
            starts_on: day(24),
            ends_on: day(24),
            start_time: chrono::NaiveTime::from_hms_opt(10, 0, 0),
            end_time: chrono::NaiveTime::from_hms_opt(11, 0, 0),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: true,
        })
        .await
        .expect("appointment");
    Seeded {
        anna: anna.id,
        bernd: bernd.id,
        cases,
        municipality: m.id,
    }
}
