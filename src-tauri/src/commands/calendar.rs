//! Consultation-hour series, slots, bookings, appointments and the calendar.

use beratungsplaner_core::domain::{
    Appointment, AppointmentInput, Booking, BookingInput, CalendarQuery, CalendarView, CaseDetail, ConsultationSeries,
    SeriesInput, SeriesPreview,
};
use beratungsplaner_core::Planner;
use tauri::State;

use crate::error::CommandResult;

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_series(planner: State<'_, Planner>) -> CommandResult<Vec<ConsultationSeries>> {
    planner.list_series().await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn get_series(planner: State<'_, Planner>, id: i64) -> CommandResult<ConsultationSeries> {
    planner.series(id).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn preview_series(
    planner: State<'_, Planner>,
    id: Option<i64>,
    input: SeriesInput,
) -> CommandResult<SeriesPreview> {
    planner.preview_series(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_series(planner: State<'_, Planner>, input: SeriesInput) -> CommandResult<ConsultationSeries> {
    planner.create_series(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_series(
    planner: State<'_, Planner>,
    id: i64,
    input: SeriesInput,
    accept_displaced: bool,
) -> CommandResult<ConsultationSeries> {
    planner
        .update_series(id, input, accept_displaced)
        .await
        .map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn calendar_view(planner: State<'_, Planner>, query: CalendarQuery) -> CommandResult<CalendarView> {
    planner.calendar(&query).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn book_slot(planner: State<'_, Planner>, input: BookingInput) -> CommandResult<Booking> {
    planner.book_slot(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn rebook_booking(
    planner: State<'_, Planner>,
    id: i64,
    slot_id: String,
    accept_overlap: bool,
) -> CommandResult<Booking> {
    planner.rebook(id, &slot_id, accept_overlap).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn cancel_booking(planner: State<'_, Planner>, id: i64, reason: String) -> CommandResult<Booking> {
    planner.cancel_booking(id, &reason).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn write_booking_minutes(planner: State<'_, Planner>, id: i64, text: String) -> CommandResult<CaseDetail> {
    planner.write_booking_minutes(id, &text).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn list_appointments(planner: State<'_, Planner>, query: CalendarQuery) -> CommandResult<Vec<Appointment>> {
    planner.appointments(&query).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn create_appointment(planner: State<'_, Planner>, input: AppointmentInput) -> CommandResult<Appointment> {
    planner.create_appointment(input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn update_appointment(
    planner: State<'_, Planner>,
    id: i64,
    input: AppointmentInput,
) -> CommandResult<Appointment> {
    planner.update_appointment(id, input).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn cancel_appointment(planner: State<'_, Planner>, id: i64) -> CommandResult<Appointment> {
    planner.cancel_appointment(id).await.map_err(Into::into)
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(id = id))]
pub async fn delete_appointment(planner: State<'_, Planner>, id: i64) -> CommandResult<()> {
    planner.delete_appointment(id).await.map_err(Into::into)
}
