//! Tasks.

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{Task, TaskInput};
use crate::Result;

/// A row of `tasks`; it maps one to one onto the domain type.
pub type TaskRow = Task;

/// The tasks of a case: open first (by due date), then done.
pub async fn of_case<'c, E: Executor<'c, Database = Sqlite>>(executor: E, case_id: i64) -> Result<Vec<Task>> {
    Ok(sqlx::query_as!(
        TaskRow,
        r#"SELECT id, case_id, title, due_on AS "due_on: NaiveDate", assignee, done_on AS "done_on: NaiveDate"
             FROM tasks WHERE case_id = ?1
            ORDER BY done_on IS NOT NULL, due_on IS NULL, due_on, id"#,
        case_id
    )
    .fetch_all(executor)
    .await?)
}

/// The case a task belongs to.
pub async fn case_of<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar!("SELECT case_id FROM tasks WHERE id = ?1", id)
        .fetch_optional(executor)
        .await?)
}

/// Adds a task.
pub async fn insert(tx: &mut Tx, case_id: i64, t: &TaskInput) -> Result<i64> {
    let now = Stamp::now();
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO tasks (case_id, title, due_on, assignee, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
           RETURNING id AS "id!""#,
        case_id,
        t.title,
        t.due_on,
        t.assignee,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Changes a task; `false` when missing.
pub async fn update(tx: &mut Tx, id: i64, t: &TaskInput) -> Result<bool> {
    let now = Stamp::now();
    let done = sqlx::query!(
        "UPDATE tasks SET title = ?2, due_on = ?3, assignee = ?4, updated_at = ?5 WHERE id = ?1",
        id,
        t.title,
        t.due_on,
        t.assignee,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ticks a task done on `on`, or reopens it with `None`; `false` when missing.
pub async fn set_done(tx: &mut Tx, id: i64, on: Option<NaiveDate>) -> Result<bool> {
    let now = Stamp::now();
    let done = sqlx::query!(
        "UPDATE tasks SET done_on = ?2, updated_at = ?3 WHERE id = ?1",
        id,
        on,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A due task joined with its case, for the start page.
#[derive(Debug)]
pub struct DueTaskRow {
    /// task id
    pub id: i64,
    /// case id
    pub case_id: i64,
    /// case reference
    pub reference: String,
    /// case title
    pub case_title: String,
    /// case status
    pub case_status: crate::domain::CaseStatus,
    /// municipality name
    pub municipality: String,
    /// task title
    pub title: String,
    /// due date
    pub due_on: NaiveDate,
}

/// Open tasks of an advisor (assigned to them, or on their open cases) due up to `until`.
pub async fn due_for<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    advisor: &str,
    until: NaiveDate,
) -> Result<Vec<crate::domain::DueItem>> {
    let rows = sqlx::query_as!(
        DueTaskRow,
        r#"SELECT k.id, k.case_id, c.reference, c.title AS case_title, c.status AS "case_status: crate::domain::CaseStatus",
                  m.name AS municipality, k.title, k.due_on AS "due_on!: NaiveDate"
             FROM tasks k JOIN cases c ON c.id = k.case_id JOIN municipalities m ON m.id = c.municipality_id
            WHERE k.done_on IS NULL AND k.due_on IS NOT NULL AND k.due_on <= ?2
              AND c.status <> 'closed' AND (k.assignee = ?1 OR c.advisor = ?1)
            ORDER BY k.due_on, k.id"#,
        advisor,
        until
    )
    .fetch_all(executor)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(crate::domain::DueItem {
                kind: crate::domain::DueKind::Task,
                task_id: Some(r.id),
                case_id: r.case_id,
                reference: r.reference,
                case_title: r.case_title,
                case_status: r.case_status,
                municipality: r.municipality,
                title: r.title,
                due_on: r.due_on,
                overdue: false,
            })
        })
        .collect()
}

/// Inserts many tasks with multi-row statements (bulk loads); `done_on` per task.
pub async fn insert_many(tx: &mut Tx, tasks: &[(i64, TaskInput, Option<NaiveDate>)]) -> Result<()> {
    let now = Stamp::now();
    for chunk in tasks.chunks(500) {
        let mut builder = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO tasks (case_id, title, due_on, assignee, done_on, created_at, updated_at) ",
        );
        builder.push_values(chunk, |mut row, (case_id, t, done_on)| {
            row.push_bind(*case_id)
                .push_bind(&t.title)
                .push_bind(t.due_on)
                .push_bind(&t.assignee)
                .push_bind(*done_on)
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
    async fn tasks_round_trip_and_due_list() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let m = fixtures::municipality(&mut tx, "Eichenau").await;
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
        let input = fixtures::case_input(m, "Jugendtreff", day(1));
        let (case_id, _) = cases::insert(&mut tx, &input, CaseStatus::Active, day(1))
            .await
            .expect("case");
        let task = |title: &str, due: Option<NaiveDate>, assignee: &str| TaskInput {
            title: title.into(),
            due_on: due,
            assignee: assignee.into(),
        };
        let early = insert(&mut tx, case_id, &task("Antrag prüfen", Some(day(20)), "Miriam Albers"))
            .await
            .expect("t");
        insert(&mut tx, case_id, &task("Später", Some(day(30)), "Miriam Albers"))
            .await
            .expect("t");
        insert(&mut tx, case_id, &task("Ohne Datum", None, "Miriam Albers"))
            .await
            .expect("t");
        let done = insert(&mut tx, case_id, &task("Erledigt", Some(day(2)), "Miriam Albers"))
            .await
            .expect("t");
        assert!(set_done(&mut tx, done, Some(day(3))).await.expect("done"));
        assert!(update(
            &mut tx,
            early,
            &task("Antrag prüfen und weiterleiten", Some(day(19)), "Miriam Albers")
        )
        .await
        .expect("u"));
        tx.commit().await.expect("commit");

        let all = of_case(store.pool(), case_id).await.expect("list");
        assert_eq!(
            all.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
            ["Antrag prüfen und weiterleiten", "Später", "Ohne Datum", "Erledigt"]
        );
        let due = due_for(store.pool(), "Miriam Albers", day(25)).await.expect("due");
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].due_on, day(19));
        assert!(due_for(store.pool(), "Someone Else", day(25))
            .await
            .expect("due")
            .is_empty());
        assert_eq!(case_of(store.pool(), early).await.expect("case"), Some(case_id));
    }
}
