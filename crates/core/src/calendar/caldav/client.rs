//! Talking to a CalDAV server: discovery, and reading and writing one event resource at a time
//! with the preconditions that keep a sync from overwriting what it has not seen.
//!
//! Built on `libdav` (the client of pimsync): it does the WebDAV/CalDAV XML (PROPFIND for the
//! principal, the calendar home and the calendars, calendar-multiget, extended MKCOL) and the
//! conditional PUT/DELETE, and leaves the HTTP stack to us, so the connection is hyper with
//! rustls (ring, the system's certificates) and HTTP Basic authentication. Every request goes
//! through a counter, so a sync can say how many requests and writes it needed.
//!
//! A server is not trusted to be well-behaved: every request has a time limit and every response
//! body a size limit ([`MAX_RESPONSE_BYTES`]), read no further than that. Redirects are not
//! followed (the password would go wherever the server points): the advisor enters the address
//! the server redirects to. An address with a user name or password in it is refused, so none
//! is stored or shown in a message, and so is `http://` to another computer, where Basic
//! credentials would travel readable.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Method, StatusCode, Uri};
use http_body_util::{LengthLimitError, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use libdav::caldav::{
    CalendarComponent, CreateCalendar, FindCalendarHomeSet, FindCalendars, GetCalendarResources, GetSupportedComponents,
};
use libdav::dav::{
    Delete, FindCurrentUserPrincipalError, GetEtag, ListResources, PutResource, RequestError, WebDavClient, WebDavError,
};
use libdav::{names, CalDavClient};
use tower_http::auth::AddAuthorization;

use crate::error::RemoteCode;
use crate::{Error, Result};

/// How long one request may take, its response body included, before the server counts as
/// unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The most of one response body that is read: 16 MiB. One event is a few kB; a listing of a
/// calendar takes about 400 bytes per event, so this is some 40,000 events. Past it the request
/// fails and the connection is dropped.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
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

/// The HTTP service whose response bodies end at [`MAX_RESPONSE_BYTES`].
#[derive(Debug, Clone)]
pub struct Capped<S> {
    inner: S,
}

type Capping<B, E> = Pin<Box<dyn Future<Output = std::result::Result<http::Response<Limited<B>>, E>> + Send>>;

impl<S, B> tower_service::Service<http::Request<String>> for Capped<S>
where
    S: tower_service::Service<http::Request<String>, Response = http::Response<B>>,
    S::Future: Send + 'static,
    B: 'static,
{
    type Response = http::Response<Limited<B>>;
    type Error = S::Error;
    type Future = Capping<B, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<String>) -> Self::Future {
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await?;
            Ok(response.map(|body| Limited::new(body, MAX_RESPONSE_BYTES)))
        })
    }
}

type Http = Counted<Capped<AddAuthorization<Client<HttpsConnector<HttpConnector>, String>>>>;
type DavError = WebDavError<hyper_util::client::legacy::Error>;

/// `url` without the user name and password some write into it, for messages.
fn shown(url: &str) -> String {
    let url = url.trim();
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find(['/', '?', '#']).map_or(url.len(), |i| start + i);
    match url[start..end].rfind('@') {
        Some(at) => format!("{}{}", &url[..start], &url[start + at + 1..]),
        None => url.to_owned(),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = host.strip_suffix('.').unwrap_or(host);
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The URL of a CalDAV account, if it may be used: http or https with a host, no user name or
/// password in it, and `http://` only to this computer (Basic credentials are readable on the
/// way). Messages never repeat a user name or password typed into the URL.
pub fn checked_url(url: &str) -> Result<Uri> {
    let url = url.trim();
    let base: Uri = url.parse().map_err(|_| {
        let url = shown(url);
        remote(
            RemoteCode::Url,
            format!("„{url}“ ist keine gültige Adresse."),
            format!("\"{url}\" is not a valid URL"),
        )
    })?;
    if base.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(remote(
            RemoteCode::Url,
            "Bitte Benutzername und Passwort in die Felder eintragen, nicht in die Adresse.".into(),
            "put the user name and password in their fields, not in the URL".into(),
        ));
    }
    let Some(host) = base
        .host()
        .filter(|_| matches!(base.scheme_str(), Some("http" | "https")))
    else {
        let url = shown(url);
        return Err(remote(
            RemoteCode::Url,
            format!("„{url}“ ist keine http- oder https-Adresse."),
            format!("\"{url}\" is not an http or https URL"),
        ));
    };
    if base.scheme_str() == Some("http") && !is_loopback(host) {
        return Err(remote(
            RemoteCode::Url,
            format!(
                "„{url}“ ist unverschlüsselt (http://): Das Passwort wäre unterwegs lesbar. Bitte die https://-Adresse des Servers eintragen."
            ),
            format!("\"{url}\" is not encrypted (http://), the password would travel readable; use the server's https:// URL"),
        ));
    }
    Ok(base)
}

/// HTTPS (and, where `checked_url` allows it, HTTP) through rustls with ring and the system's
/// certificates: the one connector of the app's clients (CalDAV, the team server).
pub fn https_connector() -> Result<HttpsConnector<HttpConnector>> {
    Ok(HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
        .map_err(|e| {
            remote(
                RemoteCode::Certificate,
                "Die Zertifikate des Systems konnten nicht gelesen werden.".into(),
                format!("cannot read the system's certificates: {e}"),
            )
        })?
        .https_or_http()
        .enable_http1()
        .build())
}

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

fn remote(code: RemoteCode, de: String, en: String) -> Error {
    Error::Remote { code, de, en }
}

impl Server {
    /// A client for `url` (the server, a principal or a calendar) with Basic authentication.
    /// Nothing is sent yet.
    pub fn new(url: &str, user: &str, password: &str) -> Result<Self> {
        let base = checked_url(url)?;
        let client = Client::builder(TokioExecutor::new()).build(https_connector()?);
        let counts = Arc::new(Counts::default());
        let http = Counted {
            inner: Capped {
                inner: AddAuthorization::basic(client, user, password),
            },
            counts: counts.clone(),
        };
        Ok(Self {
            dav: CalDavClient::new(WebDavClient::new(base, http)),
            counts,
            url: shown(url),
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
                    RemoteCode::Remote,
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
                RemoteCode::Offline,
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
                RemoteCode::Auth,
                "Benutzername oder Passwort sind falsch. Bitte in den Einstellungen prüfen.".into(),
                "the user name or password is wrong".into(),
            ),
            WebDavError::BadStatusCode(StatusCode::NOT_FOUND | StatusCode::GONE) => remote(
                RemoteCode::CalendarGone,
                "Der Kalender ist auf dem Server nicht mehr vorhanden. Bitte in den Einstellungen einen Kalender wählen."
                    .into(),
                "the calendar is no longer on the server".into(),
            ),
            WebDavError::BadStatusCode(status) if status.is_redirection() => remote(
                RemoteCode::Url,
                format!(
                    "Der Server leitet auf eine andere Adresse um ({status}). Bitte die Adresse eintragen, auf die er umleitet."
                ),
                format!("the server redirects to another address ({status}); enter the address it redirects to"),
            ),
            WebDavError::BadStatusCode(status) => remote(
                RemoteCode::Remote,
                format!("Der Server hat die Anfrage abgelehnt ({status})."),
                format!("the server refused the request ({status})"),
            ),
            WebDavError::Request(RequestError::Http(e)) if e.downcast_ref::<LengthLimitError>().is_some() => remote(
                RemoteCode::TooLarge,
                format!(
                    "Der Server {url} hat eine Antwort über {} MiB geschickt; sie wurde nicht gelesen.",
                    MAX_RESPONSE_BYTES >> 20
                ),
                format!(
                    "the server {url} sent a response larger than {} MiB; it was not read",
                    MAX_RESPONSE_BYTES >> 20
                ),
            ),
            WebDavError::Request(e) => {
                let text = format!("{e:?}").to_lowercase();
                if text.contains("certificate") || text.contains("invalidcertificate") || text.contains("unknownissuer") {
                    remote(
                        RemoteCode::Certificate,
                        format!(
                            "Das Zertifikat von {url} ist ungültig. Bitte die Adresse prüfen oder die IT fragen."
                        ),
                        format!("the certificate of {url} is not valid"),
                    )
                } else {
                    remote(
                        RemoteCode::Offline,
                        format!(
                            "Der Server {url} ist nicht erreichbar. Die Änderungen werden übertragen, sobald er es wieder ist."
                        ),
                        format!("the server {url} cannot be reached"),
                    )
                }
            }
            e => remote(
                RemoteCode::Remote,
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

#[cfg(test)]
mod tests {
    use super::{checked_url, shown};
    use crate::Error;

    fn refusal(url: &str) -> String {
        match checked_url(url) {
            Err(Error::Remote {
                code: crate::error::RemoteCode::Url,
                en,
                de,
            }) => format!("{en} | {de}"),
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn userinfo_is_never_shown() {
        assert_eq!(shown("https://u:p@host.example/dav/"), "https://host.example/dav/");
        assert_eq!(shown(" http://p@w@host:1/a@b "), "http://host:1/a@b");
        assert_eq!(shown("https://host.example/a@b"), "https://host.example/a@b");
        assert_eq!(shown("u:geheim@host/x"), "host/x");
        for url in [
            "https://u:geheim@host.example/",
            "https://geheim@host.example/",
            "http://u:geheim@127.0.0.1/",
            "https://u:geheim@bad host/",
            "ftp://u:geheim@host/",
            "u:geheim@host/x",
            "https://u:geheim@[::1/",
        ] {
            assert!(!refusal(url).contains("geheim"), "{url}");
        }
    }

    #[test]
    fn plain_http_only_to_this_computer() {
        for url in [
            "http://127.0.0.1:5232/",
            "http://127.8.9.10/",
            "http://[::1]:8080/dav/",
            "http://localhost/",
            "http://LOCALHOST.:1/",
            "https://calendar.example/",
            "https://192.0.2.1/",
        ] {
            assert!(checked_url(url).is_ok(), "{url}");
        }
        for url in [
            "http://calendar.example/",
            "http://localhost.example/",
            "http://127.0.0.1.example/",
            "http://[::ffff:192.0.2.1]/",
            "http://0.0.0.0/",
            "http://192.168.1.2:5232/",
            "http://[fe80::1]/",
        ] {
            assert!(refusal(url).contains("https://"), "{url}");
        }
    }
}
