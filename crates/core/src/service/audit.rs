//! `Planner` operations on the audit trail: recording what left the app or replaced its data,
//! listing the records and checking their chain (`domain::audit`).

use crate::domain::*;
use crate::store;
use crate::store::instant::Stamp;
use crate::Result;

use super::Planner;

impl Planner {
    /// Appends a record to the audit trail in its own transaction.
    pub(crate) async fn record(&self, entry: AuditEntry) -> Result<AuditRecord> {
        let mut tx = self.store.begin().await?;
        let record = store::audit::append(&mut tx, &entry, Stamp::now()).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Records that the database was replaced by a backup: called on the restored database, since
    /// the restore itself runs while no `Planner` has the file open.
    pub async fn record_restore(&self) -> Result<AuditRecord> {
        self.record(AuditEntry {
            action: AuditAction::BackupRestored,
            subject: None,
            detail: String::new(),
        })
        .await
    }

    /// The newest `limit` records of the audit trail, newest first.
    pub async fn audit_trail(&self, limit: i64) -> Result<Vec<AuditRecord>> {
        store::audit::newest(self.store.pool(), limit).await
    }

    /// Checks the audit trail's hash chain and names the first record that breaks it.
    pub async fn verify_audit_trail(&self) -> Result<AuditVerification> {
        Ok(verify_chain(store::audit::links(self.store.pool()).await?))
    }
}
