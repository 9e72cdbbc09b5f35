//! `Planner` operations of retention (`domain::retention`): the setting, the preview of the closed
//! cases due, and the run that anonymises them.
//!
//! A case is anonymised with the dossier's anonymiser, which knows every contact: a person with a
//! role on the case becomes that role (`[Quartiersmanagement]`), anyone else `[Person]` or
//! `[Organisation]`, every e-mail address and phone number goes. The roles stay without their
//! people, the bookings lose theirs; the contacts themselves stay in the address book, where
//! other cases may need them (an erasure removes a person everywhere). Like an erasure, the run
//! is one transaction, the search index forgets what it overwrote, the WAL is truncated, and each
//! case goes into the erasure log, so a restored older backup is anonymised again.

use chrono::{Months, NaiveDate};
use unicode_normalization::UnicodeNormalization;

use super::Planner;
use crate::domain::*;
use crate::error::Entity;
use crate::report::anonymise::Anonymiser;
use crate::store::instant::Stamp;
use crate::store::{self, erasure as erasure_sql, retention as sql, Tx};
use crate::{Error, Result};

/// A setting the team shares (`store::settings::set_shared`): in a team, only a lead sets it.
const SETTING: &str = "retention_years";
const OFF: &str = "off";

/// What anonymising one case changed: texts, and roles and bookings taken off their people.
struct Anonymised {
    texts: i64,
    links: i64,
}

impl Planner {
    /// The retention setting and the cases it concerns today.
    pub async fn retention_preview(&self) -> Result<RetentionPreview> {
        let years = self.retention_years().await?;
        let Some(closed_before) = years.and_then(|y| closed_before(Self::today(), y)) else {
            return Ok(RetentionPreview {
                years,
                closed_before: None,
                cases: Vec::new(),
            });
        };
        Ok(RetentionPreview {
            years,
            closed_before: Some(closed_before),
            cases: sql::due(self.store.pool(), closed_before).await?,
        })
    }

    /// Switches retention off (`None`) or sets its years (1 to 30); returns the new preview.
    pub async fn set_retention_years(&self, years: Option<u8>) -> Result<RetentionPreview> {
        validate_retention_years(years)?;
        if store::team::connection::get(self.store.pool())
            .await?
            .is_some_and(|c| c.role != "lead")
        {
            return Err(Error::field(
                "years",
                "Die Aufbewahrungsfrist gilt für das ganze Team; sie legt die Teamleitung fest.",
                "the retention period is the team's: the team lead sets it",
            ));
        }
        let value = years.map_or_else(|| OFF.to_owned(), |y| y.to_string());
        let mut tx = self.store.begin().await?;
        store::settings::set_shared(&mut tx, SETTING, &value).await?;
        tx.commit().await?;
        self.retention_preview().await
    }

    /// Anonymises every case the preview lists, in one transaction; recorded in the erasure log
    /// and the audit trail. Refused while retention is off.
    pub async fn run_retention(&self) -> Result<RetentionRun> {
        let Some(years) = self.retention_years().await? else {
            return Err(Error::conflict(
                "Die Aufbewahrungsfrist ist ausgeschaltet: bitte erst in den Einstellungen festlegen.",
                "retention is switched off: set its years in the settings first",
            ));
        };
        let today = Self::today();
        let closed_before = closed_before(today, years).ok_or_else(|| {
            Error::conflict(
                "Die Aufbewahrungsfrist reicht vor den Beginn des Kalenders.",
                "the retention period reaches before the calendar begins",
            )
        })?;
        let mut tx = self.store.begin().await?;
        let due = sql::due(&mut *tx, closed_before).await?;
        let now = Stamp::now();
        let contacts = store::contacts::search(&mut *tx, "", i64::MAX).await?;
        let mut run = RetentionRun {
            cases: 0,
            texts: 0,
            links: 0,
        };
        for case in &due {
            let done = anonymise(&mut tx, case.id, &contacts, today, now).await?;
            erasure_sql::log(&mut tx, ErasureKind::CaseAnonymised, case.id, now).await?;
            run.cases += 1;
            run.texts += done.texts;
            run.links += done.links;
        }
        store::audit::append(
            &mut tx,
            &AuditEntry {
                action: AuditAction::RetentionRun,
                subject: None,
                detail: format!(
                    "after {years} years: {} {}",
                    run.cases,
                    if run.cases == 1 { "case" } else { "cases" }
                ),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        self.truncate_wal().await;
        Ok(run)
    }

    /// Anonymises the case again after a restore brought it back (the erasure log's replay);
    /// not found when the restored data does not hold it.
    pub(super) async fn anonymise_case_again(&self, case_id: i64, at: Stamp) -> Result<()> {
        let mut tx = self.store.begin().await?;
        if store::cases::get(&mut *tx, case_id).await?.is_none() {
            return Err(Error::not_found(Entity::Case, case_id));
        }
        let contacts = store::contacts::search(&mut *tx, "", i64::MAX).await?;
        anonymise(&mut tx, case_id, &contacts, Self::today(), Stamp::now()).await?;
        erasure_sql::log(&mut tx, ErasureKind::CaseAnonymised, case_id, at).await?;
        tx.commit().await?;
        self.truncate_wal().await;
        Ok(())
    }

    async fn retention_years(&self) -> Result<Option<u8>> {
        let stored = store::settings::get_shared(self.store.pool(), SETTING).await?;
        // A value no version writes counts as off, never as "anonymise everything".
        Ok(stored
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|y| RETENTION_YEARS.contains(y)))
    }
}

/// The last closing day that is due on `today` with a retention of `years`.
fn closed_before(today: NaiveDate, years: u8) -> Option<NaiveDate> {
    today.checked_sub_months(Months::new(u32::from(years) * 12))
}

/// Takes the people out of the case's texts, off its roles and bookings, and marks it.
async fn anonymise(
    tx: &mut Tx,
    case_id: i64,
    contacts: &[Contact],
    today: NaiveDate,
    now: Stamp,
) -> Result<Anonymised> {
    let participants = store::contacts::participants::of_case(&mut **tx, case_id).await?;
    let anonymiser = Anonymiser::new(contacts, &participants);
    let mut texts = 0;
    // The case's search document is written once, at the end.
    store::cases::search::pause_triggers(tx, true).await?;
    for text in sql::texts_of_case(tx, case_id).await? {
        let cleaned = anonymiser.clean(&text.text);
        if cleaned != text.text.nfc().collect::<String>() {
            erasure_sql::replace_text(tx, text.place, text.id, &cleaned, now).await?;
            texts += 1;
        }
    }
    let links = sql::unlink_people(tx, case_id, now).await?;
    sql::mark_anonymised(tx, case_id, today, now).await?;
    store::cases::search::pause_triggers(tx, false).await?;
    erasure_sql::reindex_case(tx, case_id).await?;
    Ok(Anonymised { texts, links })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_is_due_on_the_day_its_years_are_over() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(closed_before(day(2026, 12, 4).unwrap_or_default(), 3), day(2023, 12, 4));
        // 29 February has no anniversary: the last day of February counts.
        assert_eq!(closed_before(day(2028, 2, 29).unwrap_or_default(), 1), day(2027, 2, 28));
    }
}
