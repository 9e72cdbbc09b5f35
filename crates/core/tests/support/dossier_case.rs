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

/// The role of [`SPELLED`] on the spelling case.
pub const SPELLED_ROLE: &str = "Ansprechperson Jugendamt";
/// The person of the spelling case, a double name with a hyphenated first name.
pub const SPELLED: &str = "Anna-Lena Meyer-Hansen";
/// People of the database the spelling case's journal names without their having a role on it:
/// two on another case, one on none.
pub const OTHERS: [&str; 3] = ["Jürgen Müller", "Sabine Weiß", "İlkay Şahin"];
/// An organisation on the other case.
pub const OTHER_ORGANISATION: &str = "Diakonisches Werk Falkenau";

/// Journal texts naming the people above in every spelling the anonymiser must catch.
pub const SPELLINGS: [&str; 10] = [
    "Frau Meyer rief an; Frau Hansen bestätigt. Meyers Antrag und Hansen’s Plan.",
    "Anna und Lena kamen; Anna-Lena Meyer\u{2011}Hansen, Meyer–Hansen und Meyer-\nHansen auch.",
    "Herr Mueller (JÜRGEN) und WEISS sowie Frau Weiss; Jürgens Team.",
    "Herr Mu\u{308}ller und Ju\u{308}rgen, Sabine Wei\u{df}.",
    "İlkay ŞAHİN, Sabine WEIẞ und Herr Müller trafen sich in İzmir.",
    "Mail an a.meyer-hansen [at] stadt-falkenau.de, sabine.weiss (at) stadt-falkenau.de, sabine@localhost.",
    "Tel. 0611 / 12 34 56, +49 (0) 6421 987654, 0611.123.456 und 0171 555 44 33.",
    "Am 03.12.2026 um 10:00 Uhr: Az. BF-2026-0042, 1.250.000 € für 2025/2026; die Stadt, Frau und Quartier.",
    "Gespräch mit Frau Kowalski und Lisa Brandl über das Quartier.",
    "Zuschuss des Diakonischen Werks Falkenau, das Diakonische Werk Falkenau zahlt.",
];

/// A case whose journal names contacts (its own, another case's, one of no case) in every
/// spelling of [`SPELLINGS`], and a task assigned to its person.
pub async fn planner_with_spellings() -> (Planner, i64) {
    let planner = Planner::in_memory().await.expect("planner");
    let m = planner
        .create_municipality(MunicipalityInput {
            name: "Falkenau".into(),
            state: "HE".into(),
            ags: None,
        })
        .await
        .expect("municipality");
    let case = |title: &str| CaseInput {
        title: title.into(),
        summary: "Frau Meyer-Hansen plant mit dem Jugendamt.".into(),
        priority: Priority::Normal,
        municipality_id: Some(m.id),
        neighbourhood_id: None,
        advisor: "Miriam Albers".into(),
        opened_on: NaiveDate::from_ymd_opt(2026, 1, 5),
        closed_on: None,
        next_step: None,
        next_step_due: None,
        topics: vec![],
    };
    let id = planner
        .create_case(case("Quartierszentrum"))
        .await
        .expect("case")
        .case
        .id;
    let other = planner.create_case(case("Jugendtreff")).await.expect("case").case.id;
    let person = |name: &str, organisation: Option<&str>, email: Option<&str>, phone: Option<&str>| ContactInput {
        kind: ContactKind::Person,
        name: name.into(),
        organisation: organisation.map(Into::into),
        organisation_type: None,
        email: email.map(Into::into),
        phone: phone.map(Into::into),
    };
    let people = [
        (
            id,
            person(
                SPELLED,
                Some("Büro Meyer-Hansen, Jugendamt"),
                Some("a.meyer-hansen@stadt-falkenau.de"),
                Some("0611 / 12 34 56"),
            ),
            SPELLED_ROLE,
        ),
        (
            other,
            person(OTHERS[0], None, None, Some("+49 (0) 6421 987654")),
            "Sozialplanung",
        ),
        (
            other,
            person(OTHERS[1], None, Some("sabine.weiss@stadt-falkenau.de"), None),
            "Träger Jugendhilfe",
        ),
        (
            other,
            ContactInput {
                kind: ContactKind::Organisation,
                name: OTHER_ORGANISATION.into(),
                organisation: None,
                organisation_type: None,
                email: None,
                phone: None,
            },
            "Träger",
        ),
    ];
    for (case_id, contact, role) in people {
        let input = ParticipantInput {
            contact_id: None,
            new_contact: Some(contact),
            role: role.into(),
            from_on: None,
        };
        planner.add_participant(case_id, input).await.expect("participant");
    }
    planner
        .create_contact(person(OTHERS[2], None, None, None))
        .await
        .expect("contact");
    for (i, text) in SPELLINGS.iter().enumerate() {
        planner
            .add_journal_entry(
                id,
                JournalInput {
                    occurred_on: NaiveDate::from_ymd_opt(2026, 2, 1 + i as u32),
                    kind: JournalKind::Note,
                    author: "Miriam Albers".into(),
                    text: (*text).into(),
                    internal: false,
                },
            )
            .await
            .expect("journal");
    }
    planner
        .add_task(
            id,
            TaskInput {
                title: "Rückruf bei Herrn Müller".into(),
                due_on: NaiveDate::from_ymd_opt(2026, 12, 20),
                assignee: "Frau Meyer-Hansen".into(),
            },
        )
        .await
        .expect("task");
    (planner, id)
}
