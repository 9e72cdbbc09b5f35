//! Slots (bookable pieces of an occurrence) and bookings of them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::non_empty;
use super::validation::FieldErrors;

/// The stable identity of a slot: series, start of the original occurrence (local wall-clock
/// time, before any move) and position within it. Bookings keep it, so they survive edits that
/// leave the slot in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotKey {
    /// The series.
    pub series_id: i64,
    /// Local start of the original occurrence.
    pub occurrence_start: NaiveDateTime,
    /// Position within the occurrence, from 0.
    pub position: u32,
}

impl SlotKey {
    /// The text form, e.g. `12-20260310T0900-2`, used as the slot's id.
    pub fn id(&self) -> String {
        format!(
            "{}-{}-{}",
            self.series_id,
            self.occurrence_start.format("%Y%m%dT%H%M"),
            self.position
        )
    }

    /// Parses the text form.
    pub fn parse(id: &str) -> Option<Self> {
        let mut parts = id.splitn(3, '-');
        let series_id = parts.next()?.parse().ok()?;
        let occurrence_start = NaiveDateTime::parse_from_str(parts.next()?, "%Y%m%dT%H%M").ok()?;
        let position = parts.next()?.parse().ok()?;
        Some(Self {
            series_id,
            occurrence_start,
            position,
        })
    }

    /// How the occurrence start is stored.
    pub fn stored_start(&self) -> String {
        self.occurrence_start.format("%Y-%m-%dT%H:%M").to_string()
    }
}

/// State of a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Holds its slot.
    Booked,
    /// Its slot went away with an edit of the series: it must be moved to another slot.
    NeedsRebooking,
    /// Called off; the slot is free again.
    Cancelled,
}

/// A booking of a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct Booking {
    /// Database id.
    pub id: i64,
    /// UID of its calendar event, kept for life.
    pub uid: String,
    /// Grows with every change a calendar shows.
    pub sequence: i64,
    /// The slot it holds (or held).
    pub slot_id: String,
    /// The series.
    pub series_id: i64,
    /// Series title.
    pub series_title: String,
    /// Who holds the consultation.
    pub advisor: String,
    /// Place.
    pub location: Option<String>,
    /// Online link.
    pub online_url: Option<String>,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// State.
    pub status: BookingStatus,
    /// Booked, but nobody came (counted in the activity report as a no-show, not as held).
    pub no_show: bool,
    /// The case, if booked for one.
    pub case_id: Option<i64>,
    /// Its reference.
    pub case_reference: Option<String>,
    /// Its title.
    pub case_title: Option<String>,
    /// The municipality.
    pub municipality_id: i64,
    /// Its name.
    pub municipality: String,
    /// The contact, if any.
    pub contact_id: Option<i64>,
    /// Their name.
    pub contact_name: Option<String>,
    /// Short topic (bookings without a case).
    pub topic: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// The slot has passed and no minutes are written yet ("Protokoll nachtragen").
    pub needs_minutes: bool,
    /// Last change (the export's LAST-MODIFIED).
    pub updated_at: DateTime<chrono::Utc>,
    /// Booked on this device and not yet confirmed by the team server (*vorläufig*): a colleague
    /// may have booked the same slot meanwhile.
    pub provisional: bool,
}

/// What the user enters to book a slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BookingInput {
    /// The slot.
    pub slot_id: String,
    /// The case; or else a contact and a topic.
    pub case_id: Option<i64>,
    /// The contact.
    pub contact_id: Option<i64>,
    /// Short topic.
    pub topic: Option<String>,
    /// Save even though it overlaps another item of the advisor.
    pub accept_overlap: bool,
}

impl BookingInput {
    /// Checks every field.
    pub fn validate(&self) -> crate::Result<(SlotKey, BookingInput)> {
        let mut errors = FieldErrors::default();
        let key = SlotKey::parse(&self.slot_id);
        if key.is_none() {
            errors.add("slot_id", "Unbekanntes Zeitfenster.", "Unknown slot.");
        }
        let topic = non_empty(self.topic.as_deref());
        errors.limit_text("topic", topic.as_deref(), 200);
        if self.case_id.is_none() {
            if self.contact_id.is_none() {
                errors.add(
                    "contact_id",
                    "Bitte einen Beratungsfall oder eine Ansprechperson wählen.",
                    "Please choose a case or a contact.",
                );
            }
            if topic.is_none() {
                errors.add(
                    "topic",
                    "Ohne Beratungsfall bitte ein kurzes Thema angeben.",
                    "Without a case, please give a short topic.",
                );
            }
        }
        errors.into_result()?;
        let key = key.ok_or_else(|| crate::Error::field("slot_id", "Unbekanntes Zeitfenster.", "Unknown slot."))?;
        Ok((key, BookingInput { topic, ..self.clone() }))
    }
}

/// Whether a slot is free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names say it
pub enum SlotStatus {
    /// Nobody booked it.
    Free,
    Booked,
    /// Its booking was cancelled; it can be booked again.
    Cancelled,
}

/// How an occurrence came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceKind {
    /// As the recurrence says.
    Regular,
    /// Moved by an exception.
    Moved,
    /// A one-off added by an exception.
    Extra,
}

/// A bookable slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct Slot {
    /// Stable identity, see [`SlotKey`].
    pub id: String,
    /// The series.
    pub series_id: i64,
    /// UID of the series' calendar event.
    pub series_uid: String,
    /// Series title.
    pub series_title: String,
    /// The municipality.
    pub municipality_id: i64,
    /// Its name.
    pub municipality: String,
    /// Who holds the consultation.
    pub advisor: String,
    /// Place.
    pub location: Option<String>,
    /// Online link.
    pub online_url: Option<String>,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// Free, booked or cancelled.
    pub status: SlotStatus,
    /// The current booking, or the cancelled one.
    pub booking: Option<Booking>,
    /// Regular, moved or extra occurrence.
    pub occurrence: OccurrenceKind,
    /// Other items of the advisor this booked slot overlaps.
    pub conflicts: Vec<String>,
}

/// How a previewed occurrence turns out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PreviewState {
    /// Takes place as the recurrence says.
    Regular,
    /// Moved here by an exception.
    Moved,
    /// A one-off.
    Extra,
    /// Falls on a public holiday and is skipped.
    Holiday,
    /// Skipped by an exception.
    Skipped,
}

/// Start and end of one slot in a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[allow(missing_docs)] // the names say it
pub struct SlotTimes {
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

/// One occurrence in the series editor's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewOccurrence {
    /// The day.
    pub date: NaiveDate,
    /// Start of the window.
    pub start: DateTime<FixedOffset>,
    /// End of the window.
    pub end: DateTime<FixedOffset>,
    /// How it turns out.
    pub state: PreviewState,
    /// Holiday name or exception reason.
    pub note: Option<String>,
    /// Its slots (none when skipped).
    pub slots: Vec<SlotTimes>,
}

/// What saving a series would bring about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SeriesPreview {
    /// The next occurrences, skipped ones included.
    pub occurrences: Vec<PreviewOccurrence>,
    /// Upcoming occurrences that the change removes.
    pub removed_occurrences: u32,
    /// Bookings whose slot the change removes; they would be marked "muss umgebucht werden".
    pub affected: Vec<Booking>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_ids_round_trip() {
        let key = SlotKey {
            series_id: 12,
            occurrence_start: NaiveDate::from_ymd_opt(2026, 3, 10)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .expect("start"),
            position: 2,
        };
        assert_eq!(key.id(), "12-20260310T0900-2");
        assert_eq!(SlotKey::parse(&key.id()), Some(key));
        for bad in ["", "12", "x-20260310T0900-2", "12-2026-2", "12-20260310T0900-"] {
            assert_eq!(SlotKey::parse(bad), None, "{bad}");
        }
    }
}
