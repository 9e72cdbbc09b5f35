//! CalDAV against a local Radicale (started here from `.venv/`, htpasswd authentication): the
//! first push of 1,000 events into an empty calendar (median of three, each on a fresh copy of
//! the database and a fresh server) and the resync with no change in between (criterion), with
//! the number of requests and writes each needed. Skipped with a note when Radicale is missing.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use beratungsplaner_core::Planner;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use common::{data_dir, database};

const EVENTS: usize = 1_000;

struct Radicale {
    child: Child,
    url: String,
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn python() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python")
}

/// A Radicale with an empty storage in `dir`; `None` when it cannot start.
fn radicale(dir: &Path) -> Option<Radicale> {
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .ok()?
        .local_addr()
        .ok()?
        .port();
    std::fs::create_dir_all(dir).ok()?;
    std::fs::write(dir.join("users"), "beraterin:geheim\n").ok()?;
    let config = dir.join("config");
    std::fs::write(
        &config,
        format!(
            "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = htpasswd\nhtpasswd_filename = {}\n\
             htpasswd_encryption = plain\n[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
            dir.join("users").display(),
            dir.join("collections").display()
        ),
    )
    .ok()?;
    let child = Command::new(python())
        .args(["-m", "radicale", "--config"])
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = Radicale {
        child,
        url: format!("http://127.0.0.1:{port}/"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}

fn bench_caldav(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(database(&rt, EVENTS).close());
    let source = data_dir().join(format!("ics-{EVENTS}.db"));
    let work = tempfile::tempdir().expect("tempdir");
    if radicale(&work.path().join("probe")).is_none() {
        eprintln!("caldav: Radicale is not available (run `bash scripts/setup.sh`); skipped");
        return;
    }

    let mut first_runs = Vec::new();
    let mut last = None;
    for run in 0..3 {
        let server = radicale(&work.path().join(format!("server-{run}"))).expect("radicale");
        let db = work.path().join(format!("sync-{run}.db"));
        std::fs::copy(&source, &db).expect("copy the database");
        let planner = rt.block_on(Planner::open(&db, &test_key())).expect("open");
        let start = Instant::now();
        let report = rt
            .block_on(planner.sync_caldav(&server.url, "beraterin", "geheim", |_| {}))
            .expect("first push");
        first_runs.push((start.elapsed().as_secs_f64(), report));
        last = Some((server, planner));
    }
    first_runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (first_s, first) = &first_runs[1];
    let Some((server, planner)) = last else { return };
    let resync = rt
        .block_on(planner.sync_caldav(&server.url, "beraterin", "geheim", |_| {}))
        .expect("resync");
    eprintln!(
        "caldav: first push of {} events {first_s:.2} s (median of 3), {} requests, {} writes; \
         resync: {} requests, {} writes",
        first.created, first.requests, first.writes, resync.requests, resync.writes
    );

    let mut group = c.benchmark_group("caldav");
    group.sample_size(10);
    group.bench_function("resync_1000_events_without_change", |b| {
        b.to_async(&rt).iter(|| async {
            let report = planner
                .sync_caldav(&server.url, "beraterin", "geheim", |_| {})
                .await
                .expect("resync");
            assert_eq!(report.writes, 0);
            report
        })
    });
    group.finish();
}

criterion_group!(benches, bench_caldav);
criterion_main!(benches);

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
