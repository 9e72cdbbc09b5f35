//! Settings and the start page.

use beratungsplaner_core::domain::{Dashboard, Settings};
use beratungsplaner_core::Planner;
use tauri::State;

use crate::error::CommandResult;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn get_settings(planner: State<'_, Planner>) -> CommandResult<Settings> {
    planner.settings().await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn save_settings(planner: State<'_, Planner>, settings: Settings) -> CommandResult<Settings> {
    planner.save_settings(settings).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn dashboard(planner: State<'_, Planner>) -> CommandResult<Dashboard> {
    planner.dashboard().await.map_err(Into::into)
}
