//! What encryption at rest costs: search, calendar export and import and the 10,000-case demo
//! load, each on a SQLCipher file and on a plain file in the same run (`Planner::
//! open_plain_for_benchmarks`, which nothing but this benchmark calls); opening the encrypted
//! database with its key and with a passphrase (Argon2id included); and erasing a person named in
//! 1,000 journal entries.
//!
//! The 10,000-case databases and the erasure's template are made once per day under
//! `target/bench-data/` and kept; every destructive iteration works on a fresh copy.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::*;
use beratungsplaner_core::store::DatabaseKey;
use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

mod common;
use common::data_dir;

const DEMO: DemoOptions = DemoOptions {
    municipalities: 60,
    cases: 10_000,
    seed: 42,
};
const PASSPHRASE: &str = "Quartiersfonds Oberstedt im Herbst";

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([7; 32])
}

#[derive(Clone, Copy)]
enum Variant {
    Encrypted,
    Plain,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Self::Encrypted => "encrypted",
            Self::Plain => "plain",
        }
    }

    async fn open(self, path: &Path) -> Planner {
        match self {
            Self::Encrypted => Planner::open(path, &key()).await.expect("open encrypted"),
            Self::Plain => Planner::open_plain_for_benchmarks(path).await.expect("open plain"),
        }
    }
}

const VARIANTS: [Variant; 2] = [Variant::Encrypted, Variant::Plain];

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// The 10,000-case demo database of `variant`, made once a day.
fn demo_database(rt: &tokio::runtime::Runtime, variant: Variant) -> (PathBuf, Planner) {
    let path = data_dir().join(format!("demo-10k-{}-{}.db", variant.name(), Planner::today()));
    let planner = rt.block_on(async {
        let fresh = !path.exists();
        let planner = variant.open(&path).await;
        if fresh {
            planner.generate_demo_data(&DEMO).await.expect("demo data");
        }
        planner
    });
    (path, planner)
}

fn bench_demo_load(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group("demo_load_10k_cases");
    group.sample_size(10).measurement_time(Duration::from_secs(40));
    for variant in VARIANTS {
        group.bench_function(BenchmarkId::from_parameter(variant.name()), |b| {
            b.iter_custom(|iterations| load_times(&rt, variant, Load::Demo, iterations))
        });
    }
    group.finish();
}

fn bench_search_export_import(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let databases: Vec<(Variant, PathBuf, Planner)> = VARIANTS
        .iter()
        .map(|&v| {
            let (path, planner) = demo_database(&rt, v);
            (v, path, planner)
        })
        .collect();
    let filter = CaseFilter {
        search: Some("quartier begeg".into()),
        limit: Some(50),
        ..CaseFilter::default()
    };

    let mut group = c.benchmark_group("search_10k_cases");
    for (variant, _, planner) in &databases {
        group.bench_function(BenchmarkId::from_parameter(variant.name()), |b| {
            b.to_async(&rt)
                .iter(|| async { planner.list_cases(&filter).await.expect("search") })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("export_ics_10k_cases");
    group.sample_size(20);
    for (variant, _, planner) in &databases {
        let out = data_dir().join(format!("export-{}.ics", variant.name()));
        group.bench_function(BenchmarkId::from_parameter(variant.name()), |b| {
            b.to_async(&rt).iter(|| async {
                planner
                    .export_ics_to(&ExportScope::default(), &out)
                    .await
                    .expect("export")
            })
        });
    }
    group.finish();

    // The encrypted database's export, imported into a new database of each kind.
    let file = data_dir().join("export-encrypted.ics");
    let mut group = c.benchmark_group("import_ics_into_new_database");
    group.sample_size(10);
    for (variant, _, _) in &databases {
        let variant = *variant;
        group.bench_function(BenchmarkId::from_parameter(variant.name()), |b| {
            b.iter_custom(|iterations| load_times(&rt, variant, Load::Import(&file), iterations))
        });
    }
    group.finish();

    // Opening the 10,000-case database: with the keychain's key, with a passphrase (Argon2id
    // derives the key first), and the plain file.
    let salt = DatabaseKey::generate_salt();
    let mut group = c.benchmark_group("open_10k_cases");
    group.sample_size(20);
    for (variant, path, _) in &databases {
        let variant = *variant;
        group.bench_function(BenchmarkId::from_parameter(variant.name()), |b| {
            b.iter_custom(|iterations| open_times(&rt, iterations, || variant.open(path)))
        });
    }
    let encrypted = databases[0].1.clone();
    group.bench_function("passphrase_argon2id_then_open", |b| {
        b.iter_custom(|iterations| {
            open_times(&rt, iterations, || async {
                // The derived key differs from the file's: derivation and the key check are what
                // an unlock costs, so the file is opened with the real key right after.
                let _derived = DatabaseKey::from_passphrase(PASSPHRASE, salt).expect("derive");
                Planner::open(&encrypted, &key()).await.expect("open")
            })
        })
    });
    group.finish();
    for (_, _, planner) in databases {
        rt.block_on(planner.close());
    }
}

/// What is loaded into a new database.
#[derive(Clone, Copy)]
enum Load<'a> {
    /// The 10,000-case demo data.
    Demo,
    /// An iCalendar file.
    Import(&'a Path),
}

/// The time of `iterations` loads, each into a new database of `variant` made and removed
/// outside the clock.
fn load_times(rt: &tokio::runtime::Runtime, variant: Variant, load: Load<'_>, iterations: u64) -> Duration {
    let path = data_dir().join(format!("load-{}.db", variant.name()));
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        remove_database(&path);
        total += rt.block_on(async {
            let planner = variant.open(&path).await;
            let start = Instant::now();
            match load {
                Load::Demo => {
                    planner.generate_demo_data(&DEMO).await.expect("demo data");
                }
                Load::Import(file) => {
                    planner.import_ics(file, false, |_| {}).await.expect("import");
                }
            }
            let took = start.elapsed();
            planner.close().await;
            took
        });
    }
    remove_database(&path);
    total
}

/// The time of `iterations` opens, each planner closed outside the clock.
fn open_times<F, Fut>(rt: &tokio::runtime::Runtime, iterations: u64, open: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Planner>,
{
    let mut total = Duration::ZERO;
    for _ in 0..iterations {
        total += rt.block_on(async {
            let start = Instant::now();
            let planner = open().await;
            let took = start.elapsed();
            planner.close().await;
            took
        });
    }
    total
}

/// A template database (a small demo) with Henrike Sörensen, named in 1,000 journal entries by
/// name, e-mail address or phone number; returns its path and her id.
fn erasure_template(rt: &tokio::runtime::Runtime) -> (PathBuf, i64) {
    let path = data_dir().join(format!("erase-1000-{}.db", Planner::today()));
    rt.block_on(async {
        let fresh = !path.exists();
        let planner = Planner::open(&path, &key()).await.expect("open");
        if fresh {
            planner
                .generate_demo_data(&DemoOptions {
                    municipalities: 12,
                    cases: 200,
                    seed: 7,
                })
                .await
                .expect("demo data");
            planner
                .create_contact(ContactInput {
                    kind: ContactKind::Person,
                    name: "Henrike Sörensen".into(),
                    organisation: Some("Stadtteilbüro Nordstadt".into()),
                    organisation_type: Some(OrganisationType::SocialAgency),
                    email: Some("h.soerensen@nordstadt.example".into()),
                    phone: Some("0171 5550123".into()),
                })
                .await
                .expect("contact");
            let cases = planner.list_cases(&CaseFilter::default()).await.expect("cases");
            for i in 0..1_000 {
                let text = match i % 3 {
                    0 => format!("Telefonat mit Frau Sörensen zum Antrag {i}; Rückmeldung bis Freitag."),
                    1 => format!("Protokoll an h.soerensen@nordstadt.example geschickt ({i})."),
                    _ => format!("Rückruf erbeten: 0171 5550123, Termin {i} abstimmen mit Henrike."),
                };
                let input = JournalInput {
                    occurred_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1 + i % 28),
                    kind: JournalKind::Call,
                    author: "Miriam Albers".into(),
                    text,
                    internal: false,
                };
                let case = &cases[i as usize % cases.len()];
                planner.add_journal_entry(case.case.id, input).await.expect("entry");
            }
        }
        let id = planner
            .list_contacts("Sörensen", 1)
            .await
            .expect("contacts")
            .first()
            .expect("Henrike")
            .id;
        let preview = planner.contact_erasure_preview(id).await.expect("preview");
        assert!(preview.journal_mentions >= 1_000, "{preview:?}");
        planner.close().await;
        (path, id)
    })
}

fn bench_erasure(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (template, id) = erasure_template(&rt);
    let mut group = c.benchmark_group("erase_contact_1000_mentions");
    group.sample_size(10);
    group.bench_function("encrypted", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let copy = data_dir().join("erase-copy.db");
                remove_database(&copy);
                std::fs::copy(&template, &copy).expect("copy the template");
                total += rt.block_on(async {
                    let planner = Planner::open(&copy, &key()).await.expect("open");
                    let start = Instant::now();
                    planner.erase_contact(id).await.expect("erase");
                    let took = start.elapsed();
                    planner.close().await;
                    took
                });
                remove_database(&copy);
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench_search_export_import, bench_erasure, bench_demo_load);
criterion_main!(benches);
