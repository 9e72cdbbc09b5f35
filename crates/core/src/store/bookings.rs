//! Bookings of consultation-hour slots. The partial unique index `bookings_one_per_slot` makes
//! sure a slot is held by at most one booking, also between concurrent writers.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use sqlx::{Executor, Sqlite};

use super::instant::{Instant, Stamp};
use super::Tx;
use crate::domain::{Booking, BookingStatus, SlotKey};
use crate::{Error, Result};

/// A booking joined with its series, case, municipality and contact.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct BookingRow {
    pub id: i64,
    /// calendar UID
    pub uid: String,
    /// calendar SEQUENCE
    pub sequence: i64,
    pub series_id: i64,
    /// local start of the original occurrence
    pub occurrence_start: String,
    /// position in the occurrence
    pub position: i64,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub status: BookingStatus,
    /// marked as not come
    pub no_show: bool,
    pub case_id: Option<i64>,
    pub municipality_id: i64,
    pub contact_id: Option<i64>,
    pub topic: Option<String>,
    /// cancel reason
    pub cancel_reason: Option<String>,
    /// minutes written
    pub minutes_entry_id: Option<i64>,
    /// series title
    pub series_title: String,
    pub advisor: String,
    /// place
    pub location: Option<String>,
    /// link
    pub online_url: Option<String>,
    /// series zone
    pub time_zone: String,
    /// case reference
    pub case_reference: Option<String>,
    /// case title
    pub case_title: Option<String>,
    /// municipality name
    pub municipality: String,
    /// contact name
    pub contact_name: Option<String>,
    /// last change
    pub updated_at: DateTime<Utc>,
    /// changes not yet confirmed by the team server
    pub unconfirmed: bool,
}

impl BookingRow {
    /// The slot it holds.
    pub fn key(&self) -> Result<SlotKey> {
        Ok(SlotKey {
            series_id: self.series_id,
            occurrence_start: NaiveDateTime::parse_from_str(&self.occurrence_start, "%Y-%m-%dT%H:%M")
                .map_err(|_| Error::Database(format!("bad occurrence start {}", self.occurrence_start)))?,
            position: u32::try_from(self.position)
                .map_err(|_| Error::Database(format!("bad position {}", self.position)))?,
        })
    }
}

impl TryFrom<BookingRow> for Booking {
    type Error = Error;
    fn try_from(row: BookingRow) -> Result<Self> {
        let zone: Tz = row
            .time_zone
            .parse()
            .map_err(|_| Error::Database(format!("unknown time zone {}", row.time_zone)))?;
        let status = row.status;
        let (start, end) = (row.start_at, row.end_at);
        Ok(Booking {
            id: row.id,
            slot_id: row.key()?.id(),
            uid: row.uid,
            sequence: row.sequence,
            series_id: row.series_id,
            series_title: row.series_title,
            advisor: row.advisor,
            location: row.location,
            online_url: row.online_url,
            start: start.with_timezone(&zone).fixed_offset(),
            end: end.with_timezone(&zone).fixed_offset(),
            status,
            no_show: row.no_show,
            needs_minutes: status == BookingStatus::Booked
                && !row.no_show
                && row.case_id.is_some()
                && row.minutes_entry_id.is_none()
                && end < Utc::now(),
            case_id: row.case_id,
            case_reference: row.case_reference,
            case_title: row.case_title,
            municipality_id: row.municipality_id,
            municipality: row.municipality,
            contact_id: row.contact_id,
            contact_name: row.contact_name,
            topic: row.topic,
            cancel_reason: row.cancel_reason,
            updated_at: row.updated_at,
            provisional: status == BookingStatus::Booked && row.unconfirmed,
        })
    }
}

/// Which bookings to read.
#[derive(Debug, Clone, Default)]
pub struct BookingQuery<'a> {
    /// Starting at or after.
    pub from: Option<DateTime<Utc>>,
    /// Starting at or before.
    pub to: Option<DateTime<Utc>>,
    /// Of this municipality.
    pub municipality_id: Option<i64>,
    /// Of this advisor.
    pub advisor: Option<&'a str>,
    /// Of this case.
    pub case_id: Option<i64>,
    /// Of this series.
    pub series_id: Option<i64>,
    /// In this status.
    pub status: Option<BookingStatus>,
    /// This one.
    pub id: Option<i64>,
}

/// Bookings matching the query, by start.
pub async fn find<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    q: &BookingQuery<'_>,
) -> Result<Vec<BookingRow>> {
    let (from, to) = (q.from.map(Instant::new), q.to.map(Instant::new));
    Ok(sqlx::query_as!(
        BookingRow,
        r#"SELECT b.id, b.uid, b.sequence, b.series_id, b.occurrence_start, b.position,
                  b.start_at AS "start_at: Instant", b.end_at AS "end_at: Instant",
                  b.status AS "status: BookingStatus", b.no_show AS "no_show: bool", b.case_id, b.municipality_id, b.contact_id, b.topic, b.cancel_reason,
                  b.minutes_entry_id, s.title AS series_title, s.advisor, s.location, s.online_url, s.time_zone,
                  c.reference AS "case_reference?", c.title AS "case_title?", m.name AS municipality,
                  p.name AS "contact_name?", b.updated_at AS "updated_at: Stamp",
                  (EXISTS (SELECT 1 FROM team_outbox o WHERE o.kind = 'booking' AND o.local_id = b.id)
                   OR EXISTS (SELECT 1 FROM team_sealed z WHERE z.kind = 'booking' AND z.local_id = b.id))
                      AS "unconfirmed!: bool"
             FROM bookings b
             JOIN consultation_series s ON s.id = b.series_id
             JOIN municipalities m ON m.id = b.municipality_id
             LEFT JOIN cases c ON c.id = b.case_id
             LEFT JOIN contacts p ON p.id = b.contact_id
            WHERE (?1 IS NULL OR b.start_at >= ?1) AND (?2 IS NULL OR b.start_at <= ?2)
              AND (?3 IS NULL OR b.municipality_id = ?3) AND (?4 IS NULL OR s.advisor = ?4)
              AND (?5 IS NULL OR b.case_id = ?5) AND (?6 IS NULL OR b.series_id = ?6)
              AND (?7 IS NULL OR b.status = ?7) AND (?8 IS NULL OR b.id = ?8)
            ORDER BY b.start_at, b.id"#,
        from,
        to,
        q.municipality_id,
        q.advisor,
        q.case_id,
        q.series_id,
        q.status,
        q.id
    )
    .fetch_all(executor)
    .await?)
}

/// One booking.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<BookingRow>> {
    Ok(find(
        executor,
        &BookingQuery {
            id: Some(id),
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .next())
}

/// The booking that holds a slot, if any.
pub async fn holder<'c, E: Executor<'c, Database = Sqlite>>(executor: E, key: &SlotKey) -> Result<Option<i64>> {
    let occurrence_start = key.stored_start();
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM bookings
            WHERE series_id = ?1 AND occurrence_start = ?2 AND position = ?3 AND status = 'booked'"#,
        key.series_id,
        occurrence_start,
        key.position
    )
    .fetch_optional(executor)
    .await?)
}

/// A booked item of an advisor that overlaps a period: its title and start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// What it is, e.g. "Sprechstunde Nord – BF-2026-0042".
    pub title: String,
    /// Start.
    pub start_at: DateTime<Utc>,
    /// Its series' time zone.
    pub time_zone: String,
}

/// Booked slots of the advisor overlapping `start`–`end`, except the booking `except`.
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
        r#"SELECT s.title || ' – ' || coalesce(c.reference, b.topic, '') AS "title!: String", b.start_at AS "start_at: Instant",
                  s.time_zone
             FROM bookings b
             JOIN consultation_series s ON s.id = b.series_id
             LEFT JOIN cases c ON c.id = b.case_id
            WHERE s.advisor = ?1 AND b.status = 'booked' AND b.start_at < ?3 AND b.end_at > ?2
              AND (?4 IS NULL OR b.id <> ?4)
            ORDER BY b.start_at"#,
        advisor,
        start,
        end,
        except
    )
    .fetch_all(executor)
    .await?)
}

/// What a new booking holds.
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct NewBooking {
    /// Calendar UID.
    pub uid: String,
    /// The slot.
    pub key: SlotKey,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Status (booked, or cancelled for history in bulk loads).
    pub status: BookingStatus,
    pub case_id: Option<i64>,
    pub municipality_id: i64,
    pub contact_id: Option<i64>,
    pub topic: Option<String>,
    /// Cancel reason (cancelled only).
    pub cancel_reason: Option<String>,
    /// Minutes written (bulk loads).
    pub minutes_entry_id: Option<i64>,
}

/// Adds a booking; fails with a conflict when the slot is taken.
pub async fn insert(tx: &mut Tx, b: &NewBooking) -> Result<i64> {
    let now = Stamp::now();
    let (occurrence_start, position) = (b.key.stored_start(), b.key.position);
    let (start, end) = (Instant::new(b.start), Instant::new(b.end));
    let status = b.status;
    sqlx::query_scalar!(
        r#"INSERT INTO bookings (uid, series_id, occurrence_start, position, start_at, end_at, status, case_id,
                                 municipality_id, contact_id, topic, cancel_reason, minutes_entry_id, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14) RETURNING id AS "id!""#,
        b.uid,
        b.key.series_id,
        occurrence_start,
        position,
        start,
        end,
        status,
        b.case_id,
        b.municipality_id,
        b.contact_id,
        b.topic,
        b.cancel_reason,
        b.minutes_entry_id,
        now
    )
    .fetch_one(&mut **tx)
    .await
    .map_err(super::constraints::refused)
}

/// Moves a booking to another slot (status booked again); raises its SEQUENCE.
pub async fn move_to(tx: &mut Tx, id: i64, key: &SlotKey, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<()> {
    let now = Stamp::now();
    let (occurrence_start, position) = (key.stored_start(), key.position);
    let (start, end) = (Instant::new(start), Instant::new(end));
    sqlx::query!(
        r#"UPDATE bookings SET series_id = ?2, occurrence_start = ?3, position = ?4, start_at = ?5, end_at = ?6,
                  status = 'booked', sequence = sequence + 1, updated_at = ?7
            WHERE id = ?1"#,
        id,
        key.series_id,
        occurrence_start,
        position,
        start,
        end,
        now
    )
    .execute(&mut **tx)
    .await
    .map_err(super::constraints::refused)?;
    Ok(())
}

/// The slot of a booking moved in time (a moved occurrence, a new time zone); raises its SEQUENCE.
pub async fn set_times(tx: &mut Tx, id: i64, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<()> {
    let now = Stamp::now();
    let (start, end) = (Instant::new(start), Instant::new(end));
    sqlx::query!(
        "UPDATE bookings SET start_at = ?2, end_at = ?3, sequence = sequence + 1, updated_at = ?4 WHERE id = ?1",
        id,
        start,
        end,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a booking whose slot went away; raises its SEQUENCE.
pub async fn mark_needs_rebooking(tx: &mut Tx, id: i64) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE bookings SET status = 'needs_rebooking', sequence = sequence + 1, updated_at = ?2 WHERE id = ?1",
        id,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Cancels a booking with a reason; raises its SEQUENCE.
pub async fn cancel(tx: &mut Tx, id: i64, reason: &str) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        r#"UPDATE bookings SET status = 'cancelled', cancel_reason = ?2, sequence = sequence + 1, updated_at = ?3
            WHERE id = ?1"#,
        id,
        reason,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a booking as not come (or takes the mark back).
pub async fn set_no_show(tx: &mut Tx, id: i64, no_show: bool) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE bookings SET no_show = ?2, updated_at = ?3 WHERE id = ?1",
        id,
        no_show,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the journal entry holding the minutes of a booking.
pub async fn set_minutes(tx: &mut Tx, id: i64, entry_id: i64) -> Result<()> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE bookings SET minutes_entry_id = ?2, updated_at = ?3 WHERE id = ?1",
        id,
        entry_id,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::store::{fixtures, series, Store};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

    fn key(series_id: i64, position: u32) -> SlotKey {
        SlotKey {
            series_id,
            occurrence_start: NaiveDate::from_ymd_opt(2026, 3, 10)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .expect("start"),
            position,
        }
    }

    async fn setup(store: &Store) -> (i64, i64) {
        let mut tx = store.begin().await.expect("tx");
        let municipality = fixtures::municipality(&mut tx, "Musterstadt").await;
        let input = fixtures::weekly_series(municipality);
        let series_id = series::insert(&mut tx, "s@test", &input).await.expect("series");
        tx.commit().await.expect("commit");
        (municipality, series_id)
    }

    fn booking(municipality_id: i64, key: SlotKey, uid: &str) -> NewBooking {
        let start: DateTime<Utc> = "2026-03-10T08:00:00Z".parse().expect("instant");
        NewBooking {
            uid: uid.into(),
            key,
            start: start + chrono::Duration::minutes(30 * i64::from(key.position)),
            end: start + chrono::Duration::minutes(30 * i64::from(key.position + 1)),
            status: BookingStatus::Booked,
            case_id: None,
            municipality_id,
            contact_id: None,
            topic: Some("Förderantrag".into()),
            cancel_reason: None,
            minutes_entry_id: None,
        }
    }

    #[tokio::test]
    async fn a_slot_holds_one_booking_and_is_free_again_after_cancelling() {
        let store = Store::in_memory().await.expect("store");
        let (municipality, series_id) = setup(&store).await;
        let mut tx = store.begin().await.expect("tx");
        let first = insert(&mut tx, &booking(municipality, key(series_id, 0), "b1"))
            .await
            .expect("first");
        let taken = insert(&mut tx, &booking(municipality, key(series_id, 0), "b2")).await;
        assert!(
            matches!(&taken, Err(Error::Conflict { de, .. }) if de.contains("bereits gebucht")),
            "{taken:?}"
        );
        cancel(&mut tx, first, "Krank").await.expect("cancel");
        insert(&mut tx, &booking(municipality, key(series_id, 0), "b3"))
            .await
            .expect("free again");
        tx.commit().await.expect("commit");

        let rows = find(store.pool(), &BookingQuery::default()).await.expect("find");
        let shown: Vec<(String, BookingStatus, i64)> = rows
            .into_iter()
            .map(Booking::try_from)
            .map(|b| b.expect("valid"))
            .map(|b| (b.uid, b.status, b.sequence))
            .collect();
        assert_eq!(
            shown,
            [
                ("b1".to_owned(), BookingStatus::Cancelled, 1),
                ("b3".to_owned(), BookingStatus::Booked, 0)
            ]
        );
    }

    #[tokio::test]
    async fn moving_overlaps_and_times() {
        let store = Store::in_memory().await.expect("store");
        let (municipality, series_id) = setup(&store).await;
        let mut tx = store.begin().await.expect("tx");
        let id = insert(&mut tx, &booking(municipality, key(series_id, 1), "b1"))
            .await
            .expect("insert");
        let other = insert(&mut tx, &booking(municipality, key(series_id, 2), "b2"))
            .await
            .expect("insert");
        let target = booking(municipality, key(series_id, 2), "x");
        let clash = move_to(&mut tx, id, &target.key, target.start, target.end).await;
        assert!(matches!(clash, Err(Error::Conflict { .. })), "{clash:?}");
        let target = booking(municipality, key(series_id, 4), "x");
        move_to(&mut tx, id, &target.key, target.start, target.end)
            .await
            .expect("move");
        mark_needs_rebooking(&mut tx, other).await.expect("mark");
        tx.commit().await.expect("commit");

        let moved = Booking::try_from(get(store.pool(), id).await.expect("get").expect("row")).expect("valid");
        assert_eq!(moved.slot_id, format!("{series_id}-20260310T0900-4"));
        assert_eq!(
            moved.start.to_rfc3339(),
            "2026-03-10T11:00:00+01:00",
            "shown in the series' zone"
        );
        assert_eq!(moved.sequence, 1);
        let busy = overlapping(
            store.pool(),
            "Miriam Albers",
            at("2026-03-10T10:15:00Z"),
            at("2026-03-10T10:45:00Z"),
            None,
        )
        .await
        .expect("overlap");
        assert_eq!(
            busy.len(),
            1,
            "the displaced booking does not count, the moved one does"
        );
        assert_eq!(busy[0].title, "Sprechstunde Nord – Förderantrag");
        assert!(overlapping(
            store.pool(),
            "Miriam Albers",
            at("2026-03-10T10:15:00Z"),
            at("2026-03-10T10:45:00Z"),
            Some(id)
        )
        .await
        .expect("overlap")
        .is_empty());
    }
}
