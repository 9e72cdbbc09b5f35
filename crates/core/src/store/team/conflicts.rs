//! The conflicts the advisor decides: a field changed here and on the server since their common
//! version, both values kept until the decision.

use sqlx::{Executor, Sqlite};

use super::kinds::{self, Column, Kind};
use super::{connection, records};
use crate::domain::{TeamConflict, TeamDecision};
use crate::store::Tx;
use crate::{Error, Result};

/// A conflict as stored.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct ConflictRow {
    pub kind: String,
    pub local_id: i64,
    pub field: String,
    pub server_value: String,
    pub server_version: i64,
}

/// Open conflicts.
pub async fn count<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<u32> {
    let count = sqlx::query_scalar!(r#"SELECT count(*) AS "count!: i64" FROM team_conflicts"#)
        .fetch_one(executor)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// A JSON value as the advisor reads it.
fn shown(json: &str) -> Option<String> {
    match serde_json::from_str::<serde_json::Value>(json).ok()? {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    }
}

/// What the row is, for the list, and its case.
fn label_sql(kind: &Kind) -> String {
    let case = kind.case.unwrap_or("NULL");
    format!(
        "SELECT {label}, {case}, CAST(json_extract({fields}, '$.\"' || ?2 || '\"') AS TEXT) FROM {table} t WHERE t.id = ?1",
        label = kind.label,
        fields = kind.fields_json(),
        table = kind.table
    )
}

/// The open conflicts, with both values.
pub async fn list(tx: &mut Tx) -> Result<Vec<TeamConflict>> {
    let rows = sqlx::query_as!(
        ConflictRow,
        "SELECT kind, local_id, field, server_value, server_version FROM team_conflicts ORDER BY found_at, kind, local_id, field"
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut conflicts = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = kinds::kind(&row.kind) else {
            continue;
        };
        let found: Option<(String, Option<i64>, Option<String>)> = sqlx::query_as(&label_sql(kind))
            .bind(row.local_id)
            .bind(&row.field)
            .fetch_optional(&mut **tx)
            .await?;
        let Some((label, case_id, mine)) = found else {
            continue;
        };
        let changed_by = records::changed(&mut **tx, kind.name, row.local_id)
            .await?
            .map(|(by, _)| by);
        conflicts.push(TeamConflict {
            kind: row.kind,
            local_id: row.local_id,
            field: row.field,
            case_id,
            label,
            mine,
            theirs: shown(&row.server_value),
            changed_by,
        });
    }
    Ok(conflicts)
}

/// Carries out the advisor's decision: their value goes to the server with the next push (based
/// on the version they were shown), or the server's value replaces theirs.
pub async fn decide(tx: &mut Tx, kind: &str, local_id: i64, field: &str, decision: TeamDecision) -> Result<bool> {
    let Some(row) = sqlx::query_as!(
        ConflictRow,
        "SELECT kind, local_id, field, server_value, server_version FROM team_conflicts
          WHERE kind = ?1 AND local_id = ?2 AND field = ?3",
        kind,
        local_id,
        field
    )
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(false);
    };
    let (Some(kind), Some(mapped)) = (kinds::kind(kind), records::by_local(&mut **tx, kind, local_id).await?) else {
        return Ok(false);
    };
    let Some(column) = kind.fields.iter().find(|f| f.name == row.field).map(|f| f.column) else {
        return Ok(false);
    };
    sqlx::query!(
        "DELETE FROM team_conflicts WHERE kind = ?1 AND local_id = ?2 AND field = ?3",
        row.kind,
        local_id,
        row.field
    )
    .execute(&mut **tx)
    .await?;
    let mut versions = mapped.versions;
    versions.insert(row.field.clone(), row.server_version);
    records::set_versions(tx, mapped.record, &versions).await?;
    match decision {
        TeamDecision::KeepMine => {
            sqlx::query!(
                "INSERT INTO team_outbox (kind, local_id, field) VALUES (?1, ?2, ?3)",
                row.kind,
                local_id,
                row.field
            )
            .execute(&mut **tx)
            .await?;
        }
        TeamDecision::TakeTheirs => {
            let value = format!("{{\"{}\": {}}}", row.field, row.server_value);
            connection::set_applying(tx, true).await?;
            match column {
                Column::CaseTopics => super::inbox::set_case_topics(tx, local_id, &value).await?,
                column => {
                    let sql = format!(
                        "UPDATE {} SET {} = {} WHERE id = ?2",
                        kind.table,
                        row.field,
                        super::inbox::value_sql(&row.field, column)
                    );
                    sqlx::query(&sql)
                        .bind(&value)
                        .bind(local_id)
                        .execute(&mut **tx)
                        .await
                        .map_err(|e| match e {
                            sqlx::Error::Database(e) => Error::conflict(
                                "Der Wert vom Server passt nicht mehr zu diesem Eintrag.",
                                format!("the server's value no longer fits this record: {}", e.message()),
                            ),
                            e => e.into(),
                        })?;
                }
            }
            connection::set_applying(tx, false).await?;
        }
    }
    Ok(true)
}
