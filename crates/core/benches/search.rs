//! Search over 10,000 cases with about 110,000 journal entries (demo-shaped text): a two-word
//! prefix query returning the 50 best-ranked cases, through `Planner`, and the same FTS5 query
//! issued directly on the same file.
//!
//! The database is generated once into `target/bench-data/` and reused.

use std::path::PathBuf;

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::CaseFilter;
use beratungsplaner_core::store::cases::search;
use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, Criterion};

const QUERY: &str = "quartier begeg";

fn database(rt: &tokio::runtime::Runtime) -> Planner {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench-data dir");
    let path = dir.join(format!("search-10k-{}.db", Planner::today()));
    rt.block_on(async {
        let fresh = !path.exists();
        let planner = Planner::open(&path, &test_key()).await.expect("open");
        if fresh {
            let options = DemoOptions {
                municipalities: 60,
                cases: 10_000,
                seed: 42,
            };
            let summary = planner.generate_demo_data(&options).await.expect("demo data");
            eprintln!(
                "generated {} cases, {} journal entries",
                summary.cases, summary.journal_entries
            );
        }
        planner
    })
}

fn bench_search(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let planner = database(&rt);
    let filter = CaseFilter {
        search: Some(QUERY.into()),
        limit: Some(50),
        ..CaseFilter::default()
    };
    let fts = search::fts_query(QUERY).expect("query");
    let hits = rt.block_on(planner.list_cases(&filter)).expect("search");
    assert_eq!(hits.len(), 50, "the query must fill the page");

    let mut group = c.benchmark_group("search_10k_cases");
    group.bench_function("planner_list_cases_top50", |b| {
        b.to_async(&rt)
            .iter(|| async { planner.list_cases(&filter).await.expect("search") })
    });
    group.bench_function("direct_fts5_top50", |b| {
        b.to_async(&rt)
            .iter(|| async { search::ranked_ids(planner.store().pool(), &fts, 50).await.expect("fts") })
    });
    group.finish();
}

criterion_group!(benches, bench_search);
criterion_main!(benches);

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
