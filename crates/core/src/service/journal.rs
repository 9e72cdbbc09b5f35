//! `Planner` operations on a case's journal (Verlauf).

use crate::domain::*;
use crate::error::Entity;
use crate::store;
use crate::{Error, Result};

use super::Planner;

impl Planner {
    /// Adds a journal entry.
    pub async fn add_journal_entry(&self, case_id: i64, input: JournalInput) -> Result<CaseDetail> {
        let valid = input.validate(Self::today())?;
        let mut tx = self.case_write(case_id).await?;
        let occurred_on = valid.occurred_on.unwrap_or_else(Self::today);
        let id = store::journal::insert(&mut tx, case_id, occurred_on, valid.kind, &valid.author, &valid.text).await?;
        if valid.internal {
            store::journal::set_internal(&mut tx, id, true).await?;
        }
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Changes a journal entry (not one the app wrote for a status change).
    pub async fn update_journal_entry(&self, id: i64, input: JournalInput) -> Result<CaseDetail> {
        let valid = input.validate(Self::today())?;
        let case_id = store::journal::case_of(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::JournalEntry, id))?;
        let mut tx = self.store.begin().await?;
        let occurred_on = valid.occurred_on.unwrap_or_else(Self::today);
        if !store::journal::update(
            &mut tx,
            id,
            occurred_on,
            valid.kind,
            &valid.author,
            &valid.text,
            valid.internal,
        )
        .await?
        {
            return Err(Error::conflict(
                "Einträge zu Statuswechseln können nicht geändert werden.",
                "Status change entries cannot be edited.",
            ));
        }
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }
}
