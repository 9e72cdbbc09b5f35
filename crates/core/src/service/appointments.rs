//! `Planner` operations on appointments (Termine) outside consultation hours.

use chrono::Days;

use crate::domain::*;
use crate::error::Entity;
use crate::store::bookings::BookingQuery;
use crate::store::{self, appointments::AppointmentQuery};
use crate::{Error, Result};

use super::calendar_view::overlap_error;
use super::Planner;

impl Planner {
    /// Appointments in the period (all days inclusive), by start.
    pub async fn appointments(&self, query: &CalendarQuery) -> Result<Vec<Appointment>> {
        let (from, to) = Self::period(query);
        let (start, end) = (day_start(from), day_start(to + Days::new(1)));
        let found = store::appointments::find(
            self.store.pool(),
            &AppointmentQuery {
                from: Some(start),
                to: Some(end),
                municipality_id: query.municipality_id,
                advisor: query.advisor.as_deref(),
                case_id: query.case_id,
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Appointment::try_from)
        .collect::<Result<Vec<_>>>()?;
        self.expand_recurring(found, start, end).await
    }

    async fn validate_appointment(&self, input: &AppointmentInput) -> Result<ValidAppointment> {
        let mut valid = input.validate()?;
        if let Some(case_id) = valid.input.case_id {
            let case = store::cases::get(self.store.pool(), case_id)
                .await?
                .ok_or_else(|| Error::field("case_id", "Unbekannter Beratungsfall.", "Unknown case."))?;
            valid.input.municipality_id = Some(case.municipality_id);
        } else if let Some(m) = valid.input.municipality_id {
            if store::municipalities::get(self.store.pool(), m).await?.is_none() {
                return Err(Error::field(
                    "municipality_id",
                    "Unbekannte Kommune.",
                    "Unknown municipality.",
                ));
            }
        }
        Ok(valid)
    }

    pub(super) async fn appointment(&self, id: i64) -> Result<Appointment> {
        store::appointments::find(
            self.store.pool(),
            &AppointmentQuery {
                id: Some(id),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .next()
        .ok_or(Error::not_found(Entity::Appointment, id))
        .and_then(Appointment::try_from)
    }

    /// Creates an appointment; an overlap with another item of the advisor needs `accept_overlap`.
    pub async fn create_appointment(&self, input: AppointmentInput) -> Result<Appointment> {
        let valid = self.validate_appointment(&input).await?;
        let mut tx = self.store.begin().await?;
        if !valid.input.accept_overlap {
            let names = self
                .check_overlap(&mut tx, &valid.input.advisor, valid.start, valid.end, None, None)
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        let id = store::appointments::insert(&mut tx, &new_uid(), &valid).await?;
        tx.commit().await?;
        self.appointment(id).await
    }

    /// Changes an appointment.
    pub async fn update_appointment(&self, id: i64, input: AppointmentInput) -> Result<Appointment> {
        let valid = self.validate_appointment(&input).await?;
        let mut tx = self.store.begin().await?;
        if !valid.input.accept_overlap {
            let names = self
                .check_overlap(&mut tx, &valid.input.advisor, valid.start, valid.end, None, Some(id))
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        if !store::appointments::update(&mut tx, id, &valid).await? {
            return Err(Error::not_found(Entity::Appointment, id));
        }
        tx.commit().await?;
        self.appointment(id).await
    }

    /// Cancels an appointment; it stays, as cancelled.
    pub async fn cancel_appointment(&self, id: i64) -> Result<Appointment> {
        let mut tx = self.store.begin().await?;
        if !store::appointments::cancel(&mut tx, id).await? {
            return Err(Error::not_found(Entity::Appointment, id));
        }
        tx.commit().await?;
        self.appointment(id).await
    }

    /// Deletes an appointment made by mistake (a real one that does not take place is
    /// cancelled instead, so calendars learn of it). A CalDAV sync deletes it on the server.
    pub async fn delete_appointment(&self, id: i64) -> Result<()> {
        let mut tx = self.store.begin().await?;
        if !store::appointments::delete(&mut tx, id).await? {
            return Err(Error::not_found(Entity::Appointment, id));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Bookings and appointments of a case, newest first, for its page.
    pub(crate) async fn case_calendar(&self, case_id: i64) -> Result<(Vec<Booking>, Vec<Appointment>)> {
        let pool = self.store.pool();
        let mut bookings = store::bookings::find(
            pool,
            &BookingQuery {
                case_id: Some(case_id),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Booking::try_from)
        .collect::<Result<Vec<_>>>()?;
        bookings.reverse();
        let mut appointments = store::appointments::find(
            pool,
            &AppointmentQuery {
                case_id: Some(case_id),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .map(Appointment::try_from)
        .collect::<Result<Vec<_>>>()?;
        appointments.reverse();
        Ok((bookings, appointments))
    }
}
