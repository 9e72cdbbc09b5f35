//! The team's accounts: adding, disabling, scoping, and signing in with a password or a device token.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate, RustCrypto's implementation, PHC strings
//! with salt and parameters inside). A device token is 32 random bytes; only its SHA-256 is stored.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use beratungsplaner_team_protocol::Role;
use rand::rngs::OsRng;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::ServerError;

const MIN_PASSWORD_CHARS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    Advisor,
    Lead,
}

impl AccountRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Advisor => "advisor",
            Self::Lead => "lead",
        }
    }

    fn parse(text: &str) -> Result<Self, ServerError> {
        match text {
            "advisor" => Ok(Self::Advisor),
            "lead" => Ok(Self::Lead),
            other => Err(ServerError::Invalid(format!(
                "unknown role {other:?} in the accounts table"
            ))),
        }
    }
}

impl From<AccountRole> for Role {
    fn from(role: AccountRole) -> Self {
        match role {
            AccountRole::Advisor => Role::Advisor,
            AccountRole::Lead => Role::Lead,
        }
    }
}

/// An account as `user list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSummary {
    pub name: String,
    pub role: AccountRole,
    pub reference_prefix: String,
    pub disabled: bool,
}

/// The account a request was made by, with its scope.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub id: Uuid,
    pub name: String,
    pub role: AccountRole,
    pub reference_prefix: String,
    pub db_role: String,
    pub municipalities: Vec<Uuid>,
    pub cases: Vec<Uuid>,
}

pub async fn add(
    pool: &PgPool,
    name: &str,
    role: AccountRole,
    prefix: Option<&str>,
    password: &str,
) -> Result<AccountSummary, ServerError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServerError::Invalid("a user name has 1 to 100 characters".into()));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ServerError::Invalid(format!(
            "the password needs at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let prefix = match prefix {
        Some(p) => p.trim().to_owned(),
        None => initials(name),
    };
    if !(2..=4).contains(&prefix.len()) || !prefix.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(ServerError::Invalid(format!(
            "the reference prefix {prefix:?} must be 2 to 4 capital letters A–Z: give one with --prefix"
        )));
    }
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .map_err(|e| ServerError::Invalid(format!("the password cannot be hashed: {e}")))?
        .to_string();
    let id = Uuid::new_v4();
    let db_role = format!("bp_{}", &id.simple().to_string()[..16]);

    let mut tx = pool.begin().await?;
    let taken = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM accounts WHERE name = $1) AS "names!",
                  (SELECT count(*) FROM accounts WHERE reference_prefix = $2) AS "prefixes!""#,
        name,
        prefix
    )
    .fetch_one(&mut *tx)
    .await?;
    if taken.names > 0 {
        return Err(ServerError::Invalid(format!(
            "an account named {name:?} exists already"
        )));
    }
    if taken.prefixes > 0 {
        return Err(ServerError::Invalid(format!(
            "the reference prefix {prefix} belongs to another account: give another one with --prefix"
        )));
    }
    sqlx::query!(
        "INSERT INTO accounts (id, name, role, reference_prefix, password_hash, db_role)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        name,
        role.as_str(),
        prefix,
        hash,
        db_role as _
    )
    .execute(&mut *tx)
    .await?;
    // DDL takes no parameters; the role name is made here of "bp_" and hex digits only.
    for statement in [
        format!("CREATE ROLE {db_role} NOLOGIN"),
        format!("GRANT beratungsplaner_account TO {db_role}"),
        format!("GRANT {db_role} TO CURRENT_USER"),
    ] {
        sqlx::query(&statement).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    tracing::info!(account = %id, role = role.as_str(), "account added");
    Ok(AccountSummary {
        name: name.to_owned(),
        role,
        reference_prefix: prefix,
        disabled: false,
    })
}

/// Disables an account and deletes its device tokens: its devices are signed out at once.
pub async fn disable(pool: &PgPool, name: &str) -> Result<(), ServerError> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!(
        "UPDATE accounts SET disabled_at = coalesce(disabled_at, now()) WHERE name = $1 RETURNING id",
        name
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| no_such_account(name))?;
    sqlx::query!("DELETE FROM device_tokens WHERE account_id = $1", id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(account = %id, "account disabled");
    Ok(())
}

/// Replaces the Kommunen an account sees. A name must match one Kommune the team has synced;
/// where several share it, "Name (HE)" names the Land.
pub async fn set_scope(pool: &PgPool, name: &str, municipalities: &[String]) -> Result<usize, ServerError> {
    let mut tx = pool.begin().await?;
    let id = sqlx::query_scalar!("SELECT id FROM accounts WHERE name = $1", name)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| no_such_account(name))?;
    let mut ids = Vec::new();
    for wanted in municipalities {
        let (municipality, state) = split_state(wanted);
        let found = sqlx::query_scalar!(
            r#"SELECT id FROM records
                WHERE kind = 'municipality' AND fields->>'name' = $1
                  AND ($2::text IS NULL OR fields->>'state' = $2)"#,
            municipality,
            state
        )
        .fetch_all(&mut *tx)
        .await?;
        match found.as_slice() {
            [one] => ids.push(*one),
            [] => {
                return Err(ServerError::Invalid(format!(
                    "the team has no Kommune {wanted:?} (yet: it arrives with the first sync that has it)"
                )))
            }
            _ => {
                return Err(ServerError::Invalid(format!(
                    "several Kommunen are called {wanted:?}: add the Land, as in \"{municipality} (HE)\""
                )))
            }
        }
    }
    sqlx::query!("DELETE FROM account_municipalities WHERE account_id = $1", id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        "INSERT INTO account_municipalities (account_id, municipality)
         SELECT $1, m FROM unnest($2::uuid[]) AS m ON CONFLICT DO NOTHING",
        id,
        &ids
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(account = %id, municipalities = ids.len(), "scope set");
    Ok(ids.len())
}

pub async fn list(pool: &PgPool) -> Result<Vec<AccountSummary>, ServerError> {
    sqlx::query!(
        r#"SELECT name, role, reference_prefix, disabled_at IS NOT NULL AS "disabled!"
             FROM accounts ORDER BY name"#
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| {
        Ok(AccountSummary {
            role: AccountRole::parse(&row.role)?,
            name: row.name,
            reference_prefix: row.reference_prefix,
            disabled: row.disabled,
        })
    })
    .collect()
}

/// Exchanges a password for a new device token. A wrong name costs the same hashing time as a
/// wrong password, so an answer's time does not tell which names exist.
pub async fn sign_in(
    pool: &PgPool,
    name: &str,
    password: &str,
    device: &str,
) -> Result<(String, SignedIn), ServerError> {
    let row = sqlx::query!(
        "SELECT id, password_hash FROM accounts WHERE name = $1 AND disabled_at IS NULL",
        name
    )
    .fetch_optional(pool)
    .await?;
    let stored = row
        .as_ref()
        .map(|r| r.password_hash.as_str())
        .unwrap_or(UNKNOWN_USER_HASH);
    let verified = PasswordHash::new(stored)
        .map(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
        .unwrap_or(false);
    let Some(row) = row.filter(|_| verified) else {
        tracing::info!("sign-in refused");
        return Err(ServerError::Unauthorized);
    };
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = data_encoding::BASE64URL_NOPAD.encode(&bytes);
    let device: String = device.trim().chars().take(100).collect();
    let hash = token_hash(&token);
    sqlx::query!(
        "INSERT INTO device_tokens (token_hash, account_id, device) VALUES ($1, $2, $3)",
        hash.as_slice(),
        row.id,
        device
    )
    .execute(pool)
    .await?;
    tracing::info!(account = %row.id, "device signed in");
    let account = by_token(pool, &token).await?;
    Ok((token, account))
}

/// The account a device token belongs to, looked up anew for every request: a disabled account's
/// tokens are gone, an unknown token opens nothing.
pub async fn by_token(pool: &PgPool, token: &str) -> Result<SignedIn, ServerError> {
    let hash = token_hash(token);
    let row = sqlx::query!(
        r#"SELECT a.id, a.name, a.role, a.reference_prefix, a.db_role AS "db_role!: String",
                  array(SELECT municipality FROM account_municipalities s WHERE s.account_id = a.id) AS "municipalities!",
                  array(SELECT case_id FROM case_accounts c WHERE c.account_id = a.id) AS "cases!"
             FROM device_tokens t JOIN accounts a ON a.id = t.account_id
            WHERE t.token_hash = $1 AND a.disabled_at IS NULL"#,
        hash.as_slice()
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServerError::Unauthorized)?;
    Ok(SignedIn {
        id: row.id,
        name: row.name,
        role: AccountRole::parse(&row.role)?,
        reference_prefix: row.reference_prefix,
        db_role: row.db_role,
        municipalities: row.municipalities,
        cases: row.cases,
    })
}

fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// An Argon2id hash of no one's password, verified against when the name is unknown.
const UNKNOWN_USER_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3yfI+vqPZ7S6KaW1kO5pLq6Hbx1lY3W2O0jYp1mXq3E";

fn no_such_account(name: &str) -> ServerError {
    ServerError::Invalid(format!("there is no account named {name:?}"))
}

/// The initials of a name's first two words, as a reference prefix ("Miriam Albers" → "MA").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .take(2)
        .filter_map(|word| word.chars().next())
        .flat_map(|c| match c {
            'Ä' | 'ä' => vec!['A'],
            'Ö' | 'ö' => vec!['O'],
            'Ü' | 'ü' => vec!['U'],
            c => c.to_uppercase().collect(),
        })
        .collect()
}

/// "Neustadt (HE)" → ("Neustadt", Some("HE")); "Neustadt" → ("Neustadt", None).
fn split_state(wanted: &str) -> (&str, Option<&str>) {
    let wanted = wanted.trim();
    if let Some(open) = wanted.rfind(" (") {
        if let Some(state) = wanted[open + 2..].strip_suffix(')') {
            if state.len() == 2 && state.chars().all(|c| c.is_ascii_uppercase()) {
                return (&wanted[..open], Some(state));
            }
        }
    }
    (wanted, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_fold_umlauts() {
        assert_eq!(initials("Miriam Albers"), "MA");
        assert_eq!(initials("Özlem Ünal"), "OU");
        assert_eq!(initials("jonas"), "J");
    }

    #[test]
    fn a_land_in_brackets_is_split_off() {
        assert_eq!(split_state("Neustadt (HE)"), ("Neustadt", Some("HE")));
        assert_eq!(split_state("Neustadt"), ("Neustadt", None));
        assert_eq!(split_state("Halle (Saale)"), ("Halle (Saale)", None));
    }

    #[test]
    fn the_unknown_user_hash_is_a_valid_argon2id_hash() {
        assert!(PasswordHash::new(UNKNOWN_USER_HASH).is_ok());
    }
}
