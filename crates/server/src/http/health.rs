//! `GET /health`: 200 when this process reaches its database, 503 when not (for a load balancer).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use beratungsplaner_team_protocol::Health;

use super::AppState;

pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = sqlx::query_scalar!(r#"SELECT 1 AS "one!""#)
        .fetch_one(&state.pool)
        .await
        .is_ok();
    let status = if database {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(Health { database }))
}
