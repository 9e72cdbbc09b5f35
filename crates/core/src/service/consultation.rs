//! `Planner` operations on consultation hours: series, slots, bookings, appointments and the
//! calendar that shows them.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::{not_found, Planner};
use crate::calendar::holidays::holidays;
use crate::calendar::occurrences::{Expander, Occurrence};
use crate::domain::dates::{german_date_time, short_date_time};
use crate::domain::*;
use crate::store::bookings::{utc_text, BookingQuery, BookingRow, Busy, NewBooking};
use crate::store::{self, appointments::AppointmentQuery, Tx};
use crate::{Error, Result};

/// How many occurrences the series editor previews.
pub const PREVIEW_OCCURRENCES: usize = 12;
/// How far ahead an edit of a series is compared for occurrences it removes.
const COMPARE_DAYS: u64 = 400;
/// The zone the calendar's days are cut in.
const HOME_ZONE: Tz = chrono_tz::Europe::Berlin;

/// A new calendar UID, kept for life.
pub(crate) fn new_uid() -> String {
    format!("{}@beratungsplaner", uuid::Uuid::new_v4())
}

/// Local midnight of a day in the home zone, in UTC.
pub(super) fn day_start(day: NaiveDate) -> DateTime<Utc> {
    HOME_ZONE
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN)))
}

fn fixed(at: DateTime<Tz>) -> DateTime<chrono::FixedOffset> {
    at.fixed_offset()
}

fn busy_names(busy: &[Busy]) -> Vec<String> {
    busy.iter()
        .map(|b| {
            let zone: Tz = b.time_zone.parse().unwrap_or(HOME_ZONE);
            match store::bookings::parse_utc(&b.start_at) {
                Ok(at) => format!("{} ({})", b.title, short_date_time(&at.with_timezone(&zone))),
                Err(_) => b.title.clone(),
            }
        })
        .collect()
}

fn overlap_error(names: &[String]) -> Error {
    Error::NeedsConfirmation {
        de: format!(
            "Überschneidet sich mit einem anderen Termin derselben Person: {}.",
            names.join("; ")
        ),
        en: format!("Overlaps another item of the same person: {}.", names.join("; ")),
    }
}

/// A series with what it takes to expand it.
pub(super) struct Loaded {
    pub(super) series: ConsultationSeries,
    pub(super) valid: ValidSeries,
}

impl Loaded {
    fn expander(&self) -> Expander<'_> {
        Expander::new(&self.valid, self.series.id, self.series.state)
    }
}

/// Bookings that an edit of a series displaces or moves in time.
#[derive(Debug, Default)]
struct Displacement {
    removed_occurrences: u32,
    displaced: Vec<BookingRow>,
    retimed: Vec<(i64, DateTime<Utc>, DateTime<Utc>)>,
}

impl Planner {
    // ---- series ----------------------------------------------------------------------------

    async fn load_series(&self, conn: &mut sqlx::SqliteConnection, id: i64) -> Result<Loaded> {
        let row = store::series::get(&mut *conn, id)
            .await?
            .ok_or(not_found("series", id))?;
        let exceptions = store::series::exceptions(&mut *conn, Some(id))
            .await?
            .into_iter()
            .map(SeriesException::try_from)
            .collect::<Result<Vec<_>>>()?;
        let series = ConsultationSeries::try_from((row, exceptions))?;
        let valid = series.input.validate()?;
        Ok(Loaded { series, valid })
    }

    pub(super) async fn load_all_series(
        &self,
        municipality_id: Option<i64>,
        advisor: Option<&str>,
    ) -> Result<Vec<Loaded>> {
        let pool = self.store.pool();
        let rows = store::series::list(pool, municipality_id, advisor).await?;
        let mut exceptions: HashMap<i64, Vec<SeriesException>> = HashMap::new();
        for row in store::series::exceptions(pool, None).await? {
            let series_id = row.series_id;
            exceptions
                .entry(series_id)
                .or_default()
                .push(SeriesException::try_from(row)?);
        }
        rows.into_iter()
            .map(|row| {
                let list = exceptions.remove(&row.id).unwrap_or_default();
                let series = ConsultationSeries::try_from((row, list))?;
                let valid = series.input.validate()?;
                Ok(Loaded { series, valid })
            })
            .collect()
    }

    /// Every series, by title.
    pub async fn list_series(&self) -> Result<Vec<ConsultationSeries>> {
        Ok(self
            .load_all_series(None, None)
            .await?
            .into_iter()
            .map(|l| l.series)
            .collect())
    }

    /// One series.
    pub async fn series(&self, id: i64) -> Result<ConsultationSeries> {
        let mut conn = self.store.pool().acquire().await?;
        Ok(self.load_series(&mut conn, id).await?.series)
    }

    /// Validates a series input against the stored data: the municipality and neighbourhood
    /// exist and belong together, and every skipped or moved day is a day of the series.
    async fn validate_series(&self, input: &SeriesInput) -> Result<(ValidSeries, FederalState)> {
        let valid = input.validate()?;
        let pool = self.store.pool();
        let Some(municipality) = store::municipalities::get(pool, input.municipality_id).await? else {
            return Err(super::field_error(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            ));
        };
        if let Some(n) = input.neighbourhood_id {
            let belongs = store::neighbourhoods::get(pool, n)
                .await?
                .is_some_and(|n| n.municipality_id == municipality.id);
            if !belongs {
                return Err(super::field_error(
                    "neighbourhood_id",
                    "Das Quartier gehört nicht zu dieser Kommune.",
                    "The neighbourhood does not belong to this municipality.",
                ));
            }
        }
        let mut errors = FieldErrors::default();
        let plain = ValidSeries {
            input: SeriesInput {
                exceptions: Vec::new(),
                skip_holidays: false,
                ..valid.input.clone()
            },
            schedule: valid.schedule.clone(),
        };
        let expander = Expander::new(&plain, 0, municipality.state);
        for (index, exception) in valid.input.exceptions.iter().enumerate() {
            let Some(day) = exception.original_on else { continue };
            let original = day.and_time(valid.input.window_start);
            if expander.occurrence(original)?.is_none() {
                errors.add(
                    &format!("exceptions.{index}"),
                    format!(
                        "Am {} findet keine Sprechstunde dieser Reihe statt.",
                        day.format("%d.%m.%Y")
                    ),
                    format!("The series does not meet on {}.", day.format("%d/%m/%Y")),
                );
            }
        }
        errors.into_result()?;
        Ok((valid, municipality.state))
    }

    /// What saving `input` (as a new series, or as a change of series `id`) would bring about:
    /// the next occurrences with their slots, and the bookings that would lose their slot.
    pub async fn preview_series(&self, id: Option<i64>, input: SeriesInput) -> Result<SeriesPreview> {
        let (valid, state) = self.validate_series(&input).await?;
        let series_id = id.unwrap_or(0);
        let expander = Expander::new(&valid, series_id, state);
        let now = Utc::now();
        let from = day_start(Self::today().max(valid.input.starts_on));
        let mut occurrences = Vec::new();
        for occurrence in expander
            .occurrences(from, from + chrono::Duration::days(COMPARE_DAYS as i64))?
            .into_iter()
            .take(PREVIEW_OCCURRENCES)
        {
            let local = |at| valid.schedule.local(at).map(fixed);
            let slots = expander
                .slots(&occurrence)?
                .into_iter()
                .map(|s| SlotTimes {
                    start: fixed(s.start),
                    end: fixed(s.end),
                })
                .collect();
            occurrences.push(PreviewOccurrence {
                date: occurrence.start.date(),
                start: local(occurrence.start)?,
                end: local(occurrence.end)?,
                state: occurrence.state,
                note: occurrence.note.clone(),
                slots,
            });
        }
        let (removed_occurrences, affected) = match id {
            Some(id) => {
                let mut conn = self.store.pool().acquire().await?;
                let old = self.load_series(&mut conn, id).await?;
                let plan = displacement(&mut conn, &old, &expander, now).await?;
                let affected = plan
                    .displaced
                    .into_iter()
                    .map(Booking::try_from)
                    .collect::<Result<Vec<_>>>()?;
                (plan.removed_occurrences, affected)
            }
            None => (0, Vec::new()),
        };
        Ok(SeriesPreview {
            occurrences,
            removed_occurrences,
            affected,
        })
    }

    /// Creates a series.
    pub async fn create_series(&self, input: SeriesInput) -> Result<ConsultationSeries> {
        let (valid, _) = self.validate_series(&input).await?;
        let mut tx = self.store.begin().await?;
        let id = store::series::insert(&mut tx, &new_uid(), &valid.input).await?;
        store::series::replace_exceptions(&mut tx, id, &valid.input.exceptions).await?;
        tx.commit().await?;
        self.series(id).await
    }

    /// Changes a series. Bookings whose slot goes away are marked "muss umgebucht werden" (with a
    /// journal entry on their case), never deleted; unless `accept_displaced`, such a change is
    /// refused with [`Error::NeedsConfirmation`] naming the count, after the preview showed them.
    pub async fn update_series(
        &self,
        id: i64,
        input: SeriesInput,
        accept_displaced: bool,
    ) -> Result<ConsultationSeries> {
        let (valid, state) = self.validate_series(&input).await?;
        let mut tx = self.store.begin().await?;
        let old = self.load_series(&mut tx, id).await?;
        let expander = Expander::new(&valid, id, state);
        let plan = displacement(&mut tx, &old, &expander, Utc::now()).await?;
        if !plan.displaced.is_empty() && !accept_displaced {
            let (n, m) = (plan.removed_occurrences, plan.displaced.len());
            return Err(Error::NeedsConfirmation {
                de: format!(
                    "{n} Sprechstunden fallen aus, {m} Buchungen betroffen. Sie werden als „muss umgebucht werden“ markiert."
                ),
                en: format!("{n} consultation hours are dropped, {m} bookings affected. They will be marked \"needs rebooking\"."),
            });
        }
        let changed = old.series.input != valid.input;
        store::series::update(&mut tx, id, &valid.input, changed).await?;
        store::series::replace_exceptions(&mut tx, id, &valid.input.exceptions).await?;
        for row in &plan.displaced {
            store::bookings::mark_needs_rebooking(&mut tx, row.id).await?;
            if let Some(case_id) = row.case_id {
                let booking = Booking::try_from(row.clone())?;
                let text = format!(
                    "Sprechstunde entfällt, muss umgebucht werden: {} – {}",
                    german_date_time(&booking.start),
                    valid.input.title
                );
                journal(&mut tx, case_id, &valid.input.advisor, &text).await?;
            }
        }
        for (booking_id, start, end) in &plan.retimed {
            store::bookings::set_times(&mut tx, *booking_id, *start, *end).await?;
        }
        tx.commit().await?;
        self.series(id).await
    }

    // ---- the calendar ----------------------------------------------------------------------

    fn period(query: &CalendarQuery) -> (NaiveDate, NaiveDate) {
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
        let (from_text, to_text) = (utc_text(start - chrono::Duration::days(1)), utc_text(end));
        let rows = store::bookings::find(
            self.store.pool(),
            &BookingQuery {
                from: Some(&from_text),
                to: Some(&to_text),
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
            // The holding booking wins over cancelled ones; among cancelled ones the last.
            let keep = by_slot
                .get(&key)
                .is_none_or(|current| current.status == BookingStatus::Cancelled);
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

    /// Appointments in the period (all days inclusive), by start.
    pub async fn appointments(&self, query: &CalendarQuery) -> Result<Vec<Appointment>> {
        let (from, to) = Self::period(query);
        let (start, end) = (day_start(from), day_start(to + Days::new(1)));
        let (from_text, to_text) = (utc_text(start), utc_text(end));
        let found = store::appointments::find(
            self.store.pool(),
            &AppointmentQuery {
                from: Some(&from_text),
                to: Some(&to_text),
                municipality_id: query.municipality_id,
                advisor: query.advisor.as_deref(),
                case_id: query.case_id,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Appointment::try_from)
        .collect::<Result<Vec<_>>>()?;
        self.expand_recurring(found, start, end).await
    }

    /// Everything the calendar shows for the period, with overlaps of the same advisor flagged.
    pub async fn calendar(&self, query: &CalendarQuery) -> Result<CalendarView> {
        let (from, to) = Self::period(query);
        let mut slots = self.slots(query).await?;
        let mut appointments = self.appointments(query).await?;
        flag_overlaps(&mut slots, &mut appointments);
        let displaced = store::bookings::find(
            self.store.pool(),
            &BookingQuery {
                status: Some(BookingStatus::NeedsRebooking.as_str()),
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

    // ---- bookings --------------------------------------------------------------------------

    /// Resolves a slot to its series and instants; it must exist, take place and lie ahead.
    async fn open_slot(&self, tx: &mut Tx, key: &SlotKey) -> Result<(Loaded, DateTime<Tz>, DateTime<Tz>)> {
        let loaded = self.load_series(tx, key.series_id).await?;
        let found = loaded.expander().slot(key)?;
        let Some((_, time)) = found.filter(|(o, _)| o.takes_place()) else {
            return Err(Error::conflict(
                "Dieses Zeitfenster gibt es nicht (mehr).",
                "This slot does not exist (any more).",
            ));
        };
        if store::bookings::holder(&mut **tx, key).await?.is_some() {
            return Err(Error::conflict(
                "Dieses Zeitfenster ist bereits gebucht.",
                "This slot is already booked.",
            ));
        }
        if time.start.with_timezone(&Utc) < Utc::now() {
            return Err(Error::conflict(
                "Dieses Zeitfenster hat schon begonnen oder liegt in der Vergangenheit.",
                "This slot has already begun or lies in the past.",
            ));
        }
        Ok((loaded, time.start, time.end))
    }

    async fn check_overlap(
        &self,
        tx: &mut Tx,
        advisor: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except_booking: Option<i64>,
        except_appointment: Option<i64>,
    ) -> Result<Vec<String>> {
        let (start, end) = (utc_text(start), utc_text(end));
        let mut busy = store::bookings::overlapping(&mut **tx, advisor, &start, &end, except_booking).await?;
        busy.extend(store::appointments::overlapping(&mut **tx, advisor, &start, &end, except_appointment).await?);
        Ok(busy_names(&busy))
    }

    async fn booking(&self, id: i64) -> Result<Booking> {
        store::bookings::get(self.store.pool(), id)
            .await?
            .ok_or(not_found("booking", id))
            .and_then(Booking::try_from)
    }

    /// Books a free slot for a case (or for a contact with a topic) and writes "Sprechstunde
    /// gebucht" into the case's journal, in one transaction. The database refuses a second
    /// booking of the same slot, also from a concurrent writer.
    pub async fn book_slot(&self, input: BookingInput) -> Result<Booking> {
        let (key, input) = input.validate()?;
        let mut tx = self.store.begin().await?;
        let (loaded, start, end) = self.open_slot(&mut tx, &key).await?;
        if let Some(case_id) = input.case_id {
            store::cases::get(&mut *tx, case_id)
                .await?
                .ok_or(not_found("case", case_id))?;
        }
        if let Some(contact_id) = input.contact_id {
            store::contacts::get(&mut *tx, contact_id)
                .await?
                .ok_or(not_found("contact", contact_id))?;
        }
        let advisor = &loaded.series.input.advisor;
        let (start_utc, end_utc) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        if !input.accept_overlap {
            let names = self
                .check_overlap(&mut tx, advisor, start_utc, end_utc, None, None)
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        let id = store::bookings::insert(
            &mut tx,
            &NewBooking {
                uid: new_uid(),
                key,
                start: start_utc,
                end: end_utc,
                status: BookingStatus::Booked,
                case_id: input.case_id,
                municipality_id: loaded.series.input.municipality_id,
                contact_id: input.contact_id,
                topic: input.topic.clone(),
                cancel_reason: None,
                minutes_entry_id: None,
            },
        )
        .await?;
        if let Some(case_id) = input.case_id {
            let mut text = format!(
                "Sprechstunde gebucht: {} – {}",
                german_date_time(&start),
                loaded.series.input.title
            );
            if let Some(topic) = &input.topic {
                text.push_str(&format!(" ({topic})"));
            }
            journal(&mut tx, case_id, advisor, &text).await?;
        }
        tx.commit().await?;
        self.booking(id).await
    }

    /// Moves a booking to another free slot in one transaction; the old slot is free again.
    pub async fn rebook(&self, id: i64, slot_id: &str, accept_overlap: bool) -> Result<Booking> {
        let Some(key) = SlotKey::parse(slot_id) else {
            return Err(super::field_error(
                "slot_id",
                "Unbekanntes Zeitfenster.",
                "Unknown slot.",
            ));
        };
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(not_found("booking", id))?;
        let before = Booking::try_from(row.clone())?;
        if before.status == BookingStatus::Cancelled {
            return Err(Error::conflict(
                "Eine abgesagte Buchung kann nicht umgebucht werden; bitte neu buchen.",
                "A cancelled booking cannot be rebooked; please book again.",
            ));
        }
        let (loaded, start, end) = self.open_slot(&mut tx, &key).await?;
        let (start_utc, end_utc) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        if !accept_overlap {
            let names = self
                .check_overlap(
                    &mut tx,
                    &loaded.series.input.advisor,
                    start_utc,
                    end_utc,
                    Some(id),
                    None,
                )
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        store::bookings::move_to(&mut tx, id, &key, start_utc, end_utc).await?;
        if let Some(case_id) = before.case_id {
            let text = format!(
                "Sprechstunde umgebucht: {} → {} – {}",
                german_date_time(&before.start),
                german_date_time(&start),
                loaded.series.input.title
            );
            journal(&mut tx, case_id, &loaded.series.input.advisor, &text).await?;
        }
        tx.commit().await?;
        self.booking(id).await
    }

    /// Cancels a booking with a reason; it is kept as cancelled and the slot is free again.
    pub async fn cancel_booking(&self, id: i64, reason: &str) -> Result<Booking> {
        let reason = reason.trim();
        let mut errors = FieldErrors::default();
        errors.require_text("reason", reason, 300);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(not_found("booking", id))?;
        let booking = Booking::try_from(row)?;
        if booking.status == BookingStatus::Cancelled {
            return Err(Error::conflict(
                "Diese Buchung ist bereits abgesagt.",
                "This booking is already cancelled.",
            ));
        }
        store::bookings::cancel(&mut tx, id, reason).await?;
        if let Some(case_id) = booking.case_id {
            let text = format!(
                "Sprechstunde abgesagt: {} – {} (Grund: {reason})",
                german_date_time(&booking.start),
                booking.series_title
            );
            journal(&mut tx, case_id, &booking.advisor, &text).await?;
        }
        tx.commit().await?;
        self.booking(id).await
    }

    /// Writes the minutes of a past booking into its case's journal ("Protokoll nachtragen").
    pub async fn write_booking_minutes(&self, id: i64, text: &str) -> Result<CaseDetail> {
        let mut errors = FieldErrors::default();
        errors.require_text("text", text, 20_000);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(not_found("booking", id))?;
        let booking = Booking::try_from(row)?;
        let Some(case_id) = booking.case_id.filter(|_| booking.status == BookingStatus::Booked) else {
            return Err(Error::conflict(
                "Ein Protokoll gibt es nur für gebuchte Sprechstunden eines Beratungsfalls.",
                "Minutes exist only for booked consultations of a case.",
            ));
        };
        if booking.start > Utc::now() {
            return Err(Error::conflict(
                "Die Sprechstunde hat noch nicht stattgefunden.",
                "The consultation has not taken place yet.",
            ));
        }
        let entry = store::journal::insert(
            &mut tx,
            case_id,
            booking.start.date_naive(),
            JournalKind::Consultation,
            &booking.advisor,
            &format!(
                "Protokoll Sprechstunde {}: {}",
                german_date_time(&booking.start),
                text.trim()
            ),
        )
        .await?;
        store::bookings::set_minutes(&mut tx, id, entry).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }

    // ---- appointments ----------------------------------------------------------------------

    async fn validate_appointment(&self, input: &AppointmentInput) -> Result<ValidAppointment> {
        let mut valid = input.validate()?;
        if let Some(case_id) = valid.input.case_id {
            let case = store::cases::get(self.store.pool(), case_id)
                .await?
                .ok_or_else(|| super::field_error("case_id", "Unbekannter Beratungsfall.", "Unknown case."))?;
            valid.input.municipality_id = Some(case.municipality_id);
        } else if let Some(m) = valid.input.municipality_id {
            if store::municipalities::get(self.store.pool(), m).await?.is_none() {
                return Err(super::field_error(
                    "municipality_id",
                    "Unbekannte Kommune.",
                    "Unknown municipality.",
                ));
            }
        }
        Ok(valid)
    }

    async fn appointment(&self, id: i64) -> Result<Appointment> {
        store::appointments::find(
            self.store.pool(),
            &AppointmentQuery {
                id: Some(id),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .next()
        .ok_or(not_found("appointment", id))
        .and_then(Appointment::try_from)
    }

    /// Creates an appointment; an overlap with another item of the advisor needs `accept_overlap`.
    pub async fn create_appointment(&self, input: AppointmentInput) -> Result<Appointment> {
        let valid = self.validate_appointment(&input).await?;
        let mut tx = self.store.begin().await?;
        if !valid.input.accept_overlap {
            let names = self
                .check_overlap(&mut tx, &valid.input.advisor, valid.start, valid.end, None, None)
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        let id = store::appointments::insert(&mut tx, &new_uid(), &valid).await?;
        tx.commit().await?;
        self.appointment(id).await
    }

    /// Changes an appointment.
    pub async fn update_appointment(&self, id: i64, input: AppointmentInput) -> Result<Appointment> {
        let valid = self.validate_appointment(&input).await?;
        let mut tx = self.store.begin().await?;
        if !valid.input.accept_overlap {
            let names = self
                .check_overlap(&mut tx, &valid.input.advisor, valid.start, valid.end, None, Some(id))
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        if !store::appointments::update(&mut tx, id, &valid).await? {
            return Err(not_found("appointment", id));
        }
        tx.commit().await?;
        self.appointment(id).await
    }

    /// Cancels an appointment; it stays, as cancelled.
    pub async fn cancel_appointment(&self, id: i64) -> Result<Appointment> {
        let mut tx = self.store.begin().await?;
        if !store::appointments::cancel(&mut tx, id).await? {
            return Err(not_found("appointment", id));
        }
        tx.commit().await?;
        self.appointment(id).await
    }

    /// Deletes an appointment made by mistake (a real one that does not take place is
    /// cancelled instead, so calendars learn of it). A CalDAV sync deletes it on the server.
    pub async fn delete_appointment(&self, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        if !store::appointments::delete(&mut tx, id).await? {
            return Err(not_found("appointment", id));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Bookings and appointments of a case, newest first, for its page.
    pub(crate) async fn case_calendar(&self, case_id: i64) -> Result<(Vec<Booking>, Vec<Appointment>)> {
        let pool = self.store.pool();
        let mut bookings = store::bookings::find(
            pool,
            &BookingQuery {
                case_id: Some(case_id),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Booking::try_from)
        .collect::<Result<Vec<_>>>()?;
        bookings.reverse();
        let mut appointments = store::appointments::find(
            pool,
            &AppointmentQuery {
                case_id: Some(case_id),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Appointment::try_from)
        .collect::<Result<Vec<_>>>()?;
        appointments.reverse();
        Ok((bookings, appointments))
    }
}

fn occurrence_kind(occurrence: &Occurrence) -> OccurrenceKind {
    match occurrence.state {
        PreviewState::Moved => OccurrenceKind::Moved,
        PreviewState::Extra => OccurrenceKind::Extra,
        _ => OccurrenceKind::Regular,
    }
}

async fn journal(tx: &mut Tx, case_id: i64, author: &str, text: &str) -> Result<()> {
    store::journal::insert(tx, case_id, Planner::today(), JournalKind::Consultation, author, text).await?;
    store::cases::touch(tx, case_id).await
}

/// Compares the old and the new form of a series for the bookings ahead of `now`: those whose
/// slot the new form lacks are displaced; those whose slot moved in time are retimed.
async fn displacement(
    conn: &mut sqlx::SqliteConnection,
    old: &Loaded,
    new: &Expander<'_>,
    now: DateTime<Utc>,
) -> Result<Displacement> {
    let now_text = utc_text(now);
    let rows = store::bookings::find(
        &mut *conn,
        &BookingQuery {
            series_id: Some(old.series.id),
            status: Some(BookingStatus::Booked.as_str()),
            ..Default::default()
        },
    )
    .await?;
    let mut plan = Displacement::default();
    for row in rows.into_iter().filter(|r| r.end_at >= now_text) {
        let key = row.key()?;
        match new.slot(&key)?.filter(|(o, _)| o.takes_place()) {
            None => plan.displaced.push(row),
            Some((_, time)) => {
                let (start, end) = (time.start.with_timezone(&Utc), time.end.with_timezone(&Utc));
                if utc_text(start) != row.start_at || utc_text(end) != row.end_at {
                    plan.retimed.push((row.id, start, end));
                }
            }
        }
    }
    // Compare up to the later end of the two forms (at most five years ahead), at least 400 days.
    let last_day = [old.series.input.until_on, new.until_on()]
        .into_iter()
        .flatten()
        .max()
        .map(|d| day_start(d + Days::new(1)));
    let horizon = last_day
        .unwrap_or(now)
        .max(now + chrono::Duration::days(COMPARE_DAYS as i64))
        .min(now + chrono::Duration::days(5 * 366));
    let kept: std::collections::HashSet<_> = new
        .occurrences(now, horizon)?
        .into_iter()
        .filter(Occurrence::takes_place)
        .map(|o| o.original_start)
        .collect();
    plan.removed_occurrences = u32::try_from(
        old.expander()
            .occurrences(now, horizon)?
            .into_iter()
            .filter(|o| o.takes_place() && !kept.contains(&o.original_start))
            .count(),
    )
    .unwrap_or(u32::MAX);
    Ok(plan)
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
