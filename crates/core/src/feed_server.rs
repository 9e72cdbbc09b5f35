//! The subscription feed: the whole calendar as iCalendar over HTTP, at a path holding a secret
//! token, for calendar programs that subscribe (`webcal://`).
//!
//! Built on axum (hyper underneath), the maintained mainstream HTTP stack on tokio, which the app
//! already runs: requests are served concurrently on the runtime and never block the window.
//! The body is deterministic for the same data (DTSTAMP is the newest change), so its hash is a
//! strong ETag; `If-None-Match` and `If-Modified-Since` answer 304.
//!
//! The feed is for a few calendar programs on the same computer, and whoever can reach the port
//! can open connections without knowing the token. So the accept loop is ours (hyper's HTTP/1
//! connection under the axum router), with three bounds: a request head must arrive whole within
//! [`HEADER_TIMEOUT`] (an idle keep-alive connection too), at most [`MAX_CONNECTIONS`] are open
//! (one past that is closed at once, so the process never runs out of descriptors), and a stop
//! gives requests in flight [`SHUTDOWN_GRACE`], then drops every connection.

use std::hash::{Hash, Hasher};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

pub use crate::domain::feed_path;
use crate::domain::{check_feed_port, ExportScope, FieldErrors};
use crate::{Error, Planner, Result};

/// How long a client may take to send a request's head (from the connection's start, or the end
/// of the previous response): a calendar program sends it at once.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; one past that is closed unanswered.
pub const MAX_CONNECTIONS: usize = 64;
/// How long a stop waits for requests in flight before it drops their connections.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// The longest one connection lives: a client that reads its answer slower than that is cut off.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(120);
/// The pause after a failed accept (descriptors exhausted), so the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

impl Planner {
    /// Binds the feed on 127.0.0.1:`port`, ready to run. A port that is taken or not allowed
    /// is a validation error of the field `port`, in words the advisor can act on.
    pub async fn bind_feed(&self, port: u16) -> Result<FeedServer> {
        check_feed_port(port)?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        FeedServer::bind(self.clone(), addr)
            .await
            .map_err(|error| match &error {
                Error::Io { source, .. } if source.kind() == std::io::ErrorKind::AddrInUse => port_error(
                    &format!(
                        "Port {port} ist schon belegt – von einem anderen Programm oder einem zweiten \
                     Beratungsplaner. Bitte einen anderen Port wählen."
                    ),
                    &format!(
                        "Port {port} is already in use – by another program or a second Beratungsplaner. \
                     Please choose another port."
                    ),
                ),
                Error::Io { source, .. } if source.kind() == std::io::ErrorKind::PermissionDenied => port_error(
                    &format!("Port {port} darf nicht verwendet werden. Bitte einen anderen Port wählen."),
                    &format!("Port {port} may not be used. Please choose another port."),
                ),
                _ => error,
            })
    }
}

fn port_error(de: &str, en: &str) -> Error {
    let mut errors = FieldErrors::default();
    errors.add("port", de, en);
    Error::Validation(errors)
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

    /// Serves until `shutdown` completes, then stops within [`SHUTDOWN_GRACE`]. Dropping the
    /// future drops every connection at once.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> Result<()> {
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let (stop, stopping) = watch::channel(false);
        let mut connections = JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
                accepted = self.listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(error) => {
                            tracing::warn!("the feed server cannot accept a connection: {error}");
                            tokio::time::sleep(ACCEPT_BACKOFF).await;
                            continue;
                        }
                    };
                    // Full: closed at once (dropped), unanswered.
                    let Ok(slot) = slots.clone().try_acquire_owned() else {
                        continue;
                    };
                    connections.spawn(serve(stream, self.router.clone(), stopping.clone(), slot));
                }
            }
        }
        drop(self.listener);
        let _ = stop.send(true);
        let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while connections.join_next().await.is_some() {}
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                open = connections.len(),
                "the feed server dropped connections still open"
            );
        }
        Ok(())
    }
}

/// One connection: HTTP/1 with the head timeout, until the client closes, the lifetime ends, or
/// a stop (which lets the request in flight finish).
async fn serve(
    stream: tokio::net::TcpStream,
    router: Router,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut router = router.clone();
        async move { tower_service::Service::call(&mut router, request).await }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let lifetime = tokio::time::sleep(CONNECTION_LIFETIME);
    tokio::pin!(lifetime);
    tokio::select! {
        _ = connection.as_mut() => return,
        () = &mut lifetime => return,
        _ = stopping.wait_for(|stop| *stop) => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout_at(lifetime.deadline(), connection).await;
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
