//! A 50-page case dossier: the median time from the case's data to PDF/A bytes (layout with
//! Typst, fonts embedded), and to the HTML page. The case is built in memory before the clock
//! starts; the engine is warmed up by criterion's warm-up.

use beratungsplaner_core::domain::*;
use beratungsplaner_core::report::dossier::Dossier;
use beratungsplaner_core::report::{html, pdf};
use beratungsplaner_core::Planner;
use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion};

/// Journal entries that fill about fifty A4 pages.
const ENTRIES: usize = 640;

fn bench_report(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let dossier = rt.block_on(async {
        let planner = Planner::in_memory().await.expect("planner");
        let m = planner
            .create_municipality(MunicipalityInput {
                name: "Lindenhagen".into(),
                state: "HE".into(),
                ags: None,
            })
            .await
            .expect("municipality");
        let id = planner
            .create_case(CaseInput {
                title: "Begegnungsstätte Südstadt: Gemeinwesenarbeit und Quartiersmanagement".into(),
                summary: "Die Kommune plant eine Begegnungsstätte im Quartier.".into(),
                priority: Priority::Normal,
                municipality_id: Some(m.id),
                neighbourhood_id: None,
                advisor: "Miriam Albers".into(),
                opened_on: NaiveDate::from_ymd_opt(2025, 1, 6),
                closed_on: None,
                next_step: Some("Ortstermin vereinbaren".into()),
                next_step_due: None,
                topics: vec!["Soziale Infrastruktur".into()],
            })
            .await
            .expect("case")
            .case
            .id;
        let first = NaiveDate::from_ymd_opt(2025, 1, 6).expect("date");
        for i in 0..ENTRIES {
            planner
                .add_journal_entry(
                    id,
                    JournalInput {
                        occurred_on: Some(first + Days::new(i as u64 % 600)),
                        kind: JournalKind::Meeting,
                        author: "Miriam Albers".into(),
                        text: format!(
                            "Abstimmung {i} mit dem Sozialamt über die Förderfähigkeit der Maßnahme; \
                             Gemeinwesenarbeiterinnen berichten aus dem Stadtteilbüro.\nNächste Schritte besprochen."
                        ),
                        internal: false,
                    },
                )
                .await
                .expect("journal");
        }
        let detail = planner.case_detail(id).await.expect("detail");
        Dossier::new(&detail, &PrintRequest::default(), today)
    });
    let file = std::env::temp_dir().join("beratungsplaner-bench-dossier.pdf");
    std::fs::write(&file, pdf::to_pdf(&dossier, today).expect("pdf")).expect("write");
    let pages = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_owned()))
        })
        .unwrap_or_else(|| "? (pdfinfo missing)".into());
    eprintln!("report: {} journal entries → {pages} pages", dossier.journal.len());

    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("dossier_50_pages_to_pdf", |b| {
        b.iter(|| pdf::to_pdf(&dossier, today).expect("pdf"))
    });
    group.bench_function("dossier_50_pages_to_html", |b| b.iter(|| html::to_html(&dossier)));
    group.finish();
}

criterion_group!(benches, bench_report);
criterion_main!(benches);
