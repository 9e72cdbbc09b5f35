//! The audit trail's records (`audit_log`): appended inside the caller's transaction, chained to
//! the newest record there, so that two writers cannot fork the chain (`BEGIN IMMEDIATE`).

use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{
    chain_hash, AuditAction, AuditEntry, AuditRecord, AuditSubjectKind, ChainedFields, StoredLink, GENESIS_HASH,
};
use crate::{Error, Result};

/// A row of `audit_log` as the trail shows it.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct AuditRow {
    pub id: i64,
    pub at: Stamp,
    pub action: AuditAction,
    pub subject_kind: Option<AuditSubjectKind>,
    pub subject_id: Option<i64>,
    pub detail: String,
    pub hash: String,
}

impl TryFrom<AuditRow> for AuditRecord {
    type Error = Error;
    fn try_from(row: AuditRow) -> Result<Self> {
        Ok(AuditRecord {
            id: row.id,
            at: row.at.into(),
            action: row.action,
            subject_kind: row.subject_kind,
            subject_id: row.subject_id,
            detail: row.detail,
            hash: row.hash,
        })
    }
}

/// Appends `entry` at `at` as the newest record.
pub async fn append(tx: &mut Tx, entry: &AuditEntry, at: Stamp) -> Result<AuditRecord> {
    let newest = sqlx::query!(r#"SELECT id AS "id!", hash FROM audit_log ORDER BY id DESC LIMIT 1"#)
        .fetch_optional(&mut **tx)
        .await?;
    let (id, prev_hash) = match newest {
        Some(newest) => (newest.id + 1, newest.hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let at_text = at.text();
    let subject_kind = entry.subject.map(|(kind, _)| kind);
    let subject_id = entry.subject.map(|(_, id)| id);
    let hash = chain_hash(
        &prev_hash,
        &ChainedFields {
            id,
            at: &at_text,
            action: entry.action.as_str(),
            subject_kind: subject_kind.map(AuditSubjectKind::as_str),
            subject_id,
            detail: &entry.detail,
        },
    );
    sqlx::query!(
        "INSERT INTO audit_log (id, at, action, subject_kind, subject_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        id,
        at,
        entry.action,
        subject_kind,
        subject_id,
        entry.detail,
        prev_hash,
        hash
    )
    .execute(&mut **tx)
    .await?;
    Ok(AuditRecord {
        id,
        at: at.into(),
        action: entry.action,
        subject_kind,
        subject_id,
        detail: entry.detail.clone(),
        hash,
    })
}

/// The newest `limit` records, newest first.
pub async fn newest<'c, E: Executor<'c, Database = Sqlite>>(executor: E, limit: i64) -> Result<Vec<AuditRecord>> {
    sqlx::query_as!(
        AuditRow,
        r#"SELECT id, at AS "at: Stamp", action AS "action: AuditAction",
                  subject_kind AS "subject_kind: AuditSubjectKind", subject_id, detail, hash
             FROM audit_log ORDER BY id DESC LIMIT ?1"#,
        limit
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(AuditRecord::try_from)
    .collect()
}

/// Every record in chain order, its texts exactly as stored, for checking the chain.
pub async fn links<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<StoredLink>> {
    Ok(sqlx::query_as!(
        StoredLink,
        "SELECT id, at, action, subject_kind, subject_id, detail, prev_hash, hash FROM audit_log ORDER BY id"
    )
    .fetch_all(executor)
    .await?)
}
