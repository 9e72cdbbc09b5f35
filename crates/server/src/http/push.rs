//! `POST /v1/push`: a client's changes, merged field by field.
//!
//! A field whose base is the server's current version is taken and its version grows; a field
//! changed on the server since that base is a conflict, returned with the server's value for the
//! advisor to decide (never decided by a clock); the same value on both sides is no conflict. The
//! whole push is one transaction as the account's role, holding one advisory lock so that change
//! numbers are taken in commit order (a pull's cursor never passes a change committed late).
//! Every operation's answer is remembered, so a replayed operation changes nothing. A booking for a
//! slot another booking holds is refused (`SlotTaken`), whoever made either; a case keeps to the
//! workflow and to references that are unique and carry their maker's prefix; the team's settings
//! are a lead's to change (`LeadOnly`, and row-level security refuses them too).

use axum::extract::State;
use axum::Json;
use beratungsplaner_team_protocol::{
    case_status_may_move, FieldConflict, Operation, OperationResult, Outcome, Push, Pushed, Refusal, Versions,
};
use serde_json::{Map, Value};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::AppState;
use crate::accounts::SignedIn;
use crate::db;
use crate::error::ServerError;

const MAX_OPERATIONS: usize = 1_000;
/// The advisory lock every push holds (any constant; only pushes take it).
const PUSH_LOCK: i64 = 0x6270_7075_7368;

/// The kinds the team syncs, and whether a record of the kind may belong to no Kommune (visible to
/// the whole team) rather than to one.
const KINDS: &[(&str, bool)] = &[
    ("municipality", false),
    ("neighbourhood", false),
    ("topic", true),
    ("contact", true),
    // Seen as its person is (row-level security decides).
    ("membership", true),
    ("case", false),
    ("participant", false),
    ("journal_entry", false),
    ("task", false),
    ("series", false),
    ("series_exception", false),
    ("booking", false),
    // The congress belongs to no Kommune.
    ("appointment", true),
    ("event", true),
    ("event_session", true),
    ("event_link", true),
    ("event_participant", true),
    // The team's settings: everyone reads them, a lead writes them.
    ("setting", true),
];

pub async fn push(
    State(state): State<AppState>,
    mut account: SignedIn,
    Json(push): Json<Push>,
) -> Result<Json<Pushed>, ServerError> {
    if push.operations.len() > MAX_OPERATIONS {
        return Err(ServerError::Invalid(format!(
            "at most {MAX_OPERATIONS} operations per push"
        )));
    }
    let mut tx = db::as_account(&state.pool, &account.db_role).await?;
    sqlx::query!("SELECT pg_advisory_xact_lock($1)", PUSH_LOCK)
        .execute(&mut *tx)
        .await?;
    let mut results = Vec::with_capacity(push.operations.len());
    for operation in &push.operations {
        let outcome = match remembered(&mut tx, operation.id).await? {
            Some(outcome) => outcome,
            None => {
                let outcome = apply(&mut tx, &mut account, operation).await?;
                remember(&mut tx, &account, operation.id, &outcome).await?;
                outcome
            }
        };
        results.push(OperationResult {
            operation: operation.id,
            outcome,
        });
    }
    tx.commit().await?;
    tracing::debug!(account = %account.id, operations = results.len(), "pushed");
    Ok(Json(Pushed { results }))
}

async fn remembered(tx: &mut Transaction<'_, Postgres>, id: Uuid) -> Result<Option<Outcome>, ServerError> {
    let result = sqlx::query_scalar!("SELECT result FROM applied_operations WHERE id = $1", id)
        .fetch_optional(&mut **tx)
        .await?;
    result
        .map(|value| {
            serde_json::from_value(value)
                .map_err(|e| ServerError::Invalid(format!("a remembered answer cannot be read: {e}")))
        })
        .transpose()
}

async fn remember(
    tx: &mut Transaction<'_, Postgres>,
    account: &SignedIn,
    id: Uuid,
    outcome: &Outcome,
) -> Result<(), ServerError> {
    let result =
        serde_json::to_value(outcome).map_err(|e| ServerError::Invalid(format!("an answer cannot be written: {e}")))?;
    sqlx::query!(
        "INSERT INTO applied_operations (id, account_id, result) VALUES ($1, $2, $3)",
        id,
        account.id,
        result
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn in_scope(account: &SignedIn, kind: &str, municipality: Option<Uuid>, case: Option<Uuid>) -> bool {
    let team_wide = KINDS.iter().any(|(k, wide)| *k == kind && *wide);
    account.role == crate::accounts::AccountRole::Lead
        || match municipality {
            None => team_wide,
            Some(m) => account.municipalities.contains(&m),
        }
        || case.is_some_and(|c| account.cases.contains(&c))
}

async fn apply(
    tx: &mut Transaction<'_, Postgres>,
    account: &mut SignedIn,
    operation: &Operation,
) -> Result<Outcome, ServerError> {
    let refused = |reason| Ok(Outcome::Refused { reason });
    if !KINDS.iter().any(|(kind, _)| *kind == operation.kind) {
        return refused(Refusal::WrongKind);
    }
    // The first fence: where the record is (or, new, where it claims to go) decides, checked here.
    let stored = sqlx::query!(
        r#"SELECT kind AS "kind!", municipality, case_id FROM record_scope($1)"#,
        operation.record
    )
    .fetch_optional(&mut **tx)
    .await?;
    if stored.is_none() && operation.kind == "municipality" && operation.municipality == Some(operation.record) {
        claim_new_municipality(tx, account, operation.record).await?;
    }
    let (municipality, case) = match &stored {
        Some(s) if s.kind != operation.kind => return refused(Refusal::WrongKind),
        Some(s) => (s.municipality, s.case_id),
        None => (operation.municipality, operation.case),
    };
    if operation.kind == "setting" && account.role != crate::accounts::AccountRole::Lead {
        tracing::info!(account = %account.id, "a team setting from an advisor refused");
        return refused(Refusal::LeadOnly);
    }
    let visible = if operation.kind == "contact" && stored.is_some() {
        contact_in_scope(tx, account, operation.record).await?
    } else {
        in_scope(account, &operation.kind, municipality, case)
    };
    if !visible {
        tracing::info!(account = %account.id, "push out of scope refused");
        return refused(Refusal::OutOfScope);
    }
    // The second fence: row-level security shows the row only if it is in the role's scope.
    let current = sqlx::query!(
        "SELECT fields, versions, seq FROM records WHERE id = $1 FOR UPDATE",
        operation.record
    )
    .fetch_optional(&mut **tx)
    .await?;
    if stored.is_some() && current.is_none() {
        return refused(Refusal::OutOfScope);
    }
    let exists = current.is_some();
    let (fields, versions, seq) = match current {
        Some(row) => (row.fields, row.versions, row.seq),
        None => (Some(Value::Object(Map::new())), Value::Object(Map::new()), 0),
    };
    let Some(Value::Object(mut fields)) = fields else {
        // A tombstone: deleting it again is done; changing it is not possible.
        return if operation.delete {
            Ok(Outcome::Applied {
                seq,
                versions: Versions::new(),
            })
        } else {
            refused(Refusal::Deleted)
        };
    };
    let mut versions = match versions {
        Value::Object(map) => map,
        _ => Map::new(),
    };

    if operation.delete {
        let seq = if exists {
            sqlx::query_scalar!(
                "UPDATE records SET fields = NULL, versions = '{}'::jsonb, seq = nextval('change_seq'),
                        changed_by = $2, changed_at = now()
                  WHERE id = $1 RETURNING seq",
                operation.record,
                account.id
            )
            .fetch_one(&mut **tx)
            .await?
        } else {
            sqlx::query_scalar!(
                "INSERT INTO records (id, kind, municipality, case_id, fields, changed_by, made_by)
                 VALUES ($1, $2, $3, $4, NULL, $5, $5) RETURNING seq",
                operation.record,
                operation.kind,
                municipality,
                case,
                account.id
            )
            .fetch_one(&mut **tx)
            .await?
        };
        link_contact(tx, operation).await?;
        return Ok(Outcome::Applied {
            seq,
            versions: Versions::new(),
        });
    }

    let before = fields.clone();
    let mut conflicts = Vec::new();
    let mut changed = !exists;
    for change in &operation.fields {
        let version = versions.get(&change.field).and_then(Value::as_i64).unwrap_or(0);
        if change.base == version {
            if fields.get(&change.field) != Some(&change.value) {
                fields.insert(change.field.clone(), change.value.clone());
                versions.insert(change.field.clone(), Value::from(version + 1));
                changed = true;
            }
        } else if fields.get(&change.field) != Some(&change.value) {
            conflicts.push(FieldConflict {
                field: change.field.clone(),
                server_value: fields.get(&change.field).cloned().unwrap_or(Value::Null),
                server_version: version,
            });
        }
    }
    if changed && operation.kind == "booking" && slot_taken(tx, operation.record, &fields).await? {
        return refused(Refusal::SlotTaken);
    }
    if changed && operation.kind == "case" {
        if let Some(reason) = case_refusal(tx, account, operation.record, exists.then_some(&before), &fields).await? {
            return refused(reason);
        }
    }
    let field_versions = versions
        .iter()
        .filter_map(|(field, v)| Some((field.clone(), v.as_i64()?)))
        .collect();
    let seq = if !changed {
        seq
    } else if exists {
        sqlx::query_scalar!(
            "UPDATE records SET fields = $2, versions = $3, seq = nextval('change_seq'),
                    changed_by = $4, changed_at = now()
              WHERE id = $1 RETURNING seq",
            operation.record,
            Value::Object(fields),
            Value::Object(versions),
            account.id
        )
        .fetch_one(&mut **tx)
        .await?
    } else {
        sqlx::query_scalar!(
            "INSERT INTO records (id, kind, municipality, case_id, fields, versions, changed_by, made_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING seq",
            operation.record,
            operation.kind,
            municipality,
            case,
            Value::Object(fields),
            Value::Object(versions),
            account.id
        )
        .fetch_one(&mut **tx)
        .await?
    };
    if changed {
        link_contact(tx, operation).await?;
    }
    Ok(if conflicts.is_empty() {
        Outcome::Applied {
            seq,
            versions: field_versions,
        }
    } else {
        Outcome::Conflicts {
            seq,
            versions: field_versions,
            conflicts,
        }
    })
}

/// Whether the account may change an existing contact: an organisation (the team's shared
/// knowledge), a lead, the advisor who entered it, or
/// one who sees a case or booking naming it (read within the account's own scope, and row-level
/// security admits the links of that scope only).
async fn contact_in_scope(
    tx: &mut Transaction<'_, Postgres>,
    account: &SignedIn,
    contact: Uuid,
) -> Result<bool, ServerError> {
    if account.role == crate::accounts::AccountRole::Lead {
        return Ok(true);
    }
    let organisation = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM records WHERE id = $1 AND fields->>'kind' = 'organisation') AS "organisation!""#,
        contact
    )
    .fetch_one(&mut **tx)
    .await?;
    if organisation {
        return Ok(true);
    }
    let maker = sqlx::query_scalar!("SELECT record_maker($1)", contact)
        .fetch_one(&mut **tx)
        .await?;
    if maker == Some(account.id) {
        return Ok(true);
    }
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM contact_links
                           WHERE contact = $1
                             AND ((municipality IS NULL AND case_id IS NULL)
                                  OR municipality = ANY($2) OR case_id = ANY($3))) AS "linked!""#,
        contact,
        &account.municipalities,
        &account.cases
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// A participant (of a case or an event) or booking names a contact: the server's links follow (`link_contact`), which
/// decide who sees the contact.
async fn link_contact(tx: &mut Transaction<'_, Postgres>, operation: &Operation) -> Result<(), ServerError> {
    if matches!(operation.kind.as_str(), "participant" | "booking" | "event_participant") {
        sqlx::query!("SELECT link_contact($1)", operation.record)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A Kommune an advisor creates joins their scope (for the rest of this push too).
async fn claim_new_municipality(
    tx: &mut Transaction<'_, Postgres>,
    account: &mut SignedIn,
    municipality: Uuid,
) -> Result<(), ServerError> {
    if account.role == crate::accounts::AccountRole::Lead {
        return Ok(());
    }
    let claimed = sqlx::query_scalar!(
        r#"SELECT claim_new_municipality(current_user, $1) AS "claimed""#,
        municipality
    )
    .fetch_one(&mut **tx)
    .await?;
    if claimed == Some(true) {
        tracing::info!(account = %account.id, "a new Kommune joined its maker's scope");
        account.municipalities.push(municipality);
    }
    Ok(())
}

/// Whether a booking with these fields would take a slot another booking holds.
async fn slot_taken(
    tx: &mut Transaction<'_, Postgres>,
    booking: Uuid,
    fields: &Map<String, Value>,
) -> Result<bool, ServerError> {
    if fields.get("status").and_then(Value::as_str) != Some("booked") {
        return Ok(false);
    }
    // As the unique index reads them: `->>` gives a string's text and a number's digits.
    let text = |name: &str| match fields.get(name) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let (Some(series), Some(start), Some(position)) = (text("series_id"), text("occurrence_start"), text("position"))
    else {
        return Ok(false);
    };
    Ok(sqlx::query_scalar!(
        r#"SELECT slot_taken($1, $2, $3, $4) AS "taken!""#,
        series,
        start,
        position,
        booking
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Why a case's new state is refused, if it is: a status move the workflow does not allow
/// ([`case_status_may_move`]), a reference changed, not the account's own, or another case's.
async fn case_refusal(
    tx: &mut Transaction<'_, Postgres>,
    account: &SignedIn,
    case: Uuid,
    before: Option<&Map<String, Value>>,
    after: &Map<String, Value>,
) -> Result<Option<Refusal>, ServerError> {
    let text = |fields: &Map<String, Value>, name: &str| fields.get(name).and_then(Value::as_str).map(str::to_owned);
    if let Some(before) = before {
        if let (Some(from), Some(to)) = (text(before, "status"), text(after, "status")) {
            if from != to && !case_status_may_move(&from, &to) {
                return Ok(Some(Refusal::InvalidTransition));
            }
        }
        if text(before, "reference") != text(after, "reference") {
            return Ok(Some(Refusal::WrongReference));
        }
        return Ok(None);
    }
    let Some(reference) = text(after, "reference") else {
        return Ok(Some(Refusal::WrongReference));
    };
    if !is_own_reference(&reference, &account.reference_prefix) {
        return Ok(Some(Refusal::WrongReference));
    }
    let taken = sqlx::query_scalar!(r#"SELECT reference_taken($1, $2) AS "taken!""#, reference, case)
        .fetch_one(&mut **tx)
        .await?;
    Ok(taken.then_some(Refusal::ReferenceTaken))
}

/// `BF-<year>-<prefix>-<number of at least four digits>`.
fn is_own_reference(reference: &str, prefix: &str) -> bool {
    let digits = |part: &str, at_least: usize| part.len() >= at_least && part.chars().all(|c| c.is_ascii_digit());
    let parts: Vec<&str> = reference.split('-').collect();
    matches!(parts.as_slice(), ["BF", year, p, number] if year.len() == 4 && digits(year, 4) && *p == prefix && digits(number, 4))
}

#[cfg(test)]
mod tests {
    use super::is_own_reference;

    #[test]
    fn an_own_reference_carries_the_prefix() {
        assert!(is_own_reference("BF-2026-MA-0042", "MA"));
        assert!(is_own_reference("BF-2026-MA-10042", "MA"));
        assert!(!is_own_reference("BF-2026-0042", "MA"));
        assert!(!is_own_reference("BF-2026-JW-0042", "MA"));
        assert!(!is_own_reference("BF-26-MA-0042", "MA"));
        assert!(!is_own_reference("BF-2026-MA-42", "MA"));
    }
}
