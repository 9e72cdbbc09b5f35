//! The SQL of access reports: a contact's own record and roles, and the records behind the texts
//! that mention it (found by `service::erasure`'s search over `erasure::TEXT_PLACES`).

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite, SqliteConnection};

use super::instant::{Instant, Stamp};
use crate::domain::{
    AccessAppointment, AccessBooking, AccessContact, AccessJournalEntry, AccessRole, AppointmentKind,
    AppointmentStatus, BookingStatus, ContactKind, JournalKind, OrganisationType,
};
use crate::Result;

/// The contact's own record with its stamps.
pub async fn contact<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<AccessContact>> {
    Ok(sqlx::query_as!(
        AccessContact,
        r#"SELECT id, kind AS "kind: ContactKind", name, organisation,
                  organisation_type AS "organisation_type: OrganisationType", email, phone,
                  created_at AS "created_at: Stamp", updated_at AS "updated_at: Stamp"
             FROM contacts WHERE id = ?1"#,
        id
    )
    .fetch_optional(executor)
    .await?)
}

/// The contact's roles in cases, oldest first.
pub async fn roles<'c, E: Executor<'c, Database = Sqlite>>(executor: E, contact_id: i64) -> Result<Vec<AccessRole>> {
    Ok(sqlx::query_as!(
        AccessRole,
        r#"SELECT c.reference AS case_reference, c.title AS case_title, m.name AS municipality, cc.role,
                  cc.from_on AS "from_on: NaiveDate", cc.until_on AS "until_on: NaiveDate"
             FROM case_contacts cc
             JOIN cases c ON c.id = cc.case_id
             JOIN municipalities m ON m.id = c.municipality_id
            WHERE cc.contact_id = ?1
            ORDER BY cc.from_on, cc.id"#,
        contact_id
    )
    .fetch_all(executor)
    .await?)
}

/// A journal entry with its case's reference.
pub async fn journal_entry(conn: &mut SqliteConnection, id: i64) -> Result<Option<AccessJournalEntry>> {
    Ok(sqlx::query_as!(
        AccessJournalEntry,
        r#"SELECT c.reference AS case_reference, j.occurred_on AS "occurred_on: NaiveDate",
                  j.kind AS "kind: JournalKind", j.text
             FROM journal_entries j JOIN cases c ON c.id = j.case_id
            WHERE j.id = ?1"#,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// A booking with its consultation hours and Kommune; `booked_for_contact` says whether it was
/// made for `contact_id`.
pub async fn booking(conn: &mut SqliteConnection, id: i64, contact_id: i64) -> Result<Option<AccessBooking>> {
    Ok(sqlx::query_as!(
        AccessBooking,
        r#"SELECT b.start_at AS "start_at: Instant", b.end_at AS "end_at: Instant",
                  s.title AS consultation_hours, m.name AS municipality, b.status AS "status: BookingStatus",
                  b.contact_id IS ?2 AS "booked_for_contact!: bool", b.topic, b.cancel_reason
             FROM bookings b
             JOIN consultation_series s ON s.id = b.series_id
             JOIN municipalities m ON m.id = b.municipality_id
            WHERE b.id = ?1"#,
        id,
        contact_id
    )
    .fetch_optional(conn)
    .await?)
}

/// An appointment.
pub async fn appointment(conn: &mut SqliteConnection, id: i64) -> Result<Option<AccessAppointment>> {
    Ok(sqlx::query_as!(
        AccessAppointment,
        r#"SELECT kind AS "kind: AppointmentKind", status AS "status: AppointmentStatus",
                  start_at AS "start_at: Instant", all_day AS "all_day: bool", title, location, notes
             FROM appointments WHERE id = ?1"#,
        id
    )
    .fetch_optional(conn)
    .await?)
}
