//! The recovery key as a printed sheet (PDF/A, Typst like the dossier): the 14 groups large and
//! numbered, and how to keep and use them. Nothing else of the database is on it.

use std::sync::OnceLock;

use chrono::NaiveDate;
use typst::foundations::{Bytes, Dict, IntoValue};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use super::dossier::german_date;
use crate::{Error, Result};

const TEMPLATE: &str = include_str!("recovery_sheet.typ");

/// What the template shows.
#[derive(serde::Serialize)]
struct RecoverySheet {
    groups: Vec<String>,
    created_on: String,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| super::pdf::engine_for(TEMPLATE))
}

fn failed(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::Database(format!("the recovery key sheet could not be {what}: {detail}"))
}

/// The sheet of a recovery key (its groups joined by dashes), dated `created_on`, as PDF/A-2b.
pub fn to_pdf(recovery_key: &str, created_on: NaiveDate) -> Result<Vec<u8>> {
    let sheet = RecoverySheet {
        groups: recovery_key.split('-').map(str::to_owned).collect(),
        created_on: german_date(created_on),
    };
    let json = zeroize::Zeroizing::new(serde_json::to_vec(&sheet).map_err(|e| failed("prepared", e))?);
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Bytes::new(json.to_vec()).into_value());
    let compiled = engine().compile_with_input::<_, PagedDocument>(inputs);
    let document = compiled.output.map_err(|e| failed("laid out", format!("{e:?}")))?;
    super::pdf::write_pdf(&document, "beratungsplaner-recovery-key".into(), created_on)
        .map_err(|(what, detail)| failed(what, detail))
}
