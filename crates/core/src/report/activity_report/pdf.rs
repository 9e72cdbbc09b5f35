//! The Tätigkeitsbericht as PDF/A-2b through Typst, like the dossier: A4, a cover page, the
//! contents, one section per part of the work with the advisor's own words, its chart and its
//! table, "Seite x von y", and the definitions of every figure as an appendix.
//!
//! The charts (bars by month, by topic, the consultation hours, and the sixteen Länder as a tile
//! map) are drawn by the template with Typst's own shapes from the same figures as the tables:
//! they come out as vector paths with their numbers as text, in the bundled font, and no chart
//! library would add anything to a handful of rectangles but a second font and an image format.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Serialize;
use typst::foundations::{Bytes, Dict, IntoValue};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use super::tables::{tables, utilisation, Cell};
use crate::domain::{figure_definitions, ActivityReport, FederalState, FigureDefinition, ReportTexts};
use crate::report::dossier::german_date;
use crate::{Error, Result};

const TEMPLATE: &str = include_str!("report.typ");
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
];

#[derive(Serialize)]
struct PrintedTable {
    title: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    value: u32,
}

#[derive(Serialize)]
struct MonthBars {
    label: String,
    opened: u32,
    closed: u32,
    consultations: u32,
    events: u32,
}

#[derive(Serialize)]
struct Tile {
    code: &'static str,
    name: &'static str,
    value: u32,
    column: u8,
    row: u8,
}

#[derive(Serialize)]
struct ReportData<'a> {
    period: String,
    scope: &'a str,
    made_on: String,
    texts: &'a ReportTexts,
    tables: Vec<PrintedTable>,
    months: Vec<MonthBars>,
    hours: Vec<Bar>,
    utilisation: Option<String>,
    events: Vec<Bar>,
    topics: Vec<Bar>,
    tiles: Vec<Tile>,
    definitions: Vec<FigureDefinition>,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| crate::report::pdf::engine_for(TEMPLATE))
}

fn failed(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Database(format!("the activity report could not be {what}: {detail}"))
}

/// Where each Land sits in the tile map (column, row): roughly where it lies, one tile each.
pub fn tile(state: FederalState) -> (u8, u8) {
    match state {
        FederalState::SH => (2, 0),
        FederalState::HB => (1, 1),
        FederalState::HH => (2, 1),
        FederalState::MV => (3, 1),
        FederalState::NW => (0, 2),
        FederalState::NI => (1, 2),
        FederalState::ST => (2, 2),
        FederalState::BB => (3, 2),
        FederalState::BE => (4, 2),
        FederalState::RP => (0, 3),
        FederalState::HE => (1, 3),
        FederalState::TH => (2, 3),
        FederalState::SN => (3, 3),
        FederalState::SL => (0, 4),
        FederalState::BW => (1, 4),
        FederalState::BY => (2, 4),
    }
}

fn data<'a>(report: &'a ActivityReport, texts: &'a ReportTexts, made_on: NaiveDate) -> ReportData<'a> {
    let several_years = report.months.first().map(|m| m.period.from.format("%Y").to_string())
        != report.months.last().map(|m| m.period.from.format("%Y").to_string());
    let hours = &report.consultation_hours;
    let hour_bars = [
        ("Zeitfenster angeboten", hours.slots_offered),
        ("Buchungen", Some(hours.bookings)),
        ("Zeitfenster genutzt", Some(hours.slots_used)),
        ("Buchungen abgesagt", Some(hours.cancelled)),
        ("Nicht erschienen", Some(hours.no_shows)),
    ];
    ReportData {
        period: report.query.period.german(),
        scope: &report.scope_label,
        made_on: german_date(made_on),
        texts,
        tables: tables(report)
            .into_iter()
            .map(|t| PrintedTable {
                title: t.title,
                columns: t.columns,
                rows: t
                    .rows
                    .iter()
                    .map(|row| row.iter().map(Cell::german).collect())
                    .collect(),
            })
            .collect(),
        months: report
            .months
            .iter()
            .map(|m| {
                let month = MONTHS[usize::try_from(chrono::Datelike::month0(&m.period.from)).unwrap_or(0) % 12];
                MonthBars {
                    label: if several_years {
                        format!("{month} {}", m.period.from.format("%y"))
                    } else {
                        month.to_owned()
                    },
                    opened: m.cases_opened,
                    closed: m.cases_closed,
                    consultations: m.consultations,
                    events: m.events,
                }
            })
            .collect(),
        hours: hour_bars
            .into_iter()
            .filter_map(|(label, value)| {
                value.map(|value| Bar {
                    label: label.to_owned(),
                    value,
                })
            })
            .collect(),
        utilisation: utilisation(report).map(|p| Cell::Percent(p).german()),
        events: report
            .events
            .iter()
            .map(|e| Bar {
                label: e.format.german().to_owned(),
                value: e.events,
            })
            .collect(),
        topics: report
            .topics
            .iter()
            .take(15)
            .map(|t| Bar {
                label: t.topic.clone(),
                value: t.cases_active,
            })
            .collect(),
        tiles: report
            .states
            .iter()
            .map(|s| {
                let (column, row) = tile(s.state);
                Tile {
                    code: s.state.code(),
                    name: s.state.name_de(),
                    value: s.cases_active,
                    column,
                    row,
                }
            })
            .collect(),
        definitions: figure_definitions(),
    }
}

/// The report with the advisor's `texts`, made on `made_on`, as PDF/A-2b.
pub fn to_pdf(report: &ActivityReport, texts: &ReportTexts, made_on: NaiveDate) -> Result<Vec<u8>> {
    let mut value = serde_json::to_value(data(report, texts, made_on)).map_err(|e| failed("prepared", e))?;
    crate::report::pdf::make_printable(&mut value);
    let json = serde_json::to_vec(&value).map_err(|e| failed("prepared", e))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(json).into_value());
    let compiled = engine().compile_with_input::<_, PagedDocument>(inputs);
    let document = compiled.output.map_err(|e| failed("laid out", format!("{e:?}")))?;
    let period = report.query.period;
    crate::report::pdf::write_pdf(
        &document,
        format!("beratungsplaner-taetigkeitsbericht-{}-{}", period.from, period.to),
        made_on,
    )
    .map_err(|(what, detail)| failed(what, detail))
}
