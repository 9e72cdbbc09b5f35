//! Appointments: site visits, workshops, the congress and other dated events.

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;
use sqlx::{Executor, Sqlite};

use super::bookings::{parse_utc, utc_text, Busy};
use super::{now_stamp, Tx};
use crate::domain::{Appointment, AppointmentInput, AppointmentKind, AppointmentStatus, ValidAppointment};
use crate::{Error, Result};

/// A row of `appointments` with its case reference and municipality name.
#[derive(Debug)]
pub struct AppointmentRow {
    /// id
    pub id: i64,
    /// calendar UID
    pub uid: String,
    /// calendar SEQUENCE
    pub sequence: i64,
    /// kind
    pub kind: String,
    /// title
    pub title: String,
    /// place
    pub location: Option<String>,
    /// case
    pub case_id: Option<i64>,
    /// municipality
    pub municipality_id: Option<i64>,
    /// advisor
    pub advisor: String,
    /// all day
    pub all_day: bool,
    /// first day
    pub starts_on: NaiveDate,
    /// last day
    pub ends_on: NaiveDate,
    /// start time `HH:MM:SS`
    pub start_time: Option<String>,
    /// end time
    pub end_time: Option<String>,
    /// zone
    pub time_zone: String,
    /// start (UTC)
    pub start_at: String,
    /// end (UTC)
    pub end_at: String,
    /// status
    pub status: String,
    /// notes
    pub notes: Option<String>,
    /// case reference
    pub case_reference: Option<String>,
    /// municipality name
    pub municipality: Option<String>,
    /// last change
    pub updated_at: String,
}

fn parse_time(value: Option<&str>) -> Result<Option<NaiveTime>> {
    value
        .map(|v| NaiveTime::parse_from_str(v, "%H:%M:%S").map_err(|_| Error::Database(format!("bad time {v}"))))
        .transpose()
}

impl TryFrom<AppointmentRow> for Appointment {
    type Error = Error;
    fn try_from(row: AppointmentRow) -> Result<Self> {
        let zone: Tz = row
            .time_zone
            .parse()
            .map_err(|_| Error::Database(format!("unknown time zone {}", row.time_zone)))?;
        let status = match row.status.as_str() {
            "confirmed" => AppointmentStatus::Confirmed,
            "cancelled" => AppointmentStatus::Cancelled,
            other => return Err(Error::Database(format!("unknown appointment status {other}"))),
        };
        Ok(Appointment {
            id: row.id,
            uid: row.uid,
            sequence: row.sequence,
            status,
            start: parse_utc(&row.start_at)?.with_timezone(&zone).fixed_offset(),
            end: parse_utc(&row.end_at)?.with_timezone(&zone).fixed_offset(),
            case_reference: row.case_reference,
            municipality: row.municipality,
            conflicts: Vec::new(),
            updated_at: parse_utc(&row.updated_at)?,
            input: AppointmentInput {
                kind: AppointmentKind::parse(&row.kind)
                    .ok_or_else(|| Error::Database(format!("unknown appointment kind {}", row.kind)))?,
                title: row.title,
                location: row.location,
                case_id: row.case_id,
                municipality_id: row.municipality_id,
                advisor: row.advisor,
                all_day: row.all_day,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                start_time: parse_time(row.start_time.as_deref())?,
                end_time: parse_time(row.end_time.as_deref())?,
                time_zone: row.time_zone,
                notes: row.notes,
                accept_overlap: false,
            },
        })
    }
}

/// Which appointments to read.
#[derive(Debug, Clone, Default)]
pub struct AppointmentQuery<'a> {
    /// Ending after (UTC text).
    pub from: Option<&'a str>,
    /// Starting before (UTC text).
    pub to: Option<&'a str>,
    /// Of this municipality.
    pub municipality_id: Option<i64>,
    /// Of this advisor.
    pub advisor: Option<&'a str>,
    /// Of this case.
    pub case_id: Option<i64>,
    /// This one.
    pub id: Option<i64>,
}

/// Appointments matching the query, by start.
pub async fn find<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    q: &AppointmentQuery<'_>,
) -> Result<Vec<AppointmentRow>> {
    Ok(sqlx::query_as!(
        AppointmentRow,
        r#"SELECT a.id, a.uid, a.sequence, a.kind, a.title, a.location, a.case_id, a.municipality_id, a.advisor,
                  a.all_day AS "all_day: bool", a.starts_on AS "starts_on: NaiveDate", a.ends_on AS "ends_on: NaiveDate",
                  a.start_time, a.end_time, a.time_zone, a.start_at, a.end_at, a.status, a.notes,
                  c.reference AS "case_reference?", m.name AS "municipality?", a.updated_at
             FROM appointments a
             LEFT JOIN cases c ON c.id = a.case_id
             LEFT JOIN municipalities m ON m.id = a.municipality_id
            WHERE (?1 IS NULL OR a.end_at > ?1) AND (?2 IS NULL OR a.start_at < ?2)
              AND (?3 IS NULL OR a.municipality_id = ?3) AND (?4 IS NULL OR a.advisor = ?4)
              AND (?5 IS NULL OR a.case_id = ?5) AND (?6 IS NULL OR a.id = ?6)
            ORDER BY a.start_at, a.id"#,
        q.from,
        q.to,
        q.municipality_id,
        q.advisor,
        q.case_id,
        q.id
    )
    .fetch_all(executor)
    .await?)
}

/// Confirmed appointments of the advisor overlapping `start`–`end`, except `except`.
pub async fn overlapping<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    advisor: &str,
    start: &str,
    end: &str,
    except: Option<i64>,
) -> Result<Vec<Busy>> {
    Ok(sqlx::query_as!(
        Busy,
        r#"SELECT title AS "title!: String", start_at, time_zone FROM appointments
            WHERE advisor = ?1 AND status = 'confirmed' AND start_at < ?3 AND end_at > ?2
              AND (?4 IS NULL OR id <> ?4)
            ORDER BY start_at"#,
        advisor,
        start,
        end,
        except
    )
    .fetch_all(executor)
    .await?)
}

/// Adds an appointment with the given calendar UID.
pub async fn insert(tx: &mut Tx, uid: &str, a: &ValidAppointment) -> Result<i64> {
    let now = now_stamp();
    let i = &a.input;
    let kind = i.kind.as_str();
    let (start_time, end_time) = (
        i.start_time.map(|t| t.format("%H:%M:%S").to_string()),
        i.end_time.map(|t| t.format("%H:%M:%S").to_string()),
    );
    let (start_at, end_at) = (utc_text(a.start), utc_text(a.end));
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO appointments (uid, kind, title, location, case_id, municipality_id, advisor, all_day, starts_on,
                                     ends_on, start_time, end_time, time_zone, start_at, end_at, notes, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)
           RETURNING id AS "id!""#,
        uid,
        kind,
        i.title,
        i.location,
        i.case_id,
        i.municipality_id,
        i.advisor,
        i.all_day,
        i.starts_on,
        i.ends_on,
        start_time,
        end_time,
        i.time_zone,
        start_at,
        end_at,
        i.notes,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Changes an appointment and raises its SEQUENCE; `false` when missing.
pub async fn update(tx: &mut Tx, id: i64, a: &ValidAppointment) -> Result<bool> {
    let now = now_stamp();
    let i = &a.input;
    let kind = i.kind.as_str();
    let (start_time, end_time) = (
        i.start_time.map(|t| t.format("%H:%M:%S").to_string()),
        i.end_time.map(|t| t.format("%H:%M:%S").to_string()),
    );
    let (start_at, end_at) = (utc_text(a.start), utc_text(a.end));
    let done = sqlx::query!(
        r#"UPDATE appointments SET kind = ?2, title = ?3, location = ?4, case_id = ?5, municipality_id = ?6,
                  advisor = ?7, all_day = ?8, starts_on = ?9, ends_on = ?10, start_time = ?11, end_time = ?12,
                  time_zone = ?13, start_at = ?14, end_at = ?15, notes = ?16, updated_at = ?17,
                  sequence = sequence + 1
            WHERE id = ?1"#,
        id,
        kind,
        i.title,
        i.location,
        i.case_id,
        i.municipality_id,
        i.advisor,
        i.all_day,
        i.starts_on,
        i.ends_on,
        start_time,
        end_time,
        i.time_zone,
        start_at,
        end_at,
        i.notes,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels an appointment (it stays, as cancelled) and raises its SEQUENCE; `false` when missing.
pub async fn cancel(tx: &mut Tx, id: i64) -> Result<bool> {
    let now = now_stamp();
    let done = sqlx::query!(
        "UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = ?2 WHERE id = ?1",
        id,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{fixtures, Store};

    fn input(municipality_id: i64, day: u32, all_day: bool) -> AppointmentInput {
        AppointmentInput {
            kind: AppointmentKind::Workshop,
            title: format!("Workshop {day}"),
            location: Some("Bürgerhaus".into()),
            case_id: None,
            municipality_id: Some(municipality_id),
            advisor: "Miriam Albers".into(),
            all_day,
            starts_on: NaiveDate::from_ymd_opt(2026, 6, day).expect("date"),
            ends_on: NaiveDate::from_ymd_opt(2026, 6, day).expect("date"),
            start_time: NaiveTime::from_hms_opt(10, 0, 0),
            end_time: NaiveTime::from_hms_opt(12, 0, 0),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: false,
        }
    }

    #[tokio::test]
    async fn round_trip_overlap_and_cancel() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let municipality = fixtures::municipality(&mut tx, "Musterstadt").await;
        let timed = input(municipality, 10, false).validate().expect("valid");
        let id = insert(&mut tx, "a1@test", &timed).await.expect("insert");
        let all_day = input(municipality, 11, true).validate().expect("valid");
        let day_id = insert(&mut tx, "a2@test", &all_day).await.expect("insert");
        tx.commit().await.expect("commit");

        let rows = find(store.pool(), &AppointmentQuery::default()).await.expect("find");
        let loaded: Vec<Appointment> = rows
            .into_iter()
            .map(|r| Appointment::try_from(r).expect("valid"))
            .collect();
        assert_eq!(loaded[0].input.title, "Workshop 10");
        assert_eq!(loaded[0].start.to_rfc3339(), "2026-06-10T10:00:00+02:00");
        assert_eq!(loaded[0].municipality.as_deref(), Some("Musterstadt"));
        assert_eq!(loaded[1].input.start_time, None);
        assert_eq!(loaded[1].end.to_rfc3339(), "2026-06-12T00:00:00+02:00");

        let at_noon_on_the_11th = overlapping(
            store.pool(),
            "Miriam Albers",
            "2026-06-11T10:00:00Z",
            "2026-06-11T11:00:00Z",
            None,
        )
        .await
        .expect("overlap");
        assert_eq!(at_noon_on_the_11th.len(), 1, "the all-day workshop counts");
        assert_eq!(at_noon_on_the_11th[0].title, "Workshop 11");

        let mut tx = store.begin().await.expect("tx");
        assert!(cancel(&mut tx, day_id).await.expect("cancel"));
        let moved = input(municipality, 12, false).validate().expect("valid");
        assert!(update(&mut tx, id, &moved).await.expect("update"));
        tx.commit().await.expect("commit");
        assert!(overlapping(
            store.pool(),
            "Miriam Albers",
            "2026-06-11T10:00:00Z",
            "2026-06-11T11:00:00Z",
            None
        )
        .await
        .expect("overlap")
        .is_empty());
        let in_june_12 = find(
            store.pool(),
            &AppointmentQuery {
                from: Some("2026-06-12T00:00:00Z"),
                to: Some("2026-06-13T00:00:00Z"),
                ..Default::default()
            },
        )
        .await
        .expect("find");
        assert_eq!(in_june_12.len(), 1);
        assert_eq!(in_june_12[0].sequence, 1);
    }
}
