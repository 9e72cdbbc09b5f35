//! The start page: what is due for the current advisor, and recently changed cases.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cases::{CaseStatus, CaseSummary};

/// Whether a due item is a task or a case's next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum DueKind {
    Task,
    NextStep,
}

/// An open task or next step due up to the end of this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DueItem {
    /// Task or next step.
    pub kind: DueKind,
    /// The task id, for ticking it done.
    pub task_id: Option<i64>,
    /// The case.
    pub case_id: i64,
    /// Case reference.
    pub reference: String,
    /// Case title.
    pub case_title: String,
    /// Case status.
    pub case_status: CaseStatus,
    /// Municipality name.
    pub municipality: String,
    /// What is due.
    pub title: String,
    /// When.
    pub due_on: NaiveDate,
    /// Due before today.
    pub overdue: bool,
}

/// Everything the start page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct Dashboard {
    /// The advisor the page is for.
    pub advisor: String,
    pub today: NaiveDate,
    /// Last day of this week (Sunday).
    pub week_end: NaiveDate,
    /// Overdue first, then by due date.
    pub due: Vec<DueItem>,
    /// Recently changed cases, newest first.
    pub recent_cases: Vec<CaseSummary>,
    /// Open cases of the advisor.
    pub open_cases: i64,
}
