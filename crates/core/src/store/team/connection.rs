//! The one row of `team_connection`: which server, which account, where the next pull starts.

use chrono::{DateTime, Utc};
use sqlx::{Executor, Sqlite};

use crate::domain::TeamConnection;
use crate::store::instant::Instant;
use crate::store::Tx;
use crate::Result;

/// A row of `team_connection`.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct ConnectionRow {
    pub url: String,
    pub user_name: String,
    pub role: String,
    pub reference_prefix: String,
    pub cursor: i64,
    pub last_sync_at: Option<Instant>,
}

impl From<ConnectionRow> for TeamConnection {
    fn from(row: ConnectionRow) -> Self {
        Self {
            url: row.url,
            user: row.user_name,
            lead: row.role == "lead",
            reference_prefix: row.reference_prefix,
            last_sync_at: row.last_sync_at.map(DateTime::<Utc>::from),
        }
    }
}

/// The connection, if the device is part of a team.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Option<ConnectionRow>> {
    Ok(sqlx::query_as!(
        ConnectionRow,
        r#"SELECT url, user_name, role, reference_prefix, cursor, last_sync_at AS "last_sync_at: Instant"
             FROM team_connection WHERE id = 1"#
    )
    .fetch_optional(executor)
    .await?)
}

/// Joins a team (a device joins one team at a time).
pub async fn insert(tx: &mut Tx, url: &str, user: &str, lead: bool, reference_prefix: &str) -> Result<()> {
    let role = if lead { "lead" } else { "advisor" };
    sqlx::query!(
        "INSERT INTO team_connection (id, url, user_name, role, reference_prefix) VALUES (1, ?1, ?2, ?3, ?4)",
        url,
        user,
        role,
        reference_prefix
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Leaves the team: the sync's bookkeeping goes, the records stay.
pub async fn delete(tx: &mut Tx) -> Result<()> {
    sqlx::query!("DELETE FROM team_connection").execute(&mut **tx).await?;
    Ok(())
}

/// Where the next pull starts.
pub async fn set_cursor(tx: &mut Tx, cursor: i64) -> Result<()> {
    sqlx::query!("UPDATE team_connection SET cursor = ?1", cursor)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Silences the outbox triggers (while pulled records are applied) or wakes them.
pub async fn set_applying(tx: &mut Tx, applying: bool) -> Result<()> {
    sqlx::query!("UPDATE team_connection SET applying = ?1", applying)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records that a sync finished.
pub async fn synced(tx: &mut Tx, at: Instant) -> Result<()> {
    sqlx::query!("UPDATE team_connection SET last_sync_at = ?1", at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The prefix of this device's own case references, while it is part of a team.
pub async fn reference_prefix<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT reference_prefix FROM team_connection WHERE id = 1")
            .fetch_optional(executor)
            .await?,
    )
}
