//! `Planner` operations on municipalities and their neighbourhoods (Kommunen und Quartiere).

use crate::domain::*;
use crate::error::Entity;
use crate::store;
use crate::{Error, Result};

use super::Planner;

impl Planner {
    /// Municipalities with their neighbourhoods and open-case counts, for the sidebar.
    pub async fn municipality_tree(&self) -> Result<Vec<MunicipalityNode>> {
        let pool = self.store.pool();
        let municipalities = store::municipalities::list(pool).await?;
        let neighbourhoods = store::municipalities::neighbourhoods::list(pool).await?;
        let counts = store::municipalities::open_case_counts(pool).await?;
        let count_of = |m: i64, n: Option<i64>| -> i64 {
            counts
                .iter()
                .filter(|(cm, cn, _)| *cm == m && (n.is_none() || *cn == n))
                .map(|(_, _, c)| c)
                .sum()
        };
        Ok(municipalities
            .into_iter()
            .map(|municipality| MunicipalityNode {
                open_cases: count_of(municipality.id, None),
                neighbourhoods: neighbourhoods
                    .iter()
                    .filter(|n| n.municipality_id == municipality.id)
                    .map(|n| NeighbourhoodNode {
                        open_cases: count_of(municipality.id, Some(n.id)),
                        neighbourhood: n.clone(),
                    })
                    .collect(),
                municipality,
            })
            .collect())
    }

    /// Creates a municipality.
    pub async fn create_municipality(&self, input: MunicipalityInput) -> Result<Municipality> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let id = store::municipalities::insert(&mut tx, &valid).await?;
        tx.commit().await?;
        self.municipality(id).await
    }

    /// Changes a municipality.
    pub async fn update_municipality(&self, id: i64, input: MunicipalityInput) -> Result<Municipality> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let found = store::municipalities::update(&mut tx, id, &valid).await?;
        if !found {
            return Err(Error::not_found(Entity::Municipality, id));
        }
        tx.commit().await?;
        self.municipality(id).await
    }

    pub(super) async fn municipality(&self, id: i64) -> Result<Municipality> {
        store::municipalities::get(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Municipality, id))
    }

    /// Creates a neighbourhood.
    pub async fn create_neighbourhood(&self, input: NeighbourhoodInput) -> Result<Neighbourhood> {
        let valid = input.validate()?;
        self.municipality(valid.municipality_id).await.map_err(|_| {
            Error::field(
                "municipality_id",
                "Bitte eine Kommune wählen.",
                "Please choose a municipality.",
            )
        })?;
        let mut tx = self.store.begin().await?;
        let id = store::municipalities::neighbourhoods::insert(&mut tx, &valid).await?;
        tx.commit().await?;
        self.neighbourhood(id).await
    }

    /// Changes a neighbourhood.
    pub async fn update_neighbourhood(&self, id: i64, input: NeighbourhoodInput) -> Result<Neighbourhood> {
        let valid = input.validate()?;
        let mut tx = self.store.begin().await?;
        let found = store::municipalities::neighbourhoods::update(&mut tx, id, &valid).await?;
        if !found {
            return Err(Error::not_found(Entity::Neighbourhood, id));
        }
        tx.commit().await?;
        self.neighbourhood(id).await
    }

    pub(super) async fn neighbourhood(&self, id: i64) -> Result<Neighbourhood> {
        store::municipalities::neighbourhoods::get(self.store.pool(), id)
            .await?
            .ok_or(Error::not_found(Entity::Neighbourhood, id))
    }
}
