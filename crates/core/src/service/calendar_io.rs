//! `Planner` operations that take calendars out of the app: the iCalendar export.

use chrono::{Days, Utc};

use super::consultation::{day_start, Loaded};
use super::Planner;
use crate::calendar::ics::export::{default_horizon, write_calendar, ExportData, ExportSeries};
use crate::domain::*;
use crate::store::appointments::AppointmentQuery;
use crate::store::bookings::{utc_text, BookingQuery};
use crate::store::{self};
use crate::Result;

/// The settings key of the feed's token.
const FEED_TOKEN: &str = "feed_token";

/// 128 random bits as 32 hex digits.
fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl Planner {
    /// The iCalendar document of everything in `scope`.
    pub async fn export_ics(&self, scope: &ExportScope) -> Result<String> {
        let data = self.export_data(scope).await?;
        write_calendar(&data, Utc::now())
    }

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
                let token = new_token();
                store::settings::set(&mut tx, FEED_TOKEN, &token).await?;
                token
            }
        };
        tx.commit().await?;
        Ok(token)
    }

    /// Replaces the feed's token: subscriptions with the old link get 404 from now on.
    pub async fn rotate_feed_token(&self) -> Result<String> {
        let token = new_token();
        let mut tx = self.store.begin().await?;
        store::settings::set(&mut tx, FEED_TOKEN, &token).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// What an export of `scope` holds.
    pub async fn export_data(&self, scope: &ExportScope) -> Result<ExportData> {
        let pool = self.store.pool();
        let from_text = scope.from.map(|d| utc_text(day_start(d)));
        let to_text = scope.to.map(|d| utc_text(day_start(d + Days::new(1))));
        let series: Vec<ExportSeries> = if scope.case_id.is_some() {
            Vec::new()
        } else {
            self.load_all_series(scope.municipality_id, None)
                .await?
                .into_iter()
                .filter(|l: &Loaded| {
                    let input = &l.series.input;
                    scope.to.is_none_or(|to| input.starts_on <= to)
                        && scope
                            .from
                            .is_none_or(|from| input.until_on.is_none_or(|until| until >= from))
                })
                .map(|l| ExportSeries {
                    series: l.series,
                    valid: l.valid,
                })
                .collect()
        };
        let bookings = store::bookings::find(
            pool,
            &BookingQuery {
                from: from_text.as_deref(),
                to: to_text.as_deref(),
                municipality_id: scope.municipality_id,
                case_id: scope.case_id,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Booking::try_from)
        .collect::<Result<Vec<_>>>()?;
        let mut appointments = store::appointments::find(
            pool,
            &AppointmentQuery {
                from: from_text.as_deref(),
                to: to_text.as_deref(),
                municipality_id: scope.municipality_id,
                case_id: scope.case_id,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Appointment::try_from)
        .collect::<Result<Vec<_>>>()?;
        appointments.sort_by_key(|a| a.id);
        let mut bookings = bookings;
        bookings.sort_by_key(|b| b.id);
        let name = match (scope.case_id, scope.municipality_id) {
            (Some(case_id), _) => match store::cases::get(pool, case_id).await? {
                Some(case) => format!("Beratungsplaner – {}", case.reference),
                None => return Err(super::not_found("case", case_id)),
            },
            (None, Some(m)) => match store::municipalities::get(pool, m).await? {
                Some(m) => format!("Beratungsplaner – {}", m.name),
                None => return Err(super::not_found("municipality", m)),
            },
            (None, None) => "Beratungsplaner".to_owned(),
        };
        let horizon = default_horizon(Utc::now()).max(scope.to.map_or(Utc::now(), day_start));
        Ok(ExportData {
            name,
            series,
            bookings,
            appointments,
            horizon,
        })
    }
}
