//! How the store reads and writes instants: as `DateTime<Utc>` in Rust, as fixed-width UTC text
//! in SQLite.
//!
//! The columns are TEXT and SQL compares and orders them as text (`start_at < ?`,
//! `ORDER BY updated_at`), so every value must be written in exactly the form the rows already
//! stored have: text order is then time order, and no stored row needs migrating. sqlx's own
//! chrono encoding writes `+00:00` and a fraction of varying length, which sorts differently, so
//! the store has its own two types:
//!
//! - [`Instant`], `YYYY-MM-DDTHH:MM:SSZ`: scheduled instants (`start_at`, `end_at`,
//!   `last_sync_at`, `detected_at`, `synced_at`), whole seconds like the calendars they come
//!   from and go to;
//! - [`Stamp`], `YYYY-MM-DDTHH:MM:SS.mmmZ`: record stamps (`created_at`, `updated_at`), to the
//!   millisecond so that quick successive changes still order.
//!
//! Either reads any RFC 3339 text, through chrono.

use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Sqlite, Type};

use crate::domain::dates::{push_date, push_time};
use crate::{Error, Result};

/// A scheduled instant as stored: UTC, whole seconds (`2026-03-10T09:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(DateTime<Utc>);

/// A record stamp as stored: UTC, milliseconds (`2026-03-10T09:00:00.123Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(DateTime<Utc>);

impl Instant {
    /// `at` as it will be stored: what is below the second is dropped, as the text has no room
    /// for it, so comparing two `Instant`s is comparing their stored texts.
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(at.with_nanosecond(0).unwrap_or(at))
    }

    /// The stored text.
    pub fn text(self) -> String {
        write(self.0, false)
    }
}

impl Stamp {
    /// `at` as it will be stored, to the millisecond.
    pub fn new(at: DateTime<Utc>) -> Self {
        let millis = at.nanosecond() / 1_000_000 * 1_000_000;
        Self(at.with_nanosecond(millis).unwrap_or(at))
    }

    /// Now.
    pub fn now() -> Self {
        Self::new(Utc::now())
    }

    /// The stored text.
    pub fn text(self) -> String {
        write(self.0, true)
    }
}

impl From<DateTime<Utc>> for Instant {
    fn from(at: DateTime<Utc>) -> Self {
        Self::new(at)
    }
}

impl From<DateTime<Utc>> for Stamp {
    fn from(at: DateTime<Utc>) -> Self {
        Self::new(at)
    }
}

impl From<Instant> for DateTime<Utc> {
    fn from(at: Instant) -> Self {
        at.0
    }
}

impl From<Stamp> for DateTime<Utc> {
    fn from(at: Stamp) -> Self {
        at.0
    }
}

fn write(at: DateTime<Utc>, millis: bool) -> String {
    let naive = at.naive_utc();
    if !(0..=9999).contains(&naive.year()) {
        // No fixed width to keep; chrono's form at least says what it is.
        let precision = if millis {
            SecondsFormat::Millis
        } else {
            SecondsFormat::Secs
        };
        return at.to_rfc3339_opts(precision, true);
    }
    let mut out = String::with_capacity(24);
    push_date(&mut out, naive.date(), "-");
    out.push('T');
    push_time(&mut out, naive.time(), ":");
    if millis {
        let ms = (naive.nanosecond() / 1_000_000).min(999);
        out.push('.');
        out.extend([ms / 100, ms / 10 % 10, ms % 10].map(|d| char::from(b'0' + d as u8)));
    }
    out.push('Z');
    out
}

/// Reads a stored instant.
pub fn parse(text: &str) -> Result<DateTime<Utc>> {
    if let Some(at) = instant_form(text) {
        return Ok(at);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| Error::Database(format!("bad instant {text}")))
}

/// The form an [`Instant`] is written in (`YYYY-MM-DDTHH:MM:SSZ`), read from its digits: the
/// activity report reads tens of thousands of them, and chrono's RFC 3339 parser, which every
/// other form goes to, takes several times as long.
fn instant_form(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    if !matches!(
        bytes,
        [
            _,
            _,
            _,
            _,
            b'-',
            _,
            _,
            b'-',
            _,
            _,
            b'T',
            _,
            _,
            b':',
            _,
            _,
            b':',
            _,
            _,
            b'Z'
        ]
    ) {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes
            .get(from..to)?
            .iter()
            .try_fold(0_u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = chrono::NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(date.and_time(time).and_utc())
}

/// For serde's `deserialize_with`: an instant in a JSON value SQLite built (the export's read).
pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    parse(&text).map_err(serde::de::Error::custom)
}

macro_rules! text_column {
    ($type:ty) => {
        impl Type<Sqlite> for $type {
            fn type_info() -> SqliteTypeInfo {
                <str as Type<Sqlite>>::type_info()
            }

            fn compatible(ty: &SqliteTypeInfo) -> bool {
                <str as Type<Sqlite>>::compatible(ty)
            }
        }

        impl<'q> Encode<'q, Sqlite> for $type {
            fn encode_by_ref(
                &self,
                buf: &mut Vec<SqliteArgumentValue<'q>>,
            ) -> std::result::Result<IsNull, BoxDynError> {
                <String as Encode<'q, Sqlite>>::encode(self.text(), buf)
            }
        }

        impl<'r> Decode<'r, Sqlite> for $type {
            fn decode(value: SqliteValueRef<'r>) -> std::result::Result<Self, BoxDynError> {
                let text = <&str as Decode<'r, Sqlite>>::decode(value)?;
                Ok(Self::new(parse(text)?))
            }
        }
    };
}

text_column!(Instant);
text_column!(Stamp);

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn chrono_reads(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
    }

    #[test]
    fn writes_the_stored_forms() {
        let at = Utc.with_ymd_and_hms(2026, 3, 10, 9, 5, 7).single().expect("instant")
            + chrono::Duration::microseconds(45_678);
        assert_eq!(Instant::new(at).text(), "2026-03-10T09:05:07Z");
        assert_eq!(Stamp::new(at).text(), "2026-03-10T09:05:07.045Z");
        assert_eq!(
            DateTime::from(Stamp::new(at)).nanosecond(),
            45_000_000,
            "kept as stored"
        );
        assert_eq!(DateTime::from(Instant::new(at)).nanosecond(), 0);
    }

    proptest! {
        #[test]
        fn any_instant_reads_back_as_written(seconds in -2_208_988_800i64..7_258_118_400, millis in 0u32..1000) {
            let at = DateTime::from_timestamp(seconds, millis * 1_000_000).expect("in range");
            prop_assert_eq!(parse(&Instant::new(at).text()).ok(), Some(DateTime::from(Instant::new(at))));
            prop_assert_eq!(parse(&Stamp::new(at).text()).ok(), Some(at));
        }
    }

    #[test]
    fn other_rfc_3339_text_reads_and_odd_text_is_refused() {
        let at = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).single().expect("instant");
        for text in [
            "2026-03-10T10:00:00+01:00",
            "2026-03-10T09:00:00+00:00",
            "2026-03-10t09:00:00z",
            "2026-03-10T09:00:00.000000Z",
        ] {
            assert_eq!(parse(text).ok(), Some(at), "{text}");
        }
        for text in [
            "2026-03-10t09:00:00z",
            "2026-03-10 09:00:00Z",
            "2026-03-10T09:00:00.12Z",
            "2026-03-10T09:00:00.1234Z",
            "2026-03-10T09:00:00,000Z",
        ] {
            assert_eq!(parse(text).ok(), chrono_reads(text), "{text} as chrono reads it");
        }
        for text in [
            "",
            "2026-03-10",
            "2026-02-30T09:00:00Z",
            "2026-03-10T24:00:00Z",
            "2026-03-10T09:00:00",
            "2026-03-10T09:00:00Z+",
            "２０２６-03-10T09:00:00Z",
            "2026-03-10T09:0a:00Z",
        ] {
            assert!(matches!(parse(text), Err(Error::Database(_))), "{text} refused");
        }
    }

    #[test]
    fn the_export_read_deserialises_through_the_same_parser() {
        #[derive(serde::Deserialize)]
        struct Row(#[serde(deserialize_with = "deserialize")] DateTime<Utc>);
        let rows: Vec<Row> =
            serde_json::from_str(r#"["2026-03-10T09:00:00Z","2026-03-10T09:00:00.250Z"]"#).expect("rows");
        assert_eq!(rows[0].0 + chrono::Duration::milliseconds(250), rows[1].0);
        let bad: std::result::Result<Vec<Row>, _> = serde_json::from_str(r#"["10.03.2026"]"#);
        assert!(bad.is_err());
    }
}

/// Rows written before the store had these types: their text must read as the same instants,
/// and the range queries must find them exactly where they found them before.
#[cfg(test)]
mod stored {
    use chrono::{NaiveDate, NaiveTime, TimeZone};

    use super::*;
    use crate::domain::Booking;
    use crate::store::appointments::AppointmentQuery;
    use crate::store::bookings::BookingQuery;
    use crate::store::{appointments, bookings, caldav, cases, fixtures, series, Store};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("instant")
    }

    async fn exec(store: &Store, sql: &str) {
        sqlx::query(sql).execute(store.pool()).await.expect(sql);
    }

    async fn raw(store: &Store, sql: &str) -> String {
        sqlx::query_scalar(sql).fetch_one(store.pool()).await.expect(sql)
    }

    #[tokio::test]
    async fn rows_in_the_old_text_read_and_are_found_as_before() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let municipality = fixtures::municipality(&mut tx, "Musterstadt").await;
        let input = fixtures::weekly_series(municipality);
        let series_id = series::insert(&mut tx, "s@test", &input).await.expect("series");
        let opened = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        let (case_id, _) = cases::insert(
            &mut tx,
            &fixtures::case_input(municipality, "Quartiersentwicklung", opened),
            crate::domain::CaseStatus::Active,
            opened,
        )
        .await
        .expect("case");
        tx.commit().await.expect("commit");

        let old_stamp = "2026-03-01T07:00:00.250Z";
        exec(
            &store,
            &format!("UPDATE consultation_series SET updated_at = '{old_stamp}'"),
        )
        .await;
        exec(
            &store,
            &format!("UPDATE cases SET updated_at = '{old_stamp}' WHERE id = {case_id}"),
        )
        .await;
        exec(
            &store,
            &format!(
                "INSERT INTO bookings (uid, series_id, occurrence_start, position, start_at, end_at, status,
                                       municipality_id, topic, created_at, updated_at)
                 VALUES ('old-b@test', {series_id}, '2026-03-10T09:00', 0, '2026-03-10T08:00:00Z',
                         '2026-03-10T08:30:00Z', 'booked', {municipality}, 'Förderantrag', '{old_stamp}', '{old_stamp}')"
            ),
        )
        .await;
        exec(
            &store,
            &format!(
                "INSERT INTO appointments (uid, kind, title, advisor, all_day, starts_on, ends_on, start_time,
                                           end_time, time_zone, start_at, end_at, created_at, updated_at)
                 VALUES ('old-a@test', 'workshop', 'Workshop', 'Miriam Albers', 0, '2026-03-11', '2026-03-11',
                         '10:00:00', '12:00:00', 'Europe/Berlin', '2026-03-11T09:00:00Z', '2026-03-11T11:00:00Z',
                         '{old_stamp}', '{old_stamp}')"
            ),
        )
        .await;
        exec(
            &store,
            "INSERT INTO caldav_account (id, url, user_name, last_sync_at)
             VALUES (1, 'https://dav.example/', 'albers', '2026-03-01T06:00:00Z')",
        )
        .await;
        exec(
            &store,
            "INSERT INTO caldav_conflicts (uid, href, server_ics, detected_at)
             VALUES ('old-a@test', '/cal/old-a.ics', 'BEGIN:VCALENDAR', '2026-03-01T06:30:00Z')",
        )
        .await;
        let stamp = at(old_stamp);
        assert_eq!(stamp.timestamp_subsec_millis(), 250);

        // Bookings: start from and to are inclusive; the boundary itself is found.
        let exactly = |from: &str, to: &str| BookingQuery {
            from: Some(at(from)),
            to: Some(at(to)),
            ..Default::default()
        };
        let pool = store.pool();
        let found = bookings::find(pool, &exactly("2026-03-10T08:00:00Z", "2026-03-10T08:00:00Z"))
            .await
            .expect("find");
        assert_eq!(found.len(), 1);
        let booking = Booking::try_from(found[0].clone()).expect("valid");
        assert_eq!(
            (booking.start, booking.end, booking.updated_at),
            (
                at("2026-03-10T09:00:00+01:00").fixed_offset(),
                at("2026-03-10T09:30:00+01:00").fixed_offset(),
                stamp
            )
        );
        for (from, to) in [
            ("2026-03-10T08:00:01Z", "2026-03-11T00:00:00Z"),
            ("2026-03-09T00:00:00Z", "2026-03-10T07:59:59Z"),
        ] {
            assert!(
                bookings::find(pool, &exactly(from, to)).await.expect("find").is_empty(),
                "{from}–{to}"
            );
        }
        // Overlaps are strict at both ends.
        let busy = |start: &str, end: &str| bookings::overlapping(pool, "Miriam Albers", at(start), at(end), None);
        let overlap = busy("2026-03-10T08:29:59Z", "2026-03-10T09:00:00Z")
            .await
            .expect("busy");
        assert_eq!(overlap[0].start_at, at("2026-03-10T08:00:00Z"));
        assert!(busy("2026-03-10T08:30:00Z", "2026-03-10T09:00:00Z")
            .await
            .expect("busy")
            .is_empty());
        assert!(busy("2026-03-10T07:00:00Z", "2026-03-10T08:00:00Z")
            .await
            .expect("busy")
            .is_empty());

        // Appointments: ending after `from`, starting before `to`, through the JSON read.
        let period = |from: &str, to: &str| AppointmentQuery {
            from: Some(at(from)),
            to: Some(at(to)),
            ..Default::default()
        };
        let found = appointments::find(pool, &period("2026-03-11T10:59:59Z", "2026-03-11T09:00:01Z"))
            .await
            .expect("find");
        assert_eq!(
            found
                .iter()
                .map(|r| (r.start_at, r.end_at, r.updated_at))
                .collect::<Vec<_>>(),
            [(at("2026-03-11T09:00:00Z"), at("2026-03-11T11:00:00Z"), stamp)]
        );
        for (from, to) in [
            ("2026-03-11T11:00:00Z", "2026-03-12T00:00:00Z"),
            ("2026-03-11T00:00:00Z", "2026-03-11T09:00:00Z"),
        ] {
            let none = appointments::find(pool, &period(from, to)).await.expect("find");
            assert!(none.is_empty(), "{from}–{to}");
        }
        let overlap = appointments::overlapping(
            pool,
            "Miriam Albers",
            at("2026-03-11T10:59:59Z"),
            at("2026-03-11T12:00:00Z"),
            None,
        )
        .await
        .expect("busy");
        assert_eq!(overlap[0].start_at, at("2026-03-11T09:00:00Z"));

        // Stamps and the CalDAV instants.
        let series_row = series::get(pool, series_id).await.expect("get").expect("series");
        assert_eq!(series_row.updated_at, stamp);
        let case = cases::get(pool, case_id).await.expect("get").expect("case");
        assert_eq!(case.updated_at, stamp);
        let account = caldav::account(pool).await.expect("account").expect("set up");
        assert_eq!(account.last_sync_at, Some(at("2026-03-01T06:00:00Z")));
        let conflicts = caldav::conflicts(pool).await.expect("conflicts");
        assert_eq!(conflicts[0].detected_at, at("2026-03-01T06:30:00Z"));
    }

    #[tokio::test]
    async fn new_rows_are_written_in_the_old_text() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let municipality = fixtures::municipality(&mut tx, "Musterstadt").await;
        let sync = Utc.with_ymd_and_hms(2026, 3, 1, 6, 0, 0).single().expect("instant");
        let account = crate::domain::CalDavAccount {
            url: "https://dav.example/".into(),
            user: "albers".into(),
            calendar_href: None,
            calendar_name: None,
            last_sync_at: Some(sync + chrono::Duration::milliseconds(999)),
        };
        caldav::save_account(&mut tx, &account).await.expect("account");
        let workshop = crate::domain::AppointmentInput {
            kind: crate::domain::AppointmentKind::Workshop,
            title: "Workshop".into(),
            location: None,
            case_id: None,
            municipality_id: Some(municipality),
            advisor: "Miriam Albers".into(),
            all_day: false,
            starts_on: NaiveDate::from_ymd_opt(2026, 6, 10).expect("date"),
            ends_on: NaiveDate::from_ymd_opt(2026, 6, 10).expect("date"),
            start_time: NaiveTime::from_hms_opt(10, 0, 0),
            end_time: NaiveTime::from_hms_opt(12, 0, 0),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: false,
        };
        appointments::insert(&mut tx, "w@test", &workshop.validate().expect("valid"))
            .await
            .expect("appointment");
        tx.commit().await.expect("commit");

        assert_eq!(
            raw(&store, "SELECT start_at || ' ' || end_at FROM appointments").await,
            "2026-06-10T08:00:00Z 2026-06-10T10:00:00Z"
        );
        assert_eq!(
            raw(&store, "SELECT last_sync_at FROM caldav_account").await,
            "2026-03-01T06:00:00Z",
            "whole seconds, below the second dropped as before"
        );
        let stamp = raw(
            &store,
            &format!("SELECT updated_at FROM municipalities WHERE id = {municipality}"),
        )
        .await;
        assert!(
            stamp.len() == 24 && stamp.as_bytes()[19] == b'.' && stamp.ends_with('Z'),
            "{stamp}"
        );
        assert_eq!(Stamp::new(parse(&stamp).expect("stamp")).text(), stamp);
    }
}
