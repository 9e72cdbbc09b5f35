//! The subscription feed: the whole calendar as iCalendar over HTTP, at a path holding a secret
//! token, for calendar programs that subscribe (`webcal://`).
//!
//! Built on axum (hyper underneath), the maintained mainstream HTTP stack on tokio, which the app
//! already runs: requests are served concurrently on the runtime and never block the window.
//! The body is deterministic for the same data (DTSTAMP is the newest change), so its hash is a
//! strong ETag; `If-None-Match` and `If-Modified-Since` answer 304.

use std::hash::{Hash, Hasher};
use std::net::SocketAddr;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};

use crate::domain::ExportScope;
use crate::{Error, Planner, Result};

/// The path of the feed for a token.
pub fn feed_path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

#[derive(Clone)]
struct FeedState {
    planner: Planner,
}

/// A bound feed server, ready to run.
pub struct FeedServer {
    listener: tokio::net::TcpListener,
    router: Router,
}

impl FeedServer {
    /// Binds `addr` (port 0 picks a free port).
    pub async fn bind(planner: Planner, addr: SocketAddr) -> Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io(format!("cannot listen on {addr}"), e))?;
        let router = Router::new()
            .route("/calendar/{file}", get(calendar))
            .with_state(FeedState { planner });
        Ok(Self { listener, router })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Error::io("cannot read the listening address", e))
    }

    /// Serves until `shutdown` completes.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| Error::io("the feed server stopped", e))
    }
}

fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

async fn calendar(State(state): State<FeedState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let planner = &state.planner;
    let token = match planner.feed_token().await {
        Ok(token) => token,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // Compared in full, whatever the length: a wrong token is simply not found.
    if file.strip_suffix(".ics") != Some(token.as_str()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let (body, modified) = match planner.feed_document(&ExportScope::default()).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(code = error.code(), "the feed could not be built");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    let etag = format!("\"{:016x}\"", hasher.finish());
    let last_modified = http_date(modified);
    let not_modified = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .is_some_and(|since| modified.timestamp() <= since.timestamp()),
    };
    let mut response = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            )],
            body,
        )
            .into_response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&last_modified) {
        h.insert(header::LAST_MODIFIED, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
