//! `Planner` operations of access on request (DSGVO Art. 15): everything held about a contact
//! (`domain::access_report`), as a PDF for the person or as JSON, each saved through the audit
//! trail.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Utc;

use super::erasure::mentions_of;
use super::Planner;
use crate::domain::*;
use crate::error::Entity;
use crate::report::access_report as layout;
use crate::report::anonymise::Anonymiser;
use crate::store::access_report as sql;
use crate::store::erasure::{self as erasure_sql, StoredText, JOURNAL};
use crate::store::{self, Tx};
use crate::{Error, Result};

impl Planner {
    /// Everything the app holds about the contact, other people taken out of its texts.
    pub async fn access_report(&self, contact_id: i64) -> Result<AccessReport> {
        // One read transaction: the report shows one moment of the data.
        let mut tx: Tx = self.store.pool().begin().await?;
        let report = gather(&mut tx, contact_id).await;
        tx.rollback().await?;
        report
    }

    /// Writes the contact's access report to `path`: a PDF/A for the person (`.pdf`) or JSON
    /// (`.json`), readable by its owner only; recorded in the audit trail.
    pub async fn save_access_report(&self, contact_id: i64, path: &Path) -> Result<SavedAccessReport> {
        let format = AccessReportFormat::of_path(path).ok_or_else(|| {
            Error::field(
                "path",
                &format!("„{}“: bitte als .pdf oder .json speichern.", path.display()),
                &format!("{}: the file must end in .pdf or .json", path.display()),
            )
        })?;
        let report = self.access_report(contact_id).await?;
        let places = report.places();
        let bytes = match format {
            AccessReportFormat::Json => serde_json::to_vec_pretty(&report)
                .map_err(|e| Error::Database(format!("the access report could not be written: {e}")))?,
            AccessReportFormat::Pdf => tokio::task::spawn_blocking(move || layout::to_pdf(&report))
                .await
                .map_err(|e| Error::Database(format!("the access report could not be laid out: {e}")))??,
        };
        super::write_private(path, bytes).await?;
        self.record(AuditEntry {
            action: AuditAction::AccessReportSaved,
            subject: Some((AuditSubjectKind::Contact, contact_id)),
            detail: format!("{}, {places}", format.extension()),
        })
        .await?;
        Ok(SavedAccessReport {
            path: path.display().to_string(),
            places: places as u64,
        })
    }
}

/// The report, read in `tx`.
async fn gather(tx: &mut Tx, contact_id: i64) -> Result<AccessReport> {
    let record = sql::contact(&mut **tx, contact_id)
        .await?
        .ok_or_else(|| Error::not_found(Entity::Contact, contact_id))?;
    let subject = store::contacts::get(&mut **tx, contact_id)
        .await?
        .ok_or_else(|| Error::not_found(Entity::Contact, contact_id))?;
    let others = store::contacts::search(&mut **tx, "", i64::MAX).await?;
    let redact = Anonymiser::for_access_report(&subject, &others);
    let clean = |text: String| redact.clean(&text);

    let mut roles = sql::roles(&mut **tx, contact_id).await?;
    for role in &mut roles {
        role.case_title = clean(std::mem::take(&mut role.case_title));
        role.role = clean(std::mem::take(&mut role.role));
    }

    let mut journal_entries = Vec::new();
    let mut booking_ids: BTreeSet<i64> = erasure_sql::bookings_of(&mut **tx, contact_id)
        .await?
        .into_iter()
        .collect();
    let mut appointment_ids: BTreeSet<i64> = BTreeSet::new();
    let mut other_mentions = Vec::new();
    for mention in mentions_of(tx, &subject).await? {
        let StoredText { place, id, text } = mention.text;
        match place.table {
            _ if place == JOURNAL => {
                if let Some(mut entry) = sql::journal_entry(tx, id).await? {
                    entry.text = clean(entry.text);
                    journal_entries.push(entry);
                }
            }
            "bookings" => {
                booking_ids.insert(id);
            }
            "appointments" => {
                appointment_ids.insert(id);
            }
            _ => {
                let Some(mention_place) = mention_place(place.table, place.column) else {
                    continue;
                };
                let case_reference = match erasure_sql::case_of(tx, place, id).await? {
                    Some(case_id) => store::cases::get(&mut **tx, case_id).await?.map(|c| c.reference),
                    None => None,
                };
                other_mentions.push(AccessMention {
                    place: mention_place,
                    case_reference,
                    text: clean(text),
                });
            }
        }
    }
    journal_entries.sort_by(|a, b| (a.occurred_on, &a.case_reference).cmp(&(b.occurred_on, &b.case_reference)));

    let mut bookings = Vec::new();
    for id in booking_ids {
        if let Some(mut booking) = sql::booking(tx, id, contact_id).await? {
            booking.consultation_hours = clean(booking.consultation_hours);
            booking.topic = booking.topic.map(clean);
            booking.cancel_reason = booking.cancel_reason.map(clean);
            bookings.push(booking);
        }
    }
    bookings.sort_by_key(|b| b.start_at);

    let mut appointments = Vec::new();
    for id in appointment_ids {
        if let Some(mut appointment) = sql::appointment(tx, id).await? {
            appointment.title = clean(appointment.title);
            appointment.location = appointment.location.map(clean);
            appointment.notes = appointment.notes.map(clean);
            appointments.push(appointment);
        }
    }
    appointments.sort_by_key(|a| a.start_at);

    Ok(AccessReport {
        created_at: Utc::now(),
        contact: record,
        roles,
        journal_entries,
        bookings,
        appointments,
        other_mentions,
    })
}

/// Where a text of `table`.`column` is, in the report's words; `None` for the places listed apart.
fn mention_place(table: &str, column: &str) -> Option<MentionPlace> {
    Some(match (table, column) {
        ("cases", "title") => MentionPlace::CaseTitle,
        ("cases", "summary") => MentionPlace::CaseSummary,
        ("cases", "next_step") => MentionPlace::CaseNextStep,
        ("tasks", _) => MentionPlace::Task,
        ("case_contacts", _) => MentionPlace::Role,
        ("contacts", _) => MentionPlace::ContactOrganisation,
        ("consultation_series", "title") => MentionPlace::ConsultationHoursTitle,
        ("consultation_series", _) => MentionPlace::ConsultationHoursLocation,
        ("series_exceptions", _) => MentionPlace::ConsultationHoursException,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::erasure::TEXT_PLACES;

    #[test]
    fn every_place_a_name_may_be_written_into_is_in_the_report() {
        for place in TEXT_PLACES {
            let listed_apart = place == JOURNAL || matches!(place.table, "bookings" | "appointments");
            assert!(
                listed_apart || mention_place(place.table, place.column).is_some(),
                "{}.{} has no place in the access report",
                place.table,
                place.column
            );
        }
    }
}
