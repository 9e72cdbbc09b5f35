//! The database key: 256 random bits that SQLCipher uses as a raw key (no key derivation when
//! the database is opened, so every connection of the pool opens at once).
//!
//! Its typed form, the *recovery key*, is RFC 4648 base32 in groups of four (`ABCD-EFGH-…`):
//! 32 key bytes and 3 check bytes (the start of the key's SHA-256) make 56 characters, 14 groups.
//! Base32 has no `0`, `1` or `8`, so those typed by mistake for `O`, `I` and `B` are read as
//! those; the check bytes tell a typing error apart from a key that belongs to another database.
//!
//! Where no keychain can hold the key, it is derived from a passphrase with Argon2id (RustCrypto's
//! `argon2`, OWASP's parameters: 19 MiB, two passes) and the database's salt, which SQLCipher keeps
//! in the file's first 16 bytes. The derived key is a raw key like any other, so the recovery key
//! shown for it opens the database as well.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// Bytes of the key.
const KEY_BYTES: usize = 32;
/// Bytes of SQLCipher's salt at the start of an encrypted file.
pub const SALT_BYTES: usize = 16;
/// Check bytes appended to the key in its typed form.
const CHECK_BYTES: usize = 3;
/// Characters per group of the typed form.
const GROUP: usize = 4;
/// The shortest passphrase accepted for a new database.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// A database key. It never prints (its `Debug` says only that it is a key) and is wiped from
/// memory when dropped.
#[derive(Clone)]
pub struct DatabaseKey {
    bytes: Zeroizing<[u8; KEY_BYTES]>,
    /// The salt a new database is created with; `None` lets SQLCipher choose or read it.
    salt: Option<[u8; SALT_BYTES]>,
}

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(…)")
    }
}

impl PartialEq for DatabaseKey {
    fn eq(&self, other: &Self) -> bool {
        *self.bytes == *other.bytes
    }
}

impl Eq for DatabaseKey {}

impl DatabaseKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self { bytes, salt: None }
    }

    /// A key of the given bytes (a key kept elsewhere, or a fixed key in tests).
    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> Self {
        Self {
            bytes: Zeroizing::new(bytes),
            salt: None,
        }
    }

    /// A new random salt for a database created with a passphrase.
    pub fn generate_salt() -> [u8; SALT_BYTES] {
        use rand::RngCore;
        let mut salt = [0u8; SALT_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        salt
    }

    /// The key derived from a passphrase and the database's salt (Argon2id). `salt` is the
    /// file's first 16 bytes for an existing database, [`Self::generate_salt`] for a new one.
    pub fn from_passphrase(passphrase: &str, salt: [u8; SALT_BYTES]) -> Result<Self> {
        if passphrase.trim().is_empty() {
            return Err(Error::field(
                "passphrase",
                "Bitte die Passphrase eingeben.",
                "the passphrase is empty",
            ));
        }
        let params = argon2::Params::new(19 * 1024, 2, 1, Some(KEY_BYTES))
            .map_err(|e| Error::Database(format!("key derivation parameters: {e}")))?;
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, bytes.as_mut())
            .map_err(|e| Error::Database(format!("key derivation failed: {e}")))?;
        Ok(Self {
            bytes,
            salt: Some(salt),
        })
    }

    /// Reads a recovery key as the app shows it; spaces, dashes, line breaks and case do not
    /// matter.
    pub fn from_recovery_key(text: &str) -> Result<Self> {
        let normalised: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| match c.to_ascii_uppercase() {
                    '0' => 'O',
                    '1' => 'I',
                    '8' => 'B',
                    other => other,
                })
                .collect(),
        );
        let malformed = || {
            Error::field(
                "recoveryKey",
                "Das ist kein Wiederherstellungsschlüssel: er hat 14 Gruppen aus je 4 Zeichen (A–Z, 2–7).",
                "not a recovery key: it has 14 groups of 4 characters (A–Z, 2–7)",
            )
        };
        let decoded = Zeroizing::new(
            data_encoding::BASE32_NOPAD
                .decode(normalised.as_bytes())
                .map_err(|_| malformed())?,
        );
        if decoded.len() != KEY_BYTES + CHECK_BYTES {
            return Err(malformed());
        }
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        bytes.copy_from_slice(&decoded[..KEY_BYTES]);
        if decoded[KEY_BYTES..] != check_bytes(&bytes) {
            return Err(Error::field(
                "recoveryKey",
                "Der Wiederherstellungsschlüssel enthält einen Tippfehler; bitte Gruppe für Gruppe vergleichen.",
                "the recovery key has a typing error; compare it group by group",
            ));
        }
        Ok(Self { bytes, salt: None })
    }

    /// The typed form: 14 groups of 4 characters joined by dashes.
    pub fn recovery_key(&self) -> Zeroizing<String> {
        let mut raw = Zeroizing::new(Vec::with_capacity(KEY_BYTES + CHECK_BYTES));
        raw.extend_from_slice(self.bytes.as_ref());
        raw.extend_from_slice(&check_bytes(&self.bytes));
        let encoded = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&raw));
        let groups: Vec<&str> = encoded
            .as_bytes()
            .chunks(GROUP)
            .filter_map(|chunk| std::str::from_utf8(chunk).ok())
            .collect();
        Zeroizing::new(groups.join("-"))
    }

    /// The value of `PRAGMA key` (and of `ATTACH … KEY`): SQLCipher's raw-key literal
    /// `"x'…'"`, with the salt when a new database must be created with it.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"{}\"", self.key_literal().as_str()))
    }

    /// `x'…'`: the raw key (and salt) as SQLCipher reads it from a bound string.
    pub(crate) fn key_literal(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(data_encoding::HEXUPPER.encode(self.bytes.as_ref()));
        if let Some(salt) = &self.salt {
            hex.push_str(&data_encoding::HEXUPPER.encode(salt));
        }
        Zeroizing::new(format!("x'{}'", hex.as_str()))
    }
}

fn check_bytes(key: &[u8; KEY_BYTES]) -> [u8; CHECK_BYTES] {
    let digest = Sha256::digest(key);
    let mut check = [0u8; CHECK_BYTES];
    check.copy_from_slice(&digest[..CHECK_BYTES]);
    check
}
