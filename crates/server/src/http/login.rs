//! `POST /v1/login`: a password exchanged for a device token.

use axum::extract::State;
use axum::Json;
use beratungsplaner_team_protocol::{LoginRequest, LoginResponse};

use super::account::described;
use super::AppState;
use crate::accounts;
use crate::error::ServerError;

pub async fn login(
    State(state): State<AppState>,
    Json(request): Json<LoginRequest>,
) -> Result<Json<LoginResponse>, ServerError> {
    let (token, account) = accounts::sign_in(&state.pool, &request.user, &request.password, &request.device).await?;
    Ok(Json(LoginResponse {
        token,
        account: described(&account),
    }))
}
