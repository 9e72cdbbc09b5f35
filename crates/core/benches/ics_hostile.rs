//! The calendar's week view (`Planner::appointments`, what `appointment list` and the window
//! run) for an ordinary calendar, and for the same calendar with hostile recurring events in it:
//! every second from 1970 and every minute of a day that does not exist (as an older version
//! stored them; no import takes them now), every day from 1900, every five hours from 1950.
//! The walk starts near the window, so the hostile view should cost about what the ordinary one
//! does (the figures are in the README).

use std::path::Path;

use beratungsplaner_core::domain::CalendarQuery;
use beratungsplaner_core::Planner;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/support/hostile_calendar.rs"]
mod hostile_calendar;
use hostile_calendar::{import_then_plant, vevent, HOSTILE_EVENTS, LEGACY_RULES};

/// An ordinary calendar: 300 appointments over the year and three weekly meetings, plus the
/// hostile series when `hostile`.
fn calendar(dir: &Path, hostile: bool) -> tokio::runtime::Runtime {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let name = if hostile { "hostile" } else { "ordinary" };
    let mut text = String::new();
    for i in 0..300 {
        let day = NaiveDate::from_ymd_opt(2030, 1, 1).expect("day") + chrono::Days::new(i);
        text.push_str(&vevent(
            &format!("one-{i}"),
            &format!("DTSTART;TZID=Europe/Berlin:{}T100000", day.format("%Y%m%d")),
            None,
            45,
        ));
    }
    for (i, day) in ["MO", "WE", "FR"].iter().enumerate() {
        text.push_str(&vevent(
            &format!("weekly-{i}"),
            "DTSTART;TZID=Europe/Berlin:20290101T090000",
            Some(&format!("FREQ=WEEKLY;BYDAY={day}")),
            45,
        ));
    }
    let rules: &[(&str, &str)] = if hostile {
        for (uid, start, rule) in HOSTILE_EVENTS {
            text.push_str(&vevent(uid, start, Some(rule), 45));
        }
        &LEGACY_RULES
    } else {
        &[]
    };
    rt.block_on(import_then_plant(&dir.join(format!("{name}.db")), &text, rules));
    rt
}

fn bench_views(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let week = CalendarQuery {
        from: Some(NaiveDate::from_ymd_opt(2030, 3, 4).expect("day")),
        to: Some(NaiveDate::from_ymd_opt(2030, 3, 10).expect("day")),
        ..Default::default()
    };
    let mut group = c.benchmark_group("week view");
    group.sample_size(30);
    for hostile in [false, true] {
        let rt = calendar(dir.path(), hostile);
        let name = if hostile { "hostile" } else { "ordinary" };
        let planner = rt
            .block_on(Planner::open(&dir.path().join(format!("{name}.db")), &test_key()))
            .expect("open");
        let shown = rt.block_on(planner.appointments(&week)).expect("week").len();
        eprintln!("{name}: {shown} appointments in the week");
        group.bench_function(name, |b| {
            b.iter(|| rt.block_on(planner.appointments(&week)).expect("week"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_views);
criterion_main!(benches);

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
