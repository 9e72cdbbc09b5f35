//! The activity report as documents: the figures as named tables (`tables`), written as a PDF/A
//! with charts (`pdf`, Typst like the dossier), as an XLSX workbook with one sheet per table
//! (`xlsx`) and as CSV (`csv`). All three write the same tables, so a number reads the same
//! everywhere, and every table's figures are defined in the appendix (`Figure::definition`).

mod csv;
mod pdf;
mod tables;
mod xlsx;

pub use self::csv::to_csv;
pub use pdf::to_pdf;
pub use tables::{tables, Cell, Table};
pub use xlsx::to_xlsx;
