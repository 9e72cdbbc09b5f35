//! Consultation-hour series and their exceptions.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{ConsultationSeries, ExceptionKind, FederalState, RecurrenceKind, SeriesException, SeriesInput};
use crate::{Error, Result};

/// A row of `consultation_series` with the names it refers to.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct SeriesRow {
    pub id: i64,
    /// calendar UID
    pub uid: String,
    /// calendar SEQUENCE
    pub sequence: i64,
    pub title: String,
    pub municipality_id: i64,
    pub neighbourhood_id: Option<i64>,
    /// place
    pub location: Option<String>,
    /// online link
    pub online_url: Option<String>,
    pub advisor: String,
    /// IANA zone
    pub time_zone: String,
    /// `weekly` or `monthly_nth_weekday`
    pub recurrence: RecurrenceKind,
    /// every N weeks
    pub interval_weeks: i64,
    /// ISO weekdays, comma-separated
    pub weekdays: String,
    /// n-th weekday
    pub nth: i64,
    /// first day
    pub starts_on: NaiveDate,
    /// last day
    pub until_on: Option<NaiveDate>,
    pub occurrence_count: Option<i64>,
    /// window start `HH:MM:SS`
    pub window_start: String,
    /// window end `HH:MM:SS`
    pub window_end: String,
    /// slot length
    pub slot_minutes: i64,
    pub buffer_minutes: i64,
    /// skip holidays
    pub skip_holidays: bool,
    /// municipality name
    pub municipality: String,
    /// its state
    pub state: String,
    /// neighbourhood name
    pub neighbourhood: Option<String>,
    /// last change
    pub updated_at: DateTime<Utc>,
}

/// A row of `series_exceptions`.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct ExceptionRow {
    pub series_id: i64,
    /// `skip`, `move` or `extra`
    pub kind: ExceptionKind,
    /// day of the original occurrence
    pub original_on: Option<NaiveDate>,
    /// new day
    pub on_date: Option<NaiveDate>,
    /// new start
    pub start_time: Option<String>,
    /// new end
    pub end_time: Option<String>,
    pub reason: Option<String>,
}

fn corrupt(what: &str, value: &str) -> Error {
    Error::Database(format!("unknown {what} {value}"))
}

fn parse_time(value: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(value, "%H:%M:%S").map_err(|_| corrupt("time", value))
}

fn time_text(time: NaiveTime) -> String {
    time.format("%H:%M:%S").to_string()
}

impl TryFrom<ExceptionRow> for SeriesException {
    type Error = Error;
    fn try_from(row: ExceptionRow) -> Result<Self> {
        Ok(SeriesException {
            kind: row.kind,
            original_on: row.original_on,
            date: row.on_date,
            start: row.start_time.as_deref().map(parse_time).transpose()?,
            end: row.end_time.as_deref().map(parse_time).transpose()?,
            reason: row.reason,
        })
    }
}

impl TryFrom<(SeriesRow, Vec<SeriesException>)> for ConsultationSeries {
    type Error = Error;
    fn try_from((row, exceptions): (SeriesRow, Vec<SeriesException>)) -> Result<Self> {
        let recurrence = row.recurrence;
        let weekdays = row
            .weekdays
            .split(',')
            .map(|d| d.trim().parse::<u8>().map_err(|_| corrupt("weekdays", &row.weekdays)))
            .collect::<Result<Vec<u8>>>()?;
        let number = |value: i64, what: &str| -> Result<u32> {
            u32::try_from(value).map_err(|_| corrupt(what, &value.to_string()))
        };
        Ok(ConsultationSeries {
            id: row.id,
            uid: row.uid,
            sequence: row.sequence,
            state: FederalState::from_code(&row.state).ok_or_else(|| corrupt("state", &row.state))?,
            municipality: row.municipality,
            neighbourhood: row.neighbourhood,
            updated_at: row.updated_at,
            input: SeriesInput {
                title: row.title,
                municipality_id: row.municipality_id,
                neighbourhood_id: row.neighbourhood_id,
                location: row.location,
                online_url: row.online_url,
                advisor: row.advisor,
                time_zone: row.time_zone,
                recurrence,
                interval_weeks: u16::try_from(row.interval_weeks)
                    .map_err(|_| corrupt("interval", &row.interval_weeks.to_string()))?,
                weekdays,
                nth: i8::try_from(row.nth).map_err(|_| corrupt("nth", &row.nth.to_string()))?,
                starts_on: row.starts_on,
                until_on: row.until_on,
                count: row.occurrence_count.map(|c| number(c, "count")).transpose()?,
                window_start: parse_time(&row.window_start)?,
                window_end: parse_time(&row.window_end)?,
                slot_minutes: number(row.slot_minutes, "slot length")?,
                buffer_minutes: number(row.buffer_minutes, "buffer")?,
                skip_holidays: row.skip_holidays,
                exceptions,
            },
        })
    }
}

/// Series, optionally of one municipality and one advisor, by title.
pub async fn list<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    municipality_id: Option<i64>,
    advisor: Option<&str>,
) -> Result<Vec<SeriesRow>> {
    select(executor, municipality_id, advisor, None).await
}

/// One series row.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<SeriesRow>> {
    Ok(select(executor, None, None, Some(id)).await?.into_iter().next())
}

async fn select<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    municipality_id: Option<i64>,
    advisor: Option<&str>,
    id: Option<i64>,
) -> Result<Vec<SeriesRow>> {
    Ok(sqlx::query_as!(
        SeriesRow,
        r#"SELECT s.id, s.uid, s.sequence, s.title, s.municipality_id, s.neighbourhood_id, s.location,
                  s.online_url, s.advisor, s.time_zone, s.recurrence AS "recurrence: RecurrenceKind", s.interval_weeks, s.weekdays, s.nth,
                  s.starts_on AS "starts_on: NaiveDate", s.until_on AS "until_on: NaiveDate",
                  s.occurrence_count, s.window_start, s.window_end, s.slot_minutes, s.buffer_minutes,
                  s.skip_holidays AS "skip_holidays: bool", m.name AS municipality, m.state,
                  n.name AS "neighbourhood?", s.updated_at AS "updated_at: Stamp"
             FROM consultation_series s
             JOIN municipalities m ON m.id = s.municipality_id
             LEFT JOIN neighbourhoods n ON n.id = s.neighbourhood_id
            WHERE (?1 IS NULL OR s.municipality_id = ?1) AND (?2 IS NULL OR s.advisor = ?2)
              AND (?3 IS NULL OR s.id = ?3)
            ORDER BY s.title COLLATE NOCASE, s.id"#,
        municipality_id,
        advisor,
        id
    )
    .fetch_all(executor)
    .await?)
}

/// Every exception, of all series; the caller groups them.
pub async fn exceptions<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    series_id: Option<i64>,
) -> Result<Vec<ExceptionRow>> {
    Ok(sqlx::query_as!(
        ExceptionRow,
        r#"SELECT series_id, kind AS "kind: ExceptionKind", original_on AS "original_on: NaiveDate", on_date AS "on_date: NaiveDate",
                  start_time, end_time, reason
             FROM series_exceptions WHERE (?1 IS NULL OR series_id = ?1)
            ORDER BY series_id, coalesce(original_on, on_date), id"#,
        series_id
    )
    .fetch_all(executor)
    .await?)
}

/// Adds a series with the given calendar UID; the exceptions are written separately.
pub async fn insert(tx: &mut Tx, uid: &str, s: &SeriesInput) -> Result<i64> {
    let now = Stamp::now();
    let recurrence = s.recurrence;
    let weekdays = weekdays_text(&s.weekdays);
    let (window_start, window_end) = (time_text(s.window_start), time_text(s.window_end));
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO consultation_series
               (uid, title, municipality_id, neighbourhood_id, location, online_url, advisor, time_zone,
                recurrence, interval_weeks, weekdays, nth, starts_on, until_on, occurrence_count,
                window_start, window_end, slot_minutes, buffer_minutes, skip_holidays, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)
           RETURNING id AS "id!""#,
        uid,
        s.title,
        s.municipality_id,
        s.neighbourhood_id,
        s.location,
        s.online_url,
        s.advisor,
        s.time_zone,
        recurrence,
        s.interval_weeks,
        weekdays,
        s.nth,
        s.starts_on,
        s.until_on,
        s.count,
        window_start,
        window_end,
        s.slot_minutes,
        s.buffer_minutes,
        s.skip_holidays,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Changes a series; `bump` raises its calendar SEQUENCE. `false` when missing.
pub async fn update(tx: &mut Tx, id: i64, s: &SeriesInput, bump: bool) -> Result<bool> {
    let now = Stamp::now();
    let recurrence = s.recurrence;
    let weekdays = weekdays_text(&s.weekdays);
    let (window_start, window_end) = (time_text(s.window_start), time_text(s.window_end));
    let done = sqlx::query!(
        r#"UPDATE consultation_series
              SET title = ?2, municipality_id = ?3, neighbourhood_id = ?4, location = ?5, online_url = ?6,
                  advisor = ?7, time_zone = ?8, recurrence = ?9, interval_weeks = ?10, weekdays = ?11, nth = ?12,
                  starts_on = ?13, until_on = ?14, occurrence_count = ?15, window_start = ?16, window_end = ?17,
                  slot_minutes = ?18, buffer_minutes = ?19, skip_holidays = ?20, updated_at = ?21,
                  sequence = sequence + ?22
            WHERE id = ?1"#,
        id,
        s.title,
        s.municipality_id,
        s.neighbourhood_id,
        s.location,
        s.online_url,
        s.advisor,
        s.time_zone,
        recurrence,
        s.interval_weeks,
        weekdays,
        s.nth,
        s.starts_on,
        s.until_on,
        s.count,
        window_start,
        window_end,
        s.slot_minutes,
        s.buffer_minutes,
        s.skip_holidays,
        now,
        bump
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the exceptions of a series.
pub async fn replace_exceptions(tx: &mut Tx, series_id: i64, list: &[SeriesException]) -> Result<()> {
    sqlx::query!("DELETE FROM series_exceptions WHERE series_id = ?1", series_id)
        .execute(&mut **tx)
        .await?;
    for e in list {
        let kind = e.kind;
        let (start, end) = (e.start.map(time_text), e.end.map(time_text));
        sqlx::query!(
            r#"INSERT INTO series_exceptions (series_id, kind, original_on, on_date, start_time, end_time, reason)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"#,
            series_id,
            kind,
            e.original_on,
            e.date,
            start,
            end,
            e.reason
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn weekdays_text(days: &[u8]) -> String {
    days.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{fixtures, Store};

    fn input(municipality_id: i64) -> SeriesInput {
        SeriesInput {
            title: "Sprechstunde".into(),
            municipality_id,
            neighbourhood_id: None,
            location: Some("Rathaus".into()),
            online_url: None,
            advisor: "Miriam Albers".into(),
            time_zone: "Europe/Berlin".into(),
            recurrence: RecurrenceKind::MonthlyNthWeekday,
            interval_weeks: 1,
            weekdays: vec![2],
            nth: -1,
            starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            until_on: None,
            count: Some(10),
            window_start: NaiveTime::from_hms_opt(9, 30, 0).expect("time"),
            window_end: NaiveTime::from_hms_opt(12, 0, 0).expect("time"),
            slot_minutes: 45,
            buffer_minutes: 5,
            skip_holidays: false,
            exceptions: vec![SeriesException {
                kind: ExceptionKind::Move,
                original_on: NaiveDate::from_ymd_opt(2026, 1, 27),
                date: NaiveDate::from_ymd_opt(2026, 1, 28),
                start: NaiveTime::from_hms_opt(14, 0, 0),
                end: NaiveTime::from_hms_opt(16, 0, 0),
                reason: Some("Raum belegt".into()),
            }],
        }
    }

    #[tokio::test]
    async fn series_round_trip_with_exceptions_and_sequence() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let municipality = fixtures::municipality(&mut tx, "Musterstadt").await;
        let id = insert(&mut tx, "series-1@test", &input(municipality))
            .await
            .expect("insert");
        replace_exceptions(&mut tx, id, &input(municipality).exceptions)
            .await
            .expect("exceptions");
        tx.commit().await.expect("commit");

        let row = get(store.pool(), id).await.expect("get").expect("row");
        let loaded = exceptions(store.pool(), Some(id))
            .await
            .expect("exceptions")
            .into_iter()
            .map(SeriesException::try_from)
            .collect::<Result<Vec<_>>>()
            .expect("valid");
        let series = ConsultationSeries::try_from((row, loaded)).expect("valid");
        assert_eq!(series.input, input(municipality));
        assert_eq!((series.uid.as_str(), series.sequence), ("series-1@test", 0));
        assert_eq!(series.municipality, "Musterstadt");

        let mut tx = store.begin().await.expect("tx");
        let changed = SeriesInput {
            title: "Neue Sprechstunde".into(),
            ..input(municipality)
        };
        assert!(update(&mut tx, id, &changed, true).await.expect("update"));
        replace_exceptions(&mut tx, id, &[]).await.expect("exceptions");
        assert!(!update(&mut tx, id + 1, &changed, true).await.expect("update missing"));
        tx.commit().await.expect("commit");
        let row = get(store.pool(), id).await.expect("get").expect("row");
        assert_eq!((row.title.as_str(), row.sequence), ("Neue Sprechstunde", 1));
        assert!(exceptions(store.pool(), Some(id)).await.expect("exceptions").is_empty());
        assert_eq!(
            list(store.pool(), Some(municipality), None).await.expect("list").len(),
            1
        );
        assert!(list(store.pool(), None, Some("Someone Else"))
            .await
            .expect("list")
            .is_empty());
    }
}
