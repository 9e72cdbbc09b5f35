//! iCalendar export of 20,000 events and import of 10,000, with what independent programs need
//! for the same work in the same run: python `icalendar` serialising and parsing, `ical.js`
//! parsing (`ics_compare.py`, `tests/ical/bench_parse.mjs`), and merely writing the exported bytes to a
//! file. The medians are printed side by side; the README records them.
//!
//! The events are appointments with umlauts, commas and newlines in their text, a quarter of
//! them all-day, in Europe/Berlin across both daylight-saving changes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use beratungsplaner_core::calendar::ics::export::write_calendar;
use beratungsplaner_core::calendar::ics::import::read_events;
use beratungsplaner_core::domain::ExportScope;
use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{data_dir, database};

/// 10,000 rows shaped like the imported ones, made by SQLite itself in one transaction.
const SQLITE_ALONE: &str = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999) \
     INSERT INTO appointments (uid, recurrence_id, sequence, kind, title, location, advisor, all_day, starts_on, \
     ends_on, start_time, end_time, time_zone, start_at, end_at, status, notes, rrule, exdates, floating, \
     categories, source, created_at, updated_at) \
     SELECT 'alone-' || i || '@bench', '', 0, 'other', 'Standortbesuch Nr. ' || i || ', Quartier Süd; Begehung', \
     'Marktstraße 5, 35390 Lindenhagen', 'Beraterin 1', 0, '2030-01-01', '2030-01-01', '10:00:00', '11:30:00', \
     'Europe/Berlin', printf('2030-01-%02dT09:00:00Z', i % 28 + 1), printf('2030-01-%02dT10:30:00Z', i % 28 + 1), \
     'confirmed', 'Treffpunkt vor dem Rathaus. Bitte Pläne, Fotos und Förderbescheid mitbringen.', NULL, '', 0, \
     NULL, 'import', '2026-11-25T00:00:00.000Z', '2026-11-25T00:00:00.000Z' FROM n";

fn median_of(mut f: impl FnMut(), runs: usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Runs the comparison scripts on the files; `None` when python/node or their packages are missing.
fn compare(export_file: &Path, import_file: &Path) -> Option<serde_json::Value> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join(".venv/bin/python");
    let script = root.join("crates/core/benches/ics_compare.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(export_file)
        .arg(import_file)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("comparison skipped: {}", String::from_utf8_lossy(&out.stderr).trim());
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn bench_ics(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let export_db = database(&rt, 20_000);
    let import_db = database(&rt, 10_000);
    let scope = ExportScope::default();
    let text = rt.block_on(export_db.export_ics(&scope)).expect("export");
    let export_file = data_dir().join("export-20k.ics");
    std::fs::write(&export_file, &text).expect("write");
    let import_file = data_dir().join("import-10k.ics");
    std::fs::write(&import_file, rt.block_on(import_db.export_ics(&scope)).expect("export")).expect("write");
    eprintln!(
        "export: {} events, {:.1} MB; import file {:.1} MB",
        text.matches("BEGIN:VEVENT").count(),
        text.len() as f64 / 1e6,
        std::fs::metadata(&import_file).expect("size").len() as f64 / 1e6
    );

    let target = data_dir().join("bench-out.ics");
    let mut group = c.benchmark_group("ics");
    group.sample_size(10);
    group.bench_function("export_20k_events_to_file", |b| {
        b.to_async(&rt)
            .iter(|| async { export_db.export_ics_to(&scope, &target).await.expect("export to file") })
    });
    let data = rt.block_on(export_db.export_data(&scope)).expect("export data");
    group.bench_function("serialise_20k_events_and_write_the_file", |b| {
        b.iter(|| {
            let text = write_calendar(&data, chrono::Utc::now()).expect("serialise");
            std::fs::write(&target, text).expect("write")
        })
    });
    group.bench_function("write_the_same_bytes", |b| {
        b.iter(|| std::fs::write(&target, &text).expect("write"))
    });
    group.bench_function("parse_10k_events", |b| {
        b.iter(|| {
            let file = std::io::BufReader::new(std::fs::File::open(&import_file).expect("open"));
            let mut events = 0;
            read_events(file, chrono_tz::Europe::Berlin, |_| {
                events += 1;
                Ok(())
            })
            .expect("parse");
            events
        })
    });
    // The new, empty database is made before the clock starts: its migrations are not the import.
    group.bench_function("import_10k_events_into_a_new_database", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                total += rt.block_on(async {
                    let fresh = Planner::in_memory().await.expect("planner");
                    let start = Instant::now();
                    fresh.import_ics(&import_file, false, |_| {}).await.expect("import");
                    start.elapsed()
                });
            }
            total
        })
    });
    // What SQLite alone needs for 10,000 rows of this table: generated inside one statement,
    // nothing parsed, nothing bound, no sqlx per row. The import cannot be faster than this.
    group.bench_function("sqlite_alone_inserting_10k_generated_rows", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                total += rt.block_on(async {
                    let fresh = Planner::in_memory().await.expect("planner");
                    let start = Instant::now();
                    sqlx::query(SQLITE_ALONE)
                        .execute(fresh.store().pool())
                        .await
                        .expect("insert");
                    start.elapsed()
                });
            }
            total
        })
    });
    group.finish();

    let export_ms = median_of(
        || {
            rt.block_on(export_db.export_ics_to(&scope, &target)).expect("export");
        },
        7,
    );
    let write_ms = median_of(|| std::fs::write(&target, &text).expect("write"), 7);
    let serialise_ms = median_of(
        || std::fs::write(&target, write_calendar(&data, chrono::Utc::now()).expect("serialise")).expect("write"),
        7,
    );
    let mut imports: Vec<f64> = (0..7)
        .map(|_| {
            rt.block_on(async {
                let fresh = Planner::in_memory().await.expect("planner");
                let start = Instant::now();
                fresh.import_ics(&import_file, false, |_| {}).await.expect("import");
                start.elapsed().as_secs_f64() * 1000.0
            })
        })
        .collect();
    imports.sort_by(f64::total_cmp);
    let import_ms = imports[imports.len() / 2];
    eprintln!(
        "side by side: export with the database read and an fsynced file {export_ms:.1} ms; serialising and writing \
         {serialise_ms:.1} ms; writing the bytes {write_ms:.1} ms ({:.1}×); import {import_ms:.1} ms",
        serialise_ms / write_ms
    );
    match compare(&export_file, &import_file) {
        Some(v) => {
            let serialise = v["python_serialise_ms"].as_f64().unwrap_or(f64::NAN);
            let py_parse = v["python_parse_ms"].as_f64().unwrap_or(f64::NAN);
            let js_parse = v["icaljs_parse_ms"].as_f64().unwrap_or(f64::NAN);
            let js_first = v["icaljs_first_parse_ms"].as_f64().unwrap_or(f64::NAN);
            eprintln!(
                "side by side: python icalendar serialises the 20k events in {serialise:.0} ms ({:.0}× ours); \
                 parses the 10k file in {py_parse:.0} ms ({:.0}× the import); ical.js parses it in {js_parse:.0} ms \
                 warmed up ({:.1}×), {js_first:.0} ms the first time in a new process ({:.1}×)",
                serialise / serialise_ms,
                py_parse / import_ms,
                js_parse / import_ms,
                js_first / import_ms
            );
        }
        None => eprintln!("side by side: python icalendar / ical.js not available"),
    }
}

criterion_group!(benches, bench_ics);
criterion_main!(benches);
