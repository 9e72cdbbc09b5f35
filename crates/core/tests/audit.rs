//! The audit trail on a real database file: two processes' worth of writers appending at once
//! never fork the chain, and a record someone edits underneath is named by the check.

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::domain::{AuditAction, AuditSubjectKind, ExportScope};
use beratungsplaner_core::Planner;

#[tokio::test]
async fn writers_appending_at_once_keep_one_chain() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("audit.db");
    let (a, b) = (
        Planner::open(&db, &test_key()).await.expect("open"),
        Planner::open(&db, &test_key()).await.expect("open"),
    );
    let demo = DemoOptions {
        municipalities: 2,
        cases: 0,
        seed: 1,
    };
    a.generate_demo_data(&demo).await.expect("two Kommunen");
    let tree = a.municipality_tree().await.expect("tree");
    let (first, second) = (tree[0].municipality.id, tree[1].municipality.id);
    let scope = |municipality_id| ExportScope {
        municipality_id: Some(municipality_id),
        ..ExportScope::default()
    };
    let writer = |planner: Planner, municipality_id: i64| async move {
        for _ in 0..15 {
            planner.export_ics(&scope(municipality_id)).await.expect("export");
        }
    };
    tokio::join!(writer(a.clone(), first), writer(b.clone(), second));

    let verified = a.verify_audit_trail().await.expect("verify");
    assert_eq!((verified.records, verified.first_broken), (30, None));
    let records = b.audit_trail(100).await.expect("trail");
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    assert_eq!(ids, (1..=30).rev().collect::<Vec<_>>(), "one chain, no gaps");
    assert!(records.iter().all(|r| r.action == AuditAction::CalendarExported
        && r.subject_kind == Some(AuditSubjectKind::Municipality)
        && r.detail.is_empty()));
    for municipality_id in [first, second] {
        let theirs = records.iter().filter(|r| r.subject_id == Some(municipality_id)).count();
        assert_eq!(theirs, 15, "every append of writer {municipality_id} is there");
    }

    sqlx::raw_sql("DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET subject_id = 999999 WHERE id = 17")
        .execute(a.store().pool())
        .await
        .expect("edit underneath");
    let broken = b
        .verify_audit_trail()
        .await
        .expect("verify")
        .first_broken
        .expect("broken");
    assert_eq!(broken.id, 17);
    a.close().await;
    b.close().await;
}

/// The key of every database these tests write.
fn test_key() -> beratungsplaner_core::store::DatabaseKey {
    beratungsplaner_core::store::DatabaseKey::from_bytes([7; 32])
}
