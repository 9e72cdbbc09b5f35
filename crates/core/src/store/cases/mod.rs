//! Cases: the rows themselves, reference numbers and the case list.

pub mod search;
pub mod topics;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{format_reference, Case, CaseFilter, CaseHit, CaseInput, CaseStatus, CaseSummary, Priority};
use crate::{Error, Result};

/// A row of `cases`.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub status: CaseStatus,
    pub priority: Priority,
    pub municipality_id: i64,
    pub neighbourhood_id: Option<i64>,
    pub advisor: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// next step
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDate>,
    /// last change
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<CaseRow> for Case {
    type Error = Error;
    fn try_from(row: CaseRow) -> Result<Self> {
        Ok(Case {
            id: row.id,
            reference: row.reference,
            title: row.title,
            summary: row.summary,
            status: row.status,
            priority: row.priority,
            municipality_id: row.municipality_id,
            neighbourhood_id: row.neighbourhood_id,
            advisor: row.advisor,
            opened_on: row.opened_on,
            closed_on: row.closed_on,
            next_step: row.next_step,
            next_step_due: row.next_step_due,
            updated_at: row.updated_at,
        })
    }
}

/// A row of the `case_summaries` view, with search highlights when it came from a search.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct CaseSummaryRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    pub priority: Priority,
    pub municipality_id: i64,
    /// municipality name
    pub municipality: String,
    pub neighbourhood_id: Option<i64>,
    /// neighbourhood name
    pub neighbourhood: Option<String>,
    /// topic names as a JSON array
    pub topics_json: String,
    pub advisor: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// next step
    pub next_step: Option<String>,
    pub next_step_due: Option<NaiveDate>,
    pub overdue: bool,
    /// marked title (search only)
    pub title_marked: Option<String>,
    /// marked excerpt (search only)
    pub snippet: Option<String>,
}

impl TryFrom<CaseSummaryRow> for CaseHit {
    type Error = Error;
    fn try_from(row: CaseSummaryRow) -> Result<Self> {
        let topics: Vec<String> =
            serde_json::from_str(&row.topics_json).map_err(|e| Error::Database(format!("bad topic list: {e}")))?;
        Ok(CaseHit {
            case: CaseSummary {
                id: row.id,
                reference: row.reference,
                title: row.title,
                status: row.status,
                priority: row.priority,
                municipality_id: row.municipality_id,
                municipality: row.municipality,
                neighbourhood_id: row.neighbourhood_id,
                neighbourhood: row.neighbourhood,
                topics,
                advisor: row.advisor,
                opened_on: row.opened_on,
                closed_on: row.closed_on,
                next_step: row.next_step,
                next_step_due: row.next_step_due,
            },
            title_marked: row.title_marked,
            snippet: row.snippet,
            overdue: row.overdue,
        })
    }
}

/// One case.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<Case>> {
    sqlx::query_as!(
        CaseRow,
        r#"SELECT id, reference, title, summary, status AS "status: CaseStatus", priority AS "priority: Priority", municipality_id, neighbourhood_id, advisor,
                  opened_on AS "opened_on: NaiveDate", closed_on AS "closed_on: NaiveDate", next_step,
                  next_step_due AS "next_step_due: NaiveDate", updated_at AS "updated_at: Stamp"
             FROM cases WHERE id = ?1"#,
        id
    )
    .fetch_optional(executor)
    .await?
    .map(Case::try_from)
    .transpose()
}

/// Inserts a case with the next free reference of its opening year. The caller's transaction must
/// be a write transaction (`BEGIN IMMEDIATE`), so two writers never draw the same number.
pub async fn insert(tx: &mut Tx, input: &CaseInput, status: CaseStatus, opened_on: NaiveDate) -> Result<(i64, String)> {
    let year = opened_on.year();
    let number = sqlx::query_scalar!(
        r#"SELECT coalesce(max(reference_number), 0) + 1 AS "next!: i64" FROM cases WHERE reference_year = ?1"#,
        year
    )
    .fetch_one(&mut **tx)
    .await?;
    // In a team, the advisor's prefix keeps references made offline on two laptops apart.
    let prefix = super::team::connection::reference_prefix(&mut **tx).await?;
    let reference = format_reference(year, prefix.as_deref(), number);
    let now = Stamp::now();
    let priority = input.priority;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO cases (reference, reference_year, reference_number, title, summary, status, priority,
                              municipality_id, neighbourhood_id, advisor, opened_on, closed_on, next_step,
                              next_step_due, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
           RETURNING id AS "id!""#,
        reference,
        year,
        number,
        input.title,
        input.summary,
        status,
        priority,
        input.municipality_id,
        input.neighbourhood_id,
        input.advisor,
        opened_on,
        input.closed_on,
        input.next_step,
        input.next_step_due,
        now
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, reference))
}

/// Updates the editable fields of a case; `false` when missing.
pub async fn update(tx: &mut Tx, id: i64, input: &CaseInput) -> Result<bool> {
    let now = Stamp::now();
    let priority = input.priority;
    let done = sqlx::query!(
        "UPDATE cases SET title = ?2, summary = ?3, priority = ?4, municipality_id = ?5, neighbourhood_id = ?6,
                advisor = ?7, opened_on = coalesce(?8, opened_on), next_step = ?9, next_step_due = ?10,
                closed_on = CASE WHEN status = 'closed' THEN coalesce(?11, closed_on) ELSE NULL END,
                updated_at = ?12
          WHERE id = ?1",
        id,
        input.title,
        input.summary,
        priority,
        input.municipality_id,
        input.neighbourhood_id,
        input.advisor,
        input.opened_on,
        input.next_step,
        input.next_step_due,
        input.closed_on,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets status and closing date.
pub async fn set_status(tx: &mut Tx, id: i64, status: CaseStatus, closed_on: Option<NaiveDate>) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE cases SET status = ?2, closed_on = ?3, updated_at = ?4 WHERE id = ?1",
        id,
        status,
        closed_on,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The reference of a case (`BF-2026-0042`), `None` when there is no such case.
pub async fn reference<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT reference FROM cases WHERE id = ?1", id)
        .fetch_optional(executor)
        .await?)
}

/// The profile the case was last printed with.
pub async fn print_profile<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT print_profile FROM cases WHERE id = ?1", id)
        .fetch_optional(executor)
        .await?
        .flatten())
}

/// Remembers the profile the case was printed with (not a change of the case: `updated_at` stays).
pub async fn set_print_profile(tx: &mut Tx, id: i64, profile: &str) -> Result<()> {
    sqlx::query!("UPDATE cases SET print_profile = ?2 WHERE id = ?1", id, profile)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks a case as changed (its journal, tasks or people changed).
pub async fn touch(tx: &mut Tx, id: i64) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!("UPDATE cases SET updated_at = ?2 WHERE id = ?1", id, now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The case list: filtered, newest first (or most recently changed first), at most `limit` rows.
pub async fn list<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    filter: &CaseFilter,
    by_last_change: bool,
    limit: i64,
) -> Result<Vec<CaseHit>> {
    let status = filter.status;
    sqlx::query_as!(
        CaseSummaryRow,
        r#"SELECT id AS "id!", reference AS "reference!", title AS "title!", status AS "status!: CaseStatus", priority AS "priority!: Priority",
                  municipality_id AS "municipality_id!", municipality AS "municipality!", neighbourhood_id,
                  neighbourhood, topics_json AS "topics_json!", advisor AS "advisor!",
                  opened_on AS "opened_on!: NaiveDate", closed_on AS "closed_on: NaiveDate", next_step,
                  next_step_due AS "next_step_due: NaiveDate", overdue AS "overdue!: bool",
                  NULL AS "title_marked: String", NULL AS "snippet: String"
             FROM case_summaries s
            WHERE (?1 IS NULL OR status = ?1)
              AND (?2 IS NULL OR municipality_id = ?2)
              AND (?3 IS NULL OR neighbourhood_id = ?3)
              AND (?4 IS NULL OR EXISTS (SELECT 1 FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                          WHERE ct.case_id = s.id AND t.name = ?4))
              AND (?5 IS NULL OR advisor = ?5)
              AND (?6 = 0 OR overdue)
            ORDER BY CASE WHEN ?7 THEN updated_at END DESC, opened_on DESC, id DESC
            LIMIT ?8"#,
        status,
        filter.municipality_id,
        filter.neighbourhood_id,
        filter.topic,
        filter.advisor,
        filter.overdue,
        by_last_change,
        limit
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(CaseHit::try_from)
    .collect()
}

/// Advisors named on cases, sorted.
pub async fn advisors<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar!("SELECT DISTINCT advisor FROM cases ORDER BY advisor")
            .fetch_all(executor)
            .await?,
    )
}

/// Number of open cases of an advisor.
pub async fn open_count_of<'c, E: Executor<'c, Database = Sqlite>>(executor: E, advisor: &str) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!: i64" FROM cases WHERE advisor = ?1 AND status <> 'closed'"#,
        advisor
    )
    .fetch_one(executor)
    .await?)
}

/// A case whose next step is due, for the start page.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct DueNextStepRow {
    /// case id
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub status: CaseStatus,
    /// municipality name
    pub municipality: String,
    /// next step
    pub next_step: String,
    pub next_step_due: NaiveDate,
}

/// Next steps of an advisor's open cases due up to `until`.
pub async fn next_steps_due_for<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    advisor: &str,
    until: NaiveDate,
) -> Result<Vec<crate::domain::DueItem>> {
    let rows = sqlx::query_as!(
        DueNextStepRow,
        r#"SELECT c.id, c.reference, c.title, c.status AS "status: CaseStatus", m.name AS municipality,
                  c.next_step AS "next_step!", c.next_step_due AS "next_step_due!: NaiveDate"
             FROM cases c JOIN municipalities m ON m.id = c.municipality_id
            WHERE c.advisor = ?1 AND c.status <> 'closed' AND c.next_step IS NOT NULL
              AND c.next_step_due IS NOT NULL AND c.next_step_due <= ?2
            ORDER BY c.next_step_due, c.id"#,
        advisor,
        until
    )
    .fetch_all(executor)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(crate::domain::DueItem {
                kind: crate::domain::DueKind::NextStep,
                task_id: None,
                case_id: r.id,
                reference: r.reference,
                case_title: r.title,
                case_status: r.status,
                municipality: r.municipality,
                title: r.next_step,
                due_on: r.next_step_due,
                overdue: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FederalState, ValidMunicipality};
    use crate::store::{municipalities, Store};

    async fn setup(store: &Store) -> i64 {
        let mut tx = store.begin().await.expect("tx");
        let m = municipalities::insert(
            &mut tx,
            &ValidMunicipality {
                name: "Birkenfelde".into(),
                state: FederalState::NI,
                ags: None,
            },
        )
        .await
        .expect("m");
        tx.commit().await.expect("commit");
        m
    }

    fn input(m: i64, title: &str) -> CaseInput {
        CaseInput {
            title: title.into(),
            summary: "Zusammenfassung".into(),
            priority: Priority::High,
            municipality_id: Some(m),
            neighbourhood_id: None,
            advisor: "Jonas Wehrmann".into(),
            opened_on: None,
            closed_on: None,
            next_step: Some("Ortstermin".into()),
            next_step_due: NaiveDate::from_ymd_opt(2020, 1, 1),
            topics: vec![],
        }
    }

    #[tokio::test]
    async fn references_count_per_year() {
        let store = Store::in_memory().await.expect("store");
        let m = setup(&store).await;
        let mut tx = store.begin().await.expect("tx");
        let d = |y| NaiveDate::from_ymd_opt(y, 5, 1).expect("date");
        let (_, a) = insert(&mut tx, &input(m, "A"), CaseStatus::New, d(2025))
            .await
            .expect("a");
        let (_, b) = insert(&mut tx, &input(m, "B"), CaseStatus::New, d(2026))
            .await
            .expect("b");
        let (_, c) = insert(&mut tx, &input(m, "C"), CaseStatus::New, d(2026))
            .await
            .expect("c");
        tx.commit().await.expect("commit");
        assert_eq!([a, b, c], ["BF-2025-0001", "BF-2026-0001", "BF-2026-0002"]);
    }

    #[tokio::test]
    async fn list_filters_and_overdue() {
        let store = Store::in_memory().await.expect("store");
        let m = setup(&store).await;
        let mut tx = store.begin().await.expect("tx");
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        let (first, _) = insert(&mut tx, &input(m, "Erster Fall"), CaseStatus::Active, today)
            .await
            .expect("1");
        let (second, _) = insert(&mut tx, &input(m, "Zweiter Fall"), CaseStatus::Closed, today)
            .await
            .expect("2");
        crate::store::cases::topics::set_for_case(&mut tx, first, &["Wohnen".into(), "Bildung".into()])
            .await
            .expect("topics");
        assert!(update(
            &mut tx,
            second,
            &CaseInput {
                next_step_due: None,
                ..input(m, "Zweiter Fall, geändert")
            }
        )
        .await
        .expect("update"));
        tx.commit().await.expect("commit");

        let all = list(store.pool(), &CaseFilter::default(), false, 100)
            .await
            .expect("list");
        assert_eq!(all.len(), 2);
        let active = list(
            store.pool(),
            &CaseFilter {
                status: Some(CaseStatus::Active),
                ..Default::default()
            },
            false,
            100,
        )
        .await
        .expect("list");
        assert_eq!(active.len(), 1);
        assert_eq!(active[0].case.topics, ["Bildung", "Wohnen"]);
        assert!(active[0].overdue, "next step due in 2020");
        let overdue = list(
            store.pool(),
            &CaseFilter {
                overdue: true,
                ..Default::default()
            },
            false,
            100,
        )
        .await
        .expect("list");
        assert_eq!(
            overdue.iter().map(|h| h.case.id).collect::<Vec<_>>(),
            [first],
            "closed cases are never overdue"
        );
        let by_topic = list(
            store.pool(),
            &CaseFilter {
                topic: Some("Wohnen".into()),
                ..Default::default()
            },
            false,
            100,
        )
        .await
        .expect("list");
        assert_eq!(by_topic.len(), 1);
        let changed = get(store.pool(), second).await.expect("get").expect("exists");
        assert_eq!(changed.title, "Zweiter Fall, geändert");
        let due = next_steps_due_for(store.pool(), "Jonas Wehrmann", today)
            .await
            .expect("due");
        assert_eq!(due.len(), 1, "only the open case's next step");
    }
}
