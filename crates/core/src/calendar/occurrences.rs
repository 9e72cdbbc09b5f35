//! The occurrences of a series with its exceptions and the public holidays applied, and their
//! slots. The recurrence itself comes from [`super::recurrence`]; this module adds what RRULE
//! leaves to EXDATE, RECURRENCE-ID and RDATE in an export: skipped holidays, skipped, moved and
//! extra occurrences.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use super::holidays::holidays;
use super::recurrence::{split_window, SlotTime};
use crate::domain::{ExceptionKind, FederalState, PreviewState, SlotKey, ValidSeries};
use crate::Result;

/// One occurrence of a series, also a skipped one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Local start of the original occurrence: the identity of its slots.
    pub original_start: NaiveDateTime,
    /// Local start where it takes place.
    pub start: NaiveDateTime,
    /// Local end of its window.
    pub end: NaiveDateTime,
    /// Regular, moved, extra, or skipped for a holiday or an exception.
    pub state: PreviewState,
    /// Holiday name or exception reason.
    pub note: Option<String>,
}

impl Occurrence {
    /// Whether it takes place.
    pub fn takes_place(&self) -> bool {
        !matches!(self.state, PreviewState::Holiday | PreviewState::Skipped)
    }
}

/// A series ready to expand: its validated input, id and federal state.
#[derive(Debug, Clone)]
pub struct Expander<'a> {
    series: &'a ValidSeries,
    series_id: i64,
    /// The state whose holidays are skipped; `None` when the series keeps them.
    holiday_state: Option<FederalState>,
}

impl<'a> Expander<'a> {
    /// Prepares the expansion; holidays are looked up for the state when the series skips them.
    pub fn new(series: &'a ValidSeries, series_id: i64, state: FederalState) -> Self {
        Self {
            series,
            series_id,
            holiday_state: series.input.skip_holidays.then_some(state),
        }
    }

    /// The holidays skipped in the years from `first` to `last`, by day.
    fn holidays(&self, first: i32, last: i32) -> HashMap<NaiveDate, String> {
        let Some(state) = self.holiday_state else {
            return HashMap::new();
        };
        (first..=last)
            .flat_map(|year| holidays(state, year).unwrap_or_default())
            .map(|h| (h.date, h.name))
            .collect()
    }

    /// The name of the skipped holiday on `day`, if any.
    fn holiday(&self, day: NaiveDate) -> Option<String> {
        self.holidays(day.year(), day.year()).remove(&day)
    }

    /// The last day of the series, if it has one.
    pub fn until_on(&self) -> Option<NaiveDate> {
        self.series.input.until_on
    }

    fn zone(&self) -> Tz {
        self.series.schedule.time_zone
    }

    fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.series.schedule.local(local).ok().map(|d| d.with_timezone(&Utc))
    }

    /// Every occurrence whose start lies in `from`–`to` (inclusive), skipped ones included, by
    /// start.
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Occurrence>> {
        let input = &self.series.input;
        let window_end = self.series.schedule.window_end;
        // Local days may lie a day off the UTC ones at the edges.
        let holidays = self.holidays(from.year() - 1, to.year() + 1);
        let mut list: Vec<Occurrence> = Vec::new();
        for start in self.series.schedule.occurrences(from, to)? {
            let start = start.naive_local();
            let day = start.date();
            let exception = input
                .exceptions
                .iter()
                .find(|e| e.kind != ExceptionKind::Extra && e.original_on == Some(day));
            let (state, note) = match (holidays.get(&day), exception) {
                (Some(name), _) => (PreviewState::Holiday, Some(name.clone())),
                (None, Some(e)) if e.kind == ExceptionKind::Skip => (PreviewState::Skipped, e.reason.clone()),
                // A moved occurrence shows up where it moved to, below.
                (None, Some(_)) => continue,
                (None, None) => (PreviewState::Regular, None),
            };
            list.push(Occurrence {
                original_start: start,
                start,
                end: day.and_time(window_end),
                state,
                note,
            });
        }
        for exception in &input.exceptions {
            let (Some(date), Some(start), Some(end)) = (exception.date, exception.start, exception.end) else {
                continue;
            };
            let moved_to = date.and_time(start);
            if !self.instant(moved_to).is_some_and(|at| from <= at && at <= to) {
                continue;
            }
            let (original_start, state) = match (exception.kind, exception.original_on) {
                (ExceptionKind::Move, Some(original_on)) => {
                    let original = original_on.and_time(self.series.schedule.window_start);
                    if !self.is_regular(original)? || self.holiday(original_on).is_some() {
                        continue;
                    }
                    (original, PreviewState::Moved)
                }
                (ExceptionKind::Extra, _) => (moved_to, PreviewState::Extra),
                _ => continue,
            };
            list.push(Occurrence {
                original_start,
                start: moved_to,
                end: date.and_time(end),
                state,
                note: exception.reason.clone(),
            });
        }
        list.sort_by_key(|o| (o.start, o.original_start));
        Ok(list)
    }

    /// Whether the recurrence yields an occurrence starting at `local`.
    fn is_regular(&self, local: NaiveDateTime) -> Result<bool> {
        let Some(at) = self.instant(local) else {
            return Ok(false);
        };
        Ok(!self.series.schedule.occurrences(at, at)?.is_empty())
    }

    /// The occurrence with this original start, if it exists (skipped ones included).
    pub fn occurrence(&self, original_start: NaiveDateTime) -> Result<Option<Occurrence>> {
        let input = &self.series.input;
        if let Some(extra) = input.exceptions.iter().find(|e| {
            e.kind == ExceptionKind::Extra && e.date.zip(e.start).map(|(d, t)| d.and_time(t)) == Some(original_start)
        }) {
            let (Some(date), Some(end)) = (extra.date, extra.end) else {
                return Ok(None);
            };
            return Ok(Some(Occurrence {
                original_start,
                start: original_start,
                end: date.and_time(end),
                state: PreviewState::Extra,
                note: extra.reason.clone(),
            }));
        }
        if !self.is_regular(original_start)? {
            return Ok(None);
        }
        let day = original_start.date();
        if let Some(name) = self.holiday(day) {
            return Ok(Some(Occurrence {
                original_start,
                start: original_start,
                end: day.and_time(self.series.schedule.window_end),
                state: PreviewState::Holiday,
                note: Some(name),
            }));
        }
        let exception = input
            .exceptions
            .iter()
            .find(|e| e.kind != ExceptionKind::Extra && e.original_on == Some(day));
        Ok(Some(match exception {
            Some(e) if e.kind == ExceptionKind::Move => {
                let (Some(date), Some(start), Some(end)) = (e.date, e.start, e.end) else {
                    return Ok(None);
                };
                Occurrence {
                    original_start,
                    start: date.and_time(start),
                    end: date.and_time(end),
                    state: PreviewState::Moved,
                    note: e.reason.clone(),
                }
            }
            Some(e) => Occurrence {
                original_start,
                start: original_start,
                end: day.and_time(self.series.schedule.window_end),
                state: PreviewState::Skipped,
                note: e.reason.clone(),
            },
            None => Occurrence {
                original_start,
                start: original_start,
                end: day.and_time(self.series.schedule.window_end),
                state: PreviewState::Regular,
                note: None,
            },
        }))
    }

    /// The slots of an occurrence that takes place (none for a skipped one).
    pub fn slots(&self, occurrence: &Occurrence) -> Result<Vec<SlotTime>> {
        if !occurrence.takes_place() {
            return Ok(Vec::new());
        }
        split_window(
            self.zone(),
            occurrence.start,
            occurrence.end,
            self.series.input.slot_minutes,
            self.series.input.buffer_minutes,
        )
    }

    /// The slot with this identity, if the series (still) has it.
    pub fn slot(&self, key: &SlotKey) -> Result<Option<(Occurrence, SlotTime)>> {
        let Some(occurrence) = self.occurrence(key.occurrence_start)? else {
            return Ok(None);
        };
        let slot = self
            .slots(&occurrence)?
            .into_iter()
            .find(|s| s.position == key.position);
        Ok(slot.map(|slot| (occurrence, slot)))
    }

    /// The identity of a slot of an occurrence.
    pub fn key(&self, occurrence: &Occurrence, slot: &SlotTime) -> SlotKey {
        SlotKey {
            series_id: self.series_id,
            occurrence_start: occurrence.original_start,
            position: slot.position,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;
    use crate::domain::{RecurrenceKind, SeriesException, SeriesInput};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    /// Fortnightly on Tuesday and Thursday from 2026-03-03, 09:00–12:00, 30 + 10 minutes.
    fn input(exceptions: Vec<SeriesException>) -> ValidSeries {
        SeriesInput {
            title: "Sprechstunde".into(),
            municipality_id: 1,
            neighbourhood_id: None,
            location: Some("Rathaus".into()),
            online_url: None,
            advisor: "Miriam Albers".into(),
            time_zone: "Europe/Berlin".into(),
            recurrence: RecurrenceKind::Weekly,
            interval_weeks: 2,
            weekdays: vec![2, 4],
            nth: 1,
            starts_on: date(2026, 3, 3),
            until_on: None,
            count: None,
            window_start: time(9, 0),
            window_end: time(12, 0),
            slot_minutes: 30,
            buffer_minutes: 10,
            skip_holidays: true,
            exceptions,
        }
        .validate()
        .expect("valid")
    }

    fn shown(list: &[Occurrence]) -> Vec<String> {
        list.iter()
            .map(|o| format!("{} {:?}", o.start.format("%m-%d %H:%M"), o.state))
            .collect()
    }

    #[test]
    fn holidays_skipped_exceptions_moved_and_extra() {
        let series = input(vec![
            SeriesException {
                kind: ExceptionKind::Skip,
                original_on: Some(date(2026, 3, 5)),
                date: None,
                start: None,
                end: None,
                reason: Some("Kongress".into()),
            },
            SeriesException {
                kind: ExceptionKind::Move,
                original_on: Some(date(2026, 3, 17)),
                date: Some(date(2026, 3, 18)),
                start: Some(time(14, 0)),
                end: Some(time(15, 0)),
                reason: Some("Raum belegt".into()),
            },
            SeriesException {
                kind: ExceptionKind::Extra,
                original_on: None,
                date: Some(date(2026, 3, 25)),
                start: Some(time(16, 0)),
                end: Some(time(17, 30)),
                reason: None,
            },
        ]);
        let expander = Expander::new(&series, 7, FederalState::HE);
        let list = expander
            .occurrences(utc("2026-03-01T00:00:00Z"), utc("2026-04-07T00:00:00Z"))
            .expect("occurrences");
        assert_eq!(
            shown(&list),
            [
                "03-03 09:00 Regular",
                "03-05 09:00 Skipped",
                "03-18 14:00 Moved",
                "03-19 09:00 Regular",
                "03-25 16:00 Extra",
                "03-31 09:00 Regular",
                "04-02 09:00 Regular",
            ]
        );
        assert_eq!(list[1].note.as_deref(), Some("Kongress"));
        // Karfreitag (3 April) and Ostermontag fall in the off week; a weekly series meets them.
        let weekly = ValidSeries {
            input: SeriesInput {
                interval_weeks: 1,
                weekdays: vec![5],
                ..series.input.clone()
            },
            schedule: crate::domain::Schedule {
                pattern: crate::domain::Pattern::Weekly {
                    every_weeks: 1,
                    weekdays: vec![chrono::Weekday::Fri],
                },
                ..series.schedule.clone()
            },
        };
        let expander_weekly = Expander::new(&weekly, 8, FederalState::HE);
        let good_friday = expander_weekly
            .occurrences(utc("2026-04-03T00:00:00Z"), utc("2026-04-03T23:00:00Z"))
            .expect("occurrences");
        assert_eq!(good_friday[0].state, PreviewState::Holiday);
        assert_eq!(good_friday[0].note.as_deref(), Some("Karfreitag"));
        assert!(expander_weekly.slots(&good_friday[0]).expect("slots").is_empty());

        // The moved occurrence keeps the identity of the original one, with its own window.
        let moved = &list[2];
        assert_eq!(moved.original_start, date(2026, 3, 17).and_time(time(9, 0)));
        let slots = expander.slots(moved).expect("slots");
        assert_eq!(
            slots.len(),
            1,
            "14:00–15:00 holds one 30-minute slot (the buffer leaves no room)"
        );
        let key = expander.key(moved, &slots[0]);
        assert_eq!(key.id(), "7-20260317T0900-0");
        let (found, slot) = expander.slot(&key).expect("lookup").expect("exists");
        assert_eq!(found.state, PreviewState::Moved);
        assert_eq!(slot.start.format("%d.%m. %H:%M").to_string(), "18.03. 14:00");
        let extra_key = expander.key(&list[4], &expander.slots(&list[4]).expect("slots")[1]);
        assert_eq!(extra_key.id(), "7-20260325T1600-1");
        assert!(expander.slot(&extra_key).expect("lookup").is_some());
        let gone = SlotKey { position: 5, ..key };
        assert!(expander.slot(&gone).expect("lookup").is_none());
        let not_in_rhythm = SlotKey {
            occurrence_start: date(2026, 3, 10).and_time(time(9, 0)),
            ..key
        };
        assert!(expander.slot(&not_in_rhythm).expect("lookup").is_none());
    }

    #[test]
    fn slots_keep_ten_oclock_across_daylight_saving() {
        let series = ValidSeries {
            input: SeriesInput {
                window_start: time(10, 0),
                window_end: time(11, 0),
                slot_minutes: 60,
                buffer_minutes: 0,
                ..input(Vec::new()).input
            },
            schedule: crate::domain::Schedule {
                window_start: time(10, 0),
                window_end: time(11, 0),
                ..input(Vec::new()).schedule
            },
        };
        let expander = Expander::new(&series, 1, FederalState::HE);
        let list = expander
            .occurrences(utc("2026-03-10T00:00:00Z"), utc("2026-11-01T00:00:00Z"))
            .expect("occurrences");
        let at = |day: NaiveDate| {
            let occurrence = list
                .iter()
                .find(|o| o.start.date() == day)
                .unwrap_or_else(|| panic!("{day}: {:?}", list.iter().map(|o| o.start.date()).collect::<Vec<_>>()));
            let slot = &expander.slots(occurrence).expect("slots")[0];
            slot.start.with_timezone(&Utc).format("%H:%MZ").to_string()
        };
        assert_eq!(at(date(2026, 3, 19)), "09:00Z");
        assert_eq!(at(date(2026, 3, 31)), "08:00Z");
        assert_eq!(at(date(2026, 10, 15)), "08:00Z");
        assert_eq!(at(date(2026, 10, 27)), "09:00Z");
    }
}
