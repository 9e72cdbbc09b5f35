//! `Planner` operations on consultation-hour series (Sprechstundenreihen): listing, previewing,
//! creating and editing; an edit displaces or retimes the bookings whose slots it changes.

use std::collections::HashMap;

use chrono::{DateTime, Days, SubsecRound, Utc};

use crate::calendar::occurrences::{Expander, Occurrence};
use crate::domain::dates::german_date_time;
use crate::domain::*;
use crate::error::Entity;
use crate::store::bookings::{BookingQuery, BookingRow};
use crate::store::{self};
use crate::{Error, Result};

use super::bookings::journal;
use super::calendar_view::fixed;
use super::Planner;

/// How many occurrences the series editor previews.
pub const PREVIEW_OCCURRENCES: usize = 12;
/// How far ahead an edit of a series is compared for occurrences it removes.
const COMPARE_DAYS: u64 = 400;

/// A series with what it takes to expand it.
pub(super) struct Loaded {
    pub(super) series: ConsultationSeries,
    pub(super) valid: ValidSeries,
}

impl Loaded {
    pub(super) fn expander(&self) -> Expander<'_> {
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
    pub(super) async fn load_series(&self, conn: &mut sqlx::SqliteConnection, id: i64) -> Result<Loaded> {
        let row = store::series::get(&mut *conn, id)
            .await?
            .ok_or(Error::not_found(Entity::Series, id))?;
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
            return Err(Error::field(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            ));
        };
        if let Some(n) = input.neighbourhood_id {
            let belongs = store::municipalities::neighbourhoods::get(pool, n)
                .await?
                .is_some_and(|n| n.municipality_id == municipality.id);
            if !belongs {
                return Err(Error::field(
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
}

/// Compares the old and the new form of a series for the bookings ahead of `now`: those whose
/// slot the new form lacks are displaced; those whose slot moved in time are retimed.
async fn displacement(
    conn: &mut sqlx::SqliteConnection,
    old: &Loaded,
    new: &Expander<'_>,
    now: DateTime<Utc>,
) -> Result<Displacement> {
    // Stored instants are whole seconds: a booking ending this second is still ahead.
    let ahead = now.trunc_subsecs(0);
    let rows = store::bookings::find(
        &mut *conn,
        &BookingQuery {
            series_id: Some(old.series.id),
            status: Some(BookingStatus::Booked),
            ..Default::default()
        },
    )
    .await?;
    let mut plan = Displacement::default();
    for row in rows.into_iter().filter(|r| r.end_at >= ahead) {
        let key = row.key()?;
        match new.slot(&key)?.filter(|(o, _)| o.takes_place()) {
            None => plan.displaced.push(row),
            Some((_, time)) => {
                let (start, end) = (time.start.with_timezone(&Utc), time.end.with_timezone(&Utc));
                if start.trunc_subsecs(0) != row.start_at || end.trunc_subsecs(0) != row.end_at {
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
