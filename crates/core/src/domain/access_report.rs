//! Access on request (DSGVO Art. 15): every datum the app holds about one contact, found where an
//! erasure would look (the same closed list of texts, the same way of recognising a name), so
//! the report and the erasure never disagree about where a person appears.
//!
//! Texts are shown as stored, with one change: other people in them become `[Person]` or
//! `[Organisation]` and other e-mail addresses and phone numbers are removed, because the report
//! goes to the person and must not disclose anybody else (Art. 15(4)).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{AppointmentKind, AppointmentStatus, BookingStatus, ContactKind, JournalKind, OrganisationType};

/// Everything the app holds about a contact, for the person (as PDF) and as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessReport {
    /// When the report was made.
    pub created_at: DateTime<Utc>,
    /// The contact's own record.
    pub contact: AccessContact,
    /// Roles in cases, with their periods.
    pub roles: Vec<AccessRole>,
    /// Journal entries that mention the contact.
    pub journal_entries: Vec<AccessJournalEntry>,
    /// Consultation-hour bookings made for the contact or mentioning them.
    pub bookings: Vec<AccessBooking>,
    /// Appointments that mention the contact.
    pub appointments: Vec<AccessAppointment>,
    /// Every other text that mentions the contact.
    pub other_mentions: Vec<AccessMention>,
}

impl AccessReport {
    /// How many places the report lists, the contact's own record not counted.
    pub fn places(&self) -> usize {
        self.roles.len()
            + self.journal_entries.len()
            + self.bookings.len()
            + self.appointments.len()
            + self.other_mentions.len()
    }
}

/// The contact's own record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(missing_docs)] // the names say it
pub struct AccessContact {
    pub id: i64,
    pub kind: ContactKind,
    pub name: String,
    pub organisation: Option<String>,
    pub organisation_type: Option<OrganisationType>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// A role in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessRole {
    /// The case's reference (`BF-2026-0042`).
    pub case_reference: String,
    /// The case's title.
    pub case_title: String,
    /// The case's Kommune.
    pub municipality: String,
    /// The role.
    pub role: String,
    /// From this day.
    pub from_on: NaiveDate,
    /// Up to this day, if it ended.
    pub until_on: Option<NaiveDate>,
}

/// A journal entry that mentions the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessJournalEntry {
    /// The case's reference.
    pub case_reference: String,
    /// The day of the contact, call, visit, ….
    pub occurred_on: NaiveDate,
    /// What kind of entry.
    pub kind: JournalKind,
    /// The text.
    pub text: String,
}

/// A consultation-hour booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessBooking {
    /// When the slot begins.
    pub start_at: DateTime<Utc>,
    /// When it ends.
    pub end_at: DateTime<Utc>,
    /// The consultation hours' title.
    pub consultation_hours: String,
    /// Their Kommune.
    pub municipality: String,
    /// Booked, to be rebooked or cancelled.
    pub status: BookingStatus,
    /// The booking was made for the contact (else it only mentions them).
    pub booked_for_contact: bool,
    /// The topic.
    pub topic: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
}

/// An appointment that mentions the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessAppointment {
    /// Site visit, workshop, ….
    pub kind: AppointmentKind,
    /// Confirmed or cancelled.
    pub status: AppointmentStatus,
    /// When it begins.
    pub start_at: DateTime<Utc>,
    /// An all-day appointment (`start_at` is then the day's start).
    pub all_day: bool,
    /// The title.
    pub title: String,
    /// Where.
    pub location: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Where another mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)] // the names say it
pub enum MentionPlace {
    CaseTitle,
    CaseSummary,
    CaseNextStep,
    Task,
    Role,
    ContactOrganisation,
    ConsultationHoursTitle,
    ConsultationHoursLocation,
    ConsultationHoursException,
}

impl MentionPlace {
    /// What the PDF calls it.
    pub fn label_de(self) -> &'static str {
        match self {
            Self::CaseTitle => "Titel eines Falls",
            Self::CaseSummary => "Zusammenfassung eines Falls",
            Self::CaseNextStep => "Nächster Schritt eines Falls",
            Self::Task => "Aufgabe",
            Self::Role => "Rolle einer anderen Person",
            Self::ContactOrganisation => "Organisation einer anderen Person",
            Self::ConsultationHoursTitle => "Titel einer Sprechstunde",
            Self::ConsultationHoursLocation => "Ort einer Sprechstunde",
            Self::ConsultationHoursException => "Ausfall einer Sprechstunde",
        }
    }
}

/// Another text that mentions the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessMention {
    /// Where.
    pub place: MentionPlace,
    /// The case it belongs to, if any.
    pub case_reference: Option<String>,
    /// The text.
    pub text: String,
}

/// The file formats of an access report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccessReportFormat {
    /// PDF/A, for the person.
    Pdf,
    /// JSON, machine-readable (Art. 15(3), Art. 20).
    Json,
}

impl AccessReportFormat {
    /// The format a file's extension names.
    pub fn of_path(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Self::Pdf),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// The extension, without its dot; also the audit trail's word.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Json => "json",
        }
    }
}

/// An access report written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedAccessReport {
    /// Where it was written.
    pub path: String,
    /// How many places it lists.
    #[ts(type = "number")]
    pub places: u64,
}
