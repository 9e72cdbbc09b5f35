//! The SQL of erasures: every stored free text that may name a person, the rows a contact, a
//! case or a Kommune takes with it, and the erasure log.
//!
//! The free texts are read and written by (table, column) from [`TEXT_PLACES`], a closed list:
//! identifiers cannot be bound, values always are.

use sqlx::{Executor, Sqlite, SqliteConnection};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{ErasureKind, ErasureRecord, RecordErasurePreview};
use crate::Result;

/// Where free text is stored: table, text column, and whether a change is one a calendar client
/// must see (its `sequence` goes up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextPlace {
    /// The table.
    pub table: &'static str,
    /// The text column.
    pub column: &'static str,
    /// Rows are calendar events (bookings, appointments).
    pub calendar: bool,
}

const fn place(table: &'static str, column: &'static str, calendar: bool) -> TextPlace {
    TextPlace {
        table,
        column,
        calendar,
    }
}

/// Every free text a person's name, e-mail address or phone number may be written into.
pub const TEXT_PLACES: [TextPlace; 15] = [
    place("journal_entries", "text", false),
    place("tasks", "title", false),
    place("cases", "title", false),
    place("cases", "summary", false),
    place("cases", "next_step", false),
    place("case_contacts", "role", false),
    place("contacts", "organisation", false),
    place("bookings", "topic", true),
    place("bookings", "cancel_reason", true),
    place("appointments", "title", true),
    place("appointments", "location", true),
    place("appointments", "notes", true),
    place("consultation_series", "title", false),
    place("consultation_series", "location", false),
    place("series_exceptions", "reason", false),
];

/// The journal's texts, counted apart in the preview.
pub const JOURNAL: TextPlace = TEXT_PLACES[0];

/// One stored text.
#[derive(Debug, Clone)]
pub struct StoredText {
    /// Where.
    pub place: TextPlace,
    /// The row's id.
    pub id: i64,
    /// The text.
    pub text: String,
}

/// Every non-empty text of `place`.
pub async fn texts(conn: &mut SqliteConnection, place: TextPlace) -> Result<Vec<StoredText>> {
    let sql = format!(
        "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''",
        table = place.table,
        column = place.column
    );
    let rows: Vec<(i64, String)> = sqlx::query_as(&sql).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, text)| StoredText { place, id, text })
        .collect())
}

/// The case a row of `place` belongs to, if it belongs to one.
pub async fn case_of(conn: &mut SqliteConnection, place: TextPlace, id: i64) -> Result<Option<i64>> {
    let sql = match place.table {
        "cases" => "SELECT id FROM cases WHERE id = ?1",
        "journal_entries" => "SELECT case_id FROM journal_entries WHERE id = ?1",
        "tasks" => "SELECT case_id FROM tasks WHERE id = ?1",
        "case_contacts" => "SELECT case_id FROM case_contacts WHERE id = ?1",
        "bookings" => "SELECT case_id FROM bookings WHERE id = ?1",
        "appointments" => "SELECT case_id FROM appointments WHERE id = ?1",
        _ => return Ok(None),
    };
    let case: Option<Option<i64>> = sqlx::query_scalar(sql).bind(id).fetch_optional(conn).await?;
    Ok(case.flatten())
}

/// Replaces one stored text; a calendar event's sequence goes up, so that clients take the change.
pub async fn replace_text(tx: &mut Tx, place: TextPlace, id: i64, text: &str, now: Stamp) -> Result<()> {
    let has_updated_at = !matches!(place.table, "case_contacts" | "series_exceptions");
    let sql = match (place.calendar, has_updated_at) {
        (true, _) => format!(
            "UPDATE {} SET {} = ?1, sequence = sequence + 1, updated_at = ?3 WHERE id = ?2",
            place.table, place.column
        ),
        (false, true) => format!(
            "UPDATE {} SET {} = ?1, updated_at = ?3 WHERE id = ?2",
            place.table, place.column
        ),
        (false, false) => format!(
            "UPDATE {} SET {} = ?1 WHERE id = ?2 AND ?3 IS NOT NULL",
            place.table, place.column
        ),
    };
    sqlx::query(&sql)
        .bind(text)
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The cases where a contact has a role.
pub async fn cases_with_roles_of<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    contact_id: i64,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT case_id AS "case_id!" FROM case_contacts WHERE contact_id = ?1 ORDER BY case_id"#,
        contact_id
    )
    .fetch_all(executor)
    .await?)
}

/// The bookings made for a contact: id and calendar UID.
pub async fn bookings_of<'c, E: Executor<'c, Database = Sqlite>>(executor: E, contact_id: i64) -> Result<Vec<i64>> {
    Ok(
        sqlx::query_scalar!("SELECT id FROM bookings WHERE contact_id = ?1 ORDER BY id", contact_id)
            .fetch_all(executor)
            .await?,
    )
}

/// How many of the bookings and appointments with these ids are on the calendar server.
pub async fn on_calendar_server(conn: &mut SqliteConnection, bookings: &[i64], appointments: &[i64]) -> Result<i64> {
    let mut count = 0;
    for id in bookings {
        count += sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!: i64" FROM caldav_items i JOIN bookings b ON b.uid = i.uid WHERE b.id = ?1"#,
            id
        )
        .fetch_one(&mut *conn)
        .await?;
    }
    for id in appointments {
        count += sqlx::query_scalar!(
            r#"SELECT count(*) AS "n!: i64" FROM caldav_items i JOIN appointments a ON a.uid = i.uid WHERE a.id = ?1"#,
            id
        )
        .fetch_one(&mut *conn)
        .await?;
    }
    Ok(count)
}

/// Takes the contact off its roles, bookings and event participations (they stay, without the
/// person), then deletes it.
pub async fn delete_contact(tx: &mut Tx, contact_id: i64, now: Stamp) -> Result<()> {
    sqlx::query!(
        "UPDATE case_contacts SET contact_id = NULL WHERE contact_id = ?1",
        contact_id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE event_participants SET contact_id = NULL, updated_at = ?2 WHERE contact_id = ?1",
        contact_id,
        now
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE bookings SET contact_id = NULL, sequence = sequence + 1, updated_at = ?2 WHERE contact_id = ?1",
        contact_id,
        now
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!("DELETE FROM contacts WHERE id = ?1", contact_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rebuilds the contact search from the contacts: every old segment goes, and with it every
/// token of an erased contact (see migration 0007 for why not FTS5's secure-delete).
pub async fn rebuild_contact_search(tx: &mut Tx) -> Result<()> {
    sqlx::query!("INSERT INTO contact_search (contact_search) VALUES ('rebuild')")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes a case's search document anew from what is stored now.
pub async fn reindex_case(tx: &mut Tx, case_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM case_search WHERE rowid = ?1", case_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
         SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents WHERE case_id = ?1",
        case_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The calendar-server conflicts: UID and the server's copy, which may name anyone.
pub async fn conflicts(conn: &mut SqliteConnection) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query!("SELECT uid, server_ics FROM caldav_conflicts")
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|r| (r.uid, r.server_ics))
        .collect())
}

/// Forgets a conflict: the app's version goes to the server at the next sync.
pub async fn drop_conflict(tx: &mut Tx, uid: &str) -> Result<()> {
    sqlx::query!("DELETE FROM caldav_conflicts WHERE uid = ?1", uid)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What erasing these cases (and, for a Kommune, its series, appointments and Quartiere) takes.
pub async fn record_preview(
    conn: &mut SqliteConnection,
    case_ids: &[i64],
    municipality_id: Option<i64>,
) -> Result<RecordErasurePreview> {
    let mut preview = RecordErasurePreview {
        cases: i64::try_from(case_ids.len()).unwrap_or(i64::MAX),
        ..RecordErasurePreview::default()
    };
    for &id in case_ids {
        let row = sqlx::query!(
            r#"SELECT (SELECT count(*) FROM journal_entries WHERE case_id = ?1) AS "journal!: i64",
                      (SELECT count(*) FROM tasks WHERE case_id = ?1) AS "tasks!: i64",
                      (SELECT count(*) FROM case_contacts WHERE case_id = ?1) AS "roles!: i64""#,
            id
        )
        .fetch_one(&mut *conn)
        .await?;
        preview.journal_entries += row.journal;
        preview.tasks += row.tasks;
        preview.roles += row.roles;
    }
    let (bookings, appointments) = calendar_rows(conn, case_ids, municipality_id).await?;
    preview.bookings = i64::try_from(bookings.len()).unwrap_or(i64::MAX);
    preview.appointments = i64::try_from(appointments.len()).unwrap_or(i64::MAX);
    preview.calendar_server_items = on_calendar_server(conn, &bookings, &appointments).await?;
    if let Some(m) = municipality_id {
        let row = sqlx::query!(
            r#"SELECT (SELECT count(*) FROM consultation_series WHERE municipality_id = ?1) AS "series!: i64",
                      (SELECT count(*) FROM neighbourhoods WHERE municipality_id = ?1) AS "neighbourhoods!: i64""#,
            m
        )
        .fetch_one(&mut *conn)
        .await?;
        preview.series = row.series;
        preview.neighbourhoods = row.neighbourhoods;
    }
    Ok(preview)
}

/// The bookings and appointments that go with these cases (and, for a Kommune, with its
/// consultation hours and its own appointments).
async fn calendar_rows(
    conn: &mut SqliteConnection,
    case_ids: &[i64],
    municipality_id: Option<i64>,
) -> Result<(Vec<i64>, Vec<i64>)> {
    let mut bookings = Vec::new();
    let mut appointments = Vec::new();
    for &id in case_ids {
        bookings.extend(
            sqlx::query_scalar!("SELECT id FROM bookings WHERE case_id = ?1", id)
                .fetch_all(&mut *conn)
                .await?,
        );
        appointments.extend(
            sqlx::query_scalar!("SELECT id FROM appointments WHERE case_id = ?1", id)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    if let Some(m) = municipality_id {
        bookings.extend(
            sqlx::query_scalar!(
                "SELECT b.id FROM bookings b JOIN consultation_series s ON s.id = b.series_id
                  WHERE s.municipality_id = ?1 OR b.municipality_id = ?1",
                m
            )
            .fetch_all(&mut *conn)
            .await?,
        );
        appointments.extend(
            sqlx::query_scalar!("SELECT id FROM appointments WHERE municipality_id = ?1", m)
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    bookings.sort_unstable();
    bookings.dedup();
    appointments.sort_unstable();
    appointments.dedup();
    Ok((bookings, appointments))
}

/// The cases of a Kommune.
pub async fn cases_of_municipality<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    municipality_id: i64,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        "SELECT id FROM cases WHERE municipality_id = ?1 ORDER BY id",
        municipality_id
    )
    .fetch_all(executor)
    .await?)
}

/// Deletes cases with everything that hangs off them (journal, tasks, topics and roles go with
/// the case), their bookings and appointments, and for a Kommune its consultation hours, its
/// appointments, its Quartiere and itself.
pub async fn delete_records(tx: &mut Tx, case_ids: &[i64], municipality_id: Option<i64>) -> Result<()> {
    let (bookings, appointments) = calendar_rows(&mut *tx, case_ids, municipality_id).await?;
    for id in bookings {
        sqlx::query!("DELETE FROM bookings WHERE id = ?1", id)
            .execute(&mut **tx)
            .await?;
    }
    for id in appointments {
        sqlx::query!("DELETE FROM appointments WHERE id = ?1", id)
            .execute(&mut **tx)
            .await?;
    }
    for &id in case_ids {
        sqlx::query!("DELETE FROM cases WHERE id = ?1", id)
            .execute(&mut **tx)
            .await?;
    }
    if let Some(m) = municipality_id {
        sqlx::query!("DELETE FROM consultation_series WHERE municipality_id = ?1", m)
            .execute(&mut **tx)
            .await?;
        sqlx::query!("DELETE FROM neighbourhoods WHERE municipality_id = ?1", m)
            .execute(&mut **tx)
            .await?;
        sqlx::query!("DELETE FROM municipalities WHERE id = ?1", m)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Appends an erasure to the log.
pub async fn log(tx: &mut Tx, kind: ErasureKind, record_id: i64, at: Stamp) -> Result<()> {
    sqlx::query!(
        "INSERT INTO erasures (kind, record_id, erased_at) VALUES (?1, ?2, ?3)",
        kind,
        record_id,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The erasure log, oldest first.
pub async fn logged<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<ErasureRecord>> {
    Ok(sqlx::query!(
        r#"SELECT kind AS "kind: ErasureKind", record_id, erased_at AS "erased_at: Stamp"
             FROM erasures ORDER BY id"#
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(|r| ErasureRecord {
        kind: r.kind,
        record_id: r.record_id,
        erased_at: r.erased_at.into(),
    })
    .collect())
}

/// The erasure log of a database file, read without changing it (a file of a version before the
/// log has none).
pub async fn log_of_file(path: &std::path::Path, key: &super::DatabaseKey) -> Result<Vec<ErasureRecord>> {
    use sqlx::{ConnectOptions, Connection};
    // Read-write although it only reads: as the last connection to close, it removes the WAL and
    // shared-memory files its open made, so a refused restore leaves no side file behind.
    let mut conn = super::encryption::options(Some(key))
        .filename(path)
        .connect()
        .await
        .map_err(|e| super::open_error(path, e))?;
    let has_log: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erasures'")
            .fetch_optional(&mut conn)
            .await?;
    let log = match has_log {
        Some(_) => logged(&mut conn).await,
        None => Ok(Vec::new()),
    };
    conn.close().await.ok();
    log
}
