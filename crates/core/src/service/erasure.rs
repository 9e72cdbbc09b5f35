//! `Planner` operations of erasure on request (DSGVO Art. 17): a contact, a case or a Kommune,
//! each first as a preview of what goes, then in one transaction.
//!
//! A contact's roles stay as roles without a person; its name, e-mail address and phone number
//! are replaced in every stored free text (`store::erasure::TEXT_PLACES`) by the anonymiser's
//! rules (every spelling of the name, `report::anonymise`), leaving other people's addresses
//! alone; a calendar conflict whose server copy names the person is dropped, so the app's
//! version goes to the server. The search indexes overwrite what they delete (FTS5
//! `secure-delete` on the case search, a rebuild of the contact search, `secure_delete` on the
//! database) and the WAL is truncated afterwards, so no byte of the person remains in the file.
//! While the texts change, the search triggers are paused and each touched case is indexed once
//! at the end. Each erasure goes into the erasure log (kind, id, time), which a restore of an
//! older backup replays (`replay_erasures`), and into the audit trail.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

use crate::domain::*;
use crate::error::Entity;
use crate::report::anonymise::Anonymiser;
use crate::store::erasure::{self as sql, StoredText, JOURNAL, TEXT_PLACES};
use crate::store::instant::Stamp;
use crate::store::{self, Tx};
use crate::{Error, Result};

use super::Planner;

/// A text that names the contact, and what it becomes.
pub(super) struct Mention {
    /// The text as stored.
    pub(super) text: StoredText,
    /// The text with the contact taken out.
    pub(super) cleaned: String,
}

/// Every stored text that names `contact` (its own organisation field aside), with the
/// replacement. The access report lists the same texts.
pub(super) async fn mentions_of(tx: &mut Tx, contact: &Contact) -> Result<Vec<Mention>> {
    let anonymiser = Anonymiser::for_erasure(contact, ERASED_PERSON);
    let mut found = Vec::new();
    for place in TEXT_PLACES {
        for text in sql::texts(&mut *tx, place).await? {
            if place.table == "contacts" && text.id == contact.id {
                continue;
            }
            let cleaned = anonymiser.clean(&text.text);
            // The anonymiser works on NFC text: a text only normalised names nobody.
            if cleaned != text.text.nfc().collect::<String>() {
                found.push(Mention { text, cleaned });
            }
        }
    }
    Ok(found)
}

/// The calendar conflicts whose server copy names `contact`.
async fn conflicts_naming(tx: &mut Tx, contact: &Contact) -> Result<Vec<String>> {
    let anonymiser = Anonymiser::for_erasure(contact, ERASED_PERSON);
    Ok(sql::conflicts(&mut *tx)
        .await?
        .into_iter()
        .filter(|(_, ics)| anonymiser.clean(ics) != ics.nfc().collect::<String>())
        .map(|(uid, _)| uid)
        .collect())
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Planner {
    /// What erasing the contact would take away.
    pub async fn contact_erasure_preview(&self, contact_id: i64) -> Result<ContactErasurePreview> {
        // A read in a write transaction that is rolled back: the counts are those an erasure
        // now would see.
        let mut tx = self.store.begin().await?;
        let preview = contact_erasure(&mut tx, contact_id).await?.0;
        tx.rollback().await?;
        Ok(preview)
    }

    /// Erases the contact as the module documentation describes; returns what went.
    pub async fn erase_contact(&self, contact_id: i64) -> Result<ContactErasurePreview> {
        let mut tx = self.store.begin().await?;
        let (preview, mentions, conflicts) = contact_erasure(&mut tx, contact_id).await?;
        let now = Stamp::now();
        // The search index is written once per case at the end, not once per changed text.
        let mut cases: BTreeSet<i64> = sql::cases_with_roles_of(&mut *tx, contact_id)
            .await?
            .into_iter()
            .collect();
        store::cases::search::pause_triggers(&mut tx, true).await?;
        for mention in &mentions {
            sql::replace_text(&mut tx, mention.text.place, mention.text.id, &mention.cleaned, now).await?;
            cases.extend(sql::case_of(&mut tx, mention.text.place, mention.text.id).await?);
        }
        for uid in &conflicts {
            sql::drop_conflict(&mut tx, uid).await?;
        }
        sql::delete_contact(&mut tx, contact_id, now).await?;
        store::cases::search::pause_triggers(&mut tx, false).await?;
        sql::rebuild_contact_search(&mut tx).await?;
        for case_id in cases {
            sql::reindex_case(&mut tx, case_id).await?;
        }
        self.log_erasure(&mut tx, ErasureKind::Contact, contact_id, now).await?;
        tx.commit().await?;
        self.truncate_wal().await;
        Ok(preview)
    }

    /// What erasing the case would take away.
    pub async fn case_erasure_preview(&self, case_id: i64) -> Result<RecordErasurePreview> {
        self.case_exists(case_id).await?;
        let mut conn = self.store.pool().acquire().await?;
        sql::record_preview(&mut conn, &[case_id], None).await
    }

    /// Erases the case with its journal, tasks, roles, bookings and appointments.
    pub async fn erase_case(&self, case_id: i64) -> Result<RecordErasurePreview> {
        let mut tx = self.store.begin().await?;
        if store::cases::get(&mut *tx, case_id).await?.is_none() {
            return Err(Error::not_found(Entity::Case, case_id));
        }
        let preview = sql::record_preview(&mut tx, &[case_id], None).await?;
        let now = Stamp::now();
        sql::delete_records(&mut tx, &[case_id], None).await?;
        self.log_erasure(&mut tx, ErasureKind::Case, case_id, now).await?;
        tx.commit().await?;
        self.truncate_wal().await;
        Ok(preview)
    }

    /// What erasing the Kommune would take away.
    pub async fn municipality_erasure_preview(&self, municipality_id: i64) -> Result<RecordErasurePreview> {
        let mut conn = self.store.pool().acquire().await?;
        if store::municipalities::get(&mut *conn, municipality_id).await?.is_none() {
            return Err(Error::not_found(Entity::Municipality, municipality_id));
        }
        let cases = sql::cases_of_municipality(&mut *conn, municipality_id).await?;
        sql::record_preview(&mut conn, &cases, Some(municipality_id)).await
    }

    /// Erases the Kommune with its Quartiere, cases, consultation hours and appointments.
    pub async fn erase_municipality(&self, municipality_id: i64) -> Result<RecordErasurePreview> {
        let mut tx = self.store.begin().await?;
        if store::municipalities::get(&mut *tx, municipality_id).await?.is_none() {
            return Err(Error::not_found(Entity::Municipality, municipality_id));
        }
        let cases = sql::cases_of_municipality(&mut *tx, municipality_id).await?;
        let preview = sql::record_preview(&mut tx, &cases, Some(municipality_id)).await?;
        let now = Stamp::now();
        sql::delete_records(&mut tx, &cases, Some(municipality_id)).await?;
        self.log_erasure(&mut tx, ErasureKind::Municipality, municipality_id, now)
            .await?;
        tx.commit().await?;
        self.truncate_wal().await;
        Ok(preview)
    }

    /// The erasure log, oldest first.
    pub async fn erasure_log(&self) -> Result<Vec<ErasureRecord>> {
        sql::logged(self.store.pool()).await
    }

    /// Erases again what `log` (the log of the database a backup replaced) erased and this
    /// database still holds: a restore never brings an erased person back. Returns how many
    /// records were erased again.
    pub async fn replay_erasures(&self, log: &[ErasureRecord]) -> Result<usize> {
        let here: BTreeSet<(&'static str, i64)> = self
            .erasure_log()
            .await?
            .iter()
            .map(|r| (r.kind.as_str(), r.record_id))
            .collect();
        let mut replayed = 0;
        for record in log {
            if here.contains(&(record.kind.as_str(), record.record_id)) {
                continue;
            }
            let erased = match record.kind {
                ErasureKind::Contact => self.erase_contact(record.record_id).await.map(drop),
                ErasureKind::Case => self.erase_case(record.record_id).await.map(drop),
                ErasureKind::Municipality => self.erase_municipality(record.record_id).await.map(drop),
                ErasureKind::CaseAnonymised => {
                    self.anonymise_case_again(record.record_id, Stamp::new(record.erased_at))
                        .await
                }
            };
            match erased {
                Ok(()) => replayed += 1,
                // Not in the restored data (made before the backup had it): only logged.
                Err(Error::NotFound { .. }) => {
                    let mut tx = self.store.begin().await?;
                    sql::log(&mut tx, record.kind, record.record_id, Stamp::new(record.erased_at)).await?;
                    tx.commit().await?;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(replayed)
    }

    async fn log_erasure(&self, tx: &mut Tx, kind: ErasureKind, id: i64, now: Stamp) -> Result<()> {
        sql::log(tx, kind, id, now).await?;
        let subject = match kind {
            ErasureKind::Contact => AuditSubjectKind::Contact,
            ErasureKind::Case | ErasureKind::CaseAnonymised => AuditSubjectKind::Case,
            ErasureKind::Municipality => AuditSubjectKind::Municipality,
        };
        let entry = AuditEntry {
            action: AuditAction::Erased,
            subject: Some((subject, id)),
            detail: kind.as_str().into(),
        };
        store::audit::append(tx, &entry, now).await?;
        Ok(())
    }

    /// Folds the WAL into the file and empties it, so that the pages from before an erasure are
    /// gone from it too. Best effort: a reader holding an old snapshot keeps the frames until
    /// the next checkpoint.
    pub(super) async fn truncate_wal(&self) {
        if self.store.path().is_none() {
            return;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(self.store.pool())
            .await
        {
            tracing::warn!("checkpoint after an erasure failed: {e}");
        }
    }

    async fn case_exists(&self, case_id: i64) -> Result<()> {
        match store::cases::get(self.store.pool(), case_id).await? {
            Some(_) => Ok(()),
            None => Err(Error::not_found(Entity::Case, case_id)),
        }
    }
}

/// The contact, what erasing it takes, the texts to change and the conflicts to drop.
async fn contact_erasure(tx: &mut Tx, contact_id: i64) -> Result<(ContactErasurePreview, Vec<Mention>, Vec<String>)> {
    let contact = store::contacts::get(&mut **tx, contact_id)
        .await?
        .ok_or_else(|| Error::not_found(Entity::Contact, contact_id))?;
    let mentions = mentions_of(tx, &contact).await?;
    let conflicts = conflicts_naming(tx, &contact).await?;
    let cases = sql::cases_with_roles_of(&mut **tx, contact_id).await?;
    let mut bookings: BTreeSet<i64> = sql::bookings_of(&mut **tx, contact_id).await?.into_iter().collect();
    let mut appointments: BTreeSet<i64> = BTreeSet::new();
    let (mut journal, mut other) = (0, 0);
    for m in &mentions {
        match m.text.place.table {
            _ if m.text.place == JOURNAL => journal += 1,
            "bookings" => {
                bookings.insert(m.text.id);
            }
            "appointments" => {
                appointments.insert(m.text.id);
            }
            _ => other += 1,
        }
    }
    let bookings: Vec<i64> = bookings.into_iter().collect();
    let appointments: Vec<i64> = appointments.into_iter().collect();
    let preview = ContactErasurePreview {
        contact_id,
        cases_with_roles: count(cases.len()),
        journal_mentions: journal,
        other_mentions: other,
        bookings: count(bookings.len()),
        appointments: count(appointments.len()),
        calendar_server_items: sql::on_calendar_server(&mut *tx, &bookings, &appointments).await?
            + count(conflicts.len()),
    };
    Ok((preview, mentions, conflicts))
}
