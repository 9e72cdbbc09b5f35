//! `demo-data` of 10,000 cases into a fresh database file (goal: under 5 s on 2 cores).

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, Criterion};

fn bench_demo_data(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group("demo_data");
    group.sample_size(10);
    group.bench_function("10k_cases_into_new_file", |b| {
        b.to_async(&rt).iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| async move {
                let planner = Planner::open(&dir.path().join("demo.db"), &test_key())
                    .await
                    .expect("open");
                let options = DemoOptions {
                    municipalities: 12,
                    cases: 10_000,
                    seed: 1,
                };
                planner.generate_demo_data(&options).await.expect("demo");
                planner.close().await;
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_demo_data);
criterion_main!(benches);

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
