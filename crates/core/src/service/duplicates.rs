//! `Planner` operations on likely duplicate contacts: finding them, and merging one into the
//! other in one transaction (or, as a preview, in one that is rolled back).

use crate::domain::*;
use crate::error::Entity;
use crate::store;
use crate::{Error, Result};

use super::Planner;

impl Planner {
    /// The likely duplicates among the contacts: the same e-mail, or names alike in the same
    /// organisation; the older of each pair is the one to keep.
    pub async fn contact_duplicates(&self) -> Result<Vec<DuplicatePair>> {
        let contacts = store::duplicates::all(self.store.pool()).await?;
        Ok(find_duplicates(&contacts))
    }

    /// Merges the contact `drop_id` into `keep_id`: every role, booking and event participation
    /// moves over, the kept contact's gaps are filled, and the other is deleted, in one
    /// transaction. With `dry_run` nothing is written: the answer says what would move.
    pub async fn merge_contacts(&self, keep_id: i64, drop_id: i64, dry_run: bool) -> Result<MergePreview> {
        if keep_id == drop_id {
            return Err(Error::field(
                "drop",
                "Eine Ansprechperson lässt sich nicht mit sich selbst zusammenführen.",
                "A contact cannot be merged with itself.",
            ));
        }
        let mut tx = self.store.begin().await?;
        let keep = store::contacts::get(&mut *tx, keep_id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, keep_id))?;
        let drop = store::contacts::get(&mut *tx, drop_id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, drop_id))?;
        if keep.kind != drop.kind {
            return Err(Error::field(
                "drop",
                "Eine Person und eine Organisation lassen sich nicht zusammenführen.",
                "A person and an organisation cannot be merged.",
            ));
        }
        let moved = store::duplicates::links(&mut tx, drop.id).await?;
        let mut cases = store::duplicates::cases_of(&mut tx, drop.id).await?;
        cases.extend(store::duplicates::cases_of(&mut tx, keep.id).await?);
        cases.sort_unstable();
        cases.dedup();
        let shared = store::duplicates::merge(&mut tx, &keep, &drop).await?;
        // The cases' search documents name the person: under the kept name from now on.
        for case in cases {
            store::erasure::reindex_case(&mut tx, case).await?;
        }
        let kept = store::contacts::get(&mut *tx, keep.id)
            .await?
            .ok_or(Error::not_found(Entity::Contact, keep.id))?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        let preview = MergePreview {
            keep: kept,
            drop,
            roles: count(moved.roles),
            bookings: count(moved.bookings),
            participations: count(moved.participations - shared),
            shared_events: count(shared),
        };
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(preview)
    }
}
