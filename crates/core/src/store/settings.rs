//! Key-value settings: this device's (`settings`) and the team's (`shared_settings`, which the
//! team sync carries to every device).

use sqlx::{Executor, Sqlite};

use super::Tx;
use crate::Result;

/// Reads a setting.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?1", key)
        .fetch_optional(executor)
        .await?)
}

/// Writes a setting.
pub async fn set(tx: &mut Tx, key: &str, value: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes a setting.
pub async fn remove(tx: &mut Tx, key: &str) -> Result<()> {
    sqlx::query!("DELETE FROM settings WHERE key = ?1", key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Reads a setting the team shares.
pub async fn get_shared<'c, E: Executor<'c, Database = Sqlite>>(executor: E, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT value FROM shared_settings WHERE key = ?1", key)
            .fetch_optional(executor)
            .await?,
    )
}

/// Writes a setting the team shares. It is never deleted (a value stands for "off"): a setting
/// deleted on one device and set on another would otherwise be two records of one key.
pub async fn set_shared(tx: &mut Tx, key: &str, value: &str) -> Result<()> {
    sqlx::query!(
        "INSERT INTO shared_settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
        key,
        value
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    #[tokio::test]
    async fn set_overwrites() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        super::set(&mut tx, "language", "de").await.expect("set");
        super::set(&mut tx, "language", "en").await.expect("set");
        tx.commit().await.expect("commit");
        assert_eq!(
            super::get(store.pool(), "language").await.expect("get").as_deref(),
            Some("en")
        );
        assert_eq!(super::get(store.pool(), "missing").await.expect("get"), None);
    }
}
