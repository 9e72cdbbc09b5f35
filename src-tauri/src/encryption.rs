//! The database key in the window: finding it at start (`database_keys`), asking for the
//! passphrase or the recovery key where no keychain holds it, and showing the recovery key until
//! the user confirms having kept it.
//!
//! Where the keychain cannot be used, nothing is stored: the key is derived from the passphrase
//! at every start (`DatabaseKey::from_passphrase`, with the salt in the file's first bytes), and
//! the recovery key of that derived key opens the database as well. Where the keychain works but
//! lacks the key (a database brought from another machine), the recovery key typed once is put
//! into the keychain, so the next start asks for nothing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use beratungsplaner_core::demo::DemoOptions;
use beratungsplaner_core::store::encryption::MIN_PASSPHRASE_CHARS;
use beratungsplaner_core::store::{self, DatabaseKey, FileState};
use beratungsplaner_core::{Error, Planner};
use tauri::{AppHandle, Manager};

use crate::database_keys::{self, KeyError};

/// Why the window asks for a secret before it can open the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Locked {
    /// No database yet: the user chooses a passphrase (twice).
    pub new_database: bool,
    /// The keychain works (it only lacks this database's key): a recovery key typed now is kept
    /// there.
    pub keychain_works: bool,
}

/// The opened database's key, for its recovery key; and the path, for an unlock.
pub struct DatabaseAccess {
    db: PathBuf,
    key: Mutex<Option<DatabaseKey>>,
    locked: Option<Locked>,
}

impl DatabaseAccess {
    /// Why the window must ask for a secret, if it must.
    pub fn locked(&self) -> Option<Locked> {
        self.locked
    }

    fn key(&self) -> Option<DatabaseKey> {
        self.key.lock().ok().and_then(|key| key.clone())
    }

    fn set_key(&self, key: DatabaseKey) {
        if let Ok(mut held) = self.key.lock() {
            *held = Some(key);
        }
    }
}

/// What the start found.
pub enum Opened {
    /// The database is open with its key.
    Open(Planner, DatabaseAccess),
    /// The window asks for the passphrase or the recovery key first.
    Locked(DatabaseAccess),
}

/// Opens the database with the key from the key file or the keychain; where neither has it,
/// reports what the window must ask for.
pub async fn open_at_start(db: &Path) -> Result<Opened, Error> {
    create_folder(db)?;
    let state = store::encryption::file_state(db).await?;
    let locked = |keychain_works: bool| {
        Opened::Locked(DatabaseAccess {
            db: db.to_owned(),
            key: Mutex::new(None),
            locked: Some(Locked {
                new_database: state == FileState::Missing,
                keychain_works,
            }),
        })
    };
    let found = match database_keys::find(db, state) {
        Ok(found) => database_keys::settle(db, found.key).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(key) => {
            let planner = match open_with(db, &key).await {
                Ok(planner) => planner,
                // A database from elsewhere, with another key than this keychain's: its
                // passphrase or recovery key opens it (and is not kept, the keychain's key
                // belongs to the user's other databases).
                Err(Error::WrongKey(_)) => return Ok(locked(false)),
                Err(e) => return Err(e),
            };
            Ok(Opened::Open(
                planner,
                DatabaseAccess {
                    db: db.to_owned(),
                    key: Mutex::new(Some(key)),
                    locked: None,
                },
            ))
        }
        Err(KeyError::NoKeychain(reason)) => {
            tracing::warn!("no keychain, the window asks for the passphrase: {reason}");
            Ok(locked(false))
        }
        Err(KeyError::NotInKeychain(_)) => Ok(locked(true)),
        Err(KeyError::Core(e)) => Err(e),
    }
}

fn create_folder(db: &Path) -> Result<(), Error> {
    match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => beratungsplaner_core::private_files::create_folder(parent)
            .map_err(|e| Error::Database(format!("cannot create {}: {e}", parent.display()))),
        _ => Ok(()),
    }
}

/// Opens (creating with demo data on the very first start) the database with `key`.
async fn open_with(db: &Path, key: &DatabaseKey) -> Result<Planner, Error> {
    let planner = Planner::open(db, key).await?;
    if planner.is_empty().await? {
        planner.generate_demo_data(&DemoOptions::default()).await?;
    }
    Ok(planner)
}

/// Opens the locked database with what the user typed: the recovery key, or the passphrase (for
/// a new database chosen now, `repeated` the second time). On success the window's commands reach
/// the planner from now on; `true` when its recovery key still waits to be shown.
pub async fn unlock(app: &AppHandle, secret: String, repeated: Option<String>) -> Result<bool, Error> {
    let access = access(app)?;
    let Some(locked) = access.locked else {
        return Ok(false);
    };
    if app.try_state::<Planner>().is_some() {
        return Ok(false);
    }
    let secret = zeroize::Zeroizing::new(secret);
    let repeated = repeated.map(zeroize::Zeroizing::new);
    let db = access.db.clone();
    let key = if locked.new_database {
        new_passphrase_key(&secret, repeated.as_deref().map(String::as_str))?
    } else {
        existing_key(&db, &secret).await?
    };
    let planner = open_with(&db, &key).await.map_err(|e| match e {
        Error::WrongKey(_) => Error::field(
            "secret",
            "Passphrase oder Wiederherstellungsschlüssel passen nicht zu dieser Datenbank.",
            "the passphrase or recovery key does not open this database",
        ),
        other => other,
    })?;
    if locked.keychain_works && DatabaseKey::from_recovery_key(&secret).is_ok() {
        if let Err(e) = database_keys::remember(&key) {
            tracing::warn!("the recovery key could not be kept in the keychain: {e}");
        }
    }
    access.set_key(key);
    let pending = !planner.recovery_key_confirmed().await?;
    let feed_planner = planner.clone();
    app.manage(planner);
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        handle
            .state::<crate::feed::FeedControl>()
            .start_if_enabled(&feed_planner)
            .await;
    });
    Ok(pending)
}

fn new_passphrase_key(secret: &str, repeated: Option<&str>) -> Result<DatabaseKey, Error> {
    if secret.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::field(
            "secret",
            &format!("Die Passphrase braucht mindestens {MIN_PASSPHRASE_CHARS} Zeichen."),
            &format!("the passphrase needs at least {MIN_PASSPHRASE_CHARS} characters"),
        ));
    }
    if repeated != Some(secret) {
        return Err(Error::field(
            "repeated",
            "Die beiden Eingaben stimmen nicht überein.",
            "the two entries differ",
        ));
    }
    DatabaseKey::from_passphrase(secret, DatabaseKey::generate_salt())
}

/// A recovery key if it reads as one, else the passphrase with the file's salt.
async fn existing_key(db: &Path, secret: &str) -> Result<DatabaseKey, Error> {
    let compact: String = secret.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if compact.len() == 56 {
        return DatabaseKey::from_recovery_key(secret).map_err(|e| match e {
            Error::Validation(mut errors) => {
                for error in &mut errors.0 {
                    error.field = "secret".into();
                }
                Error::Validation(errors)
            }
            other => other,
        });
    }
    if secret.trim().is_empty() {
        return Err(Error::field(
            "secret",
            "Bitte die Passphrase oder den Wiederherstellungsschlüssel eingeben.",
            "enter the passphrase or the recovery key",
        ));
    }
    DatabaseKey::from_passphrase(secret, store::encryption::salt_of(db).await?)
}

/// The recovery key while the user has not confirmed keeping it; `None` after.
pub async fn recovery_key(app: &AppHandle, planner: &Planner) -> Result<Option<String>, Error> {
    if planner.recovery_key_confirmed().await? {
        return Ok(None);
    }
    Ok(access(app)?.key().map(|key| key.recovery_key().to_string()))
}

/// Saves the recovery key's sheet through the native save dialog; `false` when cancelled.
pub async fn save_recovery_key_sheet(app: &AppHandle, planner: &Planner) -> Result<bool, Error> {
    let key = access(app)?.key().ok_or_else(|| {
        Error::unavailable(
            "Der Schlüssel der Datenbank ist nicht geladen.",
            "the database key is not loaded",
        )
    })?;
    crate::dialogs::save_recovery_key_sheet(app, planner, &key).await
}

/// The database's access state; absent only when the start failed before a key was looked for.
fn access(app: &AppHandle) -> Result<tauri::State<'_, DatabaseAccess>, Error> {
    app.try_state::<DatabaseAccess>()
        .ok_or_else(|| Error::Database("the database is not open".into()))
}
