//! The network at the size: the demo data scaled to 10,000 cases in 100 Kommunen, its
//! people and organisations grown to 2,000 and 500 (`demo::scale_network`). Measured: the graph's data for the whole network and
//! for one Bundesland (`Planner::network_graph`), and "who knows the Quartiersfonds in Hessen"
//! (`Planner::who_knows`). The database is made once and kept in `target/bench-data/`.

use beratungsplaner_core::domain::{FederalState, NetworkFilter};
use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;

const PEOPLE: i64 = 2_000;
const ORGANISATIONS: i64 = 500;

fn network_database(rt: &tokio::runtime::Runtime) -> Planner {
    common::demo_10k(rt, "network-10000.db", |planner| async move {
        beratungsplaner_core::demo::scale_network(planner.store(), PEOPLE, ORGANISATIONS)
            .await
            .expect("the network grown");
        planner
    })
}

fn bench_network(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let planner = network_database(&rt);
    let counts: (i64, i64, i64) = rt.block_on(async {
        sqlx::query_as(
            "SELECT (SELECT count(*) FROM contacts WHERE kind = 'person'),
                    (SELECT count(*) FROM contacts WHERE kind = 'organisation'), (SELECT count(*) FROM cases)",
        )
        .fetch_one(planner.store().pool())
        .await
        .expect("counts")
    });
    let whole = rt
        .block_on(planner.network_graph(NetworkFilter::default()))
        .expect("graph");
    let experts = rt
        .block_on(planner.who_knows("Quartiersfonds", Some(FederalState::HE)))
        .expect("who knows");
    eprintln!(
        "network: {} people, {} organisations, {} cases → {} nodes, {} edges; the first {} who know the fund in Hessen",
        counts.0,
        counts.1,
        counts.2,
        whole.nodes.len(),
        whole.edges.len(),
        experts.len()
    );
    let mut group = c.benchmark_group("network");
    group.sample_size(20);
    group.bench_function("graph_whole_network", |b| {
        b.iter(|| {
            rt.block_on(planner.network_graph(NetworkFilter::default()))
                .expect("graph")
        })
    });
    let hessen = NetworkFilter {
        state: Some(FederalState::HE),
        ..NetworkFilter::default()
    };
    group.bench_function("graph_one_state", |b| {
        b.iter(|| rt.block_on(planner.network_graph(hessen.clone())).expect("graph"))
    });
    group.bench_function("who_knows_fund_in_hessen", |b| {
        b.iter(|| {
            rt.block_on(planner.who_knows("Quartiersfonds", Some(FederalState::HE)))
                .expect("who knows")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_network);
criterion_main!(benches);
