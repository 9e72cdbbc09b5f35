//! A 50-page case dossier (the tests' case with a long journal): the median time from the case's
//! data to PDF/A bytes (layout with Typst, fonts embedded), and to the HTML page. The case is
//! built in memory before the clock starts; the engine is warmed up by criterion's warm-up.
//!
//! For comparison, in the same run: Chromium's print-to-PDF of the HTML version of the same
//! dossier (`chromium --headless --print-to-pdf`, the usual HTML-to-PDF route; a new browser
//! process per document), and of a one-line page, which is Chromium's start-up and teardown
//! alone. Skipped with a note when no Chromium is installed (`apt-get install chromium`).

use beratungsplaner_core::domain::*;
use beratungsplaner_core::report::dossier::Dossier;
use beratungsplaner_core::report::{html, pdf};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/support/dossier_case.rs"]
mod dossier_case;
use dossier_case::planner_with_case;
#[path = "../tests/support/poppler.rs"]
mod poppler;

/// Journal entries that fill 55 A4 pages (at least the fifty asked for) of the tests' case.
const ENTRIES: usize = 540;

fn bench_report(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let dossier = rt.block_on(async {
        let (planner, id) = planner_with_case(ENTRIES).await;
        let detail = planner.case_detail(id).await.expect("detail");
        Dossier::new(&detail, &PrintRequest::default(), today)
    });
    let file = std::env::temp_dir().join("beratungsplaner-bench-dossier.pdf");
    std::fs::write(&file, pdf::to_pdf(&dossier, today).expect("pdf")).expect("write");
    eprintln!(
        "report: {} journal entries → {} pages",
        dossier.journal.len(),
        pages_of(&file)
    );

    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("dossier_50_pages_to_pdf", |b| {
        b.iter(|| pdf::to_pdf(&dossier, today).expect("pdf"))
    });
    group.bench_function("dossier_50_pages_to_html", |b| b.iter(|| html::to_html(&dossier)));
    match chromium() {
        Some(browser) => {
            let dir = std::env::temp_dir().join("beratungsplaner-bench-chromium");
            std::fs::create_dir_all(&dir).expect("dir");
            let page = dir.join("dossier.html");
            std::fs::write(&page, html::to_html(&dossier)).expect("write html");
            let blank = dir.join("blank.html");
            std::fs::write(&blank, "<!doctype html><html lang=de><title>x</title><p>Seite</p>").expect("write");
            let out = dir.join("out.pdf");
            print_with_chromium(&browser, &page, &out, &dir);
            eprintln!("report: Chromium prints the HTML dossier on {} pages", pages_of(&out));
            group.bench_function("dossier_50_pages_html_to_pdf_by_chromium", |b| {
                b.iter(|| print_with_chromium(&browser, &page, &out, &dir))
            });
            group.bench_function("one_line_html_to_pdf_by_chromium", |b| {
                b.iter(|| print_with_chromium(&browser, &blank, &out, &dir))
            });
        }
        None => eprintln!("report: no Chromium found (apt-get install chromium): its comparison is skipped"),
    }
    group.finish();
}

fn pages_of(pdf: &std::path::Path) -> String {
    poppler::page_count(pdf).map_or_else(|| "? (pdfinfo missing)".into(), |n| n.to_string())
}

fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_owned)
}

fn print_with_chromium(browser: &str, html: &std::path::Path, pdf: &std::path::Path, profile: &std::path::Path) {
    let status = std::process::Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success(), "chromium failed");
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
