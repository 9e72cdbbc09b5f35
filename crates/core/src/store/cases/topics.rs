//! Topics (Handlungsfelder) and which cases they are on.

use sqlx::{Executor, Sqlite};

use crate::store::Tx;
use crate::Result;

/// Every topic name, sorted.
pub async fn list<'c, E: Executor<'c, Database = Sqlite>>(executor: E) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar!("SELECT name FROM topics ORDER BY name COLLATE NOCASE")
            .fetch_all(executor)
            .await?,
    )
}

/// The topic names of a case, sorted.
pub async fn of_case<'c, E: Executor<'c, Database = Sqlite>>(executor: E, case_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT t.name FROM case_topics ct JOIN topics t ON t.id = ct.topic_id WHERE ct.case_id = ?1 ORDER BY t.name",
        case_id
    )
    .fetch_all(executor)
    .await?)
}

/// Replaces the topics of a case, creating topics that do not exist yet.
pub async fn set_for_case(tx: &mut Tx, case_id: i64, names: &[String]) -> Result<()> {
    sqlx::query!("DELETE FROM case_topics WHERE case_id = ?1", case_id)
        .execute(&mut **tx)
        .await?;
    for name in names {
        sqlx::query!(
            "INSERT INTO topics (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            name
        )
        .execute(&mut **tx)
        .await?;
        sqlx::query!(
            "INSERT OR IGNORE INTO case_topics (case_id, topic_id) SELECT ?1, id FROM topics WHERE name = ?2",
            case_id,
            name
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Links many cases to topics by name (bulk loads); the topics must exist.
pub async fn link_many(tx: &mut Tx, links: &[(i64, String)]) -> Result<()> {
    for chunk in links.chunks(500) {
        let mut builder = sqlx::QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO case_topics (case_id, topic_id) ");
        builder.push_values(chunk, |mut row, (case_id, name)| {
            row.push_bind(*case_id)
                .push("(SELECT id FROM topics WHERE name = ")
                .push_bind_unseparated(name)
                .push_unseparated(")");
        });
        builder.build().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Creates topics that do not exist yet.
pub async fn ensure(tx: &mut Tx, names: &[&str]) -> Result<()> {
    for name in names {
        sqlx::query!(
            "INSERT INTO topics (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            name
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseStatus;
    use crate::store::fixtures;
    use crate::store::{cases, Store};

    #[tokio::test]
    async fn topics_are_created_replaced_and_linked() {
        let store = Store::in_memory().await.expect("store");
        let mut tx = store.begin().await.expect("tx");
        let m = fixtures::municipality(&mut tx, "Tannenau").await;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        let input = fixtures::case_input(m, "Familienzentrum", day);
        let (a, _) = cases::insert(&mut tx, &input, CaseStatus::New, day).await.expect("a");
        let (b, _) = cases::insert(&mut tx, &input, CaseStatus::New, day).await.expect("b");
        set_for_case(&mut tx, a, &["Wohnen".into(), "Bildung".into()])
            .await
            .expect("set");
        set_for_case(&mut tx, a, &["Bildung".into(), "Teilhabe".into()])
            .await
            .expect("replace");
        ensure(&mut tx, &["Klima"]).await.expect("ensure");
        link_many(&mut tx, &[(b, "Klima".into()), (b, "Bildung".into())])
            .await
            .expect("link");
        tx.commit().await.expect("commit");
        assert_eq!(of_case(store.pool(), a).await.expect("a"), ["Bildung", "Teilhabe"]);
        assert_eq!(of_case(store.pool(), b).await.expect("b"), ["Bildung", "Klima"]);
        assert_eq!(
            list(store.pool()).await.expect("list"),
            ["Bildung", "Klima", "Teilhabe", "Wohnen"]
        );
    }
}
