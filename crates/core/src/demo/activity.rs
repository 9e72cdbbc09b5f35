//! Grows the demo data to the activity report's measured size (`benches/activity_report.rs`):
//! a weekly consultation hour in every Kommune through the year with about half of its slots
//! booked (some cancelled, some not come), and events of every format spread over the year with
//! the Kommune's people attending. Written through the store in one transaction; deterministic.

use chrono::{Datelike, NaiveDate, NaiveTime, Utc};

use crate::calendar::occurrences::Expander;
use crate::domain::{
    day_start, new_uid, AppointmentInput, BookingStatus, EventFormat, EventParticipantStatus, FederalState,
    RecurrenceKind, SeriesInput,
};
use crate::store::{self, bookings::NewBooking};
use crate::{Error, Result};

const ADVISORS: [&str; 5] = [
    "Miriam Albers",
    "Jonas Wehrmann",
    "Katharina Vogt",
    "Aylin Demir",
    "Thomas Reuter",
];

fn time(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// Adds consultation hours until about `bookings` bookings lie in `year`, and events until
/// `events` exist.
pub async fn scale(store: &store::Store, year: i32, bookings: usize, events: usize) -> Result<()> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| Error::Database("year".into()))?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Error::Database("year".into()))?;
    let mut tx = store.begin().await?;
    let places = sqlx::query!(
        r#"SELECT m.id AS "id!", m.state,
                  (SELECT min(c.id) FROM cases c WHERE c.municipality_id = m.id) AS "case_id: i64",
                  (SELECT json_group_array(cc.contact_id) FROM case_contacts cc JOIN cases c ON c.id = cc.case_id
                    WHERE c.municipality_id = m.id AND cc.contact_id IS NOT NULL) AS "contacts!: String"
             FROM municipalities m ORDER BY m.id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    if places.is_empty() {
        return Ok(());
    }
    let have: i64 = sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM bookings"#)
        .fetch_one(&mut *tx)
        .await?;
    let mut made = usize::try_from(have).unwrap_or(0);
    let (start, end) = (day_start(first), day_start(last + chrono::Days::new(1)));
    let mut counter = 0usize;
    'places: for (index, place) in places.iter().enumerate() {
        let state = FederalState::from_code(&place.state).unwrap_or(FederalState::HE);
        let input = SeriesInput {
            title: format!("Offene Sprechstunde {}", index + 1),
            municipality_id: place.id,
            neighbourhood_id: None,
            location: Some("Rathaus".into()),
            online_url: None,
            advisor: ADVISORS[index % ADVISORS.len()].into(),
            time_zone: "Europe/Berlin".into(),
            recurrence: RecurrenceKind::Weekly,
            interval_weeks: 1,
            weekdays: vec![u8::try_from(index % 5 + 1).unwrap_or(2)],
            nth: 1,
            starts_on: first,
            until_on: Some(last),
            count: None,
            window_start: time(9),
            window_end: time(13),
            slot_minutes: 30,
            buffer_minutes: 0,
            skip_holidays: true,
            exceptions: Vec::new(),
        };
        let valid = input.validate()?;
        let series_id = store::series::insert(&mut tx, &new_uid(), &input).await?;
        let expander = Expander::new(&valid, series_id, state);
        for occurrence in expander.occurrences(start, end)? {
            if !occurrence.takes_place() {
                continue;
            }
            for slot in expander.slots(&occurrence)?.into_iter().step_by(2) {
                if made >= bookings {
                    break 'places;
                }
                counter += 1;
                let slot_start = slot.start.with_timezone(&Utc);
                let status = if counter.is_multiple_of(9) {
                    BookingStatus::Cancelled
                } else {
                    BookingStatus::Booked
                };
                let id = store::bookings::insert(
                    &mut tx,
                    &NewBooking {
                        uid: new_uid(),
                        key: expander.key(&occurrence, &slot),
                        start: slot_start,
                        end: slot.end.with_timezone(&Utc),
                        status,
                        case_id: place.case_id,
                        municipality_id: place.id,
                        contact_id: None,
                        topic: place.case_id.is_none().then(|| "Erstberatung".to_owned()),
                        cancel_reason: (status == BookingStatus::Cancelled).then(|| "verhindert".to_owned()),
                        minutes_entry_id: None,
                    },
                )
                .await?;
                if counter.is_multiple_of(13) && status == BookingStatus::Booked && slot_start < Utc::now() {
                    store::bookings::set_no_show(&mut tx, id, true).await?;
                }
                made += 1;
            }
        }
    }

    let have: i64 = sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM events"#)
        .fetch_one(&mut *tx)
        .await?;
    let missing = events.saturating_sub(usize::try_from(have).unwrap_or(0));
    let days = u64::try_from((last - first).num_days()).unwrap_or(364);
    for i in 0..missing {
        let place = &places[i % places.len()];
        let format = EventFormat::ALL[i % EventFormat::ALL.len()];
        let day = first + chrono::Days::new(u64::try_from(i * 37).unwrap_or(0) % (days + 1));
        let appointment = AppointmentInput {
            kind: format.appointment_kind(),
            title: format!("{} {}", format.german(), i + 1),
            location: Some("Bürgerhaus".into()),
            case_id: None,
            municipality_id: Some(place.id),
            advisor: ADVISORS[i % ADVISORS.len()].into(),
            all_day: false,
            starts_on: day,
            ends_on: day,
            start_time: Some(time(14)),
            end_time: Some(time(17)),
            time_zone: "Europe/Berlin".into(),
            notes: None,
            accept_overlap: true,
        }
        .validate()?;
        let appointment_id = store::appointments::insert(&mut tx, &new_uid(), &appointment).await?;
        let event = store::events::insert(&mut tx, appointment_id, format, None, None).await?;
        let cases: Vec<i64> = place.case_id.into_iter().collect();
        store::events::replace_links(&mut tx, event, &[place.id], &cases).await?;
        let contacts: Vec<i64> = serde_json::from_str(&place.contacts).unwrap_or_default();
        let mut seen = std::collections::HashSet::new();
        for (n, contact) in contacts.into_iter().filter(|c| seen.insert(*c)).take(8).enumerate() {
            let status = match (day.ordinal() + u32::try_from(n).unwrap_or(0)) % 6 {
                0 => EventParticipantStatus::NoShow,
                _ => EventParticipantStatus::Attended,
            };
            store::events::add_participant(&mut tx, event, contact, status, false).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
