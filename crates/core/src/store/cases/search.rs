//! Full-text search over the one-document-per-case FTS5 index (`case_search`).
//!
//! The index folds diacritics (`unicode61 remove_diacritics 2`), so `begegnungsstatte` finds
//! "Begegnungsstätte"; every word the user types is a prefix, all words must match.

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite};

use super::CaseSummaryRow;
use crate::domain::{CaseFilter, CaseHit, CaseStatus, Priority};
use crate::Result;

/// Turns what the user typed into an FTS5 query: each word quoted (so operators and quotes in the
/// input are plain text) and made a prefix. `None` when nothing searchable is left.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(12)
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Ranked search with the list's filters; `query` comes from [`fts_query`].
pub async fn search<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    query: &str,
    filter: &CaseFilter,
    limit: i64,
) -> Result<Vec<CaseHit>> {
    let status = filter.status;
    sqlx::query_as!(
        CaseSummaryRow,
        r#"SELECT s.id AS "id!", s.reference AS "reference!", s.title AS "title!", s.status AS "status!: CaseStatus",
                  s.priority AS "priority!: Priority", s.municipality_id AS "municipality_id!", s.municipality AS "municipality!",
                  s.neighbourhood_id, s.neighbourhood, s.topics_json AS "topics_json!", s.advisor AS "advisor!",
                  s.opened_on AS "opened_on!: NaiveDate", s.closed_on AS "closed_on: NaiveDate", s.next_step,
                  s.next_step_due AS "next_step_due: NaiveDate", s.overdue AS "overdue!: bool",
                  highlight(case_search, 0, char(2), char(3)) AS "title_marked: String",
                  snippet(case_search, -1, char(2), char(3), '…', 16) AS "snippet: String"
             FROM case_search JOIN case_summaries s ON s.id = case_search.rowid
            WHERE case_search MATCH ?8
              AND (?1 IS NULL OR s.status = ?1)
              AND (?2 IS NULL OR s.municipality_id = ?2)
              AND (?3 IS NULL OR s.neighbourhood_id = ?3)
              AND (?4 IS NULL OR EXISTS (SELECT 1 FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                          WHERE ct.case_id = s.id AND t.name = ?4))
              AND (?5 IS NULL OR s.advisor = ?5)
              AND (?6 = 0 OR s.overdue)
            ORDER BY case_search.rank
            LIMIT ?7"#,
        status,
        filter.municipality_id,
        filter.neighbourhood_id,
        filter.topic,
        filter.advisor,
        filter.overdue,
        limit,
        query
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(CaseHit::try_from)
    .collect()
}

/// The bare FTS5 query (ids and excerpts of the best-ranked cases), the baseline the search
/// benchmark compares [`search`] against.
pub async fn ranked_ids<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    query: &str,
    limit: i64,
) -> Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT rowid, snippet(case_search, -1, char(2), char(3), '…', 16) FROM case_search
          WHERE case_search MATCH ?1 ORDER BY rank LIMIT ?2",
    )
    .bind(query)
    .bind(limit)
    .fetch_all(executor)
    .await?;
    Ok(rows)
}

/// Rebuilds every case's search document, after a bulk load with the triggers paused.
pub async fn rebuild(tx: &mut crate::store::Tx) -> Result<()> {
    sqlx::query!("DELETE FROM case_search").execute(&mut **tx).await?;
    sqlx::query!(
        "INSERT INTO case_search (rowid, title, summary, next_step, journal, people, place)
         SELECT case_id, title, summary, next_step, journal, people, place FROM case_search_documents"
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Pauses (or resumes) the index triggers inside the caller's transaction.
pub async fn pause_triggers(tx: &mut crate::store::Tx, paused: bool) -> Result<()> {
    if paused {
        sqlx::query!("INSERT OR IGNORE INTO search_index_paused (id) VALUES (1)")
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query!("DELETE FROM search_index_paused")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseInput, JournalKind};
    use crate::store::fixtures;
    use crate::store::{cases, journal, Store};

    #[tokio::test]
    async fn index_follows_writes_and_survives_a_paused_bulk_load() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let m = fixtures::municipality(&mut tx, "Falkenau").await;
        let day = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
        let input = fixtures::case_input(m, "Nachbarschaftsgarten", day);
        let (live, _) = cases::insert(&mut tx, &input, CaseStatus::Active, day)
            .await
            .expect("case");
        journal::insert(
            &mut tx,
            live,
            day,
            JournalKind::Note,
            "A",
            "Hochbeete für die Grundschule",
        )
        .await
        .expect("j");
        pause_triggers(&mut tx, true).await.expect("pause");
        let (bulk, _) = cases::insert(
            &mut tx,
            &CaseInput {
                title: "Stadtteilfest".into(),
                ..input
            },
            CaseStatus::New,
            day,
        )
        .await
        .expect("case");
        tx.commit().await.expect("commit");

        let query = |text: &str| fts_query(text).expect("query");
        let hits = search(store.pool(), &query("hochbee"), &CaseFilter::default(), 10)
            .await
            .expect("search");
        assert_eq!(hits.iter().map(|h| h.case.id).collect::<Vec<_>>(), [live]);
        assert_eq!(
            hits[0].snippet.as_deref(),
            Some("\u{2}Hochbeete\u{3} für die Grundschule")
        );
        assert!(
            ranked_ids(store.pool(), &query("stadtteilfest"), 10)
                .await
                .expect("fts")
                .is_empty(),
            "paused"
        );

        let mut tx = store.begin().await.expect("tx");
        pause_triggers(&mut tx, false).await.expect("resume");
        rebuild(&mut tx).await.expect("rebuild");
        tx.commit().await.expect("commit");
        let ids = ranked_ids(store.pool(), &query("stadtteilfest"), 10)
            .await
            .expect("fts");
        assert_eq!(ids.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [bulk]);
        assert_eq!(
            ranked_ids(store.pool(), &query("falkenau"), 10)
                .await
                .expect("fts")
                .len(),
            2
        );
    }

    #[test]
    fn queries_are_quoted_prefixes() {
        assert_eq!(
            fts_query("  Begegnungs stätte "),
            Some("\"Begegnungs\"* \"stätte\"*".into())
        );
        assert_eq!(
            fts_query("\"OR\" NEAR(x) -y*"),
            Some("\"OR\"* \"NEAR\"* \"x\"* \"y\"*".into())
        );
        assert_eq!(fts_query(" -- "), None);
        assert_eq!(
            fts_query("<script>alert(1)</script>"),
            Some("\"script\"* \"alert\"* \"1\"* \"script\"*".into())
        );
    }
}
