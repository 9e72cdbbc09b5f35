//! The outbox triggers: every insert, change and delete of a synced row writes to `team_outbox` in
//! the transaction of the change itself, so no change is missed, whichever code made it. They exist
//! only while a team server is set (installed when the device joins, dropped when it leaves): the
//! app without a team server writes exactly as before. While pulled records are applied
//! (`team_connection.applying`), they stay silent.

use super::kinds::{Column, Kind, KINDS};
use crate::store::Tx;
use crate::Result;

const QUIET: &str = "WHEN (SELECT applying FROM team_connection) = 0";

fn columns_json(kind: &Kind, row: &str) -> String {
    let parts: Vec<String> = kind
        .column_fields()
        .map(|f| format!("'{}', {row}.{}", f.name, f.name))
        .collect();
    format!("json_object({})", parts.join(", "))
}

/// The statements creating the triggers of every synced kind.
fn create_statements() -> Vec<String> {
    let mut statements = Vec::new();
    for kind in KINDS {
        let (name, table) = (kind.name, kind.table);
        statements.push(format!(
            "CREATE TRIGGER IF NOT EXISTS team_outbox_{table}_insert AFTER INSERT ON {table} {QUIET}
             BEGIN INSERT INTO team_outbox (kind, local_id, field) VALUES ('{name}', NEW.id, NULL); END"
        ));
        statements.push(format!(
            "CREATE TRIGGER IF NOT EXISTS team_outbox_{table}_delete AFTER DELETE ON {table} {QUIET}
             BEGIN INSERT INTO team_outbox (kind, local_id, field) VALUES ('{name}', OLD.id, NULL); END"
        ));
        // One outbox row per changed field: the row before and after as JSON, compared key by key.
        statements.push(format!(
            "CREATE TRIGGER IF NOT EXISTS team_outbox_{table}_update AFTER UPDATE ON {table} {QUIET}
             BEGIN
                 INSERT INTO team_outbox (kind, local_id, field)
                 SELECT '{name}', NEW.id, n.key
                   FROM json_each({new}) n JOIN json_each({old}) o ON o.key = n.key
                  WHERE n.value IS NOT o.value OR n.type <> o.type;
             END",
            new = columns_json(kind, "NEW"),
            old = columns_json(kind, "OLD"),
        ));
        if kind.fields.iter().any(|f| f.column == Column::CaseTopics) {
            for (event, row) in [("insert", "NEW"), ("delete", "OLD")] {
                statements.push(format!(
                    "CREATE TRIGGER IF NOT EXISTS team_outbox_case_topics_{event} AFTER {event} ON case_topics {QUIET}
                     BEGIN INSERT INTO team_outbox (kind, local_id, field) VALUES ('{name}', {row}.case_id, 'topics'); END"
                ));
            }
        }
    }
    statements
}

fn trigger_names() -> Vec<String> {
    let mut names = Vec::new();
    for kind in KINDS {
        for event in ["insert", "delete", "update"] {
            names.push(format!("team_outbox_{}_{event}", kind.table));
        }
        if kind.fields.iter().any(|f| f.column == Column::CaseTopics) {
            names.push("team_outbox_case_topics_insert".into());
            names.push("team_outbox_case_topics_delete".into());
        }
    }
    names
}

/// Creates the triggers (the statements are built from [`KINDS`] alone, never from input).
pub async fn install(tx: &mut Tx) -> Result<()> {
    for statement in create_statements() {
        sqlx::query(&statement).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Drops the triggers: the device no longer syncs with a team.
pub async fn remove(tx: &mut Tx) -> Result<()> {
    for name in trigger_names() {
        sqlx::query(&format!("DROP TRIGGER IF EXISTS {name}"))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
