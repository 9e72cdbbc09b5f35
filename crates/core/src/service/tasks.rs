//! `Planner` operations on a case's tasks.

use crate::domain::*;
use crate::error::Entity;
use crate::store;
use crate::{Error, Result};

use super::Planner;

impl Planner {
    /// Adds a task.
    pub async fn add_task(&self, case_id: i64, input: TaskInput) -> Result<CaseDetail> {
        let valid = input.validate()?;
        let mut tx = self.case_write(case_id).await?;
        store::tasks::insert(&mut tx, case_id, &valid).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Changes a task.
    pub async fn update_task(&self, id: i64, input: TaskInput) -> Result<CaseDetail> {
        let valid = input.validate()?;
        let case_id = self.case_of_task(id).await?;
        let mut tx = self.store.begin().await?;
        store::tasks::update(&mut tx, id, &valid).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Ticks a task done (today) or reopens it.
    pub async fn set_task_done(&self, id: i64, done: bool) -> Result<CaseDetail> {
        let case_id = self.case_of_task(id).await?;
        let mut tx = self.store.begin().await?;
        store::tasks::set_done(&mut tx, id, done.then(Self::today)).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    async fn case_of_task(&self, id: i64) -> Result<i64> {
        store::tasks::case_of(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Task, id))
    }
}
