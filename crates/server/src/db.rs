//! The PostgreSQL pool, the migrations, and transactions that run as an account's own role.

use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres, Transaction};

use crate::error::ServerError;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

pub async fn connect(url: &str) -> Result<PgPool, ServerError> {
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await
        .map_err(ServerError::Database)
}

pub async fn migrate(pool: &PgPool) -> Result<(), ServerError> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

/// A transaction that runs as the account's PostgreSQL role, so that row-level security admits only
/// the rows in its scope, whatever the query asks for.
pub async fn as_account<'a>(pool: &'a PgPool, db_role: &str) -> Result<Transaction<'a, Postgres>, ServerError> {
    let mut tx = pool.begin().await?;
    // `set_config('role', …, true)` is `SET LOCAL ROLE` with the name as a bound parameter.
    sqlx::query_scalar!(r#"SELECT set_config('role', $1, true) AS "role!""#, db_role)
        .fetch_one(&mut *tx)
        .await?;
    Ok(tx)
}
