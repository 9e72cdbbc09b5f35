//! The activity report (*Auswertung*, *Tätigkeitsbericht*): what the alliance did in a period, as
//! the figures a funder asks for. Every figure is a [`Figure`] with one definition, printed in the
//! report's appendix and shown in the window, so that a number can be traced to the records it
//! counts; `store::activity_report` is the one place that counts them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{BookingStatus, EventFormat, FederalState, FieldErrors, JournalKind};

/// The longest period a report covers: ten years of months are still a readable chart.
pub const MAX_REPORT_DAYS: i64 = 3_700;

/// Whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportPeriod {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl ReportPeriod {
    /// Refuses a period that ends before it starts, or one longer than [`MAX_REPORT_DAYS`].
    pub fn validate(&self) -> crate::Result<()> {
        let mut errors = FieldErrors::default();
        if self.to < self.from {
            errors.add("to", "Das Ende liegt vor dem Beginn.", "The end is before the start.");
        } else if (self.to - self.from).num_days() > MAX_REPORT_DAYS {
            errors.add(
                "to",
                "Ein Bericht umfasst höchstens zehn Jahre.",
                "A report covers at most ten years.",
            );
        }
        errors.into_result()
    }

    /// The calendar months the period touches, each cut to the period.
    pub fn months(&self) -> Vec<ReportPeriod> {
        let mut months = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let first = start.with_day(1).unwrap_or(start);
            let next = first.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX);
            let end = next.pred_opt().unwrap_or(next).min(self.to);
            months.push(ReportPeriod { from: start, to: end });
            start = next;
        }
        months
    }

    /// Whether `day` lies in it.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The period in German, e.g. `01.01.2026 – 31.03.2026`.
    pub fn german(&self) -> String {
        format!("{} – {}", self.from.format("%d.%m.%Y"), self.to.format("%d.%m.%Y"))
    }
}

/// Whose work a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportScope {
    /// The cases, consultation hours and events of the advisor using this app (settings).
    Mine,
    /// Everything on this device: with a team server, the whole team's records the account sees.
    Team,
    /// One Bundesland.
    State {
        /// Which.
        state: FederalState,
    },
    /// One Kommune.
    Municipality {
        /// Its id.
        id: i64,
    },
    /// One topic (Handlungsfeld), by name.
    Topic {
        /// Its name.
        name: String,
    },
}

/// A report's period and scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportQuery {
    /// The period.
    pub period: ReportPeriod,
    /// The scope.
    pub scope: ReportScope,
}

/// Every figure of the report, each defined once (`definition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // `definition` says what each one is
pub enum Figure {
    CasesOpened,
    CasesActive,
    CasesClosed,
    JournalEntries,
    SessionsHeld,
    SlotsOffered,
    Bookings,
    SlotsUsed,
    BookingsCancelled,
    NoShows,
    Events,
    Attended,
    MunicipalitiesReached,
    NeighbourhoodsReached,
}

impl Figure {
    /// Every figure, in the order the report shows them.
    pub const ALL: [Figure; 14] = [
        Self::CasesOpened,
        Self::CasesActive,
        Self::CasesClosed,
        Self::JournalEntries,
        Self::SessionsHeld,
        Self::SlotsOffered,
        Self::Bookings,
        Self::SlotsUsed,
        Self::BookingsCancelled,
        Self::NoShows,
        Self::Events,
        Self::Attended,
        Self::MunicipalitiesReached,
        Self::NeighbourhoodsReached,
    ];

    /// The German name, as the report's tables print it.
    pub fn german(self) -> &'static str {
        match self {
            Self::CasesOpened => "Fälle eröffnet",
            Self::CasesActive => "Fälle in Bearbeitung",
            Self::CasesClosed => "Fälle abgeschlossen",
            Self::JournalEntries => "Verlaufseinträge",
            Self::SessionsHeld => "Sprechstunden abgehalten",
            Self::SlotsOffered => "Zeitfenster angeboten",
            Self::Bookings => "Buchungen",
            Self::SlotsUsed => "Zeitfenster genutzt",
            Self::BookingsCancelled => "Buchungen abgesagt",
            Self::NoShows => "Nicht erschienen",
            Self::Events => "Veranstaltungen",
            Self::Attended => "Teilnehmende (teilgenommen)",
            Self::MunicipalitiesReached => "Kommunen erreicht",
            Self::NeighbourhoodsReached => "Quartiere erreicht",
        }
    }

    /// What is counted, in German: the appendix of the report and the window's help.
    pub fn definition(self) -> &'static str {
        match self {
            Self::CasesOpened => "Fälle, deren Eröffnungsdatum im Zeitraum liegt.",
            Self::CasesActive => {
                "Fälle, die an mindestens einem Tag des Zeitraums offen waren: eröffnet spätestens am letzten Tag, \
                 nicht abgeschlossen vor dem ersten Tag."
            }
            Self::CasesClosed => "Fälle, deren Abschlussdatum im Zeitraum liegt.",
            Self::JournalEntries => {
                "Verlaufseinträge der Fälle in Bearbeitung, deren Datum im Zeitraum liegt, nach Art \
                 (Beratungsgespräch, Vor-Ort-Termin, Workshop, Besprechung, Telefonat, E-Mail); \
                 Notizen und Statuswechsel zählen nicht."
            }
            Self::SessionsHeld => {
                "Termine der Sprechstundenreihen im Zeitraum, nach Feiertagen und Ausnahmen, die vor dem \
                 Erstellen des Berichts zu Ende waren. Für ein Handlungsfeld nicht bestimmt: eine Reihe \
                 hat kein Handlungsfeld."
            }
            Self::SlotsOffered => {
                "Buchbare Zeitfenster dieser Termine im ganzen Zeitraum. Für ein Handlungsfeld nicht bestimmt."
            }
            Self::Bookings => {
                "Buchungen, deren Zeitfenster im Zeitraum liegt und die gebucht sind (auch nicht erschienen), \
                 ohne abgesagte und umzubuchende."
            }
            Self::SlotsUsed => {
                "Gebuchte Zeitfenster im Zeitraum, die vor dem Erstellen des Berichts zu Ende waren und nicht \
                 als „nicht erschienen“ vermerkt sind: die gehaltenen Beratungen einer Sprechstunde."
            }
            Self::BookingsCancelled => "Abgesagte Buchungen, deren Zeitfenster im Zeitraum lag.",
            Self::NoShows => "Gebuchte Zeitfenster im Zeitraum, die als „nicht erschienen“ vermerkt sind.",
            Self::Events => {
                "Veranstaltungen, die im Zeitraum beginnen und nicht abgesagt sind, nach Format. Im Umfang \
                 einer Kommune oder eines Landes: mit ihr oder einem ihrer Fälle verknüpft; eines \
                 Handlungsfelds: ein Fall des Handlungsfelds verknüpft oder der Titel nennt es; der \
                 eigenen Arbeit: selbst veranstaltet."
            }
            Self::Attended => {
                "Teilnehmende dieser Veranstaltungen mit dem Status „teilgenommen“ (jede Person je \
                 Veranstaltung einmal)."
            }
            Self::MunicipalitiesReached => {
                "Kommunen mit einem Fall in Bearbeitung, einer Buchung oder einer Veranstaltung im Zeitraum."
            }
            Self::NeighbourhoodsReached => {
                "Quartiere mit einem Fall in Bearbeitung oder einer Sprechstundenreihe mit Buchung im Zeitraum."
            }
        }
    }
}

/// A figure's name and definition, for the window and the appendix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FigureDefinition {
    /// Which.
    pub figure: Figure,
    /// German name.
    pub name: String,
    /// What it counts.
    pub definition: String,
}

/// Every figure's definition, in report order.
pub fn figure_definitions() -> Vec<FigureDefinition> {
    Figure::ALL
        .iter()
        .map(|f| FigureDefinition {
            figure: *f,
            name: f.german().to_owned(),
            definition: f.definition().to_owned(),
        })
        .collect()
}

/// Cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct CaseFigures {
    pub opened: u32,
    pub active: u32,
    pub closed: u32,
}

/// Journal entries by kind ([`Figure::JournalEntries`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // the journal's kinds
pub struct JournalFigures {
    pub consultations: u32,
    pub site_visits: u32,
    pub workshops: u32,
    pub meetings: u32,
    pub calls: u32,
    pub emails: u32,
}

impl JournalFigures {
    /// All of them.
    pub fn total(&self) -> u32 {
        self.consultations + self.site_visits + self.workshops + self.meetings + self.calls + self.emails
    }
}

/// Consultation hours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct ConsultationFigures {
    /// `None` for a topic's report.
    pub sessions_held: Option<u32>,
    /// `None` for a topic's report.
    pub slots_offered: Option<u32>,
    pub bookings: u32,
    pub slots_used: u32,
    pub cancelled: u32,
    pub no_shows: u32,
}

/// Events of one format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct EventFormatFigures {
    pub format: EventFormat,
    pub events: u32,
    pub attended: u32,
}

/// Reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct ReachFigures {
    pub municipalities: u32,
    pub neighbourhoods: u32,
}

/// One calendar month of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct MonthFigures {
    /// The month's days within the period.
    pub period: ReportPeriod,
    pub cases_opened: u32,
    pub cases_closed: u32,
    pub consultations: u32,
    pub slots_used: u32,
    pub events: u32,
    pub attended: u32,
}

/// One topic: cases with it among their topics, events about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct TopicFigures {
    pub topic: String,
    pub cases_active: u32,
    pub cases_opened: u32,
    pub events: u32,
}

/// One Bundesland (all sixteen are listed, with zeros).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct StateFigures {
    pub state: FederalState,
    pub municipalities: u32,
    pub cases_active: u32,
    pub cases_opened: u32,
    pub events: u32,
    pub attended: u32,
}

/// One advisor (the case's, the series', the event's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct AdvisorFigures {
    pub advisor: String,
    pub cases_active: u32,
    pub cases_opened: u32,
    pub cases_closed: u32,
    pub journal_entries: u32,
    pub slots_used: u32,
    pub events: u32,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[allow(missing_docs)] // see `Figure`
pub struct ActivityReport {
    pub query: ReportQuery,
    /// The scope in German, e.g. `Land Hessen`.
    pub scope_label: String,
    pub cases: CaseFigures,
    pub journal: JournalFigures,
    pub consultation_hours: ConsultationFigures,
    /// Every format, in the order of `EventFormat`.
    pub events: Vec<EventFormatFigures>,
    pub reach: ReachFigures,
    pub months: Vec<MonthFigures>,
    /// Topics with anything in the period, by active cases.
    pub topics: Vec<TopicFigures>,
    pub states: Vec<StateFigures>,
    /// Advisors with anything in the period, by name.
    pub advisors: Vec<AdvisorFigures>,
}

impl ActivityReport {
    /// Events of every format.
    pub fn events_total(&self) -> u32 {
        self.events.iter().map(|e| e.events).sum()
    }

    /// Participants who attended, over every format.
    pub fn attended_total(&self) -> u32 {
        self.events.iter().map(|e| e.attended).sum()
    }
}

/// What a click on a chart lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // as `Figure`
pub enum ReportMeasure {
    CasesOpened,
    CasesActive,
    CasesClosed,
    Events,
}

/// The records behind one bar or state: the report's query, narrowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportDrill {
    /// The report.
    pub query: ReportQuery,
    /// What to list.
    pub measure: ReportMeasure,
    /// Only within these days (a month's bar).
    pub within: Option<ReportPeriod>,
    /// Only cases of this topic, events about it.
    pub topic: Option<String>,
    /// Only in this Bundesland.
    pub state: Option<FederalState>,
    /// Only this advisor's.
    pub advisor: Option<String>,
}

/// What a listed record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ReportRecordKind {
    Case,
    Event,
}

/// One record behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReportRecord {
    /// Case or event.
    pub kind: ReportRecordKind,
    /// Its id.
    pub id: i64,
    /// A case's reference; an event's format in German.
    pub reference: String,
    /// Title.
    pub title: String,
    /// The date that put it there: opened, closed, or the event's first day; the opening day for
    /// an active case.
    pub date: NaiveDate,
    /// Its Kommune (an event: its first).
    pub municipality: Option<String>,
}

/// The advisor's own words for each section of the printed report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[allow(missing_docs)] // one per section
pub struct ReportTexts {
    pub summary: String,
    pub cases: String,
    pub consultation_hours: String,
    pub events: String,
    pub reach: String,
    pub topics: String,
}

/// The file types a report is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ReportFormat {
    Pdf,
    Xlsx,
    Csv,
}

impl ReportFormat {
    /// By a file name's extension.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Self::Pdf),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}

/// A saved report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedActivityReport {
    /// Where.
    pub path: String,
    /// As what.
    pub format: ReportFormat,
}

/// A case open in the period, as the report counts it (`store::activity_report::cases`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the case's columns
pub struct CaseFact {
    pub id: i64,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub advisor: String,
    pub municipality_id: i64,
    pub neighbourhood_id: Option<i64>,
    pub topics: Vec<String>,
}

/// A journal entry dated in the period: its case, kind and month.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct JournalFact {
    pub case_id: i64,
    pub kind: JournalKind,
    /// Months since the year 0 (`year * 12 + month - 1`), as [`month_number`] counts them.
    pub month: i32,
}

/// A month as one number, `year * 12 + month - 1`.
pub fn month_number(day: NaiveDate) -> i32 {
    day.year() * 12 + i32::try_from(day.month0()).unwrap_or(0)
}

/// A booking whose slot lies in the period (booked or cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct BookingFact {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: BookingStatus,
    pub no_show: bool,
    pub municipality_id: i64,
    pub neighbourhood_id: Option<i64>,
    /// The series' advisor.
    pub advisor: String,
}

/// An event starting in the period, not cancelled, with where it took place and what it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct EventFact {
    pub id: i64,
    pub format: EventFormat,
    pub starts_on: NaiveDate,
    pub advisor: String,
    pub attended: u32,
    /// Linked Kommunen and the Kommunen of linked cases.
    pub municipality_ids: Vec<i64>,
    /// The topics of linked cases and those its title names.
    pub topics: Vec<String>,
}

/// One occurrence of a consultation series in the period that takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct SessionFact {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub slots: u32,
}

/// Everything a report counts, already in its scope (the journal: every entry of the period, of
/// which those on `cases` count): the store reads it, [`tally`] counts it.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct ReportFacts {
    pub cases: Vec<CaseFact>,
    pub journal: Vec<JournalFact>,
    pub bookings: Vec<BookingFact>,
    pub events: Vec<EventFact>,
    /// `None` for a topic's report (a series has no topic).
    pub sessions: Option<Vec<SessionFact>>,
    /// Every Kommune's Bundesland.
    pub states: HashMap<i64, FederalState>,
}

impl ReportFacts {
    fn state_of(&self, municipality_id: i64) -> Option<FederalState> {
        self.states.get(&municipality_id).copied()
    }
}

impl CaseFact {
    /// Opened within `period`.
    pub fn opened_in(&self, period: &ReportPeriod) -> bool {
        period.contains(self.opened_on)
    }

    /// Closed within `period`.
    pub fn closed_in(&self, period: &ReportPeriod) -> bool {
        self.closed_on.is_some_and(|d| period.contains(d))
    }

    /// Open on at least one day of `period` ([`Figure::CasesActive`]).
    pub fn active_in(&self, period: &ReportPeriod) -> bool {
        self.opened_on <= period.to && self.closed_on.is_none_or(|d| d >= period.from)
    }

    /// Counted for `measure` in `period`.
    pub fn counts_for(&self, measure: ReportMeasure, period: &ReportPeriod) -> bool {
        match measure {
            ReportMeasure::CasesOpened => self.opened_in(period),
            ReportMeasure::CasesActive => self.active_in(period),
            ReportMeasure::CasesClosed => self.closed_in(period),
            ReportMeasure::Events => false,
        }
    }
}

impl BookingFact {
    /// Holds its slot ([`Figure::Bookings`]).
    fn booked(&self) -> bool {
        self.status == BookingStatus::Booked
    }

    /// Held: booked, over by `now`, not a no-show ([`Figure::SlotsUsed`]).
    fn used(&self, now: DateTime<Utc>) -> bool {
        self.booked() && !self.no_show && self.end <= now
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Counts `facts` into the report for `query`, as of `now` (what has ended by then was held).
pub fn tally(query: &ReportQuery, scope_label: String, facts: &ReportFacts, now: DateTime<Utc>) -> ActivityReport {
    let period = query.period;
    let cases = CaseFigures {
        opened: count(facts.cases.iter().filter(|c| c.opened_in(&period)).count()),
        active: count(facts.cases.iter().filter(|c| c.active_in(&period)).count()),
        closed: count(facts.cases.iter().filter(|c| c.closed_in(&period)).count()),
    };
    // The journal counts the entries of the report's cases; each case's share goes to its advisor.
    let case_position: HashMap<i64, usize> = facts.cases.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut journal_per_case = vec![0_u32; facts.cases.len()];
    let mut journal_counted: Vec<&JournalFact> = Vec::with_capacity(facts.journal.len());
    for entry in &facts.journal {
        if let Some(count) = case_position
            .get(&entry.case_id)
            .and_then(|i| journal_per_case.get_mut(*i))
        {
            *count += 1;
            journal_counted.push(entry);
        }
    }
    let mut journal = JournalFigures::default();
    for entry in &journal_counted {
        let slot = match entry.kind {
            JournalKind::Consultation => &mut journal.consultations,
            JournalKind::SiteVisit => &mut journal.site_visits,
            JournalKind::Workshop => &mut journal.workshops,
            JournalKind::Meeting => &mut journal.meetings,
            JournalKind::Call => &mut journal.calls,
            JournalKind::Email => &mut journal.emails,
            JournalKind::Note | JournalKind::StatusChange => continue,
        };
        *slot += 1;
    }
    let booked = facts.bookings.iter().filter(|b| b.booked());
    let consultation_hours = ConsultationFigures {
        sessions_held: facts
            .sessions
            .as_ref()
            .map(|s| count(s.iter().filter(|s| s.end <= now).count())),
        slots_offered: facts.sessions.as_ref().map(|s| s.iter().map(|s| s.slots).sum()),
        bookings: count(booked.clone().count()),
        slots_used: count(facts.bookings.iter().filter(|b| b.used(now)).count()),
        cancelled: count(
            facts
                .bookings
                .iter()
                .filter(|b| b.status == BookingStatus::Cancelled)
                .count(),
        ),
        no_shows: count(booked.filter(|b| b.no_show).count()),
    };
    let events = EventFormat::ALL
        .iter()
        .map(|format| {
            let of_format = facts.events.iter().filter(|e| e.format == *format);
            EventFormatFigures {
                format: *format,
                events: count(of_format.clone().count()),
                attended: of_format.map(|e| e.attended).sum(),
            }
        })
        .collect();
    let mut municipalities: HashSet<i64> = HashSet::new();
    let mut neighbourhoods: HashSet<i64> = HashSet::new();
    for case in facts.cases.iter().filter(|c| c.active_in(&period)) {
        municipalities.insert(case.municipality_id);
        neighbourhoods.extend(case.neighbourhood_id);
    }
    for booking in facts.bookings.iter().filter(|b| b.booked()) {
        municipalities.insert(booking.municipality_id);
        neighbourhoods.extend(booking.neighbourhood_id);
    }
    for event in &facts.events {
        municipalities.extend(event.municipality_ids.iter().copied());
    }
    let reach = ReachFigures {
        municipalities: count(municipalities.len()),
        neighbourhoods: count(neighbourhoods.len()),
    };
    let months = months(facts, &period, &journal_counted, now);
    ActivityReport {
        query: query.clone(),
        scope_label,
        cases,
        journal,
        consultation_hours,
        events,
        reach,
        months,
        topics: topics(facts, &period),
        states: states(facts, &period, &municipalities),
        advisors: advisors(facts, &period, &journal_per_case, now),
    }
}

fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&super::HOME_ZONE).date_naive()
}

/// Which of the period's months `day` falls in.
fn month_index(period: &ReportPeriod, day: NaiveDate) -> Option<usize> {
    if !period.contains(day) {
        return None;
    }
    usize::try_from(month_number(day) - month_number(period.from)).ok()
}

/// Each month's figures, in one pass over each kind of record.
fn months(
    facts: &ReportFacts,
    period: &ReportPeriod,
    journal: &[&JournalFact],
    now: DateTime<Utc>,
) -> Vec<MonthFigures> {
    let mut months: Vec<MonthFigures> = period
        .months()
        .into_iter()
        .map(|month| MonthFigures {
            period: month,
            cases_opened: 0,
            cases_closed: 0,
            consultations: 0,
            slots_used: 0,
            events: 0,
            attended: 0,
        })
        .collect();
    let first = month_number(period.from);
    let at = |day: Option<NaiveDate>| day.and_then(|d| month_index(period, d));
    for case in &facts.cases {
        if let Some(month) = at(Some(case.opened_on)).and_then(|i| months.get_mut(i)) {
            month.cases_opened += 1;
        }
        if let Some(month) = at(case.closed_on).and_then(|i| months.get_mut(i)) {
            month.cases_closed += 1;
        }
    }
    for booking in facts.bookings.iter().filter(|b| b.used(now)) {
        if let Some(month) = at(Some(local_day(booking.start))).and_then(|i| months.get_mut(i)) {
            month.slots_used += 1;
        }
    }
    for event in &facts.events {
        if let Some(month) = at(Some(event.starts_on)).and_then(|i| months.get_mut(i)) {
            month.events += 1;
            month.attended += event.attended;
        }
    }
    for entry in journal.iter().filter(|j| j.kind == JournalKind::Consultation) {
        let index = usize::try_from(entry.month - first).ok();
        if let Some(month) = index.and_then(|i| months.get_mut(i)) {
            month.consultations += 1;
        }
    }
    months
}

fn topics(facts: &ReportFacts, period: &ReportPeriod) -> Vec<TopicFigures> {
    fn row<'m, 't>(table: &'m mut HashMap<&'t str, TopicFigures>, topic: &'t str) -> &'m mut TopicFigures {
        let topic_row = || TopicFigures {
            topic: topic.to_owned(),
            ..TopicFigures::default()
        };
        table.entry(topic).or_insert_with(topic_row)
    }
    let mut table: HashMap<&str, TopicFigures> = HashMap::new();
    for case in facts.cases.iter().filter(|c| c.active_in(period)) {
        for topic in &case.topics {
            let figures = row(&mut table, topic);
            figures.cases_active += 1;
            figures.cases_opened += u32::from(case.opened_in(period));
        }
    }
    for event in &facts.events {
        for topic in &event.topics {
            row(&mut table, topic).events += 1;
        }
    }
    let mut topics: Vec<TopicFigures> = table.into_values().collect();
    topics.sort_by(|a, b| b.cases_active.cmp(&a.cases_active).then_with(|| a.topic.cmp(&b.topic)));
    topics
}

fn states(facts: &ReportFacts, period: &ReportPeriod, reached: &HashSet<i64>) -> Vec<StateFigures> {
    let mut states: Vec<StateFigures> = FederalState::ALL
        .iter()
        .map(|state| StateFigures {
            state: *state,
            municipalities: 0,
            cases_active: 0,
            cases_opened: 0,
            events: 0,
            attended: 0,
        })
        .collect();
    let index = |municipality_id: i64| {
        let state = facts.state_of(municipality_id)?;
        FederalState::ALL.iter().position(|s| *s == state)
    };
    for municipality in reached {
        if let Some(row) = index(*municipality).and_then(|i| states.get_mut(i)) {
            row.municipalities += 1;
        }
    }
    for case in &facts.cases {
        if let Some(row) = index(case.municipality_id).and_then(|i| states.get_mut(i)) {
            row.cases_active += u32::from(case.active_in(period));
            row.cases_opened += u32::from(case.opened_in(period));
        }
    }
    for event in &facts.events {
        let mut touched: Vec<usize> = event.municipality_ids.iter().filter_map(|m| index(*m)).collect();
        touched.sort_unstable();
        touched.dedup();
        for i in touched {
            if let Some(row) = states.get_mut(i) {
                row.events += 1;
                row.attended += event.attended;
            }
        }
    }
    states
}

/// Each advisor's figures; `journal_per_case` holds the journal entries counted for each of
/// `facts.cases`, in their order.
fn advisors(
    facts: &ReportFacts,
    period: &ReportPeriod,
    journal_per_case: &[u32],
    now: DateTime<Utc>,
) -> Vec<AdvisorFigures> {
    fn row<'m, 't>(table: &'m mut HashMap<&'t str, AdvisorFigures>, advisor: &'t str) -> &'m mut AdvisorFigures {
        let advisor_row = || AdvisorFigures {
            advisor: advisor.to_owned(),
            ..AdvisorFigures::default()
        };
        table.entry(advisor).or_insert_with(advisor_row)
    }
    let mut table: HashMap<&str, AdvisorFigures> = HashMap::new();
    for (case, journal_entries) in facts.cases.iter().zip(journal_per_case) {
        let figures = row(&mut table, &case.advisor);
        figures.cases_active += u32::from(case.active_in(period));
        figures.cases_opened += u32::from(case.opened_in(period));
        figures.cases_closed += u32::from(case.closed_in(period));
        figures.journal_entries += journal_entries;
    }
    for booking in facts.bookings.iter().filter(|b| b.used(now)) {
        row(&mut table, &booking.advisor).slots_used += 1;
    }
    for event in &facts.events {
        row(&mut table, &event.advisor).events += 1;
    }
    let mut advisors: Vec<AdvisorFigures> = table
        .into_values()
        .filter(|a| !a.advisor.trim().is_empty() || a.cases_active > 0)
        .collect();
    advisors.sort_by(|a, b| a.advisor.cmp(&b.advisor));
    advisors
}

/// The ids behind one bar or state of the report: cases or events, as [`tally`] counted them.
pub fn drill(facts: &ReportFacts, drill: &ReportDrill) -> Vec<i64> {
    let period = drill.within.unwrap_or(drill.query.period);
    let in_state = |municipality_id: i64| drill.state.is_none_or(|s| facts.state_of(municipality_id) == Some(s));
    let by_advisor = |advisor: &str| drill.advisor.as_deref().is_none_or(|a| a == advisor);
    let about = |topics: &[String]| drill.topic.as_deref().is_none_or(|t| topics.iter().any(|x| x == t));
    match drill.measure {
        ReportMeasure::Events => facts
            .events
            .iter()
            .filter(|e| period.contains(e.starts_on))
            .filter(|e| drill.state.is_none() || e.municipality_ids.iter().any(|m| in_state(*m)))
            .filter(|e| by_advisor(&e.advisor) && about(&e.topics))
            .map(|e| e.id)
            .collect(),
        measure => facts
            .cases
            .iter()
            .filter(|c| c.counts_for(measure, &period))
            .filter(|c| in_state(c.municipality_id) && by_advisor(&c.advisor) && about(&c.topics))
            .map(|c| c.id)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_period_is_cut_into_its_months() {
        let period = ReportPeriod {
            from: day(2026, 1, 15),
            to: day(2026, 3, 10),
        };
        let months = period.months();
        assert_eq!(months.len(), 3);
        assert_eq!((months[0].from, months[0].to), (day(2026, 1, 15), day(2026, 1, 31)));
        assert_eq!((months[1].from, months[1].to), (day(2026, 2, 1), day(2026, 2, 28)));
        assert_eq!((months[2].from, months[2].to), (day(2026, 3, 1), day(2026, 3, 10)));
    }

    #[test]
    fn a_period_ending_before_it_starts_is_refused() {
        let reversed = ReportPeriod {
            from: day(2026, 4, 1),
            to: day(2026, 3, 31),
        };
        assert!(reversed.validate().is_err());
        let one_day = ReportPeriod {
            from: day(2026, 4, 1),
            to: day(2026, 4, 1),
        };
        assert!(one_day.validate().is_ok());
    }

    #[test]
    fn every_figure_has_a_definition() {
        assert_eq!(figure_definitions().len(), Figure::ALL.len());
        assert!(Figure::ALL.iter().all(|f| f.definition().len() > 20));
    }
}
