//! `GET /v1/changes?after=CURSOR`: the change feed, one page at a time, in the order of the
//! changes, only what the account may see: the query names the scope, and the transaction runs as
//! the account's role, so row-level security admits nothing else either.

use axum::extract::{Query, State};
use axum::Json;
use beratungsplaner_team_protocol::{Change, Changes};
use serde::Deserialize;

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
        r#"SELECT id, kind, fields, seq FROM records
            WHERE seq > $1
              AND ($2 OR municipality IS NULL OR municipality = ANY($3) OR case_id = ANY($4))
            ORDER BY seq LIMIT $5"#,
        after,
        account.role == AccountRole::Lead,
        &account.municipalities,
        &account.cases,
        PAGE + 1
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let more = rows.len() as i64 > PAGE;
    let changes: Vec<Change> = rows
        .into_iter()
        .take(PAGE as usize)
        .map(|row| Change {
            id: row.id,
            kind: row.kind,
            fields: match row.fields {
                Some(serde_json::Value::Object(map)) => Some(map),
                _ => None,
            },
            seq: row.seq,
        })
        .collect();
    let cursor = changes.last().map_or(after, |c| c.seq);
    tracing::debug!(account = %account.id, after, changes = changes.len(), more, "changes pulled");
    Ok(Json(Changes { changes, cursor, more }))
}
