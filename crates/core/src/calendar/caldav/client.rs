//! Talking to a CalDAV server: discovery, and reading and writing one event resource at a time
//! with the preconditions that keep a sync from overwriting what it has not seen.
//!
//! Built on `libdav` (the client of pimsync): it does the WebDAV/CalDAV XML (PROPFIND for the
//! principal, the calendar home and the calendars, calendar-multiget, extended MKCOL) and the
//! conditional PUT/DELETE, and leaves the HTTP stack to us, so the connection is hyper with
//! rustls (ring, the system's certificates) and HTTP Basic authentication. Every request goes
//! through a counter, so a sync can say how many requests and writes it needed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Method, StatusCode, Uri};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use libdav::caldav::{
    CalendarComponent, CreateCalendar, FindCalendarHomeSet, FindCalendars, GetCalendarResources, GetSupportedComponents,
};
use libdav::dav::{
    Delete, FindCurrentUserPrincipalError, GetEtag, ListResources, PutResource, WebDavClient, WebDavError,
};
use libdav::{names, CalDavClient};
use tower_http::auth::AddAuthorization;

use crate::{Error, Result};

/// How long one request may take before the server counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const ICS: &str = "text/calendar; charset=utf-8";

/// Requests sent, and how many of them wrote (PUT, DELETE, MKCOL, MKCALENDAR).
#[derive(Debug, Default)]
pub struct Counts {
    requests: AtomicU32,
    writes: AtomicU32,
}

impl Counts {
    /// Requests sent so far.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Writing requests sent so far.
    pub fn writes(&self) -> u32 {
        self.writes.load(Ordering::Relaxed)
    }
}

/// The HTTP service with a counter in front.
#[derive(Debug, Clone)]
pub struct Counted<S> {
    inner: S,
    counts: Arc<Counts>,
}

impl<S, B> tower_service::Service<http::Request<String>> for Counted<S>
where
    S: tower_service::Service<http::Request<String>, Response = http::Response<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<String>) -> Self::Future {
        self.counts.requests.fetch_add(1, Ordering::Relaxed);
        let method = request.method();
        if *method == Method::PUT
            || *method == Method::DELETE
            || method.as_str() == "MKCOL"
            || method.as_str() == "MKCALENDAR"
        {
            self.counts.writes.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.call(request)
    }
}

type Http = Counted<AddAuthorization<Client<HttpsConnector<HttpConnector>, String>>>;
type DavError = WebDavError<hyper_util::client::legacy::Error>;

/// A calendar found on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCalendar {
    /// Its path on the server, ending in `/`.
    pub href: String,
    /// Its display name, else the last part of its path.
    pub name: String,
}

/// What a conditional write found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written; the server's new ETag (if it said).
    Done(Option<String>),
    /// The precondition failed: the resource exists (create) or has changed (update, delete).
    Changed,
    /// The resource is not there (update, delete).
    Gone,
}

/// A connection to one CalDAV server, as one user.
#[derive(Debug, Clone)]
pub struct Server {
    dav: CalDavClient<Http>,
    counts: Arc<Counts>,
    url: String,
}

fn remote(code: &'static str, de: String, en: String) -> Error {
    Error::Remote { code, de, en }
}

impl Server {
    /// A client for `url` (the server, a principal or a calendar) with Basic authentication.
    /// Nothing is sent yet.
    pub fn new(url: &str, user: &str, password: &str) -> Result<Self> {
        let base: Uri = url.trim().parse().map_err(|_| {
            remote(
                "url",
                format!("„{url}“ ist keine gültige Adresse."),
                format!("\"{url}\" is not a valid URL"),
            )
        })?;
        if !matches!(base.scheme_str(), Some("http" | "https")) || base.host().is_none() {
            return Err(remote(
                "url",
                format!("„{url}“ ist keine http- oder https-Adresse."),
                format!("\"{url}\" is not an http or https URL"),
            ));
        }
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| {
                remote(
                    "certificate",
                    "Die Zertifikate des Systems konnten nicht gelesen werden.".into(),
                    format!("cannot read the system's certificates: {e}"),
                )
            })?
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new()).build(connector);
        let counts = Arc::new(Counts::default());
        let http = Counted {
            inner: AddAuthorization::basic(client, user, password),
            counts: counts.clone(),
        };
        Ok(Self {
            dav: CalDavClient::new(WebDavClient::new(base, http)),
            counts,
            url: url.trim().to_owned(),
        })
    }

    /// The path of the URL it was made for, ending in `/`.
    pub fn base_path(&self) -> String {
        with_slash(self.dav.base_url().path())
    }

    /// The requests sent so far.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The calendars for events that this user can reach: the URL itself when it is one, else
    /// those in the user's calendar home (current-user-principal → calendar-home-set).
    pub async fn calendars(&self) -> Result<Vec<FoundCalendar>> {
        let base_path = self.dav.base_url().path().to_owned();
        if self.holds_events(&base_path).await? {
            return Ok(vec![FoundCalendar {
                name: last_segment(&base_path),
                href: with_slash(&base_path),
            }]);
        }
        let home = self.home().await?;
        let found = self
            .timed(self.dav.request(FindCalendars::new(&home)))
            .await?
            .map_err(|e| self.failed(e))?;
        let mut calendars = Vec::new();
        for calendar in found.calendars {
            if !self.holds_events(&calendar.href).await? {
                continue;
            }
            let name = calendar
                .properties
                .iter()
                .find(|(name, _)| **name == names::DISPLAY_NAME)
                .and_then(|(_, value)| value.clone())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| last_segment(&calendar.href));
            calendars.push(FoundCalendar {
                href: with_slash(&calendar.href),
                name,
            });
        }
        Ok(calendars)
    }

    /// The user's calendar home (where new calendars go).
    pub async fn home(&self) -> Result<String> {
        let principal = match self.timed(self.dav.find_current_user_principal()).await? {
            Ok(principal) => principal,
            Err(FindCurrentUserPrincipalError::RequestError(e)) => return Err(self.failed(e)),
            Err(e) => {
                return Err(remote(
                    "remote",
                    "Der Server antwortet nicht wie ein CalDAV-Server.".into(),
                    format!("the server does not answer like a CalDAV server: {e}"),
                ))
            }
        };
        let Some(principal) = principal else {
            return Ok(with_slash(self.dav.base_url().path()));
        };
        let homes = self
            .timed(self.dav.request(FindCalendarHomeSet::new(principal.path())))
            .await?
            .map_err(|e| self.failed(e))?
            .home_sets;
        Ok(homes
            .first()
            .map_or_else(|| with_slash(principal.path()), |home| with_slash(home.path())))
    }

    async fn holds_events(&self, href: &str) -> Result<bool> {
        match self.timed(self.dav.request(GetSupportedComponents::new(href))).await? {
            Ok(found) => Ok(found.components.contains(&CalendarComponent::VEvent)),
            // Not a calendar (a plain collection or the server's root).
            Err(WebDavError::BadStatusCode(status)) if status != StatusCode::UNAUTHORIZED => Ok(false),
            Err(WebDavError::Xml(_) | WebDavError::InvalidResponse(_)) => Ok(false),
            Err(e) => Err(self.failed(e)),
        }
    }

    /// Creates a calendar for events named `name` in the user's calendar home.
    pub async fn create_calendar(&self, name: &str) -> Result<FoundCalendar> {
        let home = self.home().await?;
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let href = format!("{home}{}/", slug.trim_matches('-'));
        self.timed(
            self.dav.request(
                CreateCalendar::new(&href)
                    .with_display_name(name)
                    .with_components(&[CalendarComponent::VEvent]),
            ),
        )
        .await?
        .map_err(|e| self.failed(e))?;
        Ok(FoundCalendar {
            href,
            name: name.to_owned(),
        })
    }

    /// The event resources of `calendar`: href → ETag.
    pub async fn list(&self, calendar: &str) -> Result<HashMap<String, Option<String>>> {
        let listed = self
            .timed(self.dav.request(ListResources::new(calendar)))
            .await?
            .map_err(|e| self.failed(e))?;
        Ok(listed
            .resources
            .into_iter()
            .filter(|r| !r.resource_type.is_collection)
            .map(|r| (path_of(&r.href), r.etag))
            .collect())
    }

    /// The text and ETag of one resource, if it is there.
    pub async fn get(&self, calendar: &str, href: &str) -> Result<Option<(String, String)>> {
        let fetched = self
            .timed(self.dav.request(GetCalendarResources::new(calendar).with_hrefs([href])))
            .await?
            .map_err(|e| self.failed(e))?;
        Ok(fetched
            .resources
            .into_iter()
            .find_map(|r| r.content.ok().map(|c| (c.data, c.etag))))
    }

    /// Creates a resource that must not exist yet (`If-None-Match: *`).
    pub async fn create(&self, href: &str, ics: &str) -> Result<Written> {
        let done = self
            .timed(self.dav.request(PutResource::new(href).create(ics, ICS)))
            .await?;
        self.written(href, done.map(|r| r.etag)).await
    }

    /// Replaces a resource that must still have `etag` (`If-Match`).
    pub async fn update(&self, href: &str, ics: &str, etag: &str) -> Result<Written> {
        let done = self
            .timed(self.dav.request(PutResource::new(href).update(ics, ICS, etag)))
            .await?;
        self.written(href, done.map(|r| r.etag)).await
    }

    /// Deletes a resource that must still have `etag` (`If-Match`).
    pub async fn delete(&self, href: &str, etag: &str) -> Result<Written> {
        let done = self.timed(self.dav.request(Delete::new(href).with_etag(etag))).await?;
        match done {
            Ok(_) => Ok(Written::Done(None)),
            Err(e) => self.precondition(e),
        }
    }

    async fn written(&self, href: &str, done: std::result::Result<Option<String>, DavError>) -> Result<Written> {
        match done {
            // Some servers rewrite what they store and then send no ETag: ask for it.
            Ok(None) => {
                let etag = self
                    .timed(self.dav.request(GetEtag::new(href)))
                    .await?
                    .map_err(|e| self.failed(e))?
                    .etag;
                Ok(Written::Done(Some(etag)))
            }
            Ok(Some(etag)) => Ok(Written::Done(Some(etag))),
            Err(e) => self.precondition(e),
        }
    }

    fn precondition(&self, e: DavError) -> Result<Written> {
        match e {
            WebDavError::BadStatusCode(StatusCode::PRECONDITION_FAILED) => Ok(Written::Changed),
            WebDavError::BadStatusCode(StatusCode::NOT_FOUND | StatusCode::GONE) => Ok(Written::Gone),
            e => Err(self.failed(e)),
        }
    }

    async fn timed<F: std::future::Future>(&self, request: F) -> Result<F::Output> {
        tokio::time::timeout(REQUEST_TIMEOUT, request).await.map_err(|_| {
            remote(
                "offline",
                format!(
                    "Der Server {} antwortet nicht. Die Änderungen werden später übertragen.",
                    self.url
                ),
                format!("the server {} does not answer", self.url),
            )
        })
    }

    /// What a failed request means for the advisor, and what to do about it.
    fn failed(&self, e: DavError) -> Error {
        let url = &self.url;
        match e {
            WebDavError::BadStatusCode(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => remote(
                "auth",
                "Benutzername oder Passwort sind falsch. Bitte in den Einstellungen prüfen.".into(),
                "the user name or password is wrong".into(),
            ),
            WebDavError::BadStatusCode(StatusCode::NOT_FOUND | StatusCode::GONE) => remote(
                "calendar_gone",
                "Der Kalender ist auf dem Server nicht mehr vorhanden. Bitte in den Einstellungen einen Kalender wählen."
                    .into(),
                "the calendar is no longer on the server".into(),
            ),
            WebDavError::BadStatusCode(status) => remote(
                "remote",
                format!("Der Server hat die Anfrage abgelehnt ({status})."),
                format!("the server refused the request ({status})"),
            ),
            WebDavError::Request(e) => {
                let text = format!("{e:?}").to_lowercase();
                if text.contains("certificate") || text.contains("invalidcertificate") || text.contains("unknownissuer") {
                    remote(
                        "certificate",
                        format!(
                            "Das Zertifikat von {url} ist ungültig. Bitte die Adresse prüfen oder die IT fragen."
                        ),
                        format!("the certificate of {url} is not valid"),
                    )
                } else {
                    remote(
                        "offline",
                        format!(
                            "Der Server {url} ist nicht erreichbar. Die Änderungen werden übertragen, sobald er es wieder ist."
                        ),
                        format!("the server {url} cannot be reached"),
                    )
                }
            }
            e => remote(
                "remote",
                "Der Server antwortet nicht wie ein CalDAV-Server.".into(),
                format!("the server does not answer like a CalDAV server: {e}"),
            ),
        }
    }
}

fn with_slash(path: &str) -> String {
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

fn last_segment(path: &str) -> String {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path).to_owned()
}

/// The path of an href, which some servers write as a full URL.
fn path_of(href: &str) -> String {
    match href.parse::<Uri>() {
        Ok(uri) if uri.scheme().is_some() => uri.path().to_owned(),
        _ => href.to_owned(),
    }
}
