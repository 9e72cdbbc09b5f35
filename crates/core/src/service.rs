//! `Planner`: the one API that the Tauri commands, the command line and the tests call.
//!
//! It owns the store, validates input with the domain rules and decides what is atomic: every
//! operation that writes more than one row runs in one write transaction.

use std::path::Path;

use chrono::{Local, NaiveDate};

use crate::store::{self, DatabaseKey, Store};
use crate::{Error, Result};

mod access_report;
mod activity_report;
mod appointments;
mod audit;
mod bookings;
mod caldav;
mod calendar_files;
mod calendar_view;
mod cases;
mod contacts;
mod dashboard;
mod dossier;
mod duplicates;
mod encryption;
mod erasure;
mod events;
mod journal;
mod municipalities;
mod network;
mod retention;
mod series;
mod settings;
mod tasks;
mod team;
pub use dossier::PrintFormat;
pub use series::PREVIEW_OCCURRENCES;

/// Rows the case list shows at most unless asked for more.
pub const DEFAULT_LIST_LIMIT: i64 = 500;

/// The application service.
#[derive(Debug, Clone)]
pub struct Planner {
    store: Store,
}

impl Planner {
    /// Opens (creating, encrypting and migrating as needed) the database file with its key.
    pub async fn open(path: &Path, key: &DatabaseKey) -> Result<Self> {
        Ok(Self {
            store: Store::open(path, key).await?,
        })
    }

    /// A planner on a plain, unencrypted file: for the benchmarks' comparison only
    /// ([`Store::open_plain_for_benchmarks`]).
    #[doc(hidden)]
    pub async fn open_plain_for_benchmarks(path: &Path) -> Result<Self> {
        Ok(Self {
            store: Store::open_plain_for_benchmarks(path).await?,
        })
    }

    /// A planner on a private in-memory database.
    pub async fn in_memory() -> Result<Self> {
        Ok(Self {
            store: Store::in_memory().await?,
        })
    }

    /// The store, for benchmarks and tests that look underneath.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Today in the local time zone.
    pub fn today() -> NaiveDate {
        Local::now().date_naive()
    }

    // ---- maintenance ---------------------------------------------------------------------

    /// Whether the database holds no municipality yet (a new database).
    pub async fn is_empty(&self) -> Result<bool> {
        Ok(store::municipalities::list(self.store.pool()).await?.is_empty())
    }

    /// Writes a consistent copy of the database while it is in use, and records it in the audit
    /// trail (the backup holds the record's predecessors, not the record itself).
    pub async fn backup(&self, out: &Path) -> Result<()> {
        self.store.backup(out).await?;
        self.record(crate::domain::AuditEntry {
            action: crate::domain::AuditAction::BackupWritten,
            subject: None,
            detail: String::new(),
        })
        .await?;
        Ok(())
    }

    /// Fills the database with fictional demo data in one transaction.
    pub async fn generate_demo_data(&self, options: &crate::demo::DemoOptions) -> Result<crate::demo::DemoSummary> {
        crate::demo::generate(&self.store, options, Self::today()).await
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.store.close().await;
    }
}

/// Writes a file the user asked for (a dossier, the recovery key's sheet) atomically, readable
/// by its owner only (`private_files`).
async fn write_private(path: &Path, bytes: Vec<u8>) -> Result<()> {
    let target = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        crate::private_files::write_atomically(&target, |file| std::io::Write::write_all(file, &bytes))
    })
    .await
    .map_err(|e| Error::io(format!("cannot write {}", path.display()), std::io::Error::other(e)))?
    .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}
