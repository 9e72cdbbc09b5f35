//! Pulled records: staged page by page as they arrive (with the cursor, in one transaction per
//! page, so a pull cut short resumes where it was), then applied in one transaction, parents
//! first and tombstones last, with the outbox triggers silent.
//!
//! A field changed here and not yet on the server (in the outbox, sealed, or in conflict) keeps
//! its local value and the version it was based on: the push decides it, and a conflict shows
//! both. A pulled record that takes the place of a local one with the same natural key (a Kommune
//! by name and Land) adopts that row instead of making a second.

use std::collections::BTreeSet;

use beratungsplaner_team_protocol::{Change, Versions};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::kinds::{Column, Kind, KINDS};
use super::{connection, records, references};
use crate::store::cases::search;
use crate::store::erasure;
use crate::store::instant::Stamp;
use crate::store::Tx;
use crate::{Error, Result};

/// Above this many records the search index is rebuilt once instead of per record.
const BULK: i64 = 200;

fn json_text(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Database(e.to_string()))
}

/// Stages one page of the change feed and moves the cursor past it.
pub async fn stage(tx: &mut Tx, changes: &[Change], cursor: i64) -> Result<()> {
    for change in changes {
        let record = change.id.to_string();
        let fields = change.fields.as_ref().map(json_text).transpose()?;
        let versions = json_text(&change.versions)?;
        sqlx::query!(
            "INSERT INTO team_inbox (record, kind, fields, versions, changed_by, changed_at, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (record) DO UPDATE SET kind = excluded.kind, fields = excluded.fields,
                 versions = excluded.versions, changed_by = excluded.changed_by,
                 changed_at = excluded.changed_at, seq = excluded.seq",
            record,
            change.kind,
            fields,
            versions,
            change.changed_by,
            change.changed_at,
            change.seq
        )
        .execute(&mut **tx)
        .await?;
    }
    connection::set_cursor(tx, cursor).await
}

/// Records staged and not applied yet.
pub async fn staged<'c, E: sqlx::Executor<'c, Database = sqlx::Sqlite>>(executor: E) -> Result<u32> {
    let count = sqlx::query_scalar!(r#"SELECT count(*) AS "count!: i64" FROM team_inbox"#)
        .fetch_one(executor)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

struct Staged {
    record: Uuid,
    seq: i64,
    fields: Option<Map<String, Value>>,
    versions: Versions,
    changed_by: Option<String>,
    changed_at: Option<String>,
}

/// What became of one staged record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landed {
    /// Written into the local copy.
    Applied,
    /// Nothing to do: this device's own change coming back, or already here.
    Known,
    /// Not yet: a record it refers to has not arrived.
    Waits,
}

/// What applying found.
#[derive(Debug, Default)]
pub struct Applied {
    /// Records applied (tombstones included).
    pub applied: u32,
    /// Of which tombstones (deleted or erased elsewhere).
    pub removed: u32,
    /// Records kept for the next sync: one they refer to is not here yet.
    pub waiting: u32,
}

/// Applies every staged record; those that cannot be applied yet stay staged.
pub async fn apply(tx: &mut Tx, own_prefix: &str) -> Result<Applied> {
    let total = sqlx::query_scalar!(r#"SELECT count(*) AS "count!: i64" FROM team_inbox"#)
        .fetch_one(&mut **tx)
        .await?;
    let mut applied = Applied::default();
    if total == 0 {
        return Ok(applied);
    }
    connection::set_applying(tx, true).await?;
    let bulk = total > BULK;
    if bulk {
        search::pause_triggers(tx, true).await?;
    }
    // The cases whose search documents change (a role's person, a journal text): written anew
    // at the end, since the index has no trigger for every such change.
    let mut touched: BTreeSet<i64> = BTreeSet::new();
    for kind in KINDS {
        for staged in staged_of(tx, kind, false).await? {
            let landed = upsert(tx, kind, &staged, own_prefix).await?;
            if landed != Landed::Waits {
                forget_staged(tx, staged.record).await?;
            }
            if landed == Landed::Applied {
                applied.applied += 1;
                if !bulk {
                    touched.extend(case_of(tx, kind, staged.record).await?);
                }
            }
        }
    }
    for kind in KINDS.iter().rev() {
        for staged in staged_of(tx, kind, true).await? {
            if !bulk {
                touched.extend(case_of(tx, kind, staged.record).await?);
            }
            let landed = remove(tx, kind, staged.record).await?;
            if landed != Landed::Waits {
                forget_staged(tx, staged.record).await?;
            }
            if landed == Landed::Applied {
                applied.applied += 1;
                applied.removed += 1;
            }
        }
    }
    if bulk {
        search::rebuild(tx).await?;
        search::pause_triggers(tx, false).await?;
    } else {
        for case_id in touched {
            erasure::reindex_case(tx, case_id).await?;
        }
    }
    if applied.removed > 0 {
        // A contact's search segments hold its name until rebuilt (see migration 0007).
        erasure::rebuild_contact_search(tx).await?;
    }
    connection::set_applying(tx, false).await?;
    applied.waiting = staged(&mut **tx).await?;
    Ok(applied)
}

/// The local case a synced record belongs to (itself, for a case).
async fn case_of(tx: &mut Tx, kind: &Kind, record: Uuid) -> Result<Option<i64>> {
    let (Some(case), Some(mapped)) = (kind.case, records::by_record(&mut **tx, record).await?) else {
        return Ok(None);
    };
    let sql = format!("SELECT {case} FROM {} t WHERE t.id = ?1", kind.table);
    Ok(sqlx::query_scalar(&sql)
        .bind(mapped.local_id)
        .fetch_optional(&mut **tx)
        .await?
        .flatten())
}

async fn staged_of(tx: &mut Tx, kind: &Kind, tombstones: bool) -> Result<Vec<Staged>> {
    let rows = sqlx::query!(
        "SELECT record, fields, versions, changed_by, changed_at, seq FROM team_inbox
          WHERE kind = ?1 AND (fields IS NULL) = ?2 ORDER BY seq",
        kind.name,
        tombstones
    )
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter()
        .map(|row| {
            let bad = |e: String| Error::Database(format!("a staged team record cannot be read: {e}"));
            Ok(Staged {
                record: Uuid::parse_str(&row.record).map_err(|e| bad(e.to_string()))?,
                fields: match row.fields {
                    Some(text) => match serde_json::from_str(&text).map_err(|e| bad(e.to_string()))? {
                        Value::Object(map) => Some(map),
                        _ => None,
                    },
                    None => None,
                },
                versions: serde_json::from_str(&row.versions).map_err(|e| bad(e.to_string()))?,
                changed_by: row.changed_by,
                changed_at: row.changed_at,
                seq: row.seq,
            })
        })
        .collect()
}

async fn forget_staged(tx: &mut Tx, record: Uuid) -> Result<()> {
    let record = record.to_string();
    sqlx::query!("DELETE FROM team_inbox WHERE record = ?1", record)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The SQL value of a pulled field (`?1` is the record's fields as JSON).
pub(super) fn value_sql(name: &str, column: Column) -> String {
    match column {
        Column::Reference(kind) => format!(
            "(SELECT r.local_id FROM team_records r WHERE r.kind = '{kind}' AND r.record = json_extract(?1, '$.\"{name}\"'))"
        ),
        _ => format!("json_extract(?1, '$.\"{name}\"')"),
    }
}

/// SQLite's constraint codes (primary 19, and every extended code built on it).
fn is_constraint(e: &dyn sqlx::error::DatabaseError) -> bool {
    e.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 19)
}

/// Runs `sql` inside a savepoint: `false` (and nothing changed) when a constraint refuses it.
async fn attempt<'q>(
    tx: &mut Tx,
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
) -> Result<bool> {
    sqlx::query("SAVEPOINT team_record").execute(&mut **tx).await?;
    match query.execute(&mut **tx).await {
        Ok(_) => {
            sqlx::query("RELEASE team_record").execute(&mut **tx).await?;
            Ok(true)
        }
        Err(sqlx::Error::Database(e)) if is_constraint(e.as_ref()) => {
            sqlx::query("ROLLBACK TO team_record").execute(&mut **tx).await?;
            sqlx::query("RELEASE team_record").execute(&mut **tx).await?;
            tracing::debug!(code = ?e.code(), "a pulled team record waits");
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// The fields of a local row that hold changes not on the server yet.
async fn pending_fields(tx: &mut Tx, kind: &Kind, local_id: i64) -> Result<BTreeSet<String>> {
    let mut pending = BTreeSet::new();
    let outbox = sqlx::query!(
        "SELECT field FROM team_outbox WHERE kind = ?1 AND local_id = ?2
         UNION ALL SELECT field FROM team_conflicts WHERE kind = ?1 AND local_id = ?2",
        kind.name,
        local_id
    )
    .fetch_all(&mut **tx)
    .await?;
    for row in outbox {
        match row.field {
            Some(field) => {
                pending.insert(field);
            }
            None => pending.extend(kind.fields.iter().map(|f| f.name.to_owned())),
        }
    }
    let sealed = sqlx::query_scalar!(
        "SELECT body FROM team_sealed WHERE kind = ?1 AND local_id = ?2",
        kind.name,
        local_id
    )
    .fetch_all(&mut **tx)
    .await?;
    for body in sealed {
        if let Ok(operation) = serde_json::from_str::<beratungsplaner_team_protocol::Operation>(&body) {
            pending.extend(operation.fields.into_iter().map(|f| f.field));
        }
    }
    Ok(pending)
}

fn stamp_of(changed_at: Option<&str>) -> Stamp {
    changed_at
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .map_or_else(Stamp::now, |at| Stamp::from(at.with_timezone(&Utc)))
}

async fn upsert(tx: &mut Tx, kind: &Kind, staged: &Staged, own_prefix: &str) -> Result<Landed> {
    let Some(fields) = &staged.fields else {
        return Ok(Landed::Known);
    };
    let json = json_text(fields)?;
    let mapped = match records::by_record(&mut **tx, staged.record).await? {
        Some(mapped) => Some(mapped),
        None => match adoptable(tx, kind, &json).await? {
            Some(local_id) => {
                // The same thing made on two devices: the team's record wins, the local copy of
                // it is not pushed as a second one.
                records::insert(tx, kind.name, local_id, staged.record).await?;
                sqlx::query!(
                    "DELETE FROM team_outbox WHERE kind = ?1 AND local_id = ?2",
                    kind.name,
                    local_id
                )
                .execute(&mut **tx)
                .await?;
                records::by_record(&mut **tx, staged.record).await?
            }
            None => None,
        },
    };
    if mapped.as_ref().is_some_and(|m| m.seq >= staged.seq) {
        return Ok(Landed::Known);
    }
    let stamp = stamp_of(staged.changed_at.as_deref());
    let Some(mapped) = mapped else {
        if !insert(tx, kind, &json, stamp, own_prefix).await? {
            return Ok(Landed::Waits);
        }
        let local_id = sqlx::query_scalar!(r#"SELECT last_insert_rowid() AS "id!: i64""#)
            .fetch_one(&mut **tx)
            .await?;
        records::insert(tx, kind.name, local_id, staged.record).await?;
        if kind.fields.iter().any(|f| f.column == Column::CaseTopics) {
            set_case_topics(tx, local_id, &json).await?;
        }
        records::set_versions(tx, staged.record, &staged.versions).await?;
        records::set_changed(
            tx,
            staged.record,
            staged.changed_by.as_deref(),
            staged.changed_at.as_deref(),
        )
        .await?;
        records::set_seq(tx, staged.record, staged.seq).await?;
        return Ok(Landed::Applied);
    };

    let pending = pending_fields(tx, kind, mapped.local_id).await?;
    let mut assignments = Vec::new();
    for field in kind.column_fields() {
        if fields.contains_key(field.name) && !pending.contains(field.name) {
            assignments.push(format!("{} = {}", field.name, value_sql(field.name, field.column)));
        }
    }
    if !assignments.is_empty() {
        let stamped = kind.local_columns.contains(&"updated_at");
        if stamped {
            assignments.push("updated_at = ?3".to_owned());
        }
        let sql = format!("UPDATE {} SET {} WHERE id = ?2", kind.table, assignments.join(", "));
        let query = sqlx::query(&sql).bind(&json).bind(mapped.local_id);
        let query = if stamped { query.bind(stamp) } else { query };
        if !attempt(tx, query).await? {
            return Ok(Landed::Waits);
        }
    }
    if kind.fields.iter().any(|f| f.column == Column::CaseTopics) && !pending.contains("topics") {
        set_case_topics(tx, mapped.local_id, &json).await?;
    }
    settle_conflicts(tx, kind, mapped.local_id, fields, &staged.versions).await?;
    let mut versions = mapped.versions.clone();
    for (field, version) in &staged.versions {
        if !pending.contains(field) {
            versions.insert(field.clone(), *version);
        }
    }
    records::set_versions(tx, staged.record, &versions).await?;
    records::set_changed(
        tx,
        staged.record,
        staged.changed_by.as_deref(),
        staged.changed_at.as_deref(),
    )
    .await?;
    records::set_seq(tx, staged.record, staged.seq).await?;
    Ok(Landed::Applied)
}

/// A conflict the pulled record settles (both sides now hold the same value) goes; the others
/// show the server's newest value.
async fn settle_conflicts(
    tx: &mut Tx,
    kind: &Kind,
    local_id: i64,
    fields: &Map<String, Value>,
    versions: &Versions,
) -> Result<()> {
    let open = sqlx::query_scalar!(
        "SELECT field FROM team_conflicts WHERE kind = ?1 AND local_id = ?2",
        kind.name,
        local_id
    )
    .fetch_all(&mut **tx)
    .await?;
    for field in open {
        let (Some(value), Some(version)) = (fields.get(&field), versions.get(&field)) else {
            continue;
        };
        let text = json_text(value)?;
        sqlx::query!(
            "UPDATE team_conflicts SET server_value = ?4, server_version = ?5
              WHERE kind = ?1 AND local_id = ?2 AND field = ?3 AND server_version <= ?5",
            kind.name,
            local_id,
            field,
            text,
            version
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A local row this pulled record is the same thing as: same natural key, not synced yet.
async fn adoptable(tx: &mut Tx, kind: &Kind, json: &str) -> Result<Option<i64>> {
    if kind.natural_key.is_empty() {
        return Ok(None);
    }
    let conditions: Vec<String> = kind
        .natural_key
        .iter()
        .map(|name| {
            let column = kind
                .fields
                .iter()
                .find(|f| f.name == *name)
                .map_or(Column::Value, |f| f.column);
            format!("t.{name} = {}", value_sql(name, column))
        })
        .collect();
    let sql = format!(
        "SELECT t.id FROM {table} t WHERE {conditions}
            AND NOT EXISTS (SELECT 1 FROM team_records r WHERE r.kind = '{name}' AND r.local_id = t.id)",
        table = kind.table,
        conditions = conditions.join(" AND "),
        name = kind.name
    );
    Ok(sqlx::query_scalar(&sql).bind(json).fetch_optional(&mut **tx).await?)
}

async fn insert(tx: &mut Tx, kind: &Kind, json: &str, stamp: Stamp, own_prefix: &str) -> Result<bool> {
    let mut columns: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    for field in kind.column_fields() {
        columns.push(field.name.to_owned());
        values.push(value_sql(field.name, field.column));
    }
    let stamped = kind.local_columns.contains(&"updated_at");
    if stamped {
        columns.push("updated_at".into());
        values.push("?2".into());
    }
    let numbering = if kind.local_columns.contains(&"reference_number") {
        columns.extend(["reference_year".into(), "reference_number".into()]);
        values.extend(["?3".into(), "?4".into()]);
        let reference = serde_json::from_str::<Value>(json)
            .ok()
            .and_then(|v| v.get("reference").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        Some(references::numbering(tx, &reference, own_prefix).await?)
    } else {
        None
    };
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        kind.table,
        columns.join(", "),
        values.join(", ")
    );
    let query = sqlx::query(&sql).bind(json);
    let query = match (stamped, numbering) {
        (true, Some((year, number))) => query.bind(stamp).bind(year).bind(number),
        (true, None) => query.bind(stamp),
        (false, _) => query,
    };
    attempt(tx, query).await
}

async fn set_case_topics(tx: &mut Tx, case_id: i64, json: &str) -> Result<()> {
    sqlx::query!("DELETE FROM case_topics WHERE case_id = ?1", case_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT OR IGNORE INTO case_topics (case_id, topic_id)
         SELECT ?1, r.local_id FROM json_each(json_extract(?2, '$.topics')) j
           JOIN team_records r ON r.kind = 'topic' AND r.record = j.value",
        case_id,
        json
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Applies a tombstone: the local row goes (erased on another device, or deleted).
async fn remove(tx: &mut Tx, kind: &Kind, record: Uuid) -> Result<Landed> {
    let Some(mapped) = records::by_record(&mut **tx, record).await? else {
        return Ok(Landed::Known);
    };
    let sql = format!("DELETE FROM {} WHERE id = ?1", kind.table);
    if !attempt(tx, sqlx::query(&sql).bind(mapped.local_id)).await? {
        return Ok(Landed::Waits);
    }
    records::forget(tx, kind.name, mapped.local_id).await?;
    Ok(Landed::Applied)
}
