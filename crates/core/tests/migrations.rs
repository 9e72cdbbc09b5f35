//! Upgrading a database an older version wrote: what it held is still found.

#[path = "support/older_schema.rs"]
mod older_schema;

use beratungsplaner_core::domain::CaseFilter;
use beratungsplaner_core::store::{self, DatabaseKey};
use beratungsplaner_core::Planner;
use sqlx::ConnectOptions;

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([7; 32])
}

/// Schema 9 rebuilt the case search without its prefix indexes: the cases of a schema-8 file are
/// found by every typed prefix afterwards, the index is sound and still overwrites what it deletes.
#[tokio::test]
async fn the_case_search_is_rebuilt_without_prefix_indexes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("schema-8.db");
    let mut conn = store::encryption::options(Some(&key()))
        .filename(&db)
        .create_if_missing(true)
        .connect()
        .await
        .expect("connect");
    older_schema::migrate_up_to(&mut conn, 8).await;
    sqlx::raw_sql(
        "INSERT INTO municipalities (id, name, state, created_at, updated_at)
              VALUES (1, 'Oberstedt', 'HE', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO cases (id, reference, reference_year, reference_number, title, status, priority,
                            municipality_id, advisor, opened_on, created_at, updated_at)
              VALUES (1, 'ZB-2026-001', 2026, 1, 'Quartiersfonds Nordstadt', 'active', 'normal', 1,
                      'Miriam Albers', '2026-01-05', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z');
         INSERT INTO journal_entries (case_id, occurred_on, kind, author, text, created_at, updated_at)
              VALUES (1, '2026-02-01', 'note', 'Miriam Albers', 'Die Begegnungsstätte öffnet im Mai.',
                      '2026-02-01T10:00:00Z', '2026-02-01T10:00:00Z');",
    )
    .execute(&mut conn)
    .await
    .expect("an older version's case");
    let old_index: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'case_search'")
        .fetch_one(&mut conn)
        .await
        .expect("old index");
    assert!(old_index.contains("prefix"), "{old_index}");
    sqlx::Connection::close(conn).await.expect("close");

    let planner = Planner::open(&db, &key()).await.expect("open and migrate");
    for typed in ["begegnungsst", "Begegnungsstätte", "quartiersf nord", "ob"] {
        let found = planner
            .list_cases(&CaseFilter {
                search: Some(typed.into()),
                ..CaseFilter::default()
            })
            .await
            .expect("search");
        assert_eq!(found.len(), 1, "{typed:?} finds the case");
    }
    let pool = planner.store().pool();
    let index: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'case_search'")
        .fetch_one(pool)
        .await
        .expect("index");
    assert!(!index.contains("prefix"), "{index}");
    let secure_delete: i64 = sqlx::query_scalar("SELECT v FROM case_search_config WHERE k = 'secure-delete'")
        .fetch_one(pool)
        .await
        .expect("secure-delete");
    assert_eq!(secure_delete, 1);
    sqlx::query("INSERT INTO case_search (case_search, rank) VALUES ('integrity-check', 1)")
        .execute(pool)
        .await
        .expect("the rebuilt index is sound");
    planner.close().await;
}
