//! Merging one contact into another: every role, booking and event participation moves over, the
//! kept contact's empty fields take the other's values, and the other is deleted. An event both
//! were on keeps one participation, in the further of the two states.

use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{Contact, ContactKind, EventParticipantStatus, OrganisationType};
use crate::Result;

/// How far a participation got: the one that stays when both contacts were on an event.
fn rank(status: EventParticipantStatus) -> u8 {
    match status {
        EventParticipantStatus::Attended => 6,
        EventParticipantStatus::NoShow => 5,
        EventParticipantStatus::Registered => 4,
        EventParticipantStatus::Waitlisted => 3,
        EventParticipantStatus::Invited => 2,
        EventParticipantStatus::Cancelled => 1,
    }
}

/// Every contact, for finding the duplicates among them.
pub async fn all<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<Contact>> {
    super::contacts::search(executor, "", i64::MAX).await
}

/// What hangs off a contact: roles, bookings, event participations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[allow(missing_docs)] // the names say it
pub struct Links {
    pub roles: i64,
    pub bookings: i64,
    pub participations: i64,
}

/// Counts what hangs off a contact.
pub async fn links(tx: &mut Tx, contact_id: i64) -> Result<Links> {
    let row = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM case_contacts WHERE contact_id = ?1) AS "roles!: i64",
                  (SELECT count(*) FROM bookings WHERE contact_id = ?1) AS "bookings!: i64",
                  (SELECT count(*) FROM event_participants WHERE contact_id = ?1) AS "participations!: i64""#,
        contact_id
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Links {
        roles: row.roles,
        bookings: row.bookings,
        participations: row.participations,
    })
}

/// The cases a contact has roles on (their search documents name the person).
pub async fn cases_of(tx: &mut Tx, contact_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT DISTINCT case_id AS "case_id!" FROM case_contacts WHERE contact_id = ?1"#,
        contact_id
    )
    .fetch_all(&mut **tx)
    .await?)
}

/// Moves everything of `drop` to `keep`, fills `keep`'s gaps from `drop` and deletes `drop`;
/// how many events both were on.
pub async fn merge(tx: &mut Tx, keep: &Contact, drop: &Contact) -> Result<i64> {
    let now = Stamp::now();
    sqlx::query!(
        "UPDATE case_contacts SET contact_id = ?1 WHERE contact_id = ?2",
        keep.id,
        drop.id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE bookings SET contact_id = ?1, sequence = sequence + 1, updated_at = ?3 WHERE contact_id = ?2",
        keep.id,
        drop.id,
        now
    )
    .execute(&mut **tx)
    .await?;
    let shared = sqlx::query!(
        r#"SELECT k.id AS "kept!", k.status AS "kept_status!: EventParticipantStatus",
                  d.id AS "dropped!", d.status AS "dropped_status!: EventParticipantStatus"
             FROM event_participants k JOIN event_participants d ON d.event_id = k.event_id
            WHERE k.contact_id = ?1 AND d.contact_id = ?2"#,
        keep.id,
        drop.id
    )
    .fetch_all(&mut **tx)
    .await?;
    for row in &shared {
        sqlx::query!("DELETE FROM event_participants WHERE id = ?1", row.dropped)
            .execute(&mut **tx)
            .await?;
        if rank(row.dropped_status) > rank(row.kept_status) {
            let status = row.dropped_status;
            sqlx::query!(
                "UPDATE event_participants SET status = ?2, status_since = ?3, updated_at = ?3 WHERE id = ?1",
                row.kept,
                status,
                now
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    sqlx::query!(
        "UPDATE event_participants SET contact_id = ?1, updated_at = ?3 WHERE contact_id = ?2",
        keep.id,
        drop.id,
        now
    )
    .execute(&mut **tx)
    .await?;
    // A membership between the two would join the contact to itself.
    sqlx::query!(
        "DELETE FROM memberships WHERE (person_id = ?1 AND organisation_id = ?2) OR (person_id = ?2 AND organisation_id = ?1)",
        keep.id,
        drop.id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE memberships SET person_id = ?1, updated_at = ?3 WHERE person_id = ?2",
        keep.id,
        drop.id,
        now
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE memberships SET organisation_id = ?1, updated_at = ?3 WHERE organisation_id = ?2",
        keep.id,
        drop.id,
        now
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE contacts SET expertise = (
                SELECT CASE WHEN count(*) = 0 THEN NULL ELSE json_group_array(value) END
                  FROM (SELECT value FROM json_each(coalesce((SELECT expertise FROM contacts WHERE id = ?1), '[]'))
                        UNION
                        SELECT value FROM json_each(coalesce((SELECT expertise FROM contacts WHERE id = ?2), '[]'))))
          WHERE id = ?1",
        keep.id,
        drop.id
    )
    .execute(&mut **tx)
    .await?;
    let kind: ContactKind = keep.kind;
    let organisation_type: Option<OrganisationType> = keep.organisation_type.or(drop.organisation_type);
    let organisation = keep.organisation.clone().or_else(|| drop.organisation.clone());
    let email = keep.email.clone().or_else(|| drop.email.clone());
    let phone = keep.phone.clone().or_else(|| drop.phone.clone());
    sqlx::query!(
        "UPDATE contacts SET kind = ?2, organisation = ?3, organisation_type = ?4, email = ?5, phone = ?6, updated_at = ?7
          WHERE id = ?1",
        keep.id,
        kind,
        organisation,
        organisation_type,
        email,
        phone,
        now
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!("DELETE FROM contacts WHERE id = ?1", drop.id)
        .execute(&mut **tx)
        .await?;
    Ok(i64::try_from(shared.len()).unwrap_or(i64::MAX))
}
