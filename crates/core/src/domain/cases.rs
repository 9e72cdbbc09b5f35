//! Advisory cases (Beratungsfälle): status, priority, reference numbers and validation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::contacts::Participant;
use super::journal::JournalEntry;
use super::tasks::Task;
use super::validation::FieldErrors;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Anfrage: a request not yet taken on.
    New,
    /// In Beratung.
    Active,
    /// Ruhend: paused.
    OnHold,
    /// Abgeschlossen.
    Closed,
}

impl CaseStatus {
    /// Every status, in workflow order.
    pub const ALL: [CaseStatus; 4] = [Self::New, Self::Active, Self::OnHold, Self::Closed];

    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Active => "active",
            Self::OnHold => "on_hold",
            Self::Closed => "closed",
        }
    }

    /// Parses the stored text.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// The German label.
    pub fn label_de(self) -> &'static str {
        match self {
            Self::New => "Anfrage",
            Self::Active => "In Beratung",
            Self::OnHold => "Ruhend",
            Self::Closed => "Abgeschlossen",
        }
    }

    /// The statuses a case may move to from this one:
    /// `new → active ⇄ on_hold → closed → active` (closing is allowed from active and on hold;
    /// a closed case can only be reopened). The team server decides by the same table.
    pub fn next(self) -> Vec<CaseStatus> {
        Self::ALL.into_iter().filter(|to| self.can_become(*to)).collect()
    }

    /// Whether the move is allowed.
    pub fn can_become(self, to: CaseStatus) -> bool {
        beratungsplaner_team_protocol::case_status_may_move(self.as_str(), to.as_str())
    }

    /// The journal text recorded for a move.
    pub fn transition_text(self, to: CaseStatus) -> String {
        if self == Self::Closed && to == Self::Active {
            format!("Fall wiedereröffnet: {} → {}", self.label_de(), to.label_de())
        } else {
            format!("Status geändert: {} → {}", self.label_de(), to.label_de())
        }
    }
}

/// How urgent a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Priority {
    Low,
    Normal,
    High,
}

/// A case reference such as `BF-2026-0042` (in a team `BF-2026-MA-0042`, with the advisor's
/// prefix): unique, numbered per year.
pub fn format_reference(year: i32, prefix: Option<&str>, number: i64) -> String {
    match prefix {
        Some(prefix) => format!("BF-{year:04}-{prefix}-{number:04}"),
        None => format!("BF-{year:04}-{number:04}"),
    }
}

/// One advisory engagement with a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct Case {
    /// Database id.
    pub id: i64,
    /// Reference, e.g. `BF-2026-0042`.
    pub reference: String,
    pub title: String,
    /// Summary of the situation and the advice.
    pub summary: String,
    pub status: CaseStatus,
    pub priority: Priority,
    /// The municipality advised.
    pub municipality_id: i64,
    /// The neighbourhood, if the case is about one.
    pub neighbourhood_id: Option<i64>,
    /// The advisor in charge.
    pub advisor: String,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// Closed on, while closed.
    pub closed_on: Option<NaiveDate>,
    /// The next step.
    pub next_step: Option<String>,
    /// When the next step is due.
    pub next_step_due: Option<NaiveDate>,
    /// Last change, RFC 3339.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// What the user enters to create or edit a case. The status changes only through transitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct CaseInput {
    pub title: String,
    pub summary: String,
    pub priority: Priority,
    pub municipality_id: Option<i64>,
    pub neighbourhood_id: Option<i64>,
    pub advisor: String,
    /// Opened on; today if empty.
    pub opened_on: Option<NaiveDate>,
    /// Closed on (only for a closed case).
    pub closed_on: Option<NaiveDate>,
    /// Next step.
    pub next_step: Option<String>,
    /// Its due date.
    pub next_step_due: Option<NaiveDate>,
    /// Topic names (Handlungsfelder); new ones are created.
    pub topics: Vec<String>,
}

impl CaseInput {
    /// Checks every field; `today` fills a missing opening date.
    pub fn validate(&self, today: NaiveDate) -> crate::Result<CaseInput> {
        let mut errors = FieldErrors::default();
        errors.require_text("title", &self.title, 200);
        errors.limit_text("summary", Some(&self.summary), 20_000);
        errors.require_text("advisor", &self.advisor, 120);
        errors.limit_text("next_step", self.next_step.as_deref(), 500);
        if self.municipality_id.is_none() {
            errors.add(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            );
        }
        let opened_on = self.opened_on.unwrap_or(today);
        if let Some(closed_on) = self.closed_on {
            if closed_on < opened_on {
                errors.add(
                    "closed_on",
                    "Das Abschlussdatum darf nicht vor dem Eröffnungsdatum liegen.",
                    "The closing date must not be before the opening date.",
                );
            }
        }
        let mut topics: Vec<String> = Vec::new();
        for topic in &self.topics {
            let topic = topic.trim();
            if topic.chars().count() > 80 {
                errors.add(
                    "topics",
                    "Ein Handlungsfeld hat höchstens 80 Zeichen.",
                    "A topic has at most 80 characters.",
                );
            } else if !topic.is_empty() && !topics.iter().any(|t| t == topic) {
                topics.push(topic.to_owned());
            }
        }
        errors.into_result()?;
        Ok(CaseInput {
            title: self.title.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            priority: self.priority,
            municipality_id: self.municipality_id,
            neighbourhood_id: self.neighbourhood_id,
            advisor: self.advisor.trim().to_owned(),
            opened_on: Some(opened_on),
            closed_on: self.closed_on,
            next_step: super::non_empty(self.next_step.as_deref()),
            next_step_due: self.next_step_due,
            topics,
        })
    }
}

/// One row of the case list, also the shape of `case list --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct CaseSummary {
    /// Database id.
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    pub priority: Priority,
    /// Municipality id.
    pub municipality_id: i64,
    /// Municipality name.
    pub municipality: String,
    /// Neighbourhood id.
    pub neighbourhood_id: Option<i64>,
    /// Neighbourhood name.
    pub neighbourhood: Option<String>,
    /// Topic names, sorted.
    pub topics: Vec<String>,
    pub advisor: String,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// Next step.
    pub next_step: Option<String>,
    /// Its due date.
    pub next_step_due: Option<NaiveDate>,
}

/// Marks around matched words in search highlights: the UI turns them into `<mark>` elements
/// without ever interpreting the text as HTML.
pub const MATCH_START: char = '\u{2}';
/// End of a matched word, see [`MATCH_START`].
pub const MATCH_END: char = '\u{3}';

/// A case in the list, with what matched when the list comes from a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseHit {
    /// The case.
    pub case: CaseSummary,
    /// The title with matches between [`MATCH_START`] and [`MATCH_END`].
    pub title_marked: Option<String>,
    /// A short excerpt of the best-matching text, marked the same way.
    pub snippet: Option<String>,
    /// Whether the next step or an open task is overdue.
    pub overdue: bool,
}

/// Filters of the case list; all optional and combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[allow(missing_docs)] // the names say it
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub municipality_id: Option<i64>,
    pub neighbourhood_id: Option<i64>,
    /// Topic name.
    pub topic: Option<String>,
    pub advisor: Option<String>,
    /// Only cases with an overdue next step or task.
    pub overdue: bool,
    /// Full-text search over cases, journals, contacts and places (prefix match per word).
    pub search: Option<String>,
    /// At most this many rows.
    pub limit: Option<i64>,
}

/// Everything the case page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseDetail {
    /// The case.
    pub case: Case,
    /// Municipality name.
    pub municipality: String,
    /// Neighbourhood name.
    pub neighbourhood: Option<String>,
    /// Topic names.
    pub topics: Vec<String>,
    /// Contacts with roles, current ones first.
    pub participants: Vec<Participant>,
    /// Journal, newest first.
    pub journal: Vec<JournalEntry>,
    /// Tasks, open ones first.
    pub tasks: Vec<Task>,
    /// Consultation-hour bookings, newest first.
    pub bookings: Vec<super::Booking>,
    /// Appointments, newest first.
    pub appointments: Vec<super::Appointment>,
    /// Statuses the case may move to.
    pub allowed_transitions: Vec<CaseStatus>,
    /// Who changed the case last on the team, while the device syncs with one.
    pub team_change: Option<super::TeamChange>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    #[test]
    fn transitions_table() {
        let allowed = [
            (New, Active),
            (Active, OnHold),
            (OnHold, Active),
            (Active, Closed),
            (OnHold, Closed),
            (Closed, Active),
        ];
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                assert_eq!(from.can_become(to), allowed.contains(&(from, to)), "{from:?} -> {to:?}");
            }
        }
        assert_eq!(
            Closed.transition_text(Active),
            "Fall wiedereröffnet: Abgeschlossen → In Beratung"
        );
        assert_eq!(New.transition_text(Active), "Status geändert: Anfrage → In Beratung");
    }

    #[test]
    fn references_are_padded() {
        assert_eq!(format_reference(2026, None, 42), "BF-2026-0042");
        assert_eq!(format_reference(2026, None, 12345), "BF-2026-12345");
        assert_eq!(format_reference(2026, Some("MA"), 42), "BF-2026-MA-0042");
    }

    fn input() -> CaseInput {
        CaseInput {
            title: " Stadtteilzentrum ".into(),
            summary: String::new(),
            priority: Priority::Normal,
            municipality_id: Some(1),
            neighbourhood_id: None,
            advisor: "Miriam Albers".into(),
            opened_on: None,
            closed_on: None,
            next_step: Some("  ".into()),
            next_step_due: None,
            topics: vec!["Wohnen".into(), " Wohnen ".into(), "".into()],
        }
    }

    #[test]
    fn case_validation() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).expect("date");
        let valid = input().validate(today).expect("valid");
        assert_eq!(valid.title, "Stadtteilzentrum");
        assert_eq!(valid.opened_on, Some(today));
        assert_eq!(valid.next_step, None);
        assert_eq!(valid.topics, vec!["Wohnen".to_owned()]);

        let mut closed_early = input();
        closed_early.opened_on = Some(today);
        closed_early.closed_on = today.pred_opt();
        let Err(crate::Error::Validation(e)) = closed_early.validate(today) else {
            panic!("closing before opening accepted");
        };
        assert!(e.has("closed_on"));

        let mut no_place = input();
        no_place.municipality_id = None;
        no_place.title = String::new();
        let Err(crate::Error::Validation(e)) = no_place.validate(today) else {
            panic!("accepted");
        };
        assert!(e.has("municipality_id") && e.has("title"));
    }
}
