//! An event's printed sheets as PDF/A (Typst, like the dossier): the participant list, the
//! sign-in sheet funders ask for (a signature column; the event's title and date and the table's
//! header on every page) and name badges. Participants by name; an erased person is not printed.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;
use typst::foundations::{Bytes, Dict, IntoValue};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use super::dossier::german_date;
use crate::domain::{Event, EventParticipant, EventSheet};
use crate::{Error, Result};

const TEMPLATE: &str = include_str!("event_sheets.typ");

#[derive(Serialize)]
struct SheetRow {
    name: String,
    organisation: Option<String>,
    status: &'static str,
    organiser: bool,
}

/// What the template shows.
#[derive(Serialize)]
struct EventSheetData {
    kind: EventSheet,
    sheet: &'static str,
    title: String,
    format: &'static str,
    when: String,
    place: Option<String>,
    organiser: Option<String>,
    printed_on: String,
    summary: String,
    rows: Vec<SheetRow>,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| super::pdf::engine_for(TEMPLATE))
}

fn failed(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Database(format!("the event's sheet could not be {what}: {detail}"))
}

fn when(event: &Event) -> String {
    let input = &event.input;
    let days = if input.starts_on == input.ends_on {
        german_date(input.starts_on)
    } else {
        format!("{} – {}", german_date(input.starts_on), german_date(input.ends_on))
    };
    match (input.all_day, input.start_time, input.end_time) {
        (false, Some(start), Some(end)) => format!("{days}, {}–{} Uhr", start.format("%H:%M"), end.format("%H:%M")),
        _ => days,
    }
}

/// The people on the sheet, by name.
fn rows(sheet: EventSheet, participants: &[EventParticipant]) -> Vec<SheetRow> {
    let mut rows: Vec<SheetRow> = participants
        .iter()
        .filter(|p| sheet.shows(p.status))
        .filter_map(|p| {
            Some(SheetRow {
                name: p.name.clone()?,
                organisation: p.organisation.clone(),
                status: p.status.german(),
                organiser: p.organiser,
            })
        })
        .collect();
    rows.sort_by_cached_key(|r| r.name.to_lowercase());
    rows
}

/// How many are on the sheet.
pub fn count(sheet: EventSheet, participants: &[EventParticipant]) -> usize {
    participants
        .iter()
        .filter(|p| sheet.shows(p.status) && p.name.is_some())
        .count()
}

/// The sheet of `event`, dated `printed_on`, as PDF/A-2b.
pub fn to_pdf(
    event: &Event,
    participants: &[EventParticipant],
    sheet: EventSheet,
    printed_on: NaiveDate,
) -> Result<Vec<u8>> {
    let counts = &event.counts;
    let data = EventSheetData {
        kind: sheet,
        sheet: sheet.german(),
        title: event.input.title.clone(),
        format: event.input.format.german(),
        when: when(event),
        place: event.input.location.clone().or_else(|| event.input.online_url.clone()),
        organiser: Some(event.input.organiser.clone()).filter(|o| !o.trim().is_empty()),
        printed_on: german_date(printed_on),
        summary: format!(
            "{} angemeldet, {} teilgenommen, {} nicht erschienen, {} auf der Warteliste, {} eingeladen, {} abgesagt",
            counts.registered, counts.attended, counts.no_show, counts.waitlisted, counts.invited, counts.cancelled
        ),
        rows: rows(sheet, participants),
    };
    let mut value = serde_json::to_value(&data).map_err(|e| failed("prepared", e))?;
    super::pdf::make_printable(&mut value);
    let json = serde_json::to_vec(&value).map_err(|e| failed("prepared", e))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(json).into_value());
    let compiled = engine().compile_with_input::<_, PagedDocument>(inputs);
    let document = compiled.output.map_err(|e| failed("laid out", format!("{e:?}")))?;
    super::pdf::write_pdf(
        &document,
        format!("beratungsplaner-event-{}-{sheet:?}", event.id),
        printed_on,
    )
    .map_err(|(what, detail)| failed(what, detail))
}
