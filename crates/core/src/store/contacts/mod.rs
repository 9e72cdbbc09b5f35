//! Contacts.

pub mod participants;

use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{Contact, ContactInput, ContactKind, OrganisationType};
use crate::{Error, Result};

/// A row of `contacts`.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct ContactRow {
    pub id: i64,
    /// `person` or `organisation`
    pub kind: ContactKind,
    pub name: String,
    /// organisation of a person
    pub organisation: Option<String>,
    /// organisation type
    pub organisation_type: Option<OrganisationType>,
    /// e-mail
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl TryFrom<ContactRow> for Contact {
    type Error = Error;
    fn try_from(row: ContactRow) -> Result<Self> {
        Ok(Contact {
            id: row.id,
            kind: row.kind,
            name: row.name,
            organisation: row.organisation,
            organisation_type: row.organisation_type,
            email: row.email,
            phone: row.phone,
        })
    }
}

/// One contact.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<Contact>> {
    sqlx::query_as!(
        ContactRow,
        r#"SELECT id, kind AS "kind: ContactKind", name, organisation,
                  organisation_type AS "organisation_type: OrganisationType", email, phone FROM contacts WHERE id = ?1"#,
        id
    )
    .fetch_optional(executor)
    .await?
    .map(Contact::try_from)
    .transpose()
}

/// Contacts whose name or organisation has words starting with the words of `text` (case and
/// diacritics folded), by name; all contacts by name when `text` has no word.
pub async fn search<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
    text: &str,
    limit: i64,
) -> Result<Vec<Contact>> {
    let query = crate::store::cases::search::fts_query(text);
    sqlx::query_as!(
        ContactRow,
        r#"SELECT id, kind AS "kind: ContactKind", name, organisation,
                  organisation_type AS "organisation_type: OrganisationType", email, phone FROM contacts
           WHERE ?1 IS NULL OR id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?1)
           ORDER BY name COLLATE NOCASE, id LIMIT ?2"#,
        query,
        limit
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(Contact::try_from)
    .collect()
}

/// Inserts a contact.
pub async fn insert(tx: &mut Tx, c: &ContactInput) -> Result<i64> {
    let now = Stamp::now();
    let kind = c.kind;
    let organisation_type = c.organisation_type;
    Ok(sqlx::query_scalar!(
        r#"INSERT INTO contacts (kind, name, organisation, organisation_type, email, phone, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id AS "id!""#,
        kind,
        c.name,
        c.organisation,
        organisation_type,
        c.email,
        c.phone,
        now
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Updates a contact; `false` when missing.
pub async fn update(tx: &mut Tx, id: i64, c: &ContactInput) -> Result<bool> {
    let now = Stamp::now();
    let kind = c.kind;
    let organisation_type = c.organisation_type;
    let done = sqlx::query!(
        "UPDATE contacts SET kind = ?2, name = ?3, organisation = ?4, organisation_type = ?5, email = ?6, phone = ?7,
                updated_at = ?8 WHERE id = ?1",
        id,
        kind,
        c.name,
        c.organisation,
        organisation_type,
        c.email,
        c.phone,
        now
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[tokio::test]
    async fn insert_search_update() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let input = ContactInput {
            kind: ContactKind::Person,
            name: "Jana Özdemir".into(),
            organisation: Some("Quartiersbüro Nordstadt".into()),
            organisation_type: Some(OrganisationType::SocialAgency),
            email: Some("jana@example.org".into()),
            phone: None,
        };
        let id = insert(&mut tx, &input).await.expect("insert");
        insert(
            &mut tx,
            &ContactInput {
                name: "Stadtteilverein 100%".into(),
                kind: ContactKind::Organisation,
                ..input.clone()
            },
        )
        .await
        .expect("insert");
        assert!(update(
            &mut tx,
            id,
            &ContactInput {
                phone: Some("030 123456".into()),
                ..input
            }
        )
        .await
        .expect("update"));
        tx.commit().await.expect("commit");
        assert_eq!(search(store.pool(), "özdemir", 10).await.expect("search").len(), 1);
        assert_eq!(
            search(store.pool(), "quartiersbüro", 10).await.expect("search").len(),
            2
        );
        assert_eq!(search(store.pool(), "100%", 10).await.expect("search").len(), 1);
        assert_eq!(
            search(store.pool(), "ozdem", 10).await.expect("search").len(),
            1,
            "diacritics folded"
        );
        assert_eq!(search(store.pool(), "", 10).await.expect("search").len(), 2);
        let c = get(store.pool(), id).await.expect("get").expect("exists");
        assert_eq!(c.phone.as_deref(), Some("030 123456"));
        assert_eq!(c.organisation_type, Some(OrganisationType::SocialAgency));
    }
}
