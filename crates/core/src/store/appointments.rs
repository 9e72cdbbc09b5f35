//! Appointments: site visits, workshops, the congress and other dated events.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::{Executor, Sqlite};

use super::bookings::Busy;
use super::instant::{Instant, Stamp};
use super::Tx;

/// Rows per insert statement (22 parameters each; SQLite allows 32,766 in one statement).
const INSERT_CHUNK: usize = 1000;
use crate::domain::{Appointment, AppointmentInput, AppointmentKind, AppointmentStatus, ValidAppointment};
use crate::{Error, Result};

/// A row of `appointments` with its case reference and municipality name.
#[derive(Debug, serde::Deserialize)]
#[allow(missing_docs)] // the names say it
pub struct AppointmentRow {
    pub id: i64,
    /// calendar UID
    pub uid: String,
    /// calendar SEQUENCE
    pub sequence: i64,
    pub kind: AppointmentKind,
    pub title: String,
    /// place
    pub location: Option<String>,
    pub case_id: Option<i64>,
    pub municipality_id: Option<i64>,
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
    pub time_zone: String,
    #[serde(deserialize_with = "super::instant::deserialize")]
    pub start_at: DateTime<Utc>,
    #[serde(deserialize_with = "super::instant::deserialize")]
    pub end_at: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub notes: Option<String>,
    /// case reference
    pub case_reference: Option<String>,
    /// municipality name
    pub municipality: Option<String>,
    /// last change
    #[serde(deserialize_with = "super::instant::deserialize")]
    pub updated_at: DateTime<Utc>,
    /// overridden occurrence, or ''
    pub recurrence_id: String,
    pub rrule: Option<String>,
    /// EXDATEs, comma-separated
    pub exdates: String,
    pub floating: bool,
    pub categories: Option<String>,
    /// `app` or `import`
    pub source: String,
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
        let status = row.status;
        Ok(Appointment {
            id: row.id,
            uid: row.uid,
            sequence: row.sequence,
            status,
            start: row.start_at.with_timezone(&zone).fixed_offset(),
            end: row.end_at.with_timezone(&zone).fixed_offset(),
            case_reference: row.case_reference,
            municipality: row.municipality,
            conflicts: Vec::new(),
            updated_at: row.updated_at,
            exdates: row
                .exdates
                .split(',')
                .filter(|e| !e.is_empty())
                .map(str::to_owned)
                .collect(),
            recurrence_id: Some(row.recurrence_id).filter(|r| !r.is_empty()),
            rrule: row.rrule,
            floating: row.floating,
            categories: row.categories,
            imported: row.source == "import",
            input: AppointmentInput {
                kind: row.kind,
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
    /// Ending after.
    pub from: Option<DateTime<Utc>>,
    /// Starting before.
    pub to: Option<DateTime<Utc>>,
    /// Of this municipality.
    pub municipality_id: Option<i64>,
    /// Of this advisor.
    pub advisor: Option<&'a str>,
    /// Of this case.
    pub case_id: Option<i64>,
    /// This one.
    pub id: Option<i64>,
    /// By id rather than by start (the export's order).
    pub by_id: bool,
}

/// The rows of [`find`], all in one JSON array: `json_array` lists the columns in the order of
/// [`AppointmentRow`]'s fields, and the flags become JSON booleans.
const FIND: &str = "SELECT json_group_array(json_array(
        a.id, a.uid, a.sequence, a.kind, a.title, a.location, a.case_id, a.municipality_id, a.advisor,
        json(iif(a.all_day, 'true', 'false')), a.starts_on, a.ends_on, a.start_time, a.end_time, a.time_zone,
        a.start_at, a.end_at, a.status, a.notes, c.reference, m.name, a.updated_at, a.recurrence_id, a.rrule,
        a.exdates, json(iif(a.floating, 'true', 'false')), a.categories, a.source
      ))
  FROM appointments a
  LEFT JOIN cases c ON c.id = a.case_id
  LEFT JOIN municipalities m ON m.id = a.municipality_id
 WHERE (?1 IS NULL OR a.end_at > ?1 OR a.rrule IS NOT NULL) AND (?2 IS NULL OR a.start_at < ?2)
   AND (?3 IS NULL OR a.municipality_id = ?3) AND (?4 IS NULL OR a.advisor = ?4)
   AND (?5 IS NULL OR a.case_id = ?5) AND (?6 IS NULL OR a.id = ?6)";

/// Appointments matching the query, by start.
///
/// SQLite hands them over as one value, a JSON array of rows, rather than row by row: sqlx
/// copies every column of every row and passes each row from its worker thread to the caller on
/// its own, which made reading a few thousand appointments many times slower than SQLite
/// reading them. One value crosses once, and serde reads it into the rows.
pub async fn find<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    q: &AppointmentQuery<'_>,
) -> Result<Vec<AppointmentRow>> {
    let list: String = sqlx::query_scalar(FIND)
        .bind(q.from.map(Instant::new))
        .bind(q.to.map(Instant::new))
        .bind(q.municipality_id)
        .bind(q.advisor)
        .bind(q.case_id)
        .bind(q.id)
        .fetch_one(executor)
        .await?;
    let mut rows: Vec<AppointmentRow> =
        serde_json::from_str(&list).map_err(|e| Error::Database(format!("appointments as read: {e}")))?;
    // Sorted here rather than by SQLite: an ORDER BY inside the aggregate doubled its time, and
    // the stored instants sort as text as they sort as instants. The table is read in id order, so that
    // sort finds one run; the order by start is sorted as indexes, since moving whole rows about
    // took longer than reading them.
    if q.by_id {
        rows.sort_by_key(|row| row.id);
        return Ok(rows);
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by(|&i, &j| (rows[i].start_at, rows[i].id).cmp(&(rows[j].start_at, rows[j].id)));
    let mut slots: Vec<Option<AppointmentRow>> = rows.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// Confirmed appointments of the advisor overlapping `start`–`end`, except `except`.
pub async fn overlapping<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    advisor: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    except: Option<i64>,
) -> Result<Vec<Busy>> {
    let (start, end) = (Instant::new(start), Instant::new(end));
    Ok(sqlx::query_as!(
        Busy,
        r#"SELECT title AS "title!: String", start_at AS "start_at: Instant", time_zone FROM appointments
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
    let now = Stamp::now();
    let i = &a.input;
    let kind = i.kind;
    let (start_time, end_time) = (
        i.start_time.map(|t| t.format("%H:%M:%S").to_string()),
        i.end_time.map(|t| t.format("%H:%M:%S").to_string()),
    );
    let (start_at, end_at) = (Instant::new(a.start), Instant::new(a.end));
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
    let now = Stamp::now();
    let i = &a.input;
    let kind = i.kind;
    let (start_time, end_time) = (
        i.start_time.map(|t| t.format("%H:%M:%S").to_string()),
        i.end_time.map(|t| t.format("%H:%M:%S").to_string()),
    );
    let (start_at, end_at) = (Instant::new(a.start), Instant::new(a.end));
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

/// Deletes an appointment, a recurring imported event with its overrides; false when there is
/// none with that id.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool> {
    // An imported recurring event's overrides (same UID, a RECURRENCE-ID) belong to it: without
    // their series they would stand alone as one-off events.
    sqlx::query!(
        "DELETE FROM appointments WHERE recurrence_id <> '' AND uid = \
         (SELECT uid FROM appointments WHERE id = ?1 AND recurrence_id = '' AND rrule IS NOT NULL)",
        id
    )
    .execute(&mut **tx)
    .await?;
    let done = sqlx::query!("DELETE FROM appointments WHERE id = ?1", id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels an appointment (it stays, as cancelled) and raises its SEQUENCE; `false` when missing.
pub async fn cancel(tx: &mut Tx, id: i64) -> Result<bool> {
    let now = Stamp::now();
    let done = sqlx::query!(
        "UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = ?2 WHERE id = ?1",
        id,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An imported event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct ImportedRow {
    pub uid: String,
    /// RECURRENCE-ID in stored form, or ''.
    pub recurrence_id: String,
    pub sequence: i64,
    pub title: String,
    /// Place.
    pub location: Option<String>,
    /// Description.
    pub notes: Option<String>,
    /// Whose.
    pub advisor: String,
    /// Whole days.
    pub all_day: bool,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day (inclusive).
    pub ends_on: NaiveDate,
    /// Start time `HH:MM:SS`.
    pub start_time: Option<String>,
    /// End time.
    pub end_time: Option<String>,
    /// IANA zone.
    pub time_zone: String,
    pub start_at: Instant,
    pub end_at: Instant,
    /// `confirmed` or `cancelled`.
    pub status: String,
    pub rrule: Option<String>,
    pub exdates: String,
    pub floating: bool,
    pub categories: Option<String>,
}

/// The stored event with this UID and RECURRENCE-ID: its id and SEQUENCE, and whether its content
/// equals `row`.
pub async fn imported_match<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    row: &ImportedRow,
) -> Result<Option<(i64, i64, bool)>> {
    let found = sqlx::query!(
        r#"SELECT id, sequence, title, location, notes, all_day AS "all_day: bool",
                  start_at AS "start_at: Instant", end_at AS "end_at: Instant", status, rrule,
                  exdates, floating AS "floating: bool", categories, time_zone
             FROM appointments WHERE uid = ?1 AND recurrence_id = ?2"#,
        row.uid,
        row.recurrence_id
    )
    .fetch_optional(executor)
    .await?;
    Ok(found.map(|f| {
        let same = f.title == row.title
            && f.location == row.location
            && f.notes == row.notes
            && f.all_day == row.all_day
            && f.start_at == row.start_at
            && f.end_at == row.end_at
            && f.status == row.status
            && f.rrule == row.rrule
            && f.exdates == row.exdates
            && f.floating == row.floating
            && f.categories == row.categories
            && f.time_zone == row.time_zone;
        (f.id, f.sequence, same)
    }))
}

/// The UIDs of this database's own series and bookings: importing the app's own export into it
/// must not duplicate them as appointments. An extra occurrence's UID is its series' UID with
/// `-<start>` before the `@`.
#[derive(Debug, Default)]
pub struct OwnUids {
    bookings: std::collections::HashSet<String>,
    series: Vec<(String, String)>,
}

impl OwnUids {
    /// Whether `uid` is one of them.
    pub fn contains(&self, uid: &str) -> bool {
        self.bookings.contains(uid)
            || self.series.iter().any(|(whole, local)| {
                uid == whole
                    || uid
                        .strip_prefix(local.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            })
    }
}

/// Reads [`OwnUids`].
pub async fn own_uids(conn: &mut sqlx::SqliteConnection) -> Result<OwnUids> {
    let bookings = sqlx::query_scalar!("SELECT uid FROM bookings")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let series = sqlx::query_scalar!("SELECT uid FROM consultation_series")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|uid: String| {
            let local = uid.split('@').next().unwrap_or_default().to_owned();
            (uid, local)
        })
        .collect();
    Ok(OwnUids { bookings, series })
}

/// What is stored of an imported event, to decide whether a newer one changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct StoredImport {
    pub id: i64,
    uid: String,
    recurrence_id: String,
    pub sequence: i64,
    title: String,
    location: Option<String>,
    notes: Option<String>,
    all_day: bool,
    start_at: Instant,
    end_at: Instant,
    status: String,
    rrule: Option<String>,
    exdates: String,
    floating: bool,
    categories: Option<String>,
    time_zone: String,
}

impl StoredImport {
    /// Whether `row` says the same as what is stored.
    pub fn same_as(&self, row: &ImportedRow) -> bool {
        self.title == row.title
            && self.location == row.location
            && self.notes == row.notes
            && self.all_day == row.all_day
            && self.start_at == row.start_at
            && self.end_at == row.end_at
            && self.status == row.status
            && self.rrule == row.rrule
            && self.exdates == row.exdates
            && self.floating == row.floating
            && self.categories == row.categories
            && self.time_zone == row.time_zone
    }
}

/// The stored events with these UIDs, by (UID, RECURRENCE-ID). The UIDs go in as one JSON array,
/// so a batch of hundreds is one bound parameter rather than hundreds.
pub async fn stored_imports(
    conn: &mut sqlx::SqliteConnection,
    uids: &[&str],
) -> Result<std::collections::HashMap<(String, String), StoredImport>> {
    let list = serde_json::to_string(uids).map_err(|e| Error::Database(format!("uid list: {e}")))?;
    let rows = sqlx::query_as!(
        StoredImport,
        r#"SELECT id, uid, recurrence_id, sequence, title, location, notes, all_day AS "all_day: bool",
                  start_at AS "start_at: Instant", end_at AS "end_at: Instant", status, rrule, exdates,
                  floating AS "floating: bool", categories, time_zone
             FROM appointments
            WHERE uid IN (SELECT value FROM json_each(?1))"#,
        list
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ((row.uid.clone(), row.recurrence_id.clone()), row))
        .collect())
}

/// UID and RECURRENCE-ID of every override of an imported recurring event.
pub async fn overridden<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<(String, String)>> {
    Ok(
        sqlx::query!("SELECT uid, recurrence_id FROM appointments WHERE recurrence_id <> ''")
            .fetch_all(executor)
            .await?
            .into_iter()
            .map(|r| (r.uid, r.recurrence_id))
            .collect(),
    )
}

/// What `insert_imported_new` wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    /// Rows inserted.
    pub inserted: usize,
    /// The id of the last row inserted (0 when none was).
    pub newest_id: i64,
}

/// The highest appointment id so far (0 for none).
pub async fn newest_id<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<i64> {
    Ok(
        sqlx::query_scalar!(r#"SELECT COALESCE(MAX(id), 0) AS "id!: i64" FROM appointments"#)
            .fetch_one(executor)
            .await?,
    )
}

/// Adds imported events with multi-row statements, leaving out those whose (UID,
/// RECURRENCE-ID) is stored already.
pub async fn insert_imported_new(tx: &mut Tx, rows: &[&ImportedRow]) -> Result<Inserted> {
    let now = Stamp::now();
    let mut written = Inserted {
        inserted: 0,
        newest_id: 0,
    };
    for chunk in rows.chunks(INSERT_CHUNK) {
        let mut builder = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO appointments (uid, recurrence_id, sequence, title, location, advisor, all_day, starts_on, \
             ends_on, start_time, end_time, time_zone, start_at, end_at, status, notes, rrule, exdates, floating, \
             categories, created_at, updated_at, kind, source) ",
        );
        builder.push_values(chunk, |mut b, r| {
            b.push_bind(&r.uid)
                .push_bind(&r.recurrence_id)
                .push_bind(r.sequence)
                .push_bind(&r.title)
                .push_bind(&r.location)
                .push_bind(&r.advisor)
                .push_bind(r.all_day)
                .push_bind(r.starts_on)
                .push_bind(r.ends_on)
                .push_bind(&r.start_time)
                .push_bind(&r.end_time)
                .push_bind(&r.time_zone)
                .push_bind(r.start_at)
                .push_bind(r.end_at)
                .push_bind(&r.status)
                .push_bind(&r.notes)
                .push_bind(&r.rrule)
                .push_bind(&r.exdates)
                .push_bind(r.floating)
                .push_bind(&r.categories)
                .push_bind(now)
                .push_bind(now)
                .push_unseparated(", 'other', 'import'");
        });
        builder.push(" ON CONFLICT (uid, recurrence_id) DO NOTHING");
        let done = builder.build().execute(&mut **tx).await?;
        let inserted = usize::try_from(done.rows_affected()).unwrap_or(usize::MAX);
        written.inserted += inserted;
        if inserted > 0 {
            written.newest_id = done.last_insert_rowid();
        }
    }
    Ok(written)
}

/// Replaces an imported event's content with a newer version.
pub async fn update_imported(tx: &mut Tx, id: i64, r: &ImportedRow) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        r#"UPDATE appointments SET sequence = ?2, title = ?3, location = ?4, all_day = ?5, starts_on = ?6, ends_on = ?7,
                  start_time = ?8, end_time = ?9, time_zone = ?10, start_at = ?11, end_at = ?12, status = ?13,
                  notes = ?14, rrule = ?15, exdates = ?16, floating = ?17, categories = ?18, updated_at = ?19
            WHERE id = ?1"#,
        id,
        r.sequence,
        r.title,
        r.location,
        r.all_day,
        r.starts_on,
        r.ends_on,
        r.start_time,
        r.end_time,
        r.time_zone,
        r.start_at,
        r.end_at,
        r.status,
        r.notes,
        r.rrule,
        r.exdates,
        r.floating,
        r.categories,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{fixtures, Store};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

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
            at("2026-06-11T10:00:00Z"),
            at("2026-06-11T11:00:00Z"),
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
            at("2026-06-11T10:00:00Z"),
            at("2026-06-11T11:00:00Z"),
            None
        )
        .await
        .expect("overlap")
        .is_empty());
        let in_june_12 = find(
            store.pool(),
            &AppointmentQuery {
                from: Some(at("2026-06-12T00:00:00Z")),
                to: Some(at("2026-06-13T00:00:00Z")),
                ..Default::default()
            },
        )
        .await
        .expect("find");
        assert_eq!(in_june_12.len(), 1);
        assert_eq!(in_june_12[0].sequence, 1);
    }
}
