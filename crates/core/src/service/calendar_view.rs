//! `Planner` operations on what the calendar shows for a period: slots, appointments, holidays,
//! and overlaps of one advisor's items (flagged in the view, refused on a write unless accepted).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::calendar::holidays::holidays;
use crate::calendar::occurrences::Occurrence;
use crate::domain::dates::short_date_time;
use crate::domain::*;
use crate::store::bookings::{BookingQuery, Busy};
use crate::store::{self, Tx};
use crate::{Error, Result};

use super::Planner;

pub(super) fn fixed(at: DateTime<Tz>) -> DateTime<chrono::FixedOffset> {
    at.fixed_offset()
}

pub(super) fn busy_names(busy: &[Busy]) -> Vec<String> {
    busy.iter()
        .map(|b| {
            let zone: Tz = b.time_zone.parse().unwrap_or(HOME_ZONE);
            format!("{} ({})", b.title, short_date_time(&b.start_at.with_timezone(&zone)))
        })
        .collect()
}

pub(super) fn overlap_error(names: &[String]) -> Error {
    Error::NeedsConfirmation {
        de: format!(
            "Überschneidet sich mit einem anderen Termin derselben Person: {}.",
            names.join("; ")
        ),
        en: format!("Overlaps another item of the same person: {}.", names.join("; ")),
    }
}

impl Planner {
    pub(super) fn period(query: &CalendarQuery) -> (NaiveDate, NaiveDate) {
        let from = query.from.unwrap_or_else(Self::today);
        let to = query.to.unwrap_or(from + Days::new(27)).max(from);
        (from, to)
    }

    /// Slots of the series in the period (all days inclusive, cut in Europe/Berlin), free, booked
    /// and cancelled, by start.
    pub async fn slots(&self, query: &CalendarQuery) -> Result<Vec<Slot>> {
        let (from, to) = Self::period(query);
        let (start, end) = (day_start(from), day_start(to + Days::new(1)));
        let all = self
            .load_all_series(query.municipality_id, query.advisor.as_deref())
            .await?;
        let rows = store::bookings::find(
            self.store.pool(),
            &BookingQuery {
                from: Some(start - chrono::Duration::days(1)),
                to: Some(end),
                municipality_id: query.municipality_id,
                advisor: query.advisor.as_deref(),
                ..Default::default()
            },
        )
        .await?;
        let mut by_slot: HashMap<SlotKey, Booking> = HashMap::new();
        for row in rows {
            let key = row.key()?;
            let booking = Booking::try_from(row)?;
            // The holding booking wins over those that lost the slot (cancelled, or waiting to be
            // rebooked); among those the last.
            let keep = by_slot
                .get(&key)
                .is_none_or(|current| current.status != BookingStatus::Booked);
            if keep {
                by_slot.insert(key, booking);
            }
        }
        let mut slots = Vec::new();
        for loaded in &all {
            let expander = loaded.expander();
            let series = &loaded.series;
            for occurrence in expander.occurrences(start, end)? {
                for time in expander.slots(&occurrence)? {
                    if time.start.with_timezone(&Utc) >= end {
                        continue;
                    }
                    let key = expander.key(&occurrence, &time);
                    let booking = by_slot
                        .remove(&key)
                        .filter(|b| b.status != BookingStatus::NeedsRebooking);
                    let status = match booking.as_ref().map(|b| b.status) {
                        Some(BookingStatus::Booked) => SlotStatus::Booked,
                        Some(_) => SlotStatus::Cancelled,
                        None => SlotStatus::Free,
                    };
                    slots.push(Slot {
                        id: key.id(),
                        series_id: series.id,
                        series_uid: series.uid.clone(),
                        series_title: series.input.title.clone(),
                        municipality_id: series.input.municipality_id,
                        municipality: series.municipality.clone(),
                        advisor: series.input.advisor.clone(),
                        location: series.input.location.clone(),
                        online_url: series.input.online_url.clone(),
                        start: fixed(time.start),
                        end: fixed(time.end),
                        status,
                        booking,
                        occurrence: occurrence_kind(&occurrence),
                        conflicts: Vec::new(),
                    });
                }
            }
        }
        slots.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
        Ok(slots)
    }

    /// Everything the calendar shows for the period, with overlaps of the same advisor flagged.
    pub async fn calendar_view(&self, query: &CalendarQuery) -> Result<CalendarView> {
        let (from, to) = Self::period(query);
        let mut slots = self.slots(query).await?;
        let mut appointments = self.appointments(query).await?;
        flag_overlaps(&mut slots, &mut appointments);
        let displaced = store::bookings::find(
            self.store.pool(),
            &BookingQuery {
                status: Some(BookingStatus::NeedsRebooking),
                municipality_id: query.municipality_id,
                advisor: query.advisor.as_deref(),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Booking::try_from)
        .collect::<Result<Vec<_>>>()?;
        let municipalities = store::municipalities::list(self.store.pool()).await?;
        let mut states: Vec<FederalState> = municipalities
            .iter()
            .filter(|m| query.municipality_id.is_none_or(|id| id == m.id))
            .map(|m| m.state)
            .collect();
        states.sort_by_key(|s| s.code());
        states.dedup();
        let mut by_day: BTreeMap<(NaiveDate, String), Vec<FederalState>> = BTreeMap::new();
        for state in states {
            for year in chrono::Datelike::year(&from)..=chrono::Datelike::year(&to) {
                for holiday in holidays(state, year).unwrap_or_default() {
                    if (from..=to).contains(&holiday.date) {
                        by_day.entry((holiday.date, holiday.name)).or_default().push(state);
                    }
                }
            }
        }
        Ok(CalendarView {
            slots,
            appointments,
            displaced,
            holidays: by_day
                .into_iter()
                .map(|((date, name), states)| CalendarHoliday { date, name, states })
                .collect(),
        })
    }

    pub(super) async fn check_overlap(
        &self,
        tx: &mut Tx,
        advisor: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except_booking: Option<i64>,
        except_appointment: Option<i64>,
    ) -> Result<Vec<String>> {
        let mut busy = store::bookings::overlapping(&mut **tx, advisor, start, end, except_booking).await?;
        busy.extend(store::appointments::overlapping(&mut **tx, advisor, start, end, except_appointment).await?);
        Ok(busy_names(&busy))
    }

    /// The public holidays of a federal state in a year (1990–2100), by date.
    pub fn public_holidays(state: FederalState, year: i32) -> Result<Vec<crate::calendar::holidays::Holiday>> {
        crate::calendar::holidays::holidays(state, year).ok_or_else(|| {
            let mut errors = FieldErrors::default();
            errors.add(
                "year",
                "Feiertage gibt es für die Jahre 1990 bis 2100.",
                "Holidays are available for the years 1990 to 2100.",
            );
            Error::Validation(errors)
        })
    }
}

fn occurrence_kind(occurrence: &Occurrence) -> OccurrenceKind {
    match occurrence.state {
        PreviewState::Moved => OccurrenceKind::Moved,
        PreviewState::Extra => OccurrenceKind::Extra,
        _ => OccurrenceKind::Regular,
    }
}

/// Flags booked slots and confirmed appointments that overlap another of the same advisor.
fn flag_overlaps(slots: &mut [Slot], appointments: &mut [Appointment]) {
    struct Item {
        advisor: String,
        start: DateTime<chrono::FixedOffset>,
        end: DateTime<chrono::FixedOffset>,
        name: String,
    }
    let mut items: Vec<Item> = Vec::new();
    for slot in slots.iter().filter(|s| s.status == SlotStatus::Booked) {
        let who = slot
            .booking
            .as_ref()
            .and_then(|b| b.case_reference.clone().or_else(|| b.topic.clone()))
            .unwrap_or_default();
        items.push(Item {
            advisor: slot.advisor.clone(),
            start: slot.start,
            end: slot.end,
            name: format!("{} – {who} ({})", slot.series_title, short_date_time(&slot.start)),
        });
    }
    let slot_count = items.len();
    for a in appointments.iter().filter(|a| a.status == AppointmentStatus::Confirmed) {
        items.push(Item {
            advisor: a.input.advisor.clone(),
            start: a.start,
            end: a.end,
            name: format!("{} ({})", a.input.title, short_date_time(&a.start)),
        });
    }
    let mut conflicts: Vec<Vec<String>> = vec![Vec::new(); items.len()];
    for i in 0..items.len() {
        for j in (i + 1)..items.len() {
            let (a, b) = (&items[i], &items[j]);
            if a.advisor == b.advisor && a.start < b.end && b.start < a.end {
                conflicts[i].push(b.name.clone());
                conflicts[j].push(a.name.clone());
            }
        }
    }
    let mut found = conflicts.into_iter();
    for slot in slots.iter_mut().filter(|s| s.status == SlotStatus::Booked) {
        slot.conflicts = found.next().unwrap_or_default();
    }
    debug_assert_eq!(found.len(), items.len() - slot_count);
    for a in appointments
        .iter_mut()
        .filter(|a| a.status == AppointmentStatus::Confirmed)
    {
        a.conflicts = found.next().unwrap_or_default();
    }
}
