//! Municipalities and neighbourhoods.

use beratungsplaner_core::domain::{
    Municipality, MunicipalityInput, MunicipalityNode, Neighbourhood, NeighbourhoodInput,
};
use beratungsplaner_core::Planner;
use tauri::State;

use crate::error::CommandResult;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn municipality_tree(planner: State<'_, Planner>) -> CommandResult<Vec<MunicipalityNode>> {
    planner.municipality_tree().await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_municipality(planner: State<'_, Planner>, input: MunicipalityInput) -> CommandResult<Municipality> {
    planner.create_municipality(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_municipality(
    planner: State<'_, Planner>,
    id: i64,
    input: MunicipalityInput,
) -> CommandResult<Municipality> {
    planner.update_municipality(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_neighbourhood(
    planner: State<'_, Planner>,
    input: NeighbourhoodInput,
) -> CommandResult<Neighbourhood> {
    planner.create_neighbourhood(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_neighbourhood(
    planner: State<'_, Planner>,
    id: i64,
    input: NeighbourhoodInput,
) -> CommandResult<Neighbourhood> {
    planner.update_neighbourhood(id, input).await.map_err(Into::into)
}
