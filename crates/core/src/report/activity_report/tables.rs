//! The report's figures as tables: the one shape the PDF, the workbook and the CSV are written
//! from.

use chrono::NaiveDate;

use crate::domain::{ActivityReport, Figure, JournalKind};
use crate::report::dossier::journal_kind;

/// One cell: a number stays a number and a date a date, for the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A count.
    Number(u32),
    /// A share in percent.
    Percent(f64),
    /// A day.
    Date(NaiveDate),
    /// A calendar month, by its first day.
    Month(NaiveDate),
    /// Not determined for this report.
    Empty,
}

impl Cell {
    /// As text, German style (`12`, `45,0 %`, `31.03.2026`, `–`).
    pub fn german(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Number(n) => n.to_string(),
            Self::Percent(p) => format!("{p:.1} %").replace('.', ","),
            Self::Date(day) => day.format("%d.%m.%Y").to_string(),
            Self::Month(day) => day.format("%m/%Y").to_string(),
            Self::Empty => "–".to_owned(),
        }
    }
}

/// A named table: its sheet name in the workbook, its header and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The title, as the PDF prints it.
    pub title: &'static str,
    /// The workbook's sheet (at most 31 characters, no `/`).
    pub sheet: &'static str,
    /// Column heads.
    pub columns: Vec<&'static str>,
    /// Rows; the first cell names the row.
    pub rows: Vec<Vec<Cell>>,
}

fn n(value: u32) -> Cell {
    Cell::Number(value)
}

fn optional(value: Option<u32>) -> Cell {
    value.map_or(Cell::Empty, Cell::Number)
}

fn figure(f: Figure, value: Cell) -> Vec<Cell> {
    vec![Cell::Text(f.german().to_owned()), value]
}

/// The share of used slots among those offered, if any were offered.
pub fn utilisation(report: &ActivityReport) -> Option<f64> {
    let offered = report.consultation_hours.slots_offered.filter(|o| *o > 0)?;
    Some(f64::from(report.consultation_hours.slots_used) * 100.0 / f64::from(offered))
}

/// Every table of the report, in the order the PDF prints them.
pub fn tables(report: &ActivityReport) -> Vec<Table> {
    let hours = &report.consultation_hours;
    let overview = Table {
        title: "Überblick",
        sheet: "Überblick",
        columns: vec!["Kennzahl", "Wert"],
        rows: vec![
            figure(Figure::CasesOpened, n(report.cases.opened)),
            figure(Figure::CasesActive, n(report.cases.active)),
            figure(Figure::CasesClosed, n(report.cases.closed)),
            figure(Figure::JournalEntries, n(report.journal.total())),
            figure(Figure::SessionsHeld, optional(hours.sessions_held)),
            figure(Figure::SlotsOffered, optional(hours.slots_offered)),
            figure(Figure::Bookings, n(hours.bookings)),
            figure(Figure::SlotsUsed, n(hours.slots_used)),
            vec![
                Cell::Text("Auslastung (genutzt von angeboten)".to_owned()),
                utilisation(report).map_or(Cell::Empty, Cell::Percent),
            ],
            figure(Figure::BookingsCancelled, n(hours.cancelled)),
            figure(Figure::NoShows, n(hours.no_shows)),
            figure(Figure::Events, n(report.events_total())),
            figure(Figure::Attended, n(report.attended_total())),
            figure(Figure::MunicipalitiesReached, n(report.reach.municipalities)),
            figure(Figure::NeighbourhoodsReached, n(report.reach.neighbourhoods)),
        ],
    };
    let journal = &report.journal;
    let journal = Table {
        title: "Beratungstätigkeit nach Art",
        sheet: "Verlauf",
        columns: vec!["Art", "Einträge"],
        rows: [
            (JournalKind::Consultation, journal.consultations),
            (JournalKind::SiteVisit, journal.site_visits),
            (JournalKind::Workshop, journal.workshops),
            (JournalKind::Meeting, journal.meetings),
            (JournalKind::Call, journal.calls),
            (JournalKind::Email, journal.emails),
        ]
        .into_iter()
        .map(|(kind, count)| vec![Cell::Text(journal_kind(kind).to_owned()), n(count)])
        .collect(),
    };
    let events = Table {
        title: "Veranstaltungen nach Format",
        sheet: "Veranstaltungen",
        columns: vec!["Format", "Veranstaltungen", "Teilnehmende"],
        rows: report
            .events
            .iter()
            .map(|e| vec![Cell::Text(e.format.german().to_owned()), n(e.events), n(e.attended)])
            .collect(),
    };
    let months = Table {
        title: "Monat für Monat",
        sheet: "Monate",
        columns: vec![
            "Monat",
            "Fälle eröffnet",
            "Fälle abgeschlossen",
            "Beratungsgespräche",
            "Zeitfenster genutzt",
            "Veranstaltungen",
            "Teilnehmende",
        ],
        rows: report
            .months
            .iter()
            .map(|m| {
                vec![
                    Cell::Month(m.period.from),
                    n(m.cases_opened),
                    n(m.cases_closed),
                    n(m.consultations),
                    n(m.slots_used),
                    n(m.events),
                    n(m.attended),
                ]
            })
            .collect(),
    };
    let topics = Table {
        title: "Handlungsfelder",
        sheet: "Handlungsfelder",
        columns: vec![
            "Handlungsfeld",
            "Fälle in Bearbeitung",
            "Fälle eröffnet",
            "Veranstaltungen",
        ],
        rows: report
            .topics
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.topic.clone()),
                    n(t.cases_active),
                    n(t.cases_opened),
                    n(t.events),
                ]
            })
            .collect(),
    };
    let states = Table {
        title: "Bundesländer",
        sheet: "Bundesländer",
        columns: vec![
            "Land",
            "Kommunen erreicht",
            "Fälle in Bearbeitung",
            "Fälle eröffnet",
            "Veranstaltungen",
            "Teilnehmende",
        ],
        rows: report
            .states
            .iter()
            .map(|s| {
                vec![
                    Cell::Text(s.state.name_de().to_owned()),
                    n(s.municipalities),
                    n(s.cases_active),
                    n(s.cases_opened),
                    n(s.events),
                    n(s.attended),
                ]
            })
            .collect(),
    };
    let advisors = Table {
        title: "Beratende",
        sheet: "Beratende",
        columns: vec![
            "Beratung",
            "Fälle in Bearbeitung",
            "Fälle eröffnet",
            "Fälle abgeschlossen",
            "Verlaufseinträge",
            "Zeitfenster genutzt",
            "Veranstaltungen",
        ],
        rows: report
            .advisors
            .iter()
            .map(|a| {
                vec![
                    Cell::Text(a.advisor.clone()),
                    n(a.cases_active),
                    n(a.cases_opened),
                    n(a.cases_closed),
                    n(a.journal_entries),
                    n(a.slots_used),
                    n(a.events),
                ]
            })
            .collect(),
    };
    vec![overview, journal, events, months, topics, states, advisors]
}
