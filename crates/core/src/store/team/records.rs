//! `team_records`: each synced row's global id beside its local id, the version of each field this
//! device last saw, and who changed the record last.

use beratungsplaner_team_protocol::Versions;
use sqlx::{Executor, Sqlite};
use uuid::Uuid;

use crate::store::Tx;
use crate::{Error, Result};

/// What this device knows of one synced row.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct Mapped {
    pub kind: String,
    pub local_id: i64,
    pub record: Uuid,
    pub versions: Versions,
    /// The server's change number of the record as this device last knew it.
    pub seq: i64,
}

struct MappedRow {
    kind: String,
    local_id: i64,
    record: String,
    versions: String,
    seq: i64,
}

impl TryFrom<MappedRow> for Mapped {
    type Error = Error;
    fn try_from(row: MappedRow) -> Result<Self> {
        Ok(Self {
            record: Uuid::parse_str(&row.record)
                .map_err(|e| Error::Database(format!("team_records holds a bad record id: {e}")))?,
            versions: serde_json::from_str(&row.versions)
                .map_err(|e| Error::Database(format!("team_records holds bad versions: {e}")))?,
            kind: row.kind,
            local_id: row.local_id,
            seq: row.seq,
        })
    }
}

/// The row of this kind and local id.
pub async fn by_local<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    kind: &str,
    local_id: i64,
) -> Result<Option<Mapped>> {
    sqlx::query_as!(
        MappedRow,
        "SELECT kind, local_id, record, versions, seq FROM team_records WHERE kind = ?1 AND local_id = ?2",
        kind,
        local_id
    )
    .fetch_optional(executor)
    .await?
    .map(Mapped::try_from)
    .transpose()
}

/// The row of this global id.
pub async fn by_record<'c, E: Executor<'c, Database = Sqlite>>(executor: E, record: Uuid) -> Result<Option<Mapped>> {
    let record = record.to_string();
    sqlx::query_as!(
        MappedRow,
        "SELECT kind, local_id, record, versions, seq FROM team_records WHERE record = ?1",
        record
    )
    .fetch_optional(executor)
    .await?
    .map(Mapped::try_from)
    .transpose()
}

/// Gives a local row its global id.
pub async fn insert(tx: &mut Tx, kind: &str, local_id: i64, record: Uuid) -> Result<()> {
    let record = record.to_string();
    sqlx::query!(
        "INSERT INTO team_records (kind, local_id, record) VALUES (?1, ?2, ?3)",
        kind,
        local_id,
        record
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A pulled record's row here, with everything known of it (one statement: a first sync writes
/// one per record).
pub async fn insert_pulled(tx: &mut Tx, kind: &str, local_id: i64, record: Uuid, pulled: &Pulled<'_>) -> Result<()> {
    let record = record.to_string();
    let versions = serde_json::to_string(pulled.versions).map_err(|e| Error::Database(e.to_string()))?;
    sqlx::query!(
        "INSERT INTO team_records (kind, local_id, record, versions, seq, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        kind,
        local_id,
        record,
        versions,
        pulled.seq,
        pulled.changed_by,
        pulled.changed_at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a pulled record says of itself besides its fields.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct Pulled<'a> {
    pub versions: &'a Versions,
    pub seq: i64,
    pub changed_by: Option<&'a str>,
    pub changed_at: Option<&'a str>,
}

/// The versions this device now bases its changes on.
pub async fn set_versions(tx: &mut Tx, record: Uuid, versions: &Versions) -> Result<()> {
    let record = record.to_string();
    let versions = serde_json::to_string(versions).map_err(|e| Error::Database(e.to_string()))?;
    sqlx::query!(
        "UPDATE team_records SET versions = ?2 WHERE record = ?1",
        record,
        versions
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The server's change number the record now has here (a pull skips what is not newer).
pub async fn set_seq(tx: &mut Tx, record: Uuid, seq: i64) -> Result<()> {
    let record = record.to_string();
    sqlx::query!(
        "UPDATE team_records SET seq = max(seq, ?2) WHERE record = ?1",
        record,
        seq
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Who changed the record last on the team, and when (RFC 3339).
pub async fn set_changed(tx: &mut Tx, record: Uuid, by: Option<&str>, at: Option<&str>) -> Result<()> {
    let record = record.to_string();
    sqlx::query!(
        "UPDATE team_records SET changed_by = ?2, changed_at = ?3 WHERE record = ?1",
        record,
        by,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets a row that is gone here and on the server, and whatever the sync held for it.
pub async fn forget(tx: &mut Tx, kind: &str, local_id: i64) -> Result<()> {
    sqlx::query!(
        "DELETE FROM team_records WHERE kind = ?1 AND local_id = ?2",
        kind,
        local_id
    )
    .execute(&mut **tx)
    .await?;
    super::outbox::forget_row(tx, kind, local_id).await?;
    sqlx::query!(
        "DELETE FROM team_conflicts WHERE kind = ?1 AND local_id = ?2",
        kind,
        local_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Who changed a record last on the team: (account, RFC 3339 instant).
pub async fn changed<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    kind: &str,
    local_id: i64,
) -> Result<Option<(String, String)>> {
    let row = sqlx::query!(
        "SELECT changed_by, changed_at FROM team_records WHERE kind = ?1 AND local_id = ?2",
        kind,
        local_id
    )
    .fetch_optional(executor)
    .await?;
    Ok(row.and_then(|row| Some((row.changed_by?, row.changed_at?))))
}
