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
use super::{connection, outbox, records, references};
use crate::store::cases::search;
use crate::store::erasure;
use crate::store::instant::Stamp;
use crate::store::Tx;
use crate::{Error, Result};

/// Above this many records the search index is rebuilt once instead of per record.
const BULK: i64 = 200;
/// The page cache while many records are applied (KiB).
const BULK_CACHE_KIB: i64 = 256 * 1024;

fn json_text(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Database(e.to_string()))
}

/// Stages one page of the change feed and moves the cursor past it: one statement for the page
/// (SQLite reads the page's JSON itself), since a first sync stages a hundred thousand records.
pub async fn stage(tx: &mut Tx, changes: &[Change], cursor: i64) -> Result<()> {
    let page = json_text(&changes)?;
    sqlx::query!(
        "INSERT INTO team_inbox (record, kind, fields, versions, changed_by, changed_at, seq)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.kind'), json_extract(value, '$.fields'),
                coalesce(json_extract(value, '$.versions'), '{}'), json_extract(value, '$.changed_by'),
                json_extract(value, '$.changed_at'), json_extract(value, '$.seq')
           FROM json_each(?1) WHERE true
         ON CONFLICT (record) DO UPDATE SET kind = excluded.kind, fields = excluded.fields,
             versions = excluded.versions, changed_by = excluded.changed_by,
             changed_at = excluded.changed_at, seq = excluded.seq",
        page
    )
    .execute(&mut **tx)
    .await?;
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
    /// The fields as JSON, `None` for a tombstone.
    fields: Option<String>,
    versions: Versions,
    changed_by: Option<String>,
    changed_at: Option<String>,
    /// What this device already knows of the record.
    mapped: Option<records::Mapped>,
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
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut **tx).await?;
    if bulk {
        search::pause_triggers(tx, true).await?;
        // A first sync writes a hundred thousand rows into indexes keyed by random ids: with
        // the connection's usual page cache each insert would decrypt and encrypt pages anew.
        sqlx::query(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))
            .execute(&mut **tx)
            .await?;
    }
    // The cases whose search documents change (a role's person, a journal text): written anew
    // at the end, since the index has no trigger for every such change.
    let mut touched: BTreeSet<i64> = BTreeSet::new();
    let mut waiting: Vec<String> = Vec::new();
    for kind in KINDS {
        if bulk {
            applied.applied += insert_new_in_bulk(tx, kind).await?;
        }
        for staged in staged_of(tx, kind, false).await? {
            match upsert(tx, kind, &staged, own_prefix).await? {
                Landed::Waits => waiting.push(staged.record.to_string()),
                Landed::Known => {}
                Landed::Applied => {
                    applied.applied += 1;
                    if !bulk {
                        touched.extend(case_of(tx, kind, staged.record).await?);
                    }
                }
            }
        }
    }
    for kind in KINDS.iter().rev() {
        for staged in staged_of(tx, kind, true).await? {
            if !bulk {
                touched.extend(case_of(tx, kind, staged.record).await?);
            }
            match remove(tx, kind, staged.record).await? {
                Landed::Waits => waiting.push(staged.record.to_string()),
                Landed::Known => {}
                Landed::Applied => {
                    applied.applied += 1;
                    applied.removed += 1;
                }
            }
        }
    }
    forget_staged(tx, &waiting).await?;
    if bulk {
        search::rebuild(tx).await?;
        search::pause_triggers(tx, false).await?;
        sqlx::query(&format!("PRAGMA cache_size = {cache}"))
            .execute(&mut **tx)
            .await?;
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
        r#"SELECT i.record, i.fields, i.versions, i.changed_by, i.changed_at, i.seq,
                  r.local_id AS "local_id?: i64", r.versions AS "known_versions?: String",
                  r.seq AS "known_seq?: i64"
             FROM team_inbox i LEFT JOIN team_records r ON r.record = i.record
            WHERE i.kind = ?1 AND (i.fields IS NULL) = ?2 ORDER BY i.seq"#,
        kind.name,
        tombstones
    )
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter()
        .map(|row| {
            let bad = |e: String| Error::Database(format!("a staged team record cannot be read: {e}"));
            let record = Uuid::parse_str(&row.record).map_err(|e| bad(e.to_string()))?;
            let mapped = match (row.local_id, row.known_versions, row.known_seq) {
                (Some(local_id), Some(versions), Some(seq)) => Some(records::Mapped {
                    kind: kind.name.to_owned(),
                    local_id,
                    record,
                    versions: serde_json::from_str(&versions).map_err(|e| bad(e.to_string()))?,
                    seq,
                }),
                _ => None,
            };
            Ok(Staged {
                record,
                fields: row.fields,
                versions: serde_json::from_str(&row.versions).map_err(|e| bad(e.to_string()))?,
                changed_by: row.changed_by,
                changed_at: row.changed_at,
                seq: row.seq,
                mapped,
            })
        })
        .collect()
}

/// Inserts the staged records of a kind that are new here, all at once: a first sync brings a
/// hundred thousand journal entries, and a statement per record would cost most of its time. Only
/// for kinds without a natural key and without local columns to compute (not Kommunen, topics or
/// cases); a record whose references are not here yet is left for the record-by-record path,
/// which keeps it waiting. Returns how many were inserted.
async fn insert_new_in_bulk(tx: &mut Tx, kind: &Kind) -> Result<u32> {
    let simple = kind.natural_key.is_empty()
        && kind.local_columns.iter().all(|c| *c == "updated_at")
        && kind.fields.iter().all(|f| f.column != Column::CaseTopics);
    if !simple {
        return Ok(0);
    }
    let resolvable: Vec<String> = kind
        .column_fields()
        .filter_map(|f| match f.column {
            Column::Reference(of) => Some(format!(
                "(json_extract(i.fields, '$.\"{name}\"') IS NULL OR EXISTS (SELECT 1 FROM team_records r \
                   WHERE r.kind = '{of}' AND r.record = json_extract(i.fields, '$.\"{name}\"')))",
                name = f.name
            )),
            _ => None,
        })
        .collect();
    let condition = if resolvable.is_empty() {
        String::new()
    } else {
        format!("AND {}", resolvable.join(" AND "))
    };
    sqlx::query(
        "CREATE TEMP TABLE IF NOT EXISTS team_batch (
             local_id INTEGER PRIMARY KEY, record TEXT NOT NULL, fields TEXT NOT NULL, versions TEXT NOT NULL,
             seq INTEGER NOT NULL, changed_by TEXT, changed_at TEXT)",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM temp.team_batch").execute(&mut **tx).await?;
    let table = kind.table;
    let sql = format!(
        "INSERT INTO temp.team_batch (local_id, record, fields, versions, seq, changed_by, changed_at)
         SELECT (SELECT coalesce(max(id), 0) FROM {table}) + row_number() OVER (ORDER BY i.seq),
                i.record, i.fields, i.versions, i.seq, i.changed_by, i.changed_at
           FROM team_inbox i
          WHERE i.kind = ?1 AND i.fields IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM team_records r WHERE r.record = i.record) {condition}"
    );
    sqlx::query(&sql).bind(kind.name).execute(&mut **tx).await?;
    let mut columns = vec!["id".to_owned()];
    let mut values = vec!["b.local_id".to_owned()];
    for field in kind.column_fields() {
        columns.push(field.name.to_owned());
        values.push(value_sql_from("b.fields", field.name, field.column));
    }
    if kind.local_columns.contains(&"updated_at") {
        columns.push("updated_at".into());
        // The store's stamp form (`YYYY-MM-DDTHH:MM:SS.mmmZ`), from the team's time of the change.
        values.push(
            "coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', b.changed_at), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))".into(),
        );
    }
    // OR IGNORE: a row a constraint refuses (a field missing, say) is left out, and stays staged.
    let sql = format!(
        "INSERT OR IGNORE INTO {table} ({}) SELECT {} FROM temp.team_batch b ORDER BY b.local_id",
        columns.join(", "),
        values.join(", ")
    );
    sqlx::query(&sql).execute(&mut **tx).await?;
    let sql = format!("DELETE FROM temp.team_batch WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = local_id)");
    sqlx::query(&sql).execute(&mut **tx).await?;
    sqlx::query(
        "INSERT INTO team_records (kind, local_id, record, versions, seq, changed_by, changed_at)
         SELECT ?1, local_id, record, versions, seq, changed_by, changed_at FROM temp.team_batch",
    )
    .bind(kind.name)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM team_inbox WHERE record IN (SELECT record FROM temp.team_batch)")
        .execute(&mut **tx)
        .await?;
    let inserted: i64 = sqlx::query_scalar("SELECT count(*) FROM temp.team_batch")
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM temp.team_batch").execute(&mut **tx).await?;
    Ok(u32::try_from(inserted).unwrap_or(u32::MAX))
}

/// Removes every staged record but those that wait for the next sync.
async fn forget_staged(tx: &mut Tx, waiting: &[String]) -> Result<()> {
    let waiting = json_text(&waiting)?;
    sqlx::query!(
        "DELETE FROM team_inbox WHERE record NOT IN (SELECT value FROM json_each(?1))",
        waiting
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The SQL value of a pulled field (`?1` is the record's fields as JSON).
pub(super) fn value_sql(name: &str, column: Column) -> String {
    value_sql_from("?1", name, column)
}

/// The SQL value of a pulled field read from the JSON in `source` (a parameter or a column).
fn value_sql_from(source: &str, name: &str, column: Column) -> String {
    match column {
        Column::Reference(kind) => format!(
            "(SELECT r.local_id FROM team_records r WHERE r.kind = '{kind}' AND r.record = json_extract({source}, '$.\"{name}\"'))"
        ),
        _ => format!("json_extract({source}, '$.\"{name}\"')"),
    }
}

/// SQLite's constraint codes (primary 19, and every extended code built on it).
fn is_constraint(e: &dyn sqlx::error::DatabaseError) -> bool {
    e.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 19)
}

/// Runs a statement: `false` when a constraint refuses it. SQLite then backs out that statement
/// alone (its triggers' writes included) and the transaction goes on, so no savepoint is needed.
async fn attempt<'q>(
    tx: &mut Tx,
    query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
) -> Result<bool> {
    match query.execute(&mut **tx).await {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if is_constraint(e.as_ref()) => {
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
    let Some(json) = &staged.fields else {
        return Ok(Landed::Known);
    };
    let json = json.as_str();
    let mapped = match staged.mapped.clone() {
        Some(mapped) => Some(mapped),
        None => match adoptable(tx, kind, json).await? {
            Some(local_id) => {
                // The same thing made on two devices: the team's record wins, the local copy of
                // it is not pushed as a second one.
                records::insert(tx, kind.name, local_id, staged.record).await?;
                outbox::forget_row(tx, kind.name, local_id).await?;
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
        let Some(local_id) = insert(tx, kind, json, stamp, own_prefix).await? else {
            return Ok(Landed::Waits);
        };
        records::insert_pulled(
            tx,
            kind.name,
            local_id,
            staged.record,
            &records::Pulled {
                versions: &staged.versions,
                seq: staged.seq,
                changed_by: staged.changed_by.as_deref(),
                changed_at: staged.changed_at.as_deref(),
            },
        )
        .await?;
        if kind.fields.iter().any(|f| f.column == Column::CaseTopics) {
            set_case_topics(tx, local_id, json).await?;
        }
        return Ok(Landed::Applied);
    };

    let fields: Map<String, Value> = match serde_json::from_str(json) {
        Ok(Value::Object(map)) => map,
        _ => return Err(Error::Database("a staged team record's fields cannot be read".into())),
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
        let query = sqlx::query(&sql).bind(json).bind(mapped.local_id);
        let query = if stamped { query.bind(stamp) } else { query };
        if !attempt(tx, query).await? {
            return Ok(Landed::Waits);
        }
    }
    if kind.fields.iter().any(|f| f.column == Column::CaseTopics) && !pending.contains("topics") {
        set_case_topics(tx, mapped.local_id, json).await?;
    }
    settle_conflicts(tx, kind, mapped.local_id, &fields, &staged.versions).await?;
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

/// Inserts a pulled record's row; its local id, or `None` when a constraint refuses it.
async fn insert(tx: &mut Tx, kind: &Kind, json: &str, stamp: Stamp, own_prefix: &str) -> Result<Option<i64>> {
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
        "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
        kind.table,
        columns.join(", "),
        values.join(", ")
    );
    let query = sqlx::query_scalar::<_, i64>(&sql).bind(json);
    let query = match (stamped, numbering) {
        (true, Some((year, number))) => query.bind(stamp).bind(year).bind(number),
        (true, None) => query.bind(stamp),
        (false, _) => query,
    };
    match query.fetch_one(&mut **tx).await {
        Ok(id) => Ok(Some(id)),
        Err(sqlx::Error::Database(e)) if is_constraint(e.as_ref()) => {
            tracing::debug!(code = ?e.code(), "a pulled team record waits");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn set_case_topics(tx: &mut Tx, case_id: i64, json: &str) -> Result<()> {
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
