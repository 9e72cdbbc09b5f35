//! The whole `export-ics` and `import-ics` processes of the release build, as an advisor or a
//! script runs them, on 20,000 events (the database of `benches/common`): each run is a new
//! process that opens the database, reads or writes everything and exits. The medians of nine
//! runs are printed, and beside them the pieces of one export inside this process (opening the
//! database, reading the rows, serialising and writing), so a slower figure says where it comes
//! from. The README's performance section records them.
//!
//! Needs `target/release/beratungsplaner` (`cargo build --release -p beratungsplaner`); without it
//! only the pieces are measured.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use beratungsplaner_core::calendar::ics::export::write_calendar_to;
use beratungsplaner_core::domain::ExportScope;
use beratungsplaner_core::Planner;

mod common;
use common::{data_dir, database};

const RUNS: usize = 9;

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn time_ms(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1000.0
}

fn run(binary: &Path, args: &[&std::ffi::OsStr]) -> f64 {
    time_ms(|| {
        let out = Command::new(binary).args(args).output().expect("run the app");
        assert!(
            out.status.success(),
            "{:?} failed: {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
    })
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.to_path_buf().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter naming another bench skips this one.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with("--") && !"ics_process".contains(a.as_str()))
    {
        return;
    }
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let db = data_dir().join("ics-20000.db");
    rt.block_on(database(&rt, 20_000).close());
    let scope = ExportScope::default();
    let out = data_dir().join("process-export.ics");

    let mut open = Vec::new();
    let mut read = Vec::new();
    let mut write = Vec::new();
    for _ in 0..RUNS {
        rt.block_on(async {
            let start = Instant::now();
            let planner = Planner::open(&db, &test_key()).await.expect("open");
            open.push(start.elapsed().as_secs_f64() * 1000.0);
            let start = Instant::now();
            let data = planner.export_data(&scope).await.expect("read");
            read.push(start.elapsed().as_secs_f64() * 1000.0);
            write.push(time_ms(|| {
                let mut file = std::fs::File::create(&out).expect("create");
                write_calendar_to(&data, chrono::Utc::now(), &mut file).expect("write");
                file.sync_all().expect("sync");
            }));
            planner.close().await;
        });
    }
    eprintln!(
        "in one process, 20,000 events: opening {:.1} ms, reading the rows {:.1} ms, serialising and writing {:.1} ms",
        median(open),
        median(read),
        median(write)
    );

    // The import's pieces, on the file just written: a new database, the import, the close (which
    // folds the WAL into the file).
    let fresh = data_dir().join("process-import.db");
    let (mut create, mut import, mut close) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        remove_database(&fresh);
        rt.block_on(async {
            let start = Instant::now();
            let planner = Planner::open(&fresh, &test_key()).await.expect("open");
            create.push(start.elapsed().as_secs_f64() * 1000.0);
            let start = Instant::now();
            planner.import_ics(&out, false, |_| {}).await.expect("import");
            import.push(start.elapsed().as_secs_f64() * 1000.0);
            let start = Instant::now();
            planner.close().await;
            close.push(start.elapsed().as_secs_f64() * 1000.0);
        });
    }
    eprintln!(
        "in one process, the same events: a new database {:.1} ms, importing them {:.1} ms, closing it {:.1} ms",
        median(create),
        median(import),
        median(close)
    );

    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/beratungsplaner");
    if !binary.exists() {
        eprintln!("processes skipped: build {} first", binary.display());
        return;
    }
    let export: Vec<f64> = (0..RUNS)
        .map(|_| {
            run(
                &binary,
                &[
                    "--db".as_ref(),
                    db.as_os_str(),
                    "export-ics".as_ref(),
                    "--out".as_ref(),
                    out.as_os_str(),
                ],
            )
        })
        .collect();
    let import: Vec<f64> = (0..RUNS)
        .map(|_| {
            remove_database(&fresh);
            run(
                &binary,
                &[
                    "--db".as_ref(),
                    fresh.as_os_str(),
                    "import-ics".as_ref(),
                    out.as_os_str(),
                ],
            )
        })
        .collect();
    let version: Vec<f64> = (0..RUNS).map(|_| run(&binary, &["--version".as_ref()])).collect();
    eprintln!(
        "whole processes, median of {RUNS}: export-ics of 20,000 events {:.0} ms; import-ics of that file into a new \
         database {:.0} ms; --version (process start) {:.0} ms",
        median(export),
        median(import),
        median(version)
    );
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
