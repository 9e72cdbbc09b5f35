//! The dossier as PDF/A-2b, made in-process by Typst (`typst-as-lib`): layout with hyphenation,
//! tables whose header repeats on every page, rows kept whole, "Seite x von y" — offline and
//! deterministic. Chosen over an HTML-to-PDF route because it needs no browser, embeds its fonts
//! and writes PDF/A, which a Kommune can archive.
//!
//! Only DejaVu Sans (regular and bold, `crates/core/fonts/`, its licence beside it) is known to
//! the engine: no system fonts are scanned, so the output is the same on every machine. A
//! character the font lacks (PDF/A forbids a missing glyph) is printed as "□"; variation
//! selectors and joiners are dropped. The document date is the printing day, the document id
//! derives from the case, so the same case printed twice on a day gives the same bytes.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue, Smart};
use typst::text::Font;
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::dossier::Dossier;
use crate::{Error, Result};

const TEMPLATE: &str = include_str!("dossier.typ");
const REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

struct Engine {
    typst: TypstEngine<TypstTemplateMainFile>,
    regular: Font,
}

/// The bundled fonts, the only ones any of the app's documents knows.
pub(crate) fn bundled_fonts() -> Vec<Font> {
    [REGULAR, BOLD]
        .into_iter()
        .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
        .collect()
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let fonts = bundled_fonts();
        let regular = fonts
            .first()
            .cloned()
            .unwrap_or_else(|| unreachable!("the bundled font is a valid TrueType file"));
        Engine {
            typst: TypstEngine::builder().main_file(TEMPLATE).fonts(fonts).build(),
            regular,
        }
    })
}

/// `text` with every character the font cannot show replaced (see the module doc).
fn printable(text: &str, font: &Font) -> String {
    text.chars()
        .filter(|c| !matches!(*c, '\u{fe00}'..='\u{fe0f}' | '\u{200d}'))
        .map(|c| {
            if c == '\n' || c == '\t' || font.info().coverage.contains(c as u32) {
                c
            } else {
                '□'
            }
        })
        .collect()
}

fn printable_value(value: &mut serde_json::Value, font: &Font) {
    match value {
        serde_json::Value::String(s) => *s = printable(s, font),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| printable_value(v, font)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| printable_value(v, font)),
        _ => {}
    }
}

/// A Typst engine for `template` that knows the bundled fonts only: what every document but the
/// dossier (which also keeps its regular font at hand) is laid out with.
pub(crate) fn engine_for(template: &'static str) -> TypstEngine<TypstTemplateMainFile> {
    TypstEngine::builder()
        .main_file(template)
        .fonts(bundled_fonts())
        .build()
}

/// Every string in `value` with what the bundled font cannot show replaced, for any document.
pub(crate) fn make_printable(value: &mut serde_json::Value) {
    printable_value(value, &engine().regular);
}

fn failed(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Database(format!("the dossier could not be {what}: {detail}"))
}

/// The dossier's pages, laid out.
fn layout(dossier: &Dossier) -> Result<PagedDocument> {
    let engine = engine();
    let mut data = serde_json::to_value(dossier).map_err(|e| failed("prepared", e))?;
    printable_value(&mut data, &engine.regular);
    let json = serde_json::to_vec(&data).map_err(|e| failed("prepared", e))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(json).into_value());
    let compiled = engine.typst.compile_with_input::<_, PagedDocument>(inputs);
    compiled.output.map_err(|e| failed("laid out", format!("{e:?}")))
}

/// Every page of the dossier as an SVG image, for the print preview and for printing from the
/// window: the same layout as the PDF, glyphs drawn as outlines (no text or script inside, so an
/// `<img>` shows it as it is), sharp at any zoom and on paper.
pub fn to_svg_pages(dossier: &Dossier) -> Result<Vec<String>> {
    let document = layout(dossier)?;
    let options = typst_svg::SvgOptions::default();
    Ok(document
        .pages()
        .iter()
        .map(|page| typst_svg::svg(page, &options))
        .collect())
}

/// The dossier as PDF/A-2b, dated `printed_on`.
pub fn to_pdf(dossier: &Dossier, printed_on: NaiveDate) -> Result<Vec<u8>> {
    let document = layout(dossier)?;
    write_pdf(
        &document,
        format!("beratungsplaner-dossier-{}", dossier.reference),
        printed_on,
    )
    .map_err(|(what, detail)| failed(what, detail))
}

/// Laid-out pages as PDF/A-2b with a document id and date; a failure says at which step.
pub(crate) fn write_pdf(
    document: &PagedDocument,
    ident: String,
    printed_on: NaiveDate,
) -> std::result::Result<Vec<u8>, (&'static str, String)> {
    let date = Datetime::from_ymd_hms(
        printed_on.year(),
        u8::try_from(printed_on.month()).unwrap_or(1),
        u8::try_from(printed_on.day()).unwrap_or(1),
        0,
        0,
        0,
    )
    .ok_or_else(|| ("dated", printed_on.to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        timestamp: Some(Timestamp::new_utc(date)),
        standards: PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| ("configured", e.message().to_string()))?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|e| {
        let messages: Vec<String> = e.iter().map(|d| d.message.to_string()).collect();
        ("written", messages.join("; "))
    })
}
