//! The network at the size: the demo data scaled to 10,000 cases in 100 Kommunen, its
//! people and organisations grown to 2,000 people (each new one on three cases and a member of an
//! organisation) and 500 organisations. Measured: the graph's data for the whole network and
//! for one Bundesland (`Planner::network_graph`), and "who knows the Quartiersfonds in Hessen"
//! (`Planner::who_knows`). The database is made once and kept in `target/bench-data/`.

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::{FederalState, NetworkFilter};
use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::data_dir;

const PEOPLE: i64 = 2_000;
const ORGANISATIONS: i64 = 500;

fn network_database(rt: &tokio::runtime::Runtime) -> Planner {
    let path = data_dir().join("network-10000.db");
    rt.block_on(async {
        let fresh = !path.exists();
        let planner = Planner::open(&path, &beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32]))
            .await
            .expect("open");
        if fresh {
            planner
                .generate_demo_data(&DemoOptions {
                    municipalities: 100,
                    cases: 10_000,
                    seed: 1,
                })
                .await
                .expect("demo data");
            let pool = planner.store().pool();
            let mut tx = pool.begin().await.expect("begin");
            let people: i64 = sqlx::query_scalar("SELECT count(*) FROM contacts WHERE kind = 'person'")
                .fetch_one(&mut *tx)
                .await
                .expect("people");
            let first: i64 = sqlx::query_scalar("SELECT max(id) + 1 FROM contacts")
                .fetch_one(&mut *tx)
                .await
                .expect("max id");
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO contacts (kind, name, created_at, updated_at)
                 SELECT 'person', 'Netzwerkperson ' || i, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n",
            )
            .bind(PEOPLE - people)
            .execute(&mut *tx)
            .await
            .expect("people");
            let organisations: i64 = sqlx::query_scalar("SELECT count(*) FROM contacts WHERE kind = 'organisation'")
                .fetch_one(&mut *tx)
                .await
                .expect("organisations");
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
                 INSERT INTO contacts (kind, name, organisation_type, expertise, created_at, updated_at)
                 SELECT 'organisation', 'Fachstelle ' || i, 'expert_institution', '[\"Quartiersfonds\"]',
                        '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n",
            )
            .bind(ORGANISATIONS - organisations)
            .execute(&mut *tx)
            .await
            .expect("organisations");
            // Three roles each on cases spread by a multiplicative hash; a membership each.
            sqlx::query(
                "WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM cases),
                      total AS (SELECT count(*) AS n FROM cases)
                 INSERT INTO case_contacts (case_id, contact_id, role, from_on)
                 SELECT c.id, k.id, 'Fachberatung', '2025-01-01'
                   FROM contacts k, json_each('[0, 1, 2]') r, total
                   JOIN numbered c ON c.i = (k.id * 7919 + r.value * 104729) % total.n
                  WHERE k.id >= ?1 AND k.kind = 'person'",
            )
            .bind(first)
            .execute(&mut *tx)
            .await
            .expect("roles");
            sqlx::query(
                "WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM contacts
                                    WHERE kind = 'organisation'),
                      total AS (SELECT count(*) AS n FROM numbered)
                 INSERT INTO memberships (person_id, organisation_id, role, from_on, created_at, updated_at)
                 SELECT k.id, o.id, 'Referentin', '2024-01-01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
                   FROM contacts k, total JOIN numbered o ON o.i = k.id % total.n
                  WHERE k.id >= ?1 AND k.kind = 'person'",
            )
            .bind(first)
            .execute(&mut *tx)
            .await
            .expect("memberships");
            tx.commit().await.expect("commit");
        }
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
        "network: {} people, {} organisations, {} cases → {} nodes, {} edges; {} know the fund in Hessen",
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
