//! Journal entries.

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{JournalEntry, JournalKind};
use crate::{Error, Result};

/// A row of `journal_entries`.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct JournalRow {
    pub id: i64,
    pub case_id: i64,
    /// date
    pub occurred_on: NaiveDate,
    pub kind: JournalKind,
    pub author: String,
    pub text: String,
    /// left out of the dossier for the Kommune
    pub internal: bool,
}

impl TryFrom<JournalRow> for JournalEntry {
    type Error = Error;
    fn try_from(row: JournalRow) -> Result<Self> {
        Ok(JournalEntry {
            id: row.id,
            case_id: row.case_id,
            occurred_on: row.occurred_on,
            kind: row.kind,
            author: row.author,
            text: row.text,
            internal: row.internal,
        })
    }
}

/// The journal of a case, newest first.
pub async fn of_case<'c, E: Executor<'c, Database = Sqlite>>(executor: E, case_id: i64) -> Result<Vec<JournalEntry>> {
    sqlx::query_as!(
        JournalRow,
        r#"SELECT id, case_id, occurred_on AS "occurred_on: NaiveDate", kind AS "kind: JournalKind", author, text,
                  internal AS "internal: bool"
             FROM journal_entries WHERE case_id = ?1 ORDER BY occurred_on DESC, id DESC"#,
        case_id
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(JournalEntry::try_from)
    .collect()
}

/// The case an entry belongs to.
pub async fn case_of<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar!("SELECT case_id FROM journal_entries WHERE id = ?1", id)
            .fetch_optional(executor)
            .await?,
    )
}

/// Adds an entry.
pub async fn insert(
    tx: &mut Tx,
    case_id: i64,
    occurred_on: NaiveDate,
    kind: JournalKind,
    author: &str,
    text: &str,
) -> Result<i64> {
    let now = Stamp::now();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO journal_entries (case_id, occurred_on, kind, author, text, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id AS "id!""#,
        case_id,
        occurred_on,
        kind,
        author,
        text,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Marks an entry internal (left out of the dossier for the Kommune) or not; `false` when missing.
pub async fn set_internal(tx: &mut Tx, id: i64, internal: bool) -> Result<bool> {
    let done = sqlx::query!("UPDATE journal_entries SET internal = ?2 WHERE id = ?1", id, internal)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Changes an entry (not one the app wrote for a status change); `false` when missing.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    occurred_on: NaiveDate,
    kind: JournalKind,
    author: &str,
    text: &str,
    internal: bool,
) -> Result<bool> {
    let now = Stamp::now();
    let done = sqlx::query!(
        "UPDATE journal_entries SET occurred_on = ?2, kind = ?3, author = ?4, text = ?5, internal = ?7, updated_at = ?6
          WHERE id = ?1 AND kind <> 'status_change'",
        id,
        occurred_on,
        kind,
        author,
        text,
        now,
        internal
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A journal entry for [`insert_many`].
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct NewJournalEntry {
    pub case_id: i64,
    /// date
    pub occurred_on: NaiveDate,
    pub kind: JournalKind,
    pub author: String,
    pub text: String,
    /// left out of the dossier for the Kommune
    pub internal: bool,
}

/// Inserts many entries with multi-row statements (bulk loads).
pub async fn insert_many(tx: &mut Tx, entries: &[NewJournalEntry]) -> Result<()> {
    let now = Stamp::now();
    for chunk in entries.chunks(500) {
        let mut builder = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO journal_entries (case_id, occurred_on, kind, author, text, internal, created_at, updated_at) ",
        );
        builder.push_values(chunk, |mut row, e| {
            row.push_bind(e.case_id)
                .push_bind(e.occurred_on)
                .push_bind(e.kind)
                .push_bind(&e.author)
                .push_bind(&e.text)
                .push_bind(e.internal)
                .push_bind(now)
                .push_bind(now);
        });
        builder.build().execute(&mut **tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseStatus;
    use crate::store::fixtures;
    use crate::store::{cases, Store};

    #[tokio::test]
    async fn entries_newest_first_and_status_entries_are_fixed() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let m = fixtures::municipality(&mut tx, "Rosenau").await;
        let day = |d| NaiveDate::from_ymd_opt(2026, 2, d).expect("date");
        let input = fixtures::case_input(m, "Begegnungsstätte", day(1));
        let (case_id, _) = cases::insert(&mut tx, &input, CaseStatus::New, day(1))
            .await
            .expect("case");
        let a = insert(&mut tx, case_id, day(3), JournalKind::Call, "A", "Telefonat")
            .await
            .expect("a");
        let s = insert(
            &mut tx,
            case_id,
            day(4),
            JournalKind::StatusChange,
            "A",
            "Status geändert",
        )
        .await
        .expect("s");
        insert_many(
            &mut tx,
            &[NewJournalEntry {
                case_id,
                occurred_on: day(2),
                kind: JournalKind::Note,
                author: "A".into(),
                text: "Notiz".into(),
                internal: true,
            }],
        )
        .await
        .expect("many");
        assert!(update(&mut tx, a, day(5), JournalKind::Meeting, "A", "Treffen", false)
            .await
            .expect("update"));
        assert!(!update(&mut tx, s, day(5), JournalKind::Note, "A", "Fälschung", false)
            .await
            .expect("update"));
        tx.commit().await.expect("commit");
        let journal = of_case(store.pool(), case_id).await.expect("list");
        assert_eq!(
            journal.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(),
            ["Treffen", "Status geändert", "Notiz"]
        );
        assert_eq!(
            journal.iter().map(|e| e.internal).collect::<Vec<_>>(),
            [false, false, true],
            "the note was written internal"
        );
        assert_eq!(case_of(store.pool(), a).await.expect("case"), Some(case_id));
    }
}
