//! Cases, their journal and tasks.

use beratungsplaner_core::domain::{CaseDetail, CaseFilter, CaseHit, CaseInput, CaseStatus, JournalInput, TaskInput};
use beratungsplaner_core::Planner;
use tauri::State;

use crate::error::CommandResult;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_topics(planner: State<'_, Planner>) -> CommandResult<Vec<String>> {
    planner.topics().await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_advisors(planner: State<'_, Planner>) -> CommandResult<Vec<String>> {
    planner.advisors().await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_cases(planner: State<'_, Planner>, filter: CaseFilter) -> CommandResult<Vec<CaseHit>> {
    planner.list_cases(&filter).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn get_case(planner: State<'_, Planner>, id: i64) -> CommandResult<CaseDetail> {
    planner.case_detail(id).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_case(planner: State<'_, Planner>, input: CaseInput) -> CommandResult<CaseDetail> {
    planner.create_case(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_case(planner: State<'_, Planner>, id: i64, input: CaseInput) -> CommandResult<CaseDetail> {
    planner.update_case(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id, status = ?status))]
pub async fn change_case_status(planner: State<'_, Planner>, id: i64, status: CaseStatus) -> CommandResult<CaseDetail> {
    planner.change_case_status(id, status).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(case_id = case_id))]
pub async fn add_journal_entry(
    planner: State<'_, Planner>,
    case_id: i64,
    input: JournalInput,
) -> CommandResult<CaseDetail> {
    planner.add_journal_entry(case_id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_journal_entry(
    planner: State<'_, Planner>,
    id: i64,
    input: JournalInput,
) -> CommandResult<CaseDetail> {
    planner.update_journal_entry(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(case_id = case_id))]
pub async fn add_task(planner: State<'_, Planner>, case_id: i64, input: TaskInput) -> CommandResult<CaseDetail> {
    planner.add_task(case_id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_task(planner: State<'_, Planner>, id: i64, input: TaskInput) -> CommandResult<CaseDetail> {
    planner.update_task(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id, done = done))]
pub async fn set_task_done(planner: State<'_, Planner>, id: i64, done: bool) -> CommandResult<CaseDetail> {
    planner.set_task_done(id, done).await.map_err(Into::into)
}
