//! `Planner` operations on bookings of slots: booking, rebooking, cancelling and the minutes;
//! each writes its line into the case's journal in the same transaction.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::dates::german_date_time;
use crate::domain::*;
use crate::error::Entity;
use crate::store::bookings::NewBooking;
use crate::store::{self, Tx};
use crate::{Error, Result};

use super::calendar_view::overlap_error;
use super::series::Loaded;
use super::Planner;

impl Planner {
    /// Resolves a slot to its series and instants; it must exist, take place and lie ahead.
    async fn open_slot(&self, tx: &mut Tx, key: &SlotKey) -> Result<(Loaded, DateTime<Tz>, DateTime<Tz>)> {
        let loaded = self.load_series(tx, key.series_id).await?;
        let found = loaded.expander().slot(key)?;
        let Some((_, time)) = found.filter(|(o, _)| o.takes_place()) else {
            return Err(Error::conflict(
                "Dieses Zeitfenster gibt es nicht (mehr).",
                "This slot does not exist (any more).",
            ));
        };
        if store::bookings::holder(&mut **tx, key).await?.is_some() {
            return Err(Error::conflict(
                "Dieses Zeitfenster ist bereits gebucht.",
                "This slot is already booked.",
            ));
        }
        if time.start.with_timezone(&Utc) < Utc::now() {
            return Err(Error::conflict(
                "Dieses Zeitfenster hat schon begonnen oder liegt in der Vergangenheit.",
                "This slot has already begun or lies in the past.",
            ));
        }
        Ok((loaded, time.start, time.end))
    }

    /// One booking.
    pub async fn booking(&self, id: i64) -> Result<Booking> {
        store::bookings::get(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Booking, id))
            .and_then(Booking::try_from)
    }

    /// Books a free slot for a case (or for a contact with a topic) and writes "Sprechstunde
    /// gebucht" into the case's journal, in one transaction. The database refuses a second
    /// booking of the same slot, also from a concurrent writer.
    pub async fn book_slot(&self, input: BookingInput) -> Result<Booking> {
        let (key, input) = input.validate()?;
        let mut tx = self.store.begin().await?;
        let (loaded, start, end) = self.open_slot(&mut tx, &key).await?;
        if let Some(case_id) = input.case_id {
            store::cases::get(&mut *tx, case_id)
                .await?
                .ok_or(Error::not_found(Entity::Case, case_id))?;
        }
        if let Some(contact_id) = input.contact_id {
            store::contacts::get(&mut *tx, contact_id)
                .await?
                .ok_or(Error::not_found(Entity::Contact, contact_id))?;
        }
        let advisor = &loaded.series.input.advisor;
        let (start_utc, end_utc) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        if !input.accept_overlap {
            let names = self
                .check_overlap(&mut tx, advisor, start_utc, end_utc, None, None)
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        let id = store::bookings::insert(
            &mut tx,
            &NewBooking {
                uid: new_uid(),
                key,
                start: start_utc,
                end: end_utc,
                status: BookingStatus::Booked,
                case_id: input.case_id,
                municipality_id: loaded.series.input.municipality_id,
                contact_id: input.contact_id,
                topic: input.topic.clone(),
                cancel_reason: None,
                minutes_entry_id: None,
            },
        )
        .await?;
        if let Some(case_id) = input.case_id {
            let mut text = format!(
                "Sprechstunde gebucht: {} – {}",
                german_date_time(&start),
                loaded.series.input.title
            );
            if let Some(topic) = &input.topic {
                text.push_str(&format!(" ({topic})"));
            }
            journal(&mut tx, case_id, advisor, &text).await?;
        }
        tx.commit().await?;
        self.booking(id).await
    }

    /// Moves a booking to another free slot in one transaction; the old slot is free again.
    pub async fn rebook(&self, id: i64, slot_id: &str, accept_overlap: bool) -> Result<Booking> {
        let Some(key) = SlotKey::parse(slot_id) else {
            return Err(Error::field("slot_id", "Unbekanntes Zeitfenster.", "Unknown slot."));
        };
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(Error::not_found(Entity::Booking, id))?;
        let before = Booking::try_from(row.clone())?;
        if before.status == BookingStatus::Cancelled {
            return Err(Error::conflict(
                "Eine abgesagte Buchung kann nicht umgebucht werden; bitte neu buchen.",
                "A cancelled booking cannot be rebooked; please book again.",
            ));
        }
        let (loaded, start, end) = self.open_slot(&mut tx, &key).await?;
        let (start_utc, end_utc) = (start.with_timezone(&Utc), end.with_timezone(&Utc));
        if !accept_overlap {
            let names = self
                .check_overlap(
                    &mut tx,
                    &loaded.series.input.advisor,
                    start_utc,
                    end_utc,
                    Some(id),
                    None,
                )
                .await?;
            if !names.is_empty() {
                return Err(overlap_error(&names));
            }
        }
        store::bookings::move_to(&mut tx, id, &key, start_utc, end_utc).await?;
        if let Some(case_id) = before.case_id {
            let text = format!(
                "Sprechstunde umgebucht: {} → {} – {}",
                german_date_time(&before.start),
                german_date_time(&start),
                loaded.series.input.title
            );
            journal(&mut tx, case_id, &loaded.series.input.advisor, &text).await?;
        }
        tx.commit().await?;
        self.booking(id).await
    }

    /// Cancels a booking with a reason; it is kept as cancelled and the slot is free again.
    pub async fn cancel_booking(&self, id: i64, reason: &str) -> Result<Booking> {
        let reason = reason.trim();
        let mut errors = FieldErrors::default();
        errors.require_text("reason", reason, 300);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(Error::not_found(Entity::Booking, id))?;
        let booking = Booking::try_from(row)?;
        if booking.status == BookingStatus::Cancelled {
            return Err(Error::conflict(
                "Diese Buchung ist bereits abgesagt.",
                "This booking is already cancelled.",
            ));
        }
        store::bookings::cancel(&mut tx, id, reason).await?;
        if let Some(case_id) = booking.case_id {
            let text = format!(
                "Sprechstunde abgesagt: {} – {} (Grund: {reason})",
                german_date_time(&booking.start),
                booking.series_title
            );
            journal(&mut tx, case_id, &booking.advisor, &text).await?;
        }
        tx.commit().await?;
        self.booking(id).await
    }

    /// Marks a past booking as a no-show (*nicht erschienen*), or takes the mark back.
    pub async fn set_booking_no_show(&self, id: i64, no_show: bool) -> Result<Booking> {
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(Error::not_found(Entity::Booking, id))?;
        let booking = Booking::try_from(row)?;
        if booking.status != BookingStatus::Booked {
            return Err(Error::conflict(
                "Nur eine gebuchte Sprechstunde kann als „nicht erschienen“ vermerkt werden.",
                "Only a booked consultation can be marked as a no-show.",
            ));
        }
        if no_show && booking.start > Utc::now() {
            return Err(Error::conflict(
                "Die Sprechstunde hat noch nicht stattgefunden.",
                "The consultation has not taken place yet.",
            ));
        }
        store::bookings::set_no_show(&mut tx, id, no_show).await?;
        tx.commit().await?;
        self.booking(id).await
    }

    /// Writes the minutes of a past booking into its case's journal ("Protokoll nachtragen").
    pub async fn write_booking_minutes(&self, id: i64, text: &str) -> Result<CaseDetail> {
        let mut errors = FieldErrors::default();
        errors.require_text("text", text, 20_000);
        errors.into_result()?;
        let mut tx = self.store.begin().await?;
        let row = store::bookings::get(&mut *tx, id)
            .await?
            .ok_or(Error::not_found(Entity::Booking, id))?;
        let booking = Booking::try_from(row)?;
        let Some(case_id) = booking.case_id.filter(|_| booking.status == BookingStatus::Booked) else {
            return Err(Error::conflict(
                "Ein Protokoll gibt es nur für gebuchte Sprechstunden eines Beratungsfalls.",
                "Minutes exist only for booked consultations of a case.",
            ));
        };
        if booking.start > Utc::now() {
            return Err(Error::conflict(
                "Die Sprechstunde hat noch nicht stattgefunden.",
                "The consultation has not taken place yet.",
            ));
        }
        let entry = store::journal::insert(
            &mut tx,
            case_id,
            booking.start.date_naive(),
            JournalKind::Consultation,
            &booking.advisor,
            &format!(
                "Protokoll Sprechstunde {}: {}",
                german_date_time(&booking.start),
                text.trim()
            ),
        )
        .await?;
        store::bookings::set_minutes(&mut tx, id, entry).await?;
        store::cases::touch(&mut tx, case_id).await?;
        tx.commit().await?;
        self.case_detail(case_id).await
    }
}

pub(super) async fn journal(tx: &mut Tx, case_id: i64, author: &str, text: &str) -> Result<()> {
    store::journal::insert(tx, case_id, Planner::today(), JournalKind::Consultation, author, text).await?;
    store::cases::touch(tx, case_id).await
}
