//! `GET /v1/changes?after=CURSOR`: the change feed, one page at a time, in the order of the
//! changes, only what the account may see: the query names the scope, and the transaction runs as
//! the account's role, so row-level security admits nothing else either. A contact is seen through
//! the cases and bookings naming it (`contact_links`), or by the advisor who entered it; a
//! membership as its person; an organisation by everyone.

use axum::extract::{Query, State};
use axum::Json;
use std::collections::HashMap;

use beratungsplaner_team_protocol::{Change, Changes, Versions};
use serde::Deserialize;
use uuid::Uuid;

use super::AppState;
use crate::accounts::{AccountRole, SignedIn};
use crate::db;
use crate::error::ServerError;

const PAGE: i64 = 1_000;

#[derive(Debug, Deserialize)]
pub struct After {
    #[serde(default)]
    after: i64,
}

pub async fn changes(
    State(state): State<AppState>,
    account: SignedIn,
    Query(After { after }): Query<After>,
) -> Result<Json<Changes>, ServerError> {
    let mut tx = db::as_account(&state.pool, &account.db_role).await?;
    let rows = sqlx::query!(
        r#"SELECT id, kind, fields, versions, seq, changed_by, changed_at FROM records
            WHERE seq > $1
              AND ($2
                   OR (kind NOT IN ('contact', 'membership')
                       AND (municipality IS NULL OR municipality = ANY($3) OR case_id = ANY($4)))
                   OR (kind IN ('contact', 'membership')
                       AND (fields IS NULL OR made_by = $6
                            OR (kind = 'contact' AND fields->>'kind' = 'organisation')
                            OR EXISTS (SELECT 1 FROM contact_links l
                                        WHERE l.contact = CASE WHEN kind = 'contact' THEN records.id
                                                               ELSE membership_person(records.fields) END
                                          AND ((l.municipality IS NULL AND l.case_id IS NULL)
                                               OR l.municipality = ANY($3) OR l.case_id = ANY($4))))))
            ORDER BY seq LIMIT $5"#,
        after,
        account.role == AccountRole::Lead,
        &account.municipalities,
        &account.cases,
        PAGE + 1,
        account.id
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let more = rows.len() as i64 > PAGE;
    let rows: Vec<_> = rows.into_iter().take(PAGE as usize).collect();
    let makers: Vec<Uuid> = rows.iter().filter_map(|row| row.changed_by).collect();
    let names = account_names(&state, &makers).await?;
    let changes: Vec<Change> = rows
        .into_iter()
        .map(|row| Change {
            id: row.id,
            kind: row.kind,
            fields: match row.fields {
                Some(serde_json::Value::Object(map)) => Some(map),
                _ => None,
            },
            versions: match row.versions {
                serde_json::Value::Object(map) => map
                    .into_iter()
                    .filter_map(|(field, v)| Some((field, v.as_i64()?)))
                    .collect(),
                _ => Versions::new(),
            },
            seq: row.seq,
            changed_by: row.changed_by.and_then(|id| names.get(&id).cloned()),
            changed_at: Some(row.changed_at.to_rfc3339()),
        })
        .collect();
    let cursor = changes.last().map_or(after, |c| c.seq);
    tracing::debug!(account = %account.id, after, changes = changes.len(), more, "changes pulled");
    Ok(Json(Changes { changes, cursor, more }))
}

/// The names of the accounts that made these changes. Read by the server's own role: the
/// accounts' roles cannot read the accounts table (it holds the password hashes).
async fn account_names(state: &AppState, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, ServerError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let rows = sqlx::query!("SELECT id, name FROM accounts WHERE id = ANY($1)", &unique)
        .fetch_all(&state.pool)
        .await?;
    Ok(rows.into_iter().map(|row| (row.id, row.name)).collect())
}
