//! The SQL of retention: the closed cases due, their texts, and taking people off them.

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite, SqliteConnection};

use super::erasure::{StoredText, TEXT_PLACES};
use super::instant::Stamp;
use super::Tx;
use crate::domain::RetentionCase;
use crate::Result;

/// Closed cases, closed on or before `closed_before` and not yet anonymised, oldest first.
pub async fn due<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    closed_before: NaiveDate,
) -> Result<Vec<RetentionCase>> {
    Ok(sqlx::query_as!(
        RetentionCase,
        r#"SELECT c.id, c.reference, c.title, m.name AS municipality, c.closed_on AS "closed_on!: NaiveDate"
             FROM cases c JOIN municipalities m ON m.id = c.municipality_id
            WHERE c.status = 'closed' AND c.closed_on IS NOT NULL AND c.closed_on <= ?1 AND c.anonymised_on IS NULL
            ORDER BY c.closed_on, c.id"#,
        closed_before
    )
    .fetch_all(executor)
    .await?)
}

/// Every non-empty text of the case: its own and those of what hangs off it (journal, tasks,
/// roles, bookings, appointments), from the closed list of `erasure::TEXT_PLACES`.
pub async fn texts_of_case(conn: &mut SqliteConnection, case_id: i64) -> Result<Vec<StoredText>> {
    let mut found = Vec::new();
    for place in TEXT_PLACES {
        let key = match place.table {
            "cases" => "id",
            "journal_entries" | "tasks" | "case_contacts" | "bookings" | "appointments" => "case_id",
            _ => continue,
        };
        let sql = format!(
            "SELECT id, {column} FROM {table} WHERE {key} = ?1 AND {column} IS NOT NULL AND {column} <> ''",
            table = place.table,
            column = place.column,
        );
        let rows: Vec<(i64, String)> = sqlx::query_as(&sql).bind(case_id).fetch_all(&mut *conn).await?;
        found.extend(rows.into_iter().map(|(id, text)| StoredText { place, id, text }));
    }
    Ok(found)
}

/// Takes the people off the case's roles (the roles stay) and bookings (whose calendar sequence
/// goes up); returns how many were taken off.
pub async fn unlink_people(tx: &mut Tx, case_id: i64, now: Stamp) -> Result<i64> {
    let roles = sqlx::query!(
        "UPDATE case_contacts SET contact_id = NULL WHERE case_id = ?1 AND contact_id IS NOT NULL",
        case_id
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let bookings = sqlx::query!(
        "UPDATE bookings SET contact_id = NULL, sequence = sequence + 1, updated_at = ?2
          WHERE case_id = ?1 AND contact_id IS NOT NULL",
        case_id,
        now
    )
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(i64::try_from(roles + bookings).unwrap_or(i64::MAX))
}

/// Marks the case anonymised on `day`.
pub async fn mark_anonymised(tx: &mut Tx, case_id: i64, day: NaiveDate, now: Stamp) -> Result<()> {
    sqlx::query!(
        "UPDATE cases SET anonymised_on = ?2, updated_at = ?3 WHERE id = ?1",
        case_id,
        day,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
