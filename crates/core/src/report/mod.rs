//! The case dossier: `dossier` says what it shows for a profile and period, `html` and `pdf`
//! write it; `anonymise` takes the people out of it for the anonymised profile and `name_check`
//! points at what it could not know. The access report and the recovery key's sheet are the
//! app's other documents, with an event's participant list and printed sheets.

pub mod access_report;
pub mod activity_report;
pub mod anonymise;
pub mod dossier;
pub mod event_sheets;
pub mod html;
pub mod name_check;
pub mod participant_list;
pub mod pdf;
pub mod recovery_sheet;
