//! `Planner` operations on the database key as the user meets it: its recovery key, shown until
//! the user confirms having kept it, and the recovery key's sheet as a PDF. The key itself is the
//! caller's (the window's key source, `database_keys`); this database only remembers that its
//! recovery key was confirmed.

use std::path::Path;

use crate::domain::{AuditAction, AuditEntry};
use crate::report::recovery_sheet;
use crate::store::{self, DatabaseKey};
use crate::Result;

use super::Planner;

/// The setting holding the day the recovery key was confirmed.
const CONFIRMED_SETTING: &str = "recovery_key_confirmed_on";

impl Planner {
    /// Whether the user confirmed having kept the recovery key of this database.
    pub async fn recovery_key_confirmed(&self) -> Result<bool> {
        Ok(store::settings::get(self.store.pool(), CONFIRMED_SETTING)
            .await?
            .is_some())
    }

    /// Remembers that the user kept the recovery key: it is not shown again.
    pub async fn confirm_recovery_key(&self) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::settings::set(&mut tx, CONFIRMED_SETTING, &Self::today().to_string()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records that the database was encrypted with a new key, whose recovery key the window
    /// shows again until it is confirmed.
    pub async fn record_key_change(&self) -> Result<()> {
        let mut tx = self.store.begin().await?;
        store::settings::remove(&mut tx, CONFIRMED_SETTING).await?;
        tx.commit().await?;
        self.record(AuditEntry {
            action: AuditAction::KeyChanged,
            subject: None,
            detail: String::new(),
        })
        .await?;
        Ok(())
    }

    /// Writes the recovery key's sheet (PDF/A) to `path`, readable by its owner only, and
    /// records that it was saved (without the key).
    pub async fn save_recovery_key_sheet(&self, key: &DatabaseKey, path: &Path) -> Result<()> {
        let pdf = recovery_sheet::to_pdf(&key.recovery_key(), Self::today())?;
        super::write_private(path, pdf).await?;
        self.record(AuditEntry {
            action: AuditAction::RecoveryKeySaved,
            subject: None,
            detail: "pdf".into(),
        })
        .await?;
        Ok(())
    }
}
