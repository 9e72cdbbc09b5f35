//! Neighbourhoods.

use sqlx::{Executor, Sqlite};

use crate::domain::{Neighbourhood, NeighbourhoodInput};
use crate::store::instant::Stamp;
use crate::store::Tx;
use crate::Result;

/// A row of `neighbourhoods`; it maps one to one onto the domain type.
pub type NeighbourhoodRow = Neighbourhood;

/// One neighbourhood.
pub async fn get<'c, E: Executor<'c, Database = Sqlite>>(executor: E, id: i64) -> Result<Option<Neighbourhood>> {
    Ok(sqlx::query_as!(
        NeighbourhoodRow,
        "SELECT id, municipality_id, name, programme, description FROM neighbourhoods WHERE id = ?1",
        id
    )
    .fetch_optional(executor)
    .await?)
}

/// All neighbourhoods, by municipality and name.
pub async fn list<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<Neighbourhood>> {
    Ok(sqlx::query_as!(
        NeighbourhoodRow,
        "SELECT id, municipality_id, name, programme, description FROM neighbourhoods
          ORDER BY municipality_id, name COLLATE NOCASE, id"
    )
    .fetch_all(executor)
    .await?)
}

/// Inserts a neighbourhood.
pub async fn insert(tx: &mut Tx, n: &NeighbourhoodInput) -> Result<i64> {
    let now = Stamp::now();
    sqlx::query_scalar!(
        r#"INSERT INTO neighbourhoods (municipality_id, name, programme, description, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id AS "id!""#,
        n.municipality_id,
        n.name,
        n.programme,
        n.description,
        now
    )
    .fetch_one(&mut **tx)
    .await
    .map_err(crate::store::constraints::refused)
}

/// Updates a neighbourhood (it cannot move to another municipality); `false` when missing.
pub async fn update(tx: &mut Tx, id: i64, n: &NeighbourhoodInput) -> Result<bool> {
    let now = Stamp::now();
    let done = sqlx::query!(
        "UPDATE neighbourhoods SET name = ?2, programme = ?3, description = ?4, updated_at = ?5 WHERE id = ?1",
        id,
        n.name,
        n.programme,
        n.description,
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
    use crate::store::fixtures;
    use crate::store::Store;

    #[tokio::test]
    async fn belongs_to_a_municipality_and_names_are_unique_there() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let m = fixtures::municipality(&mut tx, "Lindenhagen").await;
        let input = NeighbourhoodInput {
            municipality_id: m,
            name: "Nordstadt".into(),
            programme: Some("Sozialer Zusammenhalt".into()),
            description: None,
        };
        let id = insert(&mut tx, &input).await.expect("insert");
        assert!(insert(&mut tx, &input).await.is_err(), "duplicate name");
        assert!(
            insert(
                &mut tx,
                &NeighbourhoodInput {
                    municipality_id: 999,
                    ..input.clone()
                }
            )
            .await
            .is_err(),
            "foreign key"
        );
        assert!(update(
            &mut tx,
            id,
            &NeighbourhoodInput {
                name: "Nordstadt-Ost".into(),
                ..input
            }
        )
        .await
        .expect("update"));
        tx.commit().await.expect("commit");
        let n = get(store.pool(), id).await.expect("get").expect("exists");
        assert_eq!(n.name, "Nordstadt-Ost");
        assert_eq!(list(store.pool()).await.expect("list").len(), 1);
    }
}
