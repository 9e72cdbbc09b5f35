//! Municipalities.

pub mod neighbourhoods;

use sqlx::{Executor, Sqlite};

use super::instant::Stamp;
use super::Tx;
use crate::domain::{FederalState, Municipality, ValidMunicipality};
use crate::{Error, Result};

/// A row of `municipalities`.
#[derive(Debug)]
#[allow(missing_docs)] // the names say it
pub struct MunicipalityRow {
    pub id: i64,
    pub name: String,
    /// state code
    pub state: String,
    /// official key
    pub ags: Option<String>,
}

impl TryFrom<MunicipalityRow> for Municipality {
    type Error = Error;
    fn try_from(row: MunicipalityRow) -> Result<Self> {
        Ok(Municipality {
            id: row.id,
            name: row.name,
            state: FederalState::from_code(&row.state)
                .ok_or_else(|| Error::Database(format!("unknown federal state {}", row.state)))?,
            ags: row.ags,
        })
    }
}

/// One municipality.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<Municipality>> {
    sqlx::query_as!(
        MunicipalityRow,
        "SELECT id, name, state, ags FROM municipalities WHERE id = ?1",
        id
    )
    .fetch_optional(executor)
    .await?
    .map(Municipality::try_from)
    .transpose()
}

/// All municipalities by name.
pub async fn list<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<Municipality>> {
    sqlx::query_as!(
        MunicipalityRow,
        "SELECT id, name, state, ags FROM municipalities ORDER BY name COLLATE NOCASE, id"
    )
    .fetch_all(executor)
    .await?
    .into_iter()
    .map(Municipality::try_from)
    .collect()
}

/// Open (not closed) cases per municipality and neighbourhood; neighbourhood `None` is the total.
pub async fn open_case_counts<'c, E: Executor<'c, Database = Sqlite>>(
    executor: E,
) -> Result<Vec<(i64, Option<i64>, i64)>> {
    let rows = sqlx::query!(
        r#"SELECT municipality_id AS "municipality_id!", neighbourhood_id, count(*) AS "open!: i64"
             FROM cases WHERE status <> 'closed'
            GROUP BY municipality_id, neighbourhood_id"#
    )
    .fetch_all(executor)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.municipality_id, r.neighbourhood_id, r.open))
        .collect())
}

/// Inserts a municipality.
pub async fn insert(tx: &mut Tx, m: &ValidMunicipality) -> Result<i64> {
    let now = Stamp::now();
    let state = m.state.code();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO municipalities (name, state, ags, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
           RETURNING id AS "id!""#,
        m.name,
        state,
        m.ags,
        now
    )
    .fetch_one(&mut **tx)
    .await
    .map_err(crate::store::constraints::refused)?;
    Ok(id)
}

/// Updates a municipality; `false` when it does not exist.
pub async fn update(tx: &mut Tx, id: i64, m: &ValidMunicipality) -> Result<bool> {
    let now = Stamp::now();
    let state = m.state.code();
    let done = sqlx::query!(
        "UPDATE municipalities SET name = ?2, state = ?3, ags = ?4, updated_at = ?5 WHERE id = ?1",
        id,
        m.name,
        state,
        m.ags,
        now
    )
    .execute(&mut **tx)
    .await
    .map_err(crate::store::constraints::refused)?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn valid(name: &str, ags: Option<&str>) -> ValidMunicipality {
        ValidMunicipality {
            name: name.into(),
            state: FederalState::NW,
            ags: ags.map(Into::into),
        }
    }

    #[tokio::test]
    async fn insert_update_list_and_unique_keys() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let a = insert(&mut tx, &valid("Lindenhagen", Some("05774032")))
            .await
            .expect("insert");
        let b = insert(&mut tx, &valid("Altenbrück", None)).await.expect("insert");
        assert!(
            insert(&mut tx, &valid("Kopie", Some("05774032"))).await.is_err(),
            "AGS is unique"
        );
        assert!(update(&mut tx, b, &valid("Altenbrück an der Ruhr", None))
            .await
            .expect("update"));
        assert!(!update(&mut tx, 999, &valid("x", None)).await.expect("update"));
        tx.commit().await.expect("commit");
        let all = list(store.pool()).await.expect("list");
        assert_eq!(
            all.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            ["Altenbrück an der Ruhr", "Lindenhagen"]
        );
        let one = get(store.pool(), a).await.expect("get").expect("exists");
        assert_eq!(one.ags.as_deref(), Some("05774032"));
        assert!(get(store.pool(), 999).await.expect("get").is_none());
    }
}
