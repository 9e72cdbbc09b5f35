//! Expanding 200 consultation-hour series over one year into slots (weekly, fortnightly and
//! monthly n-th weekday series in Europe/Berlin, 09:00–12:00 in 30-minute slots with 10-minute
//! buffers), across both daylight-saving changes: the bare recurrence and split, and the full
//! path the calendar takes (holidays of the state skipped, exceptions applied).
//!
//! In the same run, `recurrence_dateutil.py` expands the same series with python-dateutil's
//! rrule; both medians are printed side by side (the README records them).

use beratungsplaner_core::calendar::occurrences::Expander;
use beratungsplaner_core::calendar::recurrence::split_into_slots;
use beratungsplaner_core::domain::{FederalState, Pattern, RecurrenceKind, Schedule, SeriesInput, ValidSeries};
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

/// The same series as validated inputs, expanded the way the calendar does it.
fn full_series(all: &[Schedule]) -> Vec<ValidSeries> {
    all.iter()
        .map(|schedule| {
            let (recurrence, interval_weeks, weekdays, nth) = match &schedule.pattern {
                Pattern::Weekly { every_weeks, weekdays } => (
                    RecurrenceKind::Weekly,
                    *every_weeks,
                    weekdays.iter().map(|d| d.number_from_monday() as u8).collect(),
                    1,
                ),
                Pattern::MonthlyNthWeekday { nth, weekday } => (
                    RecurrenceKind::MonthlyNthWeekday,
                    1,
                    vec![weekday.number_from_monday() as u8],
                    *nth,
                ),
            };
            SeriesInput {
                title: "Sprechstunde".into(),
                municipality_id: 1,
                neighbourhood_id: None,
                location: Some("Rathaus".into()),
                online_url: None,
                advisor: "Miriam Albers".into(),
                time_zone: "Europe/Berlin".into(),
                recurrence,
                interval_weeks,
                weekdays,
                nth,
                starts_on: schedule.starts_on,
                until_on: None,
                count: None,
                window_start: schedule.window_start,
                window_end: schedule.window_end,
                slot_minutes: 30,
                buffer_minutes: 10,
                skip_holidays: true,
                exceptions: vec![],
            }
            .validate()
            .expect("valid")
        })
        .collect()
}

fn expand_full(all: &[ValidSeries], from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
    let mut slots = 0;
    for (id, series) in all.iter().enumerate() {
        let expander = Expander::new(series, id as i64, FederalState::NW);
        for occurrence in expander.occurrences(from, to).expect("occurrences") {
            slots += expander.slots(&occurrence).expect("slots").len();
        }
    }
    slots
}

/// Runs the dateutil script; `None` when python3 or dateutil is missing.
fn dateutil_median() -> Option<(f64, u64)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/recurrence_dateutil.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg("15")
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "dateutil comparison skipped: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    Some((value["median_ms"].as_f64()?, value["slots"].as_u64()?))
}

fn bench_recurrence(c: &mut Criterion) {
    let all = series();
    let full = full_series(&all);
    let from: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().expect("instant");
    let to: DateTime<Utc> = "2026-12-31T23:59:59Z".parse().expect("instant");
    let count = expand(&all, from, to);
    eprintln!(
        "200 series expand into {count} slots ({} with NRW's holidays skipped)",
        expand_full(&full, from, to)
    );
    c.bench_function("expand_200_series_one_year_into_slots", |b| {
        b.iter(|| expand(&all, from, to))
    });
    c.bench_function("expand_200_series_one_year_with_holidays", |b| {
        b.iter(|| expand_full(&full, from, to))
    });
    // Criterion's own median of the first benchmark, to print beside dateutil's.
    let mut times: Vec<f64> = (0..31)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(expand(&all, from, to));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let rust = times[times.len() / 2];
    match dateutil_median() {
        Some((python, python_slots)) => eprintln!(
            "side by side: Rust {rust:.2} ms, python-dateutil {python:.1} ms ({python_slots} slots): {:.0}× faster",
            python / rust
        ),
        None => eprintln!("side by side: Rust {rust:.2} ms; python-dateutil not available"),
    }
}

criterion_group!(benches, bench_recurrence);
criterion_main!(benches);
