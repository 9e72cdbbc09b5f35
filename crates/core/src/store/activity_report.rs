//! The reads behind the activity report: lean rows of what the period holds, already in the
//! report's scope where SQL can say it (cases and bookings: advisor, Bundesland, Kommune, topic).
//! `domain::activity_report::tally` counts them, so every figure is defined in one place.
//!
//! Cases and journal entries are read through covering indexes (migration 0015): a case's or an
//! entry's row, with its text, is never read to be counted.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Executor, Sqlite};

use super::instant::{self, Instant};
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

fn corrupt(what: &str, value: &str) -> Error {
    Error::Database(format!("unexpected {what} in the database: {value}"))
}

/// The cases open on at least one day of `period` within the scope, with their topics.
pub async fn cases<'c, E>(executor: E, period: &ReportPeriod, scope: &ScopeFilter<'_>) -> Result<Vec<CaseFact>>
where
    E: Executor<'c, Database = Sqlite> + Copy,
{
    let state = scope.state.map(FederalState::code);
    let facts = sqlx::query!(
        r#"SELECT json_group_array(c.id) AS "ids!: String", json_group_array(c.opened_on) AS "opened!: String",
                  json_group_array(c.closed_on) AS "closed!: String", json_group_array(c.advisor) AS "advisors!: String",
                  json_group_array(c.municipality_id) AS "municipalities!: String",
                  json_group_array(c.neighbourhood_id) AS "neighbourhoods!: String",
                  (SELECT json_group_array(ct.case_id) FROM case_topics ct) AS "linked_cases!: String",
                  (SELECT json_group_array(ct.topic_id) FROM case_topics ct) AS "linked_topics!: String",
                  (SELECT json_group_array(json_array(t.id, t.name)) FROM topics t) AS "topics!: String"
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
    apart(move || {
        let rows = zipped(
            zipped(
                zipped(
                    parsed::<Vec<i64>>(&facts.ids)?,
                    parsed::<Vec<NaiveDate>>(&facts.opened)?,
                )?,
                zipped(
                    parsed::<Vec<Option<NaiveDate>>>(&facts.closed)?,
                    parsed::<Vec<String>>(&facts.advisors)?,
                )?,
            )?,
            zipped(
                parsed::<Vec<i64>>(&facts.municipalities)?,
                parsed::<Vec<Option<i64>>>(&facts.neighbourhoods)?,
            )?,
        )?;
        // The links by number and the few names apart: the names would be copied once per link.
        let names: HashMap<i64, String> = parsed::<Vec<(i64, String)>>(&facts.topics)?.into_iter().collect();
        let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
        let linked: Vec<i64> = parsed(&facts.linked_cases)?;
        for (case_id, topic_id) in zipped(linked, parsed::<Vec<i64>>(&facts.linked_topics)?)? {
            if let Some(name) = names.get(&topic_id) {
                topics.entry(case_id).or_default().push(name.clone());
            }
        }
        Ok(rows
            .map(
                |(((id, opened_on), (closed_on, advisor)), (municipality_id, neighbourhood_id))| CaseFact {
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

/// A column a query handed over as one JSON array: a statement's rows cross into Rust one by
/// one, which for tens of thousands of rows costs more than the counting, so the report's reads
/// let SQLite build one array per column instead (see [`zipped`]).
fn parsed<'a, T: serde::Deserialize<'a>>(json: &'a str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::Database(format!("the report's facts: {e}")))
}

/// Pairs the columns of one read, handed over as one JSON array each (an array per row would cost
/// SQLite an allocation and a copy per row).
fn zipped<A, B>(a: A, b: B) -> Result<std::iter::Zip<A::IntoIter, B::IntoIter>>
where
    A: IntoIterator<IntoIter: ExactSizeIterator>,
    B: IntoIterator<IntoIter: ExactSizeIterator>,
{
    let (a, b) = (a.into_iter(), b.into_iter());
    if a.len() != b.len() {
        return Err(Error::Database(format!(
            "the report's facts: columns of {} and {} values",
            a.len(),
            b.len()
        )));
    }
    Ok(a.zip(b))
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
    let facts = sqlx::query!(
        r#"SELECT json_group_array(j.case_id) AS "cases!: String", json_group_array(j.kind) AS "kinds!: String",
                  json_group_array(j.occurred_on) AS "days!: String"
             FROM journal_entries j INDEXED BY journal_entries_report
            WHERE j.occurred_on BETWEEN ?1 AND ?2 AND j.kind NOT IN ('note', 'status_change')"#,
        period.from,
        period.to,
    )
    .fetch_one(executor)
    .await?;
    apart(move || {
        let days: Vec<&str> = parsed(&facts.days)?;
        let cases: Vec<i64> = parsed(&facts.cases)?;
        let kinds: Vec<JournalKind> = parsed(&facts.kinds)?;
        zipped(zipped(cases, kinds)?, days)?
            .map(|((case_id, kind), occurred_on)| {
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
    let facts = sqlx::query!(
        r#"SELECT json_group_array(b.start_at) AS "starts!: String", json_group_array(b.end_at) AS "ends!: String",
                  json_group_array(b.status) AS "statuses!: String", json_group_array(b.no_show) AS "no_shows!: String",
                  json_group_array(b.municipality_id) AS "municipalities!: String",
                  json_group_array(b.series_id) AS "series!: String",
                  (SELECT json_group_array(json_array(s.id, s.neighbourhood_id, s.advisor)) FROM consultation_series s)
                      AS "all_series!: String"
             FROM bookings b INDEXED BY bookings_report
            WHERE b.start_at >= ?1 AND b.start_at < ?2 AND b.status IN ('booked', 'cancelled')
              AND (?3 IS NULL OR b.series_id IN (SELECT s.id FROM consultation_series s WHERE s.advisor = ?3))
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
    apart(move || {
        let series: HashMap<i64, (Option<i64>, String)> = parsed::<Vec<(i64, Option<i64>, String)>>(&facts.all_series)?
            .into_iter()
            .map(|(id, neighbourhood_id, advisor)| (id, (neighbourhood_id, advisor)))
            .collect();
        let rows = zipped(
            zipped(
                zipped(parsed::<Vec<&str>>(&facts.starts)?, parsed::<Vec<&str>>(&facts.ends)?)?,
                zipped(
                    parsed::<Vec<BookingStatus>>(&facts.statuses)?,
                    parsed::<Vec<u8>>(&facts.no_shows)?,
                )?,
            )?,
            zipped(
                parsed::<Vec<i64>>(&facts.municipalities)?,
                parsed::<Vec<i64>>(&facts.series)?,
            )?,
        )?;
        rows.map(
            |(((start, end), (status, no_show)), (municipality_id, series_id))| -> Result<BookingFact> {
                let (neighbourhood_id, advisor) = series.get(&series_id).cloned().unwrap_or_default();
                Ok(BookingFact {
                    start: instant::parse(start)?,
                    end: instant::parse(end)?,
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
