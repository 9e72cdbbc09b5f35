//! What poppler (not our code) reads in a PDF, for the dossier's tests and its benchmark.
#![allow(dead_code)] // the benchmark uses less of it than the tests

use std::path::Path;
use std::process::Command;

/// The number of pages `pdfinfo` counts; `None` when it cannot read the file (or is missing).
pub fn page_count(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").and_then(|n| n.trim().parse().ok()))
}

/// The text `pdftotext` reads, of one page or of all.
pub fn text(pdf: &Path, page: Option<usize>) -> String {
    let mut command = Command::new("pdftotext");
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let out = command.arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}
