//! `Planner` operations on contacts and their roles on cases (participants).

use chrono::NaiveDate;

use crate::domain::*;
use crate::error::Entity;
use crate::store;
use crate::{Error, Result};

use super::Planner;

impl Planner {
    /// Contacts whose name or organisation contains the text.
    pub async fn search_contacts(&self, text: &str) -> Result<Vec<Contact>> {
        self.list_contacts(text, 50).await
    }

    /// At most `limit` contacts by name; every one when `text` is empty, else those whose name or
    /// organisation contains it.
    pub async fn list_contacts(&self, text: &str, limit: i64) -> Result<Vec<Contact>> {
        store::contacts::search(self.store.pool(), text, limit).await
    }

    /// Creates a contact.
    pub async fn create_contact(&self, input: ContactInput) -> Result<Contact> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let id = store::contacts::insert(&mut tx, &valid).await?;
        tx.commit().await?;
        self.contact(id).await
    }

    /// Changes a contact.
    pub async fn update_contact(&self, id: i64, input: ContactInput) -> Result<Contact> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        if !store::contacts::update(&mut tx, id, &valid).await? {
            return Err(Error::not_found(Entity::Contact, id));
        }
        tx.commit().await?;
        self.contact(id).await
    }

    async fn contact(&self, id: i64) -> Result<Contact> {
        store::contacts::get(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, id))
    }

    /// Gives a contact (existing or created in the same transaction) a role on a case.
    pub async fn add_participant(&self, case_id: i64, input: ParticipantInput) -> Result<CaseDetail> {
        input.validate()?;
        let mut tx = self.case_write(case_id).await?;
        let contact_id = match (&input.new_contact, input.contact_id) {
            (Some(new_contact), _) => store::contacts::insert(&mut tx, &new_contact.validate()?).await?,
            (None, Some(id)) => {
                if store::contacts::get(&mut *tx, id).await?.is_none() {
                    return Err(Error::field(
                        "contact_id",
                        "Diese Ansprechperson gibt es nicht mehr.",
                        "This contact no longer exists.",
                    ));
                }
                id
            }
            (None, None) => return Err(Error::not_found(Entity::Contact, 0)),
        };
        let from_on = input.from_on.unwrap_or_else(Self::today);
        store::contacts::participants::insert(&mut tx, case_id, contact_id, input.role.trim(), from_on).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    /// Ends a role (today if no date is given); the role stays on the case with its period.
    pub async fn end_participant(&self, id: i64, until_on: Option<NaiveDate>) -> Result<CaseDetail> {
        let case_id = store::contacts::participants::case_of(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Participant, id))?;
        let mut tx = self.store.begin().await?;
        if !store::contacts::participants::end(&mut tx, id, until_on.unwrap_or_else(Self::today)).await? {
            return Err(Error::conflict(
                "Diese Rolle ist bereits beendet.",
                "This role has already ended.",
            ));
        }
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }
}
