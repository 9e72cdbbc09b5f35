//! Demo consultation hours: weekly, fortnightly and monthly series over a whole year around
//! today (so both daylight-saving changes and several holidays fall in), with a skipped, a moved
//! and an extra occurrence, bookings in the past (some with minutes, some still waiting for
//! them) and ahead, a few cancelled, and appointments: site visits, workshops and the congress.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::{days_after, days_before, pick, ADVISORS};
use crate::calendar::occurrences::Expander;
use crate::domain::*;
use crate::store::bookings::NewBooking;
use crate::store::{self, Tx};
use crate::Result;

/// A municipality with its cases and contacts, as the calendar demo needs it.
pub(super) struct Place {
    pub id: i64,
    pub name: String,
    pub state: FederalState,
    pub cases: Vec<i64>,
    pub contacts: Vec<i64>,
}

/// What was created.
#[derive(Debug, Default)]
pub(super) struct Created {
    pub series: usize,
    pub bookings: usize,
    pub appointments: usize,
    /// The congress and the workshops, which `demo::events` makes into events.
    pub gatherings: Vec<Gathering>,
}

/// An appointment that carries an event.
#[derive(Debug)]
pub(super) struct Gathering {
    pub appointment_id: i64,
    pub kind: AppointmentKind,
    pub municipality_id: Option<i64>,
    pub case_id: Option<i64>,
    pub day: NaiveDate,
}

const TOPICS: [&str; 6] = [
    "Förderantrag Sozialer Zusammenhalt",
    "Verfügungsfonds",
    "Beteiligung im Quartier",
    "Nachbarschaftstreff",
    "Integriertes Handlungskonzept",
    "Kooperation mit Trägern",
];
const CANCEL_REASONS: [&str; 3] = ["Krankheit", "Terminüberschneidung in der Verwaltung", "Kommune sagt ab"];
const MINUTES: [&str; 4] = [
    "Förderzugänge besprochen, Unterlagen folgen per E-Mail.",
    "Stand des Handlungskonzepts durchgesehen; nächster Schritt: Abstimmung mit dem Amt.",
    "Fragen zum Verfügungsfonds geklärt, Musterbeschluss zugesagt.",
    "Beteiligungsformat für das Quartier skizziert.",
];

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// The series the demo creates for the `index`-th municipality.
fn series_for(index: usize, place: &Place, today: NaiveDate) -> SeriesInput {
    let starts_on = days_before(today, 182);
    let base = SeriesInput {
        title: format!("Sprechstunde {}", place.name),
        municipality_id: place.id,
        neighbourhood_id: None,
        location: Some(format!("Rathaus {}, Raum {}", place.name, 100 + index)),
        online_url: None,
        advisor: ADVISORS[if index < 4 { 0 } else { index % ADVISORS.len() }].to_owned(),
        time_zone: HOME_ZONE.name().into(),
        recurrence: RecurrenceKind::Weekly,
        interval_weeks: 1,
        weekdays: vec![2],
        nth: 1,
        starts_on,
        until_on: Some(days_after(today, 183)),
        count: None,
        window_start: time(9, 0),
        window_end: time(12, 0),
        slot_minutes: 30,
        buffer_minutes: 10,
        skip_holidays: true,
        exceptions: Vec::new(),
    };
    match index % 4 {
        0 => base,
        1 => SeriesInput {
            title: format!("Quartierssprechstunde {}", place.name),
            interval_weeks: 2,
            weekdays: vec![4],
            window_start: time(14, 0),
            window_end: time(17, 0),
            slot_minutes: 45,
            buffer_minutes: 15,
            ..base
        },
        2 => SeriesInput {
            title: format!("Online-Sprechstunde {}", place.name),
            location: None,
            online_url: Some(format!(
                "https://video.zukunftsbuendnis.example/sprechstunde-{}",
                index + 1
            )),
            recurrence: RecurrenceKind::MonthlyNthWeekday,
            weekdays: vec![3],
            nth: 2,
            window_start: time(10, 0),
            window_end: time(13, 0),
            slot_minutes: 60,
            buffer_minutes: 0,
            ..base
        },
        _ => SeriesInput {
            title: format!("Fördersprechstunde {}", place.name),
            recurrence: RecurrenceKind::MonthlyNthWeekday,
            weekdays: vec![4],
            nth: -1,
            window_start: time(13, 0),
            window_end: time(16, 0),
            slot_minutes: 45,
            buffer_minutes: 15,
            ..base
        },
    }
}

/// Adds a skipped, a moved and an extra occurrence to the first series, a few weeks ahead.
fn with_exceptions(input: SeriesInput, state: FederalState, today: NaiveDate) -> Result<SeriesInput> {
    let valid = input.validate()?;
    let expander = Expander::new(&valid, 0, state);
    let from = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let regular: Vec<NaiveDate> = expander
        .occurrences(from, from + chrono::Duration::days(120))?
        .into_iter()
        .filter(|o| o.state == PreviewState::Regular)
        .map(|o| o.start.date())
        .collect();
    let mut exceptions = Vec::new();
    if let (Some(skip), Some(moved)) = (regular.get(2), regular.get(4)) {
        exceptions.push(SeriesException {
            kind: ExceptionKind::Skip,
            original_on: Some(*skip),
            date: None,
            start: None,
            end: None,
            reason: Some("Bundeskongress Sozialer Zusammenhalt".into()),
        });
        exceptions.push(SeriesException {
            kind: ExceptionKind::Move,
            original_on: Some(*moved),
            date: Some(*moved + Days::new(1)),
            start: Some(time(13, 0)),
            end: Some(time(16, 0)),
            reason: Some("Raum vormittags belegt".into()),
        });
    }
    if let Some(first) = regular.get(1) {
        exceptions.push(SeriesException {
            kind: ExceptionKind::Extra,
            original_on: None,
            date: Some(*first + Days::new(3)),
            start: Some(time(16, 0)),
            end: Some(time(18, 0)),
            reason: Some("Zusatztermin zum Förderaufruf".into()),
        });
    }
    Ok(SeriesInput { exceptions, ..input })
}

/// Creates series, bookings and appointments for up to eight municipalities.
pub(super) async fn generate(tx: &mut Tx, rng: &mut ChaCha8Rng, places: &[Place], today: NaiveDate) -> Result<Created> {
    let mut created = Created::default();
    let now = Utc::now();
    for (index, place) in places.iter().take(8).enumerate() {
        let mut input = series_for(index, place, today);
        if index == 0 {
            input = with_exceptions(input, place.state, today)?;
        }
        let valid = input.validate()?;
        let series_id = store::series::insert(tx, &new_uid(), &valid.input).await?;
        store::series::replace_exceptions(tx, series_id, &valid.input.exceptions).await?;
        created.series += 1;

        let expander = Expander::new(&valid, series_id, place.state);
        let from = Utc.from_utc_datetime(&valid.input.starts_on.and_time(NaiveTime::MIN));
        let to = from + chrono::Duration::days(366);
        for occurrence in expander.occurrences(from, to)? {
            for slot in expander.slots(&occurrence)? {
                let past = slot.end.with_timezone(&Utc) < now;
                if !rng.gen_bool(if past { 0.45 } else { 0.25 }) {
                    continue;
                }
                let for_case = !place.cases.is_empty() && rng.gen_bool(0.85);
                let case_id = for_case.then(|| *pick(rng, &place.cases));
                let cancelled = rng.gen_bool(0.08);
                let topic = (!for_case).then(|| (*pick(rng, &TOPICS)).to_owned());
                let contact_id = if for_case || place.contacts.is_empty() {
                    None
                } else {
                    Some(*pick(rng, &place.contacts))
                };
                let minutes_entry_id = match case_id {
                    Some(case_id) if past && !cancelled && rng.gen_bool(0.75) => Some(
                        store::journal::insert(
                            tx,
                            case_id,
                            slot.start.date_naive(),
                            JournalKind::Consultation,
                            &valid.input.advisor,
                            &format!(
                                "Protokoll Sprechstunde {}: {}",
                                dates::german_date_time(&slot.start),
                                pick(rng, &MINUTES)
                            ),
                        )
                        .await?,
                    ),
                    _ => None,
                };
                store::bookings::insert(
                    tx,
                    &NewBooking {
                        uid: new_uid(),
                        key: expander.key(&occurrence, &slot),
                        start: slot.start.with_timezone(&Utc),
                        end: slot.end.with_timezone(&Utc),
                        status: if cancelled {
                            BookingStatus::Cancelled
                        } else {
                            BookingStatus::Booked
                        },
                        case_id,
                        municipality_id: place.id,
                        contact_id,
                        topic,
                        cancel_reason: cancelled.then(|| (*pick(rng, &CANCEL_REASONS)).to_owned()),
                        minutes_entry_id,
                    },
                )
                .await?;
                if let Some(case_id) = case_id {
                    let booked_on = days_before(slot.start.date_naive(), rng.gen_range(3..20)).min(today);
                    store::journal::insert(
                        tx,
                        case_id,
                        booked_on,
                        JournalKind::Consultation,
                        &valid.input.advisor,
                        &format!(
                            "Sprechstunde gebucht: {} – {}",
                            dates::german_date_time(&slot.start),
                            valid.input.title
                        ),
                    )
                    .await?;
                }
                created.bookings += 1;
            }
        }
    }
    (created.appointments, created.gatherings) = appointments(tx, rng, places, today).await?;
    Ok(created)
}

/// Site visits and workshops through the year, and the two-day congress.
async fn appointments(
    tx: &mut Tx,
    rng: &mut ChaCha8Rng,
    places: &[Place],
    today: NaiveDate,
) -> Result<(usize, Vec<Gathering>)> {
    let mut count = 0;
    let mut gatherings = Vec::new();
    let congress_day = days_after(today, 45);
    let congress = AppointmentInput {
        kind: AppointmentKind::Congress,
        title: "Jahreskongress Zukunftsbündnis".into(),
        location: Some("Kongresszentrum Kassel".into()),
        case_id: None,
        municipality_id: None,
        advisor: ADVISORS[0].into(),
        all_day: true,
        starts_on: congress_day,
        ends_on: congress_day + Days::new(1),
        start_time: None,
        end_time: None,
        time_zone: HOME_ZONE.name().into(),
        notes: Some("Vortrag zum Verfügungsfonds am ersten Tag.".into()),
        accept_overlap: true,
    };
    let congress_id = store::appointments::insert(tx, &new_uid(), &congress.validate()?).await?;
    gatherings.push(Gathering {
        appointment_id: congress_id,
        kind: AppointmentKind::Congress,
        municipality_id: None,
        case_id: None,
        day: congress_day,
    });
    count += 1;
    for week in 0..52u64 {
        let Some(place) = places.get(rng.gen_range(0..places.len().max(1))) else {
            break;
        };
        let day = days_after(days_before(today, 182), week * 7 + rng.gen_range(0..5));
        if day.weekday().number_from_monday() > 5 {
            continue;
        }
        let (kind, title, start, hours) = if week % 3 == 0 {
            (
                AppointmentKind::Workshop,
                format!("Workshop Beteiligung {}", place.name),
                time(13, 0),
                3,
            )
        } else {
            (
                AppointmentKind::SiteVisit,
                format!("Standortbesuch {}", place.name),
                time(rng.gen_range(9..14), 0),
                2,
            )
        };
        let case_id = (!place.cases.is_empty()).then(|| *pick(rng, &place.cases));
        let input = AppointmentInput {
            kind,
            title,
            location: Some(format!("{}, Quartiersbüro", place.name)),
            case_id,
            municipality_id: Some(place.id),
            advisor: ADVISORS[(week % 2) as usize].into(),
            all_day: false,
            starts_on: day,
            ends_on: day,
            start_time: Some(start),
            end_time: Some(start + chrono::Duration::hours(hours)),
            time_zone: HOME_ZONE.name().into(),
            notes: None,
            accept_overlap: true,
        };
        let id = store::appointments::insert(tx, &new_uid(), &input.validate()?).await?;
        if rng.gen_bool(0.06) {
            store::appointments::cancel(tx, id).await?;
        }
        if kind == AppointmentKind::Workshop {
            gatherings.push(Gathering {
                appointment_id: id,
                kind,
                municipality_id: Some(place.id),
                case_id,
                day,
            });
        }
        count += 1;
    }
    Ok((count, gatherings))
}
