//! A case for the dossier's tests and its benchmark: a Kommune, a person and an organisation
//! involved (with e-mail and phone), and `entries` journal entries that name them, every fifth
//! one internal, with umlauts, ß, an emoji and a line break.
#![allow(dead_code)] // the benchmark uses less of it than the tests

use beratungsplaner_core::domain::*;
use beratungsplaner_core::Planner;
use chrono::{Days, NaiveDate};

pub const PERSON: &str = "Erika Mustermann";
pub const ORGANISATION: &str = "Quartiersbüro Lindenhof";
pub const EMAIL: &str = "erika.mustermann@example.org";
pub const PHONE: &str = "0641 9876543";

pub async fn planner_with_case(entries: usize) -> (Planner, i64) {
    let planner = Planner::in_memory().await.expect("planner");
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Lindenhagen".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality");
    let case = planner
        .create_case(CaseInput {
            title: "<script>alert(1)</script> Begegnungsstätte Südstadt".into(),
            summary: "Die Kommune plant eine Begegnungsstätte; Gemeinwesenarbeit, Förderung und Barrierefreiheit."
                .into(),
            priority: Priority::Normal,
            municipality_id: Some(m.id),
            neighbourhood_id: None,
            advisor: "Miriam Albers".into(),
            opened_on: NaiveDate::from_ymd_opt(2025, 1, 6),
            closed_on: None,
            next_step: Some("Ortstermin vereinbaren".into()),
            next_step_due: NaiveDate::from_ymd_opt(2026, 12, 1),
            topics: vec!["Soziale Infrastruktur".into(), "Teilhabe".into()],
        })
        .await
        .expect("case");
    let id = case.case.id;
    let people = [
        (
            ContactKind::Person,
            PERSON,
            Some("Stadtverwaltung Lindenhagen"),
            Some(EMAIL),
            Some(PHONE),
            "Quartiersmanagerin",
        ),
        (
            ContactKind::Organisation,
            ORGANISATION,
            None,
            None,
            None,
            "Stadtteilkoordination",
        ),
    ];
    for (kind, name, organisation, email, phone, role) in people {
        let contact = ContactInput {
            kind,
            name: name.into(),
            organisation: organisation.map(Into::into),
            organisation_type: None,
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        };
        let input = ParticipantInput {
            contact_id: None,
            new_contact: Some(contact),
            role: role.into(),
            from_on: None,
        };
        planner.add_participant(id, input).await.expect("participant");
    }
    let first = NaiveDate::from_ymd_opt(2025, 1, 6).expect("date");
    for i in 0..entries {
        let internal = i % 5 == 4;
        let text = if internal {
            format!("Eintrag {i} Anfang. INTERN-VERMERK zur Haushaltslage. Eintrag {i} Ende.")
        } else {
            format!(
                "Eintrag {i} Anfang. Frau Mustermann ({EMAIL}, Tel. {PHONE}) berichtet vom Stand der \
                 Planung mit dem {ORGANISATION};\nzweite Zeile mit Umlauten äöü ß und einem Emoji 🏘️. Eintrag {i} Ende."
            )
        };
        planner
            .add_journal_entry(
                id,
                JournalInput {
                    occurred_on: Some(first + Days::new(i as u64 % 600)),
                    kind: JournalKind::Call,
                    author: "Miriam Albers".into(),
                    text,
                    internal,
                },
            )
            .await
            .expect("journal");
    }
    (planner, id)
}
