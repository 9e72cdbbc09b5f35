//! Where the database key comes from, for the window and the command line alike.
//!
//! 1. `$BERATUNGSPLANER_DB_KEY_FILE`: a file holding the recovery key as the app shows it. For a
//!    new (or a plain, still to be encrypted) database, a file that does not exist yet is created
//!    with a new key, readable by its owner only.
//! 2. Else the system keychain (the `keyring` crate: Keychain on macOS, the Credential Manager on
//!    Windows, the Secret Service on Linux): one key for all of the user's databases, so that a
//!    backup, a copy or a moved file opens like the database it came from. The first database
//!    gets a new random key, stored and read back before anything is encrypted with it.
//! 3. Where neither works the window asks for the passphrase (or the recovery key) instead, and
//!    the command line says which of the two to set up.
//!
//! The key never goes into an argument, a log or the database.

use std::path::Path;

use beratungsplaner_core::store::{self, DatabaseKey, FileState};
use beratungsplaner_core::Error;

/// Environment variable naming the key file.
pub const KEY_FILE_ENV: &str = "BERATUNGSPLANER_DB_KEY_FILE";

const KEYCHAIN_SERVICE: &str = "Beratungsplaner Datenbank";
const KEYCHAIN_ACCOUNT: &str = "database key";

/// A key found or made for a database.
#[derive(Debug)]
pub struct FoundKey {
    /// The key.
    pub key: DatabaseKey,
    /// Made now, for a new or a plain database: the user has not seen its recovery key yet.
    pub created: bool,
}

/// Why no key could be found.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The keychain cannot be used (no session bus, no Secret Service, locked down).
    #[error("the system keychain cannot be used ({0})")]
    NoKeychain(String),
    /// The keychain works but holds no key for this file, which is no plain database.
    #[error("the keychain holds no key for {0}: it is an encrypted database from elsewhere")]
    NotInKeychain(String),
    /// Anything else, said as the core says it.
    #[error(transparent)]
    Core(#[from] Error),
}

/// The key of the database at `db` (in `state`), from the key file or the keychain, made when
/// the database does not have one yet.
pub fn find(db: &Path, state: FileState) -> Result<FoundKey, KeyError> {
    if state == FileState::NotADatabase {
        return Err(KeyError::Core(store::encryption::not_a_database(db)));
    }
    let may_create = state != FileState::Encrypted;
    if let Some(file) = std::env::var_os(KEY_FILE_ENV).filter(|v| !v.is_empty()) {
        return from_key_file(Path::new(&file), may_create).map_err(KeyError::Core);
    }
    let entry = keychain_entry()?;
    match read(&entry, db)? {
        Some(key) => Ok(FoundKey { key, created: false }),
        None if may_create => {
            // Two first starts at once (the window and a command) must not each make a key:
            // the second waits, then finds the first one's.
            let _lock = creation_lock()?;
            if let Some(key) = read(&entry, db)? {
                return Ok(FoundKey { key, created: false });
            }
            let key = DatabaseKey::generate();
            store_in(&entry, &key)?;
            Ok(FoundKey { key, created: true })
        }
        None => Err(KeyError::NotInKeychain(db.display().to_string())),
    }
}

/// The key in the keychain, if there is one.
fn read(entry: &keyring::Entry, db: &Path) -> Result<Option<DatabaseKey>, KeyError> {
    match entry.get_password() {
        Ok(text) => DatabaseKey::from_recovery_key(&text).map(Some).map_err(|_| {
            KeyError::Core(Error::Database(format!(
                "the keychain's key for {} is not a recovery key",
                db.display()
            )))
        }),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(KeyError::NoKeychain(e.to_string())),
    }
}

/// An exclusive lock on a file in the user's cache folder, held while a key is made.
fn creation_lock() -> Result<std::fs::File, KeyError> {
    let folder = directories::BaseDirs::new()
        .map(|dirs| dirs.cache_dir().to_path_buf())
        .unwrap_or_else(std::env::temp_dir);
    let locked = beratungsplaner_core::private_files::create_folder(&folder).and_then(|()| {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(folder.join("beratungsplaner-database-key.lock"))?;
        file.lock()?;
        Ok(file)
    });
    locked.map_err(|e| KeyError::Core(Error::Database(format!("cannot make a database key: {e}"))))
}

/// Puts `key` into the keychain (a recovery key typed on a machine whose keychain lacked it).
pub fn remember(key: &DatabaseKey) -> Result<(), KeyError> {
    store_in(&keychain_entry()?, key)
}

fn keychain_entry() -> Result<keyring::Entry, KeyError> {
    keyring::Entry::new(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT).map_err(|e| KeyError::NoKeychain(e.to_string()))
}

fn store_in(entry: &keyring::Entry, key: &DatabaseKey) -> Result<(), KeyError> {
    let text = key.recovery_key();
    entry
        .set_password(&text)
        .map_err(|e| KeyError::NoKeychain(e.to_string()))?;
    // Read back: a key that did not arrive must not encrypt anything.
    match entry.get_password() {
        Ok(stored) if stored == *text => Ok(()),
        Ok(_) => Err(KeyError::NoKeychain("the key read back differs".into())),
        Err(e) => Err(KeyError::NoKeychain(e.to_string())),
    }
}

fn from_key_file(file: &Path, may_create: bool) -> Result<FoundKey, Error> {
    match std::fs::read_to_string(file) {
        Ok(text) => Ok(FoundKey {
            key: DatabaseKey::from_recovery_key(&text).map_err(|_| {
                Error::Database(format!(
                    "{} (${KEY_FILE_ENV}) does not hold a recovery key",
                    file.display()
                ))
            })?,
            created: false,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_create => {
            let key = DatabaseKey::generate();
            write_key_file(file, &key)?;
            Ok(FoundKey { key, created: true })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::Database(format!(
            "{} (${KEY_FILE_ENV}) does not exist, and the database is already encrypted: put its recovery key there",
            file.display()
        ))),
        Err(e) => Err(Error::Database(format!(
            "cannot read {} (${KEY_FILE_ENV}): {e}",
            file.display()
        ))),
    }
}

/// Writes the recovery key into a new file, readable by its owner only.
fn write_key_file(file: &Path, key: &DatabaseKey) -> Result<(), Error> {
    use std::io::Write;
    let text = key.recovery_key();
    beratungsplaner_core::private_files::create_new(file)
        .and_then(|mut out| {
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
            out.sync_all()
        })
        .map_err(|e| Error::Database(format!("cannot write the key file {}: {e}", file.display())))
}

/// The keychain entry of a key change under way: the new key, stored before the database is
/// re-encrypted with it, so that a change cut short never loses the key that opens the file.
const CHANGING_ACCOUNT: &str = "database key (being changed)";

/// Where a key change keeps the new key until it is done: the keychain entry, or the key file
/// with `.new` appended.
enum Pending {
    Keychain(keyring::Entry),
    File(std::path::PathBuf),
}

fn pending() -> Result<Pending, KeyError> {
    Ok(match std::env::var_os(KEY_FILE_ENV).filter(|v| !v.is_empty()) {
        Some(file) => {
            let mut name = file;
            name.push(".new");
            Pending::File(name.into())
        }
        None => Pending::Keychain(
            keyring::Entry::new(KEYCHAIN_SERVICE, CHANGING_ACCOUNT).map_err(|e| KeyError::NoKeychain(e.to_string()))?,
        ),
    })
}

impl Pending {
    fn read(&self, db: &Path) -> Result<Option<DatabaseKey>, KeyError> {
        match self {
            Self::Keychain(entry) => read(entry, db),
            Self::File(file) => match std::fs::read_to_string(file) {
                Ok(text) => Ok(DatabaseKey::from_recovery_key(&text).ok()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(KeyError::Core(Error::Database(format!(
                    "cannot read {}: {e}",
                    file.display()
                )))),
            },
        }
    }

    fn write(&self, key: &DatabaseKey) -> Result<(), KeyError> {
        match self {
            Self::Keychain(entry) => store_in(entry, key),
            Self::File(file) => {
                let _ = std::fs::remove_file(file);
                write_key_file(file, key).map_err(KeyError::Core)
            }
        }
    }

    /// Makes the pending key the key: into the keychain's entry or over the key file.
    fn promote(&self, key: &DatabaseKey) -> Result<(), KeyError> {
        match self {
            Self::Keychain(entry) => {
                store_in(&keychain_entry()?, key)?;
                match entry.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(KeyError::NoKeychain(e.to_string())),
                }
            }
            Self::File(file) => {
                let Some(target) = std::env::var_os(KEY_FILE_ENV) else {
                    return Ok(());
                };
                std::fs::rename(file, &target)
                    .map_err(|e| KeyError::Core(Error::Database(format!("cannot replace the key file: {e}"))))
            }
        }
    }

    fn discard(&self) {
        match self {
            Self::Keychain(entry) => {
                let _ = entry.delete_credential();
            }
            Self::File(file) => {
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

/// Finishes or forgets a key change that was cut short: when the file opens only with the
/// pending key, that key becomes the key; when it opens with `found`, the pending one goes.
/// Returns the key that opens the database.
pub async fn settle(db: &Path, found: DatabaseKey) -> Result<DatabaseKey, KeyError> {
    let pending = pending()?;
    let Some(new) = pending.read(db)? else {
        return Ok(found);
    };
    match store::schema_version_of(db, &found).await {
        Ok(_) => {
            pending.discard();
            Ok(found)
        }
        Err(Error::WrongKey(_)) if store::schema_version_of(db, &new).await.is_ok() => {
            pending.promote(&new)?;
            tracing::info!("finished a key change that was cut short");
            Ok(new)
        }
        Err(e) => Err(KeyError::Core(e)),
    }
}

/// Encrypts the database with a new key instead of `old`: the new key is kept aside first, the
/// file re-encrypted (`store::encryption::reencrypt`, all or nothing), then the new key becomes
/// the key. Returns the new key, whose recovery key the user must now keep.
pub async fn change(db: &Path, old: &DatabaseKey) -> Result<DatabaseKey, KeyError> {
    let new = DatabaseKey::generate();
    let pending = pending()?;
    pending.write(&new)?;
    if let Err(e) = store::encryption::reencrypt(db, Some(old), &new).await {
        pending.discard();
        return Err(KeyError::Core(e));
    }
    pending.promote(&new)?;
    Ok(new)
}
