//! `Planner` operations on the settings: the UI language and the advisor the start page is for.

use crate::domain::*;
use crate::store;
use crate::Result;

use super::Planner;

impl Planner {
    /// The settings; the advisor defaults to the first advisor on any case.
    pub async fn settings(&self) -> Result<Settings> {
        let pool = self.store.pool();
        let language = match store::settings::get(pool, "language").await?.as_deref() {
            Some("en") => Language::En,
            _ => Language::De,
        };
        let advisor = match store::settings::get(pool, "advisor").await? {
            Some(advisor) => advisor,
            None => store::cases::advisors(pool)
                .await?
                .into_iter()
                .next()
                .unwrap_or_default(),
        };
        Ok(Settings { language, advisor })
    }

    /// Saves the settings.
    pub async fn save_settings(&self, settings: Settings) -> Result<Settings> {
        let mut errors = FieldErrors::default();
        errors.limit_text("advisor", Some(&settings.advisor), 120);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let language = match settings.language {
            Language::De => "de",
            Language::En => "en",
        };
        store::settings::set(&mut tx, "language", language).await?;
        store::settings::set(&mut tx, "advisor", settings.advisor.trim()).await?;
        tx.commit().await?;
        self.settings().await
    }
}
