//! The team server's device token, for the window's commands and the command line. It goes to the
//! system's keychain (as the CalDAV password does, see `caldav_passwords`) and nowhere else: not
//! into the database, a log, an argument or back to the window. The password it was exchanged for
//! is used once and kept nowhere.

use beratungsplaner_core::domain::{TeamConnection, TeamProgress, TeamSyncReport};
use beratungsplaner_core::error::RemoteCode;
use beratungsplaner_core::{Error, Planner};
use tauri::ipc::Channel;

use crate::caldav_passwords::SessionPasswords;

const KEYCHAIN_SERVICE: &str = "Beratungsplaner Team";

fn entry(url: &str, user: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(KEYCHAIN_SERVICE, &format!("{user}@{}", url.trim())).map_err(keychain_error)
}

fn keychain_error(e: keyring::Error) -> Error {
    Error::Remote {
        code: RemoteCode::Keychain,
        de: format!("Der Schlüsselbund des Systems ist nicht erreichbar ({e})."),
        en: format!("the system's keychain cannot be used: {e}"),
    }
}

/// The saved token, if any.
pub fn get(url: &str, user: &str) -> Result<Option<String>, Error> {
    match entry(url, user)?.get_password() {
        Ok(token) => Ok(Some(token)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keychain_error(e)),
    }
}

/// Saves the token.
pub fn set(url: &str, user: &str, token: &str) -> Result<(), Error> {
    entry(url, user)?.set_password(token).map_err(keychain_error)
}

/// Forgets the token (the device leaves the team, or the server refused it).
pub fn delete(url: &str, user: &str) -> Result<(), Error> {
    match entry(url, user)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keychain_error(e)),
    }
}

/// What the server's administrator sees as this device.
const APP_DEVICE: &str = "Beratungsplaner (App)";

fn session_key(url: &str, user: &str) -> String {
    format!("team:{user}@{}", url.trim())
}

/// Keeps the token: in the keychain, else for this run.
fn keep(session: &SessionPasswords, url: &str, user: &str, token: String) {
    if let Err(e) = set(url, user, &token) {
        tracing::warn!("no keychain, the team server's device token is kept until the app quits: {e}");
        session.set(session_key(url, user), token);
    }
}

/// The settings' "Verbinden": joins the team server with the password typed.
pub async fn join(
    planner: &Planner,
    session: &SessionPasswords,
    url: String,
    user: String,
    password: String,
) -> Result<TeamConnection, Error> {
    let (joined, token) = planner.join_team(&url, &user, &password, APP_DEVICE).await?;
    keep(session, &joined.url, &joined.user, token);
    Ok(joined)
}

/// Signs in again after the server refused the token (a new password, a revoked device).
pub async fn sign_in_again(planner: &Planner, session: &SessionPasswords, password: String) -> Result<(), Error> {
    let joined = connected(planner).await?;
    let token = planner.renew_team_token(&password, APP_DEVICE).await?;
    keep(session, &joined.url, &joined.user, token);
    Ok(())
}

async fn connected(planner: &Planner) -> Result<TeamConnection, Error> {
    planner.team_connection().await?.ok_or_else(|| {
        Error::unavailable(
            "Es ist noch kein Team-Server eingerichtet (Einstellungen → Team-Server).",
            "no team server is set up yet",
        )
    })
}

/// Syncs now, reporting progress on `on_progress`.
pub async fn sync(
    planner: &Planner,
    session: &SessionPasswords,
    on_progress: Channel<TeamProgress>,
) -> Result<TeamSyncReport, Error> {
    let joined = connected(planner).await?;
    let token = match get(&joined.url, &joined.user) {
        Ok(Some(token)) => Some(token),
        _ => session.get(&session_key(&joined.url, &joined.user)),
    }
    .ok_or_else(|| Error::Remote {
        code: RemoteCode::Auth,
        de: "Bitte in den Einstellungen (Team-Server) erneut anmelden.".into(),
        en: "sign in again in the settings (team server)".into(),
    })?;
    planner
        .sync_team(&token, |p| {
            let _ = on_progress.send(p);
        })
        .await
}

/// Leaves the team; the token is forgotten.
pub async fn leave(planner: &Planner) -> Result<(), Error> {
    if let Some(joined) = planner.team_connection().await? {
        planner.leave_team().await?;
        if let Err(e) = delete(&joined.url, &joined.user) {
            tracing::warn!("the team server's device token stays in the keychain: {e}");
        }
    }
    Ok(())
}
