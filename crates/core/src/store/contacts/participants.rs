//! Contacts' roles on cases: added and ended, never deleted.

use chrono::NaiveDate;
use sqlx::{Executor, Sqlite};

use super::ContactRow;
use crate::domain::{Contact, Participant};
use crate::store::Tx;
use crate::{Error, Result};

/// A row of `case_contacts` joined with its contact.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct ParticipantRow {
    /// id of the role
    pub id: i64,
    pub case_id: i64,
    pub role: String,
    pub from_on: NaiveDate,
    pub until_on: Option<NaiveDate>,
    /// contact id; `None` once the person was erased
    pub contact_id: Option<i64>,
    /// contact kind
    pub kind: Option<crate::domain::ContactKind>,
    /// contact name
    pub name: Option<String>,
    /// contact organisation
    pub organisation: Option<String>,
    /// organisation type
    pub organisation_type: Option<crate::domain::OrganisationType>,
    /// e-mail
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl TryFrom<ParticipantRow> for Participant {
    type Error = Error;
    fn try_from(row: ParticipantRow) -> Result<Self> {
        let contact = match (row.contact_id, row.kind, row.name) {
            (Some(id), Some(kind), Some(name)) => Some(Contact::try_from(ContactRow {
                id,
                kind,
                name,
                organisation: row.organisation,
                organisation_type: row.organisation_type,
                email: row.email,
                phone: row.phone,
            })?),
            _ => None,
        };
        Ok(Participant {
            id: row.id,
            case_id: row.case_id,
            contact,
            role: row.role,
            from_on: row.from_on,
            until_on: row.until_on,
        })
    }
}

/// The people on a case: current roles first, then by start.
pub async fn of_case<'c, E: Executor<'c, Database = Sqlite>>(executor: E, case_id: i64) -> Result<Vec<Participant>> {
    sqlx::query_as!(
        ParticipantRow,
        r#"SELECT cc.id, cc.case_id, cc.role, cc.from_on AS "from_on: NaiveDate", cc.until_on AS "until_on: NaiveDate",
                  k.id AS "contact_id?", k.kind AS "kind?: crate::domain::ContactKind", k.name AS "name?", k.organisation,
                  k.organisation_type AS "organisation_type: crate::domain::OrganisationType", k.email, k.phone
             FROM case_contacts cc LEFT JOIN contacts k ON k.id = cc.contact_id
            WHERE cc.case_id = ?1
            ORDER BY cc.until_on IS NOT NULL, cc.from_on, cc.id"#,
        case_id
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(Participant::try_from)
    .collect()
}

/// The case a role belongs to.
pub async fn case_of<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar!("SELECT case_id FROM case_contacts WHERE id = ?1", id)
            .fetch_optional(executor)
            .await?,
    )
}

/// Adds a role.
pub async fn insert(tx: &mut Tx, case_id: i64, contact_id: i64, role: &str, from_on: NaiveDate) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO case_contacts (case_id, contact_id, role, from_on) VALUES (?1, ?2, ?3, ?4) RETURNING id AS "id!""#,
        case_id,
        contact_id,
        role,
        from_on
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Ends a current role on `until_on` (not before it began); `false` when missing or already ended.
pub async fn end(tx: &mut Tx, id: i64, until_on: NaiveDate) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE case_contacts SET until_on = max(?2, from_on) WHERE id = ?1 AND until_on IS NULL",
        id,
        until_on
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A role for [`insert_many`].
#[derive(Debug, Clone)]
#[allow(missing_docs)] // the names say it
pub struct NewParticipant {
    pub case_id: i64,
    pub contact_id: i64,
    pub role: String,
    pub from_on: NaiveDate,
    pub until_on: Option<NaiveDate>,
}

/// Inserts many roles with multi-row statements (bulk loads).
pub async fn insert_many(tx: &mut Tx, roles: &[NewParticipant]) -> Result<()> {
    for chunk in roles.chunks(500) {
        let mut builder = sqlx::QueryBuilder::<Sqlite>::new(
            "INSERT INTO case_contacts (case_id, contact_id, role, from_on, until_on) ",
        );
        builder.push_values(chunk, |mut row, r| {
            row.push_bind(r.case_id)
                .push_bind(r.contact_id)
                .push_bind(&r.role)
                .push_bind(r.from_on)
                .push_bind(r.until_on);
        });
        builder.build().execute(&mut **tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseStatus, ContactInput, ContactKind};
    use crate::store::fixtures;
    use crate::store::{cases, contacts, Store};

    #[tokio::test]
    async fn roles_are_ended_not_deleted() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let m = fixtures::municipality(&mut tx, "Ulmenstedt").await;
        let day = |d| NaiveDate::from_ymd_opt(2026, 4, d).expect("date");
        let input = fixtures::case_input(m, "Quartiersplatz", day(1));
        let (case_id, _) = cases::insert(&mut tx, &input, CaseStatus::Active, day(1))
            .await
            .expect("case");
        let contact = contacts::insert(
            &mut tx,
            &ContactInput {
                kind: ContactKind::Person,
                name: "Petra Lindqvist".into(),
                organisation: None,
                organisation_type: None,
                email: None,
                phone: None,
            },
        )
        .await
        .expect("contact");
        let role = insert(&mut tx, case_id, contact, "Quartiersmanagement", day(2))
            .await
            .expect("role");
        insert_many(
            &mut tx,
            &[NewParticipant {
                case_id,
                contact_id: contact,
                role: "Sprecherin Bürgerverein".into(),
                from_on: day(3),
                until_on: None,
            }],
        )
        .await
        .expect("many");
        assert!(end(&mut tx, role, day(1)).await.expect("end"), "clamped to the start");
        assert!(!end(&mut tx, role, day(9)).await.expect("end"), "already ended");
        tx.commit().await.expect("commit");
        let people = of_case(store.pool(), case_id).await.expect("list");
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].role, "Sprecherin Bürgerverein", "current roles first");
        assert_eq!(people[1].until_on, Some(day(2)));
        assert_eq!(case_of(store.pool(), role).await.expect("case"), Some(case_id));
    }
}
