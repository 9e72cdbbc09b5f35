//! The advisor's scope as this device last saw it: a Kommune taken out of it is purged from the
//! device (it may no longer be seen here), and a Kommune added to it is pulled from the start of
//! the change feed (its records changed before, when the feed still left them out).

use std::collections::BTreeSet;

use uuid::Uuid;

use super::kinds::KINDS;
use super::{connection, records};
use crate::store::{erasure, Tx};
use crate::{Error, Result};

/// What the server says the account sees: everything (a lead), or these Kommunen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole team.
    Everything,
    /// These Kommunen (and team-wide records).
    Municipalities(BTreeSet<Uuid>),
}

impl Scope {
    fn stored(&self) -> Result<String> {
        match self {
            Self::Everything => Ok("*".to_owned()),
            Self::Municipalities(set) => serde_json::to_string(set).map_err(|e| Error::Database(e.to_string())),
        }
    }

    fn parse(text: &str) -> Option<Self> {
        if text == "*" {
            return Some(Self::Everything);
        }
        serde_json::from_str(text).ok().map(Self::Municipalities)
    }
}

/// Whether `after` shows a Kommune `before` did not and this device does not have: one it made
/// itself joined the scope with its push and needs no pull from the start.
async fn widened(tx: &mut Tx, before: &Scope, after: &Scope) -> Result<bool> {
    match (before, after) {
        (Scope::Everything, _) => Ok(false),
        (Scope::Municipalities(_), Scope::Everything) => Ok(true),
        (Scope::Municipalities(mine), Scope::Municipalities(theirs)) => {
            for added in theirs.difference(mine) {
                if records::by_record(&mut **tx, *added).await?.is_none() {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

/// What changed with the new scope.
#[derive(Debug, Default)]
pub struct Rescoped {
    /// Kommunen purged from the device.
    pub purged: u32,
    /// The scope grew: the next pull starts from the beginning.
    pub widened: bool,
}

/// Takes the account's scope in: purges the Kommunen that left it, restarts the pull when it grew.
pub async fn rescope(tx: &mut Tx, scope: &Scope) -> Result<Rescoped> {
    let stored: Option<String> = sqlx::query_scalar!("SELECT scope FROM team_connection WHERE id = 1")
        .fetch_optional(&mut **tx)
        .await?
        .flatten();
    let before = stored.as_deref().and_then(Scope::parse);
    let mut rescoped = Rescoped::default();
    if let Some(before) = &before {
        if widened(tx, before, scope).await? {
            connection::set_cursor(tx, 0).await?;
            rescoped.widened = true;
        }
    }
    if let Scope::Municipalities(visible) = scope {
        rescoped.purged = purge(tx, visible).await?;
    }
    let text = scope.stored()?;
    sqlx::query!("UPDATE team_connection SET scope = ?1", text)
        .execute(&mut **tx)
        .await?;
    Ok(rescoped)
}

/// Removes every Kommune the team knows and the account no longer sees, with what hangs off it,
/// as an erasure of the Kommune would (without recording one: it is not gone from the team).
async fn purge(tx: &mut Tx, visible: &BTreeSet<Uuid>) -> Result<u32> {
    // Only Kommunen the server has confirmed: a new one waiting for its first push is the
    // advisor's own and joins their scope with that push.
    let known =
        sqlx::query!("SELECT local_id, record FROM team_records WHERE kind = 'municipality' AND versions <> '{}'")
            .fetch_all(&mut **tx)
            .await?;
    let leaving: Vec<i64> = known
        .into_iter()
        .filter(|row| Uuid::parse_str(&row.record).is_ok_and(|id| !visible.contains(&id)))
        .map(|row| row.local_id)
        .collect();
    if leaving.is_empty() {
        return Ok(0);
    }
    connection::set_applying(tx, true).await?;
    for &municipality in &leaving {
        forget_rows_of(tx, municipality).await?;
        let cases = sqlx::query_scalar!("SELECT id FROM cases WHERE municipality_id = ?1", municipality)
            .fetch_all(&mut **tx)
            .await?;
        let named = contacts_named_in(tx, municipality).await?;
        erasure::delete_records(tx, &cases, Some(municipality)).await?;
        purge_contacts(tx, &named).await?;
    }
    connection::set_applying(tx, false).await?;
    Ok(u32::try_from(leaving.len()).unwrap_or(u32::MAX))
}

/// The contacts the Kommune's cases and bookings name.
async fn contacts_named_in(tx: &mut Tx, municipality: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT cc.contact_id AS "id!" FROM case_contacts cc JOIN cases c ON c.id = cc.case_id
            WHERE c.municipality_id = ?1 AND cc.contact_id IS NOT NULL
           UNION
           SELECT b.contact_id AS "id!" FROM bookings b WHERE b.municipality_id = ?1 AND b.contact_id IS NOT NULL"#,
        municipality
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// The team shows a person only through the cases naming them: those named by nothing left on
/// the device leave it too, unless a change of theirs waits here (the advisor's own work).
async fn purge_contacts(tx: &mut Tx, named: &[i64]) -> Result<()> {
    for &contact in named {
        let still_named = sqlx::query_scalar!(
            r#"SELECT (EXISTS (SELECT 1 FROM case_contacts WHERE contact_id = ?1)
                      OR EXISTS (SELECT 1 FROM bookings WHERE contact_id = ?1)
                      OR EXISTS (SELECT 1 FROM team_outbox WHERE kind = 'contact' AND local_id = ?1)
                      OR EXISTS (SELECT 1 FROM team_sealed WHERE kind = 'contact' AND local_id = ?1)) AS "kept!: bool""#,
            contact
        )
        .fetch_one(&mut **tx)
        .await?;
        if still_named {
            continue;
        }
        for table in ["team_records", "team_conflicts"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE kind = 'contact' AND local_id = ?1"))
                .bind(contact)
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query!("DELETE FROM contacts WHERE id = ?1", contact)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Drops the sync's bookkeeping of every synced row of the Kommune (before the rows go): its ids,
/// changes waiting and conflicts, which the server would refuse now anyway.
async fn forget_rows_of(tx: &mut Tx, municipality: i64) -> Result<()> {
    for kind in KINDS {
        let Some(of_row) = kind.municipality else {
            continue;
        };
        for table in ["team_records", "team_outbox", "team_conflicts", "team_sealed"] {
            let sql = format!(
                "DELETE FROM {table} WHERE kind = '{name}'
                    AND local_id IN (SELECT t.id FROM {local} t WHERE {of_row} = ?1)",
                name = kind.name,
                local = kind.table
            );
            sqlx::query(&sql).bind(municipality).execute(&mut **tx).await?;
        }
    }
    Ok(())
}
