//! The case dossier as PDF/A and HTML, read back with poppler (`pdftotext`, `pdffonts`, `pdfinfo`):
//! what it contains per profile, that fonts are embedded, that the same case gives the same
//! document, and that no journal entry is cut across pages.

use std::path::Path;
use std::process::Command;

use beratungsplaner_core::domain::*;
use beratungsplaner_core::{Planner, PrintFormat};
use chrono::NaiveDate;

#[path = "support/dossier_case.rs"]
mod dossier_case;
use dossier_case::{
    planner_with_case, planner_with_spellings, EMAIL, OTHERS, OTHER_ORGANISATION, PERSON, PHONE, SPELLED, SPELLED_ROLE,
};
#[path = "support/poppler.rs"]
mod poppler;

fn pdf_text(pdf: &[u8], dir: &Path, page: Option<usize>) -> String {
    let file = dir.join("dossier.pdf");
    std::fs::write(&file, pdf).expect("write");
    poppler::text(&file, page)
}

/// The text without line breaks, spaces and soft hyphens: pdftotext keeps the layout's line
/// breaks and hyphenation, which may fall anywhere.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<String>().replace('\u{ad}', "")
}

fn pages(pdf: &[u8], dir: &Path) -> usize {
    let file = dir.join("pages.pdf");
    std::fs::write(&file, pdf).expect("write");
    poppler::page_count(&file).expect("a page count")
}

async fn print(planner: &Planner, id: i64, profile: PrintProfile, format: PrintFormat) -> Vec<u8> {
    planner
        .print_case(
            id,
            &PrintRequest {
                profile,
                from: None,
                to: None,
            },
            format,
        )
        .await
        .expect("print")
}

#[tokio::test]
async fn the_internal_dossier_has_everything_embedded_and_stable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (planner, id) = planner_with_case(12).await;
    let pdf = print(&planner, id, PrintProfile::Internal, PrintFormat::Pdf).await;
    let text = squeeze(&pdf_text(&pdf, dir.path(), None));
    let detail = planner.case_detail(id).await.expect("detail");
    for needle in [
        detail.case.reference.as_str(),
        "Lindenhagen",
        "Zukunftsbündnis",
        PERSON,
        "Seite 1 von",
        "Begegnungsstätte",
    ] {
        assert!(text.contains(&squeeze(needle)), "{needle} missing in:\n{text}");
    }
    for entry in &detail.journal {
        let date = entry.occurred_on.format("%d.%m.%Y").to_string();
        assert!(text.contains(&date), "journal date {date}");
    }
    assert!(text.contains("INTERN-VERMERK"), "intern shows internal entries");
    // Every font embedded (pdffonts: the "emb" column).
    let file = dir.path().join("fonts.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let fonts = Command::new("pdffonts").arg(&file).output().expect("pdffonts");
    let listing = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{listing}");
    assert!(
        rows.iter()
            .all(|row| row.split_whitespace().rev().nth(4) == Some("yes")),
        "{listing}"
    );
    // PDF/A-2b, and the same case printed twice gives the same document.
    assert!(String::from_utf8_lossy(&pdf).contains("pdfaid:part"), "PDF/A metadata");
    let again = print(&planner, id, PrintProfile::Internal, PrintFormat::Pdf).await;
    assert_eq!(pdf, again, "deterministic");
    assert_eq!(
        planner.print_profile(id).await.expect("profile"),
        PrintProfile::Internal
    );
}

#[tokio::test]
async fn profiles_leave_out_internal_entries_and_personal_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (planner, id) = planner_with_case(10).await;
    let for_kommune = pdf_text(
        &print(&planner, id, PrintProfile::Municipality, PrintFormat::Pdf).await,
        dir.path(),
        None,
    );
    assert!(!for_kommune.contains("INTERN-VERMERK"));
    assert!(for_kommune.contains("Eintrag 0 Anfang"));
    assert_eq!(
        planner.print_profile(id).await.expect("profile"),
        PrintProfile::Municipality
    );

    let anonymous_pdf = pdf_text(
        &print(&planner, id, PrintProfile::Anonymised, PrintFormat::Pdf).await,
        dir.path(),
        None,
    );
    let anonymous_html =
        String::from_utf8(print(&planner, id, PrintProfile::Anonymised, PrintFormat::Html).await).expect("utf-8");
    for text in [&anonymous_pdf, &anonymous_html] {
        for secret in [PERSON, "Mustermann", "Erika", EMAIL, PHONE, "9876543", "Lindenhof"] {
            // Also across a hyphenated line break.
            let flat = |t: &str| squeeze(t).replace('-', "");
            assert!(!flat(text).contains(&flat(secret)), "{secret} in an anonymised dossier");
        }
        assert!(text.contains("Quartiersmanagerin"));
    }
}

#[tokio::test]
async fn html_prints_markup_as_text() {
    let (planner, id) = planner_with_case(2).await;
    let html = String::from_utf8(print(&planner, id, PrintProfile::Internal, PrintFormat::Html).await).expect("utf-8");
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn three_hundred_entries_run_over_pages_without_cutting_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (small, small_id) = planner_with_case(10).await;
    let few = pages(
        &print(&small, small_id, PrintProfile::Internal, PrintFormat::Pdf).await,
        dir.path(),
    );
    let (planner, id) = planner_with_case(300).await;
    let pdf = print(&planner, id, PrintProfile::Internal, PrintFormat::Pdf).await;
    // Kept for looking at (pdftoppm → PNG), as the issue asks.
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots");
    std::fs::write(shots.join("dossier-300-entries.pdf"), &pdf).expect("keep the pdf");
    let many = pages(&pdf, dir.path());
    assert!(many > few + 5, "{few} pages for 10 entries, {many} for 300");
    let per_page: Vec<String> = (1..=many).map(|p| pdf_text(&pdf, dir.path(), Some(p))).collect();
    for i in 0..300 {
        // pdftotext may break a line anywhere: compare without whitespace.
        let start = squeeze(&format!("Eintrag {i} Anfang"));
        let end = squeeze(&format!("Eintrag {i} Ende"));
        let page = per_page
            .iter()
            .position(|t| squeeze(t).contains(&start))
            .unwrap_or_else(|| panic!("{start}"));
        assert!(
            squeeze(&per_page[page]).contains(&end),
            "entry {i} is cut after page {}",
            page + 1
        );
    }
    // The table's header repeats on every page of the journal.
    let with_header = per_page
        .iter()
        .filter(|t| t.contains("Datum") && t.contains("Eintrag"))
        .count();
    assert!(with_header + 2 >= many, "header on {with_header} of {many} pages");
}

#[tokio::test]
async fn the_preview_shows_the_pdfs_pages_as_images_and_remembers_the_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (planner, id) = planner_with_case(60).await;
    assert_eq!(
        planner.print_profile(id).await.expect("profile"),
        PrintProfile::Internal
    );
    let request = PrintRequest {
        profile: PrintProfile::Municipality,
        from: None,
        to: None,
    };
    let preview = planner.preview_case(id, &request).await.expect("preview");
    let pdf = planner.print_case(id, &request, PrintFormat::Pdf).await.expect("pdf");
    assert_eq!(preview.pages.len(), pages(&pdf, dir.path()));
    for page in &preview.pages {
        assert!(page.starts_with("<svg"), "{}", &page[..page.len().min(80)]);
        // Glyphs are drawn as outlines: no user text (and so no markup of it) is in the image.
        assert!(!page.contains("alert(1)") && !page.contains("<script"));
        assert!(
            !page.contains("href=\"http"),
            "the image refers to nothing outside itself"
        );
    }
    assert_eq!(
        planner.print_profile(id).await.expect("profile"),
        PrintProfile::Municipality
    );

    let backwards = PrintRequest {
        profile: PrintProfile::Internal,
        from: NaiveDate::from_ymd_opt(2026, 5, 1),
        to: NaiveDate::from_ymd_opt(2026, 4, 1),
    };
    let error = planner
        .preview_case(id, &backwards)
        .await
        .expect_err("end before start");
    assert!(error.to_string().contains("before"), "{error}");
    assert_eq!(
        planner.print_profile(id).await.expect("profile"),
        PrintProfile::Municipality
    );
}

/// The words of a printed text, also with words cut at a line break (`Mey-⏎er`) put together
/// again: a name must be missing from both.
fn printed_words(text: &str) -> std::collections::HashSet<String> {
    let text = text.replace('\u{ad}', "");
    let is_word = |c: char| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
    let mut joined = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(['-', '\u{2010}', '\u{2011}']) {
        let (before, after) = rest.split_at(at);
        let hyphen = after.chars().next().map_or(1, char::len_utf8);
        let tail = after[hyphen..].trim_start_matches([' ', '\t']);
        joined.push_str(before);
        if let Some(next) = tail.strip_prefix('\n') {
            rest = next.trim_start();
        } else {
            joined.push_str(&after[..hyphen]);
            rest = &after[hyphen..];
        }
    }
    joined.push_str(rest);
    [text.as_str(), joined.as_str()]
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !is_word(c))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn transliterated(word: &str) -> String {
    word.replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('Ä', "Ae")
        .replace('Ö', "Oe")
        .replace('Ü', "Ue")
        .replace('ß', "ss")
}

/// A name part in every spelling the anonymised dossier must not contain: as written, upper
/// case, transliterated (both ways), decomposed, genitive.
fn spellings_of(part: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let t = transliterated(part);
    let mut forms = vec![
        part.to_owned(),
        part.to_uppercase(),
        t.clone(),
        t.to_uppercase(),
        part.nfd().collect(),
        format!("{part}s"),
        format!("{t}s"),
        part.to_lowercase(),
    ];
    forms.sort();
    forms.dedup();
    forms
}

/// Name parts of three letters or more.
fn name_parts(name: &str) -> Vec<&str> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

/// Fails when `text` holds any spelling of a part of `person`'s name.
fn assert_no_name(text: &str, person: &str, what: &str) {
    let words = printed_words(text);
    for part in name_parts(person) {
        for form in spellings_of(part) {
            assert!(!words.contains(&form), "{form} (of {person}) in {what}:\n{text}");
        }
    }
}

/// The text with the separators a phone number is written with taken out.
fn digits_squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '/' | '-' | '(' | ')' | '+'))
        .collect()
}

async fn anonymised(planner: &Planner, id: i64, dir: &Path) -> [(String, String); 2] {
    let pdf = print(planner, id, PrintProfile::Anonymised, PrintFormat::Pdf).await;
    let html = print(planner, id, PrintProfile::Anonymised, PrintFormat::Html).await;
    [
        ("the PDF".to_owned(), pdf_text(&pdf, dir, None)),
        ("the HTML".to_owned(), String::from_utf8(html).expect("utf-8")),
    ]
}

#[tokio::test]
async fn every_spelling_of_every_contact_leaves_the_anonymised_dossier() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (planner, id) = planner_with_spellings().await;
    let role = format!("[{SPELLED_ROLE}]");
    for (what, text) in anonymised(&planner, id, dir.path()).await {
        for person in [SPELLED].iter().chain(&OTHERS) {
            assert_no_name(&text, person, &what);
        }
        let flat = squeeze(&text);
        assert!(
            !flat.contains(&squeeze(OTHER_ORGANISATION)),
            "{OTHER_ORGANISATION} in {what}"
        );
        assert!(!flat.contains("Diakonischen"), "the inflected organisation in {what}");
        assert!(
            !text.replace("@page", "").contains('@') && !text.contains("[at]") && !text.contains("(at)"),
            "{what}:\n{text}"
        );
        let digits = digits_squeezed(&text);
        for phone in ["0611123456", "06421987654", "4964", "123456", "01715554433"] {
            assert!(!digits.contains(phone), "{phone} in {what}:\n{text}");
        }
        // The roles and placeholders stand where the people stood; dates, times, codes, amounts,
        // years and ordinary words stay.
        for kept in [
            role.as_str(),
            "[Person]",
            "[Organisation]",
            "[E-Mail entfernt]",
            "[Telefon entfernt]",
            "03.12.2026",
            "10:00",
            "BF-2026-0042",
            "1.250.000",
            "2025/2026",
            "Stadt",
            "Frau",
            "Quartier",
            "İzmir",
            "Miriam Albers",
        ] {
            assert!(flat.contains(&squeeze(kept)), "{kept} missing in {what}:\n{text}");
        }
    }
    // Names in no record are left, and shown for checking, highlighted on the screen only.
    let request = PrintRequest {
        profile: PrintProfile::Anonymised,
        from: None,
        to: None,
    };
    let preview = planner.preview_case(id, &request).await.expect("preview");
    for word in ["Kowalski", "Lisa", "Brandl"] {
        assert!(
            preview.to_check.iter().any(|w| w == word),
            "{word}: {:?}",
            preview.to_check
        );
    }
    assert!(
        !preview
            .to_check
            .iter()
            .any(|w| ["Stadt", "Quartier", "Frau", "Miriam", "Albers"].contains(&w.as_str())),
        "{:?}",
        preview.to_check
    );
    assert!(preview.places as usize >= preview.to_check.len());
    assert_eq!(preview.marked_pages.len(), preview.pages.len());
    let highlight = "#ffd43b";
    assert!(
        preview.marked_pages.iter().any(|p| p.contains(highlight)),
        "marked on screen"
    );
    assert!(!preview.pages.iter().any(|p| p.contains(highlight)), "never on paper");
    let pdf = print(&planner, id, PrintProfile::Anonymised, PrintFormat::Pdf).await;
    assert_eq!(pages(&pdf, dir.path()), preview.pages.len());

    // The internal dossier is untouched, and checks nothing.
    let internal = pdf_text(
        &print(&planner, id, PrintProfile::Internal, PrintFormat::Pdf).await,
        dir.path(),
        None,
    );
    assert!(squeeze(&internal).contains(&squeeze("Frau Meyer rief an")));
    let plain = planner
        .preview_case(id, &PrintRequest::default())
        .await
        .expect("preview");
    assert!(plain.to_check.is_empty() && plain.marked_pages.is_empty() && plain.places == 0);
}

#[tokio::test]
async fn the_anonymised_dossier_of_every_demo_case_names_no_contact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let planner = Planner::in_memory().await.expect("planner");
    planner
        .generate_demo_data(&beratungsplaner_core::demo::DemoOptions {
            municipalities: 8,
            cases: 20,
            seed: 1,
        })
        .await
        .expect("demo data");
    let contacts = planner.list_contacts("", 10_000).await.expect("contacts");
    let cases = planner.list_cases(&CaseFilter::default()).await.expect("cases");
    assert_eq!(cases.len(), 20);
    let mut mentioned = 0;
    for hit in &cases {
        let id = hit.case.id;
        let detail = planner.case_detail(id).await.expect("detail");
        let internal: String = detail
            .journal
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        for (what, text) in anonymised(&planner, id, dir.path()).await {
            let what = format!("{what} of {}", hit.case.reference);
            let flat = squeeze(&text);
            let digits = digits_squeezed(&text);
            for c in &contacts {
                match c.kind {
                    ContactKind::Person => {
                        assert_no_name(&text, &c.name, &what);
                        let on_case = detail
                            .participants
                            .iter()
                            .any(|p| p.contact.as_ref().is_some_and(|k| k.id == c.id));
                        if !on_case && name_parts(&c.name).iter().all(|p| internal.contains(p)) {
                            mentioned += 1;
                        }
                    }
                    ContactKind::Organisation => {
                        assert!(!flat.contains(&squeeze(&c.name)), "{} in {what}", c.name);
                    }
                }
                if let Some(email) = &c.email {
                    assert!(!flat.contains(email.as_str()), "{email} in {what}");
                }
                if let Some(phone) = &c.phone {
                    assert!(!digits.contains(&digits_squeezed(phone)), "{phone} in {what}");
                    let subscriber = phone.rsplit(' ').next().unwrap_or(phone);
                    assert!(!printed_words(&text).contains(subscriber), "{phone} in {what}");
                }
            }
            assert!(!text.replace("@page", "").contains('@'), "an e-mail address in {what}");
        }
    }
    // The demo journal does name contacts of other cases (what was missed before): the test
    // would prove nothing otherwise.
    assert!(mentioned >= 10, "{mentioned}");
}
