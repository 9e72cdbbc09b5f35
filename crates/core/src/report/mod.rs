//! The case dossier: `dossier` says what it shows for a profile and period, `html` and `pdf`
//! write it.

pub mod dossier;
pub mod html;
pub mod pdf;
