//! `Planner` operations on the subscription feed: its document, its secret token and its settings
//! (enabled, port). The server itself sits above the `Planner`, in `crate::feed_server`.

use chrono::Utc;

use crate::calendar::ics::export::write_calendar;
use crate::domain::*;
use crate::service::Planner;
use crate::store;
use crate::Result;

/// The settings key of the feed's token.
const FEED_TOKEN: &str = "feed_token";
/// The settings key of "serve the feed while the app runs" (`true`/`false`).
const FEED_ENABLED: &str = "feed_enabled";
/// The settings key of the feed's port.
const FEED_PORT: &str = "feed_port";

impl Planner {
    /// The feed's document and the newest change in it, which is also its DTSTAMP: the same
    /// data gives the same bytes, so a hash of them is a strong ETag.
    pub async fn feed_document(&self, scope: &ExportScope) -> Result<(String, chrono::DateTime<Utc>)> {
        let data = self.export_data(scope).await?;
        let newest = data
            .series
            .iter()
            .map(|s| s.series.updated_at)
            .chain(data.bookings.iter().map(|b| b.updated_at))
            .chain(data.appointments.iter().map(|a| a.updated_at))
            .max()
            .unwrap_or(chrono::DateTime::UNIX_EPOCH);
        Ok((write_calendar(&data, newest)?, newest))
    }

    /// The secret token in the feed's path; made on first use.
    pub async fn feed_token(&self) -> Result<String> {
        if let Some(token) = store::settings::get(self.store.pool(), FEED_TOKEN).await? {
            return Ok(token);
        }
        let mut tx = self.store.begin().await?;
        let token = match store::settings::get(&mut *tx, FEED_TOKEN).await? {
            Some(token) => token,
            None => {
                let token = random_token();
                store::settings::set(&mut tx, FEED_TOKEN, &token).await?;
                token
            }
        };
        tx.commit().await?;
        Ok(token)
    }

    /// Replaces the feed's token: subscriptions with the old link get 404 from now on.
    pub async fn rotate_feed_token(&self) -> Result<String> {
        let token = random_token();
        let mut tx = self.store.begin().await?;
        store::settings::set(&mut tx, FEED_TOKEN, &token).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The feed's settings and its address (`running` is left `false`: see [`FeedStatus`]).
    pub async fn feed_settings(&self) -> Result<FeedStatus> {
        let pool = self.store.pool();
        let enabled = store::settings::get(pool, FEED_ENABLED).await?.as_deref() == Some("true");
        let port = store::settings::get(pool, FEED_PORT)
            .await?
            .and_then(|p| p.parse::<u16>().ok())
            .filter(|p| *p >= FIRST_FREE_PORT)
            .unwrap_or(DEFAULT_FEED_PORT);
        let path = feed_path(&self.feed_token().await?);
        Ok(FeedStatus {
            enabled,
            running: false,
            port,
            url: format!("http://127.0.0.1:{port}{path}"),
            webcal_url: format!("webcal://127.0.0.1:{port}{path}"),
        })
    }

    /// Records whether the app serves the feed (and starts it at its next start).
    pub async fn set_feed_enabled(&self, enabled: bool) -> Result<FeedStatus> {
        let mut tx = self.store.begin().await?;
        store::settings::set(&mut tx, FEED_ENABLED, if enabled { "true" } else { "false" }).await?;
        tx.commit().await?;
        self.feed_settings().await
    }

    /// Records the feed's port (1024–65535).
    pub async fn set_feed_port(&self, port: u16) -> Result<FeedStatus> {
        check_feed_port(port)?;
        let mut tx = self.store.begin().await?;
        store::settings::set(&mut tx, FEED_PORT, &port.to_string()).await?;
        tx.commit().await?;
        self.feed_settings().await
    }
}
