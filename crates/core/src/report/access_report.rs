//! The access report as a PDF/A for the person it is about (Typst, like the dossier): who holds
//! the data and why, the contact's own record, then each place the app found them, in German.

use std::sync::OnceLock;

use typst::foundations::{Bytes, Dict, IntoValue};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use super::dossier::{german_date, journal_kind, ALLIANCE};
use crate::domain::dates::german_date_time;
use crate::domain::{AccessReport, AppointmentStatus, BookingStatus, ContactKind, OrganisationType, HOME_ZONE};
use crate::{Error, Result};

const TEMPLATE: &str = include_str!("access_report.typ");

/// What the template shows: every value a finished German text.
#[derive(serde::Serialize)]
struct Sheet {
    alliance: &'static str,
    name: String,
    created_on: String,
    details: Vec<[String; 2]>,
    roles: Vec<[String; 4]>,
    journal: Vec<[String; 3]>,
    bookings: Vec<[String; 3]>,
    appointments: Vec<[String; 2]>,
    mentions: Vec<[String; 3]>,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| super::pdf::engine_for(TEMPLATE))
}

fn failed(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Database(format!("the access report could not be {what}: {detail}"))
}

fn organisation_type(kind: OrganisationType) -> &'static str {
    match kind {
        OrganisationType::MunicipalOffice => "Kommunalverwaltung",
        OrganisationType::SocialAgency => "Sozialer Träger",
        OrganisationType::Association => "Verein / Initiative",
        OrganisationType::ExpertInstitution => "Fachinstitution",
        OrganisationType::HousingCompany => "Wohnungsunternehmen",
        OrganisationType::Science => "Wissenschaft",
        OrganisationType::Other => "Sonstige",
    }
}

impl Sheet {
    fn of(report: &AccessReport) -> Self {
        let contact = &report.contact;
        let local = |at: &chrono::DateTime<chrono::Utc>| at.with_timezone(&HOME_ZONE);
        let mut details = vec![
            [
                "Art".to_owned(),
                match contact.kind {
                    ContactKind::Person => "Person".to_owned(),
                    ContactKind::Organisation => "Organisation".to_owned(),
                },
            ],
            ["Name".to_owned(), contact.name.clone()],
        ];
        let optional = [
            ("Organisation", contact.organisation.clone()),
            (
                "Art der Organisation",
                contact.organisation_type.map(|t| organisation_type(t).to_owned()),
            ),
            ("E-Mail", contact.email.clone()),
            ("Telefon", contact.phone.clone()),
        ];
        details.extend(
            optional
                .into_iter()
                .filter_map(|(label, value)| Some([label.to_owned(), value?])),
        );
        details.push([
            "Erfasst am".to_owned(),
            german_date(local(&contact.created_at).date_naive()),
        ]);
        details.push([
            "Zuletzt geändert am".to_owned(),
            german_date(local(&contact.updated_at).date_naive()),
        ]);

        let roles = report
            .roles
            .iter()
            .map(|r| {
                let period = match r.until_on {
                    Some(until) => format!("{} – {}", german_date(r.from_on), german_date(until)),
                    None => format!("seit {}", german_date(r.from_on)),
                };
                [
                    r.role.clone(),
                    format!("{} · {}", r.case_reference, r.case_title),
                    r.municipality.clone(),
                    period,
                ]
            })
            .collect();
        let journal = report
            .journal_entries
            .iter()
            .map(|e| {
                [
                    german_date(e.occurred_on),
                    format!("{} · {}", journal_kind(e.kind), e.case_reference),
                    e.text.clone(),
                ]
            })
            .collect();
        let bookings = report
            .bookings
            .iter()
            .map(|b| {
                let mut what = vec![if b.booked_for_contact {
                    "für Sie gebucht".to_owned()
                } else {
                    "erwähnt Sie".to_owned()
                }];
                what.push(match b.status {
                    BookingStatus::Booked => "gebucht".to_owned(),
                    BookingStatus::NeedsRebooking => "muss umgebucht werden".to_owned(),
                    BookingStatus::Cancelled => "abgesagt".to_owned(),
                });
                what.extend(b.topic.iter().map(|t| format!("Thema: {t}")));
                what.extend(b.cancel_reason.iter().map(|r| format!("Grund der Absage: {r}")));
                [
                    german_date_time(&local(&b.start_at)),
                    format!("{} ({})", b.consultation_hours, b.municipality),
                    what.join("\n"),
                ]
            })
            .collect();
        let appointments = report
            .appointments
            .iter()
            .map(|a| {
                let when = if a.all_day {
                    german_date(local(&a.start_at).date_naive())
                } else {
                    german_date_time(&local(&a.start_at))
                };
                let mut what = vec![format!("{}: {}", a.kind.german(), a.title)];
                if a.status == AppointmentStatus::Cancelled {
                    what.push("abgesagt".to_owned());
                }
                what.extend(a.location.iter().map(|l| format!("Ort: {l}")));
                what.extend(a.notes.iter().map(|n| format!("Notizen: {n}")));
                [when, what.join("\n")]
            })
            .collect();
        let mentions = report
            .other_mentions
            .iter()
            .map(|m| {
                [
                    m.place.label_de().to_owned(),
                    m.case_reference.clone().unwrap_or_default(),
                    m.text.clone(),
                ]
            })
            .collect();
        Self {
            alliance: ALLIANCE,
            name: contact.name.clone(),
            created_on: german_date(local(&report.created_at).date_naive()),
            details,
            roles,
            journal,
            bookings,
            appointments,
            mentions,
        }
    }
}

/// The report as PDF/A-2b, dated the day it was made.
pub fn to_pdf(report: &AccessReport) -> Result<Vec<u8>> {
    let mut data = serde_json::to_value(Sheet::of(report)).map_err(|e| failed("prepared", e))?;
    super::pdf::make_printable(&mut data);
    let json = serde_json::to_vec(&data).map_err(|e| failed("prepared", e))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(json).into_value());
    let compiled = engine().compile_with_input::<_, PagedDocument>(inputs);
    let document = compiled.output.map_err(|e| failed("laid out", format!("{e:?}")))?;
    let day = report.created_at.with_timezone(&HOME_ZONE).date_naive();
    super::pdf::write_pdf(
        &document,
        format!("beratungsplaner-auskunft-{}", report.contact.id),
        day,
    )
    .map_err(|(what, detail)| failed(what, detail))
}
