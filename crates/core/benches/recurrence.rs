//! Expanding 200 consultation-hour series over one year into slots (weekly, fortnightly and
//! monthly n-th weekday series in Europe/Berlin, 09:00–12:00 in 30-minute slots with 10-minute
//! buffers), across both daylight-saving changes.

use beratungsplaner_core::calendar::recurrence::{split_into_slots, Pattern, Schedule};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};

fn series() -> Vec<Schedule> {
    let weekdays = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
    (0..200)
        .map(|i| {
            let weekday = weekdays[i % weekdays.len()];
            let pattern = match i % 3 {
                0 => Pattern::Weekly {
                    every_weeks: 1,
                    weekdays: vec![weekday],
                },
                1 => Pattern::Weekly {
                    every_weeks: 2,
                    weekdays: vec![weekday],
                },
                _ => Pattern::MonthlyNthWeekday {
                    nth: if i % 2 == 0 { 2 } else { -1 },
                    weekday,
                },
            };
            Schedule {
                time_zone: chrono_tz::Europe::Berlin,
                starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
                window_start: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
                window_end: NaiveTime::from_hms_opt(12, 0, 0).expect("time"),
                pattern,
                end: None,
            }
        })
        .collect()
}

fn expand(all: &[Schedule], from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
    let mut slots = 0;
    for schedule in all {
        for start in schedule.occurrences(from, to).expect("occurrences") {
            slots += split_into_slots(schedule, start, 30, 10).expect("slots").len();
        }
    }
    slots
}

fn bench_recurrence(c: &mut Criterion) {
    let all = series();
    let from: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("instant");
    let to: DateTime<Utc> = "2026-12-31T23:59:59Z".parse().expect("instant");
    eprintln!("200 series expand into {} slots", expand(&all, from, to));
    c.bench_function("expand_200_series_one_year_into_slots", |b| {
        b.iter(|| expand(&all, from, to))
    });
}

criterion_group!(benches, bench_recurrence);
criterion_main!(benches);
