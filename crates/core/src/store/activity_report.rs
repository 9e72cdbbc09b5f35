//! The reads behind the activity report: lean rows of what the period holds, already in the
//! report's scope where SQL can say it (cases and bookings: advisor, Bundesland, Kommune, topic).
//! `domain::activity_report::tally` counts them, so every figure is defined in one place.
//!
//! Cases and journal entries are read through covering indexes (migration 0015): a case's or an
//! entry's row, with its text, is never read to be counted.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Executor, Sqlite};

use super::instant::Instant;
use crate::domain::{
    BookingFact, BookingStatus, CaseFact, EventFormat, FederalState, JournalFact, JournalKind, ReportPeriod,
};
use crate::{Error, Result};

/// The scope as SQL parameters: each `None` does not restrict.
#[derive(Debug, Clone, Default)]
pub struct ScopeFilter<'a> {
    /// The case's advisor, the series' advisor.
    pub advisor: Option<&'a str>,
    /// The Kommune's Bundesland.
    pub state: Option<FederalState>,
    /// The Kommune.
    pub municipality_id: Option<i64>,
    /// A topic of the case (a booking: of its case).
    pub topic: Option<&'a str>,
}

/// A case as `cases` hands it over: id, opened, closed, advisor, Kommune, Quartier.
type CaseJson = (i64, NaiveDate, Option<NaiveDate>, String, i64, Option<i64>);

/// A booking as `bookings` hands it over: start and end (Unix seconds), status, no-show,
/// Kommune, series.
type BookingJson = (i64, i64, BookingStatus, u8, i64, i64);

fn corrupt(what: &str, value: &str) -> Error {
    Error::Database(format!("unexpected {what} in the database: {value}"))
}

/// The cases open on at least one day of `period` within the scope, with their topics.
pub async fn cases<'c, E>(executor: E, period: &ReportPeriod, scope: &ScopeFilter<'_>) -> Result<Vec<CaseFact>>
where
    E: Executor<'c, Database = Sqlite> + Copy,
{
    let state = scope.state.map(FederalState::code);
    let facts = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(c.id, c.opened_on, c.closed_on, c.advisor, c.municipality_id,
                                              c.neighbourhood_id)) AS "facts!: String"
             FROM cases c
            WHERE c.opened_on <= ?2 AND (c.closed_on IS NULL OR c.closed_on >= ?1)
              AND (?3 IS NULL OR c.advisor = ?3)
              AND (?4 IS NULL OR c.municipality_id IN (SELECT m.id FROM municipalities m WHERE m.state = ?4))
              AND (?5 IS NULL OR c.municipality_id = ?5)
              AND (?6 IS NULL OR c.id IN (SELECT ct.case_id FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                           WHERE t.name = ?6))"#,
        period.from,
        period.to,
        scope.advisor,
        state,
        scope.municipality_id,
        scope.topic,
    )
    .fetch_one(executor)
    .await?;
    // The links by number and the few names apart: the names would be copied once per link.
    let links = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(ct.case_id, ct.topic_id)) AS "links!: String" FROM case_topics ct"#
    )
    .fetch_one(executor)
    .await?;
    let names: HashMap<i64, String> = sqlx::query!(r#"SELECT id AS "id!", name FROM topics"#)
        .fetch_all(executor)
        .await?
        .into_iter()
        .map(|row| (row.id, row.name))
        .collect();
    apart(move || {
        let rows: Vec<CaseJson> = parsed(&facts)?;
        let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
        for (case_id, topic_id) in parsed::<Vec<(i64, i64)>>(&links)? {
            if let Some(name) = names.get(&topic_id) {
                topics.entry(case_id).or_default().push(name.clone());
            }
        }
        Ok(rows
            .into_iter()
            .map(
                |(id, opened_on, closed_on, advisor, municipality_id, neighbourhood_id)| CaseFact {
                    id,
                    opened_on,
                    closed_on,
                    advisor,
                    municipality_id,
                    neighbourhood_id,
                    topics: topics.remove(&id).unwrap_or_default(),
                },
            )
            .collect())
    })
    .await
}

/// The rows a query handed over as one JSON array: a statement's rows cross into Rust one by
/// one, which for tens of thousands of rows costs more than the counting, so the report's reads
/// let SQLite build one document instead.
fn parsed<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::Database(format!("the report's facts: {e}")))
}

/// Runs `shape` (parsing a read's document into facts, expanding the consultation hours) on a
/// blocking thread, so that the one connection serves the report's next read meanwhile:
/// `Planner::report_facts` starts them all at once, and SQLite's work and Rust's overlap.
pub(crate) async fn apart<T: Send + 'static>(shape: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(shape)
        .await
        .map_err(|e| Error::Database(format!("the report's facts: {e}")))?
}

/// The kind, case and month of every journal entry dated in `period` (notes and status changes
/// left out); the report keeps those of its cases.
pub async fn journal<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    period: &ReportPeriod,
) -> Result<Vec<JournalFact>> {
    let facts = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(j.case_id, j.kind, j.occurred_on)) AS "facts!: String"
             FROM journal_entries j INDEXED BY journal_entries_report
            WHERE j.occurred_on BETWEEN ?1 AND ?2 AND j.kind NOT IN ('note', 'status_change')"#,
        period.from,
        period.to,
    )
    .fetch_one(executor)
    .await?;
    apart(move || {
        let rows: Vec<(i64, JournalKind, &str)> =
            serde_json::from_str(&facts).map_err(|e| Error::Database(format!("the report's facts: {e}")))?;
        rows.into_iter()
            .map(|(case_id, kind, occurred_on)| {
                Ok(JournalFact {
                    case_id,
                    kind,
                    month: month_of(occurred_on).ok_or_else(|| corrupt("journal date", occurred_on))?,
                })
            })
            .collect()
    })
    .await
}

/// The month of a stored day (`YYYY-MM-DD`) as `domain::month_number` counts it, read from its
/// digits: a year's journal has tens of thousands of them, and SQLite's date functions on each
/// cost more than this.
fn month_of(day: &str) -> Option<i32> {
    let year: i32 = day.get(0..4)?.parse().ok()?;
    let month: i32 = day.get(5..7)?.parse().ok()?;
    (day.as_bytes().get(4) == Some(&b'-') && (1..=12).contains(&month)).then_some(year * 12 + month - 1)
}

/// Bookings whose slot starts in `start`..`end` (UTC), booked or cancelled, within the scope.
pub async fn bookings<'c, E: Executor<'c, Database = Sqlite> + Copy>(
    executor: E,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: &ScopeFilter<'_>,
) -> Result<Vec<BookingFact>> {
    let (start, end) = (Instant::new(start), Instant::new(end));
    let state = scope.state.map(FederalState::code);
    let facts = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(unixepoch(b.start_at), unixepoch(b.end_at), b.status, b.no_show,
                                              b.municipality_id, b.series_id)) AS "facts!: String"
             FROM bookings b INDEXED BY bookings_report
             JOIN consultation_series s ON s.id = b.series_id
            WHERE b.start_at >= ?1 AND b.start_at < ?2 AND b.status IN ('booked', 'cancelled')
              AND (?3 IS NULL OR s.advisor = ?3)
              AND (?4 IS NULL OR b.municipality_id IN (SELECT m.id FROM municipalities m WHERE m.state = ?4))
              AND (?5 IS NULL OR b.municipality_id = ?5)
              AND (?6 IS NULL OR b.case_id IN (SELECT ct.case_id FROM case_topics ct JOIN topics t ON t.id = ct.topic_id
                                                WHERE t.name = ?6))"#,
        start,
        end,
        scope.advisor,
        state,
        scope.municipality_id,
        scope.topic,
    )
    .fetch_one(executor)
    .await?;
    let series: HashMap<i64, (Option<i64>, String)> =
        sqlx::query!(r#"SELECT id AS "id!", neighbourhood_id, advisor FROM consultation_series"#)
            .fetch_all(executor)
            .await?
            .into_iter()
            .map(|row| (row.id, (row.neighbourhood_id, row.advisor)))
            .collect();
    apart(move || {
        let rows: Vec<BookingJson> = parsed(&facts)?;
        let at = |seconds: i64| {
            DateTime::from_timestamp(seconds, 0).ok_or_else(|| corrupt("booking instant", &seconds.to_string()))
        };
        rows.into_iter()
            .map(
                |(start, end, status, no_show, municipality_id, series_id)| -> Result<BookingFact> {
                    let (neighbourhood_id, advisor) = series.get(&series_id).cloned().unwrap_or_default();
                    Ok(BookingFact {
                        start: at(start)?,
                        end: at(end)?,
                        status,
                        no_show: no_show != 0,
                        municipality_id,
                        neighbourhood_id,
                        advisor,
                    })
                },
            )
            .collect()
    })
    .await
}

/// An event starting in the period, before the scope is applied (`Planner` applies it, as the
/// topic rule needs the title).
#[derive(Debug)]
#[allow(missing_docs)]
pub struct EventRow {
    pub id: i64,
    pub format: EventFormat,
    pub starts_on: NaiveDate,
    pub advisor: String,
    pub title: String,
    pub attended: u32,
    pub municipality_ids: Vec<i64>,
    pub case_topics: Vec<String>,
}

/// An event as `events` hands it over: id, format, first day, advisor, title, attended, linked
/// Kommunen, the Kommunen of linked cases, their topics.
type EventJson = (
    i64,
    EventFormat,
    NaiveDate,
    String,
    String,
    u32,
    Vec<i64>,
    Vec<i64>,
    Vec<String>,
);

/// The events that start in `period` and are not cancelled, with their attended participants,
/// linked Kommunen (and the Kommunen of linked cases) and the topics of linked cases.
pub async fn events<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    period: &ReportPeriod,
) -> Result<Vec<EventRow>> {
    let facts = sqlx::query_scalar!(
        r#"SELECT json_group_array(json_array(e.id, e.format, a.starts_on, a.advisor, a.title,
                  (SELECT count(*) FROM event_participants p WHERE p.event_id = e.id AND p.status = 'attended'),
                  json((SELECT json_group_array(l.municipality_id) FROM event_links l
                         WHERE l.event_id = e.id AND l.municipality_id IS NOT NULL)),
                  json((SELECT json_group_array(c.municipality_id) FROM event_links l JOIN cases c ON c.id = l.case_id
                         WHERE l.event_id = e.id AND l.case_id IS NOT NULL)),
                  json((SELECT json_group_array(t.name) FROM event_links l
                          JOIN case_topics ct ON ct.case_id = l.case_id JOIN topics t ON t.id = ct.topic_id
                         WHERE l.event_id = e.id AND l.case_id IS NOT NULL)))) AS "facts!: String"
             FROM events e JOIN appointments a ON a.id = e.appointment_id
            WHERE a.starts_on BETWEEN ?1 AND ?2 AND a.status <> 'cancelled'"#,
        period.from,
        period.to,
    )
    .fetch_one(executor)
    .await?;
    apart(move || {
        let rows: Vec<EventJson> = parsed(&facts)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, format, starts_on, advisor, title, attended, linked, of_cases, case_topics)| {
                    let mut municipality_ids = linked;
                    for m in of_cases {
                        if !municipality_ids.contains(&m) {
                            municipality_ids.push(m);
                        }
                    }
                    EventRow {
                        id,
                        format,
                        starts_on,
                        advisor,
                        title,
                        attended,
                        municipality_ids,
                        case_topics,
                    }
                },
            )
            .collect())
    })
    .await
}

/// A listed record: a case or an event, for the list behind a figure.
#[derive(Debug)]
#[allow(missing_docs)]
pub struct RecordRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub date: NaiveDate,
    pub municipality: Option<String>,
}

/// The cases of `ids`, by reference.
pub async fn case_records<'c, E: Executor<'c, Database = Sqlite>>(executor: E, ids: &[i64]) -> Result<Vec<RecordRow>> {
    let ids = serde_json::to_string(ids).map_err(|e| Error::Database(e.to_string()))?;
    Ok(sqlx::query_as!(
        RecordRow,
        r#"SELECT c.id AS "id!", c.reference, c.title, c.opened_on AS "date!: NaiveDate", m.name AS "municipality?"
             FROM cases c JOIN municipalities m ON m.id = c.municipality_id
            WHERE c.id IN (SELECT value FROM json_each(?1))
            ORDER BY c.reference"#,
        ids
    )
    .fetch_all(executor)
    .await?)
}

/// A listed event.
#[derive(Debug)]
#[allow(missing_docs)]
pub struct EventRecordRow {
    pub id: i64,
    pub format: EventFormat,
    pub title: String,
    pub date: NaiveDate,
    pub municipality: Option<String>,
}

/// The events of `ids`, by day.
pub async fn event_records<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    ids: &[i64],
) -> Result<Vec<EventRecordRow>> {
    let ids = serde_json::to_string(ids).map_err(|e| Error::Database(e.to_string()))?;
    Ok(sqlx::query_as!(
        EventRecordRow,
        r#"SELECT e.id AS "id!", e.format AS "format!: EventFormat", a.title, a.starts_on AS "date!: NaiveDate",
                  (SELECT m.name FROM event_links l
                     LEFT JOIN cases c ON c.id = l.case_id
                     JOIN municipalities m ON m.id = coalesce(l.municipality_id, c.municipality_id)
                    WHERE l.event_id = e.id ORDER BY l.id LIMIT 1) AS "municipality?"
             FROM events e JOIN appointments a ON a.id = e.appointment_id
            WHERE e.id IN (SELECT value FROM json_each(?1))
            ORDER BY a.starts_on, e.id"#,
        ids
    )
    .fetch_all(executor)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::month_of;
    use crate::domain::month_number;
    use chrono::NaiveDate;

    #[test]
    fn a_stored_day_gives_its_month() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default();
        assert_eq!(month_of("2026-12-31"), Some(month_number(day)));
        assert_eq!(month_of("2026-01-01"), Some(2026 * 12));
        for bad in ["", "2026", "2026/03/01", "2026-13-01", "2026-00-01", "abcd-01-01"] {
            assert_eq!(month_of(bad), None, "{bad}");
        }
    }
}
