//! Contacts and their roles on cases.

use beratungsplaner_core::domain::{CaseDetail, Contact, ContactInput, ParticipantInput};
use beratungsplaner_core::Planner;
use chrono::NaiveDate;
use tauri::State;

use crate::error::CommandResult;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn search_contacts(planner: State<'_, Planner>, query: String) -> CommandResult<Vec<Contact>> {
    planner.search_contacts(&query).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_contact(planner: State<'_, Planner>, input: ContactInput) -> CommandResult<Contact> {
    planner.create_contact(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_contact(planner: State<'_, Planner>, id: i64, input: ContactInput) -> CommandResult<Contact> {
    planner.update_contact(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(case_id = case_id))]
pub async fn add_participant(
    planner: State<'_, Planner>,
    case_id: i64,
    input: ParticipantInput,
) -> CommandResult<CaseDetail> {
    planner.add_participant(case_id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn end_participant(
    planner: State<'_, Planner>,
    id: i64,
    until_on: Option<NaiveDate>,
) -> CommandResult<CaseDetail> {
    planner.end_participant(id, until_on).await.map_err(Into::into)
}
