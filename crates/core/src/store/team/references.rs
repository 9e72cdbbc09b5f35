//! Case references in a team: `BF-<year>-<prefix>-<number>`, the prefix the advisor's own (given
//! by the server's administrator), so that references made offline on two laptops never collide
//! and are final the moment they are made. `cases.reference_year`/`reference_number` number this
//! device's own references; a case of another advisor holds a negative number there (counting
//! down), which keeps the columns' uniqueness and never touches the own count.

use chrono::{Datelike, Utc};

use crate::store::Tx;
use crate::Result;

/// The parts of a team reference: year, prefix, number.
fn parts(reference: &str) -> Option<(i64, &str, i64)> {
    let mut parts = reference.split('-');
    match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("BF"), Some(year), Some(prefix), Some(number), None) => {
            Some((year.parse().ok()?, prefix, number.parse().ok()?))
        }
        _ => None,
    }
}

/// Where a pulled case's reference goes in the own numbering: its own number when it carries the
/// own prefix (a case made on this account's other device), else the next free negative one.
pub async fn numbering(tx: &mut Tx, reference: &str, own_prefix: &str) -> Result<(i64, i64)> {
    if let Some((year, prefix, number)) = parts(reference) {
        if prefix == own_prefix {
            return Ok((year, number));
        }
    }
    let year = reference
        .split('-')
        .nth(1)
        .and_then(|y| y.parse().ok())
        .unwrap_or_else(|| i64::from(Utc::now().year()));
    let lowest = sqlx::query_scalar!(
        r#"SELECT coalesce(min(reference_number), 0) AS "lowest!: i64" FROM cases WHERE reference_year = ?1"#,
        year
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((year, lowest.min(0) - 1))
}

/// Joining a team: the references this device made get the advisor's prefix
/// (`BF-2026-0042` → `BF-2026-MA-0042`), so they are unique across the team.
pub async fn take_prefix(tx: &mut Tx, prefix: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE cases SET reference = printf('BF-%04d-%s-%04d', reference_year, ?1, reference_number)
          WHERE reference_number > 0",
        prefix
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
