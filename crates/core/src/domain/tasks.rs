//! Tasks (Aufgaben): follow-ups on a case with a due date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::validation::FieldErrors;

/// A follow-up on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Task {
    /// Database id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// What to do.
    pub title: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Who does it.
    pub assignee: String,
    /// Done on; `None` while open.
    pub done_on: Option<NaiveDate>,
}

impl Task {
    /// Open and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.done_on.is_none() && self.due_on.is_some_and(|d| d < today)
    }
}

/// What the user enters for a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskInput {
    /// What to do.
    pub title: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Who does it.
    pub assignee: String,
}

impl TaskInput {
    /// Checks every field and returns the trimmed input.
    pub fn validate(&self) -> crate::Result<TaskInput> {
        let mut errors = FieldErrors::default();
        errors.require_text("title", &self.title, 300);
        errors.require_text("assignee", &self.assignee, 120);
        errors.into_result()?;
        Ok(TaskInput {
            title: self.title.trim().to_owned(),
            due_on: self.due_on,
            assignee: self.assignee.trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_means_open_and_due_before_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let task = |due: Option<i64>, done: bool| Task {
            id: 1,
            case_id: 1,
            title: "x".into(),
            due_on: due.map(|d| today + chrono::Duration::days(d)),
            assignee: "a".into(),
            done_on: done.then_some(today),
        };
        assert!(task(Some(-1), false).is_overdue(today));
        assert!(!task(Some(0), false).is_overdue(today));
        assert!(!task(Some(-1), true).is_overdue(today));
        assert!(!task(None, false).is_overdue(today));
    }
}
