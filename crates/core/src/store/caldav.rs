//! The CalDAV account, the per-event sync state and the open conflicts.

use chrono::{DateTime, Utc};
use sqlx::{Executor, Sqlite};

use super::instant::Instant;
use super::Tx;
use crate::domain::CalDavAccount;
use crate::Result;

struct AccountRow {
    url: String,
    user_name: String,
    calendar_href: Option<String>,
    calendar_name: Option<String>,
    last_sync_at: Option<Instant>,
}

impl TryFrom<AccountRow> for CalDavAccount {
    type Error = crate::Error;

    fn try_from(row: AccountRow) -> Result<Self> {
        Ok(Self {
            url: row.url,
            user: row.user_name,
            calendar_href: row.calendar_href,
            calendar_name: row.calendar_name,
            last_sync_at: row.last_sync_at.map(DateTime::from),
        })
    }
}

/// The account, if one is set up.
pub async fn account<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Option<CalDavAccount>> {
    sqlx::query_as!(
        AccountRow,
        r#"SELECT url, user_name, calendar_href, calendar_name, last_sync_at AS "last_sync_at: Instant"
             FROM caldav_account WHERE id = 1"#
    )
    .fetch_optional(executor)
    .await?
    .map(CalDavAccount::try_from)
    .transpose()
}

/// Saves the account.
pub async fn save_account(tx: &mut Tx, account: &CalDavAccount) -> Result<()> {
    let last = account.last_sync_at.map(Instant::new);
    sqlx::query!(
        "INSERT INTO caldav_account (id, url, user_name, calendar_href, calendar_name, last_sync_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET url = ?1, user_name = ?2, calendar_href = ?3, calendar_name = ?4,
                                        last_sync_at = ?5",
        account.url,
        account.user,
        account.calendar_href,
        account.calendar_name,
        last
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the server held of one event after the last sync.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct SyncedItem {
    pub uid: String,
    /// Path on the server.
    pub href: String,
    /// Its ETag then.
    pub etag: Option<String>,
    /// Fingerprint of the app's version then.
    pub fingerprint: String,
}

/// Every synced event.
pub async fn items<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<SyncedItem>> {
    Ok(sqlx::query_as!(
        SyncedItem,
        "SELECT uid, href, etag, fingerprint FROM caldav_items ORDER BY uid"
    )
    .fetch_all(executor)
    .await?)
}

/// Records what the server holds of an event now.
pub async fn save_item(tx: &mut Tx, item: &SyncedItem) -> Result<()> {
    let now = Instant::new(Utc::now());
    sqlx::query!(
        "INSERT INTO caldav_items (uid, href, etag, fingerprint, synced_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (uid) DO UPDATE SET href = ?2, etag = ?3, fingerprint = ?4, synced_at = ?5",
        item.uid,
        item.href,
        item.etag,
        item.fingerprint,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Forgets an event (deleted on the server, or no longer the app's to manage).
pub async fn forget_item(tx: &mut Tx, uid: &str) -> Result<()> {
    sqlx::query!("DELETE FROM caldav_items WHERE uid = ?1", uid)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Forgets every event and conflict: the account now points elsewhere.
pub async fn forget_all(tx: &mut Tx) -> Result<()> {
    sqlx::query!("DELETE FROM caldav_items").execute(&mut **tx).await?;
    sqlx::query!("DELETE FROM caldav_conflicts").execute(&mut **tx).await?;
    Ok(())
}

/// A conflict as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct StoredConflict {
    pub uid: String,
    /// Path on the server.
    pub href: String,
    /// The server's ETag when it was found.
    pub server_etag: Option<String>,
    /// The server's version.
    pub server_ics: String,
    /// When it was found.
    pub detected_at: DateTime<Utc>,
}

/// The open conflicts, oldest first.
pub async fn conflicts<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<StoredConflict>> {
    Ok(sqlx::query_as!(
        StoredConflict,
        r#"SELECT uid, href, server_etag, server_ics, detected_at AS "detected_at: Instant"
             FROM caldav_conflicts ORDER BY detected_at, uid"#
    )
    .fetch_all(executor)
    .await?)
}

/// Records (or refreshes) a conflict.
pub async fn save_conflict(
    tx: &mut Tx,
    uid: &str,
    href: &str,
    server_etag: Option<&str>,
    server_ics: &str,
) -> Result<()> {
    let now = Instant::new(Utc::now());
    sqlx::query!(
        "INSERT INTO caldav_conflicts (uid, href, server_etag, server_ics, detected_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (uid) DO UPDATE SET href = ?2, server_etag = ?3, server_ics = ?4",
        uid,
        href,
        server_etag,
        server_ics,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes a resolved conflict.
pub async fn drop_conflict(tx: &mut Tx, uid: &str) -> Result<()> {
    sqlx::query!("DELETE FROM caldav_conflicts WHERE uid = ?1", uid)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn account_items_and_conflicts_round_trip() {
        let store = Store::in_memory().await.expect("store");
        assert_eq!(account(store.pool()).await.expect("account"), None);
        let mut tx = store.begin().await.expect("tx");
        let saved = CalDavAccount {
            url: "http://127.0.0.1:5232/".into(),
            user: "beraterin".into(),
            calendar_href: Some("/beraterin/kalender/".into()),
            calendar_name: Some("Kalender".into()),
            last_sync_at: None,
        };
        save_account(&mut tx, &saved).await.expect("save");
        let item = SyncedItem {
            uid: "a@x".into(),
            href: "/beraterin/kalender/a@x.ics".into(),
            etag: Some("\"1\"".into()),
            fingerprint: "f".into(),
        };
        save_item(&mut tx, &item).await.expect("item");
        save_item(
            &mut tx,
            &SyncedItem {
                etag: Some("\"2\"".into()),
                ..item.clone()
            },
        )
        .await
        .expect("again");
        save_conflict(&mut tx, "a@x", &item.href, Some("\"3\""), "BEGIN:VCALENDAR")
            .await
            .expect("conflict");
        tx.commit().await.expect("commit");
        assert_eq!(account(store.pool()).await.expect("account"), Some(saved));
        let items = items(store.pool()).await.expect("items");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].etag.as_deref(), Some("\"2\""));
        assert_eq!(
            conflicts(store.pool()).await.expect("conflicts")[0]
                .server_etag
                .as_deref(),
            Some("\"3\"")
        );
        let mut tx = store.begin().await.expect("tx");
        forget_all(&mut tx).await.expect("forget");
        tx.commit().await.expect("commit");
        assert!(super::items(store.pool()).await.expect("items").is_empty());
        assert!(super::conflicts(store.pool()).await.expect("conflicts").is_empty());
    }
}
