//! `Planner` operation for the start page.

use chrono::Datelike;

use crate::domain::*;
use crate::store;
use crate::Result;

use super::Planner;

impl Planner {
    /// The start page for the current advisor.
    pub async fn dashboard(&self) -> Result<Dashboard> {
        let advisor = self.settings().await?.advisor;
        let today = Self::today();
        let week_end = today + chrono::Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
        let pool = self.store.pool();
        let mut due = store::tasks::due_for(pool, &advisor, week_end).await?;
        due.extend(store::cases::next_steps_due_for(pool, &advisor, week_end).await?);
        for item in &mut due {
            item.overdue = item.due_on < today;
        }
        due.sort_by(|a, b| {
            (!a.overdue, a.due_on, a.reference.as_str()).cmp(&(!b.overdue, b.due_on, b.reference.as_str()))
        });
        let recent_cases = store::cases::list(pool, &CaseFilter::default(), true, 8)
            .await?
            .into_iter()
            .map(|hit| hit.case)
            .collect();
        Ok(Dashboard {
            open_cases: store::cases::open_count_of(pool, &advisor).await?,
            advisor,
            today,
            week_end,
            due,
            recent_cases,
        })
    }
}
