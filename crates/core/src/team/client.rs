//! HTTP to the team server: JSON in and out (`team_protocol`), the device token as a bearer.
//!
//! hyper's client over rustls (ring, the system's certificates), as for CalDAV: no second HTTP
//! stack in the app. `http://` only to this computer (`checked_url`), since a token or password
//! would travel readable. Messages name the server without any user name typed into the address.

use std::time::Duration;

use beratungsplaner_team_protocol::{
    Account, Changes, ErrorBody, Health, LoginRequest, LoginResponse, Push, Pushed, API,
};
use http::{header, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::calendar::caldav::client::{checked_url, https_connector};
use crate::error::RemoteCode;
use crate::{Error, Result};

/// Long enough for a page of a thousand records on a slow line; a stalled server is "offline".
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// A page of the change feed is a thousand records; far below this.
const MAX_RESPONSE_BYTES: usize = 64 << 20;

/// One team server, as one device.
#[derive(Debug, Clone)]
pub struct TeamClient {
    base: Uri,
    shown: String,
    token: Option<String>,
    http: Client<HttpsConnector<HttpConnector>, String>,
}

fn remote(code: RemoteCode, de: String, en: String) -> Error {
    Error::Remote { code, de, en }
}

impl TeamClient {
    /// A client for the server at `url`; nothing is sent yet.
    pub fn new(url: &str, token: Option<&str>) -> Result<Self> {
        let base = checked_url(url)?;
        let shown = format!(
            "{}://{}",
            base.scheme_str().unwrap_or("https"),
            base.authority().map_or("", |a| a.as_str())
        );
        Ok(Self {
            base,
            shown,
            token: token.map(str::to_owned),
            http: Client::builder(TokioExecutor::new()).build(https_connector()?),
        })
    }

    /// The server's address for messages.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Whether the server runs and reaches its database (no account needed).
    pub async fn health(&self) -> Result<Health> {
        self.send(Method::GET, "/health", None::<&()>).await
    }

    /// Exchanges the password for a device token.
    pub async fn login(&self, user: &str, password: &str, device: &str) -> Result<LoginResponse> {
        let request = LoginRequest {
            user: user.to_owned(),
            password: password.to_owned(),
            device: device.to_owned(),
        };
        self.send(Method::POST, &format!("{API}/login"), Some(&request)).await
    }

    /// Who the token belongs to.
    pub async fn account(&self) -> Result<Account> {
        self.send(Method::GET, &format!("{API}/account"), None::<&()>).await
    }

    /// One page of the change feed after `cursor`.
    pub async fn changes(&self, cursor: i64) -> Result<Changes> {
        self.send(Method::GET, &format!("{API}/changes?after={cursor}"), None::<&()>)
            .await
    }

    /// Pushes operations; the answers come in their order.
    pub async fn push(&self, push: &Push) -> Result<Pushed> {
        self.send(Method::POST, &format!("{API}/push"), Some(push)).await
    }

    fn url(&self, path: &str) -> String {
        let base = self.base.to_string();
        format!("{}{path}", base.trim_end_matches('/'))
    }

    async fn send<B: Serialize, T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<&B>) -> Result<T> {
        let body = match body {
            Some(body) => serde_json::to_string(body)
                .map_err(|e| Error::Database(format!("a request to the team server cannot be written: {e}")))?,
            None => String::new(),
        };
        let mut request = Request::builder()
            .method(method)
            .uri(self.url(path))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(token) = &self.token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request.body(body).map_err(|e| {
            remote(
                RemoteCode::Url,
                format!("Die Adresse {} ist ungültig.", self.shown),
                format!("the address {} is not valid: {e}", self.shown),
            )
        })?;
        let response = tokio::time::timeout(REQUEST_TIMEOUT, self.http.request(request))
            .await
            .map_err(|_| self.offline())?
            .map_err(|e| self.unreachable(&e))?;
        let status = response.status();
        let bytes = tokio::time::timeout(
            REQUEST_TIMEOUT,
            Limited::new(response.into_body(), MAX_RESPONSE_BYTES).collect(),
        )
        .await
        .map_err(|_| self.offline())?
        .map_err(|_| {
            remote(
                RemoteCode::TooLarge,
                format!("Die Antwort von {} ist zu groß oder brach ab.", self.shown),
                format!("the answer of {} is too large or broke off", self.shown),
            )
        })?
        .to_bytes();
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| self.not_a_team_server(&e.to_string()));
        }
        Err(self.refused(status, serde_json::from_slice::<ErrorBody>(&bytes).ok()))
    }

    fn offline(&self) -> Error {
        remote(
            RemoteCode::Offline,
            format!(
                "Der Team-Server {} antwortet nicht. Die Änderungen werden übertragen, sobald er erreichbar ist.",
                self.shown
            ),
            format!("the team server {} does not answer", self.shown),
        )
    }

    fn unreachable(&self, e: &hyper_util::client::legacy::Error) -> Error {
        let text = format!("{e:?}").to_lowercase();
        if text.contains("certificate") || text.contains("unknownissuer") {
            remote(
                RemoteCode::Certificate,
                format!(
                    "Das Zertifikat von {} ist ungültig. Bitte die Adresse prüfen oder die IT fragen.",
                    self.shown
                ),
                format!("the certificate of {} is not valid", self.shown),
            )
        } else {
            remote(
                RemoteCode::Offline,
                format!(
                    "Der Team-Server {} ist nicht erreichbar. Die Änderungen werden übertragen, sobald er es wieder ist.",
                    self.shown
                ),
                format!("the team server {} cannot be reached", self.shown),
            )
        }
    }

    fn not_a_team_server(&self, detail: &str) -> Error {
        remote(
            RemoteCode::Remote,
            format!(
                "{} antwortet nicht wie ein Team-Server des Beratungsplaners.",
                self.shown
            ),
            format!(
                "{} does not answer like a Beratungsplaner team server: {detail}",
                self.shown
            ),
        )
    }

    fn refused(&self, status: StatusCode, body: Option<ErrorBody>) -> Error {
        use beratungsplaner_team_protocol::ErrorCode;
        match body.map(|b| b.code) {
            Some(ErrorCode::Unauthorized) => remote(
                RemoteCode::Auth,
                "Benutzername oder Passwort sind falsch, oder das Konto ist gesperrt. Bitte in den Einstellungen neu anmelden."
                    .into(),
                "the user name or password is wrong, or the account is disabled".into(),
            ),
            Some(ErrorCode::Unavailable) => remote(
                RemoteCode::Offline,
                format!("Der Team-Server {} ist gerade nicht bereit. Später erneut versuchen.", self.shown),
                format!("the team server {} is not ready now", self.shown),
            ),
            Some(ErrorCode::BadRequest) => remote(
                RemoteCode::Remote,
                format!("Der Team-Server hat die Anfrage abgelehnt ({status})."),
                format!("the team server refused the request ({status})"),
            ),
            None => self.not_a_team_server(&status.to_string()),
        }
    }
}
