//! The CalDAV account's password, for the commands of the settings and the status bar. It goes
//! to the system's keychain (the `keyring` crate: Keychain on macOS, the Credential Manager on
//! Windows, the Secret Service — GNOME Keyring, KWallet — on Linux) and nowhere else: not into the
//! database, not into a log, not back to the window. On Linux the Secret Service, not the kernel
//! keyring: the kernel keyring is memory only and forgets the password at every reboot. Where no
//! keychain can be used (no session bus, a locked-down container), the password is kept in memory
//! until the app quits.

use beratungsplaner_core::domain::{CalDavAccount, CalDavCalendar, ConflictResolution, SyncProgress, SyncReport};
use beratungsplaner_core::error::RemoteCode;
use beratungsplaner_core::{Error, Planner};
use tauri::ipc::Channel;

const KEYCHAIN_SERVICE: &str = "Beratungsplaner CalDAV";

/// Passwords (and the team server's device token) held for this run only, where the keychain
/// failed.
#[derive(Default)]
pub struct SessionPasswords(std::sync::Mutex<std::collections::HashMap<String, String>>);

impl SessionPasswords {
    pub(crate) fn get(&self, key: &str) -> Option<String> {
        self.0.lock().ok().and_then(|map| map.get(key).cloned())
    }

    pub(crate) fn set(&self, key: String, password: String) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(key, password);
        }
    }
}

fn account_key(url: &str, user: &str) -> String {
    format!("{user}@{}", url.trim())
}

fn keychain(url: &str, user: &str) -> Result<keyring::Entry, Error> {
    keyring::Entry::new(KEYCHAIN_SERVICE, &account_key(url, user)).map_err(keychain_error)
}

fn keychain_error(e: keyring::Error) -> Error {
    Error::Remote {
        code: RemoteCode::Keychain,
        de: format!("Der Schlüsselbund des Systems ist nicht erreichbar ({e})."),
        en: format!("the system's keychain cannot be used: {e}"),
    }
}

/// The password typed now, else the one in the keychain (or held for this run).
fn password(session: &SessionPasswords, url: &str, user: &str, typed: Option<String>) -> Result<String, Error> {
    if let Some(typed) = typed.filter(|p| !p.is_empty()) {
        return Ok(typed);
    }
    let saved = keychain(url, user).and_then(|entry| match entry.get_password() {
        Ok(saved) => Ok(Some(saved)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keychain_error(e)),
    });
    match saved {
        Ok(Some(saved)) => Ok(saved),
        other => session.get(&account_key(url, user)).ok_or_else(|| match other {
            Err(e) => e,
            _ => Error::Remote {
                code: RemoteCode::Auth,
                de: "Bitte das Passwort für den Kalender-Server eingeben.".into(),
                en: "the password for the calendar server is needed".into(),
            },
        }),
    }
}

/// The saved account and its password (keychain, else this session's memory).
async fn saved_credentials(planner: &Planner, session: &SessionPasswords) -> Result<(CalDavAccount, String), Error> {
    let account = planner.caldav_account().await?.ok_or_else(|| {
        Error::unavailable(
            "Es ist noch kein Kalender-Server eingerichtet (Einstellungen).",
            "no calendar server is set up yet",
        )
    })?;
    let password = password(session, &account.url, &account.user, None)?;
    Ok((account, password))
}

/// "Verbindung testen": the calendars for events the account reaches.
pub async fn calendars(
    planner: &Planner,
    session: &SessionPasswords,
    url: String,
    user: String,
    typed: Option<String>,
) -> Result<Vec<CalDavCalendar>, Error> {
    let password = password(session, &url, &user, typed)?;
    planner.caldav_calendars(&url, &user, &password).await
}

/// Creates a calendar for the events.
pub async fn create_calendar(
    planner: &Planner,
    session: &SessionPasswords,
    url: String,
    user: String,
    typed: Option<String>,
    name: String,
) -> Result<CalDavCalendar, Error> {
    let password = password(session, &url, &user, typed)?;
    planner.create_caldav_calendar(&url, &user, &password, &name).await
}

/// Saves the account (the password, when typed, into the keychain).
pub async fn save_account(
    planner: &Planner,
    session: &SessionPasswords,
    url: String,
    user: String,
    typed: Option<String>,
    calendar: CalDavCalendar,
) -> Result<CalDavAccount, Error> {
    let account = planner.save_caldav_account(&url, &user, &calendar).await?;
    if let Some(password) = typed.filter(|p| !p.is_empty()) {
        let stored = keychain(&account.url, &account.user)
            .and_then(|entry| entry.set_password(&password).map_err(keychain_error));
        if let Err(e) = stored {
            tracing::warn!("no keychain, the CalDAV password is kept until the app quits: {e}");
            session.set(account_key(&account.url, &account.user), password);
        }
    }
    Ok(account)
}

/// Syncs now with the saved account, reporting progress on `on_progress`.
pub async fn sync(
    planner: &Planner,
    session: &SessionPasswords,
    on_progress: Channel<SyncProgress>,
) -> Result<SyncReport, Error> {
    let (account, password) = saved_credentials(planner, session).await?;
    planner
        .sync_caldav(&account.url, &account.user, &password, |p| {
            let _ = on_progress.send(p);
        })
        .await
}

/// Resolves one conflict as chosen, writing to the server with the saved account.
pub async fn resolve_conflict(
    planner: &Planner,
    session: &SessionPasswords,
    resolution: ConflictResolution,
) -> Result<(), Error> {
    let (_, password) = saved_credentials(planner, session).await?;
    planner.resolve_caldav_conflict(&resolution, &password).await
}
