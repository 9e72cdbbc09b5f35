//! `Planner` operations that print a case: the dossier as HTML or PDF/A, for a profile and a
//! period; the case remembers the profile it was last printed with.

use std::path::Path;

use chrono::NaiveDate;

use super::Planner;
use crate::domain::*;
use crate::report::dossier::Dossier;
use crate::report::{html, pdf};
use crate::store;
use crate::{Error, Result};

/// What a dossier is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFormat {
    /// PDF/A-2b.
    Pdf,
    /// One HTML page.
    Html,
}

impl PrintFormat {
    /// From a file name's extension (`.pdf`, `.html`/`.htm`).
    pub fn of_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "pdf" => Some(Self::Pdf),
            "html" | "htm" => Some(Self::Html),
            _ => None,
        }
    }
}

impl Planner {
    /// The profile the case was last printed with (intern when never).
    pub async fn print_profile(&self, case_id: i64) -> Result<PrintProfile> {
        Ok(store::cases::print_profile(self.store.pool(), case_id)
            .await?
            .as_deref()
            .and_then(PrintProfile::parse)
            .unwrap_or_default())
    }

    /// What the dossier of a case shows for `request`.
    pub async fn dossier(&self, case_id: i64, request: &PrintRequest) -> Result<Dossier> {
        if let (Some(from), Some(to)) = (request.from, request.to) {
            if to < from {
                let mut errors = FieldErrors::default();
                errors.add("to", "Das Ende liegt vor dem Anfang.", "The end lies before the start.");
                errors.into_result()?;
            }
        }
        let detail = self.case_detail(case_id).await?;
        // Anonymised, every contact is personal data, also one the case has no role for.
        let contacts = if request.profile == PrintProfile::Anonymised {
            store::contacts::search(self.store.pool(), "", i64::MAX).await?
        } else {
            Vec::new()
        };
        Ok(Dossier::with_contacts(&detail, &contacts, request, Self::today()))
    }

    /// The dossier as bytes of `format`; remembers the profile for the case.
    pub async fn print_case(&self, case_id: i64, request: &PrintRequest, format: PrintFormat) -> Result<Vec<u8>> {
        let dossier = self.dossier(case_id, request).await?;
        self.remember_print_profile(case_id, request.profile).await?;
        render(dossier, format, Self::today()).await
    }

    /// The dossier's pages as SVG images for the print preview; remembers the profile for the case
    /// (the advisor chose it). Anonymised, the words that still look like names come with it, and
    /// a second rendering with them highlighted for the screen (the pages that print have none).
    pub async fn preview_case(&self, case_id: i64, request: &PrintRequest) -> Result<DossierPreview> {
        let dossier = self.dossier(case_id, request).await?;
        self.remember_print_profile(case_id, request.profile).await?;
        let to_check: Vec<String> = dossier.to_check.iter().map(|n| n.word.clone()).collect();
        let places = dossier.to_check.iter().map(|n| n.count).sum();
        let marked = (!to_check.is_empty()).then(|| Dossier {
            marks: to_check.clone(),
            ..dossier.clone()
        });
        let pages = laid_out(move || pdf::to_svg_pages(&dossier));
        let marked_pages = laid_out(move || marked.map_or(Ok(Vec::new()), |m| pdf::to_svg_pages(&m)));
        let (pages, marked_pages) = tokio::try_join!(pages, marked_pages)?;
        Ok(DossierPreview {
            pages,
            marked_pages,
            to_check,
            places,
        })
    }

    /// The file name a saved dossier of the case is proposed under: `Dossier BF-2026-0042.pdf`.
    pub async fn dossier_file_name(&self, case_id: i64) -> Result<String> {
        let reference = store::cases::reference(self.store.pool(), case_id)
            .await?
            .ok_or(Error::not_found(crate::error::Entity::Case, case_id))?;
        Ok(format!("Dossier {reference}.pdf"))
    }

    async fn remember_print_profile(&self, case_id: i64, profile: PrintProfile) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::cases::set_print_profile(&mut tx, case_id, profile.as_str()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes the dossier to `path` (PDF or HTML after its extension), atomically.
    pub async fn print_case_to(&self, case_id: i64, request: &PrintRequest, path: &Path) -> Result<SavedDossier> {
        let format = PrintFormat::of_path(path).ok_or_else(|| {
            Error::field(
                "path",
                &format!("„{}“: bitte als .pdf oder .html speichern.", path.display()),
                &format!("{}: the file must end in .pdf or .html", path.display()),
            )
        })?;
        let bytes = self.print_case(case_id, request, format).await?;
        let size = bytes.len() as u64;
        super::write_private(path, bytes).await?;
        let format_word = match format {
            PrintFormat::Pdf => "pdf",
            PrintFormat::Html => "html",
        };
        self.record(AuditEntry {
            action: AuditAction::DossierSaved,
            subject: Some((AuditSubjectKind::Case, case_id)),
            detail: format!("{}, {format_word}", request.profile.as_str()),
        })
        .await?;
        Ok(SavedDossier {
            path: path.display().to_string(),
            bytes: size,
        })
    }
}

async fn render(dossier: Dossier, format: PrintFormat, printed_on: NaiveDate) -> Result<Vec<u8>> {
    match format {
        PrintFormat::Html => Ok(html::to_html(&dossier).into_bytes()),
        PrintFormat::Pdf => laid_out(move || pdf::to_pdf(&dossier, printed_on)).await,
    }
}

/// Runs a Typst layout on a blocking thread (a long dossier takes a few hundred milliseconds).
async fn laid_out<T: Send + 'static>(layout: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(layout)
        .await
        .map_err(|e| Error::Database(format!("the dossier could not be laid out: {e}")))?
}
