//! From the outbox to operations: sealing fixes each operation's id and content before it is
//! pushed (a push cut short repeats the same operations, which the server answers as the first
//! time), and settling takes the server's answers in.

use std::collections::{BTreeSet, HashMap, HashSet};

use beratungsplaner_team_protocol::{FieldChange, Operation, Outcome, Refusal, Versions};
use serde_json::{Map, Value};
use sqlx::{Executor, Sqlite};
use uuid::Uuid;

use super::kinds::{self, Kind};
use super::records;
use crate::store::{bookings, Tx};
use crate::{Error, Result};

/// A sealed operation and the local row it came from.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct Sealed {
    pub kind: String,
    pub local_id: i64,
    pub operation: Operation,
}

/// A row as it travels, and the global ids of its Kommune and case.
struct RowNow {
    fields: Map<String, Value>,
    municipality: Option<Uuid>,
    case: Option<Uuid>,
}

fn uuid_of(text: Option<String>) -> Option<Uuid> {
    text.and_then(|t| Uuid::parse_str(&t).ok())
}

async fn row_now(tx: &mut Tx, kind: &Kind, local_id: i64) -> Result<Option<RowNow>> {
    let scope = |expr: Option<&str>, of: &str| match expr {
        Some(expr) => format!("(SELECT r.record FROM team_records r WHERE r.kind = '{of}' AND r.local_id = {expr})"),
        None => "NULL".to_owned(),
    };
    let sql = format!(
        "SELECT {fields}, {municipality}, {case} FROM {table} t WHERE t.id = ?1",
        fields = kind.fields_json(),
        municipality = scope(kind.municipality, "municipality"),
        case = scope(kind.case, "case"),
        table = kind.table,
    );
    let row: Option<(String, Option<String>, Option<String>)> =
        sqlx::query_as(&sql).bind(local_id).fetch_optional(&mut **tx).await?;
    let Some((json, municipality, case)) = row else {
        return Ok(None);
    };
    let fields = match serde_json::from_str(&json) {
        Ok(Value::Object(map)) => map,
        _ => {
            return Err(Error::Database(format!(
                "a {} row cannot be read for the team",
                kind.name
            )))
        }
    };
    Ok(Some(RowNow {
        fields,
        municipality: uuid_of(municipality),
        case: uuid_of(case),
    }))
}

/// The local rows with changes in the outbox, parents first, and the fields changed (`None`: all).
async fn changed_rows(tx: &mut Tx) -> Result<Vec<(&'static Kind, i64, Option<BTreeSet<String>>)>> {
    let rows = sqlx::query!("SELECT kind, local_id, field FROM team_outbox ORDER BY id")
        .fetch_all(&mut **tx)
        .await?;
    let mut changed: Vec<(&'static Kind, i64, Option<BTreeSet<String>>)> = Vec::new();
    let mut index: HashMap<(&'static str, i64), usize> = HashMap::new();
    for row in rows {
        let Some(kind) = kinds::kind(&row.kind) else {
            continue;
        };
        let at = *index.entry((kind.name, row.local_id)).or_insert_with(|| {
            changed.push((kind, row.local_id, Some(BTreeSet::new())));
            changed.len() - 1
        });
        match (row.field, &mut changed[at].2) {
            (Some(field), Some(fields)) => {
                fields.insert(field);
            }
            (None, all) => *all = None,
            (Some(_), None) => {}
        }
    }
    changed.sort_by_key(|(kind, id, _)| (kinds::position(kind.name), *id));
    Ok(changed)
}

/// Seals the outbox into operations, except for rows that still have an operation waiting for the
/// server's answer (their bases are known only after it). Returns how many were sealed.
pub async fn seal(tx: &mut Tx) -> Result<u32> {
    let changed = changed_rows(tx).await?;
    let waiting: HashSet<(String, i64)> = sqlx::query!("SELECT kind, local_id FROM team_sealed")
        .fetch_all(&mut **tx)
        .await?
        .into_iter()
        .map(|row| (row.kind, row.local_id))
        .collect();
    let changed: Vec<_> = changed
        .into_iter()
        .filter(|(kind, id, _)| !waiting.contains(&(kind.name.to_owned(), *id)))
        .collect();
    // First every new row gets its global id, so that references between new rows resolve.
    for (kind, local_id, _) in &changed {
        if records::by_local(&mut **tx, kind.name, *local_id).await?.is_none()
            && row_exists(tx, kind, *local_id).await?
        {
            records::insert(tx, kind.name, *local_id, Uuid::new_v4()).await?;
        }
    }
    let mut sealed = 0;
    for (kind, local_id, fields) in changed {
        forget_row(tx, kind.name, local_id).await?;
        let Some(mapped) = records::by_local(&mut **tx, kind.name, local_id).await? else {
            continue; // made and deleted before it ever travelled
        };
        let operation = match row_now(tx, kind, local_id).await? {
            None => Operation {
                id: Uuid::new_v4(),
                record: mapped.record,
                kind: kind.name.to_owned(),
                municipality: None,
                case: None,
                fields: Vec::new(),
                delete: true,
            },
            Some(now) => {
                let changes: Vec<FieldChange> = now
                    .fields
                    .into_iter()
                    .filter(|(name, _)| fields.as_ref().is_none_or(|f| f.contains(name)))
                    .map(|(field, value)| FieldChange {
                        base: mapped.versions.get(&field).copied().unwrap_or(0),
                        field,
                        value,
                    })
                    .collect();
                if changes.is_empty() {
                    continue;
                }
                Operation {
                    id: Uuid::new_v4(),
                    record: mapped.record,
                    kind: kind.name.to_owned(),
                    municipality: now.municipality,
                    case: now.case,
                    fields: changes,
                    delete: false,
                }
            }
        };
        let body = serde_json::to_string(&operation).map_err(|e| Error::Database(e.to_string()))?;
        let id = operation.id.to_string();
        sqlx::query!(
            "INSERT INTO team_sealed (operation, kind, local_id, body) VALUES (?1, ?2, ?3, ?4)",
            id,
            kind.name,
            local_id,
            body
        )
        .execute(&mut **tx)
        .await?;
        sealed += 1;
    }
    Ok(sealed)
}

/// Drops the outbox's entries of one row.
pub async fn forget_row(tx: &mut Tx, kind: &str, local_id: i64) -> Result<()> {
    sqlx::query!(
        "DELETE FROM team_outbox WHERE kind = ?1 AND local_id = ?2",
        kind,
        local_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn row_exists(tx: &mut Tx, kind: &Kind, local_id: i64) -> Result<bool> {
    let sql = format!("SELECT 1 FROM {} WHERE id = ?1", kind.table);
    let found: Option<i64> = sqlx::query_scalar(&sql)
        .bind(local_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}

/// The next sealed operations, oldest first.
pub async fn next_sealed<'c, E: Executor<'c, Database = Sqlite>>(executor: E, limit: i64) -> Result<Vec<Sealed>> {
    let rows = sqlx::query!(
        "SELECT kind, local_id, body FROM team_sealed ORDER BY position LIMIT ?1",
        limit
    )
    .fetch_all(executor)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Sealed {
                operation: serde_json::from_str(&row.body)
                    .map_err(|e| Error::Database(format!("a sealed operation cannot be read: {e}")))?,
                kind: row.kind,
                local_id: row.local_id,
            })
        })
        .collect()
}

/// Local changes not on the server yet: rows with something in the outbox or sealed.
pub async fn waiting<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<u32> {
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!: i64" FROM (SELECT kind, local_id FROM team_outbox
                                                   UNION SELECT kind, local_id FROM team_sealed)"#
    )
    .fetch_one(executor)
    .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// What settling one answer found.
#[derive(Debug, Default)]
#[allow(missing_docs)] // the names say it
pub struct Settled {
    pub conflicts: u32,
    pub refused: Option<beratungsplaner_team_protocol::Refusal>,
}

/// Takes the server's answer to a sealed operation in: the versions of the fields it took, the
/// conflicts it found, a deleted record forgotten.
pub async fn settle(tx: &mut Tx, sealed: &Sealed, outcome: &Outcome, now: &str) -> Result<Settled> {
    let operation = &sealed.operation;
    let id = operation.id.to_string();
    sqlx::query!("DELETE FROM team_sealed WHERE operation = ?1", id)
        .execute(&mut **tx)
        .await?;
    let mut settled = Settled::default();
    let (seq, server_versions, conflicts) = match outcome {
        Outcome::Applied { seq, versions } => (*seq, versions, &[][..]),
        Outcome::Conflicts {
            seq,
            versions,
            conflicts,
        } => (*seq, versions, conflicts.as_slice()),
        Outcome::Refused { reason } => {
            settled.refused = Some(*reason);
            if *reason == Refusal::SlotTaken && sealed.kind == "booking" {
                displace_booking(tx, sealed.local_id).await?;
            }
            return Ok(settled);
        }
    };
    if operation.delete {
        let record = operation.record.to_string();
        sqlx::query!("DELETE FROM team_records WHERE record = ?1", record)
            .execute(&mut **tx)
            .await?;
        return Ok(settled);
    }
    let Some(mapped) = records::by_record(&mut **tx, operation.record).await? else {
        return Ok(settled);
    };
    let mut versions: Versions = mapped.versions;
    for change in &operation.fields {
        if conflicts.iter().any(|c| c.field == change.field) {
            continue;
        }
        if let Some(version) = server_versions.get(&change.field) {
            versions.insert(change.field.clone(), *version);
        }
    }
    records::set_versions(tx, operation.record, &versions).await?;
    // The pull that follows brings this change back. When the server's versions of every field
    // are the ones known here, the record holds nothing this device lacks and the pull may skip
    // it; otherwise (another change came first, or a conflict) the pull must bring it.
    if conflicts.is_empty() && versions == *server_versions {
        records::set_seq(tx, operation.record, seq).await?;
    }
    for conflict in conflicts {
        let value = serde_json::to_string(&conflict.server_value).map_err(|e| Error::Database(e.to_string()))?;
        sqlx::query!(
            "INSERT INTO team_conflicts (kind, local_id, field, server_value, server_version, found_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (kind, local_id, field) DO UPDATE
                SET server_value = excluded.server_value, server_version = excluded.server_version",
            sealed.kind,
            sealed.local_id,
            conflict.field,
            value,
            conflict.server_version,
            now
        )
        .execute(&mut **tx)
        .await?;
        settled.conflicts += 1;
    }
    Ok(settled)
}

/// A booking whose slot the team gave to a colleague's booking must be rebooked: it no longer
/// holds the slot here either (so the colleague's booking can land), and goes to the team so, as a
/// whole if the team never had it. Changed again since it was sealed, it is left to the next push.
async fn displace_booking(tx: &mut Tx, local_id: i64) -> Result<()> {
    let changed_since = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!: i64" FROM team_outbox WHERE kind = 'booking' AND local_id = ?1"#,
        local_id
    )
    .fetch_one(&mut **tx)
    .await?;
    if changed_since > 0 {
        return Ok(());
    }
    bookings::mark_needs_rebooking(tx, local_id).await?;
    let never_on_server = records::by_local(&mut **tx, "booking", local_id)
        .await?
        .is_none_or(|mapped| mapped.versions.is_empty());
    if never_on_server {
        sqlx::query!(
            "INSERT INTO team_outbox (kind, local_id, field) VALUES ('booking', ?1, NULL)",
            local_id
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Every row of the synced tables goes to the outbox: the device joins a team with what it has.
/// An advisor's own settings stay out: the team's settings are a lead's to set, and the team's
/// values take over the device's when they arrive.
pub async fn enqueue_everything(tx: &mut Tx, lead: bool) -> Result<()> {
    for kind in kinds::KINDS.iter().filter(|k| lead || !k.lead_only) {
        let sql = format!(
            "INSERT INTO team_outbox (kind, local_id, field)
             SELECT '{name}', t.id, NULL FROM {table} t
              WHERE NOT EXISTS (SELECT 1 FROM team_records r WHERE r.kind = '{name}' AND r.local_id = t.id)",
            name = kind.name,
            table = kind.table
        );
        sqlx::query(&sql).execute(&mut **tx).await?;
    }
    Ok(())
}
