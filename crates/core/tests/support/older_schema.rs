//! A database as an older version left it: the embedded migrations up to a version.

use std::future::Future;
use std::pin::Pin;

use beratungsplaner_core::store::MIGRATOR;
use sqlx::migrate::{Migration, MigrationSource, Migrator};
use sqlx::SqliteConnection;

/// The embedded migrations up to a version.
#[derive(Debug)]
struct UpTo(i64);

type Resolved = Result<Vec<Migration>, Box<dyn std::error::Error + Send + Sync>>;

impl MigrationSource<'static> for UpTo {
    fn resolve(self) -> Pin<Box<dyn Future<Output = Resolved> + Send + 'static>> {
        let migrations = MIGRATOR.iter().filter(|m| m.version <= self.0).cloned().collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// Runs the migrations up to `version` on `conn`.
pub async fn migrate_up_to(conn: &mut SqliteConnection, version: i64) {
    Migrator::new(UpTo(version))
        .await
        .expect("migrator")
        .run_direct(conn)
        .await
        .unwrap_or_else(|e| panic!("migrate to {version}: {e}"));
}
