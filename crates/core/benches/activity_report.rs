//! The activity report at the size: the demo data with 10,000 cases in 100 Kommunen
//! (about 108,000 journal entries), grown to 20,000 bookings and 1,000 events
//! (`demo::scale_activity`). Measured: every figure of one year for the team
//! (`Planner::activity_report`), the same for one Bundesland, the records behind a month's bar,
//! and the PDF report. The database is made once and kept in `target/bench-data/`.

use beratungsplaner_core::domain::{
    FederalState, ReportDrill, ReportFormat, ReportMeasure, ReportPeriod, ReportQuery, ReportScope, ReportTexts,
};
use beratungsplaner_core::Planner;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;

const YEAR: i32 = 2026;

fn report_database(rt: &tokio::runtime::Runtime) -> Planner {
    common::demo_10k(rt, "activity-report-10000.db", |planner| async move {
        beratungsplaner_core::demo::scale_activity(planner.store(), YEAR, 20_000, 1_000)
            .await
            .expect("the year grown");
        planner
    })
}

fn year() -> ReportPeriod {
    ReportPeriod {
        from: NaiveDate::from_ymd_opt(YEAR, 1, 1).expect("date"),
        to: NaiveDate::from_ymd_opt(YEAR, 12, 31).expect("date"),
    }
}

fn bench_activity_report(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let planner = report_database(&rt);
    let counts: (i64, i64, i64, i64) = rt.block_on(async {
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM journal_entries),
                    (SELECT count(*) FROM bookings), (SELECT count(*) FROM events)",
        )
        .fetch_one(planner.store().pool())
        .await
        .expect("counts")
    });
    let team = ReportQuery {
        period: year(),
        scope: ReportScope::Team,
    };
    let report = rt.block_on(planner.activity_report(team.clone())).expect("report");
    eprintln!(
        "activity report: {} cases, {} journal entries, {} bookings, {} events → {} active, {} slots used, {} events in {YEAR}",
        counts.0,
        counts.1,
        counts.2,
        counts.3,
        report.cases.active,
        report.consultation_hours.slots_used,
        report.events_total()
    );
    let mut group = c.benchmark_group("activity_report");
    group.sample_size(20);
    group.bench_function("year_team", |b| {
        b.iter(|| rt.block_on(planner.activity_report(team.clone())).expect("report"))
    });
    let hessen = ReportQuery {
        period: year(),
        scope: ReportScope::State {
            state: FederalState::HE,
        },
    };
    group.bench_function("year_one_state", |b| {
        b.iter(|| rt.block_on(planner.activity_report(hessen.clone())).expect("report"))
    });
    let march = ReportDrill {
        query: team.clone(),
        measure: ReportMeasure::CasesOpened,
        within: Some(ReportPeriod {
            from: NaiveDate::from_ymd_opt(YEAR, 3, 1).expect("date"),
            to: NaiveDate::from_ymd_opt(YEAR, 3, 31).expect("date"),
        }),
        topic: None,
        state: None,
        advisor: None,
    };
    group.bench_function("records_of_a_month", |b| {
        b.iter(|| {
            rt.block_on(planner.activity_report_records(march.clone()))
                .expect("records")
        })
    });
    group.sample_size(10);
    group.bench_function("pdf_year_team", |b| {
        b.iter(|| {
            rt.block_on(planner.activity_report_document(team.clone(), &ReportTexts::default(), ReportFormat::Pdf))
                .expect("pdf")
        })
    });
    group.bench_function("xlsx_year_team", |b| {
        b.iter(|| {
            rt.block_on(planner.activity_report_document(team.clone(), &ReportTexts::default(), ReportFormat::Xlsx))
                .expect("xlsx")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_activity_report);
criterion_main!(benches);
