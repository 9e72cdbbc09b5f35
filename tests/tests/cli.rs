//! The command line against real database files: determinism, filters and search, exit codes,
//! files that must never be touched, backup/restore, and a load killed half-way.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use beratungsplaner_tests::{poppler, sql_with_key};
use serde_json::Value;

fn binary() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug/beratungsplaner");
    assert!(path.exists(), "{} is missing: run `cargo build` first", path.display());
    path
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BERATUNGSPLANER_DB")
        .output()
        .expect("run beratungsplaner")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn cases(db: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["case", "list", "--json"];
    args.extend_from_slice(extra);
    let text = ok(db, &args);
    serde_json::from_str::<Value>(&text)
        .expect("one JSON document")
        .as_array()
        .expect("array")
        .clone()
}

/// Exit code 1 and exactly one line on stderr, starting with `error: `.
fn assert_one_error_line(out: &Output, contains: &str) {
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(lines[0].contains(contains), "{stderr}");
}

#[test]
fn demo_data_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(&a, &["demo-data", "--seed", "7"]);
    ok(&b, &["demo-data", "--seed", "7"]);
    let list_a = ok(&a, &["case", "list", "--json"]);
    assert_eq!(list_a, ok(&b, &["case", "list", "--json"]));
    let parsed: Vec<Value> = serde_json::from_str(&list_a).expect("json");
    assert_eq!(parsed.len(), 150);
    let first = parsed[0].as_object().expect("object");
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    for key in [
        "id",
        "reference",
        "title",
        "status",
        "priority",
        "municipality_id",
        "municipality",
        "neighbourhood_id",
        "neighbourhood",
        "topics",
        "advisor",
        "opened_on",
        "closed_on",
        "next_step",
        "next_step_due",
    ] {
        assert!(keys.contains(&key), "missing key {key}");
    }
    let c = dir.path().join("c.db");
    ok(&c, &["demo-data", "--seed", "8"]);
    assert_ne!(list_a, ok(&c, &["case", "list", "--json"]), "another seed, other data");
}

#[test]
fn filters_and_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    ok(
        &db,
        &["demo-data", "--seed", "3", "--municipalities", "5", "--cases", "120"],
    );
    let all = cases(&db, &[]);
    let active = cases(&db, &["--status", "active"]);
    assert!(!active.is_empty() && active.len() < all.len());
    assert!(active.iter().all(|c| c["status"] == "active"));
    let municipality = all[0]["municipality_id"].as_i64().expect("id");
    let local = cases(&db, &["--municipality", &municipality.to_string()]);
    assert!(
        !local.is_empty()
            && local
                .iter()
                .all(|c| c["municipality_id"].as_i64() == Some(municipality))
    );

    // "Begegnungsstätte" found by its ASCII-folded prefix.
    let found = cases(&db, &["--search", "begegnungsstatte"]);
    assert!(!found.is_empty());
    let prefix = cases(&db, &["--search", "begegnungsst"]);
    assert!(prefix.len() >= found.len());
    let combined = cases(&db, &["--search", "begegnungsst", "--status", "closed"]);
    assert!(combined.iter().all(|c| c["status"] == "closed"));
    assert!(cases(&db, &["--search", "zzzxqy"]).is_empty());
    let text = ok(&db, &["case", "list", "--status", "new"]);
    assert!(text.contains("BF-") && text.trim_end().ends_with("cases"));
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.db");
    for args in [
        vec!["frobnicate"],
        vec!["case", "list", "--status", "bogus"],
        vec!["case", "list", "--municipality", "abc"],
        vec!["demo-data", "--cases", "-5"],
        vec!["backup"],
    ] {
        let out = run(&db, &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(!db.exists(), "bad usage touches no database");
}

#[test]
fn unusable_files_are_reported_and_left_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");

    // A path that cannot be written: its parent is a regular file.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"just a file").expect("write");
    let out = run(&blocker.join("db.sqlite"), &["case", "list"]);
    assert_one_error_line(&out, "Not a directory");
    assert_eq!(std::fs::read(&blocker).expect("read"), b"just a file");

    // A file that is not SQLite.
    let notes = dir.path().join("notes.db");
    let content = "Protokoll der Lenkungsgruppe, keine Datenbank\n".repeat(200);
    std::fs::write(&notes, &content).expect("write");
    let out = run(&notes, &["demo-data"]);
    assert_one_error_line(&out, "not a SQLite database");
    assert_eq!(std::fs::read(&notes).expect("read"), content.as_bytes());

    // A database written by a newer schema.
    let newer = dir.path().join("newer.db");
    ok(&newer, &["demo-data", "--cases", "5", "--municipalities", "1"]);
    sql_with_key(&newer, "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (9999, 'future', 1, x'00', 0); PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("a newer schema planted");
    let before = std::fs::read(&newer).expect("read");
    let out = run(&newer, &["case", "list", "--json"]);
    assert_one_error_line(&out, "newer version");
    assert_eq!(std::fs::read(&newer).expect("read"), before);
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    let backup = dir.path().join("backup.db");
    ok(&db, &["demo-data", "--cases", "30", "--municipalities", "3"]);
    let original = ok(&db, &["case", "list", "--json"]);
    ok(&db, &["backup", "--out", backup.to_str().expect("utf-8")]);
    assert_one_error_line(
        &run(&db, &["backup", "--out", backup.to_str().expect("utf-8")]),
        "already exists",
    );

    ok(
        &db,
        &["demo-data", "--cases", "10", "--municipalities", "1", "--seed", "99"],
    );
    assert_ne!(ok(&db, &["case", "list", "--json"]), original);

    // A broken backup is refused before anything is replaced.
    let broken = dir.path().join("broken.db");
    std::fs::write(&broken, b"SQLite format 3\0 but then garbage").expect("write");
    let changed = ok(&db, &["case", "list", "--json"]);
    assert_eq!(
        run(&db, &["restore", broken.to_str().expect("utf-8")]).status.code(),
        Some(1)
    );
    assert_eq!(ok(&db, &["case", "list", "--json"]), changed);

    ok(&db, &["restore", backup.to_str().expect("utf-8")]);
    assert_eq!(ok(&db, &["case", "list", "--json"]), original);
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced file is kept aside");
}

#[test]
fn a_load_killed_half_way_leaves_a_sound_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("killed.db");
    ok(&db, &["demo-data", "--cases", "3", "--municipalities", "1"]);
    let mut child = Command::new(binary())
        .arg("--db")
        .arg(&db)
        .args(["demo-data", "--cases", "40000", "--municipalities", "50", "--seed", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once the transaction is writing: the WAL has grown.
    let wal = dir.path().join("killed.db-wal");
    let start = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 4 * 1024 * 1024 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the load never started writing"
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the load finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");

    let check = sql_with_key(&db, "PRAGMA integrity_check;").expect("checked");
    assert_eq!(check, ["ok"]);
    let list = cases(&db, &[]);
    assert_eq!(list.len(), 3, "none of the killed load's cases is there");
    let orphans = sql_with_key(
        &db,
        "SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM journal_entries j WHERE j.case_id = c.id);",
    )
    .expect("counted");
    assert_eq!(orphans, ["0"], "no half-written case");
}

#[test]
fn holidays_per_state_and_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("never-created.db");
    let text = ok(&db, &["holidays", "--state", "BE", "--year", "2025", "--json"]);
    let list: Vec<Value> = serde_json::from_str(&text).expect("json");
    let pairs: Vec<(String, String)> = list
        .iter()
        .map(|h| {
            (
                h["date"].as_str().expect("date").to_owned(),
                h["name"].as_str().expect("name").to_owned(),
            )
        })
        .collect();
    assert!(pairs.contains(&("2025-03-08".into(), "Internationaler Frauentag".into())));
    assert!(pairs.contains(&("2025-05-08".into(), "Tag der Befreiung".into())));
    assert!(pairs.contains(&("2025-10-03".into(), "Tag der Deutschen Einheit".into())));
    assert_eq!(pairs.len(), 11);
    assert!(
        list.iter().all(|h| h.as_object().expect("object").len() == 2),
        "exactly {{date, name}}"
    );

    let sachsen = ok(&db, &["holidays", "--state", "sn", "--year", "2026"]);
    assert!(sachsen.contains("2026-11-18") && sachsen.contains("Buß- und Bettag"));
    for args in [
        vec!["holidays", "--state", "XX", "--year", "2026"],
        vec!["holidays", "--state", "BE", "--year", "1989"],
        vec!["holidays", "--state", "BE", "--year", "2101"],
        vec!["holidays", "--year", "2026"],
    ] {
        assert_eq!(run(&db, &args).status.code(), Some(2), "{args:?}");
    }
    assert!(!db.exists(), "holidays need no database");
}

/// Weekly on Friday 10:00–11:00 in Europe/Berlin through 2026, written through the `Planner` the
/// CLI also uses; a booking on 27 March.
fn database_with_a_friday_series(db: &Path) -> i64 {
    use beratungsplaner_core::domain::*;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let planner = beratungsplaner_tests::open_planner(db).await;
        let m = planner
            .create_municipality(MunicipalityInput {
                name: "Lindenhagen".into(),
                state: "HE".into(),
                ags: None,
            })
            .await
            .expect("municipality")
            .id;
        let time = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).expect("time");
        let series = planner
            .create_series(SeriesInput {
                title: "Freitagssprechstunde".into(),
                municipality_id: m,
                neighbourhood_id: None,
                location: Some("Rathaus".into()),
                online_url: None,
                advisor: "Miriam Albers".into(),
                time_zone: "Europe/Berlin".into(),
                recurrence: RecurrenceKind::Weekly,
                interval_weeks: 1,
                weekdays: vec![5],
                nth: 1,
                starts_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 2).expect("date"),
                until_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
                count: None,
                window_start: time(10),
                window_end: time(11),
                slot_minutes: 60,
                buffer_minutes: 0,
                skip_holidays: true,
                exceptions: vec![],
            })
            .await
            .expect("series");
        planner.close().await;
        series.id
    })
}

#[test]
fn slots_list_keeps_ten_oclock_across_daylight_saving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("slots.db");
    let series_id = database_with_a_friday_series(&db);
    let text = ok(
        &db,
        &["slots", "list", "--from", "2026-03-20", "--to", "2026-11-06", "--json"],
    );
    let slots: Vec<Value> = serde_json::from_str::<Value>(&text)
        .expect("one JSON document")
        .as_array()
        .expect("array")
        .clone();
    let utc_of = |day: &str| -> Option<String> {
        slots
            .iter()
            .find(|s| s["start"].as_str().is_some_and(|t| t.starts_with(day)))
            .and_then(|s| s["start"].as_str())
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc).format("%H:%MZ").to_string())
    };
    assert_eq!(utc_of("2026-03-27").as_deref(), Some("09:00Z"), "CET before 29 March");
    assert_eq!(utc_of("2026-04-10").as_deref(), Some("08:00Z"), "CEST after");
    assert_eq!(utc_of("2026-10-23").as_deref(), Some("08:00Z"));
    assert_eq!(
        utc_of("2026-10-30").as_deref(),
        Some("09:00Z"),
        "CET again after 25 October"
    );
    assert_eq!(utc_of("2026-04-03"), None, "Karfreitag is skipped");
    let first = &slots[0];
    assert_eq!(first["id"], format!("{series_id}-20260320T1000-0"));
    assert_eq!(first["start"], "2026-03-20T10:00:00+01:00");
    assert_eq!(first["status"], "free");
    assert_eq!(first["series_id"], series_id);
    assert!(first["series_uid"]
        .as_str()
        .is_some_and(|u| u.ends_with("@beratungsplaner")));
    assert!(first["booking_uid"].is_null() && first["case_id"].is_null());
    assert!(first["municipality_id"].is_i64());

    let table = ok(&db, &["slots", "list", "--from", "2026-03-20", "--to", "2026-03-27"]);
    assert!(table.contains("Fr 20.03.2026 10:00–11:00  frei"), "{table}");
    assert!(table.ends_with("2 slots\n"), "{table}");
    let reversed = run(&db, &["slots", "list", "--from", "2026-03-27", "--to", "2026-03-20"]);
    assert_one_error_line(&reversed, "--to lies before --from");
    let bad_date = run(&db, &["slots", "list", "--from", "2026-02-30"]);
    assert_eq!(bad_date.status.code(), Some(2), "bad usage");
    let none = ok(
        &db,
        &[
            "appointment",
            "list",
            "--json",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    );
    assert_eq!(none.trim(), "[]");
}

#[test]
fn import_ics_dry_run_and_a_malformed_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("import.db");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/ics");
    let google = fixtures.join("google.ics");
    let dry = ok(&db, &["import-ics", google.to_str().expect("path"), "--dry-run"]);
    assert_eq!(dry, "would create 3, would update 0, skipped 0 (unchanged or older)\n");
    let none = ok(
        &db,
        &[
            "appointment",
            "list",
            "--json",
            "--from",
            "2030-01-01",
            "--to",
            "2030-12-31",
        ],
    );
    assert_eq!(none.trim(), "[]", "a dry run writes nothing");
    ok(&db, &["import-ics", google.to_str().expect("path")]);
    let shown: Vec<Value> = serde_json::from_str(&ok(
        &db,
        &[
            "appointment",
            "list",
            "--json",
            "--from",
            "2030-01-07",
            "--to",
            "2030-01-07",
        ],
    ))
    .expect("json");
    assert_eq!(shown[0]["title"], "Jour fixe Quartiersmanagement");
    assert_eq!(shown[0]["start"], "2030-01-07T10:00:00+01:00");

    let before = std::fs::read(&db).expect("db");
    let broken = run(
        &db,
        &[
            "import-ics",
            fixtures.join("malformed-date.ics").to_str().expect("path"),
        ],
    );
    assert_one_error_line(&broken, "line 5: \"10.03.2030 10:00\" is not a date-time");
    assert_eq!(std::fs::read(&db).expect("db"), before, "nothing written");
    let thunderbird = run(
        &db,
        &["import-ics", fixtures.join("thunderbird.ics").to_str().expect("path")],
    );
    assert!(thunderbird.status.success());
    let warnings = String::from_utf8_lossy(&thunderbird.stderr);
    assert!(warnings.contains("warning: line "), "{warnings}");
}

/// The largest anonymous resident memory (heap, stacks; not the mapped libraries, whose resident
/// share varies from run to run) of a running process, sampled until it ends, in MiB.
fn peak_rss_mib(child: &mut std::process::Child) -> u64 {
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let rss = text
                .lines()
                .find(|l| l.starts_with("RssAnon:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
                .unwrap_or(0);
            peak = peak.max(rss / 1024);
        }
        if child.try_wait().expect("wait").is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_50_mb_file_imports_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("big.db");
    let file = dir.path().join("big.ics");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).expect("create"));
        write!(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Big//DE\r\n").expect("write");
        let text = "Fördermittel, Beteiligung; Quartier – ".repeat(24);
        let mut i = 0;
        while out.get_ref().metadata().map(|m| m.len()).unwrap_or(0) < 50 * 1024 * 1024 {
            write!(
                out,
                "BEGIN:VEVENT\r\nUID:big-{i}@test\r\nDTSTAMP:20300101T000000Z\r\nDTSTART;TZID=Europe/Berlin:2030{:02}{:02}T100000\r\n\
                 DTEND;TZID=Europe/Berlin:2030{:02}{:02}T110000\r\nSUMMARY:Termin {i}\r\nDESCRIPTION:{}\r\nEND:VEVENT\r\n",
                i % 12 + 1,
                i % 28 + 1,
                i % 12 + 1,
                i % 28 + 1,
                text.replace(',', "\\,").replace(';', "\\;")
            )
            .expect("write");
            i += 1;
            if i % 1000 == 0 {
                out.flush().expect("flush");
            }
        }
        write!(out, "END:VCALENDAR\r\n").expect("write");
    }
    let size_mib = std::fs::metadata(&file).expect("size").len() / (1024 * 1024);
    assert!(size_mib >= 50);
    let import = |file: &Path, db: &Path| {
        let mut child = Command::new(binary())
            .arg("--db")
            .arg(db)
            .arg("import-ics")
            .arg(file)
            .env_remove("BERATUNGSPLANER_DB")
            .stdout(Stdio::piped())
            .spawn()
            .expect("import");
        let peak = peak_rss_mib(&mut child);
        let out = child.wait_with_output().expect("output");
        assert!(out.status.success());
        let summary = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(summary.starts_with("created "), "{summary}");
        peak
    };
    // The binary alone (it links the window's libraries) is the baseline: a three-event file.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/ics");
    let baseline = import(&fixtures.join("google.ics"), &dir.path().join("small.db"));
    let peak = import(&file, &db);
    eprintln!("peak anonymous memory {peak} MiB for a {size_mib} MiB file, {baseline} MiB for a small one");
    // Reading the file whole would add more than its own size (50 MiB); streaming adds what one
    // batch of events in flight needs and the allocator's arenas (about 20 MiB here, the same for
    // a 150 MiB file), plus SQLite's page cache, which fills up on a write this large.
    let page_cache_mib = u64::try_from(beratungsplaner_core::store::PAGE_CACHE_KIB / 1024).unwrap_or(0);
    assert!(
        peak < baseline + 24 + page_cache_mib,
        "peak anonymous memory {peak} MiB for a {size_mib} MiB file, {baseline} MiB for a small one"
    );
}

#[test]
fn print_case_writes_a_pdf_or_html_dossier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("print.db");
    assert!(run(&db, &["demo-data", "--cases", "5"]).status.success());
    let cases: Value = serde_json::from_slice(&run(&db, &["case", "list", "--json"]).stdout).expect("json");
    let case = &cases[0];
    let id = case["id"].as_i64().expect("id").to_string();
    let reference = case["reference"].as_str().expect("reference");

    let pdf = dir.path().join("dossier.pdf");
    let out = run(
        &db,
        &[
            "print-case",
            &id,
            "--out",
            pdf.to_str().expect("path"),
            "--profile",
            "kommune",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = poppler::text(&pdf);
    assert!(text.contains(reference) && text.contains("für die Kommune"), "{text}");

    let html = dir.path().join("dossier.html");
    let out = run(&db, &["print-case", &id, "--out", html.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains(reference));

    let out = run(
        &db,
        &[
            "print-case",
            &id,
            "--out",
            dir.path().join("dossier.txt").to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("must end in .pdf or .html"),
        "{stderr}"
    );
    let out = run(
        &db,
        &[
            "print-case",
            &id,
            "--out",
            pdf.to_str().expect("path"),
            "--profile",
            "geheim",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "an unknown profile is bad usage");
    let out = run(&db, &["print-case", "999999", "--out", pdf.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1), "no such case");
}

fn case_count(db: &Path) -> usize {
    cases(db, &[]).len()
}

fn kept_copies(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".before-restore-"))
        .collect()
}

/// A `demo-data` writer and a `restore` started at once, 20 times, as two real processes: whatever
/// the writer reported as done is in the restored database (written after it) or in the copy kept
/// aside (written before), or the restore was refused with one line and the writer's cases are in
/// the live file. Every fourth writer is large enough to still run when the restore gives up.
#[test]
fn a_restore_racing_a_writer_loses_nothing_the_writer_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("template.db");
    let backup = dir.path().join("backup.db");
    ok(&template, &["demo-data", "--cases", "5", "--municipalities", "1"]);
    ok(&template, &["backup", "--out", backup.to_str().expect("utf-8")]);
    let backed_up_list = ok(&template, &["case", "list", "--json"]);
    ok(
        &template,
        &["demo-data", "--cases", "3", "--municipalities", "1", "--seed", "2"],
    );
    let (backed_up, live_before) = (5, 8);
    let (mut restored, mut refused) = (0, 0);
    for round in 0..20u64 {
        let folder = dir.path().join(format!("round-{round}"));
        std::fs::create_dir(&folder).expect("mkdir");
        let db = folder.join("live.db");
        std::fs::copy(&template, &db).expect("copy");
        let written = if round % 4 == 3 { 6000 } else { 20 + round as usize };
        let writer = Command::new(binary())
            .arg("--db")
            .arg(&db)
            .args(["demo-data", "--cases", &written.to_string(), "--municipalities", "1"])
            .args(["--seed", &(100 + round).to_string()])
            .env_remove("BERATUNGSPLANER_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn writer");
        let restore = run(&db, &["restore", backup.to_str().expect("utf-8")]);
        let writer = writer.wait_with_output().expect("writer");
        let wrote = writer.status.success();
        let live = case_count(&db);
        match restore.status.code() {
            Some(0) => {
                restored += 1;
                let kept = kept_copies(&folder);
                assert_eq!(kept.len(), 1, "round {round}");
                let kept = case_count(&kept[0]);
                if wrote {
                    assert!(
                        (live == backed_up + written && kept == live_before)
                            || (live == backed_up && kept == live_before + written),
                        "round {round}: {written} cases reported written; live {live}, kept {kept}"
                    );
                } else {
                    // A writer that reported failure may still have committed just before the restore
                    // took the file (seen once in CI, cause not yet found): then its cases are in the
                    // kept copy. Either way nothing it reported is lost.
                    assert!(
                        live == backed_up && (kept == live_before || kept == live_before + written),
                        "round {round}: the writer failed ({}); live {live}, kept {kept}",
                        String::from_utf8_lossy(&writer.stderr).trim()
                    );
                }
                if live == backed_up {
                    assert_eq!(ok(&db, &["case", "list", "--json"]), backed_up_list, "round {round}");
                }
            }
            _ => {
                refused += 1;
                assert_one_error_line(&restore, "the database is in use by another Beratungsplaner");
                assert!(kept_copies(&folder).is_empty(), "round {round}");
                let expected = if wrote { live_before + written } else { live_before };
                assert_eq!(live, expected, "round {round}: refused, yet the live file changed");
            }
        }
    }
    eprintln!("{restored} restored, {refused} refused");
    assert_eq!(restored + refused, 20);
}

/// A backup with a planted trigger is refused with one line naming it; the live file keeps its
/// bytes, and no side file is left behind.
#[test]
fn a_restore_of_a_backup_with_a_planted_trigger_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    let backup = dir.path().join("backup.db");
    ok(&db, &["demo-data", "--cases", "5", "--municipalities", "1"]);
    ok(&db, &["backup", "--out", backup.to_str().expect("utf-8")]);
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    runtime.block_on(async {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = beratungsplaner_core::store::encryption::options(Some(&beratungsplaner_tests::database_key()))
            .filename(&backup)
            .connect()
            .await
            .expect("open backup");
        sqlx::query(
            "CREATE TRIGGER steal_token AFTER INSERT ON appointments BEGIN \
             UPDATE settings SET value = 'known-to-the-attacker' WHERE key = 'feed_token'; END",
        )
        .execute(&mut conn)
        .await
        .expect("plant");
        conn.close().await.expect("close");
    });
    let before = std::fs::read(&db).expect("read");
    let listing: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    let out = run(&db, &["restore", backup.to_str().expect("utf-8")]);
    assert_one_error_line(
        &out,
        "does not match this version's schema: extra trigger \"steal_token\"",
    );
    assert_eq!(std::fs::read(&db).expect("read"), before);
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(after.len(), listing.len(), "{after:?}");
}

/// `--db` naming a symbolic link: the file behind it is restored, the link stays a link, and the
/// previous data is kept next to the real file.
#[test]
fn a_restore_through_a_symlinked_database_path_restores_the_real_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    let real = data.join("real.db");
    let link = dir.path().join("link.db");
    let backup = dir.path().join("backup.db");
    ok(&real, &["demo-data", "--cases", "4", "--municipalities", "1"]);
    ok(&real, &["backup", "--out", backup.to_str().expect("utf-8")]);
    ok(
        &real,
        &["demo-data", "--cases", "6", "--municipalities", "1", "--seed", "3"],
    );
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    ok(&link, &["restore", backup.to_str().expect("utf-8")]);
    assert!(std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink());
    assert_eq!(case_count(&real), 4);
    let kept = kept_copies(&data);
    assert_eq!(kept.len(), 1);
    assert_eq!(case_count(&kept[0]), 10);
}

/// `backup --out` refuses an existing file, a symbolic link (dangling too) and a missing folder,
/// each with one line, writing nothing.
#[test]
fn a_backup_refuses_links_existing_files_and_missing_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    ok(&db, &["demo-data", "--cases", "2", "--municipalities", "1"]);
    let elsewhere = dir.path().join("elsewhere.db");
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&elsewhere, &link).expect("symlink");
    let out = |path: &Path| run(&db, &["backup", "--out", path.to_str().expect("utf-8")]);
    assert_one_error_line(&out(&link), "is a symbolic link");
    assert!(!elsewhere.exists(), "nothing written behind the link");
    std::fs::write(&elsewhere, b"mine").expect("write");
    assert_one_error_line(&out(&link), "is a symbolic link");
    assert_one_error_line(&out(&elsewhere), "already exists");
    assert_eq!(std::fs::read(&elsewhere).expect("read"), b"mine");
    assert_one_error_line(&out(&dir.path().join("missing/backup.db")), "missing");
    assert!(!dir.path().join("missing").exists());
}

/// Runs SQL on the database with its key, as someone with the file and the login would.
fn sqlite3(db: &Path, sql: &str) {
    if let Err(e) = sql_with_key(db, sql) {
        panic!("SQL on {}: {e}", db.display());
    }
}

/// Exports, saved dossiers, backups and restores are recorded without content; `audit verify`
/// passes on the untouched trail and names the record someone edited with `sqlite3`, after
/// dropping the triggers that refuse every change.
#[test]
fn the_audit_trail_records_what_left_the_app_and_finds_an_edited_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("audit.db");
    ok(
        &db,
        &["demo-data", "--cases", "5", "--municipalities", "2", "--seed", "3"],
    );
    let case_id = cases(&db, &[])[0]["id"].as_i64().expect("id");
    ok(
        &db,
        &["export-ics", "--out", &dir.path().join("k.ics").display().to_string()],
    );
    ok(&db, &["export-ics", "--out", "-", "--case", &case_id.to_string()]);
    let pdf = dir.path().join("d.pdf").display().to_string();
    ok(
        &db,
        &[
            "print-case",
            &case_id.to_string(),
            "--out",
            &pdf,
            "--profile",
            "anonymisiert",
        ],
    );
    let backup = dir.path().join("b.db").display().to_string();
    ok(&db, &["backup", "--out", &backup]);

    let records: Vec<Value> = serde_json::from_str(&ok(&db, &["audit", "list", "--json"])).expect("json");
    let actions: Vec<&str> = records.iter().map(|r| r["action"].as_str().expect("action")).collect();
    assert_eq!(
        actions,
        [
            "backup_written",
            "dossier_saved",
            "calendar_exported",
            "calendar_exported"
        ],
        "newest first"
    );
    assert_eq!(records[1]["subject_kind"], "case");
    assert_eq!(records[1]["subject_id"], case_id);
    assert_eq!(records[1]["detail"], "anonymised, pdf");
    assert_eq!(records[2]["subject_id"], case_id);
    assert!(records[3]["detail"].as_str().expect("detail").ends_with(" events"));
    // Nothing of the case's text: the detail words are the app's own.
    let title = cases(&db, &[])[0]["title"].as_str().expect("title").to_owned();
    let listed = ok(&db, &["audit", "list"]);
    assert!(!listed.contains(&title), "{listed}");
    assert!(listed.ends_with("4 records\n"), "{listed}");
    assert_eq!(ok(&db, &["audit", "verify"]), "audit trail intact: 4 records\n");

    // A restore is recorded in the restored database, after the records the backup holds.
    ok(&db, &["restore", &backup]);
    let restored: Vec<Value> = serde_json::from_str(&ok(&db, &["audit", "list", "--json"])).expect("json");
    assert_eq!(restored[0]["action"], "backup_restored");
    assert_eq!(restored.len(), 4, "3 before the backup, and the restore");
    assert_eq!(ok(&db, &["audit", "verify"]), "audit trail intact: 4 records\n");

    // The triggers refuse a change; with them dropped, the edit is found.
    let refused = sql_with_key(&db, "UPDATE audit_log SET detail = 'nothing' WHERE id = 2")
        .expect_err("an update of the trail is refused");
    assert!(refused.contains("append-only"), "{refused}");
    sqlite3(
        &db,
        "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET detail = 'intern, pdf' WHERE id = 2",
    );
    assert_one_error_line(
        &run(&db, &["audit", "verify"]),
        "broken at record 2: its content does not match",
    );

    // A removed record breaks the chain at the record after it.
    let other = dir.path().join("other.db");
    std::fs::copy(&backup, &other).expect("copy");
    sqlite3(
        &other,
        "DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE id = 1",
    );
    assert_one_error_line(
        &run(&other, &["audit", "verify"]),
        "broken at record 2: it does not follow",
    );
}

/// `contact list`: every contact by name with the documented keys, `--search` narrowing by name or
/// organisation, and the text form ending in a count.
#[test]
fn contact_list_shows_people_and_organisations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("contacts.db");
    ok(
        &db,
        &["demo-data", "--cases", "5", "--municipalities", "2", "--seed", "3"],
    );
    let all: Vec<Value> = serde_json::from_str(&ok(&db, &["contact", "list", "--json"])).expect("json");
    assert!(all.len() >= 5, "{}", all.len());
    for contact in &all {
        let keys: Vec<&str> = contact
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["id", "name", "kind", "organisation", "email", "phone"]);
    }
    let names: Vec<&str> = all.iter().map(|c| c["name"].as_str().expect("name")).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "by name");

    let first = all[0]["name"].as_str().expect("name");
    let surname = first.split_whitespace().last().expect("a surname");
    let found: Vec<Value> =
        serde_json::from_str(&ok(&db, &["contact", "list", "--search", surname, "--json"])).expect("json");
    assert!(found.iter().any(|c| c["name"] == first), "{surname}: {found:?}");
    assert!(found.len() < all.len(), "the search narrows");
    assert!(ok(&db, &["contact", "list"]).ends_with(&format!("{} contacts\n", all.len())));
    assert_eq!(run(&db, &["contact", "list", "--limit", "0"]).status.code(), Some(2));
}

/// A plain database of the previous version, encrypted by the first command of this one, with the
/// command killed (SIGKILL) at moments spread over its run: every round leaves the plain file or
/// the encrypted one, whole, and the next command finishes the job.
#[test]
fn a_conversion_killed_at_any_moment_leaves_the_plain_or_the_encrypted_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key_file = dir.path().join("database.key");
    let made = dir.path().join("made.db");
    let with_key_file = |db: &Path, args: &[&str]| {
        Command::new(binary())
            .arg("--db")
            .arg(db)
            .args(args)
            .env("BERATUNGSPLANER_DB_KEY_FILE", &key_file)
            .output()
            .expect("run beratungsplaner")
    };
    let out = with_key_file(&made, &["demo-data", "--cases", "3000", "--municipalities", "20"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&key_file).expect("the key file was made");
    let key = beratungsplaner_core::store::DatabaseKey::from_recovery_key(&text).expect("a recovery key");
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&key_file).expect("meta").permissions());
    assert_eq!(mode & 0o777, 0o600, "the key file is the owner's only");

    // The same data as the previous version wrote it: plain.
    let plain = dir.path().join("plain.db");
    std::fs::File::create(&plain).expect("an empty file to attach");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = beratungsplaner_core::store::encryption::options(Some(&key))
            .filename(&made)
            .connect()
            .await
            .expect("connect");
        sqlx::query("ATTACH DATABASE ?1 AS plain KEY ''")
            .bind(plain.to_str().expect("utf-8"))
            .execute(&mut conn)
            .await
            .expect("attach");
        sqlx::query("SELECT sqlcipher_export('plain')")
            .execute(&mut conn)
            .await
            .expect("export");
        conn.close().await.expect("close");
    });
    let plain_count = |db: &Path| -> String {
        let out = Command::new("sqlite3")
            .arg(db)
            .arg("PRAGMA integrity_check; SELECT count(*) FROM cases;")
            .output()
            .expect("sqlite3");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert_eq!(plain_count(&plain), "ok\n3000");

    // How long an uninterrupted conversion (and the command around it) takes here.
    let timed = dir.path().join("timed.db");
    std::fs::copy(&plain, &timed).expect("copy");
    let started = Instant::now();
    let out = with_key_file(&timed, &["case", "list", "--json", "--limit", "1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let whole_run = started.elapsed();

    let (mut ended_plain, mut ended_encrypted) = (0, 0);
    let rounds = 20u32;
    for round in 0..rounds {
        let db = dir.path().join(format!("round-{round}.db"));
        std::fs::copy(&plain, &db).expect("copy");
        let mut child = Command::new(binary())
            .arg("--db")
            .arg(&db)
            .args(["case", "list", "--json", "--limit", "1"])
            .env("BERATUNGSPLANER_DB_KEY_FILE", &key_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Kills spread over twice the whole run: a run may take longer than the measured one, and
        // the last kills must come after the rename.
        std::thread::sleep(whole_run * (round + 1) * 2 / rounds);
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let state = runtime
            .block_on(beratungsplaner_core::store::encryption::file_state(&db))
            .expect("state");
        match state {
            beratungsplaner_core::store::FileState::Plain => {
                ended_plain += 1;
                assert_eq!(plain_count(&db), "ok\n3000", "round {round}: the plain file is whole");
            }
            _ => {
                ended_encrypted += 1;
                let count = runtime.block_on(async {
                    let planner = beratungsplaner_core::Planner::open(&db, &key)
                        .await
                        .expect("encrypted, whole");
                    let all = beratungsplaner_core::domain::CaseFilter {
                        limit: Some(10_000),
                        ..Default::default()
                    };
                    let count = planner.list_cases(&all).await.expect("cases").len();
                    planner.close().await;
                    count
                });
                assert_eq!(count, 3000, "round {round}: the encrypted file is whole");
            }
        }
        // The next command finishes (or redoes) the conversion.
        let out = with_key_file(&db, &["case", "list", "--json", "--limit", "100000"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let listed: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(listed.len(), 3000);
        assert!(!side_file(&db, ".encrypting").exists());
    }
    eprintln!(
        "killed conversions ({} ms each): {ended_plain} left the plain file, {ended_encrypted} the encrypted one",
        whole_run.as_millis()
    );
    assert!(ended_plain > 0, "no kill landed before the rename");
    assert!(ended_encrypted > 0, "no kill landed after the rename");
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `rekey` encrypts the database with a new key, prints its recovery key and keeps it where the
/// old one was (here the key file, so that the test's keychain keeps its key); a change cut short
/// after the file was re-encrypted, or before, is finished or forgotten by the next command.
#[test]
fn rekey_changes_the_key_and_a_change_cut_short_is_settled() {
    use beratungsplaner_core::store::DatabaseKey;
    let dir = tempfile::tempdir().expect("tempdir");
    let key_file = dir.path().join("database.key");
    let db = dir.path().join("rekey.db");
    let with_key_file = |args: &[&str]| {
        let out = Command::new(binary())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("BERATUNGSPLANER_DB_KEY_FILE", &key_file)
            .output()
            .expect("run beratungsplaner");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let read_key =
        || DatabaseKey::from_recovery_key(&std::fs::read_to_string(&key_file).expect("key file")).expect("key");
    with_key_file(&["demo-data", "--cases", "12", "--municipalities", "2"]);
    let old = read_key();

    let printed = with_key_file(&["rekey"]);
    let new = read_key();
    assert_ne!(new, old, "a new key");
    assert!(printed.contains(new.recovery_key().as_str()), "{printed}");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let opens = |key: &DatabaseKey| {
        runtime
            .block_on(beratungsplaner_core::store::schema_version_of(&db, key))
            .is_ok()
    };
    assert!(!opens(&old), "the old key no longer opens it");
    assert!(opens(&new));
    assert_eq!(cases_with_key_file(&db, &key_file), 12);
    let audit = with_key_file(&["audit", "list", "--json"]);
    assert!(audit.contains("key_changed"), "{audit}");

    // Cut short after the re-encryption: only the pending key opens the file.
    let pending_file = dir.path().join("database.key.new");
    let newer = DatabaseKey::generate();
    std::fs::write(&pending_file, format!("{}\n", newer.recovery_key().as_str())).expect("pending");
    runtime
        .block_on(beratungsplaner_core::store::encryption::reencrypt(
            &db,
            Some(&new),
            &newer,
        ))
        .expect("re-encrypt");
    assert_eq!(cases_with_key_file(&db, &key_file), 12, "the pending key is taken");
    assert_eq!(read_key(), newer, "and kept");
    assert!(!pending_file.exists());

    // Cut short before: the pending key is forgotten.
    std::fs::write(
        &pending_file,
        format!("{}\n", DatabaseKey::generate().recovery_key().as_str()),
    )
    .expect("pending");
    assert_eq!(cases_with_key_file(&db, &key_file), 12);
    assert_eq!(read_key(), newer);
    assert!(!pending_file.exists());
}

fn cases_with_key_file(db: &Path, key_file: &Path) -> usize {
    let out = Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(["case", "list", "--json"])
        .env("BERATUNGSPLANER_DB_KEY_FILE", key_file)
        .output()
        .expect("run beratungsplaner");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("json").len()
}

/// The first person of `contact list --json`: id, name, e-mail, phone.
fn first_person(db: &Path) -> (i64, String, Option<String>, Option<String>) {
    let all: Vec<Value> = serde_json::from_str(&ok(db, &["contact", "list", "--json"])).expect("json");
    let person = all.iter().find(|c| c["kind"] == "person").expect("a person");
    let text = |key: &str| person[key].as_str().map(str::to_owned);
    (
        person["id"].as_i64().expect("id"),
        text("name").expect("name"),
        text("email"),
        text("phone"),
    )
}

/// `access-report`, `erase-contact` with and without `--dry-run`, `retention set|run`, and a
/// restore of a backup from before, which erases the person again; all in the audit trail.
#[test]
fn access_report_erasure_and_retention_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("protect.db");
    ok(
        &db,
        &["demo-data", "--cases", "40", "--municipalities", "3", "--seed", "11"],
    );
    let (id, name, email, _) = first_person(&db);
    let id_text = id.to_string();

    // Access: JSON and PDF; another extension is refused with one line.
    let json_path = dir.path().join("auskunft.json");
    let out = run(
        &db,
        &["access-report", &id_text, "--out", &json_path.display().to_string()],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("places)"));
    let report: Value = serde_json::from_slice(&std::fs::read(&json_path).expect("json")).expect("json");
    assert_eq!(report["contact"]["name"], name.as_str());
    assert_eq!(report["contact"]["email"].as_str(), email.as_deref());
    assert!(
        !report["roles"].as_array().expect("roles").is_empty(),
        "demo people have roles"
    );
    let pdf = dir.path().join("auskunft.pdf");
    ok(&db, &["access-report", &id_text, "--out", &pdf.display().to_string()]);
    assert!(poppler::text(&pdf).contains(&name));
    let txt = dir.path().join("auskunft.txt").display().to_string();
    assert_one_error_line(&run(&db, &["access-report", &id_text, "--out", &txt]), ".pdf or .json");
    let missing = dir.path().join("niemand.json").display().to_string();
    assert_one_error_line(&run(&db, &["access-report", "999999", "--out", &missing]), "not found");

    let backup = dir.path().join("before.db").display().to_string();
    ok(&db, &["backup", "--out", &backup]);

    // Erasure: the dry run changes nothing, the erasure takes the person out of every text.
    let dry = ok(&db, &["erase-contact", &id_text, "--dry-run"]);
    assert!(dry.starts_with(&format!("would erase contact {id}: ")), "{dry}");
    assert!(!dry.contains(&name), "the summary names nobody: {dry}");
    let listed = |db: &Path| -> bool {
        let all: Vec<Value> = serde_json::from_str(&ok(db, &["contact", "list", "--json"])).expect("json");
        all.iter().any(|c| c["id"] == id)
    };
    assert!(listed(&db), "a dry run erases nothing");
    let done = ok(&db, &["erase-contact", &id_text]);
    assert_eq!(done, dry.replacen("would erase", "erased", 1));
    assert!(!listed(&db));
    let surname = name.split_whitespace().last().expect("a surname");
    let found = ok(&db, &["case", "list", "--search", surname, "--json"]);
    let hits: Vec<Value> = serde_json::from_str(&found).expect("json");
    for hit in &hits {
        assert!(!hit.to_string().contains(&name), "{name} in {hit}");
    }
    assert_one_error_line(&run(&db, &["erase-contact", &id_text]), "not found");

    // Retention: off by default; 1 to 30 years; the dry run lists what the run anonymises.
    assert_one_error_line(
        &run(&db, &["retention", "run", "--dry-run"]),
        "retention is switched off",
    );
    assert_eq!(run(&db, &["retention", "set", "31"]).status.code(), Some(2));
    ok(&db, &["retention", "set", "1"]);
    let due = ok(&db, &["retention", "run", "--dry-run"]);
    let first = due.lines().next().expect("a line");
    assert!(first.starts_with("would anonymise "), "{due}");
    let count: usize = first
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert_eq!(due.lines().count(), count + 1, "{due}");
    let ran = ok(&db, &["retention", "run"]);
    assert!(ran.starts_with(&format!("anonymised {count} cases: ")), "{ran}");
    assert!(ok(&db, &["retention", "run", "--dry-run"]).starts_with("would anonymise 0 cases"));

    // A backup from before the erasure: restored, the person is erased again.
    ok(&db, &["restore", &backup]);
    assert!(!listed(&db), "a restore never brings an erased person back");

    let records: Vec<Value> = serde_json::from_str(&ok(&db, &["audit", "list", "--json"])).expect("json");
    let actions: Vec<&str> = records.iter().map(|r| r["action"].as_str().expect("action")).collect();
    // The backup holds the trail up to the backup; the restore and the erasure made again follow.
    for expected in ["access_report_saved", "backup_restored", "erased"] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    assert!(ok(&db, &["audit", "verify"]).starts_with("audit trail intact"));
}

/// Every data-protection command at `BERATUNGSPLANER_LOG=trace`: no contact's name, e-mail
/// address or phone number, and neither the database key nor its recovery key, in any log line.
#[test]
fn trace_logs_hold_no_key_and_no_personal_data() {
    use beratungsplaner_core::store::DatabaseKey;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("trace.db");
    let key_file = dir.path().join("database.key");
    let mut log = String::new();
    let mut traced = |args: &[&str]| -> String {
        let out = Command::new(binary())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("BERATUNGSPLANER_DB_KEY_FILE", &key_file)
            .env("BERATUNGSPLANER_LOG", "trace")
            .output()
            .expect("run beratungsplaner");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{args:?}: {stderr}");
        log.push_str(&stderr);
        String::from_utf8(out.stdout).expect("utf-8")
    };
    traced(&["demo-data", "--cases", "30", "--municipalities", "3", "--seed", "5"]);
    let contacts: Vec<Value> = serde_json::from_str(&traced(&["contact", "list", "--json"])).expect("json");
    let case_id = serde_json::from_str::<Vec<Value>>(&traced(&["case", "list", "--json"])).expect("json")[0]["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let person = contacts.iter().find(|c| c["kind"] == "person").expect("a person");
    let person_id = person["id"].as_i64().expect("id").to_string();
    let path = |name: &str| dir.path().join(name).display().to_string();
    traced(&["case", "list", "--search", "Quartier"]);
    traced(&["export-ics", "--out", &path("k.ics")]);
    traced(&["print-case", &case_id, "--out", &path("d.pdf")]);
    traced(&["access-report", &person_id, "--out", &path("a.pdf")]);
    traced(&["access-report", &person_id, "--out", &path("a.json")]);
    traced(&["backup", "--out", &path("b.db")]);
    traced(&["erase-contact", &person_id]);
    traced(&["retention", "set", "1"]);
    traced(&["retention", "run"]);
    traced(&["restore", &path("b.db")]);
    traced(&["audit", "verify"]);
    let read_key = || DatabaseKey::from_recovery_key(&std::fs::read_to_string(&key_file).expect("key")).expect("key");
    let old = read_key();
    traced(&["rekey"]);
    traced(&["audit", "list"]);
    assert!(log.contains("command finished"), "logging is on: {log}");

    let mut secrets: Vec<String> = vec!["PRAGMA key".to_owned()];
    for key in [old, read_key()] {
        let recovery = key.recovery_key();
        secrets.push(recovery.as_str().to_owned());
        secrets.push(recovery.as_str().split('-').next().expect("a group").to_owned());
    }
    for contact in &contacts {
        for field in ["email", "phone"] {
            secrets.extend(contact[field].as_str().map(str::to_owned));
        }
        let name = contact["name"].as_str().expect("name");
        secrets.extend(name.split_whitespace().filter(|p| p.len() > 3).map(str::to_owned));
    }
    for secret in &secrets {
        assert!(!log.contains(secret.as_str()), "{secret:?} is in the log");
    }
}

/// `event list` and `event participants`: the CSV opens with python's csv module (semicolons,
/// UTF-8 with a byte-order mark) with every participant and their state in German; saving it is
/// recorded in the audit trail.
#[test]
fn events_and_their_participants_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("events.db");
    let event_id = tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        use beratungsplaner_core::domain::*;
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let m = planner
            .create_municipality(MunicipalityInput {
                name: "Oberstedt".into(),
                state: "HE".into(),
                ags: None,
            })
            .await
            .expect("municipality")
            .id;
        let tomorrow = chrono::Local::now().date_naive() + chrono::Days::new(1);
        let event = planner
            .create_event(EventInput {
                format: EventFormat::NetworkMeeting,
                title: "Netzwerktreffen Wohnen; Nord".into(),
                location: Some("Rathaus, Sitzungssaal".into()),
                online_url: None,
                organiser: "Miriam Albers".into(),
                all_day: false,
                starts_on: tomorrow,
                ends_on: tomorrow,
                start_time: chrono::NaiveTime::from_hms_opt(17, 0, 0),
                end_time: chrono::NaiveTime::from_hms_opt(19, 0, 0),
                time_zone: "Europe/Berlin".into(),
                capacity: Some(2),
                notes: None,
                municipality_ids: vec![m],
                case_ids: vec![],
                sessions: vec![],
                accept_overlap: true,
            })
            .await
            .expect("event");
        let mut ids = Vec::new();
        for (name, organisation) in [
            ("Jürgen Öztürk", "Wohnungsbau \"Nord\"; eG"),
            ("Anna Schmidt", "Stadtteilbüro"),
            ("Zoë Lange", "Caritas, Kreisverband"),
        ] {
            ids.push(
                planner
                    .create_contact(ContactInput {
                        kind: ContactKind::Person,
                        name: name.into(),
                        organisation: Some(organisation.into()),
                        organisation_type: None,
                        email: None,
                        phone: None,
                    })
                    .await
                    .expect("contact")
                    .id,
            );
        }
        planner.invite_to_event(event.id, &ids).await.expect("invite");
        for p in planner.event_participants(event.id).await.expect("participants") {
            planner
                .set_event_participant_status(event.id, p.id, EventParticipantStatus::Registered)
                .await
                .expect("register");
        }
        planner.close().await;
        event.id
    });

    let listed: Value = serde_json::from_slice(&run(&db, &["event", "list", "--json"]).stdout).expect("json");
    assert_eq!(listed[0]["title"], "Netzwerktreffen Wohnen; Nord");
    assert_eq!(listed[0]["counts"]["registered"], 2);
    assert_eq!(listed[0]["counts"]["waitlisted"], 1, "two places, three registrations");
    let table = String::from_utf8_lossy(&run(&db, &["event", "list"]).stdout).into_owned();
    assert!(table.contains("2 angemeldet von 2, 1 auf der Warteliste"), "{table}");

    let csv = dir.path().join("teilnehmende.csv");
    let out = run(
        &db,
        &[
            "event",
            "participants",
            &event_id.to_string(),
            "--csv",
            csv.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let python = beratungsplaner_tests::workspace_root().join(".venv/bin/python");
    let read = Command::new(python)
        .args([
            "-c",
            "import csv, json, sys\n\
             with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n\
             \x20   print(json.dumps(list(csv.DictReader(f, delimiter=';'))))",
            csv.to_str().expect("path"),
        ])
        .output()
        .expect("python");
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let rows: Value = serde_json::from_slice(&read.stdout).expect("rows");
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["Name"], "Anna Schmidt");
    assert_eq!(rows[1]["Name"], "Jürgen Öztürk");
    assert_eq!(rows[1]["Organisation"], "Wohnungsbau \"Nord\"; eG", "quoting survives");
    assert_eq!(rows[2]["Status"], "Warteliste");
    assert_eq!(rows[0]["Veranstaltung"], "Netzwerktreffen Wohnen; Nord");
    let audit = String::from_utf8_lossy(&run(&db, &["audit", "list", "--json"]).stdout).into_owned();
    assert!(audit.contains("participant_list_saved"), "{audit}");

    let missing = run(&db, &["event", "participants", "999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("error: "));
}

/// `contact duplicates` finds the same person entered twice; `contact merge --dry-run` says what
/// would move and changes nothing; `contact merge` merges; merging a contact with itself is an
/// error in one line.
#[test]
fn duplicates_are_listed_and_merged_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("duplicates.db");
    let (first, second) = tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        use beratungsplaner_core::domain::*;
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let mut ids = Vec::new();
        for (name, phone) in [("Petra Lang", None), ("Dr. Petra Lang", Some("0561 4711"))] {
            ids.push(
                planner
                    .create_contact(ContactInput {
                        kind: ContactKind::Person,
                        name: name.into(),
                        organisation: Some("Caritas".into()),
                        organisation_type: None,
                        email: Some("p.lang@example.org".into()),
                        phone: phone.map(Into::into),
                    })
                    .await
                    .expect("contact")
                    .id,
            );
        }
        planner.close().await;
        (ids[0], ids[1])
    });
    let pairs: Value = serde_json::from_slice(&run(&db, &["contact", "duplicates", "--json"]).stdout).expect("json");
    assert_eq!(pairs.as_array().map(Vec::len), Some(1), "{pairs}");
    assert_eq!(pairs[0]["keep"]["id"], first);
    assert_eq!(pairs[0]["drop"]["id"], second);
    assert_eq!(pairs[0]["reason"], "same_email");

    let (keep, drop) = (first.to_string(), second.to_string());
    let dry = String::from_utf8_lossy(&run(&db, &["contact", "merge", &keep, &drop, "--dry-run"]).stdout).into_owned();
    assert!(dry.starts_with("would merge Dr. Petra Lang"), "{dry}");
    let listed =
        |db: &Path| -> Value { serde_json::from_slice(&run(db, &["contact", "list", "--json"]).stdout).expect("json") };
    assert_eq!(
        listed(&db).as_array().map(Vec::len),
        Some(2),
        "a dry run changes nothing"
    );
    let merged = run(&db, &["contact", "merge", &keep, &drop]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let left = listed(&db);
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    assert_eq!(left[0]["phone"], "0561 4711", "the gap filled");

    let itself = run(&db, &["contact", "merge", &keep, &keep]);
    assert_eq!(itself.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&itself.stderr);
    assert!(stderr.starts_with("error: ") && stderr.lines().count() == 1, "{stderr}");
}

/// `print-event`: for 200 registered guests the sign-in sheet names every one once, with the
/// signature column and the event's title and "Seite x von y" on every page (read by poppler's
/// pdftotext); the participant list and the badges name them all too; a file not ending in .pdf
/// is refused in one line.
#[test]
fn an_events_sheets_print_every_participant_with_a_header_on_every_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("sheets.db");
    let (event_id, names) = tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        use beratungsplaner_core::domain::*;
        let planner = beratungsplaner_tests::open_planner(&db).await;
        let day = chrono::Local::now().date_naive() + chrono::Days::new(30);
        let event = planner
            .create_event(EventInput {
                format: EventFormat::Congress,
                title: "Jahreskongress Zusammenhalt".into(),
                location: Some("Kongresshalle Kassel".into()),
                online_url: None,
                organiser: "Miriam Albers".into(),
                all_day: true,
                starts_on: day,
                ends_on: day + chrono::Days::new(1),
                start_time: None,
                end_time: None,
                time_zone: "Europe/Berlin".into(),
                capacity: None,
                notes: None,
                municipality_ids: vec![],
                case_ids: vec![],
                sessions: vec![],
                accept_overlap: true,
            })
            .await
            .expect("event");
        let mut ids = Vec::new();
        let mut names = Vec::new();
        for i in 1..=200 {
            let name = format!("Gast{i:03} Öztürk");
            ids.push(
                planner
                    .create_contact(ContactInput {
                        kind: ContactKind::Person,
                        name: name.clone(),
                        organisation: Some(format!("Träger {}", i % 7)),
                        organisation_type: None,
                        email: None,
                        phone: None,
                    })
                    .await
                    .expect("contact")
                    .id,
            );
            names.push(name);
        }
        planner.invite_to_event(event.id, &ids).await.expect("invite");
        for p in planner.event_participants(event.id).await.expect("participants") {
            planner
                .set_event_participant_status(event.id, p.id, EventParticipantStatus::Registered)
                .await
                .expect("register");
        }
        planner.close().await;
        (event.id, names)
    });
    let id = event_id.to_string();
    for sheet in ["signin", "participants", "badges"] {
        let pdf = dir.path().join(format!("{sheet}.pdf"));
        let out = run(
            &db,
            &[
                "print-event",
                &id,
                "--out",
                pdf.to_str().expect("path"),
                "--sheet",
                sheet,
            ],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = beratungsplaner_tests::poppler::text(&pdf);
        for name in &names {
            assert_eq!(text.matches(name.as_str()).count(), 1, "{sheet}: {name} once");
        }
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
        assert!(pages.len() > 1, "{sheet}: 200 guests fill more than a page");
        assert_eq!(Some(pages.len()), beratungsplaner_tests::poppler::page_count(&pdf));
        for (i, page) in pages.iter().enumerate() {
            assert!(
                page.contains("Jahreskongress Zusammenhalt"),
                "{sheet} page {}: the title",
                i + 1
            );
            assert!(
                page.contains(&format!("Seite {} von {}", i + 1, pages.len())),
                "{sheet} page {}: {page}",
                i + 1
            );
            if sheet == "signin" {
                assert!(page.contains("Unterschrift"), "page {}: the signature column", i + 1);
                assert!(page.contains("Unterschriftenliste"));
            }
        }
    }
    let audit = String::from_utf8_lossy(&run(&db, &["audit", "list", "--json"]).stdout).into_owned();
    assert!(audit.contains("Unterschriftenliste, 200"), "{audit}");

    let wrong = run(
        &db,
        &[
            "print-event",
            &id,
            "--out",
            dir.path().join("sheet.txt").to_str().expect("path"),
        ],
    );
    assert_eq!(wrong.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(stderr.starts_with("error: ") && stderr.lines().count() == 1, "{stderr}");
}

/// `network search`: who knows the fund in Hessen, ranked by participation, as a table and as JSON.
#[test]
fn who_knows_a_topic_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("network.db");
    let out = run(&db, &["demo-data", "--seed", "3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found: Value =
        serde_json::from_slice(&run(&db, &["network", "search", "--topic", "Quartiersfonds", "--json"]).stdout)
            .expect("json");
    let found = found.as_array().expect("a list");
    assert!(found.len() >= 3, "{found:?}");
    let participation = |e: &Value| e["cases"].as_u64().unwrap_or(0) + e["events"].as_u64().unwrap_or(0);
    assert!(
        found.windows(2).all(|w| participation(&w[0]) >= participation(&w[1])),
        "ranked"
    );
    let state = found[0]["states"][0].as_str().expect("a state").to_owned();
    let table = String::from_utf8_lossy(
        &run(
            &db,
            &["network", "search", "--topic", "Quartiersfonds", "--state", &state],
        )
        .stdout,
    )
    .into_owned();
    assert!(
        table.contains(found[0]["contact"]["name"].as_str().expect("name")),
        "{table}"
    );
    let bad = run(
        &db,
        &["network", "search", "--topic", "Quartiersfonds", "--state", "XX"],
    );
    assert_eq!(bad.status.code(), Some(2));
}

/// The number `sql` counts in `db` (SQL written here, independent of the app's queries).
fn count(db: &Path, sql: &str) -> u64 {
    sql_with_key(db, sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .first()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{sql}: no count"))
}

/// The third quarter of 2026 as the report sees it: days, and the slots' UTC instants (Berlin is
/// two hours ahead of UTC in summer).
const Q3_FROM: &str = "2026-07-01";
const Q3_TO: &str = "2026-09-30";
const Q3_SLOTS: &str = "b.start_at >= '2026-06-30T22:00:00Z' AND b.start_at < '2026-09-30T22:00:00Z'";
const Q3_ACTIVE: &str = "c.opened_on <= '2026-09-30' AND (c.closed_on IS NULL OR c.closed_on >= '2026-07-01')";

/// `report --out FILE` for the third quarter of 2026.
fn save_q3_report(db: &Path, file: &Path) {
    ok(
        db,
        &[
            "report",
            "--from",
            Q3_FROM,
            "--to",
            Q3_TO,
            "--out",
            file.to_str().expect("path"),
        ],
    );
}

/// `report --json` for a quarter of the demo data (with three bookings marked as no-shows): every
/// figure equals what SQL written in this test counts; the same numbers are numbers in the XLSX
/// (read by openpyxl), lines of the CSV and text of the PDF (pdftotext), whose charts are vector
/// (pdfimages lists no image); each saved file is in the audit trail.
#[test]
fn an_activity_report_counts_what_sql_counts_in_json_xlsx_csv_and_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("report.db");
    ok(&db, &["demo-data", "--seed", "11"]);
    let no_shows = sql_with_key(
        &db,
        &format!("SELECT b.id FROM bookings b WHERE b.status = 'booked' AND {Q3_SLOTS} ORDER BY b.start_at LIMIT 3"),
    )
    .expect("bookings");
    assert_eq!(no_shows.len(), 3, "the demo data has bookings in the quarter");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let planner = beratungsplaner_tests::open_planner(&db).await;
        for id in &no_shows {
            let booking = planner
                .set_booking_no_show(id.parse().expect("id"), true)
                .await
                .expect("marked as not come");
            assert!(booking.no_show && !booking.needs_minutes);
        }
    });

    let json: Value = serde_json::from_str(&ok(
        &db,
        &["report", "--from", Q3_FROM, "--to", Q3_TO, "--scope", "team", "--json"],
    ))
    .expect("one JSON document");
    let figure = |path: &[&str]| -> u64 {
        let mut value = &json;
        for key in path {
            value = &value[*key];
        }
        value
            .as_u64()
            .unwrap_or_else(|| panic!("{path:?} is a number: {value}"))
    };
    let expected = [
        (
            vec!["cases", "opened"],
            count(
                &db,
                "SELECT count(*) FROM cases WHERE opened_on BETWEEN '2026-07-01' AND '2026-09-30'",
            ),
        ),
        (
            vec!["cases", "active"],
            count(&db, &format!("SELECT count(*) FROM cases c WHERE {Q3_ACTIVE}")),
        ),
        (
            vec!["cases", "closed"],
            count(
                &db,
                "SELECT count(*) FROM cases WHERE closed_on BETWEEN '2026-07-01' AND '2026-09-30'",
            ),
        ),
        (
            vec!["consultation_hours", "bookings"],
            count(
                &db,
                &format!("SELECT count(*) FROM bookings b WHERE b.status = 'booked' AND {Q3_SLOTS}"),
            ),
        ),
        (
            vec!["consultation_hours", "slots_used"],
            count(
                &db,
                &format!("SELECT count(*) FROM bookings b WHERE b.status = 'booked' AND b.no_show = 0 AND {Q3_SLOTS}"),
            ),
        ),
        (
            vec!["consultation_hours", "cancelled"],
            count(
                &db,
                &format!("SELECT count(*) FROM bookings b WHERE b.status = 'cancelled' AND {Q3_SLOTS}"),
            ),
        ),
        (vec!["consultation_hours", "no_shows"], 3),
        (
            vec!["reach", "municipalities"],
            count(
                &db,
                &format!(
                    "SELECT count(DISTINCT m) FROM (
                       SELECT c.municipality_id AS m FROM cases c WHERE {Q3_ACTIVE}
                       UNION SELECT b.municipality_id FROM bookings b WHERE b.status = 'booked' AND {Q3_SLOTS}
                       UNION SELECT coalesce(l.municipality_id, k.municipality_id) FROM event_links l
                             JOIN events e ON e.id = l.event_id JOIN appointments a ON a.id = e.appointment_id
                             LEFT JOIN cases k ON k.id = l.case_id
                            WHERE a.starts_on BETWEEN '2026-07-01' AND '2026-09-30' AND a.status <> 'cancelled')"
                ),
            ),
        ),
        (
            vec!["reach", "neighbourhoods"],
            count(
                &db,
                &format!(
                    "SELECT count(DISTINCT n) FROM (
                       SELECT c.neighbourhood_id AS n FROM cases c WHERE {Q3_ACTIVE} AND c.neighbourhood_id IS NOT NULL
                       UNION SELECT s.neighbourhood_id FROM bookings b JOIN consultation_series s ON s.id = b.series_id
                            WHERE b.status = 'booked' AND {Q3_SLOTS} AND s.neighbourhood_id IS NOT NULL)"
                ),
            ),
        ),
    ];
    for (path, count) in &expected {
        assert_eq!(figure(path), *count, "{path:?}");
    }
    assert!(figure(&["cases", "active"]) > 0 && figure(&["consultation_hours", "slots_used"]) > 0);
    for (kind, key) in [
        ("consultation", "consultations"),
        ("site_visit", "site_visits"),
        ("workshop", "workshops"),
        ("meeting", "meetings"),
        ("call", "calls"),
        ("email", "emails"),
    ] {
        let sql = format!(
            "SELECT count(*) FROM journal_entries j JOIN cases c ON c.id = j.case_id
              WHERE j.kind = '{kind}' AND j.occurred_on BETWEEN '2026-07-01' AND '2026-09-30' AND {Q3_ACTIVE}"
        );
        assert_eq!(figure(&["journal", key]), count(&db, &sql), "journal {kind}");
    }
    let events_of = |format: &str, join: &str, status: &str| {
        count(
            &db,
            &format!(
                "SELECT count(*) FROM events e JOIN appointments a ON a.id = e.appointment_id {join}
                  WHERE e.format = '{format}' AND a.starts_on BETWEEN '2026-07-01' AND '2026-09-30'
                    AND a.status <> 'cancelled' {status}"
            ),
        )
    };
    for row in json["events"].as_array().expect("formats") {
        let format = row["format"].as_str().expect("format");
        assert_eq!(row["events"].as_u64(), Some(events_of(format, "", "")), "{format}");
        let attended = events_of(
            format,
            "JOIN event_participants p ON p.event_id = e.id",
            "AND p.status = 'attended'",
        );
        assert_eq!(row["attended"].as_u64(), Some(attended), "{format} attended");
    }
    let months = json["months"].as_array().expect("months");
    assert_eq!(months.len(), 3);
    for (month, from, to) in [
        (&months[0], "2026-07-01", "2026-07-31"),
        (&months[1], "2026-08-01", "2026-08-31"),
        (&months[2], "2026-09-01", "2026-09-30"),
    ] {
        assert_eq!(month["period"]["from"], from);
        let opened = count(
            &db,
            &format!("SELECT count(*) FROM cases WHERE opened_on BETWEEN '{from}' AND '{to}'"),
        );
        assert_eq!(month["cases_opened"].as_u64(), Some(opened), "{from}");
        let closed = count(
            &db,
            &format!("SELECT count(*) FROM cases WHERE closed_on BETWEEN '{from}' AND '{to}'"),
        );
        assert_eq!(month["cases_closed"].as_u64(), Some(closed), "{from}");
    }
    for topic in json["topics"].as_array().expect("topics") {
        let name = topic["topic"].as_str().expect("name");
        let sql = format!(
            "SELECT count(*) FROM cases c JOIN case_topics ct ON ct.case_id = c.id JOIN topics t ON t.id = ct.topic_id
              WHERE t.name = '{name}' AND {Q3_ACTIVE}"
        );
        assert_eq!(topic["cases_active"].as_u64(), Some(count(&db, &sql)), "{name}");
    }
    for state in json["states"].as_array().expect("states") {
        let code = state["state"].as_str().expect("code");
        let sql = format!(
            "SELECT count(*) FROM cases c JOIN municipalities m ON m.id = c.municipality_id
              WHERE m.state = '{code}' AND {Q3_ACTIVE}"
        );
        assert_eq!(state["cases_active"].as_u64(), Some(count(&db, &sql)), "{code}");
    }
    assert_eq!(json["states"].as_array().map(Vec::len), Some(16));
    for advisor in json["advisors"].as_array().expect("advisors") {
        let name = advisor["advisor"].as_str().expect("name");
        let sql = format!("SELECT count(*) FROM cases c WHERE c.advisor = '{name}' AND {Q3_ACTIVE}");
        assert_eq!(advisor["cases_active"].as_u64(), Some(count(&db, &sql)), "{name}");
    }

    // The workbook: one sheet per table, the counts as numbers, the months as dates.
    let xlsx = dir.path().join("bericht.xlsx");
    save_q3_report(&db, &xlsx);
    let python = beratungsplaner_tests::workspace_root().join(".venv/bin/python");
    let read = Command::new(&python)
        .args([
            "-c",
            "import json, sys, datetime, openpyxl\n\
             book = openpyxl.load_workbook(sys.argv[1])\n\
             def cell(v):\n\
             \x20   if isinstance(v, datetime.datetime): return {'date': v.date().isoformat()}\n\
             \x20   if isinstance(v, bool) or v is None: return v\n\
             \x20   if isinstance(v, (int, float)): return {'number': v}\n\
             \x20   return v\n\
             print(json.dumps({s.title: [[cell(v) for v in row] for row in s.iter_rows(values_only=True)] for s in book}))",
            xlsx.to_str().expect("path"),
        ])
        .output()
        .expect("python with openpyxl");
    assert!(read.status.success(), "{}", String::from_utf8_lossy(&read.stderr));
    let book: Value = serde_json::from_slice(&read.stdout).expect("sheets");
    let sheets: Vec<&str> = book.as_object().expect("sheets").keys().map(String::as_str).collect();
    for sheet in [
        "Bericht",
        "Überblick",
        "Verlauf",
        "Veranstaltungen",
        "Monate",
        "Handlungsfelder",
        "Bundesländer",
        "Beratende",
        "Definitionen",
    ] {
        assert!(sheets.contains(&sheet), "{sheet} in {sheets:?}");
    }
    let overview = |label: &str| -> Value {
        book["Überblick"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r[0] == label))
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("{label} in the overview"))
    };
    assert_eq!(
        overview("Fälle eröffnet")["number"].as_u64(),
        Some(figure(&["cases", "opened"]))
    );
    assert_eq!(
        overview("Fälle in Bearbeitung")["number"].as_u64(),
        Some(figure(&["cases", "active"]))
    );
    assert_eq!(
        overview("Zeitfenster genutzt")["number"].as_u64(),
        Some(figure(&["consultation_hours", "slots_used"]))
    );
    assert_eq!(overview("Nicht erschienen")["number"].as_u64(), Some(3));
    assert_eq!(book["Monate"][1][0]["date"], "2026-07-01", "a month is a date");
    assert_eq!(
        book["Monate"][2][1]["number"].as_u64(),
        months[1]["cases_opened"].as_u64()
    );
    assert_eq!(book["Bericht"][2][1]["date"], Q3_FROM);

    // The CSV: one line per figure.
    let csv = dir.path().join("bericht.csv");
    save_q3_report(&db, &csv);
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with('\u{feff}'));
    assert!(
        text.contains(&format!(
            "Überblick;Fälle in Bearbeitung;Wert;{}",
            figure(&["cases", "active"])
        )),
        "{text}"
    );
    assert!(text.contains(&format!("Monate;2026-08;Fälle eröffnet;{}", months[1]["cases_opened"])));

    // The PDF: its text holds the figures; its charts are paths, not images.
    let pdf = dir.path().join("bericht.pdf");
    save_q3_report(&db, &pdf);
    let text = poppler::text(&pdf);
    for (label, value) in [
        ("Fälle eröffnet", figure(&["cases", "opened"])),
        ("Fälle in Bearbeitung", figure(&["cases", "active"])),
        ("Fälle abgeschlossen", figure(&["cases", "closed"])),
        ("Buchungen", figure(&["consultation_hours", "bookings"])),
        ("Zeitfenster genutzt", figure(&["consultation_hours", "slots_used"])),
        ("Nicht erschienen", 3),
        ("Kommunen erreicht", figure(&["reach", "municipalities"])),
    ] {
        let line = format!("{label} {value}");
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squeezed.contains(&line), "the PDF says `{line}`");
    }
    assert!(
        text.contains("Anhang: Was gezählt wird") && text.contains("Seite 2 von"),
        "appendix and page numbers"
    );
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages");
    let listed = String::from_utf8_lossy(&images.stdout);
    assert_eq!(listed.lines().count(), 2, "no raster image, only the header: {listed}");
    let audit = String::from_utf8_lossy(&run(&db, &["audit", "list", "--json"]).stdout).into_owned();
    assert_eq!(audit.matches("activity_report_saved").count(), 3, "{audit}");
}

/// A period without activity gives zeros; one ending before it starts, an unknown scope or file
/// type is refused in one line.
#[test]
fn an_activity_report_of_a_quiet_period_is_zeros_and_bad_input_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("quiet.db");
    ok(&db, &["demo-data", "--seed", "11"]);
    let json: Value = serde_json::from_str(&ok(
        &db,
        &["report", "--from", "2001-01-01", "--to", "2001-03-31", "--json"],
    ))
    .expect("json");
    fn numbers(value: &Value, out: &mut Vec<u64>) {
        match value {
            Value::Number(n) => out.push(n.as_u64().unwrap_or(u64::MAX)),
            Value::Array(items) => items.iter().for_each(|v| numbers(v, out)),
            Value::Object(map) => map
                .iter()
                .filter(|(k, _)| *k != "query")
                .for_each(|(_, v)| numbers(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    numbers(&json, &mut all);
    assert!(all.len() > 100 && all.iter().all(|n| *n == 0), "{json}");
    assert_eq!(json["months"].as_array().map(Vec::len), Some(3));

    let reversed = run(&db, &["report", "--from", "2026-04-01", "--to", "2026-03-31"]);
    assert_one_error_line(&reversed, "--to lies before --from");
    let first_quarter = |extra: &[&str]| {
        let mut args = vec!["report", "--from", "2026-01-01", "--to", "2026-03-31"];
        args.extend_from_slice(extra);
        run(&db, &args)
    };
    assert_eq!(first_quarter(&["--scope", "land:XX"]).status.code(), Some(2));
    assert_one_error_line(&first_quarter(&["--scope", "topic:Raumfahrt"]), "Raumfahrt");
    let doc = dir.path().join("bericht.docx");
    assert_one_error_line(&first_quarter(&["--out", doc.to_str().expect("path")]), ".xlsx");
    assert!(!doc.exists());
}
