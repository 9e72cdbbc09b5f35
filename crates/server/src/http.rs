//! The HTTP API: the router, the signed-in account of a request, and the request log.

mod account;
mod changes;
mod health;
mod login;
mod push;

use std::time::Instant;

use axum::extract::{FromRequestParts, MatchedPath, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use sqlx::PgPool;

use crate::accounts::{self, SignedIn};
use crate::error::ServerError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}

pub fn router(pool: PgPool) -> Router {
    let state = AppState { pool };
    Router::new()
        .route("/health", get(health::health))
        .route("/v1/login", post(login::login))
        .route("/v1/account", get(account::account))
        .route("/v1/changes", get(changes::changes))
        .route("/v1/push", post(push::push))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// One log line per request: method, route (not the path with its values), status, duration.
async fn log_request(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "(unknown route)".to_owned());
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = start.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// The account a request's `Authorization: Bearer` token belongs to; a request without a valid
/// token goes no further.
impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ServerError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ServerError::Unauthorized)?;
        accounts::by_token(&state.pool, token.trim()).await
    }
}
