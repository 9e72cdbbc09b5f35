//! Recurrence of consultation hours (the expansion of a [`Schedule`]) and their split into
//! bookable slots.
//!
//! Recurrence follows RFC 5545 RRULE semantics through the `rrule` crate (the maintained Rust
//! implementation of python-dateutil's rrule), so the instants computed here are the ones any
//! calendar expands from an exported `DTSTART;TZID=…` + `RRULE`. Times are local wall-clock times in
//! an IANA zone (chrono-tz): 10:00 in Europe/Berlin stays 10:00 across daylight-saving changes.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::domain::schedule::invalid_recurrence as invalid;
use crate::domain::schedule::{End, Pattern, Schedule};
use crate::Result;

fn byday(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

impl Schedule {
    /// The `RRULE` value, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`. `UNTIL` is given in UTC, as
    /// RFC 5545 requires when `DTSTART` has a `TZID`: the end of the window on the last day.
    pub fn rrule(&self) -> Result<String> {
        let mut rule = match &self.pattern {
            Pattern::Weekly { every_weeks, weekdays } => {
                if *every_weeks == 0 || weekdays.is_empty() {
                    return Err(invalid(
                        "weekly recurrence needs an interval of at least 1 and a weekday",
                    ));
                }
                let days: Vec<&str> = weekdays.iter().map(|d| byday(*d)).collect();
                format!("FREQ=WEEKLY;INTERVAL={every_weeks};BYDAY={}", days.join(","))
            }
            Pattern::MonthlyNthWeekday { nth, weekday } => {
                if !matches!(nth, 1..=4 | -1) {
                    return Err(invalid("the n-th weekday must be 1 to 4 or -1 (last)"));
                }
                format!("FREQ=MONTHLY;BYDAY={nth}{}", byday(*weekday))
            }
        };
        match self.end {
            Some(End::Until(day)) => {
                let last = self.local(day.and_time(self.window_start))?.with_timezone(&Utc);
                rule.push_str(&format!(";UNTIL={}", last.format("%Y%m%dT%H%M%SZ")));
            }
            Some(End::Count(count)) => rule.push_str(&format!(";COUNT={count}")),
            None => {}
        }
        Ok(rule)
    }

    /// The recurrence as the `rrule` crate's set, built directly rather than parsed from the
    /// `RRULE` text (which costs more than the expansion of a year); a test checks both agree.
    pub fn rrule_set(&self) -> Result<rrule::RRuleSet> {
        let zone = rrule::Tz::Tz(self.time_zone);
        let mut rule = match &self.pattern {
            Pattern::Weekly { every_weeks, weekdays } => {
                if *every_weeks == 0 || weekdays.is_empty() {
                    return Err(invalid(
                        "weekly recurrence needs an interval of at least 1 and a weekday",
                    ));
                }
                rrule::RRule::new(rrule::Frequency::Weekly)
                    .interval(*every_weeks)
                    .by_weekday(weekdays.iter().map(|d| rrule::NWeekday::Every(*d)).collect())
            }
            Pattern::MonthlyNthWeekday { nth, weekday } => {
                if !matches!(nth, 1..=4 | -1) {
                    return Err(invalid("the n-th weekday must be 1 to 4 or -1 (last)"));
                }
                rrule::RRule::new(rrule::Frequency::Monthly)
                    .by_weekday(vec![rrule::NWeekday::Nth(i16::from(*nth), *weekday)])
            }
        };
        match self.end {
            Some(End::Until(day)) => {
                let last = self.local(day.and_time(self.window_start))?;
                rule = rule.until(last.with_timezone(&rrule::Tz::UTC));
            }
            Some(End::Count(count)) => rule = rule.count(count),
            None => {}
        }
        let start = self.local(self.dtstart())?.with_timezone(&zone);
        rule.build(start).map_err(|e| invalid(&format!("recurrence: {e}")))
    }

    /// Starts of the occurrences (local window start) from `from` up to `to`, both inclusive.
    pub fn occurrences(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<DateTime<Tz>>> {
        let zone = rrule::Tz::Tz(self.time_zone);
        let result = self
            .rrule_set()?
            .after(from.with_timezone(&zone))
            .before(to.with_timezone(&zone))
            .all(u16::MAX);
        Ok(result
            .dates
            .into_iter()
            .map(|d| d.with_timezone(&self.time_zone))
            .collect())
    }
}

/// One bookable piece of an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct SlotTime {
    /// Position within the occurrence, from 0.
    pub position: u32,
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
}

/// Splits the window of the occurrence starting at `start` into slots of `slot_minutes` with
/// `buffer_minutes` between them; what is left at the end of the window is not a slot.
pub fn split_into_slots(
    schedule: &Schedule,
    start: DateTime<Tz>,
    slot_minutes: u32,
    buffer_minutes: u32,
) -> Result<Vec<SlotTime>> {
    let begin = start.naive_local();
    let end = begin.date().and_time(schedule.window_end);
    split_window(schedule.time_zone, begin, end, slot_minutes, buffer_minutes)
}

/// Splits the local window `begin`–`end` in `zone` into slots of `slot_minutes` with
/// `buffer_minutes` between them; what is left at the end of the window is not a slot.
pub fn split_window(
    zone: Tz,
    begin: NaiveDateTime,
    end: NaiveDateTime,
    slot_minutes: u32,
    buffer_minutes: u32,
) -> Result<Vec<SlotTime>> {
    if slot_minutes == 0 {
        return Err(invalid("slots need a length"));
    }
    let local = |at: NaiveDateTime| {
        zone.from_local_datetime(&at)
            .earliest()
            .ok_or_else(|| invalid(&format!("{at} does not exist in {}", zone.name())))
    };
    let first = local(begin)?;
    // Without a daylight-saving change inside the window every slot has the offset of its start,
    // which saves two time-zone lookups per slot.
    let same_offset = local(end).ok().map(|last| last.offset().fix()) == Some(first.offset().fix());
    let at = |when: NaiveDateTime| -> Result<DateTime<Tz>> {
        if same_offset {
            let utc = first.naive_utc() + (when - begin);
            Ok(DateTime::from_naive_utc_and_offset(utc, *first.offset()))
        } else {
            local(when)
        }
    };
    let mut slots = Vec::new();
    let step = Duration::minutes(i64::from(slot_minutes + buffer_minutes));
    let length = Duration::minutes(i64::from(slot_minutes));
    let mut from = begin;
    let mut position = 0;
    while from + length <= end {
        slots.push(SlotTime {
            position,
            start: at(from)?,
            end: at(from + length)?,
        });
        position += 1;
        from += step;
    }
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    fn schedule(pattern: Pattern, end: Option<End>) -> Schedule {
        Schedule {
            time_zone: chrono_tz::Europe::Berlin,
            starts_on: date(2026, 1, 1),
            window_start: time(10, 0),
            window_end: time(12, 0),
            pattern,
            end,
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    fn days(list: &[DateTime<Tz>]) -> Vec<String> {
        list.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect()
    }

    fn year() -> (DateTime<Utc>, DateTime<Utc>) {
        (utc("2026-01-01T00:00:00Z"), utc("2026-12-31T23:59:59Z"))
    }

    #[test]
    fn weekly_and_fortnightly() {
        let (from, to) = year();
        let weekly = schedule(
            Pattern::Weekly {
                every_weeks: 1,
                weekdays: vec![Weekday::Tue, Weekday::Thu],
            },
            None,
        );
        let all = weekly.occurrences(from, to).expect("occurrences");
        assert_eq!(
            all.len(),
            105,
            "52 Tuesdays and 53 Thursdays: 2026 starts on a Thursday"
        );
        assert_eq!(days(&all[..3]), ["2026-01-01", "2026-01-06", "2026-01-08"]);
        let fortnightly = schedule(
            Pattern::Weekly {
                every_weeks: 2,
                weekdays: vec![Weekday::Tue],
            },
            None,
        );
        // RFC 5545: the week of the start date (weeks begin on Monday) is the first of the rhythm,
        // so a fortnightly Tuesday series starting on Thursday 1 January skips 30 December's week.
        let all = fortnightly.occurrences(from, to).expect("occurrences");
        assert_eq!(days(&all[..3]), ["2026-01-13", "2026-01-27", "2026-02-10"]);
        let from_sixth = Schedule {
            starts_on: date(2026, 1, 6),
            ..fortnightly.clone()
        };
        let all = from_sixth.occurrences(from, to).expect("occurrences");
        assert_eq!(days(&all[..3]), ["2026-01-06", "2026-01-20", "2026-02-03"]);
        assert_eq!(fortnightly.rrule().expect("rule"), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
    }

    #[test]
    fn nth_and_last_weekday_of_the_month() {
        let (from, to) = year();
        let second_tuesday = schedule(
            Pattern::MonthlyNthWeekday {
                nth: 2,
                weekday: Weekday::Tue,
            },
            None,
        );
        let all = second_tuesday.occurrences(from, to).expect("occurrences");
        assert_eq!(all.len(), 12);
        assert_eq!(days(&all[..3]), ["2026-01-13", "2026-02-10", "2026-03-10"]);
        let last_thursday = schedule(
            Pattern::MonthlyNthWeekday {
                nth: -1,
                weekday: Weekday::Thu,
            },
            None,
        );
        let all = last_thursday.occurrences(from, to).expect("occurrences");
        assert_eq!(days(&all[..3]), ["2026-01-29", "2026-02-26", "2026-03-26"]);
        assert_eq!(days(&all[11..]), ["2026-12-31"]);
        assert!(schedule(
            Pattern::MonthlyNthWeekday {
                nth: 5,
                weekday: Weekday::Thu
            },
            None
        )
        .rrule()
        .is_err());
    }

    #[test]
    fn until_and_count() {
        let (from, to) = year();
        let pattern = Pattern::Weekly {
            every_weeks: 1,
            weekdays: vec![Weekday::Mon],
        };
        let until = schedule(pattern.clone(), Some(End::Until(date(2026, 2, 2))));
        assert_eq!(
            days(&until.occurrences(from, to).expect("until")),
            ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"]
        );
        assert_eq!(
            until.rrule().expect("rule"),
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;UNTIL=20260202T090000Z"
        );
        let count = schedule(pattern, Some(End::Count(3)));
        assert_eq!(
            days(&count.occurrences(from, to).expect("count")),
            ["2026-01-05", "2026-01-12", "2026-01-19"]
        );
    }

    #[test]
    fn ten_oclock_stays_ten_oclock_across_daylight_saving() {
        let weekly = schedule(
            Pattern::Weekly {
                every_weeks: 1,
                weekdays: vec![Weekday::Fri],
            },
            None,
        );
        let all = weekly
            .occurrences(utc("2026-03-20T00:00:00Z"), utc("2026-11-01T00:00:00Z"))
            .expect("occurrences");
        let instant = |day: &str| {
            all.iter()
                .find(|d| d.format("%Y-%m-%d").to_string() == day)
                .map(|d| d.with_timezone(&Utc).format("%H:%MZ").to_string())
        };
        assert_eq!(instant("2026-03-27").as_deref(), Some("09:00Z"), "before 29 March: CET");
        assert_eq!(instant("2026-04-03").as_deref(), Some("08:00Z"), "after: CEST");
        assert_eq!(instant("2026-10-23").as_deref(), Some("08:00Z"));
        assert_eq!(
            instant("2026-10-30").as_deref(),
            Some("09:00Z"),
            "back after 25 October"
        );
    }

    #[test]
    fn slots_with_buffers_and_a_window_that_does_not_divide() {
        let s = schedule(
            Pattern::Weekly {
                every_weeks: 1,
                weekdays: vec![Weekday::Fri],
            },
            None,
        );
        let start = s.local(date(2026, 3, 27).and_time(time(10, 0))).expect("start");
        let slots = split_into_slots(&s, start, 30, 10).expect("slots");
        let shown: Vec<String> = slots
            .iter()
            .map(|x| format!("{}-{}", x.start.format("%H:%M"), x.end.format("%H:%M")))
            .collect();
        assert_eq!(
            shown,
            ["10:00-10:30", "10:40-11:10", "11:20-11:50"],
            "12:00 leaves 10 minutes unused"
        );
        assert_eq!(slots.iter().map(|x| x.position).collect::<Vec<_>>(), [0, 1, 2]);
        let exact = split_into_slots(&s, start, 30, 0).expect("slots");
        assert_eq!(exact.len(), 4);
        assert_eq!(
            split_into_slots(&s, start, 150, 0).expect("slots").len(),
            0,
            "a slot longer than the window"
        );
        assert!(split_into_slots(&s, start, 0, 0).is_err());
    }

    #[test]
    fn the_built_rule_expands_like_the_rrule_text() {
        let (from, to) = (utc("2025-06-01T00:00:00Z"), utc("2028-06-01T00:00:00Z"));
        let patterns = [
            Pattern::Weekly {
                every_weeks: 3,
                weekdays: vec![Weekday::Mon, Weekday::Thu],
            },
            Pattern::MonthlyNthWeekday {
                nth: -1,
                weekday: Weekday::Fri,
            },
            Pattern::MonthlyNthWeekday {
                nth: 4,
                weekday: Weekday::Sun,
            },
        ];
        for pattern in patterns {
            for end in [None, Some(End::Count(17)), Some(End::Until(date(2027, 3, 28)))] {
                let s = schedule(pattern.clone(), end);
                let text = format!(
                    "DTSTART;TZID=Europe/Berlin:{}\nRRULE:{}",
                    s.dtstart().format("%Y%m%dT%H%M%S"),
                    s.rrule().expect("rule")
                );
                let parsed: rrule::RRuleSet = text.parse().expect("parses");
                let zone = rrule::Tz::Tz(s.time_zone);
                let expected: Vec<_> = parsed
                    .after(from.with_timezone(&zone))
                    .before(to.with_timezone(&zone))
                    .all(u16::MAX)
                    .dates
                    .into_iter()
                    .map(|d| d.with_timezone(&Utc))
                    .collect();
                let built: Vec<_> = s
                    .occurrences(from, to)
                    .expect("occurrences")
                    .into_iter()
                    .map(|d| d.with_timezone(&Utc))
                    .collect();
                assert!(!built.is_empty());
                assert_eq!(built, expected, "{pattern:?} {end:?}");
            }
        }
    }

    #[test]
    fn slots_in_a_window_across_the_change_take_their_own_offsets() {
        let s = schedule(
            Pattern::Weekly {
                every_weeks: 1,
                weekdays: vec![Weekday::Sun],
            },
            None,
        );
        let night = split_window(
            s.time_zone,
            date(2026, 10, 25).and_time(time(1, 0)),
            date(2026, 10, 25).and_time(time(4, 0)),
            60,
            0,
        )
        .expect("slots");
        let shown: Vec<String> = night.iter().map(|x| x.start.to_rfc3339()).collect();
        assert_eq!(
            shown,
            [
                "2026-10-25T01:00:00+02:00",
                "2026-10-25T02:00:00+02:00",
                "2026-10-25T03:00:00+01:00"
            ]
        );
    }

    #[test]
    fn a_time_in_the_skipped_hour_does_not_exist() {
        let s = schedule(
            Pattern::Weekly {
                every_weeks: 1,
                weekdays: vec![Weekday::Sun],
            },
            None,
        );
        assert!(s.local(date(2026, 3, 29).and_time(time(2, 30))).is_err());
        let repeated = s.local(date(2026, 10, 25).and_time(time(2, 30))).expect("exists twice");
        assert_eq!(
            repeated.with_timezone(&Utc).format("%H:%MZ").to_string(),
            "00:30Z",
            "the first of the two"
        );
    }
}
