//! The unique constraints a user can run into, and the refusal each one means, in one table.
//!
//! SQLite names no constraint in its error: sqlx's `DatabaseError::constraint()` is `None` for
//! SQLite, and the message reads `UNIQUE constraint failed: <table>.<column>, …` (the columns of
//! the index or `UNIQUE` clause, whatever its name). Naming the indexes would take a schema
//! change for nothing the user sees, so the column list is the key: it is read here and nowhere
//! else, and a test per entry checks the message SQLite really writes. A violation not in the
//! table stays a storage error (a fault, not a user's mistake).

use crate::Error;

/// What a violation means: the field it belongs to (a validation error) or, without one, a
/// conflict in the current state.
struct Refusal {
    columns: &'static str,
    field: Option<&'static str>,
    de: &'static str,
    en: &'static str,
}

const UNIQUE: &[Refusal] = &[
    Refusal {
        columns: "municipalities.ags",
        field: Some("ags"),
        de: "Dieser Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet.",
        en: "This key already belongs to another municipality.",
    },
    Refusal {
        columns: "municipalities.name, municipalities.state",
        field: Some("name"),
        de: "Eine Kommune mit diesem Namen gibt es in diesem Bundesland schon.",
        en: "A municipality of this name already exists in this state.",
    },
    Refusal {
        columns: "neighbourhoods.municipality_id, neighbourhoods.name",
        field: Some("name"),
        de: "Ein Quartier mit diesem Namen gibt es in dieser Kommune schon.",
        en: "A neighbourhood of this name already exists in this municipality.",
    },
    // `bookings_one_per_slot`: the database decides between concurrent writers.
    Refusal {
        columns: "bookings.series_id, bookings.occurrence_start, bookings.position",
        field: None,
        de: "Dieses Zeitfenster ist bereits gebucht.",
        en: "This slot is already booked.",
    },
];

const PREFIX: &str = "UNIQUE constraint failed: ";

/// The refusal a unique violation in [`UNIQUE`] means; any other error as a storage error.
pub(crate) fn refused(error: sqlx::Error) -> Error {
    let known = match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => db
            .message()
            .strip_prefix(PREFIX)
            .and_then(|columns| UNIQUE.iter().find(|r| r.columns == columns)),
        _ => None,
    };
    match known {
        Some(Refusal {
            field: Some(field),
            de,
            en,
            ..
        }) => Error::field(field, de, en),
        Some(Refusal { de, en, .. }) => Error::conflict(*de, *en),
        None => Error::Storage(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// Every entry of the table, provoked for real: the key is the message SQLite writes.
    #[tokio::test]
    async fn every_entry_matches_the_message_sqlite_writes() {
        let store = Store::in_memory().await.expect("store");
        let pool = store.pool();
        let statements = [
            "INSERT INTO municipalities (name, state, ags, created_at, updated_at) VALUES ('A', 'BY', '09162000', 'x', 'x')",
            "INSERT INTO municipalities (name, state, ags, created_at, updated_at) VALUES ('B', 'BY', '09162000', 'x', 'x')",
            "INSERT INTO municipalities (name, state, created_at, updated_at) VALUES ('A', 'BY', 'x', 'x')",
            "INSERT INTO neighbourhoods (municipality_id, name, created_at, updated_at) VALUES (1, 'N', 'x', 'x')",
            "INSERT INTO neighbourhoods (municipality_id, name, created_at, updated_at) VALUES (1, 'N', 'x', 'x')",
        ];
        let mut refusals = Vec::new();
        for sql in statements {
            if let Err(e) = sqlx::query(sql).execute(pool).await {
                refusals.push(refused(e));
            }
        }
        let fields: Vec<Option<String>> = refusals
            .iter()
            .map(|e| match e {
                Error::Validation(f) => f.0.first().map(|f| f.field.clone()),
                other => panic!("not a field refusal: {other:?}"),
            })
            .collect();
        assert_eq!(
            fields,
            [Some("ags".to_owned()), Some("name".to_owned()), Some("name".to_owned())]
        );
        let bookings = UNIQUE
            .iter()
            .find(|r| r.columns.starts_with("bookings."))
            .expect("entry");
        assert!(bookings.field.is_none());
    }

    #[tokio::test]
    async fn other_violations_stay_storage_errors() {
        let store = Store::in_memory().await.expect("store");
        let e = sqlx::query(
            "INSERT INTO neighbourhoods (municipality_id, name, created_at, updated_at) VALUES (999, 'N', 'x', 'x')",
        )
        .execute(store.pool())
        .await
        .expect_err("foreign key");
        assert!(matches!(refused(e), Error::Storage(_)));
    }
}
